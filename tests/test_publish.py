"""Publishing (ksiega/publish.py, scripts/publish): a new edition beside DEST, DEST switched in one
step, the previous edition kept for a rollback, and a failed build leaves DEST untouched."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from test_serve import _small_config

from ksiega import publish

T0 = dt.datetime(2026, 12, 7, 12, 0, 0, tzinfo=dt.UTC)


def fake_build(text: str) -> object:
    def build(folder: Path) -> None:
        folder.mkdir()
        (folder / "index.html").write_text(text, encoding="utf-8")

    return build


def served(dest: Path) -> str:
    """What a server with DEST as its root sends for "/"."""
    return (dest / "index.html").read_text(encoding="utf-8")


def test_publish_twice_then_roll_back_and_forward(tmp_path: Path) -> None:
    dest = tmp_path / "current"
    first = publish.publish(dest, fake_build("first"), now=T0)
    assert dest.is_symlink() and served(dest) == "first" and first.previous is None
    assert os.readlink(dest) == "current.20261207-120000"  # relative: the tree can move
    second = publish.publish(dest, fake_build("second"), now=T0 + dt.timedelta(hours=1))
    assert served(dest) == "second" and second.previous == first.edition
    assert served(publish.previous_link(dest)) == "first"
    back = publish.rollback(dest)
    assert served(dest) == "first" and back.edition == first.edition
    # A second rollback undoes the first.
    publish.rollback(dest)
    assert served(dest) == "second"


def test_only_the_current_and_previous_editions_are_kept(tmp_path: Path) -> None:
    dest = tmp_path / "current"
    (tmp_path / "current.notes").mkdir()  # not an edition: never removed
    for hour, text in enumerate(("a", "b", "c", "d")):
        publish.publish(dest, fake_build(text), now=T0 + dt.timedelta(hours=hour))
    editions = sorted(p.name for p in tmp_path.iterdir() if p.is_dir() and not p.is_symlink())
    assert editions == ["current.20261207-140000", "current.20261207-150000", "current.notes"]
    assert served(dest) == "d" and served(publish.previous_link(dest)) == "c"


def test_two_editions_in_the_same_second_get_two_folders(tmp_path: Path) -> None:
    dest = tmp_path / "current"
    publish.publish(dest, fake_build("a"), now=T0)
    done = publish.publish(dest, fake_build("b"), now=T0)
    assert done.edition.name == "current.20261207-120000-2" and served(dest) == "b"


def test_a_failing_build_leaves_dest_untouched(tmp_path: Path) -> None:
    dest = tmp_path / "current"
    publish.publish(dest, fake_build("good"), now=T0)
    before = sorted(p.name for p in tmp_path.iterdir())

    def broken(folder: Path) -> None:
        folder.mkdir()
        (folder / "half-written.html").write_text("…", encoding="utf-8")
        raise publish.PublishError("data/glossary.yml: entry 'zzk': en.definition is missing")

    with pytest.raises(publish.PublishError):
        publish.publish(dest, broken, now=T0 + dt.timedelta(hours=1))
    assert served(dest) == "good" and sorted(p.name for p in tmp_path.iterdir()) == before


def test_clear_refusals(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    with pytest.raises(publish.PublishError, match="is not a symbolic link"):
        publish.publish(folder, fake_build("x"), now=T0)
    with pytest.raises(publish.PublishError, match="no previous edition"):
        publish.rollback(tmp_path / "never-published")
    dest = tmp_path / "current"
    publish.publish(dest, fake_build("only"), now=T0)
    with pytest.raises(publish.PublishError, match="no previous edition"):
        publish.rollback(dest)


def run_publish(*args: str, root: Path = ROOT, offline: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KK_PDF": "0", "KK_PRECOMPRESS": "0", "NO_MKDOCS_2_WARNING": "1"}
    env["KK_ZIP"] = "1" if offline else "0"  # the offline edition once: it is a second build
    return subprocess.run(
        [sys.executable, "-m", "ksiega", "--root", str(root), "publish", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def small_project(minimal_project: Path) -> Path:
    """The smallest valid project with the handbook's theme and hooks: it builds in a few seconds."""
    for name in ("overrides", "hooks", "ksiega"):
        shutil.copytree(ROOT / name, minimal_project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (minimal_project / "mkdocs.yml").write_text(_small_config(), encoding="utf-8")
    return minimal_project


@pytest.mark.slow
def test_the_command_publishes_prints_sizes_rolls_back_and_refuses_bad_data(
    small_project: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "www" / "current"
    dest.parent.mkdir()
    first = run_publish(str(dest), root=small_project, offline=True)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "pages:" in first.stdout and "html_bytes:" in first.stdout  # the bench's size figures
    assert "offline edition (ksiega-kooperacji-offline.zip): " in first.stdout
    assert f"Published: {dest} -> " in first.stdout
    home = (dest / "index.html").read_text(encoding="utf-8")
    second = run_publish(str(dest), root=small_project)
    assert second.returncode == 0, second.stderr
    assert "previous edition" in second.stdout and os.readlink(dest) != os.readlink(publish.previous_link(dest))
    # A broken data file: nothing is built, DEST still serves the second edition.
    target = os.readlink(dest)
    glossary = small_project / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("id:", "id: [broken", 1), encoding="utf-8")
    failed = run_publish(str(dest), root=small_project)
    assert failed.returncode == 1 and "Not published:" in failed.stderr and "Traceback" not in failed.stderr
    assert "data/glossary.yml" in failed.stderr
    assert os.readlink(dest) == target and len([p for p in dest.parent.iterdir() if not p.is_symlink()]) == 2
    rolled = run_publish("--rollback", str(dest), root=small_project)
    assert rolled.returncode == 0 and os.readlink(dest) != target
    assert (dest / "index.html").read_text(encoding="utf-8") == home
