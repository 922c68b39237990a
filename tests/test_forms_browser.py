"""Form pages in Debian's Chromium: what prints, the print button, phones and keyboards."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sitepages import axe_violations

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
FORM_IDS = sorted(path.stem for path in (ROOT / "data" / "forms").glob("*.yml"))


@pytest.fixture(scope="module")
def axe() -> object:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def phone(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="pl-PL", viewport={"width": 375, "height": 740}, is_mobile=True)
    yield context.new_page()
    context.close()


def visible(page: object, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


@pytest.mark.parametrize("url", ["tools/forms/family-consent/", "en/tools/forms/cooperation-agreement/"])
def test_printing_shows_the_title_and_the_form_only(site_url: str, page: object, url: str) -> None:
    page.goto(site_url + url)
    assert visible(page, ".kk-form-intro") and visible(page, "#notes")
    page.emulate_media(media="print")
    assert visible(page, "article h1") and visible(page, ".kk-form")
    for hidden in (".kk-form-intro", "#notes", "#when", ".md-sidebar--primary", ".md-header", ".md-footer"):
        assert not visible(page, hidden), f"{hidden} is printed"
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842), "the form does not print on A4"
    printed = " ".join(p.extract_text() for p in pdf.pages)
    assert page.locator(".kk-form__footer").inner_text().split("·")[-1].strip() in printed


def test_only_form_pages_ask_for_a4(site_url: str, page: object) -> None:
    page.goto(site_url + "about/sources/")
    page.emulate_media(media="print")
    box = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) != (595, 842)


def test_print_button_prints(site_url: str, page: object) -> None:
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto(site_url + "tools/forms/zzk-minutes/")
    button = page.get_by_role("button", name="Drukuj formularz")
    assert button.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.__printed") == 1


def test_download_link_and_print_button_come_first_for_the_keyboard(site_url: str, page: object) -> None:
    page.goto(site_url + "en/tools/forms/service-card/")
    page.locator("a.md-button[download]").focus()
    assert page.evaluate("document.activeElement.textContent").startswith("Download the Word file")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Print the form"


def test_wide_tables_scroll_on_a_phone_and_take_keyboard_focus(site_url: str, phone: object, axe: object) -> None:
    phone.goto(site_url + "tools/forms/family-feedback/")
    region = phone.locator(".kk-table-scroll").first
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    region.focus()
    assert phone.evaluate("document.activeElement.classList.contains('kk-table-scroll')")
    assert axe_violations(phone, axe) == []


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_form_pages_pass_axe_on_a_phone(site_url: str, phone: object, axe: object, form_id: str) -> None:
    phone.goto(site_url + f"en/tools/forms/{form_id}/")
    assert axe_violations(phone, axe) == []
