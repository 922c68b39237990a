"""The trainer pack as trainers get it: a page per module in both languages, agendas that add up,
links that resolve, and a print view without navigation whose agenda fits on one A4 page."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from sitepages import axe_violations, content, doc, text

from ksiega.core.handbook import load_handbook
from ksiega.core.lang import LANGS
from ksiega.features import trainers

ROOT = Path(__file__).resolve().parents[1]
CSS = ROOT / "overrides" / "assets" / "css" / "trainers.css"
PX_PER_MM = 96 / 25.4  # CSS pixels per millimetre
A4_MM = (210.0, 297.0)


def _modules() -> list[dict[str, Any]]:
    return trainers.modules(load_handbook(ROOT))


MODULES = _modules()


def url_of(module_id: str | None, lang: str) -> str:
    prefix = "" if lang == "pl" else "en/"
    return f"{prefix}trainers/{module_id}/" if module_id else f"{prefix}trainers/"


MODULE_PAGES = [(m, lang) for m in MODULES for lang in LANGS]
PAGE_IDS = [f"{lang}:{m['id']}" for m, lang in MODULE_PAGES]


def print_box_px() -> tuple[float, float]:
    """Width and height of the printable area of a module page, from the @page rule in the CSS."""
    rule = re.search(r"@page\s+kk-trainer\s*\{(?P<body>[^}]*)\}", CSS.read_text(encoding="utf-8"))
    assert rule, "trainers.css has no @page kk-trainer rule"
    assert re.search(r"size:\s*A4\b", rule.group("body")), "module pages must print on A4"
    margin = re.search(r"margin:\s*(?P<mm>\d+(?:\.\d+)?)mm\s*;", rule.group("body"))
    assert margin, "the @page kk-trainer margin must be one length in mm"
    mm = float(margin.group("mm"))
    return (A4_MM[0] - 2 * mm) * PX_PER_MM, (A4_MM[1] - 2 * mm) * PX_PER_MM


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


# --- Built HTML -----------------------------------------------------------------------------


@pytest.mark.parametrize(("module", "lang"), MODULE_PAGES, ids=PAGE_IDS)
def test_module_page_exists_with_its_title_and_in_the_navigation(
    built_site: Path, module: dict[str, Any], lang: str
) -> None:
    url = url_of(module["id"], lang)
    assert (built_site / url / "index.html").exists(), f"/{url} was not built"
    assert text(content(built_site, url).cssselect("h1")[0]).rstrip("¶") == module[lang]["title"]
    nav = doc(built_site, url).cssselect("nav.md-nav--primary")[0]
    section = "Dla trenerów" if lang == "pl" else "For trainers"
    assert section in text(nav)
    assert module[lang]["title"] in [text(a) for a in nav.cssselect("a")]


@pytest.mark.parametrize("lang", LANGS)
def test_overview_lists_every_module(built_site: Path, lang: str) -> None:
    table = content(built_site, url_of(None, lang)).cssselect("table")[0]
    # The module links (a first use of an abbreviation in the table links to the glossary).
    links = [(text(a), a.get("href")) for a in table.cssselect("tbody a:not(.kk-term)")]
    assert links == [(m[lang]["title"], f"{m['id']}/") for m in MODULES]


@pytest.mark.parametrize(("module", "lang"), MODULE_PAGES, ids=PAGE_IDS)
def test_built_agenda_adds_up_to_the_module_length(built_site: Path, module: dict[str, Any], lang: str) -> None:
    """Read from the page as a trainer reads it: each day's rows follow one another and add up."""
    days = content(built_site, url_of(module["id"], lang)).cssselect("table.kk-agenda__day")
    assert len(days) == module["length"]["days"]
    for n, (table, data_day) in enumerate(zip(days, module["agenda"], strict=True), start=1):
        rows = table.cssselect("tbody tr")
        assert [text(r.cssselect("td")[1]) for r in rows] == [b[lang]["title"] for b in data_day["blocks"]]
        spans = [text(r.cssselect("td.kk-agenda__time")[0]).split("–") for r in rows]
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert start == end, f"{module['id']} day {n}: a block starts at {start}, the one before ends at {end}"
        total = sum(minutes(end) - minutes(start) for start, end in spans)
        assert total == module["length"]["minutes_per_day"], f"{module['id']} day {n}: {total} minutes"
        assert [int(text(r.cssselect("td.kk-agenda__minutes")[0])) for r in rows] == [
            minutes(end) - minutes(start) for start, end in spans
        ]
        assert text(table.cssselect("caption")[0]).endswith(f"{spans[0][0]}–{spans[-1][1]}")


def _resolve(built_site: Path, url: str, href: str) -> str | None:
    """None if `href` from page `url` leads to an existing page and anchor, else what is wrong."""
    parsed = urlparse(href)
    if parsed.scheme or parsed.netloc:
        return f"leads off the site: {href}"
    target = urljoin(f"/{url}", href)
    path, _, anchor = target.partition("#")
    path = path.lstrip("/")
    file = built_site / path / "index.html" if path == "" or path.endswith("/") else built_site / path
    if not file.exists():
        return f"{href} → /{path} does not exist"
    if anchor:
        page = doc(built_site, path) if file.name == "index.html" else None
        if page is None or not page.cssselect(f'[id="{anchor}"]'):
            return f"{href} → /{path} has no #{anchor}"
    return None


def test_every_link_in_the_pack_resolves(built_site: Path) -> None:
    urls = [url_of(None, lang) for lang in LANGS] + [url_of(m["id"], lang) for m, lang in MODULE_PAGES]
    problems, checked = [], 0
    for url in urls:
        for link in content(built_site, url).cssselect("a[href]"):
            problem = _resolve(built_site, url, link.get("href"))
            checked += 1
            if problem:
                problems.append(f"/{url}: {problem}")
    assert problems == []
    assert checked > 10 * len(urls)


@pytest.mark.parametrize(("module", "lang"), MODULE_PAGES, ids=PAGE_IDS)
def test_module_links_to_every_chapter_it_names(built_site: Path, module: dict[str, Any], lang: str) -> None:
    url = url_of(module["id"], lang)
    section = content(built_site, url).xpath("//h2[@id='in-the-handbook']/following-sibling::ul[1]")[0]
    targets = [urljoin(f"/{url}", a.get("href")).lstrip("/") for a in section.cssselect("a")]
    prefix = "" if lang == "pl" else "en/"
    expected = [prefix + ref.replace(".md", "/") for ref in module["chapters"]]
    assert targets == expected


# --- In the browser: print ----------------------------------------------------------------------

on_chromium = pytest.mark.browser


@pytest.fixture
def print_page(browser: object, site_url: str) -> object:
    """A page as wide as the printable width of A4, so print emulation lays it out as on paper."""
    width, height = print_box_px()
    context = browser.new_context(locale="pl-PL", viewport={"width": round(width), "height": round(height)})
    page = context.new_page()
    yield page
    context.close()


def _visible(page: object, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.getClientRects().length > 0).map(e => e.className || e.tagName)"
    )


@on_chromium
@pytest.mark.parametrize(("module", "lang"), MODULE_PAGES, ids=PAGE_IDS)
def test_print_hides_navigation_and_fits_the_agenda_on_one_a4_page(
    print_page: object, site_url: str, module: dict[str, Any], lang: str
) -> None:
    print_page.goto(site_url + url_of(module["id"], lang), wait_until="networkidle")
    print_page.emulate_media(media="print")
    assert _visible(print_page, "nav, .md-header, .md-sidebar, .md-footer, .kk-trainer-print, .md-search") == []
    box = print_page.evaluate(
        """() => {
          const heading = document.getElementById('agenda');
          const agenda = document.querySelector('.kk-agenda');
          const handout = document.querySelector('.kk-handout');
          const top = heading.getBoundingClientRect().top;
          return {
            agenda: agenda.getBoundingClientRect().bottom - top,
            agendaBreak: getComputedStyle(heading).breakBefore,
            handout: handout.getBoundingClientRect().height,
            handoutBreak: getComputedStyle(handout).breakBefore,
          };
        }"""
    )
    _, page_height = print_box_px()
    assert box["agendaBreak"] == "page", "the agenda must start on a new page"
    assert box["agenda"] <= page_height, f"agenda is {box['agenda']:.0f}px, an A4 page holds {page_height:.0f}px"
    assert box["handoutBreak"] == "page", "the handout must start on a new page"
    assert box["handout"] <= page_height, f"handout is {box['handout']:.0f}px, an A4 page holds {page_height:.0f}px"


@on_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_printed_pdf_has_the_whole_agenda_on_one_page(print_page: object, site_url: str, lang: str) -> None:
    """The same promise, checked on paper: Chromium's own PDF, read back page by page."""
    from pypdf import PdfReader

    module = max(MODULES, key=lambda m: sum(len(d["blocks"]) for d in m["agenda"]))
    print_page.goto(site_url + url_of(module["id"], lang), wait_until="networkidle")
    print_page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(print_page.pdf(prefer_css_page_size=True)))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    assert sizes == {(595, 842)}  # A4 in points
    pages = [" ".join(p.extract_text().split()) for p in pdf.pages]
    blocks = [b for day in module["agenda"] for b in day["blocks"]]
    rows = [f"{b['start']}–{trainers.clock(minutes(b['start']) + b['minutes'])}" for b in blocks]
    holding = [i for i, page_text in enumerate(pages) if rows[0] in page_text]
    assert holding, "the agenda is not in the printed PDF"
    assert all(row in pages[holding[0]] for row in rows), "the agenda is split across pages"
    menu = "Spis treści" if lang == "pl" else "Table of contents"
    assert all(menu not in page_text for page_text in pages), "the printed module shows navigation"


# --- In the browser: the print buttons -------------------------------------------------------

PRINT_STUB = """
window.__printed = [];
window.print = () => window.__printed.push(document.documentElement.classList.contains('kk-print-handout'));
"""


@on_chromium
def test_print_handout_button_prints_only_the_handout(page: object, site_url: str) -> None:
    page.add_init_script(PRINT_STUB)
    page.goto(site_url + url_of(MODULES[0]["id"], "pl"), wait_until="networkidle")
    button = page.get_by_role("button", name="Drukuj materiał dla uczestników")
    button.focus()
    page.keyboard.press("Enter")  # a real button: the keyboard works as the mouse does
    assert page.evaluate("window.__printed") == [True]
    page.emulate_media(media="print")
    shown = page.eval_on_selector_all(
        ".md-content__inner > *", "els => els.filter(e => e.getClientRects().length > 0).map(e => e.className)"
    )
    assert shown == ["kk-handout"]
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert len(_visible(page, ".md-content__inner > h1")) == 1, "after printing, the whole module prints again"
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Drukuj cały moduł").click()
    assert page.evaluate("window.__printed") == [True, False]
    assert page.watch.console_errors == [] and page.watch.failed == []


@on_chromium
def test_print_buttons_stay_hidden_without_javascript(browser: object, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + url_of(MODULES[0]["id"], "en"))
        assert page.get_by_role("button", name="Print the handout").count() == 0
        assert page.locator("table.kk-agenda__day").first.is_visible()
    finally:
        context.close()


@on_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_module_on_a_phone_passes_axe(browser: object, site_url: str, lang: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="pl-PL")
    try:
        page = context.new_page()
        page.goto(site_url + url_of(MODULES[0]["id"], lang), wait_until="networkidle")
        table = page.locator("table.kk-agenda__day").first.bounding_box()
        assert table["x"] >= 0 and table["x"] + table["width"] <= 375, "the agenda is wider than the phone"
        assert axe_violations(page, Axe()) == []
    finally:
        context.close()
