"""The model diagram as SVG, written here (deterministic; no JavaScript, no web fonts).

Boxes are the classes (labels and counts from the graph), arrows the properties that link
them. The same facts are returned as sentences, the diagram's text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from competentieset.site.graph import SiteGraph

WIDTH, HEIGHT = 870, 440
BOX_W, BOX_H = 190, 64


@dataclass(frozen=True)
class Box:
    key: str  # class local name in the model ({base}/def/<key>)
    x: int
    y: int


BOXES = (
    Box("Competentieset", 20, 30),
    Box("Competentie", 340, 30),
    Box("Gedragsindicator", 660, 30),
    Box("Functiefamilie", 20, 180),
    Box("Functiegroep", 340, 180),
    Box("Gebiedenkader", 340, 330),
    Box("Gebied", 660, 330),
)

# (from, to, property IRI suffix or skos term, provenance key for the line style)
EDGES = (
    ("Competentieset", "Competentie", "skos:hasTopConcept", "bron"),
    ("Competentie", "Gedragsindicator", "skos:narrower", "bron"),
    ("Gebiedenkader", "Gebied", "skos:hasTopConcept", "redactie"),
    ("Competentie", "Gebied", "cs:raaktGebied", "interpretatie"),
    ("Functiefamilie", "Functiegroep", "skos:narrower", "feit"),
    ("Functiegroep", "Competentie", "cs:kernprofielCompetentie", "feit"),
)


def _box(name: str) -> Box:
    return next(b for b in BOXES if b.key == name)


def _anchor(a: Box, b: Box) -> tuple[tuple[float, float], tuple[float, float]]:
    """Start and end points on the boxes' edges, for a straight arrow from a to b."""
    ax, ay = a.x + BOX_W / 2, a.y + BOX_H / 2
    bx, by = b.x + BOX_W / 2, b.y + BOX_H / 2
    if ay == by:  # same row
        return (a.x + BOX_W, ay) if bx > ax else (a.x, ay), (b.x, by) if bx > ax else (b.x + BOX_W, by)
    if ax == bx:  # same column
        return (ax, a.y + BOX_H) if by > ay else (ax, a.y), (bx, b.y) if by > ay else (bx, b.y + BOX_H)
    return (a.x + BOX_W - 20, a.y + BOX_H), (bx, b.y)  # diagonal: bottom to top


def counts(graph: SiteGraph) -> dict[str, int]:
    return {b.key: len(graph.of_type(graph.cs(b.key))) for b in BOXES}


def render(graph: SiteGraph, lang: str, title: str) -> str:
    number = counts(graph)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="cs-diagram-title" '
        f'font-family="sans-serif" font-size="14">',
        f'<title id="cs-diagram-title">{escape(title)}</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1b1b1b"/>'
        "</marker></defs>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for start, end, prop, kind in EDGES:
        (x1, y1), (x2, y2) = _anchor(_box(start), _box(end))
        dash = "" if kind in ("bron", "feit") else ' stroke-dasharray="6 4"'
        out.append(
            f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="#1b1b1b" '
            f'stroke-width="2"{dash} marker-end="url(#arrow)"/>'
        )
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        offset = -8 if y1 == y2 else 0
        if y1 == y2:
            dx, anchor = 0, "middle"
        elif x1 == x2:
            dx, anchor = -6, "end"
        else:
            dx, anchor = 8, "start"
        out.append(
            f'<text x="{mx + dx:.0f}" y="{my + offset:.0f}" text-anchor="{anchor}" fill="#1b1b1b" '
            f'font-size="11">{escape(prop)}</text>'
        )
    for box in BOXES:
        label = graph.label(graph.cs(box.key), lang)[0]
        out.append(
            f'<rect x="{box.x}" y="{box.y}" width="{BOX_W}" height="{BOX_H}" rx="6" '
            f'fill="#e8eef6" stroke="#154273" stroke-width="2"/>'
        )
        out.append(
            f'<text x="{box.x + BOX_W / 2:.0f}" y="{box.y + 27}" text-anchor="middle" '
            f'font-weight="bold" fill="#154273">{escape(label)}</text>'
        )
        out.append(
            f'<text x="{box.x + BOX_W / 2:.0f}" y="{box.y + 48}" text-anchor="middle" '
            f'fill="#1b1b1b">cs:{escape(box.key)} ({number[box.key]})</text>'
        )
    legend = {
        "nl": "Doorgetrokken lijn: uit de bron of een geciteerd feit; gestippeld: toevoeging van dit project.",
        "en": "Solid line: from the source or a cited fact; dashed: an addition of this project.",
    }[lang]
    out.append(f'<text x="20" y="{HEIGHT - 12}" fill="#1b1b1b" font-size="12">{escape(legend)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def sentences(graph: SiteGraph, lang: str) -> list[str]:
    """The diagram in words: one sentence per arrow (the text alternative)."""
    number = counts(graph)
    result = []
    for start, end, prop, kind in EDGES:
        a = graph.label(graph.cs(start), lang)[0]
        b = graph.label(graph.cs(end), lang)[0]
        origin = graph.label(graph.cs(kind.capitalize()), lang)[0]
        if lang == "nl":
            result.append(
                f"{a} ({number[start]}) → {b} ({number[end]}) via {prop}; herkomst: {origin}."
            )
        else:
            result.append(
                f"{a} ({number[start]}) → {b} ({number[end]}) via {prop}; provenance: {origin}."
            )
    return result

