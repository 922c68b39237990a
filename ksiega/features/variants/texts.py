"""The texts a reader sees for an evaluation of the rules (mirrored in variant-picker.js)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ksiega.core.handbook import Handbook
from ksiega.core.lang import VARIANT_SLUGS, Lang
from ksiega.features.variants.model import _data, voivodeship_list

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


# --- The texts a reader sees for an evaluation (mirrored in variant-picker.js) -------------


def fill(template: str, params: Mapping[str, str]) -> str:
    """Put named values into a text: "Kod {value}" → "Kod 123". Unknown names stay as written."""
    return _PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), m.group(0))), template)


def texts_from_data(data: Mapping[str, Any], voivodeships: Sequence[Mapping[str, Any]], lang: Lang) -> dict[str, Any]:
    """Everything the picker says in one language (embedded as JSON next to the rules).

    `data` is data/variants.yml; `voivodeships` the entries of data/voivodeships.yml."""
    picker = data["picker"]
    return {
        "questions": {
            q["id"]: {
                "kind": q["kind"],
                "title": q[lang]["title"],
                "legend": q[lang]["legend"],
                "hint": q[lang]["hint"],
                "errors": dict(q[lang]["errors"]),
                "options": {o["value"]: o[lang]["label"] for o in q.get("options", [])},
                "hints": {o["value"]: o[lang].get("hint", "") for o in q.get("options", [])},
            }
            for q in picker["questions"]
        },
        "voivodeships": {v["id"]: v[lang] for v in voivodeships},
        "variants": {
            v["id"]: {
                "name": v[lang]["name"],
                "for_whom": v[lang]["for_whom"],
                "gmina_type": v[lang]["gmina_type"],
                "your_answer": v[lang]["your_answer"],
                "team": v["team"]["summary"][lang],
                "slug": VARIANT_SLUGS[v["id"]],
            }
            for v in data["variants"]
        },
        "cases": {c["id"]: c[lang]["title"] for c in picker["cases"]},
        "teryt": {k: picker["teryt"][lang][k] for k in ("reason", "city", "not_city")},
        "region": dict(picker["region"][lang]),
        "notices": dict(picker["notices"][lang]),
        "ui": dict(picker["ui"][lang]),
    }


def picker_texts(handbook: Handbook, lang: Lang) -> dict[str, Any]:
    return texts_from_data(_data(handbook), voivodeship_list(handbook), lang)


def describe(evaluation: Mapping[str, Any], texts: Mapping[str, Any]) -> dict[str, Any]:
    """The words the page shows for an evaluation: the error, notices, result heading,
    reasons, the sentence about the voivodeship and the summary of answers."""
    questions = texts["questions"]
    error = evaluation["error"]
    error_text = None
    if error is not None:
        error_text = fill(questions[error["question"]]["errors"][error["code"]], error["params"])
    notices = [
        fill(
            texts["notices"][n["code"]],
            {"value": n["value"], "question": questions[n["question"]]["title"] if n["question"] else ""},
        )
        for n in evaluation["notices"]
    ]
    answers = evaluation["answers"]
    summary = [[questions[qid]["title"], _answer_label(texts, qid, value)] for qid, value in answers.items()]
    described: dict[str, Any] = {
        "step": evaluation["step"],
        "error": error_text,
        "notices": notices,
        "summary": summary,
        "heading": None,
        "reasons": [],
        "region": None,
    }
    result = evaluation["result"]
    if result is None:
        return described
    variants = texts["variants"]
    variant = variants[result["variant"]]
    described["heading"] = variant["name"]
    facts = evaluation["facts"]
    if "teryt" in answers:
        code = answers["teryt"]
        described["reasons"] = [
            fill(
                texts["teryt"]["reason"],
                {
                    "code": code,
                    "type_digit": code[6],
                    "gmina": variants[facts["gmina"]]["gmina_type"],
                    "ww": code[0:2],
                    "woj": texts["voivodeships"][code[0:2]],
                    "pp": code[2:4],
                    "city": texts["teryt"]["city" if facts.get("npp") == "tak" else "not_city"],
                },
            )
        ]
    elif "gmina" in facts:
        described["reasons"] = [variants[facts["gmina"]]["your_answer"]]
    region = result["region"]
    if region is not None:
        other = variants[region["variant"]]["for_whom"] if region["variant"] else ""
        described["region"] = fill(
            texts["region"][region["status"]], {"for_whom": variant["for_whom"], "other_for_whom": other}
        )
    return described


def _answer_label(texts: Mapping[str, Any], qid: str, value: str) -> str:
    question = texts["questions"][qid]
    if question["kind"] == "voivodeship":
        return texts["voivodeships"].get(value, value)
    return question["options"].get(value, value)
