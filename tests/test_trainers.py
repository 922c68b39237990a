"""The trainer pack without MkDocs: its data, the agenda arithmetic, the generated Markdown."""

from __future__ import annotations

import copy
import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from ksiega import trainers
from ksiega.data import UnknownReference
from ksiega.docs import DocPage
from ksiega.handbook import Handbook, load_handbook
from ksiega.lang import LANGS
from ksiega.render import md_text
from ksiega.site import check_only

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return load_handbook(ROOT)


@pytest.fixture
def module(handbook: Handbook) -> dict[str, Any]:
    """A deep copy of a real two-day module, safe to break."""
    two_day = next(m for m in trainers.modules(handbook) if m["length"]["days"] == 2)
    return copy.deepcopy(two_day)


def clock_minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


# --- The real pack ------------------------------------------------------------------------


def test_the_pack_has_at_least_four_modules_and_lists_every_module_file(handbook: Handbook) -> None:
    listed = trainers.pack(handbook)["modules"]
    files = {m["id"] for m in trainers.module_files(handbook).values()}
    assert len(listed) >= 4
    assert set(listed) == files


def test_every_agenda_adds_up_to_the_stated_length(handbook: Handbook) -> None:
    """Computed here from the data, independently of the package's own check."""
    for module in trainers.modules(handbook):
        length = module["length"]
        assert len(module["agenda"]) == length["days"], module["id"]
        for n, day in enumerate(module["agenda"], start=1):
            blocks = day["blocks"]
            assert sum(b["minutes"] for b in blocks) == length["minutes_per_day"], f"{module['id']} day {n}"
            for before, after in itertools.pairwise(blocks):
                ends = clock_minutes(before["start"]) + before["minutes"]
                assert clock_minutes(after["start"]) == ends, f"{module['id']} day {n} at {after['start']}"


def test_every_exercise_gets_exactly_its_time_in_the_agenda(handbook: Handbook) -> None:
    for module in trainers.modules(handbook):
        given: dict[str, int] = {}
        for day in module["agenda"]:
            for block in day["blocks"]:
                if "exercise" in block:
                    given[block["exercise"]] = given.get(block["exercise"], 0) + block["minutes"]
        assert given == {e["id"]: e["minutes"] for e in module["exercises"]}, module["id"]


def test_modules_modelled_on_pilot_workshops_cite_their_sources(handbook: Handbook) -> None:
    for module in trainers.modules(handbook):
        assert module["sources"], f"{module['id']}: pl.pilot states pilot facts, so it needs sources"


def test_the_package_check_passes_on_real_data(handbook: Handbook) -> None:
    assert trainers.check(handbook) == []


# --- The agenda check -------------------------------------------------------------------------


def test_a_day_that_does_not_add_up_is_reported_with_its_sum(module: dict[str, Any]) -> None:
    blocks = module["agenda"][0]["blocks"]
    blocks[-1]["minutes"] -= 5
    problems = [str(p) for p in trainers.agenda_problems("data/trainers/x.yml", module)]
    per_day = module["length"]["minutes_per_day"]
    start = clock_minutes(blocks[0]["start"])
    end = start + per_day - 5
    assert problems == [
        f"data/trainers/x.yml: entry '{module['id']}': agenda[0] (day 1) adds up to {per_day - 5} minutes "
        f"({trainers.clock(start)}–{trainers.clock(end)}), but length.minutes_per_day says {per_day}"
    ]


def test_a_gap_between_blocks_is_reported_at_the_block(module: dict[str, Any]) -> None:
    blocks = module["agenda"][1]["blocks"]
    blocks[1]["minutes"] -= 5  # the next block now starts 5 minutes after this one ends
    blocks[-1]["minutes"] += 5  # ... while the day still adds up
    problems = [str(p) for p in trainers.agenda_problems("f.yml", module)]
    ends = trainers.clock(clock_minutes(blocks[1]["start"]) + blocks[1]["minutes"])
    assert problems == [
        f"f.yml: entry '{module['id']}': agenda[1].blocks[2].start is {blocks[2]['start']}, "
        f"but the block before it ends at {ends} (day 2)"
    ]


def test_a_missing_day_is_reported(module: dict[str, Any]) -> None:
    module["agenda"].pop()
    problems = [str(p) for p in trainers.agenda_problems("f.yml", module)]
    assert problems == [f"f.yml: entry '{module['id']}': agenda has 1 day(s), but length.days says 2"]


def test_exercise_time_must_match_its_blocks(module: dict[str, Any]) -> None:
    exercise = module["exercises"][0]
    exercise["minutes"] += 10
    problems = [str(p) for p in trainers.exercise_problems("f.yml", module)]
    assert problems == [
        f"f.yml: entry '{module['id']}/{exercise['id']}': minutes is {exercise['minutes']}, "
        f"but the agenda blocks that run it add up to {exercise['minutes'] - 10}"
    ]


def test_an_exercise_no_block_runs_is_reported(module: dict[str, Any]) -> None:
    for day in module["agenda"]:
        for block in day["blocks"]:
            if block.get("exercise") == module["exercises"][-1]["id"]:
                del block["exercise"]
    problems = [str(p) for p in trainers.exercise_problems("f.yml", module)]
    assert problems == [
        f"f.yml: entry '{module['id']}/{module['exercises'][-1]['id']}': "
        "is not run in any agenda block (add `exercise:` to one)"
    ]


def test_a_block_cannot_run_another_modules_exercise(module: dict[str, Any]) -> None:
    module["agenda"][0]["blocks"][0]["exercise"] = "not-here"
    problems = [str(p) for p in trainers.exercise_problems("f.yml", module)]
    where = f"f.yml: entry '{module['id']}': agenda[0].blocks[0].exercise"
    assert f"{where} 'not-here' is not an exercise of this module" in problems


# --- Words and times ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "lang", "text"),
    [
        (420, "pl", "7 godz."),
        (450, "pl", "7 godz. 30 min"),
        (45, "pl", "45 min"),
        (90, "en", "1 h 30 min"),
        (60, "en", "1 h"),
    ],
)
def test_duration_in_words(minutes: int, lang: str, text: str) -> None:
    assert trainers.duration(minutes, lang) == text


def test_length_counts_work_without_breaks(module: dict[str, Any]) -> None:
    work = sum(b["minutes"] for d in module["agenda"] for b in d["blocks"] if b["method"] != "break")
    assert f"razem {trainers.duration(work, 'pl')} pracy" in trainers.length_text(module, "pl")
    assert f"({trainers.duration(work, 'en')} of work in all)" in trainers.length_text(module, "en")


# --- Generated pages ----------------------------------------------------------------------------


def test_pages_exist_for_every_module_in_both_languages(handbook: Handbook) -> None:
    pages = trainers.pages(handbook)
    for lang in LANGS:
        assert f"trainers/index.{lang}.md" in pages
        for module in trainers.modules(handbook):
            assert f"trainers/{module['id']}.{lang}.md" in pages


def test_generated_headings_have_the_same_ids_in_both_languages(handbook: Handbook) -> None:
    pages = trainers.pages(handbook)
    for path, markdown in pages.items():
        if not path.endswith(".pl.md"):
            continue
        twin = pages[path.replace(".pl.md", ".en.md")]
        ids = [re.findall(r"\{#([a-z0-9-]+)\}", text) for text in (markdown, twin)]
        assert ids[0] == ids[1], path
        assert len(ids[0]) == len(set(ids[0])), f"{path}: duplicate heading ids"


def test_data_text_cannot_inject_markup(handbook: Handbook, module: dict[str, Any]) -> None:
    module["pl"]["goal"] = "<script>alert(1)</script> [link](javascript:x)"
    module["agenda"][0]["blocks"][0]["pl"]["title"] = "<img src=x onerror=alert(1)>"
    markdown = trainers.module_markdown(handbook, module, "pl")
    assert "<script>" not in markdown and "<img" not in markdown
    assert "&lt;img src=x onerror=alert(1)&gt;" in markdown


def _page(base: str, lang: str, title: str = "Wzór") -> DocPage:
    return DocPage(src=base.replace(".md", f".{lang}.md"), lang=lang, meta={}, body=f"# {title}\n", file="")


def _with_linked_pages(handbook: Handbook, module: dict[str, Any], title: str = "Wzór") -> Handbook:
    """The handbook with the generated pages a module links to (forms, checklists)."""
    local = copy.copy(handbook)
    local.docs = copy.copy(handbook.docs)
    extra = [trainers.FORM_PAGE.format(id=f) for f in module.get("forms", [])]
    extra += [trainers.CHECKLIST_PAGE.format(id=c) for c in module.get("checklists", [])]
    local.docs.pages = [*handbook.docs.pages, *(_page(t, lang, title) for t in extra for lang in ("pl", "en"))]
    return local


def test_form_links_lead_to_the_form_pages_and_fail_without_them(handbook: Handbook) -> None:
    module = next(m for m in trainers.modules(handbook) if m.get("forms"))
    page = _page(trainers.page_of(module["id"]), "pl")
    first = module["forms"][0]
    with pytest.raises(UnknownReference) as exc:
        trainers.links_markdown(handbook, "pl", page, module["id"])  # the form pages are not generated here
    assert str(exc.value.problems[0]) == (
        f"data/trainers/{module['id']}.yml: entry '{module['id']}': forms[0] points at the page "
        f"'tools/forms/{first}.md', which does not exist"
    )
    title = md_text("Protokół (ZZK) [wzór]")  # a generated page escapes its title in its Markdown
    after = trainers.links_markdown(_with_linked_pages(handbook, module, title), "pl", page, module["id"])
    assert f"[{title}](../tools/forms/{first}.md)" in after, "the title is escaped once, not twice"


def test_unknown_form_ids_are_reported_by_the_loader(minimal_project: Path) -> None:
    module = minimal_project / "data" / "trainers" / "first-module.yml"
    text = module.read_text(encoding="utf-8")
    assert "\nforms:" not in text
    module.write_text(text + "forms: [no-such-form]\n", encoding="utf-8")
    assert "data/trainers/first-module.yml: entry 'first-module': forms[0] unknown forms id 'no-such-form'" in [
        str(p) for p in check_only(minimal_project)
    ]


def test_a_hand_written_marker_must_name_a_listed_module(handbook: Handbook) -> None:
    local = copy.copy(handbook)
    local.docs = copy.copy(handbook.docs)
    body = "# X\n\n<!-- kk:trainer-links nope -->\n"
    page = DocPage(src="x.pl.md", lang="pl", meta={}, body=body, file="docs/x.pl.md")
    local.docs.pages = [*handbook.docs.pages, page]
    problems = [str(p) for p in trainers.check(local)]
    marker = "'<!-- kk:trainer-links nope -->'"
    assert problems == [f"docs/x.pl.md: {marker} names no module listed in data/trainer-pack.yml"]


def test_terms_link_to_their_glossary_entries_by_their_name(handbook: Handbook) -> None:
    module = next(m for m in trainers.modules(handbook) if m.get("terms"))
    entries = {t["id"]: t for t in handbook.data["glossary"]["terms"]}
    page = _page(trainers.page_of(module["id"]), "en")
    links = trainers.links_markdown(_with_linked_pages(handbook, module), "en", page, module["id"])
    for term_id in module["terms"]:
        assert f"(../glossary.md#{term_id})" in links
        assert md_text(entries[term_id]["en"]["term"]) in links
