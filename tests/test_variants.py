"""The variant picker's rules, evaluated in Python on every combination of answers, and the
Markdown generated from data/variants.yml (comparison, decision table, result pages)."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from ksiega import variants
from ksiega.data import UnknownReference
from ksiega.docs import DocPage, Docs, uncited_figures
from ksiega.handbook import Handbook, load_handbook
from ksiega.lang import LANGS, VARIANT_SLUGS, VARIANTS
from ksiega.render import md_text
from ksiega.site import compose


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    """The handbook with its generated pages (the result pages link to the checklists' and
    templates' pages), in memory."""
    return compose(load_handbook())


@pytest.fixture(scope="module")
def data(handbook: Handbook) -> dict[str, Any]:
    return handbook.data["variants"]


@pytest.fixture(scope="module")
def rules(handbook: Handbook) -> variants.Rules:
    return variants.rules(handbook)


def home_variant(data: dict[str, Any], woj: str) -> str | None:
    """The variant whose pilot macroregion held this voivodeship, read straight from the data."""
    return next((v["id"] for v in data["variants"] if woj in v["macroregion"]["voivodeships"]), None)


def case_for(data: dict[str, Any], facts: dict[str, str]) -> str | None:
    """The case the data's result rules give for these facts (npp only matters where a rule names it)."""
    for rule in data["picker"]["results"]:
        if all(facts.get(k) == v for k, v in rule["when"].items()):
            return rule.get("case")
    raise AssertionError(f"no rule for {facts}")


# --- Every combination -----------------------------------------------------------------


def test_every_combination_of_answers_leads_to_the_variant_of_its_gmina_type(
    rules: variants.Rules, data: dict[str, Any]
) -> None:
    slug_to_variant = {slug: vid for vid, slug in VARIANT_SLUGS.items()}
    combos = variants.combinations(rules)
    seen_typ, seen_woj, seen_teryt = set(), set(), set()
    for query in combos:
        evaluation = variants.evaluate(rules, query)
        assert evaluation["step"] == "result", query
        assert evaluation["error"] is None and evaluation["notices"] == [], query
        result = evaluation["result"]
        if query["typ"] == "nie-wiem":
            code = query["teryt"]
            expected = rules["teryt"]["types"][code[6]]["gmina"]
            woj, city = code[:2], int(code[2:4]) >= rules["teryt"]["city_powiat_from"]
            seen_teryt.add(code)
        else:
            expected = slug_to_variant[query["typ"]]
            woj, city = query["woj"], query.get("npp") == "tak"
            seen_woj.add(woj)
        seen_typ.add(query["typ"])
        assert result["variant"] == expected, query
        assert result["case"] == case_for(data, {"gmina": expected, "npp": "tak" if city else "nie"}), query
        home = home_variant(data, woj)
        status = "none" if home is None else "same" if home == expected else "other"
        assert result["region"] == {"woj": woj, "status": status, "variant": home}, query
    options = {o["value"] for q in rules["questions"] if q["id"] == "typ" for o in q["options"]}
    assert seen_typ == options
    assert seen_woj == set(rules["voivodeships"])
    assert seen_teryt == set(variants.teryt_samples(rules))


def test_urban_gminas_split_on_powiat_rights_and_others_do_not(rules: variants.Rules) -> None:
    cases: dict[str, set[str | None]] = {}
    for query in variants.combinations(rules):
        result = variants.evaluate(rules, query)["result"]
        cases.setdefault(result["variant"], set()).add(result["case"])
    assert len(cases["urban"]) == 2
    assert cases["urban-rural"] == {None} and cases["rural"] == {None}


def test_only_the_relevant_questions_are_asked(rules: variants.Rules) -> None:
    asked: dict[str, set[str]] = {}
    for query in variants.combinations(rules):
        asked.setdefault(query["typ"], set()).update(k for k in query if k != "typ")
    assert asked["miejska"] == {"woj", "npp"}
    assert asked["miejsko-wiejska"] == {"woj"} and asked["wiejska"] == {"woj"}
    assert asked["nie-wiem"] == {"teryt"}


def test_voivodeships_in_no_macroregion_are_said_to_be_outside_the_pilot(
    rules: variants.Rules, data: dict[str, Any]
) -> None:
    outside = [code for code in rules["voivodeships"] if home_variant(data, code) is None]
    assert outside == ["02"]  # dolnośląskie: in none of the lists the sources give
    for typ in ("miejsko-wiejska", "wiejska"):
        result = variants.evaluate(rules, {"typ": typ, "woj": "02"})["result"]
        assert result["region"]["status"] == "none"


def test_voivodeships_come_from_the_one_list_in_data_voivodeships(
    handbook: Handbook, rules: variants.Rules, data: dict[str, Any]
) -> None:
    entries = handbook.data["voivodeships"]["voivodeships"]
    assert "voivodeships" not in data
    assert rules["voivodeships"] == [v["id"] for v in entries]
    for lang in LANGS:
        assert variants.picker_texts(handbook, lang)["voivodeships"] == {v["id"]: v[lang] for v in entries}
        # The table of voivodeships cites the sources of the voivodeship entries (TERYT).
        table = variants.voivodeship_table_md(handbook, lang)
        for source_id in dict.fromkeys(s for v in entries for s in v["sources"]):
            assert f"@{source_id}" in table
    # The rules read the voivodeships they are given, nothing else.
    only_silesia = variants.rules_from_data(data, [{"id": "24", "pl": "śląskie", "en": "Śląskie", "sources": []}])
    assert only_silesia["voivodeships"] == ["24"]
    assert variants.check_teryt(only_silesia, "2461011")[0] is None
    assert variants.check_teryt(only_silesia, "1261011")[0]["code"] == "voivodeship"


# --- TERYT codes ---------------------------------------------------------------------------


def teryt_error(rules: variants.Rules, code: str) -> dict[str, Any] | None:
    return variants.evaluate(rules, {"typ": "nie-wiem", "teryt": code})["error"]


def test_teryt_code_gives_type_voivodeship_and_powiat_rights(rules: variants.Rules) -> None:
    city_from = rules["teryt"]["city_powiat_from"]
    for ww in rules["voivodeships"]:
        for pp in range(1, 100):
            for digit, sets in rules["teryt"]["types"].items():
                evaluation = variants.evaluate(rules, {"teryt": f"{ww}{pp:02d}01{digit}"})
                assert evaluation["facts"] == {
                    "gmina": sets["gmina"],
                    "npp": "tak" if pp >= city_from else "nie",
                    "woj": ww,
                }


@pytest.mark.parametrize(
    ("typed", "code", "params"),
    [
        ("", "required", {"value": ""}),
        ("   ", "required", {"value": ""}),
        ("12a4567", "letters", {"value": "12a4567"}),
        ("1261.011", "letters", {"value": "1261.011"}),
        ("１２６１０１１", "letters", {"value": "１２６１０１１"}),  # full-width digits are not TERYT digits
        ("126101", "length", {"value": "126101", "count": "6"}),
        ("12610111", "length", {"value": "12610111", "count": "8"}),
        ("1200011", "powiat", {"value": "1200011"}),
    ],
)
def test_teryt_input_errors(rules: variants.Rules, typed: str, code: str, params: dict[str, str]) -> None:
    assert teryt_error(rules, typed) == {"question": "teryt", "code": code, "params": params}


def test_every_unknown_voivodeship_code_is_refused(rules: variants.Rules) -> None:
    for ww in (f"{n:02d}" for n in range(100)):
        error = teryt_error(rules, f"{ww}01011")
        if ww in rules["voivodeships"]:
            assert error is None
        else:
            assert error == {"question": "teryt", "code": "voivodeship", "params": {"value": f"{ww}01011", "ww": ww}}


def test_parts_of_gminas_and_districts_are_explained_not_accepted(rules: variants.Rules) -> None:
    for digit in "0123456789":
        code = f"1201{'05'}{digit}"
        error = teryt_error(rules, code)
        if digit in rules["teryt"]["types"]:
            assert error is None
        elif digit in rules["teryt"]["not_gmina"]:
            assert error["code"] == rules["teryt"]["not_gmina"][digit]
            assert error["params"]["suggestion"] == code[:6] + "3"
        else:
            assert error == {"question": "teryt", "code": "type", "params": {"value": code, "type_digit": digit}}
    assert set(rules["teryt"]["not_gmina"]) == {"4", "5", "8", "9"}


@pytest.mark.parametrize("typed", ["12 61 011", "12-61-011", "\u00a01261011 ", " 1261011\n"])
def test_teryt_code_may_be_typed_with_spaces_and_dashes(rules: variants.Rules, typed: str) -> None:
    assert variants.evaluate(rules, {"teryt": typed}) == variants.evaluate(rules, {"teryt": "1261011"})


# --- Hand-edited addresses --------------------------------------------------------------------


def test_teryt_alone_means_i_dont_know(rules: variants.Rules) -> None:
    evaluation = variants.evaluate(rules, {"teryt": "1261011"})
    assert evaluation["answers"] == {"typ": "nie-wiem", "teryt": "1261011"}
    assert evaluation["step"] == "result"


@pytest.mark.parametrize(
    ("query", "step", "error"),
    [
        ({"typ": "metropolia"}, "typ", {"question": "typ", "code": "unknown", "params": {"value": "metropolia"}}),
        ({"typ": ""}, "typ", {"question": "typ", "code": "required", "params": {"value": ""}}),
        ({"typ": "wiejska", "woj": "03"}, "woj", {"question": "woj", "code": "unknown", "params": {"value": "03"}}),
        ({"typ": "wiejska", "woj": "6"}, "woj", {"question": "woj", "code": "unknown", "params": {"value": "6"}}),
        (
            {"typ": "miejska", "woj": "24", "npp": "może"},
            "npp",
            {"question": "npp", "code": "unknown", "params": {"value": "może"}},
        ),
        ({"typ": "wiejska"}, "woj", None),
        ({}, "typ", None),
        ({"foo": "bar"}, "typ", None),
    ],
)
def test_hand_edited_addresses_stop_at_the_question_to_fix(
    rules: variants.Rules, query: dict[str, str], step: str, error: dict[str, Any] | None
) -> None:
    evaluation = variants.evaluate(rules, query)
    assert (evaluation["step"], evaluation["error"], evaluation["result"]) == (step, error, None)


def test_answers_that_contradict_the_others_are_left_out_with_a_notice(rules: variants.Rules) -> None:
    evaluation = variants.evaluate(rules, {"typ": "wiejska", "woj": "18", "npp": "tak"})
    assert evaluation["step"] == "result" and evaluation["answers"] == {"typ": "wiejska", "woj": "18"}
    assert evaluation["notices"] == [{"code": "ignored", "question": "npp", "value": "tak"}]
    evaluation = variants.evaluate(rules, {"typ": "miejska", "woj": "24", "npp": "nie", "teryt": "1261011"})
    assert evaluation["notices"] == [{"code": "ignored", "question": "teryt", "value": "1261011"}]
    assert evaluation["result"]["variant"] == "urban"
    evaluation = variants.evaluate(rules, {"teryt": "1261011", "woj": "24"})
    assert evaluation["notices"] == [{"code": "ignored", "question": "woj", "value": "24"}]


@pytest.mark.parametrize(
    "query",
    [
        {"typ": "wiejska", "woj": "18", "npp": "nie"},  # the issue's own example address
        {"typ": "miejsko-wiejska", "woj": "04", "npp": "nie"},
        {"typ": "miejska", "woj": "12", "npp": "tak", "teryt": "1261011"},
        {"teryt": "1261011", "woj": "12", "npp": "tak"},
        {"teryt": "1201011", "npp": "nie"},
    ],
)
def test_answers_that_agree_with_the_others_pass_quietly(rules: variants.Rules, query: dict[str, str]) -> None:
    evaluation = variants.evaluate(rules, query)
    assert evaluation["step"] == "result" and evaluation["notices"] == []
    assert evaluation["skipped"] and set(evaluation["skipped"]) <= set(query)


def test_change_links_reopen_a_question_with_its_answer(rules: variants.Rules) -> None:
    query = {"typ": "miejska", "woj": "24", "npp": "tak"}
    evaluation = variants.evaluate(rules, {**query, "zmien": "woj"})
    assert (evaluation["step"], evaluation["editing"], evaluation["answers"]) == ("woj", True, query)
    evaluation = variants.evaluate(rules, {**query, "zmien": "pogoda"})
    assert evaluation["step"] == "result"
    assert evaluation["notices"] == [{"code": "unknown-change", "question": "", "value": "pogoda"}]


# --- What the reader is told ------------------------------------------------------------------


def all_queries(rules: variants.Rules) -> list[dict[str, str]]:
    """Every combination plus every kind of error and notice."""
    queries = list(variants.combinations(rules))
    for code in ["", "x", "123", "0301011", "1200011", "1201014", "1201015", "1201018", "1201019", "1201010"]:
        queries.append({"typ": "nie-wiem", "teryt": code})
    queries += [
        {"typ": "zzz"},
        {"typ": "miejska", "woj": "99"},
        {"typ": "miejska", "woj": "24", "npp": "?"},
        {"typ": "wiejska", "woj": "02", "npp": "tak", "zmien": "nic"},
        {"typ": "miejska", "woj": "24", "npp": "nie", "zmien": "typ"},
    ]
    return queries


@pytest.mark.parametrize("lang", LANGS)
def test_every_state_is_described_without_gaps(handbook: Handbook, rules: variants.Rules, lang: str) -> None:
    texts = variants.picker_texts(handbook, lang)
    for query in all_queries(rules):
        evaluation = variants.evaluate(rules, query)
        described = variants.describe(evaluation, texts)
        words = [described["error"] or "", *described["notices"], described["heading"] or "", described["region"] or ""]
        words += described["reasons"] + [cell for row in described["summary"] for cell in row]
        for text in words:
            assert not re.search(r"\{[a-z_]+\}", text), (query, text)
        assert (described["error"] is None) == (evaluation["error"] is None)
        if evaluation["result"]:
            variant = next(
                v for v in handbook.data["variants"]["variants"] if v["id"] == evaluation["result"]["variant"]
            )
            assert described["heading"] == variant[lang]["name"]
            assert len(described["reasons"]) == 1 and described["region"]
            assert [row[0] for row in described["summary"]] == [
                texts["questions"][q]["title"] for q in evaluation["answers"]
            ]


def test_fill_leaves_unknown_names_as_written() -> None:
    assert variants.fill("{a} i {b}", {"a": "1"}) == "1 i {b}"


# --- Markdown from the data ---------------------------------------------------------------------


def page(base: str, lang: str) -> DocPage:
    return DocPage(src=base[:-3] + f".{lang}.md", lang=lang, meta={}, body="")


def generated_markdown(handbook: Handbook, lang: str) -> dict[str, str]:
    picker, comparison = page("tools/variant-picker.md", lang), page("model/variants.md", lang)
    out = {
        "picker": variants.render_picker(handbook, lang, picker, ""),
        "comparison": variants.render_comparison(handbook, lang, comparison, ""),
        "sections": variants.render_sections(handbook, lang, comparison, ""),
        "decision table": variants.render_decision_table(handbook, lang, comparison, ""),
    }
    for vid in VARIANTS:
        out[f"result {vid}"] = variants.render_result(handbook, lang, page(variants.result_page(vid), lang), vid)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_generated_markdown_cites_every_figure(handbook: Handbook, lang: str) -> None:
    for name, markdown in generated_markdown(handbook, lang).items():
        # The picker's HTML (labels, the embedded JSON) is not prose.
        prose = re.sub(r"<div class=\"kk-picker\".*?</script>\n</div>", "", markdown, flags=re.DOTALL)
        # md_text writes an apostrophe as an HTML entity (&#x27;): its digits are not figures.
        prose = re.sub(r"&\\?#x?[0-9a-f]+;", "", prose)
        assert uncited_figures(prose) == [], name


@pytest.mark.parametrize("lang", LANGS)
def test_decision_table_lists_every_answer_and_links_every_result(handbook: Handbook, lang: str) -> None:
    table = variants.render_decision_table(handbook, lang, page("tools/variant-picker.md", lang), "")
    texts = variants.picker_texts(handbook, lang)
    for vid in VARIANTS:
        assert f"(variant-picker/{VARIANT_SLUGS[vid]}.md" in table
    for option in texts["questions"]["typ"]["options"].values():
        assert f"| {md_text(option)} |" in table
    for name in texts["voivodeships"].values():
        assert f"| {md_text(name)} |" in table
    rows = [line for line in table.splitlines() if line.startswith("| ") and "variant-picker/" in line]
    urban_rows = [row for row in rows if "miejska.md#" in row]
    assert {re.search(r"miejska\.md#([a-z-]+)", row).group(1) for row in urban_rows} == {
        c["id"] for c in handbook.data["variants"]["picker"]["cases"]
    }


def test_result_pages_exist_for_every_variant_in_both_languages(handbook: Handbook) -> None:
    pages = variants.pages(handbook)
    assert set(pages) == {f"tools/variant-picker/{VARIANT_SLUGS[v]}.{lang}.md" for v in VARIANTS for lang in LANGS}
    for path, markdown in pages.items():
        assert markdown.startswith("# ") and "<!-- kk:variant-result " in markdown, path


def test_result_page_sections_have_the_same_ids_in_both_languages(handbook: Handbook) -> None:
    for vid in VARIANTS:
        ids = {
            lang: re.findall(
                r"\{#([a-z-]+)\}",
                variants.render_result(handbook, lang, page(variants.result_page(vid), lang), vid),
            )
            for lang in LANGS
        }
        assert ids["pl"] == ids["en"] and {"why", "team", "partners", "steps", "pilot", "voivodeships"} <= set(
            ids["pl"]
        )


def test_tool_links_lead_to_the_tools_and_fail_without_them(handbook: Handbook) -> None:
    markdown = variants.render_result(handbook, "pl", page("tools/variant-picker/wiejska.md", "pl"), "rural")
    assert "checklists/index.md?wariant=wiejska" in markdown
    assert "forms/index.md" in markdown
    assert "good-practices/index.md?typ=wiejska" in markdown
    without = copy.copy(handbook)
    without.docs = Docs(handbook.docs.root, [p for p in handbook.docs.pages if not p.src.startswith("tools/forms/")])
    with pytest.raises(UnknownReference) as exc:
        variants.render_result(without, "pl", page("tools/variant-picker/wiejska.md", "pl"), "rural")
    assert str(exc.value.problems[0]) == (
        "data/variants.yml: entry 'rural': points at the page 'tools/forms/index.md', which does not exist"
    )
