"""Glossary: one data file (data/glossary.yml) gives the glossary page in each language, the
tooltip of every abbreviation on every page, and the check that pages use no abbreviation
without an entry.

The functions below that take plain `terms` (the list in data/glossary.yml) and page texts are
pure: the PDF edition can call them without MkDocs. Only `render`, `transform`, `content` and
`check` take the Handbook.

The first use of each abbreviation in a page's running text links to its glossary entry
(`link_first_uses`): a tap on a phone, where a tooltip is fiddly, leads to the definition.
"""

from __future__ import annotations

import bisect
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ksiega.core.data import Problem, UnknownReference
from ksiega.core.docs import CITATION, DocPage, strip_code
from ksiega.core.feature import Assets, Feature, Marker
from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS, Lang, other
from ksiega.core.project import FRAGMENTS_DIR, rel
from ksiega.core.render import Templates, html_block, md_text
from ksiega.core.strings import ui
from ksiega.toolkit import lang as langs
from ksiega.toolkit import links
from ksiega.toolkit.citations import trailing

TEMPLATES = Templates(Path(__file__).parent)

GLOSSARY_FILE = "data/glossary.yml"
GLOSSARY_PAGE = "glossary.md"

# --- Abbreviations in text -------------------------------------------------------------

CAPITALS = "A-ZĄĆĘŁŃÓŚŹŻ"
# 2–6 capital letters (Polish ones too), optionally digits, optionally one hyphenated part:
# PZK, G-PZK, UD315. At least two capitals in all, so "R01" or "A-1" are not abbreviations.
ABBREVIATION = re.compile(
    rf"^(?=(?:[^{CAPITALS}]*[{CAPITALS}]){{2}})[{CAPITALS}]{{1,6}}[0-9]*(?:-[{CAPITALS}0-9]{{1,6}})?$"
)
# Roman numerals (phases "II", "IV") look like abbreviations but are numbers.
ROMAN_NUMERAL = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")
# An inflected abbreviation: Polish "PZK-ów", "OPS-ie"; English plural "NGOs".
INFLECTED = re.compile(r"^(?P<base>.+?)(?:-[a-ząćęłńóśźż]{1,4}|s)$")
# A word of letters and digits, with hyphenated parts: "G-PZK", "SARS-CoV-2", "e-mail".
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")

# What a reader does not see as text: code, comments and markers, citations, abbreviation
# and link definitions, link targets, attribute lists (heading ids), HTML tags, addresses.
_NOT_PROSE = [
    re.compile(r"<!--.*?-->", re.DOTALL),
    CITATION,
    re.compile(r"^\*\[[^\]\n]*\]:.*$", re.MULTILINE),
    re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*\S+.*$", re.MULTILINE),
    re.compile(r"\]\([^)\n]*\)"),
    re.compile(r"\{[^}\n]*\}"),
    re.compile(r"<[^>\n]+>"),
    re.compile(r"\bhttps?://\S+"),
]
HAND_DEFINED_ABBREVIATION = re.compile(r"^\*\[(?P<abbr>[^\]\n]*)\]:", re.MULTILINE)


def prose(markdown: str) -> str:
    """The text of a Markdown page as a reader sees it (roughly): no code, link targets, tags."""
    text = strip_code(markdown)
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


def is_abbreviation(word: str) -> bool:
    return bool(ABBREVIATION.match(word)) and not ROMAN_NUMERAL.match(word)


def abbreviation_of(word: str) -> str | None:
    """The abbreviation a word is or inflects ("PZK-ów" -> "PZK"), or None."""
    if is_abbreviation(word):
        return word
    match = INFLECTED.match(word)
    if match and is_abbreviation(match.group("base")):
        return match.group("base")
    return None


def abbreviations_in_text(text: str) -> list[str]:
    """Abbreviation-like tokens of plain text, in order of first use."""
    found: dict[str, None] = {}
    for match in WORD.finditer(text):
        token = abbreviation_of(match.group())
        if token:
            found.setdefault(token, None)
    return list(found)


def abbreviations_in(markdown: str) -> list[str]:
    """Abbreviation-like tokens a reader sees in a Markdown page, in order of first use."""
    return abbreviations_in_text(prose(markdown))


# --- Terms --------------------------------------------------------------------------------


def terms_of(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The entries of data/glossary.yml (as loaded)."""
    return list(data.get("terms", []))


def not_terms_of(data: Mapping[str, Any]) -> dict[str, str]:
    return {item["token"]: item["reason"] for item in data.get("not_terms", [])}


def short_label(term: Mapping[str, Any], lang: Lang) -> str:
    """How a link to the entry reads: its abbreviation, or its term."""
    side = term[lang]
    return str(side.get("abbr") or side["term"])


def label(term: Mapping[str, Any], lang: Lang) -> str:
    """The entry's heading: "PZK – Partnerski Zespół Kooperacyjny", or the term alone."""
    side = term[lang]
    return f"{side['abbr']} – {side['term']}" if side.get("abbr") else str(side["term"])


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def tooltips(terms: Iterable[Mapping[str, Any]], lang: Lang) -> dict[str, str]:
    """Abbreviation -> its expansion, for pages in `lang`.

    An abbreviation of the other language (RODO on an English page) expands to this language's
    term with its own abbreviation: "General Data Protection Regulation (GDPR)". English plurals
    (NGOs) get the tooltip of the singular.
    """
    terms = list(terms)
    tips: dict[str, str] = {}
    for term in terms:
        side = term[lang]
        if side.get("abbr"):
            tips[side["abbr"]] = _one_line(side["term"])
    for term in terms:
        theirs = term[other(lang)].get("abbr")
        if theirs and theirs not in tips:
            side = term[lang]
            own = f" ({side['abbr']})" if side.get("abbr") else ""
            tips[theirs] = _one_line(f"{side['term']}{own}")
    if lang == "en":
        for abbr, title in list(tips.items()):
            tips.setdefault(f"{abbr}s", title)
    return tips


def abbreviation_targets(terms: Iterable[Mapping[str, Any]], lang: Lang) -> dict[str, str]:
    """Abbreviation -> the id of its glossary entry, for pages in `lang`: the same abbreviations
    as `tooltips` (this language's, the other language's, English plurals)."""
    terms = list(terms)
    targets: dict[str, str] = {}
    for side_lang in (lang, other(lang)):
        for term in terms:
            abbr = term[side_lang].get("abbr")
            if abbr:
                targets.setdefault(abbr, term["id"])
    if lang == "en":
        for abbr, entry_id in list(targets.items()):
            targets.setdefault(f"{abbr}s", entry_id)
    return targets


# Where a link to the glossary would be out of place: inside another link or control, in a
# heading, a table header, a caption or a form's labels, in an admonition's title.
_NO_TERM_LINK = frozenset(
    "a abbr button caption dt figcaption h1 h2 h3 h4 h5 h6 label legend option select summary textarea th".split()
)
# Running text: a term is linked only inside one of these.
_PROSE = frozenset("p li td dd blockquote".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# A tag, a comment, or a block whose content is not HTML text (taken whole).
_HTML_TOKEN = re.compile(r"<!--.*?-->|<(script|style|pre|code|svg|template)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][\w-]*)")
_TITLE_CLASS = re.compile(r"""\sclass=["'][^"']*\badmonition-title\b""")


def link_first_uses(content: str, targets: Mapping[str, str], glossary_href: str) -> str:
    """Wrap the first <abbr> of each glossary entry in the running text of `content` (a page's
    HTML) in a link to `glossary_href#<entry id>`. Later uses keep only their tooltip; uses in
    headings, links, labels and table headers are never linked and do not count as the first."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, no term link inside it)
    linked: set[str] = set()
    pos = 0
    for match in _HTML_TOKEN.finditer(content):
        if match.start() < pos:
            continue  # inside an abbreviation already linked
        out.append(content[pos : match.start()])
        pos = match.end()
        tag = match.group(0)
        name_match = _TAG_NAME.match(tag)
        if match.group(1) or name_match is None:
            out.append(tag)  # a comment or an opaque block
            continue
        closing, name = name_match.group(1) == "/", name_match.group(2).lower()
        if closing:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
            out.append(tag)
            continue
        if name == "abbr":
            end = content.find("</abbr>", pos)
            text = content[pos:end] if end >= 0 else ""
            entry_id = targets.get(html.unescape(text)) if "<" not in text else None
            in_prose = any(open_name in _PROSE for open_name, _ in stack)
            blocked = any(no_link for _, no_link in stack)
            if entry_id and entry_id not in linked and in_prose and not blocked:
                linked.add(entry_id)
                href = html.escape(f"{glossary_href}#{entry_id}")
                out.append(f'<a class="kk-term" href="{href}">{tag}{text}</abbr></a>')
                pos = end + len("</abbr>")
                continue
        if not tag.endswith("/>") and name not in _VOID:
            stack.append((name, name in _NO_TERM_LINK or bool(_TITLE_CLASS.search(tag))))
        out.append(tag)
    out.append(content[pos:])
    return "".join(out)


def abbreviation_definitions(tips: Mapping[str, str]) -> str:
    """Markdown abbreviation definitions, one a line: `*[PZK]: Partnerski Zespół Kooperacyjny`."""
    return "\n".join(f"*[{abbr}]: {title}" for abbr, title in sorted(tips.items()))


def used_tips(tips: Mapping[str, str], text: str) -> dict[str, str]:
    """The tooltips whose abbreviation is somewhere in `text` (letter for letter, as the abbr
    extension matches it): a definition of one the text lacks changes nothing on the page."""
    return {abbr: title for abbr, title in tips.items() if abbr in text}


def fragments(docs_dir: Path) -> dict[Path, str]:
    """Every shared fragment (docs/_fragments/*.md) and its text, read afresh (the preview edits them)."""
    folder = docs_dir / FRAGMENTS_DIR
    paths = sorted(folder.rglob("*.md")) if folder.is_dir() else []
    return {path: path.read_text(encoding="utf-8") for path in paths}


@lru_cache(maxsize=2048)
def _form_pattern(form: str) -> re.Pattern[str]:
    """A form as a pattern: whole words, any case, any spacing; * stands for any letters."""
    words = [r"[^\W\d_]*".join(re.escape(part) for part in word.split("*")) for word in form.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=2048)
def _form_hint(form: str) -> str:
    """The letters every match of the form starts with, lower-cased (before any *)."""
    return form.split()[0].split("*")[0].lower() if form.strip() else ""


# Where a form's match can start: a run of letters not after a letter, digit, _ or hyphen.
_WORD_START = re.compile(r"(?<![\w-])[^\W\d_]+")


def word_starts(lowered: str) -> list[str]:
    """The sorted words of lower-cased text that a form's match could start with."""
    return sorted(set(_WORD_START.findall(lowered)))


@lru_cache(maxsize=2048)
def _form_words(form: str) -> tuple[tuple[str, bool], ...]:
    """What each word of a form needs in the text, lower-cased: (letters, whole word) is a word
    equal to them (a word without *), or starting with them (the letters before its first *).
    Words with other characters, or starting with *, need nothing here (their pattern decides)."""
    needs = []
    for word in form.lower().split():
        letters = word.split("*")[0]
        if letters.isalpha():
            needs.append((letters, "*" not in word))
    return tuple(needs)


def _may_match(form: str, lowered: str, words: list[str] | None) -> bool:
    """False when the text cannot hold a match of the form, so its pattern need not run: each
    of its words is a word of the text (`words`, sorted), or, without them, its first letters
    are somewhere in `lowered`."""
    if words is None:
        return _form_hint(form) in lowered
    for letters, whole in _form_words(form):
        at = bisect.bisect_left(words, letters)
        if at == len(words) or not (words[at] == letters if whole else words[at].startswith(letters)):
            return False
    return True


def uses_term(
    term: Mapping[str, Any],
    lang: Lang,
    text: str,
    tokens: Iterable[str],
    lowered: str | None = None,
    words: list[str] | None = None,
) -> bool:
    """Does prose `text` in `lang` (with abbreviation `tokens`) use the term?

    `lowered` (`text.lower()`) and `words` (`word_starts(lowered)`) when the caller has them: a
    form whose first letters start no word of the text is skipped without running its pattern
    (most forms on most pages)."""
    abbrs = {term[side].get("abbr") for side in LANGS} - {None}
    if abbrs & set(tokens):
        return True
    side = term[lang]
    forms = [side["term"], *side.get("forms", [])]
    lowered = text.lower() if lowered is None else lowered
    return any(_may_match(form, lowered, words) and _form_pattern(form).search(text) for form in forms)


@dataclass(frozen=True)
class PageText:
    """A page as the glossary needs it: where it is, its title, its Markdown."""

    base: str  # "model/teams.md"
    title: str
    markdown: str


def used_on(terms: Iterable[Mapping[str, Any]], lang: Lang, pages: Iterable[PageText]) -> dict[str, list[PageText]]:
    """Entry id -> the pages (in `lang`) that use the entry's abbreviation or term, by title."""
    terms = list(terms)
    found: dict[str, list[PageText]] = {term["id"]: [] for term in terms}
    ordered = sorted(pages, key=lambda p: langs.sort_key(p.title, lang))
    key = json.dumps(terms, sort_keys=True, ensure_ascii=False, default=str)
    for page in ordered:
        for term_id in _terms_used(key, lang, page.markdown):
            found[term_id].append(page)
    return found


@lru_cache(maxsize=1024)
def _terms_used(terms_json: str, lang: Lang, markdown: str) -> tuple[str, ...]:
    """The ids of the terms (given as JSON) that a page's Markdown uses; kept per page, so a
    rebuild of the live preview scans again only the pages that changed."""
    terms = json.loads(terms_json)
    text = prose(markdown)
    tokens = set(abbreviations_in_text(text))
    lowered = text.lower()
    words = word_starts(lowered)
    return tuple(term["id"] for term in terms if uses_term(term, lang, text, tokens, lowered, words))


# --- The glossary page -------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One glossary entry in one language, ready to render."""

    id: str
    label: str
    letter: str
    definition: str
    other_term: str | None  # the term in the other language, when it differs
    see: list[tuple[str, str]]  # (entry id, short label)
    used_on: list[PageText]
    sources: list[str]


def letter_anchor(letter: str) -> str:
    """A heading id for a letter section, ASCII only: "letter-l", "letter-l-with-stroke"."""
    if letter.isascii():
        return f"letter-{letter.lower()}"
    name = unicodedata.name(letter, "").lower().replace("latin capital letter ", "")
    return "letter-" + re.sub(r"[^a-z0-9]+", "-", name).strip("-")


def entries(terms: Iterable[Mapping[str, Any]], lang: Lang, uses: Mapping[str, list[PageText]]) -> list[Entry]:
    """The entries of the glossary in `lang`, in that language's alphabetical order."""
    terms = list(terms)
    by_id = {term["id"]: term for term in terms}
    result = []
    for term in sorted(terms, key=lambda t: langs.sort_key(label(t, lang), lang)):
        side, theirs = term[lang], term[other(lang)]
        other_term = theirs["term"] if theirs["term"].casefold() != side["term"].casefold() else None
        if other_term and theirs.get("abbr") and theirs.get("abbr") != side.get("abbr"):
            other_term = f"{other_term} ({theirs['abbr']})"
        result.append(
            Entry(
                id=term["id"],
                label=label(term, lang),
                letter=langs.first_letter(label(term, lang), lang),
                definition=_one_line(side["definition"]),
                other_term=other_term,
                see=[(ref, short_label(_see(by_id, term, i, ref), lang)) for i, ref in enumerate(term.get("see", ()))],
                used_on=list(uses.get(term["id"], [])),
                sources=list(term.get("sources", [])),
            )
        )
    return result


def _see(by_id: Mapping[str, Mapping[str, Any]], term: Mapping[str, Any], i: int, ref: str) -> Mapping[str, Any]:
    """The entry `ref` that `term` lists in `see`; UnknownReference when there is none."""
    if ref not in by_id:
        raise UnknownReference(GLOSSARY_FILE, term["id"], f"see[{i}]", f"unknown glossary id '{ref}'")
    return by_id[ref]


def letters(glossary: Iterable[Entry]) -> list[dict[str, str]]:
    seen: dict[str, None] = {}
    for entry in glossary:
        seen.setdefault(entry.letter, None)
    return [{"letter": letter, "anchor": letter_anchor(letter)} for letter in seen]


def render_entries(glossary: list[Entry], page_base: str, labels: Mapping[str, Any]) -> str:
    """The glossary as Markdown: a letter index, a section per letter, an anchored entry each.

    Citations are left as `[@id]` for the sources feature; links are relative to `page_base`.
    """
    out = [html_block(TEMPLATES.render("glossary-letters.html", label=labels["letters"], letters=letters(glossary)))]
    current = None
    for entry in glossary:
        if entry.letter != current:
            current = entry.letter
            out.append(f"## {md_text(entry.letter)} {{#{letter_anchor(entry.letter)}}}")
        out.append(f"### {md_text(entry.label)} {{#{entry.id}}}")
        cite = trailing(entry.sources)
        out.append(md_text(entry.definition) + cite)
        details = []
        if entry.other_term:
            details.append(f"{md_text(labels['other_lang'])}: *{md_text(entry.other_term)}*")
        if entry.see:
            see = ", ".join(f"[{md_text(text)}](#{ref})" for ref, text in entry.see)
            details.append(f"{md_text(labels['see'])}: {see}")
        if entry.used_on:
            used = ", ".join(f"[{md_text(p.title)}]({links.relative(page_base, p.base)})" for p in entry.used_on)
            details.append(f"{md_text(labels['used_on'])}: {used}")
        if details:
            out.append("  \n".join(details) + "\n{: .kk-glossary-details }")
    return "\n\n".join(out)


# --- Feature interface ------------------------------------------------------------------


def page_texts(handbook: Handbook, lang: Lang) -> Iterator[PageText]:
    """Every page of `lang` in the navigation except the glossary itself, as readers see it
    (markers expanded). Pages kept out of the navigation are left out: a local basket's service
    cards are hundreds, and the basket that lists them is in."""
    for page in handbook.docs.pages:
        if page.lang == lang and page.base != GLOSSARY_PAGE and page.listed:
            body = handbook.expand(page) if handbook.expand else page.body
            yield PageText(page.base, page.title, body)


def render(handbook: Handbook, lang: Lang, page: DocPage, args: str) -> str:
    terms = terms_of(handbook.data["glossary"])
    uses = used_on(terms, lang, page_texts(handbook, lang))
    return render_entries(entries(terms, lang, uses), page.base, ui(handbook, "glossary", lang))


def transform(handbook: Handbook, lang: Lang, page: DocPage, markdown: str) -> str:
    """Append the definitions of the abbreviations the page's text holds: the abbr extension
    turns every use into <abbr title="…">, which Material shows as a tooltip. A page that
    includes shared fragments (`{!name!}`, joined inside Markdown after this runs) is searched
    with the text of all of them. Each definition is a block Markdown parses: all 29 on every
    page were about a third of a short page's conversion."""
    tips = tooltips(terms_of(handbook.data["glossary"]), lang)
    text = "\n".join([markdown, *fragments(handbook.docs_dir).values()]) if "{!" in markdown else markdown
    definitions = abbreviation_definitions(used_tips(tips, text))
    return f"{markdown.rstrip()}\n\n{definitions}\n" if definitions else markdown


def content(handbook: Handbook, lang: Lang, page: DocPage, page_html: str) -> str:
    """Link the first use of each abbreviation on a page (not on the glossary itself)."""
    if page.base == GLOSSARY_PAGE:
        return page_html
    targets = abbreviation_targets(terms_of(handbook.data["glossary"]), lang)
    return link_first_uses(page_html, targets, links.relative_url(page.base, GLOSSARY_PAGE))


# --- Check ---------------------------------------------------------------------------------


_FIELD_NAMES = {"abbr": "abbreviation", "term": "term"}


def data_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Rules the schema cannot express: abbreviations and terms unique per language, usable
    abbreviations, no entry that sees itself, a clean allowlist."""
    problems: list[Problem] = []
    terms = terms_of(data)
    for lang in LANGS:
        owners: dict[tuple[str, str], str] = {}
        for term in terms:
            side = term[lang]
            abbr = side.get("abbr")
            if abbr is not None and not is_abbreviation(abbr):
                problems.append(
                    Problem(
                        GLOSSARY_FILE,
                        term["id"],
                        f"{lang}.abbr",
                        f"'{abbr}' is not an abbreviation pages can use "
                        "(2–6 capital letters, optionally digits and one hyphenated part, e.g. G-PZK)",
                    )
                )
            for field, value in (("abbr", abbr), ("term", side["term"])):
                if value is None:
                    continue
                key = (field, str(value).casefold() if field == "term" else str(value))
                if key in owners:
                    problems.append(
                        Problem(
                            GLOSSARY_FILE,
                            term["id"],
                            f"{lang}.{field}",
                            f"'{value}' is also the {_FIELD_NAMES[field]} of entry '{owners[key]}'",
                        )
                    )
                else:
                    owners[key] = term["id"]
    for term in terms:
        if term["id"] in term.get("see", []):
            problems.append(Problem(GLOSSARY_FILE, term["id"], "see", "lists the entry itself"))
    defined = {term[lang]["abbr"]: term["id"] for term in terms for lang in LANGS if term[lang].get("abbr")}
    seen: set[str] = set()
    for item in data.get("not_terms", []):
        token = item["token"]
        if token in defined:
            problems.append(
                Problem(
                    GLOSSARY_FILE,
                    message=f"not_terms: '{token}' has a glossary entry ('{defined[token]}'): remove it from not_terms",
                )
            )
        if token in seen:
            problems.append(Problem(GLOSSARY_FILE, message=f"not_terms: '{token}' is listed twice"))
        seen.add(token)
    return problems


def known_abbreviations(data: Mapping[str, Any]) -> set[str]:
    """Every token a page may use: abbreviations of entries (either language) and not_terms."""
    terms = terms_of(data)
    return {term[lang]["abbr"] for term in terms for lang in LANGS if term[lang].get("abbr")} | set(not_terms_of(data))


def _undefined(file: str, tokens: Iterable[str], known: set[str]) -> list[Problem]:
    return [
        Problem(file, message=f"uses the abbreviation '{token}', which has no entry in {GLOSSARY_FILE}")
        for token in tokens
        if token not in known
    ]


def _strings(value: Any, skip: frozenset[str] = frozenset({"id", "url", "abbr", "token"})) -> Iterator[str]:
    """Text values of data (not ids, addresses or the abbreviations themselves)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in skip:
                yield from _strings(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skip)


def check(handbook: Handbook) -> list[Problem]:
    """Glossary data is consistent; every abbreviation in pages, shared fragments and data text
    has an entry."""
    data = handbook.data["glossary"]
    problems = data_problems(data)
    known = known_abbreviations(data)
    for page in handbook.docs.pages:
        for match in HAND_DEFINED_ABBREVIATION.finditer(strip_code(page.body)):
            problems.append(
                Problem(
                    page.file,
                    message=f"defines the abbreviation '{match.group('abbr')}' by hand: "
                    f"remove the line, tooltips come from {GLOSSARY_FILE}",
                )
            )
        problems += _undefined(page.file, abbreviations_in(page.body), known)
        if page.meta:
            problems += _undefined(page.file, abbreviations_in_text(" ".join(_strings(page.meta))), known)
    for path, text in fragments(handbook.docs_dir).items():
        problems += _undefined(rel(path, handbook.root), abbreviations_in(text), known)
    for key, content in sorted(handbook.data.items()):
        problems += _undefined(f"data/{key}.yml", abbreviations_in_text(" ".join(_strings(content))), known)
    return problems


FEATURE = Feature(
    name="glossary",
    data=("glossary",),
    markers=(Marker("glossary", render),),
    check=check,
    transform=transform,
    content=content,
    # Tooltips are on every page; the first use of a term on a page takes focus (keyboard).
    assets=Assets(css=("assets/css/glossary.css",), js=("assets/js/glossary.js",)),
)
