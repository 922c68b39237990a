"""The trainer pack: workshop modules for the dissemination phase, one page each.

Data: data/trainer-pack.yml (the overview page and the order of the modules) and
data/trainers/<id>.yml (one module: goal, audience, length, outcomes, agenda, exercises,
links to the handbook, handout). Pages: trainers/index.md and trainers/<id>.md in both
languages. Links to forms and checklists come from the marker <!-- kk:trainer-links <id> -->,
expanded when the page is rendered, so a link appears only once its target page exists.

The agenda is checked as a trainer would check it: on every day the blocks follow one another
without gaps or overlaps and add up to the module's length; every exercise gets exactly the
time its agenda blocks give it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ksiega.core.data import Problem
from ksiega.core.docs import DocPage
from ksiega.core.feature import Assets, Feature, Marker
from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS, Lang
from ksiega.core.render import Templates, html_block, md_text
from ksiega.core.strings import fill, ui
from ksiega.toolkit import links
from ksiega.toolkit.citations import trailing
from ksiega.toolkit.lang import plural

TEMPLATES = Templates(Path(__file__).parent)

PACK = "trainer-pack"
MODULES_DIR = "trainers"  # data/trainers/<id>.yml
FOLDER = "trainers"  # docs/trainers/: generated, git-ignored
INDEX = f"{FOLDER}/index.md"

# Pages of features built in parallel; linked only when they exist (see the contracts).
FORM_PAGE = "tools/forms/{id}.md"
CHECKLIST_PAGE = "tools/checklists/{id}.md"
GLOSSARY_PAGE = "glossary.md"  # entries are anchored by their id: glossary.md#<id>


# --- Time ----------------------------------------------------------------------------

_CLOCK = re.compile(r"^(?P<h>\d{2}):(?P<m>\d{2})$")


def minutes_of(clock: str) -> int:
    """'09:30' -> 570 (minutes after midnight)."""
    match = _CLOCK.match(clock)
    if not match:
        raise ValueError(f"not a time like 09:30: {clock!r}")
    return int(match.group("h")) * 60 + int(match.group("m"))


def clock(minutes: int) -> str:
    """570 -> '09:30'."""
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def duration(minutes: int, labels: Mapping[str, Any]) -> str:
    """420 -> '7 godz.' / '7 h'; 450 -> '7 godz. 30 min' / '7 h 30 min'; 45 -> '45 min'."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} {labels['hours_unit']}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} {labels['minutes_unit']}")
    return " ".join(parts)


def days_text(days: int, lang: Lang, labels: Mapping[str, Any]) -> str:
    """ "1 dzień", "2 dni"; "1 day", "2 days"."""
    return f"{days} {plural(days, labels['day_forms'], lang)}"


def work_minutes(module: dict[str, Any]) -> int:
    """Minutes of work over all days: the agenda without its breaks."""
    return sum(b["minutes"] for day in module["agenda"] for b in day["blocks"] if b["method"] != "break")


def length_text(module: dict[str, Any], lang: Lang, labels: Mapping[str, Any], short: bool = False) -> str:
    """The module's length in words: '2 dni po 7 godz. z przerwami (razem 12 godz. pracy)';
    short, for the table of modules: '2 dni po 7 godz.'."""
    days, per_day = module["length"]["days"], module["length"]["minutes_per_day"]
    words = {
        "count": days_text(days, lang, labels),
        "day": duration(per_day, labels),
        "work": duration(work_minutes(module), labels),
    }
    kind = ("length_short_" if short else "length_") + ("several_days" if days > 1 else "one_day")
    return fill(labels, kind, **words)


# --- Data access ------------------------------------------------------------------------


def pack(handbook: Handbook) -> dict[str, Any]:
    return dict(handbook.data[PACK])


def module_files(handbook: Handbook) -> dict[str, dict[str, Any]]:
    """Data key ('trainers/<stem>') -> module, for every file in data/trainers/."""
    return {key: value for key, value in handbook.data.items() if key.startswith(f"{MODULES_DIR}/")}


def modules(handbook: Handbook) -> list[dict[str, Any]]:
    """The modules in the order of data/trainer-pack.yml."""
    by_id = {m["id"]: m for m in module_files(handbook).values()}
    return [by_id[module_id] for module_id in pack(handbook)["modules"] if module_id in by_id]


def module_file(module_id: str) -> str:
    """The data file of a module, as messages name it (the file is named after its id)."""
    return f"data/{MODULES_DIR}/{module_id}.yml"


def _where(module: dict[str, Any], field: str) -> links.Where:
    return links.Where(module_file(module["id"]), module["id"], field)


def page_of(module_id: str) -> str:
    return f"{FOLDER}/{module_id}.md"


def data_file(handbook: Handbook, key: str) -> str:
    for suffix in (".yml", ".yaml"):
        if (handbook.root / "data" / f"{key}{suffix}").exists():
            return f"data/{key}{suffix}"
    return f"data/{key}.yml"


# --- Checks ----------------------------------------------------------------------------


def agenda_problems(file: str, module: dict[str, Any]) -> list[Problem]:
    """Each day's blocks follow one another and add up to length.minutes_per_day."""
    problems: list[Problem] = []
    module_id = str(module["id"])
    length = module["length"]
    days = module["agenda"]
    if len(days) != length["days"]:
        problems.append(
            Problem(file, module_id, "agenda", f"has {len(days)} day(s), but length.days says {length['days']}")
        )
    for d, day in enumerate(days):
        blocks = day["blocks"]
        first = minutes_of(blocks[0]["start"])
        expected = first
        for b, block in enumerate(blocks):
            start = minutes_of(block["start"])
            if start != expected:
                problems.append(
                    Problem(
                        file,
                        module_id,
                        f"agenda[{d}].blocks[{b}].start",
                        f"is {block['start']}, but the block before it ends at {clock(expected)} (day {d + 1})",
                    )
                )
            expected = start + block["minutes"]
        total = sum(block["minutes"] for block in blocks)
        if total != length["minutes_per_day"]:
            problems.append(
                Problem(
                    file,
                    module_id,
                    f"agenda[{d}]",
                    f"(day {d + 1}) adds up to {total} minutes ({clock(first)}–{clock(first + total)}), "
                    f"but length.minutes_per_day says {length['minutes_per_day']}",
                )
            )
    return problems


def exercise_problems(file: str, module: dict[str, Any]) -> list[Problem]:
    """Agenda blocks run this module's exercises, and each exercise gets exactly its time."""
    problems: list[Problem] = []
    module_id = str(module["id"])
    exercises = {e["id"]: e for e in module["exercises"]}
    given: dict[str, int] = {}
    for d, day in enumerate(module["agenda"]):
        for b, block in enumerate(day["blocks"]):
            exercise_id = block.get("exercise")
            if exercise_id is None:
                continue
            if exercise_id not in exercises:
                problems.append(
                    Problem(
                        file,
                        module_id,
                        f"agenda[{d}].blocks[{b}].exercise",
                        f"'{exercise_id}' is not an exercise of this module",
                    )
                )
                continue
            given[exercise_id] = given.get(exercise_id, 0) + block["minutes"]
    for exercise_id, exercise in exercises.items():
        entry = f"{module_id}/{exercise_id}"
        if exercise_id not in given:
            problems.append(Problem(file, entry, message="is not run in any agenda block (add `exercise:` to one)"))
        elif given[exercise_id] != exercise["minutes"]:
            problems.append(
                Problem(
                    file,
                    entry,
                    "minutes",
                    f"is {exercise['minutes']}, but the agenda blocks that run it add up to {given[exercise_id]}",
                )
            )
    return problems


def check(handbook: Handbook) -> list[Problem]:
    problems: list[Problem] = []
    listed = set(pack(handbook)["modules"])
    pack_file = data_file(handbook, PACK)
    for key, module in sorted(module_files(handbook).items()):
        file = data_file(handbook, key)
        stem = key.split("/", 1)[1]
        if module["id"] != stem:
            problems.append(Problem(file, str(module["id"]), "id", f"must match the file name ('{stem}')"))
        if module["id"] not in listed:
            problems.append(Problem(pack_file, "", "modules", f"does not list the module '{module['id']}' ({file})"))
        problems += agenda_problems(file, module)
        problems += exercise_problems(file, module)
    return problems


# --- Pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow:
    start: str
    end: str
    minutes: int
    title: str
    method: str
    is_break: bool
    anchor: str


@dataclass(frozen=True)
class AgendaDay:
    caption: str
    rows: list[AgendaRow]


def exercise_anchor(exercise_id: str) -> str:
    return f"exercise-{exercise_id}"


def agenda_days(module: dict[str, Any], lang: Lang, labels: Mapping[str, Any]) -> list[AgendaDay]:
    days = module["agenda"]
    out = []
    for n, day in enumerate(days, start=1):
        rows = []
        for block in day["blocks"]:
            start = minutes_of(block["start"])
            rows.append(
                AgendaRow(
                    start=block["start"],
                    end=clock(start + block["minutes"]),
                    minutes=block["minutes"],
                    title=block[lang]["title"],
                    method=labels["methods"][block["method"]],
                    is_break=block["method"] == "break",
                    anchor=exercise_anchor(block["exercise"]) if "exercise" in block else "",
                )
            )
        name = fill(labels, "day", n=n) if len(days) > 1 else labels["one_day"]
        out.append(AgendaDay(caption=f"{name}, {rows[0].start}–{rows[-1].end}", rows=rows))
    return out


def _exercise_slots(module: dict[str, Any], labels: Mapping[str, Any]) -> dict[str, list[str]]:
    """Exercise id -> where the agenda runs it ('Dzień 1, 10:15–11:15')."""
    slots: dict[str, list[str]] = {}
    days = module["agenda"]
    for n, day in enumerate(days, start=1):
        for block in day["blocks"]:
            if "exercise" in block:
                start = minutes_of(block["start"])
                when = f"{block['start']}–{clock(start + block['minutes'])}"
                if len(days) > 1:
                    when = f"{fill(labels, 'day', n=n)}, {when}"
                slots.setdefault(block["exercise"], []).append(when)
    return slots


def _bullets(items: list[str]) -> list[str]:
    return [f"- {md_text(item)}" for item in items]


def _chapter_link(handbook: Handbook, lang: Lang, from_page: str, ref: str, where: links.Where) -> str:
    """[Page title – section title](relative link) for a page reference like model/procedure.md#plan."""
    return links.link(handbook.docs, from_page, ref, lang, where)


def _exercise_markdown(module: dict[str, Any], lang: Lang, labels: Mapping[str, Any]) -> Iterator[str]:
    slots = _exercise_slots(module, labels)
    for n, exercise in enumerate(module["exercises"], start=1):
        text = exercise[lang]
        heading = f"{md_text(fill(labels, 'exercise', n=n))}. {md_text(text['title'])}"
        yield f"### {heading} {{#{exercise_anchor(exercise['id'])}}}"
        yield ""
        yield f"*{md_text(text['purpose'])}*"
        yield ""
        when = "; ".join(slots.get(exercise["id"], []))
        yield f"**{md_text(labels['exercise_time'])}:** {md_text(duration(exercise['minutes'], labels))}  "
        yield f"**{md_text(labels['in_agenda'])}:** [{md_text(when)}](#agenda)"
        yield ""
        yield f"**{md_text(labels['materials'])}:**"
        yield ""
        yield from _bullets(text["materials"])
        yield ""
        yield f"**{md_text(labels['instructions'])}:**"
        yield ""
        yield from (f"{i}. {md_text(step)}" for i, step in enumerate(text["instructions"], start=1))
        yield ""
        yield f"**{md_text(labels['debrief'])}:**"
        yield ""
        yield from _bullets(text["debrief"])
        yield ""


def module_markdown(handbook: Handbook, module: dict[str, Any], lang: Lang) -> str:
    """The module page: overview, outcomes, preparation, agenda, exercises, links, handout."""
    labels = ui(handbook, "trainers", lang)
    text = module[lang]
    page = page_of(module["id"])
    print_bar = TEMPLATES.render(
        "trainers-print.html",
        label_handout=labels["print_handout"],
        label_module=labels["print_module"],
        hint=labels["print_hint"],
    )
    agenda = TEMPLATES.render(
        "trainers-agenda.html",
        days=agenda_days(module, lang, labels),
        labels=labels,
    )
    lines = [
        f"# {md_text(text['title'])}",
        "",
        f"{md_text(text['goal'])}",
        "{: .kk-module-lead }",
        "",
        f"**{md_text(labels['audience'])}:** {md_text(text['audience'])}  ",
        f"**{md_text(labels['group'])}:** {md_text(text['group'])}  ",
        f"**{md_text(labels['length'])}:** {md_text(length_text(module, lang, labels))}",
        "{: .kk-module-facts }",
        html_block(print_bar),
        f"## {md_text(labels['outcomes'])} {{#outcomes}}",
        "",
        md_text(labels["outcomes_lead"]),
        "",
        *_bullets(text["outcomes"]),
        "",
        f"## {md_text(labels['preparation'])} {{#preparation}}",
        "",
        md_text(labels["preparation_lead"]),
        "",
        *_bullets(text["preparation"]),
        "",
        f"## {md_text(labels['agenda'])} {{#agenda}}",
        html_block(agenda),
        f"## {md_text(labels['exercises'])} {{#exercises}}",
        "",
        *_exercise_markdown(module, lang, labels),
        f"## {md_text(labels['in_handbook'])} {{#in-the-handbook}}",
        "",
        f"<!-- kk:trainer-links {module['id']} -->",
        "",
        f"## {md_text(labels['pilot'])} {{#pilot}}",
        "",
        f"{md_text(text['pilot'])}{trailing(module['sources'])}",
        "",
        '<section class="kk-handout" markdown>',
        "",
        f"## {md_text(labels['handout'])} {{#handout}}",
        "",
        f"**{md_text(text['title'])}**",
        "{: .kk-handout-title }",
        "",
        md_text(text["handout"]["intro"]),
        "",
        *_bullets(text["handout"]["key_points"]),
        "",
        f"**{md_text(labels['handout_next'])}:** {md_text(text['handout']['next_step'])}",
        "",
        f"**{md_text(labels['handout_more'])}:** "
        + "; ".join(
            _chapter_link(handbook, lang, page, ref, _where(module, f"chapters[{i}]"))
            for i, ref in enumerate(module["chapters"])
        )
        + ".",
        "",
        "</section>",
        "",
        f"[{md_text(labels['back'])}](index.md){{: .kk-module-back }}",
        "",
    ]
    return "\n".join(lines)


def index_markdown(handbook: Handbook, lang: Lang) -> str:
    """The pack's overview page: intro, how to use it, the table of modules, principles."""
    labels = ui(handbook, "trainers", lang)
    data = pack(handbook)
    text = data[lang]
    lines = [f"# {md_text(text['title'])}", ""]
    for paragraph in text["intro"]:
        lines += [md_text(paragraph), ""]
    lines += [
        f"## {md_text(labels['modules'])} {{#modules}}",
        "",
        f"| {md_text(labels['module'])} | {md_text(labels['length'])} | {md_text(labels['audience'])} |",
        "| --- | --- | --- |",
    ]
    for module in modules(handbook):
        mtext = module[lang]
        link = f"[{md_text(mtext['title'])}]({module['id']}.md)"
        length = md_text(length_text(module, lang, labels, short=True))
        lines.append(f"| {link} | {length} | {md_text(mtext['audience'])} |")
    lines += ["", f"## {md_text(labels['how_to_use'])} {{#how-to-use}}", "", *_bullets(text["how_to_use"]), ""]
    lines += [f"## {md_text(labels['principles'])} {{#principles}}", "", *_bullets(text["principles"]), ""]
    pilot = f"{md_text(text['pilot'])}{trailing(data['sources'])}"
    lines += [f"## {md_text(labels['pilot'])} {{#pilot}}", "", pilot, ""]
    return "\n".join(lines)


def pages(handbook: Handbook) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in LANGS:
        out[f"{FOLDER}/index.{lang}.md"] = index_markdown(handbook, lang)
        for module in modules(handbook):
            out[f"{FOLDER}/{module['id']}.{lang}.md"] = module_markdown(handbook, module, lang)
    return out


def nav(handbook: Handbook) -> dict[str, list[str]]:
    return {INDEX: [page_of(m["id"]) for m in modules(handbook)]}


# --- Links rendered at build time (targets may come from other features) -----------------


def links_markdown(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    """The module's links to chapters, form templates, checklists and glossary entries. A link
    to something that does not exist raises UnknownReference (file, entry, field)."""
    labels = ui(handbook, "trainers", lang)
    module = next(m for m in modules(handbook) if m["id"] == args)  # the marker's rule made sure of it
    groups: list[tuple[str, list[str]]] = []
    for field, template in (("chapters", "{id}"), ("forms", FORM_PAGE), ("checklists", CHECKLIST_PAGE)):
        items = [
            _chapter_link(handbook, lang, page.base, template.format(id=ref), _where(module, f"{field}[{i}]"))
            for i, ref in enumerate(module.get(field, []))
        ]
        if items:
            groups.append((labels[field], items))
    terms = _glossary_links(handbook, lang, page.base, module)
    if terms:
        groups.append((labels["terms"], terms))
    lines: list[str] = []
    for title, items in groups:
        lines += [f"**{md_text(title)}:**", "", *(f"- {item}" for item in items), ""]
    return "\n".join(lines)


def _glossary_links(handbook: Handbook, lang: Lang, from_page: str, module: dict[str, Any]) -> list[str]:
    """Links to glossary entries, labelled with the term (and its abbreviation) in `lang`."""
    entries = {t["id"]: t for t in handbook.data["glossary"]["terms"]}
    found = []
    for index, term_id in enumerate(module.get("terms", [])):
        where = _where(module, f"terms[{index}]")
        links.require(handbook.docs, GLOSSARY_PAGE, lang, where)
        if term_id not in entries:
            raise where.unknown(f"unknown glossary id '{term_id}'")
        entry = entries[term_id][lang]
        label = f"{entry['term']} ({entry['abbr']})" if entry.get("abbr") else entry["term"]
        found.append(f"[{md_text(label)}]({links.href(from_page, GLOSSARY_PAGE)}#{term_id})")
    return found


def listed_module(handbook: Handbook, page: DocPage, args: str) -> str | None:
    """The argument of <!-- kk:trainer-links … -->: a module listed in the trainer pack."""
    if any(module["id"] == args for module in modules(handbook)):
        return None
    return f"names no module listed in data/{PACK}.yml"


FEATURE = Feature(
    name="trainers",
    data=(PACK,),
    markers=(Marker("trainer-links", links_markdown, args=listed_module),),
    check=check,
    pages=pages,
    nav=nav,
    assets=Assets(
        css=("assets/css/trainers.css",),
        js=("assets/js/trainers.js",),
        needed_on=lambda page: page.base.startswith(f"{FOLDER}/"),
    ),
)
