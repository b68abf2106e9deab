"""Turtle syntax errors as a data steward reads them: in Dutch (or English), with the path
relative to the project, at the line where the mistake is, in plain words.

The parser reports where it got stuck, which is not always where the mistake is: a block
ended with `;` instead of `.` is only noticed at the next block (the next subject is read
as one more value), two lines further down. `explain` moves such an error back to the line
that ends with the `;` and says what to write; parser terms become plain words. The
parser's own text stays available (`parser`), and is shown for errors we do not know.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from competentieset.errors import SyntaxProblem


@dataclass(frozen=True)
class Explained:
    file: str  # relative to the project where possible
    line: int | None
    column: int | None
    message: str
    parser: str  # what the parser said, at the line it said

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


_TEXTS = {
    "block_end": {
        "nl": "regel {line} eindigt met `;`, maar het blok eindigt daar: sluit het af met `.` "
              "(de parser liep pas op regel {found} vast, bij het volgende blok)",
        "en": "line {line} ends with `;` but the block ends there: end it with `.` (the parser "
              "only got stuck on line {found}, at the next block)",
    },
    "prefix": {
        "nl": "het voorvoegsel `{prefix}:` is niet gedeclareerd: een tikfout?{guess} Bovenaan het "
              "bestand staan de voorvoegsels die je kunt gebruiken ({known})",
        "en": "the prefix `{prefix}:` is not declared: a typo?{guess} The top of the file lists the "
              "prefixes you can use ({known})",
    },
    "guess": {"nl": " Bedoel je `{name}:`?", "en": " Did you mean `{name}:`?"},
    "newline_in_string": {
        "nl": "een tekst tussen aanhalingstekens loopt door tot het einde van de regel: er "
              "ontbreekt een afsluitend `\"` (vóór de taalcode, zoals \"...\"@nl)",
        "en": "a text in quotes runs on to the end of the line: a closing `\"` is missing (before "
              "the language tag, as in \"...\"@en)",
    },
    "object": {
        "nl": "hier wordt een waarde verwacht (een tekst \"...\"@nl, een getal of een URI zoals "
              "indicator:naam), maar er staat `{token}`",
        "en": "a value is expected here (a text \"...\"@en, a number or a URI such as "
              "indicator:name), but there is `{token}`",
    },
    "unread": {
        "nl": "het bestand kan niet worden gelezen: {detail}",
        "en": "the file cannot be read: {detail}",
    },
    "utf8": {
        "nl": "hier staat een teken dat geen UTF-8 is: sla het bestand op als UTF-8 (in je "
              "editor: opslaan met codering UTF-8) en controleer dit teken",
        "en": "there is a character here that is not UTF-8: save the file as UTF-8 (in your "
              "editor: save with encoding UTF-8) and check this character",
    },
    "other": {
        "nl": "dit is geen geldige Turtle (de parser zegt: {detail})",
        "en": "this is not valid Turtle (the parser says: {detail})",
    },
}


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


def _block_end(lines: list[str], line: int, column: int | None) -> int | None:
    """The line ending with `;` before a blank line, when the parser got stuck right after
    the next subject (its first predicate read as a value: column of the first token)."""
    index = line - 1
    if index >= len(lines) or index < 1:
        return None
    text = lines[index]
    if column is not None and text[: column - 1].strip():
        return None  # not at the first token of the line
    # the line above is the next block's subject (column 0), after one or more blank lines
    above = index - 1
    if above < 0 or not lines[above] or lines[above][0] in " \t#":
        return None
    blank = above - 1
    if blank < 0 or lines[blank].strip():
        return None
    while blank >= 0 and not lines[blank].strip():
        blank -= 1
    if blank >= 0 and lines[blank].rstrip().endswith(";"):
        return blank + 1
    return None


def explain(problem: SyntaxProblem, root: Path | None, lang: str = "nl") -> Explained:
    """The problem in the steward's language (nl or en), at the line to fix."""
    lang = lang if lang in ("nl", "en") else "nl"
    file = _relative(problem.path, root)
    raw = problem.message
    parser = f"{file}:{problem.line}:{problem.column}: {raw}" if problem.line else f"{file}: {raw}"
    if problem.line is None:
        return Explained(file, None, None, _TEXTS["unread"][lang].format(detail=raw), parser)
    try:
        lines = problem.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    line, column = problem.line, problem.column
    m = re.match(r"(.+) is not a valid RDF object", raw)
    if m:
        fixed = _block_end(lines, line, column)
        if fixed is not None:
            text = _TEXTS["block_end"][lang].format(line=fixed, found=line)
            return Explained(file, fixed, len(lines[fixed - 1].rstrip()), text, parser)
        return Explained(file, line, column, _TEXTS["object"][lang].format(token=m.group(1)), parser)
    m = re.match(r"The prefix (\S*): has not been declared", raw)
    if m:
        known = sorted({p for p in re.findall(r"(?im)^\s*@?prefix\s+([\w.-]*):", "\n".join(lines))})
        shown = ", ".join(f"{p}:" for p in known[:12]) + (", ..." if len(known) > 12 else "")
        close = difflib.get_close_matches(m.group(1), known, n=1)
        guess = _TEXTS["guess"][lang].format(name=close[0]) if close else ""
        text = _TEXTS["prefix"][lang].format(prefix=m.group(1), known=shown, guess=guess)
        return Explained(file, line, column, text, parser)
    if raw.startswith("Line jumps are not allowed in string literals"):
        return Explained(file, line, column, _TEXTS["newline_in_string"][lang], parser)
    if raw.startswith("Invalid UTF-8"):
        return Explained(file, line, column, _TEXTS["utf8"][lang], parser)
    return Explained(file, line, column, _TEXTS["other"][lang].format(detail=raw), parser)
