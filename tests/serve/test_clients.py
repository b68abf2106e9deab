"""Real clients against both servers: rdflib over HTTP, SPARQLWrapper, schemathesis."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from SPARQLWrapper import JSON, JSONLD, TURTLE, SPARQLWrapper


class BaseUriOnServer(urllib.request.BaseHandler):
    """Send requests for the base URI to the test server: what w3id.org's redirect does in
    production (a JSON-LD document names its context by its persistent URI)."""

    def __init__(self, base: str, url: str):
        self.base, self.url = base, url

    def _rewrite(self, req):
        if req.full_url.startswith(self.base + "/"):
            req.full_url = self.url + req.full_url[len(self.base):]
        return req

    http_request = https_request = _rewrite


@pytest.fixture
def base_on_server(server):
    urllib.request.install_opener(urllib.request.build_opener(BaseUriOnServer(server.webroot.base, server.url)))
    yield
    urllib.request.install_opener(None)


RESOURCES = ["competentie/reflecteren", "gedragsindicator/reflecteren-1", "gebied/emotioneel",
             "begrippenkader/competentieset", "functiegroep/topmanager"]


def file_graph(server, rest: str) -> rdflib.Graph:
    return rdflib.Graph().parse(server.webroot.path / f"doc/{rest}.nt", format="nt")


@pytest.mark.parametrize("fmt", [None, "turtle", "json-ld", "xml"])
def test_rdflib_dereferences_uris(server, fmt, base_on_server):
    for rest in RESOURCES:
        url = f"{server.url}/id/{rest}"
        got = rdflib.Graph().parse(url, format=fmt) if fmt else rdflib.Graph().parse(url)
        want = file_graph(server, rest)
        assert len(want) > 0
        assert isomorphic(got, want), (rest, fmt, len(got), len(want))


def test_rdflib_model_term(server, base_on_server):
    got = rdflib.Graph().parse(f"{server.url}/def/Competentie")
    want = rdflib.Graph().parse(server.webroot.path / "doc/def/Competentie.nt", format="nt")
    assert isomorphic(got, want)


def test_sparqlwrapper_select_and_construct(server):
    sparql = SPARQLWrapper(f"{server.url}/sparql")
    sparql.setQuery("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?c ?label WHERE { ?c skos:prefLabel ?label FILTER(lang(?label) = "en" && ?label = "Reflection"@en) }""")
    sparql.setReturnFormat(JSON)
    rows = sparql.query().convert()["results"]["bindings"]
    assert [r["c"]["value"] for r in rows] == [f"{server.webroot.base}/id/competentie/reflecteren"]
    for method in ("GET", "POST"):
        sparql = SPARQLWrapper(f"{server.url}/sparql")
        sparql.setMethod(method)
        uri = f"{server.webroot.base}/id/competentie/reflecteren"
        sparql.setQuery(f"CONSTRUCT {{ <{uri}> ?p ?o }} WHERE {{ <{uri}> ?p ?o }}")
        for fmt, parser in ((TURTLE, "turtle"), (JSONLD, "json-ld")):
            sparql.setReturnFormat(fmt)
            result = sparql.query().convert()
            graph = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(data=result, format=parser)
            want = {t for t in file_graph(server, "competentie/reflecteren") if str(t[0]) == uri}
            assert set(graph) == want, (method, fmt)


def test_schemathesis_finds_no_failure(server, tmp_path):
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [str(schemathesis), "run", f"{server.url}/openapi.json", "--checks", "all",
         "--max-examples", "8", "--seed", "1", "--max-redirects", "0", "--workers", "1",
         "--request-timeout", "10", "--no-color", "--report-dir", str(tmp_path),
         "--generation-database", "none"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "passed" in result.stdout
