"""Compact JSON-LD written from the graph, with this project's own context.

pyoxigraph 0.5 writes JSON-LD only in expanded form (full IRIs, value objects); consumers
want short keys. So the build writes compact JSON-LD itself, deterministically, from one
context (`context(base)`). Every document carries its context inline (`"@context": {...}`):
the whole vocabulary the full context, a per-resource document the aliases, prefixes and
terms it uses. So any JSON-LD processor reads every file with no network and no document
loader (a remote context would have to be fetched from the base URI's host). The full
context is also published (layout.CONTEXT_FILE) for consumers who want to reuse it. The
writer decides every key and value from the context's own term definitions, so the
documents expand (rdflib, pyld, jsonld.js) to exactly the graph they were written from;
tests/build/test_jsonld_processors.py checks that.

Term kinds: a language map (`"prefLabel": {"nl": "...", "en": "..."}`), an IRI
(`"broader": "competentie:reflecteren"`), a typed literal (`"volgnummer": "1"` with
@type xsd:integer) or a plain string. A value that does not fit its term (say a
prefLabel without language) is written under the compact IRI (`"skos:prefLabel"`) as a
full value object, so nothing is lost.
"""

from __future__ import annotations

import json

from competentieset.model import namespaces
from competentieset.model.namespaces import RDF_TYPE, XSD_STRING, prefixes
from competentieset.publication.descriptions import Obj, object_of, split_line

# term -> (prefix, local name, kind); kind: "lang", "id", "string" or a datatype compact IRI
TERMS: dict[str, tuple[str, str, str]] = {
    # SKOS
    "prefLabel": ("skos", "prefLabel", "lang"),
    "altLabel": ("skos", "altLabel", "lang"),
    "hiddenLabel": ("skos", "hiddenLabel", "lang"),
    "definition": ("skos", "definition", "lang"),
    "scopeNote": ("skos", "scopeNote", "lang"),
    "editorialNote": ("skos", "editorialNote", "lang"),
    "changeNote": ("skos", "changeNote", "lang"),
    "historyNote": ("skos", "historyNote", "lang"),
    "example": ("skos", "example", "lang"),
    "note": ("skos", "note", "lang"),
    "notation": ("skos", "notation", "string"),
    "inScheme": ("skos", "inScheme", "id"),
    "topConceptOf": ("skos", "topConceptOf", "id"),
    "hasTopConcept": ("skos", "hasTopConcept", "id"),
    "broader": ("skos", "broader", "id"),
    "narrower": ("skos", "narrower", "id"),
    "related": ("skos", "related", "id"),
    "exactMatch": ("skos", "exactMatch", "id"),
    "closeMatch": ("skos", "closeMatch", "id"),
    "relatedMatch": ("skos", "relatedMatch", "id"),
    "broadMatch": ("skos", "broadMatch", "id"),
    "narrowMatch": ("skos", "narrowMatch", "id"),
    # Dublin Core, FOAF, PROV, RDFS, OWL
    "title": ("dct", "title", "lang"),
    "description": ("dct", "description", "lang"),
    "source": ("dct", "source", "id"),
    "publisher": ("dct", "publisher", "id"),
    "creator": ("dct", "creator", "id"),
    "bibliographicCitation": ("dct", "bibliographicCitation", "string"),
    "name": ("foaf", "name", "lang"),
    "homepage": ("foaf", "homepage", "id"),
    "page": ("foaf", "page", "id"),
    "hadPrimarySource": ("prov", "hadPrimarySource", "id"),
    "wasAttributedTo": ("prov", "wasAttributedTo", "id"),
    "wasDerivedFrom": ("prov", "wasDerivedFrom", "id"),
    "label": ("rdfs", "label", "lang"),
    "comment": ("rdfs", "comment", "lang"),
    "isDefinedBy": ("rdfs", "isDefinedBy", "id"),
    "subClassOf": ("rdfs", "subClassOf", "id"),
    "domain": ("rdfs", "domain", "id"),
    "range": ("rdfs", "range", "id"),
    "seeAlso": ("rdfs", "seeAlso", "id"),
    "deprecated": ("owl", "deprecated", "xsd:boolean"),
    "isReplacedBy": ("dct", "isReplacedBy", "id"),
    # the competency model
    "bronTekst": ("cs", "bronTekst", "lang"),
    "volgnummer": ("cs", "volgnummer", "xsd:integer"),
    "raaktGebied": ("cs", "raaktGebied", "id"),
    "sluitAanBij": ("cs", "sluitAanBij", "id"),
    "sluitAanBijTekst": ("cs", "sluitAanBijTekst", "lang"),
    "kernprofielCompetentie": ("cs", "kernprofielCompetentie", "id"),
    "schaalMinimum": ("cs", "schaalMinimum", "xsd:integer"),
    "schaalMaximum": ("cs", "schaalMaximum", "xsd:integer"),
    "vanafSchaal": ("cs", "vanafSchaal", "xsd:integer"),
    "herkomst": ("cs", "herkomst", "id"),
    "redactioneel": ("cs", "redactioneel", "xsd:boolean"),
    "bestand": ("cs", "bestand", "string"),
}


def context(base: str) -> dict:
    """The JSON-LD context document (published as layout.CONTEXT_FILE)."""
    ctx: dict[str, object] = {"id": "@id", "type": "@type"}
    ctx.update(prefixes(base))
    for term, (prefix, local, kind) in TERMS.items():
        definition: dict[str, str] = {"@id": f"{prefix}:{local}"}
        if kind == "lang":
            definition["@container"] = "@language"
        elif kind == "id":
            definition["@type"] = "@id"
        elif kind != "string":
            definition["@type"] = kind
        ctx[term] = definition
    return {"@context": ctx}


class Compactor:
    """Writes compact JSON-LD for sorted triples, driven by one context document."""

    def __init__(self, context_document: dict):
        ctx = context_document["@context"]
        self.context = ctx
        self.prefixes = sorted(
            ((name, iri) for name, iri in ctx.items() if isinstance(iri, str) and not iri.startswith("@")),
            key=lambda item: -len(item[1]),
        )
        self.prefix_iris = dict(self.prefixes)
        self.terms: dict[str, tuple[str, str]] = {}  # predicate IRI -> (term, kind)
        for term, definition in ctx.items():
            if isinstance(definition, dict):
                kind = "lang" if definition.get("@container") == "@language" else \
                    "id" if definition.get("@type") == "@id" else \
                    self.expand(definition["@type"]) if "@type" in definition else "string"
                self.terms[self.expand(definition["@id"])] = (term, kind)
        # the prefixes a term's definition needs (its @id, a datatype in @type)
        self.term_prefixes: dict[str, set[str]] = {
            term: {v.partition(":")[0] for v in definition.values()
                   if isinstance(v, str) and v.partition(":")[0] in self.prefix_iris}
            for term, definition in ctx.items() if isinstance(definition, dict)
        }
        self._compact_cache: dict[str, tuple[str, str | None]] = {}
        self._used: set[str] = set()  # context keys used by the document being written
        self._node_cache: dict[tuple, tuple[str, frozenset]] = {}  # see _nodes

    def expand(self, value: str) -> str:
        prefix, sep, local = value.partition(":")
        if sep and prefix in self.prefix_iris and not local.startswith("//"):
            return self.prefix_iris[prefix] + local
        return value

    def compact(self, iri: str) -> str:
        cached = self._compact_cache.get(iri)
        if cached is None:
            text = namespaces.compact(iri, self.prefix_iris)
            cached = (text, text.partition(":")[0]) if text != iri else (iri, None)
            self._compact_cache[iri] = cached
        if cached[1] is not None:
            self._used.add(cached[1])
        return cached[0]

    def _use_term(self, term: str) -> None:
        self._used.add(term)
        self._used.update(self.term_prefixes[term])

    def used_context(self) -> dict:
        """The context entries the document written since the last call uses (the id and
        type aliases always), in the full context's order."""
        used, self._used = self._used, set()
        return {k: v for k, v in self.context.items() if k in ("id", "type") or k in used}

    @staticmethod
    def _fits(kind: str, obj: Obj) -> bool:
        if kind == "id":
            return obj.datatype is None
        if obj.datatype is None:
            return False
        if kind == "lang":
            return bool(obj.language)
        return not obj.language and obj.datatype == (XSD_STRING if kind == "string" else kind)

    def _value_object(self, obj: Obj):
        if obj.datatype is None:
            return {"@id": self.compact(obj.value)}
        if obj.language:
            return {"@value": obj.value, "@language": obj.language}
        if obj.datatype == XSD_STRING:
            return obj.value
        return {"@value": obj.value, "@type": self.compact(obj.datatype)}

    def node(self, subject: str, rows) -> dict:
        """One node object for a subject's (predicate, Obj) pairs (sorted by predicate,
        object; descriptions.read_lines / term_object make them)."""
        node: dict[str, object] = {"id": self.compact(subject)}
        by_predicate: dict[str, list] = {}
        for predicate, obj in rows:
            by_predicate.setdefault(predicate, []).append(obj)
        types = by_predicate.pop(RDF_TYPE, None)
        if types is not None and all(o.datatype is None for o in types):
            node["type"] = _one_or_list([self.compact(o.value) for o in types])
        elif types is not None:
            by_predicate[RDF_TYPE] = types
        entries: list[tuple[str, object]] = []
        fits = self._fits
        for predicate, objects in by_predicate.items():
            term, kind = self.terms.get(predicate, (None, None))
            if term is not None and all(fits(kind, o) for o in objects):
                self._use_term(term)
                if kind == "lang":
                    langs: dict[str, list[str]] = {}
                    for o in objects:
                        langs.setdefault(o.language, []).append(o.value)
                    entries.append((term, {k: _one_or_list(v) for k, v in sorted(langs.items())}))
                elif kind == "id":
                    entries.append((term, _one_or_list([self.compact(o.value) for o in objects])))
                else:
                    entries.append((term, _one_or_list([o.value for o in objects])))
            else:
                key = self.compact(predicate)
                if key == predicate and ":" not in key:
                    key = predicate
                entries.append((key, _one_or_list([self._value_object(o) for o in objects])))
        for key, value in sorted(entries, key=lambda e: e[0]):
            node[key] = value
        return node

    def _node_text(self, subject: str, group: list[str]) -> str:
        rows = []
        for line in group:
            _, predicate, token = split_line(line)
            rows.append((predicate, object_of(token)))
        return _compact_json(self.node(subject, rows))

    def _nodes(self, lines, own: str | None = None, known=None):
        """Compact JSON text of one node per subject, for N-Triples lines sorted by subject.
        With `own` (a per-resource document), the node of every other subject (the labels
        of what it links to, the same lines in many documents) is made once and kept, with
        the context entries it uses. `known(subject)`: its node's text when known already
        (an incremental build's unchanged subject), else None. `lines` may also be the
        (subject, its lines) pairs themselves."""
        cache = self._node_cache
        for subject, group in _by_subject(lines) if isinstance(lines, list) else lines:
            if known is not None:
                text = known(subject)
                yield self._node_text(subject, group) if text is None else text
                continue
            if own is None or subject == own:
                yield self._node_text(subject, group)
                continue
            key = tuple(group)
            hit = cache.get(key)
            if hit is None:
                outer, self._used = self._used, set()
                hit = cache[key] = (self._node_text(subject, group), frozenset(self._used))
                self._used = outer
            self._used.update(hit[1])
            yield hit[0]

    @staticmethod
    def _head(context: dict) -> str:
        return '{"@context":' + _compact_json(context) + ',"@graph":[\n'

    def document(self, lines: list[str], own: str | None = None) -> bytes:
        """A JSON-LD document for N-Triples lines (without ' .') sorted by subject: the
        context it uses, inline, and a @graph of node objects, one node per line (compact
        JSON, fast C encoder). `own`: the resource the document describes (see _nodes)."""
        self._used = set()
        nodes = ",\n".join(self._nodes(lines, own))
        return (self._head(self.used_context()) + nodes + "\n]}\n").encode("utf-8")

    def write(self, lines, handle, known=None) -> None:
        """A document like `document`, streamed into a binary file handle, with the full
        context inline (the nodes are not known before they are written). `lines`, `known`:
        see _nodes."""
        handle.write(self._head(self.context).encode("utf-8"))
        separator = b""
        for node in self._nodes(lines, None, known):
            handle.write(separator + node.encode("utf-8"))
            separator = b",\n"
        handle.write(b"\n]}\n")


def _by_subject(lines: list[str]):
    """(subject IRI, its lines) for N-Triples lines sorted by subject."""
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        token = line[: line.index("> ") + 2]  # "<subject> "; IRIs contain no "> "
        end = i + 1
        while end < n and lines[end].startswith(token):
            end += 1
        yield token[1:-2], lines[i:end]
        i = end


def _compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _one_or_list(values: list):
    return values[0] if len(values) == 1 else values


def dump(document, pretty: bool = True) -> bytes:
    """Stable JSON bytes (key order as built), UTF-8. `pretty` indents (slow: Python's
    pure encoder); compact output uses the C encoder, for the many and the large files."""
    if pretty:
        return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return (_compact_json(document) + "\n").encode("utf-8")
