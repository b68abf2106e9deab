"""SPARQL 1.1 Protocol at /sparql: the embedded endpoint, and Oxigraph's read-only server
behind the generated nginx config; the same functional tests pass on both."""

from __future__ import annotations

import csv
import functools
import io
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from serve_helpers import SPARQL_MAX_RESULTS, SPARQL_TIMEOUT

SKOS = "http://www.w3.org/2004/02/skos/core#"
COMPETENCIES = f"""SELECT ?c ?label WHERE {{
  ?c a <{SKOS}Concept> ; <{SKOS}topConceptOf> ?scheme ; <{SKOS}prefLabel> ?label .
  FILTER(lang(?label) = "nl" && STRENDS(STR(?scheme), "/begrippenkader/competentieset"))
}} ORDER BY ?c"""
# a three-way cross product: about 10^9 rows to count on the real data
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@functools.cache
def _competencies(dataset) -> frozenset[str]:
    store = ox.Store()
    store.load(path=str(dataset), format=ox.RdfFormat.N_QUADS if dataset.suffix == ".nq" else ox.RdfFormat.N_TRIPLES)
    return frozenset(row["c"].value for row in store.query(
        f"SELECT ?c WHERE {{ ?c <{SKOS}topConceptOf> ?s "
        f"FILTER(STRENDS(STR(?s), '/begrippenkader/competentieset')) }}", use_default_graph_as_union=True))


def expected_competencies(server) -> set[str]:
    return set(_competencies(server.webroot.dataset))


@pytest.mark.parametrize("accept,kind", [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
])
@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
def test_select_in_every_result_format(server, accept, kind, method):
    with server.client() as client:
        if method == "GET":
            r = client.get("/sparql", params={"query": COMPETENCIES}, headers={"Accept": accept})
        elif method == "POST-form":
            r = client.post("/sparql", data={"query": COMPETENCIES}, headers={"Accept": accept})
        else:
            r = client.post("/sparql", content=COMPETENCIES.encode(),
                            headers={"Accept": accept, "Content-Type": "application/sparql-query"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == accept
    if kind == "json":
        uris = {b["c"]["value"] for b in r.json()["results"]["bindings"]}
    elif kind == "xml":
        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        uris = {e.text for e in ET.fromstring(r.content).findall(".//s:binding[@name='c']/s:uri", ns)}
    elif kind == "csv":
        rows = list(csv.DictReader(io.StringIO(r.text)))
        uris = {row["c"] for row in rows}
    else:
        lines = r.text.strip().split("\n")
        assert lines[0].split("\t")[0] == "?c"
        uris = {line.split("\t")[0].strip("<>") for line in lines[1:]}
    assert uris == expected_competencies(server)
    assert len(uris) == 7


def test_ask(server):
    with server.client() as client:
        r = client.get("/sparql", params={"query": f"ASK {{ ?c <{SKOS}prefLabel> 'Reflecteren'@nl }}"},
                       headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200 and r.json()["boolean"] is True
        r = client.get("/sparql", params={"query": f"ASK {{ ?c <{SKOS}prefLabel> 'Bestaat niet'@nl }}"},
                       headers={"Accept": "application/sparql-results+json"})
        assert r.json()["boolean"] is False


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_construct_and_describe(server, accept, fmt):
    base = server.webroot.base
    uri = f"{base}/id/competentie/reflecteren"
    query = f"CONSTRUCT {{ <{uri}> ?p ?o }} WHERE {{ <{uri}> ?p ?o }}"
    with server.client() as client:
        r = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].split(";")[0] == accept
        got = rdflib.Graph().parse(data=r.content, format=fmt)
        want = rdflib.Graph().parse(server.webroot.path / "doc/competentie/reflecteren.nt", format="nt")
        assert set(got) == {t for t in want if str(t[0]) == uri}
        r = client.get("/sparql", params={"query": f"DESCRIBE <{uri}>"}, headers={"Accept": accept})
        assert r.status_code == 200
        described = rdflib.Graph().parse(data=r.content, format=fmt)
        assert (rdflib.URIRef(uri), rdflib.URIRef(f"{SKOS}prefLabel"),
                rdflib.Literal("Reflecteren", lang="nl")) in described


# the refusal the README promises, word for word
UPDATE_TITLE = "Updates not allowed"
UPDATE_DETAIL = "this SPARQL endpoint is read-only; it answers queries only"
UPDATE_WAYS = ["update-form-post", "update-get", "sparql-update-post", "query-get",
               "query-form-post", "sparql-query-post"]
UPDATES = [
    "INSERT DATA {{ <{base}/id/x/y> <{skos}prefLabel> 'hack' }}",
    "PREFIX skos: <{skos}>\n# a comment\nDELETE WHERE {{ ?s skos:prefLabel ?o }}",
    "  clear all",
    "LOAD <http://example.org/data.ttl>",
    "WITH <{base}/g> INSERT {{ ?s ?p 'hack' }} WHERE {{ ?s ?p ?o }}",
]


def _send_update(client, how: str, update: str):
    if how == "update-form-post":
        return client.post("/sparql", data={"update": update})
    if how == "update-get":
        return client.get("/sparql", params={"update": update})
    if how == "sparql-update-post":
        return client.post("/sparql", content=update.encode(),
                           headers={"Content-Type": "application/sparql-update"})
    if how == "query-get":
        return client.get("/sparql", params={"query": update})
    if how == "query-form-post":
        return client.post("/sparql", data={"query": update})
    return client.post("/sparql", content=update.encode(),
                       headers={"Content-Type": "application/sparql-query"})


def test_the_readme_states_the_refusal():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    flat = " ".join(readme.split())
    assert f"gets `403` with `application/problem+json`, title `{UPDATE_TITLE}`, detail `{UPDATE_DETAIL}`" in flat


@pytest.mark.parametrize("how", UPDATE_WAYS)
@pytest.mark.parametrize("update", UPDATES, ids=range(len(UPDATES)))
def test_updates_are_refused_with_403_and_the_readme_message(embedded, how, update):
    update = update.format(base=embedded.webroot.base, skos=SKOS)
    with embedded.client() as client:
        r = _send_update(client, how, update)
        assert r.status_code == 403, (how, r.status_code, r.text)
        assert r.headers["content-type"].split(";")[0] == "application/problem+json"
        body = r.json()
        assert (body["status"], body["title"], body["detail"]) == (403, UPDATE_TITLE, UPDATE_DETAIL)
        r = client.get("/sparql", params={"query": "ASK { ?s ?p 'hack' }"},
                       headers={"Accept": "application/sparql-results+json"})
        assert r.json()["boolean"] is False


@pytest.mark.parametrize("how", UPDATE_WAYS)
def test_updates_change_nothing_behind_nginx(nginx, how):
    """Behind nginx /sparql is Oxigraph's read-only server, which refuses in its own words."""
    update = UPDATES[0].format(base=nginx.webroot.base, skos=SKOS)
    with nginx.client() as client:
        r = _send_update(client, how, update)
        assert 400 <= r.status_code < 500, (how, r.status_code, r.text)
        r = client.get("/sparql", params={"query": "ASK { ?s ?p 'hack' }"},
                       headers={"Accept": "application/sparql-results+json"})
        assert r.json()["boolean"] is False


def test_malformed_query_is_a_400(server):
    with server.client() as client:
        r = client.get("/sparql", params={"query": "SELEKT * WHERE {"})
    assert r.status_code == 400


def test_runaway_query_is_stopped_and_the_server_keeps_answering(server):
    start = time.monotonic()
    with server.client() as client:
        r = client.post("/sparql", data={"query": RUNAWAY},
                        headers={"Accept": "application/sparql-results+json"})
        elapsed = time.monotonic() - start
        assert elapsed < SPARQL_TIMEOUT + 5
        if server.kind == "embedded":
            assert r.status_code == 422
            assert r.json()["title"] == "Query timed out"
        else:
            # Oxigraph streams: it has sent 200 before the time limit; it stops the query and
            # ends the body with an error, so the result is not a valid results document
            with pytest.raises(json.JSONDecodeError):
                json.loads(r.content)
            assert b"cancelled" in r.content
        r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                       headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200 and r.json()["boolean"] is True
        assert client.get("/doc/competentie/reflecteren.ttl").status_code == 200


def test_result_size_limit_embedded(embedded):
    with embedded.client() as client:
        r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert r.status_code == 422
        assert r.json()["title"] == "Result too large"
        assert str(SPARQL_MAX_RESULTS) in r.json()["detail"]
        r = client.get("/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {SPARQL_MAX_RESULTS}"})
        assert r.status_code == 200
        assert len(r.json()["results"]["bindings"]) == SPARQL_MAX_RESULTS
        r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
        assert r.status_code == 422


def test_sparql_methods(server):
    with server.client() as client:
        assert client.put("/sparql", content=b"x").status_code == 405
        assert client.delete("/sparql").status_code == 405
