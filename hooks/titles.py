"""Titles are text: a page's or a section's title reaches the navigation, the header, the
browser tab and the search index as text, never as markup.

Material prints titles as HTML, as they are. MkDocs 1.6 gives a page the text of its first
heading as HTML (entities kept: "&lt;"), which is right; but a title from front matter (a good
practice's record) and a section's title (from mkdocs.yml, or named from data by a feature)
are plain text, and were printed as markup. Here those are escaped once: a page's after its
Markdown is rendered, a section's when the navigation is complete; sections that features
generate are named from the data in each language. overrides/main.html prints the browser
tab's title without unescaping it. The navigation of a page kept out of it (a basket's
service card) is rendered once per language and depth (overrides/partials/nav.html: `kk_once`).
Thin adapter over ksiega.site.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ksiega.core.render import once_per_key
from ksiega.site import current, escape_title, language_base, section_titles


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["kk_once"] = once_per_key()  # each build (and language) starts afresh
    return env


@event_priority(-110)  # after i18n (-100) has translated the section titles of mkdocs.yml
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    handbook = current(Path(config.config_file_path).resolve().parent, Path(config.docs_dir))
    lang = config.plugins["i18n"].current_language
    titles = section_titles(handbook)
    sections = [item for item in nav.items if isinstance(item, Section)]
    while sections:
        section = sections.pop()
        first = next((child for child in section.children if isinstance(child, Page)), None)
        own = titles.get(language_base(first.file.src_uri)) if first is not None else None
        section.title = escape_title(own[lang] if own else section.title)
        sections += [child for child in section.children if isinstance(child, Section)]
    return nav


@event_priority(-200)  # after every other step on the page's HTML
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # A front matter title is text (MkDocs prefers it to the heading); the heading's is HTML already.
    if isinstance(page.meta.get("title"), str):
        page.meta["title"] = escape_title(page.meta["title"])
        page.title = page.meta["title"]
    return html
