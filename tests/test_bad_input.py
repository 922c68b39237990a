"""Bad input across every data file: the matrix in tests/fixtures/bad-input/cases.yml.

Each case copies the minimal project (tests/fixtures/minimal), applies one mutation to one
document of it and compares `check_only` with the exact lines it must report. A document is a
data file, or the front matter of a page. A mutation is, in this order:

- `text`: the document's whole YAML text (a data file's text, a page's front matter between the
  `---` lines), for YAML that does not parse;
- `delete`: paths to remove;
- `set`: path -> value (adds a field, changes a value, or gives it another type).

Paths read like the messages: `terms[0].en.definition`, and `terms[id=zzk].see` picks a list
item by its id. Values are read as the handbook reads YAML (dates stay text).

`test_matrix_covers_every_schema_and_category` asserts that every schema a data file or a page's
front matter uses has, for every category, a case (inline, or an existing folder of
tests/fixtures/bad/ named in `covered_by`) or a reason why the category does not apply: a new
data file without cases fails it.

Speed: every case copies the minimal project once and runs `check_only` (no build); each distinct
YAML text is parsed once per module (see `_parse_each_text_once`).
"""

from __future__ import annotations

import copy
import fnmatch
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ksiega.data import FRONT_MATTER, parse_yaml, schema_name_of
from ksiega.site import check_only

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
BAD = ROOT / "tests" / "fixtures" / "bad"
TABLE_FILE = ROOT / "tests" / "fixtures" / "bad-input" / "cases.yml"
TABLE: dict[str, Any] = parse_yaml(TABLE_FILE.read_text(encoding="utf-8"), "tests/fixtures/bad-input/cases.yml")

CASE_KEYS = {"kind", "category", "name", "file", "text", "delete", "set", "expect", "xfail", "covered_by"}


def case_id(case: dict[str, Any]) -> str:
    """`glossary-missing-translation`, or `glossary-unknown-reference-sources` when a cell has several."""
    return "-".join(str(part) for part in (case["kind"], case["category"], case.get("name")) if part)


def inline_cases() -> Iterator[Any]:
    for case in TABLE["cases"]:
        if "covered_by" in case:
            continue
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        yield pytest.param(case, id=case_id(case), marks=marks)


# --- Mutations ---------------------------------------------------------------------------------

_STEP = re.compile(r"\.?(?:(?P<key>[^.\[\]]+)|\[(?P<index>\d+)\]|\[(?P<field>[^=\]]+)=(?P<value>[^\]]+)\])")


def _steps(path: str) -> list[Any]:
    """`terms[id=zzk].pl.term` -> ["terms", ("id", "zzk"), "pl", "term"]; `a[2]` -> ["a", 2]."""
    steps: list[Any] = []
    position = 0
    while position < len(path):
        match = _STEP.match(path, position)
        if not match or match.end() == position:
            raise ValueError(f"cannot read the path {path!r} at {path[position:]!r}")
        if match.group("key") is not None:
            steps.append(match.group("key"))
        elif match.group("index") is not None:
            steps.append(int(match.group("index")))
        else:
            steps.append((match.group("field"), match.group("value")))
        position = match.end()
    return steps


def _step_into(node: Any, step: Any, path: str) -> Any:
    if isinstance(step, tuple):
        field, value = step
        found = [item for item in node if isinstance(item, dict) and str(item.get(field)) == value]
        if len(found) != 1:
            raise KeyError(f"{path}: no single item with {field}={value}")
        return found[0]
    return node[step]


def _parent(document: Any, path: str) -> tuple[Any, Any]:
    steps = _steps(path)
    node = document
    for step in steps[:-1]:
        node = _step_into(node, step, path)
    last = steps[-1]
    if isinstance(last, tuple):
        item = _step_into(node, last, path)
        last = next(i for i, candidate in enumerate(node) if candidate is item)
    return node, last


def mutate(document: Any, case: dict[str, Any]) -> Any:
    document = copy.deepcopy(document)
    for path in case.get("delete", []):
        parent, last = _parent(document, path)
        del parent[last]
    for path, value in case.get("set", {}).items():
        parent, last = _parent(document, path)
        if isinstance(parent, list) and last == len(parent):
            parent.append(value)
        else:
            parent[last] = value
    return document


def _dump(document: Any) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000)


def _header(yaml_text: str) -> str:
    """The leading comment lines (the schema line) that a dump would lose."""
    lines = []
    for line in yaml_text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def apply(project: Path, case: dict[str, Any]) -> None:
    """Apply the case's mutation to its document in `project` (a copy of the minimal project)."""
    path = project / case.get("file", TABLE["kinds"][case["kind"]]["file"])
    text = path.read_text(encoding="utf-8")
    is_page = path.suffix == ".md"
    body = ""
    if is_page:
        match = FRONT_MATTER.match(text)
        assert match, f"{path} has no front matter"
        text, body = match.group("yaml"), text[match.end() :]
    if "text" in case:
        new = case["text"]
    else:
        new = _header(text) + _dump(mutate(parse_yaml(text, str(path)), case))
    path.write_text(f"---\n{new}---\n{body}" if is_page else new, encoding="utf-8")


# --- Fast copies ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _parse_each_text_once() -> Iterator[None]:
    """Every case reads the same unchanged files again: parse each distinct text once.

    Only speed: yaml.load returns the same data for the same text and loader, so the cache hands
    out a deep copy of the first result. Texts that fail to parse are not cached.
    """
    load = yaml.load
    cache: dict[tuple[str, type], Any] = {}

    def cached_load(stream: Any, Loader: type) -> Any:
        if not isinstance(stream, str):
            return load(stream, Loader=Loader)
        key = (stream, Loader)
        if key not in cache:
            cache[key] = load(stream, Loader=Loader)
        return copy.deepcopy(cache[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml, "load", cached_load)
        yield


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project with the real schemas, copied once; each case copies this copy."""
    target = tmp_path_factory.mktemp("bad-input") / "minimal"
    shutil.copytree(MINIMAL, target)
    shutil.copytree(ROOT / "data" / "schemas", target / "data" / "schemas")
    return target


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(template, target)
    return target


# --- The cases -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(inline_cases()))
def test_bad_input_reports_exact_problems(case: dict[str, Any], project: Path) -> None:
    apply(project, case)
    assert [str(p) for p in check_only(project)] == case["expect"]


def test_unchanged_documents_stay_valid_through_the_harness(project: Path) -> None:
    """Parsing and dumping every document without a change keeps the minimal project valid, so a
    case's problems come from its mutation only."""
    for kind in TABLE["kinds"]:
        apply(project, {"kind": kind})
    assert [str(p) for p in check_only(project)] == []


# --- The matrix is complete ------------------------------------------------------------------------


def _schemas_in_use(root: Path) -> dict[str, str]:
    """schema file name -> one file of `root` that uses it (data files and pages' front matter)."""
    used: dict[str, str] = {}
    for path in sorted((root / "data").rglob("*.yml")):
        if "schemas" not in path.relative_to(root / "data").parts:
            name = schema_name_of(path.read_text(encoding="utf-8"))
            if name:
                used.setdefault(name, path.relative_to(root).as_posix())
    for path in sorted((root / "docs").rglob("*.md")):
        match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        name = schema_name_of(match.group("yaml")) if match else None
        if name:
            used.setdefault(name, path.relative_to(root).as_posix())
    return used


def test_table_is_well_formed() -> None:
    kinds, categories = TABLE["kinds"], {**TABLE["categories"], **TABLE["extra_categories"]}
    ids = [case_id(case) for case in TABLE["cases"] if "covered_by" not in case]
    assert sorted({i for i in ids if ids.count(i) > 1}) == [], "two cases share a test id: give them a `name`"
    for case in TABLE["cases"]:
        where = case_id(case)
        assert set(case) <= CASE_KEYS, f"{where}: unknown keys {sorted(set(case) - CASE_KEYS)}"
        assert case["kind"] in kinds, f"{where}: unknown kind"
        assert case["category"] in categories, f"{where}: unknown category"
        if "covered_by" in case:
            expected = BAD / case["covered_by"] / "expected.txt"
            assert expected.is_file(), f"{where}: tests/fixtures/bad/{case['covered_by']} does not exist"
            files = kinds[case["kind"]].get("files", kinds[case["kind"]]["file"])
            lines = expected.read_text(encoding="utf-8").splitlines()
            assert any(fnmatch.fnmatch(line.split(": ", 1)[0], files) for line in lines), (
                f"{where}: tests/fixtures/bad/{case['covered_by']} reports nothing in {files}"
            )
            assert not {"text", "set", "delete", "expect"} & set(case), f"{where}: covered_by or a mutation, not both"
        else:
            assert {"text", "set", "delete"} & set(case), f"{where}: no mutation"
            assert case.get("expect"), f"{where}: no expected lines"
    for kind, spec in kinds.items():
        path = MINIMAL / spec["file"]
        assert path.is_file(), f"kind {kind}: the minimal project has no {spec['file']}"
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            match = FRONT_MATTER.match(text)
            text = match.group("yaml") if match else ""
        assert schema_name_of(text) == spec["schema"], f"kind {kind}: {spec['file']} does not use {spec['schema']}"


def test_matrix_covers_every_schema_and_category() -> None:
    """Every schema that a data file or front matter uses (in the handbook or the minimal project),
    and every other schema in data/schemas/ that is not declared shared, has a kind; every kind has
    a case or an explicit n/a (with its reason) in every category."""
    shared = TABLE["shared_schemas"]
    schema_files = {path.name for path in (ROOT / "data" / "schemas").glob("*.schema.json")}
    used = {**_schemas_in_use(MINIMAL), **_schemas_in_use(ROOT)}
    assert sorted(set(shared) & set(used)) == [], "a shared schema is used by a document: give it a kind"
    required = (schema_files - set(shared)) | set(used)
    by_schema = {spec["schema"]: kind for kind, spec in TABLE["kinds"].items()}
    assert sorted(required - set(by_schema)) == [], "schemas without a kind in tests/fixtures/bad-input/cases.yml"
    covered = {(case["kind"], case["category"]) for case in TABLE["cases"]}
    not_applicable = {(row["kind"], row["category"]): row["reason"] for row in TABLE["not_applicable"]}
    assert sorted(covered & set(not_applicable)) == [], "a cell has cases and an n/a"
    missing = [
        f"{kind} × {category}"
        for kind in TABLE["kinds"]
        for category in TABLE["categories"]
        if (kind, category) not in covered and not str(not_applicable.get((kind, category), "")).strip()
    ]
    assert missing == [], "cells without a case and without an n/a reason"
