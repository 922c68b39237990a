"""Sitemaps for every language folder.

Material's language selector looks for `sitemap.xml` next to each language's home page
(`/en/sitemap.xml`) to find the same page in the other language; mkdocs-static-i18n writes only
the root one, so the browser logged a 404 on every switch.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ksiega.lang import LANGS, page_prefix


def copy_sitemaps(site_dir: Path) -> list[Path]:
    written = []
    for lang in LANGS:
        prefix = page_prefix(lang)
        if not prefix:
            continue
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            source = site_dir / name
            if source.exists():
                target = site_dir / prefix / name
                shutil.copyfile(source, target)
                written.append(target)
    return written
