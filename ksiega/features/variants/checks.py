"""What the schema cannot say about data/variants.yml: the rules cover every answer, texts
that state figures cite sources, the variants' slugs and voivodeships agree."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ksiega.core.data import Problem
from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS, VARIANT_SLUGS, VARIANTS
from ksiega.features.variants.model import FILE, _data, voivodeship_list
from ksiega.features.variants.rules import combinations, evaluate, rules_from_data

# --- Content checks -------------------------------------------------------------------


def check(handbook: Handbook) -> list[Problem]:
    data = _data(handbook)
    problems = list(_check_variants(data))
    problems += _check_questions(data)
    problems += _check_figures(data)
    if not problems:
        problems += _check_coverage(data, voivodeship_list(handbook))
    return problems


def _check_variants(data: Mapping[str, Any]) -> Iterator[Problem]:
    ids = [v["id"] for v in data["variants"]]
    for missing in (v for v in VARIANTS if v not in ids):
        yield Problem(FILE, message=f"has no entry for the variant '{missing}'")
    seen: dict[str, str] = {}
    for v in data["variants"]:
        for code in v["macroregion"]["voivodeships"]:
            if code in seen:
                yield Problem(
                    FILE,
                    v["id"],
                    "macroregion.voivodeships",
                    f"'{code}' is already in the macroregion of '{seen[code]}'",
                )
            seen.setdefault(code, v["id"])
        leads = [i for i in v["institutions"]["list"] if i["role"] == "lead"]
        if len(leads) != 1:
            yield Problem(FILE, v["id"], "institutions.list", f"needs exactly one lead, not {len(leads)}")
        for i, inst in enumerate(v["institutions"]["list"]):
            if "voivodeship" in inst and inst["voivodeship"] not in v["macroregion"]["voivodeships"]:
                yield Problem(
                    FILE,
                    v["id"],
                    f"institutions.list[{i}].voivodeship",
                    f"'{inst['voivodeship']}' is not in this variant's macroregion",
                )
        for i, entry in enumerate(v["procedure"]):
            if entry["step"] not in data["steps"]:
                yield Problem(FILE, v["id"], f"procedure[{i}].step", f"'{entry['step']}' is not one of the steps")


_ERROR_CODES = {
    "choice": ["required", "unknown"],
    "voivodeship": ["required", "unknown"],
    "teryt": ["required", "letters", "length", "voivodeship", "powiat", "type"],
}


def _check_questions(data: Mapping[str, Any]) -> Iterator[Problem]:
    picker = data["picker"]
    earlier: dict[str, set[str]] = {}
    teryt = picker["teryt"]
    for q in picker["questions"]:
        qid = q["id"]
        has_options = bool(q.get("options"))
        if (q["kind"] == "choice") != has_options:
            message = (
                "needs options" if q["kind"] == "choice" else f"has options, but a {q['kind']} question takes none"
            )
            yield Problem(FILE, qid, "options", message)
        for param, values in q.get("ask_if", {}).items():
            if param not in earlier:
                yield Problem(FILE, qid, f"ask_if.{param}", "names no earlier question")
                continue
            for value in values:
                if earlier[param] and value not in earlier[param]:
                    yield Problem(FILE, qid, f"ask_if.{param}", f"'{value}' is not an answer of that question")
        needed = _ERROR_CODES[q["kind"]] + (list(teryt["not_gmina"].values()) if q["kind"] == "teryt" else [])
        for lang in LANGS:
            for code in needed:
                if code not in q[lang]["errors"]:
                    yield Problem(FILE, qid, f"{lang}.errors.{code}", "is missing")
        for option in q.get("options", []):
            gmina = option.get("sets", {}).get("gmina")
            if gmina and option["value"] != VARIANT_SLUGS[gmina]:
                yield Problem(
                    FILE,
                    qid,
                    f"options.{option['value']}",
                    f"sets the gmina type '{gmina}', so its value must be '{VARIANT_SLUGS[gmina]}'",
                )
        if "skipped_value" in q and q["skipped_value"] not in {o["value"] for o in q.get("options", [])}:
            yield Problem(FILE, qid, "skipped_value", f"'{q['skipped_value']}' is not one of this question's answers")
        earlier[qid] = {o["value"] for o in q.get("options", [])}
    for index, implied in enumerate(picker["implied"]):
        answers = earlier.get(implied["param"])
        if answers and implied["value"] not in answers:
            message = f"'{implied['value']}' is not an answer of the question '{implied['param']}'"
            yield Problem(FILE, "", f"picker.implied[{index}].value", message)
    for lang in LANGS:
        for code in teryt["not_gmina"].values():
            if code not in teryt[lang]["units"]:
                yield Problem(FILE, "", f"picker.teryt.{lang}.units.{code}", "is missing")
    used_cases = {r.get("case") for r in picker["results"]}
    for case in picker["cases"]:
        if case["id"] not in used_cases:
            yield Problem(FILE, case["id"], "", "is a case no result uses")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _sourced_items(value: Any, entry: str = "", path: str = "") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(entry id, field path, item) for every entry that carries `sources` next to its texts."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            entry, path = value["id"], ""
        if "sources" in value and "pl" in value and "en" in value:
            yield entry, path, value
        for key, item in value.items():
            yield from _sourced_items(item, entry, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _sourced_items(item, entry, f"{path}[{i}]")


def _check_figures(data: Mapping[str, Any]) -> Iterator[Problem]:
    """Guidance (`sources: []`) states no figures: a figure needs a source."""
    for entry, path, item in _sourced_items(data):
        if not item["sources"] and any(re.search(r"\d", text) for lang in LANGS for text in _strings(item[lang])):
            yield Problem(FILE, entry, path, "states a figure without a source (add sources, or write it as guidance)")


def _check_coverage(data: Mapping[str, Any], voivodeships: Sequence[Mapping[str, Any]]) -> Iterator[Problem]:
    """Every combination of answers ends in a result, and the voivodeship never changes the variant
    (the decision table shows the variant per gmina type and lists the voivodeships apart)."""
    the_rules = rules_from_data(data, voivodeships)
    outcomes: dict[tuple[tuple[str, str], ...], set[tuple[str, str | None]]] = {}
    unmatched: dict[str, str] = {}
    for query in combinations(the_rules):
        evaluation = evaluate(the_rules, query)
        if evaluation["result"] is None:
            facts = ", ".join(f"{k}={v}" for k, v in evaluation["facts"].items() if k != "woj")
            unmatched.setdefault(facts, "&".join(f"{k}={v}" for k, v in query.items()))
            continue
        key = tuple(sorted((k, v) for k, v in query.items() if k not in ("woj", "teryt")))
        result = evaluation["result"]
        outcomes.setdefault(key, set()).add((result["variant"], result["case"]))
    for facts, example in unmatched.items():
        yield Problem(FILE, "", "picker.results", f"no result matches {facts} (for example ?{example})")
    for key, found in outcomes.items():
        if len(found) > 1 and not any(k == "typ" and v == "nie-wiem" for k, v in key):
            answers = "&".join(f"{k}={v}" for k, v in key)
            yield Problem(FILE, "", "picker.results", f"the voivodeship changes the result for ?{answers}")
