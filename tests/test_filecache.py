"""Made files kept between builds (ksiega/toolkit/filecache.py) and the Word files that use it."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ksiega.core.handbook import load_handbook
from ksiega.core.project import ROOT
from ksiega.core.strings import read
from ksiega.features import forms
from ksiega.features.forms import docx
from ksiega.features.forms.model import form_view
from ksiega.toolkit import filecache

WHEN = datetime(2025, 11, 23, tzinfo=UTC)


class Maker:
    """make() for the cache, counting its calls."""

    def __init__(self, data: bytes) -> None:
        self.data, self.calls = data, 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.data


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(filecache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_second_call_with_the_same_key_and_salt_reads_the_file(cache: Path) -> None:
    make = Maker(b"bytes")
    assert filecache.cached("docx", "salt", "key", make) == b"bytes"
    assert filecache.cached("docx", "salt", "key", Maker(b"other")) == b"bytes"
    assert make.calls == 1
    assert len(list((cache / "docx").glob("*.bin"))) == 1
    assert not list((cache / "docx").glob("*.tmp"))


def test_another_key_or_salt_makes_the_file_again(cache: Path) -> None:
    filecache.cached("docx", "salt", "key", Maker(b"first"))
    assert filecache.cached("docx", "salt", "another key", Maker(b"second")) == b"second"
    assert filecache.cached("docx", "new generator", "key", Maker(b"third")) == b"third"


def test_off_makes_every_file_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(filecache.ENV, "off")
    monkeypatch.chdir(tmp_path)
    make = Maker(b"bytes")
    filecache.cached("docx", "salt", "key", make)
    filecache.cached("docx", "salt", "key", make)
    assert make.calls == 2
    assert filecache.folder() is None


def test_an_empty_file_is_made_again(cache: Path) -> None:
    filecache.cached("docx", "salt", "key", Maker(b"bytes"))
    (stored,) = (cache / "docx").glob("*.bin")
    stored.write_bytes(b"")
    make = Maker(b"bytes")
    assert filecache.cached("docx", "salt", "key", make) == b"bytes"
    assert make.calls == 1


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(filecache.ENV, str(blocked))
    assert filecache.cached("docx", "salt", "key", Maker(b"bytes")) == b"bytes"


def test_a_full_folder_loses_its_oldest_files(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filecache, "LIMIT", 8)
    for number in range(8):
        filecache.cached("docx", "salt", f"key {number}", Maker(b"x"))
    stored = sorted((cache / "docx").glob("*.bin"))
    for age, path in enumerate(stored):
        os.utime(path, ns=(age * 10**9, age * 10**9))
    oldest = stored[:3]
    filecache.cached("docx", "salt", "key 8", Maker(b"x"))
    left = set((cache / "docx").glob("*.bin"))
    assert len(left) == 8 - 3 + 1
    assert not left & set(oldest)


def test_salt_changes_with_the_generators_source(tmp_path: Path) -> None:
    source = tmp_path / "generator.py"
    source.write_text("A = 1\n", encoding="utf-8")
    before = filecache.salt(source, packages=("python-docx",))
    source.write_text("A = 2\n", encoding="utf-8")
    assert filecache.salt(source, packages=("python-docx",)) != before


def test_a_cached_word_file_is_the_file_the_generator_makes(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    form = next(form for form in forms.all_forms(load_handbook(ROOT)) if form["id"] == "pzk-declaration")
    view = form_view(form, "pl", read(ROOT, "form-sheet")["pl"])
    made = docx.form_docx([view], timestamp=WHEN)
    assert forms.cached_docx([view], WHEN) == made

    def fail(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("made again although the cache holds it")

    monkeypatch.setattr(docx, "form_docx", fail)
    assert forms.cached_docx([view], WHEN) == made
    # Another title, another timestamp: new files, not the cached one.
    with pytest.raises(AssertionError):
        forms.cached_docx([dataclasses.replace(view, title="Inny tytuł")], WHEN)
    with pytest.raises(AssertionError):
        forms.cached_docx([view], datetime(2026, 1, 1, tzinfo=UTC))
