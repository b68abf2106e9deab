"""CASE 1.1 (and 1.0): 1EdTech Competencies and Academic Standards Exchange.

One package per language: Dutch (the source's language) and English (our translation),
the English one linked item by item to the Dutch one with isTranslationOf (CASE 1.1). The
read-only service provider's documents, packages, item types and licences are written as
files below ims/case/{v1p1,v1p0}/ (FILE_ENDPOINTS), so any web server answers them; the
embedded server (serving.case_api) answers CFItems, CFAssociations and CFItemAssociations
from those packages (api_files, the same function), the list parameters of CFDocuments and
the IMS error bodies. Writing one file per node and association would multiply the build's
files (15,000 more at N = 1,000), against the target of <= 1.3x the build without exports.

Identifiers. A Dutch node's identifier is the resource's own UUID (uris.uuid_of of its URI,
the dct:identifier in the data) and its `uri` the resource's URI. An English node is another
node (CASE: one language per item), so it gets uuid5(<Dutch node's UUID>, "en") and, as
`uri`, its URL in this service. Associations: uuid5(URL namespace, "<origin uri> <type>
<destination uri>"). ESCO targets: uuid_of(ESCO URI) (ours; ESCO's own identifiers are not
restated), their URI and ESCO's own English label (not our Dutch translation of it).

What becomes what:
  the competency set (cs:Competentieset)   CFDocument
  competency, behavioural indicator         CFItem (CFItemType Competentie / Gedragsindicator)
  area, FGR job family and job group        CFItem of their own CFItemType. Not CFConcepts or
                                            CFSubjects: an item has one conceptKeywordsURI and
                                            a competency touches several areas; links between
                                            nodes are associations, which need items.
  skos:broader (indicator -> competency)    isChildOf, sequenceNumber = cs:volgnummer
  top concept -> the set                    isChildOf the CFDocument, sequenceNumber
  FGR group -> job family                   isChildOf, sequenceNumber
  cs:raaktGebied (competency -> area)       isRelatedTo
  cs:kernprofielCompetentie (group -> comp.) isRelatedTo (origin the group)
  dct:isReplacedBy (deprecated -> successor) replacedBy
  ESCO (competency or indicator -> skill)   see MAPPING below; destination a LinkGenURI
  English node -> Dutch node (1.1 only)     isTranslationOf

In CASE 1.0 (v1p0), whose association types are a closed list, ext: types become
isRelatedTo and there is no isTranslationOf (the two packages are not linked) nor caseVersion.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator

from competentieset.model import uris
from competentieset.model.namespaces import STANDARD
from competentieset.publication.exports import Export, ExportFile
from competentieset.publication.exports.framework import statements
from competentieset.publication.exports.jsontext import compact
from competentieset.publication.exports.pieces import Pieces

SKOS, DCT, OWL, RDFS = (STANDARD[p] for p in ("skos", "dct", "owl", "rdfs"))
VERSIONS = {"v1p1": "1.1", "v1p0": "1.0"}
API = "ims/case"
LANGS = ("nl", "en")
LICENSE = "http://creativecommons.org/licenses/by/4.0/"
# SKOS mapping relation -> CASE 1.1 associationType (README: "CASE")
MAPPING = {
    SKOS + "exactMatch": "exactMatchOf",  # CASE's own equivalence
    SKOS + "closeMatch": "ext:closeMatch",  # CASE has no "close": exactMatchOf would overstate
    SKOS + "broadMatch": "ext:broadMatch",
    SKOS + "narrowMatch": "ext:narrowMatch",
    SKOS + "relatedMatch": "isRelatedTo",  # CASE's own looser link
}
ASSOCIATION_TYPES_1_0 = ("isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
                         "replacedBy", "exemplar", "hasSkillLevel")
ITEM_TYPES = ("Competentie", "Gedragsindicator", "Gebied", "Functiefamilie", "Functiegroep")
ENDPOINTS = ("CFDocuments", "CFPackages", "CFItems", "CFAssociations", "CFItemAssociations",
             "CFItemTypes", "CFConcepts", "CFSubjects", "CFLicenses", "CFAssociationGroupings",
             "CFRubrics")
# the answers written as files (a handful); CFItems, CFAssociations and CFItemAssociations
# (one per node: 15,000 files at N = 1,000) come from the packages, in the embedded server
FILE_ENDPOINTS = ("CFDocuments", "CFPackages", "CFItemTypes", "CFLicenses")
NOTES = {
    "nl": "CASE-pakket van de publicatie als linked data van de competentieset van de Algemene "
          "Bestuursdienst (officialSourceURL). Teksten van competenties en indicatoren: letterlijk uit "
          "de bron waar de bron ze geeft; korte labels, definities van competenties, de gebieden per "
          "competentie, de koppelingen met ESCO en de korte codes (humanCodingScheme) zijn "
          "toevoegingen van dit project. adoptionStatus en version zijn die van deze publicatie.",
    "en": "CASE package of the linked-data publication of the competency set of the Algemene "
          "Bestuursdienst (officialSourceURL). The English text is this project's translation; short "
          "labels, competency definitions, the areas per competency, the ESCO links and the short "
          "codes (humanCodingScheme) are additions of this project. adoptionStatus and version are "
          "those of this publication.",
}
LICENSE_TEXT = {
    "nl": "De brontekst van de competentieset is van de Algemene Bestuursdienst; de bron vermeldt geen "
          "licentie. CC BY 4.0 geldt voor de toevoegingen van dit project (labels, definities, "
          "vertalingen, interpretaties, mappings). ESCO-teksten: Europese Commissie, hergebruik met "
          "bronvermelding.",
    "en": "The source text of the competency set is the Algemene Bestuursdienst's; the source states no "
          "licence. CC BY 4.0 covers this project's additions (labels, definitions, translations, "
          "interpretations, mappings). ESCO texts: European Commission, reuse with attribution.",
}


def english_id(dutch_id: str) -> str:
    """The English node's UUID: version 5 of "en" in the namespace of the Dutch node's UUID."""
    return uris.uuid5_text(bytes.fromhex(dutch_id.replace("-", "")), "en")


@functools.lru_cache(maxsize=65536)
def _uuid_of(uri: str) -> str:
    return uris.uuid_of(uri)


def association_id(origin: str, kind: str, destination: str) -> str:
    return uris.uuid_of(f"{origin} {kind} {destination}")


def date_time(date: str) -> str:
    return f"{date}T00:00:00+00:00"


def download_path(lang: str) -> str:
    return f"doc/download/case-{lang}.json"


class Graph:
    """What the packages need from Descriptions: the exports' shared parse (framework.statements),
    with the labels, dates and order CASE derives from it, each made once."""

    def __init__(self, d, release, pieces=None):
        self.d, self.base, self.release = d, d.base, release
        self._values = statements(d).values
        self._labels: dict[tuple[str, str], str] = {}
        self._modified: dict[str, str] = {}
        self._order: dict[str, int] = {}
        # exports/pieces: while a piece is made, every subject read is noted in its
        # `tracking` set (each accessor notes its subject, also when it answers from a cache)
        self.pieces = pieces

    def seen(self, iri: str) -> None:
        pieces = self.pieces
        if pieces is not None and pieces.tracking is not None:
            pieces.tracking.add(iri)

    def values(self, iri, predicate):
        self.seen(iri)
        return self._values(iri, predicate)

    def first(self, iri, predicate):
        found = self.values(iri, predicate)
        return found[0].value if found else None

    def text(self, iri: str, predicate: str, lang: str) -> tuple[str, str] | None:
        """(text, language) in `lang`, else Dutch (the source's language), else None; of
        several in one language, the last (in sorted triple order)."""
        dutch = None
        for o in reversed(self.values(iri, predicate)):
            language = getattr(o, "language", None)
            if language == lang:
                return o.value, lang
            if language == "nl" and dutch is None:
                dutch = o
        return (dutch.value, "nl") if dutch is not None else None

    def label(self, iri: str, lang: str) -> str:
        self.seen(iri)
        found = self._labels.get((iri, lang))
        if found is None:
            found = self._labels[(iri, lang)] = self._label(iri, lang)
        return found

    def _label(self, iri: str, lang: str) -> str:
        for predicate in (SKOS + "prefLabel", RDFS + "label", DCT + "title", "http://xmlns.com/foaf/0.1/name"):
            found = self.text(iri, predicate, lang)
            if found:
                return found[0]
        return iri

    def cs(self, term: str) -> str:
        return f"{self.base}/def/{term}"

    def order(self, iri: str) -> int:
        self.seen(iri)
        found = self._order.get(iri)
        if found is None:
            value = self.first(iri, self.cs("volgnummer"))
            found = self._order[iri] = int(value) if value is not None else 0
        return found

    def modified(self, iri: str) -> str:
        self.seen(iri)
        found = self._modified.get(iri)
        if found is None:
            found = self._modified[iri] = self.first(iri, DCT + "modified") or self.release.date
        return found


def _link(title: str, identifier: str, uri: str) -> dict:
    return {"title": title, "identifier": identifier, "uri": uri}


class Builder:
    """Both packages and every API answer, for one CASE version."""

    def __init__(self, g: Graph, version: str):
        self.g, self.version = g, version
        self.api = f"{g.base}/{API}/{version}"
        self.v11 = VERSIONS[version] == "1.1"
        self._ids: dict[tuple[str, str], str] = {}
        self._links: dict[tuple[str, str, str], dict] = {}

    # identifiers and URIs per language
    def node_id(self, iri: str, lang: str) -> str:
        key = (iri, lang)
        found = self._ids.get(key)
        if found is None:
            own = _uuid_of(iri)
            found = self._ids[key] = own if lang == "nl" else english_id(own)
        return found

    def node_uri(self, iri: str, lang: str, kind: str) -> str:
        return iri if lang == "nl" else f"{self.api}/{kind}/{self.node_id(iri, lang)}"

    def build(self) -> Builder:
        """Read what every package needs (the nodes in package order, each kind's list)."""
        g = self.g
        d = g.d
        self.scheme = next(iter(d.typed(g.cs("Competentieset"))))
        self.competencies = sorted(d.typed(g.cs("Competentie")), key=lambda i: (g.order(i), i))
        self.indicators = sorted(d.typed(g.cs("Gedragsindicator")), key=lambda i: (g.order(i), i))
        areas = d.typed(g.cs("Gebied"))
        families = d.typed(g.cs("Functiefamilie"))
        self.groups = sorted(d.typed(g.cs("Functiegroep")), key=lambda i: (g.order(i), i))
        self.kinds = {}
        for kind in ITEM_TYPES:
            for iri in d.typed(g.cs(kind)):
                self.kinds[iri] = kind
        self.items = self.competencies + self.indicators + sorted(areas) + sorted(families) + self.groups
        return self

    def license(self, lang: str) -> dict:
        return {"identifier": _uuid_of(LICENSE), "uri": LICENSE,
                "title": "CC BY 4.0" + (" (toevoegingen van dit project)" if lang == "nl"
                                        else " (this project's additions)"),
                "licenseText": LICENSE_TEXT[lang], "lastChangeDateTime": date_time(self.g.release.date)}

    def license_link(self, lang: str) -> dict:
        lic = self.license(lang)
        return _link(lic["title"], lic["identifier"], f"{self.api}/CFLicenses/{lic['identifier']}")

    def item_type(self, kind: str, lang: str) -> dict:
        g = self.g
        cls = g.cs(kind)
        comment = g.text(cls, RDFS + "comment", lang)
        return {"identifier": uris.uuid_of(cls), "uri": cls, "title": g.label(cls, lang),
                "description": comment[0] if comment else g.label(cls, lang),
                "hierarchyCode": kind, "typeCode": kind,
                "lastChangeDateTime": date_time(g.modified(cls))}

    def document(self, lang: str, scheme: str, last_change: str) -> dict:
        g = self.g
        publisher = g.first(scheme, DCT + "publisher")
        doc = {
            "identifier": self.node_id(scheme, lang),
            "uri": self.node_uri(scheme, lang, "CFDocuments"),
            "creator": g.label(publisher, "nl") if publisher else "",
            "title": g.label(scheme, lang),
            "lastChangeDateTime": date_time(last_change),
        }
        if self.v11:
            doc["caseVersion"] = "1.1"
        source = g.first(scheme, DCT + "source")
        if source:
            doc["officialSourceURL"] = source
        if publisher:
            doc["publisher"] = g.label(publisher, "nl")
        description = g.text(scheme, DCT + "description", lang)
        if description:
            doc["description"] = description[0]
        doc.update({
            "language": lang,
            "version": g.release.version,
            "adoptionStatus": "Draft" if g.release.version.startswith("0.") else "Adopted",
            "statusStartDate": g.release.date,
            "licenseURI": self.license_link(lang),
            "notes": NOTES[lang],
        })
        return doc

    def item(self, iri: str, lang: str) -> dict:
        g = self.g
        kind = self.kinds[iri]
        statement = (g.text(iri, g.cs("bronTekst"), lang) if lang == "nl" else None) \
            or g.text(iri, SKOS + "definition", lang) or g.text(iri, SKOS + "prefLabel", lang) \
            or (g.label(iri, lang), "nl")
        item = {"identifier": self.node_id(iri, lang), "fullStatement": statement[0],
                "uri": self.node_uri(iri, lang, "CFItems")}
        label = g.text(iri, SKOS + "prefLabel", lang)
        if label and label[0] != statement[0]:
            item["abbreviatedStatement"] = label[0]
        code = g.first(iri, g.cs("korteCode"))
        if code:
            item["humanCodingScheme"] = code
        notation = g.first(iri, SKOS + "notation")
        if notation:
            item["listEnumeration"] = notation
        item.update({
            "CFItemType": g.label(g.cs(kind), lang),
            "CFItemTypeURI": _link(g.label(g.cs(kind), lang), _uuid_of(g.cs(kind)),
                                   f"{self.api}/CFItemTypes/{_uuid_of(g.cs(kind))}"),
            "language": statement[1],
            "licenseURI": self.license_link(lang),
            "lastChangeDateTime": date_time(g.modified(iri)),
        })
        return item

    def node_link(self, iri: str, lang: str, kind: str = "CFItems") -> dict:
        """The link object (one per node, language and kind, shared by every association that
        names it: its JSON is the same wherever it appears)."""
        key = (iri, lang, kind)
        self.g.seen(iri)
        found = self._links.get(key)
        if found is None:
            found = self._links[key] = _link(self.g.label(iri, lang), self.node_id(iri, lang),
                                              self.node_uri(iri, lang, kind))
        return found

    def association(self, kind: str, origin: dict, destination: dict, lang: str, date: str,
                    sequence: int | None = None) -> dict:
        if not self.v11 and kind not in ASSOCIATION_TYPES_1_0:
            kind = "isRelatedTo"
        ident = association_id(origin["uri"], kind, destination["uri"])
        out = {"identifier": ident, "associationType": kind,
               "uri": f"{self.api}/CFAssociations/{ident}",
               "originNodeURI": origin, "destinationNodeURI": destination,
               "lastChangeDateTime": date_time(date)}
        if sequence is not None:
            out["sequenceNumber"] = sequence
        return out

    def association_groups(self, lang: str) -> Iterator[tuple[str, Callable[[], list[dict]]]]:
        """The package's CFAssociations in package order, as groups: (key, a function giving
        the group's associations), one group per kind of association and node (the pieces of
        an incremental build, exports/pieces)."""
        g = self.g
        scheme, items = self.scheme, self.items
        competencies, indicators, groups = self.competencies, self.indicators, self.groups

        def doc_link():
            return self.node_link(scheme, lang, "CFDocuments")

        def top(iri):
            if not g.values(iri, SKOS + "topConceptOf"):
                return []
            return [self.association("isChildOf", self.node_link(iri, lang), doc_link(), lang,
                                     g.modified(iri), g.order(iri))]

        def broader(iri):
            return [self.association("isChildOf", self.node_link(iri, lang),
                                     self.node_link(parent.value, lang), lang, g.modified(iri), g.order(iri))
                    for parent in g.values(iri, SKOS + "broader")]

        def areas(iri):
            return [self.association("isRelatedTo", self.node_link(iri, lang),
                                     self.node_link(area.value, lang), lang, g.modified(iri))
                    for area in g.values(iri, g.cs("raaktGebied"))]

        def mappings(iri):
            return [self.association(kind, self.node_link(iri, lang), self.esco_link(target.value),
                                     lang, g.modified(iri))
                    for predicate, kind in MAPPING.items() for target in g.values(iri, predicate)]

        def core(iri):
            return [self.association("isRelatedTo", self.node_link(iri, lang),
                                     self.node_link(comp.value, lang), lang, g.modified(iri))
                    for comp in g.values(iri, g.cs("kernprofielCompetentie"))]

        def replaced(iri):
            return [self.association("replacedBy", self.node_link(iri, lang),
                                     self.node_link(successor.value, lang), lang, g.modified(iri))
                    for successor in g.values(iri, DCT + "isReplacedBy")]

        def translation(iri):
            return [self.association("isTranslationOf", self.node_link(iri, lang), self.node_link(iri, "nl"),
                                     lang, g.modified(iri))]

        def document_translation():
            return [self.association("isTranslationOf", doc_link(), self.node_link(scheme, "nl", "CFDocuments"),
                                     lang, g.modified(scheme))]

        for name, make, nodes in (("top", top, competencies), ("broader", broader, indicators + groups),
                                  ("areas", areas, competencies),
                                  # the crosswalk maps competencies and indicators
                                  ("mappings", mappings, competencies + indicators),
                                  ("core", core, groups), ("replaced", replaced, items)):
            for iri in nodes:
                yield f"{name}\t{iri}", functools.partial(make, iri)
        if lang == "en" and self.v11:
            yield f"translation\t{scheme}", document_translation
            for iri in items:
                yield f"translation\t{iri}", functools.partial(translation, iri)

    def esco_link(self, esco: str) -> dict:
        """The link to an ESCO skill: ESCO's own (English) label, not our translation of it."""
        key = (esco, "", "esco")
        self.g.seen(esco)
        found = self._links.get(key)
        if found is None:
            title = (self.g.text(esco, SKOS + "prefLabel", "en") or (esco, ""))[0]
            found = self._links[key] = _link(title, _uuid_of(esco), esco)
        return found

    def last_change(self) -> str:
        """The CFDocument's lastChangeDateTime (a date): the latest of the set's and its items'."""
        g = self.g
        return max([g.modified(self.scheme)] + [date_time(g.modified(iri))[:10] for iri in self.items])

    def definitions(self, lang: str) -> dict:
        return {
            "CFItemTypes": [self.item_type(kind, lang) for kind in ITEM_TYPES
                            if any(k == kind for k in self.kinds.values())],
            "CFLicenses": [self.license(lang)],
        }


def _dump(data) -> bytes:
    # compact: json's C encoder (indent= falls back to the pure-Python one, 10x slower)
    return (compact(data) + "\n").encode("utf-8")


def add_definitions(files: dict, root: str, lang: str, definitions: dict) -> None:
    """The CFItemTypes and CFLicenses answers of one package's CFDefinitions into `files`
    (path -> JSON value). A definition both languages share (same identifier) is answered
    in Dutch, the source's language, whichever package comes first."""
    for kind in ("CFItemTypes", "CFLicenses"):
        for definition in definitions[kind]:
            path = f"{root}/{kind}/{definition['identifier']}.json"
            if path not in files or lang == "nl":
                files[path] = definition


def listed_document(document: dict, version: str, base: str) -> dict:
    """A CFDocument as CFDocuments answers it: with the link to its package."""
    doc = dict(document)
    doc_id = doc["identifier"]
    doc["CFPackageURI"] = _link(doc["title"], doc_id, f"{base}/{API}/{version}/CFPackages/{doc_id}")
    return doc


def api_files(packages: dict, version: str, base: str,
              endpoints: tuple[str, ...] = ENDPOINTS) -> dict[str, object]:
    """Every answer of the service for one version, from its packages ({lang: package}):
    path below the web root -> JSON value (only those of `endpoints`). The embedded server
    answers CFItems, CFAssociations and CFItemAssociations with it; the build writes the same
    documents, packages and definitions (`write`) without holding a package."""
    root = f"{API}/{version}"
    files: dict[str, object] = {}
    documents = []
    for lang in [lang for lang in LANGS if lang in packages]:
        package = packages[lang]
        doc = listed_document(package["CFDocument"], version, base)
        doc_id = doc["identifier"]
        documents.append(doc)
        files[f"{root}/CFDocuments/{doc_id}.json"] = doc
        files[f"{root}/CFPackages/{doc_id}.json"] = package
        if {"CFItems", "CFAssociations", "CFItemAssociations"} & set(endpoints):
            _item_files(files, root, package, _link(doc["title"], doc_id, doc["uri"]))
        add_definitions(files, root, lang, package["CFDefinitions"])
    files[f"{root}/CFDocuments.json"] = {"CFDocuments": documents}
    return files


def _item_files(files: dict, root: str, package: dict, doc_link: dict) -> None:
    """The per-node answers: CFItems, CFAssociations, CFItemAssociations."""
    by_node: dict[str, list] = {}
    for a in package["CFAssociations"]:
        standalone = {**a, "CFDocumentURI": doc_link}
        files[f"{root}/CFAssociations/{a['identifier']}.json"] = standalone
        for end in ("originNodeURI", "destinationNodeURI"):
            by_node.setdefault(a[end]["identifier"], []).append(standalone)
    for item in package["CFItems"]:
        standalone = {**item, "CFDocumentURI": doc_link}
        files[f"{root}/CFItems/{item['identifier']}.json"] = standalone
        files[f"{root}/CFItemAssociations/{item['identifier']}.json"] = {
            "CFItem": standalone, "CFAssociations": by_node.get(item["identifier"], [])}


# The characters json writes as themselves in a string (neither escaped nor structural), and
# those that can follow "\\u" in json's escape of a character (\\uXXXX, lowercase hex).
_PLAIN = frozenset(chr(c) for c in range(0x20, 0x7F)) - {'"', "\\"}
_IN_U_ESCAPE = frozenset("u0123456789abcdef")


class Downgrade:
    """CASE 1.0 (v1p0) from CASE 1.1, one element at a time, as the build made it from the
    whole 1.1 package before it streamed: the v1p1 URL prefix replaced by v1p0's in the
    package's ASCII JSON text, read back; the CFDocument without caseVersion; no
    isTranslationOf (1.0 has no link between the languages); an ext: association type
    becomes isRelatedTo, with the identifier and URL of that association. Identifiers of the
    other associations stay those of 1.1.

    When the prefixes are plain ASCII (no character json escapes, no quote) and the old one
    cannot start inside a \\uXXXX escape, replacing them in the element's own compact JSON
    text (non-ASCII kept) gives the same text: a match never touches an escaped character
    there or in the ASCII text. That holds for every http(s) base without such characters;
    otherwise each element takes json's path (its ASCII text replaced, read back). A base
    with a quote in it (not an IRI) could have matched across elements in the whole text."""

    def __init__(self, base: str):
        self.base = base
        self.old, self.new = f"{base}/{API}/v1p1/", f"{base}/{API}/v1p0/"
        self.in_text = all(c in _PLAIN for c in self.old + self.new) and self.old[0] not in _IN_U_ESCAPE

    def value(self, value):
        """`value` with the prefix replaced in every string (a new value)."""
        return json.loads(json.dumps(value).replace(self.old, self.new))

    def document(self, document: dict) -> dict:
        doc = self.value(document)
        doc.pop("caseVersion", None)
        return doc

    def text(self, value, text: str) -> str:
        """The 1.0 JSON text of an item (or 1.0 association) whose 1.1 text is `text`."""
        if self.in_text:
            return text.replace(self.old, self.new)
        return compact(self.value(value))

    def association(self, association: dict, text: str) -> str | None:
        """The 1.0 JSON text of a 1.1 association (`text`), or None if 1.0 has none."""
        kind = association["associationType"]
        if kind in ASSOCIATION_TYPES_1_0:
            return self.text(association, text)
        if kind == "isTranslationOf":
            return None
        a = self.value(association)
        ident = association_id(a["originNodeURI"]["uri"], "isRelatedTo", a["destinationNodeURI"]["uri"])
        a.update(identifier=ident, associationType="isRelatedTo",
                 uri=f"{self.base}/{API}/v1p0/CFAssociations/{ident}")
        return compact(a)


def write(ctx) -> None:
    """The file endpoints of both versions (the rest is answered from the packages by the
    embedded server, case_api) and the downloads. At ESCO scale a package is tens of
    megabytes of JSON: each is written item by item and association by association (1.1,
    its download and 1.0 in the same pass), so no package is ever held whole. In an
    incremental build an item or a group of associations whose subjects did not change is
    copied from the previous build's packages (exports/pieces)."""
    # the subjects read for what is copied stay in the exports' kept statements (framework)
    pieces = Pieces(ctx, "case", copied=statements(ctx.descriptions).copied)
    builder = Builder(Graph(ctx.descriptions, ctx.release, pieces), "v1p1").build()
    downgrade = Downgrade(ctx.base)
    listings: dict[str, list] = {version: [] for version in VERSIONS}
    definitions: dict[str, dict] = {version: {} for version in VERSIONS}  # path -> value
    for lang in LANGS:
        _write_package(ctx, pieces, builder, downgrade, lang, listings, definitions)
    for version in VERSIONS:
        for path, value in sorted(definitions[version].items()):
            ctx.write(path, _dump(value))
        ctx.write(f"{API}/{version}/CFDocuments.json", _dump({"CFDocuments": listings[version]}))
    # the IMS error body a static server (Apache's ErrorDocument) gives for an unknown id
    ctx.write(NOT_FOUND_FILE, _dump(not_found_body()))
    pieces.save()
    _uuid_of.cache_clear()


def _write_package(ctx, pieces: Pieces, builder: Builder, downgrade: Downgrade, lang: str, listings: dict,
                   definitions: dict) -> None:
    """One language's package in both versions (and the 1.1 download), streamed; its
    CFDocuments answers and definitions into `listings` and `definitions`."""
    document = builder.document(lang, builder.scheme, builder.last_change())
    defs = builder.definitions(lang)
    heads = {"v1p1": (document, defs), "v1p0": (downgrade.document(document), downgrade.value(defs))}
    doc_id = document["identifier"]

    def item(iri):
        value = builder.item(iri, lang)
        text = compact(value)
        return text, downgrade.text(value, text)

    def associations(make):
        v11, v10 = [], []
        for association in make():
            text = compact(association)
            v11.append(text)
            text = downgrade.association(association, text)
            if text is not None:
                v10.append(text)
        return ",".join(v11), ",".join(v10)

    with pieces.open(f"{API}/v1p1/CFPackages/{doc_id}.json", download_path(lang)) as v11, \
            pieces.open(f"{API}/v1p0/CFPackages/{doc_id}.json") as v10:
        both = (v11, v10)
        v11.write(f'{{"CFDocument":{compact(document)},"CFItems":[')
        v10.write(f'{{"CFDocument":{compact(heads["v1p0"][0])},"CFItems":[')
        for out in both:
            out.begin_list(",")
        for iri in builder.items:
            pieces.piece(f"{lang}\titem\t{iri}", functools.partial(item, iri), both)
        for out in both:
            out.end_list()
            out.write('],"CFAssociations":[')
            out.begin_list(",")
        for key, make in builder.association_groups(lang):
            pieces.piece(f"{lang}\t{key}", functools.partial(associations, make), both)
        for out in both:
            out.end_list()
        v11.write(f'],"CFDefinitions":{compact(defs)}}}\n')
        v10.write(f'],"CFDefinitions":{compact(heads["v1p0"][1])}}}\n')
    for version, (doc, version_defs) in heads.items():
        listed = listed_document(doc, version, ctx.base)
        listings[version].append(listed)
        ctx.write(f"{API}/{version}/CFDocuments/{doc_id}.json", _dump(listed))
        add_definitions(definitions[version], f"{API}/{version}", lang, version_defs)


NOT_FOUND_FILE = f"{API}/not-found.json"


def not_found_body(description: str = "unknown sourcedId or endpoint", field: str = "sourcedId") -> dict:
    """The IMS error payload (imsx_StatusInfo) of a 404."""
    return {"imsx_codeMajor": "failure", "imsx_severity": "error", "imsx_description": description,
            "imsx_codeMinor": {"imsx_codeMinorField": [
                {"imsx_codeMinorFieldName": field, "imsx_codeMinorFieldValue": "unknownobject"}]}}


EXPORT = Export(
    name="case",
    title={"nl": "CASE 1.1 (1EdTech)", "en": "CASE 1.1 (1EdTech)"},
    files=tuple(ExportFile(download_path(lang), "application/json",
                           {"nl": f"CASE-pakket ({name})", "en": f"CASE package ({name_en})"})
                for lang, name, name_en in (("nl", "Nederlands", "Dutch"),
                                            ("en", "Engels, onze vertaling", "English, our translation"))),
    write=write,
    description={
        "nl": "Competenties en gedragsindicatoren als CASE 1.1-pakket voor leer- en HR-systemen, en een "
              "CASE-dienst (alleen lezen) op /ims/case/v1p1 en /ims/case/v1p0.",
        "en": "Competencies and behavioural indicators as a CASE 1.1 package for learning and HR systems, "
              "and a read-only CASE service at /ims/case/v1p1 and /ims/case/v1p0.",
    },
    service="competentieset.serving.case_api",
)
