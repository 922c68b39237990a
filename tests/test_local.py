"""The local edition without MkDocs: loading local/<id>/, the variant from the TERYT code,
staleness with a fixed "today", and the pages the feature composes (both languages).

Bad local data (wrong TERYT, unknown sector or partner, phone, e-mail, future last_checked,
missing and unknown fields) is in tests/fixtures/bad-input/cases.yml (kinds local-*)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from ksiega import local
from ksiega.core.data import DataError
from ksiega.core.handbook import Handbook, load_handbook
from ksiega.features import checklists, glossary
from ksiega.features import local as feature
from ksiega.site import compose, nav_additions

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "local" / "example"
WZOROWO = ROOT / "tests" / "fixtures" / "local" / "wzorowo"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def national() -> Handbook:
    return load_handbook(ROOT)


@pytest.fixture(scope="module")
def example(national: Handbook) -> Handbook:
    return compose(dataclasses.replace(national, local=local.load_local(national, EXAMPLE, TODAY)))


@pytest.fixture(scope="module")
def wzorowo(national: Handbook) -> Handbook:
    return compose(dataclasses.replace(national, local=local.load_local(national, WZOROWO, TODAY)))


def _local_pages(handbook: Handbook) -> dict[str, str]:
    return {path: md for path, md in handbook.generated.items() if path.startswith("local/")}


# --- Loading -------------------------------------------------------------------------------------


def test_the_example_is_przykladowo_rural_with_nine_partners_and_ten_services(national: Handbook) -> None:
    edition = local.load_local(national, EXAMPLE, TODAY)
    assert edition["gmina"]["name"]["pl"] == "Gmina Przykładowo"
    assert edition["gmina"]["fictional"] is True
    assert edition["variant"] == "rural"
    assert len(edition["partners"]) == 9
    assert len(edition["services"]) == 10


def test_the_variant_follows_from_teryt_through_the_pickers_rules(national: Handbook) -> None:
    """Wzorowo (2497011: a city with powiat rights, type digit 1) is urban; the picker agrees."""
    from ksiega.features import variants

    edition = local.load_local(national, WZOROWO, TODAY)
    assert edition["variant"] == "urban"
    picker = variants.evaluate(variants.rules(national), {"teryt": "2497011"})
    assert picker["result"]["variant"] == "urban"


def test_every_local_data_file_in_the_project_is_valid() -> None:
    """`python -m ksiega check` validates local/example too."""
    assert local.editions(ROOT) == [EXAMPLE]


def test_a_card_older_than_six_months_is_stale_and_a_warning(
    national: Handbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today from KK_TODAY: the example's card of 2026-03-10 is stale on 2026-12-01."""
    monkeypatch.setenv("KK_TODAY", "2026-12-01")
    edition = local.load_local(national, EXAMPLE)
    assert edition["stale"] == ["pomoc-sasiedzka"]
    assert edition["warnings"] == [
        "local/example/services.yml: entry 'pomoc-sasiedzka': last_checked 2026-03-10 is more than 6 months ago: "
        "check the card with the partner and update the date"
    ]


@pytest.mark.parametrize(("today", "stale"), [("2027-03-01", []), ("2027-03-02", ["asystent-rodziny"])])
def test_staleness_starts_the_day_after_the_months_have_passed(
    national: Handbook, today: str, stale: list[str]
) -> None:
    """Wzorowo allows twelve months; its card of 2026-03-01 is stale from 2027-03-02."""
    assert local.load_local(national, WZOROWO, dt.date.fromisoformat(today))["stale"] == stale


def test_the_gmina_sets_how_many_months_make_a_card_stale(national: Handbook) -> None:
    """Wzorowo allows twelve months: its card of 2026-03-01 is not stale on 2026-12-01."""
    edition = local.load_local(national, WZOROWO, TODAY)
    assert edition["stale_after_months"] == 12
    assert edition["stale"] == []


def test_a_bad_kk_today_is_one_clear_problem(national: Handbook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KK_TODAY", "1 grudnia")
    with pytest.raises(DataError) as error:
        local.load_local(national, EXAMPLE)
    assert [str(p) for p in error.value.problems] == ["KK_TODAY: '1 grudnia' is not a date in the form YYYY-MM-DD"]


def test_a_missing_file_names_itself(national: Handbook, tmp_path: Path) -> None:
    folder = tmp_path / "gmina"
    folder.mkdir()
    for path in EXAMPLE.glob("*"):
        if path.name != "amendments.yml":
            (folder / path.name).write_bytes(path.read_bytes())
    with pytest.raises(DataError) as error:
        local.load_local(national, folder, TODAY)
    assert [p.message for p in error.value.problems] == [
        "is missing: every local edition has it (copy it from local/example/)"
    ]


def _objects(schema: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            found.append(schema)
        for value in schema.values():
            found += _objects(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _objects(value)
    return found


@pytest.mark.parametrize("name", [*sorted(local.FILES.values()), "local-common.schema.json"])
def test_no_local_schema_accepts_an_unknown_field_or_names_a_person(name: str) -> None:
    schema = json.loads((ROOT / "data" / "schemas" / name).read_text(encoding="utf-8"))
    objects = _objects(schema)
    assert objects
    assert all(obj.get("additionalProperties") is False for obj in objects)
    fields = {key for obj in objects for key in obj.get("properties", {})}
    personal = {"person", "family", "first_name", "surname", "pesel", "mobile", "director", "contact_person"}
    assert fields & personal == set()


# --- The national handbook is unchanged ------------------------------------------------------------


def test_without_a_local_edition_nothing_is_added(national: Handbook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KK_LOCAL", raising=False)
    assert local.folder_from_env() is None
    assert local.with_local(national, None) is national
    assert feature.pages(national) == {}
    assert feature.files(national) == {}
    assert feature.nav(national) == {}
    assert feature.section_titles(national) == {}


def test_a_local_edition_changes_no_national_page(national: Handbook, example: Handbook) -> None:
    """Composed in memory with and without the local edition: every national page is
    byte-identical but for the line on each checklist that names the gmina's variant, and the
    local pages are all under local/ (the gmina's copies of the forms under tools/forms/local/)."""
    plain = compose(national)
    added = {p: md for p, md in example.generated.items() if p not in plain.generated}
    changed = {p for p in plain.generated if example.generated[p] != plain.generated[p]}
    lists = {p for p in plain.generated if re.fullmatch(r"tools/checklists/(?!index\.)[^/]+\.(pl|en)\.md", p)}
    assert changed == lists
    for path in lists:
        lang = path.split(".")[-2]
        line = checklists.local_variant_line(example, path.replace(f".{lang}.md", ".md"), lang)
        assert example.generated[path].replace("\n".join(line) + "\n", "", 1) == plain.generated[path]
    assert added and all(p.startswith(("local/", "tools/forms/local/")) for p in added)
    assert any(p.startswith("tools/forms/local/") for p in added)
    without = nav_additions(plain)
    with_local = nav_additions(example)
    assert with_local.pop(feature.NAV_AFTER) == [
        {"Nasza gmina": list(feature.nav(example)[feature.NAV_AFTER][0]["Nasza gmina"])}
    ]
    assert with_local == without


# --- The pages ---------------------------------------------------------------------------------------


def test_every_page_exists_in_both_languages_and_says_the_gmina_is_fictional(example: Handbook) -> None:
    pages = _local_pages(example)
    bases = {re.sub(r"\.(pl|en)\.md$", "", p) for p in pages}
    assert len(bases) == 7 + 10
    for base in bases:
        assert "Gmina fikcyjna – przykład" in pages[f"{base}.pl.md"]
        assert "A fictional gmina – an example" in pages[f"{base}.en.md"]


def test_the_index_names_the_variant_and_links_the_pickers_result(example: Handbook, wzorowo: Handbook) -> None:
    page = example.generated["local/index.pl.md"]
    assert "**Wariant modelu:** wiejska" in page
    assert "(../tools/variant-picker.md?teryt=2659012)" in page
    city = wzorowo.generated["local/index.en.md"]
    assert "**Variant of the model:** urban" in city
    assert "(../tools/variant-picker.md?teryt=2497011)" in city


def test_polish_only_text_is_marked_polish_on_english_pages(example: Handbook, wzorowo: Handbook) -> None:
    en = example.generated["local/services/pomoc-sasiedzka.en.md"]
    assert '<span lang="pl">według grafiku wolontariuszy, zwykle w dni robocze przed południem</span>' in en
    pl = example.generated["local/services/pomoc-sasiedzka.pl.md"]
    assert 'lang="pl"' not in pl
    assert '<span lang="pl">Miejski Ośrodek Pomocy Rodzinie w Wzorowie</span>' in wzorowo.generated["local/index.en.md"]


def test_the_stale_card_is_flagged_on_its_page_in_the_basket_and_on_the_sheet(example: Handbook) -> None:
    page = example.generated["local/services/pomoc-sasiedzka.pl.md"]
    assert '!!! danger "Do sprawdzenia"' in page
    assert "sprawdzono je 10 marca 2026, ponad 6 miesięcy temu" in page
    fresh = example.generated["local/services/asystent-rodziny.pl.md"]
    assert "Do sprawdzenia" not in fresh
    basket = example.generated["local/basket.en.md"]
    assert basket.count("data-kk-stale") == 1
    card = basket[basket.index('data-kk-card="pomoc-sasiedzka"') :]
    assert card.index("data-kk-stale") < card.index("</li>")
    assert "(Do sprawdzenia)" in example.generated["local/who-offers-what.pl.md"]


def test_partnership_lists_members_by_sector_and_a_role_not_a_name(example: Handbook) -> None:
    page = example.generated["local/partnership.pl.md"]
    assert "- **pomoc społeczna:** [Gminny Ośrodek Pomocy Społecznej w Przykładowie](partners.md#gops), " in page
    assert "- **organizacje pozarządowe:** [Stowarzyszenie „Razem dla Przykładowa”](partners.md#razem)" in page
    assert "koordynatorka lub koordynator partnerstwa" in page
    assert "**Rodzaj zespołu:** Gminno-Powiatowy Zespół Kooperacji" in page


def test_amendments_are_listed_newest_first(example: Handbook) -> None:
    page = example.generated["local/amendments.pl.md"]
    dates = re.findall(r"^- \*\*(.+?):\*\*", page, re.MULTILINE)
    assert dates == ["20 listopada 2026", "20 września 2026", "2 marca 2026"]


def test_the_sheet_lists_every_service_with_its_partners_phone(example: Handbook) -> None:
    sheet = example.generated["local/who-offers-what.en.md"]
    rows = [line for line in sheet.splitlines() if line.startswith("| [")]
    assert len(rows) == 10
    assert any("A family assistant" in row and "\\+48 41 000 00 01" in row for row in rows)


def test_basket_filters_follow_the_data(example: Handbook) -> None:
    """The rule catalogue-filter.js applies, on the example's data (used by the browser test too)."""
    assert feature.expected_ids(example, {"sektor": "health"}) == [
        "pielegniarka-srodowiskowa",
        "punkt-konsultacyjny-gkrpa",
    ]
    assert feature.expected_ids(example, {"grupa": "seniors", "koszt": "partly-paid"}) == ["uslugi-opiekuncze"]
    assert feature.expected_ids(example, {"czekanie": "none", "grupa": "children-youth"}) == [
        "swietlica",
        "zajecia-rodzinne",
    ]
    assert len(feature.expected_ids(example, {})) == 10


# --- The local PDF -------------------------------------------------------------------------------


def test_the_local_books_cover_and_colophon_name_the_edition(national: Handbook, example: Handbook) -> None:
    from ksiega import pdf

    assert pdf.local_edition_line(national, "pl") is None
    line = pdf.local_edition_line(example, "pl")
    assert line == "Wydanie lokalne: Gmina Przykładowo, stan na 20 listopada 2026"
    assert (
        pdf.local_edition_line(example, "en") == "Local edition: Przykładowo, a fictional gmina, as of 20 November 2026"
    )
    from ksiega.core.strings import ui

    common = {
        "labels": dict(ui(example, "pdf", "pl")),
        "title": "T",
        "subtitle": "S",
        "edition": "1",
        "date": "d",
        "colophon": "C",
        "made": "m",
        "toc": [],
        "chapters": [],
    }
    book = pdf.TEMPLATES.render("pdf-book.html", lang="pl", local_edition=line, **common)
    assert book.count(line) == 2  # the cover and the colophon
    assert "Wydanie lokalne" not in pdf.TEMPLATES.render("pdf-book.html", lang="pl", local_edition=None, **common)


def test_the_benchmarks_synthetic_basket_is_a_valid_edition_of_500_services(national: Handbook, tmp_path: Path) -> None:
    from ksiega import bench

    edition = local.load_local(national, bench.synthetic_basket(tmp_path / "big"), TODAY)
    assert len(edition["services"]) == 500
    assert len({s["id"] for s in edition["services"]}) == 500


def test_service_cards_are_out_of_the_navigation_and_of_the_glossarys_used_on_lists(example: Handbook) -> None:
    """A big basket has hundreds of cards: they are reached from the basket, not listed in the
    navigation, nor under every glossary entry they mention (the basket, which is, stays)."""
    cards = [p for p in example.docs.pages if p.src.startswith("local/services/")]
    assert cards and not any(p.listed for p in cards)
    assert all(p.listed for p in example.docs.pages if not p.src.startswith("local/services/"))
    nav = feature.nav(example)[feature.NAV_AFTER][0]["Nasza gmina"]
    assert feature.BASKET in nav and not [p for p in nav if p.startswith("local/services/")]
    for lang in ("pl", "en"):
        listed = {p.base for p in glossary.page_texts(example, lang)}
        assert feature.BASKET in listed
        assert not [base for base in listed if base.startswith("local/services/")]
    # The cards do use glossary terms: left out on purpose, not because none matched.
    terms = glossary.terms_of(example.data["glossary"])
    card_texts = [glossary.PageText(p.base, p.title, p.body) for p in cards if p.lang == "pl"]
    assert any(ids for ids in glossary.used_on(terms, "pl", card_texts).values())
