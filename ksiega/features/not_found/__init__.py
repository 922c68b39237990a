"""The "page not found" page in each language: Polish at /404.html, English at /en/404.html.

The theme's 404.html (overrides/404.html) prints the words of data/strings/not-found.yml;
hooks/not_found.py renders it once per language and writes each where a static host serves it
for missing addresses under that language's folder.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ksiega.core.feature import Feature
from ksiega.core.lang import LANGS, Lang, page_prefix


def not_found_path(lang: Lang) -> str:
    """Where a language's "page not found" page goes: 404.html, en/404.html (a static host
    serves it for missing addresses under that language's folder)."""
    return f"{page_prefix(lang)}404.html"


def home_alternates(languages: list[tuple[Lang, str]], site_url: str | None) -> list[dict[str, str]]:
    """The language switcher of a page without a twin (the 404 page): each language's home,
    from the site's root (the path of `site_url`, or "/")."""
    root = urlsplit(site_url or "/").path.rstrip("/") + "/"
    return [{"name": name, "lang": lang, "link": root + page_prefix(lang)} for lang, name in languages]


def write_not_found(site_dir: Path, rendered: dict[str, str]) -> None:
    """Write each language's 404 page (as rendered by the theme) to its own place."""
    for lang, page in rendered.items():
        if lang in LANGS:
            path = site_dir / not_found_path(lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")


FEATURE = Feature(name="not-found")
