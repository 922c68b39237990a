"""Validate the data and pages once, before MkDocs collects or writes anything.

Thin adapter: the work is ksiega.site.prepare(); pages generated from data are written into
docs/ (git-ignored) and listed in the navigation. Bad data stops the build with one line per
problem (file, entry, field) and no traceback.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from pathspec.gitignore import GitIgnoreSpec

from ksiega.core.data import DataError
from ksiega.site import extend_nav, nav_additions, prepare, unlisted


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    try:
        handbook = prepare(root, Path(config.docs_dir))
    except DataError as exc:
        raise PluginError(str(exc)) from None
    if config.nav:
        config.nav = extend_nav(config.nav, nav_additions(handbook))
    _keep_out_of_nav(config, unlisted())
    return config


def _keep_out_of_nav(config: MkDocsConfig, patterns: list[str]) -> None:
    """Add the features' unlisted folders to `not_in_nav` (once: i18n runs this per language)."""
    current = config.not_in_nav
    known = {getattr(p, "pattern", None) for p in current.patterns} if current is not None else set()
    if patterns and not set(patterns) <= known:
        spec = GitIgnoreSpec.from_lines(patterns)
        config.not_in_nav = spec if current is None else current + spec
