"""Checklists: one page per phase of the model to tick, keep, reset and print (tools/checklists/).

Data: data/checklists.yml. Pages: tools/checklists/index.md (all lists) and one page per list,
generated in both languages. A list's page holds the marker `<!-- kk:checklist <id> -->`; the
marker renders the items at page-render time, when every page of the site (generated ones
included) is known, so an item's links to glossary entries, form templates and chapters are
checked against the pages that exist. In the browser, overrides/assets/js/checklists.js keeps the ticks (item ids only)
under one localStorage key per list; without JavaScript the list is a plain list of real
checkboxes that can be ticked on screen and printed.

In a local edition (Handbook.local) each list names the gmina's variant and links its result
page of the variant picker, and the script opens the list filtered to that variant (the reader
can still choose all variants; without JavaScript every item stays visible).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ksiega.core.data import Problem
from ksiega.core.docs import DocPage
from ksiega.core.feature import Assets, Feature, Marker, one_of, uses_marker
from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS, VARIANT_SLUGS, VARIANTS, Lang
from ksiega.core.render import Templates, md_fill, md_text
from ksiega.core.strings import fill, ui
from ksiega.toolkit import links
from ksiega.toolkit.citations import cited
from ksiega.toolkit.lang import md_text_in, plural

TEMPLATES = Templates(Path(__file__).parent)

FILE = "data/checklists.yml"
FOLDER = "tools/checklists"
INDEX = f"{FOLDER}/index.md"
# The checklists section is listed in the navigation right after this page.
NAV_AFTER = "tools/variant-picker.md"
GLOSSARY_PAGE = "glossary.md"
FORMS_FOLDER = "tools/forms"
PRIVACY_NOTE = "about/privacy.md#checklists"
# One browser storage key per list; the same in both languages, so ticks follow the reader.
STORAGE_PREFIX = "ksiega:checklist:"
URL_PARAMETER = "wariant"
# In a local edition the list opens filtered to the gmina's variant; ?wariant=wszystkie keeps
# "all variants" in the address (any value that is no variant's slug shows every item).
ALL_SLUG = "wszystkie"
# The variant picker's result page of a variant (made by the variants feature).
PICKER_RESULT = "tools/variant-picker/{slug}.md"
# Heading ids of the index page: no checklist may take them as its id.
RESERVED_IDS = {"index", "how-they-work", "lists", "sources"}
MARKER_NAME = "checklist"

# --- Data ----------------------------------------------------------------------------


def checklists(handbook: Handbook) -> list[dict[str, Any]]:
    return list(handbook.data["checklists"]["checklists"])


def by_id(handbook: Handbook) -> dict[str, dict[str, Any]]:
    return {checklist["id"]: checklist for checklist in checklists(handbook)}


def items(checklist: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item of a list, in page order."""
    return [item for section in checklist["sections"] for item in section["items"]]


def item_variants(item: dict[str, Any]) -> tuple[str, ...]:
    """The variants an item applies to; an item without `variants` applies to all of them."""
    listed = item.get("variants")
    return tuple(v for v in VARIANTS if v in listed) if listed else VARIANTS


def applies_to(item: dict[str, Any], variant: str | None) -> bool:
    """Whether the item is shown when the reader picks `variant` (None: all variants)."""
    return variant is None or variant in item_variants(item)


def visible_items(checklist: dict[str, Any], variant: str | None) -> list[str]:
    """Ids of the items a reader sees with the variant filter set to `variant`."""
    return [item["id"] for item in items(checklist) if applies_to(item, variant)]


def page_path(checklist_id: str) -> str:
    return f"{FOLDER}/{checklist_id}.md"


def storage_key(checklist_id: str) -> str:
    return f"{STORAGE_PREFIX}{checklist_id}"


def form_page(form_id: str) -> str:
    return f"{FORMS_FOLDER}/{form_id}.md"


# --- Checks ----------------------------------------------------------------------------


def _item_entries(handbook: Handbook) -> list[tuple[str, dict[str, Any]]]:
    """(entry name as the loader reports it: checklist/section/item, item) for every item."""
    return [
        (f"{checklist['id']}/{section['id']}/{item['id']}", item)
        for checklist in checklists(handbook)
        for section in checklist["sections"]
        for item in section["items"]
    ]


def figure_problems(handbook: Handbook) -> list[Problem]:
    """An item that states a figure cites its sources (as pages must); an item that cites
    sources says in its `why` what the pilot did (the citation is shown there)."""
    problems = []
    for entry, item in _item_entries(handbook):
        for lang in LANGS:
            if item.get("sources") and "why" not in item[lang]:
                problems.append(Problem(FILE, entry, f"{lang}.why", "is missing: an item that cites sources says why"))
            if item.get("sources"):
                continue
            for key in ("text", "why"):
                if re.search(r"\d", item[lang].get(key, "")):
                    problems.append(
                        Problem(FILE, entry, f"{lang}.{key}", "states a figure but the item cites no sources")
                    )
    return problems


def check(handbook: Handbook) -> list[Problem]:
    problems = figure_problems(handbook)
    for checklist in checklists(handbook):
        if checklist["id"] in RESERVED_IDS:
            problems.append(
                Problem(
                    FILE, checklist["id"], "id", f"is reserved for the index page ({', '.join(sorted(RESERVED_IDS))})"
                )
            )
    return problems


# --- Shared Markdown helpers ---------------------------------------------------------------


def page_link(handbook: Handbook, from_base: str, ref: str, lang: Lang, where: links.Where) -> str:
    """[Page title – Heading](relative link) for a page reference in the data."""
    return links.link(handbook.docs, from_base, ref, lang, where)


def count_text(count: int, lang: Lang, labels: Mapping[str, Any]) -> str:
    return f"{count} {plural(count, labels['item_forms'], lang)}"


def variants_note(variants: tuple[str, ...], labels: Mapping[str, Any]) -> str:
    """ "Dotyczy gmin wiejskich" / "Applies to rural gminas" – only for items of some variants."""
    names = [labels["variants_of"][v] for v in variants]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {labels['and']} {names[-1]}"
    return f"{labels['applies_to']} {joined}"


def _cited(text: str, item: dict[str, Any]) -> str:
    """Markdown-escaped text with the item's citation before its closing full stop, as pages cite."""
    return cited(md_text(text), item.get("sources") or [])


# --- Generated pages ---------------------------------------------------------------------


def _steps_line(handbook: Handbook, checklist: dict[str, Any], from_base: str, lang: Lang) -> str:
    """ "**Procedura krok po kroku:** [Decyzja o wdrożeniu](…), [Mapa partnerów](…)" – grouped by page."""
    by_page: dict[str, list[str]] = {}
    for index, ref in enumerate(checklist["steps"]):
        where = links.Where(FILE, checklist["id"], f"steps[{index}]")
        page, heading = links.target(handbook.docs, ref, lang, where)
        by_page.setdefault(page.title, []).append(f"[{md_text(heading or page.title)}]({links.href(from_base, ref)})")
    return "  \n".join(f"**{md_text(title)}:** {', '.join(targets)}" for title, targets in by_page.items())


def variant_counts_text(checklist: dict[str, Any], lang: Lang, labels: Mapping[str, Any]) -> str:
    """ "15 punktów; dla gminy miejskiej 12, miejsko-wiejskiej 12, wiejskiej 13" (only if they differ)."""
    total = len(items(checklist))
    per_variant = {v: len(visible_items(checklist, v)) for v in VARIANTS}
    text = count_text(total, lang, labels)
    if any(count != total for count in per_variant.values()):
        parts = ", ".join(f"{labels['variant_names'][v]} {per_variant[v]}" for v in VARIANTS)
        text += f"; {labels['variant_counts']} {parts}"
    return text


def local_variant(handbook: Handbook) -> str | None:
    """The gmina's variant in a local edition, None in the national handbook."""
    return None if handbook.local is None else str(handbook.local["variant"])


def local_variant_line(handbook: Handbook, base: str, lang: Lang) -> list[str]:
    """ "Nasza gmina: Gmina Przykładowo – wariant dla gminy wiejskiej (wynik wyboru wariantu)." """
    variant = local_variant(handbook)
    if variant is None or handbook.local is None:
        return []
    labels = ui(handbook, "checklists", lang)
    gmina = md_text_in(handbook.local["gmina"]["name"], lang)
    result = links.href(base, PICKER_RESULT.format(slug=VARIANT_SLUGS[variant]))
    link = f"[{md_text(labels['local_variant_link'])}]({result})"
    line = md_fill(labels["local_variant"], gmina=gmina, variant=md_text(labels["filter_options"][variant]), link=link)
    return [line, ""]


def checklist_page(handbook: Handbook, checklist: dict[str, Any], lang: Lang) -> str:
    base = page_path(checklist["id"])
    text = checklist[lang]
    lines = [
        # The class lets print CSS start each list on a new page when several are printed together.
        f"# {md_text(text['title'])} {{#checklist-{checklist['id']} .kk-checklist-title}}",
        "",
        md_text(text["intro"]),
        "",
        *local_variant_line(handbook, base, lang),
        _steps_line(handbook, checklist, base, lang) + "  ",
        f"[{md_text(ui(handbook, 'checklists', lang)['all_lists'])}](index.md)",
        "{: .kk-checklist-meta }",
        "",
        f"<!-- kk:{MARKER_NAME} {checklist['id']} -->",
        "",
    ]
    return "\n".join(lines)


def index_page(handbook: Handbook, lang: Lang) -> str:
    labels = ui(handbook, "checklists", lang)
    text = handbook.data["checklists"]["index"][lang]
    links.target(handbook.docs, PRIVACY_NOTE, lang, links.Where(FILE, "index"))
    privacy = links.href(INDEX, PRIVACY_NOTE)
    lines = [f"# {md_text(text['title'])}", "", md_text(text["intro"]), ""]
    lines += [f"## {md_text(labels['how_heading'])} {{#how-they-work}}", ""]
    lines += [f"- {md_text(point)}" for point in labels["how"]]
    lines += [f"- [{md_text(labels['privacy'])}]({privacy})", ""]
    lines += [f"## {md_text(labels['lists_heading'])} {{#lists}}", ""]
    for checklist in checklists(handbook):
        own = checklist[lang]
        lines += [
            f"### [{md_text(own['title'])}]({checklist['id']}.md) {{#{checklist['id']}}}",
            "",
            md_text(own["intro"]),
            "",
            f"{md_text(variant_counts_text(checklist, lang, labels))}  ",
            _steps_line(handbook, checklist, INDEX, lang),
            "{: .kk-checklist-meta }",
            "",
        ]
    return "\n".join(lines)


def pages(handbook: Handbook) -> dict[str, str]:
    generated: dict[str, str] = {}
    for lang in LANGS:
        generated[f"{FOLDER}/index.{lang}.md"] = index_page(handbook, lang)
        for checklist in checklists(handbook):
            generated[f"{FOLDER}/{checklist['id']}.{lang}.md"] = checklist_page(handbook, checklist, lang)
    return generated


def section_titles(handbook: Handbook) -> dict[str, dict[Lang, str]]:
    """The title of the checklists' section of the navigation, in each language (from the data)."""
    index = handbook.data["checklists"]["index"]
    return {INDEX: {lang: index[lang]["title"] for lang in LANGS}}


def nav(handbook: Handbook) -> dict[str, list[Any]]:
    """A "Checklists" section after the variant picker: the index first (it becomes the
    section's page with navigation.indexes), then one entry per list. The section is named in
    each language by `section_titles`."""
    title = handbook.data["checklists"]["index"]["pl"]["title"]
    paths = [INDEX] + [page_path(c["id"]) for c in checklists(handbook)]
    return {NAV_AFTER: [{title: paths}]}


# --- The marker: one list, rendered at page-render time --------------------------------------


def _glossary_term(handbook: Handbook, term_id: str, lang: Lang, where: links.Where) -> str:
    """The term of a glossary entry as the glossary shows it (its abbreviation if it has one)."""
    for entry in handbook.data["glossary"]["terms"]:
        if entry["id"] == term_id:
            side = entry[lang]
            return str(side.get("abbr") or side["term"])
    raise where.unknown(f"unknown glossary id '{term_id}'")


def link_markdown(handbook: Handbook, item: dict[str, Any], entry: str, from_base: str, lang: Lang) -> list[str]:
    """Markdown links of an item, in the order glossary, forms, chapters. A link to something
    that does not exist raises UnknownReference (file, entry, field)."""
    labels = ui(handbook, "checklists", lang)
    item_links = item.get("links", {})
    out = []
    for index, term_id in enumerate(item_links.get("glossary", [])):
        where = links.Where(FILE, entry, f"links.glossary[{index}]")
        links.require(handbook.docs, GLOSSARY_PAGE, lang, where)
        term = _glossary_term(handbook, term_id, lang, where)
        href = f"{links.href(from_base, GLOSSARY_PAGE)}#{term_id}"
        out.append(f"[{md_text(labels['glossary'])}: {md_text(term)}]({href})")
    for index, form_id in enumerate(item_links.get("forms", [])):
        where = links.Where(FILE, entry, f"links.forms[{index}]")
        page = links.require(handbook.docs, form_page(form_id), lang, where)
        out.append(f"[{md_text(labels['form'])}: {md_text(page.title)}]({links.href(from_base, form_page(form_id))})")
    for index, ref in enumerate(item_links.get("pages", [])):
        out.append(page_link(handbook, from_base, ref, lang, links.Where(FILE, entry, f"links.pages[{index}]")))
    return out


def item_context(handbook: Handbook, item: dict[str, Any], entry: str, from_base: str, lang: Lang) -> dict[str, Any]:
    """What the template needs for one item. Text is Markdown escaped with md_text (so data
    cannot inject markup) and marked safe for the autoescaping template."""
    labels = ui(handbook, "checklists", lang)
    text = item[lang]
    variants = item_variants(item)
    hint = []
    if "why" in text:
        hint.append(f"**{md_text(labels['why'])}:** {_cited(text['why'], item)}")
    if variants != VARIANTS:
        hint.append(f"*{md_text(variants_note(variants, labels))}.*")
    item_links = link_markdown(handbook, item, entry, from_base, lang)
    more = f"{md_text(labels['more'])}: {', '.join(item_links)}" if item_links else ""
    return {
        "id": item["id"],
        "text": Markup(md_text(text["text"])),  # noqa: S704 - escaped by md_text
        "hint": Markup(" ".join(hint)),  # noqa: S704 - built from md_text-escaped parts
        "more": Markup(more),  # noqa: S704 - built from md_text-escaped parts
        "variants": " ".join(variants) if variants != VARIANTS else "",
    }


def js_config(
    checklist: dict[str, Any], lang: Lang, labels: Mapping[str, Any], default_variant: str | None = None
) -> dict[str, Any]:
    """Everything the script needs, embedded in the page: no request, no language guessing.
    A local edition adds the variant the list opens with (when the address names none)."""
    local = {"defaultVariant": default_variant, "allSlug": ALL_SLUG} if default_variant else {}
    return {
        **local,
        "id": checklist["id"],
        "storageKey": storage_key(checklist["id"]),
        "items": [item["id"] for item in items(checklist)],
        "parameter": URL_PARAMETER,
        "variantSlugs": dict(VARIANT_SLUGS),
        "labels": {
            "progress": labels["progress"],
            "resetConfirm": fill(labels, "reset_confirm", title=checklist[lang]["title"]),
            "resetDone": labels["reset_done"],
            "storageUnavailable": labels["storage_unavailable"],
            "filtered": labels["filtered"],
            "printNote": labels["print_note"],
            "variants": dict(labels["filter_options"]),
        },
    }


def render_checklist(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    """The marker <!-- kk:checklist <id> -->: the list with its tools (filter, progress,
    print, reset) as HTML whose texts Markdown still formats (md_in_html)."""
    checklist = by_id(handbook)[args]  # the marker's argument rule made sure it exists
    labels = ui(handbook, "checklists", lang)
    sections = [
        {
            "id": section["id"],
            "title": Markup(md_text(section[lang]["title"])),  # noqa: S704 - escaped by md_text
            "items": [
                item_context(handbook, item, f"{checklist['id']}/{section['id']}/{item['id']}", page.base, lang)
                for item in section["items"]
            ],
        }
        for section in checklist["sections"]
    ]
    options = [{"value": "", "key": "all", "label": labels["filter_all"]}] + [
        {"value": VARIANT_SLUGS[v], "key": v, "label": labels["filter_options"][v]} for v in VARIANTS
    ]
    return TEMPLATES.render(
        "checklist.html",
        checklist_id=checklist["id"],
        title=checklist[lang]["title"],
        sections=sections,
        options=options,
        has_variants=any(item_variants(item) != VARIANTS for item in items(checklist)),
        labels=labels,
        config=js_config(checklist, lang, labels, local_variant(handbook)),
    )


FEATURE = Feature(
    name="checklists",
    data=("checklists",),
    markers=(Marker(MARKER_NAME, render_checklist, args=one_of("checklists", "checklist", FILE)),),
    check=check,
    pages=pages,
    nav=nav,
    section_titles=section_titles,
    assets=Assets(
        css=("assets/css/checklists.css",),
        js=("assets/js/checklists.js",),
        needed_on=uses_marker(MARKER_NAME),
    ),
)
