"""Recommendations (R01, R02, …): rendered on model/recommendations, linkable one by one."""

from __future__ import annotations

from typing import Any

from ksiega.core.docs import DocPage
from ksiega.core.feature import Feature, Marker
from ksiega.core.handbook import Handbook
from ksiega.core.lang import Lang
from ksiega.core.render import md_text
from ksiega.core.strings import ui
from ksiega.toolkit import links
from ksiega.toolkit.citations import cite_markdown, numbers

FILE = "data/recommendations.yml"


def recommendations(handbook: Handbook) -> list[dict[str, Any]]:
    return list(handbook.data["recommendations"]["recommendations"])


def anchor(rec_id: str) -> str:
    return rec_id.lower()


def render(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    labels = ui(handbook, "recommendations", lang)
    by_id = numbers(handbook)
    out = []
    for rec in recommendations(handbook):
        text = rec[lang]
        where = links.Where(FILE, rec["id"], "chapter")
        chapter_title = md_text(links.require(handbook.docs, links.split(rec["chapter"])[0], lang, where).title)
        href = links.href(page.base, rec["chapter"])
        to = ", ".join(md_text(labels["addressees"][a]) for a in rec["addressees"])
        guidance = f"({md_text(labels['guidance'])})"
        cites = cite_markdown(by_id, rec["sources"], page.base, FILE) if rec["sources"] else guidance
        out.append(
            "\n".join(
                [
                    f"### {rec['id']}. {md_text(text['title'])} {{#{anchor(rec['id'])}}}",
                    "",
                    md_text(text["text"]),
                    "",
                    f"**{md_text(labels['to'])}:** {to}  ",
                    f"**{md_text(labels['why'])}:** {md_text(text['why'])}  ",
                    f"**{md_text(labels['evidence'])}:** {md_text(text['evidence'])} {cites}  ",
                    f"**{md_text(labels['chapter'])}:** [{chapter_title}]({href})",
                    "{: .kk-recommendation }",
                ]
            )
        )
    return "\n\n".join(out)


FEATURE = Feature(
    name="recommendations",
    data=("recommendations",),
    markers=(Marker("recommendations", render),),
)
