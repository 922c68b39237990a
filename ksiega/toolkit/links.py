"""Page references and the Markdown links features make from them.

A page reference is a docs path without language, optionally with a heading id:
`model/procedure.md#plan`. Links are relative (the site works from any folder), titles are
the pages' and headings' own text in the reader's language, escaped once for Markdown.

A reference to a page or heading that does not exist raises UnknownReference, naming where
the reference is written (`Where`): never a KeyError, never a silently dropped link.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ksiega.data import UnknownReference
from ksiega.docs import DocPage, Docs
from ksiega.lang import Lang
from ksiega.render import md_text


@dataclass(frozen=True)
class Where:
    """Where a reference is written, for the message when it points at nothing."""

    file: str
    entry: str = ""
    field: str = ""

    def unknown(self, message: str) -> UnknownReference:
        return UnknownReference(self.file, self.entry, self.field, message)


def split(ref: str) -> tuple[str, str]:
    """`model/procedure.md#plan` -> ("model/procedure.md", "plan")."""
    base, _, anchor = ref.partition("#")
    return base, anchor


def relative(from_base: str, target_base: str) -> str:
    """The relative Markdown link from page `from_base` to page `target_base` (both .md paths)."""
    return posixpath.relpath(target_base, posixpath.dirname(from_base) or ".")


def href(from_base: str, ref: str, query: str = "") -> str:
    """The relative link from `from_base` to a page reference, with an optional ?query."""
    base, anchor = split(ref)
    return relative(from_base, base) + query + (f"#{anchor}" if anchor else "")


def target(docs: Docs, ref: str, lang: Lang, where: Where) -> tuple[DocPage, str | None]:
    """The page a reference points at, and the text of its heading (None without an anchor)."""
    base, anchor = split(ref)
    page = docs.get(base, lang)
    if page is None:
        raise where.unknown(f"points at the page '{base}', which does not exist")
    if not anchor:
        return page, None
    heading = next((text for _level, text, hid in page.headings() if hid == anchor), None)
    if heading is None and anchor not in page.anchor_ids():
        raise where.unknown(f"points at '#{anchor}', which is not a heading id of {base}")
    return page, heading


def title(docs: Docs, ref: str, lang: Lang, where: Where, separator: str = " – ") -> str:
    """A reference as a reader sees it (plain text): "Page title – Heading", or the page title."""
    page, heading = target(docs, ref, lang, where)
    return f"{page.title}{separator}{heading}" if heading else page.title


def heading(docs: Docs, ref: str, lang: Lang, where: Where) -> str:
    """The heading a reference points at, or the page's title when it has no anchor."""
    page, text = target(docs, ref, lang, where)
    return text or page.title


def link(docs: Docs, from_base: str, ref: str, lang: Lang, where: Where, label: str | None = None) -> str:
    """A Markdown link to a page reference; the label (plain text) defaults to its title."""
    text = title(docs, ref, lang, where) if label is None else label
    return f"[{md_text(text)}]({href(from_base, ref)})"


def require(docs: Docs, base: str, lang: Lang, where: Where) -> DocPage:
    """The page `base` in `lang`; UnknownReference when it does not exist."""
    return target(docs, base, lang, where)[0]
