"""The variant picker (tools/variant-picker): the step-by-step tool and the result parts it shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ksiega.core.docs import DocPage
from ksiega.core.handbook import Handbook
from ksiega.core.lang import Lang
from ksiega.core.render import Templates, html_block, md_text
from ksiega.core.strings import ui
from ksiega.features.variants.chapters import (
    case_md,
    gaps_md,
    partners_md,
    pilot_md,
    steps_md,
    team_md,
    teryt_help_md,
    tools_md,
    voivodeship_md,
    why_md,
)
from ksiega.features.variants.model import _data, variant_list, voivodeship_list
from ksiega.features.variants.rules import rules
from ksiega.features.variants.texts import picker_texts

TEMPLATES = Templates(Path(__file__).parent)


# --- The picker (tools/variant-picker) ------------------------------------------------------


def _part(name: str, markdown: str) -> str:
    """A hidden block of Markdown the picker's script shows in a result."""
    return f'<div data-kk-part="{name}" markdown>\n\n{markdown}\n\n</div>'


def _part_heading(text: str) -> str:
    """A sub-heading inside a part: a paragraph the script turns into a heading when it shows it
    (a real heading here would land in the page's table of contents while hidden)."""
    return f'{md_text(text)}\n{{: .kk-picker__h data-kk-level="3" }}'


def picker_parts_md(handbook: Handbook, lang: Lang, page_base: str) -> str:
    labels = ui(handbook, "variants", lang)
    parts = [_part("teryt-help", teryt_help_md(handbook, lang))]
    for v in variant_list(handbook):
        parts.append(_part(f"why-{v['id']}", why_md(v, lang)))
        body = [
            _part_heading(labels["team_to_build"]),
            team_md(handbook, v, lang, page_base),
            _part_heading(labels["partners"]),
            partners_md(handbook, v, lang),
            _part_heading(labels["steps"]),
            steps_md(handbook, v, lang, page_base),
            _part_heading(labels["tools"]),
            tools_md(handbook, v, lang, page_base, in_picker=True),
            _part_heading(labels["pilot"]),
            pilot_md(handbook, v, lang),
        ]
        parts.append(_part(f"variant-{v['id']}", "\n\n".join(body)))
        parts.append(_part(f"gaps-{v['id']}", _part_heading(labels["gaps"]) + "\n\n" + gaps_md(v, lang)))
    for case in _data(handbook)["picker"]["cases"]:
        parts.append(_part(f"case-{case['id']}", _part_heading(case[lang]["title"]) + "\n\n" + case_md(case, lang)))
    for voivodeship in voivodeship_list(handbook):
        parts.append(_part(f"woj-{voivodeship['id']}", voivodeship_md(handbook, voivodeship["id"], lang)))
    inner = "\n\n".join(parts)
    return f'<div class="kk-picker-parts" hidden data-search-exclude markdown>\n\n{inner}\n\n</div>'


def picker_config(handbook: Handbook, lang: Lang) -> dict[str, Any]:
    """The JSON the picker's script receives: the rules and the texts in one language."""
    return {"lang": lang, "rules": rules(handbook), "texts": picker_texts(handbook, lang)}


def render_picker(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    data = _data(handbook)
    picker = data["picker"]
    questions = []
    for q in picker["questions"]:
        # Each label names its text in the embedded JSON; the script fills it in.
        if q["kind"] == "voivodeship":
            options = [
                {"value": v["id"], "text": f"voivodeships.{v['id']}", "hint": False} for v in voivodeship_list(handbook)
            ]
        else:
            options = [
                {"value": o["value"], "text": f"questions.{q['id']}.options.{o['value']}", "hint": "hint" in o[lang]}
                for o in q.get("options", [])
            ]
        questions.append({"id": q["id"], "kind": q["kind"], "options": options})
    widget = TEMPLATES.render(
        "variant-picker.html",
        questions=questions,
        ui=picker["ui"][lang],
        config=picker_config(handbook, lang),
    )
    # No blank lines inside the raw HTML block: Markdown would end the block there.
    widget = "\n".join(line for line in widget.splitlines() if line.strip())
    return html_block(widget) + "\n\n" + picker_parts_md(handbook, lang, page.base)
