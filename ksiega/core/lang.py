"""The handbook's languages: Polish first (the source), English second."""

from __future__ import annotations

from typing import Literal

Lang = Literal["pl", "en"]
LANGS: tuple[Lang, ...] = ("pl", "en")
DEFAULT_LANG: Lang = "pl"

# Variants of the model by gmina type: data ids (English) and the values readers see in
# URLs (Polish in both languages, so a shared link works for everyone: ?wariant=wiejska).
VARIANTS: tuple[str, ...] = ("urban", "urban-rural", "rural")
VARIANT_SLUGS: dict[str, str] = {"urban": "miejska", "urban-rural": "miejsko-wiejska", "rural": "wiejska"}


def other(lang: Lang) -> Lang:
    """The other language of the handbook."""
    return "en" if lang == "pl" else "pl"


def page_prefix(lang: Lang) -> str:
    """URL prefix of a language's site, relative to the site root ('' or 'en/')."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"
