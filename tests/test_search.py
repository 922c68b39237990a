"""Search as a reader uses it: one index per language, Polish words found with or without
diacritics and in any inflected form, English stemmed as English, the glossary first for its
own terms, the same search term in Python and in the browser."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from sitepages import axe_violations, doc, english, pages

from ksiega import search
from ksiega.core.handbook import load_handbook
from ksiega.search import WATCH_WORKER, Normaliser, fold, index_path, normaliser_for, words

# (query as a reader types it, a page it must find among the first results). Chosen by what the
# page is about; test_expected_pages_contain_the_query checks each page really has the words.
POLISH_QUERIES = [
    ("osrodek pomocy", "model/recommendations/"),  # "ośrodkowi pomocy społecznej" (R01)
    ("Ośrodek Pomocy", "model/recommendations/"),
    ("lodz", "model/pilot/"),  # Łódź
    ("Łódź", "model/pilot/"),
    ("rodzinie", "trainers/working-with-family/"),  # "Skuteczna praca z rodziną"
    ("udziału rodziny", "model/principles/"),  # "Udział i zgoda rodziny"
    ("rodzinom", "trainers/working-with-family/"),
    ("kooperacji", "model/"),  # "Model kooperacji w skrócie"
    ("kooperacja", "model/"),
    ("zespołów", "model/teams/"),  # "Zespoły"
    ("zespolow", "model/teams/"),
    ("skladu zespolow zadaniowych", "model/teams/"),  # "Skład zespołu zadaniowego"
    ("pzk", "model/teams/"),
    ("koszyk uslug", "model/basket-of-services/"),
    ("koszyka usług", "model/basket-of-services/"),
    ("superwizja", "model/crisis/"),
    ("diagnozy", "model/procedure/"),
    ("spotkania inicjujace", "model/procedure/"),
    ("rekomendacje", "model/recommendations/"),
    ("pilotazu", "model/pilot/"),
    ("wspolpraca w kryzysie", "model/crisis/"),
    ("deklaracja dostepnosci", "about/accessibility/"),
    ("prywatnosc", "about/privacy/"),
    ("PCPR", "model/pilot/"),
]
ENGLISH_QUERIES = [
    ("families", "en/trainers/working-with-family/"),
    ("cooperating", "en/model/why-cooperate/"),
    ("basket of services", "en/model/basket-of-services/"),
    ("Lodz", "en/model/pilot/"),
    ("pzk", "en/model/teams/"),
    ("supervision", "en/model/crisis/"),
    ("recommendation", "en/model/recommendations/"),
]
TOP = 5  # result groups (pages) a reader sees without scrolling

LAST_QUERY_SHOWN = """query => {
  const log = window.kkSearchLog;
  return log.queries.length > 0 && log.queries[log.queries.length - 1] === query
    && log.results === log.queries.length;
}"""


def lang_of(url: str) -> str:
    return "en" if english(url) else "pl"


def load_index(site: Path, lang: str) -> dict:
    return json.loads(index_path(site, lang).read_text(encoding="utf-8"))


def load_normaliser(site: Path, lang: str) -> Normaliser:
    data = json.loads((index_path(site, lang).parent / "normalise.json").read_text(encoding="utf-8"))
    return Normaliser(lang, data["stemMap"])  # type: ignore[arg-type]


def index_words(site: Path, lang: str) -> list[str]:
    """The distinct words of a language's index, as the browser's tokenizer cuts them."""
    entries = load_index(site, lang)["docs"]
    return sorted({w for entry in entries for w in words(entry["title"] + " " + entry["text"])})


def page_terms(site: Path, url: str) -> set[str]:
    """Every search term of a page (its title, sections and text) as the index has them."""
    lang = lang_of(url)
    location = url[3:] if lang == "en" else url
    normaliser = load_normaliser(site, lang)
    found = set()
    for entry in load_index(site, lang)["docs"]:
        if entry["location"].split("#")[0] == location:
            for word in words(entry["title"] + " " + entry["text"]):
                found.add(normaliser.term(word))
    return found


# --- The built site -------------------------------------------------------------------------


def test_each_language_has_its_own_index_with_all_its_pages(built_site: Path) -> None:
    for lang, prefix in (("pl", ""), ("en", "en/")):
        index = load_index(built_site, lang)
        assert index["config"]["lang"] == [search.LUNR_LANG[lang]]
        indexed = {prefix + entry["location"].split("#")[0] for entry in index["docs"]}
        built = {url for url in pages(built_site) if lang_of(url) == lang}
        assert indexed == built, f"{lang}: pages missing from or foreign to the index"


def test_pages_load_the_index_of_their_language(built_site: Path) -> None:
    """Material loads <base>/search/search_index.json: English pages have base /en/."""
    for url in pages(built_site):
        config = json.loads(doc(built_site, url).cssselect("script#__config")[0].text)
        base = urlparse(urljoin(f"http://site/{url}", config["base"])).path
        assert base == ("/en/" if english(url) else "/"), url


def test_normaliser_data_is_what_python_computes_from_the_index(built_site: Path) -> None:
    for lang in ("pl", "en"):
        shipped = json.loads((index_path(built_site, lang).parent / "normalise.json").read_text(encoding="utf-8"))
        assert shipped == normaliser_for(load_index(built_site, lang)["docs"], lang).to_json()  # type: ignore[arg-type]


def test_lunr_languages_ship_with_the_site(built_site: Path) -> None:
    lunr = built_site / "assets" / "javascripts" / "lunr"
    for code in search.LUNR_LANG.values():
        assert (lunr / "min" / f"lunr.{code}.min.js").is_file()
    for name in ("snowball.js", "polish.js", "english.js", "search.js", "LICENSE-snowball.txt"):
        assert (lunr / "kk" / name).is_file()


def test_every_handbook_word_is_found_without_its_diacritics(built_site: Path) -> None:
    """Typing any word of the Polish pages without diacritics gives the word's own term."""
    normaliser = load_normaliser(built_site, "pl")
    by_spelling: dict[str, set[str | None]] = {}
    for word in index_words(built_site, "pl"):
        by_spelling.setdefault(fold(word), set()).add(normaliser.term(word))
    # Words whose folded spellings collide ("bał"/"bal") cannot all be told apart.
    unique = [w for w in index_words(built_site, "pl") if len(by_spelling[fold(w)]) == 1]
    assert len(unique) > 1000
    assert [w for w in unique if normaliser.term(fold(w)) != normaliser.term(w)] == []


@pytest.mark.parametrize(("query", "url"), POLISH_QUERIES + ENGLISH_QUERIES)
def test_expected_pages_contain_the_query(built_site: Path, query: str, url: str) -> None:
    normaliser = load_normaliser(built_site, lang_of(url))
    wanted = {normaliser.term(word) for word in words(query)} - {None}
    assert wanted <= page_terms(built_site, url), f"/{url} lacks {wanted - page_terms(built_site, url)}"


# --- In the browser ---------------------------------------------------------------------------


@pytest.fixture
def search_page(context: object, site_url: str) -> Iterator[object]:
    page = context.new_page()
    page.add_init_script(WATCH_WORKER)
    yield page
    page.close()


def open_search(page: object, url: str) -> None:
    page.goto(url)
    page.locator("input.md-search__input").focus()
    page.wait_for_function("() => window.kkSearchLog.ready")


def type_query(page: object, query: str, key_by_key: bool = True) -> list[list[str]]:
    """Type a query like a reader and return the results shown: one list per result group (a
    page), its links as site paths with their #section. Without `key_by_key` the query is put
    in the box at once and sent with one key (many queries in a row, ranking only)."""
    box = page.locator("input.md-search__input")
    if key_by_key:
        box.press("Control+a")
        box.press("Backspace")
        box.press_sequentially(query, delay=30)
    else:
        box.fill(query)
    # Playwright types letters missing from its US layout (ą, ł, ź…) without key events, and
    # Material searches on keyup: the End key gives the keyup a Polish keyboard would.
    box.press("End")
    page.wait_for_function(LAST_QUERY_SHOWN, arg=query)
    return page.eval_on_selector_all(
        "li.md-search-result__item",
        """items => items.map(item => [...item.querySelectorAll("a")].map(a => {
             const url = new URL(a.href);
             return url.pathname.replace(/^\\//, "") + url.hash;
           }))""",
    )


@pytest.mark.browser
def test_search_results_stay_in_the_readers_language(search_page: object, site_url: str) -> None:
    problems = []
    for lang, queries in (("pl", POLISH_QUERIES), ("en", ENGLISH_QUERIES)):
        open_search(search_page, site_url + ("en/" if lang == "en" else ""))
        for query, expected in queries:
            groups = type_query(search_page, query, key_by_key=False)  # ranking only: typed at once
            first_pages = [group[0].split("#")[0] for group in groups[:TOP]]
            if expected not in first_pages:
                problems.append(f"{lang} {query!r}: /{expected} not among the first {TOP}: {first_pages}")
            foreign = [link for group in groups for link in group if english(link) != (lang == "en")]
            if foreign:
                problems.append(f"{lang} {query!r}: results in the other language: {foreign[:3]}")
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_polish_search_finds_inflected_forms_without_diacritics(search_page: object, site_url: str) -> None:
    """The same results whichever form a reader types."""
    open_search(search_page, site_url)
    for forms in (["rodzina", "rodzinie", "rodziny", "rodzinom"], ["zespół", "zespołów", "zespolow"]):
        results = {form: type_query(search_page, form) for form in forms}
        first = results[forms[0]]
        assert first, forms[0]
        for form in forms[1:]:
            assert results[form] == first, f"{form!r} finds other pages than {forms[0]!r}"


@pytest.mark.browser
def test_glossary_entry_comes_first_for_its_own_term(search_page: object, site_url: str) -> None:
    """For every entry of data/glossary.yml, in both languages: its abbreviation (or its term)
    puts the entry first."""
    glossary = load_handbook().data["glossary"]
    problems = []
    for lang, prefix in (("pl", ""), ("en", "en/")):
        open_search(search_page, site_url + prefix)
        for entry in glossary["terms"]:
            query = entry[lang].get("abbr") or entry[lang]["term"]
            groups = type_query(search_page, query, key_by_key=False)
            first = groups[0][:2] if groups else []
            if first[-1:] != [f"{prefix}glossary/#{entry['id']}"]:
                problems.append(f"{lang} {query!r}: first result {first}")
    assert problems == []


def _fuzz_words(alphabet: str, count: int) -> list[str]:
    rng = random.Random(20251123)  # noqa: S311 - test words, not secrets
    endings = ["ów", "ach", "ami", "ą", "ę", "ie", "iej", "ość", "ości", "ący", "ania", "ing", "ies", "ed", "ly"]
    return [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) + rng.choice([*endings, ""])
        for _ in range(count)
    ]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_browser_and_python_give_the_same_search_terms(
    search_page: object, site_url: str, built_site: Path, lang: str
) -> None:
    """The worker's normaliser (the shipped JavaScript) against Python's, on every word of the
    language's index, on inflected forms and on random words built from common endings."""
    open_search(search_page, site_url + ("en/" if lang == "en" else ""))
    handbook_words = index_words(built_site, lang)
    extra = ["Rodzinom", "ZESPOŁÓW", "zespolow", "Łodzi", "pzk", "G-PZK", "się", "families", "cooperating"]
    all_words = handbook_words + extra + _fuzz_words("aąbcćdeęfghijklłmnńoóprsśtuwyzźż", 3000)
    assert len(handbook_words) > 1000
    worker = next(w for w in search_page.workers if "search" in w.url)
    in_browser = worker.evaluate("words => words.map(w => self.kkSearch.normaliser.term(w))", all_words)
    normaliser = load_normaliser(built_site, lang)
    differ = [(w, b, normaliser.term(w)) for w, b in zip(all_words, in_browser, strict=True) if b != normaliser.term(w)]
    assert differ == []


@pytest.mark.browser
def test_search_works_by_keyboard_and_opens_the_page(search_page: object, site_url: str) -> None:
    open_search(search_page, site_url + "about/")
    search_page.locator("input.md-search__input").blur()
    search_page.keyboard.press("s")  # Material's shortcut to the search box
    assert search_page.evaluate("document.activeElement.classList.contains('md-search__input')")
    first = type_query(search_page, "prywatnosc")[0][0]
    search_page.keyboard.press("ArrowDown")
    assert urlparse(search_page.evaluate("document.activeElement.href")).path == "/" + first
    search_page.keyboard.press("Enter")
    search_page.wait_for_url(f"**/{first}**")
    assert first == "about/privacy/"
    assert search_page.locator("h1").first.inner_text().startswith("Prywatność")


@pytest.fixture(scope="module")
def axe() -> object:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.browser
@pytest.mark.parametrize(("path", "query"), [("", "kooperacji"), ("en/", "cooperation")])
def test_search_dialog_with_results_passes_axe(
    search_page: object, site_url: str, axe: object, path: str, query: str
) -> None:
    open_search(search_page, site_url + path)
    assert type_query(search_page, query)
    assert axe_violations(search_page, axe) == []
