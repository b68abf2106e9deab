"""Validation of the vocabulary before it is published.

PLACEHOLDER, replaced by the `validate` branch (helper A) at merge. It exists only so
that `competentieset build` can validate first in this branch. It keeps exactly the
interface the build relies on:

    validate(vocab, lang="nl") -> Report     Report.has_violations, Report.summary()

This placeholder runs the official NL-SBB SHACL profile (a copy of
standards/nl-sbb/skos-ap-nl.ttl in validation_placeholder/, or the project's shapes/ when
that folder has any) with pyshacl and counts results by severity. It is slow (pyshacl on
rdflib) and reports no messages per resource; helper A's module does the real work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

_BUNDLED_SHAPES = Path(__file__).parent / "validation_placeholder" / "skos-ap-nl.ttl"
_SH = "http://www.w3.org/ns/shacl#"


@dataclass
class Report:
    """Result of validating a vocabulary (placeholder: counts per severity only)."""

    counts: dict[str, int] = field(default_factory=dict)  # 'Violation'/'Warning'/'Info' -> n
    focus_nodes: list[str] = field(default_factory=list)  # resources with a Violation

    @property
    def has_violations(self) -> bool:
        return self.counts.get("Violation", 0) > 0

    def summary(self) -> str:
        parts = [f"{self.counts.get(s, 0)} {s.lower()}(s)" for s in ("Violation", "Warning", "Info")]
        text = ", ".join(parts)
        if self.focus_nodes:
            text += "; violations on: " + ", ".join(self.focus_nodes[:10])
            if len(self.focus_nodes) > 10:
                text += f" and {len(self.focus_nodes) - 10} more"
        return text


def _shape_files(vocab) -> list[Path]:
    shapes_dir = vocab.project.shapes_dir
    own = sorted(shapes_dir.rglob("*.ttl")) if shapes_dir.is_dir() else []
    return own or [_BUNDLED_SHAPES]


def validate(vocab, lang: str = "nl") -> Report:
    """Run the SHACL shapes on the vocabulary's union graph (placeholder, see module doc)."""
    import pyshacl
    import rdflib

    shapes = rdflib.Graph()
    for path in _shape_files(vocab):
        shapes.parse(path, format="turtle")
    _, results, _ = pyshacl.validate(vocab.to_rdflib(), shacl_graph=shapes, advanced=True)
    sh = rdflib.Namespace(_SH)
    report = Report()
    focus = set()
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = str(results.value(result, sh.resultSeverity)).removeprefix(_SH)
        report.counts[severity] = report.counts.get(severity, 0) + 1
        if severity == "Violation":
            focus.add(str(results.value(result, sh.focusNode)))
    report.focus_nodes = sorted(focus)
    return report
