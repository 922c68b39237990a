"""After every language is built: the steps that need the whole site (the search index split per
language, the PDF edition).

mkdocs-static-i18n builds the other languages from inside the first build's on_post_build
(priority -100). This hook runs after it (-200) and returns while i18n is still building, so it
works once, on the finished site. Thin adapter over ksiega.site.finish().
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ksiega.data import DataError
from ksiega.site import finish, prepare


@event_priority(-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    try:
        handbook = prepare(Path(config.config_file_path).resolve().parent, Path(config.docs_dir))
    except DataError as exc:
        raise PluginError(str(exc)) from None
    finish(handbook, Path(config.site_dir))
