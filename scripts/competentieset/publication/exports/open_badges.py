"""Open Badges 3.0 / CLR 2.0 alignment objects, one per competency and behavioural indicator.

    doc/download/competentieset.openbadges.nl.json, .openbadges.en.json

Each file is a JSON array, in source order, of
`{"type": ["Alignment"], "targetName", "targetUrl", "targetDescription", "targetFramework",
"targetCode", "targetType"}` (targetName and targetUrl required): a badge designer copies
one into an achievement's `alignment`. targetUrl is the resource's URI, targetCode its
short code (uris.short_code), targetFramework the set's title, targetType
"ceasn:Competency" (each is a ceasn:Competency in our CTDL-ASN file). The site shows the
object of each competency and indicator on its page (`alignment()` is shared).
"""

from __future__ import annotations

from competentieset.publication.exports import Export, per_language
from competentieset.publication.exports.framework import LANGS, Framework, Item, read
from competentieset.publication.exports.jsontext import pretty
from competentieset.publication.exports.pieces import Pieces

PATHS = {lang: f"doc/download/competentieset.openbadges.{lang}.json" for lang in LANGS}
TARGET_TYPE = "ceasn:Competency"
REQUIRED = ("type", "targetName", "targetUrl")


def alignment(uri: str, name: str, url_code: str, framework: str | None,
              description: str | None) -> dict:
    """One Open Badges 3.0 Alignment object (keys in the spec's order)."""
    result: dict[str, object] = {"type": ["Alignment"], "targetName": name, "targetUrl": uri}
    if description:
        result["targetDescription"] = description
    if framework:
        result["targetFramework"] = framework
    result["targetCode"] = url_code
    result["targetType"] = TARGET_TYPE
    return result


def item_alignment(fw: Framework, item: Item, lang: str) -> dict:
    name = item.labels.get(lang) or item.labels.get("nl") or item.code
    text = item.text(lang) if item.kind == "indicator" else item.definitions.get(lang)
    return alignment(item.uri, name, item.code, fw.titles.get(lang) or fw.titles.get("nl"), text)


def write(ctx) -> None:
    """Each language's list as jsonld.dump (indented) writes it, object by object; an object
    reads its item and the set's title (exports/pieces: copied from the previous build's
    file when they did not change)."""
    fw = read(ctx.descriptions)
    items = fw.in_order()
    pieces = Pieces(ctx, "open-badges")
    for lang, path in PATHS.items():
        with pieces.open(path) as out:
            if not items:
                out.write("[]\n")
                continue
            out.write("[")
            out.begin_list(",")
            outs = (out,)
            for item in items:
                pieces.piece(f"{lang}\t{fw.uri}\t{item.uri}",
                             lambda item=item, lang=lang: (f"\n {pretty(item_alignment(fw, item, lang), 1)}",), outs,
                             (item.uri, fw.uri))
            out.end_list()
            out.write("\n]\n")
    pieces.save()


EXPORT = Export(
    name="open-badges",
    title={"nl": "Open Badges 3.0 / CLR: alignment-objecten", "en": "Open Badges 3.0 / CLR: alignment objects"},
    files=per_language(PATHS, "application/json"),
    write=write,
    description={
        "nl": "Eén Alignment-object per competentie en gedragsindicator, om in een badge "
              "(achievement.alignment) op te nemen; elke pagina van een competentie of indicator "
              "toont het hare om te kopiëren.",
        "en": "One Alignment object per competency and behavioural indicator, to put into a badge "
              "(achievement.alignment); each competency or indicator page shows its own to copy.",
    },
    steps={
        "nl": (
            "Open de pagina van de competentie of gedragsindicator en kopieer het object onder "
            "'Open Badges-alignment', of neem het uit de download.",
            "Zet het in de lijst alignment van de achievement van uw badge (Open Badges 3.0).",
        ),
        "en": (
            "Open the page of the competency or behavioural indicator and copy the object under "
            "'Open Badges alignment', or take it from the download.",
            "Put it into the alignment list of your badge's achievement (Open Badges 3.0).",
        ),
    },
)
