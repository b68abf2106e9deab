"""The lookup API: labels, notations, children and deprecations, from the built dataset.

Read once from the web root's doc/download/competentieset.nq (or .nt) into plain Python
indexes; the HTTP layer (server.py) turns them into JSON. Only resources under the
configured base's /id/ are looked up (ESCO skills are ESCO's to serve).
The OpenAPI 3 document describing the endpoints is `openapi()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from competentieset.errors import CompetentiesetError
from competentieset.model.namespaces import STANDARD

SKOS, OWL, DCT = STANDARD["skos"], STANDARD["owl"], STANDARD["dct"]
LANGS = ("nl", "en")
LABEL_KINDS = ("prefLabel", "altLabel", "hiddenLabel")  # searched, in this order
_WORDS = re.compile(r"[\s(),:;/]+")
MAX_QUERY = 100  # characters of a search prefix or label
MAX_LIMIT = 100


class DatasetError(CompetentiesetError):
    """The built dataset cannot be read."""


@dataclass
class Resource:
    uri: str
    path: str  # local path: the URI's part after the base, e.g. /id/competentie/reflecteren
    labels: dict[str, str] = field(default_factory=dict)  # lang -> prefLabel
    notations: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # URIs, in notation order
    deprecated: bool = False
    replaced_by: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "uri": self.uri,
            "path": self.path,
            "labels": dict(sorted(self.labels.items())),
            "notation": self.notations[0] if self.notations else None,
            "types": self.types,
            "deprecated": self.deprecated,
        }


def _load_store(path: Path) -> ox.Store:
    store = ox.Store()
    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.N_TRIPLES
    try:
        store.load(path=str(path), format=fmt)
    except (OSError, SyntaxError, ValueError) as exc:
        raise DatasetError(f"{path}: cannot load the dataset: {exc}. Rebuild with `competentieset build`.") from exc
    return store


class Lookup:
    """Indexes over the resources of our namespace."""

    def __init__(self, dataset: Path | None, base: str):
        self.base = base.rstrip("/")
        self.resources: dict[str, Resource] = {}
        self.by_label: dict[str, list[str]] = {}  # lowercased label -> URIs
        self.by_notation: dict[str, list[str]] = {}
        # (rank, lower label, lang, uri): every label of every kind (LABEL_KINDS), in rank order
        self._prefix_index: list[tuple[int, str, str, str]] = []
        if dataset is not None:
            self._index(_load_store(dataset))

    def local(self, uri: str) -> str | None:
        prefix = self.base + "/"
        return "/" + uri[len(prefix):] if uri.startswith(prefix) else None

    def _index(self, store: ox.Store) -> None:
        ours = f"{self.base}/id/"

        def resource(uri: str) -> Resource | None:
            if not uri.startswith(ours) and not uri.startswith(f"{self.base}/def/"):
                return None
            if uri not in self.resources:
                self.resources[uri] = Resource(uri, self.local(uri) or uri)
            return self.resources[uri]

        def rows(query: str):
            return store.query(query, use_default_graph_as_union=True)

        for row in rows(f"SELECT DISTINCT ?s ?l WHERE {{ ?s <{SKOS}prefLabel> ?l }}"):
            res = resource(row["s"].value)
            lang = row["l"].language
            if res is not None and lang in LANGS:
                res.labels.setdefault(lang, row["l"].value)
        for row in rows(f"SELECT DISTINCT ?s ?n WHERE {{ ?s <{SKOS}notation> ?n }} ORDER BY ?n"):
            res = resource(row["s"].value)
            if res is not None:
                res.notations.append(row["n"].value)
        for row in rows("SELECT DISTINCT ?s ?t WHERE { ?s a ?t } ORDER BY ?t"):
            res = self.resources.get(row["s"].value)
            if res is not None:
                res.types.append(row["t"].value)
        children = rows(
            f"""SELECT DISTINCT ?p ?c (SAMPLE(?n) AS ?order) WHERE {{
              {{ ?p <{SKOS}narrower> ?c }} UNION {{ ?c <{SKOS}broader> ?p }}
              UNION {{ ?p <{SKOS}hasTopConcept> ?c }} UNION {{ ?c <{SKOS}topConceptOf> ?p }}
              OPTIONAL {{ ?c <{SKOS}notation> ?n }}
            }} GROUP BY ?p ?c"""
        )
        pairs = sorted(
            ((row["p"].value, row["c"].value, _notation_key(row["order"])) for row in children),
            key=lambda item: (item[0], item[2], item[1]),
        )
        for parent, child, _ in pairs:
            res = self.resources.get(parent)
            if res is not None and child not in res.children:
                res.children.append(child)
        for row in rows(f'SELECT DISTINCT ?s WHERE {{ ?s <{OWL}deprecated> true }}'):
            res = self.resources.get(row["s"].value)
            if res is not None:
                res.deprecated = True
        for row in rows(f"SELECT DISTINCT ?s ?r WHERE {{ ?s <{DCT}isReplacedBy> ?r }} ORDER BY ?r"):
            res = self.resources.get(row["s"].value)
            if res is not None:
                res.replaced_by.append(row["r"].value)
        searchable: dict[str, set[tuple[int, str, str]]] = {}
        for rank, prop in enumerate(LABEL_KINDS):
            for row in rows(f"SELECT DISTINCT ?s ?l WHERE {{ ?s <{SKOS}{prop}> ?l }}"):
                lang = row["l"].language
                if row["s"].value.startswith(ours) and lang in LANGS:
                    searchable.setdefault(row["s"].value, set()).add(
                        (rank, row["l"].value.casefold(), lang))
        for uri, res in sorted(self.resources.items()):
            if not uri.startswith(ours):
                continue
            for label in sorted(res.labels.values()):
                key = label.casefold()
                self.by_label.setdefault(key, [])
                if uri not in self.by_label[key]:
                    self.by_label[key].append(uri)
            for rank, key, lang in sorted(searchable.get(uri, ())):
                self._prefix_index.append((rank, key, lang, uri))
            for notation in res.notations:
                self.by_notation.setdefault(notation, []).append(uri)
        self._prefix_index.sort()

    # --- queries ---------------------------------------------------------------------

    def search(self, prefix: str, lang: str | None = None, limit: int = 20) -> list[dict]:
        """Resources with an nl or en label (preferred, alternative or hidden: the word forms
        the source uses, e.g. "bestuurssensitief") of which the whole label or one of its
        words starts with `prefix` (case-insensitive). Whole-label matches come first, then
        word matches; within each, preferred before alternative before hidden labels."""
        key = prefix.casefold().strip()
        whole, words = [], []
        for rank, label, label_lang, uri in self._prefix_index:
            if lang and label_lang != lang:
                continue
            if label.startswith(key):
                whole.append((rank, label, uri))
            elif any(word.startswith(key) for word in _WORDS.split(label)[1:]):
                words.append((rank, label, uri))
        seen, found = set(), []
        for _, _, uri in sorted(whole) + sorted(words):
            if uri not in seen:
                seen.add(uri)
                found.append(self.resources[uri].summary())
                if len(found) >= limit:
                    break
        return found

    def notation(self, notation: str) -> list[dict]:
        return [self.resources[u].summary() for u in self.by_notation.get(notation, [])]

    def label(self, label: str) -> list[str]:
        """URIs whose nl or en prefLabel equals `label`, ignoring case."""
        return list(self.by_label.get(label.casefold().strip(), []))

    def children(self, uri: str) -> list[dict] | None:
        res = self.resources.get(uri)
        if res is None:
            return None
        return [
            self.resources[c].summary() if c in self.resources else {"uri": c}
            for c in res.children
        ]

    def deprecation(self, uri: str) -> tuple[bool, list[str]]:
        res = self.resources.get(uri)
        return (res.deprecated, res.replaced_by) if res else (False, [])


def _notation_key(term) -> tuple:
    if term is None:
        return (1, ())
    return (0, tuple(int(p) if p.isdigit() else p for p in term.value.split(".")))


# --- OpenAPI ---------------------------------------------------------------------------

def openapi(title: str, version: str, base: str) -> dict:
    """The OpenAPI 3.0 document of the lookup API (served at /openapi.json)."""
    summary = {
        "type": "object",
        "required": ["uri", "path", "labels", "notation", "types", "deprecated"],
        "properties": {
            "uri": {"type": "string", "description": "the resource's URI"},
            "path": {"type": "string", "description": "the URI's path on this server"},
            "labels": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "skos:prefLabel per language (nl, en)"},
            "notation": {"type": "string", "nullable": True},
            "types": {"type": "array", "items": {"type": "string"}},
            "deprecated": {"type": "boolean"},
        },
    }
    problem = {
        "type": "object",
        "required": ["title", "status"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
        },
    }
    change = {
        "type": "object",
        "required": ["uri", "uuid", "label", "version", "date"],
        "properties": {
            "uri": {"type": "string", "description": "the resource's URI"},
            "uuid": {"type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                     "description": "its name-based UUID (v5, URL namespace, of the URI), lowercase"},
            "label": {"type": "string", "description": "its preferred label (nl, else en)"},
            "version": {"type": "string", "description": "the release that made the change"},
            "date": {"type": "string", "format": "date", "description": "that release's date"},
            "replacedBy": {"type": "array", "items": {"type": "string"},
                           "description": "deprecated: the successors (dct:isReplacedBy)"},
            "changes": {"type": "array", "description": "changed: what changed (the diff engine's records)",
                        "items": {"type": "object", "properties": {
                            "kind": {"type": "string", "enum": ["relabelled", "redefined", "moved", "mapping"]},
                            "lang": {"type": "string", "nullable": True},
                            "property": {"type": "string", "nullable": True},
                            "old": {"type": "array", "items": {"type": "string"}},
                            "new": {"type": "array", "items": {"type": "string"}}}}},
        },
    }
    release = {"type": "object", "required": ["version", "date", "previous", "complete"], "properties": {
        "version": {"type": "string"}, "date": {"type": "string", "format": "date"},
        "previous": {"type": "string"},
        "complete": {"type": "boolean", "description": "false: the release could not be compared"}}}
    changes = {
        "type": "object",
        "required": ["since", "latest", "releases", "added", "changed", "deprecated", "removed"],
        "properties": {
            "since": {"type": "string", "format": "date", "nullable": True},
            "latest": {"type": "object", "properties": {"version": {"type": "string"},
                                                         "date": {"type": "string", "format": "date"}}},
            "releases": {"type": "array", "items": release},
            **{group: {"type": "array", "items": {"$ref": "#/components/schemas/Change"}}
               for group in ("added", "changed", "deprecated", "removed")},
        },
    }

    def problem_response(text):
        return {
            "description": text,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    listing = {
        "description": "matching resources",
        "content": {"application/json": {"schema": {
            "type": "array", "items": {"$ref": "#/components/schemas/Resource"}}}},
    }
    name = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": MAX_QUERY}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{title}: lookup API",
            "version": version,
            "description": (
                "Look up the concepts of the competency set by label, notation and hierarchy. "
                f"URIs are under {base}/; the documents themselves answer by content "
                "negotiation at their URIs, and SPARQL is at /sparql."
            ),
        },
        "paths": {
            "/api/search": {"get": {
                "summary": "Resources with a Dutch or English label (preferred, alternative or hidden) of which the label or one of its words starts with a prefix",
                "operationId": "search",
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "example": "refl",
                     "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY}},
                    {"name": "lang", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": list(LANGS)}},
                    {"name": "limit", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 20}},
                ],
                "responses": {"200": listing, "400": problem_response("invalid parameters")},
            }},
            "/api/notation/{notation}": {"get": {
                "summary": "Resources with this skos:notation (e.g. 1 or 1.2)",
                "operationId": "notation",
                "parameters": [{"name": "notation", "in": "path", "required": True, "example": "1.1",
                                "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY}}],
                "responses": {"200": listing, "400": problem_response("invalid notation"),
                              "404": problem_response("no resource has this notation")},
            }},
            "/api/children/{type}/{name}": {"get": {
                "summary": "The narrower concepts (or top concepts) of a resource, in notation order",
                "operationId": "children",
                "parameters": [
                    {"name": "type", "in": "path", "required": True, "schema": name, "example": "competentie",
                     "description": "e.g. competentie, begrippenkader"},
                    {"name": "name", "in": "path", "required": True, "schema": name, "example": "reflecteren",
                     "description": "e.g. reflecteren"},
                ],
                "responses": {"200": listing, "400": problem_response("invalid path"),
                              "404": problem_response("no such resource")},
            }},
            "/api/changes": {"get": {
                "summary": "What changed in the releases dated on or after a day: added, changed, "
                           "deprecated (and removed) resources with their UUIDs, from the diff of "
                           "each release against the one before it",
                "operationId": "changes",
                "parameters": [{"name": "since", "in": "query", "required": False, "example": "2026-01-01",
                                "description": "a calendar date YYYY-MM-DD; without it, every release",
                                "schema": {"type": "string", "format": "date", "minLength": 10,
                                           "maxLength": 10}}],
                "responses": {
                    "200": {"description": "the changes, grouped, in release order",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Changes"}}}},
                    "400": problem_response("since is not a date YYYY-MM-DD"),
                    "404": problem_response("the build has no change feed"),
                },
            }},
            "/label/{label}": {"get": {
                "summary": "Known-label retrieval: redirect to the resource whose nl or en label "
                           "equals this one (case-insensitive)",
                "operationId": "label",
                "parameters": [{"name": "label", "in": "path", "required": True, "example": "Reflecteren",
                                "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY}}],
                "responses": {
                    "302": {"description": "the resource's URI on this server (Location); "
                                           "X-Uri gives its full URI"},
                    "400": problem_response("invalid label"),
                    "404": problem_response("no label matches exactly"),
                },
            }},
        },
        "components": {"schemas": {"Resource": summary, "Problem": problem, "Changes": changes,
                                   "Change": change}},
    }
