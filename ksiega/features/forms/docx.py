"""Word (.docx) files of the form templates, built with python-docx.

One public function: `form_docx(view, timestamp=…) -> bytes`. The document uses real Word
structure: Heading 1 for the title, Heading 2 for sections, Word tables for tables, ruled table
cells as the lines to write on (they open and print the same in Word and LibreOffice, and a
reader can type straight into them), ☐ boxes to tick, the form id and version with page
numbers in the footer, the document language and core properties set.

Output is byte-for-byte reproducible: every timestamp (core properties and ZIP entries) is the
given `timestamp`, and nothing depends on the clock, the machine or the order of a dict.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ksiega.features.forms.model import Block, Column, Field, FormView, Section

FONT = "Arial"  # on Linux, LibreOffice shows the metric-compatible Liberation Sans
CELL = "FormCell"  # style id of text in table cells
BOX = "☐"  # U+2610 BALLOT BOX: prints everywhere, and a reader can replace it with ☒
TICKED = "☒"  # U+2612: a ticked box in a filled example
INK = RGBColor(0x1A, 0x1A, 0x1A)
GREY = RGBColor(0x59, 0x59, 0x59)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
HEADER_FILL = "E7E6E6"
NOTE_FILL = "FFF8E1"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Mm(18), Mm(16), Mm(18)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE
LINE_HEIGHT = Mm(8)  # one line to write on
ROW_HEIGHT = Mm(9)  # one row of a table
NUMBER_WIDTH = Mm(11)
SIGNATURE_HEIGHT = Mm(16)
LABEL_SHARE = 0.36  # width of the label column next to one-line fields

# Child order of w:pPr and w:tcPr in the WordprocessingML schema (ECMA-376): Word reports a
# damaged file when children are out of order, so new children are inserted before these.
_PPR_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_TCPR_AFTER_BORDERS = (
    "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip
_TCPR_AFTER_SHD = _TCPR_AFTER_BORDERS[1:]
_TRPR_AFTER_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_TBLPR_AFTER_BORDERS = (
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


# --- Small XML helpers ------------------------------------------------------------------


def _border(tag: str, val: str = "single", size: int = 4, color: str = "404040") -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:val"), val)
    element.set(qn("w:sz"), str(size))
    element.set(qn("w:space"), "0")
    element.set(qn("w:color"), color)
    return element


def _set_cell_borders(cell: _Cell, **sides: str) -> None:
    """Borders of one cell: side name -> "single" / "dotted" / "nil"."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tc_pr.insert_element_before(borders, *_TCPR_AFTER_BORDERS)
    for side in ("top", "left", "bottom", "right"):  # schema order
        if side in sides:
            borders.append(_border(f"w:{side}", sides[side]) if sides[side] != "nil" else _nil(f"w:{side}"))


def _nil(tag: str) -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "nil")
    return element


def _shade_cell(cell: _Cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shd, *_TCPR_AFTER_SHD)


def _table_without_borders(table: Table) -> None:
    """A layout table: no borders, and no left padding, so its text lines up with the body."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_nil(f"w:{side}"))
    tbl_pr.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("left", 0), ("right", 113)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(width))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.insert_element_before(margins, *_TBLPR_AFTER_BORDERS[3:])


def _keep_row_together(row: Any, *, header: bool = False) -> None:
    """A row never breaks across pages; a header row repeats at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.insert_element_before(OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", *_TRPR_AFTER_HEADER)
    if header:
        tr_pr.insert_element_before(OxmlElement("w:tblHeader"), *_TRPR_AFTER_HEADER)


def _paragraph_border_bottom(paragraph_properties: Any) -> None:
    pbdr = OxmlElement("w:pBdr")
    bottom = _border("w:bottom", size=6, color="808080")
    bottom.set(qn("w:space"), "2")
    pbdr.append(bottom)
    paragraph_properties.insert_element_before(pbdr, *_PPR_AFTER_PBDR)


def _set_fonts(r_pr: Any, name: str) -> None:
    """Use `name` for every script, dropping theme fonts (which would win over it)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.get_or_add_rFonts()
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), name)


def _field_code(paragraph: Paragraph, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# --- Document set-up --------------------------------------------------------------------


def _styles(document: Any, language: str) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(r_pr, FONT)
    lang = r_pr.find(qn("w:lang"))
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)

    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1

    for name, size, before, after in (("Heading 1", 17, 0, 2), ("Heading 2", 12.5, 14, 6)):
        style = styles[name]
        _set_fonts(style.element.get_or_add_rPr(), FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = INK
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    _paragraph_border_bottom(styles["Heading 2"].element.get_or_add_pPr())

    def paragraph_style(name: str, size: float, *, bold: bool = False, italic: bool = False, grey: bool = False) -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        if grey:
            style.font.color.rgb = GREY
        return style

    label = paragraph_style("Form Label", 10.5, bold=True)
    label.paragraph_format.space_before = Pt(8)
    label.paragraph_format.space_after = Pt(1)
    label.paragraph_format.keep_with_next = True
    hint = paragraph_style("Form Hint", 8.5, italic=True, grey=True)
    hint.paragraph_format.space_after = Pt(2)
    hint.paragraph_format.keep_with_next = True
    meta = paragraph_style("Form Meta", 8.5, grey=True)
    meta.paragraph_format.space_after = Pt(10)
    cell = paragraph_style("Form Cell", 9.5)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0
    option = paragraph_style("Form Option", 10.5)
    option.paragraph_format.left_indent = Mm(8)
    option.paragraph_format.first_line_indent = Mm(-6)
    option.paragraph_format.space_after = Pt(2)
    clause = paragraph_style("Form Clause", 10.5)
    clause.paragraph_format.left_indent = Mm(7)
    clause.paragraph_format.first_line_indent = Mm(-7)
    clause.paragraph_format.space_after = Pt(3)
    footer = styles["Footer"]
    footer.font.size = Pt(8)
    footer.font.color.rgb = GREY


def _page(document: Any, view: FormView) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.header_distance, section.footer_distance = Mm(8), Mm(8)
    paragraph = section.footer.paragraphs[0]
    paragraph._p.style = "Footer"
    tabs = paragraph.paragraph_format.tab_stops
    # The template's Footer style has US Letter tab stops: clear them, then one at the right margin.
    tabs.add_tab_stop(Twips(4680), WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Twips(9360), WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(f"{view.footer}\t{view.words['page']} ")
    _field_code(paragraph, "PAGE")
    paragraph.add_run(f" {view.words['of']} ")
    _field_code(paragraph, "NUMPAGES")


def _short(text: str, limit: int = 255) -> str:
    """Core properties hold at most 255 characters: cut at a word and mark the cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _properties(document: Any, view: FormView, timestamp: datetime) -> None:
    core = document.core_properties
    core.title = view.title
    core.subject = _short(view.purpose)
    core.author = view.words["handbook"]
    core.last_modified_by = view.words["handbook"]
    core.comments = _short(f"{view.meta_line}. {view.adapt}")
    core.category = view.words["proposal"]
    core.keywords = f"{view.id}; {view.words['proposal']}"
    core.identifier = f"ksiega-kooperacji:{view.id}:{view.version}"
    core.version = view.version
    core.language = view.words["language"]
    core.revision = 1
    core.created = core.modified = timestamp.replace(tzinfo=None)
    settings = document.settings.element
    # Word 2013+ layout (compatibility mode 15): tables align with the text margin, and Word
    # does not open the file in "compatibility mode".
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), view.words["language"])


_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Księga Kooperacji (python-docx)</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _package(document: Any) -> None:
    """Drop what the python-docx template carries but a form does not need: a thumbnail of an
    empty page and Word 2010's duplicate style sheet; describe the real application."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[r_id]
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            del document.part.rels[r_id]
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_XML.encode("utf-8")


# --- Body -------------------------------------------------------------------------------


def _text(paragraph: Paragraph, text: str, *, bold: bool = False, grey: bool = False, size: float = 0) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    if grey:
        run.font.color.rgb = GREY
    if size:
        run.font.size = Pt(size)


def _add(container: Any, text: str = "", style_id: str = "Normal") -> Paragraph:
    """A new paragraph in a style given by its id (python-docx's lookup by name walks every
    style of the template for each paragraph, which made a form take a second to build)."""
    paragraph = container.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _cell_paragraph(cell: _Cell, style_id: str, text: str = "", *, align: Any = None) -> Paragraph:
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style_id
    if text:
        paragraph.add_run(text)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _widths(columns: list[Column], total: int) -> list[int]:
    """Column widths: a row-number column is narrow and fixed, the others share the rest."""
    fixed = sum(NUMBER_WIDTH for c in columns if c.kind == "number")
    whole = sum(c.width for c in columns if c.kind != "number")
    widths = [NUMBER_WIDTH if c.kind == "number" else (total - fixed) * c.width // whole for c in columns]
    widths[-1] += total - sum(widths)
    return widths


def _new_table(document: Any, rows: int, widths: list[int], style_id: str | None = None) -> Table:
    table = document.add_table(rows=rows, cols=len(widths))
    if style_id:
        table._tbl.tblPr.style = style_id
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for index, width in enumerate(widths):
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width
    return table


def _after_table(document: Any) -> None:
    """A small empty paragraph: keeps two tables apart (Word would merge adjacent ones)."""
    spacer = _add(document, "", CELL)
    spacer.paragraph_format.space_after = Pt(2)


def _label(document: Any, item: Field) -> None:
    _add(document, item.label, "FormLabel")
    if item.hint:
        _add(document, item.hint, "FormHint")


def _lines_block(document: Any, view: FormView, block: Block) -> None:
    label_width = int(TEXT_WIDTH * LABEL_SHARE)
    table = _new_table(document, len(block.fields), [label_width, TEXT_WIDTH - label_width])
    _table_without_borders(table)
    for row, item in zip(table.rows, block.fields, strict=True):
        row.height = LINE_HEIGHT
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _keep_row_together(row)
        label_cell, line_cell = row.cells
        label_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        line_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        paragraph = _cell_paragraph(label_cell, CELL)
        paragraph.paragraph_format.space_before = Pt(6)
        _text(paragraph, item.label, bold=True)
        if item.hint:
            paragraph.add_run().add_break()
            _text(paragraph, item.hint, grey=True, size=8.5)
        line = _cell_paragraph(line_cell, CELL)
        if item.value:
            _text(line, item.value)
        elif item.type == "date":
            _text(line, view.words["date_format"], grey=True, size=8.5)
        _set_cell_borders(line_cell, bottom="dotted")
    _after_table(document)


def _ruled_lines(document: Any, count: int) -> None:
    table = _new_table(document, count, [TEXT_WIDTH])
    _table_without_borders(table)
    for row in table.rows:
        row.height = LINE_HEIGHT
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _cell_paragraph(row.cells[0], CELL)
        _set_cell_borders(row.cells[0], bottom="dotted")
    _after_table(document)


def _choice_block(document: Any, item: Field) -> None:
    _label(document, item)
    for index, option in enumerate(item.options):
        _add(document, f"{TICKED if index in item.ticked else BOX}\u00a0\u00a0{option}", "FormOption")


def _checks_block(document: Any, block: Block) -> None:
    for item in block.fields:
        paragraph = _add(document, "", "FormOption")
        paragraph.paragraph_format.space_before = Pt(4)
        _text(paragraph, f"{TICKED if item.checked else BOX}\u00a0\u00a0{item.label}")
        if item.hint:
            paragraph.add_run().add_break()
            _text(paragraph, item.hint, grey=True, size=8.5)


def _table_block(document: Any, item: Field) -> None:
    _label(document, item)
    columns: list[Column] = list(item.columns)
    table = _new_table(document, 1 + len(item.rows), _widths(columns, TEXT_WIDTH), "TableGrid")
    header = table.rows[0]
    _keep_row_together(header, header=True)
    for cell, column in zip(header.cells, columns, strict=True):
        centred = column.kind != "text"
        paragraph = _cell_paragraph(cell, CELL, align=WD_ALIGN_PARAGRAPH.CENTER if centred else None)
        _text(paragraph, column.label, bold=True)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _shade_cell(cell, HEADER_FILL)
    for row, cells in zip(table.rows[1:], item.rows, strict=True):
        row.height = ROW_HEIGHT
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _keep_row_together(row)
        for cell, content in zip(row.cells, cells, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if content.kind == "tick":
                mark = TICKED if content.text == "x" else BOX
                _cell_paragraph(cell, CELL, mark, align=WD_ALIGN_PARAGRAPH.CENTER)
            elif content.kind == "number":
                _cell_paragraph(cell, CELL, f"{content.text}.", align=WD_ALIGN_PARAGRAPH.CENTER)
            else:
                _cell_paragraph(cell, CELL, content.text)
    _after_table(document)


def _signatures_block(document: Any, block: Block) -> None:
    """Signature fields two to a row; a single one sits on the right, as on Polish forms."""
    items: list[Field | None] = list(block.fields)
    if len(items) % 2:
        items.insert(len(items) - 1, None)
    half = TEXT_WIDTH // 2
    gap = Mm(10)
    table = _new_table(document, len(items), [half - gap, gap, half])
    _table_without_borders(table)
    for pair_index in range(0, len(items), 2):
        space_row, caption_row = table.rows[pair_index], table.rows[pair_index + 1]
        space_row.height = SIGNATURE_HEIGHT
        space_row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _keep_row_together(space_row)
        _keep_row_together(caption_row)
        for column, item in ((0, items[pair_index]), (2, items[pair_index + 1])):
            # The space to sign stays on the same page as its caption.
            _cell_paragraph(space_row.cells[column], CELL).paragraph_format.keep_with_next = True
            caption = _cell_paragraph(caption_row.cells[column], CELL, align=WD_ALIGN_PARAGRAPH.CENTER)
            if item is None:
                continue
            _set_cell_borders(space_row.cells[column], bottom="dotted")
            _text(caption, item.label, grey=True, size=8.5)
        _cell_paragraph(space_row.cells[1], CELL).paragraph_format.keep_with_next = True
        _cell_paragraph(caption_row.cells[1], CELL)
    _after_table(document)


def _section(document: Any, view: FormView, section: Section) -> None:
    _add(document, section.title, "Heading2")
    if section.intro:
        _add(document, section.intro)
    for number, clause in enumerate(section.clauses, start=1):
        _add(document, f"{number}.\t{clause}", "FormClause")
    for block in section.blocks:
        if block.kind == "lines":
            _lines_block(document, view, block)
        elif block.kind == "long-text":
            (item,) = block.fields
            _label(document, item)
            if item.value:
                _add(document, item.value)
            else:
                _ruled_lines(document, item.lines)
        elif block.kind == "choice":
            _choice_block(document, block.fields[0])
        elif block.kind == "checks":
            _checks_block(document, block)
        elif block.kind == "table":
            _table_block(document, block.fields[0])
        elif block.kind == "signatures":
            _signatures_block(document, block)
        else:  # pragma: no cover - form_model only makes the kinds above
            raise ValueError(f"unknown block kind {block.kind!r}")


def _notes_box(document: Any, view: FormView) -> None:
    """The proposal-to-adapt note and the legal notes, in a shaded box the adapter deletes."""
    table = _new_table(document, 1, [TEXT_WIDTH], "TableGrid")
    cell = table.rows[0].cells[0]
    _shade_cell(cell, NOTE_FILL)
    title = _cell_paragraph(cell, CELL)
    _text(title, view.words["notes"], bold=True)
    title.paragraph_format.space_before = Pt(3)
    title.paragraph_format.space_after = Pt(3)
    for text in (view.adapt, *view.legal_notes):
        paragraph = _add(cell, "", CELL)
        paragraph.paragraph_format.space_after = Pt(3)
        paragraph.add_run(("• " if text != view.adapt else "") + text)
    _after_table(document)


def _build(views: Sequence[FormView], timestamp: datetime) -> Any:
    view = views[0]
    document = Document()
    _package(document)
    _styles(document, view.words["language"])
    _page(document, view)
    _properties(document, view, timestamp)
    # The empty first paragraph of the template would push the title down.
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    for index, sheet in enumerate(views):
        # A filled example of several sheets (the basket's cards): each starts on a new page.
        # One of several sheets has its own heading: Word's navigation lists the cards by name.
        title = _add(document, f"{sheet.title}: {sheet.heading}" if sheet.heading else sheet.title, "Heading1")
        if index:
            title.paragraph_format.page_break_before = True
        _add(document, sheet.meta_line, "FormMeta")
        if sheet.notice:
            _text(_add(document), sheet.notice, bold=True)
        if not index:
            _notes_box(document, sheet)
        for section in sheet.sections:
            _section(document, sheet, section)
    return document


def _reproducible_zip(data: bytes, timestamp: datetime) -> bytes:
    """Rewrite the package with fixed entry times, so two builds give identical files."""
    when = max(timestamp.astimezone(UTC), datetime(1980, 1, 1, tzinfo=UTC))
    date_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def form_docx(view: FormView | Sequence[FormView], *, timestamp: datetime) -> bytes:
    """The form as a .docx file (bytes), reproducible for a given `timestamp` (UTC); several
    views (a filled example's sheets) follow one another, each from a new page."""
    document = _build([view] if isinstance(view, FormView) else list(view), timestamp)
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible_zip(buffer.getvalue(), timestamp)
