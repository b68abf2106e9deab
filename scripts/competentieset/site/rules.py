"""The validation rules, read generically from every shapes/*.ttl for the model page.

A rule is any node with sh:message, sh:name, sh:description or sh:severity, or typed
sh:NodeShape / sh:PropertyShape. Shapes may be blank nodes (property shapes inside a node
shape), so rules are sorted by file and their texts, never by blank node id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from competentieset.errors import SyntaxProblem, TurtleSyntaxError

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Rule:
    file: str  # path relative to the shapes folder
    iri: str | None  # None for a blank node shape
    names: dict[str, str] = field(default_factory=dict)  # lang -> text
    descriptions: dict[str, str] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    severity: str | None = None  # 'Violation', 'Warning', 'Info' (local name)
    target: str | None = None  # sh:targetClass or the parent's, for context
    path: str | None = None  # sh:path when an IRI

    def text(self, kind: str, lang: str) -> str | None:
        found = getattr(self, kind)
        return found.get(lang) or found.get("") or found.get("nl") or found.get("en")


def read_rules(shapes_dir: Path) -> list[Rule]:
    rules: list[Rule] = []
    if not shapes_dir.is_dir():
        return rules
    for path in sorted(shapes_dir.rglob("*.ttl")):
        rules.extend(_rules_of(path, shapes_dir))
    return rules


def _rules_of(path: Path, root: Path) -> list[Rule]:
    try:
        triples = list(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE,
                                base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        raise TurtleSyntaxError(SyntaxProblem(path, exc.lineno, exc.offset, exc.msg)) from None
    by_subject: dict = {}
    parent: dict = {}
    for tr in triples:
        by_subject.setdefault(tr.subject, []).append(tr)
        if tr.predicate.value == SH + "property":
            parent[tr.object] = tr.subject
    result = []
    for subject, facts in by_subject.items():
        preds = {f.predicate.value for f in facts}
        types = {f.object.value for f in facts if f.predicate.value == RDF_TYPE
                 and isinstance(f.object, ox.NamedNode)}
        wanted = {SH + "message", SH + "name", SH + "description", SH + "severity"}
        if not (preds & wanted or types & {SH + "NodeShape", SH + "PropertyShape"}):
            continue
        texts = {"names": {}, "descriptions": {}, "messages": {}}
        severity = target = shape_path = None
        for f in facts:
            p, o = f.predicate.value, f.object
            key = {SH + "name": "names", SH + "description": "descriptions",
                   SH + "message": "messages"}.get(p)
            if key and isinstance(o, ox.Literal):
                texts[key].setdefault(o.language or "", o.value)
            elif p == SH + "severity" and isinstance(o, ox.NamedNode):
                severity = o.value.rsplit("#", 1)[-1]
            elif p == SH + "targetClass" and isinstance(o, ox.NamedNode):
                target = o.value
            elif p == SH + "path" and isinstance(o, ox.NamedNode):
                shape_path = o.value
        if target is None and subject in parent:
            for f in by_subject.get(parent[subject], []):
                if f.predicate.value == SH + "targetClass" and isinstance(f.object, ox.NamedNode):
                    target = f.object.value
        result.append(Rule(
            file=str(path.relative_to(root)),
            iri=subject.value if isinstance(subject, ox.NamedNode) else None,
            severity=severity, target=target, path=shape_path, **texts,
        ))
    return sorted(result, key=lambda r: (
        r.file, r.iri or "~", r.target or "", r.path or "",
        sorted(r.names.items()), sorted(r.messages.items()), sorted(r.descriptions.items()),
    ))
