"""Checklists in Debian's Chromium, as a reader uses them: tick, come back, reset, filter by
variant, print, keyboard only, no storage, no JavaScript. Expected results come from the data."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitepages import axe_violations

from ksiega.core.handbook import Handbook, load_handbook
from ksiega.core.lang import LANGS, VARIANT_SLUGS, VARIANTS
from ksiega.core.project import ROOT as ROOT_DIR
from ksiega.core.strings import read
from ksiega.features import checklists as cl

LABELS = read(ROOT_DIR, "checklists")  # the checklists' words (data/strings/checklists.yml)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return load_handbook(ROOT)


@pytest.fixture(scope="module")
def lists(handbook: Handbook) -> dict[str, dict]:
    return cl.by_id(handbook)


@pytest.fixture(scope="module")
def axe() -> object:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def open_list(page: object, site_url: str, checklist_id: str, lang: str = "pl", query: str = "") -> None:
    prefix = "en/" if lang == "en" else ""
    page.goto(f"{site_url}{prefix}tools/checklists/{checklist_id}/{query}")
    page.wait_for_selector(f'#kk-checklist-{checklist_id}[data-ready="true"]')


def box(page: object, item_id: str) -> object:
    return page.locator(f"#check-{item_id}")


def stored(page: object, checklist_id: str) -> object:
    raw = page.evaluate("key => window.localStorage.getItem(key)", cl.storage_key(checklist_id))
    return None if raw is None else json.loads(raw)


def progress(page: object) -> str:
    return page.locator("[data-role=progress]").inner_text()


def visible_item_ids(page: object) -> list[str]:
    return page.eval_on_selector_all(
        "li.kk-task", "els => els.filter(el => el.offsetParent !== null).map(el => el.dataset.item)"
    )


def progress_text(lang: str, done: int, total: int) -> str:
    return LABELS[lang]["progress"].format(done=done, total=total)


@pytest.fixture
def dialogs(page: object) -> Iterator[list[str]]:
    """Accept every confirmation and record its message."""
    seen: list[str] = []

    def accept(dialog: object) -> None:
        seen.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    yield seen


def test_tick_survives_a_reload(page: object, site_url: str, lists: dict) -> None:
    first, third = (i["id"] for i in cl.items(lists["zzk-meeting"])[0:3:2])
    open_list(page, site_url, "zzk-meeting")
    total = len(cl.items(lists["zzk-meeting"]))
    assert progress(page) == progress_text("pl", 0, total)
    box(page, first).check()
    box(page, third).check()
    assert progress(page) == progress_text("pl", 2, total)
    page.reload()
    page.wait_for_selector('[data-ready="true"]')
    assert box(page, first).is_checked() and box(page, third).is_checked()
    assert progress(page) == progress_text("pl", 2, total)
    assert page.watch.console_errors == [] and page.watch.foreign == []


def test_ticks_follow_the_reader_to_the_other_language(page: object, site_url: str, lists: dict) -> None:
    item = cl.items(lists["closing"])[0]["id"]
    open_list(page, site_url, "closing", "pl")
    box(page, item).check()
    open_list(page, site_url, "closing", "en")
    assert box(page, item).is_checked()
    assert progress(page) == progress_text("en", 1, len(cl.items(lists["closing"])))


def test_another_checklist_is_unaffected(page: object, site_url: str, lists: dict) -> None:
    open_list(page, site_url, "basket")
    box(page, cl.items(lists["basket"])[0]["id"]).check()
    open_list(page, site_url, "closing")
    assert stored(page, "closing") is None
    assert page.locator(".kk-checklist input[type=checkbox]:checked").count() == 0
    assert stored(page, "basket") == [cl.items(lists["basket"])[0]["id"]]


def test_stored_value_holds_item_ids_only(page: object, site_url: str, lists: dict) -> None:
    items = [i["id"] for i in cl.items(lists["choose-family"])]
    open_list(page, site_url, "choose-family")
    for item in items[::2]:
        box(page, item).check()
    box(page, items[0]).uncheck()
    keys = page.evaluate("Object.keys(window.localStorage)")
    assert keys == [cl.storage_key("choose-family")]
    value = stored(page, "choose-family")
    assert value == items[2::2]  # a plain list of the ticked ids, in page order, nothing else
    assert all(isinstance(v, str) and re.fullmatch(r"[a-z0-9-]+", v) for v in value)
    for item in items[2::2]:
        box(page, item).uncheck()
    assert stored(page, "choose-family") is None  # nothing ticked: nothing kept


@pytest.mark.parametrize("value", ["{not json", '{"a": 1}', '["no-such-item", 7, null]'])
def test_odd_stored_values_are_ignored(page: object, site_url: str, lists: dict, value: str) -> None:
    key, real = cl.storage_key("basket"), cl.items(lists["basket"])[1]["id"]
    stored_value = value if "no-such-item" not in value else value.replace("7", f'"{real}"')
    page.add_init_script(f"window.localStorage.setItem({json.dumps(key)}, {json.dumps(stored_value)});")
    open_list(page, site_url, "basket")
    ticked = page.eval_on_selector_all(".kk-checklist input:checked", "els => els.map(el => el.dataset.item)")
    assert ticked == ([real] if "no-such-item" in value else [])
    assert page.watch.console_errors == []


def test_reset_clears_only_its_own_list(page: object, site_url: str, lists: dict, dialogs: list[str]) -> None:
    keep = cl.items(lists["staff-support"])[1]["id"]
    open_list(page, site_url, "staff-support")
    box(page, keep).check()
    cleared = [i["id"] for i in cl.items(lists["remote-work"])[:3]]
    open_list(page, site_url, "remote-work")
    for item in cleared:
        box(page, item).check()
    page.get_by_role("button", name=LABELS["pl"]["reset"]).click()
    assert len(dialogs) == 1 and lists["remote-work"]["pl"]["title"] in dialogs[0]
    assert page.locator(".kk-checklist input[type=checkbox]:checked").count() == 0
    assert stored(page, "remote-work") is None
    assert progress(page) == progress_text("pl", 0, len(cl.items(lists["remote-work"])))
    # Wait for the reset message itself: a progress announcement may come first.
    page.wait_for_function(
        "text => document.querySelector('[data-role=announce]').textContent.includes(text)",
        arg=LABELS["pl"]["reset_done"],
    )
    open_list(page, site_url, "staff-support")
    assert box(page, keep).is_checked() and stored(page, "staff-support") == [keep]


def test_reset_does_nothing_when_the_reader_cancels(page: object, site_url: str, lists: dict) -> None:
    item = cl.items(lists["basket"])[2]["id"]
    open_list(page, site_url, "basket")
    box(page, item).check()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name=LABELS["pl"]["reset"]).click()
    assert box(page, item).is_checked() and stored(page, "basket") == [item]


@pytest.mark.parametrize("checklist_id", ["prepare-partnership", "form-partnership", "staff-support"])
def test_variant_filter_hides_and_shows_the_right_items(
    page: object, site_url: str, lists: dict, checklist_id: str
) -> None:
    checklist = lists[checklist_id]
    everything = cl.visible_items(checklist, None)
    open_list(page, site_url, checklist_id)
    assert visible_item_ids(page) == everything
    ticked = [i for i in everything if i not in cl.visible_items(checklist, "urban")][:1] + everything[:1]
    for item in ticked:
        box(page, item).check()
    for variant in VARIANTS:
        page.get_by_label(LABELS["pl"]["filter_options"][variant], exact=True).check()
        expected = cl.visible_items(checklist, variant)
        assert visible_item_ids(page) == expected, variant
        done = len([i for i in ticked if i in expected])
        assert progress(page) == progress_text("pl", done, len(expected))
        assert page.url.endswith(f"?wariant={VARIANT_SLUGS[variant]}")
    page.get_by_label(LABELS["pl"]["filter_all"], exact=True).check()
    assert visible_item_ids(page) == everything
    assert "wariant=" not in page.url
    assert stored(page, checklist_id) == [i for i in everything if i in ticked]  # filtering never drops ticks


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_deep_link_selects_the_variant(page: object, site_url: str, lists: dict, lang: str, variant: str) -> None:
    checklist = lists["prepare-partnership"]
    open_list(page, site_url, "prepare-partnership", lang, f"?wariant={VARIANT_SLUGS[variant]}")
    assert page.get_by_label(LABELS[lang]["filter_options"][variant], exact=True).is_checked()
    expected = cl.visible_items(checklist, variant)
    assert visible_item_ids(page) == expected
    shown = LABELS[lang]["filtered"].format(shown=len(expected), total=len(cl.items(checklist)))
    assert page.locator("[data-role=shown]").inner_text() == shown


def test_unknown_variant_in_the_address_shows_everything(page: object, site_url: str, lists: dict) -> None:
    open_list(page, site_url, "prepare-partnership", query="?wariant=metropolia")
    assert page.get_by_label(LABELS["pl"]["filter_all"], exact=True).is_checked()
    assert visible_item_ids(page) == cl.visible_items(lists["prepare-partnership"], None)


def test_a_list_that_is_the_same_for_all_variants_says_so(page: object, site_url: str, lists: dict) -> None:
    same = [c for c in lists.values() if all(cl.item_variants(i) == VARIANTS for i in cl.items(c))]
    assert same, "the data has lists without variant-specific items"
    open_list(page, site_url, same[0]["id"], "en", "?wariant=wiejska")
    assert page.locator("input[data-role=variant]").count() == 0
    assert page.get_by_text(LABELS["en"]["same_for_all"]).is_visible()
    assert visible_item_ids(page) == cl.visible_items(same[0], None)


def test_sections_without_items_for_the_variant_disappear(page: object, site_url: str, lists: dict) -> None:
    # No section of today's data belongs to one variant only, so make one in the page.
    section = lists["prepare-partnership"]["sections"][1]
    open_list(page, site_url, "prepare-partnership")
    page.evaluate(
        """ids => ids.forEach(id => document.getElementById('item-' + id).dataset.variants = 'rural')""",
        [item["id"] for item in section["items"]],
    )
    page.get_by_label(LABELS["pl"]["filter_options"]["urban"], exact=True).check()
    assert not page.locator(f'h2[id="{section["id"]}"]').is_visible()
    page.get_by_label(LABELS["pl"]["filter_options"]["rural"], exact=True).check()
    assert page.locator(f'h2[id="{section["id"]}"]').is_visible()


def test_print_shows_boxes_and_hides_navigation(page: object, site_url: str, lists: dict) -> None:
    checklist = lists["zzk-meeting"]
    first = cl.items(checklist)[0]["id"]
    open_list(page, site_url, "zzk-meeting", query="?wariant=wiejska")
    box(page, first).check()
    page.emulate_media(media="print")
    for selector in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".kk-checklist__tools",
    ):
        assert not page.locator(selector).first.is_visible(), selector
    labels = page.locator(".kk-task__label")
    assert labels.count() == len(cl.visible_items(checklist, "rural"))
    boxes = page.eval_on_selector_all(
        ".kk-task__label",
        """els => els.map(el => {
            const box = getComputedStyle(el, '::before'), tick = getComputedStyle(el, '::after');
            return [box.display, parseFloat(box.borderTopWidth), parseFloat(box.width), tick.opacity];
        })""",
    )
    assert all(display != "none" and border >= 1 and width >= 20 for display, border, width, _ in boxes)
    assert [opacity for *_, opacity in boxes] == ["1"] + ["0"] * (len(boxes) - 1)
    note = page.locator("[data-role=print-note]")
    assert note.is_visible() and LABELS["pl"]["filter_options"]["rural"] in note.inner_text()
    page.emulate_media(media="screen")
    assert not note.is_visible()


def test_printed_list_starts_on_the_first_sheet(page: object, site_url: str, lists: dict) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    open_list(page, site_url, "staff-support", "en", "?wariant=wiejska")
    page.emulate_media(media="print")
    pdf = PdfReader(BytesIO(page.pdf(format="A4")))
    first = " ".join(pdf.pages[0].extract_text().split())
    assert first.startswith(lists["staff-support"]["en"]["title"])
    everything = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    for item in cl.items(lists["staff-support"]):
        words = item["en"]["text"][:25]
        assert (words in everything) == cl.applies_to(item, "rural"), item["id"]


def test_print_button_prints(page: object, site_url: str) -> None:
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    open_list(page, site_url, "closing", "en")
    page.get_by_role("button", name=LABELS["en"]["print"]).click()
    assert page.evaluate("window.__printed") == 1


def test_keyboard_space_ticks_and_progress_is_announced(page: object, site_url: str, lists: dict) -> None:
    checklist = lists["basket"]
    first = cl.items(checklist)[0]["id"]
    open_list(page, site_url, "basket", "en")
    page.locator("[data-action=reset]").focus()
    for _ in range(3):  # from the last tool, past the section heading's permalink, to the first item
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    assert page.evaluate("document.activeElement.id") == f"check-{first}"
    focus_ring = page.eval_on_selector(f"label[for=check-{first}]", "el => getComputedStyle(el, '::before').boxShadow")
    assert focus_ring not in ("", "none")
    page.keyboard.press("Space")
    assert box(page, first).is_checked()
    announcer = page.locator("[data-role=announce]")
    assert announcer.get_attribute("aria-live") == "polite"
    expected = progress_text("en", 1, len(cl.items(checklist)))
    page.wait_for_function("text => document.querySelector('[data-role=announce]').textContent === text", arg=expected)
    page.keyboard.press("Space")
    assert not box(page, first).is_checked()


def test_keyboard_arrows_choose_a_variant(page: object, site_url: str, lists: dict) -> None:
    open_list(page, site_url, "prepare-partnership")
    page.get_by_label(LABELS["pl"]["filter_all"], exact=True).focus()
    page.keyboard.press("ArrowDown")
    expected = cl.visible_items(lists["prepare-partnership"], VARIANTS[0])
    assert visible_item_ids(page) == expected


def test_storage_refused_degrades_with_a_message(page: object, site_url: str, lists: dict) -> None:
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', "
        "{ get() { throw new DOMException('denied', 'SecurityError'); } });"
    )
    item = cl.items(lists["closing"])[0]["id"]
    open_list(page, site_url, "closing")
    warning = page.locator("[data-role=storage-warning]")
    assert warning.is_visible() and warning.inner_text() == LABELS["pl"]["storage_unavailable"]
    box(page, item).check()
    assert progress(page) == progress_text("pl", 1, len(cl.items(lists["closing"])))
    assert page.watch.console_errors == []


def test_full_storage_degrades_with_a_message(page: object, site_url: str, lists: dict) -> None:
    open_list(page, site_url, "closing")
    assert not page.locator("[data-role=storage-warning]").is_visible()
    page.evaluate(
        "() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; }"
    )
    box(page, cl.items(lists["closing"])[1]["id"]).check()
    assert page.locator("[data-role=storage-warning]").is_visible()
    assert page.watch.console_errors == []


def test_without_javascript_the_list_still_works(browser: object, site_url: str, lists: dict) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}tools/checklists/zzk-meeting/")
        item = cl.items(lists["zzk-meeting"])[0]["id"]
        assert page.locator(f"#check-{item}").count() == 1
        page.locator(f"label[for=check-{item}]").click()
        assert page.locator(f"#check-{item}").is_checked()
        assert not page.locator(".kk-checklist__tools").is_visible()
        note = page.locator(".kk-checklist noscript p")  # Playwright's text search skips <noscript>
        assert note.is_visible() and note.inner_text() == LABELS["pl"]["no_js"]
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_checklist_with_tools_passes_axe(page: object, site_url: str, axe: object, lang: str) -> None:
    open_list(page, site_url, "form-partnership", lang, "?wariant=wiejska")
    page.locator(".kk-checklist input[type=checkbox]").first.check()
    assert axe_violations(page, axe) == []


def test_phone_layout_keeps_boxes_large(browser: object, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        page.goto(f"{site_url}tools/checklists/zzk-meeting/")
        size = page.locator(".kk-task__box").first.bounding_box()
        assert size["width"] >= 40 and size["height"] >= 40  # a comfortable target for a finger
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
