"""Per page: expand <!-- kk:… --> markers, turn [@source] into citations, add page sources;
then, on the rendered body, each feature's HTML step (first uses of terms link to the glossary).

Thin adapter over ksiega.site.render_markdown().
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ksiega.core.data import DataError
from ksiega.core.handbook import Handbook
from ksiega.site import MarkupError, current, render_content, render_markdown


def current_language(config: MkDocsConfig) -> str:
    return config.plugins["i18n"].current_language


def _handbook(config: MkDocsConfig) -> Handbook:
    # Prepared once for this build, in on_config (hooks/data.py).
    return current(Path(config.config_file_path).resolve().parent, Path(config.docs_dir))


@event_priority(-50)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        return render_markdown(_handbook(config), current_language(config), page.file.src_uri, markdown)
    except (DataError, MarkupError) as exc:
        raise PluginError(str(exc)) from None


@event_priority(-50)
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        return render_content(_handbook(config), current_language(config), page.file.src_uri, html)
    except (DataError, MarkupError) as exc:
        raise PluginError(str(exc)) from None
