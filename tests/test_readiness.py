"""The readiness check without MkDocs or a browser: the rule over every combination of answers,
what its data asks for, and the printable list a reader gets without JavaScript.

Expectations come from data/readiness.yml; the browser test (test_readiness_browser.py) checks
that the script shows the same steps as `evaluate` for every combination.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from ksiega.core.data import parse_yaml
from ksiega.core.handbook import Handbook, load_handbook
from ksiega.core.lang import LANGS
from ksiega.features import readiness
from ksiega.site import check_only, compose, render_markdown

TOOL = "tools/readiness.md"


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return compose(load_handbook())


@pytest.fixture(scope="module")
def rules(handbook: Handbook) -> dict[str, Any]:
    return readiness.rules(handbook)


def test_every_combination_gives_each_question_once_blocking_steps_first(rules: dict[str, Any]) -> None:
    order = [q["id"] for q in rules["questions"]]
    combos = list(readiness.combinations(rules))
    assert len(combos) == 3 ** len(order)  # three answers per question in the handbook's data
    for answers in combos:
        steps = readiness.evaluate(rules, answers)
        assert sorted(q for q, _a, _p in steps) == sorted(order)
        assert all(answers[q] == a for q, a, _p in steps)
        ranks = [readiness.PRIORITIES.index(p) for _q, _a, p in steps]
        assert ranks == sorted(ranks), answers
        for priority in readiness.PRIORITIES:
            group = [order.index(q) for q, _a, p in steps if p == priority]
            assert group == sorted(group), (answers, priority)


def test_a_missing_coordinator_comes_before_a_missing_existing_team(rules: dict[str, Any]) -> None:
    answers = {q["id"]: q["answers"][0]["id"] for q in rules["questions"]}
    answers.update({"coordinator": "not-yet", "existing-team": "not-yet"})
    steps = readiness.evaluate(rules, answers)
    assert steps[0] == ("coordinator", "not-yet", "blocking")
    assert ("existing-team", "not-yet", "next") in steps
    assert steps[-1][2] == "ready"


def test_an_unwilling_powiat_blocks_the_start_only_in_a_rural_gmina(rules: dict[str, Any]) -> None:
    base = {q["id"]: q["answers"][0]["id"] for q in rules["questions"]}
    rural = readiness.evaluate(rules, {**base, "gmina-type": "rural", "powiat": "not-yet"})
    other = readiness.evaluate(rules, {**base, "gmina-type": "other", "powiat": "not-yet"})
    assert rural[0] == ("powiat", "not-yet", "blocking")
    assert ("powiat", "not-yet", "next") in other and other[0][2] == "next"


@pytest.mark.parametrize("lang", LANGS)
def test_the_printable_list_gives_every_answer_its_advice_and_checked_links(handbook: Handbook, lang: str) -> None:
    page = handbook.docs.get(TOOL, lang)
    assert page is not None
    markdown = render_markdown(handbook, lang, page.src, page.body)
    for question in handbook.data["readiness"]["questions"]:
        assert f"{{#readiness-{question['id']}}}" in markdown
        for answer in question["answers"]:
            assert f'data-kk-answer="{question["id"]}:{answer["id"]}"' in markdown
            assert answer[lang]["label"] in markdown
            first_words = " ".join(answer[lang]["advice"].split()[:4])
            assert first_words in markdown
            for item in answer.get("forms", []):
                assert f"](forms/{item}.md)" in markdown
            for item in answer.get("checklists", []):
                assert f"](checklists/{item}.md)" in markdown
    assert '!!! recommendation "' in markdown  # the advice is marked as the handbook's recommendation


def test_tool_embeds_the_rule_and_every_legend(handbook: Handbook) -> None:
    config = readiness.script_config(handbook, "en")
    assert config["rules"] == readiness.rules(handbook)
    assert set(config["texts"]["legends"]) == {q["id"] for q in handbook.data["readiness"]["questions"]}


def _edit(project: Path, change: Any) -> None:
    path = project / "data" / "readiness.yml"
    data = parse_yaml(path.read_text(encoding="utf-8"), "data/readiness.yml")
    change(data)
    text = "# yaml-language-server: $schema=schemas/readiness.schema.json\n" + yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")


def test_an_answer_id_used_twice_in_a_question_is_one_clear_problem(minimal_project: Path) -> None:
    def twice(data: Any) -> None:
        answers = data["questions"][1]["answers"]
        answers.append(copy.deepcopy(answers[0]))

    _edit(minimal_project, twice)
    messages = [str(p) for p in check_only(minimal_project)]
    assert messages == ["data/readiness.yml: entry 'second-question': answers has the answer id 'yes' twice"]
