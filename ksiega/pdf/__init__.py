"""The PDF edition: one book per language, assembled from the built pages in navigation order.

The book is made from what the site already shows, so every page (generated ones included)
appears in print without any per-feature code here:

  nav_entries(site_dir, lang)         the reading order, read from the built site's navigation
                                      (pages kept out of it follow the page that links them
                                      with data-kk-book="follows": a basket's service cards)
  load_chapters(site_dir, lang, …)    each page's article: ids prefixed per chapter, links
                                      pointing inside the book, screen-only parts left out
  book_html(site_dir, lang, edition)  one print HTML: cover, contents, chapters, annexes
  render_document(html, site_dir, …)  WeasyPrint layout with the book's CSS (ksiega/pdf.css)
                                      after the features' own stylesheets
  write_pdf(document, target)         A4, tagged (PDF/UA-1), fonts with Polish glyphs embedded
  build(handbook, site_dir)           both books, and the size on every page's download link

Everything here is a pure function over HTML files, so tests and the benchmark run it without
MkDocs. Features keep screen-only widgets out of the book with the class `kk-screen-only` (or
`data-kk-pdf="omit"`); buttons, text inputs, hidden panels and scripts are always left out, and
checkboxes print as empty boxes.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import tinycss2
from lxml import html as lxml_html
from markupsafe import Markup

from ksiega.core.feature import Feature
from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS, Lang, page_prefix
from ksiega.core.render import Templates, css_string
from ksiega.core.strings import fill, ui
from ksiega.toolkit.lang import format_number, long_date, text_in
from ksiega.toolkit.text import ascii_slug

TEMPLATES = Templates(Path(__file__).parent)


CSS = Path(__file__).with_name("book.css")

# Pages printed at the end of the book as numbered annexes (the form templates), not in place.
# The section's own index page stays where the navigation puts it.
ANNEX_SECTIONS: tuple[str, ...] = ("tools/forms/",)

# Left out of the book: page furniture, scripts and interactive-only widgets. Their no-JS
# content (tables, lists) stays; features mark anything else screen-only with these hooks.
OMIT = ", ".join(
    [
        "script",
        "style",
        "template",
        "noscript",
        "button",
        "select",
        "textarea",
        "input:not([type=checkbox]):not([type=radio])",
        "[role=search]",
        "[hidden]",
        ".kk-screen-only",
        "[data-kk-pdf=omit]",
        "a.headerlink",
        ".md-source-file",
        ".md-content__button",
        "form.md-feedback",
    ]
)
# Attributes that hold id references, prefixed together with the ids.
ID_REFS = ("for", "headers", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "list")
# Attributes that only make sense in a browser.
DROP_ATTRS = ("for", "onclick", "tabindex", "data-md-component", "data-md-state", "aria-expanded", "aria-hidden")


# A link marked so brings a page kept out of the navigation into the book, right after the page
# that holds the link and at its level, in link order (a local basket's service cards).
FOLLOWS = 'a[data-kk-book="follows"]'

# The download links in every page's footer carry this placeholder until the PDF exists.
SIZE_PLACEHOLDER = "<!--kk:pdf-size-->"


def pdf_name(lang: Lang) -> str:
    return f"ksiega-kooperacji.{lang}.pdf"


def pdf_path(site_dir: Path, lang: Lang) -> Path:
    """Where a language's book is written: site/ksiega-kooperacji.pl.pdf, site/en/ksiega-kooperacji.en.pdf."""
    return site_dir / page_prefix(lang) / pdf_name(lang)


# --- Reading order ------------------------------------------------------------------------


@dataclass
class NavEntry:
    """One item of the navigation: a page (url relative to the language root, "" = home)
    or a section heading without a page (url None)."""

    title: str
    url: str | None
    depth: int


def _clean_text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _lang_root(site_dir: Path, lang: Lang) -> Path:
    return site_dir / page_prefix(lang)


def _page_file(site_dir: Path, lang: Lang, url: str) -> Path:
    return _lang_root(site_dir, lang) / url / "index.html"


def _nav_url(href: str) -> str:
    """A navigation href on the language's home page → url relative to the language root."""
    path = urlsplit(urljoin("/", href)).path
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return unquote(path.lstrip("/"))


def nav_entries(site_dir: Path, lang: Lang) -> list[NavEntry]:
    """Pages in navigation order, with their depth, read from the language's built home page."""
    home = lxml_html.fromstring(_page_file(site_dir, lang, "").read_bytes())
    primary = home.cssselect("nav.md-nav--primary > ul.md-nav__list")
    if not primary:
        raise ValueError(f"{_page_file(site_dir, lang, '')}: no primary navigation found")
    entries: list[NavEntry] = []

    def walk(ul: Any, depth: int) -> None:
        for li in ul.findall("li"):
            nested = [n for n in li.findall("nav") if "md-nav--secondary" not in n.get("class", "")]
            link = None
            for candidate in li.findall("a") + li.findall("div/a"):
                href = candidate.get("href", "")
                if "md-nav__link" in candidate.get("class", "") and not href.startswith("#"):
                    link = candidate
                    break
            if link is not None:
                entries.append(NavEntry(_clean_text(link), _nav_url(link.get("href", "")), depth))
            elif nested:
                label = nested[0].find("label")
                title = _clean_text(label) if label is not None else ""
                entries.append(NavEntry(title, None, depth))
            for sub in nested:
                for child_ul in sub.findall("ul"):
                    walk(child_ul, depth + 1)

    walk(primary[0], 0)
    # A section with an index page: the section link is that page; its children follow.
    seen: set[str | None] = set()
    unique = []
    for entry in entries:
        if entry.url is not None and entry.url in seen:
            continue
        seen.add(entry.url)
        unique.append(entry)
    return unique


# --- Chapters -----------------------------------------------------------------------------


def chapter_anchor(url: str) -> str:
    """The in-book id of a page: "kk-home", "kk-model-teams"."""
    return f"kk-{ascii_slug(url) or 'home'}"


@dataclass
class Chapter:
    """One page of the site as a part of the book."""

    url: str | None  # relative to the language root; None for a section without a page
    anchor: str  # the chapter's id in the book (its h1 carries it)
    title: str
    depth: int  # 0: top level (a part when chapters follow it), 1: inside a section, …
    body: Any  # lxml <section> holding the page's content
    ids: set[str] = field(default_factory=set)  # the page's own ids, before prefixing
    h1_id: str | None = None  # the page's own id of its title
    annex: int = 0  # annex number, 0 for a chapter
    part: bool = False  # opens a section of the navigation
    follows: list[str] = field(default_factory=list)  # pages out of the navigation printed next (urls)


def is_annex(url: str | None) -> bool:
    return url is not None and any(url.startswith(s) and url != s for s in ANNEX_SECTIONS)


def _article(path: Path) -> Any:
    document = lxml_html.fromstring(path.read_bytes())
    articles = document.cssselect("article.md-content__inner")
    if not articles:
        raise ValueError(f"{path}: no article.md-content__inner")
    return articles[0]


def _clean(article: Any, labels: Mapping[str, Any]) -> None:
    """Leave out what only works on screen; turn widgets into their printed form."""
    for element in article.cssselect(OMIT):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element
    for box in article.cssselect("input"):
        kind = box.get("type")
        mark = lxml_html.Element("span")
        # The input's own classes stay: a feature that draws its own box hides this one.
        mark.set("class", " ".join([f"kk-box kk-box--{kind}", box.get("class", "")]).strip())
        mark.set("role", "img")
        mark.set("aria-label", labels["box"])
        mark.text = "☐" if kind == "checkbox" else "○"
        if box.get("id"):
            mark.set("id", box.get("id"))  # links to a checklist item still land on it
        mark.tail = box.tail
        item = next((a for a in box.iterancestors("li")), None)
        if item is not None:
            item.set("class", (item.get("class", "") + " kk-task").strip())
        box.getparent().replace(box, mark)
    for details in article.iter("details"):
        details.set("open", "open")
    for form in article.iter("form"):
        form.tag = "div"
        form.attrib.clear()
        form.set("class", "kk-form")
    for element in article.iter():
        if isinstance(element.tag, str):
            for name in DROP_ATTRS:
                element.attrib.pop(name, None)


def load_chapter(site_dir: Path, lang: Lang, entry: NavEntry, labels: Mapping[str, Any]) -> Chapter:
    """One page's content as a chapter (ids not yet prefixed, links not yet rewritten)."""
    section = lxml_html.Element("section")
    if entry.url is None:
        heading = lxml_html.Element("h1")
        heading.text = entry.title
        section.append(heading)
        return Chapter(None, f"kk-part-{ascii_slug(entry.title)}", entry.title, entry.depth, section)
    article = _article(_page_file(site_dir, lang, entry.url))
    follows = [_nav_url(urljoin(f"/{entry.url}", link.get("href", ""))) for link in article.cssselect(FOLLOWS)]
    _clean(article, labels)
    for child in list(article):
        section.append(child)
    ids = {el.get("id") for el in section.iter() if isinstance(el.tag, str) and el.get("id")}
    h1 = section.find(".//h1")
    title = _clean_text(h1) if h1 is not None else entry.title
    return Chapter(
        entry.url,
        chapter_anchor(entry.url),
        title,
        entry.depth,
        section,
        ids,
        h1.get("id") if h1 is not None else None,
        follows=follows,
    )


def _prefix_ids(chapter: Chapter) -> None:
    """Make every id unique in the book: the title gets the chapter's anchor, others a prefix."""
    h1 = chapter.body.find(".//h1")
    for element in chapter.body.iter():
        if not isinstance(element.tag, str):
            continue
        if element is h1:
            element.set("id", chapter.anchor)
            continue
        if element.get("id"):
            element.set("id", f"{chapter.anchor}--{element.get('id')}")
        for name in ID_REFS:
            if element.get(name):
                element.set(name, " ".join(f"{chapter.anchor}--{ref}" for ref in element.get(name).split()))
    if h1 is None:
        chapter.body.set("id", chapter.anchor)


def resolve_link(href: str, page_url: str, lang: Lang, chapters: dict[str, Chapter]) -> str | None:
    """Where a link on the page `page_url` leads in the book.

    "#id" for pages and anchors in the book; the href itself for other sites and e-mail;
    None for anything else (files, pages of the other language): such links become text.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href if parts.scheme in ("http", "https", "mailto") else None
    root = "/" + page_prefix(lang)
    target = urlsplit(urljoin(root + page_url, href))
    path = target.path.removesuffix("index.html")
    if not path.startswith(root):
        return None
    chapter = chapters.get(unquote(path[len(root) :]))
    if chapter is None:
        return None
    fragment = unquote(target.fragment)
    if fragment and fragment in chapter.ids and fragment != chapter.h1_id:
        return f"#{chapter.anchor}--{fragment}"
    return f"#{chapter.anchor}"


def _is_download(href: str) -> bool:
    """A link to a file of the site (a Word template, an image), not to a page."""
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and bool(re.search(r"\.(?!html?$)[a-z0-9]{2,5}$", parts.path))


def _rewrite_links(chapter: Chapter, lang: Lang, chapters: dict[str, Chapter]) -> None:
    for link in list(chapter.body.iter("a")):
        href = link.get("href")
        if href is None:
            continue
        target = resolve_link(href, chapter.url or "", lang, chapters)
        parent = link.getparent()
        if (
            target is None
            and _is_download(href)
            and parent is not None
            and parent.tag in ("p", "li")
            and _clean_text(parent) == _clean_text(link)
        ):
            # A paragraph that only offers a file to download ("Download the Word file"): the
            # book cannot hand out files, so the offer goes.
            parent.drop_tree()
            continue
        if target is None:
            link.tag = "span"
            for name in ("href", "download", "type", "hreflang", "rel", "target"):
                link.attrib.pop(name, None)
            continue
        link.set("href", target)
        if not target.startswith("#"):
            link.set("class", (link.get("class", "") + " kk-external").strip())


def _rewrite_images(chapter: Chapter, lang: Lang) -> None:
    """Image paths relative to the site root (the book's base URL); every image has an alt."""
    base = "/" + page_prefix(lang) + (chapter.url or "")
    for image in chapter.body.iter("img"):
        src = image.get("src", "")
        if not urlsplit(src).scheme:
            image.set("src", urlsplit(urljoin(base, src)).path.lstrip("/"))
        if image.get("alt") is None:
            image.set("alt", "")


def load_chapters(
    site_dir: Path, lang: Lang, labels: Mapping[str, Any], entries: list[NavEntry] | None = None
) -> list[Chapter]:
    """Every page of the language as a chapter, in reading order with annexes last; ids
    prefixed per chapter and links pointing inside the book."""
    entries = entries if entries is not None else nav_entries(site_dir, lang)
    listed = {entry.url for entry in entries}
    chapters = []
    for entry in entries:
        chapter = load_chapter(site_dir, lang, entry, labels)
        chapters.append(chapter)
        for url in chapter.follows:
            if url not in listed:
                listed.add(url)
                chapters.append(load_chapter(site_dir, lang, NavEntry("", url, entry.depth), labels))
    for chapter, following in zip(chapters, [*chapters[1:], None], strict=True):
        chapter.part = following is not None and following.depth > chapter.depth and not is_annex(following.url)
    by_url = {c.url: c for c in chapters if c.url is not None}
    for chapter in chapters:
        _prefix_ids(chapter)
    for chapter in chapters:
        _rewrite_links(chapter, lang, by_url)
        _rewrite_images(chapter, lang)
    main = [c for c in chapters if not is_annex(c.url)]
    annexes = [c for c in chapters if is_annex(c.url)]
    if annexes:
        part = load_chapter(site_dir, lang, NavEntry(labels["annexes"], None, 0), labels)
        part.anchor = "kk-annexes"
        part.body.find("h1").set("id", part.anchor)
        part.part = True
        for number, annex in enumerate(annexes, start=1):
            annex.annex, annex.depth = number, 1
        annexes = [part, *annexes]
    return main + annexes


# --- The book -----------------------------------------------------------------------------


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def build_time(edition: dict[str, Any]) -> dt.datetime:
    """When the file was made, as its metadata says: SOURCE_DATE_EPOCH when set (reproducible
    builds), otherwise the edition's update date; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.combine(_as_date(edition["updated"]), dt.time(), tzinfo=dt.UTC)


# Polish typesetting: a one-letter word (w, z, i, a, o, u) never ends a line.
_SINGLE_LETTER = re.compile(r"(?<!\w)([aiouwzAIOUWZ]) +")


def tie(text: str, lang: Lang) -> str:
    """In Polish, tie one-letter words to the next word with a no-break space."""
    return _SINGLE_LETTER.sub("\\1\u00a0", text) if lang == "pl" else text


def bind_single_letters(element: Any) -> None:
    """Tie Polish one-letter words to the next word in every text of `element`."""
    for node in element.iter():
        if not isinstance(node.tag, str) or node.tag in ("code", "pre"):
            continue
        if node.text:
            node.text = tie(node.text, "pl")
        if node.tail:
            node.tail = tie(node.tail, "pl")


def bind_citations(element: Any) -> None:
    """A citation never starts a line: the space before it goes (the CSS puts a margin there).

    Without a space there is no break opportunity between a word and "[" (Unicode line
    breaking), so the word and its citation wrap together. A no-break space would do the same,
    but WeasyPrint 70 then breaks the line before it far too early.
    """
    for sup in element.cssselect("sup.kk-cite"):
        previous = sup.getprevious()
        if previous is not None:
            if previous.tail:
                previous.tail = previous.tail.rstrip(" ")
        else:
            parent = sup.getparent()
            if parent is not None and parent.text:
                parent.text = parent.text.rstrip(" ")


def _serialize(element: Any) -> str:
    return lxml_html.tostring(element, encoding="unicode", method="html")


def contents(chapters: list[Chapter]) -> list[dict[str, Any]]:
    """The table of contents: one line per part and chapter, with its page number.

    Sections (h2) are bookmarks in the PDF's outline, not lines here: the book has close to a
    hundred chapters, and a contents page should be read at a glance."""
    lines = []
    for chapter in chapters:
        lines.append(
            {
                "href": f"#{chapter.anchor}",
                "title": chapter.title,
                "depth": chapter.depth,
                "part": chapter.part,
                "annex": chapter.annex,
            }
        )
    return lines


def book_html(
    site_dir: Path,
    lang: Lang,
    edition: dict[str, Any],
    labels: Mapping[str, Any],
    entries: list[NavEntry] | None = None,
) -> str:
    """The print HTML of one language's book."""
    chapters = load_chapters(site_dir, lang, labels, entries)
    blocks = []
    for chapter in chapters:
        bind_citations(chapter.body)
        if lang == "pl":
            bind_single_letters(chapter.body)
        # md-typeset, as on the site: the features' stylesheets select their components with it.
        classes = ["kk-chapter", "md-typeset", f"kk-depth-{min(chapter.depth, 3)}"]
        if chapter.part:
            classes.append("kk-part")
        if chapter.annex:
            classes.append("kk-annex")
        if chapter.url is None:
            classes.append("kk-divider")  # a part title with no page of its own: a title page
        chapter.body.set("class", " ".join(classes))
        if chapter.annex:
            kicker = lxml_html.Element("p")
            kicker.set("class", "kk-annex-label")
            kicker.text = f"{labels['annex']} {chapter.annex}"
            chapter.body.insert(0, kicker)
        blocks.append(Markup(_serialize(chapter.body)))  # noqa: S704 - parsed and re-serialised by lxml
    updated = _as_date(edition["updated"])
    return TEMPLATES.render(
        "pdf-book.html",
        lang=lang,
        labels=labels,
        title=edition["title"][lang],
        subtitle=tie(edition["subtitle"][lang], lang),
        edition=edition["edition"],
        date=long_date(updated, lang),
        colophon=fill(labels, "colophon", legal_state=long_date(_as_date(edition["legal_state"]), lang)),
        made=build_time(edition).strftime("%Y-%m-%dT%H:%M:%SZ"),
        toc=contents(chapters),
        chapters=blocks,
        # A local edition's book says so on its cover and in its colophon (build() adds the line).
        local_edition=dict(labels).get("local_edition"),
    )


# The site's own stylesheets (ksiega/assets.py) that the book uses: the components one, with
# every feature's rules, for the look of its components (their unscoped and @media print rules
# apply; @media screen rules do not). The theme's stylesheet styles Material's screen layout,
# which the book replaces.
FEATURE_CSS_DIR = "assets/kk/"
THEME_CSS = ("theme.",)


def feature_stylesheets(site_dir: Path, lang: Lang) -> list[Path]:
    """The feature stylesheets the built pages link to, in the site's order."""
    home = lxml_html.fromstring(_page_file(site_dir, lang, "").read_bytes())
    found = []
    for link in home.cssselect('link[rel="stylesheet"]'):
        path = urlsplit(urljoin("/" + page_prefix(lang), link.get("href", ""))).path.lstrip("/")
        name = path.rsplit("/", 1)[-1]
        if path.startswith(FEATURE_CSS_DIR) and name.endswith(".css") and not name.startswith(THEME_CSS):
            found.append(site_dir / path)
    return found


def print_ready(css: str) -> str:
    """A feature stylesheet as the book uses it.

    - Rules scoped by `:has()` are left out: they adapt one printed page of the site to what it
      holds (`body:has(.kk-form) h1`), and the book holds every page in one document.
    - `@page` rules are left out: the book sets up its own pages.
    - Dotted lines become dashed: WeasyPrint draws every dot as a separate circle (a form page
      of lines to fill in grew to 1 MB).
    """
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_print_rules(rules))


def _print_rules(rules: list[Any]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            if ":has(" in tinycss2.serialize(rule.prelude).replace(" ", ""):
                continue
            _dashed(rule.content)
            kept.append(rule.serialize())
        elif rule.type == "at-rule" and rule.lower_at_keyword != "page":
            if rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                body = "\n".join(_print_rules(inner))
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{\n{body}\n}}")
            else:
                kept.append(rule.serialize())
    return kept


def _dashed(tokens: list[Any] | None) -> None:
    for token in tokens or []:
        if token.type == "ident" and token.lower_value == "dotted":
            token.value = token.lower_value = "dashed"
        elif hasattr(token, "content") and isinstance(token.content, list):
            _dashed(token.content)
        elif hasattr(token, "arguments"):
            _dashed(token.arguments)


def page_css(labels: Mapping[str, Any]) -> str:
    """The book's print CSS, with the running footer in the book's language."""
    footer = f'"{css_string(labels["page"])} " counter(page) " {css_string(labels["of"])} " counter(pages)'
    return CSS.read_text(encoding="utf-8").replace("/*FOOTER*/", footer)


def render_document(html: str, site_dir: Path, lang: Lang, labels: Mapping[str, Any]) -> Any:
    """Lay out the book (WeasyPrint); `.pages` are the printed pages."""
    from weasyprint import CSS as WeasyCSS  # imported here: only the PDF step needs WeasyPrint
    from weasyprint import HTML

    # The book's own CSS comes last: its page rules (size, margins, running heads) win.
    sheets = [
        WeasyCSS(string=print_ready(path.read_text(encoding="utf-8")), base_url=path.as_uri())
        for path in feature_stylesheets(site_dir, lang)
    ]
    sheets.append(WeasyCSS(string=page_css(labels)))
    return HTML(string=html, base_url=site_dir.as_uri() + "/").render(stylesheets=sheets)


def page_references_once() -> None:
    """Make pydyf's `PDF.page_references` compute its tuple once per number of pages.

    pydyf 0.13 builds the tuple of every page's reference on each access, and WeasyPrint's PDF/UA
    tagging reads it for every tagged box: quadratic in pages, about 2 CPU-s of a 316-page book.
    The values, and so the PDF's bytes, are the same (tests/test_pdf_unit.py).
    """
    import pydyf  # type: ignore[import-untyped]

    if getattr(pydyf.PDF, "_kk_page_references_once", False):
        return
    original = pydyf.PDF.page_references

    def page_references(self: Any) -> tuple[bytes, ...]:
        count = len(self.pages["Kids"])
        cached = self.__dict__.get("_kk_page_references")
        if cached is None or cached[0] != count:
            cached = (count, original.fget(self))
            self.__dict__["_kk_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    pydyf.PDF._kk_page_references_once = True


def write_pdf(document: Any, target: Path) -> None:
    """A tagged PDF/UA-1 file (structure tree, document language, alt text, embedded fonts)."""
    page_references_once()
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_identifier=b"ksiega-kooperacji")


# --- The site's download links --------------------------------------------------------------


def size_label(size: int, lang: Lang) -> str:
    """1,2 MB / 1.2 MB (kB below one megabyte)."""
    if size >= 1_000_000:
        return f"{format_number(size / 1_000_000, 1, lang)}\u00a0MB"
    return f"{format_number(max(1, round(size / 1000)), 0, lang)}\u00a0kB"


# A download link as the footer writes it: the PDF's name gives its language.
_DOWNLOAD_LINK = re.compile(
    r'href="[^"]*ksiega-kooperacji\.(?P<lang>[a-z]{2})\.pdf"[^>]*>[^<]*' + re.escape(SIZE_PLACEHOLDER)
)


def fill_download_links(site_dir: Path, sizes: dict[Lang, int]) -> int:
    """Write each PDF's size into the download links of every page; returns the pages changed."""

    def fill(match: re.Match[str]) -> str:
        lang = match.group("lang")
        if lang not in sizes:
            return match.group(0)
        return match.group(0).replace(SIZE_PLACEHOLDER, f", {size_label(sizes[lang], lang)}")

    changed = 0
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if SIZE_PLACEHOLDER not in text:
            continue
        filled = _DOWNLOAD_LINK.sub(fill, text)
        if filled != text:
            path.write_text(filled, encoding="utf-8")
            changed += 1
    return changed


def local_edition_line(handbook: Handbook, lang: Lang) -> str | None:
    """ "Wydanie lokalne: <gmina>, stan na <date>" for the cover and the colophon of a local
    edition's book (the words from data/strings/local.yml); None for the national handbook."""
    local = handbook.local
    if local is None:
        return None
    gmina = local["gmina"]
    day = long_date(_as_date(gmina["edition_date"]), lang)
    return fill(ui(handbook, "local", lang), "pdf_cover", gmina=text_in(gmina["name"], lang), date=day)


def render_book(site_dir: Path, lang: Lang, edition: dict[str, Any], labels: Mapping[str, Any]) -> int:
    """Assemble, lay out and write one language's book; returns its number of pages."""
    document = render_document(book_html(site_dir, lang, edition, labels), site_dir, lang, labels)
    write_pdf(document, pdf_path(site_dir, lang))
    return len(document.pages)


def build(handbook: Handbook, site_dir: Path) -> dict[Lang, Path]:
    """Both books, after both languages of the site are built: one process per language when
    there are cores to spare (WeasyPrint is single-threaded), then the links' sizes."""
    edition = handbook.data["edition"]
    labels = [dict(ui(handbook, "pdf", lang), local_edition=local_edition_line(handbook, lang)) for lang in LANGS]
    workers = min(len(LANGS), os.cpu_count() or 1)
    if workers > 1:
        # "spawn": a clean interpreter, whatever threads the calling process runs.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            list(pool.map(render_book, [site_dir] * len(LANGS), LANGS, [edition] * len(LANGS), labels))
    else:
        for lang, words in zip(LANGS, labels, strict=True):
            render_book(site_dir, lang, edition, words)
    written = {lang: pdf_path(site_dir, lang) for lang in LANGS}
    fill_download_links(site_dir, {lang: path.stat().st_size for lang, path in written.items()})
    return written


def post_build(handbook: Handbook, site_dir: Path) -> None:
    """The site's post-build step; KK_PDF=0 skips it (`mkdocs serve` sets that by default)."""
    if os.environ.get("KK_PDF") != "0":
        build(handbook, site_dir)


def benchmark(site_dir: Path, site_url: str, browser: Any) -> dict[str, Any]:
    """PDF pages and pages per second per language (each book is rendered once more).

    Wall-clock seconds depend on what else the machine runs; CPU seconds much less so."""
    import tempfile

    from ksiega.core.handbook import load_handbook

    handbook = load_handbook()
    edition = handbook.data["edition"]
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="ksiega-pdf-") as tmp:
        for lang in LANGS:
            start, cpu_start = time.perf_counter(), time.process_time()
            labels = ui(handbook, "pdf", lang)
            document = render_document(book_html(site_dir, lang, edition, labels), site_dir, lang, labels)
            target = Path(tmp) / pdf_name(lang)
            write_pdf(document, target)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            pages = len(document.pages)
            figures[lang] = {
                "pages": pages,
                "seconds": round(seconds, 2),
                "pages_per_second": round(pages / seconds, 1),
                "cpu_seconds": round(cpu, 2),
                "pages_per_cpu_second": round(pages / cpu, 1),
                "bytes": target.stat().st_size,
            }
    return figures


FEATURE = Feature(
    name="pdf",
    data=("edition",),
    post_build=post_build,
    benchmark=benchmark,
)
