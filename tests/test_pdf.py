"""The PDF edition as a reader gets it: both books from the session build, their text read with
poppler's pdftotext (what a reader copies) and their structure with pypdf.

Expectations come from the built site itself: the reading order is the chain of "next page"
links in the site's footer, titles and sections are the pages' h1 and h2 headings.
"""

from __future__ import annotations

import re
import subprocess
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import IndirectObject
from sitepages import content, doc, english, pages, text

from ksiega import pdf
from ksiega.core.project import ROOT as ROOT_DIR
from ksiega.core.strings import read

PDF_WORDS = read(ROOT_DIR, "pdf")  # the PDF edition's words (data/strings/pdf.yml)

LANGS = ("pl", "en")


def compact(value: str) -> str:
    """Text as compared with headings: no whitespace at all, case folded."""
    return "".join(value.split()).casefold()


def norm(value: str) -> str:
    """Text as compared: whitespace (no-break spaces too) collapsed, case folded."""
    return " ".join(value.split()).casefold()


def heading(element: Any) -> str:
    """A heading's text without its permalink sign."""
    return text(element).removesuffix("¶").strip()


@dataclass
class SitePage:
    url: str  # relative to the language root
    title: str
    sections: list[str]  # h2 headings, without the page's list of sources
    nav_depth: int  # 1 for a top-level page or a section's index page, 2 inside a section, …


# Text printed at 13 pt or more is a heading: poppler's line boxes of the book's sans-serif
# fonts are about 1.12 times the font size (body text at 10.5 pt: 11.6 pt boxes; a checkbox
# glyph 13.4 pt; the smallest heading, 13.5 pt: 15.1 pt boxes).
HEADING_LINE_HEIGHT = 14.5


def poppler_text(path: Path, *args: str) -> str:
    """`pdftotext` (poppler-utils): the text a reader copies out of the PDF, pages split by form feeds."""
    command = ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"]
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


def heading_lines(path: Path) -> list[list[str]]:
    """Per page, the text printed in heading sizes, one entry per heading (consecutive lines of the
    same size joined), compared without spaces: a heading's lines break anywhere."""
    tree = etree.fromstring(poppler_text(path, "-bbox-layout").encode("utf-8"), etree.XMLParser(huge_tree=True))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages: list[list[str]] = []
    for page in tree.iterfind(".//x:page", ns):
        found: list[str] = []
        previous = 0.0
        for line in page.iterfind(".//x:line", ns):
            height = round(float(line.get("yMax")) - float(line.get("yMin")), 1)
            words = "".join(word.text or "" for word in line.iterfind("x:word", ns))
            if height >= HEADING_LINE_HEIGHT and height == previous:
                found[-1] += words
            elif height >= HEADING_LINE_HEIGHT:
                found.append(words)
            previous = height
        pages.append([compact(h) for h in found])
    return pages


@dataclass
class Book:
    """One language's book: structure (outline, links, tags) read with pypdf, text with poppler."""

    lang: str
    path: Path
    reader: PdfReader
    texts: list[str]  # the text of each page
    _headings: list[list[str]] = field(default_factory=list)

    def headings(self, index: int) -> list[str]:
        """Text printed on a page in heading sizes (13 pt and more), one entry per heading."""
        if not self._headings:
            self._headings = heading_lines(self.path)
        return self._headings[index]

    def dest_page(self, name: str) -> int:
        return self.reader.get_destination_page_number(self.reader.named_destinations[name])


@cache
def _book(site: Path, lang: str) -> Book:
    path = pdf.pdf_path(site, lang)
    reader = PdfReader(path)
    texts = poppler_text(path).split("\f")[: len(reader.pages)]
    return Book(lang, path, reader, texts)


@pytest.fixture(scope="module", params=LANGS)
def book(request: pytest.FixtureRequest, built_site: Path) -> Book:
    return _book(built_site, request.param)


@cache
def reading_order(site: Path, lang: str) -> list[SitePage]:
    """The site's pages in reading order: the footer's "next page" links from the home page."""
    prefix = "en/" if lang == "en" else ""
    url, found = "", []
    while url is not None and len(found) < 1000:
        article = content(site, prefix + url)
        # What the book leaves out (screen-only parts: hidden result panels, widgets) has no bookmarks.
        omitted = set(article.cssselect(pdf.OMIT))
        sections = [
            heading(h)
            for h in article.cssselect("h2")
            if "kk-page-sources" not in (h.get("class") or "") and not omitted.intersection(h.iterancestors())
        ]
        # The site's navigation marks the page's path: one active item per level.
        depth = len(doc(site, prefix + url).cssselect("nav.md-nav--primary li.md-nav__item--active"))
        found.append(SitePage(url, heading(article.cssselect("h1")[0]), sections, depth))
        following = doc(site, prefix + url).cssselect("a.md-footer__link--next")
        url = urljoin(f"/{url}", following[0].get("href")).lstrip("/") if following else None
    return found


def book_order(site: Path, lang: str) -> list[SitePage | str]:
    """The reading order as printed: annexes (the form templates) after the other chapters,
    opened by an "Annexes" part title (a str)."""
    order = reading_order(site, lang)
    annexes = [p for p in order if pdf.is_annex(p.url)]
    main = [p for p in order if not pdf.is_annex(p.url)]
    return [*main, PDF_WORDS[lang]["annexes"], *annexes] if annexes else main


def outline(book: Book) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every bookmark, in order."""
    flat: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                flat.append((level, item.title, book.reader.get_destination_page_number(item)))

    walk(book.reader.outline, 1)
    return flat


def contents_lines(book: Book) -> list[tuple[str, int]]:
    """(title, printed page number) of each line of the table of contents: the pages between
    the cover and the first chapter, read in poppler's layout mode, where the number ends the
    entry's first line; a title too long for one line continues on the next."""
    labels = PDF_WORDS[book.lang]
    footer = re.compile(rf"^{labels['page']} \d+ {labels['of']} \d+$")
    first, last = 2, book.dest_page(pdf.chapter_anchor(""))  # 1-based: the page after the cover
    layout = poppler_text(book.path, "-layout", "-f", str(first), "-l", str(last))
    entries: list[tuple[str, int]] = []
    for raw in layout.splitlines():
        line = " ".join(raw.split())
        if not line or line == labels["contents"] or footer.match(line) or line.endswith(labels["contents"]):
            continue  # the contents' title, the running header and the footer
        match = re.fullmatch(r"(?P<title>\S.*?)\s{2,}(?P<page>\d+)", raw.strip())
        if match:
            entries.append((" ".join(match.group("title").split()), int(match.group("page"))))
        elif entries:
            entries[-1] = (f"{entries[-1][0]} {line}", entries[-1][1])
    return entries


def test_each_language_has_a_book_of_sensible_length(built_site: Path, book: Book) -> None:
    order = book_order(built_site, book.lang)
    chars = sum(
        len(text(content(built_site, ("en/" if book.lang == "en" else "") + p.url)))
        for p in order
        if isinstance(p, SitePage)
    )
    pages_count = len(book.reader.pages)
    # Every chapter starts on a new page, after the cover and the contents; a page holds
    # between ~1,500 characters (tables, headings) and ~5,000 (full text).
    assert len(order) + 2 <= pages_count <= 2 + len(order) * 2 + chars // 1500, pages_count
    assert pages_count >= len(order) + chars // 5000


def expected_outline(site: Path, lang: str) -> list[tuple[str, str]]:
    """(kind, title) of every bookmark the book should have: the contents, then per page its
    title ("chapter") and h2 headings ("section"); "part" for the annexes' title."""
    expected: list[tuple[str, str]] = [("contents", PDF_WORDS[lang]["contents"])]
    for item in book_order(site, lang):
        if isinstance(item, str):
            expected.append(("part", item))
            continue
        expected.append(("chapter", item.title))
        expected += [("section", s) for s in item.sections]
    return expected


def test_outline_mirrors_chapters_and_sections(built_site: Path, book: Book) -> None:
    expected = expected_outline(built_site, book.lang)
    got = outline(book)
    assert [norm(t) for _, t, _ in got] == [norm(t) for _, t in expected]
    # Levels: sections below their chapter; chapters at their depth in the site navigation.
    chapter_level = 1
    kinds = iter(expected)
    order = iter(p for p in book_order(built_site, book.lang))
    for level, title, _page in got:
        kind, _ = next(kinds)
        if kind == "chapter":
            page = next(order)
            while isinstance(page, str):
                page = next(order)
            expected_level = 2 if pdf.is_annex(page.url) else page.nav_depth
            assert level == expected_level, f"{title}: level {level}, expected {expected_level}"
            chapter_level = level
        elif kind == "section":
            assert level == chapter_level + 1, title
        else:
            assert level == 1, title


def test_every_chapter_starts_a_page_and_its_title_is_printed_there(built_site: Path, book: Book) -> None:
    expected = expected_outline(built_site, book.lang)
    got = outline(book)
    assert len(got) == len(expected)
    chapters = [(title, page) for (kind, _), (_, title, page) in zip(expected, got, strict=True) if kind == "chapter"]
    pages_seen = [page for _, page in chapters]
    assert pages_seen == sorted(set(pages_seen)), "two chapters share a page, or are out of order"
    for title, page in chapters:
        assert compact(title) in book.headings(page), f"'{title}' is not printed as a heading on page {page + 1}"


def test_polish_letters_are_extracted_intact(built_site: Path) -> None:
    whole = norm(" ".join(_book(built_site, "pl").texts))
    site_text = norm(" ".join(text(content(built_site, p.url)) for p in reading_order(built_site, "pl")))
    for word in ("Współpraca", "Częstochowa", "źródła", "Łódź", "jędrzejowskim", "Ośrodek", "żeby"):
        assert word.casefold() in whole or word.casefold() not in site_text, word
    assert all(w in whole for w in ("współpraca", "częstochowa", "źródła"))
    # Every word with a Polish letter in the chapter titles (headings are never hyphenated).
    for page in reading_order(built_site, "pl"):
        for word in re.findall(r"\w*[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]\w*", page.title):
            assert word.casefold() in whole, word


def test_running_footer_counts_pages(book: Book) -> None:
    total = len(book.texts)
    labels = PDF_WORDS[book.lang]
    for index in range(1, total):  # the cover has no footer
        assert f"{labels['page']} {index + 1} {labels['of']} {total}" in book.texts[index], index + 1
    assert labels["page"] not in book.texts[0]


def test_tagged_pdf_with_language_and_embedded_fonts(book: Book) -> None:
    root = book.reader.trailer["/Root"]
    assert root["/Lang"] == book.lang
    assert root["/MarkInfo"]["/Marked"]
    tree = root["/StructTreeRoot"]
    assert tree.get("/K"), "the structure tree is empty"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert book.reader.metadata.title
    figures = []

    def walk(node: Any, depth: int = 0) -> None:
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, list):
            for child in node:
                walk(child, depth)
        elif hasattr(node, "get") and node.get("/S") is not None:
            if node.get("/S") == "/Figure":
                figures.append(node)
            if depth < 60:
                walk(node.get("/K", []), depth + 1)

    walk(tree["/K"])
    assert all("/Alt" in figure for figure in figures), "an image has no alternative text"
    fonts = {}
    for page in book.reader.pages[:10]:
        for name, font in page["/Resources"].get("/Font", {}).items():
            fonts[name] = font.get_object()
    assert fonts
    for name, font in fonts.items():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} is not embedded"


def test_contents_page_numbers_match_the_pages_of_headings(built_site: Path, book: Book) -> None:
    lines = contents_lines(book)
    # One line per part and chapter, in the order of the bookmarks.
    expected = [title for kind, title in expected_outline(built_site, book.lang) if kind in ("chapter", "part")]
    annex = re.compile(rf"^{PDF_WORDS[book.lang]['annex']} \d+\. ", re.IGNORECASE)
    assert [norm(annex.sub("", t)) for t, _ in lines] == [norm(t) for t in expected]
    cursor = book.dest_page(pdf.chapter_anchor(""))
    for title, printed in lines:
        wanted = compact(annex.sub("", title))
        page = cursor
        while page < len(book.texts) and wanted not in book.headings(page):
            page += 1
        assert page < len(book.texts), f"'{title}' is not printed as a heading after page {cursor + 1}"
        assert page + 1 == printed, f"contents say '{title}' is on page {printed}, it is on page {page + 1}"
        cursor = page


def test_internal_links_lead_to_pages_of_the_book(built_site: Path, book: Book) -> None:
    internal = external = 0
    bibliography = pdf.chapter_anchor("about/sources/")
    bib_page = book.dest_page(bibliography)
    for page in book.reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            assert abs(x2 - x1) > 2 and abs(y2 - y1) > 4, f"a link on page {page.page_number + 1} cannot be clicked"
            action = annot.get("/A", {})
            if "/URI" in action:
                external += 1
                continue
            dest = annot.get("/Dest") or action.get("/D")
            assert dest is not None, f"a link on page {page.page_number + 1} leads nowhere"
            if isinstance(dest, str):
                assert dest in book.reader.named_destinations, f"link to missing '{dest}'"
                target = book.dest_page(dest)
                if dest.startswith(bibliography + "--"):
                    assert target >= bib_page, f"citation '{dest}' does not lead to the bibliography"
            else:
                target = book.reader.get_page_number(dest[0].get_object())
            assert 0 <= target < len(book.reader.pages)
            internal += 1
    citations = sum(
        len(content(built_site, ("en/" if book.lang == "en" else "") + p.url).cssselect("sup.kk-cite a"))
        for p in reading_order(built_site, book.lang)
    )
    assert internal >= citations + len(contents_lines(book))


def test_checklists_print_as_empty_boxes(built_site: Path, book: Book) -> None:
    prefix = "en/" if book.lang == "en" else ""
    boxes = sum(
        len(content(built_site, prefix + p.url).cssselect("input[type=checkbox]"))
        for p in reading_order(built_site, book.lang)
    )
    assert "".join(book.texts).count("☐") == boxes


@pytest.mark.parametrize("lang", LANGS)
def test_download_link_on_every_page_in_its_language(built_site: Path, site_url: str, lang: str) -> None:
    expected = pdf.pdf_path(built_site, lang)
    size = pdf.size_label(expected.stat().st_size, lang)
    label = {"pl": "Pobierz całą księgę", "en": "Download the whole handbook"}[lang]
    for url in pages(built_site):
        if english(url) != (lang == "en"):
            continue
        links = doc(built_site, url).cssselect("#kk-pdf-link")
        assert len(links) == 1, f"/{url} has no link to the PDF"
        target = urljoin(f"/{url}", links[0].get("href")).lstrip("/")
        assert built_site / target == expected, f"/{url} links to /{target}"
        assert " ".join(links[0].text_content().split()) == f"{label} (PDF, {size})".replace("\xa0", " ")
    with urllib.request.urlopen(site_url + expected.relative_to(built_site).as_posix()) as response:  # noqa: S310
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read() == expected.read_bytes()


@pytest.mark.browser
def test_download_link_has_an_accessible_name(page: Any, site_url: str) -> None:
    page.goto(site_url + "en/model/teams/")
    link = page.get_by_role("link", name=re.compile(r"^Download the whole handbook \(PDF, [\d.]+\s(kB|MB)\)$"))
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    page.goto(site_url + "model/teams/")
    link = page.get_by_role("link", name=re.compile(r"^Pobierz całą księgę \(PDF, [\d,]+\s(kB|MB)\)$"))
    assert link.is_visible()
    assert not page.watch.failed
