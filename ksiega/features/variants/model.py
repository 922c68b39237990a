"""The variants' data: the variants and the voivodeships, the pages the feature makes and links to."""

from __future__ import annotations

from typing import Any

from ksiega.core.handbook import Handbook
from ksiega.core.lang import VARIANT_SLUGS

FILE = "data/variants.yml"

PICKER_PAGE = "tools/variant-picker.md"
RESULTS_DIR = "tools/variant-picker"
COMPARISON_PAGE = "model/variants.md"
CHECKLISTS_PAGE = "tools/checklists/index.md"
READINESS_PAGE = "tools/readiness.md"
FORMS_PAGE = "tools/forms/index.md"
PRACTICES_PAGE = "good-practices/index.md"
GLOSSARY_PAGE = "glossary.md"
BIBLIOGRAPHY_ID = "eteryt"


# --- Data access ------------------------------------------------------------------


def _data(handbook: Handbook) -> dict[str, Any]:
    return handbook.data["variants"]


def variant_list(handbook: Handbook) -> list[dict[str, Any]]:
    return list(_data(handbook)["variants"])


def voivodeship_list(handbook: Handbook) -> list[dict[str, Any]]:
    """The voivodeships of data/voivodeships.yml, in its order: `id` (TERYT code), `pl`, `en`, `sources`."""
    return list(handbook.data["voivodeships"]["voivodeships"])


def variant_by_id(handbook: Handbook) -> dict[str, dict[str, Any]]:
    return {v["id"]: v for v in variant_list(handbook)}


def result_page(variant_id: str) -> str:
    """The docs path of a variant's result page: tools/variant-picker/wiejska.md."""
    return f"{RESULTS_DIR}/{VARIANT_SLUGS[variant_id]}.md"
