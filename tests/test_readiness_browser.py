"""The readiness check as a reader meets it: the built page in Chromium, with and without
JavaScript, on screen and in print, by keyboard, and with axe.

Every expected result comes from the Python rule (ksiega.features.readiness.evaluate) over
data/readiness.yml; the script must show the same steps, in the same order, for every
combination of answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sitepages import content, text

from ksiega.core.handbook import Handbook, load_handbook
from ksiega.core.lang import LANGS
from ksiega.features import readiness

TOOL = {"pl": "tools/readiness/", "en": "en/tools/readiness/"}


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return load_handbook()


@pytest.fixture(scope="module")
def rules(handbook: Handbook) -> dict[str, Any]:
    return readiness.rules(handbook)


def choose(page: Any, answers: dict[str, str]) -> None:
    for question, answer in answers.items():
        page.check(f"#kk-readiness-{question}-{answer}")


def shown_steps(page: Any) -> list[list[str]]:
    return page.eval_on_selector_all(
        "[data-kk-steps] [data-kk-step]",
        "items => items.map(li => [...li.dataset.kkStep.split(':'), li.dataset.kkPriority])",
    )


# --- The built pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_page_lists_every_question_and_answer_and_is_linked_from_the_start_plan(
    built_site: Path, handbook: Handbook, lang: str
) -> None:
    prefix = "" if lang == "pl" else "en/"
    article = content(built_site, TOOL[lang])
    listing = article.cssselect("[data-kk-readiness-list]")[0]
    for question in handbook.data["readiness"]["questions"]:
        heading = listing.cssselect(f"#readiness-{question['id']}")[0]
        assert text(heading).rstrip("¶").strip() == question[lang]["legend"]
        for answer in question["answers"]:
            block = listing.cssselect(f'[data-kk-answer="{question["id"]}:{answer["id"]}"]')[0]
            assert answer[lang]["label"] in text(block)
            assert " ".join(answer[lang]["advice"].split()) in text(block)
    assert article.cssselect(".admonition.recommendation")  # marked as the handbook's advice
    start_plan = content(built_site, f"{prefix}model/start-plan/")
    assert any(a.get("href", "").startswith("../../tools/readiness/") for a in start_plan.cssselect("a"))


# --- With JavaScript ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tool_page(browser: Any, site_url: str) -> Any:
    context = browser.new_context(locale="pl-PL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.errors = errors
    page.goto(site_url + TOOL["pl"])
    yield page
    context.close()


COMBINATIONS = """combos => {
  const form = document.querySelector('[data-kk-readiness-form]');
  return combos.map(answers => {
    for (const [q, a] of Object.entries(answers)) document.getElementById(`kk-readiness-${q}-${a}`).checked = true;
    form.requestSubmit();
    return [...document.querySelectorAll('[data-kk-steps] [data-kk-step]')]
      .map(li => [...li.dataset.kkStep.split(':'), li.dataset.kkPriority]);
  });
}"""


@pytest.mark.browser
def test_every_combination_shows_the_steps_python_computes(tool_page: Any, rules: dict[str, Any]) -> None:
    combos = list(readiness.combinations(rules))
    shown = tool_page.evaluate(COMBINATIONS, combos)
    different = [
        (answers, got)
        for answers, got in zip(combos, shown, strict=True)
        if got != [list(step) for step in readiness.evaluate(rules, answers)]
    ]
    assert len(shown) == len(combos) and different == []
    assert tool_page.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_few_answers_give_the_advice_in_order(
    page: Any, site_url: str, handbook: Handbook, rules: dict[str, Any], lang: str
) -> None:
    page.goto(site_url + TOOL[lang])
    assert page.is_visible("[data-kk-readiness]")
    questions = {q["id"]: q for q in handbook.data["readiness"]["questions"]}
    combos = [
        {"gmina-type": "rural", "authorities": "yes", "coordinator": "not-yet", "existing-team": "yes",
         "powiat": "not-yet", "money": "partly"},
        {"gmina-type": "other", "authorities": "partly", "coordinator": "yes", "existing-team": "not-yet",
         "powiat": "not-yet", "money": "yes"},
    ]  # fmt: skip
    for answers in combos:
        choose(page, answers)
        page.click("[data-kk-readiness-form] button[type=submit]")
        assert page.is_visible("#kk-readiness-result-heading")
        assert page.evaluate("document.activeElement.id") == "kk-readiness-result-heading"
        expected = readiness.evaluate(rules, answers)
        assert shown_steps(page) == [list(step) for step in expected]
        items = page.locator("[data-kk-steps] > li").all_inner_texts()
        for (qid, aid, _priority), item in zip(expected, items, strict=True):
            advice = next(a for a in questions[qid]["answers"] if a["id"] == aid)[lang]["advice"]
            assert questions[qid][lang]["legend"] in item and " ".join(advice.split()) in " ".join(item.split())
    assert page.watch.foreign == [] and page.watch.console_errors == []


@pytest.mark.browser
def test_unanswered_questions_are_named_in_an_error_summary(tool_page: Any, handbook: Handbook) -> None:
    tool_page.reload()
    tool_page.click("[data-kk-readiness-form] button[type=submit]")
    summary = tool_page.locator("[data-kk-error-summary]")
    assert summary.is_visible() and tool_page.evaluate("document.activeElement.hasAttribute('data-kk-error-summary')")
    legends = [q["pl"]["legend"] for q in handbook.data["readiness"]["questions"]]
    links = summary.locator("a").all_inner_texts()
    assert len(links) == len(legends) and all(legend in link for legend, link in zip(legends, links, strict=True))
    assert not tool_page.is_visible("[data-kk-result]")


def press_until_focused(page: Any, selector: str, key: str = "Tab", limit: int = 120) -> None:
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {selector}")


@pytest.mark.browser
def test_keyboard_only(page: Any, site_url: str, rules: dict[str, Any]) -> None:
    page.goto(site_url + TOOL["pl"])
    answers = {}
    for question in rules["questions"]:
        ids = [a["id"] for a in question["answers"]]
        press_until_focused(page, f'input[name="{question["id"]}"]')
        page.keyboard.press("Space")  # the first answer
        page.keyboard.press("ArrowDown")  # then the second
        assert page.is_checked(f"#kk-readiness-{question['id']}-{ids[1]}")
        answers[question["id"]] = ids[1]
    press_until_focused(page, "[data-kk-readiness-form] button[type=submit]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kk-readiness-result-heading"
    assert shown_steps(page) == [list(step) for step in readiness.evaluate(rules, answers)]
    press_until_focused(page, "[data-kk-restart]")
    page.keyboard.press("Enter")
    assert not page.is_visible("[data-kk-result]")
    assert page.evaluate("document.activeElement.name") == rules["questions"][0]["id"]


@pytest.mark.browser
def test_print_shows_the_result_and_the_list_without_the_buttons(tool_page: Any, rules: dict[str, Any]) -> None:
    tool_page.reload()
    choose(tool_page, next(readiness.combinations(rules)))
    tool_page.click("[data-kk-readiness-form] button[type=submit]")
    tool_page.emulate_media(media="print")
    try:
        assert tool_page.is_visible("#kk-readiness-result-heading")
        assert tool_page.is_visible("[data-kk-readiness-list]") and tool_page.is_visible("#all-answers")
        for question in rules["questions"]:
            assert tool_page.is_visible(f"#readiness-{question['id']}")
        assert not tool_page.is_visible("[data-kk-readiness-form]")
        assert not tool_page.is_visible("[data-kk-print]")
    finally:
        tool_page.emulate_media(media="screen")


# --- Without JavaScript ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_page_is_the_printable_list(
    browser: Any, site_url: str, handbook: Handbook, lang: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + TOOL[lang])
        assert not page.is_visible("[data-kk-readiness]")
        assert page.is_visible(".kk-noscript")
        for question in handbook.data["readiness"]["questions"]:
            assert page.is_visible(f"#readiness-{question['id']}")
            for answer in question["answers"]:
                assert page.is_visible(f'[data-kk-answer="{question["id"]}:{answer["id"]}"]')
        page.emulate_media(media="print")
        assert page.is_visible("[data-kk-readiness-list]")
    finally:
        context.close()


# --- Accessibility -----------------------------------------------------------------------------


@pytest.mark.browser
def test_axe_finds_no_violations_in_the_form_the_errors_and_the_result(tool_page: Any, rules: dict[str, Any]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    tool_page.reload()
    tool_page.evaluate(axe.axe_script)
    run = "() => axe.run(document.querySelector('article'), {resultTypes: ['violations']})"
    problems = []
    states = ["start", "errors", "result"]
    for state in states:
        if state == "errors":
            tool_page.click("[data-kk-readiness-form] button[type=submit]")
        if state == "result":
            choose(tool_page, next(readiness.combinations(rules)))
            tool_page.click("[data-kk-readiness-form] button[type=submit]")
        results = tool_page.evaluate(run)
        problems += [f"{state}: {v['id']} ({v['impact']})" for v in results["violations"]]
    assert problems == []
