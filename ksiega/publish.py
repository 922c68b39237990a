"""Publishing an edition: readers never see a half-written site, and the last edition is one step away.

`python -m ksiega publish DEST` (`scripts/publish DEST`):

1. builds the handbook (strict: a broken link or anchor fails it, after the data and pages were
   checked) into a new folder beside DEST, named after DEST and the time: `DEST.20261207-1250`;
2. prints the bench's size figures of the new edition (`ksiega.bench.site_sizes`, nothing timed);
3. switches DEST, a symbolic link, to the new folder in one step (a new link renamed over the old
   one: a reader gets either edition, never a mix), and points `DEST.previous` at the edition it
   replaced. Older editions are removed; the current and the previous one stay.

`--rollback` switches DEST back to `DEST.previous` in the same one step (and `DEST.previous` to
the edition rolled back from, so a second rollback undoes the first). A failed build removes its
folder and leaves DEST as it was.

The steps are functions over paths; the build is a function passed in, so the tests can publish
with a fake one. `ksiega/cli.py` adapts them to the command line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PREVIOUS = ".previous"
# DEST.<date>-<time>[-<n>]: the folders this module made, the only ones it ever removes.
STAMP = re.compile(r"\.\d{8}-\d{6}(-\d+)?$")


class PublishError(Exception):
    """A problem that stops publishing, in one line, DEST unchanged."""


@dataclass(frozen=True)
class Published:
    edition: Path  # the folder DEST now points to
    previous: Path | None  # the folder it pointed to before, kept for a rollback


def edition_folder(dest: Path, now: dt.datetime) -> Path:
    """A new, unused folder name beside DEST for the edition built at `now`."""
    base = dest.with_name(f"{dest.name}.{now:%Y%m%d-%H%M%S}")
    candidate, n = base, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def previous_link(dest: Path) -> Path:
    return dest.with_name(dest.name + PREVIOUS)


def current(dest: Path) -> Path | None:
    """The edition folder DEST points to (None before the first publishing)."""
    if not dest.is_symlink():
        if dest.exists():
            raise PublishError(f"{dest}: exists and is not a symbolic link; move it away or publish elsewhere")
        return None
    return dest.parent / os.readlink(dest)


def point(link: Path, target: Path) -> None:
    """Make `link` point to `target` (a sibling, linked by name) in one rename: never missing."""
    temporary = link.with_name(f".{link.name}.switching-{os.getpid()}")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target.name, target_is_directory=True)
    os.replace(temporary, link)


def remove_old_editions(dest: Path, keep: set[Path]) -> list[Path]:
    """Remove the edition folders beside DEST that are neither current nor previous."""
    removed = []
    for folder in sorted(dest.parent.glob(f"{dest.name}.*")):
        name = folder.name[len(dest.name) :]
        if STAMP.fullmatch(name) and folder.is_dir() and not folder.is_symlink() and folder not in keep:
            shutil.rmtree(folder)
            removed.append(folder)
    return removed


def publish(dest: Path, build: Callable[[Path], None], now: dt.datetime | None = None) -> Published:
    """Build a new edition beside DEST with `build(folder)` and switch DEST to it. `build` raises
    (`PublishError` or any exception) on failure: the folder is removed and DEST is unchanged."""
    dest = dest.absolute()
    before = current(dest)
    if not dest.parent.is_dir():
        raise PublishError(f"{dest.parent}: no such folder")
    folder = edition_folder(dest, now or dt.datetime.now(dt.UTC))
    try:
        build(folder)
        if not (folder / "index.html").is_file():
            raise PublishError(f"{folder}: the build wrote no index.html")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    point(dest, folder)
    if before is not None:
        point(previous_link(dest), before)
    remove_old_editions(dest, {folder, *([before] if before else [])})
    return Published(edition=folder, previous=before)


def rollback(dest: Path) -> Published:
    """Switch DEST back to the previous edition in one step; the edition rolled back from
    becomes the previous one."""
    dest = dest.absolute()
    now = current(dest)
    link = previous_link(dest)
    if now is None or not link.is_symlink():
        raise PublishError(f"{dest}: no previous edition to roll back to")
    before = dest.parent / os.readlink(link)
    if not (before / "index.html").is_file():
        raise PublishError(f"{before}: the previous edition is missing or incomplete")
    point(dest, before)
    point(link, now)
    return Published(edition=before, previous=now)
