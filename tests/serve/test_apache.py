"""The generated configs on real Apache: the .htaccess gives the static behaviour of the HTTP
suite (303s, negotiation, extension URLs, headers, 304, 405, 406, versions, deprecation);
the generated server config (build/apache/competentieset.conf, included by the test
server) proxies the lookup API, known labels and the OpenAPI document to the embedded
server (the CASE endpoints: test_case.py). /sparql and the helpful 404 pages with near
matches are tested on the embedded server and nginx only."""

from __future__ import annotations

import pytest
import test_http
from competentieset.publication.formats import FORMATS
from serve_helpers import start_apache


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.key)
def test_every_resource_in_every_format(apache, fmt):
    test_http.test_every_resource_in_every_format(apache, fmt)


@pytest.mark.parametrize("accept", list(test_http.ACCEPT_TABLE))
def test_negotiation_cases(apache, accept):
    # the same regular expressions as nginx, so the same documented limits (NGINX_DIFFERS)
    test_http.test_negotiation_cases(apache, accept)


@pytest.mark.parametrize("accept", ["text/html;q=0, image/png", "*/*;q=0", "text/html;q=0"])
def test_406(apache, accept):
    test_http.test_406_when_everything_is_refused(apache, accept)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_405(apache, method):
    test_http.test_405_for_other_methods(apache, method)


def test_conditional_requests(apache):
    test_http.test_conditional_requests(apache)


def test_headers(apache):
    test_http.test_headers_cors_and_security(apache)


def test_versions(apache):
    test_http.test_versioned_uris_serve_the_release(apache)


def test_deprecation(apache):
    test_http.test_deprecated_resources_resolve_and_name_their_successors(apache)


def test_no_accept_header_gets_html(apache):
    test_http.test_no_accept_header_gets_html(apache)


def test_unknown_uris_are_404(apache):
    with apache.client() as client:
        assert client.get("/id/competentie/bestaat-niet").status_code == 404
        assert client.get("/doc/competentie/bestaat-niet").status_code == 404


def test_site_folders_get_their_slash(apache):
    test_http.test_site_folders_get_their_slash(apache)


def test_hidden_files_are_not_served(apache):
    with apache.client() as client:
        assert client.get("/.htaccess").status_code == 404


def test_cache_control(apache):
    test_http.test_cache_control(apache)


def test_lookup_api_through_the_proxy(apache):
    test_http.test_lookup_search_notation_children(apache)
    test_http.test_search_matches_every_label_and_the_source_word_forms(apache)


def test_known_labels_through_the_proxy(apache):
    test_http.test_known_label_redirects(apache)


def test_openapi_through_the_proxy(apache):
    test_http.test_openapi_document(apache)


def test_a_server_config_with_options_none(webroot, embedded):
    # a hardened <Directory> with `Options None` forbids mod_rewrite in a .htaccess (every
    # request 403, AH00670) unless the .htaccess turns SymLinksIfOwnerMatch on itself
    server = start_apache(webroot, embedded, options="None")
    try:
        with server.client() as client:
            home = client.get("/")
            assert home.status_code == 200
            term = client.get("/id/competentie/reflecteren", headers={"Accept": "text/turtle"})
            assert term.status_code == 303
            assert test_http.location(server, term) == "/doc/competentie/reflecteren"
            doc = client.get("/doc/competentie/reflecteren.ttl")
            assert doc.status_code == 200
            assert doc.content == (server.webroot.path / "doc/competentie/reflecteren.ttl").read_bytes()
    finally:
        server.stop()
