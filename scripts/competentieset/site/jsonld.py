"""The JSON-LD embedded in each resource page: schema.org DefinedTerm(Set) plus the SKOS data.

`@id` is the resource URI (the thing), `url` the page (the document), so search engines and
linked-data clients find both. Every statement of the resource is included, with its
language or datatype; keys are compacted with a small inline context (no remote context, so
the page requests nothing and a processor needs no network).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING

from competentieset.model import namespaces
from competentieset.model.namespaces import RDF_LANGSTRING, XSD_STRING
from competentieset.site.graph import RDF_TYPE, SKOS, Resource

if TYPE_CHECKING:  # pragma: no cover
    from competentieset.site.pages import SiteWriter

SCHEMA_ORG = "https://schema.org/"
# the inline context's prefixes (from model.namespaces), in this order in every page
CONTEXT_PREFIXES = ("skos", "dct", "owl", "rdfs", "foaf", "prov", "dcat", "cs")


def context(base: str) -> dict:
    return {"@vocab": SCHEMA_ORG, **namespaces.table(CONTEXT_PREFIXES, base)}


def _compact(iri: str, ctx: dict) -> str:
    """A key or type of the inline context: prefix:name with a plain name, else the IRI."""
    return _compact_in(iri, tuple((p, ns) for p, ns in ctx.items() if not p.startswith("@")))


@lru_cache(maxsize=4096)  # the same few predicates and types on every page
def _compact_in(iri: str, prefixes: tuple[tuple[str, str], ...]) -> str:
    return namespaces.compact(iri, dict(prefixes), simple=True)


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
