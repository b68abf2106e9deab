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


def test_a_changed_block_keeps_style_and_comments():
    path = ROOT / "ontology" / "mapping" / "esco.ttl"
    tf = TurtleFile.parse(path)
    block = next(b for b in tf.blocks() if b.subject.value.endswith("/competentie/conceptuele-flexibiliteit"))
    extra = ox.Triple(block.subject, ox.NamedNode("http://www.w3.org/2004/02/skos/core#relatedMatch"),
                      ox.NamedNode("http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0"))
    block.change(block.triples + [extra])
    assert tf.render(block) == (
        "competentie:conceptuele-flexibiliteit\n"
        "    skos:relatedMatch\n"
        "        <http://data.europa.eu/esco/skill/7dd94ad3-13d6-43fe-8b94-51fcbf67ced9>,  # think critically\n"
        "        <http://data.europa.eu/esco/skill/d56e2c2f-3e01-4b76-a7bb-ecb6d430172f>,  # think holistically\n"
        "        <http://data.europa.eu/esco/skill/d62d2b4c-a6f8-439e-8a1b-4f29ab5f2c47>,  # make decisions\n"
        "        <http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0> .\n"
    )
    # the rest of the file is untouched
    original = path.read_text(encoding="utf-8")
    before, after = original.split("competentie:conceptuele-flexibiliteit\n", 1)
    assert tf.text().startswith(before) and tf.text().endswith(after.split("\n\n", 1)[1])
