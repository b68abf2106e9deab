"""`competentieset export-xlsx [FILE]`: the vocabulary as one workbook for data stewards.

A sheet per kind, a row per resource, a column per property and language; the source's
verbatim text, cited facts and identifiers locked and shaded; dropdowns for closed lists.
See competentieset.stewarding.xlsx. Exit 0, 2 when the project cannot be read.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT = "competentieset.xlsx"


def register(sub) -> None:
    parser = sub.add_parser(
        "export-xlsx",
        help="write the vocabulary as an XLSX workbook for stewards (edit, then import-xlsx)",
        description="Write one workbook of the whole vocabulary: a sheet per kind, a row per resource, "
                    "Dutch headers (English with --lang en); locked cells for the source's text and identifiers.",
    )
    parser.add_argument("file", metavar="FILE", nargs="?", default=DEFAULT,
                        help=f"the workbook to write (default: {DEFAULT})")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of sheets and headers")
    parser.set_defaults(run=run)


def run(args) -> int:
    from competentieset.stewarding.xlsx import export_workbook

    path = export_workbook(args.project_obj, Path(args.file), args.lang)
    print(path)
    return 0
