"""Where the project's parts live."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SCHEMAS = DATA / "schemas"
DOCS = ROOT / "docs"
FRAGMENTS_DIR = "_fragments"  # docs/_fragments: shared Markdown included with {!name!}


def rel(path: Path, root: Path = ROOT) -> str:
    """A path as the build reports it: relative to the project root, with slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
