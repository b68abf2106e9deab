"""The JSON-LD embedded in each resource page: schema.org DefinedTerm(Set) plus the SKOS data.

`@id` is the resource URI (the thing), `url` the page (the document), so search engines and
linked-data clients find both. Every statement of the resource is included, with its
language or datatype; keys are compacted with a small inline context (no remote context, so
the page requests nothing and a processor needs no network).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from competentieset.site.graph import DCT, OWL, RDF_TYPE, RDFS, SKOS, Resource

if TYPE_CHECKING:  # pragma: no cover
    from competentieset.site.pages import SiteWriter

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def context(base: str) -> dict:
    return {
        "@vocab": "https://schema.org/",
        "skos": SKOS,
        "dct": DCT,
        "owl": OWL,
        "rdfs": RDFS,
        "foaf": "http://xmlns.com/foaf/0.1/",
        "prov": "http://www.w3.org/ns/prov#",
        "dcat": "http://www.w3.org/ns/dcat#",
        "cs": f"{base}/def/",
    }


def _compact(iri: str, ctx: dict) -> str:
    best = None
    for prefix, ns in ctx.items():
        if prefix.startswith("@") or not iri.startswith(ns):
            continue
        local = iri[len(ns):]
        if local and "/" not in local and "#" not in local and (best is None or len(ns) > len(ctx[best])):
            best = prefix
    return f"{best}:{iri[len(ctx[best]):]}" if best else iri


def data(w: SiteWriter, res: Resource, page: str) -> dict:
    ctx = context(w.base)
    types = sorted(_compact(t, ctx) for t in res.types)
    if SKOS + "Concept" in res.types:
        types.append("DefinedTerm")
    if SKOS + "ConceptScheme" in res.types:
        types.append("DefinedTermSet")
    doc: dict = {"@context": ctx, "@id": res.iri, "url": w.page_url(page)}
    if types:
        doc["@type"] = types
    for prop in sorted(res.statements):
        if prop == RDF_TYPE:
            continue
        values = []
        for value in res.values(prop):
            if value.kind == "iri":
                values.append({"@id": value.text})
            elif value.kind == "literal":
                item = {"@value": value.text}
                if value.lang:
                    item["@language"] = value.lang
                elif value.datatype and value.datatype not in (XSD_STRING, RDF_LANGSTRING):
                    item["@type"] = value.datatype
                values.append(item)
        if values:
            doc[_compact(prop, ctx)] = values
    # schema.org view of the same data
    names = [{"@value": v.text, "@language": v.lang} for v in res.literals(SKOS + "prefLabel") if v.lang]
    if names:
        doc["name"] = names
    definitions = [{"@value": v.text, "@language": v.lang} for v in res.literals(SKOS + "definition") if v.lang]
    if definitions:
        doc["description"] = definitions
    notation = res.first(SKOS + "notation")
    if notation:
        doc["termCode"] = notation.text
    schemes = res.iris(SKOS + "inScheme")
    if schemes and "DefinedTerm" in types:
        doc["inDefinedTermSet"] = [{"@id": s} for s in sorted(schemes)]
    top = res.iris(SKOS + "hasTopConcept")
    if top and "DefinedTermSet" in types:
        doc["hasDefinedTerm"] = [{"@id": s} for s in w.graph.ordered(top)]
    return doc


def for_resource(w: SiteWriter, res: Resource, page: str) -> str:
    """The JSON text for <script type="application/ld+json"> (safe inside a script element)."""
    text = json.dumps(data(w, res, page), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
