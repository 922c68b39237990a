"""The variant picker's rules and their evaluator: which variant a gmina's answers lead to.

In the toolkit because two features need it: the variant picker (ksiega/features/variants) and
the local edition (ksiega/features/local: a gmina's variant follows from its TERYT code).

One set of rules, two evaluators: `evaluate()` here and `evaluate()` in
overrides/assets/js/variant-picker.js, which runs the same rules, embedded in the page as JSON
at build time. The rule format is deliberately small (questions with `ask_if`, options that
`set` facts, results matched on facts, the TERYT digit tables), so the two stay line-for-line
equivalent; the browser tests compare them on every combination of answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ksiega.core.handbook import Handbook

Rules = dict[str, Any]
Query = Mapping[str, str]


# --- The rules (language-neutral; embedded as JSON for the browser) ------------------


def rules_from_data(data: Mapping[str, Any], voivodeships: Sequence[Mapping[str, Any]]) -> Rules:
    """The picker's rules as plain JSON-able data: exactly what both evaluators read.

    `data` is data/variants.yml; `voivodeships` the entries of data/voivodeships.yml (their
    codes are the answers the voivodeship question accepts, in that order)."""
    picker = data["picker"]
    region_of = {code: v["id"] for v in data["variants"] for code in v["macroregion"]["voivodeships"]}
    teryt = picker["teryt"]
    return {
        "implied": [dict(i) for i in picker["implied"]],
        "edit_param": picker["edit_param"],
        "questions": [
            {
                "id": q["id"],
                "kind": q["kind"],
                "ask_if": {k: list(v) for k, v in q.get("ask_if", {}).items()},
                "skipped_value": q.get("skipped_value"),
                "options": [{"value": o["value"], "sets": dict(o.get("sets", {}))} for o in q.get("options", [])],
            }
            for q in picker["questions"]
        ],
        "results": [
            {"when": dict(r["when"]), "variant": r["variant"], "case": r.get("case")} for r in picker["results"]
        ],
        "voivodeships": [v["id"] for v in voivodeships],
        "region_of": region_of,
        "teryt": {
            "types": {k: dict(v) for k, v in teryt["types"].items()},
            "not_gmina": dict(teryt["not_gmina"]),
            "city_powiat_from": teryt["city_powiat_from"],
            "city": dict(teryt["city"]),
            "not_city": dict(teryt["not_city"]),
        },
    }


def rules(handbook: Handbook) -> Rules:
    """The rules of data/variants.yml with the voivodeships of data/voivodeships.yml."""
    return rules_from_data(handbook.data["variants"], handbook.data["voivodeships"]["voivodeships"])


def variant_of_teryt(rules: Rules, code: str) -> tuple[dict[str, Any] | None, str | None]:
    """(error, variant id) for a gmina's TERYT code: the picker's own path for a reader who
    gives only the code (?teryt=…), so the local edition and the picker always agree."""
    evaluation = evaluate(rules, {"teryt": code})
    if evaluation["error"] is not None:
        return evaluation["error"], None
    result = evaluation["result"]
    return None, (result["variant"] if result else None)


# --- The evaluator (mirrored in variant-picker.js: keep the two in step) -----------------

# \A and \Z, not ^ and $: Python's $ also matches before a final newline, JavaScript's does not.
_EDGE_SPACE = re.compile(r"\A[ \t\n\r\u00a0]+|[ \t\n\r\u00a0]+\Z")
_TERYT_SEPARATORS = re.compile(r"[ \t\n\r\u00a0-]")
_DIGITS = re.compile(r"^[0-9]+$")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def clean(kind: str, value: str) -> str:
    """Trim an answer; a TERYT code may be typed with spaces or dashes."""
    value = _EDGE_SPACE.sub("", value)
    if kind == "teryt":
        value = _TERYT_SEPARATORS.sub("", value)
    return value


def _applies(question: Mapping[str, Any], answers: Mapping[str, str]) -> bool:
    return all(answers.get(param) in values for param, values in question["ask_if"].items())


def _error(question: str, code: str, **params: str) -> dict[str, Any]:
    return {"question": question, "code": code, "params": params}


def check_teryt(rules: Rules, value: str) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """(error, facts) for a gmina's TERYT code WWPPGGR."""
    teryt = rules["teryt"]
    if value == "":
        return _error("teryt", "required", value=value), {}
    if not _DIGITS.match(value):
        return _error("teryt", "letters", value=value), {}
    if len(value) != 7:
        return _error("teryt", "length", value=value, count=str(len(value))), {}
    ww, pp, digit = value[0:2], value[2:4], value[6]
    if ww not in rules["voivodeships"]:
        return _error("teryt", "voivodeship", value=value, ww=ww), {}
    if pp == "00":
        return _error("teryt", "powiat", value=value), {}
    if digit in teryt["not_gmina"]:
        return _error("teryt", teryt["not_gmina"][digit], value=value, suggestion=value[0:6] + "3"), {}
    if digit not in teryt["types"]:
        return _error("teryt", "type", value=value, type_digit=digit), {}
    facts = dict(teryt["types"][digit])
    facts.update(teryt["city"] if int(pp) >= teryt["city_powiat_from"] else teryt["not_city"])
    facts["woj"] = ww
    return None, facts


def check_answer(rules: Rules, question: Mapping[str, Any], value: str) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """(error, facts) for one answer to one question."""
    qid = question["id"]
    if question["kind"] == "teryt":
        return check_teryt(rules, value)
    if value == "":
        return _error(qid, "required", value=value), {}
    if question["kind"] == "voivodeship":
        if value not in rules["voivodeships"]:
            return _error(qid, "unknown", value=value), {}
        return None, {"woj": value}
    for option in question["options"]:
        if option["value"] == value:
            return None, dict(option["sets"])
    return _error(qid, "unknown", value=value), {}


def evaluate(rules: Rules, query: Query) -> dict[str, Any]:
    """Where the answers in a page address lead: the question to show (with its error) or the result.

    `query` maps address parameters to values (?typ=wiejska&woj=18 → {"typ": "wiejska", "woj": "18"}).
    Unknown parameters are ignored. An answer to a question that is not asked is left out: quietly
    when it agrees with the other answers, with a notice when it contradicts them.
    """
    questions = rules["questions"]
    edit = rules["edit_param"]
    kinds = {q["id"]: q["kind"] for q in questions}
    raw = {qid: clean(kinds[qid], str(query[qid])) for qid in kinds if qid in query}
    for implied in rules["implied"]:
        if implied["param"] not in raw and implied["if_present"] in raw:
            raw[implied["param"]] = implied["value"]
    answers: dict[str, str] = {}
    facts: dict[str, str] = {}
    notices: list[dict[str, str]] = []
    skipped: list[str] = []
    step: str | None = None
    error: dict[str, Any] | None = None
    for question in questions:
        qid = question["id"]
        value = raw.get(qid)
        if not _applies(question, answers):
            if value is not None:
                skipped.append(qid)
            continue
        if value is None:
            step = qid
            break
        problem, found = check_answer(rules, question, value)
        if problem is not None:
            step, error = qid, problem
            break
        answers[qid] = value
        facts.update(found)
    # An answer to a question that was not asked passes quietly when it agrees with what the
    # other answers established; when it contradicts them, the reader is told it was left out.
    by_id = {q["id"]: q for q in questions}
    for qid in skipped:
        if not _agrees(rules, by_id[qid], raw[qid], facts):
            notices.append({"code": "ignored", "question": qid, "value": raw[qid]})
    editing = False
    if edit in query:
        wanted = clean("choice", str(query[edit]))
        if wanted in answers:
            step, error, editing = wanted, None, True
        elif wanted != step:
            notices.append({"code": "unknown-change", "question": "", "value": wanted})
    result = None
    if step is None:
        step = "result"
        result = _match(rules, facts)
    return {
        "step": step,
        "editing": editing,
        "answers": answers,
        "facts": facts,
        "error": error,
        "notices": notices,
        "skipped": skipped,
        "result": result,
    }


def _agrees(rules: Rules, question: Mapping[str, Any], value: str, facts: Mapping[str, str]) -> bool:
    problem, found = check_answer(rules, question, value)
    if problem is not None:
        return False
    if all(facts.get(name) == fact for name, fact in found.items()):
        return True
    return value == question["skipped_value"] and all(facts.get(name, fact) == fact for name, fact in found.items())


def _match(rules: Rules, facts: Mapping[str, str]) -> dict[str, Any] | None:
    for rule in rules["results"]:
        if all(facts.get(name) == value for name, value in rule["when"].items()):
            woj = facts.get("woj")
            region = None
            if woj is not None:
                home = rules["region_of"].get(woj)
                status = "none" if home is None else "same" if home == rule["variant"] else "other"
                region = {"woj": woj, "status": status, "variant": home}
            return {"variant": rule["variant"], "case": rule["case"], "region": region}
    return None


# --- Every combination of answers ------------------------------------------------------


def teryt_samples(rules: Rules) -> list[str]:
    """One gmina code for each voivodeship, type digit and kind of powiat (land / city)."""
    city_from = rules["teryt"]["city_powiat_from"]
    powiats = ["01", f"{city_from:02d}"]
    return [
        ww + pp + "01" + digit for ww in rules["voivodeships"] for digit in rules["teryt"]["types"] for pp in powiats
    ]


def combinations(rules: Rules) -> list[dict[str, str]]:
    """Every complete path through the questions, as the address query that ends in a result.

    Choice and voivodeship questions branch over all their answers; the TERYT question over
    `teryt_samples` (one code per voivodeship, type digit and kind of powiat).
    """
    found: list[dict[str, str]] = []

    def walk(query: dict[str, str]) -> None:
        evaluation = evaluate(rules, query)
        step = evaluation["step"]
        if step == "result":
            found.append(dict(query))
            return
        question = next(q for q in rules["questions"] if q["id"] == step)
        for value in answer_values(rules, question):
            walk({**query, step: value})

    walk({})
    return found


def answer_values(rules: Rules, question: Mapping[str, Any]) -> list[str]:
    if question["kind"] == "teryt":
        return teryt_samples(rules)
    if question["kind"] == "voivodeship":
        return list(rules["voivodeships"])
    return [o["value"] for o in question["options"]]
