"""What the build publishes, read once from the vocabulary: the union graph as sorted
N-Triples lines, and the description of every resource of ours.

A resource of ours is every subject IRI under the base (competencies, indicators, areas,
FGR family and groups, schemes, organisations, sources, model terms under def/, and the
named graphs' descriptions). Its *description*, published as one document per resource,
is:

  - every triple with the resource as subject (from all named graphs), and
  - the labels (skos:prefLabel, rdfs:label, foaf:name, dct:title) of every IRI it links
    to, so a consumer can display the links without fetching each target, with the
    target's cs:redactioneleWaarde statements about those labels (whose each label is).

Everything is kept as sorted N-Triples lines (one Python string per triple: much smaller
and faster than term objects at 100,000s of triples); a resource's triples are parsed
back into pyoxigraph terms only when a writer needs them. Sorted lines give every file a
stable order, so output is byte-identical for the same input. The vocabulary has no blank
nodes (checked here); the build refuses them rather than publish unstable labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

import pyoxigraph as ox

from competentieset.errors import CompetentiesetError
from competentieset.model import uris
from competentieset.model.namespaces import (
    LABEL_PREDICATES,
    RDF_LANGSTRING,
    RDF_TYPE,
    XSD_STRING,
    compact,
    prefixes,
)
from competentieset.model.vocabulary import Vocabulary


class PublicationError(CompetentiesetError):
    """The vocabulary cannot be published as it is (e.g. blank nodes, URIs off scheme)."""


def parse_lines(lines) -> list:
    """pyoxigraph Triples from N-Triples lines (without the final ' .')."""
    if not lines:
        return []
    data = " .\n".join(lines) + " .\n"
    return list(ox.parse(data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))


class Obj(NamedTuple):
    """The object of a triple read straight from its N-Triples line (no pyoxigraph term):
    `datatype` None for an IRI, else the literal's datatype IRI (rdf:langString when it has
    a language); `language` "" when none; `token` the object as written in N-Triples."""

    value: str
    language: str
    datatype: str | None
    token: str


_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)


def _unescape(match: re.Match) -> str:
    code = match[1] or match[2]
    return chr(int(code, 16)) if code else _ECHARS[match[3]]


def object_of(token: str) -> Obj:
    """The Obj of an N-Triples object token (an IRI or a literal, as pyoxigraph writes it)."""
    if token[0] == "<":
        return Obj(token[1:-1], "", None, token)
    end = token.rindex('"')  # a language tag or a datatype IRI holds no '"'
    value = token[1:end]
    if "\\" in value:
        value = _ESCAPE.sub(_unescape, value)
    rest = token[end + 1:]
    if not rest:
        return Obj(value, "", XSD_STRING, token)
    if rest[0] == "@":
        return Obj(value, rest[1:], RDF_LANGSTRING, token)
    return Obj(value, "", rest[3:-1], token)  # ^^<datatype>


def term_object(term) -> Obj:
    """The Obj of a pyoxigraph object term (NamedNode or Literal)."""
    if isinstance(term, ox.NamedNode):
        return Obj(term.value, "", None, str(term))
    if isinstance(term, ox.Literal):
        return Obj(term.value, term.language or "", term.datatype.value, str(term))
    raise PublicationError(f"not an IRI or a literal: {term}")


def split_line(line: str) -> tuple[str, str, str]:
    """(subject IRI, predicate IRI, object token) of an N-Triples line without its ' .'
    (subject and predicate are IRIs here, and IRIs contain no "> ")."""
    end = line.index("> ")
    start = end + 2
    stop = line.index("> ", start)
    return line[1:end], line[start + 1:stop], line[stop + 2:]


def read_lines(lines) -> list[tuple[str, str, Obj]]:
    """(subject, predicate, Obj) for N-Triples lines, in their order: what parse_lines
    gives, without making pyoxigraph terms (tests/build/test_line_terms.py compares them)."""
    result = []
    for line in lines:
        subject, predicate, token = split_line(line)
        result.append((subject, predicate, object_of(token)))
    return result


@dataclass
class Resource:
    """One subject of ours: its IRI and the path of its documents (without extension)."""

    iri: str
    path: str


@dataclass
class Descriptions:
    """The vocabulary prepared for writing (see module docstring)."""

    base: str
    vocab: Vocabulary
    lines: list[str]  # the union graph, distinct, sorted N-Triples lines without " ."
    ranges: dict[str, tuple[int, int]]  # subject IRI -> slice of `lines`
    editorial: set[str]  # lines found only in editorial graphs
    graph_sizes: dict[str, int]  # named graph IRI -> number of quads
    types: dict[str, list[str]] = field(default_factory=dict)  # subject -> class IRIs
    labels: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)  # (rank, lang, text)
    label_lines: dict[str, list[str]] = field(default_factory=dict)
    resources: list[Resource] = field(default_factory=list)

    def own_lines(self, iri: str) -> list[str]:
        start, end = self.ranges.get(iri, (0, 0))
        return self.lines[start:end]

    def triples_of(self, iri: str) -> list:
        """The triples with `iri` as subject, as pyoxigraph Triples, sorted."""
        return parse_lines(self.own_lines(iri))

    def is_editorial(self, triple) -> bool:
        return str(triple) in self.editorial

    def triples_with_flags(self, iri: str) -> list[tuple]:
        """(triple, stated only in editorial graphs) for each triple with `iri` as subject,
        sorted (the flags come from the lines, without formatting each triple again)."""
        lines = self.own_lines(iri)
        editorial = self.editorial
        return list(zip(parse_lines(lines), [line in editorial for line in lines], strict=True))

    def rows_with_flags(self, iri: str) -> list[tuple[str, Obj, bool]]:
        """(predicate, object, stated only in editorial graphs) for each triple with `iri`
        as subject, sorted: triples_with_flags without pyoxigraph terms."""
        editorial = self.editorial
        result = []
        for line in self.own_lines(iri):
            _, predicate, token = split_line(line)
            result.append((predicate, object_of(token), line in editorial))
        return result

    def label_map(self, iri: str) -> dict[str, str]:
        """language -> the label to show (by predicate priority), Dutch first."""
        result: dict[str, str] = {}
        for _, lang, value in self.labels.get(iri, ()):
            result.setdefault(lang, value)
        return dict(sorted(result.items(), key=lambda item: (item[0] != "nl", item[0])))

    def document_lines(self, iri: str, own: list | None = None,
                       lines: list[str] | None = None) -> list[str]:
        """The description of a resource: its lines plus the labels of what it links to.
        Returns `lines` itself (its own lines) when it links to nothing labelled.
        (`own`, the parsed triples, is accepted for compatibility; the links are read from
        the lines themselves.)"""
        lines = self.own_lines(iri) if lines is None else lines
        linked = set()
        label_lines = self.label_lines
        for line in lines:
            # "<s> <p> <o>" or "<s> <p> literal": IRIs contain no "> "
            rest = line[line.index("> ") + 2:]
            obj = rest[rest.index("> ") + 2:]
            if obj[0] == "<":
                target = obj[1:-1]
                if target != iri and target in label_lines:
                    linked.update(label_lines[target])
        return sorted(set(lines) | linked) if linked else lines

    def subjects(self) -> list[str]:
        return sorted(self.ranges)

    def typed(self, class_iri: str, ours: bool = True) -> list[str]:
        """Sorted subjects with rdf:type class_iri (only those under the base if `ours`)."""
        prefix = self.base + "/"
        return sorted(
            iri for iri, classes in self.types.items()
            if class_iri in classes and (not ours or iri.startswith(prefix))
        )


def read_quads(vocab: Vocabulary, quads) -> tuple[dict, dict, dict, dict, dict]:
    """What describe() reads of quads: (line -> stated only in editorial graphs, graph ->
    number of quads, subject -> class IRIs, subject -> label set, subject -> label lines set)."""
    base = vocab.project.base
    prefix = base + "/"
    graph_editorial = {iri: bool(info.editorial) for iri, info in vocab.graphs.items()}
    label_rank = {p: i for i, p in enumerate(LABEL_PREDICATES)}
    marks = f"{base}/def/redactioneleWaarde"  # publication/provenance.py
    label_keys = {compact(p, prefixes(base)) for p in LABEL_PREDICATES}
    flags: dict[str, bool] = {}  # line -> stated only in editorial graphs
    graph_sizes: dict[str, int] = {}
    types: dict[str, list[str]] = {}
    labels: dict[str, set] = {}
    label_lines: dict[str, set] = {}
    for quad in quads:
        subject, predicate, obj = quad.subject, quad.predicate, quad.object
        if isinstance(subject, ox.BlankNode) or isinstance(obj, ox.BlankNode):
            raise PublicationError(
                f"blank node in graph {quad.graph_name}: {subject} {predicate} {obj}. Give the "
                f"resource an IRI under {prefix} (and register it in ontology/uri-register.txt): "
                "published files must be stable."
            )
        graph = quad.graph_name.value
        graph_sizes[graph] = graph_sizes.get(graph, 0) + 1
        line = str(quad.triple)
        editorial = graph_editorial.get(graph, False)
        previous = flags.get(line)
        if previous is None:
            flags[line] = editorial
            if predicate.value == RDF_TYPE and isinstance(obj, ox.NamedNode):
                types.setdefault(subject.value, []).append(obj.value)
            elif predicate.value in label_rank and isinstance(obj, ox.Literal):
                labels.setdefault(subject.value, set()).add(
                    (label_rank[predicate.value], obj.language or "", obj.value))
                label_lines.setdefault(subject.value, set()).add(line)
            elif predicate.value == marks and obj.value.split("@")[0] in label_keys:
                # whose a label is travels with the label into the documents that link to it
                label_lines.setdefault(subject.value, set()).add(line)
        elif previous and not editorial:
            flags[line] = False
    return flags, graph_sizes, types, labels, label_lines


def describe(vocab: Vocabulary) -> Descriptions:
    """Read the vocabulary once into sorted lines and per-resource descriptions."""
    base = vocab.project.base
    flags, graph_sizes, types, labels, label_lines = read_quads(
        vocab, vocab.store.quads_for_pattern(None, None, None, None))
    lines = sorted(flags)
    editorial_lines = {line for line, flag in flags.items() if flag}
    del flags
    ranges: dict[str, tuple[int, int]] = {}
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        subject_token = line[: line.index("> ") + 1]  # "<iri>"; IRIs contain no "> "
        end = i + 1
        while end < n and lines[end].startswith(subject_token + " "):
            end += 1
        ranges[subject_token[1:-1]] = (i, end)
        i = end
    result = Descriptions(
        base=base, vocab=vocab, lines=lines, ranges=ranges, editorial=editorial_lines,
        graph_sizes=dict(sorted(graph_sizes.items())),
        types={iri: sorted(classes) for iri, classes in sorted(types.items())},
        labels={iri: sorted(found) for iri, found in sorted(labels.items())},
        label_lines={iri: sorted(found) for iri, found in sorted(label_lines.items())},
    )
    add_resources(result)
    return result


def add_resources(result: Descriptions, known: dict[str, str] | None = None) -> None:
    """result.resources: every subject of ours (under the base) with its document path
    (`known`: subject -> path, already worked out)."""
    base = result.base
    prefix = base + "/"
    known = known or {}
    for subject in sorted(result.ranges):
        if not subject.startswith(prefix):
            continue
        path = known.get(subject)
        if path is not None:
            result.resources.append(Resource(subject, path))
            continue
        try:
            path = str(uris.doc_path(subject, base))
        except uris.NotOurs as exc:
            raise PublicationError(
                f"{subject}: a subject under the base that follows no URI pattern of ours "
                f"({exc}); use {prefix}id/<type>/<name> or {prefix}def/<Term>"
            ) from None
        result.resources.append(Resource(subject, path))
    paths = [r.path for r in result.resources]
    if len(set(paths)) != len(paths):
        seen: dict[str, str] = {}
        for r in result.resources:
            if r.path in seen:
                raise PublicationError(f"{seen[r.path]} and {r.iri} would share the document {r.path}")
            seen[r.path] = r.iri
