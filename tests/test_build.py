"""The built site as a reader gets it: both languages, switcher, anchors, no third parties."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from sitepages import content, doc, english, pages, text


def test_both_languages_are_built(built_site: Path) -> None:
    urls = pages(built_site)
    polish = [u for u in urls if not english(u)]
    english_pages = [u for u in urls if english(u)]
    assert len(polish) == len(english_pages) >= 10
    assert doc(built_site, "").get("lang") == "pl"
    assert doc(built_site, "en/").get("lang") == "en"


def test_every_polish_page_has_an_english_twin(built_site: Path) -> None:
    urls = set(pages(built_site))
    for url in urls:
        if not english(url):
            assert f"en/{url}" in urls, f"/{url} has no English twin"


def test_language_switcher_leads_to_the_same_page(built_site: Path) -> None:
    for url in pages(built_site):
        links = {a.get("hreflang"): a.get("href") for a in doc(built_site, url).cssselect("a[hreflang]")}
        assert set(links) == {"pl", "en"}, url
        polish_url = url[3:] if english(url) else url
        for lang, href in links.items():
            target = urljoin(f"/{url}", href).lstrip("/")
            expected = polish_url if lang == "pl" else f"en/{polish_url}"
            assert target == expected, f"/{url}: switcher to {lang} leads to /{target}"


# The glossary is sorted by each language's alphabet: same entry ids, other order and letters
# (tests/test_glossary_site.py checks it).
SORTED_PER_LANGUAGE = {"glossary/"}


def test_heading_ids_match_between_languages(built_site: Path) -> None:
    for url in pages(built_site):
        if english(url) or url in SORTED_PER_LANGUAGE:
            continue
        pl_ids = [h.get("id") for h in content(built_site, url).cssselect("h2, h3")]
        en_ids = [h.get("id") for h in content(built_site, f"en/{url}").cssselect("h2, h3")]
        assert pl_ids == en_ids, f"/{url} and /en/{url} have different heading ids"


def test_polish_heading_anchor_keeps_polish_letters(built_site: Path) -> None:
    h1 = content(built_site, "about/sources/").cssselect("h1")[0]
    assert h1.get("id") == "źródła-i-bibliografia"


def test_navigation_titles_are_translated(built_site: Path) -> None:
    pl_nav = text(doc(built_site, "").cssselect("nav.md-nav--primary")[0])
    en_nav = text(doc(built_site, "en/").cssselect("nav.md-nav--primary")[0])
    assert "Narzędzia" in pl_nav and "Tools" not in pl_nav
    assert "Tools" in en_nav and "Narzędzia" not in en_nav


def test_no_resource_comes_from_another_host(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=\"(https?:)?//", source):
            tag = source[match.start() : match.end() + 60]
            assert 'rel="alternate"' in tag or 'rel="canonical"' in tag, f"{path}: {tag}"
    css_js = [p for p in built_site.rglob("*") if p.suffix in (".css", ".js")]
    for path in css_js:
        assert "fonts.googleapis.com" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_accessibility_statement_is_linked_from_every_page(built_site: Path) -> None:
    for url in pages(built_site):
        link = doc(built_site, url).cssselect("#kk-a11y-link")
        assert link, f"/{url} has no link to the accessibility statement"
        target = urljoin(f"/{url}", link[0].get("href")).lstrip("/")
        assert target == ("en/" if english(url) else "") + "about/accessibility/", f"/{url} → /{target}"
        assert (built_site / target / "index.html").exists()


@pytest.mark.parametrize("url", ["about/sources/", "en/about/sources/"])
def test_bibliography_entries_are_anchored(built_site: Path, url: str) -> None:
    entries = content(built_site, url).cssselect("p.kk-source")
    assert len(entries) >= 10
    assert all(e.get("id") for e in entries)


def test_citations_link_to_existing_bibliography_entries(built_site: Path) -> None:
    checked = 0
    for url in pages(built_site):
        for link in content(built_site, url).cssselect("sup.kk-cite a"):
            target = urljoin(f"/{url}", link.get("href"))
            path, _, anchor = target.partition("#")
            bib = doc(built_site, path.lstrip("/"))
            assert bib.cssselect(f'[id="{anchor}"]'), f"/{url}: citation to missing {target}"
            checked += 1
    assert checked > 0
