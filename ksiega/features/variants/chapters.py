"""The variants in Markdown: the comparison chapter (model/variants), one result page per variant
(tools/variant-picker/<slug>) and the building blocks both share with the picker."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ksiega.core.handbook import Handbook
from ksiega.core.lang import VARIANT_SLUGS, Lang
from ksiega.core.render import md_fill, md_text
from ksiega.core.strings import md_ui, ui
from ksiega.features.variants.model import (
    BIBLIOGRAPHY_ID,
    CHECKLISTS_PAGE,
    COMPARISON_PAGE,
    FILE,
    FORMS_PAGE,
    GLOSSARY_PAGE,
    PICKER_PAGE,
    PRACTICES_PAGE,
    READINESS_PAGE,
    _data,
    result_page,
    variant_list,
    voivodeship_list,
)
from ksiega.toolkit import links
from ksiega.toolkit.citations import cited, trailing

# --- Markdown building blocks (shared by the comparison, the result pages and the picker) ---


def _sourced(item: Mapping[str, Any], lang: Lang) -> str:
    return cited(md_text(item[lang]), list(item["sources"]))


def _join_cites(*groups: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for group in groups:
        for source_id in group:
            seen.setdefault(source_id, None)
    return list(seen)


def _voivodeship_names(handbook: Handbook, lang: Lang) -> dict[str, str]:
    return {v["id"]: v[lang] for v in voivodeship_list(handbook)}


def _link(page_base: str, target: str, anchor: str = "", query: str = "") -> str:
    href = links.relative(page_base, target)
    return f"{href}{query}{'#' + anchor if anchor else ''}"


def _heading_text(handbook: Handbook, lang: Lang, ref: str, where: links.Where) -> str:
    """The text of the heading a page reference points at (or the page title)."""
    return links.heading(handbook.docs, ref, lang, where)


def _ref_link(handbook: Handbook, lang: Lang, page_base: str, ref: str, where: links.Where) -> str:
    return f"[{md_text(_heading_text(handbook, lang, ref, where))}]({links.href(page_base, ref)})"


def _step_where(variant: Mapping[str, Any], index: int) -> links.Where:
    return links.Where(FILE, variant["id"], f"procedure[{index}].step")


def why_md(variant: Mapping[str, Any], lang: Lang) -> str:
    return "\n\n".join(_sourced(item, lang) for item in variant["why"])


def team_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang, page_base: str) -> str:
    """The teams to build, each named as the glossary names it, linked to its entry."""
    lines = []
    for index, level in enumerate(variant["team"]["levels"]):
        title = f"**{md_text(level[lang]['title'])}**"
        if "glossary" in level:
            where = links.Where(FILE, variant["id"], f"team.levels[{index}].glossary")
            links.require(handbook.docs, GLOSSARY_PAGE, lang, where)
            title = f"[{title}]({_link(page_base, GLOSSARY_PAGE, level['glossary'])})"
        lines.append(f"- {title} – {cited(md_text(level[lang]['text']), list(level['sources']))}")
    return "\n".join(lines)


def partners_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang) -> str:
    names = {s["id"]: s[lang] for s in _data(handbook)["sectors"]}
    by_sector: dict[str, list[str]] = {}
    for entry in variant["partners"]["by_sector"]:
        by_sector.setdefault(entry["sector"], []).append(_sourced(entry, lang))
    lines = [
        f"- **{md_text(names[sector])}:** {'; '.join(by_sector[sector])}" for sector in names if sector in by_sector
    ]
    return "\n".join(lines) + "\n\n" + _sourced(variant["partners"]["note"], lang)


def differences_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang, page_base: str) -> str:
    """What differs in this variant, step by step (only the steps that differ)."""
    return "\n".join(
        f"- {_ref_link(handbook, lang, page_base, entry['step'], _step_where(variant, i))}: {_sourced(entry, lang)}"
        for i, entry in enumerate(variant["procedure"])
    )


def steps_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang, page_base: str) -> str:
    """All steps of the procedure, each linked to its chapter, with this variant's differences."""
    notes: dict[str, list[str]] = {}
    for entry in variant["procedure"]:
        notes.setdefault(entry["step"], []).append(_sourced(entry, lang))
    lines = []
    for number, ref in enumerate(_data(handbook)["steps"], start=1):
        note = " ".join(notes.get(ref, []))
        link = _ref_link(handbook, lang, page_base, ref, links.Where(FILE, field=f"steps[{number - 1}]"))
        lines.append(f"{number}. {link}{' – ' + note if note else ''}")
    return md_ui(handbook, "variants", lang)["steps_intro"] + "\n\n" + "\n".join(lines)


def tools_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang, page_base: str, *, in_picker: bool) -> str:
    """Links to the tools for this variant (checklists, templates, practices, the comparison)."""
    labels = md_ui(handbook, "variants", lang)
    slug = VARIANT_SLUGS[variant["id"]]
    where = links.Where(FILE, variant["id"])
    for page in (READINESS_PAGE, CHECKLISTS_PAGE, FORMS_PAGE, PRACTICES_PAGE, COMPARISON_PAGE):
        links.require(handbook.docs, page, lang, where)
    found = [
        f"[{labels['readiness']}]({_link(page_base, READINESS_PAGE)})",
        f"[{labels['checklists']}]({_link(page_base, CHECKLISTS_PAGE, query='?wariant=' + slug)})",
        f"[{labels['forms']}]({_link(page_base, FORMS_PAGE)})",
        f"[{labels['practices']}]({_link(page_base, PRACTICES_PAGE, query='?typ=' + slug)})",
        f"[{labels['comparison']}]({_link(page_base, COMPARISON_PAGE, variant['id'])})",
    ]
    if in_picker:
        found.append(f"[{labels['full_result']}]({_link(page_base, result_page(variant['id']))})")
    else:
        found.append(f"[{labels['picker']}]({_link(page_base, PICKER_PAGE)})")
    return "\n".join(f"- {link}" for link in found)


def _institutions(variant: Mapping[str, Any], lang: Lang, role: str) -> str:
    return ", ".join(md_text(i[lang]) for i in variant["institutions"]["list"] if i["role"] == role)


def pilot_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang) -> str:
    labels = md_ui(handbook, "variants", lang)
    names = _voivodeship_names(handbook, lang)
    macro = variant["macroregion"]
    inst_sources = list(variant["institutions"]["sources"])
    lines = [
        f"- **{labels['project']}:** {_sourced(variant['project'], lang)}",
        f"- **{labels['macroregion']}:** {md_text(macro[lang])} – "
        f"{', '.join(md_text(names[c]) for c in macro['voivodeships'])}{trailing(list(macro['sources']))}",
        f"- **{labels['lead']}:** {_institutions(variant, lang, 'lead')}{trailing(inst_sources)}",
        f"- **{labels['partners_inst']}:** {_institutions(variant, lang, 'partner')}{trailing(inst_sources)}",
    ]
    lines += [f"- {_sourced(item, lang)}" for item in variant["pilot"]]
    return "\n".join(lines)


def gaps_md(variant: Mapping[str, Any], lang: Lang) -> str:
    return "\n\n".join(_sourced(item, lang) for item in variant["gaps"])


def case_md(case: Mapping[str, Any], lang: Lang) -> str:
    return "\n\n".join(_sourced(item, lang) for item in case["texts"])


def _region_facts(handbook: Handbook, code: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(the variant developed in this voivodeship's macroregion, the regional institution)."""
    for variant in variant_list(handbook):
        if code in variant["macroregion"]["voivodeships"]:
            institution = next((i for i in variant["institutions"]["list"] if i.get("voivodeship") == code), None)
            return variant, institution
    return None, None


def voivodeship_md(handbook: Handbook, code: str, lang: Lang) -> str:
    """What the pilot meant for one voivodeship: its macroregion, variant and regional institution."""
    labels = md_ui(handbook, "variants", lang)
    name = _voivodeship_names(handbook, lang)[code]
    variant, institution = _region_facts(handbook, code)
    if variant is None:
        return f"- **{labels['voivodeship']}:** {md_text(name)}\n\n{_sourced(_data(handbook)['outside_pilot'], lang)}"
    cites = trailing(_join_cites(variant["macroregion"]["sources"], variant["institutions"]["sources"]))
    lines = [
        f"- **{labels['voivodeship']}:** {md_text(name)}",
        f"- **{labels['macroregion']}:** {md_text(variant['macroregion'][lang])}",
        f"- **{labels['variant_developed']}:** {md_text(variant[lang]['name'])}",
    ]
    if institution is not None:
        role = labels["role_lead"] if institution["role"] == "lead" else labels["role_partner"]
        lines.append(f"- **{labels['institution']}:** {md_text(institution[lang])} ({role})")
    lines[-1] += cites
    return "\n".join(lines)


def voivodeship_table_md(handbook: Handbook, lang: Lang) -> str:
    labels = md_ui(handbook, "variants", lang)
    rows = [
        "| " + " | ".join(labels[k] for k in ("voivodeship", "macroregion", "variant_developed", "institution")) + " |",
        "|---|---|---|---|",
    ]
    cited: list[str] = []
    voivodeships = voivodeship_list(handbook)
    for voivodeship in voivodeships:
        variant, institution = _region_facts(handbook, voivodeship["id"])
        if variant is None:
            outside = _data(handbook)["outside_pilot"]
            cited = _join_cites(cited, outside["sources"])
            rows.append(f"| {md_text(voivodeship[lang])} | {labels['not_in_pilot']} | – | – |")
            continue
        cited = _join_cites(cited, variant["macroregion"]["sources"], variant["institutions"]["sources"])
        role = ""
        if institution is not None:
            role = f"{md_text(institution[lang])} ({labels['role_' + institution['role']]})"
        rows.append(
            f"| {md_text(voivodeship[lang])} | {md_text(variant['macroregion'][lang])} | "
            f"{md_text(variant[lang]['name'])} | {role or '–'} |"
        )
    # The voivodeships' codes and names cite their own sources (TERYT); the macroregions the projects'.
    cited = _join_cites(cited, *(v["sources"] for v in voivodeships))
    rows[-1] = rows[-1][:-1] + f"{trailing(cited)} |"
    return "\n".join(rows)


def teryt_help_md(handbook: Handbook, lang: Lang) -> str:
    """How to find a gmina's TERYT code and what its digits mean."""
    teryt = _data(handbook)["picker"]["teryt"]
    sources = {s["id"]: s for s in handbook.data["sources"]["sources"]}
    paragraphs = [_sourced(item, lang) for item in teryt["help"]]
    url = sources.get(BIBLIOGRAPHY_ID, {}).get("url")
    if url:
        register = {"pl": "Rejestr TERYT", "en": "The TERYT register"}[lang]
        paragraphs.insert(1, f"{register}: <{url}>")
    return "\n\n".join(paragraphs)


# --- The comparison chapter (model/variants) ---------------------------------------------


def comparison_table_md(handbook: Handbook, lang: Lang, page_base: str) -> str:
    """The three variants side by side: one column per variant, one row per feature."""
    labels = md_ui(handbook, "variants", lang)
    variants = variant_list(handbook)
    names = _voivodeship_names(handbook, lang)

    def row(label: str, cell: Callable[[dict[str, Any]], str]) -> str:
        return f"| **{label}** | " + " | ".join(cell(v) for v in variants) + " |"

    def team(v: dict[str, Any]) -> str:
        cites = _join_cites(*(level["sources"] for level in v["team"]["levels"]))
        return md_text(v["team"]["summary"][lang]) + trailing(cites)

    def partners(v: dict[str, Any]) -> str:
        sector_names = {s["id"]: s[lang] for s in _data(handbook)["sectors"]}
        sectors = list(dict.fromkeys(entry["sector"] for entry in v["partners"]["by_sector"]))
        return ", ".join(md_text(sector_names[s]) for s in sectors) + trailing(list(v["partners"]["note"]["sources"]))

    def procedure(v: dict[str, Any]) -> str:
        steps = [
            _ref_link(handbook, lang, page_base, entry["step"], _step_where(v, i))
            for i, entry in enumerate(v["procedure"])
        ]
        steps = list(dict.fromkeys(steps))
        return ", ".join(steps) + f" ([{labels['procedure'].lower()}](#{v['id']}-procedure))"

    lines = [
        "| " + " | ".join([labels["feature"], *(md_text(v[lang]["short"]) for v in variants)]) + " |",
        "|---" * (len(variants) + 1) + "|",
        row(labels["project"], lambda v: _sourced(v["project"], lang)),
        row(labels["macroregion"], lambda v: md_text(v["macroregion"][lang]) + trailing(v["macroregion"]["sources"])),
        row(
            labels["voivodeships"],
            lambda v: (
                ", ".join(md_text(names[c]) for c in v["macroregion"]["voivodeships"])
                + trailing(list(v["macroregion"]["sources"]))
            ),
        ),
        row(labels["lead"], lambda v: _institutions(v, lang, "lead") + trailing(list(v["institutions"]["sources"]))),
        row(
            labels["partners_inst"],
            lambda v: _institutions(v, lang, "partner") + trailing(list(v["institutions"]["sources"])),
        ),
        row(labels["team"], team),
        row(labels["typical_partners"], partners),
        row(labels["procedure"], procedure),
    ]
    return labels["comparison_intro"] + "\n\n" + "\n".join(lines)


def comparison_sections_md(handbook: Handbook, lang: Lang, page_base: str) -> str:
    """One section per variant, headings with ids identical in both languages."""
    labels = md_ui(handbook, "variants", lang)
    out = []
    for v in variant_list(handbook):
        vid = v["id"]
        out += [
            f"## {md_text(v[lang]['name'])} {{#{vid}}}",
            why_md(v, lang),
            f"### {labels['team']} {{#{vid}-team}}",
            team_md(handbook, v, lang, page_base),
            f"### {labels['typical_partners']} {{#{vid}-partners}}",
            partners_md(handbook, v, lang),
            f"### {labels['procedure']} {{#{vid}-procedure}}",
            differences_md(handbook, v, lang, page_base),
            f"### {labels['pilot']} {{#{vid}-pilot}}",
            pilot_md(handbook, v, lang),
            f"### {labels['gaps']} {{#{vid}-gaps}}",
            gaps_md(v, lang),
            f"[{md_ui(handbook, 'variants', lang)['full_result']}]({_link(page_base, result_page(vid))})",
        ]
    return "\n\n".join(out)


# --- The result pages (tools/variant-picker/<slug>), one per variant ------------------------


def result_title(handbook: Handbook, variant: Mapping[str, Any], lang: Lang) -> str:
    """Wynik: wariant dla gmin wiejskich."""
    label = _data(handbook)["picker"]["ui"][lang]["result_label"]
    name = variant[lang]["name"]
    return f"{label}: {name[:1].lower()}{name[1:]}"


def result_page_md(handbook: Handbook, variant: Mapping[str, Any], lang: Lang) -> str:
    """The body of a variant's result page (below its title)."""
    labels = md_ui(handbook, "variants", lang)
    page_base = result_page(variant["id"])
    comparison_title = _heading_text(handbook, lang, COMPARISON_PAGE, links.Where(FILE, variant["id"]))
    parts = [
        md_fill(
            ui(handbook, "variants", lang)["result_intro"],
            picker=f"[{labels['picker_link']}]({_link(page_base, PICKER_PAGE)})",
            gmina_type=md_text(variant[lang]["gmina_type"]),
            comparison=f"[{md_text(comparison_title)}]({_link(page_base, COMPARISON_PAGE, variant['id'])})",
        ),
        f"## {labels['why']} {{#why}}",
        why_md(variant, lang),
    ]
    cases = _cases_of(handbook, variant["id"])
    if cases:
        parts.append(labels["case_intro"])
    for case in cases:
        parts += [f"## {md_text(case[lang]['title'])} {{#{case['id']}}}", case_md(case, lang)]
    parts += [
        f"## {labels['team_to_build']} {{#team}}",
        team_md(handbook, variant, lang, page_base),
        f"## {labels['partners']} {{#partners}}",
        partners_md(handbook, variant, lang),
        f"## {labels['steps']} {{#steps}}",
        steps_md(handbook, variant, lang, page_base),
        f"## {labels['tools']} {{#tools}}",
        tools_md(handbook, variant, lang, page_base, in_picker=False),
        f"## {labels['pilot']} {{#pilot}}",
        pilot_md(handbook, variant, lang),
        f"## {labels['region_table']} {{#voivodeships}}",
        voivodeship_table_md(handbook, lang),
        f"## {labels['gaps']} {{#gaps}}",
        gaps_md(variant, lang),
    ]
    return "\n\n".join(parts) + "\n"


def _cases_of(handbook: Handbook, variant_id: str) -> list[dict[str, Any]]:
    picker = _data(handbook)["picker"]
    used = [r["case"] for r in picker["results"] if r["variant"] == variant_id and r.get("case")]
    by_id = {c["id"]: c for c in picker["cases"]}
    return [by_id[c] for c in dict.fromkeys(used)]
