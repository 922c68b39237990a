"""Sources: numbered citations in pages, the sources list at a page's end, the bibliography."""

from __future__ import annotations

import posixpath
from typing import Any

from ksiega.data import Problem, UnknownReference
from ksiega.docs import CITATION, DocPage, citation_ids, uncited_figures
from ksiega.handbook import Handbook
from ksiega.lang import Lang
from ksiega.render import md_text

BIBLIOGRAPHY_PAGE = "about/sources.md"

DATA_FILES = ["sources"]

LABELS: dict[Lang, dict[str, str]] = {
    "pl": {
        "heading": "Źródła",
        "source": "Źródło",
        "address": "Adres",
        "date": "Data",
        "author": "Autor",
        "unknown_address": "adres nieznany",
        "cited_on": "Cytowane na stronach",
    },
    "en": {
        "heading": "Sources",
        "source": "Source",
        "address": "Address",
        "date": "Date",
        "author": "Author",
        "unknown_address": "address not known",
        "cited_on": "Cited on",
    },
}


def source_list(handbook: Handbook) -> list[dict[str, Any]]:
    return list(handbook.data["sources"]["sources"])


def numbers(handbook: Handbook) -> dict[str, int]:
    """Source id -> its number in the bibliography (1-based, data order)."""
    return {source["id"]: i for i, source in enumerate(source_list(handbook), start=1)}


def link_to(page_base: str, target: str) -> str:
    """A relative Markdown link from `page_base` (e.g. model/teams.md) to `target` (a .md path)."""
    return posixpath.relpath(target, posixpath.dirname(page_base) or ".")


def cite_markdown(numbers_by_id: dict[str, int], ids: list[str], page_base: str, file: str = "") -> str:
    """The citation of `ids` as numbered links to the bibliography. An id that is not a source
    raises UnknownReference naming `file` (the page or data file that cites it)."""
    for source_id in ids:
        if source_id not in numbers_by_id:
            raise UnknownReference(file or f"docs/{page_base}", message=f"cites an unknown source '[@{source_id}]'")
    target = link_to(page_base, BIBLIOGRAPHY_PAGE)
    links = ", ".join(f"[{numbers_by_id[i]}]({target}#{i})" for i in ids)
    return f'<sup class="kk-cite">[{links}]</sup>'


def cited_ids(markdown: str) -> list[str]:
    """Source ids cited in `markdown`, in order of first citation."""
    seen: dict[str, None] = {}
    for match in CITATION.finditer(markdown):
        for source_id in citation_ids(match):
            seen.setdefault(source_id, None)
    return list(seen)


def entry_markdown(source: dict[str, Any], number: int, lang: Lang) -> str:
    """One bibliography line: [n] „Title”. Publisher (author), date. Address."""
    labels = LABELS[lang]
    parts = [f"**[{number}]** „{md_text(source['title'])}”.", f"{md_text(source['publisher'])}"]
    if "author" in source:
        parts[-1] += f" ({labels['author'].lower()}: {md_text(source['author'])})"
    parts[-1] += "."
    if "date_text" in source:
        parts.append(f"{md_text(source['date_text'][lang])}.")
    if "url" in source:
        # The schema allows no spaces or angle brackets in a URL, so an autolink is safe.
        parts.append(f"{labels['address']}: <{source['url']}>.")
    else:
        parts.append(f"({labels['unknown_address']})")
    return " ".join(parts)


def transform(handbook: Handbook, lang: Lang, page_base: str, markdown: str) -> str:
    """Turn [@id] into numbered links and list the page's sources at its end."""
    ids = cited_ids(markdown)
    if not ids:
        return markdown
    by_id = numbers(handbook)
    sources = {s["id"]: s for s in source_list(handbook)}
    file = f"docs/{page_base.removesuffix('.md')}.{lang}.md"
    markdown = CITATION.sub(lambda m: cite_markdown(by_id, citation_ids(m), page_base, file), markdown)
    if page_base == BIBLIOGRAPHY_PAGE:
        return markdown
    target = link_to(page_base, BIBLIOGRAPHY_PAGE)
    lines = ["", "", f"## {LABELS[lang]['heading']} {{#sources .kk-page-sources}}", ""]
    for source_id in sorted(ids, key=by_id.__getitem__):
        source = sources[source_id]
        lines.append(
            f"- [{by_id[source_id]}]({target}#{source_id}) {md_text(source['title'])} — {md_text(source['publisher'])}"
        )
    return markdown.rstrip() + "\n".join(lines) + "\n"


def bibliography(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    """The full bibliography, one paragraph per source with the source id as its anchor."""
    blocks = []
    for number, source in enumerate(source_list(handbook), start=1):
        about = md_text(source["about"][lang])
        blocks.append(f"{entry_markdown(source, number, lang)}  \n{about}\n{{: #{source['id']} .kk-source }}")
    return "\n\n".join(blocks)


MARKERS = {"bibliography": bibliography}


def citation_problems(handbook: Handbook, pages: list[DocPage]) -> list[Problem]:
    """Citations in `pages` name known sources."""
    known = numbers(handbook)
    return [
        Problem(page.file, message=f"cites an unknown source '[@{source_id}]'")
        for page in pages
        for source_id in page.citations()
        if source_id not in known
    ]


def check(handbook: Handbook) -> list[Problem]:
    """Citations name known sources; figures are cited."""
    problems = citation_problems(handbook, handbook.docs.pages)
    for page in handbook.docs.pages:
        for block in uncited_figures(page.body):
            problems.append(Problem(page.file, message=f'states a figure without a citation: "{block}"'))
    return problems


def uncited(handbook: Handbook) -> list[str]:
    """Sources that no page and no data entry cites (a test keeps this empty; the build allows
    it, so an editor can record a source before the text that uses it is written)."""
    cited = {source_id for page in handbook.docs.pages for source_id in page.citations()}
    for content in handbook.data.values():
        cited |= set(_source_refs_in(content))
    return [source_id for source_id in numbers(handbook) if source_id not in cited]


def _source_refs_in(value: Any) -> list[str]:
    """Source ids referenced from data (fields named `sources`)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list) and all(isinstance(i, str) for i in item):
                found.extend(item)
            else:
                found.extend(_source_refs_in(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_source_refs_in(item))
    return found
