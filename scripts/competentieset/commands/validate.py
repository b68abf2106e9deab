"""`competentieset validate [PATH...]`: check a change before it is published.

Exit codes: 0 valid (warnings allowed unless --strict), 1 findings that fail the run,
2 unusable input (Turtle syntax error, broken catalog or shapes). Nothing is written but,
for the project's own vocabulary, the record of its findings in .build-cache/ (for
import-xlsx, see validation/limited.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from competentieset.errors import CompetentiesetError, TurtleSyntaxError

FORMATS = ("text", "json", "turtle")


def register(sub) -> None:
    parser = sub.add_parser(
        "validate",
        help="check the vocabulary (SHACL shapes, SKOS integrity, URI register)",
        description="Validate the vocabulary in ontology/ (default) or the given Turtle files "
                    "or folders against the shapes in shapes/ and the URI register. "
                    "Exit 0 when valid, 1 on violations (--strict: also on warnings), "
                    "2 when the input cannot be read.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="Turtle files or folders (default: the project's vocabulary)")
    parser.add_argument("--strict", action="store_true", help="also fail (exit 1) on warnings")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl",
                        help="language of the messages (default: nl)")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text for people, json for CI annotations, turtle for a SHACL "
                             "validation report (default: text)")
    parser.set_defaults(run=run)


def _input_error(args, exc: CompetentiesetError) -> int:
    """Report unreadable input: file:line:column: message, exit 2. A Turtle syntax error is
    explained in the steward's language (--lang), relative to the project, at the line to
    fix (validation/syntax.py); the parser's own words follow."""
    text = str(exc)
    data = {"conforms": False, "error": text}
    if isinstance(exc, TurtleSyntaxError):
        from competentieset.validation.syntax import explain

        e = explain(exc.problem, args.project_obj.root, args.lang)
        text = f"{e}\n  ({'parser' if args.lang == 'en' else 'de parser zegt'}: {e.parser})"
        data.update(error=str(e), file=e.file, line=e.line, column=e.column, message=e.message,
                    parser=e.parser)
    if args.format == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    print(text, file=sys.stderr)
    return 2


def run(args) -> int:
    from competentieset.validation import limited, validate_paths

    project = args.project_obj
    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"{', '.join(missing)}: no such file or folder", file=sys.stderr)
        return 2
    try:
        # the project's own vocabulary: keep a record of what it found (.build-cache/), with
        # which import-xlsx validates only what an edit can affect (validation/limited.py)
        state = None if paths else limited.read_ontology_digest(project)
        report = validate_paths(project, paths or None, args.lang)
        if state is not None and limited.read_ontology_digest(project) == state:  # unchanged meanwhile
            limited.save_record(project, limited.state_key(project, state), report)
    except CompetentiesetError as exc:
        return _input_error(args, exc)
    if args.format == "json":
        sys.stdout.write(report.to_json(args.lang))
    elif args.format == "turtle":
        sys.stdout.write(report.to_turtle())
    else:
        sys.stdout.write(report.to_text(args.lang))
    if report.has_violations or (args.strict and report.has_warnings):
        return 1
    return 0
