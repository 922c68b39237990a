"""Helpers for reading the built site as a reader's browser gets it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from ksiega.core.handbook import is_generated

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SEVERE = ("serious", "critical")


def pages(site: Path) -> list[str]:
    """Every built page as a site-relative URL path ('' for the home page, 'en/model/')."""
    found = []
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix()
        found.append("" if url == "." else url + "/")
    return found


def english(url: str) -> bool:
    return url.startswith("en/")


def _source(url: str) -> Path | None:
    """The Markdown file a built page comes from (generated pages are in docs/ after the build)."""
    lang = "en" if english(url) else "pl"
    rel = (url[3:] if english(url) else url).rstrip("/")
    candidates = [DOCS / f"{rel}.{lang}.md", DOCS / rel / f"index.{lang}.md"] if rel else [DOCS / f"index.{lang}.md"]
    return next((path for path in candidates if path.is_file()), None)


def axe_pages(urls: list[str]) -> list[str]:
    """The pages axe checks: every hand-written Polish page (each is its own layout of text,
    tables and boxes), both home pages, and, in each language, the first page of every folder
    of generated pages (one template each: forms, checklists, practices, trainer modules…).
    The rest share a template with a checked page; all of them are loaded and watched."""
    chosen, templates = [], set()
    for url in urls:
        source = _source(url)
        generated = source is not None and is_generated(source)
        if generated:
            template = (english(url), url.rstrip("/").rsplit("/", 1)[0])
            if template not in templates:
                templates.add(template)
                chosen.append(url)
        elif not english(url) or url == "en/":
            chosen.append(url)
    return chosen


@lru_cache(maxsize=512)
def _parse(path: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(Path(path).read_bytes())


def doc(site: Path, url: str) -> lxml_html.HtmlElement:
    """The parsed HTML of a page (url as returned by `pages`)."""
    return _parse(str(site / url / "index.html"))


def content(site: Path, url: str) -> lxml_html.HtmlElement:
    """The article of a page (no navigation, header or footer)."""
    return doc(site, url).cssselect("article.md-content__inner")[0]


def text(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def axe_violations(page: object, axe: object) -> list[str]:
    """Serious and critical axe violations on the page, one line each. Only violations are
    asked for: axe then skips collecting the nodes of every passing rule (half its time here)."""
    results = axe.run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in SEVERE
    ]


Outline = list[tuple[str, "Outline"]]


def pdf_outline(path: Path) -> Outline:
    """A PDF's bookmarks as (title, children), titles with plain spaces. Read from the outline's
    own objects: pypdf's `outline` also resolves every destination, seconds on a whole book."""
    from pypdf import PdfReader

    def walk(item: object) -> Outline:
        found: Outline = []
        while item is not None:
            node = item.get_object()  # type: ignore[attr-defined]
            title = " ".join(str(node["/Title"]).replace("\u00a0", " ").split())
            found.append((title, walk(node["/First"]) if "/First" in node else []))
            item = node.get("/Next")
        return found

    root = PdfReader(path).trailer["/Root"].get("/Outlines")
    return walk(root.get_object().get("/First")) if root is not None else []


def tick_survives_a_reload(page: Any, url: str) -> None:
    """Open a checklist, tick its first box, reload: the box is still ticked (the tick is kept
    in the reader's own browser)."""
    page.goto(url)
    page.wait_for_selector('[data-ready="true"]')
    first = page.locator("input[type=checkbox][id^=check-]").first
    box_id = first.get_attribute("id")
    first.check()
    page.reload()
    page.wait_for_selector('[data-ready="true"]')
    assert page.locator(f"#{box_id}").is_checked(), f"{url}: the tick is gone after a reload"
