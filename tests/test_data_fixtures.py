"""Bad data and pages fail with one clear line per problem (file, entry, field)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from ksiega.site import check_only

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "fixtures" / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def overlay(project: Path, case: str) -> None:
    for path in (BAD / case).rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = project / path.relative_to(BAD / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def test_minimal_project_is_valid(minimal_project: Path) -> None:
    assert check_only(minimal_project) == []


def test_real_data_and_pages_are_valid() -> None:
    assert [str(p) for p in check_only(ROOT)] == []


@pytest.mark.parametrize("case", CASES)
def test_bad_fixture_reports_exact_problems(case: str, minimal_project: Path) -> None:
    overlay(minimal_project, case)
    expected = (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in check_only(minimal_project)] == expected


def test_alias_bomb_is_rejected_before_it_expands(minimal_project: Path) -> None:
    """Nine levels of nine aliases would be 9**9 strings: rejected at the first alias, the check
    never holds more than a few megabytes (measured in memory, not time: load does not change it)."""
    overlay(minimal_project, "alias-bomb")
    tracemalloc.start()
    try:
        problems = check_only(minimal_project)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems and "aliases" in str(problems[0])
    assert peak < 50_000_000


def test_check_command_prints_problems_without_traceback(minimal_project: Path) -> None:
    overlay(minimal_project, "several-problems")
    result = subprocess.run(
        [sys.executable, "-m", "ksiega", "--root", str(minimal_project), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == "3 problems in the handbook's data or pages:"
    assert "  data/recommendations.yml: entry 'R01': en.why is empty" in result.stdout.splitlines()


def test_check_command_passes_on_valid_project(minimal_project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ksiega", "--root", str(minimal_project), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
