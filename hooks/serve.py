"""Live preview (`mkdocs serve`, `scripts/serve`).

- Every source is watched: `watch:` in mkdocs.yml adds data/, overrides/, hooks/ and the package;
  with a local edition (`scripts/serve --local local/<id>`, KK_LOCAL) its folder is watched too.
- A changed module of the package (or a changed hook) is imported afresh on the next rebuild:
  before each rebuild, when a file of the package or of hooks/ is newer than the package in
  memory, the package's modules are forgotten and MkDocs' cache of loaded hook files is
  cleared, so the configuration loaded for the rebuild runs the hooks, and they import the
  package, anew.
- No PDF edition while serving (seconds on every save) unless KK_PDF=1 asks for it, and no
  pre-compressed copies (KK_PRECOMPRESS=1 asks for them).
- A page whose Markdown, address and site did not change since an earlier rebuild is not
  converted again, the search index reuses the sections of unchanged HTML and the theme's
  templates are compiled once (ksiega/preview.py): a save converts the pages it changed.
- A rebuild that fails on bad data prints the problems (one line each, as a build does) and
  keeps the server running, without a traceback; fixing the file brings the page back.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config.config_options import Hooks
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

PACKAGE = Path(__file__).resolve().parents[1] / "ksiega"
HOOKS = Path(__file__).resolve().parent
log = logging.getLogger("mkdocs.hooks.serve")


def _forget_changed_code() -> None:
    package = sys.modules.get("ksiega")
    loaded_at = getattr(package, "LOADED_AT", None)
    if loaded_at is None:
        return
    sources = [*PACKAGE.rglob("*.py"), *HOOKS.glob("*.py")]
    if any(path.stat().st_mtime > loaded_at for path in sources):
        for name in [name for name in sys.modules if name == "ksiega" or name.startswith("ksiega.")]:
            del sys.modules[name]
        Hooks._load_hook.cache_clear()  # MkDocs keeps each hook file's module once loaded


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    if command == "serve":
        os.environ.setdefault("KK_PDF", "0")
        os.environ.setdefault("KK_PRECOMPRESS", "0")
        os.environ.setdefault("KK_ZIP", "0")  # no offline edition on every save
        from material.plugins.search.plugin import Parser, SearchIndex

        from ksiega import preview  # here: a build never imports it

        preview.install(Page)
        preview.remember_search_sections(SearchIndex, Parser)


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    if hasattr(Page.render, "kk_original"):  # serving (on_startup installed the preview)
        from ksiega import preview

        env.bytecode_cache = preview.TEMPLATES
    return env


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    def rebuild(config: MkDocsConfig | None = None) -> None:
        _forget_changed_code()
        try:
            builder(config)
        except Abort:
            # The problems are already printed, one line each; the last good site stays served.
            log.error("The site was not rebuilt: fix the problems above and save; the server keeps running.")

    server.builder = rebuild
    from ksiega.local import folder_from_env  # here: the package may have been reloaded since startup

    folder = folder_from_env()
    if folder is not None:
        server.watch(str(folder))
    return server
