"""A copy of the project with a script payload in every text field of every data file and every
front matter: the sweep behind tests/test_payload.py.

Each text field gets its own token (`kkfab`) followed by PAYLOAD, so a test can tell which field a
text came from and that the whole payload reached the reader as text. Fields whose value the
schema constrains (ids, references, dates, addresses, enums, patterns) keep their value: the
loader would refuse anything else. A Polish practice page's first heading is its front matter
title, so it gets the marked title too (escaped, as Markdown text).
"""

from __future__ import annotations

import copy
import itertools
import re
import shutil
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ksiega.core.data import FRONT_MATTER, Schemas, parse_yaml, schema_name_of, split_front_matter
from ksiega.core.render import md_text

ROOT = Path(__file__).resolve().parents[1]
# Breaks out of <title>, <textarea> and <style>; a script, an event handler and an element; and
# breaks out of attribute values in both kinds of quotes. No digits and no capitals: the text
# checks (figures need sources, abbreviations need a glossary entry) must not trip on it.
PAYLOAD = (
    "</title></textarea></style><script>kkPwned()</script><img src=x onerror=kkPwned()>"
    "<b data-kk-payload>kk</b>\" data-kk-attr=\"kk' data-kk-attr='kk"
)
TOKEN = re.compile(r"kkf[a-z]+(?=</title>)")


@dataclass
class Marked:
    """The marked project and what was marked: token -> "file: field path"."""

    root: Path
    fields: dict[str, str] = field(default_factory=dict)


def _tokens() -> Iterator[str]:
    for n in itertools.count(1):
        name = ""
        while n:
            n, rest = divmod(n - 1, 26)
            name = string.ascii_lowercase[rest] + name
        yield f"kkf{name}"


class _Marker:
    def __init__(self, schemas: Schemas) -> None:
        self.schemas = schemas
        self.tokens = _tokens()
        self.fields: dict[str, str] = {}
        base = jsonschema.Draft202012Validator

        def refuse(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[jsonschema.ValidationError]:
            if isinstance(instance, str) and "kkPwned" in instance:
                yield jsonschema.ValidationError("an id or a reference keeps its value")

        self.validator = jsonschema.validators.extend(base, {"x-ref": refuse, "x-id-of": refuse})

    def mark(self, value: Any) -> Any:
        if isinstance(value, str):
            return f"{value} {next(self.tokens)}{PAYLOAD}"
        if isinstance(value, dict):
            return {key: self.mark(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.mark(item) for item in value]
        return value

    def document(self, original: Any, schema_name: str, where: str) -> Any:
        """`original` with every text field the schema leaves free marked."""
        schema = self.schemas.get(schema_name)
        assert schema is not None, schema_name
        check = self.validator(schema, registry=self.schemas.registry, format_checker=self.validator.FORMAT_CHECKER)
        marked = self.mark(original)
        for _ in range(20):
            errors = list(check.iter_errors(marked))
            if not errors:
                self._record(marked, where, "")
                return marked
            for error in errors:
                path = list(error.absolute_path)
                assert path, f"{where}: {error.message}"
                _put(marked, path, copy.deepcopy(_get(original, path)))
        raise AssertionError(f"{where}: the marked data never validated")

    def _record(self, value: Any, where: str, path: str) -> None:
        if isinstance(value, str):
            for token in TOKEN.findall(value):
                self.fields[token] = f"{where}: {path}"
        elif isinstance(value, dict):
            for key, item in value.items():
                self._record(item, where, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._record(item, where, f"{path}[{index}]")


def _get(document: Any, path: list[Any]) -> Any:
    for step in path:
        document = document[step]
    return document


def _put(document: Any, path: list[Any], value: Any) -> None:
    _get(document, path[:-1])[path[-1]] = value


def _comments(text: str) -> str:
    """The comment lines a YAML text starts with (its schema line among them)."""
    return "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10_000)


def marked_project(target: Path) -> Marked:
    """Copy the project to `target` and mark every free text field of data/, of the example local
    edition (local/example/) and of front matter."""
    for folder in ("data", "docs", "overrides", "hooks", "ksiega"):
        shutil.copytree(
            ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__", "*.docx", ".site-*")
        )
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    marker = _Marker(Schemas(target / "data" / "schemas"))
    for path in sorted((target / "data").rglob("*.yml")):
        if "schemas" in path.relative_to(target / "data").parts:
            continue
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(target).as_posix()
        data = parse_yaml(text, where)
        schema = schema_name_of(text)
        assert schema, where
        path.write_text(_comments(text) + _dump(marker.document(data, schema, where)), encoding="utf-8")
    # The example local edition too (built with KK_LOCAL=<target>/local/example): the TERYT code is
    # free text to the schema but a rule to the loader, so it keeps its value.
    shutil.copytree(ROOT / "local", target / "local")
    for path in sorted((target / "local").rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(target).as_posix()
        data = parse_yaml(text, where)
        schema = schema_name_of(text)
        assert schema, where
        marked = marker.document(data, schema, where)
        if "teryt" in marked:
            marked["teryt"] = data["teryt"]
            marker.fields = {token: field for token, field in marker.fields.items() if field != f"{where}: teryt"}
        path.write_text(_comments(text) + _dump(marked), encoding="utf-8")
    for path in sorted((target / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        front = FRONT_MATTER.match(text)
        schema = schema_name_of(front.group("yaml")) if front else None
        if front is None or schema is None:
            continue
        where = path.relative_to(target).as_posix()
        meta, body = split_front_matter(text, where)
        marked = marker.document(meta, schema, where)
        if "title" in marked:  # the first heading is the title, as the practices' check wants
            heading = "# " + md_text(marked["title"])
            body = re.sub(r"^# .*$", lambda _, heading=heading: heading, body, count=1, flags=re.M)
        path.write_text(f"---\n{_comments(front.group('yaml'))}{_dump(marked)}---\n{body}", encoding="utf-8")
    return Marked(target, marker.fields)
