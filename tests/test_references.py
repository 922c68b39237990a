"""A reference to something that does not exist fails with one error, UnknownReference, whose
message names the file, the entry and the field: for every renderer, never a KeyError, a
ValueError, an empty string or a silently dropped link.

Each case takes the real handbook (with its generated pages, in memory), removes or breaks the
thing a renderer points at, as a file changed during `mkdocs serve` or a feature's page that
is no longer generated would, and calls the renderer."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from ksiega import checklists, forms, glossary, recommendations, sources, timeline, trainers, variants
from ksiega.data import DataError, UnknownReference
from ksiega.docs import DocPage, Docs
from ksiega.handbook import Handbook, load_handbook
from ksiega.site import compose, render_markdown


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return compose(load_handbook())


def without_pages(handbook: Handbook, *prefixes: str) -> Handbook:
    """The handbook without the pages whose docs path starts with one of `prefixes`."""
    local = copy.copy(handbook)
    local.docs = Docs(handbook.docs.root, [p for p in handbook.docs.pages if not p.src.startswith(prefixes)])
    return local


def with_data(handbook: Handbook, key: str, change: Callable[[Any], None]) -> Handbook:
    local = copy.copy(handbook)
    data = copy.deepcopy(handbook.data[key])
    change(data)
    local.data = {**handbook.data, key: data}
    return local


def page(handbook: Handbook, base: str, lang: str = "pl") -> DocPage:
    found = handbook.docs.get(base, lang)
    assert found is not None, base
    return found


def hand_written(src: str, body: str) -> DocPage:
    lang = src.rsplit(".", 2)[-2]
    return DocPage(src=src, lang=lang, meta={}, body=body, file=f"docs/{src}")  # type: ignore[arg-type]


def first_module(handbook: Handbook) -> dict[str, Any]:
    return next(m for m in trainers.modules(handbook) if m.get("forms"))


def first_using(items: list[dict[str, Any]], field: str, prefix: str) -> tuple[dict[str, Any], int]:
    """The first entry whose `field` lists a reference starting with `prefix`, and its index."""
    for item in items:
        for index, ref in enumerate(item.get(field, [])):
            if ref.startswith(prefix):
                return item, index
    raise AssertionError(f"no entry's {field} starts with {prefix}")


def checklist_step_message(h: Handbook) -> str:
    checklist, index = first_using(checklists.checklists(h), "steps", "model/procedure.md")
    return (
        f"data/checklists.yml: entry '{checklist['id']}': steps[{index}] points at the page 'model/procedure.md', "
        "which does not exist"
    )


def checklist_with_form(h: Handbook) -> tuple[dict[str, Any], str, int, str]:
    for checklist in checklists.checklists(h):
        for section in checklist["sections"]:
            for item in section["items"]:
                for index, form_id in enumerate(item.get("links", {}).get("forms", [])):
                    return checklist, f"{checklist['id']}/{section['id']}/{item['id']}", index, form_id
    raise AssertionError("no checklist item links to a form")


def checklist_form_message(h: Handbook) -> str:
    _checklist, entry, index, form_id = checklist_with_form(h)
    return (
        f"data/checklists.yml: entry '{entry}': links.forms[{index}] points at the page "
        f"'tools/forms/{form_id}.md', which does not exist"
    )


def render_checklist_with_form(h: Handbook) -> object:
    checklist = checklist_with_form(h)[0]
    base = checklists.page_path(checklist["id"])
    return checklists.render_checklist(without_pages(h, "tools/forms/"), "pl", page(h, base), checklist["id"])


def form_step_message(h: Handbook) -> str:
    form, index = first_using(forms.all_forms(h), "steps", "model/procedure.md")
    return (
        f"data/forms/{form['id']}.yml: entry '{form['id']}': steps[{index}] points at the page "
        "'model/procedure.md', which does not exist"
    )


def recommendation_message(h: Handbook) -> str:
    rec = next(r for r in recommendations.recommendations(h) if r["chapter"].startswith("model/why-cooperate.md"))
    return (
        f"data/recommendations.yml: entry '{rec['id']}': chapter points at the page 'model/why-cooperate.md', "
        "which does not exist"
    )


CASES: list[tuple[str, Callable[[Handbook], object], str | Callable[[Handbook], str]]] = [
    (
        "checklist marker names no list",
        lambda h: checklists.render_checklist(h, "pl", hand_written("x.pl.md", ""), "no-such-list"),
        "docs/x.pl.md: marker '<!-- kk:checklist no-such-list -->' names no checklist in data/checklists.yml",
    ),
    (
        "checklist step page is gone",
        lambda h: checklists.pages(without_pages(h, "model/procedure.")),
        checklist_step_message,
    ),
    (
        "checklist item links to a form page that is gone",
        render_checklist_with_form,
        checklist_form_message,
    ),
    (
        "trainer-links marker names no module",
        lambda h: trainers.links_markdown(h, "pl", hand_written("x.pl.md", ""), "no-such-module"),
        "docs/x.pl.md: '<!-- kk:trainer-links no-such-module -->' names no module listed in data/trainer-pack.yml",
    ),
    (
        "trainer module links to a checklist page that is gone",
        lambda h: trainers.links_markdown(
            without_pages(h, "tools/checklists/"), "pl", page(h, "trainers/index.md"), first_module(h)["id"]
        ),
        "unknown checklist page",  # exact text built in the test: it names the module
    ),
    (
        "forms marker names a step no form lists",
        lambda h: forms.step_forms(h, "pl", page(h, "model/procedure.md"), "no-such-step"),
        "docs/model/procedure.pl.md: '<!-- kk:forms no-such-step -->': no form in data/forms/ lists "
        "'model/procedure.md#no-such-step' in steps",
    ),
    (
        "form's step page is gone",
        lambda h: forms.pages(without_pages(h, "model/procedure.")),
        form_step_message,
    ),
    (
        "recommendation's chapter is gone",
        lambda h: recommendations.render(
            without_pages(h, "model/why-cooperate."), "pl", page(h, "model/recommendations.md"), ""
        ),
        recommendation_message,
    ),
    (
        "glossary entry sees an entry that is gone",
        lambda h: glossary.render(
            with_data(h, "glossary", lambda d: d["terms"][0].update(see=["no-such-term"])),
            "pl",
            page(h, "glossary.md"),
            "",
        ),
        "unknown see",  # exact text built in the test: it names the first entry
    ),
    (
        "a page cites a source that is not in data/sources.yml",
        lambda h: sources.transform(h, "pl", "model/teams.md", "Tekst [@no-such-source]."),
        "docs/model/teams.pl.md: cites an unknown source '[@no-such-source]'",
    ),
    (
        "timeline follows a pilot chapter that is gone",
        lambda h: timeline.pages(without_pages(h, "model/pilot.")),
        "data/milestones.yml: entry 'page': points at the page 'model/pilot.md', which does not exist",
    ),
    (
        "variant-result marker names no variant",
        lambda h: variants.render_result(h, "pl", hand_written("x.pl.md", ""), "suburban"),
        "docs/x.pl.md: marker '<!-- kk:variant-result suburban -->' names no variant in data/variants.yml "
        "(urban, urban-rural, rural)",
    ),
    (
        "variants comparison links a procedure step whose page is gone",
        lambda h: variants.render_comparison(
            without_pages(h, "model/procedure."), "pl", page(h, "model/variants.md"), ""
        ),
        "data/variants.yml: entry 'urban': procedure[0].step points at the page 'model/procedure.md', "
        "which does not exist",
    ),
    (
        "variant result links to the checklists, which are gone",
        lambda h: variants.render_result(
            without_pages(h, "tools/checklists/"), "pl", page(h, "tools/variant-picker/wiejska.md"), "rural"
        ),
        "data/variants.yml: entry 'rural': points at the page 'tools/checklists/index.md', which does not exist",
    ),
    (
        "variant sections link the glossary, which is gone",
        lambda h: variants.render_sections(without_pages(h, "glossary."), "pl", page(h, "model/variants.md"), ""),
        "data/variants.yml: entry 'urban': team.levels[0].glossary points at the page 'glossary.md', "
        "which does not exist",
    ),
]


@pytest.mark.parametrize(("case", "call", "message"), CASES, ids=[case for case, _, _ in CASES])
def test_a_reference_to_nothing_is_one_clear_error(
    handbook: Handbook, case: str, call: Callable[[Handbook], object], message: str | Callable[[Handbook], str]
) -> None:
    if callable(message):
        message = message(handbook)
    if message == "unknown checklist page":
        module = first_module(handbook)
        message = (
            f"data/trainers/{module['id']}.yml: entry '{module['id']}': checklists[0] points at the page "
            f"'tools/checklists/{module['checklists'][0]}.md', which does not exist"
        )
    if message == "unknown see":
        term = handbook.data["glossary"]["terms"][0]["id"]
        message = f"data/glossary.yml: entry '{term}': see[0] unknown glossary id 'no-such-term'"
    with pytest.raises(UnknownReference) as exc:
        call(handbook)
    assert [str(p) for p in exc.value.problems] == [message]


def test_the_hooks_report_a_reference_to_nothing_as_a_data_problem(handbook: Handbook) -> None:
    """render_markdown (what the markup hook calls) lets UnknownReference through as the DataError
    the hooks turn into one clear build error."""
    broken = hand_written("tools/x.pl.md", "# X\n\n<!-- kk:checklist no-such-list -->\n")
    local = copy.copy(handbook)
    local.docs = Docs(handbook.docs.root, [*handbook.docs.pages, broken])
    with pytest.raises(DataError) as exc:
        render_markdown(local, "pl", broken.src, broken.body)
    assert str(exc.value).splitlines() == [
        "1 problem in the handbook's data or pages:",
        "  docs/tools/x.pl.md: marker '<!-- kk:checklist no-such-list -->' names no checklist in data/checklists.yml",
    ]
