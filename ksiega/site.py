"""The handbook site, composed from its features. The hooks and the CLI call only this.

How data becomes pages (ARCHITECTURE.md tells it in full):
  prepare()   once per build: load and validate data and pages, every feature's check, generate
              pages and files (checked in memory), write them into docs/; then `current()`
              serves the same handbook to every page event of the build
  render_markdown / render_content   each page: markers expanded, transforms, HTML steps
  finish()    after every language is built: each feature's post-build step (search, PDF)

The features are listed here, once, in the order their page steps run; each declares what it
does in its `FEATURE` (ksiega.core.feature).
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ksiega import assets, local, pdf, search
from ksiega.core import strings
from ksiega.core.data import DataError, Problem, UnknownReference
from ksiega.core.docs import MARKER, DocPage, Docs, gaps_box_problems, page_from_text, page_lang, parity_problems
from ksiega.core.feature import Feature, Marker, markers_of
from ksiega.core.handbook import GENERATED_HEADER, Handbook, is_generated, load_handbook
from ksiega.core.lang import Lang
from ksiega.core.project import ROOT
from ksiega.features import (
    checklists,
    forms,
    glossary,
    legal,
    not_found,
    practices,
    readiness,
    recommendations,
    sources,
    timeline,
    trainers,
    variants,
)
from ksiega.features import (
    local as local_edition,
)
from ksiega.toolkit import citations

# Every feature, in the order its page steps run: markers are expanded first, then each
# transform in this order (the sources turn [@id] into links after the features that write
# citations; the glossary adds tooltips last, for everything above it).
FEATURES: tuple[Feature, ...] = (
    legal.FEATURE,
    recommendations.FEATURE,
    trainers.FEATURE,
    variants.FEATURE,  # before checklists: its result pages follow the picker, then the checklists section
    readiness.FEATURE,
    checklists.FEATURE,
    forms.FEATURE,
    practices.FEATURE,
    local_edition.FEATURE,  # the section "Nasza gmina": pages only when a local edition is given
    timeline.FEATURE,
    sources.FEATURE,
    search.FEATURE,
    glossary.FEATURE,
    not_found.FEATURE,
    pdf.FEATURE,  # after the build it makes the book from the finished pages
)
MARKERS: Mapping[str, Marker] = markers_of(FEATURES)


def _marker_problem(handbook: Handbook, page: DocPage, name: str, args: str) -> str | None:
    marker = MARKERS.get(name)
    if marker is None:
        return f"uses an unknown marker '<!-- kk:{name} -->' (the markers are listed in README.md)"
    return marker.problem(handbook, page, args)


def marker_problems(handbook: Handbook, pages: list[DocPage]) -> list[Problem]:
    """Every marker in `pages` is known and its argument is right: one place, one message."""
    problems = []
    for page in pages:
        for name, args in page.markers():
            message = _marker_problem(handbook, page, name, args)
            if message:
                problems.append(Problem(page.file, message=message))
    return problems


def _missing_data(handbook: Handbook) -> list[Problem]:
    return [
        Problem(f"data/{key}.yml", message=f"is missing (the {feature.name} feature needs it)")
        for feature in FEATURES
        for key in feature.data_keys
        if key not in handbook.data
    ]


def check(handbook: Handbook) -> list[Problem]:
    """Every content rule that needs the whole handbook (data and pages)."""
    missing = _missing_data(handbook)
    if missing:
        return missing
    problems = parity_problems(handbook.docs) + gaps_box_problems(handbook.docs) + strings.problems(handbook)
    problems += marker_problems(handbook, handbook.docs.pages)
    for feature in FEATURES:
        if feature.check is not None:
            problems += feature.check(handbook)
    return problems


def generate(handbook: Handbook) -> dict[str, str]:
    pages: dict[str, str] = {}
    for feature in FEATURES:
        if feature.pages is not None:
            pages.update(feature.pages(handbook))
    return pages


def generate_files(handbook: Handbook) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for feature in FEATURES:
        if feature.files is not None:
            files.update(feature.files(handbook))
    return files


def write_generated_files(docs_dir: Path, files: dict[str, bytes], owned_dirs: list[str]) -> list[Path]:
    """Write generated non-Markdown files (only when their bytes changed) and remove files in
    the features' own folders (and their sub-folders: a local edition's copies of the forms) that
    the data no longer produces. Returns the files changed."""
    changed = []
    wanted = {docs_dir / path for path in files}
    for folder in owned_dirs:
        for path in sorted((docs_dir / folder).rglob("*")):
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


def nav_additions(handbook: Handbook) -> dict[str, list[Any]]:
    additions: dict[str, list[Any]] = {}
    for feature in FEATURES:
        if feature.nav is not None:
            for after, paths in feature.nav(handbook).items():
                additions.setdefault(after, []).extend(paths)
    return additions


# Docs folders whose pages are built but kept out of the navigation (Feature.unlisted).
UNLISTED: tuple[str, ...] = tuple(folder for feature in FEATURES for folder in feature.unlisted)


def unlisted() -> list[str]:
    """The unlisted folders as MkDocs' `not_in_nav` patterns (anchored at docs/)."""
    return [f"/{folder}" for folder in UNLISTED]


def section_titles(handbook: Handbook) -> dict[str, dict[Lang, str]]:
    """Sections of the navigation that features make, by their index page: the title in each
    language (text, as the data gives it)."""
    titles: dict[str, dict[Lang, str]] = {}
    for feature in FEATURES:
        if feature.section_titles is not None:
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
    docs_dir: Path | None = None


_cache = _Cache()


def _signature(root: Path, docs_dir: Path) -> str:
    """Changes when any data file, schema, page or template of generated HTML changes (cheap:
    names, sizes, times), or the local edition and its files."""
    digest = hashlib.sha256()
    sources = [(root / "data", "*"), (docs_dir, "*"), (root / "ksiega", "*.html")]
    folder = local.folder_from_env()
    if folder is not None:
        digest.update(f"local:{folder}:{os.environ.get(local.ENV_TODAY, '')}".encode())
        sources.append((folder, "*"))
    for folder, pattern in sources:
        for path in sorted(folder.rglob(pattern)):
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
        dataclasses.replace(
            page_from_text(path, page_lang(path) or "pl", f"{GENERATED_HEADER}\n{markdown}", f"docs/{path}"),
            listed=not path.startswith(UNLISTED),
        )
        for path, markdown in sorted(generated.items())
    ]
    # In the order load_docs reads a folder: by path.
    docs = Docs(handbook.docs.root, sorted([*handbook.docs.pages, *pages], key=lambda page: PurePosixPath(page.src)))
    composed = dataclasses.replace(handbook, docs=docs, generated=generated)
    problems = marker_problems(composed, pages) + parity_problems(docs) + citations.citation_problems(composed, pages)
    if problems:
        raise DataError(problems)
    composed.expand = _expander(composed)
    return composed


def prepare(root: Path = ROOT, docs_dir: Path | None = None) -> Handbook:
    """Validate everything, generate and check the generated pages, write them into docs/
    (only those that changed) and return the handbook; `current()` returns it from then on.

    Raises DataError (all problems, one per line) before anything is written. Prepared once
    per build and kept: i18n configures the build once per language, and during `mkdocs
    serve` it is prepared again only when a source changed.
    """
    docs_dir = docs_dir or root / "docs"
    signature = _signature(root, docs_dir)
    if _cache.handbook is not None and _cache.signature == signature:
        return _cache.handbook
    handbook = compose(local.with_local(load_handbook(root, docs_dir), local.folder_from_env()))
    for warning in handbook.local["warnings"] if handbook.local else []:
        # A stale service card is a warning, not an error: printed, and flagged on the card.
        print(f"WARNING (local edition) {warning}", file=sys.stderr)
    write_generated(docs_dir, handbook.generated)
    owned = [feature.files_dir for feature in FEATURES if feature.files_dir is not None]
    write_generated_files(docs_dir, generate_files(handbook), owned)
    # The signature after writing: generated files that have no header (Word files) are then
    # part of it, so the next call (the other language) hits the cache.
    _cache.signature, _cache.handbook, _cache.docs_dir = _signature(root, docs_dir), handbook, docs_dir
    return handbook


def current(root: Path = ROOT, docs_dir: Path | None = None) -> Handbook:
    """The handbook prepared for this build (page events ask for it hundreds of times)."""
    docs_dir = docs_dir or root / "docs"
    if _cache.handbook is not None and _cache.docs_dir == docs_dir:
        return _cache.handbook
    return prepare(root, docs_dir)


def check_only(root: Path = ROOT) -> list[Problem]:
    """All problems, without writing anything (the `check` command)."""
    try:
        handbook = load_handbook(root)
    except DataError as exc:
        return exc.problems
    problems = check(handbook)
    # Every local edition of the project (local/<id>/) is checked too, once the handbook's own
    # data is right (an edition reads its sectors, target groups and the picker's TERYT rules).
    for folder in local.editions(root) if not problems else []:
        try:
            local.load_local(handbook, folder)
        except DataError as exc:
            problems += exc.problems
    return sorted(set(problems))


def finish(handbook: Handbook, site_dir: Path, precompress: bool = True) -> None:
    """Write the stylesheets and scripts the pages link to, run every feature's post-build step on
    the finished site (all languages built), then (unless serving) write the `.gz` copies."""
    assets.write_bundle(site_assets(), site_dir)  # the PDF edition reads the stylesheets
    for feature in FEATURES:
        if feature.post_build is not None:
            feature.post_build(handbook, site_dir)
    if precompress:
        assets.precompress(site_dir)


def site_assets() -> assets.Bundle:
    """The handbook's minified stylesheets and scripts (ksiega/assets.py)."""
    return assets.bundle(FEATURES)


def page_scripts(handbook: Handbook, src: str | None) -> list[str]:
    """The scripts (paths in the site) that one page needs; `src` None: a page that is not one
    of the handbook's pages (the 404 page)."""
    page = handbook.docs.by_src(src) if src else None
    return assets.page_scripts(FEATURES, site_assets(), page)


def escape_title(title: str) -> str:
    """A title (text) as the HTML that templates print as it is: escaped once."""
    return html.escape(title, quote=True)


def language_base(src: str) -> str:
    """A docs path without its language: "model/teams.pl.md" -> "model/teams.md"."""
    lang = page_lang(src)
    return src[: -len(f".{lang}.md")] + ".md" if lang else src


class MarkupError(Exception):
    """A page could not be rendered (names the page)."""


def expand_markers(handbook: Handbook, lang: Lang, page: DocPage, markdown: str) -> str:
    """Replace every <!-- kk:… --> marker in `markdown` with what its feature renders; a marker
    that is unknown or whose argument is wrong is the same one-line problem `check` reports."""

    def expand(match: Any) -> str:
        name, args = match.group("name"), match.group("args").strip()
        message = _marker_problem(handbook, page, name, args)
        if message:
            raise UnknownReference(page.file, message=message)
        return "\n\n" + MARKERS[name].render(handbook, lang, page, args).strip() + "\n\n"

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
    page = handbook.docs.by_src(src)
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
        if feature.transform is not None:
            markdown = feature.transform(handbook, lang, page, markdown)
    return markdown


def render_content(handbook: Handbook, lang: Lang, src: str, html: str) -> str:
    """Apply every feature's `content` step to one page's rendered HTML (its article body)."""
    page = _known_page(handbook, src)
    for feature in FEATURES:
        if feature.content is not None:
            html = feature.content(handbook, lang, page, html)
    return html


__all__ = ["FEATURES", "DataError", "Handbook", "check_only", "current", "prepare", "render_content", "render_markdown"]
