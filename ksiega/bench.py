"""Benchmark: build time against plain Material + i18n, and what a reader downloads.

Prints figures and writes them as JSON (bench/results.json). Tests never assert times; this
command is how speed and size are watched.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ksiega import site as handbook_site
from ksiega.core.project import ROOT
from ksiega.toolkit import filecache

PLAIN_CONFIG = """
site_name: Księga Kooperacji (plain baseline)
docs_dir: {docs}
theme:
  name: material
  font: false
markdown_extensions: [attr_list, md_in_html, admonition, tables]
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - {{locale: pl, name: Polski, default: true}}
        - {{locale: en, name: English}}
nav: {nav}
"""


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763856000"}


def _timed_build(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", *args], cwd=cwd, env={**_env(), **(env or {})}, check=True
    )
    return time.perf_counter() - start


def _project_nav(root: Path = ROOT) -> Any:
    class _Loose(yaml.SafeLoader):
        pass

    _Loose.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loose)  # noqa: S506
    return config.get("nav", [])


def build_times(runs: int, out: Path) -> dict[str, Any]:
    """Median build times: the whole handbook (both PDFs and the offline ZIP), its HTML only
    (KK_PDF=0 KK_ZIP=0; and once with an empty file cache, as after a clone), and stock
    Material + i18n on the same Markdown (generated pages included, as the project wrote them):
    no hooks, no overrides, no project extensions. Measured in the same run, alternating."""
    docs = out / "plain-docs"
    config = out / "plain-mkdocs.yml"
    full, html_only, plain = [], [], []
    html = {"KK_PDF": "0", "KK_ZIP": "0"}
    # The first build after a clone makes every Word file; the builds after it take the
    # unchanged ones from the file cache (ksiega/toolkit/filecache.py): both are printed.
    cache = filecache.folder()
    if cache is not None:
        shutil.rmtree(cache, ignore_errors=True)
    cold = _timed_build(["--strict", "-d", str(out / "site-html")], ROOT, html)
    for _ in range(runs):
        full.append(_timed_build(["--strict", "-d", str(out / "site")], ROOT))
        html_only.append(_timed_build(["--strict", "-d", str(out / "site-html")], ROOT, html))
        if not config.exists():
            shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("_fragments"))
            config.write_text(PLAIN_CONFIG.format(docs=docs, nav=json.dumps(_project_nav())), encoding="utf-8")
        plain.append(_timed_build(["-f", str(config), "-d", str(out / "plain-site")], out))
    stock = statistics.median(plain)
    return {
        "runs": runs,
        "stock_material_i18n_seconds": round(stock, 2),
        "html_seconds": round(statistics.median(html_only), 2),
        "html_ratio_to_stock": round(statistics.median(html_only) / stock, 2),
        "html_first_build_seconds": round(cold, 2),
        "html_first_build_ratio_to_stock": round(cold / stock, 2),
        "with_pdf_seconds": round(statistics.median(full), 2),
        "with_pdf_ratio_to_stock": round(statistics.median(full) / stock, 2),
    }


SYNTHETIC_SERVICES = 500


def synthetic_basket(target: Path, count: int = SYNTHETIC_SERVICES) -> Path:
    """A copy of local/example/ whose basket holds `count` synthetic service cards (the example's
    cards repeated with new ids): what a big gmina's basket costs the build."""
    shutil.copytree(ROOT / "local" / "example", target)
    path = target / "services.yml"
    text = path.read_text(encoding="utf-8")
    cards = yaml.safe_load(text)["services"]
    # Deep copies: YAML would write a repeated object as an alias, which the loader refuses.
    services = [{**copy.deepcopy(cards[n % len(cards)]), "id": f"usluga-{n + 1:03d}"} for n in range(count)]
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    dumped = yaml.safe_dump({"services": services}, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(header + dumped, encoding="utf-8")
    return target


def local_build_times(out: Path, runs: int = 3) -> dict[str, Any]:
    """Builds (no PDF) of the example local edition and of a basket of 500 services, taken in
    turns `runs` times; the medians and their ratio (one build of each varied by 10% here)."""
    synthetic = synthetic_basket(out / "local-synthetic")
    times: dict[str, list[float]] = {"example": [], "basket_500": []}
    for _ in range(runs):
        for name, folder in (("example", ROOT / "local" / "example"), ("basket_500", synthetic)):
            env = {**_env(), "KK_PDF": "0", "KK_ZIP": "0", "KK_LOCAL": str(folder), "KK_TODAY": "2026-12-01"}
            start = time.perf_counter()
            cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(out / f"site-{name}")]
            # The 500 cards' stale warnings (one in ten is stale) are not figures: kept for a failure.
            done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
            times[name].append(time.perf_counter() - start)
            if done.returncode != 0:
                raise RuntimeError(f"the {name} build failed:\n{done.stderr}")
    # The next national build removes the local pages these builds wrote into docs/local/.
    example, basket = statistics.median(times["example"]), statistics.median(times["basket_500"])
    return {
        "services": SYNTHETIC_SERVICES,
        "runs": runs,
        "example_edition_seconds": round(example, 2),
        "basket_500_seconds": round(basket, 2),
        "ratio": round(basket / example, 2),
    }


SCALE = 10
# Markers name things of their own page (a step's forms, a chapter's own tables): copies drop them.
_MARKER = re.compile(r"^<!-- kk:[^>]*-->\s*$", re.MULTILINE)


def scaled_project(target: Path, factor: int = SCALE) -> Path:
    """A copy of the project with `factor` times as many pages: copies of the model's chapters
    (without their markers) and of the good practices (new ids), listed in the navigation beside
    their original, until the page count is `factor` times the handbook's; the timeline's events
    `factor` times too."""
    ignore = shutil.ignore_patterns(".git", ".venv", ".cache", "bench", "site", "__pycache__", "node_modules")
    shutil.copytree(ROOT, target, ignore=ignore)
    docs = target / "docs"
    # The national handbook's pages (a local build's pages in docs/local/ are not part of it).
    national = [path for path in docs.rglob("*.pl.md") if path.relative_to(docs).parts[0] != "local"]
    wanted_pairs = (factor - 1) * len(national)
    chapters = [
        path.name.removesuffix(".pl.md")
        for path in sorted((docs / "model").glob("*.pl.md"))
        if path.name != "index.pl.md" and not path.read_text(encoding="utf-8").startswith("<!-- generated")
    ]
    practices = [p.name.removesuffix(".pl.md") for p in sorted((docs / "good-practices").glob("*.pl.md"))]
    originals = [("model", name) for name in chapters] + [("good-practices", n) for n in practices if n != "index"]
    config_path = target / "mkdocs.yml"
    config = config_path.read_text(encoding="utf-8")
    for index in range(wanted_pairs):
        folder, name = originals[index % len(originals)]
        copy_name = f"{name}-{index // len(originals) + 2}"
        for lang in ("pl", "en"):
            text = (docs / folder / f"{name}.{lang}.md").read_text(encoding="utf-8")
            if folder == "model":
                text = _MARKER.sub("", text)
            else:  # a practice's Polish front matter holds its id
                text = re.sub(r"^id: .*$", f"id: {copy_name}", text, count=1, flags=re.MULTILINE)
            (docs / folder / f"{copy_name}.{lang}.md").write_text(text, encoding="utf-8")
        if folder == "model":
            entry = f"      - model/{name}.md\n"
            config = config.replace(entry, f"{entry}      - model/{copy_name}.md\n", 1)
    config_path.write_text(config, encoding="utf-8")
    milestones = target / "data" / "milestones.yml"
    text = milestones.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    events = data["events"]
    data["events"] = events + [
        {**copy.deepcopy(event), "id": f"{event['id']}-{n}"} for n in range(2, factor + 1) for event in events
    ]
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    milestones.write_text(header + dumped, encoding="utf-8")
    return target


# Runs `mkdocs` in this child process and prints its peak resident memory (kB) last.
_MEASURED_BUILD = """
import resource, runpy, sys
sys.argv = ["mkdocs", *sys.argv[1:]]
try:
    runpy.run_module("mkdocs", run_name="__main__")
except SystemExit as exit:
    if exit.code:
        raise
print(f"peak-rss-kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
"""


def _measured_build(cwd: Path, site: Path, env: dict[str, str], config: str = "mkdocs.yml") -> dict[str, Any]:
    """One build in a child process: seconds, peak resident memory and pages written."""
    start = time.perf_counter()
    command = [sys.executable, "-c", _MEASURED_BUILD, "build", "-q", "-f", config, "-d", str(site)]
    result = subprocess.run(command, cwd=cwd, env={**_env(), **env}, check=True, capture_output=True, text=True)
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "peak_rss_mb": round(int(result.stdout.split("peak-rss-kb")[-1]) / 1024, 1),
        "pages": len(list(site.rglob("index.html"))),
    }


def scale_figures(out: Path, factor: int = SCALE) -> dict[str, Any]:
    """HTML-only builds of the handbook and of a copy ten times larger, and of stock Material +
    i18n on each one's Markdown: seconds, peak memory, pages, and how each grows ten times."""
    figures: dict[str, Any] = {"factor": factor}
    for name, project in (("handbook", ROOT), ("scaled", scaled_project(out / "scaled", factor))):
        # Both made from scratch (no file cache): the larger copy's Word files are all new.
        env = {"KK_PDF": "0", "KK_ZIP": "0", "PYTHONPATH": str(project), filecache.ENV: filecache.OFF}
        figures[name] = _measured_build(project, out / f"x-{name}", env)
        # Stock Material + i18n on the same Markdown, generated pages included.
        docs = out / f"plain-docs-{name}"
        shutil.copytree(project / "docs", docs, ignore=shutil.ignore_patterns("_fragments"))
        config = out / f"plain-{name}.yml"
        config.write_text(PLAIN_CONFIG.format(docs=docs, nav=json.dumps(_project_nav(project))), encoding="utf-8")
        figures[f"stock_{name}"] = _measured_build(out, out / f"x-stock-{name}", {}, str(config))
    for who in ("", "stock_"):
        small, large = figures[f"{who}handbook"], figures[f"{who}scaled"]
        figures[f"{who}page_ratio"] = round(large["pages"] / small["pages"], 2)
        figures[f"{who}time_ratio"] = round(large["seconds"] / small["seconds"], 2)
    return figures


def site_sizes(site: Path) -> dict[str, Any]:
    html = [p for p in site.rglob("*.html")]
    pages = [p for p in html if p.name == "index.html"]
    figures: dict[str, Any] = {
        "pages": len(pages),
        "pages_per_language": {
            "pl": sum(1 for p in pages if not p.relative_to(site).parts[0] == "en"),
            "en": sum(1 for p in pages if p.relative_to(site).parts[0] == "en"),
        },
        "html_bytes": sum(p.stat().st_size for p in html),
    }
    indexes = {}
    for index in sorted(site.rglob("search_index.json")):
        data = index.read_bytes()
        indexes[index.relative_to(site).as_posix()] = {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, 9))}
    figures["search_indexes"] = indexes
    pdfs = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.pdf")}
    if pdfs:
        figures["pdf_bytes"] = pdfs
    return figures


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that compresses text responses, as a real host does (stock and ours alike)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not wants_gzip or path.suffix not in (".html", ".css", ".js", ".json", ".svg", ".xml") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# The pages the reader figures are taken on: the home page, a chapter, the picker, a checklist
# and the good-practice catalogue (the same Markdown exists in the stock baseline).
READER_PAGES = ("", "model/procedure/", "tools/variant-picker/", "tools/checklists/basket/", "good-practices/")


# The page's cumulative layout shift so far (shifts after input excluded), read `wait` ms later.
LAYOUT_SHIFT = """wait => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), wait);
})"""


def first_view(browser: Any, url: str, path: str) -> dict[str, Any]:
    """What a reader's browser fetches for one page until the network is idle: requests, bytes
    (raw, and gzip as a server would send them), layout shift, and whether the search index came."""
    page = browser.new_page()
    bodies: list[tuple[str, bytes]] = []
    page.on("response", lambda r: bodies.append((r.url, r.body())) if r.status == 200 else None)
    page.goto(url + path, wait_until="networkidle")
    shift = page.evaluate(LAYOUT_SHIFT, 300)
    page.close()
    return {
        "requests": len(bodies),
        "bytes": sum(len(b) for _, b in bodies),
        "gzip_bytes": sum(len(gzip.compress(b, 6)) for _, b in bodies),
        "search_index_loaded": any("search_index.json" in u for u, _ in bodies),
        "layout_shift": round(shift, 3),
    }


def first_views(browser: Any, ours: str, stock: str) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for path in READER_PAGES:
        figures["/" + path] = {"handbook": first_view(browser, ours, path), "stock": first_view(browser, stock, path)}
    return figures


LIGHTHOUSE = "12.2.3"


def _lighthouse_bin() -> Path:
    """Lighthouse from the npm registry, installed once into .cache/ (Node 20 runs 12.2.3)."""
    folder = ROOT / ".cache" / f"lighthouse-{LIGHTHOUSE}"
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        subprocess.run(
            ["npm", "install", "-E", f"lighthouse@{LIGHTHOUSE}", "--no-audit", "--no-fund", "--silent"],
            cwd=folder,
            check=True,
        )
    return binary


def lighthouse(url: str) -> dict[str, Any]:
    """Lighthouse 12 (mobile, the default) scores and LCP/TBT/CLS of one page."""
    with tempfile.TemporaryDirectory(prefix="ksiega-lh-") as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(_lighthouse_bin()),
                url,
                "--quiet",
                "--chrome-flags=--headless --no-sandbox --disable-gpu",
                "--output=json",
                f"--output-path={report}",
            ],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            check=True,
            capture_output=True,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: category["score"] for name, category in data["categories"].items()}
    audits = data["audits"]
    return {
        **scores,
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
    }


def lighthouse_figures(ours: str, stock: str) -> dict[str, Any]:
    return {
        "/" + path: {"handbook": lighthouse(ours + path), "stock": lighthouse(stock + path)} for path in READER_PAGES
    }


def _edit_and_wait(process: subprocess.Popen[str], path: Path, lines: list[str]) -> float:
    """Append a blank line to `path` (restored afterwards) and time until serve reloads browsers."""
    original = path.read_bytes()
    start = time.perf_counter()
    path.write_bytes(original + b"\n")
    try:
        while True:
            line = process.stdout.readline() if process.stdout else ""
            if not line:
                raise RuntimeError("mkdocs serve stopped:\n" + "".join(lines[-20:]))
            lines.append(line)
            if "Reloading browsers" in line:
                return time.perf_counter() - start
    finally:
        path.write_bytes(original)


def serve_reload(runs: int = 3) -> dict[str, Any]:
    """`mkdocs serve` (as scripts/serve runs it): seconds from saving a page, or a data file, to
    the browsers' reload; both languages, and the Polish pages alone (`--polish-only`)."""
    both = serve_reload_times(runs, {"KK_BUILD_EN": "true"})
    polish = serve_reload_times(runs, {"KK_BUILD_EN": "false"})
    return {**both, **{f"polish_only_{key}": value for key, value in polish.items()}}


def serve_reload_times(runs: int, env: dict[str, str]) -> dict[str, Any]:
    port = 8765
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**_env(), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        while True:
            line = process.stdout.readline() if process.stdout else ""
            if not line:
                raise RuntimeError("mkdocs serve did not start:\n" + "".join(lines[-20:]))
            lines.append(line)
            if "Serving on" in line:
                break
        page_edit, data_edit = [], []
        for _ in range(runs):
            page_edit.append(_edit_and_wait(process, ROOT / "docs" / "model" / "teams.pl.md", lines))
            _edit_and_wait(process, ROOT / "docs" / "model" / "teams.pl.md", lines)  # the restore rebuilds too
            data_edit.append(_edit_and_wait(process, ROOT / "data" / "glossary.yml", lines))
            _edit_and_wait(process, ROOT / "data" / "glossary.yml", lines)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {
        "page_edit_to_reload_seconds": round(statistics.median(page_edit), 2),
        "data_edit_to_reload_seconds": round(statistics.median(data_edit), 2),
    }


@contextlib.contextmanager
def _own_file_cache(folder: Path) -> Iterator[None]:
    """The bench's builds keep their made files in a folder of the bench's own, whatever the
    project's .cache/ holds (builds read KK_CACHE_DIR from the environment they inherit)."""
    before = os.environ.get(filecache.ENV)
    os.environ[filecache.ENV] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(filecache.ENV, None)
        else:
            os.environ[filecache.ENV] = before


def run(runs: int = 5, output: Path | None = None, with_lighthouse: bool = False, scale: int = SCALE) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright  # only the benchmark and the tests need it

    with tempfile.TemporaryDirectory(prefix="ksiega-bench-") as tmp, _own_file_cache(Path(tmp) / "cache"):
        out = Path(tmp)
        figures: dict[str, Any] = {"build": build_times(runs, out)}
        figures["serve"] = serve_reload()
        figures["local_edition"] = local_build_times(out, runs)
        if scale > 1:
            figures["scale"] = scale_figures(out, scale)
        site = out / "site"
        figures["site"] = site_sizes(site)
        server, url = _serve(site)
        stock_server, stock_url = _serve(out / "plain-site")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
                )
                figures["first_view"] = first_views(browser, url, stock_url)
                # Features add their own figures (e.g. PDF pages per second, search query time).
                for feature in handbook_site.FEATURES:
                    if feature.benchmark is not None:
                        figures[feature.name] = feature.benchmark(site, url, browser)
                browser.close()
            if with_lighthouse:
                figures["lighthouse_mobile"] = lighthouse_figures(url, stock_url)
        finally:
            server.shutdown()
            stock_server.shutdown()
    output = output or ROOT / "bench" / "results.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return figures


def print_figures(figures: dict[str, Any], prefix: str = "") -> None:
    for key, value in figures.items():
        if isinstance(value, dict):
            print(f"{prefix}{key}:")
            print_figures(value, prefix + "  ")
        else:
            print(f"{prefix}{key}: {value}")
