"""Validation limited to what a change can affect, with the same findings as the full one.

    key = state_key(project, read_ontology_digest(project))   ontology/, shapes/, this code
    save_record(project, key, report)           after a full (or limited) validation
    record = load_record(project, key)          the focus nodes with findings in that state
    limit = Limit.of(vocab, added, removed, record)  or None when it cannot be shown equal
    validate(new_vocab, lang, limit=limit)

Why it is equal. Each constraint's rows are per focus node. A constraint of reach `own`
(validation/reach.py) gives focus node X the same rows before and after a change unless a
changed statement has X as subject or object; `near` unless a changed statement touches X
or one of X's neighbours (a node X has a statement with, either way, in the data before or
after), or a changed subject has a literal value that X has for the same property, for
the properties a `near` constraint joins on (reach.py, PEERS). So the rows after the change are
those of the affected focus nodes after the change, plus those the unaffected ones had
before, which are the rows of the focus nodes with findings in the record (unaffected, so
the same rows again). Each constraint is therefore run with its focus nodes restricted
(VALUES ?this) to the affected nodes of its reach plus the recorded ones; a constraint of
reach `all`, or whose list would be long, runs on every focus node. The register check
always runs whole.

It falls back to the full validation (Limit.of returns None) when that argument does not
hold: no record of the state before, or one of another state (ontology/, the URI register,
shapes/, the validation code, the base), a record with a blank-node focus, a blank node in
a changed statement, or a change to the schema: the catalog (named graphs and their kind of
provenance), rdfs:subClassOf / subPropertyOf, a term of the model (under {base}/def/), or a
resource used as a property or class.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

RECORD = ".build-cache/validation.json"  # beside build/, not published
MAX_FOCUS = 2000  # a longer VALUES list than this is slower than checking every focus node
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMA_PREDICATES = {RDFS + "subClassOf", RDFS + "subPropertyOf"}
CATALOG = "herkomst.ttl"  # the catalog's own file: named graphs and their kind of provenance
CATALOG_TERMS = ("herkomst", "redactioneel", "bestand")  # under {base}/def/: catalog and model flags


def _code_digest() -> str:
    """The validation code and the engine: a record of another version is not used."""
    digest = hashlib.sha256(ox.__version__.encode())
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("*.py")) + [here.parent / "model" / "vocabulary.py"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class OntologyDigest:
    """The digest of the catalog's files and the URI register, fed file by file in the
    order of their relative paths: sha256 over each path, its text as read_text reads it
    (universal newlines) and the register's bytes. The same digest export-xlsx writes into
    the workbook (its fingerprint) and validate keys its record with."""

    def __init__(self):
        self._sha = hashlib.sha256()
        self._last = None
        self.in_order = True

    def add(self, rel: str, data: bytes) -> None:
        if self._last is not None and rel <= self._last:
            self.in_order = False
        self._last = rel
        if b"\r" in data:
            data = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
        self._sha.update(rel.encode() + b"\0" + data + b"\0")

    def finish(self, register: bytes) -> str:
        self._sha.update(register)
        return self._sha.hexdigest()


def read_ontology_digest(project) -> str:
    """The OntologyDigest of the project's files as they are on disk now."""
    from competentieset.model.vocabulary import read_catalog

    root = project.ontology_dir.resolve()
    digest = OntologyDigest()
    for rel, path in sorted((path.relative_to(root).as_posix(), path) for _, path, _, _ in read_catalog(project)):
        digest.add(rel, path.read_bytes())
    return digest.finish(project.uri_register.read_bytes() if project.uri_register.is_file() else b"")


def state_key(project, ontology: str) -> str:
    """The state a validation ran on: ontology/ (its digest), shapes/, base, the code."""
    from competentieset.validation.shapes import shape_files

    digest = hashlib.sha256(f"{ontology}\0{project.base}\0{project.source_base}\0".encode())
    for path in shape_files(project):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(_code_digest().encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Record:
    key: str
    foci: tuple  # focus nodes (IRIs, or literals in N-Triples) of every finding of that state
    complete: bool  # False when a focus was a blank node (which cannot be named again)


def _record_path(project) -> Path:
    return project.root / RECORD


def save_record(project, key: str, report) -> None:
    """Keep the focus nodes with findings of the state `key` (written atomically; a
    failure to write only costs the next import its shortcut)."""
    foci = sorted({f.focus for f in report.findings if f.focus})
    complete = not any(f.startswith("_:") for f in foci)
    path = _record_path(project)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".validation.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"key": key, "complete": complete, "foci": foci}, handle)
        os.replace(tmp, path)
    except OSError:
        pass


def load_record(project, key: str) -> Record | None:
    """The record of state `key`, or None (none kept, another state, unreadable)."""
    try:
        data = json.loads(_record_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    return Record(key, tuple(data.get("foci", ())), bool(data.get("complete")))


def _sparql(term) -> str:
    return f"<{term.value}>" if isinstance(term, ox.NamedNode) else str(term)


def _recorded(text: str) -> str:
    """A recorded focus (a finding's focus text) as SPARQL: IRIs bare, literals N-Triples."""
    return text if text.startswith('"') else f"<{text}>"


@dataclass
class Limit:
    """The focus nodes each reach must check, as SPARQL terms (None: every focus node)."""

    own: list | None
    near: list | None
    checked: int = 0  # constraints run on a list of focus nodes (for reports and tests)
    whole: int = 0  # constraints run on every focus node

    def nodes(self, reach: str) -> list | None:
        """The focus nodes (SPARQL terms) a constraint of this reach must check; None: all."""
        nodes = {"own": self.own, "near": self.near}.get(reach)
        if nodes is None:
            self.whole += 1
        else:
            self.checked += 1
        return nodes

    @classmethod
    def of(cls, vocab, added: list, removed: list, record: Record | None) -> Limit | None:
        """The limit for `vocab` (the state after the change), given the statements the
        change added and removed (ox.Quad, in the store's terms) and the record of the
        state before; None when limiting cannot be shown to give the full result."""
        project = vocab.project
        if record is None or not record.complete:
            return None
        changed = list(added) + list(removed)
        store = vocab.store
        catalog_graphs = {iri for iri, info in vocab.graphs.items() if info.path.name == CATALOG}
        model = project.base + "/def/"
        schema = SCHEMA_PREDICATES | {model + term for term in CATALOG_TERMS}
        subjects, endpoints = set(), set()
        for q in changed:
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                return None
            if q.predicate.value in schema or getattr(q.graph_name, "value", None) in catalog_graphs:
                return None
            subjects.add(q.subject)
            endpoints.update((q.subject, q.object))
        # used as a property or a class in the statements gone
        used_before = {q.predicate for q in removed} | {q.object for q in removed
                                                       if q.predicate.value == RDF_TYPE}
        for s in subjects:
            if s.value.startswith(model):
                return None  # a term of the model
            if next(store.quads_for_pattern(None, s, None, None), None) is not None \
                    or next(store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), s, None), None) is not None:
                return None  # used as a property or a class in the data after
            if s in used_before:
                return None  # ... or before
        recorded = set(map(_recorded, record.foci))
        own = {_sparql(e) for e in endpoints} | recorded
        near = set(own)

        def neighbours(node) -> None:
            """Who has a statement with `node` (either way) now; the statements gone are
            between endpoints, which are in `near` already."""
            for q in store.quads_for_pattern(None, None, node, None):
                if len(near) > MAX_FOCUS:
                    return
                near.add(_sparql(q.subject))
            if not isinstance(node, ox.Literal):
                for q in store.quads_for_pattern(node, None, None, None):
                    if len(near) > MAX_FOCUS:
                        return
                    near.add(_sparql(q.object))

        for e in endpoints:
            neighbours(e)
        # a changed subject's values (literals, before and after) of a property some `near`
        # constraint joins on: who has the same value for it is a peer (a duplicate label)
        from competentieset.validation.shapes import load_constraints

        joined = {ox.NamedNode(p) for c in load_constraints(project) for p in c.peers}
        values = {(q.predicate, q.object) for q in removed
                  if isinstance(q.object, ox.Literal) and q.predicate in joined}
        for s in subjects:
            for p in joined:
                values.update((p, q.object) for q in store.quads_for_pattern(s, p, None, None)
                              if isinstance(q.object, ox.Literal))
        for predicate, value in values:
            for q in store.quads_for_pattern(None, predicate, value, None):
                if len(near) > MAX_FOCUS:
                    break
                near.add(_sparql(q.subject))

        def listed(nodes: set) -> list | None:
            if len(nodes) > MAX_FOCUS or any(t.startswith("_:") for t in nodes):
                return None  # long (faster whole) or a blank node (cannot be named): whole
            return sorted(nodes)

        return cls(own=listed(own), near=listed(near))


# ------------------------------------------------------------------ builds

SNAPSHOT = ".build-cache/validated"  # the ontology files of the state the record is of (builds)
_REGISTER = "uri-register.txt"  # the snapshot's copy of the URI register (beside ontology/)


def _catalog_files(project) -> list[tuple[str, Path]] | None:
    """(relative path, file) of every catalog file, sorted; None when the catalog cannot be
    read or names a missing file (vocabulary.load then reports that)."""
    from competentieset.errors import CompetentiesetError
    from competentieset.model.vocabulary import read_catalog

    try:
        root = project.ontology_dir.resolve()
        files = sorted((path.relative_to(root).as_posix(), path) for _, path, _, _ in read_catalog(project))
    except (CompetentiesetError, ValueError, OSError):
        return None
    return files if all(path.is_file() for _, path in files) else None


def file_digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _register_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


class BuildValidation:
    """`validate` for `build`: limited (Limit) to what changed since the state the last build
    validated, when that can be shown to give the full findings; else the full validation.

        check = BuildValidation(project, full)   before vocabulary.load (the files' state)
        report = check.validate(vocab, lang)     check.limited: was it limited?
        check.keep(report)                       the snapshot and record of this state

    The state a build validated is kept in SNAPSHOT: a copy of the catalog's files and the
    URI register, beside the record (RECORD) of that state's findings. The statements an edit
    added and removed are those of each file whose bytes differ from its copy (both parsed
    the same way, the copy with the file's own base IRI). Falls back to the full validation
    with `full` (build --full), a base URI other than the source's (rebased terms), no
    snapshot, a record of another state (validate and import-xlsx record the state they
    saw, without a snapshot), another set of files or another register, a copy that does not
    parse, and every case Limit.of refuses."""

    def __init__(self, project, full: bool = False):
        self.project = project
        self.full = full
        self.limited = False
        self.limit: Limit | None = None  # what the last validate() was limited to
        self.files = _catalog_files(project)
        self.digests: dict[str, bytes] = {}
        self.state = None
        if self.files is not None:
            self.state = self._digest(self.files, _register_bytes(project.uri_register), self.digests)

    @staticmethod
    def _digest(files, register: bytes, per_file: dict | None = None) -> str:
        digest = OntologyDigest()
        for rel, path in files:
            data = path.read_bytes()
            digest.add(rel, data)
            if per_file is not None:
                per_file[rel] = file_digest(data)
        return digest.finish(register)

    def _snapshot(self) -> Path:
        return self.project.root / SNAPSHOT

    def validate(self, vocab, lang: str = "nl"):
        from competentieset.validation import validate

        limit = None
        if not self.full and self.state is not None and self.project.base == self.project.source_base:
            limit = self._limit(vocab)
        self.limit = limit
        self.limited = limit is not None
        return validate(vocab, lang, limit=limit)

    def _limit(self, vocab) -> Limit | None:
        snap = self._snapshot()
        rels = [rel for rel, _ in self.files]
        copies = [(rel, snap / "ontology" / rel) for rel in rels]
        if not all(path.is_file() for _, path in copies):
            return None
        if _register_bytes(snap / _REGISTER) != _register_bytes(self.project.uri_register):
            return None  # the register check runs whole, but a register change is rare: all
        before: dict[str, bytes] = {}
        record = load_record(self.project, state_key(
            self.project, self._digest(copies, _register_bytes(snap / _REGISTER), before)))
        if record is None or len(list(snap.joinpath("ontology").rglob("*.ttl"))) != len(rels):
            return None
        root = self.project.ontology_dir.resolve()
        graph_of = {Path(info.path).resolve().relative_to(root).as_posix(): ox.NamedNode(iri)
                    for iri, info in vocab.graphs.items()}
        added, removed = [], []
        for (rel, path), (_, copy) in zip(self.files, copies, strict=True):
            if before[rel] == self.digests[rel]:
                continue
            graph = graph_of.get(rel)
            if graph is None:
                return None
            try:
                # parse() gives quads (in the default graph): compared as triples
                was = {q.triple for q in ox.parse(copy.read_bytes(), format=ox.RdfFormat.TURTLE,
                                                  base_iri=path.resolve().as_uri())}
            except (SyntaxError, ValueError, OSError):
                return None
            now = {q.triple for q in vocab.store.quads_for_pattern(None, None, None, graph)}
            added += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in now - was]
            removed += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in was - now]
        return Limit.of(vocab, added, removed, record)

    def keep(self, report) -> None:
        """Record this state's findings and keep a copy of its files, if the files are still
        those the build read (an edit saved meanwhile: keep nothing). Only the files whose
        bytes changed are copied; a copy cut off halfway only costs the next build its
        shortcut (the record's key then names another state than the copy's)."""
        if self.state is None:
            return
        register = _register_bytes(self.project.uri_register)
        now: dict[str, bytes] = {}
        if self._digest(self.files, register, now) != self.state:
            return
        snap = self._snapshot()
        try:
            for rel, path in self.files:
                copy = snap / "ontology" / rel
                if copy.is_file() and file_digest(copy.read_bytes()) == now[rel]:
                    continue
                _write_atomic(copy, path.read_bytes())
            keep = {rel for rel, _ in self.files}
            for stale in snap.joinpath("ontology").rglob("*.ttl"):
                if stale.relative_to(snap / "ontology").as_posix() not in keep:
                    stale.unlink()
            _write_atomic(snap / _REGISTER, register)
        except OSError:
            return
        save_record(self.project, state_key(self.project, self.state), report)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".copy.", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
