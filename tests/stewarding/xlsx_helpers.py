"""Helpers for the spreadsheet round-trip tests: a project copy, export, edit, import."""

from __future__ import annotations

import shutil
from pathlib import Path

from competentieset.model.config import load_project
from competentieset.stewarding.xlsx import export_workbook

from tests.project_copy import ROOT, copy_project


def project_with_workbook(tmp: Path, lang: str = "nl"):
    """A copy of the project (with the ESCO extract) and its freshly exported workbook."""
    root = copy_project(tmp / "project")
    (root / "sources" / "esco").mkdir(parents=True)
    for path in (ROOT / "sources" / "esco").iterdir():
        shutil.copy2(path, root / "sources" / "esco" / path.name)
    project = load_project(root)
    book = export_workbook(project, tmp / "werkmap.xlsx", lang)
    return project, book


def snapshot(project) -> dict:
    """Every file of ontology/ by relative path -> bytes."""
    base = project.ontology_dir
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


def edit(book: Path, sheet: str, changes: dict, append: list | None = None) -> Path:
    """Set cells ({"D12": "text"}) of one sheet and append rows, as a steward would; save."""
    from openpyxl import load_workbook

    wb = load_workbook(book)
    ws = wb[sheet]
    for cell, value in changes.items():
        ws[cell] = value
    for row in append or []:
        target = ws.max_row + 1
        # the first empty row under the data (spare rows carry styles but no values)
        for r in range(3, ws.max_row + 2):
            if all(ws.cell(row=r, column=c).value in (None, "") for c in range(1, ws.max_column + 1)):
                target = r
                break
        for c, value in enumerate(row, start=1):
            ws.cell(row=target, column=c, value=value)
    wb.save(book)
    return book


def delete_row(book: Path, sheet: str, row: int) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(book)
    wb[sheet].delete_rows(row)
    wb.save(book)
    return book
