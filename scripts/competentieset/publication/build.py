"""`competentieset build`: validate, then publish every output, atomically.

    build(project) -> BuildResult

1. Reads the release record (the project's version must be in it), loads and validates the
   vocabulary; on any Violation it raises ValidationFailed and writes nothing at all.
2. Runs the "archive" stage (the earlier releases), then adds the derived graph of
   identifiers and dates (model.identifiers), whose release history is read from those
   releases, then runs the other BUILD_STAGES in order, each a named function taking one BuildContext and writing
   only into the staging web root (a folder beside build/, layout.STAGING_DIR); the stages
   BESIDE_SITE run in a forked child while this process runs the site stage (_run_stages).
3. Swaps the staging folder in for build/ (an atomic exchange where the OS offers one,
   else two renames with recovery at the start of the next build).

An exception or a kill at any point before the swap leaves build/ exactly as it was; a
stale staging folder is removed by the next build. Only one build runs at a time per
project (a lock file).

Releases: the first stage ("archive") puts every earlier release of ontology/releases.csv
into versie/<version>/: carried over unchanged from the previous build (checked against its
manifest) or, when the previous build lacks it (a fresh clone), rebuilt from the release's
recorded commit (git archive of its ontology/ and pyproject.toml, built with today's code,
the record cut off after that release). The last stage ("release") copies the web root
(minus layout.RELEASE_EXCLUDED) into versie/<version>/ with a SHA-256 manifest and refuses,
loudly, to publish content under a version that was already built with different content.
A published version (releases.csv `published` true) is never frozen from the work tree:
its folder is carried over or rebuilt from its commit, whatever the build flags.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import io
import os
import re
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from competentieset.errors import CompetentiesetError
from competentieset.forked import Forked
from competentieset.forked import may_fork as _may_fork
from competentieset.model import identifiers, layout, releases, vocabulary
from competentieset.model.config import Project
from competentieset.model.namespaces import prefixes
from competentieset.publication import (
    csv_table,
    data_cache,
    dataset_metadata,
    incremental,
    jsonld,
    plain_json,
    prepare,
    provenance,
    splice,
)
from competentieset.publication.descriptions import Descriptions, describe
from competentieset.publication.descriptions import parse_lines as descriptions_parse
from competentieset.publication.incremental import Reuse

ProgressFn = Callable[[str, int, int], None]


class BuildError(CompetentiesetError):
    """The build cannot be completed; build/ is left as it was."""


class ValidationFailed(BuildError):
    """The vocabulary has Violations: nothing is built."""

    def __init__(self, report):
        self.report = report
        super().__init__(
            "the vocabulary has violations, nothing was built: " + report.summary()
            + ". Run `competentieset validate` for the details."
        )


class ReleaseConflict(BuildError):
    """A released version would change, or a carried-over release was altered."""


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _write_file(path: str, data: bytes) -> None:
    """Write bytes to a new file with plain system calls (no buffered file object: the build
    writes 100,000s of small files), creating its folder when missing. A file already at
    `path` is replaced, never written into: it may be a hard link into the previous build."""
    try:
        fd = os.open(path, _WRITE_FLAGS, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, _WRITE_FLAGS, 0o666)
    except FileExistsError:
        os.unlink(path)
        fd = os.open(path, _WRITE_FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


@dataclass
class BuildContext:
    """Everything a build stage needs. Stages write ONLY below `webroot` (or `staging`).

    project          config.Project: root, base URI (`project.base`), version
    vocab            vocabulary.Vocabulary: the loaded, validated vocabulary (pyoxigraph store,
                     one named graph per ontology/ file; `vocab.graphs` describes them)
    descriptions     descriptions.Descriptions: the same data sorted for writing; the
                     union triples, the quads, the resources of ours (`.resources`, each
                     with `.iri`, `.path` = doc path without extension, and its triples)
    staging          Path: the staging build folder (becomes build/ on success); server
                     configs that live outside the web root go here (e.g. nginx/)
    webroot          Path: staging / layout.WEBROOT, the future web root
    release          releases.Release: this build's version and date (from releases.csv)
    releases         list[releases.Release]: every recorded release, oldest first
    previous_release releases.Release | None: the release recorded before this one
    previous_build   Path | None: the current build/ folder (read only!), if there is one
    progress         callable(stage, done, total): report progress of the running stage
    replace_release  bool: this version was never published, so its folder from the
                     previous build may be replaced (earlier releases are still checked)
    preview          bool: a local preview (`make serve`): the top of the web root shows the
                     work tree even when the version is published; versie/<published>/
                     is kept as published
    archive          Path: the web root whose versie/ holds the earlier releases (this
                     build's own web root, or the outer one while an earlier release is
                     rebuilt from git)
    previous_vocab   vocabulary.Vocabulary | None: the previous release's vocabulary, for
                     the change list (set by the archive stage)
    reuse            incremental.Reuse | None: the previous build, when made from the same
                     code, settings and release (see publication/incremental.py); write()
                     then hard-links every file whose bytes are unchanged
    ahead            dict: stage name -> what STARTED_AHEAD started for it with the build
                     (the build closes it at its end, used or not)
    changes          data_cache.Changes | None: with `reuse`, the subjects whose description
                     changed since the previous build (by key, publication/data_cache.py);
                     the data stages compute only the resources it makes dirty
    """

    project: Project
    vocab: vocabulary.Vocabulary
    descriptions: Descriptions
    staging: Path
    webroot: Path
    release: releases.Release
    releases: list[releases.Release]
    previous_release: releases.Release | None
    previous_build: Path | None
    progress: ProgressFn
    replace_release: bool = False
    preview: bool = False
    archive: Path | None = None
    previous_vocab: vocabulary.Vocabulary | None = None
    stages: list = field(default_factory=list)  # the stages of this build (an earlier release
    # rebuilt from git runs the same ones, so a data-only build stays data-only)
    reuse: Reuse | None = None
    ahead: dict = field(default_factory=dict)
    changes: data_cache.Changes | None = None
    full: bool = True  # a full build (no reuse): set by build()
    fingerprint: str = ""  # incremental.fingerprint of this build (code, settings, release)
    stage: str = ""
    hashes: dict[str, str] = field(default_factory=dict)  # relpath -> sha256 of what write() wrote
    linked: set = field(default_factory=set)  # relpaths hard-linked from the previous build
    streamed: set = field(default_factory=set)  # relpaths handed out by path()
    frozen_files: list | None = None  # what the release stage froze into versie/<version>/
    # the subjects whose statements differ from the previous build's (publication/prepare.py;
    # None: not known, every subject may differ)
    touched: set | None = None
    outside: list = field(default_factory=list)  # the release stage's listing: files outside versie/
    # (relative to it, its manifest included), so the dates stage need not list it again
    # while the stages BESIDE_SITE run beside the site stage: the site's wait for them and
    # the download folder's files it may take as given (site.context.SiteContext)
    downloads_ready: int | None = None
    download_names: frozenset | None = None
    _root: str = ""

    def __post_init__(self) -> None:
        self._root = str(self.webroot)
        if self.archive is None:
            self.archive = self.webroot

    @property
    def base(self) -> str:
        return self.project.base

    @property
    def release_url(self) -> str:
        """The URL of this release's frozen tree: {base}/versie/{version}."""
        return f"{self.base}/{layout.release_dir(self.release.version)}"

    def write(self, relpath: str, data: bytes) -> None:
        """Write one file below the web root (path relative to it, POSIX separators); in an
        incremental build, a file with the previous build's bytes is hard-linked instead."""
        digest = hashlib.sha256(data).hexdigest()
        target = self._root + "/" + relpath
        reuse = self.reuse
        if reuse is None or reuse.hash_of(relpath) != digest or not reuse.link(relpath, target):
            _write_file(target, data)
        else:
            self.linked.add(relpath)
        self.hashes[relpath] = digest

    def reuse_unchanged(self, relpaths: list[str], key: str, data: bytes) -> bool:
        """Incremental builds: if the previous build has file `key` with exactly `data`,
        hard-link it and the files `relpaths` (outputs that are functions of `key`'s bytes
        alone, given the fingerprint) and return True; else do nothing and return False."""
        reuse = self.reuse
        if reuse is None:
            return False
        known = reuse.hashes
        if known.get(key) != hashlib.sha256(data).hexdigest() or any(r not in known for r in relpaths):
            return False
        done = []
        for rel in (key, *relpaths):
            if not reuse.link(rel, self._root + "/" + rel):
                for made in done:
                    os.unlink(self._root + "/" + made)
                return False
            done.append(rel)
            self.hashes[rel] = known[rel]
        self.linked.update(done)
        return True

    def link_previous(self, relpaths: list[str]) -> bool:
        """Incremental builds: hard-link the previous build's files `relpaths` (outputs of a
        clean resource, data_cache.Changes) and return True; False, linking nothing, when
        the previous build lacks one of them."""
        reuse = self.reuse
        known = reuse.hashes
        if any(rel not in known for rel in relpaths):
            return False
        done = []
        for rel in relpaths:
            if not reuse.link(rel, self._root + "/" + rel):
                for made in done:
                    os.unlink(self._root + "/" + made)
                return False
            done.append(rel)
        for rel in relpaths:
            self.hashes[rel] = known[rel]
        self.linked.update(relpaths)
        return True

    def dirty(self, own: bool = False) -> set[str] | None:
        """Incremental builds: the subjects whose outputs may differ from the previous build's
        (data_cache.Changes.dirty; every other resource is clean); None: all may. `own`: of
        outputs made from the subject's own lines alone (data_cache.Changes.own)."""
        if self.changes is None or self.reuse is None:
            return None
        return self.changes.own if own else self.changes.dirty(self.vocab.store)

    def stream(self, *relpaths: str, text: bool = False, newline: str = "\n"):
        """A file object that writes the same bytes into each of `relpaths` (below the web
        root, folders made) and hashes them as they are written: for writers that stream a
        large file (the whole-vocabulary downloads, the exports). When it is closed each file
        is recorded as write() records one (ctx.hashes; in an incremental build, a file with
        the previous build's bytes is replaced by a hard link to it), so the release stage
        need not read it again, and a file written into two places is hashed once. Binary,
        or with `text` UTF-8 text with `newline` as open() takes it."""
        handle = io.BufferedWriter(_HashingFile(self, relpaths), buffer_size=1 << 18)
        return io.TextIOWrapper(handle, encoding="utf-8", newline=newline) if text else handle

    def _streamed(self, relpaths: tuple[str, ...], digest: str) -> None:
        """A file of stream() is complete: record it (see stream)."""
        for rel in relpaths:
            self.streamed.add(rel)
            self._recorded(rel, digest)

    def _recorded(self, rel: str, digest: str) -> None:
        """The file `rel`, made by this build, has checksum `digest`: recorded; in an
        incremental build, when the previous build's file has the same bytes it replaces
        this one (a hard link: same inode and mtime, so the next build need not read it)."""
        self.hashes[rel] = digest
        reuse = self.reuse
        if reuse is not None and reuse.hash_of(rel) == digest:
            target = f"{self._root}/{rel}"
            aside = target + ".reused"
            if reuse.link(rel, aside):
                os.replace(aside, target)
                self.linked.add(rel)

    def keep_unchanged(self, files: list[str] | None = None) -> None:
        """Incremental builds: every file of the web root not written by write() or stream()
        (the site, server configs) that has the previous build's bytes is replaced
        by a hard link to the previous file (untouched: same inode and mtime); the checksums
        of all of them are recorded, so the release manifest need not read them again.
        `files`: the web root's files outside versie/ (_files), when the caller has them."""
        reuse = self.reuse
        if reuse is None:
            return
        for rel in _files(self.webroot, (layout.VERSIONS_DIR,)) if files is None else files:
            if rel in self.hashes:
                continue
            target = f"{self._root}/{rel}"
            if reuse.same_file(rel, target):
                known = reuse.hash_of(rel)
                if known is not None:
                    self.hashes[rel] = known
                self.linked.add(rel)
                continue
            self._recorded(rel, _hash(Path(target)))

    def path(self, relpath: str) -> Path:
        """The file for `relpath` below the web root, its folder created, for writers that
        stream into a file themselves (its checksum is computed from disk)."""
        path = self.webroot / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        self.streamed.add(relpath)
        return path

    def report(self, done: int, total: int) -> None:
        self.progress(self.stage, done, total)

    def apart(self) -> None:
        """In a forked child that writes part of the build: no progress line of its own,
        and records of its own writes only (records(), handed to the parent's adopt())."""
        self.progress = _quiet
        self.hashes, self.linked, self.streamed = {}, set(), set()

    def records(self) -> tuple[dict, set, set]:
        return self.hashes, self.linked, self.streamed

    def adopt(self, records: tuple[dict, set, set]) -> None:
        """A child's records (records()) as if this process had made its writes: the bytes,
        the manifest and the next build's reuse are those of a run in one process."""
        hashes, linked, streamed = records
        self.hashes.update(hashes)
        self.linked.update(linked)
        self.streamed.update(streamed)


# ------------------------------------------------------------------ two processes

PARALLEL_MIN = 1000  # resources: below this a stage's per-resource work runs in one process


class _HashingFile(io.RawIOBase):
    """BuildContext.stream's raw file: the same bytes into every file, one SHA-256 of them;
    recorded in the BuildContext when closed after a complete write."""

    def __init__(self, ctx: BuildContext, relpaths: tuple[str, ...]):
        super().__init__()
        self._ctx, self._relpaths = ctx, relpaths
        self._hash = hashlib.sha256()
        self._handles = []
        self._failed = False
        try:
            for rel in relpaths:
                self._handles.append(open(ctx.path(rel), "wb"))  # noqa: SIM115 (closed in close())
        except BaseException:
            self._failed = True  # close() (also when collected) records nothing
            for handle in self._handles:
                handle.close()
            raise

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        try:
            for handle in self._handles:
                handle.write(data)
        except BaseException:
            self._failed = True
            raise
        self._hash.update(data)
        return len(data)

    def close(self) -> None:
        if self.closed:
            return
        try:
            for handle in self._handles:
                handle.close()
        finally:
            super().close()
        if not self._failed:
            self._ctx._streamed(self._relpaths, self._hash.hexdigest())


def _Forked(fn: Callable[[], object], what: str) -> Forked:
    """fn() in a forked child (competentieset.forked); a child that stops without a result
    fails the build."""
    return Forked(fn, BuildError, f"{what}: the second process stopped without a result")


def _in_two(ctx: BuildContext, items: list, work: Callable[[list, Callable[[int], None]], object],
            parallel: bool | None = None) -> list:
    """work(part, tick) over every item, the items shared between this process and one
    forked child (every second item each: the machine has two cores, and the documents are
    written independently, each from the shared read-only descriptions); [work(items)] in
    this process alone when it may not fork or there are fewer than PARALLEL_MIN items
    (`parallel`, when given, decides instead of the count).

    Returns the results of work, this process's first. The child's writes are recorded
    here as if this process had made them (ctx.hashes, ctx.linked, ctx.streamed), so the
    bytes, the manifest and the incremental reuse are those of a run in one process; an
    exception in the child is raised here. `tick(done)` reports progress (the share done
    by this process, scaled to all the items)."""
    if not (len(items) >= PARALLEL_MIN if parallel is None else parallel) or len(items) < 2 \
            or not _may_fork():
        return [work(items, lambda done: ctx.report(done, len(items)))]
    mine, theirs = items[0::2], items[1::2]

    def child():
        ctx.apart()
        result = work(theirs, lambda done: None)
        return ctx.records(), result

    other = _Forked(child, f"stage {ctx.stage}")
    try:
        scale = len(items) / max(1, len(mine))
        own = work(mine, lambda done: ctx.report(min(len(items), round(done * scale)), len(items)))
        records, result = other.result()
    finally:
        other.stop()
    ctx.adopt(records)
    return [own, result]


# ------------------------------------------------------------------ stages

_NAMESPACE = re.compile(r"<([^<>]*[/#])")  # an IRI in N-Triples, up to its last / or #


def _used_prefixes(by_namespace: dict[str, str], ntriples: str) -> dict[str, str]:
    """The prefixes (of the namespaces table, ns -> name) used by the IRIs of N-Triples text
    (subjects, predicates, objects and datatypes)."""
    used = {by_namespace[ns]: ns for ns in set(_NAMESPACE.findall(ntriples)) if ns in by_namespace}
    return dict(sorted(used.items()))


def _ntriples(triples) -> str:
    return "".join(f"{t} .\n" for t in triples)


def _write_sorted_nquads(vocab, handle) -> None:
    """Every quad as N-Quads, sorted by graph then triple (so TriG writes each graph once),
    into the text file `handle`; one graph at a time, so only one graph's lines are held in
    memory."""
    graphs = sorted(vocab.store.named_graphs(), key=str)
    for graph in graphs:
        # pyoxigraph's N-Triples lines are str(triple) + " ." (tests/build/test_line_terms.py)
        lines = vocab.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).decode("utf-8").split(" .\n")
        lines.pop()  # after the last line's end
        lines.sort()
        name = str(graph)
        handle.writelines(f"{line} {name} .\n" for line in lines)
    if any(True for _ in vocab.store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        raise BuildError("the store has triples outside the named graphs; the loader puts "
                         "every file into its own graph")


def stage_rdf(ctx: BuildContext) -> None:
    """Whole vocabulary in every RDF format (+ TriG, N-Quads), the JSON-LD context, and
    one document per resource in every RDF format of formats.FORMATS.

    The whole-vocabulary files are streamed: N-Triples written line by line, the other
    formats serialised by pyoxigraph straight from that file, so no second copy of the
    graph is held in memory. In an incremental build Turtle, RDF/XML, N-Quads and TriG are
    the previous build's files with the changed subjects' blocks made again
    (publication/splice.py), the JSON-LD the previous nodes of the unchanged subjects."""
    d = ctx.descriptions
    table = prefixes(ctx.base)
    by_namespace = {ns: name for name, ns in table.items()}
    context_doc = jsonld.context(ctx.base)
    ctx.write(layout.CONTEXT_FILE, jsonld.dump(context_doc))
    compactor = jsonld.Compactor(context_doc)
    nt_path = ctx.webroot / layout.download_file("nt")
    nq_path = ctx.webroot / layout.download_file("nq")

    def triples():
        return ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)

    def write_nt():
        with ctx.stream(layout.download_file("nt"), text=True) as handle:
            handle.writelines(line + " .\n" for line in d.lines)

    # an incremental build: the whole files from the previous build's, only the blocks of
    # the subjects whose lines changed made again (publication/splice.py)
    spliced = ctx.changes is not None and ctx.reuse is not None

    def lines_of(subject):
        a, b = d.ranges[subject]
        return d.lines[a:b]

    def serialise(extension, fmt, splicer):
        def run():
            rel = layout.download_file(extension)
            pieces = None
            if spliced and (previous := ctx.reuse.read(rel)) is not None:
                pieces = splicer(previous, ctx.changes.previous_subjects, list(d.ranges),
                                 ctx.changes.own, lines_of, table)
            with ctx.stream(rel) as handle:
                if pieces is not None:
                    handle.writelines(pieces)
                else:
                    ox.serialize(triples(), handle, format=fmt, prefixes=table)
        return run

    def write_jsonld():
        known = None
        if ctx.changes is not None and ctx.reuse is not None:
            # the nodes of the subjects whose own lines are unchanged: the previous file's
            previous = data_cache.previous_whole_jsonld(
                ctx.reuse.read(layout.download_file("jsonld")), ctx.changes.previous_subjects)
            if previous is not None:
                changed = ctx.changes.own

                def known(subject):
                    return None if subject in changed else previous.get(subject)
        with ctx.stream(layout.download_file("jsonld")) as handle:
            if known is None:
                compactor.write(d.lines, handle)
            else:  # by subject, without reading every line
                lines = d.lines
                compactor.write(((s, lines[a:b]) for s, (a, b) in d.ranges.items()), handle, known)

    def write_trig():
        nq, trig = layout.download_file("nq"), layout.download_file("trig")
        quads = pieces = None
        if spliced and ctx.touched is not None and (previous := ctx.reuse.read(nq)) is not None:
            store = ctx.vocab.store
            graphs = [g.value for g in sorted(store.named_graphs(), key=str)]

            def lines_in(subject, graph):
                return [str(q.triple) for q in store.quads_for_pattern(
                    ox.NamedNode(subject), None, None, ox.NamedNode(graph))]

            quads = splice.nquads(previous, graphs, ctx.touched, lines_in)
            del previous
            if quads is not None and (previous := ctx.reuse.read(trig)) is not None:
                pieces = splice.trig(previous, graphs, quads[1], table)
        if quads is not None:
            with ctx.stream(nq) as handle:
                handle.writelines(quads[0])
        else:
            with ctx.stream(nq, text=True) as handle:
                _write_sorted_nquads(ctx.vocab, handle)
        with ctx.stream(trig) as handle:
            if pieces is not None:
                handle.writelines(pieces)
            else:
                ox.serialize(ox.parse(path=str(nq_path), format=ox.RdfFormat.N_QUADS), handle,
                             format=ox.RdfFormat.TRIG, prefixes=table)

    write_nt()  # first: the other whole-vocabulary formats are made from it
    # shared between the two processes by _in_two (every second item): N-Quads + TriG (the
    # longest, about 3 s at N = 20,000) and the JSON-LD here, Turtle and RDF/XML there
    whole = [
        write_trig,
        serialise("ttl", ox.RdfFormat.TURTLE, splice.turtle),
        write_jsonld,
        serialise("rdf", ox.RdfFormat.RDF_XML, splice.rdf_xml),
    ]
    total = len(whole) + len(d.resources)
    dirty = ctx.dirty()

    def documents(tasks, tick) -> None:
        for done, task in enumerate(tasks, start=1):
            if callable(task):  # a whole-vocabulary file
                task()
                continue
            resource = task
            path = resource.path
            # a clean resource (data_cache): the previous build's documents, as they are
            if dirty is None or resource.iri in dirty or not ctx.link_previous(
                    [f"{path}.nt", f"{path}.ttl", f"{path}.rdf", f"{path}.jsonld"]):
                lines = d.document_lines(resource.iri)
                text = " .\n".join(lines) + " .\n"
                data = text.encode("utf-8")
                if not ctx.reuse_unchanged([f"{path}.ttl", f"{path}.rdf", f"{path}.jsonld"],
                                           f"{path}.nt", data):
                    doc = descriptions_parse(lines)
                    used = _used_prefixes(by_namespace, text)
                    ctx.write(f"{path}.nt", data)
                    ctx.write(f"{path}.ttl", ox.serialize(doc, format=ox.RdfFormat.TURTLE, prefixes=used))
                    ctx.write(f"{path}.rdf", ox.serialize(doc, format=ox.RdfFormat.RDF_XML, prefixes=used))
                    ctx.write(f"{path}.jsonld", compactor.document(lines, resource.iri))
            if done % 500 == 0:
                tick(done)

    # the whole-vocabulary files and the documents, shared between two processes
    _in_two(ctx, [*whole, *d.resources], documents)
    ctx.report(total, total)


def _meta(ctx: BuildContext, fragment: str = "") -> dict:
    return {
        "describedBy": f"{ctx.release_url}/{layout.JSON_SCHEMA_FILE}{fragment}",
        "version": ctx.release.version,
        "released": ctx.release.date,
        "versionIri": dataset_metadata.version_iri(
            ctx.base, dataset_metadata.dataset_iri(ctx.descriptions), ctx.release.version),
        **provenance.json_meta(),
    }


def stage_json(ctx: BuildContext) -> None:
    """Plain JSON: the framed whole document, its JSON Schema, one document per resource."""
    d = ctx.descriptions
    compactor = jsonld.Compactor(jsonld.context(ctx.base))
    dirty, changed = ctx.dirty(), ctx.dirty(own=True)
    previous = data_cache.load(ctx.previous_build, "json") if dirty is not None else None
    if not (isinstance(previous, dict) and isinstance(previous.get("nodes"), dict)
            and isinstance(previous.get("scanned"), dict)):
        previous = dirty = changed = None
    # the resources' order and list keys: an unchanged one's as the previous build read them
    writer = plain_json.PlainWriter(d, compactor.compact, previous and previous["scanned"], changed)
    ctx.write(layout.JSON_SCHEMA_FILE, jsonld.dump(
        plain_json.json_schema(ctx.base, f"{ctx.release_url}/{layout.JSON_SCHEMA_FILE}")))
    whole = plain_json.WholeDocument(writer)
    meta = _meta(ctx, "#/$defs/resourceDocument")
    total = len(d.resources) + 1
    # what a node is a function of beyond its own lines and its links (data_cache)
    inputs = [jsonld.dump(meta, pretty=False).decode("utf-8"), jsonld.dump(_meta(ctx), pretty=False).decode("utf-8"),
              sorted([list(types), sorted(keys)] for types, keys in writer._list_keys.items())]
    kept = {}
    if previous is not None and previous.get("inputs") == inputs:
        kept = previous["nodes"]
    else:
        dirty = None  # no record, another metadata or list keys: every node is computed

    def documents(resources, tick):
        for done, resource in enumerate(resources, start=1):
            iri = resource.iri
            # a clean resource (data_cache): the previous build's document and frame parts
            if dirty is None or iri in dirty or (iri in whole.wanted and iri not in kept) \
                    or not ctx.link_previous([f"{resource.path}.json"]):
                node = writer.node(iri)
                whole.add(iri, node)
                ctx.write(f"{resource.path}.json", plain_json.write_node_document(node, meta))
            elif iri in whole.wanted:
                whole.put(iri, *kept[iri])
            if done % 500 == 0:
                tick(done)
        return whole.kept()

    for part in _in_two(ctx, d.resources, documents)[1:]:
        whole.keep(part)  # what the other process kept for the whole document
    with ctx.stream(layout.download_file("json"), text=True) as handle:
        handle.writelines(whole.pieces(_meta(ctx)))
    data_cache.save(ctx.staging, "json", {"inputs": inputs, "nodes": whole.parts(), "scanned": writer.scanned})
    ctx.report(total, total)


def stage_csv(ctx: BuildContext) -> None:
    """CSV: one row per concept (whole), CSVW metadata, one row per resource document."""
    d = ctx.descriptions
    cols = csv_table.columns(ctx.base)
    concepts = set(csv_table.concept_iris(d))
    total = len(d.resources) + 1

    dirty, kept = ctx.dirty(own=True), {}  # a row is made of its own lines alone
    if dirty is not None:
        previous = data_cache.load(ctx.previous_build, "csv")
        kept = previous if isinstance(previous, dict) else {}

    def documents(resources, tick) -> dict[str, str]:
        rows: dict[str, str] = {}  # the concepts' rows as CSV text, for the whole table
        for done, resource in enumerate(resources, start=1):
            iri = resource.iri
            # a clean resource (data_cache): the previous build's document and row
            if dirty is None or iri in dirty or (iri in concepts and iri not in kept) \
                    or not ctx.link_previous([f"{resource.path}.csv"]):
                row = csv_table.row_text(csv_table.row(d, cols, iri))
                ctx.write(f"{resource.path}.csv", csv_table.table_of_texts(cols, [row]))
            else:
                row = kept.get(iri)
            if iri in concepts:
                rows[iri] = row
            if done % 500 == 0:
                tick(done)
        return rows

    rows: dict[str, str] = {}
    for part in _in_two(ctx, d.resources, documents):
        rows.update(part)
    data_cache.save(ctx.staging, "csv", {iri: rows[iri] for iri in sorted(rows)})
    ctx.write(layout.download_file("csv"),
              csv_table.table_of_texts(cols, [rows[iri] for iri in csv_table.concept_iris(d)]))
    dataset = dataset_metadata.dataset_iri(d)
    title = [{"@value": text, "@language": lang}
             for lang, text in sorted(d.label_map(dataset).items()) if lang]
    metadata = csv_table.csvw_metadata(ctx.base, cols, f"{layout.DOWNLOAD_NAME}.csv", title,
                                       provenance.csvw_rights(d))
    ctx.write(layout.CSVW_FILE, jsonld.dump(metadata))
    ctx.report(total, total)


def stage_metadata(ctx: BuildContext) -> None:
    """DCAT-AP-NL 3.0 (dataset, release, one distribution per format) and VoID."""
    d = ctx.descriptions
    table = prefixes(ctx.base)
    by_namespace = {ns: name for name, ns in table.items()}
    dcat = dataset_metadata.dcat_triples(d, ctx.release, ctx.releases)
    ctx.write(layout.DCAT_FILE, ox.serialize(dcat, format=ox.RdfFormat.TURTLE,
                                             prefixes=_used_prefixes(by_namespace, _ntriples(dcat))))
    ctx.report(1, 2)
    void = dataset_metadata.void_triples(d, ctx.release)
    ctx.write(layout.VOID_FILE, ox.serialize(void, format=ox.RdfFormat.TURTLE,
                                             prefixes=_used_prefixes(by_namespace, _ntriples(void))))
    ctx.report(2, 2)


def _frozen_vocabulary(ctx: BuildContext, folder: Path) -> vocabulary.Vocabulary | None:
    """The vocabulary of a frozen release folder (its N-Quads), graphs as its catalog said."""
    path = folder / layout.download_file("nq")
    if not path.is_file():
        return None
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    old = vocabulary.Vocabulary(project=ctx.project, store=store)
    # the graphs' provenance, as that release's own catalog (herkomst.ttl) stated it
    cs = vocabulary.cs(ctx.project)
    rows = old.query(
        f"SELECT ?g ?kind ?flag WHERE {{ GRAPH ?g {{ }} OPTIONAL {{ ?g <{cs}herkomst> ?kind . "
        f"OPTIONAL {{ ?kind <{cs}redactioneel> ?flag }} }} }}"
    )
    for row in rows:
        graph = row["g"].value
        kind = row["kind"].value if row["kind"] is not None else None
        flag = row["flag"].value == "true" if row["flag"] is not None else None
        old.graphs[graph] = vocabulary.GraphInfo(graph, path, kind, flag)
    return old


def stage_changes(ctx: BuildContext) -> None:
    """The change list of this release against the previous one (diff.diff_vocabularies),
    in Dutch and English Markdown and JSON; frozen with the release."""
    from competentieset.model import diff

    previous = ctx.previous_release
    old = ctx.previous_vocab
    if previous is not None and old is None:
        old = _frozen_vocabulary(ctx, ctx.archive / layout.release_dir(previous.version))
    if previous is None:
        texts = {"nl": "# Wijzigingen\n\nDit is de eerste release.\n",
                 "en": "# Changes\n\nThis is the first release.\n"}
        data = {"previous": None, "changes": None}
    elif old is None:
        texts = {"nl": f"# Wijzigingen\n\nDe vorige release ({previous.version}) is niet in deze "
                       "build beschikbaar; er is geen wijzigingslijst gemaakt.\n",
                 "en": f"# Changes\n\nThe previous release ({previous.version}) is not available "
                       "in this build; no change list was made.\n"}
        data = {"previous": previous.version, "changes": None}
    else:
        changes = diff.diff_vocabularies(old, ctx.vocab)
        texts = {lang: changes.to_markdown(lang) for lang in ("nl", "en")}
        import json
        data = {"previous": previous.version, "changes": json.loads(changes.to_json())}
    data = {"version": ctx.release.version, "released": ctx.release.date, **data}
    for lang, text in texts.items():
        ctx.write(layout.CHANGES_FILES[lang], text.encode("utf-8"))
    ctx.write(layout.CHANGES_FILES["json"], jsonld.dump(data))
    ctx.report(1, 1)


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files(root: Path, exclude: tuple[str, ...] = ()) -> list[str]:
    """Every file below root as a sorted POSIX relative path, minus excluded paths/prefixes
    (a folder's relative path excludes all of it). As os.walk lists them: a symbolic link to
    a folder is neither followed nor listed. One scandir per folder (no os.walk: its
    bookkeeping costs as much as the listing, and the release stages list 100,000s)."""
    result: list[str] = []
    excluded = frozenset(exclude)

    def walk(folder: str, prefix: str) -> None:
        folders = []
        try:
            entries = os.scandir(folder)
        except OSError:
            return  # as os.walk: an unreadable (or vanished) folder lists nothing
        with entries:
            for entry in entries:
                rel = prefix + entry.name
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if rel in excluded:
                    continue
                if is_dir:
                    if not entry.is_symlink():
                        folders.append((entry.path, rel + "/"))
                else:
                    result.append(rel)
        for path, rel in folders:
            walk(path, rel)

    walk(str(root), "")
    result.sort()
    return result


def _excluding(files: list[str], exclude: tuple[str, ...]) -> list[str]:
    """`files` (relative paths) minus those _files(root, exclude) leaves out: each path of
    `exclude` and everything below it."""
    below = tuple(x + "/" for x in exclude)
    return [rel for rel in files if rel not in exclude and not rel.startswith(below)]


def manifest(root: Path, known: dict[str, str] | None = None, exclude: tuple[str, ...] = (),
             files: list[str] | None = None) -> str:
    """`sha256  path` per file below root (except the manifest itself and `exclude`), sorted
    by path. `known` gives hashes already computed (relpath -> sha256) so those files are
    not reread, and gets those computed here (the dates stage reads them: a full build
    knows no other checksums of the site's pages); `files`, the sorted listing of root
    (_files) when the caller has it."""
    known = {} if known is None else known
    exclude = (layout.MANIFEST_FILE, *exclude)
    listed = _files(root, exclude) if files is None else _excluding(files, exclude)
    lines = []
    for rel in listed:
        digest = known.get(rel)
        if digest is None:
            digest = known[rel] = _hash(root / rel)
        lines.append(f"{digest}  {rel}\n")
    return "".join(lines)


LINK_PARALLEL_MIN = 20_000  # files: from this many on _copy_tree links them in two processes


def _copy_tree(source: Path, target: Path, files: list[str], parallel: bool | None = None) -> None:
    """Copy files by hard link (same file system) or by copying; never modify sources.
    The links name both files relative to their roots' open folders (link with dir_fd),
    so the kernel resolves the short relative paths only: the release stage makes one link
    per file of the web root. From LINK_PARALLEL_MIN files on (`parallel`, when given,
    decides instead) a forked child links the first half while this process links the
    second: the kernel's work, most of the time, runs on both cores (160,827 links: 1.0-1.1 s
    against 1.3-1.8 s in one process)."""
    if (len(files) >= LINK_PARALLEL_MIN if parallel is None else parallel) and len(files) > 1 \
            and _may_fork():
        half = len(files) // 2  # the sorted listing's halves: each process its own folders
        os.makedirs(target, exist_ok=True)
        other = _Forked(lambda: _copy_tree(source, target, files[:half], False), "linking files")
        try:
            _copy_tree(source, target, files[half:], False)
            other.result()
        finally:
            other.stop()
        return
    source_root, target_root = str(source), str(target)
    made: set[str] = set()
    os.makedirs(target_root, exist_ok=True)
    source_fd = os.open(source_root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        target_fd = os.open(target_root, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for rel in files:
                folder = rel.rpartition("/")[0]
                if folder and folder not in made:
                    os.makedirs(f"{target_root}/{folder}", exist_ok=True)
                    made.add(folder)
                try:
                    os.link(rel, rel, src_dir_fd=source_fd, dst_dir_fd=target_fd)
                except OSError:
                    shutil.copy2(f"{source_root}/{rel}", f"{target_root}/{rel}")
        finally:
            os.close(target_fd)
    finally:
        os.close(source_fd)


def _intact(folder: Path) -> str:
    """The manifest of a frozen release folder, checked against its files."""
    recorded_path = folder / layout.MANIFEST_FILE
    recorded = recorded_path.read_text(encoding="utf-8") if recorded_path.is_file() else None
    if recorded is None or manifest(folder) != recorded:
        raise ReleaseConflict(
            f"{folder}: the files of release {folder.name} no longer match its manifest "
            f"({layout.MANIFEST_FILE}); a published release must not change. Restore it "
            "from the published copy (or a backup) before building."
        )
    return recorded


def _freeze(webroot: Path, target: Path, known: dict[str, str] | None = None,
            files: list[str] | None = None) -> str:
    """Copy a web root (minus layout.RELEASE_EXCLUDED) to `target` (a new folder) with its
    manifest; `files`: the web root's listing (_files) when the caller has it. The manifest
    lists what was copied (no second listing of `target`)."""
    copied = _excluding(_files(webroot) if files is None else files, layout.RELEASE_EXCLUDED)
    _copy_tree(webroot, target, copied)
    text = manifest(target, known, files=copied)
    (target / layout.MANIFEST_FILE).write_text(text, encoding="utf-8")
    return text


def _old_release_folder(ctx: BuildContext, version: str) -> Path | None:
    if ctx.previous_build is None:
        return None
    folder = ctx.previous_build / layout.WEBROOT / layout.release_dir(version)
    return folder if folder.is_dir() else None


def rebuild_release(ctx: BuildContext, release: releases.Release, target: Path) -> None:
    """Build an earlier release from its recorded commit into `target` (versie/<version>/).

    Its ontology/ and pyproject.toml come from the commit (git archive); the code, shapes/
    and site/ are today's, and the release record is cut off after the release, so every
    clone at the same checkout builds the same bytes. Not validated again: it was valid
    when it was released, and today's rules must not unpublish it."""
    import tempfile

    from competentieset.model import config, versions

    if not release.commit:
        raise BuildError(
            f"release {release.version} is not in the previous build and "
            f"{layout.releases_file(ctx.project).name} records no commit for it, so it cannot "
            f"be rebuilt. Put the published versie/{release.version}/ folder into "
            f"{layout.webroot(ctx.project)}/versie/, or record the commit of its content.")
    index = ctx.releases.index(release)
    with tempfile.TemporaryDirectory(prefix=f"competentieset-{release.version}-") as tmp:
        try:
            root = versions.export_revision(ctx.project, release.commit, Path(tmp) / "src")
        except versions.VersionError as exc:
            raise BuildError(
                f"release {release.version} cannot be rebuilt from its commit {release.commit}: "
                f"{exc}. Build in a git clone with the full history (git fetch --unshallow), "
                f"or put the published versie/{release.version}/ into {layout.webroot(ctx.project)}/versie/."
            ) from None
        for name in ("shapes", "site"):
            source = ctx.project.root / name
            if source.is_dir() and not (root / name).exists():
                (root / name).symlink_to(source.resolve())
        try:
            other = config.load_project(root)
        except config.ConfigError as exc:
            raise BuildError(f"release {release.version} (commit {release.commit}): {exc}") from None
        project = config.Project(root=root, source_base=other.source_base, base=ctx.project.base,
                                 version=release.version, base_registered=ctx.project.base_registered)
        vocab = vocabulary.load(project)
        # the release history up to this release, from the releases already in the archive
        identifiers.add_derived_graph(vocab, ctx.releases[: index + 1], release, ctx.archive.parent)
        provenance.add_derived(vocab)
        staging = Path(tmp) / "staging"
        webroot = staging / layout.WEBROOT
        webroot.mkdir(parents=True)
        sub = BuildContext(
            project=project, vocab=vocab, descriptions=describe(vocab), staging=staging,
            webroot=webroot, release=release, releases=ctx.releases[: index + 1],
            previous_release=ctx.releases[index - 1] if index else None, previous_build=None,
            progress=_quiet, archive=ctx.archive, stages=ctx.stages,
        )
        for name, stage in ctx.stages or BUILD_STAGES:
            if name in ("archive", "release", "dates"):
                continue
            sub.stage = name
            stage(sub)
        _freeze(webroot, target, sub.hashes)


def _place_release(ctx: BuildContext, release: releases.Release) -> str:
    """versie/<version>/ of a release that is not frozen from the work tree: carried over
    from the previous build when there (and intact), else rebuilt from its commit."""
    target = ctx.archive / layout.release_dir(release.version)
    old = _old_release_folder(ctx, release.version)
    if old is not None:
        recorded = _intact(old)
        _copy_tree(old, target, _files(old))
        return recorded
    rebuild_release(ctx, release, target)
    return (target / layout.MANIFEST_FILE).read_text(encoding="utf-8")


def stage_archive(ctx: BuildContext) -> None:
    """Every earlier release into versie/<version>/ (carried over or rebuilt from git), and
    any other release folder of the previous build carried over unchanged."""
    earlier = ctx.releases[: ctx.releases.index(ctx.release)]
    total = len(earlier) + 1
    for done, release in enumerate(earlier, start=1):
        _place_release(ctx, release)
        ctx.report(done, total)
    recorded = {r.version for r in ctx.releases}
    if ctx.previous_build is not None:
        old_versions = ctx.previous_build / layout.WEBROOT / layout.VERSIONS_DIR
        for old in sorted(p for p in old_versions.iterdir() if p.is_dir()) if old_versions.is_dir() else []:
            if old.name not in recorded:
                _intact(old)
                _copy_tree(old, ctx.webroot / layout.VERSIONS_DIR / old.name, _files(old))
    ctx.report(total, total)


def stage_release(ctx: BuildContext) -> None:
    """Freeze this release into versie/<version>/ (a published one: carried over or rebuilt
    from its commit, never from the work tree) and write the index of the releases."""
    version = ctx.release.version
    outside = _files(ctx.webroot, (layout.VERSIONS_DIR,))  # listed once for all of this stage
    ctx.outside = outside
    ctx.keep_unchanged(outside)
    frozen = ctx.webroot / layout.release_dir(version)
    if ctx.release.published:
        recorded = _place_release(ctx, ctx.release)
        if not ctx.preview:
            current = manifest(ctx.webroot, ctx.hashes, layout.RELEASE_EXCLUDED, files=outside)
            if current != recorded:
                changed = _manifest_diff(recorded, current)
                raise ReleaseConflict(
                    f"release {version} is published (ontology/releases.csv) and this work tree "
                    f"builds different content ({len(changed)} files differ, e.g. "
                    f"{', '.join(changed[:5])}); a published version never changes. Record a new "
                    "release (`competentieset release NEW-VERSION DATE`), or preview with "
                    "`make serve` (build --preview), which leaves the published files alone."
                )
    else:
        copied = _excluding(outside, (*layout.RELEASE_EXCLUDED, layout.MANIFEST_FILE))
        new_manifest = _freeze(ctx.webroot, frozen, ctx.hashes, copied)
        ctx.frozen_files = [*copied, layout.MANIFEST_FILE]
        old = _old_release_folder(ctx, version)
        # never published and replaced on purpose: replaced by this build, whatever it holds
        if old is not None and not (ctx.replace_release or ctx.preview):
            recorded = _intact(old)
            if recorded != new_manifest:
                changed = _manifest_diff(recorded, new_manifest)
                raise ReleaseConflict(
                    f"release {version} was already built with different content "
                    f"({len(changed)} files differ, e.g. {', '.join(changed[:5])}); a released "
                    "version never changes. Record a new release: add a row `<version>,<date>,,false` "
                    "to ontology/releases.csv and set [project] version in pyproject.toml. If "
                    f"{version} was never published, build with --replace-release."
                )
    ctx.report(1, 2)
    _write_versions_index(ctx)
    ctx.report(2, 2)


def _write_versions_index(ctx: BuildContext) -> None:
    """versie/index.json and versie/index.html: every release in this build, newest first,
    with its date, whether it is published, and links to its tree and change lists."""
    import html
    import json

    present = [r for r in ctx.releases
               if (ctx.webroot / layout.release_dir(r.version) / layout.MANIFEST_FILE).is_file()]
    items = []
    for r in reversed(present):
        url = f"{ctx.base}/{layout.release_dir(r.version)}/"
        items.append({
            "version": r.version, "released": r.date, "published": r.published,
            "current": r.version == ctx.release.version, "url": url,
            "changes": {k: url + v for k, v in sorted(layout.CHANGES_FILES.items())},
        })
    ctx.write(layout.VERSIONS_INDEX["json"], json.dumps(
        {"versions": items}, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n")
    rows = []
    for item in items:
        v = html.escape(item["version"])
        links = {k: html.escape(f"{v}/{layout.CHANGES_FILES[k]}") for k in layout.CHANGES_FILES}
        rows.append(
            f'<tr><td><a href="{v}/">{v}</a></td><td>{html.escape(item["released"])}</td>'
            f'<td>{"ja / yes" if item["published"] else "nee / no"}</td>'
            f'<td><a href="{links["nl"]}">wijzigingen (nl)</a> · '
            f'<a href="{links["en"]}" hreflang="en">changes (en)</a> · '
            f'<a href="{links["json"]}">JSON</a></td></tr>')
    page = (
        '<!doctype html>\n<html lang="nl">\n<head><meta charset="utf-8">'
        "<title>Versies / Releases</title></head>\n<body>\n<h1>Versies / Releases</h1>\n"
        '<p><a href="index.json">JSON</a></p>\n<table>\n<thead><tr><th scope="col">Versie / release</th>'
        '<th scope="col">Datum / date</th><th scope="col">Gepubliceerd / published</th>'
        '<th scope="col">Wijzigingen / changes</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows) + "\n</tbody>\n</table>\n</body>\n</html>\n")
    ctx.write(layout.VERSIONS_INDEX["html"], page.encode("utf-8"))


def _same_bytes(a: str, b: str, size: int) -> bool:
    if size == 0:
        return True
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            chunk = fa.read(1 << 20)
            if chunk != fb.read(1 << 20):
                return False
            if not chunk:
                return True


def release_time(date: str) -> int:
    """A release date (YYYY-MM-DD, ontology/releases.csv) as a POSIX time, 00:00 UTC."""
    import calendar
    from datetime import date as _date

    return calendar.timegm(_date.fromisoformat(date).timetuple())


def stage_dates(ctx: BuildContext) -> None:
    """Modification times of every file in the web root, which nginx, Apache and the
    embedded server turn into ETag ("mtime-size") and Last-Modified:
    - a file with the same bytes as in the previous build keeps that build's time, so an
      identical rebuild serves identical ETags and Last-Modified;
    - a file whose bytes changed gets a time later than its previous one (the release
      date, or the previous time plus one second when that is later), so its ETag changes
      even when its size does not, and If-Modified-Since never hides the change;
    - a new file gets the release date (00:00 UTC, ontology/releases.csv);
    - a file an incremental build hard-linked from the previous build is left alone (one
      it linked itself, or its copy in versie/<version>/, without even a stat).
    No clock is read: the same input and the same previous build give the same times."""
    released = release_time(ctx.release.date)
    previous = ctx.previous_build / layout.WEBROOT if ctx.previous_build is not None else None
    root = str(ctx.webroot)
    old_root = str(previous) if previous is not None and previous.is_dir() else None
    frozen = layout.release_dir(ctx.release.version) + "/"
    if ctx.frozen_files is not None:  # the release stage's copy: known without listing it
        files = _files(ctx.webroot, (frozen[:-1],)) + [frozen + rel for rel in ctx.frozen_files]
    else:
        files = _files(ctx.webroot)
    linked = ctx.linked if old_root is not None else set()
    # the checksums of the previous release's files (its manifest) and of what this build
    # wrote (ctx.hashes): where both are known, they say whether the bytes are the same. The
    # manifest describes the previous versie/<version>/; a file above it only when it is the
    # same file (a preview may have left other bytes there). A full build, which reuses
    # nothing, reads that manifest too: comparing every file's bytes instead took 44 s at
    # N = 20,000 (3.3 GB)
    old_hashes = {}
    if old_root is not None:
        old_hashes = ctx.reuse.hashes if ctx.reuse is not None else \
            incremental.manifest_hashes(ctx.project, ctx.release.version) or {}

    def same_bytes(rel: str, old: os.stat_result, new: str, size: int) -> bool:
        in_frozen = rel.startswith(frozen)
        key = rel[len(frozen):] if in_frozen else rel
        known_old, known_new = old_hashes.get(key), ctx.hashes.get(key)
        if known_old and known_new:
            if in_frozen:
                return known_old == known_new
            try:
                twin = os.lstat(f"{old_root}/{frozen}{key}")
            except OSError:
                twin = None
            if twin is not None and (twin.st_ino, twin.st_dev) == (old.st_ino, old.st_dev):
                return known_old == known_new
        return _same_bytes(f"{old_root}/{rel}", new, size)

    for n, rel in enumerate(files, start=1):
        if n % 5000 == 0:
            ctx.report(n, len(files))
        if rel in linked or (rel.startswith(frozen) and rel[len(frozen):] in linked):
            continue  # the previous build's own file (a hard link): never touched
        path = f"{root}/{rel}"
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):  # not a regular file (a folder, a symbolic link)
            continue
        mtime = released
        if old_root is not None:
            try:
                old = os.lstat(f"{old_root}/{rel}")
            except OSError:
                old = None
            if old is not None and (old.st_ino, old.st_dev) == (st.st_ino, st.st_dev):
                continue  # the previous build's own file (a hard link): never touched
            if old is not None and old.st_size == st.st_size \
                    and same_bytes(rel, old, path, st.st_size):
                mtime = int(old.st_mtime)
            elif old is not None:
                mtime = max(released, int(old.st_mtime) + 1)
        if st.st_mtime != mtime:
            os.utime(path, (mtime, mtime))
    ctx.report(len(files), len(files))


def _manifest_diff(old: str, new: str) -> list[str]:
    a = dict(reversed(line.split("  ", 1)) for line in old.splitlines())
    b = dict(reversed(line.split("  ", 1)) for line in new.splitlines())
    return sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))


def stage_feed(ctx: BuildContext) -> None:
    """The change feed of every release (JSON for /api/changes) and the Atom feed."""
    from competentieset.publication import change_feed

    change_feed.write(ctx)


def stage_exports(ctx: BuildContext) -> None:
    """The consumer formats (CASE, CTDL-ASN, Moodle, ...): every row of exports.EXPORTS."""
    from .exports import write_all

    write_all(ctx)


def stage_site(ctx: BuildContext) -> None:
    """The documentation site (competentieset.site), Dutch and English, into the web root.

    Runs after the downloads and the change list exist, so the site links what is there.
    Its MkDocs workspace is kept beside build/ (layout.SITE_CACHE_DIR): an incremental build
    renders only the pages whose Markdown changed.
    """
    from competentieset.site import SiteContext, build_site

    changes = {}
    for r in ctx.releases[: ctx.releases.index(ctx.release)]:
        folder = ctx.archive / layout.release_dir(r.version)
        texts = {lang: folder / layout.CHANGES_FILES[lang] for lang in ("nl", "en")}
        changes[r.version] = {lang: path.read_text(encoding="utf-8")
                              for lang, path in texts.items() if path.is_file()}
    changes[ctx.release.version] = {
        lang: (ctx.webroot / layout.CHANGES_FILES[lang]).read_text(encoding="utf-8")
        for lang in ("nl", "en")
    }
    workspace = layout.site_cache_dir(ctx.project)
    if ctx.full and workspace.exists():
        shutil.rmtree(workspace)  # a full build renders every page
    nquads = layout.download_file("nq")  # every statement of the store, sorted
    store_change = None
    if nquads in ctx.hashes:
        previous = ctx.reuse.hashes.get(nquads) if ctx.reuse is not None else None
        store_change = (ctx.hashes[nquads], previous or "",
                        frozenset(ctx.touched) if previous and ctx.touched is not None else None)
    build_site(SiteContext(
        project=ctx.project,
        vocab=ctx.vocab,
        webroot=ctx.webroot,
        version=ctx.release.version,
        releases=[(r.version, r.date) for r in ctx.releases[: ctx.releases.index(ctx.release) + 1]],
        changes_markdown=changes,
        workspace=workspace,
        fingerprint=ctx.fingerprint,
        mkdocs=ctx.ahead.get("site"),
        previous=ctx.reuse,
        store_change=store_change,
        downloads_ready=ctx.downloads_ready,
        download_names=ctx.download_names,
    ))
    ctx.report(1, 1)


@dataclass(frozen=True)
class _ServerConfContext:
    project: Project
    webroot: Path
    build_dir: Path
    store: object  # the vocabulary's pyoxigraph store (deprecations come from it)


def stage_serverconf(ctx: BuildContext) -> None:
    """nginx config, Apache .htaccess and the w3id rules (competentieset.serving.serverconf)."""
    from competentieset.serving import serverconf

    serverconf.write(_ServerConfContext(ctx.project, ctx.webroot, ctx.staging, ctx.vocab.store))
    ctx.report(1, 1)


def _start_mkdocs():
    """The site's MkDocs runner (site.mkdocs_runner), started with the build: MkDocs loads
    in the background while the vocabulary is validated and the data written."""
    from competentieset.site import mkdocs_runner

    return mkdocs_runner.start()


# Work a stage can start when the build starts, before the build reaches the stage (for a
# build that includes the stage): name -> a function returning something with close().
STARTED_AHEAD: dict[str, Callable[[], object]] = {"site": _start_mkdocs}

# Stages run in this order; "release" comes after everything written into the web root, so
# that all of it is frozen with the release; "dates" last, as it sets the time of every file.
# The site needs the rdf stage's N-Quads (the store's checksum) and the change lists first.
BUILD_STAGES: list[tuple[str, Callable[[BuildContext], None]]] = [
    ("archive", stage_archive),
    ("rdf", stage_rdf),
    ("changes", stage_changes),
    ("feed", stage_feed),
    ("json", stage_json),
    ("csv", stage_csv),
    ("metadata", stage_metadata),
    ("exports", stage_exports),
    ("site", stage_site),
    ("serverconf", stage_serverconf),
    ("release", stage_release),
    ("dates", stage_dates),
]

# Stages that may run beside the site stage: a run of them right before "site" is run in a
# forked child while this process makes the site (when it may fork). They write downloads
# and data caches only, read nothing the site writes, and the site reads nothing of theirs
# but the downloads folder, on one page made after they are done (SiteContext.downloads_ready).
# After one relabel at N = 20,000 they take 4.6 s and the site 5.2 s, neither keeping both
# cores busy all the time. In an incremental build that page takes the previous build's
# download folder as given, so it need not wait; when the stages wrote other files, the site
# is built again (once they are done).
BESIDE_SITE = frozenset({"json", "csv", "metadata", "exports"})


def _run_stages(ctx: BuildContext, stages: list) -> None:
    """Run the stages in order; a run of BESIDE_SITE stages right before "site" beside it
    (_beside_site)."""
    done = 0
    while done < len(stages):
        run = []
        while done + len(run) < len(stages) and stages[done + len(run)][0] in BESIDE_SITE:
            run.append(stages[done + len(run)])
        after = done + len(run)
        if run and after < len(stages) and stages[after][0] == "site" and _may_fork():
            _beside_site(ctx, run, stages[after][1])
            done = after + 1
            continue
        name, stage = stages[done]
        ctx.stage = name
        stage(ctx)
        done += 1


def _beside_site(ctx: BuildContext, run: list, site: Callable[[BuildContext], None]) -> None:
    """The stages `run` in a forked child while this process runs `site`; the child's
    records are adopted here (BuildContext.adopt), as _in_two's are. The
    site waits for the child before the page that lists the downloads: the child holds the
    write end of a pipe whose end the site waits for (a byte first: the child failed). An
    exception in the child is raised here, also when the site stopped because of it.

    In an incremental build the site takes the previous build's download folder as what it
    will be (SiteContext.download_names), so no page waits; when the stages wrote other
    files, the site stage runs again, after them (its own incremental build: the pages that
    list the downloads)."""
    from competentieset.site.context import DownloadsFailed, files_in

    read, write = os.pipe()
    runner = ctx.ahead.get("site")

    def child():
        ctx.apart()  # one progress line: the site's
        try:
            for name, stage in run:
                ctx.stage = name
                stage(ctx)
        except BaseException:
            os.write(write, b"!")
            raise
        finally:
            os.close(write)
        return ctx.records()

    names = ", ".join(name for name, _ in run)
    # the child closes the pipe's read end and the MkDocs runner's orders (the site's alone)
    other = Forked(child, BuildError, f"stages {names}: the second process stopped without a result",
                   [read] + ([runner.fileno()] if runner is not None else []))
    os.close(write)
    downloads = f"{layout.WEBROOT}/{layout.DOWNLOAD_DIR}"
    ctx.downloads_ready = read
    ctx.download_names = files_in(ctx.previous_build / downloads) \
        if ctx.reuse is not None and ctx.previous_build is not None else None
    try:
        ctx.stage = "site"
        try:
            site(ctx)
        except DownloadsFailed:
            other.result()  # the child's error: the reason the site stopped
            raise
        records = other.result()
    finally:
        ctx.downloads_ready = None
        other.stop()
        os.close(read)
    ctx.adopt(records)
    for name, _ in run:
        ctx.progress(name, 1, 1)
    taken, ctx.download_names = ctx.download_names, None
    if taken is not None and taken != files_in(ctx.staging / downloads):
        # the pages listed other downloads than the stages wrote: again, now they are there
        # (the runner started ahead served the first site build)
        ahead, ctx.ahead = ctx.ahead, {k: v for k, v in ctx.ahead.items() if k != "site"}
        try:
            ctx.stage = "site"
            site(ctx)
        finally:
            ctx.ahead = ahead


# ------------------------------------------------------------------ the build

@dataclass
class BuildResult:
    """What a build published (files: written into the web root, not counting release copies)."""

    build_dir: Path
    version: str
    date: str
    resources: int
    triples: int
    files: int
    report_summary: str
    validation_limited: bool = False  # validated on what changed since the last build


def _quiet(stage: str, done: int, total: int) -> None:
    pass


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # kernel or file system lacks it
        return False
    raise OSError(err, os.strerror(err), str(a))


def recover(project: Project) -> None:
    """Undo what an interrupted build left behind: restore build/ if the swap was cut off,
    and remove stale staging and previous folders (moved into the trash folder, removed in
    the background with anything an earlier build left there, see _discard)."""
    build_dir, previous = project.build_dir, layout.previous_dir(project)
    if not build_dir.exists() and previous.exists():
        previous.rename(build_dir)
    for leftover in (layout.staging_dir(project), previous):
        if leftover.exists():
            _to_trash(project, leftover)
    _empty_trash(project)


def _to_trash(project: Project, folder: Path) -> Path:
    """Move `folder` into a new folder of its own in the trash folder (layout.TRASH_DIR,
    beside build/: the same file system, so one rename); returns where it went."""
    import tempfile

    trash = layout.trash_dir(project)
    trash.mkdir(exist_ok=True)
    aside = Path(tempfile.mkdtemp(prefix="old-", dir=trash))
    folder.rename(aside / folder.name)
    return aside


_TRASH_LOCK = ".lock"  # in the trash folder: held by the one removal that runs
# The detached removal: waits for the lock (so removals never run side by side), then
# hands it to `rm -rf` of everything in the trash but the lock (exec keeps the lock held).
_REMOVER = """import fcntl, os, sys
trash, rm = sys.argv[1], sys.argv[2]
fd = os.open(os.path.join(trash, ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
os.set_inheritable(fd, True)
entries = [os.path.join(trash, n) for n in sorted(os.listdir(trash)) if n != ".lock"]
if entries:
    os.execv(rm, [rm, "-rf", "--", *entries])
"""


def _empty_trash(project: Project) -> None:
    """Remove what is in the trash folder in a detached process (`rm -rf`, in a session of
    its own: it outlives this process), so nobody waits for the 100,000s of files of a
    replaced build to go; one removal at a time (a lock: a second waits, then removes what
    is left); where no such process can be started, here and now. A removal cut off (a
    kill, a reboot) is started again by the next build's recover()."""
    trash = layout.trash_dir(project)
    entries = sorted(p for p in trash.iterdir() if p.name != _TRASH_LOCK) if trash.is_dir() else []
    if not entries:
        return
    import subprocess
    import sys

    rm, sh = shutil.which("rm"), shutil.which("sh")
    if rm is not None and sh is not None and sys.executable:
        try:
            # sh starts the removal in the background and ends at once (waited for here):
            # the removal is no child of this process (no zombie, nothing to wait for)
            subprocess.run([sh, "-c", '"$@" &', "sh", sys.executable, "-S", "-c", _REMOVER,
                            str(trash), rm], check=True, start_new_session=True,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=30)
            return
        except (OSError, subprocess.SubprocessError):
            pass
    for entry in entries:
        shutil.rmtree(entry, ignore_errors=True)


def _discard(project: Project, folder: Path) -> None:
    """Remove `folder` (a replaced build, a failed build's staging folder) without waiting
    for it: into the trash folder, removed there in the background (_empty_trash)."""
    try:
        _to_trash(project, folder)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    _empty_trash(project)


def _swap_in(project: Project, staging: Path) -> None:
    build_dir, previous = project.build_dir, layout.previous_dir(project)
    if build_dir.exists():
        if _exchange(staging, build_dir):
            _discard(project, staging)  # now holds the old build
            return
        build_dir.rename(previous)
        staging.rename(build_dir)
        _discard(project, previous)
    else:
        staging.rename(build_dir)


def build(project: Project, progress: ProgressFn | None = None, stages=None,
          replace_release: bool = False, preview: bool = False, full: bool = False) -> BuildResult:
    """Validate and publish the project's vocabulary into build/ (see module docstring).

    `replace_release`: the project's version was never published, so a previous build of
    it may be replaced by different content (for the edit-build-look loop before a release);
    refused for a published version. `preview` (make serve): like replace_release for an
    unpublished version; for a published one the top of the web root shows the work tree
    while versie/<version>/ stays as published.
    `full`: reuse nothing of the previous build (else see publication/incremental.py).
    """
    stages = BUILD_STAGES if stages is None else stages
    # what the stages of this build start ahead (STARTED_AHEAD) works in the background
    # from now on; it is closed at the end, however the build ends
    ahead = {name: STARTED_AHEAD[name]() for name, _ in stages if name in STARTED_AHEAD}
    try:
        return _validate_and_build(project, progress or _quiet, stages, replace_release, preview,
                                   full, ahead)
    finally:
        for started in ahead.values():
            started.close()


def _validate_and_build(project: Project, progress: ProgressFn, stages, replace_release: bool,
                        preview: bool, full: bool, ahead: dict) -> BuildResult:
    from competentieset.validation import limited

    all_releases = releases.read_releases(project)
    release = releases.current_release(project, all_releases)
    if replace_release and release.published:
        raise ReleaseConflict(
            f"release {release.version} is published (ontology/releases.csv: published true, commit "
            f"{release.commit}); --replace-release only replaces a version that was never "
            "published. Record a new release for your changes (`competentieset release "
            "NEW-VERSION DATE`), or preview them with `make serve` (build --preview), which "
            "leaves the published files alone.")
    # validated on what changed since the last build's state when that gives the full
    # findings (validation/limited.py: BuildValidation), else in full; --full: in full
    check = limited.BuildValidation(project, full=full)
    vocab = vocabulary.load(project)
    checking = None
    if _may_fork():
        # validated in a forked child (a snapshot of the store as loaded) while this process
        # prepares the build (archive, derived graph, descriptions) in its staging folder;
        # with Violations nothing is published and the staging folder is removed
        checking = _Forked(lambda: _validated(check, vocab), "validation")
        report = None
    else:
        report = check.validate(vocab, lang="nl")
        check.keep(report)
        if report.has_violations:
            raise ValidationFailed(report)
    try:
        return _build(project, vocab, release, all_releases, stages, check, checking, report,
                      progress, replace_release, preview, full, ahead)
    except ValidationFailed:
        raise
    except Exception as exc:
        # an invalid vocabulary is reported as such, whatever failed while it was checked
        if checking is not None and checking.child is not None:
            report, _ = checking.result()
            if report.has_violations:
                raise ValidationFailed(report) from exc
        raise
    finally:
        if checking is not None:
            checking.stop()


def _validated(check, vocab) -> tuple:
    """In the validation's child: the report, and whether it was limited (validation/limited.py)."""
    report = check.validate(vocab, lang="nl")
    return report, check.limited


def _compare_with_previous(ctx: BuildContext, touched: set[str] | None) -> None:
    """Keep this build's subject keys (publication/data_cache.py) and, in an incremental
    build, compare them with the previous build's: ctx.changes. `touched`: the subjects
    whose statements changed (publication/prepare.py), the only ones whose keys can have
    changed; None: all may."""
    previous = data_cache.load(ctx.previous_build, "keys") if ctx.reuse is not None else None
    own, link = data_cache.subject_keys(ctx.descriptions, previous, touched)
    data_cache.save(ctx.staging, "keys", (own, link))
    if ctx.reuse is not None:
        ctx.changes = data_cache.Changes.between(previous, own, link)


def _build(project, vocab, release, all_releases, stages, check, checking, report, progress,
           replace_release, preview, full, ahead) -> BuildResult:
    project.root.mkdir(parents=True, exist_ok=True)
    with open(project.root / layout.LOCK_FILE, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another build of {project.root} is running ({layout.LOCK_FILE} is locked); "
                "wait for it to finish"
            ) from None
        recover(project)
        previous_build = project.build_dir if project.build_dir.is_dir() else None
        staging = layout.staging_dir(project)
        webroot = staging / layout.WEBROOT
        webroot.mkdir(parents=True)
        fingerprint = incremental.fingerprint(project)
        reuse = None if full else incremental.Reuse.from_previous(project, fingerprint, release.version)
        ctx = BuildContext(
            project=project, vocab=vocab, descriptions=None, staging=staging,
            webroot=webroot, release=release, releases=all_releases,
            previous_release=releases.previous_release(all_releases, release),
            previous_build=previous_build,
            progress=progress, replace_release=replace_release, preview=preview,
            stages=list(stages), reuse=reuse, full=reuse is None, fingerprint=fingerprint,
            ahead=ahead,
        )
        try:
            # the earlier releases first (carried over or rebuilt from git): the release
            # history of the derived graph is read from them, so a fresh clone gets the
            # same identifiers and dates as a build with the releases already in build/
            # (always: a build that left the archive out would drop the published releases;
            # the "archive" entry of `stages` when given, so it can be replaced in tests)
            ctx.stage = "archive"
            dict(stages).get("archive", stage_archive)(ctx)
            # identifiers and dates (model.identifiers): a derived graph, from the release
            # history; who says what, on every resource (publication/provenance.py); the
            # descriptions: for the subjects an edit touched only, when the previous build
            # allows (publication/prepare.py)
            ctx.descriptions, touched = prepare.prepare(vocab, all_releases, release, staging,
                                                        previous_build, reuse)
            ctx.touched = touched
            _compare_with_previous(ctx, touched)
            if checking is not None:
                report, check.limited = checking.result()
                check.keep(report)  # here: it reads the files again (edited meanwhile?)
                if report.has_violations:
                    raise ValidationFailed(report)
            _run_stages(ctx, [(name, stage) for name, stage in stages if name != "archive"])
            incremental.write_state(staging, fingerprint, release.version)
        except BaseException:
            _discard(project, staging)
            raise
        _swap_in(project, staging)
    return BuildResult(project.build_dir, release.version, release.date, len(ctx.descriptions.resources),
                       len(ctx.descriptions.lines), len(set(ctx.hashes) | ctx.streamed | set(ctx.outside)),
                       report.summary(), check.limited)
