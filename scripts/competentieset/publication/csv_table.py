"""CSV: one row per concept, UTF-8 with a byte order mark (so Excel reads the accents),
CRLF line ends, and CSV on the Web (CSVW) metadata describing every column.

The same columns are used for the whole table (doc/download/competentieset.csv, every
skos:Concept of ours) and for each per-resource document (one row). Lists of IRIs are
space-separated (IRIs hold no spaces); `editorial` names the columns whose values in that
row are the project's own additions rather than the source's; `rights` names the rights
statements of the parts in the row (publication/provenance.py), and the CSVW metadata carries
the licence and attribution per part (dc:license, dc:rights).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from competentieset.model.namespaces import STANDARD
from competentieset.publication.descriptions import Descriptions, term_object

BOM = "\ufeff"
SKOS, DCT, FOAF, RDF, XSD = (STANDARD[p] for p in ("skos", "dct", "foaf", "rdf", "xsd"))


@dataclass(frozen=True)
class Column:
    name: str
    predicate: str | None  # None for the row's own IRI and for `editorial`
    kind: str  # "iri" (the subject), "lang:<tag>", "string", "integer", "iris", "names"
    title: str


def columns(base: str) -> tuple[Column, ...]:
    cs = f"{base}/def/"
    return (
        Column("uri", None, "iri", "URI"),
        Column("type", RDF + "type", "iris", "type (RDF classes)"),
        Column("notation", SKOS + "notation", "string", "notatie / notation"),
        Column("order", cs + "volgnummer", "integer", "volgnummer / sequence number"),
        Column("label_nl", SKOS + "prefLabel", "lang:nl", "voorkeursterm (nl)"),
        Column("label_en", SKOS + "prefLabel", "lang:en", "preferred label (en)"),
        Column("definition_nl", SKOS + "definition", "lang:nl", "definitie (nl)"),
        Column("definition_en", SKOS + "definition", "lang:en", "definition (en)"),
        Column("source_text_nl", cs + "bronTekst", "lang:nl", "brontekst (nl)"),
        Column("in_scheme", SKOS + "inScheme", "iris", "begrippenkader / concept scheme"),
        Column("top_concept_of", SKOS + "topConceptOf", "iris", "topbegrip van / top concept of"),
        Column("broader", SKOS + "broader", "iris", "bovenliggend begrip / broader"),
        Column("areas", cs + "raaktGebied", "iris", "raakt gebied / touches area"),
        Column("core_profile_competencies", cs + "kernprofielCompetentie", "iris",
               "competenties uit het kernprofiel / core profile competencies"),
        Column("scale_min", cs + "schaalMinimum", "integer", "laagste schaal / lowest scale"),
        Column("scale_max", cs + "schaalMaximum", "integer", "hoogste schaal / highest scale"),
        Column("exact_match", SKOS + "exactMatch", "iris", "exactMatch"),
        Column("close_match", SKOS + "closeMatch", "iris", "closeMatch"),
        Column("related_match", SKOS + "relatedMatch", "iris", "relatedMatch"),
        Column("broad_match", SKOS + "broadMatch", "iris", "broadMatch"),
        Column("narrow_match", SKOS + "narrowMatch", "iris", "narrowMatch"),
        Column("sources", DCT + "source", "iris", "bron / source"),
        Column("pages", FOAF + "page", "iris", "webpagina / web page"),
        Column("rights", DCT + "rights", "iris",
               "rechten van de delen in deze rij / rights of the parts in this row"),
        Column("editorial", None, "names",
               "redactioneel: kolommen met toevoegingen van dit project / editorial columns"),
    )


def row(d: Descriptions, cols: tuple[Column, ...], iri: str, triples: list | None = None) -> list[str]:
    """One CSV row for a subject of ours (its triples may be passed when already parsed)."""
    pairs = d.rows_with_flags(iri) if triples is None else \
        [(t.predicate.value, term_object(t.object), d.is_editorial(t)) for t in triples]
    values: dict[str, list[str]] = {}
    editorial: dict[str, list[bool]] = {}
    by_predicate: dict[str, list] = {}
    for predicate, obj, flag in pairs:
        by_predicate.setdefault(predicate, []).append((obj, flag))
    for col in cols:
        if col.predicate is None:
            continue
        for obj, flag in by_predicate.get(col.predicate, ()):
            if col.kind.startswith("lang:"):
                if not (obj.datatype is not None and obj.language == col.kind[5:]):
                    continue
            elif col.kind == "iris":
                if obj.datatype is not None:
                    continue
            elif obj.datatype is None:
                continue
            values.setdefault(col.name, []).append(obj.value)
            editorial.setdefault(col.name, []).append(flag)
    out = []
    for col in cols:
        if col.name == "uri":
            out.append(iri)
        elif col.name == "editorial":
            out.append(" ".join(c.name for c in cols if editorial.get(c.name) and all(editorial[c.name])))
        elif col.kind == "iris":
            out.append(" ".join(values.get(col.name, ())))
        else:
            # single-valued columns; several values (not expected) are kept, joined by " | "
            out.append(" | ".join(values.get(col.name, ())))
    return out


def table(cols: tuple[Column, ...], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in cols])
    writer.writerows(rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def row_text(row: list[str]) -> str:
    """One row as table() writes it (a CSV writer keeps no state from row to row)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(row)
    return buffer.getvalue()


def table_of_texts(cols: tuple[Column, ...], texts: list[str]) -> bytes:
    """table() of rows already written by row_text()."""
    return (BOM + row_text([c.name for c in cols]) + "".join(texts)).encode("utf-8")


def concept_iris(d: Descriptions) -> list[str]:
    """Every skos:Concept of ours, sorted by IRI (the rows of the whole table)."""
    return d.typed(SKOS + "Concept")


def csvw_metadata(base: str, cols: tuple[Column, ...], csv_url: str, title: list,
                  rights: dict | None = None) -> dict:
    """CSV on the Web metadata (W3C CSVW) for the whole table; `rights` adds dc:license and
    dc:rights (the licence and the attribution per part)."""
    described = []
    for col in cols:
        entry: dict[str, object] = {"name": col.name, "titles": col.title}
        if col.name == "uri":
            entry.update({"datatype": "anyURI", "required": True, "suppressOutput": True})
        elif col.name == "editorial":
            entry.update({"datatype": "string", "separator": " ",
                          "suppressOutput": True,
                          "dc:description": "Names of the columns whose values in this row are editorial additions of the project (not from the source)."})
        elif col.kind == "iris":
            entry.update({"separator": " ", "propertyUrl": col.predicate,
                          "valueUrl": "{+" + col.name + "}"})
        elif col.kind.startswith("lang:"):
            entry.update({"datatype": "string", "lang": col.kind[5:], "propertyUrl": col.predicate})
        elif col.kind == "integer":
            entry.update({"datatype": "integer", "propertyUrl": col.predicate})
        else:
            entry.update({"datatype": "string", "propertyUrl": col.predicate})
        described.append(entry)
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "nl"}],
        "url": csv_url,
        "dc:title": title,
        **(rights or {}),
        "dialect": {"encoding": "utf-8", "header": True, "lineTerminators": ["\r\n"]},
        "tableSchema": {"columns": described, "primaryKey": "uri", "aboutUrl": "{+uri}"},
    }
