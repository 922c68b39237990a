"""The glossary and its tooltips in Debian's Chromium: hover, keyboard, touch, letter index, axe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitepages import axe_violations

from ksiega.core.handbook import load_handbook
from ksiega.core.lang import Lang
from ksiega.features import glossary

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
ACTIVE_TOOLTIP = ".md-tooltip2--active[role='tooltip']"
DESCRIBED_TOOLTIP_ACTIVE = """() => {
  const id = document.activeElement.getAttribute("aria-describedby");
  const tooltip = id && document.getElementById(id);
  return Boolean(tooltip && tooltip.classList.contains("md-tooltip2--active"));
}"""


@pytest.fixture(scope="module")
def tips() -> dict[str, dict[str, str]]:
    terms = glossary.terms_of(load_handbook(ROOT).data["glossary"])
    return {lang: glossary.tooltips(terms, lang) for lang in ("pl", "en")}


@pytest.fixture(scope="module")
def axe() -> object:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def phone(browser: Any, site_url: str) -> Iterator[Any]:
    ctx = browser.new_context(locale="pl-PL", viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    yield ctx.new_page()
    ctx.close()


def shown_tooltip(page: Any) -> str:
    tooltip = page.locator(ACTIVE_TOOLTIP)
    tooltip.wait_for(state="visible", timeout=3000)
    return tooltip.inner_text().strip()


@pytest.mark.parametrize(("url", "lang"), [("model/teams/", "pl"), ("en/model/teams/", "en")])
def test_hovering_an_abbreviation_shows_its_expansion(
    site_url: str, page: Any, tips: dict[str, dict[str, str]], url: str, lang: Lang
) -> None:
    page.goto(site_url + url, wait_until="networkidle")
    abbr = page.locator("article abbr", has_text="PZK").first
    abbr.scroll_into_view_if_needed()
    abbr.hover()
    assert shown_tooltip(page) == tips[lang]["PZK"]
    # Material hands the expansion to assistive technology as the tooltip's description.
    assert abbr.get_attribute("aria-describedby") == page.locator(ACTIVE_TOOLTIP).get_attribute("id")
    assert page.watch.console_errors == []


def test_keyboard_reaches_each_abbreviation_once_and_sees_its_expansion(
    site_url: str, page: Any, tips: dict[str, dict[str, str]]
) -> None:
    page.goto(site_url + "model/teams/", wait_until="networkidle")
    # One tab stop per abbreviation; uses inside links are reached through the link.
    outside_links = page.eval_on_selector_all(
        "article abbr", "els => els.filter(e => !e.closest('a, button')).map(e => e.textContent)"
    )
    focusable = page.eval_on_selector_all("article abbr[tabindex='0']", "els => els.map(e => e.textContent)")
    assert sorted(focusable) == sorted(set(outside_links))
    assert len(focusable) >= 5
    page.locator("article h1").click()  # start tabbing from the content
    page.mouse.move(0, 0)  # the pointer resting on the title would keep its "Permanent link" tooltip
    for _ in range(80):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.tagName === 'ABBR' ? document.activeElement.textContent : ''")
        if name:
            # The tooltip the focused abbreviation names as its description (the title's
            # "Permanent link" tooltip may still be fading out when focus arrives).
            page.wait_for_function(DESCRIBED_TOOLTIP_ACTIVE)
            tip = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
            assert page.locator(f"[id='{tip}']").inner_text().strip() == tips["pl"][name]
            return
    pytest.fail("no abbreviation took keyboard focus within 80 tab stops")


def test_tapping_an_abbreviation_on_a_phone_shows_its_expansion(
    phone: Any, site_url: str, tips: dict[str, dict[str, str]]
) -> None:
    phone.goto(site_url + "model/teams/", wait_until="networkidle")
    # Later uses: a tap shows the tooltip.
    abbr = phone.locator("article abbr:not(a.kk-term abbr)", has_text="ZZK").first
    abbr.scroll_into_view_if_needed()
    abbr.tap()
    assert shown_tooltip(phone) == tips["pl"]["ZZK"]


def test_tapping_the_first_use_of_an_abbreviation_opens_its_glossary_entry(phone: Any, site_url: str) -> None:
    phone.goto(site_url + "model/teams/", wait_until="networkidle")
    first = phone.locator("article a.kk-term", has_text="ZZK").first
    first.scroll_into_view_if_needed()
    first.tap()
    phone.wait_for_url("**/glossary/#zzk")
    entry = phone.locator("#zzk")
    assert "ZZK" in entry.inner_text()
    assert entry.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")


def test_letter_index_jumps_to_the_letter(site_url: str, page: Any) -> None:
    page.goto(site_url + "glossary/", wait_until="networkidle")
    link = page.locator("nav.kk-glossary-letters a", has_text="Ś")
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**/glossary/{href}")
    heading = page.locator(f"h2{href}")
    assert heading.inner_text().startswith("Ś")
    assert heading.evaluate("h => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")


@pytest.mark.parametrize("url", ["glossary/", "en/glossary/"])
def test_glossary_page_passes_axe_and_loads_cleanly(site_url: str, page: Any, axe: object, url: str) -> None:
    page.goto(site_url + url, wait_until="networkidle")
    assert axe_violations(page, axe) == []
    assert page.watch.foreign == [] and page.watch.failed == [] and page.watch.console_errors == []


def test_glossary_on_a_phone_has_no_sideways_scrolling(phone: Any, site_url: str) -> None:
    phone.goto(site_url + "glossary/", wait_until="networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
    sizes = phone.eval_on_selector_all(
        "nav.kk-glossary-letters a", "els => els.map(e => [e.offsetWidth, e.offsetHeight])"
    )
    assert sizes and all(w >= 44 and h >= 44 for w, h in sizes)
