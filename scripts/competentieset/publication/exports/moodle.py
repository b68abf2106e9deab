"""Moodle: the competency-framework import CSV (admin tool "Import competency framework",
tool_lpimportcsv), one file per language.

    doc/download/competentieset.moodle.nl.csv, .moodle.en.csv

The 14 columns in Moodle's order, with the headers Moodle's own export writes (its language
strings): one framework row (Is framework = 1) carrying the scale and the taxonomy per level
("competency,indicator"), then each competency (parent: none) followed by its behavioural
indicators (parent: the competency's ID number), in source order. ID number is
uris.short_code (<= 100 characters, unique); Short name the label (cut at 100 characters,
as Moodle would); the long text goes into Description as HTML (format 1), with the resource's
URI and, where a value is the project's own, a note saying so. Cross-referenced ID numbers
are the skos:related concepts inside the framework (a comma in an ID number escaped as %2C).
Exported ID: a running number, as Moodle's export writes it.

The scale: Moodle requires one and the source defines no proficiency levels. The framework
row carries the smallest neutral scale (two values, "Nog niet,Ja" / "Not yet,Yes", default
and proficient: the second), stated in the framework's description as a technical default
for the import, to be replaced by the organisation's own scale; it is not the ABD's and
not a level of the competency set. Competency rows carry no scale (they use the framework's).
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
from collections.abc import Callable, Iterator

from competentieset.publication.exports import Export, per_language
from competentieset.publication.exports.framework import Framework, Item, read
from competentieset.publication.exports.pieces import Pieces

PATHS = {lang: f"doc/download/competentieset.moodle.{lang}.csv" for lang in ("nl", "en")}
HEADERS = (
    "Parent ID number", "ID number", "Short name", "Description", "Description format",
    "Scale values", "Scale configuration", "Rule type (optional)", "Rule outcome (optional)",
    "Rule config (optional)", "Cross-referenced competency ID numbers", "Exported ID (optional)",
    "Is framework", "Taxonomy",
)
MAX_ID = 100
TAXONOMY = "competency,indicator"  # level 1: competencies, level 2: behavioural indicators
SCALE = {"nl": "Nog niet,Ja", "en": "Not yet,Yes"}
SCALE_CONFIGURATION = json.dumps([{"scaleid": "1"}, {"id": 2, "scaledefault": 1, "proficient": 1}],
                                 separators=(",", ":"))
HTML = "1"

TEXT = {
    "nl": {
        "scale": "Technische standaardschaal voor de import: Moodle vereist een schaal, de "
                 "competentieset kent geen niveaus. Deze schaal (Nog niet, Ja) is niet van de ABD en "
                 "geen niveau van de competentieset; vervang hem door de schaal van uw organisatie.",
        "uri": "URI",
        "editorial_label": "De korte naam is een toevoeging van dit project, niet de tekst van de ABD.",
        "editorial_definition": "Definitie van dit project (niet van de ABD):",
        "source": "Letterlijk uit de bron.",
        "translation": "Vertaling van dit project.",
    },
    "en": {
        "scale": "Technical default scale for the import: Moodle requires a scale and the competency "
                 "set defines no levels. This scale (Not yet, Yes) is not the ABD's and not a level of "
                 "the competency set; replace it with your organisation's scale.",
        "uri": "URI",
        "editorial_label": "The short name is this project's addition, not the ABD's text.",
        "editorial_definition": "Definition by this project (not the ABD's):",
        "source": "Verbatim from the source (Dutch).",
        "translation": "Translation by this project; the source is Dutch.",
    },
}


def short(text: str, limit: int = MAX_ID) -> str:
    """Cut at `limit` characters with an ellipsis (Moodle's shorten_text keeps 100)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _p(text: str) -> str:
    return "".join(f"<p>{html.escape(part.strip(), quote=False)}</p>"
                   for part in text.split("\n\n") if part.strip())


def _uri_line(lang: str, uri: str) -> str:
    return f'<p>{TEXT[lang]["uri"]}: <a href="{html.escape(uri)}">{html.escape(uri)}</a></p>'


def description(item: Item, lang: str) -> str:
    """The HTML description of a competency or indicator in one language."""
    words = TEXT[lang]
    parts = []
    if item.kind == "indicator":
        text = item.text(lang) or item.source_text.get("nl", "")
        parts.append(_p(text))
        parts.append(f"<p><em>{words['translation'] if lang != 'nl' else words['source']}</em></p>")
        if f"labels.{lang}" in item.editorial:
            parts.append(f"<p><em>{words['editorial_label']}</em></p>")
    else:
        if item.definitions.get(lang):
            parts.append(f"<p><em>{words['editorial_definition']}</em></p>" + _p(item.definitions[lang]))
        if lang != "nl":
            parts.append(f"<p><em>{words['translation']}</em></p>")
    parts.append(_uri_line(lang, item.uri))
    return "".join(parts)


def framework_row(fw: Framework, lang: str) -> list[str]:
    """The first row: the framework, with the scale and the taxonomy."""
    words = TEXT[lang]
    framework_description = _p(fw.descriptions.get(lang, "")) + f"<p><strong>{words['scale']}</strong></p>" \
        + _uri_line(lang, fw.uri)
    return [
        "", fw.code, short(fw.titles.get(lang) or fw.titles.get("nl", fw.code)), framework_description, HTML,
        SCALE[lang], SCALE_CONFIGURATION, "", "", "", "", "", "1", TAXONOMY,
    ]


def item_rows(fw: Framework, lang: str) -> Iterator[tuple[str, tuple[str, ...], Callable[[], list[str]]]]:
    """The rows of the competencies and indicators, in order: (key, the subjects the row
    reads, a function giving the row), as exports/pieces takes them. A row reads its
    item, whether its parent and related items are live, and its running number (in the key)."""
    live = fw.items

    def row(item: Item, number: int) -> list[str]:
        parent = live[item.parent].code if item.parent in live else ""
        related = ",".join(live[r].code.replace(",", "%2C") for r in item.related if r in live)
        label = item.labels.get(lang) or item.labels.get("nl") or item.code
        return [
            parent, item.code, short(label), description(item, lang), HTML,
            "", "", "", "", "", related, str(number), "", "",
        ]

    for number, item in enumerate(fw.in_order(), start=1):
        reads = (item.uri, *((item.parent,) if item.parent else ()), *item.related)
        yield f"{lang}\t{fw.uri}\t{number}\t{item.uri}", reads, functools.partial(row, item, number)


class _CsvText:
    """csv.writer's text of one row (CRLF line ends, as Moodle and Totara read CSV)."""

    def __init__(self):
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def __call__(self, row) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(row)
        return self._buffer.getvalue()


def write_csv(ctx, pieces: Pieces, path: str, headers, first_rows, keyed_rows) -> None:
    """A CSV file as Moodle and Totara read it (UTF-8, CRLF) into `path` below the web root:
    the header, `first_rows` (made anew in every build), then `keyed_rows` (key, reads,
    function giving the row) as pieces (exports/pieces: copied from the previous build's
    file when what they read did not change)."""
    text = _CsvText()
    with pieces.open(path) as out:
        out.write(text(headers))
        for row in first_rows:
            out.write(text(row))
        outs = (out,)
        for key, reads, row in keyed_rows:
            pieces.piece(key, lambda row=row: (text(row()),), outs, reads)


def write(ctx) -> None:
    fw = read(ctx.descriptions)
    pieces = Pieces(ctx, "moodle")
    for lang, path in PATHS.items():
        write_csv(ctx, pieces, path, HEADERS, [framework_row(fw, lang)], item_rows(fw, lang))
    pieces.save()


EXPORT = Export(
    name="moodle",
    title={"nl": "Moodle: competentieraamwerk (CSV)", "en": "Moodle: competency framework (CSV)"},
    files=per_language(PATHS, "text/csv"),
    write=write,
    description={
        "nl": "Voor Moodle's 'Import competency framework': één raamwerkregel, de competenties met "
              "hun gedragsindicatoren. De schaal (Nog niet, Ja) is een technische standaard voor de "
              "import, niet van de ABD: vervang hem door die van uw organisatie.",
        "en": "For Moodle's 'Import competency framework': one framework row, the competencies with "
              "their behavioural indicators. The scale (Not yet, Yes) is a technical default for the "
              "import, not the ABD's: replace it with your organisation's.",
    },
    steps={
        "nl": (
            "Download het bestand in de taal van uw Moodle (Nederlands of Engels).",
            "Ga in Moodle naar Site administration > Competencies > Import competency framework "
            "(in een Nederlandstalige Moodle heten de menu's in het Nederlands).",
            "Kies het bestand als 'CSV framework description file' en importeer het.",
            "Bevestig de kolomtoewijzing ('Confirm the column mappings'): de 14 kolommen staan in "
            "Moodle's eigen volgorde.",
            "Moodle maakt een schaal 'Competency scale: Competentieset voor publieke leiders' "
            "aan, met de waarden Nog niet en Ja, tenzij er al een schaal met precies die waarden "
            "is. Dat is een technische standaard; stel daarna de schaal van uw organisatie in.",
            "Een volgende versie importeren maakt een nieuw raamwerk aan; het bestaande raamwerk "
            "wordt niet bijgewerkt.",
        ),
        "en": (
            "Download the file in the language of your Moodle (Dutch or English).",
            "In Moodle, go to Site administration > Competencies > Import competency framework.",
            "Choose the file as 'CSV framework description file' and import it.",
            "Confirm the column mappings: the 14 columns are in Moodle's own order.",
            "Moodle creates a scale 'Competency scale: Competency framework for public leaders' with the "
            "values Not yet and Yes, unless a scale with exactly those values exists. It is a "
            "technical default; set your organisation's scale afterwards.",
            "Importing a later release creates a new framework; the existing framework is not "
            "updated.",
        ),
    },
)
