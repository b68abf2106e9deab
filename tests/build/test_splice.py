"""Whole-vocabulary files spliced from the previous build's (publication/splice.py): the
blocks are found in pyoxigraph's own output, the spliced file equals pyoxigraph's
serialisation of the new data (the independent reader here), and an incremental build takes
that path for Turtle, RDF/XML, N-Quads and TriG."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from build_helpers import copy_project
from competentieset.model.config import load_project
from competentieset.publication import build, splice

EX = "http://example.org/"
PREFIXES = {"ex": EX, "skos": "http://www.w3.org/2004/02/skos/core#"}
# literals with what could look like a block's start if it were written raw: line breaks
# followed by a subject or a tag, a tab, '<', ' {', quotes
TRICKY = [
    '"first line\\nex:b second line"@nl',
    '"a\\n\\t<ex:p>tag</ex:p>\\n<rdf:Description"',
    '"brace {\\n}\\n"',
    '"tab\\there and a \\"quote\\""@en',
    '"plain"',
]


def _lines(subjects: dict[str, list[str]]) -> list[str]:
    """N-Triples lines (without ' .'), sorted as the build sorts them."""
    return sorted(f"<{EX}{s}> <{EX}{p}> {o}" for s, pairs in subjects.items() for p, o in pairs)


DATA = {
    "a": [("p", TRICKY[0]), ("q", f"<{EX}b>"), ("p", TRICKY[3])],
    "a-b": [("p", TRICKY[1])],
    "a/c": [("q", f"<{EX}a>")],
    "b": [("p", TRICKY[2]), ("p", TRICKY[4])],
    "c": [("p", '"c"')],
}


def _serialise(lines, fmt) -> bytes:
    text = "".join(line + " .\n" for line in lines).encode()
    return ox.serialize(ox.parse(text, format=ox.RdfFormat.N_TRIPLES), format=fmt, prefixes=PREFIXES)


def _order(lines) -> list[str]:
    return list(dict.fromkeys(line[1:line.index(">")] for line in lines))


def _by_subject(lines):
    out = {}
    for line in lines:
        out.setdefault(line[1:line.index(">")], []).append(line)
    return out


@pytest.mark.parametrize("split,fmt", [(splice._turtle_split, ox.RdfFormat.TURTLE),
                                       (splice._rdf_xml_split, ox.RdfFormat.RDF_XML)])
def test_one_block_per_subject_in_pyoxigraph_output(split, fmt):
    lines = _lines(DATA)
    data = _serialise(lines, fmt)
    header, blocks, footer = split(data)
    assert len(blocks) == len(DATA) == 5
    assert header + b"".join(blocks) + footer == data
    # each block is the subject's serialisation alone
    for subject, block in zip(_order(lines), blocks, strict=True):
        alone = split(_serialise(_by_subject(lines)[subject], fmt))
        assert alone == (header, [block], footer)


@pytest.mark.parametrize("splicer,fmt", [(splice.turtle, ox.RdfFormat.TURTLE),
                                         (splice.rdf_xml, ox.RdfFormat.RDF_XML)])
def test_a_spliced_file_equals_the_serialisation_of_the_new_data(splicer, fmt):
    old = _lines(DATA)
    new_data = dict(DATA)
    new_data["b"] = [("p", '"relabelled\\nex:c"@nl')]  # changed
    del new_data["a-b"]  # gone
    new_data["a0"] = [("p", '"new"')]  # new
    new = _lines(new_data)
    by_subject = _by_subject(new)
    pieces = splicer(_serialise(old, fmt), _order(old), _order(new), {EX + "b", EX + "a-b"},
                     by_subject.__getitem__, PREFIXES)
    assert b"".join(pieces) == _serialise(new, fmt)


def test_a_file_of_another_shape_is_not_spliced():
    old = _lines(DATA)
    data = _serialise(old, ox.RdfFormat.TURTLE)
    order, lines_of = _order(old), _by_subject(old).__getitem__
    assert b"".join(splice.turtle(data, order, order, {EX + "c"}, lines_of, PREFIXES)) == data
    # one subject fewer than the file has blocks: the blocks cannot be named
    assert splice.turtle(data, order[:-1], order, set(), lines_of, PREFIXES) is None
    # a file cut off in the middle of a block
    assert splice.rdf_xml(_serialise(old, ox.RdfFormat.RDF_XML)[:-40], order, order, set(),
                          lines_of, PREFIXES) is None


def _nquads(graphs: dict[str, list[str]]) -> bytes:
    """Sorted N-Quads as build._write_sorted_nquads writes them (an independent writer)."""
    out = []
    for graph in sorted(graphs, key=lambda g: f"<{g}>"):
        out += [f"{line} <{graph}> .\n" for line in sorted(graphs[graph])]
    return "".join(out).encode()


def test_nquads_and_trig_spliced_equal_the_new_data():
    g1, g2, g3 = EX + "g1", EX + "g2", EX + "g3"
    before = {g1: _lines(DATA), g2: _lines({"a": [("r", '"x"')], "c": [("r", '"y"')]}),
              g3: _lines({"z": [("r", '"unchanged"')]})}
    after = {g1: _lines({**DATA, "b": [("p", '"changed"'), ("p", '"a second"')], "a0": [("p", '"new"')]}),
             g2: _lines({"a": [("r", '"x"')]}), g3: before[g3]}  # c gone from g2
    touched = {EX + "b", EX + "a0", EX + "c"}
    graphs = sorted(after, key=lambda g: f"<{g}>")

    def lines_in(subject, graph):  # in no particular order (the store's)
        return [line for line in after[graph] if line.startswith(f"<{subject}> ")][::-1]

    pieces, sections = splice.nquads(_nquads(before), graphs, touched, lines_in)
    assert b"".join(pieces) == _nquads(after)
    assert set(sections) == {g1, g2}  # g3 has no touched subject's line: copied whole

    def trig(graph_lines):
        return ox.serialize(ox.parse(_nquads(graph_lines), format=ox.RdfFormat.N_QUADS),
                            format=ox.RdfFormat.TRIG, prefixes=PREFIXES)

    spliced = splice.trig(trig(before), graphs, sections, PREFIXES)
    assert b"".join(spliced) == trig(after)


def test_nquads_of_other_graphs_are_not_spliced():
    g1, g2 = EX + "g1", EX + "g2"
    data = _nquads({g1: _lines(DATA)})
    # the previous file has no section of g2
    assert splice.nquads(data, [g1, g2], set(), lambda s, g: []) is None
    # a graph that loses its last line
    assert splice.nquads(_nquads({g1: _lines({"c": [("p", '"c"')]})}), [g1], {EX + "c"},
                         lambda s, g: []) is None


def test_an_incremental_build_splices_the_whole_files(tmp_path, monkeypatch):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    results = {}
    for name in ("turtle", "rdf_xml", "nquads", "trig"):
        real = getattr(splice, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            result = _real(*args, **kwargs)
            results[_name] = result is not None
            return result

        monkeypatch.setattr(splice, name, spy)
    path = project.root / "ontology" / "redactie" / "labels-en-definities.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl'), encoding="utf-8")
    build.build(project, replace_release=True)
    assert results == {"turtle": True, "rdf_xml": True, "nquads": True, "trig": True}
    ttl = (project.build_dir / "www" / "doc" / "download" / "competentieset.ttl").read_text(encoding="utf-8")
    assert '"Kent zichzelf"@nl' in ttl and '"Heeft zelfinzicht"@nl' not in ttl
