"""The three variants of the model and the variant picker, from data/variants.yml; the
voivodeships (codes, names, sources) from data/voivodeships.yml, the handbook's one list of them.

What the feature renders:
  - model/variants: the side-by-side comparison table and one section per variant;
  - the decision table (every answer and where it leads), on model/variants and on the picker;
  - tools/variant-picker: the step-by-step tool and the result parts it shows, rendered as
    Markdown so links and citations are checked;
  - tools/variant-picker/<slug>: one result page per variant, reachable without JavaScript.

Its parts, by job:
  model.py           the data, and the pages the feature makes and links to
  rules.py           the picker's rules and their evaluator (mirrored in variant-picker.js)
  texts.py           the texts a reader sees for an evaluation (mirrored in variant-picker.js)
  chapters.py        the comparison chapter, the result pages and the blocks they share
  decision_table.py  every answer and where it leads, derived from the rules
  picker.py          the step-by-step tool (variant-picker.html)
  checks.py          what the schema cannot say about the data
"""

from __future__ import annotations

from ksiega.core.docs import DocPage
from ksiega.core.feature import Assets, Feature, Marker, uses_marker
from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS, VARIANTS, Lang
from ksiega.core.render import md_text
from ksiega.features.variants.chapters import (
    comparison_sections_md,
    comparison_table_md,
    result_page_md,
    result_title,
    voivodeship_table_md,
)
from ksiega.features.variants.checks import check
from ksiega.features.variants.decision_table import decision_table_md
from ksiega.features.variants.model import FILE, PICKER_PAGE, result_page, variant_by_id, variant_list
from ksiega.features.variants.picker import render_picker
from ksiega.features.variants.rules import (
    answer_values,
    check_teryt,
    combinations,
    evaluate,
    rules,
    rules_from_data,
    teryt_samples,
)
from ksiega.features.variants.texts import describe, fill, picker_texts

# The feature's public names, for the tests and the other parts of the package.
__all__ = [
    "FEATURE",
    "answer_values",
    "check",
    "check_teryt",
    "combinations",
    "describe",
    "evaluate",
    "fill",
    "pages",
    "picker_texts",
    "render_comparison",
    "render_decision_table",
    "render_picker",
    "render_result",
    "render_sections",
    "result_page",
    "result_title",
    "rules",
    "rules_from_data",
    "teryt_samples",
    "variant_by_id",
    "variant_list",
    "voivodeship_table_md",
]


def pages(handbook: Handbook) -> dict[str, str]:
    """One result page per variant and language. The body is a marker, rendered with the page,
    so its links see every page of the build (generated ones of other features included)."""
    out = {}
    for variant in variant_list(handbook):
        for lang in LANGS:
            title = md_text(result_title(handbook, variant, lang))
            out[result_page(variant["id"])[:-3] + f".{lang}.md"] = (
                f"# {title}\n\n<!-- kk:variant-result {variant['id']} -->\n"
            )
    return out


def nav(handbook: Handbook) -> dict[str, list[str]]:
    return {PICKER_PAGE: [result_page(v) for v in VARIANTS]}


def render_comparison(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    return comparison_table_md(handbook, lang, page.base)


def render_sections(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    return comparison_sections_md(handbook, lang, page.base)


def render_decision_table(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    return decision_table_md(handbook, lang, page.base)


def render_result(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    return result_page_md(handbook, variant_by_id(handbook)[args], lang)


def a_variant(handbook: Handbook, page: DocPage, args: str) -> str | None:
    """The argument of <!-- kk:variant-result … -->: a variant's id."""
    known = variant_by_id(handbook)
    return None if args in known else f"names no variant in {FILE} ({', '.join(known)})"


FEATURE = Feature(
    name="variants",
    data=("variants", "voivodeships"),
    markers=(
        Marker("variants-comparison", render_comparison),
        Marker("variants-sections", render_sections),
        Marker("variants-decision-table", render_decision_table),
        Marker("variant-picker", render_picker),
        Marker("variant-result", render_result, args=a_variant),
    ),
    check=check,
    pages=pages,
    nav=nav,
    assets=Assets(
        css=("assets/css/variant-picker.css",),
        js=("assets/js/variant-picker.js",),
        needed_on=uses_marker("variant-picker", "variant-result", "variants-decision-table", "variants-sections"),
    ),
)
