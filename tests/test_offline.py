"""The offline edition (ksiega/offline): the ZIP in the built site, linked with its real size, and
the unzipped folder opened from disk (file://) in Chromium, in both languages: navigation, search
with the Polish normalisation, tooltips, checklists (ticks kept), the picker, the readiness check,
the catalogue filters, the forms and the files inside."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from sitepages import doc, tick_survives_a_reload

from ksiega import offline
from ksiega.pdf import size_label


@pytest.fixture(scope="module")
def zip_path(built_site: Path) -> Path:
    path = built_site / offline.ZIP_NAME
    assert path.is_file(), "the build wrote no offline edition"
    return path


@pytest.fixture(scope="module")
def unzipped(zip_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    return folder / offline.FOLDER


def test_the_zip_is_linked_with_its_size_from_the_footer_and_the_about_page(built_site: Path, zip_path: Path) -> None:
    size = zip_path.stat().st_size
    for url, lang in (("", "pl"), ("about/", "pl"), ("en/model/", "en"), ("en/about/", "en")):
        links = [a for a in doc(built_site, url).iter("a") if (a.get("href") or "").endswith(offline.ZIP_NAME)]
        assert len(links) == (2 if "about" in url else 1), url
        for link in links:
            # The footer's link says it; on the about page the words after the link (which the
            # PDF book leaves out: the book is made before the ZIP, from the same pages).
            shown = link.text_content() if link.get("id") else link.getnext().text_content()
            assert f"(ZIP, {size_label(size, lang)})" in shown, url  # type: ignore[arg-type]
            assert (built_site / url / link.get("href")).resolve() == zip_path.resolve(), url
    leftover = [p for p in built_site.rglob("*.html") if offline.SIZE_PLACEHOLDER in p.read_text(encoding="utf-8")]
    assert leftover == []


def test_the_zip_holds_both_languages_the_word_and_pdf_files_and_no_gz_copies(built_site: Path, zip_path: Path) -> None:
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
    assert all(name.startswith(offline.FOLDER + "/") for name in names)
    inside = {name.split("/", 1)[1] for name in names}
    assert {"index.html", "en/index.html", "search/search_index.js", "en/search/search_index.js"} <= inside
    assert offline.POLYFILL in inside and not [n for n in inside if n.endswith(".gz")]
    site_files = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.suffix in (".docx", ".pdf")}
    assert [n for n in site_files if n.endswith(".docx")]
    assert sorted(site_files - inside) == []


def test_every_link_of_every_offline_page_opens_a_file(unzipped: Path, built_site: Path) -> None:
    # A site built without its PDFs (KK_PDF=0, only with KK_SITE) has no books to link to.
    books = any(built_site.rglob("*.pdf"))
    broken = []
    for page in sorted(unzipped.rglob("*.html")):
        for url in re.findall(r'\s(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            parts = urlsplit(url)
            if parts.scheme or not parts.path or (parts.path.endswith(".pdf") and not books):
                continue
            if not (page.parent / unquote(parts.path)).is_file():
                broken.append(f"{page.relative_to(unzipped)}: {url}")
    assert broken == [], "\n".join(broken[:20])
    assert offline.ZIP_NAME not in (unzipped / "about" / "index.html").read_text(encoding="utf-8")


def test_the_offline_search_scripts_hold_each_languages_own_index(unzipped: Path) -> None:
    for prefix, code in (("", "kk-pl"), ("en/", "kk-en")):
        script = (unzipped / prefix / "search" / "search_index.js").read_text(encoding="utf-8")
        assert script.startswith("var __index = ") and f'"lang": ["{code}"]' in script.replace(
            '"lang":["', '"lang": ["'
        )
        lunr = (unzipped / "assets/javascripts/lunr/min" / f"lunr.{code}.min.js").read_text(encoding="utf-8")
        assert "importScripts" not in lunr and f'self.kkSearch.register("{code}"' in lunr


# --- From disk, in Chromium ---------------------------------------------------------------------


@pytest.fixture
def disk_page(context: Any) -> Iterator[Any]:
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    # A request the browser cancelled because the test moved on to the next page is not a failure
    # (as in tests/conftest.py's PageWatch): the favicon of a page left at once, for one.
    page.on(
        "requestfailed",
        lambda request: (
            None if "ERR_ABORTED" in (request.failure or "") else problems.append(f"{request.url} ({request.failure})")
        ),
    )
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("file:", "data:", "blob:", "about:"))
            else problems.append(f"not from disk: {request.url}")
        ),
    )
    page.problems = problems
    page.add_init_script("window.print = () => { window.kkPrinted = (window.kkPrinted || 0) + 1; };")
    yield page
    page.close()


def search(page: Any, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    page.wait_for_selector("li.md-search-result__item", timeout=15000)
    return page.eval_on_selector_all("li.md-search-result__item a", "links => links.map(a => a.href)")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_unzipped_edition_works_from_disk(disk_page: Any, unzipped: Path, lang: str) -> None:
    page = disk_page
    root = unzipped.as_uri() + "/" + ("" if lang == "pl" else "en/")
    other = unzipped.as_uri() + ("/en/" if lang == "pl" else "/")

    # Navigation: the home page's link to the model opens its page from disk.
    page.goto(root + "index.html")
    page.locator("nav.md-nav--primary a[href$='model/index.html']").first.click()
    page.wait_for_url(re.compile(r"/model/index\.html$"))
    assert page.locator("article h1").count() == 1

    # Search in the reader's language, with the Polish normalisation (no diacritics, inflection).
    found = search(page, "osrodkow pomocy" if lang == "pl" else "assistance centres")
    assert (
        found
        and all(url.startswith(root) for url in found)
        and not any(url.startswith(other + "model") for url in found)
    )

    # A tooltip on an abbreviation.
    page.goto(root + "model/teams.html")
    abbr = page.locator("article abbr", has_text="PZK").first
    abbr.scroll_into_view_if_needed()
    abbr.hover()
    page.locator(".md-tooltip2--active[role='tooltip']").wait_for(state="visible", timeout=5000)

    # A checklist: a tick is kept after a reload.
    tick_survives_a_reload(page, root + "tools/checklists/closing.html")

    # The variant picker: an answer leads to the next question.
    page.goto(root + "tools/variant-picker.html")
    page.check("#kk-typ-wiejska")
    page.click('[data-kk-question="typ"] button[type=submit]')
    page.wait_for_selector('[data-kk-question="woj"]:visible')

    # The readiness check gives its steps.
    page.goto(root + "tools/readiness.html")
    for name in page.eval_on_selector_all(
        "[data-kk-readiness-form] input[type=radio]", "inputs => [...new Set(inputs.map(i => i.name))]"
    ):
        page.locator(f'[data-kk-readiness-form] input[name="{name}"]').first.check()
    page.click("[data-kk-readiness-form] button[type=submit]")
    page.wait_for_selector("[data-kk-steps] [data-kk-step]")

    # The good-practice catalogue filters.
    page.goto(root + "good-practices/index.html")
    page.wait_for_selector("form[data-kk-filters]:not([hidden])")
    before = page.locator("[data-kk-count]").inner_text()
    page.locator("select[name=typ]").select_option(index=1)
    page.wait_for_function("before => document.querySelector('[data-kk-count]').innerText !== before", arg=before)

    # A form template: its print button prints, its Word file is inside.
    page.goto(root + "tools/forms/index.html")
    page.locator("article a[href$='.html']").filter(has_text=re.compile(".")).first.click()
    page.locator("button[data-kk-form-print]").first.click()
    assert page.evaluate("window.kkPrinted") == 1
    word = page.locator("a[href$='.docx']").first.get_attribute("href")
    assert word and (Path(unquote(urlsplit(page.url).path)).parent / word).is_file()
    assert page.problems == [], "\n".join(page.problems)
