"""Real clients against both servers: rdflib over HTTP, SPARQLWrapper, schemathesis."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from serve_helpers import DEPRECATED
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


# Every kind of URI the publication mints (README "URIs"): each /id/<type>/ of the build
# (one resource per type; the test fails when the build has a type this list lacks), the
# model (/def/) and a model term (/def/<Term>), a deprecated resource, and a release's frozen URI.
ID_TYPES = ["begrippenkader", "bron", "competentie", "functiefamilie", "functiegroep", "gebied",
            "gedragsindicator", "graaf", "organisatie", "rechten"]


def file_graph(server, rest: str) -> rdflib.Graph:
    return rdflib.Graph().parse(server.webroot.path / f"doc/{rest}.nt", format="nt")


def uri_kinds(server) -> list[tuple[str, Path]]:
    """(URL path, the .nt file whose graph it must give) for every kind of URI."""
    root = server.webroot.path
    types = sorted(p.name for p in (root / "doc").iterdir() if p.is_dir() and p.name not in ("def", "download"))
    assert types == ID_TYPES, "a new kind of resource: add it to ID_TYPES"
    cases = []
    for kind in ID_TYPES:
        name = sorted(p.stem for p in (root / "doc" / kind).glob("*.nt"))[0]
        cases.append((f"/id/{kind}/{name}", root / "doc" / kind / f"{name}.nt"))
    cases.append(("/def/", root / "doc" / "def.nt"))
    cases.append(("/def/Competentie", root / "doc" / "def" / "Competentie.nt"))
    cases.append((f"/id/{DEPRECATED}", root / "doc" / f"{DEPRECATED}.nt"))
    version = server.webroot.version
    cases.append((f"/versie/{version}/id/competentie/reflecteren",
                  root / "versie" / version / "doc" / "competentie" / "reflecteren.nt"))
    return cases


@pytest.mark.parametrize("fmt", [None, "turtle", "json-ld", "xml"])
def test_rdflib_dereferences_every_kind_of_uri(server, fmt, base_on_server):
    cases = uri_kinds(server)
    assert len(cases) == len(ID_TYPES) + 4
    for path, nt in cases:
        url = server.url + path
        got = rdflib.Graph().parse(url, format=fmt) if fmt else rdflib.Graph().parse(url)
        want = rdflib.Graph().parse(nt, format="nt")
        assert len(want) > 0
        assert isomorphic(got, want), (path, fmt, len(got), len(want))


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
