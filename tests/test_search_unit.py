"""The search normaliser and the index split, as pure Python (no MkDocs, no browser)."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from ksiega import search
from ksiega.search import Normaliser, build_stem_map, fold, normaliser_for, split_index, words

ROOT = Path(__file__).resolve().parents[1]


def term(word: str, lang: str = "pl", stem_map: dict[str, str] | None = None) -> str | None:
    return Normaliser(lang, stem_map or {}).term(word)  # type: ignore[arg-type]


def test_fold_removes_every_polish_diacritic() -> None:
    assert fold("Zażółć gęślą jaźń") == "zazolc gesla jazn"
    assert fold("ĄĆĘŁŃÓŚŹŻ") == "acelnoszz"
    assert fold("Łódź") == "lodz"
    assert fold("café") == "cafe"


@pytest.mark.parametrize(
    "forms",
    [
        ["rodzina", "rodziny", "rodzinie", "rodzinę", "rodziną", "rodzinom", "rodzinami", "rodzinach"],
        ["kooperacja", "kooperacji", "kooperację", "kooperacją"],
        ["zespołu", "zespołem", "zespołowi", "zespołów", "zespołom", "zespołach"],
        ["Łódź", "Łodzi", "lodz"],
        ["pomoc", "pomocy", "pomocą"],
        ["usługa", "usługi", "usług", "usługę", "usługami"],
    ],
)
def test_inflected_polish_forms_share_one_term(forms: list[str]) -> None:
    terms = {term(form) for form in forms}
    assert len(terms) == 1, dict(zip(forms, map(term, forms), strict=True))


def test_diacritics_do_not_matter_for_words_the_stemmer_treats_alike() -> None:
    for word in ["ośrodek", "Ośrodka", "społecznej", "rodzinę", "Łódź", "gmina", "współpraca"]:
        assert term(fold(word)) == term(word), word


def test_abbreviations_stay_as_they_are() -> None:
    assert [term(w) for w in ["PZK", "ZZK", "MOPS", "GOPS", "PCPR", "CUS"]] == [
        "pzk",
        "zzk",
        "mops",
        "gops",
        "pcpr",
        "cus",
    ]


def test_stop_words_give_no_term_with_or_without_diacritics() -> None:
    assert term("się") is None and term("sie") is None
    assert term("w") is None and term("oraz") is None
    assert term("the", "en") is None
    assert term("nie") == "nie"  # "nie wiem" is an answer in the variant picker


def test_english_keeps_english_stemming() -> None:
    assert term("families", "en") == term("family", "en") == "famili"
    assert term("cooperating", "en") == term("cooperation", "en") == "cooper"
    assert term("Łódź", "en") == term("lodz", "en")


def test_stem_map_finds_words_typed_without_diacritics() -> None:
    # "zespolow" stems differently from "zespołów" (Snowball knows the ending "-ów", not "-ow").
    assert term("zespolow") != term("zespołów")
    counts = Counter({"zespołów": 3, "zespół": 5, "rodzinie": 2, "się": 9})
    stem_map = build_stem_map(counts, "pl")
    assert stem_map == {"zespolow": term("zespołów")}
    assert term("zespolow", stem_map=stem_map) == term("zespołów") == term("zespół")


def test_stem_map_follows_the_more_frequent_spelling_when_two_fold_alike() -> None:
    # A handbook that wrote "zespolow" more often than "zespołów" keeps "zespolow" as it is.
    assert build_stem_map(Counter({"zespołów": 1, "zespolow": 3}), "pl") == {}
    assert build_stem_map(Counter({"zespołów": 3, "zespolow": 1}), "pl") == {"zespolow": term("zespołów")}


def test_words_are_cut_like_materials_tokenizer() -> None:
    text = "<p>Ośrodek Pomocy Społecznej (OPS) – „lider”; G-PZK/ZZK: 2018–2021.</p><li>rodzina,</li>"
    assert words(text) == [
        *["ośrodek", "pomocy", "społecznej", "ops", "lider", "g", "pzk", "zzk", "2018", "2021", "rodzina"]
    ]


def test_separator_can_be_split_by_materials_highlighter() -> None:
    # Material's highlighter splits the separator at "|" and compiles each part.
    assert "|" not in search.SEPARATOR
    re.compile(search.SEPARATOR)


MERGED = {
    "config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": [" "], "fields": {}},
    "docs": [
        {"location": "", "title": "Księga", "text": "Start"},
        {"location": "glossary/", "title": "Słowniczek", "text": ""},
        {
            "location": "glossary/#pzk",
            "title": "PZK – Partnerski Zespół Kooperacyjny",
            "text": "<p>Stałe partnerstwo</p> <p>Zobacz też: ZZK Używane na stronach: Dobre praktyki, Zespoły</p>",
        },
        {"location": "glossary/#g-pzk", "title": "G-PZK – Gminno-Powiatowy Zespół", "text": "PZK w gminie"},
        {"location": "model/teams/#pzk", "title": "PZK", "text": "Zespół partnerów"},
        {"location": "en/", "title": "Handbook", "text": "Start"},
        {"location": "en/glossary/#pzk", "title": "PZK – Partnership Cooperation Team", "text": "A partnership"},
    ],
}


def test_split_index_gives_each_language_only_its_own_pages() -> None:
    keys = {"pl": {"glossary/#pzk": "PZK", "glossary/#g-pzk": "GPZK"}, "en": {"glossary/#pzk": "PZK"}}
    indexes = split_index(MERGED, keys, {"pl": "Używane na stronach", "en": "Used on"})
    pl_locations = ["", "glossary/", "glossary/#pzk", "glossary/#g-pzk", "model/teams/#pzk"]
    assert [d["location"] for d in indexes["pl"]["docs"]] == pl_locations
    assert [d["location"] for d in indexes["en"]["docs"]] == ["", "glossary/#pzk"]
    assert indexes["pl"]["config"]["lang"] == ["kk-pl"] and indexes["en"]["config"]["lang"] == ["kk-en"]
    pzk = indexes["pl"]["docs"][2]
    assert pzk["keys"] == "PZK" and pzk["boost"] == search.GLOSSARY_BOOST
    # The entry's list of pages that use it is not searched: only its meaning and related entries.
    assert pzk["text"] == "<p>Stałe partnerstwo</p> <p>Zobacz też: ZZK</p>"
    assert "keys" not in indexes["pl"]["docs"][0] and "boost" not in indexes["pl"]["docs"][0]
    # The handbook's chapters weigh more than tools that use the same words, less than the glossary.
    assert indexes["pl"]["docs"][4]["boost"] == search.CHAPTER_BOOST < search.GLOSSARY_BOOST
    assert "keys" in indexes["pl"]["config"]["fields"]


def test_glossary_keys_are_the_abbreviation_as_one_word_or_a_one_word_term() -> None:
    handbook = SimpleNamespace(
        data={
            "glossary": {
                "terms": [
                    {"id": "g-pzk", "pl": {"abbr": "G-PZK", "term": "x"}, "en": {"abbr": "G-PZK", "term": "y"}},
                    {"id": "animator", "pl": {"term": "Animator"}, "en": {"term": "Animator"}},
                    {"id": "help-path", "pl": {"term": "Ścieżka pomocy"}, "en": {"term": "Path of help"}},
                ]
            }
        }
    )
    assert search.glossary_keys(handbook, "pl") == {  # type: ignore[arg-type]
        "glossary/#g-pzk": "GPZK",
        "glossary/#animator": "Animator",
        "glossary/#help-path": "",
    }
    assert search.glossary_keys(SimpleNamespace(data={}), "en") == {}  # type: ignore[arg-type]


def test_normaliser_data_holds_the_stop_words_and_the_stem_map() -> None:
    docs = [{"title": "Zespołów", "text": "<p>zespół się</p>"}]
    data = normaliser_for(docs, "pl").to_json()
    assert data["lang"] == "pl"
    assert "sie" in data["stopWords"]
    assert data["stemMap"] == {"zespolow": term("zespołów")}


def _translator():
    spec = importlib.util.spec_from_file_location("snowball_js", ROOT / "scripts" / "snowball_js.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("language", ["polish", "english"])
def test_browser_stemmers_are_the_translation_of_the_pinned_python_ones(language: str) -> None:
    """overrides/…/kk/<language>.js is what scripts/snowball_js.py makes of snowballstemmer now
    (re-run the script after upgrading snowballstemmer)."""
    translator = _translator()
    shipped = (translator.TARGET / f"{language}.js").read_text(encoding="utf-8")
    assert shipped == translator.translate(translator.LANGUAGES[language])


def test_i18n_search_duplicates_are_removed_as_before_only_faster() -> None:
    """ksiega.search.without_unmatched leaves mkdocs-static-i18n's result unchanged:
    the same entries removed (an English page identical to its Polish one, twice in a row, an
    equal title with another text, the home page whose location every other one ends with)."""
    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    def entries() -> list[dict[str, str]]:
        return [
            {"location": "", "title": "Start", "text": "Witaj"},
            {"location": "a/", "title": "A", "text": "same"},
            {"location": "b/", "title": "B", "text": "polski"},
            {"location": "c/", "title": "C", "text": "x"},
            {"location": "en/", "title": "Start", "text": "Witaj"},
            {"location": "en/a/", "title": "A", "text": "same"},
            {"location": "en/a/", "title": "A", "text": "same"},
            {"location": "en/b/", "title": "B", "text": "English"},
            {"location": "en/x/c/", "title": "C", "text": "x"},
            {"location": "en/d/", "title": "D", "text": "only English"},
        ]

    plugin = SimpleNamespace(build_languages=["pl", "en"])
    # i18n's own function (hooks/finish.py keeps it there once it has put ours in place).
    original = getattr(ExtendedPlugin, "kk_original_search_duplicates", ExtendedPlugin.reconfigure_search_duplicates)
    faster = search.without_unmatched(original)
    expected, found = entries(), entries()
    original(plugin, expected)
    faster(plugin, found)
    assert found == expected
    assert len(expected) < len(entries())  # some were duplicates
