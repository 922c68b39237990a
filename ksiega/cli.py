"""Command line: `python -m ksiega check | build | bench`."""

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


def cmd_build(args: argparse.Namespace) -> int:
    """Build into a staging folder and swap it in only when the build succeeds,
    so a failed build never leaves a half-written site behind."""
    root = Path(args.root)
    target = Path(args.site_dir).resolve()
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if args.local:
        # The build reads the local edition's folder from KK_LOCAL (ksiega.local, in site.prepare).
        folder = Path(args.local).resolve()
        if not (folder / "gmina.yml").is_file():
            print(f"{args.local}: not a local edition (no gmina.yml); copy local/example/", file=sys.stderr)
            return 2
        env["KK_LOCAL"] = str(folder)
    else:
        env.pop("KK_LOCAL", None)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(staging)]
    result = subprocess.run(cmd, cwd=root, env=env, check=False)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed; {target} is unchanged.", file=sys.stderr)
        return result.returncode
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    print(f"Site built in {target}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Build `runs` times (and a plain Material + i18n baseline), print and save the figures."""
    from ksiega.bench import print_figures, run

    figures = run(runs=args.runs, output=Path(args.output) if args.output else None, with_lighthouse=args.lighthouse)
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
    bench.set_defaults(func=cmd_bench)
    args = parser.parse_args(argv)
    return int(args.func(args))
