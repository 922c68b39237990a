"""The live preview converts again only what changed (ksiega/preview.py): real MkDocs builds of
a three-page site, in this process, with the renderings kept between them as `mkdocs serve`
keeps them; each output is compared with a build without the cache."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from material.plugins.search.plugin import Parser, SearchIndex
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from ksiega import preview

CONFIG = """
site_name: Preview
theme: {name: mkdocs}
markdown_extensions:
  - toc: {permalink: true}
  - markdown_include.include: {base_path: docs/_fragments}
exclude_docs: |
  _fragments/
nav: [index.md, a.md, b.md]
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # the fragments' base_path is relative to it
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763856000")  # the same date in every build
    docs = tmp_path / "docs"
    (docs / "_fragments").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# Start\n\nSee [A](a.md#dwa).\n", encoding="utf-8")
    (docs / "a.md").write_text("# A\n\n## Dwa\n\nText.\n", encoding="utf-8")
    (docs / "b.md").write_text("# B\n\n{!shared.md!}\n", encoding="utf-8")
    (docs / "_fragments" / "shared.md").write_text("Shared words.\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The Markdown each build converts, page by page."""
    seen: list[str] = []
    convert = markdown.Markdown.convert

    def counted(self: markdown.Markdown, source: str) -> str:
        seen.append(source.splitlines()[0])
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counted)
    preview.install(Page)
    try:
        yield seen
    finally:
        preview.uninstall(Page)


def site(project: Path, out: str) -> dict[str, str]:
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / out)))
    return {
        path.relative_to(project / out).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((project / out).rglob("*.html"))
    }


def fresh(project: Path) -> dict[str, str]:
    """The same site built without the cache."""
    preview.uninstall(Page)
    try:
        return site(project, "fresh")
    finally:
        preview.install(Page)


def test_an_unchanged_site_is_not_converted_again_and_is_the_same(project: Path, conversions: list[str]) -> None:
    first = site(project, "site")
    assert sorted(conversions) == ["# A", "# B", "# Start"]
    conversions.clear()
    assert site(project, "site") == first
    assert conversions == []


def test_a_saved_page_alone_is_converted_and_the_site_is_as_built_afresh(project: Path, conversions: list[str]) -> None:
    site(project, "site")
    conversions.clear()
    (project / "docs" / "a.md").write_text("# A\n\n## Trzy\n\nNew text.\n", encoding="utf-8")
    after = site(project, "site")
    assert conversions == ["# A"]
    assert "New text." in after["a/index.html"]
    assert after == fresh(project)


def test_a_fragment_or_mkdocs_yml_renders_every_page_again(project: Path, conversions: list[str]) -> None:
    site(project, "site")
    conversions.clear()
    (project / "docs" / "_fragments" / "shared.md").write_text("Other words.\n", encoding="utf-8")
    after = site(project, "site")
    assert sorted(conversions) == ["# A", "# B", "# Start"]
    assert "Other words." in after["b/index.html"]
    conversions.clear()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("permalink: true", "permalink: false"), "utf-8")
    after = site(project, "site")
    assert sorted(conversions) == ["# A", "# B", "# Start"]
    assert after == fresh(project)


def test_a_new_page_renders_the_pages_that_link_again(project: Path, conversions: list[str]) -> None:
    """Links are resolved against the site's files: a new file renders every page again."""
    site(project, "site")
    conversions.clear()
    (project / "docs" / "c.md").write_text("# C\n", encoding="utf-8")
    after = site(project, "site")
    assert sorted(conversions) == ["# A", "# B", "# C", "# Start"]
    assert after == fresh(project)


def test_a_page_that_warns_warns_on_every_save(
    project: Path, conversions: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    (project / "docs" / "b.md").write_text("# B\n\n[Gone](missing.md)\n", encoding="utf-8")
    for converted in (["# A", "# B", "# Start"], ["# B"]):
        caplog.clear()
        conversions.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            site(project, "site")
        assert sorted(conversions) == converted
        assert any("missing.md" in record.getMessage() for record in caplog.records)


MATERIAL = """
site_name: Preview
theme: {name: material, font: false}
plugins: [search]
hooks: [hook.py]
markdown_extensions:
  - toc: {permalink: true}
exclude_docs: |
  _fragments/
nav: [index.md, a.md, b.md]
"""
# What hooks/serve.py does for the templates while serving.
HOOK = """
from ksiega import preview


def on_env(env, config, files):
    env.bytecode_cache = preview.TEMPLATES
    return env
"""


def material_site(project: Path, out: str) -> dict[str, str]:
    """The pages and the search index of a build with Material."""
    pages = site(project, out)
    pages["search_index.json"] = (project / out / "search" / "search_index.json").read_text(encoding="utf-8")
    return pages


def test_with_material_the_site_and_its_search_index_are_as_built_afresh(project: Path) -> None:
    """Material's search sections and the compiled templates are reused as well (hooks/serve.py)."""
    (project / "mkdocs.yml").write_text(MATERIAL, encoding="utf-8")
    (project / "hook.py").write_text(HOOK, encoding="utf-8")
    (project / "docs" / "b.md").write_text("# B\n\nWords about *teams*.\n", encoding="utf-8")
    parsed: list[str] = []
    feed = Parser.feed

    def counted(self: Parser, data: str) -> None:
        parsed.append(data[:20])
        feed(self, data)

    preview.install(Page)
    preview.remember_search_sections(SearchIndex, Parser)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Parser, "feed", counted)
            first = material_site(project, "site")
            assert len(parsed) == 3
            parsed.clear()
            assert material_site(project, "site") == first
            assert parsed == []  # nothing parsed again
            assert preview.TEMPLATES.compiled  # the theme's templates were kept
            (project / "docs" / "a.md").write_text("# A\n\n## Trzy\n\nNew words.\n", encoding="utf-8")
            after = material_site(project, "site")
            assert len(parsed) == 1  # the saved page's HTML only
        assert "New words" in after["search_index.json"] and "Trzy" in after["search_index.json"]
        preview.uninstall(Page, SearchIndex)
        assert after == material_site(project, "fresh")
    finally:
        preview.uninstall(Page, SearchIndex)
