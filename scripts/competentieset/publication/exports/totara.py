"""Totara: the HR import ("HR sync") CSV source for competencies, one file per language.

    doc/download/competentieset.totara.nl.csv, .totara.en.csv

Columns (Totara's competency source fields, sources/interop/README.md and tool_totara_sync's
comp source): idnumber, fullname, shortname, frameworkidnumber, parentidnumber,
description, typeidnumber, timemodified, deleted, aggregationmethod. One row per live
competency and behavioural indicator, in source order; the framework is not a row: HR
import needs it to exist already, with ID number FRAMEWORK_IDNUMBER (the set's short code).

idnumber = uris.short_code (1-100 characters, unique); fullname = the label (at most 1000
characters); shortname = the label cut at 100; description = HTML as in the Moodle file;
typeidnumber empty (no competency types); timemodified = dct:modified of the resource when
the data states it, else the date of this release (ontology/releases.csv), as a Unix
timestamp at 00:00 UTC; deleted = 0 (deprecated concepts are left out; the change feed
lists them); aggregationmethod = OFF, a technical default (the source says nothing about
deriving a competency from its indicators; an organisation may choose ALL or ANY).
"""

from __future__ import annotations

import datetime
import functools

from competentieset.publication.exports import Export, per_language
from competentieset.publication.exports.framework import Framework, read
from competentieset.publication.exports.moodle import description, short, write_csv
from competentieset.publication.exports.pieces import Pieces

PATHS = {lang: f"doc/download/competentieset.totara.{lang}.csv" for lang in ("nl", "en")}
HEADERS = ("idnumber", "fullname", "shortname", "frameworkidnumber", "parentidnumber",
           "description", "typeidnumber", "timemodified", "deleted", "aggregationmethod")
MAX_FULLNAME = 1000
AGGREGATION = "OFF"


def timestamp(date: str) -> int:
    """A date (YYYY-MM-DD, or an ISO date-time) as a Unix timestamp at 00:00 UTC."""
    day = datetime.date.fromisoformat(date[:10])
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())


def item_rows(fw: Framework, lang: str, release_date: str):
    """The rows, in order: (key, the subjects the row reads, a function giving the row), as
    exports/pieces takes them. A row reads its item and whether its parent is live."""

    def row(item):
        label = " ".join((item.labels.get(lang) or item.labels.get("nl") or item.code).split())
        parent = fw.items[item.parent].code if item.parent in fw.items else ""
        return [
            item.code, label[:MAX_FULLNAME], short(label), fw.code, parent,
            description(item, lang), "", str(timestamp(item.modified or release_date)), "0", AGGREGATION,
        ]

    for item in fw.in_order():
        reads = (item.uri, *((item.parent,) if item.parent else ()))
        yield f"{lang}\t{fw.uri}\t{item.uri}", reads, functools.partial(row, item)


def write(ctx) -> None:
    fw = read(ctx.descriptions)
    pieces = Pieces(ctx, "totara")
    for lang, path in PATHS.items():
        write_csv(ctx, pieces, path, HEADERS, [], item_rows(fw, lang, ctx.release.date))
    pieces.save()


EXPORT = Export(
    name="totara",
    title={"nl": "Totara: HR import van competenties (CSV)", "en": "Totara: HR import of competencies (CSV)"},
    files=per_language(PATHS, "text/csv"),
    write=write,
    description={
        "nl": "Bron voor Totara's HR import (element competenties): elke competentie en "
              "gedragsindicator met idnumber, ouder en beschrijving. Het raamwerk moet in Totara al "
              "bestaan met ID-nummer 'competentieset'.",
        "en": "A source for Totara's HR import (competency element): every competency and behavioural "
              "indicator with idnumber, parent and description. The framework must already exist in "
              "Totara with ID number 'competentieset'.",
    },
    steps={
        "nl": (
            "Maak in Totara eerst een competentieraamwerk aan met ID-nummer 'competentieset': HR "
            "import voegt competenties toe aan een bestaand raamwerk (frameworkidnumber).",
            "Stel voor het HR-import-element competenties een CSV-bron in en geef die dit bestand "
            "(Nederlands of Engels); de kolomnamen zijn Totara's veldnamen.",
            "idnumber is de vaste code van elke competentie en gedragsindicator; een volgende "
            "versie werkt dezelfde regels bij.",
            "Totara eist dat idnumber uniek is over alle raamwerken: controleer dat uw site deze "
            "codes (zoals 'reflecteren') nog niet gebruikt.",
        ),
        "en": (
            "First create a competency framework in Totara with ID number 'competentieset': HR "
            "import adds competencies to an existing framework (frameworkidnumber).",
            "Set up a CSV source for HR import's competency element and give it this file (Dutch or "
            "English); the column names are Totara's field names.",
            "idnumber is the fixed code of each competency and behavioural indicator; a later "
            "release updates the same rows.",
            "Totara requires idnumber to be unique across all frameworks: check that your site does "
            "not already use these codes (such as 'reflecteren').",
        ),
    },
)
