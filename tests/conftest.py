"""Shared fixtures: one strict build per test session, a local server, Debian's Chromium.

The site is built once (`built_site`) and every build, browser and PDF test reads that one
build. Browser tests use Playwright with /usr/bin/chromium: no browser is ever downloaded.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# Another config only to try a partial site while developing; CI always builds mkdocs.yml.
CONFIG = os.environ.get("KK_MKDOCS_CONFIG", "mkdocs.yml")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


# Tests that need a build, a browser or a live server; `scripts/test --quick` leaves them out.
SLOW_FIXTURES = {"built_site", "site_url", "browser", "payload_site", "served", "page", "context", "search_page"}


# The order the workers take modules in: first one that reads the national build (so that the
# site nearly every module reads is built at once, while the other worker builds the payload
# sweep's site), then the modules that make a build of their own, then the longest browser run.
# The builds then overlap with tests instead of one worker building the last site while the other
# has nothing left to do (scripts/test passes --no-loadscope-reorder, so that pytest-xdist keeps
# this order instead of putting the modules with the most tests first).
FIRST_MODULES = ("test_browser_pages.py", "test_payload.py", "test_local_site.py", "test_nginx.py")


def pytest_configure(config: pytest.Config) -> None:
    """Builds in this run keep their made files (Word files: ksiega/toolkit/filecache.py) in a
    folder of the run's own, set before pytest-xdist starts its workers, so every worker and every
    build of this run shares it, and no run reads what an earlier run made."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None and "KK_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="ksiega-cache-")
        os.environ["KK_CACHE_DIR"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)

    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return FIRST_MODULES.index(name) if name in FIRST_MODULES else len(FIRST_MODULES)

    items.sort(key=rank)  # stable: the rest keep their order


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """`make(folder)` once per test run: with pytest-xdist (scripts/test runs two workers), the
    first worker that asks makes it while the others wait, then all use the same result; a failure
    is reported by every worker that asked, with the same message."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent / name
    with (tmp_path_factory.getbasetemp().parent / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        failed, done = shared / "FAILED", shared / "DONE"
        if failed.is_file():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        if done.is_file():
            return Path(done.read_text(encoding="utf-8"))
        shared.mkdir(parents=True, exist_ok=True)
        try:
            result = make(shared)
        except BaseException as exc:
            failed.write_text(str(exc), encoding="utf-8")
            raise
        done.write_text(str(result), encoding="utf-8")
        return result


def build_site(
    out: Path, cwd: Path = ROOT, env: dict[str, str] | None = None, what: str = "mkdocs build --strict"
) -> Path:
    """A strict build of the project at `cwd` into `out`; a failed build fails the test with its output."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", CONFIG, "-d", str(out)],
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763856000", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"{what} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site (both languages, PDFs, Word files), built once with --strict.

    KK_SITE=<folder> reuses a site built before with `python -m ksiega build` (while you work on
    tests that only read it); CI never sets it."""
    if os.environ.get("KK_SITE"):
        return Path(os.environ["KK_SITE"]).resolve()
    return once_per_run(tmp_path_factory, "site", lambda folder: build_site(folder / "site"))


@pytest.fixture(scope="session", autouse=True)
def generated_pages(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The generated pages are written into docs/ once, before any test, so that tests that
    prepare the handbook while another worker builds never write them at the same time."""
    from ksiega import site

    def prepare(folder: Path) -> Path:
        site.prepare()
        return folder

    once_per_run(tmp_path_factory, "prepared", prepare)


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as static hosts do: a missing address gets the "page not found" page of
    its language (en/404.html under /en/, 404.html elsewhere) with the status 404."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        root = Path(self.directory)
        page = root / ("en/404.html" if self.path.startswith("/en/") else "404.html")
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    """A test host: a browser that leaves a page before a file has arrived (a favicon, say) is not
    an error worth a traceback in the test output."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a random free port), 404 pages as a static host."""
    handler = functools.partial(StaticHostHandler, directory=str(built_site))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run scripts/setup --test", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class PageWatch:
    """What a page did while loading: requests elsewhere, failures, console errors."""

    origin: str
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, page: object) -> None:
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"page error: {exc}"))

    def _on_request(self, request: object) -> None:
        url = urlparse(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if f"{url.scheme}://{url.netloc}/" != self.origin:
            self.foreign.append(request.url)

    def _on_failed(self, request: object) -> None:
        # A request the browser cancelled because the reader navigated away is not a failure.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failed.append(f"{request.url} ({request.failure})")

    def _on_response(self, response: object) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _on_console(self, message: object) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)


@pytest.fixture
def context(browser: object) -> Iterator[object]:
    ctx = browser.new_context(locale="pl-PL", viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: object, site_url: str) -> Iterator[object]:
    """A fresh browser page whose requests are watched (`page.watch`)."""
    pg = context.new_page()
    watch = PageWatch(site_url)
    watch.attach(pg)
    pg.watch = watch
    yield pg


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """A copy of the smallest valid project (tests/fixtures/minimal) with the real schemas and UI strings."""
    target = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", target)
    copy_shared_data(target)
    return target


def copy_shared_data(project: Path) -> None:
    """What every project takes from the handbook's own data: the schemas and the UI strings."""
    for folder in ("schemas", "strings"):
        shutil.copytree(ROOT / "data" / folder, project / "data" / folder)
