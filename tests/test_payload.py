"""Text from data is text in every output: a sweep, not a sample.

One build (both languages, both PDFs, every Word file) of a copy of the project in which every
text field of every data file and every front matter ends with a script payload (tests/payload.py).
Then: no element or attribute of the payload is live in any page (navigation, titles, headings,
tooltips, 404 pages included), scripts' JSON and the search index hold it as data, every field
a reader is shown shows it as text, and the PDFs and Word files hold it as text.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import docx
import pytest
from conftest import build_site
from lxml import html as lxml_html
from payload import PAYLOAD, Marked, marked_project

# Fields that are never shown to a reader, by design (with the reason).
NOT_SHOWN = {
    r"data/glossary\.yml: terms\[\d+\]\.(pl|en)\.forms\[\d+\]": "inflected forms: patterns that find a term in pages",
    r"data/glossary\.yml: not_terms\[\d+\]\.reason": "why a word is not an abbreviation: a note for editors",
    r"data/strings/[a-z-]+\.yml: [a-z_]+_forms\.(pl|en)\[\d\]": "a plural form shows only where a count needs it",
    r"data/strings/timeline\.yml: no_dates\.(pl|en)": "shown for a milestone with no dates; the data has none",
    r"data/strings/pdf\.yml: box\.(pl|en)": "a tick box's label in the tagged PDF: read out, not printed",
    r"data/strings/form-sheet\.yml: language\.(pl|en)": "the language code of a Word file",
    r"data/strings/local\.yml: kinds\.(pl|en)\.pzk": "the example local edition's partnership is a G-PZK",
}


@pytest.fixture(scope="session")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Marked:
    return marked_project(tmp_path_factory.mktemp("payload") / "project")


@pytest.fixture(scope="session")
def payload_site(marked: Marked) -> Path:
    # With the example local edition, marked too: its pages carry the payload as well.
    # No offline edition (KK_ZIP=0): it is the same pages built again (tests/test_offline.py).
    env = {"KK_PDF": "1", "KK_ZIP": "0", "KK_LOCAL": str(marked.root / "local" / "example"), "KK_TODAY": "2026-12-01"}
    return build_site(marked.root.parent / "site", cwd=marked.root, env=env, what="the build with the payload")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _live(element: lxml_html.HtmlElement) -> str | None:
    """What of the payload is live in this element, if anything."""
    if "data-kk-payload" in element.attrib or "data-kk-attr" in element.attrib:
        return f"<{element.tag}> with the payload's attribute"
    if any("kkPwned" in value for name, value in element.attrib.items() if name.startswith("on")):
        return f"<{element.tag}> with the payload's event handler"
    if element.tag == "script" and "kkPwned" in (element.text or "") and element.get("type") != "application/json":
        return "a <script> running the payload"
    return None


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_the_sweep_marks_every_kind_of_text(marked: Marked) -> None:
    """The sweep reaches every data file and the front matter (a sweep that marked nothing would
    make every other test here pass)."""
    files = {where.split(":")[0] for where in marked.fields.values()}
    data_files = {
        p.relative_to(marked.root).as_posix()
        for p in (marked.root / "data").rglob("*.yml")
        if "schemas" not in p.relative_to(marked.root / "data").parts
    }
    assert data_files <= files
    local_files = {p.relative_to(marked.root).as_posix() for p in (marked.root / "local").rglob("*.yml")}
    assert local_files and local_files <= files
    assert any(f.startswith("docs/good-practices/") for f in files)
    assert len(marked.fields) > 1000


def test_no_part_of_the_payload_is_live_in_any_page(payload_site: Path) -> None:
    found = []
    for path in html_files(payload_site):
        for element in lxml_html.fromstring(path.read_bytes()).iter():
            if isinstance(element.tag, str) and (what := _live(element)):
                found.append(f"{path.relative_to(payload_site)}: {what}")
    assert found == []


def test_titles_are_text_in_navigation_tab_and_header(payload_site: Path, marked: Marked) -> None:
    """The reported defect: a title from data (the checklists' index) ran as a script on every page."""
    checklist_title = next(t for t, w in marked.fields.items() if w == "data/checklists.yml: index.pl.title")
    home = lxml_html.fromstring((payload_site / "index.html").read_bytes())
    nav_texts = [" ".join(a.text_content().split()) for a in home.cssselect("nav.md-nav--primary .md-nav__link")]
    assert any(checklist_title + PAYLOAD in text for text in nav_texts)
    page = lxml_html.fromstring((payload_site / "tools/checklists/index.html").read_bytes())
    # <title> holds text with its character references (libxml2 leaves them as they are).
    assert checklist_title + PAYLOAD in html.unescape(page.cssselect("title")[0].text_content())
    assert checklist_title + PAYLOAD in page.cssselect(".md-header__topic .md-ellipsis")[-1].text_content()
    english = lxml_html.fromstring((payload_site / "en/index.html").read_bytes())
    english_title = next(t for t, w in marked.fields.items() if w == "data/checklists.yml: index.en.title")
    assert any(english_title + PAYLOAD in a.text_content() for a in english.cssselect("nav.md-nav--primary label"))


def test_json_for_scripts_holds_the_payload_as_data(payload_site: Path) -> None:
    embedded = 0
    for path in html_files(payload_site):
        for script in lxml_html.fromstring(path.read_bytes()).cssselect('script[type="application/json"]'):
            text = "".join(_strings(json.loads(script.text)))
            embedded += "<script>kkPwned()</script>" in text
    assert embedded > 0


def test_search_index_holds_the_payload_as_text(payload_site: Path) -> None:
    for index in sorted(payload_site.rglob("search_index.json")):
        shown = 0
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            for key in ("title", "text"):
                if "kkPwned" not in doc.get(key, ""):
                    continue
                fragment = lxml_html.fragment_fromstring(doc[key], create_parent="div")
                live = [_live(el) for el in fragment.iter() if isinstance(el.tag, str) and _live(el)]
                assert live == [], f"{index.relative_to(payload_site)}: {doc['location']} {key}"
                shown += PAYLOAD in fragment.text_content()
        assert shown > 0, index


@cache
def _site_text(site: str) -> str:
    """Everything the site shows as text: page text, attribute values (tooltips, labels), the
    data embedded for scripts and the search index."""
    texts: list[str] = []
    for path in html_files(Path(site)):
        doc = lxml_html.fromstring(path.read_bytes())
        texts.append(doc.text_content())
        for element in doc.iter():
            if isinstance(element.tag, str):
                texts.extend(element.attrib.values())
                if element.tag == "script" and element.get("type") == "application/json":
                    texts.extend(_strings(json.loads(element.text)))
    for index in Path(site).rglob("search_index.json"):
        texts.extend(_strings(json.loads(index.read_text(encoding="utf-8"))))
    return "\n".join(texts)


@cache
def _book_text(site: str) -> str:
    books = sorted(Path(site).rglob("*.pdf"))
    assert len(books) == 2, books
    return "\n".join(
        subprocess.run(["pdftotext", str(book), "-"], capture_output=True, text=True, check=True).stdout
        for book in books
    )


def _shown(text: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"(kkf[a-z]+)" + re.escape(PAYLOAD), text)}


@cache
def _word_text(site: str) -> str:
    texts: list[str] = []
    for path in sorted(Path(site).rglob("*.docx")):
        document = docx.Document(str(path))
        texts += [p.text for p in document.paragraphs]
        texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        texts += [p.text for section in document.sections for p in section.footer.paragraphs]
    return "\n".join(texts)


def test_every_field_a_reader_is_shown_shows_the_payload_as_text(payload_site: Path, marked: Marked) -> None:
    """On a page (text, tooltips, labels, data for scripts, the search index), in the books or in
    the Word files: every field but the few never shown by design."""
    shown = _shown(_site_text(str(payload_site))) | _shown(_word_text(str(payload_site)))
    # The book may set a text in capitals (the cover's kicker): its token is found in any case.
    shown |= {m.group(1).lower() for m in re.finditer(r"(kkf[a-z]+)</title>", _book_text(str(payload_site)), re.I)}
    missing = [
        where
        for token, where in sorted(marked.fields.items(), key=lambda item: item[1])
        if token not in shown and not any(re.fullmatch(pattern, where) for pattern in NOT_SHOWN)
    ]
    assert missing == []


def test_the_books_hold_the_payload_as_text(payload_site: Path) -> None:
    text = _book_text(str(payload_site))
    # pdftotext keeps the characters; the payload is long, so the book may break it across lines.
    flat = re.sub(r"\s+", "", text)
    assert flat.count(re.sub(r"\s+", "", "<script>kkPwned()</script>")) > 100


def test_word_files_hold_the_payload_as_text(payload_site: Path, marked: Marked) -> None:
    files = sorted(payload_site.rglob("*.docx"))
    assert files
    for path in files:
        document = docx.Document(str(path))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
        assert PAYLOAD in text, path.relative_to(payload_site)


@pytest.mark.browser
def test_the_payload_never_runs_in_the_browser(payload_site: Path, browser: object, marked: Marked) -> None:
    """Pages with data in their navigation, titles, tools and search results: the payload's
    function is never called."""
    import functools
    import threading

    from conftest import QuietServer, StaticHostHandler

    handler = functools.partial(StaticHostHandler, directory=str(payload_site))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context()
    context.add_init_script("window.kkRan = []; window.kkPwned = () => window.kkRan.push(location.pathname);")
    page = context.new_page()
    try:
        for path in (
            "",
            "tools/checklists/prepare-partnership/",
            "tools/variant-picker/",
            "good-practices/",
            "glossary/",
            "en/tools/forms/",
            "nie-ma/",
        ):
            page.goto(url + path, wait_until="networkidle")
            page.mouse.move(10, 10)
            assert page.evaluate("window.kkRan") == [], path
            if path == "tools/checklists/prepare-partnership/":
                assert "<script>kkPwned()</script>" in page.title()  # the tab shows the title as text
        token = next(t for t, w in marked.fields.items() if w.startswith("data/glossary.yml: terms[0].pl.definition"))
        page.goto(url)
        box = page.locator("input.md-search__input")
        box.focus()
        box.fill(token)
        box.press("End")
        page.wait_for_selector("li.md-search-result__item")
        assert page.evaluate("window.kkRan") == []
        assert "<script>kkPwned()</script>" in page.locator("li.md-search-result__item").first.inner_text()
    finally:
        context.close()
        server.shutdown()
