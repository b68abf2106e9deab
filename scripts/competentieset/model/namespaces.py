"""The one table of prefixes and the one IRI-compaction function.

Every module that writes a prefix or shortens an IRI uses these: the published files
(Turtle, RDF/XML, TriG prefixes; the JSON-LD context), the site (property names, the JSON-LD
embedded in pages), the validation report, the diff and the lookup API. The table is derived
from the base URI, so the published files use the same short names as the Turtle in
ontology/. A user of a subset (e.g. the site's small inline context) picks prefixes by name
with `table(names, base)`, never by writing namespace IRIs again.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def table(names: Iterable[str], base: str | None = None) -> dict[str, str]:
    """prefix -> namespace IRI for `names`, in the order given (standard prefixes, and the
    project's own ones under `base`)."""
    out = {}
    for name in names:
        if name in STANDARD:
            out[name] = STANDARD[name]
        elif name in OWN and base is not None:
            out[name] = f"{base}/{OWN[name]}"
        else:
            raise KeyError(f"no namespace {name!r} in competentieset.model.namespaces"
                           + (" (own prefixes need the base URI)" if name in OWN else ""))
    return out


def compact(iri: str, namespaces: dict[str, str], default: str | None = None, *,
            simple: bool = False) -> str:
    """`prefix:local` for the longest namespace in `namespaces` (prefix -> IRI) that `iri`
    starts with, the local part non-empty and not starting with `//`; `simple` also requires
    a local part without `/` and `#` (a plain name, as in a JSON-LD term). Otherwise
    `default` (the IRI itself when None)."""
    best = None
    for prefix, ns in namespaces.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(namespaces[best])):
            local = iri[len(ns):]
            if not local or local.startswith("//"):
                continue
            if simple and ("/" in local or "#" in local):
                continue
            best = prefix
    if best is None:
        return iri if default is None else default
    return f"{best}:{iri[len(namespaces[best]):]}"


RDF_TYPE = STANDARD["rdf"] + "type"
XSD_STRING = STANDARD["xsd"] + "string"
RDF_LANGSTRING = STANDARD["rdf"] + "langString"
LABEL_PREDICATES = (
    STANDARD["skos"] + "prefLabel",
    STANDARD["rdfs"] + "label",
    STANDARD["foaf"] + "name",
    STANDARD["dct"] + "title",
)
