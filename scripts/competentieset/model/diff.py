"""What changed between two versions of the vocabulary: every statement, per resource.

    diff_vocabularies(old, new) -> ChangeSet
    ChangeSet.to_markdown(lang) -> str      (changes page, release notes)
    ChangeSet.to_json() -> str

Every triple of the two union graphs (but the build's derived graph of identifiers and
dates) is compared, grouped by subject (an IRI) and property, so a property the model adds later is compared too. A resource present in only
one version is `added` or `removed` (a published URI should never be removed: validate's
register gate refuses it); one newly marked owl:deprecated is `deprecated` (with its
dct:isReplacedBy). Every other difference is one entry per resource and property (and per
language for texts), of the kind its property belongs to:

    relabelled   skos:prefLabel                  redefined  skos:definition
    moved        skos:broader, narrower, topConceptOf, hasTopConcept
    mapping      skos:exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch
    changed      any other property (areas, kernprofiel, notes, notations, ...)

Each entry names its property (`skos:prefLabel`, `cs:raaktGebied`) with the property's
own label where the data gives one, and carries the labels of the resource and of every
IRI among its values, so neither people nor machines see bare URIs. Sorted, deterministic.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from competentieset.model.namespaces import STANDARD, prefixes

SKOS = STANDARD["skos"]
OWL_DEPRECATED = STANDARD["owl"] + "deprecated"
IS_REPLACED_BY = STANDARD["dct"] + "isReplacedBy"
MAPPINGS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
HIERARCHY = ("broader", "narrower", "topConceptOf", "hasTopConcept")
LABEL_PROPERTIES = (f"{SKOS}prefLabel", STANDARD["rdfs"] + "label", STANDARD["foaf"] + "name",
                    STANDARD["dct"] + "title")


def _kind_of(prop: str) -> str:
    if prop == f"{SKOS}prefLabel":
        return "relabelled"
    if prop == f"{SKOS}definition":
        return "redefined"
    if prop.startswith(SKOS) and prop[len(SKOS):] in HIERARCHY:
        return "moved"
    if prop.startswith(SKOS) and prop[len(SKOS):] in MAPPINGS:
        return "mapping"
    return "changed"


def _value(term) -> tuple[str, str | None, bool]:
    """(text, language, is IRI) of an object term."""
    if isinstance(term, ox.NamedNode):
        return term.value, None, True
    if isinstance(term, ox.Literal):
        return term.value, term.language, False
    return str(term), None, False


def _statements(vocab) -> dict[str, dict[str, set]]:
    """subject IRI -> property IRI -> {(text, lang, is_iri)} over the union of the graphs,
    without the build's derived graph (identifiers and dates made from the release history:
    not an edit, and absent from a version read from git, so `diff` and the published
    change list agree)."""
    from competentieset.model.identifiers import graph_iri

    derived = graph_iri(vocab.project.base)
    out: dict[str, dict[str, set]] = {}
    for quad in vocab.store.quads_for_pattern(None, None, None, None):
        if not isinstance(quad.subject, ox.NamedNode):
            continue
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value == derived:
            continue
        out.setdefault(quad.subject.value, {}).setdefault(quad.predicate.value, set()).add(_value(quad.object))
    return out


def _label_table(*tables) -> dict[str, dict[str, str]]:
    """IRI -> {lang: label}: the first label per language (sorted), later tables first."""
    labels: dict[str, dict[str, str]] = {}
    for table in tables:
        for iri, props in table.items():
            for prop in LABEL_PROPERTIES:
                for text, lang, is_iri in sorted(props.get(prop, ()), key=lambda v: (v[1] or "", v[0])):
                    if not is_iri:
                        labels.setdefault(iri, {}).setdefault(lang or "", text)
    return labels


@dataclass
class Change:
    """One change to one resource: one property (and language), its old and new values."""

    kind: str  # added | removed | deprecated | relabelled | redefined | moved | mapping | changed
    uri: str
    label: str  # in the new version where it exists, else the old one (nl first)
    lang: str | None = None
    property: str | None = None  # compact, e.g. skos:prefLabel, cs:raaktGebied
    old: list = field(default_factory=list)  # IRIs or texts
    new: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)  # {lang: label} of the resource
    property_iri: str | None = None
    property_labels: dict = field(default_factory=dict)  # {lang: label} of the property
    value_labels: dict = field(default_factory=dict)  # IRI among old/new -> {lang: label}


KINDS = ("added", "removed", "deprecated", "relabelled", "redefined", "moved", "mapping", "changed")
_HEADINGS = {
    "nl": {"title": "Wijzigingen", "none": "Geen wijzigingen.", "added": "Toegevoegd",
           "removed": "Verwijderd", "deprecated": "Verouderd", "relabelled": "Andere voorkeursterm",
           "redefined": "Andere definitie", "moved": "Verplaatst in de hiërarchie",
           "mapping": "Koppelingen gewijzigd", "changed": "Andere uitspraken gewijzigd",
           "replaced": "vervangen door", "was": "was",
           "now": "nu", "none_value": "geen", "added_m": "toegevoegd",
           "removed_m": "verwijderd"},
    "en": {"title": "Changes", "none": "No changes.", "added": "Added", "removed": "Removed",
           "deprecated": "Deprecated", "relabelled": "Relabelled", "redefined": "Redefined",
           "moved": "Moved in the hierarchy", "mapping": "Mappings changed",
           "changed": "Other statements changed",
           "replaced": "replaced by", "was": "was", "now": "now", "none_value": "none",
           "added_m": "added", "removed_m": "removed"},
}


def _pick(labels: dict, lang: str) -> str:
    for key in (lang, "nl", "en", ""):
        if labels.get(key):
            return labels[key]
    return next(iter(sorted(labels.values())), "")


@dataclass
class ChangeSet:
    """The changes between two versions, sorted by kind, resource, property, language."""

    changes: list[Change] = field(default_factory=list)

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def to_json(self) -> str:
        data = {kind: [asdict(c) for c in self.of(kind)] for kind in KINDS}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_markdown(self, lang: str = "nl") -> str:
        """Markdown in `lang` (nl or en): headings, link texts and property names in it."""
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
                name = f"[{_md(_pick(c.labels, lang) or c.label) or c.uri}](<{c.uri}>)"

                def link(iri: str, c=c) -> str:
                    text = _pick(c.value_labels.get(iri, {}), lang)
                    return f"[{_md(text)}](<{iri}>)" if text else f"<{iri}>"

                if kind in ("added", "removed"):
                    lines.append(f"- {name}")
                    continue
                if kind == "deprecated":
                    lines.append(f"- {name}: {h['replaced']} " + (", ".join(link(u) for u in c.new) or h["none_value"]))
                    continue
                prop = f"`{c.property}`"
                plabel = _pick(c.property_labels, lang)
                if plabel:
                    prop = f"{_md(plabel)} ({prop})"
                where = f"{prop} (@{c.lang})" if c.lang else prop
                iris = any(u in c.value_labels or u.startswith(("http://", "https://"))
                           for u in c.old + c.new) and not c.lang
                if iris:
                    added = sorted(set(c.new) - set(c.old))
                    removed = sorted(set(c.old) - set(c.new))
                    parts = []
                    if added:
                        parts.append(f"{h['added_m']} " + ", ".join(link(u) for u in added))
                    if removed:
                        parts.append(f"{h['removed_m']} " + ", ".join(link(u) for u in removed))
                    lines.append(f"- {name}, {where}: " + "; ".join(parts))
                else:
                    lines.append(f"- {name}, {where}: {h['was']} “{_md(' | '.join(c.old)) or h['none_value']}”, "
                                 f"{h['now']} “{_md(' | '.join(c.new)) or h['none_value']}”")
            lines.append("")
        return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("\n", " ").replace("[", "\\[").replace("]", "\\]")


def _compact(iri: str, table: dict[str, str]) -> str:
    best = ""
    for name, ns in table.items():
        if iri.startswith(ns) and len(ns) > len(table.get(best, "")) and "/" not in iri[len(ns):]:
            best = name
    return f"{best}:{iri[len(table[best]):]}" if best else iri


def diff_vocabularies(old, new) -> ChangeSet:
    """Compare two loaded Vocabulary objects (both under the same base URI)."""
    return diff_statements(_statements(old), _statements(new), new.project.base)


def diff_statements(before: dict, after: dict, base: str) -> ChangeSet:
    """Compare two statement tables (subject IRI -> property IRI -> {(text, lang, is IRI)},
    as _statements gives) under `base`. A caller that knows which resources changed may
    pass only those, plus the label statements of every IRI their entries name (their
    properties and values): resources absent from both tables, or equal in both, give no
    entry, so the result is the same as of the whole vocabularies (import-xlsx does so)."""
    labels = _label_table(before, after)  # new labels win (setdefault: after first below)
    labels = {**labels, **{k: {**labels.get(k, {}), **v} for k, v in _label_table(after).items()}}
    table = prefixes(base)
    changes: list[Change] = []

    def label_of(iri: str) -> str:
        return _pick(labels.get(iri, {}), "nl")

    def entry(kind, uri, **kw) -> Change:
        return Change(kind, uri, label_of(uri), labels=dict(sorted(labels.get(uri, {}).items())), **kw)

    for uri in sorted(set(after) - set(before)):
        changes.append(entry("added", uri))
    for uri in sorted(set(before) - set(after)):
        changes.append(entry("removed", uri))
    true = ("true", None, False)
    for uri in sorted(set(before) & set(after)):
        a, b = before[uri], after[uri]
        newly_deprecated = true in b.get(OWL_DEPRECATED, set()) and true not in a.get(OWL_DEPRECATED, set())
        if newly_deprecated:
            successors = sorted(v[0] for v in b.get(IS_REPLACED_BY, ()) if v[2])
            changes.append(entry("deprecated", uri, property="owl:deprecated",
                                 property_iri=OWL_DEPRECATED, new=successors,
                                 value_labels={s: dict(sorted(labels.get(s, {}).items())) for s in successors}))
        for prop in sorted(set(a) | set(b)):
            if newly_deprecated and prop in (OWL_DEPRECATED, IS_REPLACED_BY):
                continue
            olds, news = a.get(prop, set()), b.get(prop, set())
            if olds == news:
                continue
            kind = _kind_of(prop)
            if newly_deprecated and kind == "moved":
                continue  # a deprecated concept leaves the hierarchy; the entry says so
            groups: dict = {}
            for values, side in ((olds, 0), (news, 1)):
                for text, lang, is_iri in values:
                    key = None if is_iri else (lang or None)
                    groups.setdefault(key, ([], []))[side].append(text)
            for key in sorted(groups, key=lambda k: k or ""):
                o, n = sorted(groups[key][0]), sorted(groups[key][1])
                if o == n:
                    continue
                iris = {v[0] for v in olds | news if v[2]} if key is None else set()
                changes.append(entry(
                    kind, uri, lang=key, property=_compact(prop, table), property_iri=prop,
                    property_labels=dict(sorted(labels.get(prop, {}).items())), old=o, new=n,
                    value_labels={i: dict(sorted(labels.get(i, {}).items())) for i in sorted(iris)
                                  if labels.get(i)}))
    order = {k: i for i, k in enumerate(KINDS)}
    changes.sort(key=lambda c: (order[c.kind], c.uri, c.property or "", c.lang or ""))
    return ChangeSet(changes)
