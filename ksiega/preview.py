"""The live preview renders again only the pages whose Markdown changed.

`mkdocs serve` rebuilds the whole site on every save, and Python-Markdown is about a third of a
rebuild. While one `mkdocs serve` runs, a page whose Markdown (as the handbook's hooks leave
it), address, site files, shared fragments and mkdocs.yml are all as at an earlier rendering
gets that rendering's HTML, table of contents, title and anchors instead of being converted
again. A page whose rendering printed a warning (a broken link) is always rendered again, so
the warning is printed on every save, as without the cache. `mkdocs build` never uses this
(hooks/serve.py installs it on MkDocs' Page for `serve` only; this module does not import MkDocs).

Two more things a save need not do again: Material's search index splits each page's HTML into
sections with a Python HTML parser (`remember_search_sections`: the sections of the same HTML
are reused, copied, and the entries are made from them as Material makes them), and MkDocs
compiles the theme's templates afresh for every language of every rebuild (`TEMPLATES`: their
compiled code is kept in memory; Jinja checks each template's source before it reuses it).
"""

from __future__ import annotations

import copy
import hashlib
import logging
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from ksiega.core.project import FRAGMENTS_DIR

LIMIT = 2000  # renderings kept (a site in two languages has about 330 pages)


@dataclass(frozen=True)
class Rendering:
    """What `Page.render` leaves on a page."""

    content: str
    toc: Any  # mkdocs.structure.toc.TableOfContents
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri

    @classmethod
    def of(cls, page: Any) -> Rendering:
        links = page.links_to_anchors
        return cls(
            content=page.content or "",
            toc=copy.deepcopy(page.toc),
            title=page._title_from_render,
            anchors=frozenset(page.present_anchor_ids or ()),
            links_to_anchors=None if links is None else {file.src_uri: dict(to) for file, to in links.items()},
        )

    def restore(self, page: Any, files: Any) -> None:
        page.content = self.content
        page.toc = copy.deepcopy(self.toc)
        page._title_from_render = self.title
        page.present_anchor_ids = set(self.anchors)
        if self.links_to_anchors is not None:
            linked: dict[Any, dict[str, str]] = {}
            for src_uri, to in self.links_to_anchors.items():
                file = files.get_file_from_path(src_uri)
                if file is not None:
                    linked[file] = dict(to)
            page.links_to_anchors = linked


class _Warnings(logging.Handler):
    """Counts the warnings MkDocs prints while a page renders."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_renderings: OrderedDict[str, Rendering] = OrderedDict()
_sites: dict[int, tuple[Any, str]] = {}  # id(files) -> (files, what every page's key shares)


def _site_key(config: Any, files: Any) -> str:
    """What every page of one language's build shares: mkdocs.yml, the shared fragments, and
    each file's address (links are resolved against them). Computed once per build and language."""
    known = _sites.get(id(files))
    if known is not None and known[0] is files:
        return known[1]
    digest = hashlib.sha256()
    config_file = Path(config.config_file_path or "")
    if config_file.is_file():
        digest.update(config_file.read_bytes())
    fragments = Path(config.docs_dir) / FRAGMENTS_DIR
    for path in sorted(fragments.rglob("*")) if fragments.is_dir() else []:
        if path.is_file():
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    for file in sorted(files, key=lambda file: file.src_uri):
        digest.update(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.inclusion}\n".encode())
    _sites.clear()  # one build (language) at a time
    _sites[id(files)] = (files, digest.hexdigest())
    return _sites[id(files)][1]


def page_key(page: Any, config: Any, files: Any) -> str:
    """The page's rendering is the same whenever this is."""
    digest = hashlib.sha256(_site_key(config, files).encode())
    digest.update(f"\0{page.file.src_uri}\0{page.file.url}\0".encode())
    digest.update((page.markdown or "").encode())
    return digest.hexdigest()


def install(page_class: Any) -> None:
    """Make `page_class.render` (MkDocs' `Page.render`) reuse earlier renderings (once)."""
    if hasattr(page_class.render, "kk_original"):
        return
    original = page_class.render

    def render(self: Any, config: Any, files: Any) -> None:
        key = page_key(self, config, files)
        known = _renderings.get(key)
        if known is not None:
            _renderings.move_to_end(key)
            known.restore(self, files)
            return
        warnings = _Warnings()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(warnings)
        try:
            original(self, config, files)
        finally:
            logger.removeHandler(warnings)
        if warnings.count == 0:
            _renderings[key] = Rendering.of(self)
            while len(_renderings) > LIMIT:
                _renderings.popitem(last=False)

    render.kk_original = original  # type: ignore[attr-defined]
    page_class.render = render


def uninstall(page_class: Any, index_class: Any = None) -> None:
    """MkDocs' own `render` (and Material's search indexing) again, nothing kept (for the tests)."""
    for owner, name in ((page_class, "render"), (index_class, "add_entry_from_context")):
        original = getattr(getattr(owner, name, None), "kk_original", None)
        if original is not None:
            setattr(owner, name, original)
    _renderings.clear()
    _sites.clear()
    _sections.clear()
    TEMPLATES.compiled.clear()


_sections: OrderedDict[str, list[Any]] = OrderedDict()


def remember_search_sections(index_class: Any, parser_class: Any) -> None:
    """Make Material's `SearchIndex.add_entry_from_context` (9.8.1; pinned in requirements.txt)
    reuse the sections its `Parser` found in the same HTML before."""
    if hasattr(index_class.add_entry_from_context, "kk_original"):
        return
    original = index_class.add_entry_from_context

    def add_entry_from_context(self: Any, page: Any) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        key = hashlib.sha256((page.content or "").encode()).hexdigest()
        sections = _sections.get(key)
        if sections is None:
            parser = parser_class()
            parser.feed(page.content)
            parser.close()
            sections = _sections[key] = copy.deepcopy(parser.data)
            while len(_sections) > LIMIT:
                _sections.popitem(last=False)
        _sections.move_to_end(key)
        # A copy each time: making an entry gives a section without a title the page's title.
        for section in copy.deepcopy(sections):
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)

    add_entry_from_context.kk_original = original  # type: ignore[attr-defined]
    index_class.add_entry_from_context = add_entry_from_context


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, in memory for as long as the preview runs."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = _CompiledTemplates()
