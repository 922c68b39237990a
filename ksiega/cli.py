"""Command line: `python -m ksiega check | build | bench | publish`."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ksiega.core.project import ROOT
from ksiega.site import check_only


def cmd_check(args: argparse.Namespace) -> int:
    """Validate data and pages without building; one line per problem."""
    problems = check_only(Path(args.root))
    if problems:
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''} in the handbook's data or pages:")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print("OK: data and pages are valid.")
    return 0


def build_env(local: str | None) -> dict[str, str] | str:
    """The build's environment, or one line saying why `local` is not a local edition."""
    # A published edition has both languages, even in a shell where KK_BUILD_EN=false was
    # exported by hand (scripts/serve --polish-only sets it for its own process only).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KK_BUILD_EN": "true"}
    if local:
        # The build reads the local edition's folder from KK_LOCAL (ksiega.local, in site.prepare).
        folder = Path(local).resolve()
        if not (folder / "gmina.yml").is_file():
            return f"{local}: not a local edition (no gmina.yml); copy local/example/"
        env["KK_LOCAL"] = str(folder)
    else:
        env.pop("KK_LOCAL", None)
    return env


def run_build(root: Path, out: Path, env: dict[str, str]) -> int:
    """A strict build (a broken link or anchor fails it) of the project at `root` into `out`."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(out)]
    return subprocess.run(cmd, cwd=root, env=env, check=False).returncode


def cmd_build(args: argparse.Namespace) -> int:
    """Build into a staging folder and swap it in only when the build succeeds,
    so a failed build never leaves a half-written site behind."""
    root = Path(args.root)
    target = Path(args.site_dir).resolve()
    env = build_env(args.local)
    if isinstance(env, str):
        print(env, file=sys.stderr)
        return 2
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
    returncode = run_build(root, staging, env)
    if returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed; {target} is unchanged.", file=sys.stderr)
        return returncode
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    print(f"Site built in {target}")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """Build, check and switch DEST to the new edition atomically; or roll back (ksiega/publish.py)."""
    from ksiega import offline, publish
    from ksiega.bench import print_figures, site_sizes

    dest = Path(args.dest)
    try:
        if args.rollback:
            done = publish.rollback(dest)
            print(f"{dest} -> {done.edition.name} (rolled back; {done.previous.name if done.previous else '-'} kept)")
            return 0
        env = build_env(args.local)
        if isinstance(env, str):
            raise publish.PublishError(env)
        root = Path(args.root)

        def build(folder: Path) -> None:
            problems = check_only(root)
            if problems:
                raise publish.PublishError("\n".join(str(problem) for problem in problems))
            if run_build(root, folder, env) != 0:
                raise publish.PublishError("the build failed (see above)")
            print(f"Edition built in {folder}; its size:")
            print_figures(site_sizes(folder), "  ")
            archive = folder / offline.ZIP_NAME
            if archive.is_file():
                print(f"  offline edition ({offline.ZIP_NAME}): {archive.stat().st_size} bytes")

        done = publish.publish(dest, build)
    except publish.PublishError as error:
        print(f"Not published: {dest} is unchanged.", file=sys.stderr)
        for line in str(error).splitlines():
            print(f"  {line}", file=sys.stderr)
        return 1
    kept = f"; previous edition {done.previous.name} kept" if done.previous else ""
    print(f"Published: {dest} -> {done.edition.name}{kept}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Build `runs` times (and a plain Material + i18n baseline), print and save the figures."""
    from ksiega.bench import print_figures, run

    output = Path(args.output) if args.output else None
    figures = run(runs=args.runs, output=output, with_lighthouse=args.lighthouse, scale=args.scale)
    print_figures(figures)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ksiega", description=__doc__)
    parser.add_argument("--root", default=str(ROOT), help="project folder (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate data/ and docs/ without building").set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="build the site (both languages, PDF) into a folder, atomically")
    build.add_argument("--site-dir", default=str(ROOT / "site"))
    build.add_argument(
        "--local", default=None, metavar="local/<id>", help="build a gmina's local edition from its folder"
    )
    build.set_defaults(func=cmd_build)
    bench = sub.add_parser("bench", help="benchmark: build times, sizes, first view; writes bench/results.json")
    bench.add_argument("--runs", type=int, default=5)
    bench.add_argument("--output", default=None)
    bench.add_argument(
        "--lighthouse", action="store_true", help="also Lighthouse 12 (mobile) on five pages, ours and stock (npm)"
    )
    bench.add_argument(
        "--scale",
        type=int,
        default=10,
        help="how many times larger the scaled handbook is (default 10; 0 leaves that part out: it takes minutes)",
    )
    bench.set_defaults(func=cmd_bench)
    publishing = sub.add_parser("publish", help="build, check and switch DEST to the new edition atomically")
    publishing.add_argument("dest", metavar="DEST", help="the symbolic link the web server serves")
    publishing.add_argument("--rollback", action="store_true", help="switch DEST back to the previous edition")
    publishing.add_argument("--local", default=None, metavar="local/<id>", help="publish a gmina's local edition")
    publishing.set_defaults(func=cmd_publish)
    args = parser.parse_args(argv)
    return int(args.func(args))
