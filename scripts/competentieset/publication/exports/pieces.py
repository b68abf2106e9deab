"""Export files of an incremental build made from the previous build's files, piece by piece.

    pieces = Pieces(ctx, name[, copied])           one per export (its part of data_cache)
    out = pieces.open(relpath, *also)              a file written through ctx.stream
    out.write(text)                                text made anew in every build (heads, tails)
    out.begin_list(sep) / out.end_list()           pieces in between are joined by `sep`
    pieces.piece(key, make, outs[, reads])         one piece in each of `outs`
    pieces.tracking                                the set a piece's reads go into (or None)
    pieces.save()                                  keep what the next build needs

An export writes a large file (a CASE package, a Moodle CSV) as text of its own and a
sequence of *pieces*, each the text of one resource (an item, a resource's associations, a
row). `make()` gives a piece's text for each file of `outs` while the export notes in
`pieces.tracking` every subject whose statements it reads (exports/framework.Statements
reads per subject). A piece is a function of those subjects' statements alone, given the
build's fingerprint (publication/incremental.py: code, settings, release) and its key,
which holds whatever else it depends on (the language, a row number).

Pieces are handled in *chunks* of consecutive pieces (of the same files): a chunk ends
after a piece whose key's CRC-32 is a multiple of EVERY (about EVERY pieces each; the
boundaries depend on the keys alone, so an added or removed piece changes one chunk, not
those after it). A chunk is identified by the keys of its pieces and reads what they read.

So in an incremental build a chunk none of whose subjects changed (data_cache.Changes.own:
the subjects whose own lines or their editorial flags changed, added and removed ones
included) has the previous build's bytes: they are copied from the previous file (read
once, checked against its manifest's SHA-256) at the offsets this module kept, and no
`make` of it is called. Everything else is made anew, so the file is the full build's byte
for byte (tests/build/test_build_incremental.py compares incremental and full builds for
every kind of edit). What is kept (data_cache part `pieces-<name>`): per chunk the
subjects read; per file its SHA-256 and each chunk's identity and offsets. A record that is
missing, damaged, or made for other bytes than the previous build's file is not used:
every piece is made.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable
from zlib import crc32

from competentieset.publication import data_cache

PART_PREFIX = "pieces-"
EVERY = 32  # pieces per chunk, on average
_BUFFER = 1 << 18  # bytes gathered before they are written


def _usable(record) -> tuple[dict, dict]:
    """(reads, files) of a kept record, or two empty dicts when it is not one."""
    if (isinstance(record, tuple) and len(record) == 2 and isinstance(record[0], dict)
            and isinstance(record[1], dict)):
        return record
    return {}, {}


class PieceFile:
    """One file of an export: text and chunks of pieces in order, streamed
    (BuildContext.stream)."""

    def __init__(self, pieces: Pieces, relpaths: tuple[str, ...]):
        self._pieces = pieces
        self.relpath = relpaths[0]
        self._handle = pieces.ctx.stream(*relpaths)
        self._pending: list[bytes] = []
        self._size = 0  # bytes pending
        self._at = 0  # bytes written before the pending ones
        self._keys: list[bytes] = []  # the chunks written, in order
        self._offsets = array("q")  # start, end of each chunk of _keys
        self._sep = b""
        self._first = True
        self._previous: dict[bytes, tuple[int, int]] | None = None  # chunk -> (start, end)
        self._data: memoryview | None = None
        old = pieces._old_files.get(self.relpath)
        reuse = pieces.ctx.reuse
        if (pieces.changed is not None and reuse is not None and isinstance(old, tuple) and len(old) == 3
                and reuse.hash_of(self.relpath) == old[0]):
            self._old = old
        else:
            self._old = None

    def _put(self, data) -> None:
        self._pending.append(data)
        self._size += len(data)
        if self._size >= _BUFFER:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._handle.write(data)
            self._at += len(data)
            self._pending, self._size = [], 0

    def write(self, text: str) -> None:
        """Text of the file's own (made in every build), after the pieces given so far."""
        self._pieces._end_chunk()
        self._put(text.encode("utf-8"))

    def begin_list(self, sep: str) -> None:
        """The pieces until end_list() are joined by `sep` (written before every non-empty
        piece but the first)."""
        self._pieces._end_chunk()
        self._sep, self._first = sep.encode("utf-8"), True

    def end_list(self) -> None:
        self._pieces._end_chunk()
        self._sep, self._first = b"", True

    def _record(self, chunk: bytes, data) -> None:
        """A chunk's bytes (its pieces joined by the list's separator)."""
        if data and not self._first:
            self._put(self._sep)
        if data:
            self._first = False
        start = self._at + self._size
        self._keys.append(chunk)
        self._offsets.extend((start, start + len(data)))
        if data:
            self._put(data)

    def _joined(self, texts: list[str]) -> bytes:
        return self._sep.join(text.encode("utf-8") for text in texts if text)

    def previous(self, chunk: bytes) -> memoryview | None:
        """The bytes of `chunk` in the previous build's file, if this module kept them."""
        if self._old is None:
            return None
        if self._previous is None:
            digest, keys, offsets = self._old
            spans = array("q")
            try:
                spans.frombytes(offsets)
            except (TypeError, ValueError):
                spans = array("q")
            data = self._pieces.ctx.reuse.read(self.relpath)  # checked against its manifest
            if data is None or not isinstance(keys, tuple) or len(spans) != 2 * len(keys):
                self._old = None
                return None
            self._data = memoryview(data)
            self._previous = dict(zip(keys, zip(spans[0::2], spans[1::2], strict=True), strict=True))
        span = self._previous.get(chunk)
        if span is None or not 0 <= span[0] <= span[1] <= len(self._data):
            return None
        return self._data[span[0]:span[1]]

    def close(self) -> None:
        self._pieces._end_chunk()
        self._flush()
        self._handle.close()
        self._data = None
        digest = self._pieces.ctx.hashes.get(self.relpath)
        self._pieces.files[self.relpath] = (digest, tuple(self._keys), self._offsets.tobytes())

    def __enter__(self) -> PieceFile:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.close()
        else:
            self._handle.close()


class Pieces:
    """The pieces of one export's files (module docstring)."""

    def __init__(self, ctx, name: str, copied: set[str] | None = None):
        self.ctx, self.name = ctx, name
        incremental = ctx.changes is not None and ctx.reuse is not None
        self.changed: set[str] | None = ctx.changes.own if incremental else None
        record = data_cache.load(ctx.previous_build, PART_PREFIX + name) if incremental else None
        self._old_reads, self._old_files = _usable(record)
        self.reads: dict[bytes, tuple[str, ...]] = {}  # chunk -> the subjects its pieces read
        self.files: dict[str, tuple] = {}  # relpath -> (sha256, chunks, offsets)
        self.tracking: set[str] | None = None  # while a piece is made: the subjects it reads
        # the subjects read by the chunks copied (for the caller's own record of what it read)
        self.copied_reads: set[str] = set() if copied is None else copied
        self.made = self.copied = 0  # chunks
        self._chunk: list[tuple[str, Callable, tuple]] = []  # the pieces of the open chunk
        self._outs: tuple[PieceFile, ...] = ()

    def open(self, relpath: str, *also: str) -> PieceFile:
        return PieceFile(self, (relpath, *also))

    def piece(self, key: str, make: Callable[[], tuple[str, ...]], outs: tuple[PieceFile, ...],
              reads: tuple[str, ...] = ()) -> None:
        """Piece `key` in each file of `outs`: make() gives its text for each (when its chunk
        is not copied: module docstring), noting the subjects it reads in `tracking`;
        `reads` names more, for an export that knows them itself."""
        if outs is not self._outs:
            self._end_chunk()
            self._outs = outs
        self._chunk.append((key, make, reads))
        if crc32(key.encode("utf-8")) % EVERY == 0:
            self._end_chunk()

    def _end_chunk(self) -> None:
        pieces, outs = self._chunk, self._outs
        if not pieces:
            return
        self._chunk = []
        chunk = hashlib.blake2b("\0".join(key for key, _, _ in pieces).encode("utf-8"), digest_size=16).digest()
        if self.changed is not None:
            before = self._old_reads.get(chunk)
            if isinstance(before, tuple) and not any(s in self.changed for s in before):
                old = [out.previous(chunk) for out in outs]
                if all(data is not None for data in old):
                    for out, data in zip(outs, old, strict=True):
                        out._record(chunk, data)
                    self.reads[chunk] = before
                    self.copied_reads.update(before)
                    self.copied += 1
                    return
        texts: list[list[str]] = [[] for _ in outs]
        seen: set[str] = set()
        for _, make, reads in pieces:
            self.tracking = seen
            seen.update(reads)
            try:
                made = make()
            finally:
                self.tracking = None
            for found, text in zip(texts, made, strict=True):
                found.append(text)
        for out, found in zip(outs, texts, strict=True):
            out._record(chunk, out._joined(found))
        self.reads[chunk] = tuple(sorted(seen))
        self.made += 1

    def save(self) -> None:
        data_cache.save(self.ctx.staging, PART_PREFIX + self.name, (self.reads, self.files))
