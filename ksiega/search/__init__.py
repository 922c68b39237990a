"""Search for Polish readers: results in the reader's language, words found with or without
diacritics and in any inflected form, English with English stemming.

How it plugs into Material 9.8.1's search (no fork of Material's code):

- Material's page script fetches `<base>/search/search_index.json` and hands it to its search
  worker. mkdocs-static-i18n merges both languages into that one file. After every language is
  built (`post_build`) the file is split: the Polish entries stay in `search/search_index.json`,
  the English ones go to `en/search/search_index.json`, and English pages give Material `en/` as
  their base (overrides/main.html), so each language only ever loads and searches its own index.
- Material's worker loads `assets/javascripts/lunr/min/lunr.<code>.min.js` for the `lang` an
  index declares, and builds the index with `lunr[<code>]` as a lunr plugin. Our codes are
  `kk-pl` and `kk-en` (overrides/assets/javascripts/lunr/): they put one normaliser in lunr's
  index pipeline and the same normaliser in front of every query word (Material's queries are
  prefix queries, which lunr never passes through its pipeline).
- The browser runs the same Snowball stemmers as Python: overrides/assets/javascripts/lunr/kk/
  polish.js and english.js are translated by scripts/snowball_js.py from the pinned
  `snowballstemmer` package, and the tests compare both on every word of the handbook.
- Python is the only source of the per-language data the browser needs (stop words and the stem
  map below); it is written next to each index as `search/normalise.json`.

One word's search term (`Normaliser.term`), the same at index and at query time:
  1. lower case; stop words (compared without diacritics) are dropped;
  2. a word written without diacritics takes its term from the stem map when the handbook uses it
     with diacritics and the stemmer would treat the two spellings differently ("zespolow" →
     the term of "zespołów"); the map holds only those words, so it stays small;
  3. otherwise: the Snowball stem of the word, with diacritics folded (ą→a, ć→c, ę→e, ł→l, ń→n,
     ó→o, ś→s, ź→z, ż→z and any other combining mark).
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import snowballstemmer

from ksiega.core.feature import Feature
from ksiega.core.handbook import Handbook
from ksiega.core.lang import DEFAULT_LANG, LANGS, Lang, page_prefix
from ksiega.core.strings import ui

# What splits text into words, in the index and in queries (Material reads it from the index's
# config; one character class, no "|", which Material's highlighter would split on).
SEPARATOR = r"[\s\-–—‐‑,.;:!?()\[\]{}\"'„”“‚‘’«»/\\…*+=<>#%&^~`@$]+"

# Material's language codes of our lunr languages, and the Snowball algorithm of each.
LUNR_LANG: dict[Lang, str] = {"pl": "kk-pl", "en": "kk-en"}
STEMMER: dict[Lang, str] = {"pl": "polish", "en": "english"}

# Function words a search is never about, written without diacritics.
STOP_WORDS: dict[Lang, frozenset[str]] = {
    "pl": frozenset(
        "a aby ale albo ani az bo by byc czy do dla gdy go i ich im jak jako je jego jej jest juz "
        "lub na nad o od oraz po pod przed przez przy sa sie ta tak takze te tego tej ten to tu tym "
        "u w we z za ze zeby".split()
    ),
    "en": frozenset(
        "a an and are as at be but by for from has have in into is it its of on or that the their "
        "this to was were will with".split()
    ),
}

# Index fields: Material's, plus "keys" (not shown): a glossary entry's own abbreviation, or its
# term if that is one word, weighted like a second title, so that the entry ranks first for it
# (the PZK entry, not the G-PZK one, for "pzk"; "Powiat", not "Powiat reflective group").
FIELDS: dict[str, dict[str, float]] = {
    "title": {"boost": 1e3},
    "text": {"boost": 1.0},
    "tags": {"boost": 1e6},
    "keys": {"boost": 1e3},
}
# Glossary entries weigh more than a page section that only mentions a term, and more than a
# chapter titled with it ("Lokalny koszyk usług"); checked by the search tests for every entry.
GLOSSARY_BOOST = 8.0
GLOSSARY_PAGE = "glossary/"
# The handbook's own chapters explain what the tools (forms, checklists, the picker's results)
# and the trainer pages only use: for the same words, a chapter comes first.
CHAPTER_BOOST = 2.0
CHAPTER_PREFIX = "model/"
# The tools (the picker, the readiness check, checklists, forms) repeat the chapters' words in
# their questions and advice: for the same words they come after the chapters that explain them.
TOOL_BOOST = 0.5
TOOL_PREFIX = "tools/"


def _used_on(label: str) -> re.Pattern[str]:
    """A glossary entry's "Used on: <page titles>" list is navigation, not meaning: in the index
    it made the glossary the first result for any page title ("dobre praktyki"). It is left out."""
    return re.compile(rf"\s*{re.escape(label)}:.*?(?=</p>|$)", re.S)


_COMBINING = re.compile("[\u0300-\u036f]")
_TAG = re.compile(r"<[^>]*>")
_WORD_SPLIT = re.compile(SEPARATOR)
_NOT_ALNUM = re.compile(r"[\W_]+")


def fold(word: str) -> str:
    """Lower case without diacritics: "Łódź" → "lodz" (the browser does exactly the same)."""
    return _COMBINING.sub("", unicodedata.normalize("NFD", word.lower())).replace("ł", "l")


@cache
def _stemmer(lang: Lang) -> Any:
    return snowballstemmer.stemmer(STEMMER[lang])


@lru_cache(maxsize=100_000)
def stem(word: str, lang: Lang) -> str:
    """The Snowball stem of a lower-case word (kept: each index asks for a word's stem several
    times, and every rebuild of the live preview for the same words again)."""
    return str(_stemmer(lang).stemWord(word))


def words(text: str) -> list[str]:
    """The words of an index field as Material's tokenizer cuts them (markup skipped, lower case)."""
    return [word.lower() for part in _TAG.split(text) for word in _WORD_SPLIT.split(part) if word]


@dataclass(frozen=True)
class Normaliser:
    """Turns a word into its search term (see the module docstring); None for a stop word."""

    lang: Lang
    stem_map: Mapping[str, str] = field(default_factory=dict)

    def term(self, word: str) -> str | None:
        word = word.lower()
        folded = fold(word)
        if folded in STOP_WORDS[self.lang]:
            return None
        if word == folded and word in self.stem_map:
            return self.stem_map[word]
        return fold(stem(word, self.lang))

    def to_json(self) -> dict[str, Any]:
        """What the browser's normaliser needs (search/normalise.json)."""
        return {
            "lang": self.lang,
            "stopWords": sorted(STOP_WORDS[self.lang]),
            "stemMap": dict(sorted(self.stem_map.items())),
        }


def build_stem_map(counts: Mapping[str, int], lang: Lang) -> dict[str, str]:
    """Words typed without diacritics whose stem differs from the handbook word's: each folded
    spelling → the term of the handbook word (the most frequent one if several fold alike)."""
    candidates: dict[str, Counter[str]] = {}
    for word, count in counts.items():
        folded = fold(word)
        if folded in STOP_WORDS[lang]:
            continue
        term = fold(stem(word, lang))
        if word != folded and term == fold(stem(folded, lang)):
            continue
        candidates.setdefault(folded, Counter())[term] += count
    stem_map = {}
    for folded, terms in candidates.items():
        best = sorted(terms.items(), key=lambda item: (-item[1], item[0]))[0][0]
        if best != fold(stem(folded, lang)):
            stem_map[folded] = best
    return stem_map


def normaliser_for(docs: Iterable[Mapping[str, Any]], lang: Lang) -> Normaliser:
    """The normaliser of one language's index, with the stem map of the words it contains."""
    counts: Counter[str] = Counter()
    for doc in docs:
        for name in ("title", "text", "keys"):
            counts.update(words(str(doc.get(name, ""))))
    return Normaliser(lang, build_stem_map(counts, lang))


def glossary_keys(handbook: Handbook, lang: Lang) -> dict[str, str]:
    """Glossary entry location (relative to the language's root) → its keys: the abbreviation
    written as one word ("G-PZK" → "GPZK", so "pzk" does not find it through the keys; the
    browser also searches a hyphenated query word joined), else a one-word term, else ""."""
    glossary = handbook.data.get("glossary") or {}
    keys = {}
    for entry in glossary.get("terms", []):
        text = entry.get(lang, {})
        term = str(text.get("term", ""))
        abbr = _NOT_ALNUM.sub("", text.get("abbr") or "")
        keys[f"{GLOSSARY_PAGE}#{entry['id']}"] = abbr or (term if len(words(term)) == 1 else "")
    return keys


def language_of(location: str) -> Lang:
    for lang in LANGS:
        if lang != DEFAULT_LANG and location.startswith(page_prefix(lang)):
            return lang
    return DEFAULT_LANG


def split_index(
    merged: Mapping[str, Any], keys: Mapping[Lang, Mapping[str, str]], used_on: Mapping[Lang, str]
) -> dict[Lang, dict[str, Any]]:
    """One Material search index per language from i18n's merged one. Locations become relative
    to the language's root (English pages search with base `en/`). `used_on` is the glossary's
    label of its "used on" lists, in each language."""
    used_on_lists = {lang: _used_on(label) for lang, label in used_on.items()}
    docs: dict[Lang, list[dict[str, Any]]] = {lang: [] for lang in LANGS}
    for doc in merged["docs"]:
        lang = language_of(doc["location"])
        entry = dict(doc)
        entry["location"] = doc["location"][len(page_prefix(lang)) :]
        if entry["location"].startswith(CHAPTER_PREFIX):
            entry["boost"] = CHAPTER_BOOST
        elif entry["location"].startswith(TOOL_PREFIX):
            entry["boost"] = TOOL_BOOST
        if entry["location"] in keys.get(lang, {}):
            entry["boost"] = GLOSSARY_BOOST
            entry["text"] = used_on_lists[lang].sub("", str(entry.get("text", "")))
            if keys[lang][entry["location"]]:
                entry["keys"] = keys[lang][entry["location"]]
        docs[lang].append(entry)
    return {
        lang: {
            "config": {"lang": [LUNR_LANG[lang]], "separator": SEPARATOR, "pipeline": ["stemmer"], "fields": FIELDS},
            "docs": docs[lang],
        }
        for lang in LANGS
    }


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def index_path(site_dir: Path, lang: Lang) -> Path:
    return site_dir / page_prefix(lang) / "search" / "search_index.json"


def post_build(handbook: Handbook, site_dir: Path) -> None:
    """Replace i18n's merged index with one index (and normaliser data) per language."""
    merged_path = index_path(site_dir, DEFAULT_LANG)
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    if merged["config"]["lang"] == [LUNR_LANG[DEFAULT_LANG]]:
        return  # already split (nothing was rebuilt since)
    keys = {lang: glossary_keys(handbook, lang) for lang in LANGS}
    indexes = split_index(merged, keys, {lang: ui(handbook, "glossary", lang)["used_on"] for lang in LANGS})
    for lang, index in indexes.items():
        path = index_path(site_dir, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_dump(index))
        (path.parent / "normalise.json").write_bytes(_dump(normaliser_for(index["docs"], lang).to_json()))


# --- Benchmark ------------------------------------------------------------------------------

BENCH_QUERIES: dict[Lang, list[str]] = {
    "pl": [
        "osrodek pomocy",
        "rodzinie",
        "kooperacji",
        "zespołów",
        "pzk",
        "zzk",
        "koszyk usług",
        "diagnoza",
        "superwizja",
        "lodz",
        "gmina wiejska",
        "plan pomocy",
        "partnerzy",
        "monitoring",
        "spotkanie",
        "wspolpraca",
        "pcpr",
        "animator",
        "kryzys",
        "pilotaz",
    ],
    "en": ["family", "cooperation team", "basket of services", "supervision", "pzk"],
}

# Injected before Material's script (benchmark and tests): counts the messages between the page
# and its search worker, so a script knows when the worker is ready and when the results of the
# last query have arrived. Material's protocol: 1 = ready, 2 = query, 3 = results.
WATCH_WORKER = """
(() => {
  const Native = window.Worker;
  window.kkSearchLog = { ready: false, readyAt: null, queries: [], results: 0 };
  window.Worker = function (url, options) {
    const worker = new Native(url, options);
    const post = worker.postMessage.bind(worker);
    worker.postMessage = message => {
      if (message && message.type === 2) window.kkSearchLog.queries.push(message.data);
      post(message);
    };
    worker.addEventListener("message", event => {
      if (event.data.type === 1) {
        window.kkSearchLog.ready = true;
        window.kkSearchLog.readyAt = performance.now();
      }
      if (event.data.type === 3) window.kkSearchLog.results += 1;
    });
    return worker;
  };
})();
"""

# Runs in the page: put a query into Material's search box as a keystroke would, and time it
# until its results are in the page and painted (Material writes the count and the list in the
# task that receives the worker's answer).
_MEASURE = """async (query) => {
  const input = document.querySelector("input.md-search__input");
  const meta = document.querySelector(".md-search-result__meta");
  input.value = "";
  input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
  await new Promise(resolve => setTimeout(resolve, 100));
  return await new Promise(resolve => {
    const observer = new MutationObserver(() => {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - start));
    });
    observer.observe(meta, {childList: true, characterData: true, subtree: true});
    input.value = query;
    const start = performance.now();
    input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
  });
}"""


def benchmark(site_dir: Path, site_url: str, browser: Any) -> dict[str, Any]:
    """Index size per language (raw and gzip), when the search is ready (index loaded, stemmed
    and built in the worker, counted from the start of the page) and the median time from a
    query to its results."""
    figures: dict[str, Any] = {}
    for lang in LANGS:
        index = index_path(site_dir, lang).read_bytes()
        normalise = (index_path(site_dir, lang).parent / "normalise.json").read_bytes()
        page = browser.new_page()
        page.add_init_script(WATCH_WORKER)
        page.goto(site_url + page_prefix(lang))
        page.locator("input.md-search__input").focus()
        page.wait_for_function("() => window.kkSearchLog.ready")
        ready_ms = page.evaluate("window.kkSearchLog.readyAt")
        times = [page.evaluate(_MEASURE, query) for _ in range(2) for query in BENCH_QUERIES[lang]]
        page.close()
        figures[lang] = {
            "index_bytes": len(index),
            "index_gzip_bytes": len(gzip.compress(index, 9)),
            "normaliser_data_bytes": len(normalise),
            "normaliser_data_gzip_bytes": len(gzip.compress(normalise, 9)),
            "ready_ms_after_page_start": round(ready_ms),
            "queries": len(times),
            "query_ms_median": round(statistics.median(times), 1),
            "query_ms_max": round(max(times), 1),
        }
    scripts = sorted((site_dir / "assets" / "javascripts" / "lunr").glob("kk/*.js"))
    figures["stemmer_scripts_gzip_bytes"] = {p.name: len(gzip.compress(p.read_bytes(), 9)) for p in scripts}
    return figures


FEATURE = Feature(
    name="search",
    data=("glossary",),
    strings=("glossary",),  # the glossary's "used on" label, to leave those lists out of the index
    post_build=post_build,
    benchmark=benchmark,
)


SearchDedupe = Callable[[Any, list[dict[str, Any]]], None]


def without_unmatched(dedupe: SearchDedupe) -> SearchDedupe:
    """mkdocs-static-i18n's search de-duplication (`reconfigure_search_duplicates`, `dedupe`),
    linear in practice; hooks/finish.py puts it in place.

    After both languages are built, i18n looks, for every Polish search entry, through every
    English entry for one with the same title and text: about 10 million comparisons for a local
    edition with 500 service cards, and quadratic as the handbook grows. A Polish entry whose
    (title, text) no English entry has cannot have a duplicate; only the others go through i18n's
    own loop, so the same entries are removed (tests/test_search_unit.py compares both)."""

    def faster(plugin: Any, search_index_entries: list[dict[str, Any]]) -> None:
        prefixes = tuple(f"{lang}/" for lang in plugin.build_languages)
        targets = {(e["title"], e["text"]) for e in search_index_entries if e["location"].startswith(prefixes)}
        matched = [
            e for e in search_index_entries if e["location"].startswith(prefixes) or (e["title"], e["text"]) in targets
        ]
        kept = list(matched)
        dedupe(plugin, kept)
        if len(kept) != len(matched):
            # The same objects go: i18n removes the first equal entry, and every entry equal to
            # an English one is in `matched`, in the same order.
            gone = {id(e) for e in matched} - {id(e) for e in kept}
            search_index_entries[:] = [e for e in search_index_entries if id(e) not in gone]

    return faster
