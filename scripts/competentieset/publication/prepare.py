"""The build's preparation: the derived graph (identifiers and dates, who says what) and the
descriptions, computed again only for the subjects an edit touched.

    d = prepare(vocab, releases, release, staging, previous_build, reuse)

In full: identifiers.add_derived_graph, provenance.add_derived, descriptions.describe, each
over every statement. In an incremental build (publication/incremental.py: same code,
settings and release) whose previous build kept its part here (data_cache, PART):

  1. the files whose bytes differ from the previous build's are compared, graph by graph,
     with that graph's section of the previous build's N-Quads (sorted, one section per
     graph; checked against its manifest): the subjects of the statements added or removed
     are the *touched* subjects;
  2. the derived graph is the previous build's (its section of the N-Quads) with the
     statements of the touched subjects of ours derived again (the same functions,
     restricted to them), loaded into the store;
  3. the descriptions are the previous build's (its N-Triples are their lines, checked
     against the manifest; flags, types and labels kept here) with the touched subjects
     read again from the store.

Every output is a function of the subject's own statements (with their graphs), the
catalog (graphs, kinds, rights), the release history and the base, so an untouched subject
keeps the previous build's. The preparation is done in full when anything else differs: no
or a damaged part, another catalog (graphs, their files, kinds, editorial flags, rights),
another history of earlier releases, a previous file that does not match its manifest, a
blank node, a touched derived graph, or more touched subjects than TOUCHED_MAX.
The result is the same either way (tests/build/test_prepare.py compares them).
"""

from __future__ import annotations

import hashlib
from itertools import compress
from pathlib import Path

import pyoxigraph as ox

from competentieset.model import identifiers, layout
from competentieset.publication import data_cache, provenance
from competentieset.publication.descriptions import (
    Descriptions,
    add_resources,
    describe,
    read_quads,
    split_line,
)

PART = "prepare"
TOUCHED_MAX = 0.2  # share of the subjects: above it, preparing in full is as fast


class _Doubt(Exception):
    """The incremental preparation cannot be shown to equal the full one."""


def prepare(vocab, releases, release, staging: Path, previous_build: Path | None,
            reuse) -> tuple[Descriptions, set[str] | None]:
    """The derived graph added to `vocab`, and the descriptions (see module docstring), with
    the touched subjects (None: prepared in full)."""
    inputs = _inputs(vocab, releases, release, staging)
    d = fold = touched = None
    files = _file_digests(vocab)
    if reuse is not None:
        previous = data_cache.load(previous_build, PART)
        try:
            d, fold, touched, flags = _incremental(vocab, release, inputs, files, previous, reuse)
        except _Doubt:
            d = touched = None
            # the store as loaded: without what the attempt put into the derived graph
            vocab.store.clear_graph(ox.NamedNode(identifiers.graph_iri(vocab.project.base)))
    if d is None:
        fold = identifiers.add_derived_graph(vocab, releases, release, staging)
        provenance.add_derived(vocab)
        d = describe(vocab)
        flags = bytes([line in d.editorial for line in d.lines])
    data_cache.save(staging, PART, {
        "inputs": inputs, "files": files, "fold": fold, "flags": flags,
        "ranges": [(s, a, b) for s, (a, b) in d.ranges.items()], "graph_sizes": d.graph_sizes,
        "types": d.types, "labels": d.labels, "label_lines": d.label_lines,
        "paths": {r.iri: r.path for r in d.resources},
    })
    return d, touched


def _inputs(vocab, releases, release, staging: Path) -> list:
    """What every subject's derived statements and description depend on beyond its own
    statements: the graphs (file, kind, editorial), their rights, the earlier releases."""
    root = vocab.project.ontology_dir.resolve()
    graphs = []
    for iri, info in sorted(vocab.graphs.items()):
        path = Path(info.path).resolve() if info.path is not None else None
        rel = path.relative_to(root).as_posix() if path is not None and path.is_relative_to(root) else str(path)
        graphs.append([iri, rel, info.kind or "", repr(info.editorial)])
    rights = provenance.rights_of_graphs(vocab)[0]
    earlier = []
    for r in releases:
        if r.version == release.version:
            break
        manifest = staging / layout.WEBROOT / layout.release_dir(r.version) / layout.MANIFEST_FILE
        try:
            text = manifest.read_bytes()
        except OSError:
            text = b""
        earlier.append([r.version, r.date, hashlib.sha256(text).hexdigest()])
    return [vocab.project.base, release.date, graphs,
            sorted([g, sorted(found)] for g, found in rights.items()), earlier]


def _file_digests(vocab) -> dict[str, str]:
    result = {}
    for iri, info in vocab.graphs.items():
        if info.path is not None:
            try:
                result[iri] = hashlib.sha256(Path(info.path).read_bytes()).hexdigest()
            except OSError:
                result[iri] = ""
    return result


def _previous_file(reuse, relpath: str) -> bytes:
    """A file of the previous build, if it is the one its manifest names."""
    data = reuse.read(relpath)
    if data is None:
        raise _Doubt(relpath)
    return data


def _section_bytes(nquads: bytes, graph: str) -> bytes:
    """One graph's section of sorted N-Quads, its lines as they are (a newline inside a
    literal is escaped, so a line ends where " <graph> .\\n" is found)."""
    end = f" <{graph}> .\n".encode()
    first = nquads.find(end)
    if first < 0:
        return b""
    start = nquads.rfind(b"\n", 0, first) + 1
    section = nquads[start:nquads.rfind(end) + len(end)]
    if section.count(b"\n") != section.count(end):
        raise _Doubt(graph)  # not one contiguous section
    return section


def _section(nquads: bytes, graph: str) -> list[str]:
    """The N-Triples lines (without ' .') of one graph's section of sorted N-Quads."""
    cut = len(f" <{graph}> .")
    return [line[:-cut] for line in _section_bytes(nquads, graph).decode("utf-8").split("\n")[:-1]]


def _without(section: bytes, subjects) -> bytes:
    """A sorted section without the lines of `subjects` (each subject's lines are one block:
    they share the prefix "<subject> ")."""
    cuts = []
    for subject in subjects:
        token = f"<{subject}> ".encode()
        if section.startswith(token):
            first = 0
        else:
            found = section.find(b"\n" + token)
            if found < 0:
                continue
            first = found + 1
        last = max(first, section.rfind(b"\n" + token) + 1)  # the block's last line
        cuts.append((first, section.index(b"\n", last) + 1))
    kept, at = [], 0
    for first, stop in sorted(cuts):
        kept.append(section[at:first])
        at = stop
    kept.append(section[at:])
    return b"".join(kept)


def _subject(line: str) -> str:
    if not line.startswith("<"):
        raise _Doubt(line)  # a blank node: describe() says what to do
    return split_line(line)[0]


def _incremental(vocab, release, inputs, files, previous, reuse) -> tuple[Descriptions, dict, set[str], bytes]:
    if not isinstance(previous, dict) or previous.get("inputs") != inputs:
        raise _Doubt("another catalog, history or no record")
    base = vocab.project.base
    derived = identifiers.graph_iri(base)
    if set(files) != set(previous["files"]):
        raise _Doubt("other graphs")
    changed = sorted(g for g, digest in files.items() if previous["files"][g] != digest)
    nquads = _previous_file(reuse, layout.download_file("nq"))
    store = vocab.store
    touched: set[str] = set()
    graph_sizes = dict(previous["graph_sizes"])
    for graph in changed:
        before = set(_section(nquads, graph))
        now = {str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
        touched.update(_subject(line) for line in before ^ now)
        graph_sizes[graph] = len(now)
        if not now:
            graph_sizes.pop(graph, None)
    old_derived = _section_bytes(nquads, derived)
    del nquads
    ranges = previous["ranges"]
    if derived in touched or len(touched) > TOUCHED_MAX * max(1, len(ranges)):
        raise _Doubt("touched too much")
    # 2. the derived graph: the previous one, the touched subjects of ours derived again
    fold = previous["fold"]
    ours = sorted(s for s in touched if s.startswith(base + "/"))
    dates = identifiers.current_dates(fold, release.date, identifiers.subject_prints(vocab, ours))
    identifiers.register(vocab)
    new_quads = identifiers.derived_quads(vocab, dates, whole=False)
    new_quads += provenance.derived_quads(vocab, subjects=ours, extra=new_quads)
    suffix = f" <{derived}> .\n"
    fresh = "".join(f"{q.triple}{suffix}" for q in new_quads).encode("utf-8")
    kept = _without(old_derived, touched)
    del old_derived
    graph_sizes[derived] = kept.count(b"\n") + fresh.count(b"\n")
    # bulk_load: no transaction (a third less time at N = 20,000); the N-Quads are ours,
    # made just above, so there is no syntax error to roll back. The touched subjects'
    # statements now (they are read below); the others' (every subject of `kept` is
    # untouched) in a thread while the descriptions are made: pyoxigraph parses and inserts
    # without the GIL (at N = 20,000 about 1 s), and nothing reads those subjects before
    # the load is joined, at the end (no fork meanwhile: a fork copies only this thread)
    store.bulk_load(fresh, format=ox.RdfFormat.N_QUADS)
    loading = _Loading(store, kept)
    try:
        d, new_flags = _described(vocab, base, touched, previous, reuse, graph_sizes, ranges)
    finally:
        loading.join()
    return d, fold, touched, new_flags


class _Loading:
    """store.bulk_load(data) in a thread of its own; join() waits and raises its error."""

    def __init__(self, store, data: bytes):
        import threading

        self.error: BaseException | None = None

        def run() -> None:
            try:
                store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            except BaseException as exc:  # noqa: BLE001 - raised by join()
                self.error = exc

        self.thread = threading.Thread(target=run, name="derived-graph-load", daemon=True)
        self.thread.start()

    def join(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error


def _described(vocab, base, touched, previous, reuse, graph_sizes, ranges) -> tuple[Descriptions, bytes]:
    """The descriptions: the previous build's (its N-Triples) with the touched subjects
    read again from the store."""
    store = vocab.store
    lines = _previous_file(reuse, layout.download_file("nt")).decode("utf-8").split(" .\n")
    if lines[-1] != "" or len(lines) - 1 != len(previous["flags"]):
        raise _Doubt("N-Triples")
    lines.pop()
    # 3. the descriptions: the previous ones, the touched subjects read again
    flags, _, types, labels, label_lines = read_quads(
        vocab, (q for s in sorted(touched) for q in store.quads_for_pattern(ox.NamedNode(s), None, None, None)))
    groups: dict[str, list[str]] = {}
    for line in sorted(flags):
        groups.setdefault(_subject(line), []).append(line)
    old_flags = previous["flags"]
    new_lines: list[str] = []
    new_flags = bytearray()
    new_ranges: dict[str, tuple[int, int]] = {}
    # in the order of their lines: "<a>" sorts after "<a-b>"
    subjects = sorted({s for s, _, _ in ranges} | set(groups), key=lambda s: f"<{s}>")
    old_ranges = {s: (a, b) for s, a, b in ranges}
    for subject in subjects:
        start = len(new_lines)
        if subject in touched:
            group = groups.get(subject)
            if not group:
                continue  # no statements left
            new_lines += group
            new_flags += bytes([flags[line] for line in group])
        else:
            a, b = old_ranges[subject]
            new_lines += lines[a:b]
            new_flags += old_flags[a:b]
        new_ranges[subject] = (start, len(new_lines))
    all_types, all_labels, all_label_lines = dict(previous["types"]), dict(previous["labels"]), \
        dict(previous["label_lines"])
    for table, found in ((all_types, types), (all_labels, labels), (all_label_lines, label_lines)):
        for subject in touched:
            table.pop(subject, None)
        for subject, values in found.items():
            table[subject] = sorted(values)
    d = Descriptions(
        base=base, vocab=vocab, lines=new_lines, ranges=new_ranges,
        editorial=set(compress(new_lines, new_flags)),
        graph_sizes=dict(sorted(graph_sizes.items())),
        types=dict(sorted(all_types.items())),
        labels={s: [tuple(x) for x in v] for s, v in sorted(all_labels.items())},
        label_lines=dict(sorted(all_label_lines.items())),
    )
    paths = previous["paths"]
    add_resources(d, {s: path for s, path in paths.items() if s not in touched})
    return d, bytes(new_flags)
