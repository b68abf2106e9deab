"""Who says what, on every published resource: derived statements added before publishing.

The named graphs say where each statement comes from (ontology/herkomst.ttl), but the
per-resource documents and the whole-vocabulary Turtle, JSON-LD, N-Triples and RDF/XML
merge the graphs. So that a consumer of any single representation can tell the source's
words from the editors', the build derives, for every resource of ours:

  - `cs:redactioneleWaarde "<prefix:property>@<lang>"` (or without `@lang` for values
    without a language, e.g. `skos:notation`) for each literal-valued property whose
    values on this resource are all the editors' additions (they come only from graphs
    whose kind is editorial, cs:redactioneel true). A literal-valued property not named
    is the cited source's (dct:source) or an external scheme's; a property+language with
    values of both kinds stops the build (nobody could tell them apart);
  - `dct:rights <rights statement>` for each part that describes the resource: every
    named graph with statements about it names its rights (herkomst.ttl, dct:rights).

Both are statements of the editors about their own resources, put into the derived graph
graaf:afgeleid (model/identifiers.py; kind Redactie), so TriG and N-Quads carry them in a
named graph of an editorial kind too. Run after identifiers.add_derived_graph, so that the
identifiers and dates it derives are marked as the editors' as well. ESCO's
URIs (not ours) get nothing. The plain JSON and the CSV show the same facts in their own
form: `editorial` (keys, columns) and `rights`.
"""

from __future__ import annotations

import pyoxigraph as ox

from competentieset.model import identifiers
from competentieset.model.namespaces import compact, prefixes
from competentieset.model.vocabulary import Vocabulary, cs
from competentieset.publication.descriptions import PublicationError

DCT_RIGHTS = "http://purl.org/dc/terms/rights"


def value_key(predicate: str, obj, table: dict[str, str]) -> str:
    """How cs:redactioneleWaarde names a literal value: `skos:definition@en`, `skos:notation`."""
    name = compact(predicate, table)
    return f"{name}@{obj.language}" if obj.language else name


def rights_of_graphs(vocab: Vocabulary) -> tuple[dict[str, list[str]], bool]:
    """(graph IRI -> the rights statements it names (dct:rights), the derived graph's too;
    whether the derived graph's are the catalog's, stated by the build)."""
    base = vocab.project.base
    rights_of_graph: dict[str, list[str]] = {}
    for quad in vocab.store.quads_for_pattern(None, ox.NamedNode(DCT_RIGHTS), None, None):
        if quad.subject.value in vocab.graphs and isinstance(quad.object, ox.NamedNode):
            rights_of_graph.setdefault(quad.subject.value, []).append(quad.object.value)
    target = identifiers.graph_iri(base)
    if target in vocab.graphs and target not in rights_of_graph:
        # the derived graph has no file in herkomst.ttl: its rights are the catalog's own
        # (graaf:herkomst, the editors' statements about the data)
        rights_of_graph[target] = rights_of_graph.get(f"{base}/id/graaf/herkomst", [])
        return rights_of_graph, True
    return rights_of_graph, False


def derived_quads(vocab: Vocabulary, subjects=None, extra=()) -> list[ox.Quad]:
    """The statements described in the module docstring, in the derived graph graaf:afgeleid.
    `subjects` (IRIs): only theirs, read from the store plus the quads `extra` (their
    identifiers and dates, not in the store yet), without the derived graph's own rights."""
    base = vocab.project.base
    ours = f"{base}/"
    table = prefixes(base)
    editorial_graph = {iri: bool(info.editorial) for iri, info in vocab.graphs.items()}
    rights_of_graph, inherited = rights_of_graphs(vocab)
    target = ox.NamedNode(identifiers.graph_iri(base))
    out = []
    if subjects is None and inherited:
        for statement in rights_of_graph[target.value]:
            out.append(ox.Quad(target, ox.NamedNode(DCT_RIGHTS), ox.NamedNode(statement), target))
    # subject -> key -> set of flags (editorial or not), and the graphs that describe it
    flags: dict[str, dict[str, set[bool]]] = {}
    graphs: dict[str, set[str]] = {}
    names: dict[str, str] = {}  # predicate IRI -> prefix:name (value_key, computed once each)
    store = vocab.store
    quads = store.quads_for_pattern(None, None, None, None) if subjects is None else \
        [*(q for s in sorted(subjects) for q in store.quads_for_pattern(ox.NamedNode(s), None, None, None)), *extra]
    for quad in quads:
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode):
            continue
        iri = subject.value
        if not iri.startswith(ours):
            continue
        graph = quad.graph_name.value
        graphs.setdefault(iri, set()).add(graph)
        obj = quad.object
        if isinstance(obj, ox.Literal):
            predicate_iri = quad.predicate.value
            name = names.get(predicate_iri)
            if name is None:
                name = names[predicate_iri] = compact(predicate_iri, table)
            key = f"{name}@{obj.language}" if obj.language else name  # value_key
            flags.setdefault(iri, {}).setdefault(key, set()).add(editorial_graph.get(graph, False))
    predicate = ox.NamedNode(cs(base, "redactioneleWaarde"))
    rights = ox.NamedNode(DCT_RIGHTS)
    for subject in sorted(graphs):
        node = ox.NamedNode(subject)
        for key, kinds in sorted(flags.get(subject, {}).items()):
            if kinds == {True, False}:
                raise PublicationError(
                    f"{subject}: values of {key} come both from the source and from the "
                    "editors, so no consumer could tell them apart; give the editors' value "
                    "another property (e.g. skos:altLabel, skos:editorialNote) or language"
                )
            if kinds == {True}:
                out.append(ox.Quad(node, predicate, ox.Literal(key), target))
        for statement in sorted({r for g in graphs[subject] for r in rights_of_graph.get(g, ())}):
            out.append(ox.Quad(node, rights, ox.NamedNode(statement), target))
    return out


def add_derived(vocab: Vocabulary) -> int:
    """Add the derived statements to the vocabulary's store; returns how many."""
    quads = derived_quads(vocab)
    vocab.store.extend(quads)
    return len(quads)


LICENSE = "http://creativecommons.org/licenses/by/4.0/"
JSON_NOTE = (
    "Licence and rights per part: the editors' additions (translations, definitions, short "
    "labels, notations, interpretations, mappings; the keys listed in each node's `editorial`) "
    "are under CC BY 4.0, the editors' choice (`license`). The ABD's verbatim text (the other "
    "text values of the competencies, indicators, areas and the set) is the Algemene "
    "Bestuursdienst's, reused with attribution; the ABD states no licence and none is asserted. "
    "ESCO labels and descriptions: European Commission, ESCO 1.2.0, reuse with attribution. "
    "Each node's `rights` names the rights statements that apply to it."
)


def json_meta() -> dict:
    """The licence and attribution every plain-JSON document carries (whole and per resource)."""
    return {"license": LICENSE, "note": JSON_NOTE}


def csvw_rights(d) -> dict:
    """dc:license and dc:rights for the CSVW metadata: the licence of the editors' additions,
    the attribution per part, and each rights statement's text (from the vocabulary)."""
    statements = sorted({t.object.value for graph in d.vocab.graphs for t in d.triples_of(graph)
                         if t.predicate.value == DCT_RIGHTS and isinstance(t.object, ox.NamedNode)})
    described = []
    for iri in statements:
        label = d.label_map(iri)
        described.append({"@id": iri, "rdfs:label": [{"@value": text, "@language": lang}
                                                     for lang, text in label.items() if lang]})
    return {"dc:license": {"@id": LICENSE},
            "dc:rights": [{"@value": JSON_NOTE, "@language": "en"}] + described}
