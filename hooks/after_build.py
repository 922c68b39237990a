"""Work that needs every language built: runs once, after mkdocs-static-i18n's last build.

i18n builds the other languages from inside the first build's on_post_build, so this hook
waits (priority below i18n's -100) until i18n reports it is no longer building.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from ksiega.sitemaps import copy_sitemaps


def all_languages_built(config: MkDocsConfig) -> bool:
    return not config.plugins["i18n"].building


@event_priority(-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not all_languages_built(config):
        return
    copy_sitemaps(Path(config.site_dir))
