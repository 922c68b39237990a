"""The good-practice catalogue in Debian's Chromium: every filter, every pair of filters, the
address, the counts, the live result count, the keyboard, no JavaScript, and axe in each state.

Expected results come from the practices' front matter (ksiega.practices.expected_ids), never
from a list written into the test."""

from __future__ import annotations

import itertools
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from sitepages import axe_violations

from ksiega.core.handbook import load_handbook
from ksiega.features import practices as feature

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PARAMS = list(feature.PARAMS.values())  # typ, grupa, sektor, woj
VISIBLE_IDS = "() => [...document.querySelectorAll('[data-kk-card]')].filter(c => !c.hidden).map(c => c.dataset.kkCard)"
# Choose values the way the form does (set the <select>, fire "change"), in one round trip.
CHOOSE = """(chosen) => {
  for (const [name, value] of Object.entries(chosen)) {
    const select = document.querySelector(`select[name=${name}]`);
    select.value = value;
    select.dispatchEvent(new Event("change", {bubbles: true}));
  }
  return {
    ids: [...document.querySelectorAll("[data-kk-card]")].filter(c => !c.hidden).map(c => c.dataset.kkCard),
    empty: !document.querySelector("[data-kk-empty]").hidden,
    query: location.search,
  };
}"""


@pytest.fixture(scope="module")
def handbook():
    return load_handbook(ROOT)


@pytest.fixture(scope="module")
def options(handbook) -> dict[str, list[str]]:
    """Every value each filter offers (as in the URL), from the vocabularies."""
    vocab = feature.vocabulary(handbook)
    return {param: list(vocab[facet]) for facet, param in feature.PARAMS.items()}


@pytest.fixture(scope="module")
def axe() -> object:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def open_catalogue(page: object, site_url: str, lang: str = "pl", query: str = "") -> None:
    path = "good-practices/" if lang == "pl" else "en/good-practices/"
    page.goto(f"{site_url}{path}{query}", wait_until="networkidle")
    page.wait_for_selector("form[data-kk-filters]:not([hidden])")


def visible(page: object) -> list[str]:
    return page.evaluate(VISIBLE_IDS)


def shown_count(page: object) -> str:
    return page.locator("[data-kk-count]").inner_text()


def address(page: object) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def catalogue_violations(page: object) -> list[str]:
    """Serious and critical axe violations inside the catalogue (form, count, cards).

    axe-core must already be in the page (axe_violations injects it); running it again without
    injecting its script each time keeps the many filter states quick."""
    response = page.evaluate(
        "() => axe.run(document.querySelector('[data-kk-practices]'), {resultTypes: ['violations']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def test_each_filter_alone_shows_exactly_the_matching_practices(
    site_url: str, page: object, handbook, options: dict[str, list[str]]
) -> None:
    open_catalogue(page, site_url)
    total = len(feature.practices(handbook))
    for param in PARAMS:
        for value in options[param]:
            page.select_option(f"select[name={param}]", value)
            expected = feature.expected_ids(handbook, {param: value})
            assert visible(page) == expected, f"{param}={value}"
            assert address(page) == {param: value}
            assert shown_count(page) == f"Wyświetlane praktyki: {len(expected)} z {total}."
            assert page.locator("[data-kk-empty]").is_visible() == (not expected), f"{param}={value}"
        page.select_option(f"select[name={param}]", "")
        assert len(visible(page)) == total
    assert page.watch.console_errors == [] and page.watch.foreign == []


def test_each_pair_of_filters_shows_exactly_the_matching_practices(
    site_url: str, page: object, handbook, options: dict[str, list[str]]
) -> None:
    open_catalogue(page, site_url, "en")
    checked = 0
    for first, second in itertools.combinations(PARAMS, 2):
        for a, b in itertools.product(options[first], options[second]):
            shown = page.evaluate(CHOOSE, {first: a, second: b})
            expected = feature.expected_ids(handbook, {first: a, second: b})
            assert shown["ids"] == expected, f"{first}={a}&{second}={b}"
            assert shown["empty"] == (not expected)
            assert parse_qs(shown["query"].lstrip("?")) == {first: [a], second: [b]}
            checked += 1
        page.click("[data-kk-clear]")
    assert checked == sum(len(options[x]) * len(options[y]) for x, y in itertools.combinations(PARAMS, 2))


def test_option_counts_follow_the_other_filters(
    site_url: str, page: object, handbook, options: dict[str, list[str]]
) -> None:
    open_catalogue(page, site_url, query="?typ=wiejska")
    for param in PARAMS:
        labels = page.eval_on_selector_all(f"select[name={param}] option", "os => os.map(o => [o.value, o.text])")
        for value, label in labels:
            active = {"typ": "wiejska", param: value}
            assert label.endswith(f"({len(feature.expected_ids(handbook, active))})"), (param, value, label)


def test_the_address_restores_the_filters(site_url: str, page: object, handbook) -> None:
    """The variant picker links here with ?typ=<variant slug>; a shared address shows the same list."""
    open_catalogue(page, site_url, query="?typ=wiejska&grupa=seniors&sektor=health&woj=20")
    active = {"typ": "wiejska", "grupa": "seniors", "sektor": "health", "woj": "20"}
    assert visible(page) == feature.expected_ids(handbook, active)
    for param, value in active.items():
        assert page.locator(f"select[name={param}]").input_value() == value


def test_an_unknown_value_leaves_the_filter_open(site_url: str, page: object, handbook) -> None:
    open_catalogue(page, site_url, query="?typ=nie-wiem")
    assert page.locator("select[name=typ]").input_value() == ""
    assert visible(page) == feature.expected_ids(handbook, {})


def test_clear_filters_shows_everything_and_cleans_the_address(site_url: str, page: object, handbook) -> None:
    open_catalogue(page, site_url, query="?typ=miejska&woj=24#catalogue")
    assert len(visible(page)) < len(feature.practices(handbook))
    page.click("[data-kk-clear]")
    assert visible(page) == feature.expected_ids(handbook, {})
    assert urlparse(page.url).query == "" and urlparse(page.url).fragment == "catalogue"
    assert all(page.locator(f"select[name={p}]").input_value() == "" for p in PARAMS)


def test_an_impossible_combination_says_so(site_url: str, page: object, handbook, options) -> None:
    empty = next(
        (a, b)
        for a, b in itertools.product(options["typ"], options["woj"])
        if not feature.expected_ids(handbook, {"typ": a, "woj": b})
    )
    open_catalogue(page, site_url, query=f"?typ={empty[0]}&woj={empty[1]}")
    assert visible(page) == []
    assert page.locator("[data-kk-empty]").is_visible()
    assert shown_count(page).startswith("Wyświetlane praktyki: 0 z ")


def test_the_result_count_is_a_live_region(site_url: str, page: object) -> None:
    open_catalogue(page, site_url, "en")
    count = page.locator("[data-kk-count]")
    assert count.get_attribute("role") == "status"
    before = count.inner_text()
    page.select_option("select[name=typ]", "miejska")
    assert count.inner_text() != before and count.inner_text().startswith("Practices shown: ")


def test_filters_work_from_the_keyboard(site_url: str, page: object, handbook) -> None:
    open_catalogue(page, site_url)
    page.locator("select[name=typ]").focus()
    page.keyboard.press("ArrowDown")  # the first gmina type
    value = page.locator("select[name=typ]").input_value()
    assert value and visible(page) == feature.expected_ids(handbook, {"typ": value})
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "grupa"
    page.locator("[data-kk-clear]").focus()
    page.keyboard.press("Enter")
    assert visible(page) == feature.expected_ids(handbook, {})


def test_without_javascript_every_practice_is_listed(browser: object, site_url: str, handbook) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for path in ("good-practices/", "en/good-practices/"):
            page.goto(f"{site_url}{path}?typ=miejska")
            cards = page.locator("[data-kk-card]")
            assert cards.count() == len(feature.practices(handbook))
            assert all(cards.nth(i).is_visible() for i in range(cards.count()))
            assert not page.locator("form[data-kk-filters]").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_axe_is_clean_in_every_filter_state(
    site_url: str, page: object, axe: object, handbook, options: dict[str, list[str]], lang: str
) -> None:
    """The whole page is checked once; then the catalogue alone, in each state a filter gives."""
    open_catalogue(page, site_url, lang)
    problems = [f"(no filter): {v}" for v in axe_violations(page, axe)]
    for param in PARAMS:
        for value in options[param]:
            page.evaluate(CHOOSE, {param: value})
            problems += [f"{param}={value}: {v}" for v in catalogue_violations(page)]
        page.evaluate(CHOOSE, {param: ""})
    assert problems == []


@pytest.mark.parametrize("path", ["model/timeline/", "en/model/timeline/"])
def test_timeline_passes_axe_and_its_band_scrolls_by_keyboard(site_url: str, page: object, axe: object, path: str):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(site_url + path, wait_until="networkidle")
    assert axe_violations(page, axe) == []
    region = page.locator(".kk-band__scroll")
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    before = region.evaluate("el => el.scrollLeft")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Scrolling may be smooth: wait until it has moved.
    page.wait_for_function(
        "before => document.querySelector('.kk-band__scroll').scrollLeft > before", arg=before, timeout=5000
    )
    assert page.watch.console_errors == [] and page.watch.foreign == [] and page.watch.failed == []
