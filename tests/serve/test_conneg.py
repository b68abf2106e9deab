"""Content negotiation: the pure rule in competentieset.conneg."""

from __future__ import annotations

import pytest
from competentieset.publication.formats import BY_KEY, FORMATS
from competentieset.serving import conneg

BROWSERS = {
    "firefox": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "chrome": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    "safari": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "curl": "*/*",
}


def key(header):
    fmt = conneg.choose(header)
    return None if fmt is None else fmt.key


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.key)
def test_each_media_type_alone_gets_its_format(fmt):
    assert key(fmt.media_type) == fmt.key
    assert key(fmt.media_type.upper()) == fmt.key  # media types are case-insensitive
    assert key(f" {fmt.media_type} ; charset=utf-8 ") == fmt.key


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.key)
def test_each_media_type_preferred_over_a_wildcard(fmt):
    assert key(f"{fmt.media_type}, */*;q=0.1") == fmt.key
    assert key(f"*/*;q=0.1, {fmt.media_type}") == fmt.key  # order does not matter, q does


@pytest.mark.parametrize("name,header", sorted(BROWSERS.items()))
def test_browsers_and_curl_get_html(name, header):
    assert key(header) == "html"


@pytest.mark.parametrize("header", [None, "", "   ", "image/png", "application/pdf, image/*",
                                    "garbage", ";;;,,,", "text", "/", "*/html", "text/html;q=abc"])
def test_nothing_usable_falls_back_to_html(header):
    assert key(header) == "html"


def test_q_values_decide():
    assert key("text/html;q=0.5, text/turtle") == "turtle"
    assert key("text/turtle;q=0.5, application/ld+json;q=0.6") == "jsonld"
    assert key("application/ld+json;q=0.6, text/turtle;q=0.5") == "jsonld"
    assert key("text/html;q=0.1, application/rdf+xml;q=0.2") == "rdfxml"


def test_source_quality_breaks_equal_client_preference():
    # equal q: the server's source quality (formats.FORMATS) decides
    assert key("text/turtle, application/n-triples") == "turtle"
    assert key("application/n-triples, text/turtle") == "turtle"
    assert key("text/csv, application/json") == "json"
    # equal q and equal quality: order of FORMATS (turtle before jsonld)
    assert key("application/ld+json, text/turtle") == "turtle"
    # the client's q is never overridden by the source quality
    assert key("text/csv, application/json;q=0.9") == "csv"
    assert key("application/rdf+xml, text/html;q=0.9") == "rdfxml"
    assert key("text/csv;q=0.501, text/html;q=0.5") == "csv"


def test_a_named_type_beats_a_wildcard_at_equal_q():
    # the defaults of HTTP client libraries (axios, fetch wrappers): JSON, not HTML
    assert key("application/json, text/plain, */*") == "json"
    assert key("application/json, */*") == "json"
    assert key("text/turtle, */*") == "turtle"
    assert key("application/n-triples, */*;q=1") == "ntriples"
    # type/* beats */*
    assert key("application/*, */*") == "jsonld"
    # ... but a wildcard with a higher q still wins
    assert key("application/json;q=0.5, */*") == "html"


def test_wildcards():
    assert key("text/*") == "html"
    assert key("text/*, text/html;q=0") == "turtle"
    assert key("application/*") == "jsonld"
    assert key("application/*, application/ld+json;q=0") == "json"
    assert key("*/*") == "html"
    assert key("*/*, text/html;q=0") == "turtle"


def test_most_specific_range_wins_over_order():
    assert key("text/turtle;q=0, text/*") == "html"
    assert key("text/html;q=0, text/*;q=1") == "turtle"
    assert key("text/*;q=0, text/turtle") == "turtle"


def test_406_only_when_the_client_refuses_everything_including_html():
    assert conneg.choose("*/*;q=0") is None
    assert conneg.choose("text/html;q=0, image/png") is None
    assert conneg.choose("text/html;q=0") is None
    assert conneg.choose("text/*;q=0, image/png") is None
    # refusing some formats but not HTML gets HTML
    assert key("text/turtle;q=0, image/png") == "html"


def test_q_value_syntax():
    assert key("text/turtle;q=1.000, text/html;q=0.800") == "turtle"
    assert key("text/turtle;q=1.000, text/html;q=0.999") == "turtle"  # 1 > 0.999
    assert key("text/turtle; Q=0.5, text/html;q=0.4") == "turtle"
    # malformed q: the range is ignored (RFC 9110 allows ignoring it)
    assert key("text/turtle;q=2") == "html"
    assert key("text/turtle;q=-1") == "html"
    assert key("text/turtle;q=0.12345") == "html"
    assert key("text/turtle;q=") == "html"
    assert key("text/turtle;q=1e0") == "html"
    # parameters after q are accept-extensions and ignored
    assert key("text/turtle;q=0.5;foo=bar, text/html;q=0.4") == "turtle"


def test_overlong_headers_are_refused():
    with pytest.raises(conneg.AcceptTooLong):
        conneg.choose("text/turtle," * 1000)
    with pytest.raises(conneg.AcceptTooLong):
        conneg.choose("a/b," * (conneg.MAX_RANGES + 1))
    assert key("text/turtle, " + "a/b, " * (conneg.MAX_RANGES - 2)) == "turtle"


def test_parse_accept_details():
    ranges = conneg.parse_accept('text/turtle;charset="utf-8";q=0.5, */*;q=0.1')
    assert ranges[0] == conneg.MediaRange("text", "turtle", 0.5, (("charset", "utf-8"),))
    assert ranges[0].specificity > conneg.MediaRange("text", "turtle", 1, ()).specificity
    assert ranges[1].specificity == 0


def test_rdflib_default_accept_header_gets_rdf():
    # what rdflib's URLInputSource sends from Graph().parse(url) without a format
    from rdflib.parser import Parser
    from rdflib.plugin import plugins

    header = ", ".join(p.name for p in plugins(kind=Parser) if "/" in p.name)
    assert BY_KEY[key(header)].rdf


def test_ranked_lists_every_format():
    ranking = conneg.ranked("text/turtle, */*;q=0.1")
    assert [f.key for f, _ in ranking][:3] == ["turtle", "html", "jsonld"]
    assert ranking[0][1] == (1.0, 2, 0.9)
    assert {f.key for f, _ in ranking} == {f.key for f in FORMATS}
