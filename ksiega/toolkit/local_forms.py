"""A local edition's own copies of some form templates, with the gmina's and partners' names printed in.

Two features share this: the forms feature prints the copies (pages and Word files, with the
same values code as the filled examples: ksiega/features/forms/values.py), the local feature
lists them in its section. Which forms get a copy, and which field gets which name, is data:

  data/forms/<id>.yml   local_copy: true           the local edition prints its own copy
                        a field's  local: <name>   the value printed into a text field
                        a table's  local: {rows: members | [<name>, …], column: <n>}
                                                   one row per partnership member (its name),
                                                   or one row per name; in column n (counted as
                                                   a filled example counts a row's cells)

Names: gmina (the gmina's name), powiat, publisher (the institution that publishes the
edition), coordinator (the institution that coordinates the partnership). Only institutions:
the local data has no field for a person, and everything else on the copy stays blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS
from ksiega.toolkit.lang import text_in

# Under the forms' own folder, as the filled examples are (tools/forms/examples/).
FOLDER = "tools/forms/local"
NAMES = ("gmina", "powiat", "publisher", "coordinator")
MEMBERS = "members"


def page_path(form_id: str) -> str:
    return f"{FOLDER}/{form_id}.md"


def copied_forms(handbook: Handbook) -> list[dict[str, Any]]:
    """The forms a local edition prints its own copy of, in the forms' order; none without one."""
    if handbook.local is None:
        return []
    found = [v for k, v in handbook.data.items() if k.startswith("forms/") and v.get("local_copy")]
    return sorted(found, key=lambda form: (form["order"], form["id"]))


def _both(value: dict[str, str]) -> dict[str, str]:
    """A gmina's text in both languages (Polish where it wrote no English)."""
    return {lang: text_in(value, lang) for lang in LANGS}


def names(local: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Every name a copy can print, in both languages."""
    gmina = local["gmina"]
    partners = {p["id"]: p for p in local["partners"]}
    coordinator = partners[local["partnership"]["coordinator"]["institution"]]
    return {
        "gmina": _both(gmina["name"]),
        "powiat": _both(gmina["powiat"]),
        "publisher": _both(gmina["publisher"]),
        "coordinator": _both(coordinator["name"]),
    }


def member_names(local: Mapping[str, Any]) -> list[dict[str, str]]:
    partners = {p["id"]: p for p in local["partners"]}
    return [_both(partners[member]["name"]) for member in local["partnership"]["members"]]


def _table(item: Mapping[str, Any], rule: Mapping[str, Any], local: Mapping[str, Any]) -> list[list[Any]]:
    known = names(local)
    texts = member_names(local) if rule["rows"] == MEMBERS else [known[name] for name in rule["rows"]]
    labelled = len(item.get("row_labels", {}).get("pl", []))
    rows = []
    for index, value in enumerate(texts):
        width = len(item["columns"]) - (1 if index < labelled else 0)
        row: list[Any] = [None] * width
        row[rule["column"] - 1] = value
        rows.append(row)
    return rows


def values(form: Mapping[str, Any], local: Mapping[str, Any]) -> dict[str, Any]:
    """The values of the gmina's copy of `form`, by field id (shapes of a filled example's values)."""
    known = names(local)
    found: dict[str, Any] = {}
    for section in form["sections"]:
        for item in section.get("fields", []):
            rule = item.get("local")
            if rule is None:
                continue
            found[item["id"]] = _table(item, rule, local) if isinstance(rule, Mapping) else known[rule]
    return found


def rule_problems(item: Mapping[str, Any]) -> list[str]:
    """What is wrong with a field's `local` rule for its type (the schema checks its shape)."""
    rule = item.get("local")
    if rule is None:
        return []
    if isinstance(rule, str):
        fits = item["type"] in ("text", "long-text")
        return [] if fits else [f"'{rule}' fits only a text or long-text field, not a {item['type']} field"]
    if item["type"] != "table":
        return [f"with rows and a column fits only a table field, not a {item['type']} field"]
    labelled = len(item.get("row_labels", {}).get("pl", []))
    width = len(item["columns"]) - (1 if labelled else 0)
    problems = []
    if not 1 <= rule["column"] <= width:
        problems.append(f"column {rule['column']} is not a column of the table's rows: give 1 to {width}")
    if rule["rows"] == MEMBERS and labelled:
        problems.append("'members' (one row per member) needs a table without row_labels")
    if isinstance(rule["rows"], list) and labelled and len(rule["rows"]) > labelled:
        problems.append(f"gives {len(rule['rows'])} rows for a table with {labelled} labelled rows")
    return problems


__all__ = ["FOLDER", "NAMES", "copied_forms", "names", "page_path", "rule_problems", "values"]
