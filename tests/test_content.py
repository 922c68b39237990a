"""The handbook text: parts present in both languages, substantial chapters, every source
used and every figure cited, recommendations rendered one by one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitepages import content, text

from ksiega.core.handbook import load_handbook
from ksiega.features.sources import uncited

ROOT = Path(__file__).resolve().parents[1]

# The parts of the Księga (issue: chapters 1-10 and the site pages).
PARTS = [
    "model/why-cooperate.md",
    "model/principles.md",
    "model/teams.md",
    "model/basket-of-services.md",
    "model/roles.md",
    "model/procedure.md",
    "model/variants.md",
    "model/crisis.md",
    "model/pilot.md",
    "model/recommendations.md",
    "model/legal.md",
    "index.md",
    "about/index.md",
    "about/privacy.md",
    "about/accessibility.md",
    "about/sources.md",
]
MAIN_CHAPTERS = [
    "model/why-cooperate.md",
    "model/principles.md",
    "model/teams.md",
    "model/basket-of-services.md",
    "model/roles.md",
    "model/procedure.md",
    "model/crisis.md",
    "model/pilot.md",
    "model/legal.md",
]


@pytest.fixture(scope="module")
def handbook():
    return load_handbook(ROOT)


@pytest.mark.parametrize("base", PARTS)
def test_part_exists_in_both_languages(handbook, base: str) -> None:
    assert handbook.docs.get(base, "pl") is not None, f"docs/{base[:-3]}.pl.md is missing"
    assert handbook.docs.get(base, "en") is not None, f"docs/{base[:-3]}.en.md is missing"


def words(markdown: str) -> int:
    stripped = re.sub(r"\[@[^\]]+\]|\{[^}]*\}|<[^>]+>|\]\([^)]*\)", " ", markdown)
    return len(re.findall(r"[^\W\d_]{2,}", stripped))


@pytest.mark.parametrize("base", MAIN_CHAPTERS)
def test_main_chapter_is_substantial(handbook, base: str) -> None:
    assert words(handbook.docs.get(base, "pl").body) >= 600


def test_every_source_is_cited_somewhere(handbook) -> None:
    assert uncited(handbook) == []


def test_no_placeholder_text(handbook) -> None:
    for page in handbook.docs.pages:
        assert not re.search(r"lorem ipsum|\bTODO\b|\bTBD\b|\bXXX\b", page.body, re.IGNORECASE), page.file


@pytest.mark.parametrize("url", ["model/recommendations/", "en/model/recommendations/"])
def test_every_recommendation_is_rendered_and_linkable(built_site: Path, handbook, url: str) -> None:
    recs = handbook.data["recommendations"]["recommendations"]
    ids = [r["id"] for r in recs]
    assert len(ids) == len(set(ids)) >= 15
    article = content(built_site, url)
    lang = "en" if url.startswith("en/") else "pl"
    for rec in recs:
        heading = article.cssselect(f"h3#{rec['id'].lower()}")
        assert heading, f"/{url}: {rec['id']} has no heading"
        assert rec[lang]["title"] in text(heading[0])


A11Y_IDS = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-ocena",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
    "a11y-aplikacje",
]


@pytest.mark.parametrize("url", ["about/accessibility/", "en/about/accessibility/"])
def test_accessibility_statement_has_the_standard_elements(built_site: Path, url: str) -> None:
    article = content(built_site, url)
    missing = [i for i in A11Y_IDS if not article.cssselect(f'[id="{i}"]')]
    assert missing == []
