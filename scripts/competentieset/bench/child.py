"""The reference workloads, each run as its own measured process:

  python -m competentieset.bench.child floor-validate PROJECT
  python -m competentieset.bench.child floor-build PROJECT OUT
  python -m competentieset.bench.child floor-io PROJECT OUT SIZES   (floor.io_floor)
  python -m competentieset.bench.child pyshacl PROJECT SHAPES...
  python -m competentieset.bench.child openpyxl-write CELLS.json OUT.xlsx
  python -m competentieset.bench.child openpyxl-read BOOK.xlsx

Each prints one JSON line with what it found (so a run that silently did nothing shows).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _needs_catalog(shapes_graph) -> list:
    """(shape, sh:sparql node) pairs whose query uses GRAPH: they need the catalog's named
    graphs, which pyshacl (one union graph) does not have."""
    import re

    import rdflib

    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    return [(shape, constraint) for shape, constraint in shapes_graph.subject_objects(sh.sparql)
            if re.search(r"\bGRAPH\b", str(shapes_graph.value(constraint, sh.select) or ""),
                         re.IGNORECASE)]


def left_out(shapes: list[Path]) -> int:
    """How many SPARQL constraints the pyshacl reference leaves out (see pyshacl_validate)."""
    import rdflib

    graph = rdflib.Graph()
    for path in shapes:
        graph.parse(path, format="turtle")
    return len(_needs_catalog(graph))


def pyshacl_validate(project_dir: Path, shapes: list[Path]) -> dict[str, int]:
    """Plain rdflib + pyshacl: the ontology files parsed into one graph, the same shapes.

    pyshacl validates one (union) graph, so shapes whose SPARQL needs the named graphs of
    the catalog (a `GRAPH` in their query) cannot run on it; they are left out, as in the
    validate oracle test, and counted in the output ("left_out").
    """
    import pyshacl
    import rdflib

    from competentieset.bench.floor import ontology_files

    data = rdflib.Graph()
    for path in ontology_files(project_dir):
        data.parse(path, format="turtle")
    shapes_graph = rdflib.Graph()
    for path in shapes:
        shapes_graph.parse(path, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    needs = _needs_catalog(shapes_graph)
    for shape, _constraint in needs:
        shapes_graph.remove((shape, None, None))
    left_out = len(needs)
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, advanced=True, inference="none"
    )
    counts: dict[str, int] = {"left_out": left_out}
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = str(report.value(result, sh.resultSeverity)).rsplit("#", 1)[-1]
        counts[severity] = counts.get(severity, 0) + 1
    return counts


def xlsx_cells(book: Path, out: Path) -> int:
    """Dump every sheet's cell values of a workbook to JSON (the input of openpyxl-write)."""
    from openpyxl import load_workbook

    wb = load_workbook(book, read_only=True)
    sheets = {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    wb.close()
    out.write_text(json.dumps(sheets), encoding="utf-8")
    return sum(len(rows) for rows in sheets.values())


def edit_one_label(book: Path, out: Path) -> None:
    """The workbook with one edit a steward makes: the first indicator's English label."""
    from openpyxl import load_workbook

    wb = load_workbook(book)
    ws = wb[wb.sheetnames[3]]  # Gedragsindicatoren / Behavioural indicators
    column = [c.value for c in ws[1]].index("Label (en)") + 1
    cell = ws.cell(row=3, column=column)
    cell.value = f"{cell.value} (edited)"
    wb.save(out)


def openpyxl_write(cells: Path, out: Path) -> dict[str, int]:
    """openpyxl alone: the same cells, sheet by sheet, plain (no styles, no validation), in
    write-only mode like export-xlsx (the fastest and leanest way openpyxl writes)."""
    from openpyxl import Workbook

    sheets = json.loads(cells.read_text(encoding="utf-8"))
    wb = Workbook(write_only=True)
    count = 0
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
            count += len(row)
    wb.save(out)
    return {"cells": count}


def openpyxl_read(book: Path) -> dict[str, int]:
    """openpyxl alone: every cell value of every sheet read (read-only mode, as our import)."""
    from openpyxl import load_workbook

    wb = load_workbook(book, read_only=True, data_only=True)
    count = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            count += sum(1 for v in row if v is not None)
    wb.close()
    return {"cells": count}


def main(argv: list[str]) -> int:
    from competentieset.bench import floor

    task, args = argv[0], argv[1:]
    if task == "floor-validate":
        found = floor.validate(Path(args[0]))
    elif task == "floor-build":
        found = floor.build(Path(args[0]), Path(args[1]))
    elif task == "floor-io":
        found = floor.io_floor(Path(args[0]), Path(args[1]), Path(args[2]))
    elif task == "pyshacl":
        found = pyshacl_validate(Path(args[0]), [Path(a) for a in args[1:]])
    elif task == "openpyxl-write":
        found = openpyxl_write(Path(args[0]), Path(args[1]))
    elif task == "openpyxl-read":
        found = openpyxl_read(Path(args[0]))
    else:
        print(f"unknown task {task}", file=sys.stderr)
        return 2
    print(json.dumps(found, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
