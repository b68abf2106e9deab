"""The build reads triples straight from their N-Triples lines (descriptions.read_lines,
object_of) instead of making pyoxigraph terms: the values must be exactly pyoxigraph's.

Expected values come from pyoxigraph's own parser (an independent reader) on the same
lines: literals with every N-Triples escape, control characters, non-ASCII text, language
tags and datatypes, and every line of a built vocabulary. The JSON-LD documents written
from lines are read back by pyoxigraph's JSON-LD parser and must give the document's graph.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from competentieset.publication import jsonld
from competentieset.publication.descriptions import (
    Obj,
    object_of,
    parse_lines,
    read_lines,
    split_line,
    term_object,
)

S = "https://w3id.org/competentieset-publieke-leiders/id/competentie/x"
P = "http://www.w3.org/2004/02/skos/core#prefLabel"
N = "http://www.w3.org/2004/02/skos/core#notation"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# (literal or IRI term, the value, language and datatype a consumer must see)
TERMS = [
    (ox.Literal("plain"), ("plain", "", XSD + "string")),
    (ox.Literal('a "quoted" \\ back\\slash'), ('a "quoted" \\ back\\slash', "", XSD + "string")),
    (ox.Literal("tab\tnew\nline\rret\bbs\fff"), ("tab\tnew\nline\rret\bbs\fff", "", XSD + "string")),
    (ox.Literal("ctrl \x01 \x1f \x7f end"), ("ctrl \x01 \x1f \x7f end", "", XSD + "string")),
    (ox.Literal("Één “curly” – ✓ 😀", language="nl"), ("Één “curly” – ✓ 😀", "nl", RDF + "langString")),
    # pyoxigraph keeps language tags in lower case
    (ox.Literal("x@y ^^ <z> \"q\"@en", language="en-GB"), ("x@y ^^ <z> \"q\"@en", "en-gb", RDF + "langString")),
    (ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")), ("7", "", XSD + "integer")),
    (ox.Literal('say "hi"', datatype=ox.NamedNode("http://example.org/dt#x")),
     ('say "hi"', "", "http://example.org/dt#x")),
    (ox.Literal(""), ("", "", XSD + "string")),
    (ox.NamedNode("http://data.europa.eu/esco/skill/75d8e5d9"), ("http://data.europa.eu/esco/skill/75d8e5d9", "", None)),
]


@pytest.mark.parametrize("term, expected", TERMS, ids=[str(i) for i in range(len(TERMS))])
def test_object_of_reads_what_pyoxigraph_reads(term, expected):
    line = str(ox.Triple(ox.NamedNode(S), ox.NamedNode(P), term))
    (parsed,) = parse_lines([line])
    assert parsed.object == term  # the line is pyoxigraph's own N-Triples for the term
    subject, predicate, token = split_line(line)
    assert (subject, predicate, token) == (S, P, str(term))
    obj = object_of(token)
    assert (obj.value, obj.language, obj.datatype) == expected
    assert obj == term_object(parsed.object) == Obj(*expected, str(term))


def test_escapes_written_by_hand_are_read():
    # \u and \U escapes and ECHARs as another writer may put them (pyoxigraph reads them too)
    line = f'<{S}> <{P}> "a\\u00E9b\\U0001F600c\\"d\\\\e\\tf\\\'g"@nl'
    (parsed,) = parse_lines([line])
    obj = object_of(split_line(line)[2])
    assert obj.value == parsed.object.value == "aéb😀c\"d\\e\tf'g"
    assert obj.language == "nl"


def test_every_line_of_a_built_vocabulary(built):
    from competentieset.model import vocabulary
    from competentieset.publication.descriptions import describe

    d = describe(vocabulary.load(built))
    assert len(d.lines) > 1000
    for line, (s, p, o), triple in zip(d.lines, read_lines(d.lines), parse_lines(d.lines), strict=True):
        assert (s, p) == (triple.subject.value, triple.predicate.value), line
        assert o == term_object(triple.object), line


def test_jsonld_document_from_lines_gives_the_same_graph():
    base = "https://w3id.org/competentieset-publieke-leiders"
    compactor = jsonld.Compactor(jsonld.context(base))
    other = "https://w3id.org/competentieset-publieke-leiders/id/gebied/taakgericht"
    triples = sorted({ox.Triple(ox.NamedNode(S), ox.NamedNode(P), term) for term, _ in TERMS}
                     | {ox.Triple(ox.NamedNode(S), ox.NamedNode(N), ox.Literal("6.1")),
                        ox.Triple(ox.NamedNode(other), ox.NamedNode(P), ox.Literal("taakgericht", language="nl")),
                        ox.Triple(ox.NamedNode(S), ox.NamedNode(RDF + "type"), ox.NamedNode(base + "/def/Competentie"))},
                     key=str)
    lines = [str(t) for t in triples]
    for _ in range(2):  # the second time the other subject's node comes from the cache
        data = compactor.document(lines, S)
        back = {q.triple for q in ox.parse(data, format=ox.RdfFormat.JSON_LD)}
        assert back == set(triples)
    assert compactor.document(lines, S) == compactor.document(lines)  # cached == made afresh


def test_the_stores_ntriples_lines_are_the_triples_text():
    """The build writes the N-Quads (build._write_sorted_nquads) and reads the previous build's
    back (publication/prepare.py) as pyoxigraph's N-Triples dump split at " .\\n": each line
    must be str(triple), whatever the literal holds."""
    store = ox.Store()
    graph = ox.NamedNode("https://w3id.org/competentieset-publieke-leiders/id/graaf/g")
    triples = [ox.Triple(ox.NamedNode(S), ox.NamedNode(P if isinstance(term, ox.Literal) else N), term)
               for term, _ in TERMS]
    store.extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples])
    lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).decode("utf-8").split(" .\n")
    assert lines.pop() == ""
    assert sorted(lines) == sorted(str(t) for t in triples)
