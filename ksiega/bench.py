"""Benchmark: build time against plain Material + i18n, and what a reader downloads.

Prints figures and writes them as JSON (bench/results.json). Tests never assert times; this
command is how speed and size are watched.
"""

from __future__ import annotations

import copy
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

from ksiega import site as handbook_site
from ksiega.core.project import ROOT

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


def _timed_build(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", *args], cwd=cwd, env=_env(), check=True)
    return time.perf_counter() - start


def _project_nav() -> Any:
    class _Loose(yaml.SafeLoader):
        pass

    _Loose.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loose)  # noqa: S506
    return config.get("nav", [])


def build_times(runs: int, out: Path) -> dict[str, Any]:
    project = [_timed_build(["--strict", "-d", str(out / "site")], ROOT) for _ in range(runs)]
    # The baseline builds the same Markdown (generated pages included, as the project wrote
    # them) with stock Material + i18n: no hooks, no overrides, no project extensions.
    docs = out / "plain-docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("_fragments"))
    config = out / "plain-mkdocs.yml"
    config.write_text(PLAIN_CONFIG.format(docs=docs, nav=json.dumps(_project_nav())), encoding="utf-8")
    plain = [_timed_build(["-f", str(config), "-d", str(out / "plain-site")], out) for _ in range(runs)]
    return {
        "runs": runs,
        "build_seconds_median": round(statistics.median(project), 2),
        "plain_material_i18n_seconds_median": round(statistics.median(plain), 2),
        "ratio": round(statistics.median(project) / statistics.median(plain), 2),
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


def local_build_times(out: Path) -> dict[str, Any]:
    """One build (no PDF) of the example local edition and one of a basket of 500 services."""
    synthetic = synthetic_basket(out / "local-synthetic")
    times = {}
    for name, folder in (("example", ROOT / "local" / "example"), ("basket_500", synthetic)):
        env = {**_env(), "KK_PDF": "0", "KK_LOCAL": str(folder), "KK_TODAY": "2026-12-01"}
        start = time.perf_counter()
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(out / f"site-{name}")]
        subprocess.run(cmd, cwd=ROOT, env=env, check=True)
        times[name] = time.perf_counter() - start
    # The next national build removes the local pages these builds wrote into docs/local/.
    return {
        "services": SYNTHETIC_SERVICES,
        "example_edition_seconds": round(times["example"], 2),
        "basket_500_seconds": round(times["basket_500"], 2),
        "ratio": round(times["basket_500"] / times["example"], 2),
    }


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


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def first_view_bytes(browser: Any, url: str) -> dict[str, Any]:
    """Bytes a reader's browser fetches for the home page (raw, and gzip as a server would send)."""
    results: dict[str, Any] = {}
    for lang, path in (("pl", ""), ("en", "en/")):
        page = browser.new_page()
        bodies: list[bytes] = []
        page.on("response", lambda r, bodies=bodies: bodies.append(r.body()) if r.status == 200 else None)
        page.goto(url + path, wait_until="networkidle")
        page.close()
        results[lang] = {
            "requests": len(bodies),
            "bytes": sum(len(b) for b in bodies),
            "gzip_bytes": sum(len(gzip.compress(b, 6)) for b in bodies),
        }
    return results


def run(runs: int = 5, output: Path | None = None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright  # only the benchmark and the tests need it

    with tempfile.TemporaryDirectory(prefix="ksiega-bench-") as tmp:
        out = Path(tmp)
        figures: dict[str, Any] = {"build": build_times(runs, out)}
        figures["local_edition"] = local_build_times(out)
        site = out / "site"
        figures["site"] = site_sizes(site)
        server, url = _serve(site)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
                )
                figures["first_view_home"] = first_view_bytes(browser, url)
                # Features add their own figures (e.g. PDF pages per second, search query time).
                for feature in handbook_site.FEATURES:
                    if feature.benchmark is not None:
                        figures[feature.name] = feature.benchmark(site, url, browser)
                browser.close()
        finally:
            server.shutdown()
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
