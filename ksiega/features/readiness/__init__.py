"""The readiness check (tools/readiness): "Czy jesteśmy gotowi na start?", from data/readiness.yml.

Two markers on the tool's page:
  <!-- kk:readiness -->       the questions as radio buttons in a real form, hidden until
                              overrides/assets/js/readiness.js starts it; the script shows the
                              ordered steps "what to do first" (nothing leaves the browser);
  <!-- kk:readiness-list -->  every question and, for every answer, what to do, with links:
                              the page without JavaScript, the printable list, and the text the
                              script copies into the result.

The rule (answers -> ordered steps) is in rules.py and mirrored in the script.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ksiega.core.data import Problem
from ksiega.core.docs import DocPage
from ksiega.core.feature import Assets, Feature, Marker, uses_marker
from ksiega.core.handbook import Handbook
from ksiega.core.lang import Lang
from ksiega.core.render import Templates, html_block, md_fill, md_text, md_title
from ksiega.core.strings import ui
from ksiega.features.readiness.rules import PRIORITIES, combinations, evaluate, rules_from_data
from ksiega.toolkit import links

__all__ = ["FEATURE", "PRIORITIES", "check", "combinations", "evaluate", "rules", "rules_from_data"]

FILE = "data/readiness.yml"
FORMS_FOLDER = "tools/forms"
CHECKLISTS_FOLDER = "tools/checklists"
TEMPLATES = Templates(Path(__file__).parent)


def _data(handbook: Handbook) -> dict[str, Any]:
    data: dict[str, Any] = handbook.data["readiness"]
    return data


def rules(handbook: Handbook) -> dict[str, Any]:
    return rules_from_data(_data(handbook))


def check(handbook: Handbook) -> list[Problem]:
    """What the schema cannot say: answer ids unique in their question, conditions that name an
    answer the question has, and not the answer's own question."""
    problems = []
    questions = {q["id"]: q for q in _data(handbook)["questions"]}
    for q in questions.values():
        ids = [a["id"] for a in q["answers"]]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(Problem(FILE, q["id"], "answers", f"has the answer id '{dup}' twice"))
        for answer in q["answers"]:
            entry = f"{q['id']}/{answer['id']}"
            for index, condition in enumerate(answer.get("blocking_if", [])):
                field = f"blocking_if[{index}]"
                other = questions.get(condition["question"])
                if condition["question"] == q["id"]:
                    problems.append(Problem(FILE, entry, field, "names the answer's own question"))
                elif other is not None and condition["answer"] not in {a["id"] for a in other["answers"]}:
                    message = f"names the answer '{condition['answer']}', which question '{other['id']}' does not have"
                    problems.append(Problem(FILE, entry, field, message))
    return problems


def _links_md(
    handbook: Handbook, answer: dict[str, Any], entry: str, index: int, page: DocPage, lang: Lang
) -> list[str]:
    labels = ui(handbook, "readiness", lang)
    out = []
    for i, ref in enumerate(answer.get("pages", [])):
        where = links.Where(FILE, entry, f"answers[{index}].pages[{i}]")
        out.append(links.link(handbook.docs, page.base, ref, lang, where))
    for kind, folder, label in (
        ("forms", FORMS_FOLDER, labels["form"]),
        ("checklists", CHECKLISTS_FOLDER, labels["checklist"]),
    ):
        for i, item_id in enumerate(answer.get(kind, [])):
            where = links.Where(FILE, entry, f"answers[{index}].{kind}[{i}]")
            ref = f"{folder}/{item_id}.md"
            target = links.require(handbook.docs, ref, lang, where)
            out.append(f"[{md_text(label)}: {md_text(target.title)}]({links.href(page.base, ref)})")
    return out


def _when_md(handbook: Handbook, answer: dict[str, Any], lang: Lang) -> str:
    labels = ui(handbook, "readiness", lang)
    questions = {q["id"]: q for q in _data(handbook)["questions"]}
    notes = []
    for condition in answer.get("blocking_if", []):
        other = questions[condition["question"]]
        label = next(a[lang]["label"] for a in other["answers"] if a["id"] == condition["answer"])
        text = md_fill(labels["blocking_when"], question=md_text(other[lang]["legend"]), answer=md_text(label))
        notes.append(f"*{text}*{{: .kk-readiness__when }}")
    return "\n\n".join(notes)


def list_md(handbook: Handbook, lang: Lang, page: DocPage) -> str:
    """Every question and, for every answer, what to do: the printable list."""
    labels = ui(handbook, "readiness", lang)
    note = "\n".join("    " + line for line in md_text(labels["recommendation_note"]).splitlines())
    parts = [f'!!! recommendation "{md_title(labels["recommendation_title"])}"\n{note}']
    for q in _data(handbook)["questions"]:
        text = q[lang]
        parts.append(f"### {md_text(text['legend'])} {{#readiness-{q['id']}}}")
        parts.append(md_text(text["hint"]))
        for index, answer in enumerate(q["answers"]):
            found = _links_md(handbook, answer, q["id"], index, page, lang)
            priority = md_text(labels[f"priority_{answer['priority']}"])
            body = [
                f"**{md_text(answer[lang]['label'])}** *– {priority}*{{: .kk-readiness__priority }}",
                md_text(answer[lang]["advice"]),
            ]
            when = _when_md(handbook, answer, lang)
            if when:
                body.append(when)
            if found:
                body.append(f"{md_text(labels['more'])}: {', '.join(found)}")
            inner = "\n\n".join(body)
            parts.append(
                f'<div class="kk-readiness__answer" data-kk-answer="{q["id"]}:{answer["id"]}" '
                f'data-kk-priority="{answer["priority"]}" markdown>\n\n{inner}\n\n</div>'
            )
    inner = "\n\n".join(parts)
    return f'<div class="kk-readiness-list" data-kk-readiness-list markdown>\n\n{inner}\n\n</div>'


def script_config(handbook: Handbook, lang: Lang) -> dict[str, Any]:
    """The JSON the script receives: the rule and the words it prints, in one language."""
    labels = ui(handbook, "readiness", lang)
    questions = _data(handbook)["questions"]
    return {
        "rules": rules(handbook),
        "texts": {
            "legends": {q["id"]: q[lang]["legend"] for q in questions},
            "priorities": {p: labels[f"priority_{p}"] for p in PRIORITIES},
            "error_missing": labels["error_missing"],
        },
    }


def render_tool(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    labels = ui(handbook, "readiness", lang)
    questions = [
        {
            "id": q["id"],
            "legend": q[lang]["legend"],
            "hint": q[lang]["hint"],
            "answers": [{"id": a["id"], "label": a[lang]["label"]} for a in q["answers"]],
        }
        for q in _data(handbook)["questions"]
    ]
    widget = TEMPLATES.render("readiness.html", questions=questions, ui=labels, config=script_config(handbook, lang))
    # No blank lines inside the raw HTML block: Markdown would end the block there.
    widget = "\n".join(line for line in widget.splitlines() if line.strip())
    return html_block(widget)


def render_list(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    return list_md(handbook, lang, page)


FEATURE = Feature(
    name="readiness",
    data=("readiness",),
    markers=(Marker("readiness", render_tool), Marker("readiness-list", render_list)),
    check=check,
    assets=Assets(
        css=("assets/css/variant-picker.css", "assets/css/readiness.css"),  # shared form parts
        js=("assets/js/readiness.js",),
        needed_on=uses_marker("readiness", "readiness-list"),
    ),
)
