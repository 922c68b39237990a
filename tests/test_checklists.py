"""Checklists: the data's rules (unit) and the pages as built (both languages, derived from data)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from sitepages import content, doc, text

from ksiega import checklists as cl
from ksiega.data import UnknownReference
from ksiega.docs import DocPage
from ksiega.handbook import Handbook, load_handbook
from ksiega.lang import LANGS, VARIANT_SLUGS, VARIANTS, plural
from ksiega.site import check_only, extend_nav

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return load_handbook(ROOT)


def url_of(lang: str, checklist_id: str = "") -> str:
    prefix = "en/" if lang == "en" else ""
    return f"{prefix}tools/checklists/{checklist_id + '/' if checklist_id else ''}"


# --- Unit: pure functions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "punkt"), (2, "punkty"), (4, "punkty"), (5, "punktów"), (12, "punktów"), (14, "punktów"), (22, "punkty")],
)
def test_polish_plural_of_items(count: int, expected: str) -> None:
    assert plural(count, ("punkt", "punkty", "punktów"), "pl") == expected


def test_english_plural_of_items() -> None:
    assert [plural(n, ("item", "items", "items"), "en") for n in (1, 2, 5)] == ["item", "items", "items"]


def test_item_without_variants_applies_to_all() -> None:
    item = {"id": "x", "pl": {"text": "T"}, "en": {"text": "T"}}
    assert cl.item_variants(item) == VARIANTS
    assert all(cl.applies_to(item, v) for v in (None, *VARIANTS))


def test_item_of_some_variants_is_hidden_for_the_others() -> None:
    item = {"id": "x", "variants": ["rural", "urban-rural"]}
    assert cl.item_variants(item) == ("urban-rural", "rural")  # in the canonical order
    assert [v for v in VARIANTS if cl.applies_to(item, v)] == ["urban-rural", "rural"]
    assert cl.applies_to(item, None)


def test_variants_note_names_the_variants_in_each_language() -> None:
    assert cl.variants_note(("rural",), "pl") == "Dotyczy gmin wiejskich"
    assert cl.variants_note(("urban-rural", "rural"), "en") == "Applies to urban-rural gminas and rural gminas"


def test_storage_key_is_namespaced_per_list() -> None:
    assert cl.storage_key("zzk-meeting") == "ksiega:checklist:zzk-meeting"


def test_extend_nav_adds_a_section_once() -> None:
    nav = [{"Narzędzia": ["tools/index.md", "tools/variant-picker.md"]}]
    additions = {
        "tools/variant-picker.md": [{"Listy kontrolne": ["tools/checklists/index.md", "tools/checklists/a.md"]}]
    }
    once = extend_nav(nav, additions)
    assert once == [
        {
            "Narzędzia": [
                "tools/index.md",
                "tools/variant-picker.md",
                {"Listy kontrolne": ["tools/checklists/index.md", "tools/checklists/a.md"]},
            ]
        }
    ]
    assert extend_nav(once, additions) == once  # i18n configures once per language


def test_item_text_from_data_cannot_inject_markup(handbook: Handbook) -> None:
    item = {"id": "x", "pl": {"text": "<script>alert(1)</script> *nie* [link](x)", "why": "A & B <b>"}}
    context = cl.item_context(handbook, item, "basket/x/x", cl.page_path("basket"), "pl")
    assert "<script>" not in context["text"] and "&lt;script&gt;" in context["text"]
    assert "\\*nie\\*" in context["text"] and "\\[link\\]" in context["text"]
    assert "&lt;b&gt;" in context["hint"]


def test_why_line_carries_the_citation_before_the_full_stop(handbook: Handbook) -> None:
    item = {"id": "x", "pl": {"text": "T", "why": "Tak było w pilotażu."}, "sources": ["k3d-epidemia"]}
    context = cl.item_context(handbook, item, "basket/x/x", cl.page_path("basket"), "pl")
    assert context["hint"].endswith("Tak było w pilotażu [@k3d-epidemia].")


def _with_form_page(handbook: Handbook, form_id: str, title: str) -> Handbook:
    fake = copy.copy(handbook)
    fake.docs = copy.copy(handbook.docs)
    fake.docs.pages = [
        *handbook.docs.pages,
        *(
            DocPage(src=f"tools/forms/{form_id}.{lang}.md", lang=lang, meta={}, body=f"# {title} {lang}\n")
            for lang in LANGS
        ),
    ]
    return fake


def test_form_link_leads_to_the_form_page_and_fails_without_it(handbook: Handbook) -> None:
    item = {"id": "x", "pl": {"text": "T"}, "en": {"text": "T"}, "links": {"forms": ["family-consent"]}}
    base = cl.page_path("choose-family")
    without = copy.copy(handbook)
    without.docs = copy.copy(handbook.docs)
    without.docs.pages = [p for p in handbook.docs.pages if not p.src.startswith("tools/forms/family-consent.")]
    with pytest.raises(UnknownReference) as exc:
        cl.link_markdown(without, item, "l/s/x", base, "pl")
    assert str(exc.value.problems[0]) == (
        "data/checklists.yml: entry 'l/s/x': links.forms[0] points at the page "
        "'tools/forms/family-consent.md', which does not exist"
    )
    with_form = _with_form_page(without, "family-consent", "Zgoda rodziny")
    link = "[Wzór: Zgoda rodziny pl](../forms/family-consent.md)"
    assert cl.link_markdown(with_form, item, "l/s/x", base, "pl") == [link]
    link = "[Template: Zgoda rodziny en](../forms/family-consent.md)"
    assert cl.link_markdown(with_form, item, "l/s/x", base, "en") == [link]


def test_glossary_link_names_the_term_and_an_unknown_term_fails(handbook: Handbook) -> None:
    item = {"id": "x", "pl": {"text": "T"}, "links": {"glossary": ["zzk"]}}
    fake = copy.copy(handbook)
    fake.data = {**handbook.data, "glossary": {"terms": [{"id": "zzk", "pl": {"term": "Zespół", "abbr": "ZZK"}}]}}
    links = cl.link_markdown(fake, item, "l/s/x", cl.page_path("zzk-meeting"), "pl")
    assert links == ["[Słowniczek: ZZK](../../glossary.md#zzk)"]
    fake.data = {**handbook.data, "glossary": {"terms": [{"id": "pzk", "pl": {"term": "Partnerstwo", "abbr": "PZK"}}]}}
    with pytest.raises(UnknownReference) as exc:
        cl.link_markdown(fake, item, "l/s/x", cl.page_path("zzk-meeting"), "pl")
    message = "data/checklists.yml: entry 'l/s/x': links.glossary[0] unknown glossary id 'zzk'"
    assert str(exc.value.problems[0]) == message


def test_unknown_form_id_is_reported_by_the_loader(minimal_project: Path) -> None:
    data = minimal_project / "data" / "checklists.yml"
    text = data.read_text(encoding="utf-8")
    forms = "pages: [index.md#start]\n              forms: [no-such-form]"
    data.write_text(text.replace("pages: [index.md#start]", forms), encoding="utf-8")
    assert [str(p) for p in check_only(minimal_project)] == [
        "data/checklists.yml: entry 'first-list/first-section/second-item': links.forms[0] unknown forms id "
        "'no-such-form'"
    ]


# --- The real data ------------------------------------------------------------------------------


def test_every_phase_has_a_list_of_useful_length(handbook: Handbook) -> None:
    lists = cl.checklists(handbook)
    assert len(lists) >= 9
    for checklist in lists:
        assert 6 <= len(cl.items(checklist)) <= 18, checklist["id"]


def test_every_variant_has_items_of_its_own(handbook: Handbook) -> None:
    items = [item for c in cl.checklists(handbook) for item in cl.items(c)]
    for variant in VARIANTS:
        assert any(cl.item_variants(i) == (variant,) for i in items), variant


def test_lists_cover_every_procedure_step(handbook: Handbook) -> None:
    steps = {ref.partition("#")[2] for c in cl.checklists(handbook) for ref in c["steps"]}
    procedure = handbook.docs.get("model/procedure.md", "pl")
    assert procedure is not None
    assert {hid for _level, _text, hid in procedure.headings() if hid} <= steps


# --- The built site -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_index_lists_every_checklist_with_its_item_count(built_site: Path, handbook: Handbook, lang: str) -> None:
    index = content(built_site, url_of(lang))
    for checklist in cl.checklists(handbook):
        heading = index.cssselect(f'h3[id="{checklist["id"]}"]')
        assert heading, checklist["id"]
        link = heading[0].cssselect("a:not(.headerlink)")[0]
        assert link.get("href") == f"{checklist['id']}/"
        assert text(link) == checklist[lang]["title"]
        meta = heading[0].getnext().getnext()
        assert text(meta).startswith(cl.count_text(len(cl.items(checklist)), lang))
    privacy = [a for a in index.cssselect("a") if "about/privacy/#checklists" in a.get("href", "")]
    assert privacy, "the index links to the privacy note"


@pytest.mark.parametrize("lang", LANGS)
def test_each_checklist_page_has_a_labelled_checkbox_per_item(built_site: Path, handbook: Handbook, lang: str) -> None:
    for checklist in cl.checklists(handbook):
        page = content(built_site, url_of(lang, checklist["id"]))
        boxes = page.cssselect(".kk-checklist input[type=checkbox]")
        assert [b.get("data-item") for b in boxes] == [i["id"] for i in cl.items(checklist)]
        for box, item in zip(boxes, cl.items(checklist), strict=True):
            labels = page.cssselect(f'label[for="{box.get("id")}"]')
            assert len(labels) == 1 and text(labels[0]) == item[lang]["text"]
            expected = " ".join(cl.item_variants(item)) if "variants" in item else ""
            assert page.cssselect(f'li[data-item="{item["id"]}"]')[0].get("data-variants") == expected
        headings = [h.get("id") for h in page.cssselect(".kk-checklist h2")]
        assert headings == [s["id"] for s in checklist["sections"]]


@pytest.mark.parametrize("lang", LANGS)
def test_embedded_config_names_one_storage_key_and_the_items(built_site: Path, handbook: Handbook, lang: str) -> None:
    for checklist in cl.checklists(handbook):
        page = doc(built_site, url_of(lang, checklist["id"]))
        config = json.loads(page.cssselect(f"#kk-checklist-config-{checklist['id']}")[0].text)
        assert config["storageKey"] == f"ksiega:checklist:{checklist['id']}"
        assert config["items"] == [i["id"] for i in cl.items(checklist)]
        assert config["variantSlugs"] == VARIANT_SLUGS


def test_without_javascript_the_tools_are_hidden_and_a_note_explains(built_site: Path) -> None:
    page = content(built_site, url_of("pl", "zzk-meeting"))
    assert page.cssselect(".kk-checklist__tools")[0].get("hidden") is not None
    assert text(page.cssselect(".kk-checklist noscript")[0]) == cl.LABELS["pl"]["no_js"]


def test_checklist_links_lead_to_existing_pages_and_anchors(built_site: Path, handbook: Handbook) -> None:
    checked = 0
    for lang in LANGS:
        for checklist in cl.checklists(handbook):
            url = url_of(lang, checklist["id"])
            for link in content(built_site, url).cssselect("a[href]"):
                target = urljoin(f"/{url}", link.get("href"))
                parsed = urlparse(target)
                if parsed.netloc:
                    continue
                path = parsed.path.lstrip("/")
                file = built_site / path / "index.html" if not path.endswith(".html") else built_site / path
                assert file.exists(), f"/{url}: link to missing {target}"
                if parsed.fragment:
                    assert doc(built_site, path).cssselect(f'[id="{parsed.fragment}"]'), f"/{url}: {target}"
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("lang", LANGS)
def test_navigation_has_a_checklists_section(built_site: Path, handbook: Handbook, lang: str) -> None:
    nav = doc(built_site, url_of(lang)).cssselect("nav.md-nav--primary")[0]
    titles = [text(t) for t in nav.cssselect(".md-ellipsis")]
    index_title = handbook.data["checklists"]["index"][lang]["title"]
    assert index_title in titles
    position = titles.index(index_title)
    assert titles[position + 1 : position + 1 + len(cl.checklists(handbook))] == [
        c[lang]["title"] for c in cl.checklists(handbook)
    ]
