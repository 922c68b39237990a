"""The legal state: a dated box on every page that gives legal guidance.

`<!-- kk:legal-state -->` says which state of the law the page describes (the date in
data/edition.yml, `legal_state`), that the page is guidance and not a legal opinion, and who
decides: each institution, as the controller of its data, with its data protection officer.
Its words: data/strings/legal.yml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ksiega.core.docs import DocPage
from ksiega.core.feature import Feature, Marker
from ksiega.core.handbook import Handbook
from ksiega.core.lang import Lang
from ksiega.core.render import md_text, md_title
from ksiega.core.strings import fill, ui
from ksiega.toolkit.lang import long_date


def legal_state_box(day: dt.date, lang: Lang, labels: Mapping[str, Any]) -> str:
    """The dated box as Markdown (an admonition)."""
    title = fill(labels, "title", date=long_date(day, lang))
    return f'!!! warning kk-legal-state "{md_title(title)}"\n    {md_text(labels["text"])}'


def render(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    day = dt.date.fromisoformat(handbook.data["edition"]["legal_state"])
    return legal_state_box(day, lang, ui(handbook, "legal", lang))


FEATURE = Feature(
    name="legal",
    data=("edition",),
    markers=(Marker("legal-state", render),),
)
