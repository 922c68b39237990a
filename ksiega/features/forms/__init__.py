"""Form templates: data/forms/<id>.yml -> a printable page and a Word file per language.

Generated into docs/tools/forms/ (git-ignored):
  index.<lang>.md          the list of templates, with both downloads
  <id>.<lang>.md           the form as a page that prints as a clean A4 form
  <id>.<lang>.docx         the same form as a Word document (ksiega.features.forms.docx)
  examples/<id>.<lang>.*   a filled example (data/examples/<id>.yml): page and Word file
  local/<id>.<lang>.*      in a local edition only: the gmina's own copy of a form (local_copy),
                           its and its partners' names printed in (ksiega/toolkit/local_forms.py)

MkDocs (with mkdocs-static-i18n) publishes `<id>.pl.docx` as /tools/forms/<id>.docx and
`<id>.en.docx` as /en/tools/forms/<id>.docx, and checks every link to them in --strict mode.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ksiega.core.data import Problem
from ksiega.core.docs import DocPage
from ksiega.core.feature import Assets, Feature, Marker, uses_marker
from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS, Lang
from ksiega.core.render import Templates, html_block, md_fill, md_text, md_title
from ksiega.core.strings import fill, ui
from ksiega.features.forms import docx
from ksiega.features.forms.model import FormView, form_view
from ksiega.features.forms.values import text_in, value_problems
from ksiega.toolkit import filecache, links, local_forms
from ksiega.toolkit.citations import citation
from ksiega.toolkit.text import ascii_slug

TEMPLATES = Templates(Path(__file__).parent)

FOLDER = "tools/forms"
# The source that lists document templates among the model's documents (cited in the index's note).
TEMPLATES_SOURCE = "rops-torun"
FILES_DIR = FOLDER  # site.write_generated_files removes stale Word files here
INDEX = f"{FOLDER}/index.md"
# The "Document templates" section of the navigation follows the variant picker.
NAV_AFTER = "tools/variant-picker.md"
GROUPS = ("partnership", "family", "meetings")
# When SOURCE_DATE_EPOCH is not set, Word files carry the date of the edition (data/edition.yml).
FALLBACK_DATE = date(2026, 1, 1)

# --- Data ------------------------------------------------------------------------------


def all_forms(handbook: Handbook) -> list[dict[str, Any]]:
    """Every form in data/forms/, in the order of the index."""
    found = [value for key, value in handbook.data.items() if key.startswith("forms/")]
    return sorted(found, key=lambda form: (form["order"], form["id"]))


def data_file(form: dict[str, Any]) -> str:
    """The data file of a form, as messages name it (the file is named after its id)."""
    return f"data/forms/{form['id']}.yml"


def page_path(form_id: str) -> str:
    return f"{FOLDER}/{form_id}.md"


EXAMPLES = f"{FOLDER}/examples"


def all_examples(handbook: Handbook) -> list[dict[str, Any]]:
    """Every filled example in data/examples/, by id."""
    found = [value for key, value in handbook.data.items() if key.startswith("examples/")]
    return sorted(found, key=lambda example: str(example["id"]))


def example_path(example_id: str) -> str:
    return f"{EXAMPLES}/{example_id}.md"


def example_problems(handbook: Handbook) -> list[Problem]:
    """An example's file is named after its id, and its values fit its form's fields."""
    problems: list[Problem] = []
    forms = {form["id"]: form for form in all_forms(handbook)}
    for key, example in sorted(handbook.data.items()):
        if not key.startswith("examples/"):
            continue
        file = f"data/{key}.yml"
        if key != f"examples/{example['id']}":
            message = f"must match the file name: rename the file to data/examples/{example['id']}.yml"
            problems.append(Problem(file, example["id"], "id", message))
        form = forms.get(example["form"])
        if form is None:
            known = ", ".join(sorted(forms))
            problems.append(Problem(file, example["id"], "form", f"names no form in data/forms/ ({known})"))
            continue
        for index, sheet in enumerate(example["sheets"]):
            problems += value_problems(form, sheet["values"], file, example["id"], f"sheets[{index}].values")
        problems += _sheet_title_problems(form, example, file)
    return problems


def _sheet_title_problems(form: dict[str, Any], example: dict[str, Any], file: str) -> list[Problem]:
    """Several sheets are titled by one of their text fields (the basket: each card by its service)."""
    if len(example["sheets"]) == 1:
        return []
    field_id = example.get("sheet_title")
    if field_id is None:
        message = "is missing: an example of several sheets names the text field that titles each sheet"
        return [Problem(file, example["id"], "sheet_title", message)]
    fields = {f["id"]: f for section in form["sections"] for f in section.get("fields", [])}
    if fields.get(field_id, {}).get("type") != "text":
        texts = ", ".join(sorted(f for f, item in fields.items() if item["type"] == "text"))
        known = f"its text fields: {texts}" if texts else "it has no text field"
        message = f"'{field_id}' is no text field of the form '{form['id']}' ({known})"
        return [Problem(file, example["id"], "sheet_title", message)]
    return [
        Problem(file, example["id"], f"sheets[{index}].values.{field_id}", "is missing: it titles the sheet")
        for index, sheet in enumerate(example["sheets"])
        if field_id not in sheet["values"]
    ]


def _pair_problems(file: str, entry: str, name: str, value: dict[str, list[str]]) -> list[Problem]:
    if len(value["pl"]) != len(value["en"]):
        return [
            Problem(
                file,
                entry,
                name,
                f"has {len(value['pl'])} Polish and {len(value['en'])} English items: translate each one",
            )
        ]
    return []


_ONLY_FOR = {
    "options": ("choice",),
    "multiple": ("choice",),
    "columns": ("table",),
    "rows": ("table",),
    "row_labels": ("table",),
    "numbered": ("table",),
    "lines": ("long-text",),
}


def _field_problems(file: str, entry: str, item: dict[str, Any]) -> list[Problem]:
    problems = []
    for key, types in _ONLY_FOR.items():
        if key in item and item["type"] not in types:
            problems.append(
                Problem(file, entry, key, f"is only for {' and '.join(types)} fields, not for type '{item['type']}'")
            )
    if item["type"] == "table":
        if "row_labels" in item:
            problems += _pair_problems(file, entry, "row_labels", item["row_labels"])
        if item.get("rows", 0) + len(item.get("row_labels", {}).get("pl", [])) == 0:
            problems.append(Problem(file, entry, "rows", "is 0 and there are no row_labels: the table has no rows"))
    return problems


def check(handbook: Handbook) -> list[Problem]:
    """Rules the schema cannot express: file name = id, unique ids inside a form, the same number
    of Polish and English items, type-specific settings on the right types."""
    problems: list[Problem] = []
    orders: dict[int, str] = {}
    for key, form in sorted(handbook.data.items()):
        if not key.startswith("forms/"):
            continue
        file, form_id = f"data/{key}.yml", form["id"]
        if key != f"forms/{form_id}":
            rename = f"must match the file name: rename the file to data/forms/{form_id}.yml"
            problems.append(Problem(file, form_id, "id", rename))
        if form["order"] in orders:
            used_by = orders[form["order"]]
            problems.append(Problem(file, form_id, "order", f"{form['order']} is already used by '{used_by}'"))
        orders.setdefault(form["order"], form_id)
        problems += _pair_problems(file, form_id, "legal_notes", form["legal_notes"])
        seen: dict[str, str] = {}
        for section in form["sections"]:
            entry = f"{form_id}/{section['id']}"
            if section["id"] in seen:
                problems.append(Problem(file, entry, "id", f"'{section['id']}' is used twice in this form"))
            seen[section["id"]] = entry
            if "clauses" in section:
                problems += _pair_problems(file, entry, "clauses", section["clauses"])
            if not (section.get("fields") or section.get("clauses") or section.get("intro")):
                missing = "are missing: give the section fields, clauses or an intro"
                problems.append(Problem(file, entry, "fields", missing))
            for item in section.get("fields", []):
                field_entry = f"{entry}/{item['id']}"
                if item["id"] in seen:
                    problems.append(Problem(file, field_entry, "id", f"'{item['id']}' is used twice in this form"))
                seen[item["id"]] = field_entry
                problems += _field_problems(file, field_entry, item)
                problems += [Problem(file, field_entry, "local", m) for m in local_forms.rule_problems(item)]
    return problems + example_problems(handbook) + local_copy_problems(handbook)


# --- Word files --------------------------------------------------------------------------


def build_timestamp(handbook: Handbook) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the edition's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    updated = handbook.data.get("edition", {}).get("updated")
    day = date.fromisoformat(updated) if isinstance(updated, str) else FALLBACK_DATE
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def word_file(form: dict[str, Any], lang: Lang, words: Mapping[str, str], timestamp: datetime) -> bytes:
    """The .docx of one form in one language (cached: pages need its size, files its bytes)."""
    key = json.dumps([form, dict(words)], sort_keys=True, ensure_ascii=False)
    return _word_file(key, lang, timestamp)


@lru_cache(maxsize=64)
def _word_file(key: str, lang: Lang, timestamp: datetime) -> bytes:
    form, words = json.loads(key)
    return cached_docx([form_view(form, lang, words)], timestamp)


# The Word generator as the file cache knows it: its source and the libraries that write the file.
_DOCX_SALT = filecache.salt(Path(docx.__file__), packages=("python-docx", "lxml"))


def cached_docx(views: list[FormView], timestamp: datetime) -> bytes:
    """`docx.form_docx`, kept between builds by its views and timestamp (ksiega/toolkit/filecache.py)."""
    key = f"{timestamp.isoformat()}\n{views!r}"
    return filecache.cached("docx", _DOCX_SALT, key, lambda: docx.form_docx(views, timestamp=timestamp))


def example_views(handbook: Handbook, example: dict[str, Any], lang: Lang) -> list[FormView]:
    """The example's sheets: its form filled with each sheet's values, with its notice (the
    fictional gmina's, unless the example says otherwise: a local copy names its gmina)."""
    form = next(form for form in all_forms(handbook) if form["id"] == example["form"])
    words = ui(handbook, "form-sheet", lang)
    notice = example["notice"][lang] if "notice" in example else ui(handbook, "forms", lang)["example_notice"]
    several = len(example["sheets"]) > 1
    return [
        form_view(
            form,
            lang,
            words,
            sheet["values"],
            notice=notice,
            id_prefix=f"k{n}-" if several else "",
            heading=text_in(sheet["values"][example["sheet_title"]], lang) if several else "",
        )
        for n, sheet in enumerate(example["sheets"], start=1)
    ]


# --- A local edition's own copies ----------------------------------------------------------------


def local_copies(handbook: Handbook) -> list[dict[str, Any]]:
    """The gmina's copies of the forms marked local_copy, shaped as filled examples (one sheet
    with the names its fields' `local` give); none without a local edition."""
    local = handbook.local
    if local is None:
        return []
    names = local_forms.names(local)
    fictional = bool(local["gmina"].get("fictional"))
    copies = []
    for form in local_forms.copied_forms(handbook):
        title, intro, notice = {}, {}, {}
        for lang in LANGS:
            labels = ui(handbook, "forms", lang)
            title[lang] = fill(labels, "local_title", title=form["title"][lang], gmina=names["gmina"][lang])
            intro[lang] = fill(labels, "local_intro", gmina=names["gmina"][lang])
            notice[lang] = fill(labels, "local_notice", gmina=names["gmina"][lang], publisher=names["publisher"][lang])
            if fictional:
                notice[lang] += f" · {labels['example_notice']}"
        values = local_forms.values(form, local)
        copies.append(
            {
                "id": form["id"],
                "form": form["id"],
                "title": title,
                "intro": intro,
                "notice": notice,
                "fictional": fictional,
                "sheets": [{"values": values}],
            }
        )
    return copies


def local_copy_files(handbook: Handbook, timestamp: datetime) -> dict[str, bytes]:
    """The Word files of a local edition's copies (none without one)."""
    return {
        f"{local_forms.FOLDER}/{copy['id']}.{lang}.docx": example_word_file(handbook, copy, lang, timestamp)
        for copy in local_copies(handbook)
        for lang in LANGS
    }


def local_copy_problems(handbook: Handbook) -> list[Problem]:
    """A local copy's values fit its form (they come from the form's own `local` rules)."""
    problems: list[Problem] = []
    forms = {form["id"]: form for form in all_forms(handbook)}
    for copy in local_copies(handbook):
        file = data_file(forms[copy["form"]])
        problems += value_problems(forms[copy["form"]], copy["sheets"][0]["values"], file, copy["id"], "local")
    return problems


def files(handbook: Handbook) -> dict[str, bytes]:
    """docs-relative path -> bytes of every Word file (the templates, the filled examples and a
    local edition's copies)."""
    timestamp = build_timestamp(handbook)
    out = local_copy_files(handbook, timestamp)
    out |= {
        f"{FOLDER}/{form['id']}.{lang}.docx": word_file(form, lang, ui(handbook, "form-sheet", lang), timestamp)
        for form in all_forms(handbook)
        for lang in LANGS
    }
    for example in all_examples(handbook):
        for lang in LANGS:
            out[f"{EXAMPLES}/{example['id']}.{lang}.docx"] = example_word_file(handbook, example, lang, timestamp)
    return out


# Filled examples' (and local copies') Word files by their inputs: pages need their sizes and
# files their bytes, in the same build (and again in the next `mkdocs serve` rebuild when the data did not change).
_EXAMPLE_FILES: dict[str, bytes] = {}


def example_word_file(handbook: Handbook, example: dict[str, Any], lang: Lang, timestamp: datetime) -> bytes:
    """The .docx of a filled example, or a local copy, in one language (cached like `word_file`)."""
    form = next(form for form in all_forms(handbook) if form["id"] == example["form"])
    words = [dict(ui(handbook, "form-sheet", lang)), ui(handbook, "forms", lang)["example_notice"]]
    key = json.dumps(
        [form, example, words, lang, timestamp.isoformat()], sort_keys=True, ensure_ascii=False, default=str
    )
    if key not in _EXAMPLE_FILES:
        if len(_EXAMPLE_FILES) >= 64:
            _EXAMPLE_FILES.clear()
        _EXAMPLE_FILES[key] = cached_docx(example_views(handbook, example, lang), timestamp)
    return _EXAMPLE_FILES[key]


def _size(data: bytes, labels: Mapping[str, Any]) -> str:
    """ "23 kB", Markdown, with a non-breaking space."""
    return f"{max(1, round(len(data) / 1024))}\u00a0{md_text(labels['kb'])}"


def _download_link(
    form: dict[str, Any], lang: Lang, labels: Mapping[str, Any], data: bytes, text: str, classes: str = ""
) -> str:
    """A Markdown link to the Word file; the browser saves it under a readable name."""
    name = ascii_slug(form["title"][lang], max_words=8) + ".docx"
    label = f"{md_text(text)} (.docx, {_size(data, labels)})"
    return f'[{label}]({form["id"]}.docx){{ download="{name}" {classes}}}'


# --- Pages -------------------------------------------------------------------------------


def render_form_html(view: FormView) -> str:
    """The printable form as HTML (overrides/kk/form.html, autoescaped)."""
    return TEMPLATES.render("form.html", form=view)


def _step_links(handbook: Handbook, lang: Lang, form: dict[str, Any]) -> list[str]:
    """The steps of the procedure that use the form: "- [Page: Heading](link)"."""
    found = []
    for index, step in enumerate(form["steps"]):
        where = links.Where(data_file(form), form["id"], f"steps[{index}]")
        title = links.title(handbook.docs, step, lang, where, separator=": ")
        found.append(f"- [{md_text(title)}]({links.href(page_path(form['id']), step)})")
    return found


def form_page(handbook: Handbook, form: dict[str, Any], lang: Lang, data: bytes) -> str:
    labels = ui(handbook, "forms", lang)
    view = form_view(form, lang, ui(handbook, "form-sheet", lang))
    lines = [
        f"# {md_text(view.title)}",
        "",
        '<div class="kk-form-intro" markdown>',
        "",
        md_text(view.purpose),
        "",
        f'!!! note "{md_title(labels["proposal"])}"',
        f"    {md_text(view.adapt)}",
        "",
        _download_link(form, lang, labels, data, labels["download"], ".md-button .md-button--primary ")
        + ' <button type="button" class="md-button kk-print-button" data-kk-form-print hidden>'
        + f"{md_text(labels['print'])}</button>",
        "",
        "</div>",
        html_block(render_form_html(view)),
        f"## {md_text(labels['notes'])} {{#notes}}",
        "",
        md_text(labels["notes_intro"]),
        "",
        *(f"- {md_text(note)}" for note in view.legal_notes),
    ]
    if form.get("facts"):
        lines += ["", f"## {md_text(labels['basis'])} {{#basis}}", ""]
        for fact in form["facts"]:
            cites = "; ".join(f"@{source}" for source in fact["sources"])
            lines.append(f"- {md_text(fact[lang])} [{cites}]")
    lines += ["", f"## {md_text(labels['when'])} {{#when}}", "", *_step_links(handbook, lang, form)]
    examples = [e for e in all_examples(handbook) if e["form"] == form["id"]]
    for example in examples:
        link = md_fill(labels["example_link"], title=md_text(example["title"][lang]))
        lines += ["", f"[{link}](examples/{example['id']}.md)"]
    lines += ["", f"[{md_text(labels['all'])}](index.md)", ""]
    return "\n".join(lines)


def example_page(handbook: Handbook, example: dict[str, Any], lang: Lang, data: bytes) -> str:
    """A filled example: the notice that the gmina is fictional, then each sheet as printed. (A
    local copy is shaped as an example: the notice only when its gmina is fictional.)"""
    labels = ui(handbook, "forms", lang)
    views = example_views(handbook, example, lang)
    name = ascii_slug(example["title"][lang], max_words=8) + ".docx"
    download = f"{md_text(labels['download'])} (.docx, {_size(data, labels)})"
    lines = [f"# {md_text(example['title'][lang])}", "", '<div class="kk-form-intro" markdown>', ""]
    if example.get("fictional", True):
        lines += [
            f'!!! warning "{md_title(labels["example_notice"])}"',
            f"    {md_text(labels['example_note'])}",
            "",
        ]
    lines += [
        md_text(example["intro"][lang]),
        "",
        f'[{download}]({example["id"]}.docx){{ download="{name}" .md-button .md-button--primary }} '
        f"[{md_text(labels['blank_form'])}: {md_text(views[0].title)}](../{example['form']}.md)",
        "",
        "</div>",
    ]
    for view in views:
        lines.append(html_block(render_form_html(view)))
    lines += ["", f"[{md_text(labels['all'])}](../index.md)", ""]
    return "\n".join(lines)


def index_page(handbook: Handbook, lang: Lang, words: dict[str, bytes]) -> str:
    labels = ui(handbook, "forms", lang)
    lines = [
        f"# {md_text(labels['index_title'])}",
        "",
        md_text(labels["index_intro"]),
        "",
        f'!!! warning "{md_title(labels["index_note_title"])}"',
        f"    {md_fill(labels['index_note'], cite=citation([TEMPLATES_SOURCE]))}",
    ]
    forms = all_forms(handbook)
    for group in GROUPS:
        members = [form for form in forms if form["group"] == group]
        if not members:
            continue
        lines += ["", f"## {md_text(labels['group_' + group])} {{#{group}}}"]
        for form in members:
            lines += [
                "",
                f"### {md_text(form['title'][lang])} {{#{form['id']}}}",
                "",
                md_text(form["purpose"][lang]),
                "",
                f"[{md_text(labels['open'])}]({form['id']}.md) · "
                + _download_link(form, lang, labels, words[f"{FOLDER}/{form['id']}.{lang}.docx"], labels["word"]),
            ]
    examples = all_examples(handbook)
    if examples:
        lines += [
            "",
            f"## {md_text(labels['examples_title'])} {{#examples}}",
            "",
            md_text(labels["examples_intro"]),
            "",
        ]
        lines += [f"- [{md_text(e['title'][lang])}](examples/{e['id']}.md)" for e in examples]
    return "\n".join(lines) + "\n"


def pages(handbook: Handbook) -> dict[str, str]:
    """docs-relative path -> Markdown: the index and one page per form, in both languages."""
    forms = all_forms(handbook)
    word = files(handbook)
    out: dict[str, str] = {}
    for lang in LANGS:
        out[f"{FOLDER}/index.{lang}.md"] = index_page(handbook, lang, word)
        for form in forms:
            data = word[f"{FOLDER}/{form['id']}.{lang}.docx"]
            out[f"{FOLDER}/{form['id']}.{lang}.md"] = form_page(handbook, form, lang, data)
        for example in all_examples(handbook):
            data = word[f"{EXAMPLES}/{example['id']}.{lang}.docx"]
            out[f"{EXAMPLES}/{example['id']}.{lang}.md"] = example_page(handbook, example, lang, data)
        for copy in local_copies(handbook):
            data = word[f"{local_forms.FOLDER}/{copy['id']}.{lang}.docx"]
            out[f"{local_forms.FOLDER}/{copy['id']}.{lang}.md"] = example_page(handbook, copy, lang, data)
    return out


def forms_for(handbook: Handbook, page_base: str, anchor: str) -> list[dict[str, Any]]:
    """The forms whose `steps` name this page and heading."""
    step = f"{page_base}#{anchor}"
    return [form for form in all_forms(handbook) if step in form["steps"]]


def step_forms(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    """<!-- kk:forms <heading id> -->: links to the templates used in that step of the page."""
    forms = forms_for(handbook, page.base, args)
    found = [f"[{md_text(form['title'][lang])}]({links.relative(page.base, page_path(form['id']))})" for form in forms]
    return f"**{md_text(ui(handbook, 'forms', lang)['for_step'])}:** " + " · ".join(found) + "\n{: .kk-step-forms }"


def step_with_forms(handbook: Handbook, page: DocPage, args: str) -> str | None:
    """The argument of <!-- kk:forms … -->: a heading id of the page that some form lists in `steps`."""
    if not args:
        return "needs the id of the step's heading: <!-- kk:forms plan -->"
    if not forms_for(handbook, page.base, args):
        return f"names a step that no form in data/forms/ lists in steps ('{page.base}#{args}')"
    return None


def section_titles(handbook: Handbook) -> dict[str, dict[Lang, str]]:
    """The title of the templates' section of the navigation, in each language."""
    return {INDEX: {lang: ui(handbook, "forms", lang)["index_title"] for lang in LANGS}}


def nav(handbook: Handbook) -> dict[str, list[Any]]:
    """A "Document templates" section: the index first (with navigation.indexes it becomes the
    section's page), then one entry per form. The section is named in each language by
    `section_titles`."""
    paths = [INDEX] + [page_path(form["id"]) for form in all_forms(handbook)]
    paths += [example_path(example["id"]) for example in all_examples(handbook)]
    return {NAV_AFTER: [{ui(handbook, "forms", "pl")["index_title"]: paths}]}


FEATURE = Feature(
    name="forms",
    strings=("forms", "form-sheet"),
    markers=(Marker("forms", step_forms, args=step_with_forms),),
    check=check,
    pages=pages,
    files=files,
    files_dir=FILES_DIR,
    nav=nav,
    section_titles=section_titles,
    assets=Assets(
        css=("assets/css/forms.css",),
        js=("assets/js/forms.js",),
        needed_on=lambda page: page.base.startswith(f"{FOLDER}/") or uses_marker("forms")(page),
    ),
)
