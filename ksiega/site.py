"""The handbook site, composed from its features. The hooks and the CLI call only this.

A feature is a module that may define:
  MARKERS: dict[name, render(handbook, lang, page, args) -> Markdown]  for <!-- kk:name args -->
  check(handbook) -> list[Problem]                 content rules that need all data and pages
  pages(handbook) -> dict[docs path, Markdown]     pages generated from data (both languages)
  files(handbook) -> dict[docs path, bytes]        other files generated from data (e.g. Word files,
                                                   `name.pl.docx` / `name.en.docx`); FILES_DIR names the
                                                   docs folder the feature owns, where unlisted files
                                                   (other than .md pages) are removed as stale
  transform(handbook, lang, page_base, markdown) -> Markdown   applied to every page
  content(handbook, lang, page_base, html) -> HTML  applied to every page's rendered body
  DATA_FILES: list of data file keys it needs ("glossary" for data/glossary.yml)
  nav(handbook) -> dict[page, list[entries]]        generated pages to list in the navigation
                                                    right after `page` (e.g. after a section index);
                                                    an entry is a page or a {section title: [pages]}
  section_titles(handbook) -> {index page: {lang: title}}  the titles of those sections
  post_build(handbook, site_dir)                    after every language is built (the search index split per
                                                    language, the PDF edition)
  benchmark(site_dir, site_url, browser) -> dict    figures for `python -m ksiega bench`
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from ksiega import (
    checklists,
    forms,
    glossary,
    legal,
    pdf,
    practices,
    recommendations,
    search,
    sources,
    timeline,
    trainers,
    variants,
)
from ksiega.data import DataError, Problem
from ksiega.docs import MARKER, DocPage, Docs, gaps_box_problems, page_from_text, page_lang, parity_problems
from ksiega.handbook import GENERATED_HEADER, Handbook, is_generated, load_handbook
from ksiega.lang import LANGS, Lang, page_prefix
from ksiega.project import ROOT, rel

# Order matters for transforms: markers are expanded first, then these run in this order.
FEATURES: list[ModuleType] = [
    legal,
    recommendations,
    trainers,
    variants,  # before checklists: its result pages follow the picker, then the checklists section
    checklists,
    forms,
    practices,
    timeline,
    sources,
    search,
    glossary,  # last transform: it adds tooltips for abbreviations in everything above
    pdf,  # no transform; after the build it makes the book from the finished pages
]

Renderer = Callable[[Handbook, Lang, DocPage, str], str]


def markers() -> dict[str, Renderer]:
    found: dict[str, Renderer] = {}
    for feature in FEATURES:
        found.update(getattr(feature, "MARKERS", {}))
    return found


def _marker_problems(handbook: Handbook) -> list[Problem]:
    known = markers()
    return [
        Problem(page.file, message=f"uses an unknown marker '<!-- kk:{name} -->' (the markers are listed in README.md)")
        for page in handbook.docs.pages
        for name, _args in page.markers()
        if name not in known
    ]


def _missing_data(handbook: Handbook) -> list[Problem]:
    return [
        Problem(f"data/{key}.yml", message=f"is missing (the {feature.__name__.rsplit('.', 1)[-1]} feature needs it)")
        for feature in FEATURES
        for key in getattr(feature, "DATA_FILES", [])
        if key not in handbook.data
    ]


def check(handbook: Handbook) -> list[Problem]:
    """Every content rule that needs the whole handbook (data and pages)."""
    missing = _missing_data(handbook)
    if missing:
        return missing
    problems = parity_problems(handbook.docs) + _marker_problems(handbook) + gaps_box_problems(handbook.docs)
    for feature in FEATURES:
        if hasattr(feature, "check"):
            problems += feature.check(handbook)
    return problems


def generate(handbook: Handbook) -> dict[str, str]:
    pages: dict[str, str] = {}
    for feature in FEATURES:
        if hasattr(feature, "pages"):
            pages.update(feature.pages(handbook))
    return pages


def generate_files(handbook: Handbook) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for feature in FEATURES:
        if hasattr(feature, "files"):
            files.update(feature.files(handbook))
    return files


def write_generated_files(docs_dir: Path, files: dict[str, bytes], owned_dirs: list[str]) -> list[Path]:
    """Write generated non-Markdown files (only when their bytes changed) and remove files in
    the features' own folders that the data no longer produces. Returns the files changed."""
    changed = []
    wanted = {docs_dir / path for path in files}
    for folder in owned_dirs:
        for path in sorted((docs_dir / folder).glob("*")):
            if path.is_file() and path.suffix != ".md" and path not in wanted:
                path.unlink()
                changed.append(path)
    for rel_path, data in sorted(files.items()):
        path = docs_dir / rel_path
        if path.exists() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        changed.append(path)
    return changed


def nav_additions(handbook: Handbook) -> dict[str, list[str]]:
    additions: dict[str, list[str]] = {}
    for feature in FEATURES:
        if hasattr(feature, "nav"):
            for after, paths in feature.nav(handbook).items():
                additions.setdefault(after, []).extend(paths)
    return additions


def section_titles(handbook: Handbook) -> dict[str, dict[Lang, str]]:
    """Sections of the navigation that features make, by their index page: the title in each
    language (text, as the data gives it)."""
    titles: dict[str, dict[Lang, str]] = {}
    for feature in FEATURES:
        if hasattr(feature, "section_titles"):
            titles.update(feature.section_titles(handbook))
    return titles


def _nav_paths(entry: Any) -> list[str]:
    """Every page path in a nav entry: a path, a {title: path} or a {title: [entries]}."""
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, list):
        return [path for item in entry for path in _nav_paths(item)]
    if isinstance(entry, dict):
        return [path for value in entry.values() for path in _nav_paths(value)]
    return []


def extend_nav(nav: list[Any], additions: dict[str, list[Any]]) -> list[Any]:
    """Insert generated pages (or sections of them) into a MkDocs nav list after the entry they follow.

    Idempotent (i18n runs on_config once per language): entries whose pages are already listed
    are not added again.
    """
    listed = set(_nav_paths(nav))

    def walk(items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if isinstance(item, dict):
                item = {key: walk(value) if isinstance(value, list) else value for key, value in item.items()}
            out.append(item)
            path = item if isinstance(item, str) else next(iter(item.values())) if isinstance(item, dict) else None
            if isinstance(path, str) and path in additions:
                out.extend(entry for entry in additions[path] if not listed.intersection(_nav_paths(entry)))
        return out

    return walk(nav)


def write_generated(docs_dir: Path, pages: dict[str, str]) -> list[Path]:
    """Write generated pages (only when changed, so `mkdocs serve` does not loop) and
    remove generated pages that the data no longer produces. Returns the files changed."""
    changed = []
    wanted = {docs_dir / path for path in pages}
    for path in docs_dir.rglob("*.md"):
        if path not in wanted and is_generated(path):
            path.unlink()
            changed.append(path)
    for rel_path, markdown in sorted(pages.items()):
        path = docs_dir / rel_path
        text = f"{GENERATED_HEADER}\n{markdown}"
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(path)
    return changed


@dataclass
class _Cache:
    signature: str = ""
    handbook: Handbook | None = None


_cache = _Cache()


def _signature(root: Path, docs_dir: Path) -> str:
    """Changes when any data file, schema, page or template of generated HTML changes (cheap:
    names, sizes, times)."""
    digest = hashlib.sha256()
    for folder in (root / "data", docs_dir, root / "overrides" / "kk"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not is_generated(path):
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def compose(handbook: Handbook) -> Handbook:
    """The handbook with the pages its features generate, all checked; nothing is written.

    Raises DataError listing every problem of the data, the pages and the generated pages.
    """
    problems = check(handbook)
    if problems:
        raise DataError(problems)
    generated = generate(handbook)
    pages = [
        page_from_text(path, page_lang(path) or "pl", f"{GENERATED_HEADER}\n{markdown}", f"docs/{path}")
        for path, markdown in sorted(generated.items())
    ]
    # In the order load_docs reads a folder: by path.
    docs = Docs(handbook.docs.root, sorted([*handbook.docs.pages, *pages], key=lambda page: PurePosixPath(page.src)))
    composed = dataclasses.replace(handbook, docs=docs, generated=generated)
    problems = _marker_problems(composed) + parity_problems(docs) + sources.citation_problems(composed, pages)
    if problems:
        raise DataError(problems)
    composed.expand = _expander(composed)
    return composed


def prepare(root: Path = ROOT, docs_dir: Path | None = None) -> Handbook:
    """Validate everything, generate and check the generated pages, write them into docs/
    (only those that changed) and return the handbook.

    Raises DataError (all problems, one per line) before anything is written.
    Cached per process: i18n runs the build once per language.
    """
    docs_dir = docs_dir or root / "docs"
    signature = _signature(root, docs_dir)
    if _cache.handbook is not None and _cache.signature == signature:
        return _cache.handbook
    handbook = compose(load_handbook(root, docs_dir))
    write_generated(docs_dir, handbook.generated)
    owned = [feature.FILES_DIR for feature in FEATURES if hasattr(feature, "FILES_DIR")]
    write_generated_files(docs_dir, generate_files(handbook), owned)
    # The signature after writing: generated files that have no header (Word files) are then
    # part of it, so the next call (the other language, every page) hits the cache.
    _cache.signature, _cache.handbook = _signature(root, docs_dir), handbook
    return handbook


def check_only(root: Path = ROOT) -> list[Problem]:
    """All problems, without writing anything (the `check` command)."""
    try:
        handbook = load_handbook(root)
    except DataError as exc:
        return exc.problems
    return sorted(set(check(handbook)))


def finish(handbook: Handbook, site_dir: Path) -> None:
    """Run every feature's post-build step on the finished site (all languages built)."""
    for feature in FEATURES:
        if hasattr(feature, "post_build"):
            feature.post_build(handbook, site_dir)


def escape_title(title: str) -> str:
    """A title (text) as the HTML that templates print as it is: escaped once."""
    return html.escape(title, quote=True)


def language_base(src: str) -> str:
    """A docs path without its language: "model/teams.pl.md" -> "model/teams.md"."""
    lang = page_lang(src)
    return src[: -len(f".{lang}.md")] + ".md" if lang else src


def not_found_path(lang: Lang) -> str:
    """Where a language's "page not found" page goes: 404.html, en/404.html (a static host
    serves it for missing addresses under that language's folder)."""
    return f"{page_prefix(lang)}404.html"


def home_alternates(languages: list[tuple[str, str]], site_url: str | None) -> list[dict[str, str]]:
    """The language switcher of a page without a twin (the 404 page): each language's home,
    from the site's root (the path of `site_url`, or "/")."""
    root = urlsplit(site_url or "/").path.rstrip("/") + "/"
    return [{"name": name, "lang": lang, "link": root + page_prefix(lang)} for lang, name in languages]


def write_not_found(site_dir: Path, rendered: dict[str, str]) -> None:
    """Write each language's 404 page (as rendered by the theme) to its own place."""
    for lang, page in rendered.items():
        if lang in LANGS:
            path = site_dir / not_found_path(lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")


class MarkupError(Exception):
    """A page could not be rendered (names the page)."""


def expand_markers(handbook: Handbook, lang: Lang, page: DocPage, markdown: str) -> str:
    """Replace every <!-- kk:… --> marker in `markdown` with what its feature renders."""
    renderers = markers()

    def expand(match: Any) -> str:
        name = match.group("name")
        if name not in renderers:
            raise MarkupError(f"{page.file}: unknown marker '<!-- kk:{name} -->'")
        return "\n\n" + renderers[name](handbook, lang, page, match.group("args").strip()).strip() + "\n\n"

    return MARKER.sub(expand, markdown)


def _expander(handbook: Handbook) -> Callable[[DocPage], str]:
    """`handbook.expand`: a page's body with markers expanded, once per page. A page that asks
    for its own expansion while being expanded gets its plain body (no endless recursion)."""
    done: dict[str, str] = {}
    running: set[str] = set()

    def expand(page: DocPage) -> str:
        if page.src in running:
            return page.body
        if page.src not in done:
            running.add(page.src)
            try:
                done[page.src] = expand_markers(handbook, page.lang, page, page.body)
            finally:
                running.discard(page.src)
        return done[page.src]

    return expand


def _known_page(handbook: Handbook, src: str) -> DocPage:
    page = next((p for p in handbook.docs.pages if p.src == src), None)
    if page is None:
        raise MarkupError(f"docs/{src}: the page is not known to the handbook (was it added during the build?)")
    return page


def render_markdown(handbook: Handbook, lang: Lang, src: str, markdown: str) -> str:
    """Expand markers and apply every feature's transform to one page's Markdown."""
    page = _known_page(handbook, src)
    # The generated-page header is for editors of docs/; as the page's first block it would
    # hide the page's H1 from MkDocs, which takes the title only from a leading H1.
    if markdown.startswith(GENERATED_HEADER):
        markdown = markdown[len(GENERATED_HEADER) :].lstrip("\n")
    markdown = expand_markers(handbook, lang, page, markdown)
    for feature in FEATURES:
        if hasattr(feature, "transform"):
            markdown = feature.transform(handbook, lang, page.base, markdown)
    return markdown


def render_content(handbook: Handbook, lang: Lang, src: str, html: str) -> str:
    """Apply every feature's `content` step to one page's rendered HTML (its article body)."""
    page = _known_page(handbook, src)
    for feature in FEATURES:
        if hasattr(feature, "content"):
            html = feature.content(handbook, lang, page.base, html)
    return html


__all__ = ["DataError", "Handbook", "check_only", "prepare", "rel", "render_content", "render_markdown"]
