"""Incremental builds: what the data stages (rdf, json, csv) keep of every resource, so the
next build computes only the resources an edit touches.

Each resource's outputs are functions of a few inputs (given the build's fingerprint,
publication/incremental.py), each summed up in a key (BLAKE2b of the N-Triples lines):

  own(S)   the subject's own lines (descriptions.own_lines) with each line's editorial flag
  link(S)  what a document that links to S shows of it: its label lines
           (Descriptions.label_lines) and its cs:volgnummer lines (the plain JSON's order)

  - the RDF documents of R (N-Triples, Turtle, RDF/XML, JSON-LD): own(R) and link(T) of
    every T it links to (Descriptions.document_lines); a node of the whole JSON-LD: own(R);
  - the plain JSON node of R: the same, plus the list keys per class
    (PlainWriter._list_keys) and the documents' metadata (compared whole);
  - the CSV row of R: own(R).

So a resource is *clean* when own(R) is the previous build's and no subject it links to has
another link key; its files are then hard-linked from the previous build without being
computed, and the whole-vocabulary files take its previous parts (the node of the whole
JSON-LD, read back from the previous file; the plain JSON node and CSV row kept here).

The parts are kept in build/ (FOLDER, outside the web root), written into the staging
folder by each stage and swapped in with the build, so they always describe the build/
they are in; marshal format 2 (no object references: the same content gives the same bytes,
so an incremental build's cache equals a full build's), behind a SHA-256 of the payload.
A part that is missing, damaged or of another shape is not used: everything it would
have given is computed, as in a full build.
"""

from __future__ import annotations

import hashlib
import marshal
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from competentieset.gcpause import paused

FOLDER = "data-cache"  # in build/ (and the staging folder), beside www/
_MAGIC = b"competentieset data cache 1\n"
_MARSHAL_VERSION = 2  # no references between objects: deterministic bytes


def save(staging: Path, part: str, value) -> None:
    """Keep `value` (str, bytes, int, tuple, list, dict of those) as `part` of this build."""
    payload = marshal.dumps(value, _MARSHAL_VERSION)
    folder = staging / FOLDER
    folder.mkdir(exist_ok=True)
    (folder / f"{part}.marshal").write_bytes(_MAGIC + hashlib.sha256(payload).digest() + payload)


def load(build_dir: Path | None, part: str):
    """`part` as the previous build kept it; None when absent, unreadable or damaged."""
    if build_dir is None:
        return None
    try:
        data = (build_dir / FOLDER / f"{part}.marshal").read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    if not data.startswith(_MAGIC) or hashlib.sha256(data[head + 32:]).digest() != data[head:head + 32]:
        return None
    try:
        with paused():  # what it makes all lives on (competentieset/gcpause.py)
            return marshal.loads(data[head + 32:])
    except (ValueError, EOFError, TypeError):
        return None


def _usable(previous) -> bool:
    return isinstance(previous, tuple) and len(previous) == 2 and all(isinstance(p, dict) for p in previous)


def subject_keys(d, previous=None, touched: set[str] | None = None) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(own, link): subject -> key, for every subject of the descriptions (module docstring),
    in their order. With the previous build's keys and the subjects whose statements changed
    since (`touched`), only those are computed again."""
    if touched is not None and _usable(previous):
        old_own, old_link = previous
        new_own, new_link = _keys(d, [s for s in touched if s in d.ranges])
        try:
            own = {s: new_own[s] if s in touched else old_own[s] for s in d.ranges}
        except KeyError:  # not the keys of the previous descriptions: all computed
            return _keys(d, d.ranges)
        link = {s: key for s in d.ranges
                if (key := new_link.get(s) if s in touched else old_link.get(s)) is not None}
        return own, link
    return _keys(d, d.ranges)


def _keys(d, subjects) -> tuple[dict[str, bytes], dict[str, bytes]]:
    own: dict[str, bytes] = {}
    link: dict[str, bytes] = {}
    lines, editorial, label_lines, ranges = d.lines, d.editorial, d.label_lines, d.ranges
    order = f"> <{d.base}/def/volgnummer> "
    blake = hashlib.blake2b
    for subject in subjects:
        start, end = ranges[subject]
        group = lines[start:end]
        text = "\n".join(group)
        h = blake(text.encode("utf-8"), digest_size=16)
        h.update(bytes([line in editorial for line in group]))
        own[subject] = h.digest()
        shown = label_lines.get(subject, ())
        if shown or order in text:
            h = blake("\n".join(shown).encode("utf-8"), digest_size=16)
            h.update(b"\0" + "\n".join(line for line in group if order in line).encode("utf-8"))
            link[subject] = h.digest()
    return own, link


@dataclass
class Changes:
    """What changed since the previous build, by key: subjects whose own lines changed
    (added and removed ones too) and whose link key changed."""

    own: set[str]
    links: set[str]
    previous_subjects: list[str]  # every subject of the previous build, sorted
    _dirty: set[str] | None = None

    @classmethod
    def between(cls, previous, own: dict[str, bytes], link: dict[str, bytes]) -> Changes | None:
        """From the previous build's kept keys (load(..., "keys")); None when unusable."""
        if not _usable(previous):
            return None
        old_own, old_link = previous
        changed_own = {s for s, key in own.items() if old_own.get(s) != key}
        changed_own.update(s for s in old_own if s not in own)
        changed_links = {s for s, key in link.items() if old_link.get(s) != key}
        changed_links.update(s for s in old_link if s not in link)
        return cls(changed_own, changed_links, list(old_own))

    def dirty(self, store: ox.Store) -> set[str]:
        """Subjects whose documents may differ: their own lines changed, or they link to a
        subject whose link key changed (read from the store: who has it as an object)."""
        if self._dirty is None:
            result = set(self.own)
            for target in self.links:
                for quad in store.quads_for_pattern(None, None, ox.NamedNode(target), None):
                    subject = quad.subject
                    if isinstance(subject, ox.NamedNode):
                        result.add(subject.value)
            self._dirty = result
        return self._dirty


def previous_whole_jsonld(data: bytes | None, subjects: list[str]) -> dict[str, str] | None:
    """subject -> its node's text in the previous build's whole JSON-LD `data` (one node per
    line, in the order of `subjects`, the previous build's sorted subjects; incremental.
    Reuse.read gives it when it is the file its manifest names), if it has as many nodes;
    else None."""
    if data is None:
        return None
    rows = data.decode("utf-8").split("\n")
    nodes = rows[1:-2]  # after the context line; before "]}" and the final newline
    if len(nodes) != len(subjects) or rows[-2:] != ["]}", ""]:
        return None
    return {s: (node[:-1] if node.endswith(",") else node) for s, node in zip(subjects, nodes, strict=True)}
