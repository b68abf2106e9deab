"""The import's cell reader (stewarding.xlsx._Book, python-calamine): every cell as the text
a steward typed, at the address Excel and LibreOffice show.

Expected values are a fixed table here; the positions are also checked against openpyxl
reading the same file (an independent reader)."""

from __future__ import annotations

import datetime
import zipfile

import pytest
from competentieset.stewarding.xlsx import XlsxError, _Book


def _workbook(path):
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = Workbook()
    ws = wb.active
    ws.title = "Blad"
    # nothing in rows 1-2 nor in columns A-B: calamine's range starts at C3
    ws["C3"] = "eerste"
    ws["B5"] = 7.0
    ws["D5"] = True
    ws["E5"] = datetime.datetime(2026, 12, 7, 0, 0)
    ws["F5"] = datetime.datetime(2026, 12, 7, 10, 30)
    ws["G5"] = CellRichText([TextBlock(InlineFont(b=True), "Vet"), " en gewoon"])
    ws["H5"] = "spaties achter  "
    ws["I5"] = "regel\r\nnog een"
    ws["J5"] = ""
    ws["K5"] = 1.5
    ws["L5"] = "=1+2"  # a formula without a cached value (openpyxl writes none)
    wb.create_sheet("Leeg")
    wb.save(path)
    return path


EXPECTED_ROW_5 = ["", "7", "", "true", "2026-12-07", "2026-12-07 10:30:00", "Vet en gewoon",
                  "spaties achter  ", "regel\nnog een", "", "1.5"]


def test_rows_start_at_a1_with_every_cell_as_text(tmp_path):
    book = _Book(_workbook(tmp_path / "t.xlsx"), "nl")
    try:
        rows = list(book.rows("Blad"))
        # up to the last column with a value (the formula in L5 has none: openpyxl wrote no cached value)
        assert [len(r) for r in rows] == [11] * 5
        assert rows[0] == [""] * 11 and rows[1] == [""] * 11 and rows[3] == [""] * 11
        assert rows[2] == ["", "", "eerste"] + [""] * 8
        assert rows[4] == EXPECTED_ROW_5
        assert list(book.rows("Leeg")) == []
        assert book.first_row("Leeg") == []
        assert list(book.rows("Blad", max_row=3))[-1][2] == "eerste"
        assert [n for n, _ in book.body("Blad", 12)] == [3, 5]  # header rows 1-2 skipped, empty row 4 too
    finally:
        book.close()


def test_positions_agree_with_openpyxl(tmp_path):
    from openpyxl import load_workbook

    path = _workbook(tmp_path / "t.xlsx")
    wb = load_workbook(path, read_only=True, data_only=True)
    theirs = [(r, c) for r, row in enumerate(wb["Blad"].iter_rows(values_only=True), start=1)
              for c, v in enumerate(row, start=1) if v not in (None, "")]
    wb.close()
    book = _Book(path, "nl")
    ours = [(r, c) for r, row in enumerate(book.rows("Blad"), start=1)
            for c, v in enumerate(row, start=1) if v != ""]
    book.close()
    assert ours == theirs == [(3, 3), (5, 2), (5, 4), (5, 5), (5, 6), (5, 7), (5, 8), (5, 9), (5, 11)]


def test_shared_strings_and_the_excel_carriage_return_escape(tmp_path):
    """A workbook as Excel writes it: strings in the shared-strings table, a carriage return
    stored as _x000D_ (written here by hand: openpyxl writes inline strings)."""
    path = tmp_path / "excel.xlsx"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>URI</t></si><si><t xml:space="preserve">eerste_x000D_\ntweede </t></si></sst>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="3"><c r="B3" t="s"><v>1</v></c><c r="C3" t="inlineStr"><is><t>inline</t></is></c></row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    book = _Book(path, "nl")
    try:
        assert list(book.rows("Blad")) == [["URI", "", ""], ["", "", ""], ["", "eerste\ntweede ", "inline"]]
    finally:
        book.close()


def test_not_a_workbook_is_refused_with_its_path(tmp_path):
    path = tmp_path / "geen.xlsx"
    path.write_text("dit is geen werkmap", encoding="utf-8")
    with pytest.raises(XlsxError) as caught:
        _Book(path, "nl")
    assert str(caught.value).startswith(f"{path}: ")
