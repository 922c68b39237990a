"""The local edition's pages: "Nasza gmina" / "Our gmina", made only when a gmina's folder is given.

ksiega/local loads and validates local/<id>/ into `Handbook.local`; this feature turns it into
pages in both languages (docs/local/, git-ignored):

  local/index.md             the gmina at a glance, its variant (the picker's result linked)
  local/partnership.md       members by sector, coordination (a role), meetings, agreement
  local/partners.md          the partner directory with official contacts
  local/basket.md            the basket as a filterable catalogue (complete without JavaScript;
                             overrides/assets/js/catalogue-filter.js filters by ?sektor=&grupa=&koszt=&czekanie=)
  local/services/<id>.md     one page per service card (out of the navigation: FEATURE.unlisted)
  local/who-offers-what.md   the whole basket on one printable page
  local/crisis-contacts.md   official crisis lines
  local/amendments.md        the log of changes, newest first

The gmina's own copies of some form templates (tools/forms/local/, ksiega/toolkit/local_forms.py)
are made by the forms feature; this section lists them in its navigation and on its index.

Without a local edition every step returns nothing: the national handbook is built as before.
A text the gmina wrote only in Polish is shown in Polish on English pages, inside lang="pl".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ksiega.core.docs import DocPage
from ksiega.core.feature import Assets, Feature
from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS, Lang
from ksiega.core.render import Templates, html_block, md_fill, md_text, md_title
from ksiega.core.strings import fill, ui
from ksiega.toolkit import catalogue as catalogue_filter
from ksiega.toolkit import links, local_forms
from ksiega.toolkit.lang import long_date, md_text_in, plural, text_in

TEMPLATES = Templates(Path(__file__).parent, shared=(catalogue_filter.FRAGMENTS,))

FOLDER = "local"
INDEX = f"{FOLDER}/index.md"
PARTNERSHIP = f"{FOLDER}/partnership.md"
PARTNERS = f"{FOLDER}/partners.md"
BASKET = f"{FOLDER}/basket.md"
SHEET = f"{FOLDER}/who-offers-what.md"
CONTACTS = f"{FOLDER}/crisis-contacts.md"
AMENDMENTS = f"{FOLDER}/amendments.md"
PICKER = "tools/variant-picker.md"
# The section comes right after the home page: in a local edition it is what readers look for.
NAV_AFTER = "index.md"
# URL parameters of the basket's filters (read by catalogue-filter.js).
PARAMS = {"sector": "sektor", "for_whom": "grupa", "cost": "koszt", "waiting": "czekanie"}


def service_page(service_id: str) -> str:
    return f"{FOLDER}/services/{service_id}.md"


def _path(base: str, lang: Lang) -> str:
    return f"{base[: -len('.md')]}.{lang}.md"


# --- Texts the gmina writes -------------------------------------------------------------------


# A gmina's text as Markdown: its English when it has one, else its Polish marked lang="pl".
text = md_text_in


def _html(value: Mapping[str, str], lang: Lang) -> Markup:
    """A gmina's text for a template (escaped there): its own language or Polish, and the lang."""
    return Markup(text(value, lang))  # noqa: S704 - text() escapes with md_text


def _date(value: str, lang: Lang) -> str:
    return long_date(dt.date.fromisoformat(value), lang)


# --- What the pages share -----------------------------------------------------------------------


class Edition:
    """The local edition as the pages read it (Handbook.local, with the handbook's vocabularies)."""

    def __init__(self, handbook: Handbook) -> None:
        local = handbook.local
        assert local is not None
        self.handbook = handbook
        self.data = local
        self.gmina = local["gmina"]
        self.partners = {p["id"]: p for p in local["partners"]}
        self.services = list(local["services"])
        vocab = handbook.data["practice-vocabularies"]
        self.sectors = {s["id"]: s for s in vocab["sectors"]}
        self.groups = {g["id"]: g for g in vocab["target_groups"]}
        self.gmina_types = {t["id"]: t for t in vocab["gmina_types"]}

    def labels(self, lang: Lang) -> Any:
        return ui(self.handbook, "local", lang)

    def name(self, lang: Lang) -> str:
        return text(self.gmina["name"], lang)

    def as_of(self, lang: Lang) -> str:
        return _date(self.gmina["edition_date"], lang)

    def header(self, lang: Lang, title: str) -> list[str]:
        """A page's title and, for an example gmina, the notice that it is fictional. (A title
        is plain text in the navigation and the PDF contents: a Polish-only name stays unmarked.)"""
        lines = [f"# {md_text(title)}", ""]
        if self.gmina.get("fictional"):
            lines += [f'!!! warning "{md_title(self.labels(lang)["fictional"])}"', ""]
        return lines

    def stale_text(self, service: Mapping[str, Any], lang: Lang) -> str:
        labels = self.labels(lang)
        months = self.data["stale_after_months"]
        return fill(
            labels,
            "stale",
            date=_date(service["last_checked"], lang),
            months=months,
            months_word=plural(months, labels["months_forms"], lang),
        )

    def sector_of(self, service: Mapping[str, Any]) -> str:
        return str(self.partners[service["partner"]]["sector"])


# --- The pages ------------------------------------------------------------------------------------


def index_page(edition: Edition, lang: Lang) -> str:
    labels = edition.labels(lang)
    gmina = edition.gmina
    variant = edition.data["variant"]
    picker = links.href(INDEX, PICKER, f"?teryt={gmina['teryt']}")
    lines = edition.header(lang, labels["section"])
    # The intro's parts are the gmina's texts (escaped, perhaps marked Polish): filled into escaped words.
    intro = md_fill(
        labels["index_intro"],
        gmina=edition.name(lang),
        publisher=text(gmina["publisher"], lang),
        date=md_text(edition.as_of(lang)),
    )
    lines += [intro, ""]
    if edition.data["logo"] is not None:
        logo = links.relative(INDEX, f"{FOLDER}/{gmina['logo']}")
        lines += [f"![]({logo}){{ .kk-local-logo }}", ""]
    lines += [f"## {md_text(labels['facts'])} {{#facts}}", ""]
    lines += [
        f"- **{md_text(labels['teryt'])}:** {md_text(gmina['teryt'])}",
        f"- **{md_text(labels['powiat'])}:** {text(gmina['powiat'], lang)}",
        f"- **{md_text(labels['variant'])}:** {md_text(edition.gmina_types[variant][lang])} "
        f"([{md_text(labels['variant_link'])}]({picker}))",
        "",
        f"## {md_text(labels['pages'])} {{#pages}}",
        "",
    ]
    for base, key in (
        (PARTNERSHIP, "partnership_title"),
        (PARTNERS, "partners_title"),
        (BASKET, "basket_title"),
        (SHEET, "sheet_title"),
        (CONTACTS, "contacts_title"),
        (AMENDMENTS, "amendments_title"),
    ):
        lines.append(f"- [{md_text(labels[key])}]({links.relative(INDEX, base)})")
    copies = local_forms.copied_forms(edition.handbook)
    if copies:
        lines += ["", f"## {md_text(labels['forms_title'])} {{#forms}}", "", md_text(labels["forms_intro"]), ""]
        for form in copies:
            href = links.relative(INDEX, local_forms.page_path(form["id"]))
            lines.append(f"- [{md_text(form['title'][lang])}]({href})")
    return "\n".join(lines) + "\n"


def _partner_link(edition: Edition, from_base: str, partner_id: str, lang: Lang) -> str:
    partner = edition.partners[partner_id]
    return f"[{text(partner['name'], lang)}]({links.relative(from_base, PARTNERS)}#{partner_id})"


def partnership_page(edition: Edition, lang: Lang) -> str:
    labels = edition.labels(lang)
    data = edition.data["partnership"]
    lines = edition.header(lang, labels["partnership_title"])
    lines += [f"**{md_text(labels['partnership_kind'])}:** {md_text(labels['kinds'][data['kind']])}", ""]
    lines += [f"## {md_text(labels['members'])} {{#members}}", ""]
    members = [edition.partners[m] for m in data["members"]]
    for sector_id, sector in edition.sectors.items():
        in_sector = [p for p in members if p["sector"] == sector_id]
        if in_sector:
            names = ", ".join(_partner_link(edition, PARTNERSHIP, p["id"], lang) for p in in_sector)
            lines.append(f"- **{md_text(sector[lang])}:** {names}")
    coordinator = data["coordinator"]
    agreement = data["agreement"]
    lines += [
        "",
        f"## {md_text(labels['coordinator'])} {{#coordinator}}",
        "",
        md_fill(
            labels["coordinator_text"],
            role=text(coordinator["role"], lang),
            institution=_partner_link(edition, PARTNERSHIP, coordinator["institution"], lang),
        ),
        "",
        f"## {md_text(labels['meetings'])} {{#meetings}}",
        "",
        text(data["meetings"], lang),
        "",
        f"## {md_text(labels['agreement'])} {{#agreement}}",
        "",
        md_fill(
            labels["agreement_text"], kind=text(agreement["kind"], lang), date=md_text(_date(agreement["date"], lang))
        ),
    ]
    return "\n".join(lines) + "\n"


def _contact_lines(labels: Any, item: Mapping[str, Any], lang: Lang) -> list[str]:
    lines = []
    if "address" in item:
        lines.append(f"- **{md_text(labels['address'])}:** {md_text(item['address'])}")
    phone = item["phone"]
    lines.append(f"- **{md_text(labels['phone'])}:** [{md_text(phone)}](tel:{phone.replace(' ', '')})")
    if "email" in item:
        lines.append(f"- **{md_text(labels['email'])}:** [{md_text(item['email'])}](mailto:{item['email']})")
    lines.append(f"- **{md_text(labels['hours'])}:** {text(item['hours'], lang)}")
    return lines


def partners_page(edition: Edition, lang: Lang) -> str:
    labels = edition.labels(lang)
    lines = edition.header(lang, labels["partners_title"])
    for partner in edition.partners.values():
        services = [s for s in edition.services if s["partner"] == partner["id"]]
        lines += [
            f"## {text(partner['name'], lang)} {{#{partner['id']}}}",
            "",
            f"- **{md_text(labels['sector'])}:** {md_text(edition.sectors[partner['sector']][lang])}",
            *_contact_lines(labels, partner, lang),
            f"- **{md_text(labels['offers'])}:** {text(partner['offers'], lang)}",
        ]
        if services:
            names = ", ".join(
                f"[{text(s['name'], lang)}]({links.relative(PARTNERS, service_page(s['id']))})" for s in services
            )
            lines.append(f"- **{md_text(labels['services_of'])}:** {names}")
        lines.append("")
    return "\n".join(lines)


def facet_values(edition: Edition, service: Mapping[str, Any], facet: str) -> list[str]:
    """The values a basket filter compares, as they appear in the URL."""
    if facet == "sector":
        return [edition.sector_of(service)]
    if facet == "for_whom":
        return list(service["for_whom"])
    return [str(service[facet])]


def _vocabulary(edition: Edition, lang: Lang) -> dict[str, dict[str, str]]:
    labels = edition.labels(lang)
    return {
        "sector": {k: v[lang] for k, v in edition.sectors.items()},
        "for_whom": {k: v[lang] for k, v in edition.groups.items()},
        "cost": dict(labels["costs"]),
        "waiting": dict(labels["waitings"]),
    }


def basket_page(edition: Edition, lang: Lang) -> str:
    labels = edition.labels(lang)
    vocab = _vocabulary(edition, lang)
    services = edition.services
    filters = []
    for facet, param in PARAMS.items():
        # Every value of the vocabulary, as the practices' catalogue does: a count of 0 says so.
        options = list(vocab[facet])
        filters.append(
            {
                "param": param,
                "label": labels[facet],
                "all": labels["all"],
                "total": len(services),
                "options": [
                    {
                        "value": value,
                        "label": vocab[facet][value],
                        "count": sum(value in facet_values(edition, s, facet) for s in services),
                    }
                    for value in options
                ],
            }
        )
    stale = set(edition.data["stale"])
    cards = []
    for service in services:
        partner = edition.partners[service["partner"]]
        cards.append(
            {
                "id": service["id"],
                "url": links.relative_url(BASKET, service_page(service["id"])),
                "name": _html(service["name"], lang),
                "partner": _html(partner["name"], lang),
                "data": {param: " ".join(facet_values(edition, service, facet)) for facet, param in PARAMS.items()},
                "facets": [
                    (labels["sector"], vocab["sector"][edition.sector_of(service)]),
                    (labels["for_whom"], ", ".join(vocab["for_whom"][g] for g in service["for_whom"])),
                    (labels["cost"], vocab["cost"][service["cost"]]),
                    (labels["waiting"], vocab["waiting"][service["waiting"]]),
                ],
                "stale": service["id"] in stale,
            }
        )
    html = TEMPLATES.render(
        "local-basket.html",
        labels=labels,
        filters=filters,
        params=list(PARAMS.values()),
        cards=cards,
        count=fill(labels, "count", shown=len(services), total=len(services)),
    )
    lines = edition.header(lang, labels["basket_title"])
    lines += [md_text(labels["basket_intro"]), html_block(html)]
    return "\n".join(lines)


def service_page_md(edition: Edition, service: Mapping[str, Any], lang: Lang) -> str:
    labels = edition.labels(lang)
    vocab = _vocabulary(edition, lang)
    base = service_page(service["id"])
    lines = edition.header(lang, text_in(service["name"], lang))
    if service["id"] in edition.data["stale"]:
        lines += [
            f'!!! danger "{md_title(labels["stale_short"])}"',
            "",
            f"    {md_text(edition.stale_text(service, lang))}",
            "",
        ]
    lines += [
        f"- **{md_text(labels['partner'])}:** {_partner_link(edition, base, service['partner'], lang)}",
        f"- **{md_text(labels['sector'])}:** {md_text(vocab['sector'][edition.sector_of(service)])}",
        f"- **{md_text(labels['for_whom'])}:** "
        + md_text(", ".join(vocab["for_whom"][g] for g in service["for_whom"])),
        f"- **{md_text(labels['cost'])}:** {md_text(vocab['cost'][service['cost']])}",
        f"- **{md_text(labels['waiting'])}:** {md_text(vocab['waiting'][service['waiting']])}",
        f"- **{md_text(labels['last_checked'])}:** {md_text(_date(service['last_checked'], lang))}",
        "",
        f"## {md_text(labels['how_to_refer'])} {{#how-to-refer}}",
        "",
        text(service["how_to_refer"], lang),
        "",
        f"## {md_text(labels['availability'])} {{#availability}}",
        "",
        text(service["availability"], lang),
        "",
        f"## {md_text(labels['funding'])} {{#funding}}",
        "",
        text(service["funding"], lang),
        "",
        f"[{md_text(labels['basket_title'])}]({links.relative(base, BASKET)})",
    ]
    return "\n".join(lines) + "\n"


def _cell(markdown: str) -> str:
    return markdown.replace("|", "\\|")


def sheet_page(edition: Edition, lang: Lang) -> str:
    labels = edition.labels(lang)
    vocab = _vocabulary(edition, lang)
    lines = edition.header(lang, labels["sheet_title"])
    intro = md_fill(labels["sheet_intro"], gmina=edition.name(lang), date=md_text(edition.as_of(lang)))
    lines += [intro, ""]
    lines.append(
        "| "
        + " | ".join(md_text(labels[key]) for key in ("service", "partner", "phone", "for_whom", "cost", "waiting"))
        + " |"
    )
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for service in edition.services:
        partner = edition.partners[service["partner"]]
        flag = f" ({md_text(labels['stale_short'])})" if service["id"] in edition.data["stale"] else ""
        cells = [
            f"[{text(service['name'], lang)}]({links.relative(SHEET, service_page(service['id']))}){flag}",
            text(partner["name"], lang),
            md_text(partner["phone"]),
            md_text(", ".join(vocab["for_whom"][g] for g in service["for_whom"])),
            md_text(vocab["cost"][service["cost"]]),
            md_text(vocab["waiting"][service["waiting"]]),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def contacts_page(edition: Edition, lang: Lang) -> str:
    labels = edition.labels(lang)
    lines = edition.header(lang, labels["contacts_title"])
    lines += [md_text(labels["contacts_intro"]), ""]
    for contact in edition.data["contacts"]:
        lines += [f"## {text(contact['name'], lang)} {{#{contact['id']}}}", ""]
        if "partner" in contact:
            lines.append(
                f"- **{md_text(labels['partner'])}:** {_partner_link(edition, CONTACTS, contact['partner'], lang)}"
            )
        lines += [*_contact_lines(labels, contact, lang), ""]
    return "\n".join(lines)


def amendments_page(edition: Edition, lang: Lang) -> str:
    labels = edition.labels(lang)
    lines = edition.header(lang, labels["amendments_title"])
    lines += [md_text(labels["amendments_intro"]), ""]
    for item in sorted(edition.data["amendments"], key=lambda a: a["date"], reverse=True):
        lines.append(f"- **{md_text(_date(item['date'], lang))}:** {text(item['change'], lang)}")
    return "\n".join(lines) + "\n"


def pages(handbook: Handbook) -> dict[str, str]:
    """Every page of the local section in both languages; none without a local edition."""
    if handbook.local is None:
        return {}
    edition = Edition(handbook)
    found: dict[str, str] = {}
    for lang in LANGS:
        found[_path(INDEX, lang)] = index_page(edition, lang)
        found[_path(PARTNERSHIP, lang)] = partnership_page(edition, lang)
        found[_path(PARTNERS, lang)] = partners_page(edition, lang)
        found[_path(BASKET, lang)] = basket_page(edition, lang)
        for service in edition.services:
            found[_path(service_page(service["id"]), lang)] = service_page_md(edition, service, lang)
        found[_path(SHEET, lang)] = sheet_page(edition, lang)
        found[_path(CONTACTS, lang)] = contacts_page(edition, lang)
        found[_path(AMENDMENTS, lang)] = amendments_page(edition, lang)
    return found


def files(handbook: Handbook) -> dict[str, bytes]:
    """The gmina's logo beside its pages."""
    local = handbook.local
    if local is None or local["logo"] is None:
        return {}
    # mkdocs-static-i18n publishes logo.pl.svg as local/logo.svg and logo.en.svg as en/local/logo.svg.
    stem, _, ext = str(local["gmina"]["logo"]).rpartition(".")
    return {f"{FOLDER}/{stem}.{lang}.{ext}": local["logo"] for lang in LANGS}


def nav(handbook: Handbook) -> dict[str, list[Any]]:
    """The section "Nasza gmina" right after the home page (named in each language by section_titles)."""
    if handbook.local is None:
        return {}
    copies = [local_forms.page_path(form["id"]) for form in local_forms.copied_forms(handbook)]
    title = ui(handbook, "local", "pl")["section"]
    pages = [INDEX, PARTNERSHIP, PARTNERS, BASKET, SHEET, *copies, CONTACTS, AMENDMENTS]
    return {NAV_AFTER: [{title: pages}]}


def section_titles(handbook: Handbook) -> dict[str, dict[Lang, str]]:
    if handbook.local is None:
        return {}
    return {INDEX: {lang: ui(handbook, "local", lang)["section"] for lang in LANGS}}


def expected_ids(handbook: Handbook, active: Mapping[str, str]) -> list[str]:
    """The services a reader should see for the filters in `active` (URL param -> value): the
    rule catalogue-filter.js applies, written once more in Python for the tests."""
    edition = Edition(handbook)
    facet_of = {param: facet for facet, param in PARAMS.items()}
    return [
        s["id"]
        for s in edition.services
        if all(value in facet_values(edition, s, facet_of[param]) for param, value in active.items() if value)
    ]


def is_local_page(page: DocPage) -> bool:
    return page.base.startswith(f"{FOLDER}/")


FEATURE = Feature(
    name="local",
    data=("practice-vocabularies",),
    pages=pages,
    files=files,
    files_dir=FOLDER,
    nav=nav,
    # One page per service card: hundreds in a big gmina's basket. They are reached from the
    # basket, the partner directory and the printable sheet, not listed in the navigation.
    unlisted=(f"{FOLDER}/services/",),
    section_titles=section_titles,
    assets=Assets(
        css=(catalogue_filter.STYLESHEET, "assets/css/local.css"),
        js=(catalogue_filter.SCRIPT,),
        needed_on=lambda page: page.base == BASKET,
    ),
)
