"""The offline edition: `ksiega-kooperacji-offline.zip`, the whole site to read from disk (`file://`)
where there is no connection, both languages, with its PDF and Word files.

How it is made (hooks/offline.py adapts it to MkDocs):

1. After the site is built (and its PDFs written), the same project is built once more into a
   temporary folder with Material's `offline` plugin on (`KK_OFFLINE=true`, HTML only): pages
   become files (`model/roles.html`), which a browser opens from disk, and `extra.polyfills`
   loads the vendored iframe-worker (`overrides/assets/vendor/iframe-worker/`), which runs
   Material's search worker in an iframe where a file:// page cannot start a worker.
2. At the end of that build (`offline_search`): a file:// page cannot read a file with
   XMLHttpRequest, so each language's index is written as a script (`search/search_index.js`,
   `en/search/search_index.js`: `var __index = …`, which Material reads under file://), and each
   language's lunr file carries its stemmer, stop words and stem map in one script (online it
   loads them from separate files and `search/normalise.json`).
3. The site's PDF books are copied in.
4. Links made by the handbook's own templates and features assume the online addresses
   (`about/privacy/`, `../../glossary/#ops` from `model/roles/`): `relink` points each one that
   does not open a file from disk at the file the online address serves (`about/privacy.html`,
   `../glossary.html#ops` from `model/roles.html`). The ZIP's own links become plain words.
5. The folder is zipped (one folder inside, files in a fixed order, dates from
   SOURCE_DATE_EPOCH: the same commit gives the same ZIP), and the ZIP's size is written into
   the download links of the online pages (`<!--kk-zip-size-->`).

With a local edition (`--local`, KK_LOCAL) the second build is the same local edition.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ksiega.assets import gzip_bytes
from ksiega.core.lang import LANGS, Lang, page_prefix
from ksiega.pdf import size_label
from ksiega.search import LUNR_LANG, STEMMER

ZIP_NAME = "ksiega-kooperacji-offline.zip"
# The folder the ZIP unpacks into.
FOLDER = "ksiega-kooperacji"
# The download links (footer, about page) carry this until the ZIP exists.
SIZE_PLACEHOLDER = "<!--kk-zip-size-->"
# The vendored iframe-worker shim, in the site (extra.polyfills of the offline build).
POLYFILL = "assets/vendor/iframe-worker/shim.js"
LUNR = "assets/javascripts/lunr"
_LINK = re.compile(r'(?P<attr>\s(?:href|src))="(?P<url>[^"#?:]*)(?P<rest>[?#][^"]*)?"')
_DOWNLOAD_LINK = re.compile(r'(<a [^>]*href="[^"]*' + re.escape(ZIP_NAME) + r'"[^>]*>)(.*?)</a>', re.S)


class OfflineError(Exception):
    """The offline build failed: its output, for the build error."""


def offline_search(site_dir: Path) -> list[Path]:
    """Make search work from disk in an offline build: each language's index as a script, and
    each language's lunr file self-contained (no XMLHttpRequest, no nested importScripts, which
    iframe-worker loads one after another, too late for Material). Returns the files written."""
    written = []
    for lang in LANGS:
        folder = site_dir / page_prefix(lang) / "search"
        index = (folder / "search_index.json").read_text(encoding="utf-8")
        target = folder / "search_index.js"
        target.write_text(f"var __index = {index}\n", encoding="utf-8")
        normalise = json.loads((folder / "normalise.json").read_text(encoding="utf-8"))
        written += [target, lunr_language(site_dir, lang, normalise)]
    return written


def lunr_language(site_dir: Path, lang: Lang, normalise: object) -> Path:
    """The site's lunr.kk-<lang>.min.js rewritten as one script: the shared Snowball code, the
    language's stemmer, the normaliser, and its registration with the language's data."""
    code = LUNR_LANG[lang]
    parts = [
        (site_dir / LUNR / "kk" / name).read_text(encoding="utf-8")
        for name in ("snowball.js", f"{STEMMER[lang]}.js", "search.js")
    ]
    data = json.dumps(normalise, ensure_ascii=False, separators=(",", ":"))
    register = f"self.kkSearch.register({json.dumps(code)}, {json.dumps(STEMMER[lang])}, {data});\n"
    target = site_dir / LUNR / "min" / f"lunr.{code}.min.js"
    header = f"// Księga Kooperacji, offline edition: lunr.{code} with its stemmer and data in one script.\n"
    target.write_text(header + "\n".join(parts) + "\n" + register, encoding="utf-8")
    return target


def _file_for(site_dir: Path, path: str) -> Path | None:
    """The file a browser opens from disk for a site path: the file itself, a folder's
    index.html, or the page `x/y.html` that the online address `x/y/` serves."""
    target = (site_dir / path).resolve()
    if not target.is_relative_to(site_dir):
        return None
    if target.is_file():
        return target
    for candidate in (target / "index.html", target.with_name(target.name + ".html")):
        if candidate.is_file():
            return candidate
    return None


def online_address(site_dir: Path, page: Path) -> PurePosixPath:
    """Where a page of the offline build lives online: `model/roles.html` -> `model/roles/`."""
    relative = PurePosixPath(page.relative_to(site_dir).as_posix())
    if relative.name == "index.html" or relative.name == "404.html":
        return relative.parent
    return relative.with_suffix("")


def offline_link(site_dir: Path, page: Path, url: str) -> str | None:
    """`url` (a link on `page`, without query or fragment) rewritten to open a file from disk;
    None when it already does, or when no file answers it."""
    if not url or url.startswith("//"):
        return None
    here = PurePosixPath(page.parent.relative_to(site_dir).as_posix())
    absolute = url.startswith("/")  # the 404 pages link from the site's root
    if absolute:
        bases = [PurePosixPath(".")]
        url = url.lstrip("/") or "."
    else:
        bases = [here, online_address(site_dir, page)]
    for n, base in enumerate(bases):
        target = _file_for(site_dir, os.path.normpath((base / url).as_posix()))
        if target is not None:
            if n == 0 and not absolute and not url.endswith("/") and target == (site_dir / here / url).resolve():
                return None  # already a file from this page
            return os.path.relpath(target, page.parent.resolve()).replace(os.sep, "/")
    return None


def relink(site_dir: Path) -> int:
    """Point every link of every page of the offline build at a file; returns how many changed."""
    site_dir = site_dir.resolve()
    changed = 0
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")

        def fix(match: re.Match[str], page: Path = page) -> str:
            nonlocal changed
            rewritten = offline_link(site_dir, page, match.group("url"))
            if rewritten is None:
                return match.group(0)
            changed += 1
            return f'{match.group("attr")}="{rewritten}{match.group("rest") or ""}"'

        relinked = _LINK.sub(fix, text)
        if relinked != text:
            page.write_text(relinked, encoding="utf-8")
    return changed


def build_offline(config_file: Path, out: Path, env: dict[str, str]) -> None:
    """The offline build of the project whose mkdocs.yml is `config_file`, HTML only, into `out`."""
    env = {**env, "KK_OFFLINE": "true", "KK_PDF": "0", "KK_PRECOMPRESS": "0", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_file), "-d", str(out)]
    result = subprocess.run(command, cwd=config_file.parent, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise OfflineError(f"the offline edition's build failed:\n{result.stdout}{result.stderr}".rstrip())


def copy_books(site_dir: Path, offline_dir: Path) -> list[Path]:
    """The site's PDF books, at the same places in the offline edition."""
    copied = []
    for book in sorted(site_dir.rglob("*.pdf")):
        target = offline_dir / book.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(book, target)
        copied.append(target)
    return copied


def zip_date() -> tuple[int, int, int, int, int, int]:
    """The files' date in the ZIP: SOURCE_DATE_EPOCH when set (reproducible), else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    moment = max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))  # the ZIP format starts in 1980
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def write_zip(folder: Path, target: Path) -> int:
    """Zip `folder` as FOLDER/… (files sorted, one date, no .gz copies); returns the ZIP's size."""
    date = zip_date()
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".gz"):
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(folder).as_posix()}", date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(target)
    return target.stat().st_size


def page_lang(site_dir: Path, page: Path) -> Lang:
    first = page.relative_to(site_dir).parts[0]
    return next((lang for lang in LANGS if page_prefix(lang) and first == page_prefix(lang).strip("/")), LANGS[0])


def fill_download_links(site_dir: Path, size: int) -> list[Path]:
    """Write the ZIP's size into every download link of the site (and its .gz copy); returns
    the pages changed."""
    changed = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if SIZE_PLACEHOLDER not in text:
            continue
        label = f", {size_label(size, page_lang(site_dir, page))}"
        # The placeholder is only ever inside the ZIP's download links (footer, about page).
        filled = text.replace(SIZE_PLACEHOLDER, label)
        if filled != text:
            page.write_text(filled, encoding="utf-8")
            compressed = page.with_name(page.name + ".gz")
            if compressed.is_file():
                compressed.write_bytes(gzip_bytes(filled.encode("utf-8")))
            changed.append(page)
    return changed


def unlink_downloads(pages: Iterable[Path]) -> None:
    """In the offline edition the ZIP is not there: its links become their words."""
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if ZIP_NAME in text:
            page.write_text(_DOWNLOAD_LINK.sub(lambda m: m.group(2).replace(SIZE_PLACEHOLDER, ""), text), "utf-8")


def make(config_file: Path, site_dir: Path, env: dict[str, str] | None = None) -> Path:
    """Build the offline edition of the project beside the finished site and write its ZIP into
    the site, with its size in the site's download links. Returns the ZIP."""
    with tempfile.TemporaryDirectory(prefix="ksiega-offline-") as tmp:
        offline_dir = Path(tmp) / FOLDER
        build_offline(config_file, offline_dir, dict(env if env is not None else os.environ))
        copy_books(site_dir, offline_dir)
        relink(offline_dir)
        unlink_downloads(offline_dir.rglob("*.html"))
        size = write_zip(offline_dir, site_dir / ZIP_NAME)
    fill_download_links(site_dir, size)
    return site_dir / ZIP_NAME
