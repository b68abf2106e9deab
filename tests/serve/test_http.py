"""One HTTP suite, run against the embedded server and against nginx with the generated config.

Every resource x every format x id/doc/extension URL; q-value and wildcard cases; 303,
304, 404, 405, 406; headers; versioned and deprecated resources; the lookup API.
"""

from __future__ import annotations

from email.utils import formatdate
from pathlib import Path

import pytest
from competentieset.publication.formats import BY_EXTENSION, FORMATS, content_type
from serve_helpers import DEPRECATED, SUCCESSOR


def documents(root: Path, prefix: str = "") -> list[str]:
    """Every document path (without extension) of a web root, e.g. competentie/reflecteren."""
    docs = root / prefix / "doc"
    found = []
    for ttl in sorted(docs.rglob("*.ttl")):
        rel = ttl.relative_to(docs).with_suffix("").as_posix()
        if not rel.startswith("download"):
            found.append(rel)
    return found


def id_path(rest: str) -> str:
    if rest == "def":
        return "/def/"
    if rest.startswith("def/"):
        return "/" + rest
    return f"/id/{rest}"


def location(server, response) -> str | None:
    """The Location header as a path (Apache makes redirects absolute; RFC 9110 allows both)."""
    value = response.headers.get("location")
    return value.removeprefix(server.url) if value else value


def expected_links(doc_path: str) -> set[str]:
    links = {f'<{doc_path}.{f.extension}>; rel="alternate"; type="{f.media_type}"' for f in FORMATS}
    return links


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.key)
def test_every_resource_in_every_format(server, fmt):
    root = server.webroot.path
    names = documents(root)
    assert len(names) > 50, names
    problems = []
    with server.client() as client:
        for rest in names:
            doc = f"/doc/{rest}"
            want = (root / f"doc/{rest}.{fmt.extension}").read_bytes()
            # the id (or def) URI answers 303 to the document, for any Accept
            r = client.get(id_path(rest), headers={"Accept": fmt.media_type})
            if r.status_code != 303 or location(server, r) != doc or "Accept" not in r.headers.get("vary", ""):
                problems.append(f"{id_path(rest)}: {r.status_code} {location(server, r)} vary={r.headers.get('vary')}")
            # an id URI with an extension keeps it (not for the model: its URI ends in /)
            r = client.get(f"{id_path(rest)}.{fmt.extension}") if rest != "def" else None
            if r is not None and (r.status_code != 303 or location(server, r) != f"{doc}.{fmt.extension}"):
                problems.append(f"{id_path(rest)}.{fmt.extension}: {r.status_code} {location(server, r)}")
            # the doc URI negotiates
            r = client.get(doc, headers={"Accept": fmt.media_type})
            if r.status_code != 200 or r.content != want:
                problems.append(f"{doc} as {fmt.media_type}: {r.status_code}, body equal: {r.content == want}")
                continue
            if r.headers["content-type"] != content_type(fmt):
                problems.append(f"{doc}: content-type {r.headers['content-type']}")
            if r.headers.get("content-location") != f"{doc}.{fmt.extension}":
                problems.append(f"{doc}: content-location {r.headers.get('content-location')}")
            if "Accept" not in r.headers.get("vary", ""):
                problems.append(f"{doc}: no Vary: Accept")
            links = ", ".join(r.headers.get_list("link"))
            for link in expected_links(doc):
                if link not in links:
                    problems.append(f"{doc}: Link lacks {link}")
            if not r.headers.get("etag") or not r.headers.get("last-modified"):
                problems.append(f"{doc}: no ETag/Last-Modified")
            # the extension URL, without negotiation
            r = client.get(f"{doc}.{fmt.extension}", headers={"Accept": "text/html"})
            if r.status_code != 200 or r.content != want or r.headers["content-type"] != content_type(fmt):
                problems.append(f"{doc}.{fmt.extension}: {r.status_code} {r.headers.get('content-type')}")
            if f'<{doc}.html>; rel="alternate"' not in ", ".join(r.headers.get_list("link")):
                problems.append(f"{doc}.{fmt.extension}: no Link to the alternates")
            # HEAD: same headers, no body
            r = client.head(doc, headers={"Accept": fmt.media_type})
            if r.status_code != 200 or r.content or r.headers.get("content-location") != f"{doc}.{fmt.extension}":
                problems.append(f"HEAD {doc}: {r.status_code}")
    assert not problems, f"{len(problems)} problems, first: " + "\n".join(problems[:20])


# Accept headers and the extension every server must answer with: a fixed table, written
# by hand from the rule in the README (client q first; at equal q a named type beats a
# wildcard; then our source quality), never computed by conneg.
ACCEPT_TABLE = {
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8": "html",  # Firefox
    "*/*": "html",  # curl
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/json": "json",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
    "text/csv": "csv",
    "text/turtle, */*;q=0.1": "ttl",
    "*/*;q=0.1, application/ld+json": "jsonld",
    "text/html;q=0.5, text/turtle": "ttl",
    "text/turtle;q=0.5, application/ld+json;q=0.6": "jsonld",
    "text/turtle, application/n-triples": "ttl",
    "application/n-triples, text/turtle": "ttl",
    ("application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, "
     "application/n-quads, application/trix, application/trig"): "ttl",  # rdflib
    "application/sparql-results+json, application/json;q=0.9": "json",
    "text/*": "html",
    "text/*, text/html;q=0": "ttl",
    "*/*, text/html;q=0": "ttl",
    "application/*": "jsonld",
    "image/png": "html",
    "TEXT/TURTLE": "ttl",
    "text/turtle; charset=utf-8": "ttl",
    "text/turtle;q=0, text/html": "html",
    "application/ld+json;q=1.0, text/html;q=0.3": "jsonld",
    "garbage, ;;;": "html",
    # an explicit client preference wins over our source quality
    "application/rdf+xml, text/html;q=0.9": "rdf",
    "text/csv, application/json;q=0.9": "csv",
    "application/n-triples;q=0.8, text/html;q=0.7": "nt",
    # a type the client names beats a wildcard at the same q
    "application/json, text/plain, */*": "json",  # axios and other HTTP client libraries
    "application/json, */*": "json",
    "text/turtle, */*": "ttl",
    "application/ld+json, */*": "jsonld",
    "application/*, */*": "jsonld",
    "application/json;q=0.5, */*": "html",  # a wildcard with the higher q still wins
    "text/turtle;q=0.5, */*;q=0.8": "html",  # a wildcard below 1 still counts
    "application/*;q=0.7, application/json;q=0.1, application/ld+json;q=0.4": "nt",
    "text/*;q=0.9, application/n-triples;q=0.5": "html",
    "text/csv;q=0.55, application/json;q=0.5": "csv",
}
# where nginx's and Apache's regex list is documented to differ (serverconf.py): below 1,
# q is compared to its first decimal (0.55 and 0.5 are one class: source quality decides)
NGINX_DIFFERS = {"text/csv;q=0.55, application/json;q=0.5": "json"}


@pytest.mark.parametrize("accept", list(ACCEPT_TABLE))
def test_negotiation_cases(server, accept):
    ext = ACCEPT_TABLE[accept]
    if server.kind in ("nginx", "apache") and accept in NGINX_DIFFERS:
        ext = NGINX_DIFFERS[accept]
    with server.client() as client:
        r = client.get("/doc/competentie/reflecteren", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-location"] == f"/doc/competentie/reflecteren.{ext}"
    assert r.headers["content-type"] == content_type(BY_EXTENSION[ext])


def test_no_accept_header_gets_html(server):
    with server.client() as client:
        r = client.get("/doc/competentie/reflecteren", headers={"Accept": ""})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "content-security-policy" in r.headers


@pytest.mark.parametrize("accept", ["text/html;q=0, image/png", "*/*;q=0", "text/html;q=0"])
def test_406_when_everything_is_refused(server, accept):
    with server.client() as client:
        r = client.get("/doc/competentie/reflecteren", headers={"Accept": accept})
    assert r.status_code == 406
    for fmt in FORMATS:
        assert fmt.media_type in r.text


# Cache-Control (README): short for the latest, long and immutable for a release
SHORT = "public, max-age=300"
IMMUTABLE = "public, max-age=31536000, immutable"


def test_cache_control(server):
    version = server.webroot.version
    cases = [
        ("/doc/competentie/reflecteren.ttl", {}, SHORT),
        ("/doc/competentie/reflecteren", {"Accept": "application/ld+json"}, SHORT),
        ("/doc/download/competentieset.ttl", {}, SHORT),
        ("/", {}, SHORT),
        (f"/versie/{version}/doc/competentie/reflecteren.ttl", {}, IMMUTABLE),
        (f"/versie/{version}/doc/competentie/reflecteren", {"Accept": "text/turtle"}, IMMUTABLE),
        (f"/versie/{version}/doc/download/competentieset.nt", {}, IMMUTABLE),
        (f"/versie/{version}/doc/download/wijzigingen.json", {}, IMMUTABLE),  # frozen with it
        ("/versie/", {}, SHORT),  # the index of the releases changes with each release
        ("/versie/index.json", {}, SHORT),
    ]
    with server.client() as client:
        for path, headers, expected in cases:
            r = client.get(path, headers=headers)
            assert r.status_code == 200, path
            assert r.headers.get("cache-control") == expected, (path, r.headers.get("cache-control"))
            r = client.get(path, headers={**headers, "If-None-Match": r.headers["etag"]})
            assert r.status_code == 304, path
            assert r.headers.get("cache-control") == expected, (path, "304")


ETAG_PATHS = ["/doc/competentie/reflecteren.ttl", "/doc/competentie/reflecteren.jsonld",
              "/doc/gedragsindicator/reflecteren-1.csv", "/doc/def/Competentie.rdf",
              "/doc/download/competentieset.nt", "/index.html", "/versie/{version}/doc/def.ttl"]


def test_etag_and_last_modified_are_nginx_s_mtime_and_size(server):
    """The ETag is "<mtime>-<size>" in lowercase hex and Last-Modified the mtime (nginx's
    rule, written out here from the file's stat), so every server of the same files agrees."""
    with server.client() as client:
        for path in ETAG_PATHS:
            path = path.format(version=server.webroot.version)
            st = (server.webroot.path / path.lstrip("/")).stat()
            r = client.get(path)
            assert r.status_code == 200, path
            assert r.headers["etag"] == f'"{int(st.st_mtime):x}-{st.st_size:x}"', path
            assert r.headers["last-modified"] == formatdate(int(st.st_mtime), usegmt=True), path


def test_embedded_and_nginx_send_the_same_etag_and_last_modified(embedded, nginx, webroot):
    seen = {}
    for server in (embedded, nginx):
        with server.client() as client:
            for path in ETAG_PATHS:
                path = path.format(version=webroot.version)
                r = client.get(path)
                assert r.status_code == 200, (server.kind, path)
                seen.setdefault(path, []).append((r.headers["etag"], r.headers["last-modified"]))
            r = client.get("/doc/competentie/reflecteren", headers={"Accept": "text/turtle"})
            seen.setdefault("negotiated", []).append((r.headers["etag"], r.headers["last-modified"]))
    for path, (a, b) in seen.items():
        assert a == b, (path, "embedded", a, "nginx", b)


def test_conditional_requests(server):
    with server.client() as client:
        first = client.get("/doc/competentie/reflecteren.ttl")
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        r = client.get("/doc/competentie/reflecteren.ttl", headers={"If-None-Match": etag})
        assert r.status_code == 304 and not r.content
        r = client.get("/doc/competentie/reflecteren", headers={"Accept": "text/turtle", "If-None-Match": etag})
        assert r.status_code == 304
        r = client.get("/doc/competentie/reflecteren", headers={"Accept": "application/ld+json",
                                                                "If-None-Match": etag})
        assert r.status_code == 200  # another variant, another ETag
        r = client.get("/doc/competentie/reflecteren.ttl", headers={"If-Modified-Since": modified})
        assert r.status_code == 304
        r = client.get("/doc/competentie/reflecteren.ttl",
                       headers={"If-Modified-Since": formatdate(0, usegmt=True)})
        assert r.status_code == 200


def test_headers_cors_and_security(server):
    with server.client() as client:
        r = client.get("/doc/competentie/reflecteren.ttl", headers={"Origin": "https://hr.example"})
        assert r.headers["access-control-allow-origin"] == "*"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"]
        assert "content-security-policy" not in r.headers
        r = client.get("/doc/competentie/reflecteren.html")
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        r = client.options("/doc/competentie/reflecteren", headers={
            "Origin": "https://hr.example", "Access-Control-Request-Method": "GET"})
        assert r.status_code == 204
        assert "GET" in r.headers["access-control-allow-methods"]
        assert r.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_405_for_other_methods(server, method):
    with server.client() as client:
        r = client.request(method, "/doc/competentie/reflecteren", content=b"x")
    assert r.status_code == 405
    assert "GET" in r.headers["allow"]


def test_404_helps(server):
    with server.client() as client:
        r = client.get("/id/competentie/reflecteern", headers={"Accept": "text/html"})
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        assert 'href="/id/competentie/reflecteren"' in r.text
        r = client.get("/doc/competentie/reflecteern", headers={"Accept": "application/json"})
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"
        problem = r.json()
        assert problem["status"] == 404 and "/id/competentie/reflecteren" in problem["suggestions"]
        assert client.get("/id/competentie/bestaat-niet.ttl").status_code == 404
        assert client.get("/nergens").status_code == 404


def test_versioned_uris_serve_the_release(server):
    version = server.webroot.version
    root = server.webroot.path
    frozen = documents(root, f"versie/{version}")
    assert "competentie/reflecteren" in frozen
    with server.client() as client:
        r = client.get(f"/versie/{version}/id/competentie/reflecteren", headers={"Accept": "text/turtle"})
        assert r.status_code == 303
        assert location(server, r) == f"/versie/{version}/doc/competentie/reflecteren"
        r = client.get(location(server, r), headers={"Accept": "text/turtle"})
        assert r.status_code == 200
        assert r.content == (root / f"versie/{version}/doc/competentie/reflecteren.ttl").read_bytes()
        assert r.headers["content-location"] == f"/versie/{version}/doc/competentie/reflecteren.ttl"
        assert client.get("/versie/9.9.9/id/competentie/reflecteren").status_code == 404


def test_deprecated_resources_resolve_and_name_their_successors(server):
    from competentieset.serving.lookup import Lookup

    lookup = Lookup(server.webroot.dataset, server.webroot.base)
    deprecated = {res.path: res for res in lookup.resources.values() if res.deprecated}
    # the ESCO extract scheme deprecated by issue 11 (ontology/redactie), the indicator the
    # session's build deprecated, and nothing else
    scheme = "begrippenkader/esco-transversale-vaardigheden"
    assert sorted(deprecated) == [f"/id/{scheme}", f"/id/{DEPRECATED}"]
    assert deprecated[f"/id/{scheme}"].replaced_by == [f"{server.webroot.base}/id/bron/esco-transversale-vaardigheden"]
    assert deprecated[f"/id/{DEPRECATED}"].replaced_by == [f"{server.webroot.base}/id/{SUCCESSOR}"]
    with server.client() as client:
        for path, res in sorted(deprecated.items()):
            rest = path.removeprefix("/id/")
            r = client.get(path)
            assert r.status_code == 303
            for url in (f"/doc/{rest}", f"/doc/{rest}.ttl"):
                r = client.get(url, headers={"Accept": "text/turtle"})
                assert r.status_code == 200
                links = ", ".join(r.headers.get_list("link"))
                for successor in res.replaced_by:
                    assert f'<{lookup.local(successor)}>; rel="successor-version"' in links


def test_base_uri_maps_onto_the_server(server):
    base = server.webroot.base
    with server.client() as client:
        r = client.get("/id/competentie/reflecteren", headers={"Accept": "text/turtle"}, follow_redirects=True)
    assert r.status_code == 200
    import rdflib

    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (rdflib.URIRef(f"{base}/id/competentie/reflecteren"), None, None) in graph


def test_site_and_downloads(server):
    with server.client() as client:
        r = client.get("/")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        r = client.get("/doc/download/competentieset.nt")
        assert r.status_code == 200
        assert r.content == (server.webroot.path / "doc/download/competentieset.nt").read_bytes()


# --- the lookup API -----------------------------------------------------------------------

def test_lookup_search_notation_children(server):
    with server.client() as client:
        r = client.get("/api/search", params={"q": "reflect"})
        assert r.status_code == 200
        paths = [hit["path"] for hit in r.json()]
        assert "/id/competentie/reflecteren" in paths
        r = client.get("/api/search", params={"q": "REFLECTION", "lang": "en"})
        assert [hit["path"] for hit in r.json()] == ["/id/competentie/reflecteren"]
        r = client.get("/api/search", params={"q": "zzzz"})
        assert r.status_code == 200 and r.json() == []
        assert client.get("/api/search").status_code == 400
        assert client.get("/api/search", params={"q": "a", "lang": "fr"}).status_code == 400
        r = client.get("/api/notation/1.1")
        assert "/id/gedragsindicator/reflecteren-1" in [hit["path"] for hit in r.json()]
        assert client.get("/api/notation/99.99").status_code == 404
        r = client.get("/api/children/competentie/reflecteren")
        assert [hit["path"] for hit in r.json()] == [
            "/id/gedragsindicator/reflecteren-1", "/id/gedragsindicator/reflecteren-2",
            "/id/gedragsindicator/reflecteren-3"]
        r = client.get("/api/children/begrippenkader/competentieset")
        assert len(r.json()) == 7
        assert client.get("/api/children/competentie/bestaat-niet").status_code == 404


def test_search_matches_every_label_and_the_source_word_forms(server):
    """Issue 11: the introduction's adjectives find their competency (hidden labels), a word
    inside a label matches (not only a prefix of the whole preferred label), and whole-label
    matches come before word matches."""
    with server.client() as client:
        for word, path in (("bestuurssensitief", "/id/competentie/bestuurssensitiviteit"),
                           ("Omgevingsbewust", "/id/competentie/omgevingsbewustzijn"),
                           ("stressbestendig", "/id/competentie/stressbestendigheid")):
            r = client.get("/api/search", params={"q": word})
            assert r.status_code == 200
            assert [hit["path"] for hit in r.json()] == [path], word
        # "pressure" is the last word of "Keeps performing under pressure" (indicator 7.1) and
        # of "Resilience under pressure" (the competency): word matches, by label
        r = client.get("/api/search", params={"q": "pressure", "lang": "en"})
        assert [hit["path"] for hit in r.json()] == ["/id/gedragsindicator/stressbestendigheid-1",
                                                     "/id/competentie/stressbestendigheid"]
        # an alternative label: the set's former English name
        r = client.get("/api/search", params={"q": "competency set", "lang": "en"})
        assert [hit["path"] for hit in r.json()] == ["/id/begrippenkader/competentieset"]
        assert client.get("/api/search", params={"q": "bestuurssensitief", "lang": "en"}).json() == []


def test_known_label_redirects(server):
    with server.client() as client:
        for label in ("Reflecteren", "reflecteren", "REFLECTION"):
            r = client.get(f"/label/{label}")
            assert r.status_code == 302, label
            assert r.headers["location"] == "/id/competentie/reflecteren"
            assert r.headers["x-uri"] == f"{server.webroot.base}/id/competentie/reflecteren"
        assert client.get("/label/Reflecter").status_code == 404
        assert client.get("/label/" + "x" * 200).status_code == 400


def test_openapi_document(server):
    with server.client() as client:
        r = client.get("/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/search", "/api/notation/{notation}", "/api/children/{type}/{name}", "/label/{label}"} \
        <= set(doc["paths"])


def test_site_folders_get_their_slash(server):
    with server.client() as client:
        r = client.get("/en")
        assert r.status_code == 301 and location(server, r) == "/en/"
        r = client.get("/en/")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
