"""The PDF edition's assembly, without MkDocs: a small built site written by hand, in the shape
Material gives it (primary navigation on the home page, the page text in article.md-content__inner)."""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from ksiega import pdf
from ksiega.core.project import ROOT as ROOT_DIR
from ksiega.core.strings import read

PDF_WORDS = read(ROOT_DIR, "pdf")  # the PDF edition's words (data/strings/pdf.yml)

HOME_NAV = """
<nav class="md-nav md-nav--primary" aria-label="Nawigacja" data-md-level="0">
  <label class="md-nav__title" for="__drawer">Księga</label>
  <ul class="md-nav__list">
    <li class="md-nav__item md-nav__item--active">
      <label class="md-nav__link md-nav__link--active" for="__toc"><span>Start</span></label>
      <a href="." class="md-nav__link md-nav__link--active"><span class="md-ellipsis">Start</span></a>
      <nav class="md-nav md-nav--secondary"><ul class="md-nav__list">
        <li class="md-nav__item"><a href="#intro" class="md-nav__link">Wstęp</a></li>
      </ul></nav>
    </li>
    <li class="md-nav__item md-nav__item--section md-nav__item--nested">
      <div class="md-nav__link md-nav__container"><a href="model/" class="md-nav__link">Model</a></div>
      <nav class="md-nav" data-md-level="1"><label class="md-nav__title">Model</label>
        <ul class="md-nav__list">
          <li class="md-nav__item"><a href="model/teams/" class="md-nav__link">Zespoły</a></li>
        </ul>
      </nav>
    </li>
    <li class="md-nav__item md-nav__item--section md-nav__item--nested">
      <label class="md-nav__link" for="__nav_3">Narzędzia</label>
      <nav class="md-nav" data-md-level="1"><label class="md-nav__title" for="__nav_3">Narzędzia</label>
        <ul class="md-nav__list">
          <li class="md-nav__item"><a href="tools/forms/" class="md-nav__link">Wzory</a></li>
          <li class="md-nav__item"><a href="tools/forms/consent/" class="md-nav__link">Zgoda</a></li>
          <li class="md-nav__item"><a href="tools/checklist/" class="md-nav__link">Lista</a></li>
        </ul>
      </nav>
    </li>
    <li class="md-nav__item"><a href="about/sources/" class="md-nav__link">Źródła</a></li>
  </ul>
</nav>
"""

ARTICLES = {
    "": """
<h1 id="start">Start<a class="headerlink" href="#start">¶</a></h1>
<p id="lead">Zobacz <a href="model/teams/#pzk">PZK</a>, <a href="model/teams/#nope">brak kotwicy</a>,
<a href="model/teams/#zespoły">tytuł</a>, <a href="#intro">wstęp</a>, <a href="https://example.org/">stronę</a>,
<a href="tools/forms/consent/zgoda.docx">plik Word</a> i <a href="en/">English</a>.</p>
<h2 id="intro">Wstęp</h2>
<button type="button">Kliknij</button><input type="search" aria-label="Szukaj">
<div class="kk-screen-only">Tylko na ekranie</div><div data-kk-pdf="omit">Też nie</div>
<div hidden>Ukryte wyniki</div><script>alert(1)</script><noscript>Włącz JavaScript</noscript>
<details><summary>Więcej</summary><p>Rozwinięcie</p></details>
<p>Plan w domu i w szkole z rodziną.</p>
<p><img src="../assets/images/plan.png" alt="Plan"> <img src="diagram.svg"></p>
""",
    "model/": '<h1 id="model">Model</h1><p>Przegląd modelu.</p><h2 id="levels">Poziomy</h2>',
    "model/teams/": """
<h1 id="zespoły">Zespoły</h1>
<h2 id="pzk">PZK</h2>
<p>Fakt <sup class="kk-cite">[<a href="../../about/sources/#src-a">1</a>]</sup>.</p>
<h2 class="kk-page-sources" id="sources">Źródła</h2>
<ul><li><a href="../../about/sources/#src-a">1</a> Źródło A</li></ul>
""",
    "tools/forms/": '<h1 id="wzory">Wzory</h1><p><a href="consent/">Zgoda rodziny</a></p>',
    "tools/forms/consent/": (
        '<h1 id="zgoda">Zgoda</h1><p><a href="../consent.docx" download>Pobierz plik Word</a> '
        "<button hidden>Drukuj</button></p><table><tr><th>Imię</th><td></td></tr></table>"
    ),
    "tools/checklist/": """
<h1 id="lista">Lista</h1>
<form class="kk-checklist"><ul>
<li><label for="item-1"><input type="checkbox" id="item-1"> Zaproś partnerów</label></li>
<li><input type="checkbox" id="item-2" aria-describedby="hint"> <label for="item-2">Spisz usługi</label></li>
</ul><p id="hint">Zaznacz, co zrobione.</p><button type="reset">Wyczyść</button></form>
""",
    "about/sources/": '<h1 id="źródła">Źródła</h1><p class="kk-source" id="src-a">[1] Źródło A.</p>',
}

EDITION = {
    "edition": 1,
    "published": dt.date(2026, 11, 23),
    "updated": dt.date(2026, 11, 23),
    "legal_state": "2024-02-15",
    "title": {"pl": "Księga Kooperacji", "en": "Księga Kooperacji – the Cooperation Handbook"},
    "subtitle": {"pl": "Księga rekomendacyjna modelu w pomocy społecznej", "en": "Recommendation handbook"},
}


def _page(nav: str, article: str, lang: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="assets/stylesheets/main.min.css">'
        '<link rel="stylesheet" href="assets/kk/theme.0123456789.min.css">'
        '<link rel="stylesheet" href="assets/kk/components.0123456789.min.css">'
        "</head><body>"
        f'{nav}<main><article class="md-content__inner md-typeset">{article}</article></main>'
        '<footer><a id="kk-pdf-link" href="ksiega-kooperacji.pl.pdf">Pobierz (PDF<!--kk:pdf-size-->)</a></footer>'
        "</body></html>"
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for url, article in ARTICLES.items():
        path = root / url / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_page(HOME_NAV if url == "" else "", article, "pl"), encoding="utf-8")
    english_nav = (
        '<nav class="md-nav md-nav--primary"><ul class="md-nav__list">'
        '<li class="md-nav__item"><a href="." class="md-nav__link">Home</a></li></ul></nav>'
    )
    (root / "en").mkdir()
    (root / "en" / "index.html").write_text(
        _page(english_nav, '<h1 id="home">Home</h1><p>See <a href="../">Polish</a>.</p>', "en"), encoding="utf-8"
    )
    return root


def test_reading_order_comes_from_the_navigation(site: Path) -> None:
    entries = pdf.nav_entries(site, "pl")
    assert [(e.url, e.title, e.depth) for e in entries] == [
        ("", "Start", 0),
        ("model/", "Model", 0),
        ("model/teams/", "Zespoły", 1),
        (None, "Narzędzia", 0),
        ("tools/forms/", "Wzory", 1),
        ("tools/forms/consent/", "Zgoda", 1),
        ("tools/checklist/", "Lista", 1),
        ("about/sources/", "Źródła", 0),
    ]
    assert [e.url for e in pdf.nav_entries(site, "en")] == [""]


def test_chapters_in_reading_order_with_annexes_last(site: Path) -> None:
    chapters = pdf.load_chapters(site, "pl", PDF_WORDS["pl"])
    assert [(c.anchor, c.depth, c.part, c.annex) for c in chapters] == [
        ("kk-home", 0, False, 0),
        ("kk-model", 0, True, 0),
        ("kk-model-teams", 1, False, 0),
        ("kk-part-narzedzia", 0, True, 0),
        ("kk-tools-forms", 1, False, 0),
        ("kk-tools-checklist", 1, False, 0),
        ("kk-about-sources", 0, False, 0),
        ("kk-annexes", 0, True, 0),
        ("kk-tools-forms-consent", 1, False, 1),
    ]
    assert chapters[-2].title == "Załączniki"
    assert chapters[3].title == "Narzędzia"


def test_pages_out_of_the_navigation_follow_the_page_that_links_them(site: Path) -> None:
    """A page kept out of the navigation (a local basket's service card) is printed right after
    the page whose link is marked data-kk-book="follows", at its level, in link order, once."""
    teams = site / "model" / "teams" / "index.html"
    marked = (
        '<p><a href="b/" data-kk-book="follows">B</a> <a href="a/" data-kk-book="follows">A</a> '
        '<a href="b/" data-kk-book="follows">B again</a> <a href="../">Model</a></p>'
    )
    teams.write_text(teams.read_text(encoding="utf-8").replace("</article>", marked + "</article>"), encoding="utf-8")
    for name, title in (("a", "Karta A"), ("b", "Karta B")):
        path = site / "model" / "teams" / name / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(_page("", f'<h1 id="{name}">{title}</h1><p>Treść {name}.</p>', "pl"), encoding="utf-8")
    chapters = pdf.load_chapters(site, "pl", PDF_WORDS["pl"])
    order = [(c.url, c.title, c.depth) for c in chapters]
    assert order[2:5] == [
        ("model/teams/", "Zespoły", 1),
        ("model/teams/b/", "Karta B", 1),
        ("model/teams/a/", "Karta A", 1),
    ]
    assert [url for url, _, _ in order].count("model/teams/b/") == 1
    assert _links(chapters[2])["A"] == "#kk-model-teams-a"  # the card's link points inside the book
    assert not chapters[2].part  # the cards are its neighbours, not its section


def _links(chapter: pdf.Chapter) -> dict[str, str | None]:
    return {" ".join(a.text_content().split()): a.get("href") for a in chapter.body.iter("a", "span")}


def test_links_point_inside_the_book(site: Path) -> None:
    chapters = {c.anchor: c for c in pdf.load_chapters(site, "pl", PDF_WORDS["pl"])}
    links = _links(chapters["kk-home"])
    assert links["PZK"] == "#kk-model-teams--pzk"
    assert links["brak kotwicy"] == "#kk-model-teams"  # an unknown anchor: the chapter
    assert links["tytuł"] == "#kk-model-teams"  # the page title's own id: the chapter
    assert links["wstęp"] == "#kk-home--intro"
    assert links["stronę"] == "https://example.org/"
    assert links["plik Word"] is None and links["English"] is None  # files, other language: text
    # A paragraph that only offers a file to download is left out.
    assert "Pobierz plik Word" not in chapters["kk-tools-forms-consent"].body.text_content()
    assert "kk-external" in chapters["kk-home"].body.cssselect("a[href^=http]")[0].get("class")
    cite = chapters["kk-model-teams"].body.cssselect("sup.kk-cite a")[0]
    assert cite.get("href") == "#kk-about-sources--src-a"
    assert _links(chapters["kk-tools-forms"])["Zgoda rodziny"] == "#kk-tools-forms-consent"
    english = pdf.load_chapters(site, "en", PDF_WORDS["en"])
    assert _links(english[0])["Polish"] is None


def test_ids_are_unique_and_every_link_has_a_target(site: Path) -> None:
    book = lxml_html.fromstring(pdf.book_html(site, "pl", EDITION, PDF_WORDS["pl"]).encode())
    ids = [e.get("id") for e in book.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) == len(set(ids))
    for link in book.cssselect('a[href^="#"]'):
        assert link.get("href")[1:] in ids, link.get("href")
    for element in book.cssselect("[for], [aria-describedby]"):
        for ref in (element.get("for") or element.get("aria-describedby")).split():
            assert ref in ids, ref
    chapter_titles = [h.get("id") for h in book.cssselect("section.kk-chapter h1")]
    assert chapter_titles[:3] == ["kk-home", "kk-model", "kk-model-teams"]


def test_screen_only_parts_are_left_out_and_widgets_printed(site: Path) -> None:
    book = lxml_html.fromstring(pdf.book_html(site, "pl", EDITION, PDF_WORDS["pl"]).encode())
    words = " ".join(book.text_content().split())
    for gone in ("Kliknij", "Tylko na ekranie", "Też nie", "Ukryte wyniki", "alert", "Włącz JavaScript", "Wyczyść"):
        assert gone not in words
    assert not book.cssselect("button, script, input, noscript, form, a.headerlink")
    assert book.cssselect("details")[0].get("open") is not None
    tasks = book.cssselect("li.kk-task")
    assert len(tasks) == 2
    assert [t.cssselect(".kk-box")[0].text for t in tasks] == ["☐", "☐"]
    assert "Zaproś partnerów" in tasks[0].text_content()
    images = book.cssselect("img")
    assert [i.get("src") for i in images] == ["assets/images/plan.png", "diagram.svg"]
    assert [i.get("alt") for i in images] == ["Plan", ""]


def test_cover_contents_and_annexes(site: Path) -> None:
    book = lxml_html.fromstring(pdf.book_html(site, "pl", EDITION, PDF_WORDS["pl"]).encode())
    assert book.get("lang") == "pl"
    cover = " ".join(book.cssselect(".kk-cover")[0].text_content().split())
    assert "Wydanie 1 · 23 listopada 2026" in cover
    colophon = " ".join(book.cssselect(".kk-cover-colophon")[0].text_content().split())
    assert "opisują stan prawny na 15 lutego 2024 r." in colophon  # the legal state from data/edition.yml
    assert "Księga rekomendacyjna modelu w\xa0pomocy społecznej" in book.cssselect(".kk-cover-subtitle")[0].text
    contents = [" ".join(li.text_content().split()) for li in book.cssselect(".kk-toc li")]
    # Parts and chapters, annexes last (sections are bookmarks only).
    assert contents == [
        "Start",
        "Model",
        "Zespoły",
        "Narzędzia",
        "Wzory",
        "Lista",
        "Źródła",
        "Załączniki",
        "Załącznik 1. Zgoda",
    ]
    hrefs = [a.get("href") for a in book.cssselect(".kk-toc a")]
    assert hrefs[:3] == ["#kk-home", "#kk-model", "#kk-model-teams"]
    assert "kk-divider" in book.cssselect("#kk-annexes")[0].getparent().get("class")
    assert book.cssselect(".kk-annex .kk-annex-label")[0].text == "Załącznik 1"
    assert book.cssselect("meta[name='dcterms.modified']")[0].get("content") == "2026-11-23T00:00:00Z"


def test_polish_one_letter_words_stay_with_the_next_word(site: Path) -> None:
    chapters = pdf.load_chapters(site, "pl", PDF_WORDS["pl"])
    pdf.bind_single_letters(chapters[0].body)
    assert "Plan w\xa0domu i\xa0w\xa0szkole z\xa0rodziną." in chapters[0].body.text_content()
    assert pdf.tie("kooperacji w pomocy", "pl") == "kooperacji w\xa0pomocy"
    assert pdf.tie("a cat in a box", "en") == "a cat in a box"


def test_metadata_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763856000")
    assert pdf.build_time(EDITION) == dt.datetime(2025, 11, 23, tzinfo=dt.UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert pdf.build_time(EDITION) == dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def test_labels_in_the_readers_language() -> None:
    assert pdf.size_label(1_234_567, "pl") == "1,2\xa0MB"
    assert pdf.size_label(1_234_567, "en") == "1.2\xa0MB"
    assert pdf.size_label(612_102, "pl") == "612\xa0kB"
    assert pdf.long_date(dt.date(2026, 3, 1), "pl") == "1 marca 2026"
    assert pdf.long_date(dt.date(2026, 3, 1), "en") == "1 March 2026"
    assert '"Strona " counter(page) " z " counter(pages)' in pdf.page_css(PDF_WORDS["pl"])
    assert '"Page " counter(page) " of " counter(pages)' in pdf.page_css(PDF_WORDS["en"])


def test_download_links_get_the_size_of_their_language(site: Path) -> None:
    (site / "en" / "index.html").write_text(
        '<a id="kk-pdf-link" href="ksiega-kooperacji.en.pdf">Download (PDF<!--kk:pdf-size-->)</a>', encoding="utf-8"
    )
    changed = pdf.fill_download_links(site, {"pl": 1_500_000, "en": 900_000})
    assert changed == len(ARTICLES) + 1
    assert "Pobierz (PDF, 1,5\xa0MB)" in (site / "model" / "index.html").read_text(encoding="utf-8")
    assert "Download (PDF, 900\xa0kB)" in (site / "en" / "index.html").read_text(encoding="utf-8")


def test_the_book_uses_the_features_stylesheets(site: Path) -> None:
    # The pages' own links (relative to the home page); Material's and the theme's base are left out.
    assert pdf.feature_stylesheets(site, "pl") == [site / "assets" / "kk" / "components.0123456789.min.css"]
    book = lxml_html.fromstring(pdf.book_html(site, "pl", EDITION, PDF_WORDS["pl"]).encode())
    assert all("md-typeset" in s.get("class") for s in book.cssselect("section.kk-chapter"))


def test_citations_stay_with_the_word_before_them(site: Path) -> None:
    chapter = {c.anchor: c for c in pdf.load_chapters(site, "pl", PDF_WORDS["pl"])}["kk-model-teams"]
    pdf.bind_citations(chapter.body)
    assert "Fakt[1]." in chapter.body.text_content()


def test_feature_stylesheets_are_made_ready_for_the_book() -> None:
    css = """
    .x { border-bottom: 1px dotted #000; }
    .dotted-list { color: red; }
    @page kk-form { margin: 14mm; }
    @media print {
      body:has(.kk-form) { page: kk-form; }
      body:has(.kk-form) .md-typeset h1 { font-size: 17pt; }
      .kk-field { border-top: thin dotted; }
    }
    @media screen { .y { display: none; } }
    """
    ready = " ".join(pdf.print_ready(css).split())
    assert ".x { border-bottom: 1px dashed #000; }" in ready
    assert ".dotted-list { color: red; }" in ready  # class names are not values
    assert "@page" not in ready and ":has(" not in ready and "kk-form;" not in ready
    assert "@media print { .kk-field { border-top: thin dashed; } }" in ready
    assert "@media screen { .y { display: none; } }" in ready


RENDER = """
import pickle, sys
from pathlib import Path
from ksiega import pdf
site, edition, words, target = pickle.loads(Path(sys.argv[1]).read_bytes())
pdf.write_pdf(pdf.render_document(pdf.book_html(site, "pl", edition, words), site, "pl", words), target)
"""


def test_the_book_is_reproducible(site: Path, tmp_path: Path) -> None:
    """The same pages give the same bytes: rendered in two processes with different string hash
    seeds (set and dict orders) and SOURCE_DATE_EPOCH unset, so no clock or order leaks in."""
    (site / "assets" / "kk").mkdir(parents=True)
    (site / "assets" / "kk" / "components.0123456789.min.css").write_text(".kk-x{color:#123}", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    books = []
    for seed in ("1", "2"):
        args = tmp_path / f"args-{seed}.pickle"
        target = tmp_path / f"book-{seed}.pdf"
        args.write_bytes(pickle.dumps((site, EDITION, dict(PDF_WORDS["pl"]), target)))
        command = [sys.executable, "-c", RENDER, str(args)]
        subprocess.run(command, check=True, env={**env, "PYTHONHASHSEED": seed}, cwd=ROOT_DIR)
        books.append(target.read_bytes())
    root = PdfReader(io.BytesIO(books[0])).trailer["/Root"]
    assert "/StructTreeRoot" in root  # the tagged book, as the edition is written
    assert books[0] == books[1]


def test_page_references_are_computed_once_per_page_count() -> None:
    import pydyf

    pdf.page_references_once()
    document = pydyf.PDF()
    for _ in range(3):
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = document.page_references
    assert first == tuple(f"{kid} 0 R".encode() for kid in document.pages["Kids"][::3])
    assert document.page_references is first  # not rebuilt
    document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(document.page_references) == 4  # a new page is seen
