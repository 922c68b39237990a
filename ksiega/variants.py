"""The three variants of the model and the variant picker, from data/variants.yml; the
voivodeships (codes, names, sources) from data/voivodeships.yml, the handbook's one list of them.

One set of rules, two evaluators: `evaluate()` here and `evaluate()` in
overrides/assets/js/variant-picker.js, which runs the same rules, embedded in the page as JSON
at build time. The rule format is deliberately small (questions with `ask_if`, options that
`set` facts, results matched on facts, the TERYT digit tables), so the two stay line-for-line
equivalent; the browser tests compare them on every combination of answers.

What this module renders:
  - model/variants: the side-by-side comparison table and one section per variant;
  - the decision table (every answer and where it leads), on model/variants and on the picker;
  - tools/variant-picker: the step-by-step tool (HTML from overrides/kk/variant-picker.html)
    and the result parts it shows, rendered as Markdown so links and citations are checked;
  - tools/variant-picker/<slug>: one result page per variant, reachable without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ksiega.data import Problem, UnknownReference
from ksiega.docs import DocPage
from ksiega.handbook import Handbook
from ksiega.lang import LANGS, VARIANT_SLUGS, VARIANTS, Lang
from ksiega.render import html_block, md_text, render_template
from ksiega.toolkit import links

DATA_FILES = ["variants", "voivodeships"]
FILE = "data/variants.yml"

PICKER_PAGE = "tools/variant-picker.md"
RESULTS_DIR = "tools/variant-picker"
COMPARISON_PAGE = "model/variants.md"
CHECKLISTS_PAGE = "tools/checklists/index.md"
FORMS_PAGE = "tools/forms/index.md"
PRACTICES_PAGE = "good-practices/index.md"
GLOSSARY_PAGE = "glossary.md"
BIBLIOGRAPHY_ID = "eteryt"

Rules = dict[str, Any]
Query = Mapping[str, str]

# Headings and fixed words of the generated pages (the picker's own texts are in the data).
LABELS: dict[Lang, dict[str, str]] = {
    "pl": {
        "feature": "Cecha",
        "project": "Projekt pilotażowy",
        "macroregion": "Makroregion",
        "voivodeships": "Województwa",
        "lead": "Lider",
        "partners_inst": "Partnerzy projektu",
        "team": "Zespoły",
        "team_to_build": "Zespół do zbudowania",
        "partners": "Partnerzy do zaproszenia",
        "typical_partners": "Typowi partnerzy",
        "procedure": "Co inaczej w procedurze",
        "steps": "Kroki procedury",
        "tools": "Narzędzia i dobre praktyki",
        "pilot": "Pilotaż wariantu",
        "gaps": "Czego źródła nie mówią",
        "why": "Dlaczego ten wariant",
        "region_table": "Województwa w pilotażu",
        "role_lead": "lider",
        "role_partner": "partner",
        "none": "żaden",
        "not_in_pilot": "nie należało do żadnego makroregionu pilotażu",
        "variant_developed": "Wariant opracowany w makroregionie",
        "institution": "Instytucja regionalna w projekcie",
        "voivodeship": "Województwo",
        "result": "Wynik",
        "details": "Opis wyniku",
        "not_asked": "nie pytamy",
        "teryt_digit": "Ostatnia cyfra kodu TERYT",
        "teryt_meaning": "Co oznacza",
        "teryt_city": "Cyfry powiatu",
        "enter_gmina_code": "wpisz kod całej gminy",
        "then": "dalej: pytanie o kod TERYT (tabela niżej)",
        "answers_table": "Odpowiedzi i wynik",
        "teryt_table": "Gdy nie wiesz, jaka to gmina: kod TERYT",
        "results_list": "Opisy wyników",
        "checklists": "Listy kontrolne dla tego wariantu",
        "forms": "Wzory dokumentów",
        "practices": "Dobre praktyki z gmin tego rodzaju",
        "comparison": "Porównanie trzech wariantów",
        "picker": "Narzędzie wyboru wariantu – zacznij od nowa",
        "full_result": "Ten wariant na osobnej stronie",
        "result_intro": (
            "Ta strona pokazuje wynik [narzędzia wyboru wariantu]({picker}) dla gminy, której rodzaj to: "
            "{gmina_type}. Wszystkie warianty obok siebie pokazuje strona [{comparison}]({comparison_link})."
        ),
        "steps_intro": "Kroki są wspólne dla wszystkich wariantów; przy krokach, które w tym wariancie wyglądają "
        "inaczej, piszemy, co się zmienia.",
        "comparison_intro": "Każdy wiersz tabeli opisujemy szerzej w częściach poniżej.",
        "case_intro": "Gdy Twoja gmina jest gminą miejską, wynik zależy jeszcze od tego, czy jest miastem na prawach "
        "powiatu.",
    },
    "en": {
        "feature": "Feature",
        "project": "Pilot project",
        "macroregion": "Macroregion",
        "voivodeships": "Voivodeships",
        "lead": "Lead",
        "partners_inst": "Project partners",
        "team": "Teams",
        "team_to_build": "The team to build",
        "partners": "Partners to invite",
        "typical_partners": "Typical partners",
        "procedure": "What differs in the procedure",
        "steps": "Steps of the procedure",
        "tools": "Tools and good practices",
        "pilot": "The pilot of this variant",
        "gaps": "What the sources do not say",
        "why": "Why this variant",
        "region_table": "Voivodeships in the pilot",
        "role_lead": "lead",
        "role_partner": "partner",
        "none": "none",
        "not_in_pilot": "was in none of the pilot macroregions",
        "variant_developed": "Variant developed in the macroregion",
        "institution": "Regional institution in the project",
        "voivodeship": "Voivodeship",
        "result": "Result",
        "details": "Description of the result",
        "not_asked": "not asked",
        "teryt_digit": "Last digit of the TERYT code",
        "teryt_meaning": "What it means",
        "teryt_city": "Powiat digits",
        "enter_gmina_code": "enter the code of the whole gmina",
        "then": "next: the question about the TERYT code (table below)",
        "answers_table": "Answers and result",
        "teryt_table": "When you do not know the type: the TERYT code",
        "results_list": "Descriptions of the results",
        "checklists": "Checklists for this variant",
        "forms": "Form templates",
        "practices": "Good practices from gminas of this type",
        "comparison": "Comparison of the three variants",
        "picker": "The variant picker – start again",
        "full_result": "This variant on a page of its own",
        "result_intro": (
            "This page shows the result of the [variant picker]({picker}) for a gmina of this type: "
            "{gmina_type}. The page [{comparison}]({comparison_link}) shows all variants side by side."
        ),
        "steps_intro": "The steps are the same in every variant; where a step looks different in this variant, "
        "we say what changes.",
        "comparison_intro": "Each row of the table is described in more detail in the parts below.",
        "case_intro": "When your gmina is an urban gmina, the result also depends on whether it is a city with "
        "powiat rights.",
    },
}


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
    return rules_from_data(_data(handbook), voivodeship_list(handbook))


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


# --- Markdown building blocks (shared by the comparison, the result pages and the picker) ---


def _cite(ids: list[str]) -> str:
    return f" [@{'; @'.join(ids)}]" if ids else ""


def _cited(text: str, ids: list[str]) -> str:
    """Text (already Markdown) with its citation, placed before a closing full stop."""
    if text.endswith("."):
        return text[:-1] + _cite(ids) + "."
    return text + _cite(ids)


def _sourced(item: Mapping[str, Any], lang: Lang) -> str:
    return _cited(md_text(item[lang]), list(item["sources"]))


def _join_cites(*groups: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for group in groups:
        for source_id in group:
            seen.setdefault(source_id, None)
    return list(seen)


def _voivodeship_names(handbook: Handbook, lang: Lang) -> dict[str, str]:
    return {v["id"]: v[lang] for v in voivodeship_list(handbook)}


def _link(page_base: str, target: str, anchor: str = "", query: str = "") -> str:
    href = links.relative(page_base, target)
    return f"{href}{query}{'#' + anchor if anchor else ''}"


def _heading_text(handbook: Handbook, lang: Lang, ref: str, where: links.Where) -> str:
    """The text of the heading a page reference points at (or the page title)."""
    return links.heading(handbook.docs, ref, lang, where)


def _ref_link(handbook: Handbook, lang: Lang, page_base: str, ref: str, where: links.Where) -> str:
    return f"[{md_text(_heading_text(handbook, lang, ref, where))}]({links.href(page_base, ref)})"


def _step_where(variant: Mapping[str, Any], index: int) -> links.Where:
    return links.Where(FILE, variant["id"], f"procedure[{index}].step")


def why_md(variant: Mapping[str, Any], lang: Lang) -> str:
    return "\n\n".join(_sourced(item, lang) for item in variant["why"])


def team_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang, page_base: str) -> str:
    """The teams to build, each named as the glossary names it, linked to its entry."""
    lines = []
    for index, level in enumerate(variant["team"]["levels"]):
        title = f"**{md_text(level[lang]['title'])}**"
        if "glossary" in level:
            where = links.Where(FILE, variant["id"], f"team.levels[{index}].glossary")
            links.require(handbook.docs, GLOSSARY_PAGE, lang, where)
            title = f"[{title}]({_link(page_base, GLOSSARY_PAGE, level['glossary'])})"
        lines.append(f"- {title} – {_cited(md_text(level[lang]['text']), list(level['sources']))}")
    return "\n".join(lines)


def partners_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang) -> str:
    names = {s["id"]: s[lang] for s in _data(handbook)["sectors"]}
    by_sector: dict[str, list[str]] = {}
    for entry in variant["partners"]["by_sector"]:
        by_sector.setdefault(entry["sector"], []).append(_sourced(entry, lang))
    lines = [
        f"- **{md_text(names[sector])}:** {'; '.join(by_sector[sector])}" for sector in names if sector in by_sector
    ]
    return "\n".join(lines) + "\n\n" + _sourced(variant["partners"]["note"], lang)


def differences_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang, page_base: str) -> str:
    """What differs in this variant, step by step (only the steps that differ)."""
    return "\n".join(
        f"- {_ref_link(handbook, lang, page_base, entry['step'], _step_where(variant, i))}: {_sourced(entry, lang)}"
        for i, entry in enumerate(variant["procedure"])
    )


def steps_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang, page_base: str) -> str:
    """All steps of the procedure, each linked to its chapter, with this variant's differences."""
    notes: dict[str, list[str]] = {}
    for entry in variant["procedure"]:
        notes.setdefault(entry["step"], []).append(_sourced(entry, lang))
    lines = []
    for number, ref in enumerate(_data(handbook)["steps"], start=1):
        note = " ".join(notes.get(ref, []))
        link = _ref_link(handbook, lang, page_base, ref, links.Where(FILE, field=f"steps[{number - 1}]"))
        lines.append(f"{number}. {link}{' – ' + note if note else ''}")
    return LABELS[lang]["steps_intro"] + "\n\n" + "\n".join(lines)


def tools_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang, page_base: str, *, in_picker: bool) -> str:
    """Links to the tools for this variant (checklists, templates, practices, the comparison)."""
    labels = LABELS[lang]
    slug = VARIANT_SLUGS[variant["id"]]
    where = links.Where(FILE, variant["id"])
    for page in (CHECKLISTS_PAGE, FORMS_PAGE, PRACTICES_PAGE, COMPARISON_PAGE):
        links.require(handbook.docs, page, lang, where)
    found = [
        f"[{labels['checklists']}]({_link(page_base, CHECKLISTS_PAGE, query='?wariant=' + slug)})",
        f"[{labels['forms']}]({_link(page_base, FORMS_PAGE)})",
        f"[{labels['practices']}]({_link(page_base, PRACTICES_PAGE, query='?typ=' + slug)})",
        f"[{labels['comparison']}]({_link(page_base, COMPARISON_PAGE, variant['id'])})",
    ]
    if in_picker:
        found.append(f"[{labels['full_result']}]({_link(page_base, result_page(variant['id']))})")
    else:
        found.append(f"[{labels['picker']}]({_link(page_base, PICKER_PAGE)})")
    return "\n".join(f"- {link}" for link in found)


def _institutions(variant: Mapping[str, Any], lang: Lang, role: str) -> str:
    return ", ".join(md_text(i[lang]) for i in variant["institutions"]["list"] if i["role"] == role)


def pilot_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang) -> str:
    labels = LABELS[lang]
    names = _voivodeship_names(handbook, lang)
    macro = variant["macroregion"]
    inst_sources = list(variant["institutions"]["sources"])
    lines = [
        f"- **{labels['project']}:** {_sourced(variant['project'], lang)}",
        f"- **{labels['macroregion']}:** {md_text(macro[lang])} – "
        f"{', '.join(md_text(names[c]) for c in macro['voivodeships'])}{_cite(list(macro['sources']))}",
        f"- **{labels['lead']}:** {_institutions(variant, lang, 'lead')}{_cite(inst_sources)}",
        f"- **{labels['partners_inst']}:** {_institutions(variant, lang, 'partner')}{_cite(inst_sources)}",
    ]
    lines += [f"- {_sourced(item, lang)}" for item in variant["pilot"]]
    return "\n".join(lines)


def gaps_md(variant: Mapping[str, Any], lang: Lang) -> str:
    return "\n\n".join(_sourced(item, lang) for item in variant["gaps"])


def case_md(case: Mapping[str, Any], lang: Lang) -> str:
    return "\n\n".join(_sourced(item, lang) for item in case["texts"])


def _region_facts(handbook: Handbook, code: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(the variant developed in this voivodeship's macroregion, the regional institution)."""
    for variant in variant_list(handbook):
        if code in variant["macroregion"]["voivodeships"]:
            institution = next((i for i in variant["institutions"]["list"] if i.get("voivodeship") == code), None)
            return variant, institution
    return None, None


def voivodeship_md(handbook: Handbook, code: str, lang: Lang) -> str:
    """What the pilot meant for one voivodeship: its macroregion, variant and regional institution."""
    labels = LABELS[lang]
    name = _voivodeship_names(handbook, lang)[code]
    variant, institution = _region_facts(handbook, code)
    if variant is None:
        return f"- **{labels['voivodeship']}:** {md_text(name)}\n\n{_sourced(_data(handbook)['outside_pilot'], lang)}"
    cites = _cite(_join_cites(variant["macroregion"]["sources"], variant["institutions"]["sources"]))
    lines = [
        f"- **{labels['voivodeship']}:** {md_text(name)}",
        f"- **{labels['macroregion']}:** {md_text(variant['macroregion'][lang])}",
        f"- **{labels['variant_developed']}:** {md_text(variant[lang]['name'])}",
    ]
    if institution is not None:
        role = labels["role_lead"] if institution["role"] == "lead" else labels["role_partner"]
        lines.append(f"- **{labels['institution']}:** {md_text(institution[lang])} ({role})")
    lines[-1] += cites
    return "\n".join(lines)


def voivodeship_table_md(handbook: Handbook, lang: Lang) -> str:
    labels = LABELS[lang]
    rows = [
        "| " + " | ".join(labels[k] for k in ("voivodeship", "macroregion", "variant_developed", "institution")) + " |",
        "|---|---|---|---|",
    ]
    cited: list[str] = []
    voivodeships = voivodeship_list(handbook)
    for voivodeship in voivodeships:
        variant, institution = _region_facts(handbook, voivodeship["id"])
        if variant is None:
            outside = _data(handbook)["outside_pilot"]
            cited = _join_cites(cited, outside["sources"])
            rows.append(f"| {md_text(voivodeship[lang])} | {labels['not_in_pilot']} | – | – |")
            continue
        cited = _join_cites(cited, variant["macroregion"]["sources"], variant["institutions"]["sources"])
        role = ""
        if institution is not None:
            role = f"{md_text(institution[lang])} ({labels['role_' + institution['role']]})"
        rows.append(
            f"| {md_text(voivodeship[lang])} | {md_text(variant['macroregion'][lang])} | "
            f"{md_text(variant[lang]['name'])} | {role or '–'} |"
        )
    # The voivodeships' codes and names cite their own sources (TERYT); the macroregions the projects'.
    cited = _join_cites(cited, *(v["sources"] for v in voivodeships))
    rows[-1] = rows[-1][:-1] + f"{_cite(cited)} |"
    return "\n".join(rows)


def teryt_help_md(handbook: Handbook, lang: Lang) -> str:
    """How to find a gmina's TERYT code and what its digits mean."""
    teryt = _data(handbook)["picker"]["teryt"]
    sources = {s["id"]: s for s in handbook.data["sources"]["sources"]}
    paragraphs = [_sourced(item, lang) for item in teryt["help"]]
    url = sources.get(BIBLIOGRAPHY_ID, {}).get("url")
    if url:
        register = {"pl": "Rejestr TERYT", "en": "The TERYT register"}[lang]
        paragraphs.insert(1, f"{register}: <{url}>")
    return "\n\n".join(paragraphs)


# --- The decision table: derived by evaluating the rules, never written by hand -------------


def decision_table_md(handbook: Handbook, lang: Lang, page_base: str) -> str:
    """Every answer to the questions that decide the variant, and where it leads, with links to
    the result pages; then what each TERYT type digit means; then the voivodeships."""
    the_rules = rules(handbook)
    texts = picker_texts(handbook, lang)
    labels = LABELS[lang]
    questions = [q for q in the_rules["questions"] if q["kind"] == "choice"]
    first_woj = the_rules["voivodeships"][0]
    header = [md_text(texts["questions"][q["id"]]["title"]) for q in questions]
    rows = [
        "| " + " | ".join([*header, labels["result"], labels["team"], labels["details"]]) + " |",
        "|" + "---|" * (len(header) + 3),
    ]
    for path in _choice_paths(the_rules):
        cells = []
        for question in questions:
            value = path.get(question["id"])
            cells.append(
                md_text(texts["questions"][question["id"]]["options"][value]) if value else labels["not_asked"]
            )
        query = {**path, "woj": first_woj}
        evaluation = evaluate(the_rules, query)
        if evaluation["step"] == "teryt":
            rows.append("| " + " | ".join([*cells, labels["then"], "–", "–"]) + " |")
            continue
        result = evaluation["result"]
        variant = texts["variants"][result["variant"]]
        name = md_text(variant["name"])
        anchor = result["case"] or ""
        if result["case"]:
            name += f" – {md_text(texts['cases'][result['case']])}"
        link = f"[{md_text(variant['name'])}]({_link(page_base, result_page(result['variant']), anchor)})"
        rows.append("| " + " | ".join([*cells, name, md_text(variant["team"]), link]) + " |")
    return "\n\n".join(
        [
            f"**{labels['answers_table']}**",
            "\n".join(rows),
            f"**{labels['teryt_table']}**",
            _teryt_table_md(handbook, the_rules, texts, lang, page_base),
            f"**{labels['region_table']}**",
            voivodeship_table_md(handbook, lang),
            f"**{labels['results_list']}**",
            "\n".join(
                f"- [{md_text(texts['variants'][v]['name'])}]({_link(page_base, result_page(v))})" for v in VARIANTS
            ),
        ]
    )


def _choice_paths(rules: Rules) -> list[dict[str, str]]:
    """Every combination of answers to the choice questions (the ones that decide the variant)."""
    paths: list[dict[str, str]] = [{}]
    for question in rules["questions"]:
        if question["kind"] != "choice":
            continue
        grown = []
        for path in paths:
            if _applies(question, path):
                grown += [{**path, question["id"]: o["value"]} for o in question["options"]]
            else:
                grown.append(path)
        paths = grown
    return paths


def _teryt_table_md(handbook: Handbook, rules: Rules, texts: Mapping[str, Any], lang: Lang, page_base: str) -> str:
    labels = LABELS[lang]
    teryt = _data(handbook)["picker"]["teryt"]
    ww = rules["voivodeships"][0]
    rows = [f"| {labels['teryt_digit']} | {labels['teryt_meaning']} | {labels['result']} |", "|---|---|---|"]
    digits = sorted(set(rules["teryt"]["types"]) | set(rules["teryt"]["not_gmina"]))
    for digit in digits:
        if digit in rules["teryt"]["not_gmina"]:
            code = rules["teryt"]["not_gmina"][digit]
            rows.append(f"| {digit} | {md_text(teryt[lang]['units'][code])} | {labels['enter_gmina_code']} |")
            continue
        results = []
        for pp in ("01", f"{rules['teryt']['city_powiat_from']:02d}"):
            result = evaluate(rules, {"teryt": ww + pp + "01" + digit})["result"]
            variant = texts["variants"][result["variant"]]
            link = _link(page_base, result_page(result["variant"]), result["case"] or "")
            label = md_text(variant["name"]) + (
                f" – {md_text(texts['cases'][result['case']])}" if result["case"] else ""
            )
            entry = f"[{label}]({link})"
            if entry not in results:
                results.append(entry)
        gmina = texts["variants"][rules["teryt"]["types"][digit]["gmina"]]["gmina_type"]
        rows.append(f"| {digit} | {md_text(gmina)} | {'; '.join(results)} |")
    city = rules["teryt"]["city_powiat_from"]
    rows.append(f"| {labels['teryt_city']} {city}–99 | {md_text(texts['teryt']['city'])} | – |")
    rows[-1] = rows[-1][:-1] + f"{_cite(list(teryt['sources']))} |"
    return "\n".join(rows)


# --- The comparison chapter (model/variants) ---------------------------------------------


def comparison_table_md(handbook: Handbook, lang: Lang, page_base: str) -> str:
    """The three variants side by side: one column per variant, one row per feature."""
    labels = LABELS[lang]
    variants = variant_list(handbook)
    names = _voivodeship_names(handbook, lang)

    def row(label: str, cell: Callable[[dict[str, Any]], str]) -> str:
        return f"| **{label}** | " + " | ".join(cell(v) for v in variants) + " |"

    def team(v: dict[str, Any]) -> str:
        cites = _join_cites(*(level["sources"] for level in v["team"]["levels"]))
        return md_text(v["team"]["summary"][lang]) + _cite(cites)

    def partners(v: dict[str, Any]) -> str:
        sector_names = {s["id"]: s[lang] for s in _data(handbook)["sectors"]}
        sectors = list(dict.fromkeys(entry["sector"] for entry in v["partners"]["by_sector"]))
        return ", ".join(md_text(sector_names[s]) for s in sectors) + _cite(list(v["partners"]["note"]["sources"]))

    def procedure(v: dict[str, Any]) -> str:
        steps = [
            _ref_link(handbook, lang, page_base, entry["step"], _step_where(v, i))
            for i, entry in enumerate(v["procedure"])
        ]
        steps = list(dict.fromkeys(steps))
        return ", ".join(steps) + f" ([{labels['procedure'].lower()}](#{v['id']}-procedure))"

    lines = [
        "| " + " | ".join([labels["feature"], *(md_text(v[lang]["short"]) for v in variants)]) + " |",
        "|---" * (len(variants) + 1) + "|",
        row(labels["project"], lambda v: _sourced(v["project"], lang)),
        row(
            labels["macroregion"], lambda v: md_text(v["macroregion"][lang]) + _cite(list(v["macroregion"]["sources"]))
        ),
        row(
            labels["voivodeships"],
            lambda v: (
                ", ".join(md_text(names[c]) for c in v["macroregion"]["voivodeships"])
                + _cite(list(v["macroregion"]["sources"]))
            ),
        ),
        row(labels["lead"], lambda v: _institutions(v, lang, "lead") + _cite(list(v["institutions"]["sources"]))),
        row(
            labels["partners_inst"],
            lambda v: _institutions(v, lang, "partner") + _cite(list(v["institutions"]["sources"])),
        ),
        row(labels["team"], team),
        row(labels["typical_partners"], partners),
        row(labels["procedure"], procedure),
    ]
    return labels["comparison_intro"] + "\n\n" + "\n".join(lines)


def comparison_sections_md(handbook: Handbook, lang: Lang, page_base: str) -> str:
    """One section per variant, headings with ids identical in both languages."""
    labels = LABELS[lang]
    out = []
    for v in variant_list(handbook):
        vid = v["id"]
        out += [
            f"## {md_text(v[lang]['name'])} {{#{vid}}}",
            why_md(v, lang),
            f"### {labels['team']} {{#{vid}-team}}",
            team_md(handbook, v, lang, page_base),
            f"### {labels['typical_partners']} {{#{vid}-partners}}",
            partners_md(handbook, v, lang),
            f"### {labels['procedure']} {{#{vid}-procedure}}",
            differences_md(handbook, v, lang, page_base),
            f"### {labels['pilot']} {{#{vid}-pilot}}",
            pilot_md(handbook, v, lang),
            f"### {labels['gaps']} {{#{vid}-gaps}}",
            gaps_md(v, lang),
            f"[{LABELS[lang]['full_result']}]({_link(page_base, result_page(vid))})",
        ]
    return "\n\n".join(out)


# --- The result pages (tools/variant-picker/<slug>), one per variant ------------------------


def result_title(handbook: Handbook, variant: Mapping[str, Any], lang: Lang) -> str:
    """Wynik: wariant dla gmin wiejskich."""
    label = _data(handbook)["picker"]["ui"][lang]["result_label"]
    name = variant[lang]["name"]
    return f"{label}: {name[:1].lower()}{name[1:]}"


def result_page_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang) -> str:
    """The body of a variant's result page (below its title)."""
    labels = LABELS[lang]
    page_base = result_page(variant["id"])
    comparison_title = _heading_text(handbook, lang, COMPARISON_PAGE, links.Where(FILE, variant["id"]))
    parts = [
        labels["result_intro"].format(
            picker=_link(page_base, PICKER_PAGE),
            gmina_type=md_text(variant[lang]["gmina_type"]),
            comparison=md_text(comparison_title),
            comparison_link=_link(page_base, COMPARISON_PAGE, variant["id"]),
        ),
        f"## {labels['why']} {{#why}}",
        why_md(variant, lang),
    ]
    cases = _cases_of(handbook, variant["id"])
    if cases:
        parts.append(labels["case_intro"])
    for case in cases:
        parts += [f"## {md_text(case[lang]['title'])} {{#{case['id']}}}", case_md(case, lang)]
    parts += [
        f"## {labels['team_to_build']} {{#team}}",
        team_md(handbook, variant, lang, page_base),
        f"## {labels['partners']} {{#partners}}",
        partners_md(handbook, variant, lang),
        f"## {labels['steps']} {{#steps}}",
        steps_md(handbook, variant, lang, page_base),
        f"## {labels['tools']} {{#tools}}",
        tools_md(handbook, variant, lang, page_base, in_picker=False),
        f"## {labels['pilot']} {{#pilot}}",
        pilot_md(handbook, variant, lang),
        f"## {labels['region_table']} {{#voivodeships}}",
        voivodeship_table_md(handbook, lang),
        f"## {labels['gaps']} {{#gaps}}",
        gaps_md(variant, lang),
    ]
    return "\n\n".join(parts) + "\n"


def _cases_of(handbook: Handbook, variant_id: str) -> list[dict[str, Any]]:
    picker = _data(handbook)["picker"]
    used = [r["case"] for r in picker["results"] if r["variant"] == variant_id and r.get("case")]
    by_id = {c["id"]: c for c in picker["cases"]}
    return [by_id[c] for c in dict.fromkeys(used)]


def pages(handbook: Handbook) -> dict[str, str]:
    """One result page per variant and language. The body is a marker, rendered with the page,
    so its links see every page of the build (generated ones of other features included)."""
    out = {}
    for variant in variant_list(handbook):
        for lang in LANGS:
            title = md_text(result_title(handbook, variant, lang))
            out[result_page(variant["id"])[:-3] + f".{lang}.md"] = (
                f"# {title}\n\n<!-- kk:variant-result {variant['id']} -->\n"
            )
    return out


def render_result(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    variants = variant_by_id(handbook)
    if args not in variants:
        message = f"marker '<!-- kk:variant-result {args} -->' names no variant in {FILE} ({', '.join(variants)})"
        raise UnknownReference(page.file, message=message)
    return result_page_md(handbook, variants[args], lang)


def nav(handbook: Handbook) -> dict[str, list[str]]:
    return {PICKER_PAGE: [result_page(v) for v in VARIANTS]}


# --- The picker (tools/variant-picker) ------------------------------------------------------


def _part(name: str, markdown: str) -> str:
    """A hidden block of Markdown the picker's script shows in a result."""
    return f'<div data-kk-part="{name}" markdown>\n\n{markdown}\n\n</div>'


def _part_heading(text: str) -> str:
    """A sub-heading inside a part: a paragraph the script turns into a heading when it shows it
    (a real heading here would land in the page's table of contents while hidden)."""
    return f'{md_text(text)}\n{{: .kk-picker__h data-kk-level="3" }}'


def picker_parts_md(handbook: Handbook, lang: Lang, page_base: str) -> str:
    labels = LABELS[lang]
    parts = [_part("teryt-help", teryt_help_md(handbook, lang))]
    for v in variant_list(handbook):
        parts.append(_part(f"why-{v['id']}", why_md(v, lang)))
        body = [
            _part_heading(labels["team_to_build"]),
            team_md(handbook, v, lang, page_base),
            _part_heading(labels["partners"]),
            partners_md(handbook, v, lang),
            _part_heading(labels["steps"]),
            steps_md(handbook, v, lang, page_base),
            _part_heading(labels["tools"]),
            tools_md(handbook, v, lang, page_base, in_picker=True),
            _part_heading(labels["pilot"]),
            pilot_md(handbook, v, lang),
        ]
        parts.append(_part(f"variant-{v['id']}", "\n\n".join(body)))
        parts.append(_part(f"gaps-{v['id']}", _part_heading(labels["gaps"]) + "\n\n" + gaps_md(v, lang)))
    for case in _data(handbook)["picker"]["cases"]:
        parts.append(_part(f"case-{case['id']}", _part_heading(case[lang]["title"]) + "\n\n" + case_md(case, lang)))
    for voivodeship in voivodeship_list(handbook):
        parts.append(_part(f"woj-{voivodeship['id']}", voivodeship_md(handbook, voivodeship["id"], lang)))
    inner = "\n\n".join(parts)
    return f'<div class="kk-picker-parts" hidden data-search-exclude markdown>\n\n{inner}\n\n</div>'


def picker_config(handbook: Handbook, lang: Lang) -> dict[str, Any]:
    """The JSON the picker's script receives: the rules and the texts in one language."""
    return {"lang": lang, "rules": rules(handbook), "texts": picker_texts(handbook, lang)}


def render_picker(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    data = _data(handbook)
    picker = data["picker"]
    questions = []
    for q in picker["questions"]:
        # Each label names its text in the embedded JSON; the script fills it in.
        if q["kind"] == "voivodeship":
            options = [
                {"value": v["id"], "text": f"voivodeships.{v['id']}", "hint": False} for v in voivodeship_list(handbook)
            ]
        else:
            options = [
                {"value": o["value"], "text": f"questions.{q['id']}.options.{o['value']}", "hint": "hint" in o[lang]}
                for o in q.get("options", [])
            ]
        questions.append({"id": q["id"], "kind": q["kind"], "options": options})
    widget = render_template(
        "variant-picker.html",
        questions=questions,
        ui=picker["ui"][lang],
        config=picker_config(handbook, lang),
    )
    # No blank lines inside the raw HTML block: Markdown would end the block there.
    widget = "\n".join(line for line in widget.splitlines() if line.strip())
    return html_block(widget) + "\n\n" + picker_parts_md(handbook, lang, page.base)


def render_comparison(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    return comparison_table_md(handbook, lang, page.base)


def render_sections(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    return comparison_sections_md(handbook, lang, page.base)


def render_decision_table(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    return decision_table_md(handbook, lang, page.base)


MARKERS = {
    "variants-comparison": render_comparison,
    "variants-sections": render_sections,
    "variants-decision-table": render_decision_table,
    "variant-picker": render_picker,
    "variant-result": render_result,
}


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
