"""The example local edition built (python -m ksiega build --local local/example, both
languages, with both PDF books) and read as a reader: the section's pages, the stale card,
Polish-only text, the gmina's copies of the forms (Word files, LibreOffice), the checklists
opened with the gmina's variant, the books' cover, outline and text, and in Debian's Chromium
the basket: the complete list without JavaScript, the filters, a deep link, and axe.

The build runs on a copy of the project, so the working tree's docs/ is never touched, once per
run, with KK_TODAY fixed (staleness does not depend on the day the tests run). Expected
results come from the data (ksiega.features.local.expected_ids), never from a list in the test."""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import QuietServer, StaticHostHandler, once_per_run
from docx import Document
from docx.oxml.ns import qn
from lxml import html as lxml_html
from pypdf import PdfReader
from sitepages import axe_violations, content, doc, pdf_outline, text

from ksiega import local
from ksiega.core.handbook import Handbook, load_handbook
from ksiega.core.lang import LANGS
from ksiega.core.strings import ui
from ksiega.features import checklists
from ksiega.features import local as feature
from ksiega.toolkit import local_forms

# Every test here needs the local build (left out by scripts/test --quick).
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-12-01"
VISIBLE_IDS = "() => [...document.querySelectorAll('[data-kk-card]')].filter(c => !c.hidden).map(c => c.dataset.kkCard)"
COPY = ("data", "docs", "hooks", "overrides", "local", "mkdocs.yml")


@pytest.fixture(scope="session")
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example edition built once per run with the CLI from a copy of the project, with both
    PDF books. KK_LOCAL_SITE=<folder> reuses one built before (`python -m ksiega build --local
    local/example` with KK_TODAY=2026-12-01) while you work on these tests; CI never sets it."""
    if os.environ.get("KK_LOCAL_SITE"):
        return Path(os.environ["KK_LOCAL_SITE"]).resolve()
    return once_per_run(tmp_path_factory, "local-site", build_local_site)


def build_local_site(folder: Path) -> Path:
    project = folder / "project"
    project.mkdir()
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, project / name, ignore=shutil.ignore_patterns("local", "*.docx") if name == "docs" else None
            )
        else:
            shutil.copy2(source, project / name)
    # The package itself is not copied: the build imports it from this checkout.
    (project / "ksiega").symlink_to(ROOT / "ksiega", target_is_directory=True)
    out = project / "site"
    env = {**os.environ, "KK_TODAY": TODAY, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1763856000"}
    for name in ("KK_LOCAL", "KK_PDF"):
        env.pop(name, None)
    cmd = [
        sys.executable,
        "-m",
        "ksiega",
        "--root",
        str(project),
        "build",
        "--local",
        str(project / "local" / "example"),
    ]
    result = subprocess.run(
        [*cmd, "--site-dir", str(out)], cwd=project, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"local build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    # The stale card is a warning the build prints, not an error.
    assert "WARNING (local edition) local/example/services.yml: entry 'pomoc-sasiedzka'" in result.stderr
    return out


@pytest.fixture(scope="module")
def example() -> Handbook:
    national = load_handbook(ROOT)
    return dataclasses.replace(national, local=local.load_local(national, ROOT / "local" / "example"))


def test_the_section_is_in_the_navigation_in_both_languages(local_site: Path) -> None:
    pl = text(doc(local_site, "").xpath("//nav[contains(@class, 'md-nav--primary')]")[0])
    en = text(doc(local_site, "en/").xpath("//nav[contains(@class, 'md-nav--primary')]")[0])
    assert "Nasza gmina" in pl and "Our gmina" not in pl
    assert "Our gmina" in en


def test_service_cards_stay_out_of_the_navigation_and_are_linked_from_the_basket(
    local_site: Path, example: Handbook
) -> None:
    """A big gmina's basket holds hundreds of cards: the navigation lists the basket, not each
    card (every page would list them all); the basket and the printable sheet link each card."""
    for prefix in ("", "en/"):
        nav = doc(local_site, f"{prefix}local/basket/").xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
        hrefs = [a.get("href", "") for a in nav.iter("a")]
        assert any(h.rstrip("/").endswith("basket") for h in hrefs)
        cards = tuple(f"services/{service['id']}/" for service in example.local["services"])
        assert not [h for h in hrefs if h.endswith(cards)]
        # A card's navigation is the whole navigation (rendered once for all cards: kk_once).
        navs = [
            lxml_html.tostring(
                doc(local_site, f"{prefix}local/services/{s['id']}/").cssselect("nav.md-nav--primary")[0]
            )
            for s in example.local["services"][:2]
        ]
        assert navs[0] == navs[1]
        card_hrefs = [a.get("href", "") for a in lxml_html.fromstring(navs[0]).iter("a")]
        pages_linked = [h for h in hrefs if not h.startswith("#")]  # the basket's own headings aside
        assert len(card_hrefs) == len(pages_linked) and any(h.rstrip("/").endswith("basket") for h in card_hrefs)
        for base in ("local/basket/", "local/who-offers-what/"):
            links = {a.get("href") for a in content(local_site, f"{prefix}{base}").iter("a")}
            for service in example.local["services"]:
                assert f"../services/{service['id']}/" in links, (prefix, base, service["id"])


def test_every_service_has_its_page_in_both_languages(local_site: Path, example: Handbook) -> None:
    for service in example.local["services"]:
        for prefix in ("", "en/"):
            page = content(local_site, f"{prefix}local/services/{service['id']}/")
            assert text(page.xpath("//h1")[0]).startswith(service["name"]["pl" if not prefix else "en"][:10])


def test_the_stale_card_is_flagged_for_the_reader(local_site: Path) -> None:
    page = text(content(local_site, "local/services/pomoc-sasiedzka/"))
    assert "Do sprawdzenia" in page
    assert "sprawdzono je 10 marca 2026" in page
    basket = content(local_site, "en/local/basket/")
    flagged = [li.get("data-kk-card") for li in basket.xpath("//li[@data-kk-card][.//*[@data-kk-stale]]")]
    assert flagged == ["pomoc-sasiedzka"]


def test_polish_only_text_is_marked_polish_on_the_english_page(local_site: Path) -> None:
    page = content(local_site, "en/local/services/pomoc-sasiedzka/")
    spans = page.xpath("//span[@lang='pl']")
    assert [text(s) for s in spans] == ["według grafiku wolontariuszy, zwykle w dni robocze przed południem"]


def test_the_logo_is_published_beside_the_pages(local_site: Path) -> None:
    assert (local_site / "local" / "logo.svg").read_bytes() == (ROOT / "local" / "example" / "logo.svg").read_bytes()
    assert content(local_site, "local/").xpath("//img[contains(@src, 'logo.svg')]")


# --- The gmina's own copies of the forms ------------------------------------------------------------


def prefix(lang: str) -> str:
    return "" if lang == "pl" else "en/"


def word_texts(path: Path) -> list[str]:
    """Every paragraph of a Word file (table cells included), as a reader sees it."""
    body = Document(path).element.body
    return [" ".join("".join(t.text or "" for t in p.iter(qn("w:t"))).split()) for p in body.iter(qn("w:p"))]


@pytest.mark.parametrize("lang", LANGS)
def test_the_gminas_copies_of_the_forms_print_only_institutions_names(
    local_site: Path, example: Handbook, lang: str
) -> None:
    """Against the blank template in the same site: what a copy adds is the line naming the gmina
    and its publisher (with the fictional notice) and institutions' names; nothing about a person."""
    names = {key: value[lang] for key, value in local_forms.names(example.local).items()}
    members = [name[lang] for name in local_forms.member_names(example.local)]
    fictional = ui(example, "forms", lang)["example_notice"]
    notice = f"{names['gmina']} · {names['publisher']} · {fictional}"
    copies = local_forms.copied_forms(example)
    assert {form["id"] for form in copies} == {
        "gmina-powiat-agreement",
        "cooperation-plan",
        "zzk-referral",
        "pzk-minutes",
    }
    added = {}
    for form in copies:
        copy = word_texts(local_site / f"{prefix(lang)}tools/forms/local/{form['id']}.docx")
        blank = word_texts(local_site / f"{prefix(lang)}tools/forms/{form['id']}.docx")
        added[form["id"]] = [line for line in copy if line not in blank]
        assert added[form["id"]][0] == notice, form["id"]
        assert set(added[form["id"]][1:]) <= {*names.values(), *members}, form["id"]
    assert {names["gmina"], names["powiat"], names["publisher"]} <= set(added["gmina-powiat-agreement"])
    assert added["pzk-minutes"][1:] == members  # one row per member of the partnership, in order


def test_the_local_section_links_the_copies_in_both_languages(local_site: Path, example: Handbook) -> None:
    for lang in LANGS:
        index = content(local_site, f"{prefix(lang)}local/")
        hrefs = [a.get("href") for a in index.xpath("//h2[@id='forms']/following-sibling::ul[1]//a")]
        forms = local_forms.copied_forms(example)
        assert hrefs == [f"../tools/forms/local/{form['id']}/" for form in forms]
        page = content(local_site, f"{prefix(lang)}tools/forms/local/{forms[0]['id']}/")
        assert local_forms.names(example.local)["gmina"][lang] in text(page.xpath("//h1")[0])
        assert page.xpath("//a[@download][contains(@href, '.docx')]")
        assert ui(example, "forms", lang)["example_notice"] in text(page)


def test_the_national_build_has_no_local_copies(built_site: Path) -> None:
    assert not (built_site / "tools" / "forms" / "local").exists()
    assert not (built_site / "en" / "tools" / "forms" / "local").exists()
    assert not list(built_site.rglob("local/*"))


def test_libreoffice_opens_a_local_copy(local_site: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice Writer is not installed: run scripts/setup --test", pytrace=False)
    source = tmp_path / "pzk-minutes.docx"
    shutil.copyfile(local_site / "tools" / "forms" / "local" / "pzk-minutes.docx", source)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    result = subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    words = " ".join(page.extract_text() for page in PdfReader(tmp_path / "pzk-minutes.pdf").pages)
    assert "Gminny Ośrodek Pomocy Społecznej w Przykładowie" in " ".join(words.split())


# --- The gmina's variant in the checklists ---------------------------------------------------------

VISIBLE_ITEMS = (
    "() => [...document.querySelectorAll('li.kk-task')].filter(e => e.offsetParent).map(e => e.dataset.item)"
)


def filtered_list(handbook: Handbook) -> dict:
    """A checklist that has items for other variants than the gmina's (the test needs one)."""
    variant = handbook.local["variant"]
    return next(
        c
        for c in checklists.checklists(handbook)
        if len(checklists.visible_items(c, variant)) < len(checklists.visible_items(c, None))
    )


def test_every_checklist_names_the_gminas_variant_and_links_its_result(local_site: Path, example: Handbook) -> None:
    slug = {"urban": "miejska", "urban-rural": "miejsko-wiejska", "rural": "wiejska"}[example.local["variant"]]
    for lang in LANGS:
        for checklist in checklists.checklists(example):
            page = content(local_site, f"{prefix(lang)}tools/checklists/{checklist['id']}/")
            line = page.xpath("//p[a[contains(@href, 'variant-picker/')]]")
            assert line, checklist["id"]
            assert line[0].xpath("a/@href") == [f"../../variant-picker/{slug}/"]
            wanted = ui(example, "checklists", lang)["filter_options"][example.local["variant"]]
            assert wanted in text(line[0])


@pytest.mark.browser
def test_the_checklists_open_with_the_gminas_variant_and_all_stay_one_click_away(
    page: object, local_url: str, example: Handbook
) -> None:
    checklist = filtered_list(example)
    url = f"{local_url}tools/checklists/{checklist['id']}/"
    page.goto(url)
    page.wait_for_selector(f'#kk-checklist-{checklist["id"]}[data-ready="true"]')
    assert page.evaluate(VISIBLE_ITEMS) == checklists.visible_items(checklist, example.local["variant"])
    assert page.locator(f"#kk-variant-{checklist['id']}-{example.local['variant']}").is_checked()
    page.check(f"#kk-variant-{checklist['id']}-all")
    assert page.evaluate(VISIBLE_ITEMS) == checklists.visible_items(checklist, None)
    assert parse_qs(urlparse(page.url).query) == {"wariant": ["wszystkie"]}
    page.reload()  # "all variants" stays chosen: the address says so
    page.wait_for_selector(f'#kk-checklist-{checklist["id"]}[data-ready="true"]')
    assert page.evaluate(VISIBLE_ITEMS) == checklists.visible_items(checklist, None)
    page.goto(f"{url}?wariant=miejska")  # a link to another variant still wins
    page.wait_for_selector(f'#kk-checklist-{checklist["id"]}[data-ready="true"]')
    assert page.evaluate(VISIBLE_ITEMS) == checklists.visible_items(checklist, "urban")


@pytest.mark.browser
def test_without_javascript_the_local_checklist_shows_every_item(
    browser: object, local_url: str, example: Handbook
) -> None:
    checklist = filtered_list(example)
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(f"{local_url}tools/checklists/{checklist['id']}/")
        assert page.evaluate(VISIBLE_ITEMS) == checklists.visible_items(checklist, None)
    finally:
        ctx.close()


# --- The local edition's books ------------------------------------------------------------------------


def book_path(site: Path, lang: str) -> Path:
    return site / f"{prefix(lang)}ksiega-kooperacji.{lang}.pdf"


def pdf_text(path: Path) -> str:
    """The book's text as poppler reads it (pdftotext: much faster than pypdf on ~400 pages)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").replace("\u00a0", " ").split())


def outline_parts(path: Path) -> dict[str, list[str]]:
    """The outline's top level, each with its children's titles."""
    return {title: [child for child, _ in children] for title, children in pdf_outline(path)}


@pytest.mark.parametrize("lang", LANGS)
def test_the_local_book_names_the_edition_and_has_the_gmina_as_its_own_part(
    local_site: Path, example: Handbook, lang: str
) -> None:
    from ksiega import pdf

    path = book_path(local_site, lang)
    words = pdf_text(path)
    line = " ".join(pdf.local_edition_line(example, lang).replace("\u00a0", " ").split())
    assert line.upper() in words  # the cover prints it in capitals
    assert line in words  # the colophon
    section = ui(example, "local", lang)["section"]
    parts = outline_parts(path)
    assert section in parts  # a part of its own at the outline's top level, with its pages inside
    labels = ui(example, "local", lang)
    assert labels["partnership_title"] in parts[section]
    assert labels["basket_title"] in parts[section]
    # The service cards, out of the site's navigation, follow the basket in the book, in its order.
    titles = parts[section]
    after = titles.index(labels["basket_title"]) + 1
    names = [service["name"].get(lang, service["name"]["pl"]) for service in example.local["services"]]
    assert titles[after : after + len(names)] == names
    assert titles[after + len(names)] == labels["sheet_title"]


# --- The basket in the browser --------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_url(local_site: Path) -> Iterator[str]:
    handler = functools.partial(StaticHostHandler, directory=str(local_site))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def axe() -> object:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def open_basket(page: object, url: str, query: str = "", lang: str = "pl") -> None:
    page.goto(f"{url}{'en/' if lang == 'en' else ''}local/basket/{query}", wait_until="networkidle")
    page.wait_for_selector("form[data-kk-filters]:not([hidden])")


@pytest.mark.browser
def test_without_javascript_every_card_is_listed(browser: object, local_url: str, example: Handbook) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(f"{local_url}local/basket/")
        assert page.locator("[data-kk-card]:visible").count() == len(example.local["services"])
        assert not page.locator("form[data-kk-filters]").is_visible()
    finally:
        ctx.close()


@pytest.mark.browser
def test_filters_show_the_matching_cards_and_keep_them_in_the_address(
    page: object, local_url: str, example: Handbook
) -> None:
    open_basket(page, local_url)
    for name, value in (("sektor", "health"), ("grupa", "families"), ("koszt", "free"), ("czekanie", "none")):
        page.select_option(f"select[name={name}]", value)
        chosen = {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}
        assert page.evaluate(VISIBLE_IDS) == feature.expected_ids(example, chosen)
    assert chosen == {"sektor": "health", "grupa": "families", "koszt": "free", "czekanie": "none"}
    assert page.evaluate(VISIBLE_IDS) == ["punkt-konsultacyjny-gkrpa"]
    assert page.locator("[data-kk-count]").inner_text() == "Wyświetlane usługi: 1 z 10."
    page.click("[data-kk-clear]")
    assert urlparse(page.url).query == ""
    assert len(page.evaluate(VISIBLE_IDS)) == 10


@pytest.mark.browser
def test_a_deep_link_opens_the_basket_filtered(page: object, local_url: str, example: Handbook) -> None:
    open_basket(page, local_url, "?grupa=seniors&koszt=partly-paid", lang="en")
    assert page.evaluate(VISIBLE_IDS) == feature.expected_ids(example, {"grupa": "seniors", "koszt": "partly-paid"})
    assert page.evaluate(VISIBLE_IDS) == ["uslugi-opiekuncze"]
    assert page.locator("select[name=grupa]").input_value() == "seniors"
    assert page.locator("[data-kk-count]").inner_text() == "Services shown: 1 of 10."


@pytest.mark.browser
def test_the_basket_and_a_service_page_pass_axe(page: object, local_url: str, axe: object) -> None:
    open_basket(page, local_url, "?sektor=health")
    assert axe_violations(page, axe) == []
    page.goto(f"{local_url}en/local/services/pomoc-sasiedzka/", wait_until="networkidle")
    assert axe_violations(page, axe) == []


def test_the_offline_zip_carries_the_local_edition(local_site: Path, example: Handbook) -> None:
    """ksiega/offline: the ZIP beside a local edition is that edition, the section included."""
    with zipfile.ZipFile(local_site / "ksiega-kooperacji-offline.zip") as archive:
        names = set(archive.namelist())
        home = archive.read("ksiega-kooperacji/index.html").decode("utf-8")
    service = example.local["services"][0]["id"]
    for prefix in ("", "en/"):
        assert f"ksiega-kooperacji/{prefix}local/services/{service}.html" in names
    assert "Nasza gmina" in home
