"""Every built page, in both languages, in Debian's Chromium: nothing fails, nothing leaves
the site, no console errors, no serious or critical axe violations."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitepages import axe_violations, pages

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe() -> object:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def test_every_page_loads_cleanly_and_passes_axe(built_site: Path, site_url: str, page: object, axe: object) -> None:
    problems: list[str] = []
    for url in pages(built_site):
        page.watch.foreign.clear()
        page.watch.failed.clear()
        page.watch.console_errors.clear()
        page.goto(site_url + url, wait_until="networkidle")
        for kind, items in (
            ("request to another host", page.watch.foreign),
            ("failed request", page.watch.failed),
            ("console error", page.watch.console_errors),
        ):
            problems += [f"/{url}: {kind}: {item}" for item in items]
        problems += [f"/{url}: axe: {v}" for v in axe_violations(page, axe)]
    assert problems == []


def test_language_switch_in_browser_keeps_the_page(site_url: str, page: object) -> None:
    page.goto(site_url + "about/sources/")
    page.locator("a[hreflang='en']").first.dispatch_event("click")
    page.wait_for_url("**/en/about/sources/")
    assert page.locator("h1").first.inner_text().startswith("Sources")
    assert page.watch.failed == []


def test_no_cookies_are_set(site_url: str, page: object, context: object) -> None:
    page.goto(site_url)
    page.goto(site_url + "en/")
    assert context.cookies() == []
