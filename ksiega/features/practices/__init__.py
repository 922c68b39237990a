"""Good practices: one hand-written page per practice, and the filterable catalogue.

A practice is a pair of pages, docs/good-practices/<id>.pl.md and <id>.en.md. The Polish page's
front matter is the catalogue record (practice.schema.json): place, gmina type, target groups,
sectors, stage, year, sources – everything that does not depend on the language – plus the
Polish title and summary. The English page's front matter holds only the English texts
(practice-translation.schema.json). So each fact is written once, each text in its own
language's file, and the loader validates both.

The catalogue (marker `<!-- kk:practices -->` on good-practices/index.md) lists every practice
as a card with its facets; overrides/assets/js/catalogue-filter.js filters the cards in the browser
(the list is complete without JavaScript) and keeps the filters in the URL:
?typ=<variant slug>&grupa=<target group>&sektor=<sector>&woj=<TERYT code>.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ksiega.core.data import Problem
from ksiega.core.docs import DocPage
from ksiega.core.feature import Assets, Feature, Marker, uses_marker
from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS, VARIANT_SLUGS, Lang
from ksiega.core.render import Templates, html_block, md_text
from ksiega.core.strings import fill, ui
from ksiega.toolkit import catalogue as catalogue_filter
from ksiega.toolkit.citations import BIBLIOGRAPHY_PAGE, numbers
from ksiega.toolkit.lang import sort_key
from ksiega.toolkit.links import relative_url

TEMPLATES = Templates(Path(__file__).parent, shared=(catalogue_filter.FRAGMENTS,))

FOLDER = "good-practices"
INDEX = f"{FOLDER}/index.md"
RECORD_SCHEMA = "practice.schema.json"
TRANSLATION_SCHEMA = "practice-translation.schema.json"
# Every practice page answers the same questions, in this order (heading ids).
SECTIONS = ["what", "who", "needs", "how-to-start", "gaps"]
# URL parameters of the catalogue filters (contract with the variant picker).
# A practice whose gmina type the sources do not give (gmina_type: null), as in the URL (?typ=nieznany).
UNKNOWN_TYPE = "nieznany"
PARAMS = {"gmina_type": "typ", "target_groups": "grupa", "sectors": "sektor", "voivodeships": "woj"}


@dataclass
class Practice:
    """A practice: its record (from the Polish page) and its texts in each language."""

    id: str
    base: str  # good-practices/<id>.md
    record: dict[str, Any]
    texts: dict[Lang, dict[str, Any]]  # lang -> {title, summary, year_note?}

    def facet_values(self, facet: str) -> list[str]:
        """The values a filter compares, as they appear in the URL."""
        if facet == "gmina_type":
            known = self.record["gmina_type"]
            return [VARIANT_SLUGS[known] if known is not None else UNKNOWN_TYPE]
        if facet == "voivodeships":
            return list(self.record["place"]["voivodeships"])
        return list(self.record[facet])


def is_practice_page(page: DocPage) -> bool:
    return page.base.startswith(f"{FOLDER}/") and page.base != INDEX


def practices(handbook: Handbook) -> list[Practice]:
    """Every practice with a valid pair of pages, in catalogue order: year, voivodeship, gmina, title."""
    voivodeships = {v["id"]: v for v in handbook.data["voivodeships"]["voivodeships"]}
    found = []
    for pl in handbook.docs.pages:
        if pl.lang != "pl" or not is_practice_page(pl) or pl.schema != RECORD_SCHEMA:
            continue
        en = handbook.docs.get(pl.base, "en")
        if en is None:
            continue
        texts: dict[Lang, dict[str, Any]] = {
            "pl": {k: pl.meta.get(k) for k in ("title", "summary", "year_note")},
            "en": {k: en.meta.get(k) for k in ("title", "summary", "year_note")},
        }
        found.append(Practice(id=pl.meta["id"], base=pl.base, record=pl.meta, texts=texts))

    def order(practice: Practice) -> tuple[Any, ...]:
        place = practice.record["place"]
        first = voivodeships.get(place["voivodeships"][0], {}).get("pl", "")
        return (
            practice.record["year"] or 9999,
            sort_key(first, "pl"),
            sort_key(place["gmina"] or "", "pl"),
            sort_key(practice.texts["pl"]["title"], "pl"),
        )

    return sorted(found, key=order)


# --- Checks ---------------------------------------------------------------------------------


def check(handbook: Handbook) -> list[Problem]:
    """Each practice page carries its record (pl) or its texts (en); the two agree with the page."""
    problems: list[Problem] = []
    for page in handbook.docs.pages:
        if not is_practice_page(page):
            continue
        expected = RECORD_SCHEMA if page.lang == "pl" else TRANSLATION_SCHEMA
        what = "catalogue record" if page.lang == "pl" else "English texts"
        if page.schema != expected:
            problems.append(
                Problem(
                    page.file,
                    message=f"has no {what} in its front matter: "
                    f"start it with '# yaml-language-server: $schema=../../data/schemas/{expected}'",
                )
            )
            continue
        stem = posixpath.basename(page.base)[: -len(".md")]
        if page.lang == "pl" and page.meta.get("id") != stem:
            problems.append(Problem(page.file, stem, "id", f"'{page.meta.get('id')}' must be the file name '{stem}'"))
        title = page.meta.get("title")
        if isinstance(title, str) and title.strip() != page.title:
            problems.append(
                Problem(
                    page.file, message=f"front matter title '{title}' differs from the first heading '{page.title}'"
                )
            )
        heading_ids = [h[2] for h in page.headings()]
        missing = [s for s in SECTIONS if s not in heading_ids]
        if missing:
            problems.append(
                Problem(
                    page.file,
                    message=f"lacks the section{'s' if len(missing) > 1 else ''} "
                    f"{', '.join('{#' + s + '}' for s in missing)} (every practice answers: {', '.join(SECTIONS)})",
                )
            )
        if page.lang == "pl":
            problems += _record_problems(handbook, page)
    return problems


def _record_problems(handbook: Handbook, pl: DocPage) -> list[Problem]:
    problems: list[Problem] = []
    en = handbook.docs.get(pl.base, "en")
    if en is None or en.schema != TRANSLATION_SCHEMA:
        return problems
    if ("year_note" in pl.meta) != ("year_note" in en.meta):
        has, lacks = (pl, en) if "year_note" in pl.meta else (en, pl)
        problems.append(Problem(lacks.file, message=f"year_note is missing (its twin {has.file} has one)"))
    for page in (pl, en):
        cited = set(page.citations())
        for source_id in pl.meta.get("sources", []):
            if source_id not in cited:
                problems.append(
                    Problem(page.file, message=f"the record lists source '{source_id}' but the page does not cite it")
                )
    return problems


# --- The catalogue -----------------------------------------------------------------------------


def vocabulary(handbook: Handbook) -> dict[str, dict[str, dict[str, str]]]:
    """facet -> value as in the URL -> {pl, en} label."""
    data = handbook.data["practice-vocabularies"]
    return {
        "gmina_type": {
            **{VARIANT_SLUGS[t["id"]]: t for t in data["gmina_types"]},
            UNKNOWN_TYPE: {lang: ui(handbook, "practices", lang)["type_unknown"] for lang in LANGS},
        },
        "target_groups": {t["id"]: t for t in data["target_groups"]},
        "sectors": {t["id"]: t for t in data["sectors"]},
        "voivodeships": {v["id"]: v for v in handbook.data["voivodeships"]["voivodeships"]},
        "stages": {t["id"]: t for t in data["stages"]},
    }


def facet_counts(items: list[Practice], facet: str, values: list[str]) -> dict[str, int]:
    return {value: sum(value in p.facet_values(facet) for p in items) for value in values}


def place_text(
    practice: Practice, lang: Lang, vocab: dict[str, dict[str, dict[str, str]]], labels: Mapping[str, Any]
) -> str:
    place = practice.record["place"]
    parts = []
    if place["gmina"]:
        parts.append(fill(labels, "place_gmina", name=place["gmina"]))
    if place["powiat"]:
        parts.append(fill(labels, "place_powiat", name=place["powiat"][lang]))
    names = ", ".join(vocab["voivodeships"][code][lang] for code in place["voivodeships"])
    parts.append(fill(labels, "place_voivodeships", names=names))
    return " · ".join(parts)


def _md(text: str) -> Markup:
    """Data text for a `markdown="span"` element: escaped for HTML and Markdown (md_text)."""
    return Markup(md_text(text))  # noqa: S704 - md_text escapes HTML first


def _card(practice: Practice, lang: Lang, page: DocPage, handbook: Handbook) -> dict[str, Any]:
    vocab = vocabulary(handbook)
    labels = ui(handbook, "practices", lang)
    record, texts = practice.record, practice.texts[lang]
    by_number = numbers(handbook)
    if record["year"] is None:
        year = texts["year_note"]
    elif texts.get("year_note"):
        year = f"{record['year']} ({texts['year_note']})"
    else:
        year = str(record["year"])

    def terms(facet: str) -> str:
        names = [vocab[facet][value][lang] for value in practice.facet_values(facet)]
        return ", ".join(names) if names else labels["not_given"]

    return {
        "id": practice.id,
        "url": relative_url(page.base, practice.base),
        # Texts go through Markdown (abbreviation tooltips): escaped for it here, safe for HTML.
        "title": _md(texts["title"]),
        "summary": _md(texts["summary"]),
        "place": _md(place_text(practice, lang, vocab, labels)),
        "data": {param: " ".join(practice.facet_values(facet)) for facet, param in PARAMS.items()},
        "facets": [
            (labels["type_facet"], _md(terms("gmina_type"))),
            (labels["groups_facet"], _md(terms("target_groups"))),
            (labels["sectors_facet"], _md(terms("sectors"))),
            (labels["year"], _md(year)),
            (labels["stage"], _md(vocab["stages"][record["stage"]][lang])),
        ],
        "sources": [
            {"number": by_number[s], "url": relative_url(page.base, BIBLIOGRAPHY_PAGE, s)} for s in record["sources"]
        ],
    }


def catalogue(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    """The marker <!-- kk:practices -->: the filter form and every practice as a card."""
    items = practices(handbook)
    vocab = vocabulary(handbook)
    labels = ui(handbook, "practices", lang)
    filters = []
    for facet, param in PARAMS.items():
        values = list(vocab[facet])
        counts = facet_counts(items, facet, values)
        filters.append(
            {
                "param": param,
                "label": labels[facet],
                "all": labels["all"],
                "total": len(items),
                "options": [{"value": v, "label": vocab[facet][v][lang], "count": counts[v]} for v in values],
            }
        )
    html = TEMPLATES.render(
        "practices-catalogue.html",
        labels=labels,
        filters=filters,
        params=list(PARAMS.values()),
        cards=[_card(p, lang, page, handbook) for p in items],
        total=len(items),
        count=fill(labels, "count", shown=len(items), total=len(items)),
    )
    return html_block(html)


def nav(handbook: Handbook) -> dict[str, list[str]]:
    """The practice pages follow the catalogue in the navigation, in catalogue order."""
    return {INDEX: [p.base for p in practices(handbook)]}


def expected_ids(handbook: Handbook, active: dict[str, str]) -> list[str]:
    """The practices a reader should see for the filters in `active` (URL param -> value):
    the rule the browser applies, written once more in Python for the tests."""
    facet_of = {param: facet for facet, param in PARAMS.items()}
    return [
        p.id
        for p in practices(handbook)
        if all(value in p.facet_values(facet_of[param]) for param, value in active.items() if value)
    ]


FEATURE = Feature(
    name="practices",
    data=("practice-vocabularies", "voivodeships"),
    markers=(Marker("practices", catalogue),),
    check=check,
    nav=nav,
    assets=Assets(
        css=(catalogue_filter.STYLESHEET, "assets/css/practices.css"),
        js=(catalogue_filter.SCRIPT,),
        needed_on=uses_marker("practices"),
    ),
)
