"""What the build publishes, read once from the vocabulary: triples, quads, and the
description of every resource of ours.

A resource of ours is every subject IRI under the base (competencies, indicators, areas,
FGR family and groups, schemes, organisations, sources, model terms under def/, and the
named graphs' descriptions). Its *description*, published as one document per resource,
is:

  - every triple with the resource as subject (from all named graphs), and
  - the labels (skos:prefLabel, rdfs:label, foaf:name, dct:title) of every IRI it links
    to, so a consumer can display the links without fetching each target.

Everything is sorted (by the N-Triples form of subject, predicate, object) so that every
file written from it is byte-identical for the same input. The vocabulary has no blank
nodes (checked here); the build refuses them rather than publish unstable labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from . import uris
from .errors import CompetentiesetError
from .namespaces import LABEL_PREDICATES
from .vocabulary import Vocabulary


class PublicationError(CompetentiesetError):
    """The vocabulary cannot be published as it is (e.g. blank nodes, URIs off scheme)."""


def _key(t) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


@dataclass
class Resource:
    """One subject of ours and what its document holds."""

    iri: str
    path: str  # doc path relative to the web root, without extension
    triples: list  # its own triples, sorted
    linked_labels: list  # labels of the IRIs it links to, sorted

    @property
    def document_triples(self) -> list:
        return sorted(self.triples + self.linked_labels, key=_key)


@dataclass
class Descriptions:
    """The vocabulary prepared for writing (see module docstring)."""

    base: str
    triples: list  # the union graph, distinct, sorted
    quads: list  # every quad, sorted by graph then triple
    graph_editorial: dict[str, bool]  # graph IRI -> editorial?
    editorial: set = field(default_factory=set)  # triple keys found only in editorial graphs
    by_subject: dict[str, list] = field(default_factory=dict)
    labels: dict[str, list] = field(default_factory=dict)
    resources: list[Resource] = field(default_factory=list)

    def is_editorial(self, triple) -> bool:
        return _key(triple) in self.editorial

    def label_map(self, iri: str) -> dict[str, str]:
        """language -> first label (by predicate priority, then sorted) for an IRI."""
        result: dict[str, str] = {}
        triples = self.labels.get(iri, ())
        for predicate in LABEL_PREDICATES:
            for t in triples:
                if t.predicate.value == predicate and isinstance(t.object, ox.Literal):
                    result.setdefault(t.object.language or "", t.object.value)
        return dict(sorted(result.items(), key=lambda item: (item[0] != "nl", item[0])))


def describe(vocab: Vocabulary) -> Descriptions:
    """Read the vocabulary once into sorted triples, quads and per-resource descriptions."""
    base = vocab.project.base
    prefix = base + "/"
    quads = list(vocab.store.quads_for_pattern(None, None, None, None))
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            raise PublicationError(
                f"blank node in graph {quad.graph_name}: {quad.subject} {quad.predicate} "
                f"{quad.object}. Give the resource an IRI under {prefix} (and register it "
                "in ontology/uri-register.txt): published files must be stable."
            )
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    graph_editorial = {iri: bool(info.editorial) for iri, info in vocab.graphs.items()}
    # a triple is editorial when every graph stating it is editorial
    in_graphs: dict[tuple, list[bool]] = {}
    unique: dict[tuple, object] = {}
    for quad in quads:
        triple = quad.triple
        key = _key(triple)
        in_graphs.setdefault(key, []).append(graph_editorial.get(str(quad.graph_name.value), False))
        unique.setdefault(key, triple)
    keys = sorted(unique)
    triples = [unique[k] for k in keys]
    result = Descriptions(base=base, triples=triples, quads=quads, graph_editorial=graph_editorial)
    result.editorial = {k for k, flags in in_graphs.items() if all(flags)}
    label_predicates = set(LABEL_PREDICATES)
    for triple in triples:
        subject = triple.subject.value
        result.by_subject.setdefault(subject, []).append(triple)
        if triple.predicate.value in label_predicates:
            result.labels.setdefault(subject, []).append(triple)
    for subject, own in result.by_subject.items():
        if not subject.startswith(prefix):
            continue
        try:
            path = str(uris.doc_path(subject, base))
        except uris.NotOurs as exc:
            raise PublicationError(
                f"{subject}: a subject under the base that follows no URI pattern of ours "
                f"({exc}); use {prefix}id/<type>/<name> or {prefix}def/<Term>"
            ) from None
        linked: dict[tuple, object] = {}
        for triple in own:
            if isinstance(triple.object, ox.NamedNode) and triple.object.value != subject:
                for label in result.labels.get(triple.object.value, ()):
                    linked.setdefault(_key(label), label)
        result.resources.append(
            Resource(subject, path, own, [linked[k] for k in sorted(linked)])
        )
    result.resources.sort(key=lambda r: r.iri)
    return result
