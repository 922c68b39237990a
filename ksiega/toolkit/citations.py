"""Citations: how generated Markdown cites sources, and how a citation becomes numbered links.

Pages and data cite a source as `[@id]` (several: `[@a; @b]`); the sources feature turns every
such citation into numbered links to the bibliography. Features that generate Markdown write
citations with `citation()` / `cited()`, so they read as the pages' own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ksiega.core.data import Problem, UnknownReference
from ksiega.core.docs import CITATION, DocPage, citation_ids
from ksiega.core.handbook import Handbook
from ksiega.toolkit import links

BIBLIOGRAPHY_PAGE = "about/sources.md"


def citation(ids: Iterable[str]) -> str:
    """`[@a; @b]` for the sources transform, which numbers and links it."""
    return "[" + "; ".join(f"@{source_id}" for source_id in ids) + "]"


def trailing(ids: Sequence[str]) -> str:
    """` [@a; @b]` after a text, or nothing when there is no source."""
    return f" {citation(ids)}" if ids else ""


def cited(markdown: str, ids: Sequence[str]) -> str:
    """Markdown text with its citation, placed before a closing full stop as pages cite."""
    if not ids:
        return markdown
    stop = "." if markdown.endswith(".") else ""
    return f"{markdown[: len(markdown) - len(stop)]} {citation(ids)}{stop}"


def cited_ids(markdown: str) -> list[str]:
    """Source ids cited in `markdown`, in order of first citation."""
    seen: dict[str, None] = {}
    for match in CITATION.finditer(markdown):
        for source_id in citation_ids(match):
            seen.setdefault(source_id, None)
    return list(seen)


def sources(handbook: Handbook) -> list[dict[str, Any]]:
    """The sources of data/sources.yml, in the bibliography's order."""
    return list(handbook.data["sources"]["sources"])


def numbers(handbook: Handbook) -> dict[str, int]:
    """Source id -> its number in the bibliography (1-based, data order)."""
    return {source["id"]: i for i, source in enumerate(sources(handbook), start=1)}


def cite_markdown(numbers_by_id: dict[str, int], ids: list[str], page_base: str, file: str = "") -> str:
    """The citation of `ids` as numbered links to the bibliography. An id that is not a source
    raises UnknownReference naming `file` (the page or data file that cites it)."""
    for source_id in ids:
        if source_id not in numbers_by_id:
            raise UnknownReference(file or f"docs/{page_base}", message=f"cites an unknown source '[@{source_id}]'")
    target = links.relative(page_base, BIBLIOGRAPHY_PAGE)
    numbered = ", ".join(f"[{numbers_by_id[i]}]({target}#{i})" for i in ids)
    return f'<sup class="kk-cite">[{numbered}]</sup>'


def citation_problems(handbook: Handbook, pages: list[DocPage]) -> list[Problem]:
    """Citations in `pages` name known sources."""
    known = numbers(handbook)
    return [
        Problem(page.file, message=f"cites an unknown source '[@{source_id}]'")
        for page in pages
        for source_id in page.citations()
        if source_id not in known
    ]
