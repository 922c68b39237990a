"""What depends on the reader's language: alphabetical order, plurals, month names,
dates and numbers as a reader of each language writes them.

Plurals, month names and dates come from Babel (the CLDR data Material's own translations use).
Numbers follow Polish typesetting, which Babel does not: a four-digit number takes no separator
("1234", but "12 345").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache

from babel import Locale
from babel.dates import format_date, get_month_names

from ksiega.core.lang import Lang
from ksiega.core.render import md_text

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


@cache
def _locale(lang: Lang) -> Locale:
    return Locale.parse(lang)


_FORM = {"one": 0, "few": 1, "many": 2, "other": 2}


def plural(count: int, forms: tuple[str, str, str] | list[str], lang: Lang) -> str:
    """The noun form for `count`: forms are (one, few, many) – "punkt, punkty, punktów".

    Polish: 1 → one; 2–4, 22–24, … (not 12–14) → few; others → many. English: 1 → one, else many.
    """
    return forms[_FORM[_locale(lang).plural_form(count)]]


def month_names(lang: Lang) -> tuple[list[str], list[str]]:
    """The months' names: as a reader names a month ("kwiecień 2018") and in a date
    ("26 czerwca 2019"); English has one form."""
    standalone = get_month_names("wide", context="stand-alone", locale=_locale(lang))
    in_date = get_month_names("wide", context="format", locale=_locale(lang))
    return [standalone[m] for m in range(1, 13)], [in_date[m] for m in range(1, 13)]


def long_date(date: dt.date, lang: Lang) -> str:
    """A day as readers write it: 23 listopada 2026 / 23 November 2026."""
    return format_date(date, "d MMMM y", locale=_locale(lang))


def format_number(value: float, decimals: int, lang: Lang) -> str:
    """15; 9 966 995,50 (pl: a comma, non-breaking spaces from five digits on, "1234" has none);
    9,966,995.50 (en). Python's rounding, so a figure reads the same wherever it is shown."""
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    whole, _, fraction = text.partition(".")
    digits = whole.replace(",", "")
    whole = whole.replace(",", "\u00a0") if len(digits.lstrip("-")) > 4 else digits
    return whole + ("," + fraction if fraction else "")


def text_in(value: Mapping[str, str], lang: str) -> str:
    """Free text written in Polish and perhaps other languages (a local edition's), in `lang`:
    its words in `lang` where there are some, else its Polish (pages mark such text lang="pl")."""
    return value.get(lang, value["pl"])


def md_text_in(value: Mapping[str, str], lang: str) -> str:
    """The same text as Markdown for a page (escaped): its words in `lang`, else its Polish inside
    <span lang="pl"> so that a screen reader reads it as Polish."""
    if lang in value:
        return md_text(value[lang])
    return f'<span lang="pl">{md_text(value["pl"])}</span>'
