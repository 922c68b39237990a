"""Form templates without MkDocs: the data, the one-language layout, reproducible Word files."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document

from ksiega.core.handbook import load_handbook
from ksiega.core.project import ROOT as ROOT_DIR
from ksiega.core.strings import read
from ksiega.features import forms
from ksiega.features.forms.docx import form_docx
from ksiega.features.forms.model import form_view
from ksiega.toolkit.text import ascii_slug

SHEET = read(ROOT_DIR, "form-sheet")  # the words printed on the sheets (data/strings/form-sheet.yml)

ROOT = Path(__file__).resolve().parents[1]
# The ids fixed in the cross-feature contract (other features link to these pages).
CONTRACT_IDS = {
    "cooperation-agreement",
    "pzk-declaration",
    "service-card",
    "family-consent",
    "zzk-minutes",
    "cooperation-plan",
    "plan-monitoring",
    "attendance-list",
    "family-feedback",
    # issue 17: the templates added for the implementation pack
    "closing-summary",
    "zzk-confidentiality",
    "information-sharing-record",
    "zzk-referral",
    "family-leaflet",
    "pzk-minutes",
    "gmina-powiat-agreement",
    "pzk-rules",
}
WHEN = datetime(2025, 11, 23, tzinfo=UTC)


@pytest.fixture(scope="module")
def handbook() -> object:
    return load_handbook(ROOT)


@pytest.fixture(scope="module")
def all_forms(handbook: object) -> list[dict]:
    return forms.all_forms(handbook)


def test_the_contract_forms_exist_one_file_each(all_forms: list[dict]) -> None:
    assert {form["id"] for form in all_forms} == CONTRACT_IDS
    for form in all_forms:
        assert (ROOT / "data" / "forms" / f"{form['id']}.yml").exists()


def test_every_form_says_it_is_a_proposal_to_adapt(all_forms: list[dict]) -> None:
    for form in all_forms:
        assert "propozycja przygotowana dla tej księgi" in form["adapt"]["pl"].lower(), form["id"]
        assert "proposal designed for this handbook" in form["adapt"]["en"].lower(), form["id"]


def test_consent_has_a_data_protection_clause_to_fill_in(all_forms: list[dict]) -> None:
    consent = next(form for form in all_forms if form["id"] == "family-consent")
    field_ids = {f["id"] for s in consent["sections"] for f in s.get("fields", [])}
    # controller, DPO contact, purpose, legal basis, recipients, retention: blanks, never assumed
    assert {"controller", "dpo", "data-purpose", "legal-basis", "recipients", "retention"} <= field_ids
    rights = next(s for s in consent["sections"] if s["id"] == "rights")
    assert len(rights["clauses"]["pl"]) == len(rights["clauses"]["en"]) >= 3


def test_layout_keeps_every_field_in_order(all_forms: list[dict]) -> None:
    for form in all_forms:
        for lang in ("pl", "en"):
            view = form_view(form, lang, SHEET[lang])
            expected = [f["id"] for s in form["sections"] for f in s.get("fields", [])]
            assert [f.id for f in view.fields()] == expected
            assert [f.label for f in view.fields()] == [
                f["label"][lang] for s in form["sections"] for f in s.get("fields", [])
            ]


def test_table_rows_follow_the_data(all_forms: list[dict]) -> None:
    for form in all_forms:
        tables = [f for s in form["sections"] for f in s.get("fields", []) if f["type"] == "table"]
        for data in tables:
            view_field = next(f for f in form_view(form, "pl", SHEET["pl"]).fields() if f.id == data["id"])
            labels = data.get("row_labels", {}).get("pl", [])
            assert len(view_field.rows) == data["rows"] + len(labels)
            assert len(view_field.columns) == len(data["columns"]) + (1 if data.get("numbered") else 0)
            printed = [cell.text for row in view_field.rows for cell in row if cell.kind == "label"]
            assert printed == labels
            if data.get("numbered"):
                assert [row[0].text for row in view_field.rows] == [str(n) for n in range(1, len(view_field.rows) + 1)]


def test_consecutive_one_line_fields_and_signatures_are_grouped(all_forms: list[dict]) -> None:
    view = form_view(next(f for f in all_forms if f["id"] == "pzk-declaration"), "pl", SHEET["pl"])
    signature_section = view.sections[-1]
    assert [block.kind for block in signature_section.blocks] == ["lines", "signatures"]
    assert len(signature_section.blocks[1].fields) == 2


def test_choice_hint_says_how_many_to_tick(all_forms: list[dict]) -> None:
    agreement = form_view(next(f for f in all_forms if f["id"] == "cooperation-agreement"), "en", SHEET["en"])
    hints = {f.id: f.hint for f in agreement.fields() if f.type == "choice"}
    assert hints == {"areas": "tick all that apply", "decisions": "tick one"}


def test_word_file_is_reproducible_and_dated_by_the_timestamp(all_forms: list[dict]) -> None:
    view = form_view(all_forms[0], "pl", SHEET["pl"])
    first = form_docx(view, timestamp=WHEN)
    assert form_docx(view, timestamp=WHEN) == first
    later = form_docx(view, timestamp=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert later != first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(2025, 11, 23, 0, 0, 0)}
    core = Document(io.BytesIO(first)).core_properties
    assert core.created == core.modified == WHEN


def test_build_timestamp_respects_source_date_epoch(handbook: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763856000")
    assert forms.build_timestamp(handbook) == datetime(2025, 11, 23, tzinfo=UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    updated = handbook.data["edition"]["updated"]
    assert forms.build_timestamp(handbook).date().isoformat() == updated


def test_download_names_have_no_diacritics() -> None:
    assert ascii_slug("Zgoda na udział we współpracy i przekazywanie informacji") == (
        "zgoda-na-udzial-we-wspolpracy-i-przekazywanie-informacji"
    )
    assert ascii_slug("Łódź – Żółć (ZZK)") == "lodz-zolc-zzk"


def test_generated_pages_cover_index_and_every_form_in_both_languages(handbook: object, all_forms: list[dict]) -> None:
    pages = forms.pages(handbook)
    examples = [e["id"] for e in forms.all_examples(handbook)]
    expected = {f"tools/forms/{name}.{lang}.md" for name in ["index", *CONTRACT_IDS] for lang in ("pl", "en")}
    expected |= {f"tools/forms/examples/{name}.{lang}.md" for name in examples for lang in ("pl", "en")}
    assert set(pages) == expected
    word = forms.files(handbook)
    documents = {f"tools/forms/{i}.{lang}.docx" for i in CONTRACT_IDS for lang in ("pl", "en")}
    documents |= {f"tools/forms/examples/{i}.{lang}.docx" for i in examples for lang in ("pl", "en")}
    assert set(word) == documents
    section = ["tools/forms/index.md"] + [f"tools/forms/{f['id']}.md" for f in all_forms]
    section += [f"tools/forms/examples/{name}.md" for name in examples]
    assert forms.nav(handbook) == {"tools/variant-picker.md": [{"Wzory dokumentów": section}]}


def test_schema_code_and_template_know_the_same_field_types() -> None:
    import json

    from ksiega.features.forms.model import _BLOCK_OF, FIELD_TYPES

    schema = json.loads((ROOT / "data" / "schemas" / "form.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["$defs"]["field"]["properties"]["type"]["enum"]) == FIELD_TYPES
    assert set(_BLOCK_OF) == set(FIELD_TYPES)
    template = (ROOT / "ksiega" / "features" / "forms" / "form.html").read_text(encoding="utf-8")
    for kind in set(_BLOCK_OF.values()):
        assert f'block.kind == "{kind}"' in template
