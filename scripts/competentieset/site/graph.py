"""The vocabulary as the site sees it: resources with their statements and provenance.

Read once from the store (one query over all named graphs); every statement keeps the
kind of provenance of the graph it came from, so a page can tell the source's words from
the project's additions. Everything is sorted, so pages come out the same on every build.
"""

from __future__ import annotations

import hashlib
import marshal
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import pyoxigraph as ox

from competentieset.gcpause import paused
from competentieset.model.namespaces import LABEL_PREDICATES, RDF_TYPE, STANDARD
from competentieset.model.vocabulary import Vocabulary, cs
from competentieset.site.text import TYPE_NAMES

RDFS, SKOS, DCT, OWL, FOAF, XSD = (STANDARD[p] for p in ("rdfs", "skos", "dct", "owl", "foaf", "xsd"))


@dataclass(frozen=True)
class Provenance:
    """The kind of provenance of a named graph (cs:Bron, cs:Vertaling, ...)."""

    iri: str
    key: str  # local name, lower case: 'bron', 'vertaling', ... (used for anchors and CSS)
    editorial: bool


@dataclass(frozen=True, slots=True)
class Value:
    """One object of a statement, with where it came from."""

    kind: str  # 'iri', 'literal' or 'bnode'
    text: str
    lang: str | None = None
    datatype: str | None = None
    provenance: Provenance | None = None

    @property
    def editorial(self) -> bool:
        return bool(self.provenance and self.provenance.editorial)

    def __reduce__(self):  # pickled by its fields (a third of the time of dataclass's state)
        return (Value, (self.kind, self.text, self.lang, self.datatype, self.provenance))


@dataclass(slots=True)
class Resource:
    """A subject of ours (under {base}/id/ or {base}/def/) and everything said about it."""

    iri: str
    statements: dict[str, list[Value]] = field(default_factory=dict)

    def __reduce__(self):  # as Value's
        return (Resource, (self.iri, self.statements))

    def values(self, predicate: str) -> list[Value]:
        return self.statements.get(predicate, [])

    def iris(self, predicate: str) -> list[str]:
        return [v.text for v in self.values(predicate) if v.kind == "iri"]

    def literals(self, predicate: str, lang: str | None = None) -> list[Value]:
        return [
            v for v in self.values(predicate)
            if v.kind == "literal" and (lang is None or v.lang == lang)
        ]

    def first(self, predicate: str, lang: str | None = None) -> Value | None:
        found = self.literals(predicate, lang)
        return found[0] if found else None

    @property
    def types(self) -> set[str]:
        return set(self.iris(RDF_TYPE))

    @property
    def deprecated(self) -> bool:
        return any(v.text in ("true", "1") for v in self.literals(OWL + "deprecated"))



ALL = "*"  # a read key: the page read everything (iterated a table, or read the store)


class _Tracked(dict):
    """A table of SiteGraph (IRI -> data) that notes which keys a page reads while
    SiteGraph.recording() is on: "r\t<iri>" for resources, labels, label values and
    definitions, and "i\t<predicate>\t<object>" for inverse links; iterating notes ALL.
    Reads outside a recording cost one attribute check."""

    def __init__(self, data, graph: SiteGraph, inverse: bool = False):
        super().__init__(data)
        self._graph = graph
        self._inverse = inverse

    def _note(self, key) -> None:
        reads = self._graph.reads
        if reads is not None:
            reads.add(self._graph.read_key("i\t" + "\t".join(key) if self._inverse else "r\t" + key))

    def __getitem__(self, key):
        if self._graph.reads is not None:
            self._note(key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        if self._graph.reads is not None:
            self._note(key)
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        if self._graph.reads is not None:
            self._note(key)
        return dict.__contains__(self, key)

    def _all(self) -> None:
        if self._graph.reads is not None:
            self._graph.reads.add(ALL)

    def __iter__(self):
        self._all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._all()
        return dict.__len__(self)

    def keys(self):
        self._all()
        return dict.keys(self)

    def values(self):
        self._all()
        return dict.values(self)

    def items(self):
        self._all()
        return dict.items(self)


class SiteGraph:
    """Resources of ours, labels of everything, inverse links and provenance kinds.

    Page dependencies: inside `with graph.recording() as reads:` every key a page reads
    from the tables (`resources`, `labels`, `label_values`, `definitions`, `inverse`) is
    added to `reads`; `read_digest(key)` is a digest of what that key reads now. A page
    whose keys all have the digests they had when it was generated comes out the same
    (site/page_reads.py). The pages read nothing else of the vocabulary but its named
    graphs (`vocab.graphs`): the graph can be made from the tables of another process
    (`previous` with nothing touched, and `kinds`) without the store."""

    reads: set[str] | None = None

    def __init__(self, vocab: Vocabulary, previous: tuple | None = None, kinds: dict | None = None):
        """The graph of `vocab`'s store. `previous`: (tables, touched): the tables() of the
        graph of an earlier state of the store and the subjects whose statements differ
        from it (publication/prepare.py); only those are read again (see _patch). `kinds`:
        the kinds of provenance (the `kinds` of a graph of the same store), not read again."""
        # made with the cyclic garbage collector paused: the tables are hundreds of
        # thousands of objects that all live on, which each collection would walk again
        # (half the time at N = 20,000); the temporaries are freed by reference counting
        with paused():
            self._setup(vocab, kinds)
            if previous is None:
                self._read(vocab)
            else:
                self._patch(vocab, *previous)
            self._track()

    def _setup(self, vocab: Vocabulary, kinds: dict | None = None) -> None:
        self._vocab = vocab
        self._digests: dict[str, str] = {}  # read_digest's, shared by both languages
        self._of_type: dict[str, list[Resource]] | None = None  # of_type's lists, when asked
        self._orders: dict[str, int] = {}  # order()'s, when asked
        self._unchanged = None  # patched: which read keys read what they read before
        self.base = vocab.project.base
        self.kinds = dict(kinds) if kinds is not None else self._read_kinds()
        self.graph_kind = {
            iri: self.kinds.get(info.kind) for iri, info in vocab.graphs.items() if info.kind
        }
        # the read keys pages note, one string each however many pages read them
        self._read_keys: dict[str, str] = {}

    def _read(self, vocab: Vocabulary) -> None:
        # every statement of the named graphs (as `GRAPH ?g { ?s ?p ?o }`, in the store's
        # order; without SPARQL's bindings, a seventh of the time)
        self.resources, self.labels, self.label_values, self.definitions, self.inverse = \
            self._collect(vocab.store.quads_for_pattern(None, None, None, None))

    def _patch(self, vocab: Vocabulary, tables: tuple, touched) -> None:
        """The tables of the earlier graph with the statements of the `touched` subjects
        read again: the same tables as _read's, for every value of a table is a function
        of its subject's statements (the inverse links: of the statements with that object,
        whose subjects are touched or as they were) and the kinds of the graphs, which are
        the same (the caller's guard: the same catalog)."""
        resources, labels, label_values, definitions, inverse = (dict(t) for t in tables)
        changed: set[tuple[str, str]] = set()  # the inverse keys that may differ
        for subject in touched:
            old = resources.pop(subject, None)
            if old is not None:
                changed.update((p, v.text) for p, values in old.statements.items()
                               for v in values if v.kind == "iri")
            labels.pop(subject, None)
            label_values.pop(subject, None)
            definitions.pop(subject, None)
        store = vocab.store if touched else None
        rows = (q for s in sorted(touched)
                for q in store.quads_for_pattern(ox.NamedNode(s), None, None, None))
        new_resources, new_labels, new_values, new_definitions, new_inverse = self._collect(rows)
        resources.update(new_resources)
        labels.update(new_labels)
        label_values.update(new_values)
        definitions.update(new_definitions)
        changed.update(new_inverse)
        for key in changed:
            kept = [s for s in inverse.get(key, ()) if s not in touched] + new_inverse.get(key, [])
            if kept:
                inverse[key] = sorted(set(kept))
            else:
                inverse.pop(key, None)
        self.resources = dict(sorted(resources.items()))  # as _read's: by IRI
        self.labels, self.label_values, self.inverse = labels, label_values, inverse
        self.definitions = dict(sorted(definitions.items()))  # as _read's: by IRI
        touched = frozenset(touched)

        def unchanged(key: str) -> bool:
            kind, _, rest = key.partition("\t")
            if kind == "r":
                return rest not in touched
            if kind == "i":
                return tuple(rest.split("\t", 1)) not in changed
            return False

        self._unchanged = unchanged

    def tables(self) -> tuple:
        """The tables as plain dicts (resources, labels, label values, definitions, inverse
        links), for a later graph of the same store with some subjects changed (__init__'s
        previous)."""
        return tuple(dict(dict.items(t)) for t in (self.resources, self.labels, self.label_values,
                                                   self.definitions, self.inverse))

    def adopt_digests(self, keys: list[str], digests: list) -> None:
        """A patched graph: the earlier graph's read_digest of each key that reads the same
        as before (the page reads of the last build, site/page_reads.py), so it is not
        computed again."""
        if self._unchanged is None:
            return
        known, unchanged = self._digests, self._unchanged
        for key, digest in zip(keys, digests, strict=True):
            if digest is not None and key not in known and unchanged(key):
                known[key] = digest

    def _collect(self, rows) -> tuple[dict, dict, dict, dict, dict]:
        """resources, labels, label values, definitions and inverse links of the
        statements `rows` (quads), every list sorted. The definitions (skos:definition) are
        those of every subject, ours or not (an ESCO skill's, shown beside a mapping)."""
        resources: dict[str, Resource] = {}
        # subject -> language -> label text -> its Value (of two statements of the same
        # text, the first by _value_key: the same whatever order the rows come in)
        labels: dict[str, dict[str, dict[str, Value]]] = defaultdict(lambda: defaultdict(dict))
        inverse: dict[tuple[str, str], list[str]] = defaultdict(list)
        # subject -> {(object, kind of provenance): Value} of its skos:definition literals
        definitions: dict[str, dict] = defaultdict(dict)
        definition = SKOS + "definition"
        graph_kind = self.graph_kind
        ours = (self.base + "/id/", self.base + "/def/")
        # subject -> predicate -> {(object, kind of provenance): Value}: a statement in two
        # graphs of the same kind is one Value (keyed by the store's terms, which hash fast)
        collected: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
        # every IRI, language and datatype held once (the store gives a new string each time)
        shared: dict[str, str] = {}
        one = shared.setdefault
        # graph IRI -> its kind of provenance, and the IRI of that kind (the Value's key)
        kind_of = {iri: (kind, kind.iri if kind else None) for iri, kind in graph_kind.items()}
        no_kind = (None, None)
        values: dict[tuple, Value] = {}  # (object, kind IRI) -> its Value, made once
        named = ox.NamedNode
        for s, p, o, g in rows:
            if type(s) is not named or type(g) is not named:
                continue
            subject, predicate = s.value, p.value
            subject, predicate = one(subject, subject), one(predicate, predicate)
            provenance, kind_iri = kind_of.get(g.value, no_kind)
            key = (o, kind_iri)
            value = values.get(key)
            if value is None:
                value = values[key] = _value(o, provenance, one)
            if predicate in LABEL_PREDICATES and value.kind == "literal":
                texts = labels[subject][value.lang or ""]
                known = texts.get(value.text)
                if known is None or _value_key(value) < _value_key(known):
                    texts[value.text] = value
            elif predicate == definition and value.kind == "literal":
                definitions[subject][key] = value
            if subject.startswith(ours):
                found = collected[subject][predicate]
                if key not in found:
                    found[key] = value
                    if value.kind == "iri":
                        inverse[(predicate, value.text)].append(subject)
        del shared, values
        # each subject's collected statements are let go as its Resource is made, and each
        # label's and inverse link's as its table entry is (their memory then holds the new
        # entries, instead of both being held at the end: at 20,000 concepts the process that
        # reads the graph peaked at 342 MB, now 307 MB, with the store's 146 MB)
        for iri in sorted(collected):
            by_predicate = collected.pop(iri)
            resources[iri] = Resource(
                iri,
                {p: sorted(vals.values(), key=_value_key) for p, vals in sorted(by_predicate.items())},
            )
        # plain dicts from here on (a missing key is never added); a subject's languages
        # in order, whatever order the store gave its statements in
        label_texts, label_values = {}, {}
        for iri in list(labels):
            per_lang = sorted(labels.pop(iri).items())
            label_texts[iri] = {lang: sorted(texts) for lang, texts in per_lang}
            label_values[iri] = {lang: sorted(texts.values(), key=_value_key) for lang, texts in per_lang}
        inverse_links = {}
        for key in list(inverse):
            inverse_links[key] = sorted(set(inverse.pop(key)))
        return (resources, label_texts, label_values,
                {iri: sorted(definitions[iri].values(), key=_value_key) for iri in sorted(definitions)},
                inverse_links)

    def _track(self) -> None:
        """The tables noting reads when recording (see _Tracked)."""
        self.resources = _Tracked(self.resources, self)
        self.labels = _Tracked(self.labels, self)
        self.label_values = _Tracked(self.label_values, self)
        self.definitions = _Tracked(self.definitions, self)
        self.inverse = _Tracked(self.inverse, self, inverse=True)

    # ------------------------------------------------------------------ page dependencies

    @property
    def vocab(self) -> Vocabulary:
        """The vocabulary; a page that reads it directly (not through `query`) read ALL."""
        if self.reads is not None:
            self.reads.add(ALL)
        return self._vocab

    @contextmanager
    def recording(self):
        """Note every key read until the block ends (see the class docstring)."""
        outer, self.reads = self.reads, set()
        try:
            yield self.reads
        finally:
            found, self.reads = self.reads, outer
            if outer is not None:
                outer.update(found)

    def read_key(self, key: str) -> str:
        """The one string kept for a read key (pages note the same keys many times)."""
        return self._read_keys.setdefault(key, key)

    def read_digest(self, key: str) -> str | None:
        """A digest of what read key `key` reads now; None for ALL or a key not of this graph."""
        if key in self._digests:
            return self._digests[key]
        kind, _, rest = key.partition("\t")
        if kind == "r":
            res = dict.get(self.resources, rest)
            labels = dict.get(self.label_values, rest)  # (the labels are their texts)
            definitions = dict.get(self.definitions, rest)
            value = (
                None if res is None else
                [(p, [_value_tuple(v) for v in vals]) for p, vals in res.statements.items()],
                None if labels is None else
                [(lang, [_value_tuple(v) for v in vals]) for lang, vals in labels.items()],
                dict.get(self.labels, rest),
                None if definitions is None else [_value_tuple(v) for v in definitions])
        elif kind == "i":
            predicate, _, obj = rest.partition("\t")
            value = dict.get(self.inverse, (predicate, obj))
        else:
            return None
        # marshal's format 0 writes a value by what it is, not by which objects it shares
        digest = self._digests[key] = hashlib.sha1(marshal.dumps(value, 0)).hexdigest()
        return digest

    def global_digest(self) -> str:
        """A digest of what every page reads outside the tables: the provenance kinds and
        the named graphs."""
        value = (sorted(self.kinds.items()), sorted(self.graph_kind.items()),
                 sorted((iri, repr(info)) for iri, info in self._vocab.graphs.items()))
        return hashlib.sha1(repr(value).encode("utf-8")).hexdigest()

    # ------------------------------------------------------------------ helpers

    def cs(self, term: str) -> str:
        return cs(self.base, term)

    def _read_kinds(self) -> dict[str, Provenance]:
        rows = self.vocab.query(
            f"SELECT ?kind ?flag WHERE {{ ?kind a <{cs(self.base, 'Herkomstsoort')}> . "
            f"OPTIONAL {{ ?kind <{cs(self.base, 'redactioneel')}> ?flag }} }}"
        )
        kinds = {}
        for row in rows:
            iri = row["kind"].value
            flag = row["flag"]
            kinds[iri] = Provenance(
                iri, iri.rsplit("/", 1)[-1].lower(), flag is not None and flag.value == "true"
            )
        return kinds

    def label(self, iri: str, lang: str) -> tuple[str, str | None]:
        """(label, its language) in `lang`, else Dutch, else any, else the IRI's last part."""
        found = self.labels.get(iri, {})
        if not found.get(lang) and lang in TYPE_NAMES.get(iri, {}):
            return TYPE_NAMES[iri][lang], lang  # a standard class: its name in the page's language
        for candidate in (lang, "nl", "en", ""):
            if found.get(candidate):
                return found[candidate][0], (candidate or None)
        tail = iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return tail, None

    def order(self, iri: str) -> int:
        """The source order (cs:volgnummer) of a resource; unnumbered ones come last (kept
        per IRI; the read is noted on every call, as the resource's)."""
        if self.reads is not None:
            self.reads.add(self.read_key("r\t" + iri))
        found = self._orders.get(iri)
        if found is None:
            res = dict.get(self.resources, iri)
            numbers = res.literals(self.cs("volgnummer")) if res else []
            try:
                found = int(numbers[0].text) if numbers else 10**6
            except ValueError:
                found = 10**6
            self._orders[iri] = found
        return found

    def label_value(self, iri: str, lang: str) -> Value:
        """Like label(), as a Value that keeps the label's provenance."""
        found = self.label_values.get(iri, {})
        for candidate in (lang, "nl", "en", ""):
            if found.get(candidate):
                return found[candidate][0]
        return Value("literal", self.label(iri, lang)[0])

    def of_type(self, type_iri: str) -> list[Resource]:
        """Resources of ours with this rdf:type, in source order (volgnummer), then by IRI
        (a page that asks read ALL: every resource could be of the type)."""
        if self.reads is not None:
            self.reads.add(ALL)
        if self._of_type is None:  # the lists of every type, in one pass over the resources
            by_type: dict[str, list[Resource]] = defaultdict(list)
            for res in dict.values(self.resources):
                for type_ in res.types:
                    by_type[type_].append(res)
            self._of_type = {type_: sorted(found, key=lambda r: (self.order(r.iri), r.iri))
                             for type_, found in by_type.items()}
        return list(self._of_type.get(type_iri, ()))

    def subjects(self, predicate: str, obj: str) -> list[str]:
        return self.inverse.get((predicate, obj), [])

    def ordered(self, iris: list[str]) -> list[str]:
        """IRIs sorted by the source order of their resources, then by IRI."""
        return sorted(set(iris), key=lambda iri: (self.order(iri), iri))

    def type_segment(self, iri: str) -> str | None:
        """'competentie' for {base}/id/competentie/x, 'def' for model terms."""
        if iri.startswith(self.base + "/def/"):
            return "def"
        if iri.startswith(self.base + "/id/"):
            return iri[len(self.base) + 4:].split("/", 1)[0]
        return None


def _value(term, provenance: Provenance | None, one=lambda text, _: text) -> Value:
    """A Value of a store term; `one(text, text)` gives the string to keep for an IRI,
    language or datatype (SiteGraph keeps each once)."""
    if isinstance(term, ox.NamedNode):
        text = term.value
        return Value("iri", one(text, text), provenance=provenance)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else None
        language = term.language
        return Value("literal", term.value, language and one(language, language),
                     datatype and one(datatype, datatype), provenance)
    return Value("bnode", str(term), provenance=provenance)


def _value_tuple(value: Value) -> tuple:
    """All of a Value (its provenance by graph kind IRI: the kinds are in global_digest)."""
    return (value.kind, value.text, value.lang, value.datatype,
            value.provenance.iri if value.provenance else None)


def _value_key(value: Value):
    return (value.kind, value.lang or "", value.text, value.provenance.iri if value.provenance else "",
            value.datatype or "")
