"""The representations every document is published in: one declared table.

Build (which files to write), site (which <link rel="alternate"> to print) and serve
(content negotiation, nginx/Apache configs) all read this table; nothing else lists
formats. `quality` is the server's source quality (qs) used in negotiation: with equal
client preference the higher one wins, and text/html is the default for browsers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    key: str  # short name used in code and CLI
    extension: str  # file extension, without dot
    media_type: str  # the Content-Type (charset added where textual)
    quality: float  # source quality for negotiation
    label: str  # human name
    rdf: bool  # an RDF serialisation (parses to the same graph as the others)


FORMATS: tuple[Format, ...] = (
    Format("html", "html", "text/html", 1.0, "HTML", False),
    Format("turtle", "ttl", "text/turtle", 0.9, "Turtle", True),
    Format("jsonld", "jsonld", "application/ld+json", 0.9, "JSON-LD", True),
    Format("json", "json", "application/json", 0.8, "JSON", False),
    Format("ntriples", "nt", "application/n-triples", 0.8, "N-Triples", True),
    Format("rdfxml", "rdf", "application/rdf+xml", 0.8, "RDF/XML", True),
    Format("csv", "csv", "text/csv", 0.7, "CSV", False),
)

# Download-only formats of the whole vocabulary that keep the named graphs (each graph
# one kind of provenance, see ontology/herkomst.ttl). Not negotiated per document.
DATASET_FORMATS: tuple[Format, ...] = (
    Format("trig", "trig", "application/trig", 0.8, "TriG", True),
    Format("nquads", "nq", "application/n-quads", 0.8, "N-Quads", True),
)

BY_KEY = {f.key: f for f in FORMATS}
BY_EXTENSION = {f.extension: f for f in FORMATS}
BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}
RDF_FORMATS = tuple(f for f in FORMATS if f.rdf)


def content_type(fmt: Format) -> str:
    """The Content-Type header value, with charset for textual formats."""
    if fmt.media_type == "application/n-triples" or fmt.media_type.startswith("text/") \
            or "json" in fmt.media_type or "xml" in fmt.media_type:
        return f"{fmt.media_type}; charset=utf-8"
    return fmt.media_type
