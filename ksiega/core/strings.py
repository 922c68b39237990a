"""UI strings: the words the handbook prints around the data ("Wzór do dostosowania", "Print the
form"), kept in data/strings/<name>.yml so that translators and editors change them without
touching code.

Each file maps a key to its text in both languages, `{pl: …, en: …}`; a text is a string, a list
of strings (plural forms one/few/many, paragraphs) or a mapping of strings (one per variant).
The schema (data/schemas/strings.schema.json) requires both languages; `problems` adds what a
schema cannot say: the same {placeholders} and the same number of items on both sides. A key
the code asks for and the file lacks is reported like any data problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ksiega.core.data import DataError, Problem, parse_yaml
from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS, Lang
from ksiega.core.render import md_text

FOLDER = "strings"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def file_of(name: str) -> str:
    return f"data/{FOLDER}/{name}.yml"


class Strings(Mapping[str, Any]):
    """One file's strings in one language."""

    def __init__(self, name: str, values: Mapping[str, Any]) -> None:
        self.name = name
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            missing = Problem(file_of(self.name), field=key, message="is missing: the code asks for it")
            raise DataError([missing]) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def fill(labels: Mapping[str, Any], key: str, **values: object) -> str:
    """`labels[key]` with its {placeholders} filled in. A placeholder the code does not fill in
    (a translator's typo: {nmae}) is reported like any data problem, naming file and key."""
    template = str(labels[key])
    unknown = sorted(set(_PLACEHOLDER.findall(template)) - set(values))
    if unknown:
        file = file_of(labels.name) if isinstance(labels, Strings) else f"data/{FOLDER}/"
        known = ", ".join("{" + name + "}" for name in sorted(values)) or "none"
        message = f"uses {{{unknown[0]}}}, which the handbook does not fill in here (it fills in: {known})"
        raise DataError([Problem(file, field=key, message=message)])
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), template)


def by_language(content: Mapping[str, Any]) -> dict[Lang, dict[str, Any]]:
    """A strings file as loaded ({key: {pl, en}}) turned into {lang: {key: text}}."""
    return {lang: {key: value[lang] for key, value in content.items()} for lang in LANGS}


def ui(handbook: Handbook, name: str, lang: Lang) -> Strings:
    """The strings of data/strings/<name>.yml in `lang` (kept with the handbook once read)."""
    cache: dict[tuple[str, Lang], Strings] = handbook.__dict__.setdefault("_strings", {})
    if (name, lang) not in cache:
        content = handbook.data.get(f"{FOLDER}/{name}")
        if content is None:
            raise DataError([Problem(file_of(name), message="is missing (a feature uses it)")])
        cache[(name, lang)] = Strings(name, by_language(content)[lang])
    return cache[(name, lang)]


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return md_text(value)
    if isinstance(value, Mapping):
        return {key: _escaped(item) for key, item in value.items()}
    return [_escaped(item) for item in value]


def md_ui(handbook: Handbook, name: str, lang: Lang) -> Strings:
    """The same strings escaped for Markdown (md_text), for code that only writes Markdown with
    them; a text with {placeholders} goes through `md_fill` from `ui` instead."""
    cache: dict[tuple[str, Lang], Strings] = handbook.__dict__.setdefault("_md_strings", {})
    if (name, lang) not in cache:
        plain = ui(handbook, name, lang)
        cache[(name, lang)] = Strings(name, {key: _escaped(plain[key]) for key in plain})
    return cache[(name, lang)]


def read(root: Path, name: str) -> dict[Lang, dict[str, Any]]:
    """A strings file straight from disk, by language (for tests and tools outside a build)."""
    path = root / file_of(name)
    return by_language(parse_yaml(path.read_text(encoding="utf-8"), file_of(name)))


def _placeholders(value: Any) -> list[set[str]]:
    if isinstance(value, str):
        return [set(_PLACEHOLDER.findall(value))]
    items = value.values() if isinstance(value, Mapping) else value
    return [names for item in items for names in _placeholders(item)]


def problems(handbook: Handbook) -> list[Problem]:
    """Both languages of a text fill in the same {placeholders} and have the same items."""
    found = []
    for key, content in sorted(handbook.data.items()):
        if not key.startswith(f"{FOLDER}/"):
            continue
        file = f"data/{key}.yml"
        for name, value in content.items():
            pl, en = value["pl"], value["en"]
            if type(pl) is not type(en):
                found.append(Problem(file, field=name, message="is a text in one language and a list in the other"))
                continue
            if isinstance(pl, list) and len(pl) != len(en):
                found.append(Problem(file, field=name, message=f"has {len(pl)} Polish and {len(en)} English items"))
                continue
            if isinstance(pl, Mapping) and set(pl) != set(en):
                found.append(Problem(file, field=name, message="has other keys in Polish than in English"))
                continue
            if _placeholders(pl) != _placeholders(en):
                message = "fills in other {placeholders} in Polish than in English"
                found.append(Problem(file, field=name, message=message))
    return found
