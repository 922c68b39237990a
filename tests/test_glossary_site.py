"""The glossary in the built site, as a reader gets it: the page in both languages, its order,
anchors and links, and the tooltip of every abbreviation on every page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from lxml import html as lxml_html
from sitepages import content, english, pages, text

from ksiega.core.handbook import load_handbook
from ksiega.core.lang import Lang
from ksiega.features import glossary
from ksiega.toolkit.lang import sort_key

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY_URL: dict[Lang, str] = {"pl": "glossary/", "en": "en/glossary/"}
LANGS: tuple[Lang, ...] = ("pl", "en")
# Text inside these elements is not prose a tooltip belongs to.
NOT_PROSE = {"code", "pre", "script", "style", "abbr"}


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return load_handbook(ROOT).data["glossary"]


@pytest.fixture(scope="module")
def terms(data: dict[str, Any]) -> list[dict[str, Any]]:
    return glossary.terms_of(data)


def heading_text(element: lxml_html.HtmlElement) -> str:
    return text(element).removesuffix("¶").strip()


def entries_of(site: Path, lang: Lang) -> list[lxml_html.HtmlElement]:
    return content(site, GLOSSARY_URL[lang]).cssselect("h3[id]")


def details_of(heading: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The "see also / used on" paragraph of an entry (before the next heading)."""
    for sibling in heading.itersiblings():
        if sibling.tag in ("h2", "h3"):
            return None
        if "kk-glossary-details" in (sibling.get("class") or ""):
            return sibling
    return None


def lang_of(url: str) -> Lang:
    return "en" if english(url) else "pl"


def page_url(base_url: str, href: str) -> str:
    """A link's target as a site-relative page URL ('model/teams/') and its anchor."""
    return urljoin(f"/{base_url}", href).lstrip("/")


# --- The glossary page ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_lists_every_entry_with_its_id_as_anchor(
    built_site: Path, terms: list[dict[str, Any]], lang: Lang
) -> None:
    ids = [h.get("id") for h in entries_of(built_site, lang)]
    assert len(ids) >= 35
    assert sorted(ids) == sorted(t["id"] for t in terms)


@pytest.mark.parametrize("lang", LANGS)
def test_entries_follow_the_alphabet_of_the_language(built_site: Path, terms: list[dict[str, Any]], lang: Lang) -> None:
    headings = [heading_text(h) for h in entries_of(built_site, lang)]
    assert headings == sorted(headings, key=lambda label: sort_key(label, lang))
    expected = [t["id"] for t in sorted(terms, key=lambda t: sort_key(glossary.label(t, lang), lang))]
    assert [h.get("id") for h in entries_of(built_site, lang)] == expected


def test_polish_letter_index_puts_s_acute_right_after_s(built_site: Path) -> None:
    letters = [text(a) for a in content(built_site, "glossary/").cssselect("nav.kk-glossary-letters a")]
    assert "Ś" in letters, "the real glossary has entries under Ś (e.g. Ścieżka pomocy)"
    assert letters.index("Ś") == letters.index("S") + 1
    assert letters == sorted(letters, key=lambda letter: sort_key(letter, "pl"))


@pytest.mark.parametrize("lang", LANGS)
def test_letter_index_leads_to_sections_holding_that_letters_entries(built_site: Path, lang: Lang) -> None:
    article = content(built_site, GLOSSARY_URL[lang])
    links = article.cssselect("nav.kk-glossary-letters a")
    assert links
    for link in links:
        anchor = link.get("href").removeprefix("#")
        section = article.cssselect(f'h2[id="{anchor}"]')
        assert section, f"letter {text(link)} links to a missing #{anchor}"
        assert heading_text(section[0]) == text(link)
        for sibling in section[0].itersiblings():
            if sibling.tag == "h2":
                break
            if sibling.tag == "h3":
                assert heading_text(sibling)[0].upper() == text(link), heading_text(sibling)


@pytest.mark.parametrize("lang", LANGS)
def test_see_also_links_lead_to_the_related_entries(built_site: Path, terms: list[dict[str, Any]], lang: Lang) -> None:
    article = content(built_site, GLOSSARY_URL[lang])
    by_id = {t["id"]: t for t in terms}
    checked = 0
    for heading in entries_of(built_site, lang):
        details = details_of(heading)
        targets = (
            [a.get("href").removeprefix("#") for a in details.cssselect('a[href^="#"]')] if details is not None else []
        )
        assert targets == by_id[heading.get("id")].get("see", []), heading.get("id")
        for target in targets:
            assert article.cssselect(f'h3[id="{target}"]'), f"#{heading.get('id')}: see-also to missing #{target}"
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("lang", LANGS)
def test_used_on_links_lead_to_pages_that_use_the_term(
    built_site: Path, terms: list[dict[str, Any]], lang: Lang
) -> None:
    by_id = {t["id"]: t for t in terms}
    checked = 0
    for heading in entries_of(built_site, lang):
        details = details_of(heading)
        if details is None:
            continue
        for link in details.cssselect('a:not([href^="#"])'):
            target = page_url(GLOSSARY_URL[lang], link.get("href"))
            assert (built_site / target / "index.html").exists(), f"#{heading.get('id')}: used-on link to /{target}"
            assert lang_of(target) == lang
            article = text(content(built_site, target))
            tokens = glossary.abbreviations_in_text(article)
            assert glossary.uses_term(by_id[heading.get("id")], lang, article, tokens), (
                f"#{heading.get('id')} says /{target} uses it, but the page does not"
            )
            checked += 1
    assert checked > 50


def test_pages_that_show_an_abbreviation_are_listed_under_its_entry(
    built_site: Path, terms: list[dict[str, Any]]
) -> None:
    """The other direction: a page whose text shows PZK is in the PZK entry's "used on" list."""
    owner = {t[lang]["abbr"]: t["id"] for t in terms for lang in LANGS if t[lang].get("abbr")}
    missing = []
    for url in pages(built_site):
        lang = lang_of(url)
        if url == GLOSSARY_URL[lang]:
            continue
        listed = {
            heading.get("id"): {page_url(GLOSSARY_URL[lang], a.get("href")) for a in details_of(heading).cssselect("a")}
            for heading in entries_of(built_site, lang)
            if details_of(heading) is not None
        }
        for abbr in prose_abbrs(content(built_site, url)):
            entry_id = owner.get(abbr.text.removesuffix("s")) or owner.get(abbr.text)
            if entry_id and url not in listed.get(entry_id, set()):
                missing.append(f"/{url} shows {abbr.text} but #{entry_id} does not list it")
    assert sorted(set(missing)) == []


def prose_abbrs(article: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """<abbr> elements of the page's own text (not in the list of sources at its end)."""
    in_sources = False
    for element in article.iter():
        if element.tag == "h2":
            in_sources = element.get("id") == "sources"
        if element.tag == "abbr" and not in_sources:
            yield element


# --- Tooltips ---------------------------------------------------------------------------------


def text_nodes(element: lxml_html.HtmlElement) -> Iterator[str]:
    """Text a reader sees, outside code and outside <abbr> (whose text is covered)."""

    def skipped(node: lxml_html.HtmlElement) -> bool:
        return any(a.tag in NOT_PROSE for a in node.iterancestors()) or node.tag in NOT_PROSE

    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        if node.text and not skipped(node):
            yield node.text
        parent = node.getparent()
        if node.tail and parent is not None and not (any(a.tag in NOT_PROSE for a in node.iterancestors())):
            yield node.tail


def test_every_abbreviation_on_every_page_carries_its_tooltip(built_site: Path, data: dict[str, Any]) -> None:
    terms = glossary.terms_of(data)
    allowed = set(glossary.not_terms_of(data))
    tips = {lang: glossary.tooltips(terms, lang) for lang in LANGS}
    problems = []
    checked = 0
    for url in pages(built_site):
        lang = lang_of(url)
        article = content(built_site, url)
        for abbr in article.cssselect("abbr"):
            if abbr.get("title") != tips[lang].get(abbr.text):
                problems.append(f"/{url}: <abbr>{abbr.text}</abbr> has title {abbr.get('title')!r}")
            checked += 1
        for chunk in text_nodes(article):
            for token in glossary.abbreviations_in_text(chunk):
                if token not in allowed:
                    problems.append(f"/{url}: {token} has no tooltip")
    assert problems == []
    assert checked > 100


@pytest.mark.parametrize("lang", LANGS)
def test_model_teams_page_explains_each_abbreviation_it_uses(
    built_site: Path, data: dict[str, Any], lang: Lang
) -> None:
    source = (ROOT / "docs" / "model" / f"teams.{lang}.md").read_text(encoding="utf-8")
    used = glossary.abbreviations_in(source)
    assert "PZK" in used
    tips = glossary.tooltips(glossary.terms_of(data), lang)
    url = "model/teams/" if lang == "pl" else "en/model/teams/"
    shown = {a.text: a.get("title") for a in content(built_site, url).cssselect("abbr[title]")}
    for abbr in used:
        # English plurals ("NGOs") carry the tooltip as written.
        assert tips[abbr] in {shown.get(abbr), shown.get(f"{abbr}s")}, f"/{url}: {abbr}"


def test_first_use_of_each_abbreviation_links_to_its_entry_once(built_site: Path, data: dict[str, Any]) -> None:
    """On every page but the glossary: at most one link per entry, to an entry that exists on the
    glossary page of the same language, never in a heading; and on the teams chapter the first
    PZK of the running text is the link."""
    terms = glossary.terms_of(data)
    anchors = {lang: {e.get("id") for e in entries_of(built_site, lang)} for lang in LANGS}
    problems = []
    linked_pages = 0
    for url in pages(built_site):
        lang = lang_of(url)
        if url == GLOSSARY_URL[lang]:
            assert content(built_site, url).cssselect("a.kk-term") == []
            continue
        targets = glossary.abbreviation_targets(terms, lang)
        seen: set[str] = set()
        links = content(built_site, url).cssselect("a.kk-term")
        linked_pages += bool(links)
        for link in links:
            target = urljoin(f"/{url}", link.get("href"))
            page_url, _, entry_id = target.partition("#")
            abbr = link.cssselect("abbr")
            if page_url != f"/{GLOSSARY_URL[lang]}" or entry_id not in anchors[lang]:
                problems.append(f"/{url}: {link.get('href')} is not an entry of /{GLOSSARY_URL[lang]}")
            elif not abbr or targets.get(abbr[0].text) != entry_id:
                problems.append(f"/{url}: link to #{entry_id} does not hold its abbreviation")
            if entry_id in seen:
                problems.append(f"/{url}: #{entry_id} linked twice")
            seen.add(entry_id)
            if link.xpath("ancestor::h1|ancestor::h2|ancestor::h3|ancestor::h4|ancestor::th|ancestor::label"):
                problems.append(f"/{url}: #{entry_id} linked inside a heading, table header or label")
    assert problems == []
    assert linked_pages > 30
    for lang in LANGS:
        url = "model/teams/" if lang == "pl" else "en/model/teams/"
        running_text = "(.//p[not(contains(@class, 'admonition-title'))]|.//li)"
        prose = content(built_site, url).xpath(f"{running_text}[.//abbr[.='PZK']]")
        first = prose[0].xpath(".//abbr[.='PZK']")[0]
        assert first.getparent().tag == "a" and first.getparent().get("class") == "kk-term", url
