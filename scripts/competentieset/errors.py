"""Errors the library raises; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class CompetentiesetError(Exception):
    """Base class: a problem a user can fix, with a message that says how."""


@dataclass
class SyntaxProblem:
    """Where a Turtle file fails to parse."""

    path: Path
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class TurtleSyntaxError(CompetentiesetError):
    """A file in ontology/ (or given on the command line) is not valid Turtle."""

    def __init__(self, problem: SyntaxProblem):
        self.problem = problem
        super().__init__(str(problem))

    def __reduce__(self):  # pickled with its problem (from a forked child to its parent)
        return (type(self), (self.problem,))


class CatalogError(CompetentiesetError):
    """ontology/herkomst.ttl and the files in ontology/ disagree."""
