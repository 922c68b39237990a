"""Load and validate the handbook's data: YAML files in data/ and front matter of pages.

Every YAML file names its schema in its first lines
(`# yaml-language-server: $schema=schemas/<name>.schema.json`), the same line editors use
for autocompletion. Validation has two passes over all files:

1. schema validation (types, required fields, both languages, real dates); while it runs,
   every value marked `x-id-of: <collection>` in a schema is recorded as an id of that
   collection;
2. cross-checks: ids are unique within their collection and every value marked
   `x-ref: <collection>` names an existing id.

All problems are gathered and reported at once, one line each, naming file, entry and field.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from referencing import Registry, Resource

SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(?P<path>\S+)\s*$", re.MULTILINE)


# --- Problems ----------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a content editor must fix."""

    file: str
    entry: str = ""
    field: str = ""
    message: str = ""

    def __str__(self) -> str:
        parts = [self.file]
        if self.entry:
            parts.append(f"entry '{self.entry}'")
        text = ": ".join(parts)
        detail = f"{self.field} {self.message}" if self.field else self.message
        return f"{text}: {detail}"


class DataError(Exception):
    """The data or the docs have problems; `str()` lists them, one per line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the handbook's data or pages:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class UnknownReference(DataError):
    """A reference to something that does not exist: a page, a heading, an id of data, a source.

    The one error every renderer raises for it; a DataError, so the hooks and the CLI report it
    like any data problem, naming the file, the entry and the field that hold the reference.
    """

    def __init__(self, file: str, entry: str = "", field: str = "", message: str = "") -> None:
        super().__init__([Problem(file, entry, field, message)])


# --- Safe YAML -----------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and duplicate keys and keeps dates as text.

    Refusing aliases makes an "alias bomb" (a billion laughs) fail at its first `*`.
    Dates stay strings so that JSON Schema's `format: date` can check they are real.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in handbook data; write the value out",
                problem_mark=mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Mark] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"the key '{key}' appears twice in the same block",
                    problem_mark=key_node.start_mark,
                )
            seen[key] = key_node.start_mark
        return yaml.constructor.SafeConstructor.construct_mapping(self, node, deep=deep)


# Keep YYYY-MM-DD as text; accept only true/false as booleans (not yes/no/on/off).
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp",)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
for _first in "yYnNoO":
    _Loader.yaml_implicit_resolvers[_first] = [
        (tag, rx) for tag, rx in _Loader.yaml_implicit_resolvers.get(_first, []) if tag != "tag:yaml.org,2002:bool"
    ]
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _FastLoader(yaml.CSafeLoader):
    """The same rules as `_Loader` on libyaml's C parser (several times faster). It cannot stop
    at an alias while composing, so a document whose nodes are shared (an alias) is read again
    by `_Loader`, which reports it; so is any document the C parser finds broken, so that a
    problem is described in the same words whichever parser saw it first."""

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    construct_mapping = _Loader.construct_mapping


class _Shared(Exception):
    """The document uses an alias."""


def _refuse_shared(node: yaml.Node) -> None:
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            raise _Shared
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack += [key, value]


def _load(text: str) -> Any:
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_shared(node)
        return loader.construct_document(node)
    except (yaml.YAMLError, _Shared):
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    finally:
        loader.dispose()


def parse_yaml(text: str, file: str, first_line: int = 1) -> Any:
    """Parse YAML text safely; raise DataError with the line and column on bad YAML.

    `first_line` is the line of `file` where `text` starts (front matter starts below its `---`).
    Where the parser noticed the problem is not always where it is: an unclosed quote or bracket
    is noticed at the end of the file, so the message also says where the unclosed part starts.
    """

    def at(mark: yaml.Mark) -> str:
        return f"line {mark.line + first_line}, column {mark.column + 1}"

    try:
        return _load(text)
    except yaml.MarkedYAMLError as exc:
        mark, context_mark = exc.problem_mark, exc.context_mark
        where = f"{at(mark)}: " if mark else ""
        context = ""
        if exc.context and context_mark and (not mark or at(context_mark) != at(mark)):
            context = f" ({exc.context} at {at(context_mark)})"
        raise DataError([Problem(file, message=f"{where}{exc.problem}{context}")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(file, message=f"not valid YAML: {exc}")]) from None


FRONT_MATTER = re.compile(r"\A---\s*\n(?P<yaml>.*?\n)---\s*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str, file: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown page into its front matter (a mapping) and its body."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    # Lines in messages are lines of the page: the front matter starts below the opening `---`.
    meta = parse_yaml(match.group("yaml"), file, first_line=text.count("\n", 0, match.start("yaml")) + 1)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise DataError([Problem(file, message="front matter must be a mapping of fields")])
    return meta, text[match.end() :]


# --- Schemas -------------------------------------------------------------------


class Schemas:
    """All JSON Schemas of data/schemas, resolvable from each other by file name."""

    def __init__(self, schema_dir: Path) -> None:
        self.dir = schema_dir
        self.by_name: dict[str, dict[str, Any]] = {}
        resources = []
        for path in sorted(schema_dir.glob("*.schema.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            schema.setdefault("$id", path.name)
            self.by_name[path.name] = schema
            resources.append((schema["$id"], Resource.from_contents(schema)))
        self.registry: Registry = Registry().with_resources(resources)
        # Validation follows every `$ref` through the registry (a lookup each time, thousands per
        # load); the schemas used for validation have them written out instead, once.
        self.inlined = {name: _inline(schema, name, self.by_name, ()) for name, schema in self.by_name.items()}

    def get(self, name: str) -> dict[str, Any] | None:
        return self.inlined.get(name)


def _target(ref: str, file: str, by_name: Mapping[str, Any]) -> tuple[str, Any] | None:
    """What a `$ref` (`other.schema.json#/$defs/x` or `#/$defs/x`) points at, with its file."""
    where, _, pointer = ref.partition("#")
    name = where or file
    if name not in by_name or (pointer and not pointer.startswith("/")):
        return None
    node = by_name[name]
    for part in [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return name, node


def _inline(node: Any, file: str, by_name: Mapping[str, Any], expanding: tuple[str, ...]) -> Any:
    """`node` with every `$ref` replaced by what it points at, except a reference inside what it
    points at (a recursive schema), which stays a `$ref` for jsonschema to follow."""
    if isinstance(node, list):
        return [_inline(item, file, by_name, expanding) for item in node]
    if not isinstance(node, Mapping):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        target = _target(ref, file, by_name)
        key = f"{target[0]}#{ref.partition('#')[2]}" if target else ""
        if target is not None and key not in expanding and isinstance(target[1], Mapping):
            name, content = target
            written = _inline(content, name, by_name, (*expanding, key))
            rest = {k: _inline(v, file, by_name, expanding) for k, v in node.items() if k != "$ref"}
            if not rest:
                return written
            return {**rest, "allOf": [*rest.get("allOf", []), written]}
        if target is not None:
            # A recursive reference: jsonschema follows it, by file name wherever it now sits.
            rest = {k: _inline(v, file, by_name, expanding) for k, v in node.items() if k != "$ref"}
            return {**rest, "$ref": f"{target[0]}#{ref.partition('#')[2]}"}
    return {k: (v if k == "$defs" else _inline(v, file, by_name, expanding)) for k, v in node.items()}


# --- Validation ------------------------------------------------------------------


@dataclass
class _CrossRefs:
    """Ids seen per collection (pass 1) and whether we are checking refs (pass 2)."""

    ids: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    checking: bool = False
    current_file: str = ""
    extra_ids: dict[str, set[str]] = field(default_factory=dict)
    # The ids a link may point at on each page ("model/procedure.md" -> {"plan", …}).
    anchors: dict[str, set[str]] = field(default_factory=dict)

    def known(self, collection: str) -> set[str]:
        return set(self.ids.get(collection, {})) | self.extra_ids.get(collection, set())


def _validator_class(refs: _CrossRefs) -> type[jsonschema.protocols.Validator]:
    base = jsonschema.Draft202012Validator

    def x_id_of(validator: Any, collection: str, instance: Any, schema: Any) -> Iterator[Any]:
        if not isinstance(instance, str):
            return
        if not refs.checking:
            refs.ids[collection][instance].append(refs.current_file)
            return
        files = refs.ids[collection][instance]
        if len(files) > 1:
            others = sorted({f for f in files if f != refs.current_file})
            also = f" (also in {', '.join(others)})" if others else ""
            yield jsonschema.ValidationError(f"duplicate id '{instance}'{also}", validator="x-id-of")

    def x_ref(validator: Any, collection: str, instance: Any, schema: Any) -> Iterator[Any]:
        if not refs.checking or not isinstance(instance, str):
            return
        value, _, anchor = instance.partition("#") if collection == "page" else (instance, "", "")
        if value not in refs.known(collection):
            label = "page" if collection == "page" else f"{collection} id"
            yield jsonschema.ValidationError(f"unknown {label} '{instance}'", validator="x-ref")
        elif anchor and value in refs.anchors and anchor not in refs.anchors[value]:
            message = f"points at '#{anchor}', which is not a heading id of {value}"
            yield jsonschema.ValidationError(message, validator="x-ref")

    return jsonschema.validators.extend(base, {"x-id-of": x_id_of, "x-ref": x_ref})


def _entry_and_field(document: Any, path: list[Any]) -> tuple[str, list[str]]:
    """Name the innermost entry (objects with an `id`) on `path` and the field inside it."""
    entry_ids: list[str] = []
    field_parts: list[str] = []
    node = document
    if isinstance(node, Mapping) and isinstance(node.get("id"), (str, int)):
        entry_ids.append(str(node["id"]))
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(step, int):
            field_parts.append(f"[{step}]")
        else:
            field_parts.append(str(step))
        if isinstance(node, Mapping) and isinstance(node.get("id"), (str, int)):
            entry_ids.append(str(node["id"]))
            field_parts = []
    # "[3]" glued to its list: items[3].text
    joined: list[str] = []
    for part in field_parts:
        if part.startswith("[") and joined:
            joined[-1] += part
        else:
            joined.append(part)
    return "/".join(entry_ids), joined


_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def _describe(error: jsonschema.ValidationError) -> tuple[list[str], str]:
    """Turn a jsonschema error into (extra field path parts, plain-language message)."""
    kind = error.validator
    inst = error.instance
    value: Any = error.validator_value
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    if "propertyNames" in error.schema_path:
        # A key of a mapping whose keys are restricted: the instance is the key, not a value.
        if kind == "enum":
            return [], f"has unknown field '{inst}' (allowed: {', '.join(str(v) for v in value)})"
        if kind == "pattern":
            return [], f"has unknown field '{inst}' (field names must match {value})"
        return [], f"has unknown field '{inst}'"
    if kind == "required":
        match = re.match(r"^'(.+)' is a required property$", error.message)
        name = match.group(1) if match else str(value)
        return [name], "is missing"
    if kind == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        extra = sorted(str(k) for k in inst if k not in allowed) if isinstance(inst, Mapping) else []
        names = ", ".join(f"'{k}'" for k in extra)
        return [], f"has unknown field{'s' if len(extra) > 1 else ''} {names}"
    if kind == "type":
        expected = value
        expected_list = expected if isinstance(expected, list) else [expected]
        want = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in expected_list)
        if inst is None:
            return [], "is empty"
        found = f"{type(inst).__name__} {json.dumps(inst, ensure_ascii=False, default=str)[:60]}"
        # YAML reads 02 as the number 2 and 1.0 as a float: text that looks like a number needs quotes.
        quotes = " (write it in quotes)" if "string" in expected_list and isinstance(inst, (bool, int, float)) else ""
        return [], f"must be {want}, not {found}{quotes}"
    if kind == "minLength" or (kind == "pattern" and value == r"\S"):
        return [], "is empty"
    if kind == "minItems":
        return [], f"needs at least {value} item{'s' if value != 1 else ''}"
    if kind == "maxItems":
        return [], f"has more than {value} item{'s' if value != 1 else ''}"
    if kind == "minProperties":
        return [], f"needs at least {value} field{'s' if value != 1 else ''}"
    if kind == "maxProperties":
        return [], f"has more than {value} field{'s' if value != 1 else ''}"
    if kind == "enum":
        options = ", ".join("null" if v is None else str(v) for v in value)  # as YAML writes it
        return [], f"'{inst}' is not one of: {options}"
    if kind == "const":
        return [], f"must be '{value}'"
    if kind == "format" and value == "date":
        return [], f"'{inst}' is not a real date (use YYYY-MM-DD)"
    if kind == "pattern":
        hint = schema.get("x-pattern-hint", f"must match {value}")
        return [], f"'{inst}' {hint}"
    if kind == "maxLength":
        return [], f"is longer than {value} characters"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return [], f"{inst} is out of range ({kind} {value})"
    if kind == "uniqueItems":
        return [], "lists the same value twice"
    if kind in ("x-id-of", "x-ref"):
        return [], error.message
    if kind in ("oneOf", "anyOf"):
        return [], schema.get("x-error", "does not match any allowed form")
    return [], error.message


def _errors_to_problems(file: str, document: Any, errors: Iterable[jsonschema.ValidationError]) -> list[Problem]:
    problems = []
    for error in errors:
        entry, parts = _entry_and_field(document, list(error.absolute_path))
        extra, message = _describe(error)
        field_path = ".".join([*parts, *extra])
        problems.append(Problem(file, entry, field_path, message))
    return problems


@dataclass
class Document:
    """One validated unit: a YAML file or a page's front matter."""

    file: str  # path relative to the project root, posix
    schema: str  # schema file name
    content: Any


@dataclass
class Validator:
    """Validates a set of documents together, so references can cross files."""

    schemas: Schemas
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Collections known from outside the data (e.g. "page": docs pages).
    extra_ids: dict[str, set[str]] = field(default_factory=dict)
    # Heading and element ids per page, for references with an #anchor.
    page_anchors: dict[str, set[str]] = field(default_factory=dict)
    collections: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, document: Document) -> None:
        self.documents.append(document)

    def run(self, check_refs: bool = True) -> None:
        """Validate every document; with `check_refs`, also ids and references across files
        (skip that when some file could not even be parsed: its ids would all look missing)."""
        refs = _CrossRefs(extra_ids=self.extra_ids, anchors=self.page_anchors)
        cls = _validator_class(refs)
        checkers = {}
        for doc in self.documents:
            schema = self.schemas.get(doc.schema)
            if schema is None:
                self.problems.append(Problem(doc.file, message=f"names an unknown schema '{doc.schema}'"))
                continue
            checkers[doc.file] = cls(schema, registry=self.schemas.registry, format_checker=cls.FORMAT_CHECKER)
        # Pass 1: schema problems; collect ids.
        for doc in self.documents:
            if doc.file not in checkers:
                continue
            refs.current_file = doc.file
            errors = list(checkers[doc.file].iter_errors(doc.content))
            self.problems.extend(_errors_to_problems(doc.file, doc.content, _leaf_errors(errors)))
        self.collections = {name: dict(ids) for name, ids in refs.ids.items()}
        if not check_refs:
            return
        # Pass 2: duplicate ids and unknown references only.
        refs.checking = True
        for doc in self.documents:
            if doc.file not in checkers:
                continue
            refs.current_file = doc.file
            errors = [
                e
                for e in _leaf_errors(checkers[doc.file].iter_errors(doc.content))
                if e.validator in ("x-id-of", "x-ref")
            ]
            self.problems.extend(_errors_to_problems(doc.file, doc.content, errors))

    def ids(self, collection: str) -> set[str]:
        """Every id recorded for `collection` in the last run."""
        return set(self.collections.get(collection, {}))


def _schema_of(error: jsonschema.ValidationError) -> Mapping[str, Any]:
    return error.schema if isinstance(error.schema, Mapping) else {}


def _leaf_errors(errors: Iterable[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """Unwrap errors from `allOf`-like combinators; keep oneOf/anyOf as one message."""
    for error in errors:
        if error.validator in ("allOf", "$ref") and error.context:
            yield from _leaf_errors(error.context)
        elif error.validator in ("oneOf", "anyOf") and error.context and "x-error" not in _schema_of(error):
            # Report the alternative that came closest (the deepest error).
            best = jsonschema.exceptions.best_match(error.context)
            yield best
        else:
            yield error


def schema_name_of(text: str) -> str | None:
    """The schema file named on a YAML file's `# yaml-language-server: $schema=` line."""
    match = SCHEMA_LINE.search("\n".join(text.splitlines()[:5]))
    return Path(match.group("path")).name if match else None
