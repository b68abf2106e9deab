"""Findings and the report: text for stewards, JSON for CI, Turtle as a SHACL report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from competentieset.model import namespaces
from competentieset.validation.shapes import SEVERITIES, SH

_WORDS = {
    "nl": {
        "Violation": ("overtreding", "overtredingen"),
        "Warning": ("waarschuwing", "waarschuwingen"),
        "Info": ("melding", "meldingen"),
        "in": "bij", "resource": ("resource", "resources"),
        "ok": "Geen bevindingen: het vocabulaire is geldig.",
        "value": "waarde", "rule": "regel", "path": "eigenschap",
        "heading": {"Violation": "Overtredingen", "Warning": "Waarschuwingen", "Info": "Meldingen"},
    },
    "en": {
        "Violation": ("violation", "violations"),
        "Warning": ("warning", "warnings"),
        "Info": ("info", "infos"),
        "in": "on", "resource": ("resource", "resources"),
        "ok": "No findings: the vocabulary is valid.",
        "value": "value", "rule": "rule", "path": "property",
        "heading": {"Violation": "Violations", "Warning": "Warnings", "Info": "Info"},
    },
}


def words(lang: str) -> dict:
    return _WORDS.get(lang, _WORDS["en"])


@dataclass
class Finding:
    """One validation result, located in the source files."""

    severity: str  # Violation | Warning | Info
    rule: str  # short rule name, e.g. skos-integriteit/Concept-prefLabel
    shape: str  # IRI of the source shape (or of the release-gate rule)
    component: str  # constraint component, e.g. MinCountConstraintComponent
    focus: str  # the resource (IRI, or N-Triples form of a blank node)
    label: str = ""  # its label in the report language
    path: str | None = None  # the property (IRI) where known
    value: str | None = None  # the offending value, as N-Triples term text
    message: dict = field(default_factory=dict)  # lang -> text
    file: str | None = None  # file (relative to the project) where the resource is defined
    line: int | None = None
    source_constraint: str | None = None
    parameter: str | None = None  # the constraint's parameter (e.g. the disjoint property)

    def text(self, lang: str) -> str:
        return self.message.get(lang) or self.message.get("en") or self.message.get("nl") \
            or self.message.get("") or self.rule

    def where(self) -> str:
        if self.file is None:
            return "?"
        return f"{self.file}:{self.line}" if self.line else self.file

    def as_dict(self, lang: str) -> dict:
        data = asdict(self)
        del data["source_constraint"]  # a blank node label: differs from run to run
        data["message"] = self.text(lang)
        data["messages"] = self.message
        return data


def _sort_key(f: Finding):
    return (SEVERITIES.index(f.severity), f.file or "~", f.line or 0, f.focus, f.rule,
            f.path or "", f.value or "")


@dataclass
class Report:
    """The outcome of validate(): findings sorted by severity, file and line."""

    findings: list[Finding] = field(default_factory=list)
    lang: str = "nl"
    base: str = ""  # the base URI: the model's IRIs under it are shown as cs:Name

    def __post_init__(self):
        self.findings.sort(key=_sort_key)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Info"]

    @property
    def has_violations(self) -> bool:
        return bool(self.violations)

    @property
    def has_warnings(self) -> bool:
        return bool(self.warnings)

    def summary(self, lang: str | None = None) -> str:
        w = words(lang or self.lang)
        if not self.findings:
            return w["ok"]
        parts = []
        for sev in SEVERITIES:
            n = sum(1 for f in self.findings if f.severity == sev)
            if n or sev != "Info":
                parts.append(f"{n} {w[sev][0 if n == 1 else 1]}")
        resources = len({f.focus for f in self.findings})
        noun = w["resource"][0 if resources == 1 else 1]
        return f"{', '.join(parts)} {w['in']} {resources} {noun}"

    # ------------------------------------------------------------------ renderings

    def to_text(self, lang: str | None = None) -> str:
        lang = lang or self.lang
        w = words(lang)
        out = []
        for sev in SEVERITIES:
            group = [f for f in self.findings if f.severity == sev]
            if not group:
                continue
            out.append(f"{w['heading'][sev]} ({len(group)})")
            current = None
            for f in group:
                key = (f.focus, f.file, f.line)
                if key != current:
                    current = key
                    label = f" {f.label}" if f.label else ""
                    out.append(f"  {f.where()}:{label} <{f.focus}>" if not f.focus.startswith("_:")
                               else f"  {f.where()}:{label} {f.focus}")
                detail = [f"{w['rule']} {f.rule}"]
                if f.path:
                    detail.append(f"{w['path']} {compact(f.path, self.base)}")
                if f.value is not None:
                    detail.append(f"{w['value']} {_clip(f.value)}")
                out.append(f"    - {f.text(lang)}")
                out.append(f"      ({'; '.join(detail)})")
            out.append("")
        out.append(self.summary(lang))
        return "\n".join(out) + "\n"

    def to_json(self, lang: str | None = None) -> str:
        lang = lang or self.lang
        counts = {sev.lower(): sum(1 for f in self.findings if f.severity == sev) for sev in SEVERITIES}
        data = {
            "conforms": not self.findings,
            "counts": counts,
            "summary": self.summary(lang),
            "findings": [f.as_dict(lang) for f in self.findings],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def to_turtle(self) -> str:
        """The findings as a SHACL validation report (sh: vocabulary), deterministic."""
        lines = [f"@prefix sh: <{SH}> .", "", "[] a sh:ValidationReport ;",
                 f"    sh:conforms {'true' if not self.findings else 'false'}"]
        for f in self.findings:
            body = [
                "a sh:ValidationResult",
                f"sh:focusNode {_node(f.focus)}",
                f"sh:resultSeverity sh:{f.severity}",
                f"sh:sourceShape {_node(f.shape)}",
                f"sh:sourceConstraintComponent sh:{f.component}"
                if not f.component.startswith("http") else f"sh:sourceConstraintComponent <{f.component}>",
            ]
            if f.path:
                body.append(f"sh:resultPath <{f.path}>")
            if f.value is not None:
                body.append(f"sh:value {f.value}")
            for lang in sorted(f.message):
                body.append(f"sh:resultMessage {ox.Literal(f.message[lang], language=lang) if lang else ox.Literal(f.message[lang])}")
            lines[-1] += " ;"
            lines.append("    sh:result [\n        " + " ;\n        ".join(body) + "\n    ]")
        lines[-1] += " ."
        return "\n".join(lines) + "\n"


def _node(text: str) -> str:
    return text if text.startswith("_:") else f"<{text}>"


# the prefixes a steward reads in a report (from model.namespaces)
REPORT_PREFIXES = ("skos", "dct", "rdfs", "rdf", "owl", "foaf", "cs")


def compact(iri: str, base: str) -> str:
    """A well-known IRI (or one of the model's, under `base`) as prefix:name, others in
    angle brackets (shape IRIs under def/shacl/ among them)."""
    return namespaces.compact(iri, namespaces.table(REPORT_PREFIXES, base), f"<{iri}>",
                              simple=True)


def _clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
