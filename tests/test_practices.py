"""Good practices: records, pages and the catalogue as a reader gets them (no JavaScript here;
the filters are exercised in test_practices_browser.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from sitepages import content, doc, text

from ksiega.core.handbook import load_handbook
from ksiega.features import practices as feature
from ksiega.toolkit import links

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = {"pl": "good-practices/", "en": "en/good-practices/"}
# The practices the issue asks for, at least (by the place and what was done).
REQUIRED = {
    "narewka-art-gallery",
    "lewkow-stary-day-room",
    "hajnowka-occupational-therapy",
    "hajnowka-neighbourly-help",
    "hajnowka-home-hospice",
    "oksa-intergenerational-day-room",
    "wodzislaw-care-services-day-home",
    "czestochowa-partnership",
    "silesia-pilot",
    "epidemic-remote-urban",
    "epidemic-remote-rural",
}


@pytest.fixture(scope="module")
def handbook():
    return load_handbook(ROOT)


@pytest.fixture(scope="module")
def items(handbook) -> list[feature.Practice]:
    return feature.practices(handbook)


def prefix(lang: str) -> str:
    return "" if lang == "pl" else "en/"


# --- Unit: pure functions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("good-practices/index.md", "good-practices/"),
        ("good-practices/oksa.md", "good-practices/oksa/"),
        ("index.md", ""),
    ],
)
def test_page_url(base: str, url: str) -> None:
    assert links.page_url(base) == url


@pytest.mark.parametrize(
    ("source", "target", "anchor", "link"),
    [
        ("good-practices/index.md", "good-practices/oksa.md", "", "oksa/"),
        ("good-practices/index.md", "about/sources.md", "jedrzejow-lk", "../about/sources/#jedrzejow-lk"),
        ("good-practices/oksa.md", "good-practices/index.md", "", "../"),
        ("index.md", "good-practices/index.md", "", "good-practices/"),
    ],
)
def test_relative_url_resolves_like_a_browser(source: str, target: str, anchor: str, link: str) -> None:
    made = links.relative_url(source, target, anchor)
    assert made == link
    base_url = f"http://x/{links.page_url(source)}"
    assert urljoin(base_url, made) == f"http://x/{links.page_url(target)}" + (f"#{anchor}" if anchor else "")


def test_expected_ids_applies_every_filter(handbook, items) -> None:
    everyone = [p.id for p in items]
    assert feature.expected_ids(handbook, {}) == everyone
    for practice in items:
        own = {
            "typ": practice.facet_values("gmina_type")[0],
            "woj": practice.record["place"]["voivodeships"][0],
        }
        assert practice.id in feature.expected_ids(handbook, own)
    unknown = [p.id for p in items if p.record["gmina_type"] is None]
    assert unknown and feature.expected_ids(handbook, {"typ": feature.UNKNOWN_TYPE}) == unknown
    assert all(p.startswith("hajnowka-") for p in unknown)  # the sources do not give Hajnówka's gmina type
    rural_seniors = feature.expected_ids(handbook, {"typ": "wiejska", "grupa": "seniors"})
    for practice in items:
        wanted = practice.record["gmina_type"] == "rural" and "seniors" in practice.record["target_groups"]
        assert (practice.id in rural_seniors) == wanted


# --- The records ------------------------------------------------------------------------


def test_the_required_practices_exist(items) -> None:
    assert REQUIRED <= {p.id for p in items}


def test_every_practice_has_both_texts_and_a_record(items) -> None:
    for practice in items:
        for lang in ("pl", "en"):
            assert practice.texts[lang]["title"] and practice.texts[lang]["summary"], (practice.id, lang)
        assert practice.record["sources"], practice.id


def test_filters_have_something_to_filter(items) -> None:
    """Each facet takes at least two values across the catalogue, so every filter narrows it."""
    for facet in feature.PARAMS:
        used = {value for p in items for value in p.facet_values(facet)}
        assert len(used) >= 2, facet


def test_plans_are_marked_as_plans(items) -> None:
    """Oksa and Wodzisław planned; the source does not say they did it."""
    stages = {p.id: p.record["stage"] for p in items}
    assert stages["oksa-intergenerational-day-room"] == "planned"
    assert stages["wodzislaw-care-services-day-home"] == "planned"


def test_the_doctor_is_not_named(handbook) -> None:
    for lang in ("pl", "en"):
        body = handbook.docs.get("good-practices/hajnowka-home-hospice.md", lang).body
        assert "dr " not in body.lower() and "doktor" not in body.lower()


# --- The built catalogue ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_practice_is_a_card_linking_to_its_page(built_site: Path, items, lang: str) -> None:
    article = content(built_site, CATALOGUE[lang])
    cards = article.cssselect("[data-kk-card]")
    assert [c.get("data-kk-card") for c in cards] == [p.id for p in items]
    for practice, card in zip(items, cards, strict=True):
        link = card.cssselect("h3 a")[0]
        assert text(link) == practice.texts[lang]["title"]
        target = urljoin(f"/{CATALOGUE[lang]}", link.get("href")).lstrip("/")
        assert target == f"{prefix(lang)}good-practices/{practice.id}/"
        page = content(built_site, target)
        assert text(page.cssselect("h1")[0]).startswith(practice.texts[lang]["title"])
        assert practice.texts[lang]["summary"].split()[0] in text(card)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_cards_carry_the_facets_of_their_record(built_site: Path, items, lang: str) -> None:
    cards = {c.get("data-kk-card"): c for c in content(built_site, CATALOGUE[lang]).cssselect("[data-kk-card]")}
    for practice in items:
        card = cards[practice.id]
        for facet, param in feature.PARAMS.items():
            assert card.get(f"data-{param}", "").split() == practice.facet_values(facet), (practice.id, param)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_card_citations_lead_to_the_bibliography(built_site: Path, items, lang: str) -> None:
    bibliography = doc(built_site, f"{prefix(lang)}about/sources/")
    for card in content(built_site, CATALOGUE[lang]).cssselect("[data-kk-card]"):
        for link in card.cssselect("a.kk-card__cite"):
            target = urljoin(f"/{CATALOGUE[lang]}", link.get("href"))
            path, _, anchor = target.partition("#")
            assert path == f"/{prefix(lang)}about/sources/"
            assert bibliography.cssselect(f'[id="{anchor}"]'), anchor


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_static_counts_per_facet_match_the_data(built_site: Path, handbook, items, lang: str) -> None:
    article = content(built_site, CATALOGUE[lang])
    vocab = feature.vocabulary(handbook)
    for facet, param in feature.PARAMS.items():
        select = article.cssselect(f"select[name={param}]")[0]
        label = article.cssselect(f"label[for={select.get('id')}]")
        assert label, f"{param} has no label"
        options = select.cssselect("option")
        assert options[0].get("value") == "" and text(options[0]).endswith(f"({len(items)})")
        counts = feature.facet_counts(items, facet, list(vocab[facet]))
        for option in options[1:]:
            assert text(option) == f"{vocab[facet][option.get('value')][lang]} ({counts[option.get('value')]})"


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_without_javascript_the_list_is_complete_and_the_form_hidden(built_site: Path, items, lang: str) -> None:
    article = content(built_site, CATALOGUE[lang])
    assert article.cssselect("form[data-kk-filters]")[0].get("hidden") is not None
    assert not [c for c in article.cssselect("[data-kk-card]") if c.get("hidden") is not None]
    assert str(len(items)) in text(article.cssselect("[data-kk-count]")[0])


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_practice_pages_follow_the_catalogue_in_the_navigation(built_site: Path, items, lang: str) -> None:
    nav = doc(built_site, CATALOGUE[lang]).cssselect("nav.md-nav--primary")[0]
    hrefs = [urljoin(f"/{CATALOGUE[lang]}", a.get("href")).lstrip("/") for a in nav.cssselect("a.md-nav__link[href]")]
    wanted = [f"{prefix(lang)}good-practices/{p.id}/" for p in items]
    listed = [h for h in hrefs if h in wanted]
    assert listed == wanted


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_practice_page_answers_the_same_questions(built_site: Path, items, lang: str) -> None:
    for practice in items:
        article = content(built_site, f"{prefix(lang)}good-practices/{practice.id}/")
        ids = [h.get("id") for h in article.cssselect("h2")]
        assert [i for i in ids if i in feature.SECTIONS] == feature.SECTIONS, practice.id
        assert article.cssselect("sup.kk-cite"), practice.id
