"""The "page not found" pages: Polish at /404.html, English at /en/404.html, each in its language,
working at any depth of a missing address, as a static host serves them (conftest's server)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

CASES = [
    # (language, a missing address as a reader might type it)
    ("pl", "nie-ma-takiej-strony"),
    ("pl", "a/b/c/"),
    ("pl", "model/procedura-stara/"),
    ("en", "en/missing"),
    ("en", "en/a/b/c/"),
]
TITLES = {"pl": "Nie ma takiej strony", "en": "Page not found"}
HOMES = {"pl": "/", "en": "/en/"}


def not_found_page(site: Path, lang: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / ("404.html" if lang == "pl" else "en/404.html")).read_bytes())


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_each_language_has_its_own_404_page(built_site: Path, lang: str) -> None:
    doc = not_found_page(built_site, lang)
    assert doc.get("lang") == lang
    assert doc.cssselect("h1")[0].text_content() == TITLES[lang]
    assert doc.cssselect("title")[0].text_content().startswith(TITLES[lang])
    switcher = {a.get("hreflang"): a.get("href") for a in doc.cssselect("a.md-select__link")}
    assert switcher == HOMES


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_404_page_addresses_work_at_any_depth(built_site: Path, lang: str) -> None:
    """Every link, stylesheet, script and the search base start at the site's root: the same
    page is served for /a and for /a/b/c/."""
    doc = not_found_page(built_site, lang)
    relative = [
        f"<{el.tag} {attr}={el.get(attr)}>"
        for el in doc.iter()
        for attr in ("href", "src")
        if el.get(attr) and not re.match(r"^(/|#|https?:|mailto:|data:)", el.get(attr))
    ]
    assert relative == []
    config = doc.cssselect("script#__config")[0].text_content()
    assert f'"base": "{HOMES[lang]}"' in config
    assert "//" not in re.search(r'"base": "([^"]*)"', config).group(1)


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "address"), CASES)
def test_missing_address_shows_the_404_page_of_its_language(
    site_url: str, page: object, lang: str, address: str
) -> None:
    response = page.goto(site_url + address, wait_until="networkidle")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").first.inner_text() == TITLES[lang]
    # The handbook's stylesheets applied (the header in the handbook's blue, not Material's default).
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == "rgb(27, 74, 128)"
    # Nothing but the address itself failed; nothing left the site; no script error.
    assert [f for f in page.watch.failed if not f.startswith(site_url + address)] == []
    assert page.watch.foreign == []
    assert [e for e in page.watch.console_errors if "404" not in e] == []


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "address"), [CASES[1], CASES[4]])
def test_search_works_on_the_404_page(site_url: str, page: object, lang: str, address: str) -> None:
    page.goto(site_url + address)
    box = page.locator("input.md-search__input")
    box.focus()
    box.fill("glossary" if lang == "en" else "słowniczek")
    box.press("End")
    page.wait_for_selector("li.md-search-result__item a")
    first = page.locator("li.md-search-result__item a").first.get_attribute("href")
    # A result of the reader's language, addressed from the site's root.
    assert first.startswith(site_url + ("en/" if lang == "en" else "")), first
    assert not first.startswith(site_url + "en/") or lang == "en"
    assert page.watch.foreign == []


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "address"), [CASES[1], CASES[4]])
def test_404_language_switch_leads_to_the_other_home(site_url: str, page: object, lang: str, address: str) -> None:
    page.goto(site_url + address)
    other = "en" if lang == "pl" else "pl"
    response = None
    with page.expect_navigation() as navigation:
        page.locator(f"a.md-select__link[hreflang='{other}']").dispatch_event("click")
    response = navigation.value
    assert response.status == 200
    assert page.url == site_url + HOMES[other].lstrip("/")
    assert page.locator("html").get_attribute("lang") == other


@pytest.mark.browser
@pytest.mark.parametrize("address", [CASES[1][1], CASES[4][1]])
def test_404_pages_pass_axe(site_url: str, page: object, address: str) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from sitepages import axe_violations

    page.goto(site_url + address, wait_until="networkidle")
    assert axe_violations(page, Axe()) == []
