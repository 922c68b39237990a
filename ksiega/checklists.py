"""Checklists: one page per phase of the model to tick, keep, reset and print (tools/checklists/).

Data: data/checklists.yml. Pages: tools/checklists/index.md (all lists) and one page per list,
generated in both languages. A list's page holds the marker `<!-- kk:checklist <id> -->`; the
marker renders the items at page-render time, when every page of the site (generated ones
included) is known, so an item's links to glossary entries, form templates and chapters are
checked against the pages that exist. In the browser, overrides/assets/js/checklists.js keeps the ticks (item ids only)
under one localStorage key per list; without JavaScript the list is a plain list of real
checkboxes that can be ticked on screen and printed.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from ksiega.data import Problem, UnknownReference
from ksiega.docs import DocPage
from ksiega.handbook import Handbook
from ksiega.lang import LANGS, VARIANT_SLUGS, VARIANTS, Lang, plural
from ksiega.render import md_text, render_template
from ksiega.toolkit import links

DATA_FILES = ["checklists"]
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
# Heading ids of the index page: no checklist may take them as its id.
RESERVED_IDS = {"index", "how-they-work", "lists", "sources"}
MARKER_NAME = "checklist"

LABELS: dict[Lang, dict[str, Any]] = {
    "pl": {
        "item_forms": ("punkt", "punkty", "punktów"),
        "all_lists": "Wszystkie listy kontrolne",
        "open": "Otwórz listę",
        "why": "Dlaczego",
        "applies_to": "Dotyczy",
        "more": "Więcej",
        "glossary": "Słowniczek",
        "form": "Wzór",
        # Genitive plural after "Dotyczy": "Dotyczy gmin wiejskich".
        "variants_of": {"urban": "gmin miejskich", "urban-rural": "gmin miejsko-wiejskich", "rural": "gmin wiejskich"},
        "and": "i",
        "variant_counts": "dla gminy",
        "variant_names": {"urban": "miejskiej", "urban-rural": "miejsko-wiejskiej", "rural": "wiejskiej"},
        "filter_legend": "Pokaż punkty dla",
        "same_for_all": "Wszystkie punkty tej listy dotyczą każdego wariantu modelu.",
        "filter_all": "wszystkich wariantów",
        "filter_options": {
            "urban": "gminy miejskiej",
            "urban-rural": "gminy miejsko-wiejskiej",
            "rural": "gminy wiejskiej",
        },
        "print": "Drukuj listę",
        "reset": "Wyczyść zaznaczenia",
        "progress": "{done} z {total} zrobione",
        "reset_confirm": "Wyczyścić wszystkie zaznaczenia na liście „{title}”? Inne listy zostaną bez zmian.",
        "reset_done": "Zaznaczenia wyczyszczone.",
        "storage_unavailable": (
            "Ta przeglądarka nie pozwala zapisać zaznaczeń (na przykład w oknie prywatnym). Możesz zaznaczać "
            "punkty i wydrukować listę, ale po zamknięciu strony zaznaczenia znikną."
        ),
        "filtered": "Pokazane punkty: {shown} z {total}.",
        "print_note": "Punkty dla {variant}: {shown} z {total}.",
        "no_js": (
            "Zaznaczenia zapisują się w przeglądarce tylko przy włączonym JavaScripcie. Bez niego możesz "
            "zaznaczać punkty i wydrukować listę, ale po zamknięciu strony zaznaczenia znikną."
        ),
        "how_heading": "Jak działają listy",
        "lists_heading": "Listy według etapów",
        "how": [
            "Zaznaczaj punkty, które są już zrobione. Nad listą widać, ile zostało do zrobienia.",
            "Zaznaczenia zapisują się tylko w tej przeglądarce, na tym urządzeniu, osobno dla każdej listy. "
            "Przechowujemy wyłącznie krótkie kody zaznaczonych punktów – żadnych notatek, nazwisk ani danych "
            "rodzin. Nic nie trafia na serwer.",
            "Przycisk „Wyczyść zaznaczenia” czyści tylko tę listę, na której go użyjesz. Przycisk „Drukuj "
            "listę” drukuje ją z pustymi lub zaznaczonymi polami, bez menu strony.",
            "Niektóre punkty dotyczą tylko jednego wariantu modelu. Nad każdą listą możesz wybrać wariant "
            "swojej gminy – punkty innych wariantów znikną. Adres strony zapamiętuje wybór, więc możesz go "
            "przesłać współpracownikom.",
        ],
        "privacy": "Więcej o tym, co i gdzie zapisuje księga",
    },
    "en": {
        "item_forms": ("item", "items", "items"),
        "all_lists": "All checklists",
        "open": "Open the list",
        "why": "Why",
        "applies_to": "Applies to",
        "more": "More",
        "glossary": "Glossary",
        "form": "Template",
        "variants_of": {"urban": "urban gminas", "urban-rural": "urban-rural gminas", "rural": "rural gminas"},
        "and": "and",
        "variant_counts": "for a gmina that is",
        "variant_names": {"urban": "urban", "urban-rural": "urban-rural", "rural": "rural"},
        "filter_legend": "Show the items for",
        "same_for_all": "Every item on this list applies to all variants of the model.",
        "filter_all": "all variants",
        "filter_options": {
            "urban": "an urban gmina",
            "urban-rural": "an urban-rural gmina",
            "rural": "a rural gmina",
        },
        "print": "Print the list",
        "reset": "Clear the ticks",
        "progress": "{done} of {total} done",
        "reset_confirm": "Clear every tick on the list “{title}”? Other lists stay as they are.",
        "reset_done": "Ticks cleared.",
        "storage_unavailable": (
            "This browser does not let the handbook keep your ticks (in a private window, for example). You can "
            "tick items and print the list, but the ticks will be gone when you close the page."
        ),
        "filtered": "Items shown: {shown} of {total}.",
        "print_note": "Items for {variant}: {shown} of {total}.",
        "no_js": (
            "Ticks are kept in the browser only when JavaScript is on. Without it you can tick items and print "
            "the list, but the ticks will be gone when you close the page."
        ),
        "how_heading": "How the lists work",
        "lists_heading": "Lists by phase",
        "how": [
            "Tick the items that are done. Above the list you see how much is left to do.",
            "Ticks are kept only in this browser, on this device, separately for each list. We keep only the "
            "short codes of the ticked items – no notes, no names, no data about families. Nothing goes to a "
            "server.",
            "The “Clear the ticks” button clears only the list you use it on. The “Print the list” button prints "
            "it with empty or ticked boxes and without the site's menus.",
            "Some items apply to one variant of the model only. Above each list you can choose your gmina's "
            "variant and the items of other variants disappear. The page address keeps your choice, so you can "
            "send it to colleagues.",
        ],
        "privacy": "More about what the handbook keeps and where",
    },
}


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


def _unknown_list_message(args: str) -> str:
    return f"marker '<!-- kk:{MARKER_NAME} {args} -->' names no checklist in {FILE}"


def marker_problems(handbook: Handbook) -> list[Problem]:
    """`<!-- kk:checklist <id> -->` names an existing list."""
    known = set(by_id(handbook))
    return [
        Problem(page.file, message=_unknown_list_message(args))
        for page in handbook.docs.pages
        for name, args in page.markers()
        if name == MARKER_NAME and args not in known
    ]


def check(handbook: Handbook) -> list[Problem]:
    problems = figure_problems(handbook)
    problems += marker_problems(handbook)
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


def count_text(count: int, lang: Lang) -> str:
    return f"{count} {plural(count, LABELS[lang]['item_forms'], lang)}"


def variants_note(variants: tuple[str, ...], lang: Lang) -> str:
    """ "Dotyczy gmin wiejskich" / "Applies to rural gminas" – only for items of some variants."""
    labels = LABELS[lang]
    names = [labels["variants_of"][v] for v in variants]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {labels['and']} {names[-1]}"
    return f"{labels['applies_to']} {joined}"


def _citation(item: dict[str, Any]) -> str:
    """[@id; @id2] for the sources transform, which numbers and links it."""
    sources = item.get("sources") or []
    return f" [{'; '.join('@' + s for s in sources)}]" if sources else ""


def _cited(text: str, item: dict[str, Any]) -> str:
    """Markdown-escaped text with the item's citation before its closing full stop, as pages cite."""
    escaped = md_text(text)
    stop = "." if escaped.endswith(".") else ""
    return f"{escaped[: len(escaped) - len(stop)]}{_citation(item)}{stop}"


# --- Generated pages ---------------------------------------------------------------------


def _steps_line(handbook: Handbook, checklist: dict[str, Any], from_base: str, lang: Lang) -> str:
    """ "**Procedura krok po kroku:** [Decyzja o wdrożeniu](…), [Mapa partnerów](…)" – grouped by page."""
    by_page: dict[str, list[str]] = {}
    for index, ref in enumerate(checklist["steps"]):
        where = links.Where(FILE, checklist["id"], f"steps[{index}]")
        page, heading = links.target(handbook.docs, ref, lang, where)
        by_page.setdefault(page.title, []).append(f"[{md_text(heading or page.title)}]({links.href(from_base, ref)})")
    return "  \n".join(f"**{md_text(title)}:** {', '.join(targets)}" for title, targets in by_page.items())


def variant_counts_text(checklist: dict[str, Any], lang: Lang) -> str:
    """ "15 punktów; dla gminy miejskiej 12, miejsko-wiejskiej 12, wiejskiej 13" (only if they differ)."""
    labels = LABELS[lang]
    total = len(items(checklist))
    per_variant = {v: len(visible_items(checklist, v)) for v in VARIANTS}
    text = count_text(total, lang)
    if any(count != total for count in per_variant.values()):
        parts = ", ".join(f"{labels['variant_names'][v]} {per_variant[v]}" for v in VARIANTS)
        text += f"; {labels['variant_counts']} {parts}"
    return text


def checklist_page(handbook: Handbook, checklist: dict[str, Any], lang: Lang) -> str:
    base = page_path(checklist["id"])
    text = checklist[lang]
    lines = [
        # The class lets print CSS start each list on a new page when several are printed together.
        f"# {md_text(text['title'])} {{#checklist-{checklist['id']} .kk-checklist-title}}",
        "",
        md_text(text["intro"]),
        "",
        _steps_line(handbook, checklist, base, lang) + "  ",
        f"[{LABELS[lang]['all_lists']}](index.md)",
        "{: .kk-checklist-meta }",
        "",
        f"<!-- kk:{MARKER_NAME} {checklist['id']} -->",
        "",
    ]
    return "\n".join(lines)


def index_page(handbook: Handbook, lang: Lang) -> str:
    labels = LABELS[lang]
    text = handbook.data["checklists"]["index"][lang]
    links.target(handbook.docs, PRIVACY_NOTE, lang, links.Where(FILE, "index"))
    privacy = links.href(INDEX, PRIVACY_NOTE)
    lines = [f"# {md_text(text['title'])}", "", md_text(text["intro"]), ""]
    lines += [f"## {labels['how_heading']} {{#how-they-work}}", ""]
    lines += [f"- {md_text(point)}" for point in labels["how"]]
    lines += [f"- [{labels['privacy']}]({privacy})", ""]
    lines += [f"## {labels['lists_heading']} {{#lists}}", ""]
    for checklist in checklists(handbook):
        own = checklist[lang]
        lines += [
            f"### [{md_text(own['title'])}]({checklist['id']}.md) {{#{checklist['id']}}}",
            "",
            md_text(own["intro"]),
            "",
            f"{variant_counts_text(checklist, lang)}  ",
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
    labels = LABELS[lang]
    item_links = item.get("links", {})
    out = []
    for index, term_id in enumerate(item_links.get("glossary", [])):
        where = links.Where(FILE, entry, f"links.glossary[{index}]")
        links.require(handbook.docs, GLOSSARY_PAGE, lang, where)
        term = _glossary_term(handbook, term_id, lang, where)
        out.append(f"[{labels['glossary']}: {md_text(term)}]({links.href(from_base, GLOSSARY_PAGE)}#{term_id})")
    for index, form_id in enumerate(item_links.get("forms", [])):
        where = links.Where(FILE, entry, f"links.forms[{index}]")
        page = links.require(handbook.docs, form_page(form_id), lang, where)
        out.append(f"[{labels['form']}: {md_text(page.title)}]({links.href(from_base, form_page(form_id))})")
    for index, ref in enumerate(item_links.get("pages", [])):
        out.append(page_link(handbook, from_base, ref, lang, links.Where(FILE, entry, f"links.pages[{index}]")))
    return out


def item_context(handbook: Handbook, item: dict[str, Any], entry: str, from_base: str, lang: Lang) -> dict[str, Any]:
    """What the template needs for one item. Text is Markdown escaped with md_text (so data
    cannot inject markup) and marked safe for the autoescaping template."""
    labels = LABELS[lang]
    text = item[lang]
    variants = item_variants(item)
    hint = []
    if "why" in text:
        hint.append(f"**{labels['why']}:** {_cited(text['why'], item)}")
    if variants != VARIANTS:
        hint.append(f"*{md_text(variants_note(variants, lang))}.*")
    item_links = link_markdown(handbook, item, entry, from_base, lang)
    more = f"{labels['more']}: {', '.join(item_links)}" if item_links else ""
    return {
        "id": item["id"],
        "text": Markup(md_text(text["text"])),  # noqa: S704 - escaped by md_text
        "hint": Markup(" ".join(hint)),  # noqa: S704 - built from md_text-escaped parts
        "more": Markup(more),  # noqa: S704 - built from md_text-escaped parts
        "variants": " ".join(variants) if variants != VARIANTS else "",
    }


def js_config(checklist: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """Everything the script needs, embedded in the page: no request, no language guessing."""
    labels = LABELS[lang]
    return {
        "id": checklist["id"],
        "storageKey": storage_key(checklist["id"]),
        "items": [item["id"] for item in items(checklist)],
        "parameter": URL_PARAMETER,
        "variantSlugs": dict(VARIANT_SLUGS),
        "labels": {
            "progress": labels["progress"],
            "resetConfirm": labels["reset_confirm"].format(title=checklist[lang]["title"]),
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
    checklist = by_id(handbook).get(args.strip())
    if checklist is None:
        raise UnknownReference(page.file, message=_unknown_list_message(args))
    labels = LABELS[lang]
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
    return render_template(
        "checklist.html",
        checklist_id=checklist["id"],
        title=checklist[lang]["title"],
        sections=sections,
        options=options,
        has_variants=any(item_variants(item) != VARIANTS for item in items(checklist)),
        labels=labels,
        config=js_config(checklist, lang),
    )


MARKERS = {MARKER_NAME: render_checklist}
