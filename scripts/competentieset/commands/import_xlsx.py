"""`competentieset import-xlsx FILE [--dry-run] [--lang en]`: take an edited workbook back.

Checks every cell, applies the workbook to ontology/ (an unchanged resource stays
byte-identical, a changed one keeps the file's style), validates the result as `validate`
does, prints the change list, then writes (not with --dry-run). Any problem: every error
with its sheet, row, column and cell on stderr, exit 1, nothing written.
"""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    parser = sub.add_parser(
        "import-xlsx",
        help="read an edited workbook back into ontology/ (validated; nothing written on any error)",
        description="Read a workbook written by export-xlsx (saved by Excel or LibreOffice), validate the "
                    "result, print the change list and write the Turtle files of ontology/.",
    )
    parser.add_argument("file", metavar="FILE", help="the workbook (.xlsx)")
    parser.add_argument("--dry-run", action="store_true", help="check and print the change list; write nothing")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of messages and change list")
    parser.set_defaults(run=run)


def run(args) -> int:
    from competentieset.stewarding.xlsx import MESSAGES, XlsxError, import_workbook

    m = MESSAGES[args.lang]
    try:
        result = import_workbook(args.project_obj, Path(args.file), args.lang, args.dry_run)
    except XlsxError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    sys.stdout.write(result.changes.to_markdown(args.lang))
    if args.dry_run:
        print(m["dry"])
    elif result.written:
        print(m["written"].format(files=", ".join("ontology/" + f for f in result.written)))
    else:
        print(m["unchanged"])
    return 0
