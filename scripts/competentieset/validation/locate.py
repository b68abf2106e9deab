"""Where a resource is defined: the line of its subject block in each Turtle file.

A block starts at column 0 with the subject (`prefix:name`, `prefix:` or `<IRI>`), the
style every file in ontology/ is written in. Files are read as text once per run; a
resource may have blocks in several files (labels in one, translations in another).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z0-9_.-]*):\s*<([^>]*)>", re.I)
_BASE = re.compile(r"^\s*(?:@base|BASE)\s+<([^>]*)>", re.I)
_SUBJECT = re.compile(r"^(<[^>\s]*>|[A-Za-z][\w.-]*:[^\s;,]*|:[^\s;,]*)")


@dataclass
class Locator:
    """Subject IRI -> [(file, line)] in load order, for the files of one vocabulary."""

    rebase: tuple[str, str] | None = None
    blocks: dict = field(default_factory=dict)

    def add_file(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        prefixes: dict[str, str] = {}
        in_long = False
        for number, line in enumerate(text.splitlines(), start=1):
            if in_long:
                if line.count('"""') % 2 == 1:
                    in_long = False
                continue
            if line.count('"""') % 2 == 1:
                in_long = True
            m = _PREFIX.match(line)
            if m:
                prefixes[m.group(1)] = m.group(2)
                continue
            if _BASE.match(line) or not line or line[0] in " \t#@)]":
                continue
            m = _SUBJECT.match(line)
            if not m:
                continue
            token = m.group(1)
            if token.startswith("<"):
                iri = token[1:-1]
            else:
                prefix, _, local = token.partition(":")
                if prefix not in prefixes:
                    continue
                iri = prefixes[prefix] + local.rstrip(".")
            if self.rebase and iri.startswith(self.rebase[0]):
                iri = self.rebase[1] + iri[len(self.rebase[0]):]
            self.blocks.setdefault(iri, []).append((path, number))

    def where(self, iri: str, prefer: list[Path] | None = None) -> tuple[Path, int] | None:
        """The block of `iri`, in the first of `prefer` that has one, else its first block."""
        found = self.blocks.get(iri)
        if not found:
            return None
        for path in prefer or []:
            for p, line in found:
                if p == path:
                    return p, line
        return found[0]

    def line_in(self, path: Path, iri: str) -> int | None:
        for p, line in self.blocks.get(iri, []):
            if p == path:
                return line
        return None
