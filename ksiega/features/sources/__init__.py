"""Sources: numbered citations in pages, the sources list at a page's end, the bibliography."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ksiega.core.data import Problem
from ksiega.core.docs import CITATION, DocPage, citation_ids, uncited_figures
from ksiega.core.feature import Feature, Marker
from ksiega.core.handbook import Handbook
from ksiega.core.lang import Lang
from ksiega.core.render import md_text
from ksiega.core.strings import ui
from ksiega.toolkit import citations, links


def entry_markdown(source: dict[str, Any], number: int, lang: Lang, labels: Mapping[str, Any]) -> str:
    """One bibliography line: [n] „Title”. Publisher (author), date. Address."""
    parts = [f"**[{number}]** „{md_text(source['title'])}”.", f"{md_text(source['publisher'])}"]
    if "author" in source:
        parts[-1] += f" ({md_text(labels['author'].lower())}: {md_text(source['author'])})"
    parts[-1] += "."
    if "date_text" in source:
        parts.append(f"{md_text(source['date_text'][lang])}.")
    if "url" in source:
        # The schema allows no spaces or angle brackets in a URL, so an autolink is safe.
        parts.append(f"{md_text(labels['address'])}: <{source['url']}>.")
    else:
        parts.append(f"({md_text(labels['unknown_address'])})")
    return " ".join(parts)


def transform(handbook: Handbook, lang: Lang, page: DocPage, markdown: str) -> str:
    """Turn [@id] into numbered links and list the page's sources at its end."""
    page_base = page.base
    ids = citations.cited_ids(markdown)
    if not ids:
        return markdown
    by_id = citations.numbers(handbook)
    by_source = {s["id"]: s for s in citations.sources(handbook)}
    markdown = CITATION.sub(lambda m: citations.cite_markdown(by_id, citation_ids(m), page_base, page.file), markdown)
    if page_base == citations.BIBLIOGRAPHY_PAGE:
        return markdown
    target = links.relative(page_base, citations.BIBLIOGRAPHY_PAGE)
    lines = ["", "", f"## {md_text(ui(handbook, 'sources', lang)['heading'])} {{#sources .kk-page-sources}}", ""]
    for source_id in sorted(ids, key=by_id.__getitem__):
        source = by_source[source_id]
        lines.append(
            f"- [{by_id[source_id]}]({target}#{source_id}) {md_text(source['title'])} — {md_text(source['publisher'])}"
        )
    return markdown.rstrip() + "\n".join(lines) + "\n"


def bibliography(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    """The full bibliography, one paragraph per source with the source id as its anchor."""
    blocks = []
    labels = ui(handbook, "sources", lang)
    for number, source in enumerate(citations.sources(handbook), start=1):
        about = md_text(source["about"][lang])
        blocks.append(f"{entry_markdown(source, number, lang, labels)}  \n{about}\n{{: #{source['id']} .kk-source }}")
    return "\n\n".join(blocks)


def check(handbook: Handbook) -> list[Problem]:
    """Citations name known sources; figures are cited."""
    problems = citations.citation_problems(handbook, handbook.docs.pages)
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
    return [source_id for source_id in citations.numbers(handbook) if source_id not in cited]


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


FEATURE = Feature(
    name="sources",
    data=("sources",),
    markers=(Marker("bibliography", bibliography),),
    check=check,
    transform=transform,
)
