"""Made files kept between builds, found by what they are made from (`.cache/ksiega/`).

A Word file takes about 50 ms to make and a build makes 44 of them, two seconds of every build
although the forms rarely change. The same inputs, timestamp and generator code always give the
same bytes (tests/test_forms.py), so a build may take the bytes an earlier build made from the
same inputs. The key is a hash of the inputs and of a `salt` naming the generator: its source
and the versions of the libraries it uses, so any change to them makes new files.

    KK_CACHE_DIR=<folder>   keep the files there (the tests use a folder of their own)
    KK_CACHE_DIR=off        make every file again (what the reproducibility tests need)

The folder holds at most `LIMIT` files; the oldest go first. Deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from ksiega.core.project import ROOT

ENV = "KK_CACHE_DIR"
OFF = "off"
DEFAULT = ROOT / ".cache" / "ksiega"
LIMIT = 2000


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    value = os.environ.get(ENV, "").strip()
    if value.lower() == OFF:
        return None
    return Path(value) if value else DEFAULT


def salt(*sources: Path, packages: tuple[str, ...] = ()) -> str:
    """What a generator is: the bytes of its source files and its libraries' versions."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.read_bytes())
    for package in packages:
        digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()


def cached(kind: str, salt: str, key: str, make: Callable[[], bytes]) -> bytes:
    """The bytes `make()` returns for `key`, from the cache when an earlier call (in this or an
    earlier build) made them with the same `salt`; `kind` names the sub-folder ("docx")."""
    where = folder()
    if where is None:
        return make()
    name = hashlib.sha256(f"{salt}\n{key}".encode()).hexdigest()
    path = where / kind / f"{name}.bin"
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if data:
        return data
    data = make()
    _store(path, data)
    return data


def _store(path: Path, data: bytes) -> None:
    """Write atomically (a build reading the folder at the same time sees all or nothing); a
    folder that cannot be written only means the next build makes the file again."""
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _prune(path.parent)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(data)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _prune(where: Path) -> None:
    """Keep the folder under LIMIT files: remove the oldest quarter when it is full."""
    entries = [entry for entry in os.scandir(where) if entry.name.endswith(".bin")]
    if len(entries) < LIMIT:
        return
    entries.sort(key=lambda entry: entry.stat().st_mtime_ns)
    for entry in entries[: len(entries) // 4 + 1]:
        Path(entry.path).unlink(missing_ok=True)
