"""Issue 11: in every published format a consumer can tell, for every text value, whether it
is the ABD's words (or another cited source's) or the editors' own; every distribution and
the JSON/CSV carry the licence and attribution per part; skosify on the published data.

The oracle is the named graphs as the loader reads them (a statement is editorial when
every graph that states it has an editorial kind in ontology/herkomst.ttl), with the
property names of a fixed table here, not the build's own derivation.
"""

from __future__ import annotations

import csv
import io
import json
import logging

import pyoxigraph as ox
import pytest
from competentieset.model import layout, uris, vocabulary
from test_build_outputs import graph_of

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
FOAF = "http://xmlns.com/foaf/0.1/"
CC_BY = "http://creativecommons.org/licenses/by/4.0/"
RIGHTS = ("esco", "geciteerde-feiten", "redactie", "tekst-abd")


def _prefixes(base):
    return {"skos": SKOS, "dct": DCT, "rdfs": RDFS, "foaf": FOAF, "cs": f"{base}/def/",
            "owl": "http://www.w3.org/2002/07/owl#"}


def _name(predicate: str, literal, base: str) -> str:
    """`prefix:local@lang` for the namespaces of the test's table, else the full IRI."""
    name = predicate
    for prefix, namespace in _prefixes(base).items():
        if predicate.startswith(namespace):
            name = f"{prefix}:{predicate[len(namespace):]}"
    return f"{name}@{literal.language}" if literal.language else name


@pytest.fixture(scope="module")
def oracle(built):
    """(subject, predicate, literal N-Triples) -> editorial, for every literal of ours in the
    published N-Quads: editorial when every graph stating it has a kind with cs:redactioneel
    true (the kinds of the files from the catalog; the derived graph names its own)."""
    vocab = vocabulary.load(built)
    root = built.build_dir / layout.WEBROOT
    store = ox.Store()
    store.load(path=str(root / layout.download_file("nq")), format=ox.RdfFormat.N_QUADS)
    cs = f"{built.base}/def/"
    kinds = {r["g"].value: r["f"].value == "true" for r in store.query(
        f"SELECT ?g ?f WHERE {{ ?g <{cs}herkomst> ?k . ?k <{cs}redactioneel> ?f }}",
        use_default_graph_as_union=True)}
    for iri, info in vocab.graphs.items():
        assert kinds[iri] == info.editorial, iri
    marks = f"{cs}redactioneleWaarde"
    flags: dict[tuple[str, str, str], set[bool]] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.object, ox.Literal) and quad.subject.value.startswith(built.base + "/") \
                and quad.predicate.value != marks:
            flags.setdefault((quad.subject.value, quad.predicate.value, str(quad.object)), set()).add(
                kinds[quad.graph_name.value])
    return {key: all(found) for key, found in flags.items()}


def _check_graph(lines: set[str], built, oracle, where: str) -> int:
    """Every literal of ours in this graph is marked exactly when it is the editors'."""
    marks_predicate = f"{built.base}/def/redactioneleWaarde"
    triples = list(ox.parse(("".join(line + " .\n" for line in lines)).encode("utf-8"),
                            format=ox.RdfFormat.N_TRIPLES))
    marks: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == marks_predicate:
            marks.setdefault(t.subject.value, set()).add(t.object.value)
    checked = 0
    for t in triples:
        subject = t.subject.value
        if t.predicate.value == marks_predicate or not isinstance(t.object, ox.Literal):
            continue
        if not subject.startswith(built.base + "/"):
            # ESCO's URIs: nothing of ours is said on them, so nothing is marked
            assert subject not in marks, (where, subject)
            continue
        editorial = oracle[(subject, t.predicate.value, str(t.object))]
        name = _name(t.predicate.value, t.object, built.base)
        assert (name in marks.get(subject, ())) == editorial, (where, subject, name, t.object.value[:60])
        checked += 1
    return checked


def test_every_text_value_in_every_rdf_document_says_whose_it_is(built, oracle):
    root = built.build_dir / layout.WEBROOT
    checked = 0
    resources = sorted({s for s, _, _ in oracle})
    assert len(resources) >= 90
    for subject in resources:
        for extension in ("ttl", "nt", "rdf", "jsonld"):
            path = root / uris.file_path(subject, built.base, extension)
            checked += _check_graph(graph_of(path, built), built, oracle, str(path))
    for extension in ("ttl", "nt", "rdf", "jsonld"):
        path = root / layout.download_file(extension)
        checked += _check_graph(graph_of(path, built), built, oracle, str(path))
    assert checked > 5000


def test_a_competency_tells_the_abd_heading_from_our_definition_and_number(built):
    """The case the issue names: our definition next to dct:source = the ABD's page."""
    root = built.build_dir / layout.WEBROOT
    lines = graph_of(root / "doc/competentie/bestuurssensitiviteit.ttl", built)
    subject = f"<{built.base}/id/competentie/bestuurssensitiviteit>"
    marks = {line.split(" ", 2)[2] for line in lines
             if line.startswith(subject + f" <{built.base}/def/redactioneleWaarde> ")}
    assert marks == {'"skos:definition@nl"', '"skos:definition@en"', '"skos:prefLabel@en"',
                     '"skos:hiddenLabel@nl"', '"skos:notation"', '"cs:volgnummer"',
                     '"skos:editorialNote@nl"', '"skos:editorialNote@en"',
                     # the identifiers and dates the build derives (model/identifiers.py)
                     '"dct:identifier"', '"cs:korteCode"', '"dct:created"', '"dct:modified"'}
    # the Dutch heading is the ABD's: not marked, and the source is cited
    assert f'{subject} <{SKOS}prefLabel> "Bestuurssensitiviteit"@nl' in lines
    assert any(line.startswith(f"{subject} <{DCT}source> ") for line in lines)


# plain JSON key -> predicate (the README's table of readable keys)
PLAIN_KEYS = {
    "label": (SKOS + "prefLabel", RDFS + "label"), "definition": (SKOS + "definition",),
    "altLabel": (SKOS + "altLabel",), "hiddenLabel": (SKOS + "hiddenLabel",),
    "editorialNote": (SKOS + "editorialNote",), "scopeNote": (SKOS + "scopeNote",),
    "description": (DCT + "description",), "title": (DCT + "title",), "comment": (RDFS + "comment",),
    "name": (FOAF + "name",), "sourceText": None, "alignmentText": None, "notation": (SKOS + "notation",),
}


def test_every_text_value_in_the_plain_json_says_whose_it_is(built, oracle):
    root = built.build_dir / layout.WEBROOT
    cs = f"{built.base}/def/"
    keys = dict(PLAIN_KEYS, sourceText=(cs + "bronTekst",), alignmentText=(cs + "sluitAanBijTekst",))
    by_subject: dict[str, dict[tuple[str, str | None], list[bool]]] = {}
    for (subject, predicate, literal), editorial in oracle.items():
        for key, predicates in keys.items():
            if predicate in predicates:
                lang = literal.rsplit("@", 1)[1] if literal.endswith(tuple(f"@{x}" for x in ("nl", "en"))) else None
                by_subject.setdefault(subject, {}).setdefault((key, lang), []).append(editorial)
    documents = sorted(p for p in (root / "doc").rglob("*.json") if "download" not in p.parts)
    checked = 0
    for path in documents:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["license"] == CC_BY and "reused with attribution" in document["note"]
        node = document["resource"]
        listed = set(node.get("editorial", ()))
        for (key, lang), flags in by_subject.get(node["id"], {}).items():
            assert len(set(flags)) == 1, (node["id"], key)
            name = f"{key}.{lang}" if lang else key
            assert (name in listed) == flags[0], (path.name, name)
            checked += 1
        rights = {r["id"].rsplit("/", 1)[-1] for r in node.get("rights", ())}
        assert rights and rights <= set(RIGHTS), path
    assert checked > 500
    whole = json.loads((root / layout.download_file("json")).read_text(encoding="utf-8"))
    assert whole["license"] == CC_BY and "ESCO" in whole["note"] and "Algemene Bestuursdienst" in whole["note"]
    reflect = whole["competencies"][0]
    assert {r["id"].rsplit("/", 1)[-1] for r in reflect["rights"]} == {"redactie", "tekst-abd"}


def test_every_text_value_in_the_csv_says_whose_it_is_and_each_row_its_rights(built, oracle):
    root = built.build_dir / layout.WEBROOT
    cs = f"{built.base}/def/"
    columns = {"label_nl": (SKOS + "prefLabel", "nl"), "label_en": (SKOS + "prefLabel", "en"),
               "definition_nl": (SKOS + "definition", "nl"), "definition_en": (SKOS + "definition", "en"),
               "source_text_nl": (cs + "bronTekst", "nl"), "notation": (SKOS + "notation", None),
               "order": (cs + "volgnummer", None)}
    data = (root / layout.download_file("csv")).read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert len(rows) == 47
    for row in rows:
        editorial = set(row["editorial"].split())
        for column, (predicate, lang) in columns.items():
            if not row[column]:
                continue
            flags = {flag for (s, p, literal), flag in oracle.items()
                     if s == row["uri"] and p == predicate
                     and (lang is None or literal.endswith(f'"@{lang}'))}
            assert len(flags) == 1, (row["uri"], column)
            assert (column in editorial) == flags.pop(), (row["uri"], column)
        assert row["rights"].split(), row["uri"]
    reflect = next(r for r in rows if r["uri"].endswith("/competentie/reflecteren"))
    assert reflect["rights"].split() == [f"{built.base}/id/rechten/redactie", f"{built.base}/id/rechten/tekst-abd"]
    metadata = json.loads((root / layout.CSVW_FILE).read_text(encoding="utf-8"))
    assert metadata["dc:license"] == {"@id": CC_BY}
    described = {entry["@id"].rsplit("/", 1)[-1] for entry in metadata["dc:rights"] if "@id" in entry}
    assert described == set(RIGHTS)
    assert any("reused with attribution" in entry.get("@value", "") for entry in metadata["dc:rights"])


def test_every_distribution_carries_the_licence_and_the_rights_of_every_part(built):
    root = built.build_dir / layout.WEBROOT
    store = ox.Store()
    store.load(path=str(root / layout.DCAT_FILE), format=ox.RdfFormat.TURTLE)
    distributions = [q.object for q in store.quads_for_pattern(None, ox.NamedNode(DCAT + "distribution"), None, None)]
    assert len(distributions) >= 2 * 8
    expected = {f"{built.base}/id/rechten/{name}" for name in RIGHTS}
    for dist in distributions:
        licences = {q.object.value for q in store.quads_for_pattern(dist, ox.NamedNode(DCT + "license"), None, None)}
        assert licences == {CC_BY}
        rights = {q.object.value for q in store.quads_for_pattern(dist, ox.NamedNode(DCT + "rights"), None, None)}
        assert rights == expected
    for iri in expected:  # the texts travel with the DCAT file
        labels = {q.object.language for q in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(RDFS + "label"), None, None)}
        assert labels == {"nl", "en"}, iri
    # a licence only for the editors' part: none asserted on the ABD's or ESCO's text
    licensed = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(DCT + "license"), None, None)}
    assert f"{built.base}/id/rechten/tekst-abd" not in licensed
    assert f"{built.base}/id/rechten/esco" not in licensed


def test_skosify_on_the_published_vocabulary(built, caplog):
    """skosify (with its enrichments off: mapping inverses and top-concept marking are not
    fixes) changes nothing of ours. What it does say: the set has several schemes (it picks
    one as default), and it would put the 14 ESCO skills into that default scheme, which is
    a statement ESCO does not make and this publication must not (issue 11)."""
    import rdflib
    import skosify  # in the test extra: never a skip

    root = built.build_dir / layout.WEBROOT
    graph = rdflib.Graph().parse(root / layout.download_file("ttl"))
    before = set(graph)
    with caplog.at_level(logging.INFO):
        result = skosify.skosify(graph, mark_top_concepts=False, enrich_mappings=False)
    after = set(result)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [f"Multiple concept schemes found. Selecting {built.base}/id/begrippenkader/"
                        "competentieset as default concept scheme."]
    assert before - after == set()
    added = after - before
    assert {(str(p), str(o)) for _, p, o in added} == {(SKOS + "inScheme", f"{built.base}/id/begrippenkader/competentieset")}
    assert {str(s) for s, _, _ in added} == {str(s) for s in graph.subjects()
                                              if str(s).startswith("http://data.europa.eu/esco/")} \
        and len(added) == 14
