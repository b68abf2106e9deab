"""CTDL-ASN (Credential Engine) JSON-LD: ceasn:CompetencyFramework + ceasn:Competency.

One file, doc/download/competentieset.ctdl-asn.jsonld: the framework and every live
competency and behavioural indicator, in source order. Text values are language maps
(nl, en). The context is inline (the terms and containers the file uses), so the file
parses as JSON-LD offline, with no document loader; its keys are the compact names of
Credential Engine's own context (https://credreg.net/ctdlasn/schema/context/json), so a
consumer reading it as plain JSON sees the usual `ceasn:` / `ceterms:` keys.

Required properties (sources/interop/README.md: the registry's publishing code):
framework ceterms:ctid, ceasn:name, ceasn:description, ceasn:inLanguage, ceasn:publisher;
competency ceterms:ctid, ceasn:competencyText, ceasn:isPartOf. ctid is "ce-" + the
resource's UUID (uris.uuid_of). `@id` is our URI (never a registry URI: this file is not
published to the Credential Registry).

Values: competency: competencyLabel and competencyText = its label (the source's heading;
en our translation), comment = our definition; indicator: competencyText = its text (nl
verbatim from the source, en our translation), competencyLabel = our short label;
competencyCategory = the model's class label; codedNotation = skos:notation; listID =
cs:volgnummer; dateCreated / dateModified = dct:created / dct:modified (derived from the
release history, model.identifiers). The framework's ceasn:comment says which values are the
project's.

ESCO mappings (SKOS -> CTDL-ASN alignment property), our choice:
exactMatch -> exactAlignment, broadMatch -> broadAlignment, narrowMatch -> narrowAlignment,
closeMatch -> majorAlignment (a major overlap, not identity), relatedMatch ->
minorAlignment (a minor overlap).
"""

from __future__ import annotations

from competentieset.model import uris
from competentieset.publication.exports import Export, ExportFile
from competentieset.publication.exports.framework import LANGS, Framework, Item, read
from competentieset.publication.exports.jsontext import pretty
from competentieset.publication.exports.pieces import Pieces

PATH = "doc/download/competentieset.ctdl-asn.jsonld"
CEASN = "https://purl.org/ctdlasn/terms/"
CETERMS = "https://purl.org/ctdl/terms/"

ALIGNMENT = {
    "exactMatch": "ceasn:exactAlignment",
    "broadMatch": "ceasn:broadAlignment",
    "narrowMatch": "ceasn:narrowAlignment",
    "closeMatch": "ceasn:majorAlignment",
    "relatedMatch": "ceasn:minorAlignment",
}
LANGUAGE_MAPS = ("ceasn:name", "ceasn:description", "ceasn:competencyText", "ceasn:competencyLabel",
                 "ceasn:competencyCategory", "ceasn:comment", "ceasn:publisherName")
LINKS = ("ceasn:isPartOf", "ceasn:isChildOf", "ceasn:hasChild", "ceasn:isTopChildOf",
         "ceasn:hasTopChild", "ceasn:publisher", "ceasn:source", *ALIGNMENT.values())

PROVENANCE_NOTE = {
    "nl": "Omgezet uit de Competentieset voor publieke leiders (ABD) door dit project. Letterlijk uit "
          "de bron: de namen van de competenties en de teksten van de gedragsindicatoren (nl). Van dit "
          "project: alle Engelse teksten (vertaling), de korte namen van de gedragsindicatoren, de "
          "definities van de competenties (ceasn:comment), de codes en de koppelingen naar ESCO.",
    "en": "Converted from the Competentieset voor publieke leiders (ABD) by this project. Verbatim from "
          "the source: the names of the competencies and the texts of the behavioural indicators (nl). "
          "The project's own: every English text (our translation), the short names of the "
          "behavioural indicators, the definitions of the competencies (ceasn:comment), the codes and "
          "the mappings to ESCO.",
}


def context() -> dict:
    """The inline JSON-LD context: prefixes, language maps and IRI-valued terms."""
    ctx: dict[str, object] = {"ceasn": CEASN, "ceterms": CETERMS,
                              "xsd": "http://www.w3.org/2001/XMLSchema#"}
    for term in LANGUAGE_MAPS:
        ctx[term] = {"@container": "@language"}
    for term in LINKS:
        ctx[term] = {"@type": "@id"}
    ctx["ceasn:dateCreated"] = {"@type": "xsd:date"}
    ctx["ceasn:dateModified"] = {"@type": "xsd:date"}
    return ctx


def ctid(uri: str) -> str:
    return "ce-" + uris.uuid_of(uri)


def _langs(values: dict[str, str]) -> dict[str, str]:
    return {lang: values[lang] for lang in LANGS if values.get(lang)}


def _dates(node: dict, item: Item | Framework) -> None:
    if item.created:
        node["ceasn:dateCreated"] = item.created[:10]
    if item.modified:
        node["ceasn:dateModified"] = item.modified[:10]


def competency_node(fw: Framework, item: Item) -> dict:
    node: dict[str, object] = {"@id": item.uri, "@type": "ceasn:Competency", "ceterms:ctid": ctid(item.uri)}
    node["ceasn:competencyText"] = _langs({lang: item.text(lang) for lang in LANGS})
    node["ceasn:competencyLabel"] = _langs(item.labels)
    node["ceasn:competencyCategory"] = _langs(fw.kind_labels.get(item.kind, {}))
    if item.kind == "competency" and item.definitions:
        node["ceasn:comment"] = _langs(item.definitions)
    if item.notation:
        node["ceasn:codedNotation"] = item.notation
    if item.order is not None:
        node["ceasn:listID"] = str(item.order)
    node["ceasn:isPartOf"] = fw.uri
    if item.kind == "competency":
        node["ceasn:isTopChildOf"] = fw.uri
        if item.children:
            node["ceasn:hasChild"] = list(item.children)
    else:
        node["ceasn:isChildOf"] = item.parent
    for relation, target in item.mappings:
        node.setdefault(ALIGNMENT[relation], []).append(target)
    _dates(node, item)
    return node


def framework_node(fw: Framework) -> dict:
    framework: dict[str, object] = {
        "@id": fw.uri,
        "@type": "ceasn:CompetencyFramework",
        "ceterms:ctid": ctid(fw.uri),
        "ceasn:name": _langs(fw.titles),
        "ceasn:description": _langs(fw.descriptions),
        "ceasn:inLanguage": list(LANGS),
        "ceasn:publisher": list(fw.publishers),
        "ceasn:publisherName": {
            lang: [fw.publisher_names[p][lang] for p in fw.publishers if fw.publisher_names[p].get(lang)]
            for lang in LANGS if any(fw.publisher_names[p].get(lang) for p in fw.publishers)
        },
        "ceasn:source": list(fw.sources),
        "ceasn:comment": PROVENANCE_NOTE,
        "ceasn:hasTopChild": [c.uri for c in fw.competencies],
    }
    _dates(framework, fw)
    return framework


def write(ctx) -> None:
    """The document as jsonld.dump (indented) writes it, node by node. A competency's node
    reads its item, the label of its kind's class and its children (in the key); each is
    copied from the previous build's file when those did not change (exports/pieces)."""
    fw = read(ctx.descriptions)
    classes = {"competency": f"{ctx.base}/def/Competentie", "indicator": f"{ctx.base}/def/Gedragsindicator"}
    pieces = Pieces(ctx, "ctdl-asn")
    with pieces.open(PATH) as out:
        out.write(f'{{\n "@context": {pretty(context(), 1)},\n "@graph": [')
        out.write("\n  " + pretty(framework_node(fw), 2))
        outs = (out,)
        for item in fw.in_order():
            pieces.piece(f"{fw.uri}\t{item.uri}\t{' '.join(item.children)}",
                         lambda item=item: (",\n  " + pretty(competency_node(fw, item), 2),), outs,
                         (item.uri, classes[item.kind]))
        out.write("\n ]\n}\n")
    pieces.save()


EXPORT = Export(
    name="ctdl-asn",
    title={"nl": "CTDL-ASN (Credential Engine), JSON-LD", "en": "CTDL-ASN (Credential Engine), JSON-LD"},
    files=(ExportFile(PATH, "application/ld+json",
                      {"nl": "het raamwerk en elke competentie en gedragsindicator",
                       "en": "the framework and every competency and behavioural indicator"}),),
    write=write,
    description={
        "nl": "ceasn:CompetencyFramework met ceasn:Competency's (nl en en), hiërarchie en koppelingen "
              "naar ESCO; de context staat in het bestand zelf, dus het leest zonder netwerk.",
        "en": "ceasn:CompetencyFramework with ceasn:Competency nodes (nl and en), hierarchy and "
              "alignments to ESCO; the context is inside the file, so it reads without a network.",
    },
    steps={
        "nl": (
            "Download het bestand; het is JSON-LD met de context in het bestand zelf, dus elke "
            "JSON-LD-processor leest het zonder netwerk, en als gewone JSON staan er de bekende "
            "sleutels ceasn:… en ceterms:… in.",
            "ceterms:ctid is 'ce-' gevolgd door de UUID van het onderdeel: die verandert niet "
            "zolang de URI niet verandert.",
        ),
        "en": (
            "Download the file; it is JSON-LD with the context inside the file, so any JSON-LD "
            "processor reads it without a network, and as plain JSON it has the usual ceasn:… and "
            "ceterms:… keys.",
            "ceterms:ctid is 'ce-' followed by the item's UUID: it does not change while the URI "
            "does not.",
        ),
    },
)
