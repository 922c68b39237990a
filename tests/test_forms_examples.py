"""Filled examples of the form templates for the fictional Gmina Przykładowo (data/examples/):
the Word files without a build, the built pages, and one file opened by LibreOffice.

Every expected value comes from the data; the notice that the gmina is fictional is on every
page and in every Word file.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader
from sitepages import content, doc, pdf_outline, text

from ksiega.core.handbook import Handbook, load_handbook
from ksiega.core.lang import LANGS
from ksiega.core.strings import ui
from ksiega.features import forms
from ksiega.features.forms.values import date_in, text_in


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return load_handbook()


@pytest.fixture(scope="module")
def word(handbook: Handbook) -> dict[str, bytes]:
    return forms.files(handbook)


def printed(handbook: Handbook, example: dict[str, Any], lang: str) -> list[str]:
    """Every text and date value of the example as a reader sees it printed, in one language."""
    form = next(f for f in forms.all_forms(handbook) if f["id"] == example["form"])
    kinds = {f["id"]: f["type"] for s in form["sections"] for f in s.get("fields", [])}
    words = ui(handbook, "form-sheet", lang)
    out = []
    for sheet in example["sheets"]:
        for field_id, value in sheet["values"].items():
            if kinds[field_id] == "date":
                out.append(date_in(value, words))
            elif kinds[field_id] == "table":
                out += [text_in(c, lang) for row in value for c in row if c is not None and not isinstance(c, bool)]
            elif kinds[field_id] in ("text", "long-text"):
                out.append(text_in(value, lang))
    return [" ".join(v.split()) for v in out]


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(texts).split())


def test_the_handbook_has_the_examples_the_brief_asks_for(handbook: Handbook) -> None:
    examples = {e["id"]: e for e in forms.all_examples(handbook)}
    assert {"gmina-powiat-agreement", "zzk-minutes", "basket", "cooperation-plan", "plan-monitoring"} <= set(examples)
    assert examples["basket"]["form"] == "service-card" and len(examples["basket"]["sheets"]) == 10


@pytest.mark.parametrize("lang", LANGS)
def test_word_files_hold_the_notice_and_every_value(handbook: Handbook, word: dict[str, bytes], lang: str) -> None:
    notice = ui(handbook, "forms", lang)["example_notice"]
    for example in forms.all_examples(handbook):
        body = docx_text(word[f"tools/forms/examples/{example['id']}.{lang}.docx"])
        assert body.count(notice) == len(example["sheets"]), example["id"]  # on every sheet
        missing = [value for value in printed(handbook, example, lang) if value not in body]
        assert missing == [], example["id"]


def test_a_ticked_option_is_ticked_in_the_word_file(handbook: Handbook, word: dict[str, bytes]) -> None:
    agreement = next(e for e in forms.all_examples(handbook) if e["id"] == "gmina-powiat-agreement")
    form = next(f for f in forms.all_forms(handbook) if f["id"] == "gmina-powiat-agreement")
    options = next(f for s in form["sections"] for f in s.get("fields", []) if f["id"] == "form")["options"]
    chosen = agreement["sheets"][0]["values"]["form"]
    body = docx_text(word["tools/forms/examples/gmina-powiat-agreement.pl.docx"])
    for number, option in enumerate(options, start=1):
        mark = "☒" if number == chosen else "☐"
        assert f"{mark} {' '.join(option['pl'].split())}" in body  # docx_text squashes the spaces


def test_the_blank_templates_print_no_values_and_no_english_id_on_polish_sheets(
    handbook: Handbook, word: dict[str, bytes]
) -> None:
    notice = ui(handbook, "forms", "pl")["example_notice"]
    for form in forms.all_forms(handbook):
        body = docx_text(word[f"tools/forms/{form['id']}.pl.docx"])
        assert notice not in body and "☒" not in body
        assert f"· {form['id']} ·" not in body


# --- The built pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_example_pages_show_the_notice_and_the_values(built_site: Path, handbook: Handbook, lang: str) -> None:
    prefix = "" if lang == "pl" else "en/"
    notice = ui(handbook, "forms", lang)["example_notice"]
    index = content(built_site, f"{prefix}tools/forms/")
    for example in forms.all_examples(handbook):
        url = f"{prefix}tools/forms/examples/{example['id']}/"
        article = content(built_site, url)
        assert text(article.cssselect("h1")[0]).rstrip("¶").strip() == example["title"][lang]
        assert notice in text(article.cssselect(".admonition")[0])
        assert len(article.cssselect(".kk-form__notice")) == len(example["sheets"])
        body = text(article)
        missing = [value for value in printed(handbook, example, lang) if value not in body]
        assert missing == [], url
        ids = [e.get("id") for e in article.cssselect("[id]")]
        assert len(ids) == len(set(ids)), f"{url}: an element id is used twice"
        assert any(a.get("href") == f"examples/{example['id']}/" for a in index.cssselect("a")), example["id"]
        assert (built_site / url / f"../{example['id']}.docx").resolve().is_file()


def test_libreoffice_opens_the_basket_with_its_notice_on_every_card(
    built_site: Path, handbook: Handbook, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice Writer is not installed: run scripts/setup --test", pytrace=False)
    source = tmp_path / "basket.pl.docx"
    shutil.copyfile(built_site / "tools/forms/examples/basket.docx", source)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    result = subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    reader = PdfReader(tmp_path / "pdf" / "basket.pl.pdf")
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    notice = ui(handbook, "forms", "pl")["example_notice"]
    basket = next(e for e in forms.all_examples(handbook) if e["id"] == "basket")
    assert sum(page.count(notice) for page in pages) == len(basket["sheets"])
    for sheet in basket["sheets"]:
        assert any(sheet["values"]["name"]["pl"] in page for page in pages)


@pytest.mark.parametrize("lang", LANGS)
def test_the_baskets_contents_list_each_card_by_its_service(built_site: Path, handbook: Handbook, lang: str) -> None:
    """Ten cards of one form: the page's table of contents and the book's outline name each
    card by its service, once, and never repeat the form's section titles."""
    basket = next(e for e in forms.all_examples(handbook) if e["id"] == "basket")
    services = [text_in(sheet["values"][basket["sheet_title"]], lang) for sheet in basket["sheets"]]
    prefix = "" if lang == "pl" else "en/"
    toc = doc(built_site, f"{prefix}tools/forms/examples/basket/").cssselect("nav.md-nav--secondary")[0]
    assert [text(a) for a in toc.cssselect("a")] == services
    book = built_site / f"{prefix}ksiega-kooperacji.{lang}.pdf"
    annexes = dict(pdf_outline(book))[ui(handbook, "pdf", lang)["annexes"]]
    assert [title for title, _ in dict(annexes)[basket["title"][lang]]] == services
