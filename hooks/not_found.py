"""The "page not found" page in each language: Polish at /404.html, English at /en/404.html.

mkdocs-static-i18n renders the theme's 404.html once per language into the same file, so the
last language built won, with the language switcher of the last page built. Here the 404 of
each language gets a switcher that leads to the other language's home, is kept as rendered,
and is written to its own place once every language is built (ksiega.site.write_not_found).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from ksiega.site import home_alternates, write_not_found

TEMPLATE = "404.html"
_rendered: dict[str, str] = {}


def on_pre_template(template: Template, *, template_name: str, config: MkDocsConfig) -> Template:
    i18n = config.plugins.get("i18n")
    if template_name == TEMPLATE and i18n is not None:
        # The switcher leads to each language's home (the list i18n keeps is, from the second
        # language on, the one the last page of the first language left behind).
        languages = [(lang.locale, lang.name) for lang in i18n.config.languages if lang.build]
        config.extra.alternate = home_alternates(languages, config.site_url)  # as i18n sets it
    return template


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name == TEMPLATE:
        i18n = config.plugins.get("i18n")
        _rendered[i18n.current_language if i18n is not None else config.theme["language"]] = output_content
    return output_content


@event_priority(-150)  # after i18n has built every language (-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    write_not_found(Path(config.site_dir), _rendered)
