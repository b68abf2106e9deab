"""Dataset metadata of the publication: DCAT-AP-NL 3.0 and VoID.

The dataset is the competency set itself (the cs:Competentieset scheme, which the data
already types dcat:Dataset as NL-SBB does). The DCAT description has, for the dataset and
for this release (a dcat:Dataset with its version IRI), every property DCAT-AP-NL 3.0
makes mandatory (dct:accessRights, dcat:contactPoint, dct:creator, dct:description,
dct:identifier, dct:publisher, dcat:theme, dct:title), and one dcat:Distribution per
download format, and per file of each consumer format (publication.exports.EXPORTS), with
dcat:accessURL, dcat:downloadURL, dcat:mediaType and dct:license.

Facts come from the vocabulary (title, description, publisher: this publication's editors,
organisatie:redactie; the source document it is derived from, with ITS publisher, the ABD,
from ontology/bronnen.ttl) and from the release record (version, dates). The other
mandatory values are THE PROJECT'S CHOICES, said so in the data (skos:editorialNote) and in
README:
  - dct:license: CC BY 4.0, the licence the editors chose for their own additions; dct:rights
    names the rights of every part (ontology/herkomst.ttl: the ABD's verbatim text, reused
    with attribution and no licence asserted; ESCO's texts with ESCO's attribution; cited
    facts; the editors' additions), with their texts copied into the DCAT file;
  - dct:accessRights PUBLIC and dcat:theme GOVE (EU vocabularies);
  - dcat:contactPoint: the editors as a vcard:Organization; no contact e-mail address or
    form is known, so none is given and a vcard:note says so;
  - dct:creator: the editors.
Blank nodes (contact point, distributions) have fixed labels, so the files are
byte-identical on rebuild.
"""

from __future__ import annotations

import pyoxigraph as ox

from competentieset.model import layout
from competentieset.model.namespaces import STANDARD, prefixes
from competentieset.model.releases import Release
from competentieset.publication import formats
from competentieset.publication.descriptions import Descriptions, PublicationError, parse_lines

DCAT, DCT, VCARD, VOID, RDF, XSD, SKOS, PROV, FOAF, RDFS = (
    STANDARD[p] for p in ("dcat", "dct", "vcard", "void", "rdf", "xsd", "skos", "prov", "foaf", "rdfs"))
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
LICENSE = "http://creativecommons.org/licenses/by/4.0/"
CHOICES_NOTE = {
    "nl": "Keuzes van het project, geen gegevens van de ABD: de licentie (CC BY 4.0, voor de toevoegingen van dit project; de tekst van de ABD en van ESCO houden hun eigen rechten, zie dct:rights), de toegangsrechten (publiek), het thema (overheid en publieke sector), het contactpunt (de redactie; een contactadres is niet bekend) en de maker en uitgever (de redactie van deze publicatie; de ABD is de uitgever van de brontekst, niet van deze dataset). De data (dct:issued, dct:modified) en de versie (dcat:version) zijn die van de releases van deze publicatie (ontology/releases.csv), niet van de competentieset van de ABD, waarvan datum en versie niet bekend zijn.",
    "en": "Choices of the project, not data of the ABD: the licence (CC BY 4.0, for this project's additions; the ABD's and ESCO's texts keep their own rights, see dct:rights), the access rights (public), the theme (government and public sector), the contact point (the editors; no contact address is known) and the creator and publisher (the editors of this publication; the ABD publishes the source text, not this dataset). The dates (dct:issued, dct:modified) and the version (dcat:version) are those of this publication's releases (ontology/releases.csv), not of the ABD's competency set, whose date and version are unknown.",
}
CONTACT_NOTE = {
    "nl": "Er is geen e-mailadres of contactformulier van de redactie bekend; daarom is er geen gegeven.",
    "en": "No e-mail address or contact form of the editors is known, so none is given.",
}


def download_formats() -> tuple[formats.Format, ...]:
    """Every format the whole vocabulary is published in (one distribution each)."""
    return tuple(f for f in formats.FORMATS if f.key != "html") + formats.DATASET_FORMATS


def dataset_iri(d: Descriptions) -> str:
    cls = f"{d.base}/def/Competentieset"
    found = d.typed(cls)
    if found:
        return found[0]
    raise PublicationError(
        f"no resource typed {cls} in the vocabulary: the dataset to describe in DCAT is the "
        "competency set (ontology/bron/competentieset.ttl)"
    )


def version_iri(base: str, dataset: str, version: str) -> str:
    """The IRI of one release of the dataset: {base}/versie/{v}/id/..."""
    return f"{base}/{layout.release_dir(version)}/{dataset[len(base) + 1:]}"


def _n(iri):
    return ox.NamedNode(iri)


def _lit(text, lang=None, datatype=None):
    if lang:
        return ox.Literal(text, language=lang)
    return ox.Literal(text, datatype=_n(datatype)) if datatype else ox.Literal(text)


def _values(d: Descriptions, iri: str, predicate: str) -> list:
    """The objects of `iri`'s statements with `predicate`: only those lines parsed (the
    scheme, the dataset, has a line per top concept: 3,341 at N = 20,000)."""
    token = f"<{predicate}>"
    lines = [line for line in d.own_lines(iri) if line.partition(" ")[2].startswith(token + " ")]
    return [t.object for t in parse_lines(lines) if t.predicate.value == predicate]


def _dataset_core(d: Descriptions, subject, dataset: str, release: Release, first: Release,
                  download_root: str, tag: str) -> list:
    """The mandatory and recommended properties, and the distributions under download_root."""
    out = []

    def add(s, p, o):
        out.append(ox.Triple(s, _n(p), o))

    add(subject, RDF + "type", _n(DCAT + "Dataset"))
    titles = _values(d, dataset, DCT + "title") or _values(d, dataset, SKOS + "prefLabel")
    descriptions = _values(d, dataset, DCT + "description")
    publishers = _values(d, dataset, DCT + "publisher")
    missing = [name for name, values in (("dct:title", titles), ("dct:description", descriptions),
                                         ("dct:publisher", publishers)) if not values]
    if missing:
        raise PublicationError(f"{dataset}: needs {', '.join(missing)} for its DCAT description")
    for o in titles + descriptions:
        add(subject, DCT + ("title" if o in titles else "description"), o)
    for o in publishers:
        add(subject, DCT + "publisher", o)
    add(subject, DCT + "identifier", _lit(subject.value))
    add(subject, DCT + "creator", _n(f"{d.base}/id/organisatie/redactie"))
    add(subject, DCT + "accessRights", _n(EU + "access-right/PUBLIC"))
    add(subject, DCAT + "theme", _n(EU + "data-theme/GOVE"))
    add(subject, DCAT + "contactPoint", ox.BlankNode("contactpunt"))
    add(subject, DCT + "language", _n(EU + "language/NLD"))
    add(subject, DCT + "language", _n(EU + "language/ENG"))
    add(subject, DCT + "issued", _lit(first.date, datatype=XSD + "date"))
    add(subject, DCT + "modified", _lit(release.date, datatype=XSD + "date"))
    add(subject, DCAT + "version", _lit(release.version))
    add(subject, DCAT + "landingPage", _n(f"{d.base}/{dataset_doc(d, dataset)}"))
    for source in _values(d, dataset, DCT + "source"):
        add(subject, PROV + "wasDerivedFrom", source)
    rights_statements = _rights_statements(d, dataset)
    for rights in rights_statements:
        add(subject, DCT + "rights", rights)
    for lang, text in CHOICES_NOTE.items():
        add(subject, SKOS + "editorialNote", _lit(text, lang))

    def access(dist, url, media_type):
        """What every distribution says of its file: where, what type, licence and rights."""
        add(dist, DCAT + "accessURL", url)
        add(dist, DCAT + "downloadURL", url)
        add(dist, DCAT + "mediaType", _n(IANA + media_type))
        add(dist, DCT + "license", _n(LICENSE))
        for rights in rights_statements:
            add(dist, DCT + "rights", rights)

    for fmt in download_formats():
        dist = ox.BlankNode(f"distributie-{tag}-{fmt.key}")
        url = _n(f"{download_root}/{layout.download_file(fmt.extension)}")
        add(subject, DCAT + "distribution", dist)
        add(dist, RDF + "type", _n(DCAT + "Distribution"))
        add(dist, DCT + "title", _lit(f"{fmt.label}"))
        access(dist, url, fmt.media_type)
    from competentieset.publication.exports import EXPORTS

    for export in EXPORTS:  # the consumer formats (CASE, ...): one distribution per file
        for i, file in enumerate(export.files):
            dist = ox.BlankNode(f"distributie-{tag}-{export.name}-{i}")
            url = _n(f"{download_root}/{file.path}")
            add(subject, DCAT + "distribution", dist)
            add(dist, RDF + "type", _n(DCAT + "Distribution"))
            for lang, title in sorted(file.title.items()):
                add(dist, DCT + "title", _lit(f"{export.title[lang]}: {title}", lang))
            for lang, text in sorted(export.description.items()):
                add(dist, DCT + "description", _lit(text, lang))
            access(dist, url, file.media_type)
    return out


def _rights_statements(d: Descriptions, dataset: str) -> list:
    """Every rights statement the parts of the vocabulary name (ontology/herkomst.ttl)."""
    found = sorted({t.object.value for graph in d.vocab.graphs for t in d.triples_of(graph)
                    if t.predicate.value == DCT + "rights" and isinstance(t.object, ox.NamedNode)})
    if not found:
        raise PublicationError(
            "no rights statements: each named graph in ontology/herkomst.ttl names the rights "
            "of its part with dct:rights (see README, licence and rights per part)")
    return [_n(iri) for iri in found]


def dataset_doc(d: Descriptions, dataset: str) -> str:
    from competentieset.model import uris
    return str(uris.doc_path(dataset, d.base))


def dcat_triples(d: Descriptions, release: Release, releases: list[Release]) -> list:
    """The DCAT-AP-NL description of the dataset (latest) and of this release."""
    dataset = dataset_iri(d)
    first = releases[0]
    version = _n(version_iri(d.base, dataset, release.version))
    out = _dataset_core(d, _n(dataset), dataset, release, first, d.base, "actueel")
    out += _dataset_core(d, version, dataset, release, first,
                         f"{d.base}/{layout.release_dir(release.version)}", release.version)
    out.append(ox.Triple(version, _n(DCT + "isVersionOf"), _n(dataset)))
    for r in releases[: releases.index(release) + 1]:
        out.append(ox.Triple(_n(dataset), _n(DCAT + "hasVersion"),
                             _n(version_iri(d.base, dataset, r.version))))
    contact = ox.BlankNode("contactpunt")
    editors = f"{d.base}/id/organisatie/redactie"
    out += [
        ox.Triple(contact, _n(RDF + "type"), _n(VCARD + "Organization")),
        ox.Triple(contact, _n(VCARD + "hasUID"), _n(editors)),
    ]
    for lang, name in d.label_map(editors).items():
        out.append(ox.Triple(contact, _n(VCARD + "fn"), _lit(name, lang or None)))
    for lang, text in CONTACT_NOTE.items():
        out.append(ox.Triple(contact, _n(VCARD + "note"), _lit(text, lang)))
    # who publishes what: the publishers of the cited sources, and the rights texts
    for source in _values(d, dataset, DCT + "source"):
        for t in d.triples_of(source.value):
            if t.predicate.value in (DCT + "publisher", DCT + "title"):
                out.append(t)
    for publisher in {t.object.value for s in _values(d, dataset, DCT + "source")
                      for t in d.triples_of(s.value) if t.predicate.value == DCT + "publisher"} \
            | {o.value for o in _values(d, dataset, DCT + "publisher")}:
        for t in d.triples_of(publisher):
            if t.predicate.value in (RDF + "type", FOAF + "name", FOAF + "homepage"):
                out.append(t)
    for rights in _rights_statements(d, dataset):
        for t in d.triples_of(rights.value):
            if t.predicate.value in (RDF + "type", RDFS + "label", DCT + "license"):
                out.append(t)
    return sorted(set(out), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def void_triples(d: Descriptions, release: Release) -> list:
    """A VoID description: size, URI space, vocabularies, dumps, one subset per named graph."""
    dataset = _n(dataset_iri(d))
    out = []

    def add(s, p, o):
        out.append(ox.Triple(s, _n(p), o))

    def count(n: int):
        return _lit(str(n), datatype=XSD + "integer")

    add(dataset, RDF + "type", _n(VOID + "Dataset"))
    add(dataset, VOID + "triples", count(len(d.lines)))
    add(dataset, VOID + "distinctSubjects", count(len(d.ranges)))
    add(dataset, VOID + "entities", count(len(d.resources)))
    add(dataset, VOID + "uriSpace", _lit(f"{d.base}/id/"))
    add(dataset, VOID + "uriSpace", _lit(f"{d.base}/def/"))
    for fmt in (formats.BY_KEY["ntriples"], formats.BY_KEY["turtle"], formats.DATASET_FORMATS[1]):
        add(dataset, VOID + "dataDump", _n(f"{d.base}/{layout.download_file(fmt.extension)}"))
    # each line's second term (as split(" ", 2)[1], in two thirds of the time)
    predicates = sorted({line.partition(" ")[2].partition(" ")[0][1:-1] for line in d.lines})
    namespaces = sorted({ns for ns in prefixes(d.base).values()
                         if any(p.startswith(ns) for p in predicates)})
    for ns in namespaces:
        add(dataset, VOID + "vocabulary", _n(ns))
    for graph, n in d.graph_sizes.items():
        subset = _n(graph)
        add(dataset, VOID + "subset", subset)
        add(subset, RDF + "type", _n(VOID + "Dataset"))
        add(subset, VOID + "triples", count(n))
    add(dataset, DCAT + "version", _lit(release.version))
    return sorted(set(out), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
