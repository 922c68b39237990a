"""Form templates: data/forms/<id>.yml -> a printable page and a Word file per language.

Generated into docs/tools/forms/ (git-ignored):
  index.<lang>.md          the list of templates, with both downloads
  <id>.<lang>.md           the form as a page that prints as a clean A4 form
  <id>.<lang>.docx         the same form as a Word document (ksiega.docx_export)

MkDocs (with mkdocs-static-i18n) publishes `<id>.pl.docx` as /tools/forms/<id>.docx and
`<id>.en.docx` as /en/tools/forms/<id>.docx, and checks every link to them in --strict mode.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from ksiega.data import Problem, UnknownReference
from ksiega.docs import DocPage
from ksiega.docx_export import form_docx
from ksiega.form_model import FormView, ascii_slug, form_view
from ksiega.handbook import Handbook
from ksiega.lang import LANGS, Lang
from ksiega.render import html_block, md_text, render_template
from ksiega.toolkit import links

FOLDER = "tools/forms"
FILES_DIR = FOLDER  # site.write_generated_files removes stale Word files here
INDEX = f"{FOLDER}/index.md"
# The "Document templates" section of the navigation follows the variant picker.
NAV_AFTER = "tools/variant-picker.md"
GROUPS = ("partnership", "family", "meetings")
# When SOURCE_DATE_EPOCH is not set, Word files carry the date of the edition (data/edition.yml).
FALLBACK_DATE = date(2026, 1, 1)

LABELS: dict[Lang, dict[str, str]] = {
    "pl": {
        "index_title": "Wzory dokumentów",
        "index_intro": (
            "Wzory dokumentów do pracy w modelu kooperacji: od porozumienia partnerów, przez zgodę rodziny i plan "
            "współpracy, po ankietę na zakończenie. Każdy wzór otworzysz jako stronę, którą można wydrukować "
            "i wypełnić ręcznie, albo pobierzesz jako plik Word, by dostosować go do swojej gminy."
        ),
        "index_note_title": "Propozycje do dostosowania",
        "index_note": (
            "Wzory przygotowaliśmy dla tej księgi na podstawie praktyki pracy socjalnej i przepisów. Strona ROPS "
            "w Toruniu wymienia wzory dokumentów wśród dokumentów modelu [@rops-torun], ale źródła nie podają "
            "ich treści. To nie są dokumenty z pilotażu ani akty prawne. Przed użyciem pokaż je radcy prawnemu "
            "i inspektorowi ochrony danych swojej instytucji."
        ),
        "group_partnership": "Partnerstwo instytucji",
        "group_family": "Praca z osobą lub rodziną",
        "group_meetings": "Spotkania",
        "open": "Formularz do druku",
        "word": "Plik Word",
        "download": "Pobierz plik Word",
        "print": "Drukuj formularz",
        "proposal": "Wzór do dostosowania",
        "notes": "Uwagi do dostosowania",
        "notes_intro": "Wskazówki, nie porada prawna. Sprawdź je z radcą prawnym i inspektorem ochrony danych.",
        "basis": "Na czym opiera się wzór",
        "when": "Kiedy używać",
        "all": "Wszystkie wzory dokumentów",
        "kb": "kB",
        "for_step": "Wzory dokumentów do tego kroku",
    },
    "en": {
        "index_title": "Document templates",
        "index_intro": (
            "Templates for working in the cooperation model: from the partners' agreement, through the family's "
            "consent and the cooperation plan, to the survey at the close. Open each template as a page you can "
            "print and fill in by hand, or download it as a Word file to adapt it to your gmina."
        ),
        "index_note_title": "Proposals to adapt",
        "index_note": (
            "We designed these templates for this handbook, from social work practice and the law. The ROPS Toruń "
            "website lists document templates among the documents of the model [@rops-torun], but the sources do "
            "not give their content. They are neither documents from the pilot nor legal acts. Before you use "
            "them, show them to your institution's legal adviser and data protection officer."
        ),
        "group_partnership": "The partnership of institutions",
        "group_family": "Work with a person or family",
        "group_meetings": "Meetings",
        "open": "Form to print",
        "word": "Word file",
        "download": "Download the Word file",
        "print": "Print the form",
        "proposal": "Template to adapt",
        "notes": "Notes for adapting",
        "notes_intro": "Guidance, not legal advice. Check it with a legal adviser and a data protection officer.",
        "basis": "What the template rests on",
        "when": "When to use it",
        "all": "All document templates",
        "kb": "kB",
        "for_step": "Templates for this step",
    },
}


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
    return problems + _marker_problems(handbook)


# --- Word files --------------------------------------------------------------------------


def build_timestamp(handbook: Handbook) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the edition's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    updated = handbook.data.get("edition", {}).get("updated")
    day = date.fromisoformat(updated) if isinstance(updated, str) else FALLBACK_DATE
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def word_file(form: dict[str, Any], lang: Lang, timestamp: datetime) -> bytes:
    """The .docx of one form in one language (cached: pages need its size, files its bytes)."""
    return _word_file(json.dumps(form, sort_keys=True, ensure_ascii=False), lang, timestamp)


@lru_cache(maxsize=64)
def _word_file(form_json: str, lang: Lang, timestamp: datetime) -> bytes:
    return form_docx(form_view(json.loads(form_json), lang), timestamp=timestamp)


def files(handbook: Handbook) -> dict[str, bytes]:
    """docs-relative path -> bytes of every Word file."""
    timestamp = build_timestamp(handbook)
    return {
        f"{FOLDER}/{form['id']}.{lang}.docx": word_file(form, lang, timestamp)
        for form in all_forms(handbook)
        for lang in LANGS
    }


def _size(data: bytes, lang: Lang) -> str:
    return f"{max(1, round(len(data) / 1024))}\u00a0{LABELS[lang]['kb']}"


def _download_link(form: dict[str, Any], lang: Lang, data: bytes, text: str, classes: str = "") -> str:
    """A Markdown link to the Word file; the browser saves it under a readable name."""
    name = ascii_slug(form["title"][lang]) + ".docx"
    return f'[{text} (.docx, {_size(data, lang)})]({form["id"]}.docx){{ download="{name}" {classes}}}'


# --- Pages -------------------------------------------------------------------------------


def render_form_html(view: FormView) -> str:
    """The printable form as HTML (overrides/kk/form.html, autoescaped)."""
    return render_template("form.html", form=view)


def _step_links(handbook: Handbook, lang: Lang, form: dict[str, Any]) -> list[str]:
    """The steps of the procedure that use the form: "- [Page: Heading](link)"."""
    found = []
    for index, step in enumerate(form["steps"]):
        where = links.Where(data_file(form), form["id"], f"steps[{index}]")
        title = links.title(handbook.docs, step, lang, where, separator=": ")
        found.append(f"- [{md_text(title)}]({links.href(page_path(form['id']), step)})")
    return found


def form_page(handbook: Handbook, form: dict[str, Any], lang: Lang, data: bytes) -> str:
    labels = LABELS[lang]
    view = form_view(form, lang)
    lines = [
        f"# {md_text(view.title)}",
        "",
        '<div class="kk-form-intro" markdown>',
        "",
        md_text(view.purpose),
        "",
        f'!!! note "{labels["proposal"]}"',
        f"    {md_text(view.adapt)}",
        "",
        _download_link(form, lang, data, labels["download"], ".md-button .md-button--primary ")
        + ' <button type="button" class="md-button kk-print-button" data-kk-form-print hidden>'
        + f"{labels['print']}</button>",
        "",
        "</div>",
        html_block(render_form_html(view)),
        f"## {labels['notes']} {{#notes}}",
        "",
        labels["notes_intro"],
        "",
        *(f"- {md_text(note)}" for note in view.legal_notes),
    ]
    if form.get("facts"):
        lines += ["", f"## {labels['basis']} {{#basis}}", ""]
        for fact in form["facts"]:
            cites = "; ".join(f"@{source}" for source in fact["sources"])
            lines.append(f"- {md_text(fact[lang])} [{cites}]")
    lines += ["", f"## {labels['when']} {{#when}}", "", *_step_links(handbook, lang, form)]
    lines += ["", f"[{labels['all']}](index.md)", ""]
    return "\n".join(lines)


def index_page(handbook: Handbook, lang: Lang, words: dict[str, bytes]) -> str:
    labels = LABELS[lang]
    lines = [
        f"# {labels['index_title']}",
        "",
        labels["index_intro"],
        "",
        f'!!! warning "{labels["index_note_title"]}"',
        f"    {labels['index_note']}",
    ]
    forms = all_forms(handbook)
    for group in GROUPS:
        members = [form for form in forms if form["group"] == group]
        if not members:
            continue
        lines += ["", f"## {labels['group_' + group]} {{#{group}}}"]
        for form in members:
            lines += [
                "",
                f"### {md_text(form['title'][lang])} {{#{form['id']}}}",
                "",
                md_text(form["purpose"][lang]),
                "",
                f"[{labels['open']}]({form['id']}.md) · "
                + _download_link(form, lang, words[f"{FOLDER}/{form['id']}.{lang}.docx"], labels["word"]),
            ]
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
    return out


def forms_for(handbook: Handbook, page_base: str, anchor: str) -> list[dict[str, Any]]:
    """The forms whose `steps` name this page and heading."""
    step = f"{page_base}#{anchor}"
    return [form for form in all_forms(handbook) if step in form["steps"]]


def step_forms(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    """<!-- kk:forms <heading id> -->: links to the templates used in that step of the page."""
    forms = forms_for(handbook, page.base, args)
    if not forms:
        raise UnknownReference(page.file, message=_no_forms_message(page.base, args))
    found = [f"[{md_text(form['title'][lang])}]({links.relative(page.base, page_path(form['id']))})" for form in forms]
    return f"**{LABELS[lang]['for_step']}:** " + " · ".join(found) + "\n{: .kk-step-forms }"


def _no_forms_message(page_base: str, args: str) -> str:
    if not args:
        return "'<!-- kk:forms -->' needs the id of the step's heading: <!-- kk:forms plan -->"
    return f"'<!-- kk:forms {args} -->': no form in data/forms/ lists '{page_base}#{args}' in steps"


MARKERS = {"forms": step_forms}


def _marker_problems(handbook: Handbook) -> list[Problem]:
    problems = []
    for page in handbook.docs.pages:
        for name, args in page.markers():
            if name != "forms":
                continue
            if not args or not forms_for(handbook, page.base, args):
                problems.append(Problem(page.file, message=_no_forms_message(page.base, args)))
    return problems


def section_titles(handbook: Handbook) -> dict[str, dict[Lang, str]]:
    """The title of the templates' section of the navigation, in each language."""
    return {INDEX: {lang: LABELS[lang]["index_title"] for lang in LANGS}}


def nav(handbook: Handbook) -> dict[str, list[Any]]:
    """A "Document templates" section: the index first (with navigation.indexes it becomes the
    section's page), then one entry per form. The section is named in each language by
    `section_titles`."""
    paths = [INDEX] + [page_path(form["id"]) for form in all_forms(handbook)]
    return {NAV_AFTER: [{LABELS["pl"]["index_title"]: paths}]}
