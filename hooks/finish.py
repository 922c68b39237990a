"""After every language is built: the steps that need the whole site (the search index split per
language, the PDF edition, the stylesheets and scripts, the .gz copies).

mkdocs-static-i18n builds the other languages from inside the first build's on_post_build
(priority -100). This hook runs after it (-200) and returns while i18n is still building, so it
works once, on the finished site. Thin adapter over ksiega.site.finish().
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs_static_i18n.reconfigure import ExtendedPlugin

from ksiega.core.data import DataError
from ksiega.search import without_unmatched
from ksiega.site import current, finish

# i18n's search de-duplication, linear in practice (ksiega.search.without_unmatched); once per
# process, though MkDocs imports hooks for every build.
if not hasattr(ExtendedPlugin, "kk_original_search_duplicates"):
    ExtendedPlugin.kk_original_search_duplicates = ExtendedPlugin.reconfigure_search_duplicates
    ExtendedPlugin.reconfigure_search_duplicates = without_unmatched(ExtendedPlugin.kk_original_search_duplicates)


@event_priority(-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    handbook = current(Path(config.config_file_path).resolve().parent, Path(config.docs_dir))
    try:
        # The live preview skips the .gz copies (hooks/serve.py sets KK_PRECOMPRESS=0).
        finish(handbook, Path(config.site_dir), precompress=os.environ.get("KK_PRECOMPRESS") != "0")
    except DataError as exc:
        raise PluginError(str(exc)) from None
