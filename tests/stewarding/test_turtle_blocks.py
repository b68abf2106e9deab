"""The block-level Turtle writer (stewarding/turtle_blocks.py) against the hand-edited files:
every block of every file of ontology/ is rendered from its statements byte for byte as it
stands, and a changed block keeps the file's style and its comments."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from competentieset.stewarding.turtle_blocks import TurtleFile

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "ontology").rglob("*.ttl"))


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(ROOT / "ontology").as_posix() for p in FILES])
def test_every_block_renders_as_written(path):
    tf = TurtleFile.parse(path)
    assert tf.text() == path.read_text(encoding="utf-8")
    blocks = tf.blocks()
    assert blocks
    for block in blocks:
        assert tf.render(block) == block.text, f"{path}:{block.line}"


THINK_CRITICALLY = "http://data.europa.eu/esco/skill/7dd94ad3-13d6-43fe-8b94-51fcbf67ced9"
THINK_HOLISTICALLY = "http://data.europa.eu/esco/skill/d56e2c2f-3e01-4b76-a7bb-ecb6d430172f"
MAKE_DECISIONS = "http://data.europa.eu/esco/skill/d62d2b4c-a6f8-439e-8a1b-4f29ab5f2c47"
EXTRA_SKILL = "http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0"


def _add_mapping(tf):
    block = next(b for b in tf.blocks() if b.subject.value.endswith("/competentie/conceptuele-flexibiliteit"))
    extra = ox.Triple(block.subject, ox.NamedNode("http://www.w3.org/2004/02/skos/core#relatedMatch"),
                      ox.NamedNode(EXTRA_SKILL))
    block.change(block.triples + [extra])
    return block


def test_a_changed_block_keeps_style_and_comments():
    path = ROOT / "ontology" / "mapping" / "esco.ttl"
    original = path.read_text(encoding="utf-8")
    before, after = original.split("competentie:conceptuele-flexibiliteit\n", 1)
    block_text = "competentie:conceptuele-flexibiliteit\n" + after.split("\n\n", 1)[0] + "\n"
    # the new object goes last among its predicate's objects, one per line as the others;
    # the rest of the block (the editorial notes) is written as it stands
    assert f"        <{MAKE_DECISIONS}> ;\n" in block_text
    expected = block_text.replace(f"        <{MAKE_DECISIONS}> ;\n",
                                  f"        <{MAKE_DECISIONS}>,\n        <{EXTRA_SKILL}> ;\n")
    tf = TurtleFile.parse(path)
    block = _add_mapping(tf)
    assert tf.render(block) == expected
    # the rest of the file is untouched
    assert tf.text().startswith(before) and tf.text().endswith(after.split("\n\n", 1)[1])

    # trailing comments on objects stay with their objects (issue 11 dropped them from the
    # mapping file; the writer must still keep any a steward writes)
    commented = original
    for iri, comment in ((THINK_CRITICALLY, "think critically"), (THINK_HOLISTICALLY, "think holistically"),
                         (MAKE_DECISIONS, "make decisions")):
        sep = " ;" if iri == MAKE_DECISIONS else ","
        commented = commented.replace(f"        <{iri}>{sep}\n", f"        <{iri}>{sep}  # {comment}\n", 1)
    assert commented.count("  # think") == 2
    tf = TurtleFile.parse(path, data=commented)
    block = _add_mapping(tf)
    assert tf.render(block) == (
        "competentie:conceptuele-flexibiliteit\n"
        "    skos:relatedMatch\n"
        f"        <{THINK_CRITICALLY}>,  # think critically\n"
        f"        <{THINK_HOLISTICALLY}>,  # think holistically\n"
        f"        <{MAKE_DECISIONS}>,  # make decisions\n"
        f"        <{EXTRA_SKILL}> ;\n"
    ) + block_text.split(" ;\n", 1)[1]
