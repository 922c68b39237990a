"""The offline edition (ksiega/offline): in the site's build, once every language and the PDFs
are done, build it, zip it into the site and write its size into the download links; in the
offline build itself (Material's `offline` plugin on, KK_OFFLINE=true), load the vendored
iframe-worker and make search work from disk. `mkdocs serve` and KK_ZIP=0 skip the ZIP.
Thin adapter over ksiega.offline.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from ksiega import offline


def offline_build(config: MkDocsConfig) -> bool:
    plugin: Any = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin is not None and plugin.config.enabled)


@event_priority(100)  # before the offline plugin, which would add iframe-worker from a CDN
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if offline_build(config):
        config.extra["polyfills"] = [offline.POLYFILL]
    return config


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["kk_offline"] = offline_build(config)  # the offline edition links no ZIP
    return env


@event_priority(-210)  # after hooks/finish.py: the search index is split, the PDFs are written
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    site_dir = Path(config.site_dir)
    if offline_build(config):
        offline.offline_search(site_dir)
    elif os.environ.get("KK_ZIP") != "0":
        try:
            offline.make(Path(config.config_file_path), site_dir)
        except offline.OfflineError as exc:
            raise PluginError(str(exc)) from None
