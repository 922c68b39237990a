"""What a reader's browser downloads besides Material: the handbook's stylesheets and scripts,
built from what the features declare (`Feature.assets`), and the site's pre-compressed copies.

- **Two stylesheets on every page**, minified, named by their content (cached for good):
  the theme (`overrides/assets/css/ksiega.css`: the look of Material's screen layout) and the
  components (`components.css` and every feature's stylesheet, in the order of `FEATURES`).
  The PDF edition uses the second and not the first.
- **Scripts only where they are needed**: each feature's script, minified and content-named,
  is linked with `defer` on the pages its `needed_on` accepts (the picker's script on the
  picker's pages, not on the home page).
- **One script on every page, before Material's bundle** (`overrides/assets/js/page.js`): Material's
  own inline helpers and the hold on the search index, from a file so that the server's
  Content-Security-Policy allows scripts from the site only (`deploy/nginx.conf`).
- **Pre-compressed copies** (`.gz` beside every text file) for hosts that serve them
  (`gzip_static` in nginx, most static hosts): nothing to configure at run time, and the build
  stays reproducible (no timestamps in the gzip header).

Pure functions over the theme folder and the feature list; `hooks/assets.py` adapts them to MkDocs.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

from ksiega.core.docs import DocPage
from ksiega.core.feature import THEME, Feature

# The theme's own stylesheet: the look of Material's screen layout (not used by the PDF).
THEME_CSS = "assets/css/ksiega.css"
# Components several features share (also in the PDF edition).
SHARED_CSS = "assets/css/components.css"
# What every page runs before Material's bundle (Material's inline helpers, the search index's hold).
PAGE_JS = "assets/js/page.js"
BUNDLE_DIR = "assets/kk/"
# Text files worth compressing; below this size gzip's header costs more than it saves.
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")
MIN_COMPRESS = 512


@dataclass(frozen=True)
class Bundle:
    """The built assets: path in the site -> bytes; which script belongs to which feature."""

    theme_css: str
    components_css: str
    page_js: str
    scripts: dict[str, str]  # the feature's declared script ("assets/js/x.js") -> built path
    files: dict[str, bytes]

    @property
    def stylesheets(self) -> tuple[str, str]:
        return (self.theme_css, self.components_css)


def _named(stem: str, suffix: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:10]
    return f"{BUNDLE_DIR}{stem}.{digest}.min{suffix}"


def _read(theme: Path, path: str) -> str:
    return (theme / path).read_text(encoding="utf-8")


def minify_css(css: str) -> str:
    return str(rcssmin.cssmin(css)).strip() + "\n"


def minify_js(js: str) -> str:
    return str(rjsmin.jsmin(js)).strip() + "\n"


def component_stylesheets(features: Sequence[Feature]) -> list[str]:
    """The shared components, then every feature's stylesheets, once each, in feature order."""
    paths = [SHARED_CSS]
    for feature in features:
        paths += [path for path in feature.assets.css if path not in paths]
    return paths


def build_bundle(features: Sequence[Feature], theme: Path = THEME) -> Bundle:
    files: dict[str, bytes] = {}

    def add(stem: str, suffix: str, text: str) -> str:
        content = text.encode("utf-8")
        path = _named(stem, suffix, content)
        files[path] = content
        return path

    theme_css = add("theme", ".css", minify_css(_read(theme, THEME_CSS)))
    # Each file minified on its own, then joined: a file's last rule cannot run into the next.
    components = "".join(minify_css(_read(theme, path)) for path in component_stylesheets(features))
    components_css = add("components", ".css", components)
    page_js = add("page", ".js", minify_js(_read(theme, PAGE_JS)))
    scripts = {}
    for feature in features:
        for path in feature.assets.js:
            scripts[path] = add(Path(path).stem, ".js", minify_js(_read(theme, path)))
    return Bundle(theme_css=theme_css, components_css=components_css, page_js=page_js, scripts=scripts, files=files)


def _theme_state(theme: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (path.as_posix(), path.stat().st_mtime_ns, path.stat().st_size)
        for folder in ("css", "js")
        for path in sorted((theme / "assets" / folder).glob("*.*"))
    )


_cache: dict[tuple[object, ...], Bundle] = {}


def bundle(features: Sequence[Feature], theme: Path = THEME) -> Bundle:
    """`build_bundle`, built again only when a stylesheet or script changed (live preview)."""
    key = (tuple(id(feature) for feature in features), theme, _theme_state(theme))
    if key not in _cache:
        _cache.clear()
        _cache[key] = build_bundle(features, theme)
    return _cache[key]


def page_scripts(features: Sequence[Feature], built: Bundle, page: DocPage | None) -> list[str]:
    """The built scripts a page needs, in feature order (`page` None: a page outside the handbook's
    pages, such as the 404 page, which gets the scripts needed everywhere)."""
    found = []
    for feature in features:
        needed_on = feature.assets.needed_on
        if needed_on is None or (page is not None and needed_on(page)):
            found += [built.scripts[path] for path in feature.assets.js if built.scripts[path] not in found]
    return found


def write_bundle(built: Bundle, site_dir: Path) -> None:
    for path, content in built.files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != content:
            target.write_bytes(content)


def gzip_bytes(content: bytes) -> bytes:
    """Reproducible gzip: no file name, no timestamp."""
    return gzip.compress(content, compresslevel=9, mtime=0)


def compressible(site_dir: Path) -> Iterable[Path]:
    for path in sorted(site_dir.rglob("*")):
        if path.suffix in COMPRESSIBLE and path.is_file() and path.stat().st_size >= MIN_COMPRESS:
            yield path


def _write_gzip(path: Path) -> None:
    path.with_name(path.name + ".gz").write_bytes(gzip_bytes(path.read_bytes()))


def precompress(site_dir: Path) -> int:
    """Write `<file>.gz` beside every text file of the site; returns how many. zlib works outside
    Python's lock: one thread per core (the same bytes; on two cores, 1.6 s instead of 2.9 s for
    the 1,260 files of a local edition with 500 service cards)."""
    paths = list(compressible(site_dir))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(_write_gzip, paths))
    return len(paths)
