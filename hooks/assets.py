"""The handbook's stylesheets and scripts in every page (ksiega/assets.py builds them from what
the features declare): two minified stylesheets everywhere, the page script before Material's
bundle, each feature's script only on the pages that need it, deferred. Thin adapter:
`overrides/main.html` prints what this puts in the context.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ksiega.site import current, page_scripts, site_assets


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    handbook = current(Path(config.config_file_path).resolve().parent, Path(config.docs_dir))
    env.globals["kk_stylesheets"] = site_assets().stylesheets
    env.globals["kk_page_script"] = site_assets().page_js
    # Pages outside the handbook's own (the 404 page) get the scripts every page needs.
    env.globals["kk_scripts"] = page_scripts(handbook, None)
    return env


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    handbook = current(Path(config.config_file_path).resolve().parent, Path(config.docs_dir))
    context["kk_scripts"] = page_scripts(handbook, page.file.src_uri)
    return context
