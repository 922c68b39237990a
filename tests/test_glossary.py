"""The glossary's pure functions, without MkDocs: abbreviations in text, tooltips, the page."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from ksiega.core.docs import Docs, page_from_text
from ksiega.core.handbook import load_handbook
from ksiega.core.project import ROOT
from ksiega.core.strings import read
from ksiega.features import glossary
from ksiega.toolkit import links
from ksiega.toolkit.lang import sort_key

GOLDEN = ROOT / "tests" / "fixtures" / "glossary"
CONTRACT_IDS = (
    "pzk zzk g-pzk ggk ops gops mops mgops pcpr rops rcps mcps pup ppp gkrpa interdisciplinary-team cus ipw "
    "basket-of-services animator moderator partnership kooperant supervision coaching empowerment "
    "motivational-dialogue multi-aspect-diagnosis community-interview milestone recommendation-book macroregion "
    "deinstitutionalisation efs power teryt"
).split()


def side(term: str, definition: str = "Def.", abbr: str | None = None, **extra: object) -> dict[str, object]:
    value: dict[str, object] = {"term": term, "definition": definition, **extra}
    if abbr:
        value["abbr"] = abbr
    return value


def entry(id: str, pl: dict[str, object], en: dict[str, object], **extra: object) -> dict[str, object]:
    return {"id": id, "pl": pl, "en": en, "sources": [], **extra}


# --- Abbreviations in text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Zespół PZK i ZZK, potem znowu PZK.", ["PZK", "ZZK"]),
        ("Zespoły G-PZK w Oksie", ["G-PZK"]),
        ("projekt UD315 i WCAG 2.1", ["UD315", "WCAG"]),
        ("w OPS-ach, dla PZK-ów i G-PZK-ach", ["OPS", "PZK", "G-PZK"]),
        ("The PZKs and NGOs meet.", ["PZK", "NGO"]),
        ("ŁÓDŹ, ŚOPS", ["ŁÓDŹ", "ŚOPS"]),  # Polish capitals count
        ("etap II, IV i VIII, wiek XX", []),  # Roman numerals
        ("SARS-CoV-2, e-mail, R01, A-1, Dz.U.", []),  # mixed case, one capital
        ("KOOPERACJE 3D, ZAWIĄZANO", []),  # words in capitals, not abbreviations
        ("`ABC` and\n\n```\nDEF\n```\n", []),  # code
        ('[link](https://example.org/ABC) <span class="DEF">x</span> <https://GHI.org>', []),
        ("Heading {#XYZ .ABC}\n<!-- kk:QRS -->\n*[TUV]: a hand-made definition", []),
        ("cited [@k3d-epidemia] and [the PZK](teams.md#pzk)", ["PZK"]),  # link text is read
    ],
)
def test_abbreviations_a_reader_sees(markdown: str, expected: list[str]) -> None:
    assert glossary.abbreviations_in(markdown) == expected


def test_the_schema_and_the_check_agree_on_what_an_abbreviation_is() -> None:
    import re

    schema = yaml.safe_load((ROOT / "data" / "schemas" / "glossary.schema.json").read_text(encoding="utf-8"))
    pattern = re.compile(schema["$defs"]["abbreviation"]["pattern"])
    for token in ["PZK", "G-PZK", "UD315", "ŁÓDŹ", "GKRPA", "ABCDEF"]:
        assert glossary.is_abbreviation(token) and pattern.match(token), token
    for token in ["Pzk", "pzk", "G-pzk", "-PZK"]:
        assert not pattern.match(token) and not glossary.is_abbreviation(token), token


# --- Tooltips ----------------------------------------------------------------------------------

TERMS = [
    entry("pzk", side("Partnerski Zespół Kooperacyjny", abbr="PZK"), side("Partnership Cooperation Team", abbr="PZK")),
    entry("gdpr", side("Ogólne rozporządzenie o ochronie danych", abbr="RODO"), side("Data Regulation", abbr="GDPR")),
    entry("eu", side("Unia Europejska", abbr="UE"), side("European Union", abbr="EU")),
    entry("coaching", side("Coaching"), side("Coaching")),
]


def test_tooltips_expand_each_abbreviation_in_the_pages_language() -> None:
    pl = glossary.tooltips(TERMS, "pl")
    en = glossary.tooltips(TERMS, "en")
    assert pl["PZK"] == "Partnerski Zespół Kooperacyjny"
    assert en["PZK"] == "Partnership Cooperation Team"
    # The other language's abbreviation still gets a tooltip, in this language, with its own abbreviation.
    assert en["RODO"] == "Data Regulation (GDPR)"
    assert pl["EU"] == "Unia Europejska (UE)"
    # English plurals of abbreviations.
    assert en["PZKs"] == en["PZK"]
    assert "PZKs" not in pl


def test_abbreviation_definitions_are_markdown_abbr_lines() -> None:
    tips = glossary.tooltips(TERMS, "pl")
    definitions = glossary.abbreviation_definitions(tips).splitlines()
    assert "*[PZK]: Partnerski Zespół Kooperacyjny" in definitions
    assert "*[RODO]: Ogólne rozporządzenie o ochronie danych" in definitions
    assert len(definitions) == len(tips)


def test_abbreviation_targets_cover_every_abbreviation_with_a_tooltip() -> None:
    for lang in ("pl", "en"):
        targets = glossary.abbreviation_targets(TERMS, lang)
        assert set(targets) == set(glossary.tooltips(TERMS, lang))
    assert glossary.abbreviation_targets(TERMS, "en")["RODO"] == "gdpr"


PZK = '<abbr title="Partnerski Zespół Kooperacyjny">PZK</abbr>'
RODO = '<abbr title="Ogólne rozporządzenie">RODO</abbr>'
TARGETS = {"PZK": "pzk", "RODO": "gdpr"}


def test_first_use_in_running_text_links_to_the_glossary_entry() -> None:
    html = (
        f'<h1 id="t">Zespoły {PZK}</h1><p class="admonition-title">O {PZK}</p>'
        f'<p><a href="x/">{PZK}</a> i <label>{PZK}</label></p>'
        f"<table><tr><th>{PZK}</th></tr><tr><td>Pierwszy {PZK} w tekście, potem {PZK} i {RODO}.</td></tr></table>"
        f"<ul><li>Znowu {PZK}, pierwszy {RODO}.</li></ul>"
        f'<script type="application/json">{{"t": "{PZK}"}}</script><br><p>{PZK}<img src="a.png"></p>'
    )
    out = glossary.link_first_uses(html, TARGETS, "../../glossary/")
    link = f'<a class="kk-term" href="../../glossary/#pzk">{PZK}</a>'
    assert out.count('class="kk-term"') == 2
    assert f"<td>Pierwszy {link} w tekście, potem {PZK} i " in out
    assert f'<a class="kk-term" href="../../glossary/#gdpr">{RODO}</a>' in out
    # Not in headings, titles, other links, labels or table headers, nor inside scripts.
    assert out.startswith(f'<h1 id="t">Zespoły {PZK}</h1><p class="admonition-title">O {PZK}</p>')
    assert f'<a href="x/">{PZK}</a> i <label>{PZK}</label>' in out and f"<th>{PZK}</th>" in out
    assert f'{{"t": "{PZK}"}}</script>' in out
    # Nothing else changes.
    assert out.replace(link, PZK).replace(f'<a class="kk-term" href="../../glossary/#gdpr">{RODO}</a>', RODO) == html


def test_a_page_without_prose_keeps_its_abbreviations_unlinked() -> None:
    html = f"<h2>{PZK}</h2><nav><a href='/'>{PZK}</a></nav>"
    assert glossary.link_first_uses(html, TARGETS, "glossary/") == html


@pytest.mark.parametrize(
    ("page", "url"),
    [
        ("index.md", "glossary/"),
        ("model/index.md", "../glossary/"),
        ("model/teams.md", "../../glossary/"),
        ("glossary.md", "./"),
    ],
)
def test_glossary_url_from_a_page(page: str, url: str) -> None:
    assert links.relative_url(page, glossary.GLOSSARY_PAGE) == url


# --- Used on, ordering, the page ------------------------------------------------------------


def test_used_on_finds_abbreviations_terms_and_inflected_forms() -> None:
    terms = [
        entry("pzk", side("Partnerski Zespół Kooperacyjny", abbr="PZK"), side("Team", abbr="PZK")),
        entry("supervision", side("Superwizja", forms=["superwizj*"]), side("Supervision", forms=["supervis*"])),
        entry("basket", side("Koszyk usług", forms=["koszyk* usług"]), side("Basket of services")),
    ]
    pages = [
        glossary.PageText("b.md", "Bravo", "Superwizji i koszyka usług nie ma w `PZK`."),
        glossary.PageText("a.md", "Alfa", "Zespół [PZK](x.md) i superwizorzy."),
        glossary.PageText("c.md", "Ćma", "Nadkoszyk usług, PZKA i superwizja."),
    ]
    used = glossary.used_on(terms, "pl", pages)
    assert [p.base for p in used["pzk"]] == ["a.md"]  # not in code, not inside "PZKA"
    assert [p.base for p in used["supervision"]] == ["b.md", "c.md"]  # "superwizorzy" is another word
    assert [p.base for p in used["basket"]] == ["b.md"]  # whole words only


def test_polish_alphabetical_order_and_letters() -> None:
    words = ["Żaba", "Źródło", "Zebra", "Ścieżka", "Szkoła", "Łąka", "Lampa", "Ćma", "Cel", "Ą", "Aha"]
    terms = [entry(f"t{i}", side(w), side(w)) for i, w in enumerate(words)]
    pl = glossary.entries(terms, "pl", {})
    assert [e.label for e in pl] == [
        "Aha",
        "Ą",
        "Cel",
        "Ćma",
        "Lampa",
        "Łąka",
        "Szkoła",
        "Ścieżka",
        "Zebra",
        "Źródło",
        "Żaba",
    ]
    assert [item["letter"] for item in glossary.letters(pl)] == ["A", "Ą", "C", "Ć", "L", "Ł", "S", "Ś", "Z", "Ź", "Ż"]
    assert glossary.letter_anchor("Ł") == "letter-l-with-stroke"
    assert glossary.letter_anchor("Ż") == "letter-z-with-dot-above"
    assert glossary.letter_anchor("L") == "letter-l"
    # Anchors of letter sections are unique and ASCII.
    anchors = [item["anchor"] for item in glossary.letters(pl)]
    assert len(set(anchors)) == len(anchors) and all(a.isascii() for a in anchors)


def test_entries_with_an_abbreviation_sort_by_it() -> None:
    terms = [
        entry("ops", side("Ośrodek pomocy społecznej", abbr="OPS"), side("Social assistance centre", abbr="OPS")),
        entry("animator", side("Animator"), side("Animator")),
    ]
    en = glossary.entries(terms, "en", {})
    assert [(e.label, e.letter) for e in en] == [("Animator", "A"), ("OPS – Social assistance centre", "O")]


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_glossary_markdown_matches_the_golden_file(lang: str) -> None:
    data = yaml.safe_load((GOLDEN / "input.yml").read_text(encoding="utf-8"))
    terms = glossary.terms_of(data)
    pages = [glossary.PageText(p["base"], p["title"][lang], p["text"][lang]) for p in data["pages"]]
    uses = glossary.used_on(terms, lang, pages)
    words = read(ROOT, "glossary")[lang]
    markdown = glossary.render_entries(glossary.entries(terms, lang, uses), "glossary.md", words)
    expected = (GOLDEN / f"expected.{lang}.md").read_text(encoding="utf-8")
    assert markdown.strip() == expected.strip()


def test_data_problems_name_the_entry_and_field() -> None:
    terms = [
        entry("a", side("Ala", abbr="AB"), side("Ala", abbr="AB")),
        entry("b", side("ala", abbr="AB"), side("Bob", abbr="CD"), see=["b"]),
    ]
    problems = [str(p) for p in glossary.data_problems({"terms": terms, "not_terms": [{"token": "CD", "reason": "x"}]})]
    assert problems == [
        "data/glossary.yml: entry 'b': pl.abbr 'AB' is also the abbreviation of entry 'a'",
        "data/glossary.yml: entry 'b': pl.term 'ala' is also the term of entry 'a'",
        "data/glossary.yml: entry 'b': see lists the entry itself",
        "data/glossary.yml: not_terms: 'CD' has a glossary entry ('b'): remove it from not_terms",
    ]


# --- The real glossary --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_terms() -> list[dict[str, object]]:
    return glossary.terms_of(load_handbook(ROOT).data["glossary"])


def test_real_glossary_covers_the_agreed_ids_and_enough_entries(real_terms: list[dict[str, object]]) -> None:
    ids = {t["id"] for t in real_terms}
    assert not set(CONTRACT_IDS) - ids
    assert len(ids) >= 40


def test_every_abbreviation_used_in_the_pages_has_a_tooltip_in_that_language() -> None:
    handbook = load_handbook(ROOT)
    not_terms = glossary.not_terms_of(handbook.data["glossary"])
    for lang in ("pl", "en"):
        tips = glossary.tooltips(glossary.terms_of(handbook.data["glossary"]), lang)
        for page in handbook.docs.pages:
            if page.lang == lang:
                missing = [t for t in glossary.abbreviations_in(page.body) if t not in tips and t not in not_terms]
                assert missing == [], page.file


def test_sort_key_puts_polish_letters_after_their_base_letters() -> None:
    assert sorted(["ś", "t", "s", "ł", "m", "l"], key=lambda w: sort_key(w, "pl")) == ["l", "ł", "m", "s", "ś", "t"]


@pytest.mark.parametrize(
    ("form", "text", "may"),
    [
        ("zespół", "Zespół działa.", True),
        ("zespół", "Członkowie zespołu.", False),  # a word without * is the whole word
        ("zesp*", "Członkowie zespołu.", True),
        ("koszyk* usług", "Koszyk usług gminy.", True),
        ("koszyk* usług", "Koszyk i usługi.", False),  # "usług" is no word of the text
        ("G-PZK", "Działa G-PZK.", True),  # a hyphen: left to the pattern
        ("PZK", "Działa G-PZK.", False),  # no word starts with PZK (after a hyphen it does not)
    ],
)
def test_a_form_is_searched_only_where_its_words_are(form: str, text: str, may: bool) -> None:
    lowered = text.lower()
    assert glossary._may_match(form, lowered, glossary.word_starts(lowered)) is may


def test_no_form_that_matches_a_page_is_skipped() -> None:
    """The quick check never skips a form whose pattern matches: every form of every entry, on
    every page of the handbook, in its language."""
    handbook = load_handbook(ROOT)
    matched = 0
    for page in handbook.docs.pages:
        text = glossary.prose(page.body)
        lowered = text.lower()
        words = glossary.word_starts(lowered)
        for term in glossary.terms_of(handbook.data["glossary"]):
            side = term[page.lang]
            for form in [side["term"], *side.get("forms", [])]:
                # (A match holds the form's first letters: pages without them are not searched.)
                if glossary._form_hint(form) in lowered and glossary._form_pattern(form).search(text):
                    matched += 1
                    assert glossary._may_match(form, lowered, words), (page.src, form)
    assert matched > 1000


def test_a_page_gets_the_definitions_of_the_abbreviations_its_text_and_fragments_hold(tmp_path: Path) -> None:
    handbook = load_handbook(ROOT)
    (tmp_path / "_fragments").mkdir()
    (tmp_path / "_fragments" / "note.pl.md").write_text("Zespół zwołuje OPS.\n", encoding="utf-8")
    handbook = dataclasses.replace(handbook, docs=Docs(tmp_path, handbook.docs.pages))
    page = page_from_text("a.pl.md", "pl", "# A\n", "docs/a.pl.md")

    def defined(markdown: str) -> list[str]:
        out = glossary.transform(handbook, "pl", page, markdown)
        return sorted(line.split("]")[0][2:] for line in out.splitlines() if line.startswith("*["))

    assert defined("# A\n\nPartnerstwo PZK i ZZK.\n") == ["PZK", "ZZK"]
    assert defined("# A\n\nBez skrótów.\n") == []
    assert defined("# A\n\n{!note.pl.md!}\n") == ["OPS"]
