"""The legal state: a dated box on every page that gives legal guidance.

`<!-- kk:legal-state -->` says which state of the law the page describes (the date in
data/edition.yml, `legal_state`), that the page is guidance and not a legal opinion, and who
decides: each institution, as the controller of its data, with its data protection officer.
"""

from __future__ import annotations

import datetime as dt

from ksiega.docs import DocPage
from ksiega.handbook import Handbook
from ksiega.lang import Lang, long_date
from ksiega.render import md_text

DATA_FILES = ["edition"]

LABELS: dict[Lang, dict[str, str]] = {
    "pl": {
        "title": "Stan prawny na {date} r.",
        "text": (
            "Opisujemy przepisy w brzmieniu z tego dnia. To wskazówki, a nie opinia prawna. Podstawę prawną "
            "przekazania i przetwarzania danych wybiera każda instytucja sama, jako administrator danych. "
            "Zanim zastosujesz te wskazówki, sprawdź je z inspektorem ochrony danych (IOD) i radcą prawnym "
            "swojej instytucji."
        ),
    },
    "en": {
        "title": "The law as it stood on {date}",
        "text": (
            "We describe the law as worded on that day. This is guidance, not a legal opinion. Each institution, "
            "as the controller of its data, chooses its own legal basis for sharing and processing data. Before "
            "you apply this guidance, check it with your institution's data protection officer and legal adviser."
        ),
    },
}


def legal_state_box(day: dt.date, lang: Lang) -> str:
    """The dated box as Markdown (an admonition)."""
    labels = LABELS[lang]
    title = labels["title"].format(date=long_date(day, lang))
    return f'!!! warning kk-legal-state "{md_text(title)}"\n    {md_text(labels["text"])}'


def render(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    return legal_state_box(dt.date.fromisoformat(handbook.data["edition"]["legal_state"]), lang)


MARKERS = {"legal-state": render}
