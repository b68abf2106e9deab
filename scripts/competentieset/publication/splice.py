"""Whole-vocabulary files of an incremental build made from the previous build's, subject
by subject: the blocks of the subjects an edit did not touch are the previous file's bytes,
only the touched subjects' blocks are serialised again.

    turtle(previous, old_order, order, dirty, lines_of, prefixes)   -> list of byte pieces
    rdf_xml(...)                                                     (the same arguments)
    nquads(previous, graphs, touched, lines_in)                     -> (pieces, sections)
    trig(previous, graphs, sections, prefixes)                       -> list of byte pieces

Each returns None when it cannot show that the result is the full build's; the build then
serialises the whole file. Why the pieces are the full build's bytes:

- Turtle and RDF/XML are pyoxigraph's serialisation of the N-Triples file, whose lines are
  sorted, so each subject's triples are consecutive. pyoxigraph writes one block per run of
  triples with the same subject (`s p o ;` ... `.` in Turtle, one `rdf:Description` in
  RDF/XML) from those triples and the prefix table alone. So the file is a header (the
  prefixes), one block per subject in the file's order and a footer; a subject whose triples
  are unchanged has the same block. The touched subjects' blocks are serialised together in
  one call (in the same order, so again one block each) and checked to come with the same
  header and footer.
- A block is found without parsing: in pyoxigraph's Turtle a literal's line breaks are
  escaped (\\n), so every line that does not start with a tab starts a block; in RDF/XML
  `<` inside text and attributes is escaped, so every line starting with a tab and `<` (not
  `</`) is a block's first line. The number of blocks must equal the number of subjects.
- N-Quads are sorted per graph (graphs in order, build._write_sorted_nquads), and lines with
  the same subject are consecutive within a graph (they share the prefix "<subject> "): a
  touched subject's lines are replaced by its lines in the store, at the place the sorting
  puts them (a binary search on the bytes). Every other line is the previous file's.
- TriG is pyoxigraph's serialisation of those N-Quads: per graph an opening line, one block
  per subject (lines starting with one tab and no second one) and `}`; a graph none of whose
  lines changed is copied whole, the others block by block as Turtle is.

tests/build/test_build_incremental.py compares incremental builds with full builds, byte for byte,
for every kind of edit; tests/build/test_splice.py checks the splitting on pyoxigraph's own
output (the escapes it relies on included).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

_TURTLE_BLOCK = re.compile(rb"\n(?=[^\t])")  # a line that does not start with a tab
_RDF_XML_BLOCK = re.compile(rb"\n(?=\t<[^/])")  # a depth-1 start tag
_TRIG_BLOCK = re.compile(rb"\n(?=\t[^\t])")  # a line with one leading tab: a block's first


def _turtle_split(data: bytes) -> tuple[bytes, list[bytes], bytes] | None:
    """(header, blocks, footer) of pyoxigraph Turtle: the @prefix lines, the subject blocks."""
    starts = [0] + [m.end() for m in _TURTLE_BLOCK.finditer(data) if m.end() < len(data)]
    head = 0
    while head < len(starts) and data.startswith(b"@prefix ", starts[head]):
        head += 1
    if head == len(starts) or not data.endswith(b"\n"):
        return None
    cut = starts[head:] + [len(data)]
    return data[:cut[0]], [data[a:b] for a, b in zip(cut, cut[1:], strict=False)], b""


def _rdf_xml_split(data: bytes) -> tuple[bytes, list[bytes], bytes] | None:
    """(header, blocks, footer) of pyoxigraph RDF/XML: up to <rdf:RDF ...>, one element per
    subject, </rdf:RDF>."""
    end = data.rfind(b"\n</rdf:RDF>")
    if end < 0 or data[end:] != b"\n</rdf:RDF>":
        return None
    starts = [m.end() for m in _RDF_XML_BLOCK.finditer(data, 0, end + 1)]
    if not starts:
        return None
    cut = starts + [end + 1]
    return data[:starts[0]], [data[a:b] for a, b in zip(cut, cut[1:], strict=False)], data[end + 1:]


def _spliced(split, previous: bytes, old_order: list[str], order: list[str], dirty: set[str],
             fresh: Callable[[list[str]], bytes]) -> list | None:
    """The pieces of the new file: header, each subject's block in `order` (a subject of
    `dirty` or new: from fresh(those subjects), else the previous block), footer."""
    parts = split(previous)
    if parts is None or len(parts[1]) != len(old_order):
        return None
    header, blocks, footer = parts
    old = dict(zip(old_order, blocks, strict=True))
    need = [s for s in order if s in dirty or s not in old]
    new: dict[str, bytes] = {}
    if need:
        made = split(fresh(need))
        if made is None or made[0] != header or made[2] != footer or len(made[1]) != len(need):
            return None
        new = dict(zip(need, made[1], strict=True))
    return [header, *(new[s] if s in new else old[s] for s in order), footer]


def _by_subject(split, fmt, previous: bytes, old_order: list[str], order: list[str],
                dirty: set[str], lines_of: Callable[[str], list[str]],
                prefixes: dict[str, str]) -> list | None:
    """_spliced, the blocks of `dirty` (and new) subjects serialised in `fmt` from their
    N-Triples lines (lines_of) in one call."""
    def fresh(need: list[str]) -> bytes:
        text = "".join(line + " .\n" for s in need for line in lines_of(s)).encode("utf-8")
        return ox.serialize(ox.parse(text, format=ox.RdfFormat.N_TRIPLES), format=fmt, prefixes=prefixes)

    return _spliced(split, previous, old_order, order, dirty, fresh)


def turtle(*args) -> list | None:
    """The whole Turtle file from the previous one (subjects in `old_order`), for subjects
    in `order`, those of `dirty` serialised again (arguments as _by_subject's after `fmt`)."""
    return _by_subject(_turtle_split, ox.RdfFormat.TURTLE, *args)


def rdf_xml(*args) -> list | None:
    """The whole RDF/XML file, as turtle() makes the Turtle one."""
    return _by_subject(_rdf_xml_split, ox.RdfFormat.RDF_XML, *args)


def _first_at_least(data: bytes, key: bytes, lo: int = 0) -> int:
    """The offset of the first line of `data` (sorted lines, each ending in a newline) that
    is >= key, searched from the line starting at `lo`: a binary search on the bytes."""
    hi = len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", lo, mid) + 1 or lo
        end = data.index(b"\n", start) + 1
        if data[start:end - 1] < key:
            lo = end
        else:
            hi = start
    return lo


_SUBJECT = re.compile(rb"^<[^>]*>", re.M)  # the subject of each N-Quads line


@dataclass
class Section:
    """One graph's changed section of the N-Quads: the previous lines' subjects in order
    (as written, "<iri>") and, per changed subject, its lines before and after."""

    subjects: list[bytes]
    before: dict[bytes, bytes]
    after: dict[bytes, bytes]


def nquads(previous: bytes, graphs: list[str], touched: set[str],
           lines_in: Callable[[str, str], list[str]]) -> tuple[list, dict] | None:
    """The sorted N-Quads (build._write_sorted_nquads) from the previous file, whose graphs
    were `graphs` as well (sorted as the build sorts them): each touched subject's lines in
    each graph are lines_in(subject, graph) (N-Triples lines, unsorted), every other line
    the previous file's. Returns the pieces and, per graph with changed lines, its Section
    (what trig() needs); None when the previous file is not sections of those graphs, or a
    graph gained or lost all its lines."""
    pieces, sections = [], {}
    view = memoryview(previous)
    at = 0
    marks = [(s, f"<{s}> ".encode()) for s in sorted(touched)]
    for graph in graphs:
        end = f" <{graph}> .\n".encode()
        last = previous.rfind(end)
        if last < 0:
            return None
        stop = last + len(end)
        section = previous[at:stop]
        if section.count(b"\n") != section.count(end):
            return None  # not this graph's lines alone
        kept, before, after = 0, {}, {}
        out = []
        lo = 0
        for subject, mark in marks:
            first = _first_at_least(section, mark, lo)
            past = _first_at_least(section, mark + b"\xff", first)  # UTF-8 has no byte 0xff
            # sorted as the full build sorts them: the N-Triples lines, then the graph added
            now = "".join(f"{line} <{graph}> .\n" for line in sorted(lines_in(subject, graph))).encode("utf-8")
            was = section[first:past]
            lo = past
            if was == now:
                continue
            out += [view[at + kept:at + first], now]
            kept = past
            before[mark[:-1]], after[mark[:-1]] = was, now
        if before:
            out.append(view[at + kept:stop])
            if not any(len(piece) for piece in out):
                return None  # a graph left empty: its section is gone (the graph list changes)
            sections[graph] = Section(_SUBJECT.findall(section), before, after)
            pieces += out
        else:
            pieces.append(view[at:stop])
        at = stop
    if at != len(previous):
        return None
    return pieces, sections


def _trig_split(data: bytes) -> tuple[bytes, list[tuple[bytes, list[bytes], bytes]]] | None:
    """(header, [(opening line, blocks, closing line)]) of pyoxigraph TriG, one per graph."""
    graphs = []
    at = 0
    while at < len(data) and data.startswith(b"@prefix ", at):
        at = data.index(b"\n", at) + 1
    header = data[:at]
    while at < len(data):
        open_end = data.find(b" {\n", at)
        close = data.find(b"\n}\n", open_end)
        if open_end < 0 or close < 0 or b"\n" in data[at:open_end]:
            return None
        body = open_end + 3
        starts = [body] + [m.end() for m in _TRIG_BLOCK.finditer(data, body, close)]
        cut = starts + [close + 1]
        graphs.append((data[at:body], [data[a:b] for a, b in zip(cut, cut[1:], strict=False)], data[close + 1:close + 3]))
        at = close + 3
    return header, graphs


def trig(previous: bytes, graphs: list[str], sections: dict, prefixes: dict[str, str]) -> list | None:
    """The whole TriG file from the previous one: the graphs of `sections` (nquads())
    block by block, the others whole."""
    parts = _trig_split(previous)
    if parts is None or len(parts[1]) != len(graphs):
        return None
    header, graph_parts = parts
    pieces = [header]
    for graph, (opening, blocks, closing) in zip(graphs, graph_parts, strict=True):
        section = sections.get(graph)
        if section is None:
            pieces += [opening, *blocks, closing]
            continue
        old_order = list(dict.fromkeys(section.subjects))
        if len(old_order) != len(blocks):
            return None
        old = dict(zip(old_order, blocks, strict=True))
        need = [s for s, lines in section.after.items() if lines]
        new: dict[bytes, bytes] = {}
        if need:
            text = b"".join(section.after[s] for s in need)
            made = _trig_split(ox.serialize(ox.parse(text, format=ox.RdfFormat.N_QUADS),
                                            format=ox.RdfFormat.TRIG, prefixes=prefixes))
            if made is None or made[0] != header or len(made[1]) != 1 or made[1][0][0] != opening \
                    or len(made[1][0][1]) != len(need):
                return None
            new = dict(zip(need, made[1][0][1], strict=True))
        for s in section.before:
            old.pop(s, None)  # gone, or replaced below
        old.update(new)
        pieces += [opening, *(old[s] for s in sorted(old, key=lambda s: s + b" ")), closing]
    return pieces
