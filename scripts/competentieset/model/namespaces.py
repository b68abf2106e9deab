"""Prefixes used when writing RDF (Turtle, RDF/XML, TriG prefixes; JSON-LD context).

One table, derived from the base URI, so the published files use the same short names
as the Turtle in ontology/.
"""

from __future__ import annotations

STANDARD = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "esco": "http://data.europa.eu/esco/skill/",
}

# prefix -> path under the base (the vocabulary's own namespaces)
OWN = {
    "cs": "def/",
    "kader": "id/begrippenkader/",
    "competentie": "id/competentie/",
    "indicator": "id/gedragsindicator/",
    "gebied": "id/gebied/",
    "functiefamilie": "id/functiefamilie/",
    "functiegroep": "id/functiegroep/",
    "organisatie": "id/organisatie/",
    "bron": "id/bron/",
    "graaf": "id/graaf/",
    "rechten": "id/rechten/",
}


def prefixes(base: str) -> dict[str, str]:
    """prefix -> namespace IRI, sorted by prefix."""
    table = dict(STANDARD)
    table.update({name: f"{base}/{path}" for name, path in OWN.items()})
    return dict(sorted(table.items()))


RDF_TYPE = STANDARD["rdf"] + "type"
XSD_STRING = STANDARD["xsd"] + "string"
RDF_LANGSTRING = STANDARD["rdf"] + "langString"
LABEL_PREDICATES = (
    STANDARD["skos"] + "prefLabel",
    STANDARD["rdfs"] + "label",
    STANDARD["foaf"] + "name",
    STANDARD["dct"] + "title",
)


def compact(iri: str, table: dict[str, str]) -> str:
    """`prefix:local` for an IRI in one of the namespaces of `table` (the longest that
    matches), else the IRI itself."""
    best = ""
    for name, namespace in table.items():
        if iri.startswith(namespace) and len(namespace) > len(table.get(best, "")):
            best = name
    return f"{best}:{iri[len(table[best]):]}" if best else iri
