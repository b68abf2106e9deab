"""A reader for the source text (sources/abd/), independent of the vocabulary code (test oracle)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class SourceText:
    title: str
    introduction: str  # the three paragraphs after the title, verbatim, joined by blank lines
    competencies: list[tuple[str, list[str]]]  # (heading, bullets without the " • " marker)
    closing: str
    raw: str


def read(path: Path) -> SourceText:
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    title = lines[0]
    blocks = raw.split("\n\n")
    competencies: list[tuple[str, list[str]]] = []
    heading = None
    intro_blocks = []
    for block in blocks[1:]:
        if block.startswith(" • "):
            bullets = [line[len(" • "):] for line in block.split("\n")]
            assert all(line.startswith(" • ") for line in block.split("\n")), block
            competencies.append((heading, bullets))
            heading = None
        elif "\n" not in block and len(block) < 40 and not block.endswith("."):
            heading = block
        elif not competencies:
            intro_blocks.append(block)
    closing = blocks[-1]
    return SourceText(title, "\n\n".join(intro_blocks), competencies, closing, raw)
