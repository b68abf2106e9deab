"""exports/jsontext.py: the element-by-element JSON text is json's own text. The expected
text is always json.dumps itself (the standard library), on values hypothesis generates and
on fixed ones that hit each branch."""

from __future__ import annotations

import json

import pytest
from competentieset.publication.exports.jsontext import Sink, compact, pretty
from hypothesis import given, settings
from hypothesis import strategies as st

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_pretty_and_compact_are_jsons_own_text(value):
    assert pretty(value) == json.dumps(value, ensure_ascii=False, indent=1)
    assert compact(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@settings(max_examples=100, deadline=None)
@given(VALUES, st.integers(min_value=0, max_value=4))
def test_pretty_nested_is_the_text_inside_a_larger_document(value, level):
    wrapped = value
    for _ in range(level):
        wrapped = {"k": wrapped}
    text = json.dumps(wrapped, ensure_ascii=False, indent=1)
    prefix = "".join("{\n" + " " * (i + 1) + '"k": ' for i in range(level))
    suffix = "".join("\n" + " " * i + "}" for i in reversed(range(level)))
    assert text == prefix + pretty(value, level) + suffix


@pytest.mark.parametrize("value", [
    {"a": [], "b": {}, "c": [1, "é\n\"x\"", None, True, 1.5]},  # empty containers, escapes, non-ASCII
    {1: "int key", None: "none key", 2.5: {"x": [1]}},  # keys json converts (the slow path)
    {1: "x", False: "flat, converted keys"},
    ("tu", ("ple",)),
    [{"@id": "https://x/1", "ceasn:competencyText": {"nl": "één", "en": "one"}, "ceasn:hasChild": ["a", "b"]}],
])
def test_pretty_on_each_branch(value):
    assert pretty(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_sink_writes_the_text_as_utf8_bytes(tmp_path):
    path = tmp_path / "a.json"
    pieces = ["{", '"é":', "[" + ",".join(str(i) for i in range(5000)) + "]", "}\n"]
    with Sink(open(path, "wb"), chunk=100) as sink:  # noqa: SIM115 (the sink closes it)
        for piece in pieces:
            sink.write(piece)
    assert path.read_bytes() == "".join(pieces).encode("utf-8")


def test_a_build_stream_writes_the_same_bytes_into_each_file_and_hashes_them_once(tmp_path):
    """BuildContext.stream (what the exports' Sink writes into): the same bytes into each of
    its files; once closed, each is recorded with the SHA-256 of those bytes."""
    import hashlib
    import io

    from competentieset.publication import build

    class Ctx:  # what _HashingFile uses of a BuildContext
        recorded = []

        def path(self, rel):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            return tmp_path / rel

        def _streamed(self, rels, digest):
            self.recorded.append((rels, digest))

    pieces = ["{", '"é":', "[" + ",".join(str(i) for i in range(5000)) + "]", "}\n"]
    with Sink(io.BufferedWriter(build._HashingFile(Ctx(), ("a/x.json", "b/y.json"))), chunk=100) as sink:
        for piece in pieces:
            sink.write(piece)
    want = "".join(pieces).encode("utf-8")
    assert [(tmp_path / rel).read_bytes() for rel in ("a/x.json", "b/y.json")] == [want, want]
    assert Ctx.recorded == [(("a/x.json", "b/y.json"), hashlib.sha256(want).hexdigest())]


def test_sink_closes_its_files_when_the_writer_fails(tmp_path):
    with pytest.raises(RuntimeError), Sink(open(tmp_path / "a", "wb")) as sink:  # noqa: SIM115
        sink.write("x")
        raise RuntimeError("stop")
    assert sink._handles[0].closed
