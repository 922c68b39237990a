"""Languages of the handbook and language-aware helpers."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

Lang = Literal["pl", "en"]
LANGS: tuple[Lang, ...] = ("pl", "en")
DEFAULT_LANG: Lang = "pl"

# Polish alphabetical order (a ą b c ć d e ę f g h i j k l ł m n ń o ó p q r s ś t u v w x y z ź ż).
_PL_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_PL_RANK = {ch: i for i, ch in enumerate(_PL_ALPHABET)}


def sort_key(text: str, lang: Lang) -> tuple[tuple[int, int | str], ...]:
    """A key that sorts words in the alphabetical order of `lang`.

    Letters outside the alphabet (digits, hyphens) sort before letters, by code point.
    """
    key: list[tuple[int, int | str]] = []
    for ch in text.casefold():
        if lang == "pl" and ch in _PL_RANK:
            key.append((1, _PL_RANK[ch]))
        elif ch.isalpha():
            key.append((1, ord(ch) + 1000))
        else:
            key.append((0, ch))
    return tuple(key)


def first_letter(text: str, lang: Lang) -> str:
    """The index letter of a term: its first letter, upper-case (Ł stays Ł)."""
    for ch in text:
        if ch.isalpha():
            return ch.upper()
    return "#"


def pick(value: dict[str, Any], lang: Lang) -> Any:
    """The `lang` side of a `{pl: …, en: …}` value."""
    return value[lang]


def plural(count: int, forms: tuple[str, str, str], lang: Lang) -> str:
    """The noun form for `count`: forms are (one, few, many) – "punkt, punkty, punktów".

    Polish: 1 → one; 2–4, 22–24, … (not 12–14) → few; others → many. English: 1 → one, else many.
    """
    one, few, many = forms
    if count == 1:
        return one
    if lang == "pl" and count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return few
    return many


# Month names: nominative ("kwiecień 2018") and genitive ("26 czerwca 2019"); English has one form.
MONTHS: dict[Lang, tuple[list[str], list[str]]] = {
    "pl": (
        "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień".split(),
        "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),
    ),
    "en": (
        "January February March April May June July August September October November December".split(),
        "January February March April May June July August September October November December".split(),
    ),
}


def long_date(date: dt.date, lang: Lang) -> str:
    """A day as readers write it: 23 listopada 2026 / 23 November 2026."""
    return f"{date.day} {MONTHS[lang][1][date.month - 1]} {date.year}"


def page_prefix(lang: Lang) -> str:
    """URL prefix of a language's site, relative to the site root ('' or 'en/')."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


# Variants of the model by gmina type: data ids (English) and the values readers see in
# URLs (Polish in both languages, so a shared link works for everyone: ?wariant=wiejska).
VARIANTS: tuple[str, ...] = ("urban", "urban-rural", "rural")
VARIANT_SLUGS: dict[str, str] = {"urban": "miejska", "urban-rural": "miejsko-wiejska", "rural": "wiejska"}
