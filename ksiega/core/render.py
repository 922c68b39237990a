"""Rendering helpers: one Jinja environment with autoescaping, Markdown escaping.

Generated HTML comes from Jinja templates that live beside the feature that renders them
(`Templates(Path(__file__).parent)`), autoescaped: text from data can never inject markup.
Generated Markdown escapes data text with `md_text`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~^])")


def md_text(text: str) -> str:
    """Escape data text for inclusion in Markdown: HTML first, then Markdown syntax."""
    # Quotes need no escaping in text content (and would show as &#x27; in the table of contents).
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def md_title(text: str) -> str:
    """Data text for a quoted Markdown title (an admonition's "title"): md_text, quotes escaped."""
    return md_text(text).replace('"', "&quot;")


def md_fill(template: str, **parts: str) -> str:
    """A text from data with {placeholders}, escaped for Markdown, its placeholders filled with
    `parts`: Markdown the caller built (links, citations) from escaped pieces."""
    text = md_text(template)
    for name, part in parts.items():
        text = text.replace(md_text("{" + name + "}"), part)
    return text


def css_string(text: str) -> str:
    """Text for a CSS string literal ("…"): backslashes, quotes and line breaks escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")


def json_for_html(value: Any) -> Markup:
    """JSON safe to embed inside <script type="application/json">."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - JSON with <, > and & escaped above


# One environment per template folder, kept for the process: a feature's compiled templates are
# reused on every page (the handbook has about a dozen folders).
@cache
def environment(template_dir: Path, shared: tuple[Path, ...] = ()) -> jinja2.Environment:
    """Templates of `template_dir`, which may include fragments from the `shared` folders."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(template_dir), *(str(folder) for folder in shared)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["json_for_html"] = json_for_html
    env.filters["md_text"] = md_text
    return env


@dataclass(frozen=True)
class Templates:
    """The templates in a folder (a feature's own), rendered with autoescaping; they may include
    fragments from `shared` folders (a fragment two features share lives in the toolkit)."""

    folder: Path
    shared: tuple[Path, ...] = ()

    def render(self, name: str, **context: Any) -> str:
        return environment(self.folder, self.shared).get_template(name).render(**context)


def once_per_key() -> Callable[..., Markup]:
    """A template global for `{% call kk_once(key) %}…{% endcall %}`: the block is rendered the
    first time its key is seen and the same HTML is given after; a key of None renders it each
    time. One per build (a new navigation is a new cache)."""
    rendered: dict[Hashable, Markup] = {}

    def once(key: Hashable | None, caller: Callable[[], str]) -> Markup:
        if key is None:
            return Markup(caller())  # noqa: S704 - the template's own output, autoescaped there
        if key not in rendered:
            rendered[key] = Markup(caller())  # noqa: S704 - as above
        return rendered[key]

    return once


def html_block(fragment: str) -> str:
    """Wrap an HTML fragment so Markdown passes it through as one raw block."""
    return "\n\n" + fragment.strip() + "\n\n"
