"""What changed between two versions of the vocabulary, per concept.

    diff_vocabularies(old, new) -> ChangeSet
    ChangeSet.to_markdown(lang) -> str      (changes page, release notes)
    ChangeSet.to_json() -> str

Concepts and concept schemes (skos:Concept, skos:ConceptScheme) are compared by URI:
added, removed (a published URI should never be: validate's register gate refuses it),
deprecated (owl:deprecated true, with dct:isReplacedBy), relabelled and redefined per
language (skos:prefLabel, skos:definition), moved in the hierarchy (skos:broader or
inverse skos:narrower; top concept of), and mappings changed (skos:*Match). Lists are
sorted, so the output is deterministic.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from competentieset.model.namespaces import STANDARD

SKOS = STANDARD["skos"]
OWL_DEPRECATED = STANDARD["owl"] + "deprecated"
IS_REPLACED_BY = STANDARD["dct"] + "isReplacedBy"
MAPPINGS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


@dataclass
class State:
    """What the diff compares of one concept or scheme."""

    labels: dict = field(default_factory=dict)  # lang -> sorted tuple of labels
    definitions: dict = field(default_factory=dict)
    broader: tuple = ()
    top_of: tuple = ()
    mappings: dict = field(default_factory=dict)  # property local name -> tuple of IRIs
    deprecated: bool = False
    replaced_by: tuple = ()


def _snapshot(vocab) -> dict[str, State]:
    states: dict[str, State] = {}
    for row in vocab.query(
        f"SELECT DISTINCT ?s WHERE {{ ?s a ?t FILTER(isIRI(?s) && ?t IN (<{SKOS}Concept>, <{SKOS}ConceptScheme>)) }}"
    ):
        states[row["s"].value] = State()

    def collect(query: str):
        for row in vocab.query(query):
            state = states.get(row["s"].value)
            if state is not None:
                yield state, row

    texts: dict = {}
    for state, row in collect(
        f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(?p IN (<{SKOS}prefLabel>, <{SKOS}definition>) && isLiteral(?o)) }}"
    ):
        kind = "labels" if row["p"].value.endswith("prefLabel") else "definitions"
        texts.setdefault((id(state), kind), (state, kind, {}))[2].setdefault(
            row["o"].language or "", set()).add(row["o"].value)
    for state, kind, by_lang in texts.values():
        setattr(state, kind, {lang: tuple(sorted(v)) for lang, v in sorted(by_lang.items())})
    links: dict = {}
    for state, row in collect(
        f"SELECT ?s ?rel ?o WHERE {{ "
        f"{{ ?s <{SKOS}broader> ?o BIND('broader' AS ?rel) }} UNION {{ ?o <{SKOS}narrower> ?s BIND('broader' AS ?rel) }} UNION "
        f"{{ ?s <{SKOS}topConceptOf> ?o BIND('top_of' AS ?rel) }} UNION {{ ?o <{SKOS}hasTopConcept> ?s BIND('top_of' AS ?rel) }} UNION "
        f"{{ ?s <{IS_REPLACED_BY}> ?o BIND('replaced_by' AS ?rel) }} UNION "
        f"{{ ?s ?p ?o FILTER(?p IN ({', '.join(f'<{SKOS}{m}>' for m in MAPPINGS)})) BIND(STRAFTER(STR(?p), '#') AS ?rel) }} "
        f"FILTER(isIRI(?o)) }}"
    ):
        links.setdefault(id(state), (state, {}))[1].setdefault(row["rel"].value, set()).add(row["o"].value)
    for state, by_rel in links.values():
        for rel, values in by_rel.items():
            if rel in MAPPINGS:
                state.mappings[rel] = tuple(sorted(values))
            else:
                setattr(state, rel, tuple(sorted(values)))
    for state, _ in collect(f"SELECT ?s WHERE {{ ?s <{OWL_DEPRECATED}> true }}"):
        state.deprecated = True
    return states


@dataclass
class Change:
    """One change to one resource."""

    kind: str  # added | removed | deprecated | relabelled | redefined | moved | mapping
    uri: str
    label: str  # in the new version where it exists, else the old one (nl first)
    lang: str | None = None
    property: str | None = None
    old: list = field(default_factory=list)
    new: list = field(default_factory=list)


KINDS = ("added", "removed", "deprecated", "relabelled", "redefined", "moved", "mapping")
_HEADINGS = {
    "nl": {"title": "Wijzigingen", "none": "Geen wijzigingen.", "added": "Toegevoegd",
           "removed": "Verwijderd", "deprecated": "Verouderd", "relabelled": "Andere voorkeursterm",
           "redefined": "Andere definitie", "moved": "Verplaatst in de hiërarchie",
           "mapping": "Koppelingen gewijzigd", "replaced": "vervangen door", "was": "was",
           "now": "nu", "none_value": "geen", "top": "topbegrip van", "added_m": "toegevoegd",
           "removed_m": "verwijderd"},
    "en": {"title": "Changes", "none": "No changes.", "added": "Added", "removed": "Removed",
           "deprecated": "Deprecated", "relabelled": "Relabelled", "redefined": "Redefined",
           "moved": "Moved in the hierarchy", "mapping": "Mappings changed",
           "replaced": "replaced by", "was": "was", "now": "now", "none_value": "none",
           "top": "top concept of", "added_m": "added", "removed_m": "removed"},
}


@dataclass
class ChangeSet:
    """The changes between two versions, sorted by kind, resource, language, property."""

    changes: list[Change] = field(default_factory=list)

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def to_json(self) -> str:
        data = {kind: [asdict(c) for c in self.of(kind)] for kind in KINDS}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_markdown(self, lang: str = "nl") -> str:
        h = _HEADINGS.get(lang, _HEADINGS["en"])
        lines = [f"# {h['title']}", ""]
        if not self.changes:
            return "\n".join(lines + [h["none"], ""])
        for kind in KINDS:
            items = self.of(kind)
            if not items:
                continue
            lines += [f"## {h[kind]} ({len(items)})", ""]
            for c in items:
                name = f"[{_md(c.label) or c.uri}](<{c.uri}>)"
                if kind in ("added", "removed"):
                    lines.append(f"- {name}")
                elif kind == "deprecated":
                    lines.append(f"- {name}: {h['replaced']} " + (", ".join(f"<{u}>" for u in c.new) or h["none_value"]))
                elif kind in ("relabelled", "redefined"):
                    lines.append(f"- {name} (@{c.lang}): {h['was']} “{_md(' | '.join(c.old)) or h['none_value']}”, "
                                 f"{h['now']} “{_md(' | '.join(c.new)) or h['none_value']}”")
                elif kind == "moved":
                    what = f" ({h['top']})" if c.property == "topConceptOf" else ""
                    lines.append(f"- {name}{what}: {h['was']} " + (", ".join(f"<{u}>" for u in c.old) or h["none_value"])
                                 + f", {h['now']} " + (", ".join(f"<{u}>" for u in c.new) or h["none_value"]))
                else:
                    added = sorted(set(c.new) - set(c.old))
                    removed = sorted(set(c.old) - set(c.new))
                    parts = []
                    if added:
                        parts.append(f"{h['added_m']} " + ", ".join(f"<{u}>" for u in added))
                    if removed:
                        parts.append(f"{h['removed_m']} " + ", ".join(f"<{u}>" for u in removed))
                    lines.append(f"- {name}, skos:{c.property}: " + "; ".join(parts))
            lines.append("")
        return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("\n", " ").replace("[", "\\[").replace("]", "\\]")


def _label(state: State | None, other: State | None) -> str:
    for s in (state, other):
        if s is None:
            continue
        for lang in ("nl", "en", ""):
            if s.labels.get(lang):
                return s.labels[lang][0]
    return ""


def diff_vocabularies(old, new) -> ChangeSet:
    """Compare two loaded Vocabulary objects (both under the same base URI)."""
    before, after = _snapshot(old), _snapshot(new)
    changes: list[Change] = []
    for uri in sorted(set(after) - set(before)):
        changes.append(Change("added", uri, _label(after[uri], None)))
    for uri in sorted(set(before) - set(after)):
        changes.append(Change("removed", uri, _label(before[uri], None)))
    for uri in sorted(set(before) & set(after)):
        a, b = before[uri], after[uri]
        label = _label(b, a)
        if b.deprecated and not a.deprecated:
            changes.append(Change("deprecated", uri, label, new=list(b.replaced_by)))
        for kind, attr in (("relabelled", "labels"), ("redefined", "definitions")):
            old_texts, new_texts = getattr(a, attr), getattr(b, attr)
            for lang in sorted(set(old_texts) | set(new_texts)):
                if old_texts.get(lang, ()) != new_texts.get(lang, ()):
                    changes.append(Change(kind, uri, label, lang=lang or None,
                                          old=list(old_texts.get(lang, ())), new=list(new_texts.get(lang, ()))))
        for prop, attr in (("broader", "broader"), ("topConceptOf", "top_of")):
            if getattr(a, attr) != getattr(b, attr) and not (b.deprecated and not a.deprecated):
                changes.append(Change("moved", uri, label, property=prop,
                                      old=list(getattr(a, attr)), new=list(getattr(b, attr))))
        for prop in sorted(set(a.mappings) | set(b.mappings)):
            if a.mappings.get(prop, ()) != b.mappings.get(prop, ()):
                changes.append(Change("mapping", uri, label, property=prop,
                                      old=list(a.mappings.get(prop, ())), new=list(b.mappings.get(prop, ()))))
    order = {k: i for i, k in enumerate(KINDS)}
    changes.sort(key=lambda c: (order[c.kind], c.uri, c.lang or "", c.property or ""))
    return ChangeSet(changes)
