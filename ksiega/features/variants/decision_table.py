"""The decision table: every answer and where it leads, derived by evaluating the rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ksiega.core.handbook import Handbook
from ksiega.core.lang import VARIANTS, Lang
from ksiega.core.render import md_text
from ksiega.core.strings import md_ui
from ksiega.features.variants.chapters import _link, voivodeship_table_md
from ksiega.features.variants.model import _data, result_page
from ksiega.features.variants.rules import Rules, _applies, evaluate, rules
from ksiega.features.variants.texts import picker_texts
from ksiega.toolkit.citations import trailing

# --- The decision table: derived by evaluating the rules, never written by hand -------------


def decision_table_md(handbook: Handbook, lang: Lang, page_base: str) -> str:
    """Every answer to the questions that decide the variant, and where it leads, with links to
    the result pages; then what each TERYT type digit means; then the voivodeships."""
    the_rules = rules(handbook)
    texts = picker_texts(handbook, lang)
    labels = md_ui(handbook, "variants", lang)
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
    labels = md_ui(handbook, "variants", lang)
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
    rows[-1] = rows[-1][:-1] + f"{trailing(list(teryt['sources']))} |"
    return "\n".join(rows)
