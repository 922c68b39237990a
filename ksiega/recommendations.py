"""Recommendations (R01, R02, …): rendered on model/recommendations, linkable one by one."""

from __future__ import annotations

from typing import Any

from ksiega.docs import DocPage
from ksiega.handbook import Handbook
from ksiega.lang import Lang
from ksiega.render import md_text
from ksiega.sources import cite_markdown, numbers
from ksiega.toolkit import links

ADDRESSEES: dict[Lang, dict[str, str]] = {
    "pl": {"gmina": "gmina", "powiat": "powiat", "rops": "ROPS", "ministry": "ministerstwo i ustawodawca"},
    "en": {"gmina": "gmina", "powiat": "powiat", "rops": "ROPS", "ministry": "ministry and legislator"},
}
DATA_FILES = ["recommendations"]
FILE = "data/recommendations.yml"

LABELS: dict[Lang, dict[str, str]] = {
    "pl": {
        "to": "Do kogo",
        "why": "Dlaczego",
        "evidence": "Na czym się opiera",
        "chapter": "Więcej w rozdziale",
        "guidance": "wskazówka praktyki, bez źródła w pilotażu",
    },
    "en": {
        "to": "Addressed to",
        "why": "Why",
        "evidence": "Evidence",
        "chapter": "More in the chapter",
        "guidance": "practice guidance, not a pilot finding",
    },
}


def recommendations(handbook: Handbook) -> list[dict[str, Any]]:
    return list(handbook.data["recommendations"]["recommendations"])


def anchor(rec_id: str) -> str:
    return rec_id.lower()


def render(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    labels = LABELS[lang]
    by_id = numbers(handbook)
    out = []
    for rec in recommendations(handbook):
        text = rec[lang]
        where = links.Where(FILE, rec["id"], "chapter")
        chapter_title = md_text(links.require(handbook.docs, links.split(rec["chapter"])[0], lang, where).title)
        href = links.href(page.base, rec["chapter"])
        to = ", ".join(ADDRESSEES[lang][a] for a in rec["addressees"])
        cites = cite_markdown(by_id, rec["sources"], page.base) if rec["sources"] else f"({labels['guidance']})"
        out.append(
            "\n".join(
                [
                    f"### {rec['id']}. {md_text(text['title'])} {{#{anchor(rec['id'])}}}",
                    "",
                    md_text(text["text"]),
                    "",
                    f"**{labels['to']}:** {to}  ",
                    f"**{labels['why']}:** {md_text(text['why'])}  ",
                    f"**{labels['evidence']}:** {md_text(text['evidence'])} {cites}  ",
                    f"**{labels['chapter']}:** [{chapter_title}]({href})",
                    "{: .kk-recommendation }",
                ]
            )
        )
    return "\n\n".join(out)


MARKERS = {"recommendations": render}
