"""The site served by the real nginx with deploy/nginx.conf (only `listen` and `root` changed):
the headers it sends; every page in both languages under its Content-Security-Policy with no
violation, no failed request, no request to another host, no console error, and no serious or
critical axe violation on every layout and template; and every tool working."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, PageWatch
from sitepages import axe_pages, axe_violations, english, pages, tick_survives_a_reload

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY = ROOT / "deploy" / "nginx.conf"
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy")
# Every print button of the tools (checklists, forms, trainer pack, readiness, picker).
PRINT_BUTTONS = "[data-action=print], [data-kk-form-print], [data-kk-trainer-print], [data-kk-print]"
# Violations are collected in the page (an init script is not subject to the page's policy).
WATCH_CSP = """
window.kkViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.kkViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
window.print = () => { window.kkPrinted = (window.kkPrinted || 0) + 1; };
"""


def site_config(template: str, root: Path, port: int) -> str:
    """deploy/nginx.conf as the test runs it: the given root, one local port, nothing else changed."""
    listen = r"^(\s*)listen 80;\n\s*listen \[::\]:80;"
    changed, count = re.subn(listen, rf"\1listen 127.0.0.1:{port};", template, flags=re.M)
    assert count == 1, "deploy/nginx.conf: the two `listen` lines were not found"
    changed, count = re.subn(r"^(\s*)root [^;]+;", lambda m: f"{m.group(1)}root {root};", changed, flags=re.M)
    assert count == 1, "deploy/nginx.conf: the `root` line was not found"
    return changed


def main_config(folder: Path, site_conf: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf gives the site's server block, with every file in `folder`."""
    user = "user root root;" if os.geteuid() == 0 else ""  # workers read the test's own files
    temps = "\n".join(
        f"    {name}_temp_path {folder / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"};
events {{ worker_connections 64; }}
http {{
{temps}
    access_log {folder / "access.log"};
    sendfile on;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    gzip on;
    include {site_conf};
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def nginx_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: run scripts/setup --test", pytrace=False)
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    site_conf = folder / "site.conf"
    site_conf.write_text(site_config(DEPLOY.read_text(encoding="utf-8"), built_site, port), encoding="utf-8")
    (folder / "nginx.conf").write_text(main_config(folder, site_conf), encoding="utf-8")
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    server = subprocess.Popen(
        [*command, "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else "nginx stopped"
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(url: str, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def csp(headers: dict[str, str]) -> dict[str, list[str]]:
    policy = {}
    for part in headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def test_every_answer_carries_the_security_headers(nginx_url: str) -> None:
    for path in ("", "en/model/", "nowhere/", "en/nowhere/", "search/search_index.json"):
        _status, headers, _body = fetch(nginx_url + path)
        assert all(headers.get(name) for name in HEADERS), (path, headers)
        policy = csp(headers)
        assert policy["script-src"] == ["'self'"] and "'unsafe-inline'" not in policy["default-src"], path
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"], path
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
        assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]


def test_missing_addresses_get_the_404_page_of_their_language(nginx_url: str) -> None:
    status, _headers, body = fetch(nginx_url + "model/nowhere/")
    assert status == 404 and '<html lang="pl"' in body.decode()
    status, _headers, body = fetch(nginx_url + "en/model/nowhere/")
    assert status == 404 and '<html lang="en"' in body.decode()


def test_fingerprinted_files_are_cached_for_a_year_and_pages_briefly(nginx_url: str, built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    named = r'(?:href|src)="(assets/(?:kk|javascripts|stylesheets)/[^"]+\.[0-9a-f]{8,}\.min\.(?:css|js))"'
    fingerprinted = re.findall(named, html)
    assert len(fingerprinted) >= 4
    for path in fingerprinted:
        status, headers, _body = fetch(nginx_url + path)
        assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable", path
        assert headers["Content-Type"].startswith("text/javascript" if path.endswith(".js") else "text/css"), path
    for path in ("", "en/tools/", "search/search_index.json"):
        _status, headers, _body = fetch(nginx_url + path)
        assert headers["Cache-Control"] == "public, max-age=300", path


def test_pre_compressed_copies_are_sent_as_they_are(nginx_url: str, built_site: Path) -> None:
    status, headers, body = fetch(nginx_url + "model/", gzip_ok=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"]
    assert body == (built_site / "model" / "index.html.gz").read_bytes()


def test_pdf_word_and_zip_files_have_their_types(nginx_url: str, built_site: Path) -> None:
    expected = {
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".pdf": "application/pdf",
        ".zip": "application/zip",
    }
    found = {suffix: next(built_site.rglob(f"*{suffix}"), None) for suffix in expected}
    assert found[".docx"] is not None and found[".zip"] is not None
    if not os.environ.get("KK_SITE"):  # a site built for these tests has its PDF edition
        assert found[".pdf"] is not None
    for suffix, path in found.items():
        if path is not None:
            status, headers, _body = fetch(nginx_url + path.relative_to(built_site).as_posix())
            assert status == 200 and headers["Content-Type"] == expected[suffix], path


# --- Every page in the browser, under the policy --------------------------------------------------


@pytest.fixture(scope="module")
def axe() -> object:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def served_page(context: Any, nginx_url: str) -> Iterator[Any]:
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    page.watch = PageWatch(nginx_url)
    page.watch.attach(page)
    yield page
    page.close()


def problems_on(page: Any, where: str) -> list[str]:
    found = [f"{where}: CSP {v}" for v in page.evaluate("window.kkViolations")]
    found += [f"{where}: {e}" for e in page.watch.console_errors + page.watch.failed + page.watch.foreign]
    page.watch.console_errors.clear()
    page.watch.failed.clear()
    page.watch.foreign.clear()
    return found


@pytest.mark.browser
def test_every_page_in_both_languages_runs_under_the_policy_and_passes_axe(
    served_page: Any, nginx_url: str, built_site: Path, axe: object
) -> None:
    page = served_page
    urls = pages(built_site)
    assert any(english(url) for url in urls) and not all(english(url) for url in urls)
    checked = set(axe_pages(urls))
    assert len(checked) >= 30
    problems: list[str] = []
    printed = 0
    for url in urls:
        page.goto(nginx_url + url, wait_until="load")
        if url in checked:
            problems += [f"/{url}: axe: {v}" for v in axe_violations(page, axe)]
        # Material's helpers and the search hold come from the page script: it ran.
        if not page.evaluate("typeof __md_get === 'function' && typeof kkSearchIndexRequested === 'function'"):
            problems.append(f"/{url}: the page script did not run")
        buttons = [button for button in page.locator(PRINT_BUTTONS).all() if button.is_visible()]
        for button in buttons:
            button.click()
        printed += len(buttons)
        if page.evaluate("window.kkPrinted || 0") != len(buttons):
            problems.append(f"/{url}: a print button did not print")
        problems += problems_on(page, f"/{url}")
    # A request or error after the last page's load event.
    page.wait_for_load_state("networkidle")
    problems += problems_on(page, f"/{urls[-1]}")
    assert problems == [], "\n".join(problems[:30])
    assert printed >= 10


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_tool_works_under_the_policy(served_page: Any, nginx_url: str, lang: str) -> None:
    page, prefix = served_page, ("" if lang == "pl" else "en/")
    problems: list[str] = []

    # Search: the index of the reader's language loads when search opens, and finds pages.
    page.goto(nginx_url + prefix)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("rodzina" if lang == "pl" else "family")
    box.press("End")
    page.wait_for_selector("li.md-search-result__item", timeout=15000)
    assert page.locator("li.md-search-result__item").count() > 0
    problems += problems_on(page, "search")

    # The variant picker: an answer leads to the next question.
    page.goto(nginx_url + prefix + "tools/variant-picker/")
    page.check("#kk-typ-wiejska")
    page.click('[data-kk-question="typ"] button[type=submit]')
    page.wait_for_selector('[data-kk-question="woj"]:visible')
    problems += problems_on(page, "picker")

    # The readiness check: every question answered gives the ordered steps.
    page.goto(nginx_url + prefix + "tools/readiness/")
    for name in page.eval_on_selector_all(
        "[data-kk-readiness-form] input[type=radio]", "inputs => [...new Set(inputs.map(i => i.name))]"
    ):
        page.locator(f'[data-kk-readiness-form] input[name="{name}"]').first.check()
    page.click("[data-kk-readiness-form] button[type=submit]")
    page.wait_for_selector("[data-kk-steps] [data-kk-step]")
    problems += problems_on(page, "readiness")

    # A checklist: a tick is kept after a reload.
    tick_survives_a_reload(page, nginx_url + prefix + "tools/checklists/closing/")
    problems += problems_on(page, "checklist")

    # The good-practice catalogue: a filter hides practices and writes the address.
    page.goto(nginx_url + prefix + "good-practices/")
    page.wait_for_selector("form[data-kk-filters]:not([hidden])")
    before = page.locator("[data-kk-count]").inner_text()
    select = page.locator("select[name=typ]")
    select.select_option(index=1)
    page.wait_for_function("before => document.querySelector('[data-kk-count]').innerText !== before", arg=before)
    assert "typ=" in page.url
    problems += problems_on(page, "catalogue")
    assert problems == [], "\n".join(problems)
