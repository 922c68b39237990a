"""The feature contract: what every generated part of the handbook declares.

A feature (the glossary, the checklists, the PDF edition, …) is one `Feature` value, built in its
own package and listed in ksiega.site.FEATURES. It names the data it reads and the steps it
takes; a step is a function it passes in, so nothing can be declared without being
implemented, and a misspelt step is a TypeError when the package is imported:

    FEATURE = Feature(
        name="legal",                      # its UI strings: data/strings/legal.yml
        data=("edition",),                 # data files it reads (data/edition.yml)
        markers=(Marker("legal-state", render),),
    )

Steps, in the order a build takes them:
  check(handbook) -> problems             content rules that need all data and pages
  pages(handbook) -> {docs path: Markdown} pages generated from data, both languages
  files(handbook) -> {docs path: bytes}  other generated files (Word files) in `files_dir`
  nav(handbook) -> {page: [entries]}      generated pages listed after `page` in the navigation
  unlisted                                docs folders whose pages are built but kept out of the
                                          navigation (reached by links; hundreds of service cards)
  section_titles(handbook) -> {index page: {lang: title}}   titles of sections it adds
  markers                                 <!-- kk:name args --> in a page -> Markdown
  transform(handbook, lang, page, md)     every page's Markdown, after the markers
  content(handbook, lang, page, html)     every page's HTML body
  post_build(handbook, site_dir)          once every language is built
  benchmark(site_dir, url, browser)       figures for `python -m ksiega bench`
Assets: the stylesheets and scripts it ships (in overrides/) and the pages that need them.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ksiega.core.data import Problem
from ksiega.core.docs import DocPage
from ksiega.core.handbook import Handbook
from ksiega.core.lang import Lang
from ksiega.core.project import ROOT

Renderer = Callable[[Handbook, Lang, DocPage, str], str]
# A marker's argument rule: None when `args` is right for the page, else what is wrong
# ("names no checklist in data/checklists.yml"); messages start after the marker itself.
ArgRule = Callable[[Handbook, DocPage, str], str | None]
PageStep = Callable[[Handbook, Lang, DocPage, str], str]
NavEntries = dict[str, list[Any]]

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_FOLDER = re.compile(r"^([a-z0-9-]+/)+$")
THEME = ROOT / "overrides"


def no_argument(handbook: Handbook, page: DocPage, args: str) -> str | None:
    return f"takes no argument (found '{args}')" if args else None


def one_of(collection: str, what: str, file: str) -> ArgRule:
    """The argument is an id of `collection` (as the loader records ids: x-id-of)."""

    def rule(handbook: Handbook, page: DocPage, args: str) -> str | None:
        if not args:
            return f"needs the id of a {what}"
        return None if args in handbook.ids(collection) else f"names no {what} in {file}"

    return rule


@dataclass(frozen=True)
class Marker:
    """`<!-- kk:name args -->` on its own line: what `render` returns replaces it."""

    name: str
    render: Renderer
    args: ArgRule = no_argument

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"marker name '{self.name}': lower-case letters, digits and hyphens")
        _takes(self.render, 4, f"marker '{self.name}': render")
        _takes(self.args, 3, f"marker '{self.name}': args")

    def problem(self, handbook: Handbook, page: DocPage, args: str) -> str | None:
        """What is wrong with this use of the marker, as one message, or None."""
        message = self.args(handbook, page, args)
        tag = f"<!-- kk:{self.name} {args} -->" if args else f"<!-- kk:{self.name} -->"
        return f"marker '{tag}' {message}" if message else None


@dataclass(frozen=True)
class Assets:
    """Stylesheets and scripts (paths under overrides/) and the pages that need them."""

    css: tuple[str, ...] = ()
    js: tuple[str, ...] = ()
    # Which pages use the feature; None: every page (e.g. the glossary's tooltips).
    needed_on: Callable[[DocPage], bool] | None = None

    def __post_init__(self) -> None:
        for path in (*self.css, *self.js):
            if not (THEME / path).is_file():
                raise ValueError(f"asset '{path}' does not exist in overrides/")


def uses_marker(*names: str) -> Callable[[DocPage], bool]:
    """Pages that hold one of these markers need the feature's assets."""

    def needed(page: DocPage) -> bool:
        return any(name in names for name, _args in page.markers())

    return needed


@dataclass(frozen=True)
class Feature:
    """One generated part of the handbook (see the module's docstring)."""

    name: str
    data: tuple[str, ...] = ()
    # Its UI strings: data/strings/<name>.yml for each name (default: the feature's own name).
    strings: tuple[str, ...] | None = None
    markers: tuple[Marker, ...] = ()
    check: Callable[[Handbook], list[Problem]] | None = None
    pages: Callable[[Handbook], dict[str, str]] | None = None
    files: Callable[[Handbook], dict[str, bytes]] | None = None
    files_dir: str | None = None
    nav: Callable[[Handbook], NavEntries] | None = None
    unlisted: tuple[str, ...] = ()
    section_titles: Callable[[Handbook], dict[str, dict[Lang, str]]] | None = None
    transform: PageStep | None = None
    content: PageStep | None = None
    post_build: Callable[[Handbook, Path], None] | None = None
    benchmark: Callable[[Path, str, Any], dict[str, Any]] | None = None
    assets: Assets = field(default_factory=Assets)

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"feature name '{self.name}': lower-case letters, digits and hyphens")
        names = [marker.name for marker in self.markers]
        if len(names) != len(set(names)):
            raise ValueError(f"feature '{self.name}' declares a marker twice: {names}")
        for folder in self.unlisted:
            if not _FOLDER.match(folder):
                raise ValueError(
                    f"feature '{self.name}': unlisted '{folder}' is not a docs folder like 'local/services/'"
                )
        if (self.files is None) != (self.files_dir is None):
            raise ValueError(f"feature '{self.name}': `files` and `files_dir` go together")
        for step, count in _ARITY.items():
            function = getattr(self, step)
            if function is not None:
                _takes(function, count, f"feature '{self.name}': {step}")

    @property
    def data_keys(self) -> tuple[str, ...]:
        """Every data file it reads, its UI strings included ("glossary", "strings/glossary")."""
        names = (self.name,) if self.strings is None else self.strings
        return (*self.data, *(f"strings/{name}" for name in names))


_ARITY = {
    "check": 1,
    "pages": 1,
    "files": 1,
    "nav": 1,
    "section_titles": 1,
    "transform": 4,
    "content": 4,
    "post_build": 2,
    "benchmark": 3,
}


def _takes(function: Callable[..., Any], count: int, what: str) -> None:
    """Fail at import when a step cannot be called with the arguments the build passes."""
    if not callable(function):
        raise TypeError(f"{what} is not callable")
    parameters = [
        p
        for p in inspect.signature(function).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
    ]
    if len(parameters) != count:
        raise TypeError(f"{what} takes {len(parameters)} arguments, the build passes {count}")


def markers_of(features: tuple[Feature, ...]) -> Mapping[str, Marker]:
    """Every marker by name; two features declaring the same marker is an error."""
    found: dict[str, Marker] = {}
    for feature in features:
        for marker in feature.markers:
            if marker.name in found:
                raise ValueError(f"marker '{marker.name}' is declared by two features")
            found[marker.name] = marker
    return found
