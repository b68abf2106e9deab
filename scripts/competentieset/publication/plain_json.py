"""Plain JSON for consumers that do not speak RDF, and its JSON Schema.

The whole document is framed as the set is read: the competency set (scheme) ->
competencies -> behavioural indicators, with the areas, the FGR job families and groups
and the ESCO mappings; one per-resource document holds one node of the same shape.

Readable English keys (table PLAIN below); text values as language maps
(`{"nl": "...", "en": "..."}`); links as `{"id": IRI, "label": {...}}`. Editorial values
(from named graphs whose kind is editorial, cs:redactioneel true: our labels, translations,
definitions, interpretations, mappings) are marked: a node's `editorial` lists the keys
(`key` or `key.<lang>`) whose values are all the project's own, and a link or mapping that
is the project's own carries `"editorial": true`. `rights` links each node to the rights
statements of the parts that describe it (publication/provenance.py); the documents'
`license` and `note` say the same for the whole.
"""

from __future__ import annotations

import json

from competentieset.model.namespaces import STANDARD
from competentieset.publication.descriptions import Descriptions, term_object
from competentieset.publication.jsonld import dump

SKOS, DCT, FOAF, PROV, RDFS, RDF, OWL = (STANDARD[p] for p in ("skos", "dct", "foaf", "prov", "rdfs", "rdf", "owl"))

MATCH_RELATIONS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


def plain_table(base: str) -> dict[str, tuple[str, str]]:
    """predicate IRI -> (key, kind); kinds: lang, string, int, bool, ref, iri, type, match."""
    cs = f"{base}/def/"
    table = {
        SKOS + "prefLabel": ("label", "lang"),
        RDFS + "label": ("label", "lang"),
        FOAF + "name": ("name", "lang"),
        DCT + "title": ("title", "lang"),
        SKOS + "altLabel": ("altLabel", "lang"),
        SKOS + "hiddenLabel": ("hiddenLabel", "lang"),
        SKOS + "definition": ("definition", "lang"),
        DCT + "description": ("description", "lang"),
        RDFS + "comment": ("comment", "lang"),
        SKOS + "editorialNote": ("editorialNote", "lang"),
        SKOS + "scopeNote": ("scopeNote", "lang"),
        SKOS + "note": ("note", "lang"),
        cs + "bronTekst": ("sourceText", "lang"),
        cs + "sluitAanBijTekst": ("alignmentText", "lang"),
        SKOS + "notation": ("notation", "string"),
        DCT + "bibliographicCitation": ("citation", "string"),
        cs + "bestand": ("file", "string"),
        cs + "volgnummer": ("order", "int"),
        cs + "schaalMinimum": ("scaleMin", "int"),
        cs + "schaalMaximum": ("scaleMax", "int"),
        cs + "vanafSchaal": ("fromScale", "int"),
        cs + "redactioneel": ("editorialKind", "bool"),
        RDF + "type": ("type", "type"),
        SKOS + "inScheme": ("inScheme", "ref"),
        SKOS + "topConceptOf": ("topConceptOf", "ref"),
        SKOS + "hasTopConcept": ("topConcepts", "ref"),
        SKOS + "broader": ("broader", "ref"),
        SKOS + "narrower": ("narrower", "ref"),
        SKOS + "related": ("related", "ref"),
        cs + "raaktGebied": ("areas", "ref"),
        cs + "sluitAanBij": ("alignedWith", "ref"),
        cs + "kernprofielCompetentie": ("coreProfileCompetencies", "ref"),
        cs + "herkomst": ("provenanceKind", "ref"),
        DCT + "publisher": ("publisher", "ref"),
        DCT + "creator": ("creator", "ref"),
        PROV + "wasAttributedTo": ("attributedTo", "ref"),
        PROV + "wasDerivedFrom": ("derivedFrom", "ref"),
        PROV + "hadPrimarySource": ("primarySource", "ref"),
        RDFS + "isDefinedBy": ("definedBy", "ref"),
        RDFS + "subClassOf": ("subClassOf", "ref"),
        RDFS + "domain": ("domain", "ref"),
        RDFS + "range": ("range", "ref"),
        DCT + "isReplacedBy": ("replacedBy", "ref"),
        DCT + "rights": ("rights", "ref"),
        DCT + "license": ("license", "iri"),
        cs + "redactioneleWaarde": ("editorialValues", "skip"),
        DCT + "source": ("sources", "iri"),
        FOAF + "page": ("pages", "iri"),
        FOAF + "homepage": ("homepage", "iri"),
        RDFS + "seeAlso": ("seeAlso", "iri"),
        OWL + "deprecated": ("deprecated", "bool"),
    }
    for relation in MATCH_RELATIONS:
        table[SKOS + relation] = ("mappings", "match")
    return table


# What each key means (the JSON Schema's descriptions and the developers' page read this).
KEY_DESCRIPTIONS: dict[str, str] = {
    "id": "The resource's URI (for a link: the URI it points to).",
    "type": "RDF classes as compact IRIs (prefixes as in the JSON-LD context), e.g. cs:Competentie.",
    "label": "Preferred label per language (skos:prefLabel, else rdfs:label).",
    "name": "Name per language (foaf:name), for organisations.",
    "title": "Title per language (dct:title).",
    "altLabel": "Alternative labels per language (skos:altLabel).",
    "hiddenLabel": "Search terms per language (skos:hiddenLabel), e.g. the word forms the source's introduction uses (\"bestuurssensitief\"); attaching them to a concept is the editors' doing.",
    "definition": "Definition per language (skos:definition); an indicator's Dutch definition is its source text.",
    "description": "Description per language (dct:description).",
    "comment": "Comment per language (rdfs:comment).",
    "editorialNote": "Editors' note per language (skos:editorialNote), e.g. the reasoning behind an interpretation.",
    "scopeNote": "Scope note per language (skos:scopeNote).",
    "note": "Note per language (skos:note).",
    "sourceText": "The source's own text, verbatim (cs:bronTekst), Dutch.",
    "alignmentText": "The source's sentence on what the set is aligned with (cs:sluitAanBijTekst).",
    "notation": "Number in the set (skos:notation): 1 for a competency, 1.2 for an indicator, G1 for an area.",
    "citation": "Bibliographic citation of a source (dct:bibliographicCitation).",
    "file": "The ontology/ file a named graph is read from (cs:bestand).",
    "order": "Position in the source text within its parent (cs:volgnummer); lists are sorted by it.",
    "scaleMin": "Lowest salary scale of an FGR job group (cs:schaalMinimum).",
    "scaleMax": "Highest salary scale of an FGR job group (cs:schaalMaximum).",
    "fromScale": "Salary scale from which something applies (cs:vanafSchaal).",
    "editorialKind": "Whether a kind of provenance is the project's own (cs:redactioneel).",
    "inScheme": "The concept schemes it belongs to (skos:inScheme).",
    "topConceptOf": "The scheme it is a top concept of (skos:topConceptOf).",
    "topConcepts": "A scheme's top concepts, in source order (skos:hasTopConcept).",
    "broader": "The broader concept (skos:broader): an indicator's competency, a group's family.",
    "narrower": "The narrower concepts, in source order (skos:narrower): a competency's indicators.",
    "related": "Related concepts (skos:related).",
    "areas": "The areas a competency touches, in source order (cs:raaktGebied; for competencies the project's interpretation).",
    "alignedWith": "What the set is aligned with (cs:sluitAanBij): the Functiegebouw Rijk.",
    "coreProfileCompetencies": "The competencies in an FGR job group's core profile, in source order (cs:kernprofielCompetentie); [] when it lists none.",
    "provenanceKind": "The kind of provenance of a named graph (cs:herkomst).",
    "publisher": "Publisher (dct:publisher).",
    "creator": "Creator (dct:creator).",
    "attributedTo": "Attributed to (prov:wasAttributedTo).",
    "derivedFrom": "Derived from (prov:wasDerivedFrom).",
    "primarySource": "Primary source (prov:hadPrimarySource).",
    "definedBy": "Defined by (rdfs:isDefinedBy), for model terms.",
    "subClassOf": "Superclasses (rdfs:subClassOf), for model terms.",
    "domain": "Domain (rdfs:domain), for model properties.",
    "range": "Range (rdfs:range), for model properties.",
    "replacedBy": "Successors of a deprecated resource (dct:isReplacedBy).",
    "sources": "The web pages the statements come from (dct:source).",
    "rights": "The rights statements of the parts that describe this resource (dct:rights): the ABD's text, cited facts, ESCO's texts, the editors' additions (see the document's `note`).",
    "license": "A licence (dct:license).",
    "pages": "Web pages about it (foaf:page).",
    "homepage": "Home page (foaf:homepage).",
    "seeAlso": "Further information (rdfs:seeAlso).",
    "deprecated": "True when the resource is deprecated (owl:deprecated): still published, not in use.",
    "mappings": "Links to other vocabularies (ESCO), each with its SKOS relation (exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch); the project's own.",
    "other": "Statements without a readable key: predicate IRI -> values.",
    "editorial": "Keys (`key` or `key.<lang>`) whose values are all the project's own additions, not the source's.",
    "indicators": "In the whole document: a competency's behavioural indicators, in source order.",
    "groups": "In the whole document: an FGR job family's job groups, in source order.",
}
META_DESCRIPTIONS: dict[str, str] = {
    "describedBy": "The JSON Schema of this document (this file), frozen with the release.",
    "version": "The release (ontology/releases.csv).",
    "released": "The release date.",
    "versionIri": "The URI of this release of the dataset.",
    "license": "A licence statement for the document, when one is given.",
    "note": "A note on the document as a whole, when one is given.",
    "resource": "The resource's node (a per-resource document).",
    "competencySet": "The competency set (the concept scheme) itself.",
    "competencies": "The seven competencies in source order, each with its indicators.",
    "areas": "The areas, in source order.",
    "jobFamilies": "The FGR job families, each with its groups.",
    "mappedConcepts": "The concepts of other vocabularies (ESCO) the mappings point to, with their labels.",
}
LIST_KINDS = ("ref", "iri", "match", "type")


class PlainWriter:
    """Builds plain-JSON nodes from the descriptions."""

    def __init__(self, descriptions: Descriptions, compact, scanned: dict | None = None,
                 changed: set[str] | None = None):
        """`scanned`: an earlier writer's `scanned` (of the previous build), whose entries
        hold for every subject but those in `changed` (data_cache.Changes.own)."""
        self.d = descriptions
        self.table = plain_table(descriptions.base)
        self.compact = compact  # IRI -> compact IRI (for type names)
        order = ["id", "type"] + [key for key, _ in self.table.values()] + ["other", "editorial"]
        self._ranks: dict[str, tuple[int, str]] = {}
        for key in order:
            self._ranks.setdefault(key, (len(self._ranks), key))
        self._list_kind = {key: kind for key, kind in self.table.values() if kind in LIST_KINDS}
        self.scanned: dict[str, tuple] = {}  # subject -> (cs:volgnummer or None, its list keys)
        self._source_order, self._list_keys = self._scan(descriptions, scanned or {}, changed)

    def _scan(self, d: Descriptions, scanned: dict, changed: set[str] | None
              ) -> tuple[dict[str, int], dict[tuple, set[str]]]:
        """(IRI -> cs:volgnummer, types -> list-valued keys any resource with those types
        has): lists are sorted in source order, and a list key that one resource of a class
        has is present (possibly []) on every resource of that class."""
        volgnummer = f"<{d.base}/def/volgnummer>"
        list_predicates = {p: key for p, (key, kind) in self.table.items() if kind in LIST_KINDS}
        order: dict[str, int] = {}
        keys: dict[tuple, set[str]] = {}
        for subject, (start, end) in d.ranges.items():
            known = scanned.get(subject) if changed is not None and subject not in changed else None
            if known is not None:
                number, found = known
                if number is not None:
                    order[subject] = number
                self.scanned[subject] = known
                keys.setdefault(tuple(d.types.get(subject, ())), set()).update(found)
                continue
            found = set()
            for line in d.lines[start:end]:
                rest = line[line.index("> ") + 2:]
                predicate = rest[1:rest.index(">")]
                if predicate in list_predicates:
                    found.add(list_predicates[predicate])
                elif rest.startswith(volgnummer):
                    value = rest[len(volgnummer) + 1:]
                    if value.startswith('"'):
                        try:
                            order[subject] = int(value[1:value.index('"', 1)])
                        except ValueError:
                            pass
            self.scanned[subject] = (order.get(subject), sorted(found))
            keys.setdefault(tuple(d.types.get(subject, ())), set()).update(found)
        return order, keys

    def _in_source_order(self, refs: list) -> list:
        """Links to resources with a cs:volgnummer first, in that order, then the rest by URI."""
        order = self._source_order

        def key(ref):
            iri = ref["id"] if isinstance(ref, dict) else ref
            return (0, order[iri], iri) if iri in order else (1, 0, iri)
        return sorted(refs, key=key)

    def _ref(self, iri: str, editorial: bool) -> dict:
        ref: dict[str, object] = {"id": iri}
        label = self.d.label_map(iri)
        if label:
            ref["label"] = label
        if editorial:
            ref["editorial"] = True
        return ref

    def node(self, iri: str, triples: list | None = None) -> dict:
        """The plain-JSON node of one subject (its own triples only; pass them if parsed)."""
        node: dict[str, object] = {"id": iri}
        editorial_keys: dict[str, list[bool]] = {}
        other: dict[str, list[str]] = {}
        pairs = self.d.rows_with_flags(iri) if triples is None else \
            [(t.predicate.value, term_object(t.object), self.d.is_editorial(t)) for t in triples]
        for predicate, obj, is_ed in pairs:
            key, kind = self.table.get(predicate, (None, None))
            literal = obj.datatype is not None
            if kind == "lang" and literal and obj.language:
                values = node.setdefault(key, {})
                lang = obj.language
                if lang in values:
                    existing = values[lang]
                    values[lang] = (existing if isinstance(existing, list) else [existing]) + [obj.value]
                else:
                    values[lang] = obj.value
                editorial_keys.setdefault(f"{key}.{lang}", []).append(is_ed)
            elif kind in ("string", "int", "bool") and literal:
                value = obj.value if kind == "string" else int(obj.value) if kind == "int" \
                    else obj.value in ("true", "1")
                if key in node:
                    existing = node[key]
                    node[key] = (existing if isinstance(existing, list) else [existing]) + [value]
                else:
                    node[key] = value
                editorial_keys.setdefault(key, []).append(is_ed)
            elif kind == "type" and not literal:
                node.setdefault("type", []).append(self.compact(obj.value))
            elif kind == "ref" and not literal:
                node.setdefault(key, []).append(self._ref(obj.value, is_ed))
            elif kind == "iri" and not literal:
                node.setdefault(key, []).append(obj.value)
                editorial_keys.setdefault(key, []).append(is_ed)
            elif kind == "skip":
                continue  # said by `editorial` below (publication/provenance.py)
            elif kind == "match" and not literal:
                mapping = self._ref(obj.value, is_ed)
                mapping["relation"] = predicate[len(SKOS):]
                node.setdefault("mappings", []).append(mapping)
            else:  # an IRI as itself, a literal in N-Triples
                other.setdefault(predicate, []).append(obj.token if literal else obj.value)
        for key in self._list_keys.get(tuple(self.d.types.get(iri, ())), ()):
            node.setdefault(key, [])
        for key, kind in self._list_kind.items():
            if kind in ("ref", "match") and key in node:
                node[key] = self._in_source_order(node[key])
        if other:
            node["other"] = other
        editorial = sorted(k for k, flags in editorial_keys.items() if all(flags))
        if editorial:
            node["editorial"] = editorial
        for key, value in node.items():
            if isinstance(value, dict) and key != "other":
                node[key] = _languages_in_order(value)
        return {key: node[key] for key in sorted(node, key=self._key_rank)}

    def _key_rank(self, key: str) -> tuple[int, str]:
        if key not in self._ranks:
            self._ranks[key] = (len(self._ranks) + 1000, key)
        return self._ranks[key]


def _languages_in_order(values: dict) -> dict:
    """Dutch first (the source language), then the other languages alphabetically."""
    return {lang: values[lang] for lang in sorted(values, key=lambda lang: (lang != "nl", lang))}


def _order_key(node: dict):
    order = node.get("order")
    return (order if isinstance(order, int) else 1 << 30, node["id"])


def _by_class(writer: PlainWriter, classes: list[str]) -> dict[str, list[str]]:
    """class local name -> sorted IRIs of ours typed with it."""
    cs = f"{writer.d.base}/def/"
    return {name: writer.d.typed(cs + name) for name in classes}


FRAME_CLASSES = ["Competentieset", "Competentie", "Gedragsindicator", "Gebied",
                 "Functiefamilie", "Functiegroep"]


class WholeDocument:
    """Assembles the framed document (set -> competencies -> indicators, plus areas, FGR
    families with groups, mapped concepts) from each node's compact JSON text, so the
    nodes computed for the per-resource documents are reused and no tree of the whole
    vocabulary is held in memory."""

    def __init__(self, writer: PlainWriter):
        self.writer = writer
        self.by_class = _by_class(writer, FRAME_CLASSES)
        self.wanted = {iri for iris in self.by_class.values() for iri in iris}
        self.texts: dict[str, str] = {}
        self.order: dict[str, tuple] = {}
        self.broader: dict[str, list[str]] = {}
        self.mapped_by: dict[str, list[str]] = {}  # IRI -> the IRIs its mappings point to
        self.mapped: set[str] = set()

    def add(self, iri: str, node: dict) -> None:
        """Keep what the frame needs of one node (call for every resource of ours)."""
        if iri not in self.wanted:
            return
        self.put(iri, _compact(node), _order_key(node), [ref["id"] for ref in node.get("broader", ())],
                 [m["id"] for m in node.get("mappings", ())])

    def put(self, iri: str, text: str, order: tuple, broader: list[str], mapped: list[str]) -> None:
        """Keep the frame's parts of one node (what add() takes from it, or its entry of
        parts(), kept by an earlier build for an unchanged node)."""
        self.texts[iri] = text
        self.order[iri] = order
        self.broader[iri] = broader
        self.mapped_by[iri] = mapped
        self.mapped.update(mapped)

    def parts(self) -> dict[str, tuple]:
        """IRI -> (text, order, broader, mapped) of every node kept (put() takes them)."""
        return {iri: (text, self.order[iri], self.broader[iri], self.mapped_by[iri])
                for iri, text in sorted(self.texts.items())}

    def kept(self) -> tuple:
        """What add() kept, for keep() in another WholeDocument of the same writer."""
        return self.texts, self.order, self.broader, self.mapped_by

    def keep(self, kept: tuple) -> None:
        """Take what another WholeDocument's add() kept (its kept())."""
        texts, order, broader, mapped_by = kept
        self.texts.update(texts)
        self.order.update(order)
        self.broader.update(broader)
        self.mapped_by.update(mapped_by)
        for mapped in mapped_by.values():
            self.mapped.update(mapped)

    def _text(self, iri: str) -> str:
        if iri not in self.texts:
            self.add(iri, self.writer.node(iri))
        return self.texts[iri]

    def _sorted(self, iris) -> list[str]:
        for iri in iris:
            self._text(iri)
        return sorted(iris, key=lambda iri: self.order[iri])

    def _with_children(self, parents: str, children: str, key: str):
        kids: dict[str, list[str]] = {}
        for child in self._sorted(self.by_class[children]):
            for parent in self.broader[child]:
                kids.setdefault(parent, []).append(child)
        yield "["
        for number, parent in enumerate(self._sorted(self.by_class[parents])):
            text = self._text(parent)
            inner = ",".join(self.texts[c] for c in kids.get(parent, ()))
            yield ("," if number else "") + f'{text[:-1]},"{key}":[{inner}]}}'
        yield "]"

    def pieces(self, meta: dict):
        """The document's JSON text in pieces (write them in order)."""
        yield "{" + _compact(meta)[1:-1]
        sets = self.by_class["Competentieset"]
        if sets:
            yield f',"competencySet":{self._text(sets[0])}'
        yield ',"competencies":'
        yield from self._with_children("Competentie", "Gedragsindicator", "indicators")
        areas = ",".join(self.texts[i] for i in self._sorted(self.by_class["Gebied"]))
        yield f',"areas":[{areas}]'
        yield ',"jobFamilies":'
        yield from self._with_children("Functiefamilie", "Functiegroep", "groups")
        mapped = ",".join(_compact(self.writer.node(iri)) for iri in sorted(self.mapped))
        yield f',"mappedConcepts":[{mapped}]' + "}\n"

    def text(self, meta: dict) -> str:
        return "".join(self.pieces(meta))


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def whole_document(writer: PlainWriter, meta: dict) -> dict:
    """The framed document as a Python object (see WholeDocument)."""
    whole = WholeDocument(writer)
    return json.loads(whole.text(meta))


def write_node_document(node: dict, meta: dict) -> bytes:
    """A per-resource document: the release metadata and the resource's node."""
    document = dict(meta)
    document["resource"] = node
    return dump(document, pretty=False)


def json_schema(base: str, schema_url: str) -> dict:
    """The JSON Schema (2020-12) of the whole document and of a per-resource document."""
    lang_map = {
        "type": "object",
        "description": "Text per language (BCP 47 tag -> text, or several texts).",
        "additionalProperties": {"oneOf": [
            {"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    }
    ref = {
        "type": "object",
        "required": ["id"],
        "description": "A link: the target's URI and its labels (so it can be shown without fetching it).",
        "properties": {
            "id": {"type": "string", "format": "iri", "description": "The URI linked to."},
            "label": {"description": "The target's label per language.", "allOf": [{"$ref": "#/$defs/langMap"}]},
            "editorial": {"const": True, "description": "This link is the project's own (editorial)."},
            "relation": {"enum": list(MATCH_RELATIONS),
                         "description": "For a mapping: its SKOS relation to the target."},
        },
        "additionalProperties": False,
    }
    node_properties: dict[str, object] = {
        "id": {"type": "string", "format": "iri"},
        "type": {"type": "array", "items": {"type": "string"}},
        "other": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "editorial": {"type": "array", "items": {"type": "string"}},
        "indicators": {"type": "array", "items": {"$ref": "#/$defs/node"}},
        "groups": {"type": "array", "items": {"$ref": "#/$defs/node"}},
    }
    for key, kind in sorted(set(plain_table(base).values())):
        if kind == "lang":
            node_properties[key] = {"$ref": "#/$defs/langMap"}
        elif kind in ("string", "int", "bool"):
            scalar = {"string": "string", "int": "integer", "bool": "boolean"}[kind]
            node_properties[key] = {"oneOf": [{"type": scalar}, {"type": "array", "items": {"type": scalar}}]}
        elif kind in ("ref", "match"):
            node_properties[key] = {"type": "array", "items": {"$ref": "#/$defs/ref"}}
        elif kind == "iri":
            node_properties[key] = {"type": "array", "items": {"type": "string", "format": "iri"}}
    list_note = (" A list: present (possibly []) on every resource of a class when any resource "
                 "of that class has it.")
    for key, prop in node_properties.items():
        text = KEY_DESCRIPTIONS[key]
        if prop.get("type") == "array" and key not in ("editorial", "indicators", "groups"):
            text += list_note
        if "$ref" in prop:
            node_properties[key] = {"description": text, "allOf": [prop]}
        else:
            prop["description"] = text
    meta_properties = {
        "describedBy": {"type": "string", "format": "iri"},
        "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
        "released": {"type": "string", "format": "date"},
        "versionIri": {"type": "string", "format": "iri"},
        "license": {"type": "string"},
        "note": {"type": "string"},
    }
    for key, prop in meta_properties.items():
        prop["description"] = META_DESCRIPTIONS[key]

    def described(key: str, prop: dict) -> dict:
        return {"description": META_DESCRIPTIONS[key], **prop}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url,
        "title": "Competentieset voor publieke leiders: plain JSON",
        "description": "The competency set framed for consumers without RDF: the set, its competencies with their behavioural indicators, the areas, the FGR job families with their groups, and the external concepts the mappings point to. Per-resource documents (doc/<type>/<name>.json) use #/$defs/resourceDocument.",
        "type": "object",
        "required": ["version", "released", "competencies", "areas", "jobFamilies"],
        "properties": {
            **meta_properties,
            "competencySet": described("competencySet", {"allOf": [{"$ref": "#/$defs/node"}]}),
            "competencies": described("competencies", {"type": "array", "items": {"$ref": "#/$defs/node"}}),
            "areas": described("areas", {"type": "array", "items": {"$ref": "#/$defs/node"}}),
            "jobFamilies": described("jobFamilies", {"type": "array", "items": {"$ref": "#/$defs/node"}}),
            "mappedConcepts": described("mappedConcepts", {"type": "array", "items": {"$ref": "#/$defs/node"}}),
        },
        "additionalProperties": False,
        "$defs": {
            "langMap": lang_map,
            "ref": ref,
            "node": {"type": "object", "required": ["id"], "properties": node_properties,
                     "additionalProperties": False},
            "resourceDocument": {
                "type": "object",
                "required": ["version", "released", "resource"],
                "properties": {**meta_properties,
                               "resource": described("resource", {"allOf": [{"$ref": "#/$defs/node"}]})},
                "additionalProperties": False,
            },
        },
    }
