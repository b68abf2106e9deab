"""JSON text for the exports, made one element at a time and written as it is made.

The large exports (a CASE package, the CTDL-ASN graph, the Open Badges list) are arrays of
thousands of small objects. Building the whole document and dumping it holds every object
and the whole text at once (hundreds of megabytes at ESCO scale); these helpers make the
same bytes from one element at a time:

    compact(value) -> str          json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    pretty(value, level) -> str    json.dumps(value, ensure_ascii=False, indent=1), as it
                                   appears nested `level` deep in a larger document
    Sink(file)                     a buffered writer of UTF-8 text into an open binary file
                                   (the build's BuildContext.stream, which writes the same
                                   bytes into one or more files and hashes them)

`pretty` gives json's indented text with its C encoder: Python's indented output uses the
pure-Python encoder (about ten times slower). A container whose values are all scalars is
encoded in one call with the separators ",\\n<indent>" and ": ", the rest element by element;
a dict with a key that is not a string takes json's own path (its key conversions).
"""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
if c_make_encoder is not None:
    # the C encoder json.dumps makes on every call, made once (no circular check: the
    # exports' values are trees; a cycle would end in RecursionError instead of ValueError)
    _c_compact = c_make_encoder(None, _COMPACT.default, encode_basestring, None, ":", ",",
                                False, False, True)

    def compact(value) -> str:
        """json.dumps(value, ensure_ascii=False, separators=(",", ":"))"""
        return "".join(_c_compact(value, 0))
else:  # pragma: no cover (CPython has the C encoder)
    compact = _COMPACT.encode

_FLAT: dict[int, json.JSONEncoder] = {}  # level -> encoder of a scalar-only container at that level
_CONTAINERS = (dict, list, tuple)


def _flat(level: int) -> json.JSONEncoder:
    found = _FLAT.get(level)
    if found is None:
        found = _FLAT[level] = json.JSONEncoder(ensure_ascii=False, separators=(",\n" + " " * level, ": "))
    return found


def _slow(value, level: int) -> str:
    """json's own indented text, moved `level` deep (JSON text has no raw newline in a string)."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * level)


def pretty(value, level: int = 0) -> str:
    """json.dumps(value, ensure_ascii=False, indent=1) of `value` nested `level` deep."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        values = value.values()
    elif isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        values = value
    else:
        return compact(value)  # a scalar: the same text at any depth
    inner = " " * (level + 1)
    if not any(isinstance(v, _CONTAINERS) for v in values):
        text = _flat(level + 1).encode(value)
        return f"{text[0]}\n{inner}{text[1:-1]}\n{' ' * level}{text[-1]}"
    deeper, joiner = level + 1, ",\n" + inner
    parts = []
    if isinstance(value, dict):
        for k, v in value.items():
            if type(k) is not str:
                return _slow(value, level)  # json's key conversions
            text = pretty(v, deeper) if isinstance(v, _CONTAINERS) else (
                encode_basestring(v) if type(v) is str else compact(v))
            parts.append(f"{encode_basestring(k)}: {text}")
        return f"{{\n{inner}{joiner.join(parts)}\n{' ' * level}}}"
    for v in value:
        parts.append(pretty(v, deeper) if isinstance(v, _CONTAINERS) else (
            encode_basestring(v) if type(v) is str else compact(v)))
    return f"[\n{inner}{joiner.join(parts)}\n{' ' * level}]"


class Sink:
    """Text written into the open binary file `handle` as UTF-8, in slices of about `chunk`
    characters; use as a context manager (it closes the file)."""

    def __init__(self, handle, chunk: int = 1 << 18):
        self.chunk = chunk
        self._pending: list[str] = []
        self._size = 0
        self._handles: list = [handle]

    def __enter__(self) -> Sink:
        return self

    def write(self, text: str) -> None:
        self._pending.append(text)
        self._size += len(text)
        if self._size >= self.chunk:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            data = "".join(self._pending).encode("utf-8")
            for handle in self._handles:
                handle.write(data)
            self._pending, self._size = [], 0

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                self.flush()
        finally:
            for handle in self._handles:
                handle.close()
