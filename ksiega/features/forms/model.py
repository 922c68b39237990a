"""A form template in one language, laid out once for every output.

`form_view(data, lang, words)` turns a validated data/forms/<id>.yml entry into plain, immutable
objects: sections made of layout blocks (a group of one-line fields, a group of signatures,
a table with its cells, …). The printable page (Jinja template overrides/kk/form.html) and
the Word file (ksiega.features.forms.docx) both render these same objects, so the two never differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ksiega.core.lang import Lang
from ksiega.features.forms.values import choice_numbers, date_in, text_in

FIELD_TYPES = ("text", "long-text", "date", "signature", "choice", "table", "checkbox")
DEFAULT_LINES = 4
DEFAULT_COLUMN_WIDTH = 2


@dataclass(frozen=True)
class Column:
    label: str
    width: int
    kind: Literal["number", "text", "tick"] = "text"


@dataclass(frozen=True)
class Cell:
    """One cell of a table body: a printed text (row number, row label) or a space to fill
    (with a filled example's text in it, or "x" in a ticked tick cell)."""

    kind: Literal["number", "label", "blank", "tick"]
    text: str = ""


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label: str
    hint: str = ""
    lines: int = 0
    options: tuple[str, ...] = ()
    multiple: bool = False
    columns: tuple[Column, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    # A filled example's value (ksiega.features.forms.values): the text printed on the line,
    # the ticked options (from 0), a ticked checkbox.
    value: str = ""
    ticked: tuple[int, ...] = ()
    checked: bool = False

    @property
    def html_id(self) -> str:
        return f"f-{self.id}"


@dataclass(frozen=True)
class Block:
    """Consecutive fields laid out together.

    kinds: "lines" (text and date fields: label and a line), "long-text", "choice",
    "checks" (checkboxes), "table", "signatures" (side by side).
    """

    kind: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str = ""
    clauses: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()

    @property
    def html_id(self) -> str:
        return f"s-{self.id}"

    def fields(self) -> list[Field]:
        return [f for block in self.blocks for f in block.fields]


@dataclass(frozen=True)
class FormView:
    id: str
    version: str
    lang: Lang
    title: str
    purpose: str
    adapt: str
    legal_notes: tuple[str, ...]
    sections: tuple[Section, ...]
    words: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # A filled example says so on the sheet: "Gmina fikcyjna – przykład".
    notice: str = ""
    # Several sheets on one page (the basket's cards) keep their element ids apart: "k3-",
    # and each has its own heading (the service's name), under which its sections are titled.
    id_prefix: str = ""
    heading: str = ""

    @property
    def meta_line(self) -> str:
        """ "Wzór do dostosowania · wersja 1.0" (no id: the id is English, the sheet may be Polish)."""
        return f"{self.words['proposal']} · {self.words['version']} {self.version}"

    @property
    def footer(self) -> str:
        return f"{self.words['handbook']} · {self.words['version']} {self.version}"

    def fields(self) -> list[Field]:
        return [f for section in self.sections for f in section.fields()]


_BLOCK_OF = {
    "text": "lines",
    "date": "lines",
    "long-text": "long-text",
    "choice": "choice",
    "checkbox": "checks",
    "table": "table",
    "signature": "signatures",
}
# Kinds whose consecutive fields share one block.
_GROUPED = {"lines", "checks", "signatures"}


def _field(data: dict[str, Any], lang: Lang, words: Mapping[str, str], value: Any = None) -> Field:
    kind = data["type"]
    hint = data["hint"][lang] if "hint" in data else ""
    columns: tuple[Column, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    if kind == "table":
        columns = tuple(
            Column(c["label"][lang], c.get("width", DEFAULT_COLUMN_WIDTH), "tick" if c.get("tick") else "text")
            for c in data["columns"]
        )
        labels = list(data.get("row_labels", {}).get(lang, []))
        filled = list(value or [])
        body: list[list[Cell]] = []
        blank_rows = max(data["rows"], len(filled) - len(labels))
        for row_index, label in enumerate(labels + [""] * blank_rows):
            given = list(filled[row_index]) if row_index < len(filled) else []
            if label:
                given = [None, *given]  # a labelled row's values start at its second column
            cells = []
            for index, column in enumerate(columns):
                cell = given[index] if index < len(given) else None
                if index == 0 and label:
                    cells.append(Cell("label", label))
                elif column.kind == "tick":
                    cells.append(Cell("tick", "x" if cell is True else ""))
                else:
                    cells.append(Cell("blank", text_in(cell, lang)))
            body.append(cells)
        if data.get("numbered"):
            columns = (Column(words["number"], 1, "number"), *columns)
            body = [[Cell("number", str(n)), *cells] for n, cells in enumerate(body, start=1)]
        rows = tuple(tuple(cells) for cells in body)
    if kind == "choice" and not hint:
        hint = words["tick_many"] if data.get("multiple") else words["tick_one"]
    return Field(
        id=data["id"],
        type=kind,
        label=data["label"][lang],
        hint=hint,
        lines=data.get("lines", DEFAULT_LINES) if kind == "long-text" else 0,
        options=tuple(option[lang] for option in data.get("options", [])),
        multiple=bool(data.get("multiple")),
        columns=columns,
        rows=rows,
        value=(date_in(value, words) if kind == "date" else text_in(value, lang)) if kind in _TEXTS and value else "",
        ticked=tuple(n - 1 for n in choice_numbers(value or [])) if kind == "choice" else (),
        checked=kind == "checkbox" and value is True,
    )


_TEXTS = {"text", "long-text", "signature", "date"}


def _blocks(fields: list[Field]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for item in fields:
        kind = _BLOCK_OF[item.type]
        if kind in _GROUPED and blocks and blocks[-1].kind == kind:
            blocks[-1] = Block(kind, (*blocks[-1].fields, item))
        else:
            blocks.append(Block(kind, (item,)))
    return tuple(blocks)


def form_view(
    data: dict[str, Any],
    lang: Lang,
    words: Mapping[str, str],
    values: Mapping[str, Any] | None = None,
    notice: str = "",
    id_prefix: str = "",
    heading: str = "",
) -> FormView:
    """The form in one language, laid out in blocks (data must be valid: see data/schemas/form.schema.json);
    `words` are the words the sheet prints around the data (data/strings/form-sheet.yml). A filled
    example gives `values` by field id (checked by ksiega.features.forms.values) and its `notice`."""
    values = values or {}
    sections = []
    for section in data["sections"]:
        fields = [_field(f, lang, words, values.get(f["id"])) for f in section.get("fields", [])]
        sections.append(
            Section(
                id=section["id"],
                title=section["title"][lang],
                intro=section["intro"][lang] if "intro" in section else "",
                clauses=tuple(section.get("clauses", {}).get(lang, [])),
                blocks=_blocks(fields),
            )
        )
    return FormView(
        id=data["id"],
        version=data["version"],
        lang=lang,
        title=data["title"][lang],
        purpose=data["purpose"][lang],
        adapt=data["adapt"][lang],
        legal_notes=tuple(data["legal_notes"][lang]),
        sections=tuple(sections),
        words=dict(words),
        notice=notice,
        id_prefix=id_prefix,
        heading=heading,
    )
