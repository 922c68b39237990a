"""Values printed in a form's fields: a filled example, or a template pre-filled for one gmina.

Values are given per field id, language-neutral where they can be and in both languages where
they are words (the shapes below). `value_problems` says, in one message per problem, what is
wrong with a set of values for a form (an unknown field id, a value of the wrong shape);
`resolve` turns valid values into what one language prints, and `form_view` lays the form out
with them (ksiega.features.forms.model), so the printable page and the Word file print the
same values in the same places.

Shapes, by field type:
  text, long-text, signature   a text: "…" (the same in both languages) or {pl: "…", en: "…"}
  date                         a date, YYYY-MM-DD, printed as each language writes dates
  checkbox                     true (ticked) or false
  choice                       the numbers of the ticked options, from 1: [1, 3] (one number
                               when the field is not `multiple`)
  table                        rows, in order: each a list with one cell per column (a labelled
                               row leaves out its first column, which prints the label); a
                               cell is a text as above, true/false in a tick column, or null
                               for a cell left empty
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ksiega.core.data import Problem
from ksiega.core.lang import LANGS, Lang
from ksiega.core.strings import fill

Values = Mapping[str, Any]


def _fields(form: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for section in form["sections"] for item in section.get("fields", [])}


def _is_text(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return (
        isinstance(value, Mapping)
        and set(value) == set(LANGS)
        and all(isinstance(value[lang], str) and value[lang].strip() for lang in LANGS)
    )


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


_TEXT = 'a text ("…" or {pl: "…", en: "…"})'
_SHAPE = {
    "text": _TEXT,
    "long-text": _TEXT,
    "signature": _TEXT,
    "date": "a date, YYYY-MM-DD",
    "checkbox": "true or false",
}


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:39] + '…'}"


def _table_problems(item: Mapping[str, Any], value: Any) -> list[str]:
    columns = item["columns"]
    labels = len(item.get("row_labels", {}).get("pl", []))
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        return [f"must be a list of rows, each a list of cells (not {_describe(value)})"]
    problems = []
    for index, row in enumerate(value):
        labelled = index < labels
        wanted = columns[1:] if labelled else columns
        if len(row) != len(wanted):
            why = " (its first column prints the row's label)" if labelled else ""
            problems.append(f"row {index + 1} has {len(row)} cells; give {len(wanted)}, one per column{why}")
            continue
        for number, (cell, column) in enumerate(zip(row, wanted, strict=True), start=1):
            if cell is None:
                continue
            if column.get("tick"):
                if not isinstance(cell, bool):
                    problems.append(f"row {index + 1}, cell {number}: a tick column takes true or false")
            elif not _is_text(cell):
                problems.append(f"row {index + 1}, cell {number}: must be {_TEXT} or null, not {_describe(cell)}")
    return problems


def choice_numbers(value: Any) -> list[Any]:
    """A choice's value as a list of option numbers (one number stands for a list of one)."""
    return [value] if isinstance(value, int) and not isinstance(value, bool) else value


def _choice_problems(item: Mapping[str, Any], value: Any) -> list[str]:
    count = len(item["options"])
    value = choice_numbers(value)
    if not isinstance(value, list) or not all(isinstance(n, int) and not isinstance(n, bool) for n in value):
        return [f"must be a list of option numbers, from 1 to {count} (not {_describe(value)})"]
    problems = [f"has no option {n}: the options are numbered 1 to {count}" for n in value if not 1 <= n <= count]
    if len(set(value)) != len(value):
        problems.append("ticks an option twice")
    if not item.get("multiple") and len(value) > 1:
        problems.append("ticks several options, but the field takes one (it is not `multiple`)")
    return problems


def shape_problems(item: Mapping[str, Any], value: Any) -> list[str]:
    """What is wrong with `value` for the field `item` (messages without the field's name)."""
    kind = item["type"]
    if kind == "table":
        return _table_problems(item, value)
    if kind == "choice":
        return _choice_problems(item, value)
    ok = {
        "text": _is_text,
        "long-text": _is_text,
        "signature": _is_text,
        "date": _is_date,
        "checkbox": lambda v: isinstance(v, bool),
    }[kind](value)
    return [] if ok else [f"must be {_SHAPE[kind]} for a {kind} field, not {_describe(value)}"]


def value_problems(
    form: Mapping[str, Any], values: Values, file: str, entry: str, path: str = "values"
) -> list[Problem]:
    """Every problem of `values` for `form`: unknown field ids and values of the wrong shape."""
    fields = _fields(form)
    problems = []
    for field_id, value in values.items():
        where = f"{path}.{field_id}"
        if field_id not in fields:
            known = ", ".join(sorted(fields))
            message = f"names no field of the form '{form['id']}' (its fields: {known})"
            problems.append(Problem(file, entry, where, message))
            continue
        problems += [Problem(file, entry, where, message) for message in shape_problems(fields[field_id], value)]
    return problems


# --- One language ---------------------------------------------------------------------------


def text_in(value: Any, lang: Lang) -> str:
    """A text value in one language ("" for None)."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return str(value[lang])
    return str(value)


def date_in(value: str, words: Mapping[str, str]) -> str:
    """A date as the sheet's language writes it: 15.09.2025 / 15/09/2025."""
    day = dt.date.fromisoformat(value)
    return fill(words, "date_value", day=f"{day.day:02d}", month=f"{day.month:02d}", year=f"{day.year:04d}")


__all__ = ["Values", "choice_numbers", "date_in", "shape_problems", "text_in", "value_problems"]
