"""The competency framework as the consumer formats need it, read once from the build's
descriptions: the set, its competencies and their behavioural indicators in source order,
with labels, texts, notations, identifiers and ESCO mappings.

    read(descriptions) -> Framework
    statements(descriptions) -> Statements   the one parse of each resource the exports share
    release()                                drop both when the exports are written

Source order is the order of the source text: cs:volgnummer (competencies within the set,
indicators within their competency), then the URI. Deprecated concepts (owl:deprecated) are
kept apart (`Framework.deprecated`): they are out of the hierarchy, so the import formats
leave them out; the change feed reports them.

Identifiers: `uuid` is uris.uuid_of(uri) (v5, URL namespace, lowercase) and `code` is
uris.short_code(uri, base): the same values every export and the CASE package use.
Which values are the project's own (editorial) is known per value (`editorial`), so
formats that can say so do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from competentieset.model import uris
from competentieset.model.namespaces import STANDARD
from competentieset.publication.descriptions import Obj, parse_lines

SKOS, DCT, FOAF, OWL, RDF, RDFS = (STANDARD[p] for p in ("skos", "dct", "foaf", "owl", "rdf", "rdfs"))
MATCHES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
LANGS = ("nl", "en")


@dataclass
class Item:
    """One competency or behavioural indicator."""

    uri: str
    kind: str  # "competency" | "indicator"
    uuid: str
    code: str
    notation: str | None = None
    order: int | None = None
    labels: dict[str, str] = field(default_factory=dict)  # lang -> skos:prefLabel
    definitions: dict[str, str] = field(default_factory=dict)  # lang -> skos:definition
    source_text: dict[str, str] = field(default_factory=dict)  # lang -> cs:bronTekst (verbatim)
    parent: str | None = None  # the competency of an indicator
    children: list[str] = field(default_factory=list)  # indicators of a competency, in order
    related: list[str] = field(default_factory=list)  # skos:related (sorted)
    mappings: list[tuple[str, str]] = field(default_factory=list)  # (SKOS relation, target IRI)
    deprecated: bool = False
    replaced_by: list[str] = field(default_factory=list)
    created: str | None = None  # dct:created, when the data states it
    modified: str | None = None  # dct:modified, when the data states it
    editorial: set[str] = field(default_factory=set)  # "labels.en", "definitions.nl", ...

    def text(self, lang: str) -> str | None:
        """The item's statement: an indicator's definition (nl: the source text), a
        competency's label."""
        if self.kind == "indicator":
            return self.definitions.get(lang) or self.source_text.get(lang)
        return self.labels.get(lang)


@dataclass
class Framework:
    uri: str
    uuid: str
    code: str
    base: str
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    publishers: list[str] = field(default_factory=list)
    publisher_names: dict[str, dict[str, str]] = field(default_factory=dict)  # IRI -> lang -> name
    sources: list[str] = field(default_factory=list)  # dct:source (the ABD's page)
    created: str | None = None  # dct:created / dct:modified of the set, when the data states them
    modified: str | None = None
    competencies: list[Item] = field(default_factory=list)  # in source order
    items: dict[str, Item] = field(default_factory=dict)  # every live item by URI
    deprecated: list[Item] = field(default_factory=list)
    kind_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> lang -> class label
    mapped_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # target IRI -> labels

    def indicators(self, competency: Item) -> list[Item]:
        return [self.items[uri] for uri in competency.children]

    def in_order(self) -> list[Item]:
        """Every live item: each competency followed by its indicators."""
        result = []
        for competency in self.competencies:
            result.append(competency)
            result += self.indicators(competency)
        return result


def _order_key(item: Item):
    return (item.order if item.order is not None else 1 << 30, item.uri)


# The predicates the exports read. Statements keeps no others: at ESCO scale the rest
# (rdf:type, skos:inScheme, skos:narrower, editorial notes, ...) is a third of the triples.
# An export that reads another predicate adds it here (Statements.values refuses others).
READ = frozenset({
    *(SKOS + term for term in ("prefLabel", "definition", "notation", "broader", "related", "topConceptOf",
                                *MATCHES)),
    *(DCT + term for term in ("title", "description", "publisher", "source", "created", "modified",
                               "isReplacedBy")),
    RDFS + "label", RDFS + "comment", FOAF + "name", OWL + "deprecated",
})
READ_CS = ("bronTekst", "volgnummer", "korteCode", "raaktGebied", "kernprofielCompetentie")  # {base}/def/...


class Statements:
    """The build's triples per subject, parsed once for every export (CASE reads more of them
    than `Framework` keeps): objects by predicate, in sorted triple order, and the
    (predicate, language) pairs with a literal stated only in editorial graphs. Only the
    predicates of READ (and READ_CS) are kept. Objects are descriptions.Obj (`datatype`
    None for an IRI; `language` "" when none).

    In an incremental build `kept` is what the previous build read (kept()), subject ->
    (objects by predicate, editorial pairs) as plain tuples: a subject whose own lines did
    not change (not in `changed`, data_cache.Changes.own) is taken from there instead of
    being parsed again. What a subject gives depends on its own lines and their editorial
    flags alone, which is what its key in data_cache sums up."""

    def __init__(self, d, kept: dict | None = None, changed: set | None = None):
        self.d = d
        self.read = READ | {f"{d.base}/def/{term}" for term in READ_CS}
        self._props: dict[str, dict[str, list]] = {}
        self._editorial: dict[str, set[tuple[str, str]]] = {}
        self._kept = kept or {}
        self._changed = changed or set()
        self._entries: dict[str, tuple] = {}  # subject -> its entry of `kept`, if taken from there
        # subjects an earlier build read for output this one copied (exports/pieces): kept()
        # keeps them, so the record is the same as when everything is made
        self.copied: set[str] = set()

    def _entry(self, iri: str) -> dict:
        """predicate -> objects of `iri`: from `kept` as plain tuples (each made into Obj
        when first asked for: values()), else parsed (Obj)."""
        kept = self._kept.get(iri) if iri not in self._changed else None
        if kept is None:
            return self._parse(iri)
        found = self._props[iri] = dict(kept[0])
        self._entries[iri] = kept
        if kept[1]:
            self._editorial[iri] = set(kept[1])
        return found

    def _parse(self, iri: str) -> dict[str, list]:
        make = tuple.__new__  # an Obj from its fields, without NamedTuple's Python __new__
        found = {}
        editorial = set()
        read, flags = self.read, self.d.editorial
        # "<s> <p> o": the subject's IRI ends at its first "> " (IRIs contain no "> ")
        lines = [line for line in self.d.own_lines(iri)
                 if (rest := line[line.index("> ") + 3:])[:rest.index(">")] in read]
        for triple, line in zip(parse_lines(lines), lines, strict=True):
            p, o = triple.predicate.value, triple.object
            if isinstance(o, ox.Literal):
                language = o.language or ""
                found.setdefault(p, []).append(make(Obj, (o.value, language, o.datatype.value, "")))
                if language and line in flags:
                    editorial.add((p, language))
            else:
                found.setdefault(p, []).append(make(Obj, (o.value, "", None, "")))
        self._props[iri] = found
        if editorial:
            self._editorial[iri] = editorial
        return found

    def props(self, iri: str) -> dict[str, list]:
        """predicate IRI -> objects (Obj) of the triples with subject `iri` (those of READ)."""
        found = self._props.get(iri)
        if found is None:
            found = self._entry(iri)
        make = tuple.__new__
        for p, objects in found.items():
            if type(objects) is tuple:  # as kept
                found[p] = [make(Obj, o) for o in objects]
        return found

    def values(self, iri: str, predicate: str) -> list:
        if predicate not in self.read:
            raise KeyError(f"{predicate}: not kept for the exports; add it to READ in "
                           "publication/exports/framework.py")
        found = self._props.get(iri)
        if found is None:
            found = self._entry(iri)
        objects = found.get(predicate)
        if objects is None:
            return []
        if type(objects) is tuple:  # as kept: made into Obj once
            make = tuple.__new__
            found[predicate] = objects = [make(Obj, o) for o in objects]
        return objects

    def kept(self) -> dict:
        """What this process read, and the subjects of `copied`, as `kept` takes it (plain
        tuples, for data_cache): the same whether a subject was parsed or taken from `kept`."""
        for iri in sorted(self.copied):
            if iri not in self._props:
                self._entry(iri)
        editorial, entries = self._editorial, self._entries
        return {iri: entries.get(iri) or (tuple((p, tuple(map(tuple, objects))) for p, objects in props.items()),
                                          tuple(sorted(editorial.get(iri, ()))))
                for iri, props in sorted(self._props.items())}

    def forget(self, iri: str) -> None:
        """Drop what is kept of `iri` (read again if asked for again)."""
        self._props.pop(iri, None)
        self._editorial.pop(iri, None)
        self._entries.pop(iri, None)

    def editorial(self, iri: str) -> set[tuple[str, str]]:
        """(predicate, language) of the language-tagged literals of `iri` stated only in
        editorial graphs."""
        if iri not in self._props:
            self._entry(iri)
        return self._editorial.get(iri, set())


# predicate -> (what _item does with a literal object, with an IRI object); SKOS and the
# other namespaces are fixed, the cs: terms depend on the base (_fields)
_LITERAL_FIELDS = {SKOS + "prefLabel": "labels", SKOS + "definition": "definitions",
                   SKOS + "notation": "notation", OWL + "deprecated": "deprecated",
                   DCT + "created": "created", DCT + "modified": "modified"}
_IRI_FIELDS = {SKOS + "broader": "parent", SKOS + "related": "related", DCT + "isReplacedBy": "replaced_by",
               **{SKOS + match: match for match in MATCHES}}


def _fields(base: str) -> tuple[dict, dict]:
    return ({**_LITERAL_FIELDS, base + "/def/bronTekst": "source_text", base + "/def/volgnummer": "order"},
            _IRI_FIELDS)


def _item(s: Statements, uri: str, kind: str, fields: tuple[dict, dict]) -> Item:
    """The item of `uri`, from its statements, which are forgotten then (the framework keeps
    what the formats after CASE need, so it never holds both in full)."""
    item = Item(uri, kind, uris.uuid_of(uri), uris.short_code(uri, s.d.base))
    literal_fields, iri_fields = fields
    editorial = s.editorial(uri)
    for p, objects in s.props(uri).items():  # each field reads one predicate, in triple order
        literal_field, iri_field = literal_fields.get(p), iri_fields.get(p)
        if literal_field is None and iri_field is None:
            continue
        for o in objects:
            if o.datatype is not None:  # a literal
                if literal_field in ("labels", "definitions", "source_text"):
                    lang = o.language
                    if lang:
                        getattr(item, literal_field).setdefault(lang, o.value)
                        if (p, lang) in editorial:
                            item.editorial.add(f"{literal_field}.{lang}")
                elif literal_field == "order":
                    item.order = int(o.value)
                elif literal_field == "deprecated":
                    item.deprecated = o.value in ("true", "1")
                elif literal_field is not None:  # notation, created, modified
                    setattr(item, literal_field, o.value)
            elif iri_field is not None:  # an IRI
                if iri_field == "parent":
                    item.parent = o.value
                elif iri_field in ("related", "replaced_by"):
                    getattr(item, iri_field).append(o.value)
                else:
                    item.mappings.append((iri_field, o.value))
    s.forget(uri)
    item.related.sort()
    item.replaced_by.sort()
    item.mappings.sort(key=lambda m: (MATCHES.index(m[0]), m[1]))
    return item


def _literals(s: Statements, uri: str, predicate: str) -> dict[str, str]:
    result = {}
    for o in s.values(uri, predicate):
        if o.language:
            result.setdefault(o.language, o.value)
    return result


def _objects(s: Statements, uri: str, predicate: str) -> list[str]:
    return sorted(o.value for o in s.values(uri, predicate) if o.datatype is None)


_CACHE: list = []  # [(descriptions, framework)]: one build reads it once
_STATEMENTS: list = []  # [statements]: the same for every export of one build


def statements(d, kept: dict | None = None, changed: set | None = None) -> Statements:
    """The shared parse of a build's Descriptions (cached for the same object; `kept` and
    `changed` as Statements takes them, when it is made)."""
    if _STATEMENTS and _STATEMENTS[0].d is d:
        return _STATEMENTS[0]
    _STATEMENTS[:] = [Statements(d, kept, changed)]
    return _STATEMENTS[0]


def release() -> None:
    """Forget the cached framework and statements (the exports stage is done with them)."""
    _CACHE.clear()
    _STATEMENTS.clear()


def read(d) -> Framework:
    """The framework of a build's Descriptions (cached for the same object). Reading it
    ends the shared statements (`statements` parses again if asked)."""
    if _CACHE and _CACHE[0][0] is d:
        return _CACHE[0][1]
    s = statements(d)
    cs = d.base + "/def/"
    sets = d.typed(cs + "Competentieset")
    if not sets:
        from competentieset.publication.descriptions import PublicationError
        raise PublicationError(f"no resource of type {cs}Competentieset: the consumer formats "
                               "need the competency set (ontology/bron/competentieset.ttl)")
    scheme = sets[0]
    fw = Framework(scheme, uris.uuid_of(scheme), uris.short_code(scheme, d.base), d.base)
    fw.titles = _literals(s, scheme, DCT + "title") or _literals(s, scheme, SKOS + "prefLabel")
    fw.descriptions = _literals(s, scheme, DCT + "description")
    fw.publishers = _objects(s, scheme, DCT + "publisher")
    fw.publisher_names = {iri: d.label_map(iri) for iri in fw.publishers}
    fw.sources = _objects(s, scheme, DCT + "source")
    for predicate, attribute in ((DCT + "created", "created"), (DCT + "modified", "modified")):
        for o in s.values(scheme, predicate):
            if o.datatype is not None:
                setattr(fw, attribute, o.value)
    for kind, cls in (("competency", "Competentie"), ("indicator", "Gedragsindicator")):
        fw.kind_labels[kind] = {lang: text for lang, text in d.label_map(cs + cls).items() if lang}
    fields = _fields(d.base)
    competencies = [_item(s, uri, "competency", fields) for uri in d.typed(cs + "Competentie")]
    indicators = [_item(s, uri, "indicator", fields) for uri in d.typed(cs + "Gedragsindicator")]
    for item in competencies + indicators:
        if item.deprecated:
            fw.deprecated.append(item)
        else:
            fw.items[item.uri] = item
    fw.competencies = sorted((c for c in competencies if not c.deprecated), key=_order_key)
    for indicator in sorted((i for i in indicators if not i.deprecated), key=_order_key):
        parent = fw.items.get(indicator.parent or "")
        if parent is not None and parent.kind == "competency":
            parent.children.append(indicator.uri)
    fw.deprecated.sort(key=lambda i: i.uri)
    for item in fw.items.values():
        for _, target in item.mappings:
            if target not in fw.mapped_labels:
                fw.mapped_labels[target] = {lang: text for lang, text in d.label_map(target).items() if lang}
    _CACHE[:] = [(d, fw)]
    _STATEMENTS.clear()  # the exports that read the framework need nothing more
    return fw
