"""The form templates as readers get them from the built site: the printable pages, the index
and the Word files (opened with python-docx, checked part by part, converted by LibreOffice)."""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader
from sitepages import content, doc, text

from ksiega.core.handbook import load_handbook
from ksiega.features import forms

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = {"pl": "pl-PL", "en": "en-GB"}
EPOCH = 1763856000  # SOURCE_DATE_EPOCH of the session build (tests/conftest.py)


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# The source data, read straight from the YAML files (not through the code under test).
FORMS = {path.stem: _load(path) for path in sorted((ROOT / "data" / "forms").glob("*.yml"))}
CASES = [(form_id, lang) for form_id in FORMS for lang in LANGUAGES]


def prefix(lang: str) -> str:
    return "" if lang == "pl" else "en/"


def fields(form: dict) -> list[dict]:
    return [f for section in form["sections"] for f in section.get("fields", [])]


def required_texts(form: dict, lang: str) -> list[str]:
    """Every section title and field label of the form, and the printed parts of fields."""
    texts = [form["title"][lang]]
    for section in form["sections"]:
        texts.append(section["title"][lang])
        texts += section.get("clauses", {}).get(lang, [])
    for item in fields(form):
        texts.append(item["label"][lang])
        texts += [option[lang] for option in item.get("options", [])]
        texts += [column["label"][lang] for column in item.get("columns", [])]
        texts += item.get("row_labels", {}).get(lang, [])
    return texts


def squash(value: str) -> str:
    return " ".join(value.replace("\u00a0", " ").split())


def heading(element: object) -> str:
    """A heading's text without its permalink (¶)."""
    return text(element).removesuffix("¶").strip()


# --- The printable pages -------------------------------------------------------------------


@pytest.mark.parametrize(("form_id", "lang"), CASES)
def test_form_page_carries_every_field(built_site: Path, form_id: str, lang: str) -> None:
    form = FORMS[form_id]
    page = content(built_site, f"{prefix(lang)}tools/forms/{form_id}/")
    assert heading(page.cssselect("h1")[0]) == form["title"][lang]
    sheet = page.cssselect(".kk-form")[0]
    # The sheet prints its version, never its id: the id is English and the sheet may be Polish.
    meta, footer = text(sheet.cssselect(".kk-form__meta")[0]), text(sheet.cssselect(".kk-form__footer")[0])
    assert form["version"] in meta and form["version"] in footer
    assert form_id not in meta and form_id not in footer
    titles = [heading(h) for h in sheet.cssselect("h2.kk-form__title")]
    assert titles == [section["title"][lang] for section in form["sections"]]
    for item in fields(form):
        found = sheet.cssselect(f"#f-{item['id']}")
        assert len(found) == 1, f"{form_id} ({lang}): field {item['id']} is not on the page"
        element = found[0]
        assert squash(item["label"][lang]) in text(element)
        if item["type"] == "long-text":
            assert len(element.cssselect(".kk-ruled span")) == item.get("lines", 4)
        if item["type"] == "choice":
            options = [text(li) for li in element.cssselect("li")]
            assert options == [squash(o[lang]) for o in item["options"]]
            assert len(element.cssselect("li .kk-box")) == len(item["options"])
        if item["type"] == "checkbox":
            assert element.cssselect(".kk-box")
        if item["type"] == "signature":
            assert element.cssselect(".kk-signature__space")
        if item["type"] == "table":
            headers = [text(th) for th in element.cssselect("thead th")]
            number = ["Lp." if lang == "pl" else "No."] if item.get("numbered") else []
            assert headers == number + [squash(c["label"][lang]) for c in item["columns"]]
            rows = element.cssselect("tbody tr")
            labels = item.get("row_labels", {}).get(lang, [])
            assert len(rows) == item["rows"] + len(labels)
            assert [text(th) for th in element.cssselect("tbody th")] == [squash(label) for label in labels]
            ticks = sum(1 for c in item["columns"] if c.get("tick"))
            assert len(element.cssselect("tbody .kk-box")) == ticks * len(rows)


@pytest.mark.parametrize(("form_id", "lang"), CASES)
def test_form_page_says_it_is_a_proposal_and_gives_notes_and_sources(built_site: Path, form_id: str, lang: str) -> None:
    form = FORMS[form_id]
    page = content(built_site, f"{prefix(lang)}tools/forms/{form_id}/")
    intro = text(page.cssselect(".kk-form-intro")[0])
    assert squash(form["adapt"][lang]) in intro
    ids = [h.get("id") for h in page.cssselect("h2")]
    assert "notes" in ids and "when" in ids
    body = text(page)
    for note in form["legal_notes"][lang]:
        assert squash(note) in body
    cited = {a.get("href").rsplit("#", 1)[1] for a in page.cssselect("sup.kk-cite a")}
    assert cited == {source for fact in form.get("facts", []) for source in fact["sources"]}
    other = "en" if lang == "pl" else "pl"
    assert form["title"][other] not in body


@pytest.mark.parametrize(("form_id", "lang"), CASES)
def test_word_download_on_the_page_works(built_site: Path, form_id: str, lang: str) -> None:
    url = f"{prefix(lang)}tools/forms/{form_id}/"
    links = [a for a in content(built_site, url).cssselect("a[download]") if a.get("href").endswith(".docx")]
    assert len(links) == 1
    target = urljoin(f"/{url}", links[0].get("href")).lstrip("/")
    assert target == f"{prefix(lang)}tools/forms/{form_id}.docx"
    assert (built_site / target).is_file()
    assert re.fullmatch(r"[a-z0-9-]+\.docx", links[0].get("download"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_index_lists_every_form_with_both_downloads(built_site: Path, lang: str) -> None:
    url = f"{prefix(lang)}tools/forms/"
    page = content(built_site, url)
    for form_id, form in FORMS.items():
        found = page.cssselect(f"h3#{form_id}")
        assert found and heading(found[0]) == form["title"][lang]
        hrefs = {urljoin(f"/{url}", a.get("href")).lstrip("/") for a in page.cssselect("a")}
        assert f"{prefix(lang)}tools/forms/{form_id}/" in hrefs
        assert f"{prefix(lang)}tools/forms/{form_id}.docx" in hrefs
    navigation = text(doc(built_site, url).cssselect("nav.md-nav--primary")[0])
    for form in FORMS.values():
        assert form["title"][lang] in navigation


def test_tools_page_links_to_the_forms(built_site: Path) -> None:
    for lang in LANGUAGES:
        url = f"{prefix(lang)}tools/"
        hrefs = {urljoin(f"/{url}", a.get("href")).lstrip("/") for a in content(built_site, url).cssselect("a")}
        assert f"{prefix(lang)}tools/forms/" in hrefs


# --- The Word files --------------------------------------------------------------------------


def word_path(site: Path, form_id: str, lang: str) -> Path:
    return site / f"{prefix(lang)}tools/forms/{form_id}.docx"


def paragraph_texts(element: object) -> list[str]:
    return [squash("".join(t.text or "" for t in p.iter(qn("w:t")))) for p in element.iter(qn("w:p"))]


@pytest.mark.parametrize(("form_id", "lang"), CASES)
def test_word_file_has_every_label_and_title_in_its_language(built_site: Path, form_id: str, lang: str) -> None:
    form = FORMS[form_id]
    document = Document(word_path(built_site, form_id, lang))
    paragraphs = paragraph_texts(document.element.body)
    everything = "\n".join(paragraphs)
    for wanted in required_texts(form, lang):
        assert squash(wanted) in everything, f"{form_id}.{lang}.docx lacks {wanted!r}"
    other = "en" if lang == "pl" else "pl"
    for section in form["sections"]:
        if section["title"][other] != section["title"][lang]:
            assert squash(section["title"][other]) not in paragraphs
    # Real Word headings: the title is Heading 1, every section a Heading 2, in order.
    headings = [(p.style.name, squash(p.text)) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", squash(form["title"][lang]))] + [
        ("Heading 2", squash(s["title"][lang])) for s in form["sections"]
    ]


@pytest.mark.parametrize(("form_id", "lang"), CASES)
def test_word_tables_have_their_columns_and_empty_rows(built_site: Path, form_id: str, lang: str) -> None:
    document = Document(word_path(built_site, form_id, lang))
    grids = [t for t in document.tables if t._tbl.tblPr.style == "TableGrid"]
    headers = [[squash(c.text) for c in t.rows[0].cells] for t in grids]
    for item in (f for f in fields(FORMS[form_id]) if f["type"] == "table"):
        number = ["Lp." if lang == "pl" else "No."] if item.get("numbered") else []
        expected = number + [squash(c["label"][lang]) for c in item["columns"]]
        assert expected in headers, f"{form_id}.{lang}.docx: no table for {item['id']}"
        table = grids[headers.index(expected)]
        assert len(table.rows) == 1 + item["rows"] + len(item.get("row_labels", {}).get(lang, []))
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


@pytest.mark.parametrize(("form_id", "lang"), CASES)
def test_word_file_metadata_footer_and_language(built_site: Path, form_id: str, lang: str) -> None:
    form = FORMS[form_id]
    document = Document(word_path(built_site, form_id, lang))
    core = document.core_properties
    assert core.title == form["title"][lang]
    assert core.language == LANGUAGES[lang]
    assert core.created.timestamp() == core.modified.timestamp() == EPOCH
    assert core.identifier == f"ksiega-kooperacji:{form_id}:{form['version']}"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == LANGUAGES[lang]
    footer = document.sections[0].footer._element
    footer_text = " ".join(paragraph_texts(footer))
    assert form["version"] in footer_text and form_id not in footer_text  # the id is not printed
    instructions = {f.get(qn("w:instr")) for f in footer.iter(qn("w:fldSimple"))}
    assert instructions == {"PAGE", "NUMPAGES"}
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


# Child order of the property elements the exporter writes (ECMA-376 WordprocessingML): Word
# reports a damaged file when it meets them out of order.
ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
    "hideMark headers cellIns cellDel cellMerge tcPrChange",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc "
    "hidden ins del trPrChange",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange",
    "tcBorders": "top start left bottom end right insideH insideV tl2br tr2bl",
}


def _order_problems(root: etree._Element) -> list[str]:
    problems = []
    for parent, sequence in ORDER.items():
        rank = {qn(f"w:{name}"): i for i, name in enumerate(sequence.split())}
        for element in root.iter(qn(f"w:{parent}")):
            positions = [rank.get(child.tag, -1) for child in element]
            if -1 in positions or positions != sorted(positions) or len(set(positions)) != len(positions):
                problems.append(f"{parent}: {[etree.QName(c).localname for c in element]}")
    return problems


@pytest.mark.parametrize(("form_id", "lang"), CASES)
def test_word_package_is_well_formed(built_site: Path, form_id: str, lang: str) -> None:
    with zipfile.ZipFile(word_path(built_site, form_id, lang)) as package:
        names = package.namelist()
        assert len(names) == len(set(names))
        for required in ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                         "word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml"):  # fmt: skip
            assert required in names
        parsed = {}
        for name in names:
            data = package.read(name)
            assert data, f"{name} is empty"
            if name.endswith((".xml", ".rels")):
                parsed[name] = etree.fromstring(data)  # raises on malformed XML
        types = parsed["[Content_Types].xml"]
        defaults = {d.get("Extension").lower() for d in types if d.tag.endswith("Default")}
        overrides = {o.get("PartName") for o in types if o.tag.endswith("Override")}
        for name in names:
            if name != "[Content_Types].xml":
                assert f"/{name}" in overrides or name.rsplit(".", 1)[-1].lower() in defaults, f"{name}: no type"
        for rels_name in (n for n in names if n.endswith(".rels")):
            base = rels_name.replace("_rels/", "").removesuffix(".rels")
            folder = base.rsplit("/", 1)[0] if "/" in base else ""
            for rel in parsed[rels_name]:
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                assert target in names, f"{rels_name}: missing target {target}"
        for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml"):
            if name in parsed:
                assert _order_problems(parsed[name]) == [], name


def test_two_builds_give_identical_word_files(built_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    # Made again here: not from the build's file cache, nor from this process's memory.
    monkeypatch.setenv("KK_CACHE_DIR", "off")
    monkeypatch.setattr(forms, "_EXAMPLE_FILES", {})
    forms._word_file.cache_clear()
    rebuilt = forms.files(load_handbook(ROOT))
    for path, data in rebuilt.items():
        name, lang, _ = Path(path).name.split(".")
        folder = Path(path).parent.as_posix()  # tools/forms, or tools/forms/examples for filled examples
        assert (built_site / f"{prefix(lang)}{folder}/{name}.docx").read_bytes() == data, path


def test_libreoffice_opens_every_word_file(built_site: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice Writer is not installed: run scripts/setup --test", pytrace=False)
    sources = tmp_path / "docx"
    sources.mkdir()
    for form_id, lang in CASES:
        shutil.copyfile(word_path(built_site, form_id, lang), sources / f"{form_id}.{lang}.docx")
    # Its own profile folder: another LibreOffice running on the machine cannot interfere.
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    result = subprocess.run(
        [
            soffice,
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *sorted(str(p) for p in sources.iterdir()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for form_id, lang in CASES:
        pdf = tmp_path / "pdf" / f"{form_id}.{lang}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {form_id}.{lang}.docx:\n{result.stdout}{result.stderr}"
        reader = PdfReader(pdf)
        first = reader.pages[0]
        assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (595, 842)
        words = squash(" ".join(page.extract_text() for page in reader.pages))
        assert squash(FORMS[form_id]["title"][lang]) in words
        for section in FORMS[form_id]["sections"]:
            assert squash(section["title"][lang]) in words


def test_every_word_file_is_reachable_and_nothing_else_is_published(built_site: Path) -> None:
    published = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.docx"))
    examples = [e["id"] for e in forms.all_examples(load_handbook(ROOT))]
    expected = [f"{prefix(lang)}tools/forms/{form_id}.docx" for form_id, lang in CASES]
    expected += [f"{prefix(lang)}tools/forms/examples/{name}.docx" for name in examples for lang in LANGUAGES]
    assert published == sorted(expected)
    for path in published:
        assert io.BytesIO((built_site / path).read_bytes()).read(2) == b"PK"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_procedure_steps_link_to_their_templates(built_site: Path, lang: str) -> None:
    url = f"{prefix(lang)}model/procedure/"
    page = content(built_site, url)
    steps = {}
    for form_id, form in FORMS.items():
        for step in form["steps"]:
            if step.startswith("model/procedure.md#"):
                steps.setdefault(step.split("#")[1], set()).add(form_id)
    checked = 0
    for paragraph in page.cssselect("p.kk-step-forms"):
        # The paragraph belongs to the step whose heading comes before it.
        step = paragraph.xpath("preceding-sibling::h2[1]")[0].get("id")
        linked = {urljoin(f"/{url}", a.get("href")).lstrip("/") for a in paragraph.cssselect("a")}
        assert linked == {f"{prefix(lang)}tools/forms/{form_id}/" for form_id in steps[step]}, step
        checked += 1
    assert checked == len(steps)
