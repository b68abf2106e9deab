"""Make the stewards' guide's picture of the workbook, site/assets/werkmap.png.

The sheet of behavioural indicators as the export writes it (Dutch), rendered by LibreOffice
headless (HTML, which keeps the cells' shading: grey = locked) and photographed by headless
Chromium. URI and UUID (the first two columns) are left out of the picture to keep it
readable; the header row, the provenance row and the first data rows are shown.

    .venv/bin/python scripts/werkmap_picture.py            # writes site/assets/werkmap.png

Needs soffice and chromium on PATH (both in .ci/run's package list). Not deterministic byte
for byte (fonts, renderer versions): run it again when the workbook's columns change and
commit the picture."""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHEET = "Gedragsindicatoren"
SKIP = 2  # URI, UUID
ROWS = 2 + 4  # header, provenance, four data rows
WIDTHS = (110, 70, 190, 190, 170, 210, 80, 110, 200)  # px per shown column


class _Table(HTMLParser):
    """The cells (text, background) of one sheet of LibreOffice's HTML export."""

    def __init__(self, sheet: str):
        super().__init__()
        self.sheet, self.in_sheet, self.seen_title = sheet, False, False
        self.rows: list[list[tuple[str, str]]] = []
        self.cell: list[str] | None = None
        self.bg = ""
        self.title = ""

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self.title = ""
            self.seen_title = True
        elif self.in_sheet and tag == "tr":
            self.rows.append([])
        elif self.in_sheet and tag == "td":
            self.cell, self.bg = [], dict(attrs).get("bgcolor", "")

    def handle_endtag(self, tag):
        if tag == "h1":
            self.seen_title = False
            self.in_sheet = self.title.strip().endswith(": " + self.sheet)
        elif tag == "table":
            self.in_sheet = False
        elif self.in_sheet and tag == "td" and self.cell is not None:
            self.rows[-1].append(("".join(self.cell).strip(), self.bg))
            self.cell = None

    def handle_data(self, data):
        if self.seen_title:
            self.title += data
        elif self.cell is not None:
            self.cell.append(data)


def page(rows: list[list[tuple[str, str]]]) -> str:
    cols = "".join(f'<col style="width:{w}px">' for w in WIDTHS)
    body = []
    for i, row in enumerate(rows):
        cells = []
        for text, bg in row[SKIP:SKIP + len(WIDTHS)]:
            style = f' style="background:{bg}"' if bg else ""
            text = html.escape(text)
            text = f"<b>{text}</b>" if i == 0 else f"<i>{text}</i>" if i == 1 else text
            cells.append(f"<td{style}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
            "body{margin:8px;background:#fff;font:11px 'DejaVu Sans',sans-serif}"
            "table{border-collapse:collapse;table-layout:fixed}"
            "td{border:1px solid #bbb;padding:3px 5px;vertical-align:top;overflow-wrap:break-word}"
            f"</style></head><body><table>{cols}{''.join(body)}</table></body></html>")


def main() -> int:
    soffice, chromium = shutil.which("soffice"), shutil.which("chromium") or shutil.which("chromium-browser")
    if not soffice or not chromium:
        print("werkmap_picture: needs soffice and chromium on PATH", file=sys.stderr)
        return 1
    out = ROOT / "site" / "assets" / "werkmap.png"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book = work / "werkmap.xlsx"
        subprocess.run([sys.executable, "-m", "competentieset.cli", "--project", str(ROOT), "export-xlsx",
                        str(book)], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{work}/lo", "--convert-to", "html",
                        "--outdir", str(work), str(book)], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        table = _Table(SHEET)
        table.feed((work / "werkmap.html").read_text(encoding="utf-8"))
        if len(table.rows) < ROWS:
            print(f"werkmap_picture: sheet {SHEET} not found in LibreOffice's HTML", file=sys.stderr)
            return 1
        (work / "page.html").write_text(page(table.rows[:ROWS]), encoding="utf-8")
        width = sum(WIDTHS) + 16
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={work}/chromium", f"--window-size={width},500",
                        f"--screenshot={out}", (work / "page.html").as_uri()],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
