"""The variant picker as a reader meets it: built pages, Chromium with and without JavaScript.

Every expectation is derived from data/variants.yml through the Python evaluator
(ksiega.variants.evaluate / describe); nothing about results is written here by hand.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin

import pytest
from conftest import PageWatch
from sitepages import SEVERE, content, doc, text

from ksiega.core.handbook import Handbook, load_handbook
from ksiega.core.lang import LANGS, VARIANT_SLUGS, VARIANTS
from ksiega.features import variants

PICKER = {"pl": "tools/variant-picker/", "en": "en/tools/variant-picker/"}


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return load_handbook()


@pytest.fixture(scope="module")
def rules(handbook: Handbook) -> variants.Rules:
    return variants.rules(handbook)


@pytest.fixture(scope="module")
def texts(handbook: Handbook) -> dict[str, dict[str, Any]]:
    return {lang: variants.picker_texts(handbook, lang) for lang in LANGS}


# --- The built pages ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_picker_page_embeds_the_same_rules_as_python(built_site: Path, rules: variants.Rules, lang: str) -> None:
    script = doc(built_site, PICKER[lang]).cssselect("script[data-kk-picker-config]")[0]
    config = json.loads(script.text)
    assert config["rules"] == json.loads(json.dumps(rules))
    assert config["lang"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_hidden_parts_stay_out_of_the_table_of_contents(built_site: Path, lang: str) -> None:
    page = doc(built_site, PICKER[lang])
    toc = [a.get("href") for a in page.cssselect("nav.md-nav--secondary a")]
    assert {href.split("#")[1] for href in toc} == {"decision-table", "sources"}
    assert page.cssselect(".kk-picker-parts[hidden]") and page.cssselect("[data-kk-picker][hidden]")


def test_result_pages_are_in_the_navigation_with_their_titles(built_site: Path, handbook: Handbook) -> None:
    for lang in LANGS:
        prefix = "" if lang == "pl" else "en/"
        nav = doc(built_site, PICKER[lang]).cssselect("nav.md-nav--primary")[0]
        for vid in VARIANTS:
            url = f"{prefix}tools/variant-picker/{VARIANT_SLUGS[vid]}/"
            title = variants.result_title(handbook, variants.variant_by_id(handbook)[vid], lang)
            assert text(content(built_site, url).cssselect("h1")[0]).rstrip("¶").strip() == title
            links = [a for a in nav.cssselect("a") if urljoin(f"/{PICKER[lang]}", a.get("href")) == f"/{url}"]
            assert links and text(links[0]) == title, (lang, vid)


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_chapter_has_a_real_table_and_a_section_per_variant(
    built_site: Path, handbook: Handbook, lang: str
) -> None:
    prefix = "" if lang == "pl" else "en/"
    article = content(built_site, f"{prefix}model/variants/")
    table = article.cssselect("table")[0]
    header = [text(th) for th in table.cssselect("thead th")]
    assert header[1:] == [v[lang]["short"] for v in variants.variant_list(handbook)]
    assert len(table.cssselect("tbody tr")) >= 8
    ids = {h.get("id") for h in article.cssselect("h2, h3")}
    for vid in VARIANTS:
        assert {vid, f"{vid}-team", f"{vid}-partners", f"{vid}-procedure", f"{vid}-pilot"} <= ids


# --- Browser helpers --------------------------------------------------------------------------

SNAPSHOT = """() => {
  const root = document.querySelector('[data-kk-picker]');
  const words = el => el.textContent.replace(/\\s+/g, ' ').trim();
  const result = root.querySelector('[data-kk-result]');
  const form = root.querySelector('[data-kk-question]:not([hidden])');
  const errorBox = root.querySelector('[data-kk-error-summary]');
  const inline = form && form.querySelector('[data-kk-error]');
  const shown = !result.hidden;
  const active = document.activeElement;
  return {
    step: root.getAttribute('data-kk-step'),
    visible: shown ? 'result' : (form ? form.getAttribute('data-kk-question') : null),
    query: window.location.search,
    error: errorBox.hidden ? null : words(root.querySelector('[data-kk-error-link]')),
    inline: inline && !inline.hidden ? words(inline) : null,
    notices: root.querySelector('[data-kk-notices]').hidden ? [] :
      [...root.querySelectorAll('[data-kk-notice-list] li')].map(words),
    heading: shown ? words(root.querySelector('[data-kk-result-heading]')) : null,
    reasons: shown ? [...root.querySelectorAll('[data-kk-reasons] li')].map(li => {
      const copy = li.cloneNode(true);
      copy.querySelectorAll('.kk-cite').forEach(cite => cite.remove());
      return words(copy);
    }) : [],
    region: shown ? words(root.querySelector('[data-kk-region]')) : null,
    summary: shown ? [...root.querySelectorAll('.kk-summary__row')].map(
      row => [words(row.querySelector('dt')), words(row.querySelector('.kk-summary__value'))]) : [],
    parts: shown ? [...result.querySelectorAll('[data-kk-shown-part]')].map(
      p => p.getAttribute('data-kk-shown-part')) : [],
    variant: shown ? result.getAttribute('data-variant') : null,
    focus: active === errorBox ? 'error-summary' : active && active.id === 'kk-result-heading' ? 'result-heading'
      : active && active.hasAttribute('data-kk-heading') ? 'question-heading' : active ? active.tagName : null,
  };
}"""


def expected_view(evaluation: dict[str, Any], texts: dict[str, Any], ui_prefix: str) -> dict[str, Any]:
    """What the page must show, from the Python evaluation of the same answers."""
    described = variants.describe(evaluation, texts)
    result = evaluation["result"]
    parts: list[str] = []
    if result is not None:
        parts = [f"why-{result['variant']}"]
        if result["case"]:
            parts.append(f"case-{result['case']}")
        parts.append(f"variant-{result['variant']}")
        if result["region"]:
            parts.append(f"woj-{result['region']['woj']}")
        parts.append(f"gaps-{result['variant']}")
    return {
        "visible": evaluation["step"],
        "error": described["error"],
        "inline": f"{ui_prefix} {described['error']}" if described["error"] else None,
        "notices": described["notices"],
        "heading": described["heading"],
        "reasons": described["reasons"],
        "region": described["region"],
        "summary": described["summary"] if result else [],
        "parts": parts,
        "variant": result["variant"] if result else None,
    }


def shown_view(page: Any) -> dict[str, Any]:
    return page.evaluate(SNAPSHOT)


# One step of a walk, done inside the page on the real elements: click an answer (or type a
# code) and press Continue, or follow the page's Back link (which goes back in the browser's
# history) and wait for the `popstate` it causes. One round trip per step keeps the walk fast.
ACT = """([action, selector, value]) => new Promise(resolve => {
  if (action === 'back') {
    window.addEventListener('popstate', () => setTimeout(resolve), {once: true});
    document.querySelector('[data-kk-back]').click();
    return;
  }
  const form = document.querySelector(`[data-kk-question="${selector}"]`);
  if (action === 'type') form.querySelector('input').value = value;
  else form.querySelector(`input[value="${value}"]`).click();
  form.querySelector('button[type=submit]').click();
  resolve();
})"""


def answer(page: Any, question: dict[str, Any], value: str) -> None:
    """Select an answer (or type the TERYT code) and press Continue."""
    action = "type" if question["kind"] == "teryt" else "click"
    page.evaluate(ACT, [action, question["id"], value])


def go_back(page: Any) -> None:
    page.evaluate(ACT, ["back", "", ""])


def compare(page: Any, evaluation: dict[str, Any], texts: dict[str, Any], label: str) -> list[str]:
    shown = shown_view(page)
    want = expected_view(evaluation, texts, texts["ui"]["error_prefix"])
    return [
        f"{label}: {key}: page shows {shown[key]!r}, Python says {value!r}"
        for key, value in want.items()
        if shown[key] != value
    ]


@pytest.fixture(scope="module")
def picker_pages(browser: Any, site_url: str) -> Iterator[dict[str, Any]]:
    """One page per language, kept for the whole module (fast: no reload between walks)."""
    context = browser.new_context(locale="pl-PL", viewport={"width": 1280, "height": 900})
    pages = {}
    for lang in LANGS:
        page = context.new_page()
        page.watch = PageWatch(site_url)
        page.watch.attach(page)
        page.goto(site_url + PICKER[lang])
        pages[lang] = page
    yield pages
    for lang, page in pages.items():
        assert page.watch.foreign == [], lang
        assert page.watch.console_errors == [], lang
        assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0
    assert context.cookies() == []
    context.close()


def open_query(page: Any, site_url: str, lang: str, query: dict[str, str]) -> None:
    page.goto(site_url + PICKER[lang] + ("?" + urlencode(query) if query else ""))


def walk_values(rules: variants.Rules, question: dict[str, Any]) -> list[str]:
    """Every answer; for the TERYT code, one code per type digit and kind of powiat, in
    different voivodeships (all samples are also compared in the evaluator test below)."""
    if question["kind"] != "teryt":
        return variants.answer_values(rules, question)
    samples, codes = [], rules["voivodeships"]
    for i, digit in enumerate(sorted(rules["teryt"]["types"])):
        for j, pp in enumerate(("01", f"{rules['teryt']['city_powiat_from']:02d}")):
            samples.append(codes[(2 * i + j) % len(codes)] + pp + "01" + digit)
    return samples


# --- Walking every combination -------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_every_combination_walked_through_the_page_shows_the_python_result(
    picker_pages: dict[str, Any], site_url: str, rules: variants.Rules, texts: dict[str, Any], lang: str
) -> None:
    """Depth first through the answer tree: answer, check, then the page's own Back link
    (browser history) to try the next answer — so Back is exercised at every branch."""
    page = picker_pages[lang]
    open_query(page, site_url, lang, {})
    problems: list[str] = []
    results = 0
    by_id = {q["id"]: q for q in rules["questions"]}

    def walk(query: dict[str, str]) -> None:
        nonlocal results
        evaluation = variants.evaluate(rules, query)
        label = "?" + urlencode(query)
        problems.extend(compare(page, evaluation, texts[lang], label))
        shown = shown_view(page)
        if shown["query"] != ("?" + urlencode(evaluation["answers"]) if evaluation["answers"] else ""):
            problems.append(f"{label}: the address is {shown['query']}")
        if evaluation["step"] == "result":
            results += 1
            if shown["focus"] != "result-heading":
                problems.append(f"{label}: focus on {shown['focus']}, not the result heading")
            return
        if query and shown["focus"] != "question-heading":
            problems.append(f"{label}: focus on {shown['focus']}, not the question heading")
        question = by_id[evaluation["step"]]
        for value in walk_values(rules, question):
            answer(page, question, value)
            walk({**query, question["id"]: value})
            go_back(page)
            if shown_view(page)["visible"] != question["id"]:
                problems.append(f"{label}: Back did not return to the question '{question['id']}'")

    walk({})
    assert problems == []
    teryt_walks = len(walk_values(rules, by_id["teryt"]))
    assert results == len([q for q in variants.combinations(rules) if "teryt" not in q]) + teryt_walks


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_browser_and_python_evaluators_agree_on_every_address(
    picker_pages: dict[str, Any], rules: variants.Rules, texts: dict[str, Any], lang: str
) -> None:
    """The script's own evaluate/describe on every combination (all TERYT samples included),
    every error and some nonsense, compared with Python's: the two evaluators are one."""
    queries = list(variants.combinations(rules))
    for code in ["", "  ", "abc", "12-61-011", "126101", "0301011", "1200011", "9901011"]:
        queries.append({"teryt": code})
    queries += [{"typ": "nie-wiem", "teryt": f"1201{'05'}{d}"} for d in "0123456789"]
    queries += [
        {},
        {"typ": ""},
        {"typ": "MIEJSKA"},
        {"typ": " wiejska "},
        {"typ": "wiejska\n", "woj": "\u00a018"},
        {"typ": "wiejska", "woj": "1"},
        {"typ": "wiejska", "woj": "18", "npp": "tak"},
        {"typ": "miejska", "woj": "24", "npp": "x"},
        {"typ": "miejska", "woj": "24", "npp": "nie", "teryt": "1261011", "zmien": "woj"},
        {"typ": "miejska", "woj": "24", "zmien": "typ"},
        {"typ": "wiejska", "woj": "02", "zmien": "nic"},
        {"zmien": "typ"},
    ]
    page = picker_pages[lang]
    from_js = page.evaluate(
        """([rules, texts, queries]) => queries.map(q => {
             const e = window.KK.variantPicker.evaluate(rules, q);
             return [e, window.KK.variantPicker.describe(e, texts)];
           })""",
        [rules, texts[lang], queries],
    )
    mismatches = []
    for query, (js_evaluation, js_described) in zip(queries, from_js, strict=True):
        evaluation = variants.evaluate(rules, query)
        if js_evaluation != json.loads(json.dumps(evaluation)):
            mismatches.append(f"evaluate {query}: JS {js_evaluation} != Python {evaluation}")
        described = variants.describe(evaluation, texts[lang])
        if js_described != json.loads(json.dumps(described)):
            mismatches.append(f"describe {query}: JS {js_described} != Python {described}")
    assert mismatches == []


# --- Deep links, hand-edited addresses, errors -----------------------------------------------


def deep_links(rules: variants.Rules) -> list[dict[str, str]]:
    """A few addresses that between them reach every variant and case, every kind of region
    (same / other / outside the pilot) and an answer given by TERYT code."""
    wanted: set[tuple[str, Any]] = set()
    combos = variants.combinations(rules)
    for query in combos:
        result = variants.evaluate(rules, query)["result"]
        wanted |= {("result", (result["variant"], result["case"])), ("region", result["region"]["status"])}
        wanted.add(("teryt", "teryt" in query))
    chosen = []
    for query in combos:
        result = variants.evaluate(rules, query)["result"]
        covers = {
            ("result", (result["variant"], result["case"])),
            ("region", result["region"]["status"]),
            ("teryt", "teryt" in query),
        }
        if covers & wanted:
            chosen.append(query)
            wanted -= covers
    return chosen


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_result_addresses_open_directly(
    picker_pages: dict[str, Any], site_url: str, rules: variants.Rules, texts: dict[str, Any], lang: str
) -> None:
    page = picker_pages[lang]
    problems = []
    for query in deep_links(rules):
        open_query(page, site_url, lang, query)
        evaluation = variants.evaluate(rules, query)
        problems += compare(page, evaluation, texts[lang], "?" + urlencode(query))
        if shown_view(page)["focus"] != "result-heading":
            problems.append(f"?{urlencode(query)}: focus is not on the result heading")
    assert problems == []


HAND_EDITED = [
    {"typ": "metropolia"},
    {"typ": "wiejska", "woj": "03"},
    {"typ": "miejska", "woj": "24", "npp": "chyba"},
    {"typ": "nie-wiem", "teryt": "12AB011"},
    {"typ": "nie-wiem", "teryt": "1465028"},
    {"teryt": "3003014"},
    {"typ": "wiejska", "woj": "18", "npp": "tak"},
    {"typ": "wiejska", "woj": "18", "npp": "nie"},
    {"typ": "wiejska", "woj": "18", "zmien": "pogoda"},
]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_hand_edited_addresses_get_a_clear_message(
    picker_pages: dict[str, Any], site_url: str, rules: variants.Rules, texts: dict[str, Any], lang: str
) -> None:
    page = picker_pages[lang]
    problems = []
    for query in HAND_EDITED:
        open_query(page, site_url, lang, query)
        evaluation = variants.evaluate(rules, query)
        label = "?" + urlencode(query)
        problems += compare(page, evaluation, texts[lang], label)
        if evaluation["error"]:
            assert evaluation["step"] != "result"
            shown = shown_view(page)
            if shown["focus"] != "error-summary":
                problems.append(f"{label}: focus on {shown['focus']}, not the error summary")
            qid = evaluation["error"]["question"]
            described_by = page.get_attribute(f'[data-kk-question="{qid}"] fieldset', "aria-describedby")
            if f"kk-{qid}-error" not in described_by.split():
                problems.append(f"{label}: the fieldset is not described by the error message")
            if not page.title().startswith(texts[lang]["ui"]["error_prefix"]):
                problems.append(f"{label}: the page title does not say there is an error")
    assert problems == []


@pytest.mark.browser
def test_continue_without_an_answer_shows_the_error_pattern(
    picker_pages: dict[str, Any], site_url: str, rules: variants.Rules, texts: dict[str, Any]
) -> None:
    page = picker_pages["pl"]
    open_query(page, site_url, "pl", {})
    page.click('[data-kk-question="typ"] button[type=submit]')
    evaluation = variants.evaluate(rules, {"typ": ""})
    assert compare(page, evaluation, texts["pl"], "empty typ") == []
    assert shown_view(page)["focus"] == "error-summary"
    assert page.url.endswith(PICKER["pl"])  # an error does not change the address
    # The summary's link takes the reader to the first answer.
    page.click("[data-kk-error-link]")
    assert page.evaluate("() => document.activeElement.id") == "kk-typ-miejska"
    # Answering clears the error.
    page.check("#kk-typ-wiejska")
    page.click('[data-kk-question="typ"] button[type=submit]')
    assert shown_view(page)["error"] is None and shown_view(page)["visible"] == "woj"


@pytest.mark.browser
def test_teryt_field_explains_every_mistake_inline(
    picker_pages: dict[str, Any], site_url: str, rules: variants.Rules, texts: dict[str, Any]
) -> None:
    page = picker_pages["en"]
    open_query(page, site_url, "en", {"typ": "nie-wiem"})
    # The question's own words carry the glossary's tooltip, the same as the page's Markdown.
    glossary_title = page.get_attribute(".kk-picker-parts abbr:text-is('TERYT')", "title")
    assert glossary_title and page.get_attribute('[data-kk-question="teryt"] h2 abbr', "title") == glossary_title
    help_text = '[data-kk-question="teryt"] [data-kk-shown-part="teryt-help"]'
    assert not page.is_visible(help_text)
    page.click('[data-kk-question="teryt"] summary')
    assert page.is_visible(help_text)
    problems = []
    for typed in ["", "12a4567", "126101", "0301011", "1200011", "1201014", "1201015", "1465028", "1261019", "1201016"]:
        page.fill("#kk-teryt-input", typed)
        page.press("#kk-teryt-input", "Enter")
        evaluation = variants.evaluate(rules, {"typ": "nie-wiem", "teryt": typed})
        assert evaluation["error"] is not None
        problems += compare(page, evaluation, texts["en"], repr(typed))
        if page.input_value("#kk-teryt-input") != typed:
            problems.append(f"{typed!r}: the field lost what was typed")
        described_by = page.get_attribute("#kk-teryt-input", "aria-describedby").split()
        if "kk-teryt-error" not in described_by:
            problems.append(f"{typed!r}: the field is not described by its error")
    assert problems == []
    page.fill("#kk-teryt-input", "12 61 011")
    page.press("#kk-teryt-input", "Enter")
    assert shown_view(page)["visible"] == "result"


# --- Keyboard, history, print -------------------------------------------------------------------


def press_until_focused(page: Any, selector: str, key: str = "Tab", limit: int = 80) -> None:
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {selector}")


@pytest.mark.browser
def test_keyboard_only_walk_change_and_back(
    picker_pages: dict[str, Any], site_url: str, rules: variants.Rules, texts: dict[str, Any]
) -> None:
    page = picker_pages["pl"]
    open_query(page, site_url, "pl", {})
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    by_id = {q["id"]: q for q in rules["questions"]}
    path = {"typ": "miejska", "woj": "12", "npp": "nie"}
    query: dict[str, str] = {}
    for qid, value in path.items():
        assert shown_view(page)["visible"] == qid
        options = variants.answer_values(rules, by_id[qid])
        press_until_focused(page, f'[data-kk-question="{qid}"] input[type=radio]')
        page.keyboard.press("Space")
        for _ in range(options.index(value)):
            page.keyboard.press("ArrowDown")
        assert page.is_checked(f"#kk-{qid}-{value}")
        press_until_focused(page, f'[data-kk-question="{qid}"] button[type=submit]')
        page.keyboard.press("Enter")
        query[qid] = value
    evaluation = variants.evaluate(rules, query)
    assert compare(page, evaluation, texts["pl"], "keyboard") == []
    assert shown_view(page)["focus"] == "result-heading"
    # Change the voivodeship from the summary: the question comes back with its answer chosen.
    change = '.kk-summary a[href*="zmien=woj"]'
    press_until_focused(page, change)
    page.keyboard.press("Enter")
    assert shown_view(page)["visible"] == "woj" and page.is_checked("#kk-woj-12")
    assert shown_view(page)["focus"] == "question-heading"
    press_until_focused(page, "#kk-woj-12")
    page.keyboard.press("ArrowDown")
    press_until_focused(page, '[data-kk-question="woj"] button[type=submit]')
    page.keyboard.press("Enter")
    changed = variants.evaluate(rules, {**query, "woj": "14"})
    assert compare(page, changed, texts["pl"], "after change") == []
    # The browser's Back button restores the previous state, then the question before it.
    page.go_back()
    page.wait_for_function("() => document.querySelector('[data-kk-picker]').dataset.kkStep === 'woj'")
    assert page.is_checked("#kk-woj-12")
    page.go_back()
    page.wait_for_function("() => document.querySelector('[data-kk-picker]').dataset.kkStep === 'result'")
    assert compare(page, evaluation, texts["pl"], "back to the first result") == []


@pytest.mark.browser
def test_result_prints_without_the_questions_and_tables(picker_pages: dict[str, Any], site_url: str) -> None:
    page = picker_pages["pl"]
    open_query(page, site_url, "pl", {"typ": "wiejska", "woj": "26"})
    page.emulate_media(media="print")
    try:
        assert page.is_visible("#kk-result-heading")
        assert page.is_visible("[data-kk-summary]")
        for hidden in ["[data-kk-back]", "[data-kk-print]", ".kk-summary__action a", "#decision-table", ".md-sidebar"]:
            assert not page.locator(hidden).first.is_visible(), hidden
        assert page.is_visible("article #sources")  # the result's citations point to this list
    finally:
        page.emulate_media(media="screen")


# --- Without JavaScript ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_decision_table_leads_to_every_result(
    browser: Any, site_url: str, handbook: Handbook, texts: dict[str, Any], lang: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + PICKER[lang])
        assert not page.is_visible("[data-kk-picker]")
        assert page.is_visible(".kk-noscript")
        tables = page.locator("article table")
        body = " ".join(tables.all_inner_texts())
        for option in texts[lang]["questions"]["typ"]["options"].values():
            assert option in body
        for name in texts[lang]["voivodeships"].values():
            assert name in body
        hrefs = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
        expected = {f"{site_url}{PICKER[lang]}{VARIANT_SLUGS[v]}/" for v in VARIANTS}
        assert {href.split("#")[0] for href in hrefs} >= expected
        for vid in VARIANTS:
            page.goto(f"{site_url}{PICKER[lang]}{VARIANT_SLUGS[vid]}/")
            title = variants.result_title(handbook, variants.variant_by_id(handbook)[vid], lang)
            assert page.locator("h1").inner_text().rstrip("¶").strip() == title
            assert page.locator("#team").is_visible() and page.locator("#steps").is_visible()
    finally:
        context.close()


# --- Accessibility --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_states(rules: variants.Rules) -> list[dict[str, str]]:
    """Every question, every result (variant, case, TERYT, region outside the pilot), errors, notices."""
    states: list[dict[str, str]] = [{}, {"typ": "nie-wiem"}, {"typ": "miejska"}, {"typ": "miejska", "woj": "24"}]
    states += deep_links(rules)
    states += [
        {"typ": ""},
        {"typ": "nie-wiem", "teryt": "1201014"},
        {"typ": "wiejska", "woj": "18", "npp": "tak"},
        {"typ": "miejska", "woj": "24", "npp": "tak", "zmien": "woj"},
    ]
    return states


# Switch the tool to another address the way the browser's Back/Forward buttons do (no reload,
# so axe is loaded into the page once).
SHOW = """href => {
  history.pushState(null, '', href);
  window.dispatchEvent(new PopStateEvent('popstate', {state: null}));
}"""

AXE_RUN = """() => axe.run(document.querySelector('[data-kk-picker]'), {resultTypes: ['violations']})"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_every_state_passes_axe(
    picker_pages: dict[str, Any], site_url: str, rules: variants.Rules, axe: Any, lang: str
) -> None:
    """The tool in every state: each question, each result, the error states and a notice.
    (The page around it, in its first state, is checked with every page in test_browser_pages.)"""
    page = picker_pages[lang]
    open_query(page, site_url, lang, {})
    page.evaluate(axe.axe_script)
    problems: list[str] = []
    steps = set()
    for query in axe_states(rules):
        page.evaluate(SHOW, f"?{urlencode(query)}")
        steps.add(shown_view(page)["visible"])
        results = page.evaluate(AXE_RUN)
        problems += [
            f"?{urlencode(query)}: {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"]
            if v.get("impact") in SEVERE
        ]
    assert steps == {q["id"] for q in rules["questions"]} | {"result"}
    assert problems == []
