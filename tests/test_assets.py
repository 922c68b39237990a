"""What a reader downloads besides Material: two minified stylesheets, each feature's script only
on the pages that need it (deferred), the search index only when search is opened, and .gz
copies of the text files (ksiega/assets.py, hooks/assets.py, overrides/main.html)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from sitepages import doc, pages

from ksiega import assets, site
from ksiega.core.feature import THEME

# --- Without a build ----------------------------------------------------------------------------


def test_the_stylesheets_hold_every_declared_rule_minified() -> None:
    built = assets.build_bundle(site.FEATURES)
    components = built.files[built.components_css].decode("utf-8")
    for path in assets.component_stylesheets(site.FEATURES):
        source = (THEME / path).read_text(encoding="utf-8")
        assert assets.minify_css(source).strip() in components, path
    assert len(components) < sum(
        len((THEME / path).read_text(encoding="utf-8")) for path in assets.component_stylesheets(site.FEATURES)
    )
    assert "/*" not in components


def test_built_files_are_named_by_their_content() -> None:
    built = assets.build_bundle(site.FEATURES)
    again = assets.build_bundle(site.FEATURES)
    assert built.files == again.files
    for path, content in built.files.items():
        assert path.startswith(assets.BUNDLE_DIR)
        digest = path.rsplit("/", 1)[-1].split(".")[1]
        assert digest == assets.hashlib.sha256(content).hexdigest()[:10]


def test_a_changed_stylesheet_gets_a_new_name(tmp_path: Path) -> None:
    theme = tmp_path / "overrides"
    (theme / "assets").mkdir(parents=True)
    for folder in ("css", "js"):
        (theme / "assets" / folder).symlink_to(THEME / "assets" / folder)
    first = assets.build_bundle(site.FEATURES, theme)
    # A copy of the theme with one stylesheet changed.
    (theme / "assets" / "css").unlink()
    (theme / "assets" / "css").mkdir()
    for path in (THEME / "assets" / "css").glob("*.css"):
        (theme / "assets" / "css" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with (theme / assets.THEME_CSS).open("a", encoding="utf-8") as css:
        css.write("\n.kk-changed { color: #000 }\n")
    second = assets.build_bundle(site.FEATURES, theme)
    assert second.theme_css != first.theme_css
    assert second.components_css == first.components_css


def _page(src: str) -> object:
    handbook = site.prepare()
    return next(p for p in handbook.docs.pages if p.src == src)


def test_each_script_goes_only_where_its_feature_is_used() -> None:
    handbook = site.prepare()
    built = site.site_assets()
    picker = built.scripts["assets/js/variant-picker.js"]
    checklists = built.scripts["assets/js/checklists.js"]
    glossary = built.scripts["assets/js/glossary.js"]
    home = site.page_scripts(handbook, "index.pl.md")
    assert home == [glossary]
    assert picker in site.page_scripts(handbook, "tools/variant-picker.pl.md")
    assert picker not in site.page_scripts(handbook, "model/teams.pl.md")
    checklist_pages = [p.src for p in handbook.docs.pages if "checklist" in dict(p.markers())]
    assert checklist_pages
    assert all(checklists in site.page_scripts(handbook, src) for src in checklist_pages)
    assert site.page_scripts(handbook, None) == [glossary]


def test_precompressed_copies_are_reproducible(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>Zespół</p>" * 100, encoding="utf-8")
    (tmp_path / "small.css").write_text("p{}", encoding="utf-8")
    (tmp_path / "book.pdf").write_bytes(b"%PDF" * 500)
    assert assets.precompress(tmp_path) == 1
    first = (tmp_path / "a" / "index.html.gz").read_bytes()
    assets.precompress(tmp_path)
    assert (tmp_path / "a" / "index.html.gz").read_bytes() == first
    assert gzip.decompress(first) == (tmp_path / "a" / "index.html").read_bytes()
    assert not (tmp_path / "small.css.gz").exists() and not (tmp_path / "book.pdf.gz").exists()


# --- In the built site ----------------------------------------------------------------------------


def _links(built_site: Path, url: str) -> tuple[list[str], list[tuple[str, bool]]]:
    page = doc(built_site, url)
    css = [link.get("href") for link in page.cssselect('link[rel="stylesheet"]')]
    js = [(s.get("src"), s.get("defer") is not None) for s in page.cssselect("script[src]")]
    return css, js


def test_every_page_links_the_two_stylesheets_and_only_needed_scripts_deferred(built_site: Path) -> None:
    problems = []
    for url in pages(built_site):
        css, js = _links(built_site, url)
        ours = [href for href in css if "assets/kk/" in href]
        if len(ours) != 2:
            problems.append(f"/{url}: {len(ours)} handbook stylesheets")
        if any("assets/css/" in href for href in css):
            problems.append(f"/{url}: an unbundled stylesheet")
        page_js = [src for src, deferred in js if "assets/kk/page." in src and not deferred]
        if len(page_js) != 1:  # the page script runs before Material's bundle: not deferred
            problems.append(f"/{url}: {len(page_js)} page scripts")
        for src, deferred in js:
            if "assets/kk/" in src and not deferred and "assets/kk/page." not in src:
                problems.append(f"/{url}: {src} is not deferred")
            if "assets/js/" in src:
                problems.append(f"/{url}: an unminified script {src}")
    assert problems == []
    home_css, home_js = _links(built_site, "")
    assert all((built_site / href).is_file() for href in home_css if "assets/kk/" in href)
    assert not [src for src, _ in home_js if "variant-picker." in src]
    _css, picker_js = _links(built_site, "tools/variant-picker/")
    assert [src for src, _ in picker_js if "variant-picker." in src]


def test_text_files_have_identical_gzip_copies(built_site: Path) -> None:
    checked = 0
    for path in assets.compressible(built_site):
        if path.suffix == ".gz":
            continue
        copy = path.with_name(path.name + ".gz")
        assert copy.is_file(), path
        assert gzip.decompress(copy.read_bytes()) == path.read_bytes(), path
        checked += 1
    assert checked > 100
    assert (built_site / "search" / "search_index.json.gz").is_file()


@pytest.mark.browser
def test_the_search_index_is_fetched_only_when_search_opens(page: object, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("", "en/"):
        requested.clear()
        page.goto(site_url + path, wait_until="networkidle")
        assert not [url for url in requested if "search_index.json" in url], path
        with page.expect_response(lambda response: "search_index.json" in response.url, timeout=10000) as index:
            page.locator("input[data-md-component='search-query']").click()
        assert index.value.ok
        assert page.evaluate("() => window.kkSearchIndexRequested()")
    assert page.watch.failed == [] and page.watch.console_errors == []


def test_no_page_has_an_inline_script_or_event_handler(built_site: Path) -> None:
    """deploy/nginx.conf allows scripts from the site only: every script is a file (Material's
    inline helpers too, overrides/assets/js/page.js); JSON data blocks are not executed."""
    problems = []
    for url in pages(built_site):
        html = (built_site / url / "index.html").read_text(encoding="utf-8")
        for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S):
            if "src=" not in attributes and 'type="application/json"' not in attributes:
                problems.append(f"/{url}: inline script {body.strip()[:60]!r}")
            if "src=" in attributes and body.strip():
                problems.append(f"/{url}: a script with both src and a body")
        problems += [f"/{url}: {m}" for m in re.findall(r"\son[a-z]+=|javascript:", html)]
    for page in ("404.html", "en/404.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert 'data-md-scope="/"' in html and "<script>" not in html, page
    assert problems == []
