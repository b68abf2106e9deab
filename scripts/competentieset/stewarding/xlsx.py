"""The spreadsheet route for data stewards: export the vocabulary to one XLSX workbook and
import it back into the Turtle of ontology/, losslessly.

    export_workbook(project, path, lang)            -> writes the workbook
    import_workbook(project, path, lang, dry_run)   -> ImportResult (change list, files)

The workbook is described by SHEETS below: one sheet per kind of resource (a row per
resource, a column per property and language) and link sheets (a row per statement, e.g.
one ESCO mapping). Each column names the file of ontology/ its statements live in, so the
kind of provenance (herkomst.ttl) is known per column: columns of a non-editorial kind (the
source's verbatim text, cited facts, ESCO's own words) and the URI/UUID are locked and
shaded; the rest are editable.

Import reads the workbook, checks every cell (errors name sheet, row, column header and
cell), applies the values to the blocks of the Turtle files (stewarding.turtle_blocks: an
unchanged resource stays byte-identical, a changed one is re-rendered in the same style),
validates the result with the shapes and the register exactly as `validate` does, prints
the change list (model.diff) and only then writes. Any refusal writes nothing.
Statements the workbook does not show are kept as they are.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from competentieset.errors import CompetentiesetError
from competentieset.model.uris import uuid_of
from competentieset.stewarding.turtle_blocks import Block, TurtleFile

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
ESCO_EXTRACT = "sources/esco/transversal-skills-collection-esco-1.2.0-en.csv"
ABD_SOURCE = ("https://www.algemenebestuursdienst.nl/organisatie/wat-verwacht-de-rijksoverheid-"
              "van-een-publiek-leider/competentieset-voor-publieke-leiders")

BRON = "bron/competentieset.ttl"
REDACTIE = "redactie/labels-en-definities.ttl"
NOTATIES = "redactie/notaties.ttl"  # our numbering: skos:notation, cs:volgnummer
VERTALING = "vertaling/en.ttl"
INTERPRETATIE = "interpretatie/gebieden-per-competentie.ttl"
MAPPING = "mapping/esco.ttl"
EXTERN = "extern/esco.ttl"
FEITEN = "feiten/functiegebouw-rijk.ttl"

META_SHEET = "_meta"
HEADER_ROWS = 2  # row 1: column headers, row 2: kind of provenance per column
SPARE_ROWS = 50  # empty, unlocked rows under the data for new resources


# --------------------------------------------------------------------------- description


@dataclass(frozen=True)
class Column:
    nl: str
    en: str
    kind: str  # uri | uuid | text | int | ref | status | replaced | info | relation | note (link sheets)
    predicate: str = ""  # full IRI ("" for uri, uuid, info)
    lang: str | None = None
    file: str | None = None  # the file of ontology/ its statements live in
    target: str = ""  # ref/replaced: namespace (relative to the base, or absolute) of the values
    choices: str = ""  # name of the dropdown list (sheet Lijsten)
    required: bool = False
    unique: bool = False
    new_only: bool = False  # editable on a new row even if its file is not editorial
    new_file: str | None = None  # on a new row, written to this file instead (ours, not the source's)

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


@dataclass(frozen=True)
class Sheet:
    nl: str
    en: str
    columns: tuple
    classes: tuple = ()  # resource sheets: the classes whose resources are the rows
    home: str = ""  # the file whose block order gives the row order
    link: tuple = ()  # link sheets: (file, allowed predicates) ; columns: subject, predicate, object
    new_rows: bool = False  # may stewards add rows (new resources are minted on import)
    # the dropdown list (sheet Lijsten) of this sheet's resources: their codes, then the Dutch
    # label of each spare row (a formula), so a row added here can be chosen elsewhere at once
    choices: str = ""

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


def _cs(term: str) -> str:
    return "/def/" + term


URI = Column("URI", "URI", "uri")
UUID = Column("UUID", "UUID", "uuid")
STATUS = Column("Status", "Status", "status", OWL + "deprecated", file=REDACTIE, choices="status")

SHEETS = (
    Sheet("Competenties", "Competencies", (
        URI, UUID,
        Column("Nummer", "Number", "text", SKOS + "notation", None, NOTATIES),
        Column("Label (nl)", "Label (nl)", "text", SKOS + "prefLabel", "nl", BRON, required=True, unique=True,
               new_only=True, new_file=REDACTIE),
        Column("Label (en)", "Label (en)", "text", SKOS + "prefLabel", "en", VERTALING, required=True, unique=True),
        Column("Definitie (nl)", "Definition (nl)", "text", SKOS + "definition", "nl", REDACTIE, required=True),
        Column("Definitie (en)", "Definition (en)", "text", SKOS + "definition", "en", VERTALING, required=True),
        Column("Toelichting gebieden (nl)", "Reasoning for the areas (nl)", "text", SKOS + "editorialNote", "nl",
               INTERPRETATIE),
        Column("Toelichting gebieden (en)", "Reasoning for the areas (en)", "text", SKOS + "editorialNote", "en",
               INTERPRETATIE),
        STATUS,
        Column("Vervangen door", "Replaced by", "replaced", DCT + "isReplacedBy", None, REDACTIE,
               "/id/competentie/", "competenties"),
    ), classes=(_cs("Competentie"),), home=BRON, new_rows=True, choices="competenties"),
    Sheet("Gedragsindicatoren", "Behavioural indicators", (
        URI, UUID,
        Column("Competentie", "Competency", "ref", SKOS + "broader", None, BRON, "/id/competentie/",
               "competenties", new_only=True, new_file=REDACTIE),
        Column("Nummer", "Number", "text", SKOS + "notation", None, NOTATIES),
        Column("Brontekst (nl)", "Source text (nl)", "text", _cs("bronTekst"), "nl", BRON, new_only=True),
        Column("Label (nl)", "Label (nl)", "text", SKOS + "prefLabel", "nl", REDACTIE, required=True, unique=True),
        Column("Label (en)", "Label (en)", "text", SKOS + "prefLabel", "en", VERTALING, required=True, unique=True),
        Column("Definitie (en)", "Definition (en)", "text", SKOS + "definition", "en", VERTALING, required=True),
        STATUS,
        Column("Vervangen door", "Replaced by", "replaced", DCT + "isReplacedBy", None, REDACTIE,
               "/id/gedragsindicator/", "gedragsindicatoren"),
        # an indicator of our own (not the ABD's: no source text) has our Dutch definition
        Column("Definitie (nl, eigen indicator)", "Definition (nl, own indicator)", "text", SKOS + "definition",
               "nl", REDACTIE),
    ), classes=(_cs("Gedragsindicator"),), home=BRON, new_rows=True, choices="gedragsindicatoren"),
    Sheet("Gebieden", "Areas", (
        URI, UUID,
        Column("Nummer", "Number", "text", SKOS + "notation", None, NOTATIES),
        Column("Label (nl)", "Label (nl)", "text", SKOS + "prefLabel", "nl", BRON, required=True, unique=True,
               new_only=True, new_file=REDACTIE),
        Column("Label (en)", "Label (en)", "text", SKOS + "prefLabel", "en", VERTALING, required=True, unique=True),
        Column("Definitie (nl)", "Definition (nl)", "text", SKOS + "definition", "nl", REDACTIE, required=True),
        Column("Definitie (en)", "Definition (en)", "text", SKOS + "definition", "en", VERTALING, required=True),
    ), classes=(_cs("Gebied"),), home=BRON, new_rows=True, choices="gebieden"),
    Sheet("Gebieden per competentie", "Areas per competency", (
        Column("Competentie", "Competency", "ref", "", None, INTERPRETATIE, "/id/competentie/", "competenties"),
        Column("Gebied", "Area", "ref", "", None, INTERPRETATIE, "/id/gebied/", "gebieden"),
    ), link=(INTERPRETATIE, (_cs("raaktGebied"),))),
    Sheet("ESCO-koppelingen", "ESCO mappings", (
        Column("Competentie", "Competency", "ref", "", None, MAPPING, "/id/competentie/", "competenties"),
        Column("Relatie", "Relation", "relation", "", None, MAPPING, choices="relaties"),
        Column("ESCO-vaardigheid", "ESCO skill", "ref", "", None, MAPPING, ESCO_SKILL, "esco"),
        Column("ESCO-label (en)", "ESCO label (en)", "info"),
        # the reasoning (ours): a subject's notes, the k-th on its k-th row; required on a new row
        Column("Toelichting (nl)", "Reasoning (nl)", "note", SKOS + "editorialNote", "nl", MAPPING),
        Column("Toelichting (en)", "Reasoning (en)", "note", SKOS + "editorialNote", "en", MAPPING),
    ), link=(MAPPING, (SKOS + "closeMatch", SKOS + "relatedMatch", SKOS + "broadMatch", SKOS + "narrowMatch"))),
    Sheet("ESCO-vaardigheden", "ESCO skills", (
        URI,
        Column("Label (en)", "Label (en)", "text", SKOS + "prefLabel", "en", EXTERN),
        Column("Definitie (en)", "Definition (en)", "text", SKOS + "definition", "en", EXTERN),
        # nothing of ours on ESCO's URIs (issue 11): our Dutch renderings are in the mapping's notes
    ), classes=(SKOS + "Concept",), home=EXTERN),
    Sheet("FGR-feiten", "FGR facts", (
        URI, UUID,
        Column("Label (nl)", "Label (nl)", "text", SKOS + "prefLabel", "nl", FEITEN),
        Column("Label (en)", "Label (en)", "text", SKOS + "prefLabel", "en", VERTALING, required=True),
        Column("Definitie (nl, redactie)", "Definition (nl, editorial)", "text", SKOS + "definition", "nl", REDACTIE),
        Column("Definitie (en)", "Definition (en)", "text", SKOS + "definition", "en", VERTALING, required=True),
        Column("Schaal minimum", "Scale minimum", "int", _cs("schaalMinimum"), None, FEITEN),
        Column("Schaal maximum", "Scale maximum", "int", _cs("schaalMaximum"), None, FEITEN),
    ), classes=(_cs("Functiefamilie"), _cs("Functiegroep")), home=FEITEN),
)

STATUS_VALUES = {"nl": ("actief", "verouderd"), "en": ("active", "deprecated")}
REPLACED_HEADER = {"nl": "Vervangen door", "en": "Replaced by"}  # the header of the successor column
NEW_ROW_SHEETS = {"nl": "Competenties, Gedragsindicatoren, Gebieden", "en": "Competencies, Behavioural indicators, Areas"}
RELATIONS = ("closeMatch", "relatedMatch", "broadMatch", "narrowMatch")

MESSAGES = {
    "nl": {
        "where": "blad {sheet}, rij {row}, kolom {column}, cel {cell}: ",
        "locked": "deze cel is vergrendeld ({kind}) en is gewijzigd van “{old}” in “{new}”. "
                  "Zet de oorspronkelijke waarde terug; een wijziging van de brontekst is een aparte, "
                  "bewuste stap in ontology/{file}.",
        "removed": "de rij van {uri} ontbreekt. Een uitgegeven URI mag nooit verdwijnen: zet de rij terug "
                   "en zet Status op “{deprecated}” met een opvolger in “{replaced}”.",
        "duplicate": "“{value}” staat ook in cel {other}. Een label is uniek per taal: kies een ander label.",
        "missing": "leeg, maar elke rij heeft een waarde in {column} (taal {lang}). Vul de cel in.",
        "parent": "“{value}” bestaat niet als {what}. Kies een waarde uit de keuzelijst.",
        "parent_new": "“{value}” bestaat niet als {what}: het is geen naam op de keuzelijst en geen Nederlands "
                      "label van een nieuwe rij op blad {target}. Kies een waarde uit de keuzelijst (een nieuwe rij "
                      "staat daarin met haar Nederlandse label).",
        "malformed": "“{value}” is geen geldige waarde: {rule}",
        "integer": "een geheel getal verwacht.",
        "status": "kies “{active}” of “{deprecated}”.",
        "relation": "kies een van: " + ", ".join(RELATIONS) + ".",
        "uri_new": "een nieuwe rij krijgt zijn URI bij het importeren; laat URI en UUID leeg.",
        "uri_unknown": "deze URI hoort niet bij dit blad of is onbekend. Nieuwe rijen laten de URI leeg.",
        "uuid": "de UUID hoort bij de URI ({expected}); laat hem staan of leeg.",
        "no_new": "op dit blad kunnen geen rijen worden toegevoegd (alleen op {new_sheets}).",
        "name": "van dit label is geen naam voor de URI te maken (kleine letters, cijfers, koppeltekens). "
                "Gebruik letters of cijfers.",
        "name_taken": "de URI van dit label, {uri}, is al uitgegeven. Kies een ander label (een uitgegeven URI "
                      "krijgt nooit een andere betekenis).",
        "source_or_own": "leeg: een nieuwe gedragsindicator uit de bron heeft de letterlijke brontekst; een eigen "
                         "indicator (niet van de ABD) heeft in plaats daarvan een definitie in “{own}”. Vul een van "
                         "beide in.",
        "own_only": "alleen een eigen gedragsindicator (zonder brontekst) heeft hier een definitie; die van een "
                    "indicator uit de bron is de brontekst zelf. Maak de cel leeg.",
        "note_needed": "leeg, maar een nieuwe koppeling heeft een toelichting (taal {lang}): waarom deze relatie "
                       "met deze ESCO-vaardigheid (skos:editorialNote, van ons). Vul de cel in.",
        "twice": "deze URI staat ook op rij {other}. Elk begrip staat één keer op het blad: verwijder een van "
                 "beide rijen of zet de oorspronkelijke URI terug.",
        "replaced_needed": "een verouderde rij noemt zijn opvolger in “{replaced}”. Kies de opvolger uit de keuzelijst.",
        "replaced_only": "alleen een verouderde rij heeft een opvolger; zet Status op “{deprecated}” of maak de cel "
                         "leeg.",
        "sheet": "het blad {sheet} ontbreekt of heeft andere kolommen dan bij het exporteren (verwacht: "
                 "{expected}). Exporteer opnieuw met `competentieset export-xlsx` en breng je wijzigingen over.",
        "stale": "deze werkmap is geëxporteerd uit een andere versie van ontology/ dan die van nu. Exporteer "
                 "opnieuw met `competentieset export-xlsx` en breng je wijzigingen over (anders zouden "
                 "tussentijdse wijzigingen ongemerkt worden teruggedraaid).",
        "unreadable": "{path}: geen leesbare XLSX-werkmap ({reason}). Sla de werkmap op als .xlsx.",
        "changed": "ontology/{file} is tijdens het importeren gewijzigd. Niets geschreven: importeer opnieuw.",
        "lost": "het lezen van de werkmap stopte zonder resultaat (te weinig geheugen?). Niets geschreven.",
        "invalid": "de geïmporteerde woordenlijst voldoet niet aan de regels van `competentieset validate`:",
        "refused": "Niets geschreven: {n} fout(en) in {path}.",
        "dry": "Proefdraai (--dry-run): niets geschreven.",
        "written": "Geschreven: {files}.",
        "unchanged": "Geen wijzigingen: niets geschreven.",
        "locked_kind": "herkomst: {kind}, vergrendeld",
        "open_kind": "herkomst: {kind}, bewerkbaar",
        "ref_kind": "{kind}",
    },
    "en": {
        "where": "sheet {sheet}, row {row}, column {column}, cell {cell}: ",
        "locked": "this cell is locked ({kind}) and was changed from “{old}” to “{new}”. Restore the "
                  "original value; changing the source text is a separate, deliberate step in ontology/{file}.",
        "removed": "the row of {uri} is missing. A published URI must never disappear: restore the row and set "
                   "Status to “{deprecated}” with a successor in “{replaced}”.",
        "duplicate": "“{value}” is also in cell {other}. A label is unique per language: choose another label.",
        "missing": "empty, but every row has a value in {column} (language {lang}). Fill in the cell.",
        "parent": "“{value}” does not exist as {what}. Choose a value from the dropdown list.",
        "parent_new": "“{value}” does not exist as {what}: it is neither a name in the dropdown list nor the Dutch "
                      "label of a new row on sheet {target}. Choose a value from the dropdown list (a new row is in "
                      "it by its Dutch label).",
        "malformed": "“{value}” is not a valid value: {rule}",
        "integer": "a whole number is expected.",
        "status": "choose “{active}” or “{deprecated}”.",
        "relation": "choose one of: " + ", ".join(RELATIONS) + ".",
        "uri_new": "a new row gets its URI on import; leave URI and UUID empty.",
        "uri_unknown": "this URI does not belong to this sheet or is unknown. New rows leave the URI empty.",
        "uuid": "the UUID belongs to the URI ({expected}); leave it or empty it.",
        "no_new": "rows cannot be added on this sheet (only on {new_sheets}).",
        "name": "no name for the URI can be made from this label (lowercase letters, digits, hyphens). Use "
                "letters or digits.",
        "name_taken": "the URI of this label, {uri}, has already been published. Choose another label (a "
                      "published URI never gets another meaning).",
        "source_or_own": "empty: a new behavioural indicator of the source has the verbatim source text; one of "
                         "our own (not the ABD's) has a definition in “{own}” instead. Fill in one of them.",
        "own_only": "only a behavioural indicator of our own (without source text) has a definition here; that "
                    "of an indicator of the source is the source text itself. Empty the cell.",
        "note_needed": "empty, but a new mapping has its reasoning (language {lang}): why this relation with this "
                       "ESCO skill (skos:editorialNote, ours). Fill in the cell.",
        "twice": "this URI is also on row {other}. Each resource is on the sheet once: delete one of the two rows "
                 "or restore the original URI.",
        "replaced_needed": "a deprecated row names its successor in “{replaced}”. Choose the successor from the dropdown "
                           "list.",
        "replaced_only": "only a deprecated row has a successor; set Status to “{deprecated}” or empty the cell.",
        "sheet": "the sheet {sheet} is missing or has other columns than when it was exported (expected: "
                 "{expected}). Export again with `competentieset export-xlsx` and carry your changes over.",
        "stale": "this workbook was exported from another version of ontology/ than today's. Export again with "
                 "`competentieset export-xlsx` and carry your changes over (otherwise changes made in between "
                 "would be undone unnoticed).",
        "unreadable": "{path}: not a readable XLSX workbook ({reason}). Save the workbook as .xlsx.",
        "changed": "ontology/{file} changed during the import. Nothing written: import again.",
        "lost": "reading the workbook stopped without a result (out of memory?). Nothing written.",
        "invalid": "the imported vocabulary does not pass the rules of `competentieset validate`:",
        "refused": "Nothing written: {n} error(s) in {path}.",
        "dry": "Dry run (--dry-run): nothing written.",
        "written": "Written: {files}.",
        "unchanged": "No changes: nothing written.",
        "locked_kind": "provenance: {kind}, locked",
        "open_kind": "provenance: {kind}, editable",
        "ref_kind": "{kind}",
    },
}

KIND_NAMES = {
    "nl": {"Bron": "bron (letterlijk)", "Feit": "geciteerd feit", "Extern": "extern (ESCO)",
           "Redactie": "redactie (van ons)", "Interpretatie": "interpretatie (van ons)",
           "Vertaling": "vertaling (van ons)", "Mapping": "koppeling (van ons)", "Model": "model",
           None: "afgeleid (niet bewerkbaar)", "id": "identificatie"},
    "en": {"Bron": "source (verbatim)", "Feit": "cited fact", "Extern": "external (ESCO)",
           "Redactie": "editorial (ours)", "Interpretatie": "interpretation (ours)",
           "Vertaling": "translation (ours)", "Mapping": "mapping (ours)", "Model": "model",
           None: "derived (not editable)", "id": "identifier"},
}


class XlsxError(CompetentiesetError):
    """The workbook cannot be imported; the message lists every problem, cell by cell."""


# --------------------------------------------------------------------------- the project's files


@dataclass
class Files:
    """The Turtle files of ontology/ as blocks, with their kind of provenance."""

    project: object
    files: dict = field(default_factory=dict)  # relative path -> TurtleFile
    kinds: dict = field(default_factory=dict)  # relative path -> kind local name (Bron, ...)
    editorial: dict = field(default_factory=dict)  # relative path -> bool

    @classmethod
    def read(cls, project, blocks: bool = True, lang: str = "nl") -> Files:
        """Every file of the catalog as its index: of every predicate (to edit: a file's
        blocks are read when an edit first needs them, `turtle`), or (blocks=False, to
        export) of the predicates the sheets show (_shown_predicates)."""
        from competentieset.model.vocabulary import read_catalog
        from competentieset.validation.limited import OntologyDigest, read_ontology_digest

        result = cls(project)
        root = project.ontology_dir.resolve()
        model = project.ontology_dir / "model" / "competentiemodel.ttl"
        flags = {}
        for triple in ox.parse(model.read_bytes(), format=ox.RdfFormat.TURTLE):
            if triple.predicate.value.endswith("/def/redactioneel"):
                flags[triple.subject.value.rsplit("/", 1)[-1]] = triple.object.value == "true"
        digest = OntologyDigest()  # of the files as read, one at a time (not all their text at once)
        shown = None if blocks else _shown_predicates(project.source_base)
        result.__dict__["_read"] = {}  # relative path -> (path, sha256 of its bytes) to read its blocks
        result.__dict__["_lang"] = lang
        for _, path, kind, _ in read_catalog(project):
            rel = path.relative_to(root).as_posix()
            data = path.read_bytes()
            digest.add(rel, data)
            result.__dict__["_read"][rel] = (path, hashlib.sha256(data).digest())
            text = _text_of(data)
            del data
            result.files[rel] = TurtleFile.index_only(path, text, shown)
            local = kind.rsplit("/", 1)[-1] if kind else None
            result.kinds[rel] = local
            result.editorial[rel] = flags.get(local, False)
        # the state of ontology/ the workbook is made from (its files' bytes); also the key of
        # validate's record of this state
        result.__dict__["_fingerprint"] = digest.finish(project.uri_register.read_bytes()) if digest.in_order \
            else read_ontology_digest(project)  # a catalog not in path order: read again in order
        return result

    def fingerprint(self) -> str:
        return self.__dict__["_fingerprint"]

    def turtle(self, rel: str) -> TurtleFile:
        """File `rel` with its blocks (header and chunks) as well as its index. Only the files
        an edit changes are held as blocks (every file's text in blocks was half the memory
        of import-xlsx at 20,000 concepts): read again on first use, refused when its bytes
        are no longer those read (ontology/ changed during the import)."""
        tf = self.files[rel]
        if tf.chunks or tf.header:
            return tf
        path, sha = self.__dict__["_read"][rel]
        data = path.read_bytes()
        if hashlib.sha256(data).digest() != sha:
            raise XlsxError(MESSAGES[self.__dict__["_lang"]]["changed"].format(file=rel))
        full = TurtleFile.parse(path, _text_of(data), read=tf)
        tf.header, tf.prefixes, tf.chunks, tf.index = full.header, full.prefixes, full.chunks, full.index
        return tf

    def blocks_of(self, rel: str, subject: str) -> list[Block]:
        index = self._index(rel)
        return index.get(subject, [])

    def statements(self, rel: str, subject: str) -> list:
        """The statements of `subject` in file `rel` as read (from its index: no blocks)."""
        node = ox.NamedNode(subject)
        return [ox.Triple(node, ox.NamedNode(p), o) for p, objects in self.files[rel].index.get(subject, _EMPTY).items()
                for o in objects]

    def _index(self, rel: str) -> dict:
        cache = self.__dict__.setdefault("_cache", {})
        if rel not in cache:
            index: dict = {}
            for block in self.turtle(rel).blocks():
                index.setdefault(block.subject.value, []).append(block)
            cache[rel] = index
        return cache[rel]

    def objects(self, rel: str, subject: str, predicate: str, lang: str | None = None) -> list:
        """The objects of (subject, predicate) in file `rel` as read (the file's index)."""
        if predicate.startswith("/"):
            predicate = self.project.source_base + predicate
        found = self.files[rel].index.get(subject, _EMPTY).get(predicate, ())
        if lang is None:
            return list(found)
        return [o for o in found if isinstance(o, ox.Literal) and o.language == lang]

    def deprecated(self) -> set:
        cache = self.__dict__.get("_deprecated")
        if cache is None:
            cache = self.__dict__["_deprecated"] = {
                subject for tf in self.files.values() for subject, by_predicate in tf.index.items()
                if any(o.value == "true" for o in by_predicate.get(OWL + "deprecated", ()))}
        return cache

    def subjects_of(self, rel: str, classes: tuple) -> list[str]:
        """The subjects typed with one of `classes` in file `rel`, in the order of the file
        (as read; looked up once per file and classes)."""
        cache = self.__dict__.setdefault("_subjects_of", {})
        key = (rel, tuple(classes))
        if key not in cache:
            wanted = set(classes)
            cache[key] = [subject for subject, by_predicate in self.files[rel].index.items()
                          if any(o.value in wanted for o in by_predicate.get(RDF_TYPE, ()))]
        return list(cache[key])

    def typed(self, subject: str) -> bool:
        """Whether any file gives `subject` a type."""
        return any(RDF_TYPE in tf.index.get(subject, {}) for tf in self.files.values())


_EMPTY: dict = {}


def _text_of(data: bytes) -> str:
    """A file's text as read_text reads it (UTF-8, universal newlines)."""
    text = data.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _shown_predicates(base: str) -> frozenset:
    """Every predicate the export reads: the columns', the link sheets', the types (which
    resources are rows) and owl:deprecated (status)."""
    shown = {RDF_TYPE, OWL + "deprecated"}
    for sheet in SHEETS:
        shown.update(_abs(c.predicate, base) for c in sheet.columns if c.predicate)
        if sheet.link:
            shown.update(_abs(p, base) for p in sheet.link[1])
    return frozenset(shown)


def _lang_ok(term, lang: str | None) -> bool:
    if lang is None:
        return True
    return isinstance(term, ox.Literal) and term.language == lang


def _abs(target: str, base: str) -> str:
    """A namespace or IRI written relative to the base ("/def/...") made absolute."""
    return target if not target.startswith("/") else base + target


def _code(uri: str, target: str, base: str) -> str:
    namespace = _abs(target, base)
    return uri[len(namespace):] if uri.startswith(namespace) else uri


def _cell_text(term) -> str:
    return term.value


def _sheet_rows(files: Files, sheet: Sheet) -> list[str]:
    """The resources of a sheet: typed in its home file, in that file's order; then those
    of our own (typed in the editorial file: a competency, indicator or area a steward added)."""
    base = files.project.source_base
    classes = tuple(_abs(c, base) for c in sheet.classes)
    rows = files.subjects_of(sheet.home, classes)
    if sheet.new_rows and sheet.home != REDACTIE:
        known = set(rows)
        rows += [s for s in files.subjects_of(REDACTIE, classes) if s not in known]
    return rows


def _esco_extract(project) -> dict:
    """ESCO skill URI -> (preferred label, description) from the extract in sources/ (empty
    when a project has no copy of it: then only the skills already cited can be chosen)."""
    path = project.root / ESCO_EXTRACT
    out = {}
    if not path.is_file():
        return out
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("conceptUri", "").startswith(ESCO_SKILL):
                out[row["conceptUri"]] = (row["preferredLabel"].strip(), row["description"].strip())
    return out


def _esco_choices(files: Files) -> dict:
    """The ESCO skills a mapping may point to: those already cited, and the extract's."""
    out = {}
    for subject, by_predicate in files.files[EXTERN].index.items():
        out[subject] = (next((o.value for o in by_predicate.get(SKOS + "prefLabel", ())), ""), "")
    out.update(_esco_extract(files.project))
    return out


def _value(files: Files, column: Column, subject: str, lang_ui: str) -> str:
    """The text of one cell of a resource sheet, from today's files."""
    base = files.project.source_base
    if column.kind == "uri":
        return subject
    if column.kind == "uuid":
        return uuid_of(subject)
    if column.kind == "status":
        return STATUS_VALUES[lang_ui][1 if subject in files.deprecated() else 0]
    if column.file and not column.new_file:  # the common case, kept short
        values = files.objects(column.file, subject, column.predicate, column.lang)
    else:
        rels = [column.file] if column.file else list(files.files)
        if column.new_file:  # a resource of our own has this value in the editorial file
            rels.append(column.new_file)
        values = []
        for rel in rels:
            values += files.objects(rel, subject, column.predicate, column.lang)
    if not values:
        return ""
    if column.kind in ("ref", "replaced"):
        return "\n".join(_code(v.value, column.target, base) for v in values)
    return "\n".join(_cell_text(v) for v in values)


def _locked(files: Files, column: Column) -> bool:
    if column.kind in ("uri", "uuid", "info"):
        return True
    if column.file is None:
        return True
    return not files.editorial.get(column.file, False)


# --------------------------------------------------------------------------- export


def _lists(files: Files, lang: str) -> dict:
    """The dropdown lists (sheet Lijsten) by name: a sheet's resources by code, then one
    formula per spare row of that sheet giving its Dutch label (_new_row_entries); the ESCO
    ids and their labels; the relations."""
    base = files.project.source_base
    esco_choices = _esco_choices(files)
    esco = sorted(esco_choices)
    lists = {}
    for sheet in SHEETS:
        if sheet.choices:
            target = _namespace_of(sheet)
            lists[sheet.choices] = [_code(u, target, base) for u in _sheet_rows(files, sheet)]
            lists[sheet.choices] += _new_row_entries(files, sheet, lang)
    return {
        **lists,
        "esco": [_code(u, ESCO_SKILL, base) for u in esco],
        # beside each ESCO id its English label: the dropdown shows ids only, and the ESCO
        # skills sheet only the skills already cited (not the rest of the extract)
        "esco-label (en)": [esco_choices[u][0] for u in esco],
        "relaties": list(RELATIONS),
    }


def _namespace_of(sheet: Sheet) -> str:
    """The namespace (relative to the base) of a resource sheet's URIs: that of the
    references whose dropdown lists them."""
    return next(c.target for s in SHEETS for c in s.columns if c.choices == sheet.choices and c.target)


def _new_row_entries(files: Files, sheet: Sheet, lang: str) -> list[str]:
    """One formula per spare row of `sheet`: that row's Dutch label, "" while it is empty.
    Excel and LibreOffice compute it when the workbook is opened and whenever the label is
    typed, so a resource added on the sheet is in the dropdowns of the same workbook by its
    label; import resolves that label to the URI it mints for the row (_resolve)."""
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(_column_of(sheet, "prefLabel", "nl") + 1)
    first = _row_count(files, sheet) + HEADER_ROWS + 1
    title = sheet.name(lang).replace("'", "''")
    return [f"=\"\"&'{title}'!${letter}${row}" for row in range(first, first + SPARE_ROWS)]


def _row_count(files: Files, sheet: Sheet) -> int:
    """How many data rows workbook_rows gives."""
    if not sheet.link:
        return len(_sheet_rows(files, sheet))
    rel, predicates = sheet.link
    predicates = tuple(_abs(p, files.project.source_base) for p in predicates)
    return sum(len(by_predicate.get(p, ())) for by_predicate in files.files[rel].index.values() for p in predicates)


def workbook_rows(files: Files, sheet: Sheet, lang: str):
    """The data rows of one sheet (what export writes under the two header rows), one by one."""
    base = files.project.source_base
    if sheet.link:
        rel, predicates = sheet.link
        predicates = tuple(_abs(p, base) for p in predicates)
        esco = None
        for subject, by_predicate in files.files[rel].index.items():
            k = 0  # the subject's k-th row shows its k-th note per language
            for predicate, objects in by_predicate.items():
                if predicate not in predicates:
                    continue
                for obj in objects:
                    row = []
                    for column in sheet.columns:
                        if column.kind == "note":
                            notes = files.objects(rel, subject, column.predicate, column.lang)
                            row.append(notes[k].value if k < len(notes) else "")
                        elif column.kind == "relation":
                            row.append(predicate[len(SKOS):])
                        elif column.kind == "info":
                            if esco is None:
                                esco = _esco_choices(files)
                            row.append(esco.get(obj.value, ("", ""))[0])
                        elif column is sheet.columns[0]:
                            row.append(_code(subject, column.target, base))
                        else:
                            row.append(_code(obj.value, column.target, base))
                    yield row
                    k += 1
        return
    for subject in _sheet_rows(files, sheet):
        yield [_value(files, c, subject, lang) for c in sheet.columns]


def export_workbook(project, target: Path, lang: str = "nl") -> Path:
    """Write the workbook of the whole vocabulary to `target` (atomically).

    openpyxl's write-only mode: rows are streamed to the file, each cell a WriteOnlyCell
    whose style is copied from one styled template per column (setting styles per cell
    hashes them each time: 7x slower at 20,000 concepts; the in-memory workbook triples
    the memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    files = Files.read(project, blocks=False)
    m = MESSAGES[lang]
    kinds = KIND_NAMES[lang]
    wb = Workbook(write_only=True)
    shade = PatternFill("solid", fgColor="D9D9D9")
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")

    def styled(ws, value=None, **style):
        cell = WriteOnlyCell(ws, value=value)
        for name, item in style.items():
            setattr(cell, name, item)
        return cell

    intro = wb.create_sheet("Toelichting" if lang == "nl" else "Explanation")
    intro.column_dimensions["A"].width = 120
    for number, line in enumerate(_intro(lang)):
        intro.append([styled(intro, line, font=Font(bold=True, size=14)) if number == 0 else line])
    lists = _lists(files, lang)
    lists_ws = wb.create_sheet("Lijsten" if lang == "nl" else "Lists")
    names = sorted(lists)
    ranges = {}
    for index, name in enumerate(names, start=1):
        letter = get_column_letter(index)
        ranges[name] = f"'{lists_ws.title}'!${letter}$2:${letter}${max(2, len(lists[name]) + 1)}"
    ranges["status"] = '"' + ",".join(STATUS_VALUES[lang]) + '"'
    lists_ws.append(names)
    for r in range(max((len(v) for v in lists.values()), default=0)):
        lists_ws.append([lists[name][r] if r < len(lists[name]) else None for name in names])
    lists_ws.protection.sheet = True
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name(lang))
        rows = workbook_rows(files, sheet, lang)  # streamed: one sheet's cells are never all held
        last = _row_count(files, sheet) + HEADER_ROWS
        data_styles, spare_styles = [], []
        for ci, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(ci)
            ws.column_dimensions[letter].width = 60 if column.kind in ("text", "note") else 24
            locked = _locked(files, column)
            style = {"alignment": wrap} if column.kind in ("text", "note") else {}
            if locked and not (sheet.link and column.kind in ("ref", "relation")):
                style["fill"] = shade
            else:
                style["protection"] = unlocked
            data_styles.append(styled(ws, **style)._style)
            editable_new = not locked or column.new_only or column.kind in ("ref", "relation") and bool(sheet.link)
            spare = (sheet.link or sheet.new_rows) and editable_new and column.kind not in ("uri", "uuid", "info")
            spare_styles.append(styled(ws, protection=unlocked)._style if spare else None)
            if column.choices:
                dv = DataValidation(type="list", formula1=ranges[column.choices], allow_blank=True)
                dv.add(f"{letter}{HEADER_ROWS + 1}:{letter}{last + SPARE_ROWS}")
                ws.data_validations.append(dv)  # write-only sheets have no add_data_validation
        ws.freeze_panes = "C3" if not sheet.link else "A3"
        bold, italic = Font(bold=True), Font(italic=True)
        ws.append([styled(ws, c.header(lang), font=bold) for c in sheet.columns])
        provenance = []
        for c in sheet.columns:
            kind = "id" if c.kind in ("uri", "uuid") else files.kinds.get(c.file) if c.file else None
            text = m["locked_kind" if _locked(files, c) else "open_kind"].format(kind=kinds.get(kind, kind))
            provenance.append(styled(ws, text, font=italic))
        ws.append(provenance)
        _stream_styled_rows(ws, rows, data_styles)
        if any(spare_styles):
            _stream_styled_rows(ws, ([None] * len(spare_styles) for _ in range(SPARE_ROWS)), spare_styles)
        ws.protection.sheet = True
        ws.protection.insertRows = False
        ws.protection.formatColumns = False
        ws.protection.autoFilter = False
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    meta.append(["fingerprint", files.fingerprint()])
    meta.append(["lang", lang])
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".xlsx", dir=target.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def _stream_styled_rows(ws, rows, styles: list) -> None:
    """Append `rows` (lists of values) to the write-only sheet `ws`, the cell of column i
    styled as styles[i] (a StyleArray, or None for no style).

    openpyxl's own path for a styled cell costs a Cell object per cell, a ValueError in
    WriteOnlyWorksheet._values_to_row (it first tries the cell as a value) and hashing its
    style to find the style id, per cell: 2.5x the time of writing the same values plain.
    Here each column has one template cell whose style id is looked up once; the sheet's
    row conversion (the hook _write_rows calls for every appended row) rebinds the value
    and row of those cells, as openpyxl itself reuses one cell for unstyled values. The
    XML written is the same, cell for cell (tests/stewarding: the golden round trips)."""
    from openpyxl.cell.cell import Cell
    from openpyxl.styles.cell_style import StyleArray

    if not _fast_rows_supported(ws):
        # another openpyxl than the one this was written for: its public, slower path
        from openpyxl.cell import WriteOnlyCell

        for row in rows:
            cells = []
            for value, style in zip(row, styles, strict=True):
                cell = WriteOnlyCell(ws, value=value)
                if style is not None:
                    cell._style = StyleArray(style)
                cells.append(cell)
            ws.append(cells)
        return
    styled_cell = _styled_cell_class()
    templates = []
    for column, style in enumerate(styles, start=1):
        if style is None:
            cell = Cell(ws, row=1, column=column)
        else:
            cell = styled_cell(ws, row=1, column=column, style_array=style)
            cell.style_id = ws.parent._cell_styles.add(cell._style)
        templates.append(cell)

    def values_to_row(values, row_idx):
        for cell, value in zip(templates, values, strict=True):
            cell.value = value
            cell.row = row_idx
            yield cell

    ws._values_to_row = values_to_row
    try:
        for row in rows:
            ws.append(row)
    finally:
        del ws._values_to_row  # back to openpyxl's own conversion for later rows


def _fast_rows_supported(ws) -> bool:
    """Whether this openpyxl has the two internals _stream_styled_rows relies on."""
    return hasattr(type(ws), "_values_to_row") and hasattr(ws.parent, "_cell_styles")


def _styled_cell_class():
    from openpyxl.cell.cell import Cell

    class StyledCell(Cell):
        """A cell whose style id is fixed (looked up once per column, not per cell)."""

        __slots__ = ("style_id",)

    return StyledCell


def _intro(lang: str) -> list[str]:
    if lang == "en":
        return [
            "Competency framework for public leaders: workbook for data stewards",
            "",
            "One sheet per kind: a row per resource, a column per property and language. Row 2 of every sheet "
            "gives the kind of provenance of the column (ontology/herkomst.ttl).",
            "Grey, locked cells are the source's verbatim text, cited facts, ESCO's own words and the identifiers "
            "(URI, UUID): they cannot change by accident. White cells are this project's own additions: edit them.",
            "Dropdowns: competency, area, ESCO skill (from the ESCO extract), mapping relation, status, replaced by. "
            "A row you add on Competencies, Behavioural indicators or Areas is at the end of its dropdown at once, by "
            "its Dutch label (it has no URI yet): choose it there, e.g. as the competency of a new indicator or as "
            "the successor of a deprecated one.",
            "New behavioural indicator: fill in an empty row under the data (competency, source text, labels, "
            "definition); leave URI and UUID empty: the import mints the URI by the project's rule. One of our "
            "own (not the ABD's) has no source text but our Dutch definition in the last column.",
            "New competency or area: an empty row on its sheet; it is ours (not the ABD's words). Its URI is made "
            "from the Dutch label (lowercase, hyphens: “Publieke waarde” becomes publieke-waarde); the other "
            "sheets refer to it by its label, as the dropdowns list it, or by that name; a competency needs at "
            "least one indicator.",
            "ESCO mappings: the reasoning (ours) of a competency or indicator stands on its first row; a new "
            "mapping needs its reasoning in Dutch and English on its own row.",
            "Never delete a row of a published URI: set Status to “deprecated” and name the successor.",
            "Import: competentieset import-xlsx FILE --dry-run (check and show the change list), then without "
            "--dry-run to write ontology/. Every error names sheet, row, column and cell; nothing is written "
            "while there is an error.",
        ]
    return [
        "Competentieset voor publieke leiders: werkmap voor beheerders",
        "",
        "Eén blad per soort: een rij per begrip, een kolom per eigenschap en taal. Rij 2 van elk blad geeft de "
        "herkomst van de kolom (ontology/herkomst.ttl).",
        "Grijze, vergrendelde cellen zijn de letterlijke tekst van de bron, geciteerde feiten, de eigen woorden "
        "van ESCO en de identificatie (URI, UUID): die veranderen niet per ongeluk. Witte cellen zijn "
        "toevoegingen van dit project: die mag je bewerken.",
        "Keuzelijsten: competentie, gebied, ESCO-vaardigheid (uit het ESCO-extract), soort koppeling, status, "
        "vervangen door. Een rij die je toevoegt op Competenties, Gedragsindicatoren of Gebieden staat meteen "
        "onderaan haar keuzelijst, met haar Nederlandse label (een URI heeft ze nog niet): kies haar daar, "
        "bijvoorbeeld als competentie van een nieuwe indicator of als opvolger van een verouderde.",
        "Nieuwe gedragsindicator: vul een lege rij onder de gegevens in (competentie, brontekst, labels, "
        "definitie); laat URI en UUID leeg: bij het importeren krijgt de rij een URI volgens de regel van het "
        "project. Een eigen indicator (niet van de ABD) heeft geen brontekst maar onze Nederlandse definitie in "
        "de laatste kolom.",
        "Nieuwe competentie of nieuw gebied: een lege rij op het blad; die is van ons (niet de woorden van de "
        "ABD). De URI komt uit het Nederlandse label (kleine letters, koppeltekens: “Publieke waarde” wordt "
        "publieke-waarde); de andere bladen verwijzen ernaar met haar label, zoals de keuzelijsten het tonen, of met "
        "die naam; een competentie heeft minstens één gedragsindicator.",
        "ESCO-koppelingen: de toelichting (van ons) van een competentie of indicator staat op haar eerste rij; "
        "een nieuwe koppeling heeft op haar eigen rij een toelichting in het Nederlands en het Engels.",
        "Verwijder nooit de rij van een uitgegeven URI: zet Status op “verouderd” en noem de opvolger.",
        "Importeren: competentieset import-xlsx BESTAND --dry-run (controleren en de wijzigingen tonen), daarna "
        "zonder --dry-run om ontology/ te schrijven. Elke fout noemt blad, rij, kolom en cel; zolang er een fout "
        "is, wordt niets geschreven.",
    ]


# --------------------------------------------------------------------------- import


def _norm(value) -> str:
    """A cell's value as text, whatever program saved it (None or "" for an empty cell,
    numbers, booleans, dates, CRLF). Excel stores a carriage return in a string as the
    escape _x000D_; calamine decodes it, and one left encoded is dropped here."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        if "\r" in value or "_x000D_" in value:
            return value.replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")  # as openpyxl's value printed: "2026-12-07 10:30:00"
    if isinstance(value, datetime.date):
        return value.isoformat()  # a whole day: "2026-12-07"
    return str(value)


@dataclass
class ImportResult:
    changes: object  # model.diff.ChangeSet
    written: list  # relative paths of the files written (empty on a dry run or no change)
    new_texts: dict  # relative path -> new text of every file that changes
    limited: bool = False  # validated on what the edit can affect (validation/limited.py)


def _letter(column: int) -> str:
    """The letters of a 1-based column number as spreadsheets write them (1 A, 27 AA), without
    importing openpyxl for it (7 MB of the import's memory)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class _Errors:
    def __init__(self, lang: str, book_lang: str):
        self.lang = lang  # of the messages
        self.book_lang = book_lang  # of the sheet names and headers (as in the workbook)
        self.items: list[str] = []

    def words(self) -> dict:
        """The workbook's own words that messages quote (a Dutch workbook takes “verouderd” also
        when the messages are English, --lang en)."""
        return {"active": STATUS_VALUES[self.book_lang][0], "deprecated": STATUS_VALUES[self.book_lang][1],
                "replaced": REPLACED_HEADER[self.book_lang], "new_sheets": NEW_ROW_SHEETS[self.book_lang]}

    def at(self, sheet: Sheet, row: int, ci: int, key: str, **kw) -> None:
        m = MESSAGES[self.lang]
        column = sheet.columns[ci]
        where = m["where"].format(sheet=sheet.name(self.book_lang), row=row, column=column.header(self.book_lang),
                                  cell=f"{_letter(ci + 1)}{row}")
        self.items.append(where + m[key].format(**{**self.words(), **kw}))


class _Book:
    """An open workbook, read with calamine (python-calamine: Rust, several times faster
    than openpyxl's read-only mode and without a Python object per cell). Only cell values
    are read: the import compares locked columns with ontology/, not with the sheet's
    protection, so styles, protection and data validation are not needed here (export
    writes them with openpyxl). A sheet's rows are yielded one at a time as lists of text,
    row 1 and column A first: calamine's range starts at the first non-empty cell, its
    iter_rows pads the rows above it but not the columns left of it, so those are padded
    here (every message names the cell as Excel and LibreOffice do)."""

    def __init__(self, path: Path, lang: str):
        from python_calamine import CalamineWorkbook

        try:
            self.wb = CalamineWorkbook.from_path(str(path))
            self.names = set(self.wb.sheet_names)
        except Exception as exc:  # zip, XML or calamine errors: all mean "not a workbook"
            raise XlsxError(MESSAGES[lang]["unreadable"].format(
                path=path, reason=type(exc).__name__ + ": " + str(exc))) from None
        self.path = path
        self.lang = lang

    def rows(self, name: str, max_row: int | None = None):
        """The rows of a sheet as lists of text (see _norm), from row 1 and column A."""
        try:
            sheet = self.wb.get_sheet_by_name(name)
        except Exception as exc:  # a sheet whose XML calamine cannot read
            raise XlsxError(MESSAGES[self.lang]["unreadable"].format(
                path=self.path, reason=f"{name}: {type(exc).__name__}: {exc}")) from None
        start = sheet.start
        if start is None:  # no cell with a value
            return
        lead = [""] * start[1]
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if max_row is not None and number > max_row:
                return
            yield lead + [_norm(v) for v in row]

    def first_row(self, name: str) -> list:
        return next(self.rows(name, max_row=1), [])

    def body(self, name: str, width: int):
        """(row number, cells) of the non-empty rows under the header rows, `width` cells each."""
        padding = [""] * width
        for number, row in enumerate(self.rows(name), start=1):
            if number <= HEADER_ROWS:
                continue
            row = (row + padding)[:width]
            if any(v.strip() for v in row):
                yield number, row

    def close(self) -> None:
        self.wb.close()


def import_workbook(project, path: Path, lang: str = "nl", dry_run: bool = False) -> ImportResult:
    """Check the workbook, apply it to ontology/, validate, diff; write unless dry_run.

    Raises XlsxError (nothing written) on any problem.

    Two steps, one after the other: the workbook is read, checked and applied to the files'
    index and blocks in a forked child (_prepare), which hands back only the new texts, the
    change tables and the rows; this process then loads the result into a store and
    validates it. Memory freed within one process is mostly not returned (the index's many
    small objects leave the allocator's arenas fragmented), so in one process the store
    came on top of what the files had taken (206 MB at 20,000 concepts); this way each
    step has its own peak."""
    from competentieset.model.diff import ChangeSet, diff_statements
    from competentieset.model.vocabulary import load
    from competentieset.validation import limited, validate

    m = MESSAGES[lang]
    prepared = _apart(lambda: _prepare(project, Path(path), lang), lang)
    if prepared is None:
        # nothing differs from today's files: the change list is empty by construction and
        # the vocabulary is today's (which `validate` checks on its own)
        return ImportResult(ChangeSet(), [], {})
    new_texts, register, rows_of = prepared.new_texts, prepared.register, prepared.rows
    # validate's record of today's state (the focus nodes with findings), if it has one:
    # then only what the edit can affect is validated, with the same findings
    record = None
    if prepared.changed is not None:
        record = limited.load_record(project, limited.state_key(project, prepared.fingerprint))
    changed = prepared.changed if record is not None else {}
    # validate the result exactly as `validate` does, on a copy of the project
    with tempfile.TemporaryDirectory(prefix="import-xlsx-") as tmp:
        root = Path(tmp)
        shutil.copytree(project.ontology_dir, root / "ontology")
        shutil.copytree(project.shapes_dir, root / "shapes")
        for rel, text in new_texts.items():
            (root / "ontology" / rel).write_text(text, encoding="utf-8")
        if register is not None:
            (root / "ontology" / "uri-register.txt").write_text(register, encoding="utf-8")
        copy = dataclasses.replace(project, root=root)
        new_vocab = load(copy)
        limit = None
        if record is not None:
            added, removed = _changed_quads(new_vocab, changed, root / "ontology")
            limit = limited.Limit.of(new_vocab, added, removed, record)
        report = validate(new_vocab, lang, limit=limit)
        del new_vocab
        if report.has_violations:
            lines = [m["invalid"]]
            for finding in report.violations:
                where = _where_of(rows_of, finding, lang, project.base)
                lines.append("  " + where + _finding_text(finding, lang, with_file=not where))
            raise XlsxError("\n".join(lines + [m["refused"].format(n=len(report.violations), path=path)]))
    changes = diff_statements(prepared.before, prepared.after, project.base)
    written: list = []
    if not dry_run:
        targets = {project.ontology_dir / rel: text for rel, text in new_texts.items()}
        if register is not None:
            targets[project.uri_register] = register
        _write_all(targets)
        written = sorted(new_texts) + (["uri-register.txt"] if register is not None else [])
        # the new state's findings are known: the next import can limit its validation too
        limited.save_record(project, limited.state_key(project, limited.read_ontology_digest(project)), report)
    return ImportResult(changes, written, new_texts, limited=limit is not None)


@dataclass
class _Prepared:
    """What the reading step hands to the validating one (small: the edit's, not the files')."""

    new_texts: dict  # relative path -> new text of every file that changes
    register: str | None  # the URI register's new text, if URIs were minted
    before: dict  # the change tables (model.diff) of the changed resources
    after: dict
    rows: dict  # subject -> (sheet, workbook language, row): where a finding is shown
    changed: dict | None  # (file, subject) -> (statements before, after); None: not limitable
    fingerprint: str  # of ontology/ as read


def _apart(fn, lang: str):
    """fn() in a forked child (competentieset.forked), its result returned here; inline
    where there is no fork."""
    if not hasattr(os, "fork"):
        return fn()
    from competentieset.forked import run_in_child

    return run_in_child(fn, XlsxError, MESSAGES[lang]["lost"])


def _prepare(project, path: Path, lang: str) -> _Prepared | None:
    """Read and check the workbook and apply it to the files' blocks; None when nothing
    differs from today's files. Raises XlsxError (every cell's error) on any problem."""
    m = MESSAGES[lang]
    book = _Book(path, lang)
    try:
        # which language the workbook was written in: its sheet names tell
        book_lang = "en" if SHEETS[0].en in book.names and SHEETS[0].nl not in book.names else "nl"
        errors = _Errors(lang, book_lang)
        meta = {row[0]: row[1] for row in (book.rows(META_SHEET) if META_SHEET in book.names else ())
                if len(row) >= 2}
        files = Files.read(project, lang=lang)
        if meta.get("fingerprint") and meta["fingerprint"] != files.fingerprint():
            raise XlsxError(m["stale"])
        for sheet in SHEETS:
            name = sheet.name(book_lang)
            expected = [c.header(book_lang) for c in sheet.columns]
            if name not in book.names or book.first_row(name)[: len(expected)] != expected:
                raise XlsxError(m["sheet"].format(sheet=name, expected=", ".join(expected)))
        edit = _Edit(files, project)
        for sheet in SHEETS:
            body = book.body(sheet.name(book_lang), len(sheet.columns))
            if sheet.link:
                _apply_link_sheet(edit, sheet, body, errors, book_lang)
            else:
                _apply_resource_sheet(edit, sheet, body, errors, book_lang, lang)
    finally:
        book.close()
    if errors.items:
        raise XlsxError("\n".join(errors.items + [m["refused"].format(n=len(errors.items), path=path)]))
    edit.finish()
    new_texts = edit.texts()
    register = edit.register_text()
    if not new_texts and register is None:
        return None
    # the change list: only the resources whose blocks changed are compared (with the
    # labels of what they name); every other resource is the same before and after, so
    # this is `diff` of the two whole vocabularies without loading the old one
    before, after = edit.change_tables()
    # the validation can be limited to what the edit affects when every changed file's
    # changes are known statement by statement
    limitable = project.base == project.source_base and set(new_texts) == {rel for rel, _ in edit.changed}
    return _Prepared(new_texts, register, before, after, dict(edit.rows),
                     dict(edit.changed) if limitable else None, files.fingerprint())


def _changed_quads(vocab, changed: dict, ontology: Path) -> tuple[list, list]:
    """The statements an edit added and removed, as quads of `vocab`'s named graphs."""
    graph_of = {Path(info.path).resolve().relative_to(ontology.resolve()).as_posix(): ox.NamedNode(iri)
                for iri, info in vocab.graphs.items()}
    added, removed = [], []
    for (rel, _), (was, now) in changed.items():
        graph = graph_of[rel]
        was, now = set(was), set(now)
        added += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in now - was]
        removed += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in was - now]
    return added, removed


def _where_of(rows: dict, finding, lang: str, base: str) -> str:
    """The cell of a validate finding: its resource's row, the column of its property (else
    the URI column), as "blad X, rij N, kolom H, cel C: "; "" when not on a sheet."""
    focus = getattr(finding, "focus", "") or ""
    if focus not in rows:
        return ""
    sheet, book_lang, row = rows[focus]
    path = getattr(finding, "path", None)
    index = next((i for i, c in enumerate(sheet.columns) if path and c.predicate and _abs(c.predicate, base) == path),
                 next((i for i, c in enumerate(sheet.columns) if c.kind == "uri"), 0))
    return MESSAGES[lang]["where"].format(sheet=sheet.name(book_lang), row=row,
                                          column=sheet.columns[index].header(book_lang),
                                          cell=f"{_letter(index + 1)}{row}")


def _finding_text(finding, lang: str, with_file: bool) -> str:
    """A validate finding as one line: its message, rule and (not on a sheet) file and line
    of the Turtle as the import would write it."""
    where = "" if finding.file is None or not with_file else f" [{finding.where()}]"
    return f"{finding.text(lang)} ({finding.rule}){where}"


def _write_all(targets: dict) -> None:
    """Write every file or none: all to temporary files first, then rename each."""
    temps = []
    try:
        for path, text in targets.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            temps.append((tmp, path))
    except BaseException:
        for tmp, _ in temps:
            os.unlink(tmp)
        raise
    for tmp, path in temps:
        os.replace(tmp, path)


class _Edit:
    """The changes the workbook asks for, applied to the blocks of the files."""

    def __init__(self, files: Files, project):
        self.files = files
        self.project = project
        self.base = project.source_base
        self.slots: dict = {}  # (rel, subject, predicate, lang) -> list of new objects
        self.new_subjects: dict = {}  # subject -> (sheet, row, parent or None)
        self.new_labels: dict = {}  # (dropdown list, Dutch label) -> URI minted for that new row ("": refused)
        self.deprecated: set = set()
        self.rows: dict = {}  # subject -> (sheet name, row)
        self.minted: list = []
        self.extra: dict = {}  # (rel, subject) -> list of triples to add to a new block
        self.numbering: dict = {}  # new subject -> {notation / volgnummer IRI: value}
        self._inserted: dict = {}  # (rel, parent or subject) -> the last new block inserted for it
        self._esco = None
        self._registered = None

    def registered(self) -> set:
        """Every URI in ontology/uri-register.txt (ever minted: never minted again)."""
        if self._registered is None:
            path = self.project.uri_register
            lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
            self._registered = {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}
        return self._registered

    def esco(self) -> dict:
        if self._esco is None:
            self._esco = _esco_choices(self.files)
        return self._esco

    def set(self, rel: str, subject: str, predicate: str, lang: str | None, objects: list) -> None:
        predicate = _abs(predicate, self.base)
        self.slots[(rel, subject, predicate, lang)] = objects


    # the application of all slots, in file order
    def finish(self) -> None:
        by_file: dict = {}
        for (rel, subject, predicate, lang), objects in self.slots.items():
            by_file.setdefault(rel, {}).setdefault(subject, []).append((predicate, lang, objects))
        # a deprecated concept leaves the hierarchy, on both sides (one pass over each file's index)
        for rel, tf in self.files.files.items() if self.deprecated else ():
            for subject in self.deprecated:
                for predicate in (SKOS + "broader", SKOS + "topConceptOf"):
                    if tf.index.get(subject, {}).get(predicate):
                        by_file.setdefault(rel, {}).setdefault(subject, []).append((predicate, None, []))
            for parent, by_predicate in tf.index.items():
                for predicate in (SKOS + "narrower", SKOS + "hasTopConcept"):
                    for o in by_predicate.get(predicate, ()):
                        if o.value in self.deprecated:
                            by_file.setdefault(rel, {}).setdefault(parent, []).append(
                                (predicate, "remove:" + o.value, None))
        self.changed_files = set()
        self.changed: dict = {}  # (rel, subject) -> (statements before, after) of a changed block
        for rel, subjects in by_file.items():
            tf = self.files.turtle(rel)
            for subject, changes in subjects.items():
                blocks = self.files.blocks_of(rel, subject)
                if blocks:
                    block = blocks[0]
                    old = list(block.triples)
                    triples = old
                    for predicate, lang, objects in changes:
                        triples = _replace(triples, block.subject, predicate, lang, objects)
                    if set(map(str, triples)) != set(map(str, old)):
                        block.change(triples)
                        self.changed_files.add(rel)
                        rest = [t for b in blocks[1:] for t in b.triples]
                        self.changed[(rel, subject)] = (old + rest, triples + rest)
                    if not triples:
                        _remove_block(tf, block)
                else:
                    triples = []
                    node = ox.NamedNode(subject)
                    for predicate, lang, objects in changes:
                        triples = _replace(triples, node, predicate, lang, objects)
                    triples = self.extra.get((rel, subject), []) + triples
                    if triples:
                        self._insert(tf, rel, subject, Block(node, _type_first(triples), "", 0))
                        self.changed_files.add(rel)
                        self.changed[(rel, subject)] = ([], triples)
        done = {(r, s) for r, subs in by_file.items() for s in subs}
        for (rel, subject), triples in self.extra.items():
            if (rel, subject) not in done:
                tf = self.files.turtle(rel)
                self._insert(tf, rel, subject, Block(ox.NamedNode(subject), triples, "", 0))
                self.changed_files.add(rel)
                self.changed[(rel, subject)] = ([], triples)

    def change_tables(self) -> tuple[dict, dict]:
        """The statement tables (model.diff) before and after of every resource whose blocks
        changed, all its statements in every file, and of every IRI those name (a property,
        a value) its label statements, the same on both sides. diff_statements of the two
        is `diff` of the whole vocabularies before and after (see its docstring)."""
        from competentieset.model.diff import LABEL_PROPERTIES
        from competentieset.model.diff import _value as diff_value

        files = self.files
        old, new = self.base + "/", self.project.base + "/"
        rebase = (lambda v: new + v[len(old):] if v.startswith(old) else v) if old != new else (lambda v: v)

        def add(table: dict, subject: str, triples) -> None:
            if not triples:
                return
            props = table.setdefault(rebase(subject), {})
            for t in triples:
                text, lang, is_iri = diff_value(t.object)
                props.setdefault(rebase(t.predicate.value), set()).add((rebase(text) if is_iri else text, lang, is_iri))

        subjects = list(dict.fromkeys(subject for _, subject in self.changed))
        before: dict = {}
        after: dict = {}
        named: set = set()
        for subject in subjects:
            for rel in files.files:
                if (rel, subject) in self.changed:
                    was, now = self.changed[(rel, subject)]
                else:
                    was = now = files.statements(rel, subject)
                add(before, subject, was)
                add(after, subject, now)
                for t in (*was, *now):
                    named.add(t.predicate.value)
                    if isinstance(t.object, ox.NamedNode):
                        named.add(t.object.value)
        for iri in sorted(named - set(subjects)):
            labels = [ox.Triple(ox.NamedNode(iri), ox.NamedNode(p), o)
                      for rel in files.files for p in LABEL_PROPERTIES for o in files.objects(rel, iri, p)]
            if labels:
                add(before, iri, labels)
                add(after, iri, labels)
        return before, after

    def _anchor(self, rel: str, subject: str):
        """The block after which a new resource's block goes: the last in this file of its
        parent's and its siblings' blocks (new siblings come after the old ones, in turn)."""
        info = self.new_subjects.get(subject)
        parent = info[2] if info else None
        if parent is None:
            return None
        if (rel, parent) in self._inserted:
            return self._inserted[(rel, parent)]
        return self._old_anchors(rel).get(parent)

    def _old_anchors(self, rel: str) -> dict:
        """parent IRI -> the last block of the file (as read) that is the parent's or a child's
        (one pass per file, not one per new block)."""
        cache = self.__dict__.setdefault("_anchors", {})
        if rel not in cache:
            found: dict = {}
            for block in self.files.turtle(rel).blocks():
                uri = block.subject.value
                found[uri] = block
                for home in (BRON, REDACTIE):
                    for o in self.files.objects(home, uri, SKOS + "broader"):
                        found[o.value] = block
            cache[rel] = found
        return cache[rel]

    def _insert(self, tf: TurtleFile, rel: str, subject: str, block: Block) -> None:
        _insert_block(tf, block, self._anchor(rel, subject))
        info = self.new_subjects.get(subject)
        if info and info[2] is not None:
            self._inserted[(rel, info[2])] = block  # the next sibling goes after this one
        self._inserted.setdefault((rel, subject), block)  # its children go after it

    def texts(self) -> dict:
        return {rel: self.files.turtle(rel).text() for rel in sorted(self.changed_files)}

    def register_text(self) -> str | None:
        if not self.minted:
            return None
        path = self.project.uri_register
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        comments = [line for line in lines if line.startswith("#")]
        entries = [line for line in lines if line.strip() and not line.startswith("#")]
        # one line per URI, sorted by URI, with its UUID when the register carries them
        with_uuid = any(" " in line.strip() for line in entries)
        new = [f"{uri} {uuid_of(uri)}" if with_uuid else uri for uri in self.minted]
        merged = sorted(set(entries) | set(new), key=lambda line: line.split(" ", 1)[0])
        return "\n".join(comments + merged) + "\n"


def _type_first(triples: list) -> list:
    return sorted(triples, key=lambda t: 0 if t.predicate.value == RDF_TYPE else 1)


def _replace(triples: list, subject, predicate: str, lang, objects) -> list:
    """`triples` with the objects of (predicate, lang) replaced by `objects`, in place of the old ones.

    Objects kept keep their place; new ones follow the last old one (or end the block).
    lang "remove:<iri>" removes just that object."""
    if isinstance(lang, str) and lang.startswith("remove:"):
        gone = lang[len("remove:"):]
        return [t for t in triples if not (t.predicate.value == predicate and t.object.value == gone)]

    def matches(t) -> bool:
        return t.predicate.value == predicate and _lang_ok(t.object, lang)

    wanted = list(dict.fromkeys(objects))
    out = []
    position = None
    for t in triples:
        if matches(t):
            if t.object in wanted:
                out.append(t)
            position = len(out)
        else:
            out.append(t)
    have = {t.object for t in out if matches(t)}
    new = [ox.Triple(subject, ox.NamedNode(predicate), o) for o in wanted if o not in have]
    if position is None:
        # a predicate new to the block: after the other values of the same predicate, else at the end
        position = len(out)
    return out[:position] + new + out[position:]


def _remove_block(tf: TurtleFile, block: Block) -> None:
    index = next(i for i, c in enumerate(tf.chunks) if c is block)
    del tf.chunks[index]
    if index > 0 and isinstance(tf.chunks[index - 1], str) and not tf.chunks[index - 1].strip():
        del tf.chunks[index - 1]


def _insert_block(tf: TurtleFile, block: Block, anchor) -> None:
    if anchor is None:
        tf.chunks += ["\n", block]
        return
    index = next(i for i, c in enumerate(tf.chunks) if c is anchor)
    tf.chunks[index + 1:index + 1] = ["\n", block]


def _literal(text: str, lang: str | None, kind: str):
    if kind == "int":
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "integer"))
    if lang:
        return ox.Literal(text, language=lang)
    return ox.Literal(text)


_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _term_key(term) -> tuple:
    """What makes two terms equal (value, language, datatype), without building a term per
    cell to compare: see _cell_key."""
    if isinstance(term, ox.Literal):
        return (term.value, term.language, term.datatype.value)
    return (term.value, None, None)  # an IRI


def _cell_key(text: str, column: Column) -> tuple:
    """_term_key of the term a cell's value becomes (_literal, or an IRI for references)."""
    if column.kind in ("ref", "replaced"):
        return (text, None, None)
    if column.kind == "int":
        return (text, None, XSD + "integer")
    if column.lang:
        return (text, column.lang, _LANG_STRING)
    return (text, None, XSD + "string")


def _split_values(text: str) -> list[str]:
    return [v.strip() for v in text.split("\n") if v.strip()]


def _apply_resource_sheet(edit: _Edit, sheet: Sheet, body: list, errors: _Errors, book_lang: str,
                          lang: str) -> None:
    files = edit.files
    existing = _sheet_rows(files, sheet)
    exported_row = {uri: n for n, uri in enumerate(existing, start=HEADER_ROWS + 1)}
    seen: dict = {}
    uri_ci = next((i for i, c in enumerate(sheet.columns) if c.kind == "uri"), None)
    uuid_ci = next((i for i, c in enumerate(sheet.columns) if c.kind == "uuid"), None)
    statuses = {v: i for i, v in enumerate(STATUS_VALUES["nl"])} | {v: i for i, v in enumerate(STATUS_VALUES["en"])}
    unique_seen: dict = {}
    status_ci = next((i for i, c in enumerate(sheet.columns) if c.kind == "status"), None)
    replaced_ci = next((i for i, c in enumerate(sheet.columns) if c.kind == "replaced"), None)
    locked_of = [_locked(files, column) for column in sheet.columns]  # per column, not per cell
    source_ci = _column_of(sheet, "/def/bronTekst", "nl")
    own_ci = _column_of(sheet, "definition", "nl", REDACTIE) if source_ci is not None else None
    label_ci = _column_of(sheet, "prefLabel", "nl")
    pending = []  # (uri, row, column, file, codes): successors that may be new rows further down
    for number, row in body:
        before = len(errors.items)  # this row's own errors stop it; other rows' do not hide its checks
        uri = row[uri_ci].strip() if uri_ci is not None else ""
        new = not uri
        if new:
            if not sheet.new_rows:
                errors.at(sheet, number, uri_ci or 0, "no_new")
                continue
            if uuid_ci is not None and row[uuid_ci].strip():
                errors.at(sheet, number, uuid_ci, "uri_new")
                continue
        else:
            if uri not in exported_row:
                errors.at(sheet, number, uri_ci, "uri_unknown")
                continue
            if uri in seen:
                errors.at(sheet, number, uri_ci, "twice", other=seen[uri])
                continue
            seen[uri] = number
            if uuid_ci is not None and row[uuid_ci].strip() and row[uuid_ci].strip() != uuid_of(uri):
                errors.at(sheet, number, uuid_ci, "uuid", expected=uuid_of(uri))
        deprecated = False
        if status_ci is not None:
            value = row[status_ci].strip().lower() or STATUS_VALUES[book_lang][0]
            if value not in statuses:
                errors.at(sheet, number, status_ci, "malformed", value=row[status_ci], rule=MESSAGES[lang]["status"].format(**errors.words()))
            deprecated = statuses.get(value) == 1
        values: dict = {}
        deferred: dict = {}
        blocked = False
        for ci, column in enumerate(sheet.columns):
            if column.kind in ("uri", "uuid", "info", "status"):
                continue
            text = row[ci]
            locked = locked_of[ci]
            if not new and locked:
                old = _value(files, column, uri, book_lang)
                if text != old and text.strip() != old:
                    kind = KIND_NAMES[lang].get(files.kinds.get(column.file) if column.file else None)
                    errors.at(sheet, number, ci, "locked", kind=kind, old=old, new=text,
                              file=column.file or "")
                continue
            if new and locked and not column.new_only:
                continue  # computed on import (e.g. the number)
            stripped = text.strip() if column.kind != "text" or not locked else text
            if column.kind == "text" and not locked:
                stripped = text.strip()
            if column.kind == "int" and stripped and not re.fullmatch(r"[+-]?\d+", stripped):
                errors.at(sheet, number, ci, "malformed", value=text, rule=MESSAGES[lang]["integer"])
                continue
            if column.kind in ("ref", "replaced"):
                refs = []
                for code in _split_values(stripped):
                    target = _resolve(edit, code, column)
                    if target is None and column.choices == sheet.choices:
                        deferred[ci] = _split_values(stripped)  # resolved when every new row is minted
                    elif target is None:
                        _refuse_reference(errors, sheet, number, ci, code)
                    elif not target:
                        blocked = True  # names a new row refused on its own: that row's errors say why
                    refs.append(target)
                values[ci] = refs
                continue
            # a language is missing when a new row lacks it or an existing value was emptied
            if column.required and not stripped and not deprecated and (new or _value(files, column, uri, book_lang)):
                errors.at(sheet, number, ci, "missing", column=column.header(book_lang), lang=column.lang or "-")
            if column.unique and stripped:
                key = (ci, stripped)
                if key in unique_seen:
                    errors.at(sheet, number, ci, "duplicate", value=stripped,
                              other=f"{_letter(ci + 1)}{unique_seen[key]}")
                else:
                    unique_seen[key] = number
            values[ci] = [stripped] if stripped else []
        if own_ci is not None and values.get(own_ci) and (
                values.get(source_ci) if new else files.objects(BRON, uri, _cs("bronTekst"))):
            errors.at(sheet, number, own_ci, "own_only")
        if replaced_ci is not None:
            if deprecated and not values.get(replaced_ci):
                errors.at(sheet, number, replaced_ci, "replaced_needed")
            if not deprecated and values.get(replaced_ci):
                errors.at(sheet, number, replaced_ci, "replaced_only")
        label = row[label_ci].strip() if new and sheet.choices else ""  # the name the dropdowns show for it
        if len(errors.items) > before or blocked:
            if label:  # a reference to it is refused by this row's errors, not another
                edit.new_labels.setdefault((sheet.choices, label), "")
            continue
        if new:
            uri = _mint(edit, sheet, row, values, number, errors, lang)
            if uri is None:
                if label:
                    edit.new_labels.setdefault((sheet.choices, label), "")
                continue
            if label:
                edit.new_labels[(sheet.choices, label)] = uri
        edit.rows[uri] = (sheet, book_lang, number)
        for ci, column in enumerate(sheet.columns):
            if ci not in values or column.file is None:
                continue
            if not new and locked_of[ci]:
                continue
            if new and column.kind == "ref" and column.predicate == SKOS + "broader":
                continue  # written by _mint with the template
            rel = column.new_file or column.file if new else column.file
            if ci in deferred:  # its place among the block's changes now, its value after the sheet
                edit.set(rel, uri, column.predicate, column.lang, [])
                pending.append((uri, number, ci, rel, deferred[ci]))
                continue
            if not new and {_cell_key(v, column) for v in values[ci]} == {
                    _term_key(o) for o in files.objects(rel, uri, column.predicate, column.lang)}:
                continue  # unchanged: nothing to apply
            if column.kind in ("ref", "replaced"):
                objects = [ox.NamedNode(u) for u in values[ci]]
            else:
                objects = [_literal(v, column.lang, column.kind) for v in values[ci]]
            edit.set(rel, uri, column.predicate, column.lang, objects)
        if status_ci is not None:
            currently = _value(files, sheet.columns[status_ci], uri, "nl") == "verouderd" if not new else False
            if deprecated and not currently:
                edit.set(REDACTIE, uri, OWL + "deprecated", None,
                         [ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))])
                edit.deprecated.add(uri)
            elif not deprecated and currently:
                edit.set(REDACTIE, uri, OWL + "deprecated", None, [])
    for uri, number, ci, rel, codes in pending:  # every new row of the sheet has its URI now
        column = sheet.columns[ci]
        targets = [_resolve(edit, code, column) for code in codes]
        for code, target in zip(codes, targets, strict=True):
            if target is None:
                _refuse_reference(errors, sheet, number, ci, code)
        if all(targets):
            edit.set(rel, uri, column.predicate, column.lang, [ox.NamedNode(t) for t in targets])
    missing = [u for u in existing if u not in seen]
    for uri in missing:
        errors.at(sheet, exported_row[uri], uri_ci, "removed", uri=uri)


def _exists(files: Files, edit: _Edit, target: str, column: Column) -> bool:
    if target.startswith(ESCO_SKILL):
        return target in edit.esco()
    return files.typed(target) or target in edit.new_subjects


def _resolve(edit: _Edit, code: str, column: Column) -> str | None:
    """The IRI a reference cell names, None when it names nothing: the code (or IRI) of a
    resource that exists or that this import minted (a new competency or area by its name),
    else the Dutch label of a new row on the sheet the column's dropdown lists (the label
    the dropdown shows for it: _new_row_entries); "" for a new row refused on its own."""
    target = code if code.startswith("http") else _abs(column.target, edit.base) + code
    if _exists(edit.files, edit, target, column):
        return target
    return edit.new_labels.get((column.choices, code))


def _refuse_reference(errors: _Errors, sheet: Sheet, number: int, ci: int, value: str) -> None:
    """The error of a reference that names nothing; where new rows can be chosen, it says how."""
    column = sheet.columns[ci]
    what = column.header(errors.book_lang)
    target = next((s for s in SHEETS if s.choices and s.choices == column.choices), None)
    if target is None:
        errors.at(sheet, number, ci, "parent", value=value, what=what)
    else:
        errors.at(sheet, number, ci, "parent_new", value=value, what=what, target=target.name(errors.book_lang))


def _column_of(sheet: Sheet, predicate: str, lang: str | None = None, file: str | None = None) -> int | None:
    return next((i for i, c in enumerate(sheet.columns) if c.predicate.endswith(predicate) and c.lang == lang
                 and (file is None or c.file == file)), None)


def _mint(edit: _Edit, sheet: Sheet, row: list, values: dict, number: int, errors: _Errors, lang: str):
    """A new row's resource: its URI by the project's rule, its statements, its number; None
    (and an error) when it cannot be minted. The cells' values it writes itself are taken
    out of `values` (the rest are applied like any row's)."""
    mint = {SHEETS[0].nl: _mint_competency, SHEETS[1].nl: _mint_indicator, SHEETS[2].nl: _mint_area}[sheet.nl]
    return mint(edit, sheet, values, number, errors)


def _take(values: dict, ci: int | None) -> str:
    """The text of a single-valued cell, taken out of `values` ("" when empty)."""
    found = values.pop(ci, None) if ci is not None else None
    return found[0] if found else ""


def _triples(node):
    def t(p, o):
        return ox.Triple(node, ox.NamedNode(p), o)
    return t


def _integer(n: int):
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


def _numbers(edit: _Edit, members: list, predicate: str) -> list[str]:
    """The values of `predicate` (notation, volgnummer) of `members` in any file, and of new ones."""
    out = []
    for uri in members:
        for rel in edit.files.files:
            out += [o.value for o in edit.files.objects(rel, uri, predicate)]
        out += [edit.numbering[uri][predicate]] if predicate in edit.numbering.get(uri, {}) else []
    return out


def _mint_top(edit: _Edit, sheet: Sheet, values: dict, number: int, errors: _Errors, kind: str, scheme: str,
              notation_of) -> str | None:
    """A new competency or area: of our own (the source's are in bron; ours are typed in
    redactie, like our own indicators), named by model.uris.name_of its Dutch label, a top
    concept of `scheme` (hasTopConcept in the scheme's editorial block), numbered after the
    others in redactie/notaties.ttl (notation_of(n), volgnummer n) unless Nummer is filled."""
    from competentieset.model.uris import name_of

    files, base = edit.files, edit.base
    label_ci = _column_of(sheet, "prefLabel", "nl")
    label = values[label_ci][0]
    name = name_of(label)
    if not name:
        errors.at(sheet, number, label_ci, "name")
        return None
    uri = f"{base}/id/{kind}/{name}"
    if uri in edit.registered() or files.typed(uri) or uri in edit.new_subjects:
        errors.at(sheet, number, label_ci, "name_taken", uri=uri)
        return None
    cls = _abs(sheet.classes[0], base)
    members = files.subjects_of(sheet.home, (cls,)) + files.subjects_of(REDACTIE, (cls,))
    members += [u for u, info in edit.new_subjects.items() if info[0] is sheet]
    order = max((int(v) for v in _numbers(edit, members, base + "/def/volgnummer") if re.fullmatch(r"\d+", v)),
                default=0) + 1
    notation = _take(values, _column_of(sheet, "notation")) or notation_of(order)
    node = ox.NamedNode(uri)
    t = _triples(node)
    scheme_iri = f"{base}/id/begrippenkader/{scheme}"
    edit.extra[(REDACTIE, uri)] = [
        t(RDF_TYPE, ox.NamedNode(SKOS + "Concept")),
        t(RDF_TYPE, ox.NamedNode(cls)),
        t(SKOS + "prefLabel", ox.Literal(_take(values, label_ci), language="nl")),
        t(SKOS + "definition", ox.Literal(_take(values, _column_of(sheet, "definition", "nl")), language="nl")),
        t(SKOS + "inScheme", ox.NamedNode(scheme_iri)),
        t(SKOS + "topConceptOf", ox.NamedNode(scheme_iri)),
    ]
    edit.extra[(NOTATIES, uri)] = [t(SKOS + "notation", ox.Literal(notation)),
                                   t(base + "/def/volgnummer", _integer(order))]
    edit.numbering[uri] = {SKOS + "notation": notation, base + "/def/volgnummer": str(order)}
    key = (REDACTIE, scheme_iri, SKOS + "hasTopConcept", None)
    current = edit.slots.get(key, [ox.NamedNode(o.value) for o in files.objects(REDACTIE, scheme_iri,
                                                                                  SKOS + "hasTopConcept")])
    edit.set(REDACTIE, scheme_iri, SKOS + "hasTopConcept", None, current + [node])
    edit.new_subjects[uri] = (sheet, number, None)
    edit.minted.append(uri)
    return uri


def _mint_competency(edit, sheet, values, number, errors):
    return _mint_top(edit, sheet, values, number, errors, "competentie", "competentieset", str)


def _mint_area(edit, sheet, values, number, errors):
    return _mint_top(edit, sheet, values, number, errors, "gebied", "gebieden", lambda n: f"G{n}")


def _mint_indicator(edit: _Edit, sheet: Sheet, values: dict, number: int, errors: _Errors):
    """A new behavioural indicator: its URI by the project's rule (competency name, next
    number never used), its number in redactie/notaties.ttl (competency number . n) and the
    competency's narrower. One from the source (a source text) has its statements in bron
    (type, source text, definition = source text with white space normalised, broader,
    scheme, source); one of our own (no source text, our Dutch definition) has them in
    redactie, without cs:bronTekst or a source, as the stewards' guide's recipe does."""
    files = edit.files
    base = edit.base
    parent_ci = next(i for i, c in enumerate(sheet.columns) if c.kind == "ref")
    parents = values.get(parent_ci) or []
    if len(parents) != 1:
        errors.at(sheet, number, parent_ci, "missing", column=sheet.columns[parent_ci].header(errors.book_lang),
                  lang="-")
        return None
    parent = parents[0]
    source_ci = _column_of(sheet, "/def/bronTekst", "nl")
    own_ci = _column_of(sheet, "definition", "nl", REDACTIE)
    source, own = _take(values, source_ci), _take(values, own_ci)
    if not source and not own:
        errors.at(sheet, number, source_ci, "source_or_own", own=sheet.columns[own_ci].header(errors.book_lang))
        return None
    name = parent.rsplit("/", 1)[-1]
    prefix = f"{base}/id/gedragsindicator/{name}-"
    # every number ever given under this competency: its indicators (also deprecated ones, no
    # longer its narrower), the register's and this import's
    used = [o.value for rel in (BRON, REDACTIE) for o in files.objects(rel, parent, SKOS + "narrower")]
    used += [u for u in edit.registered() if u.startswith(prefix)]
    used += [u for u, info in edit.new_subjects.items() if info[2] == parent]
    numbers = [int(u[len(prefix):]) for u in used if u.startswith(prefix) and u[len(prefix):].isdigit()]
    n = max(numbers, default=0) + 1
    uri = f"{prefix}{n}"
    edit.new_subjects[uri] = (sheet, number, parent)
    edit.minted.append(uri)
    parent_number = next(iter(_numbers(edit, [parent], SKOS + "notation")), None)
    node = ox.NamedNode(uri)
    t = _triples(node)
    scheme = ox.NamedNode(base + "/id/begrippenkader/competentieset")
    if source:
        home = BRON
        edit.extra[(BRON, uri)] = [
            t(RDF_TYPE, ox.NamedNode(SKOS + "Concept")),
            t(RDF_TYPE, ox.NamedNode(base + "/def/Gedragsindicator")),
            t(base + "/def/bronTekst", ox.Literal(source, language="nl")),
            t(SKOS + "definition", ox.Literal(" ".join(source.split()), language="nl")),
            t(SKOS + "broader", ox.NamedNode(parent)),
            t(SKOS + "inScheme", scheme),
            t(DCT + "source", ox.NamedNode(ABD_SOURCE)),
        ]
    else:
        home = REDACTIE
        edit.extra[(REDACTIE, uri)] = [
            t(RDF_TYPE, ox.NamedNode(SKOS + "Concept")),
            t(RDF_TYPE, ox.NamedNode(base + "/def/Gedragsindicator")),
            t(SKOS + "prefLabel", ox.Literal(_take(values, _column_of(sheet, "prefLabel", "nl")), language="nl")),
            t(SKOS + "definition", ox.Literal(own, language="nl")),
            t(SKOS + "broader", ox.NamedNode(parent)),
            t(SKOS + "inScheme", scheme),
        ]
    # our numbering (not the source's) lives in redactie/notaties.ttl
    notation = _take(values, _column_of(sheet, "notation")) or (
        f"{parent_number}.{n}" if parent_number is not None else "")
    numbering = [t(base + "/def/volgnummer", _integer(n))]
    if notation:
        numbering.insert(0, t(SKOS + "notation", ox.Literal(notation)))
    edit.extra[(NOTATIES, uri)] = numbering
    # the competency's narrower, in the file of the indicator's type (a source indicator
    # under a competency of the source: bron; ours, or under ours: redactie)
    if home == BRON and not files.objects(BRON, parent, RDF_TYPE):
        home = REDACTIE
    key = (home, parent, SKOS + "narrower", None)
    current = edit.slots.get(key, [ox.NamedNode(o.value) for o in files.objects(home, parent, SKOS + "narrower")])
    edit.set(home, parent, SKOS + "narrower", None, current + [node])
    return uri


def _apply_link_sheet(edit: _Edit, sheet: Sheet, body: list, errors: _Errors, book_lang: str) -> None:
    files = edit.files
    base = edit.base
    rel, predicates = sheet.link
    predicates = tuple(_abs(p, base) for p in predicates)
    lang = errors.lang
    wanted: dict = {}  # subject -> {predicate: [objects]}
    note_cis = [i for i, c in enumerate(sheet.columns) if c.kind == "note"]
    notes: dict = {}  # subject -> {note column: [texts, in row order]}
    for number, row in body:
        subject_col, *rest = sheet.columns
        relation_ci = next((i for i, c in enumerate(sheet.columns) if c.kind == "relation"), None)
        object_ci = [i for i, c in enumerate(sheet.columns) if c.kind == "ref"][-1]
        if relation_ci is not None:
            rel_name = row[relation_ci].strip().replace("skos:", "")
            if rel_name not in RELATIONS:
                errors.at(sheet, number, relation_ci, "malformed", value=row[relation_ci],
                          rule=MESSAGES[lang]["relation"])
                continue
            predicate = SKOS + rel_name
        else:
            predicate = predicates[0]
        subject = _resolve(edit, row[0].strip(), subject_col) if row[0].strip() else None
        target_col = sheet.columns[object_ci]
        code = row[object_ci].strip()
        target = _resolve(edit, code, target_col) if code else None
        ok = bool(subject and target)  # "": a new row refused on its own (its errors say why)
        if subject is None:
            _refuse_reference(errors, sheet, number, 0, row[0])
        if target is None:
            _refuse_reference(errors, sheet, number, object_ci, row[object_ci])
        new_link = ok and not any(o.value == target for o in files.objects(rel, subject, predicate))
        for ci in note_cis:
            text = row[ci].strip()
            if text:
                notes.setdefault(subject, {}).setdefault(ci, []).append(text)
            elif new_link:
                errors.at(sheet, number, ci, "note_needed", lang=sheet.columns[ci].lang)
        if ok:
            wanted.setdefault(subject, {}).setdefault(predicate, []).append(ox.NamedNode(target))
            edit.rows.setdefault(subject, (sheet, book_lang, number))
            if target.startswith(ESCO_SKILL) and target not in files.files[EXTERN].index:
                _copy_esco(edit, target)
    current_subjects = [subject for subject, by_predicate in files.files[rel].index.items()
                        if any(p in by_predicate for p in predicates)]
    for subject in dict.fromkeys([*current_subjects, *wanted]):  # in file order, then new ones: deterministic
        for predicate in predicates:
            objects = wanted.get(subject, {}).get(predicate, [])
            if {str(o) for o in objects} != {str(o) for o in files.objects(rel, subject, predicate)}:
                edit.set(rel, subject, predicate, None, objects)
        # the notes the export showed (the k-th on the subject's k-th row) are replaced by the
        # note cells now on its rows; notes it did not show (more notes than rows) are kept
        shown_rows = sum(len(files.objects(rel, subject, p)) for p in predicates)
        for ci in note_cis:
            column = sheet.columns[ci]
            current = [o.value for o in files.objects(rel, subject, column.predicate, column.lang)]
            shown, hidden = current[:shown_rows], current[shown_rows:]
            cells = list(dict.fromkeys(notes.get(subject, {}).get(ci, [])))
            if set(cells) != set(shown):
                texts = list(dict.fromkeys(cells + hidden))
                edit.set(rel, subject, column.predicate, column.lang,
                         [ox.Literal(text, language=column.lang) for text in texts])


def _copy_esco(edit: _Edit, uri: str) -> None:
    """An ESCO skill new to the crosswalk: copied from the ESCO extract, never typed; only what
    ESCO says of it (a SKOS concept, its label and description), no scheme or source of ours."""
    if (EXTERN, uri) in edit.extra:
        return
    label, description = edit.esco()[uri]
    node = ox.NamedNode(uri)

    def t(p, o):
        return ox.Triple(node, ox.NamedNode(p), o)

    edit.extra[(EXTERN, uri)] = [
        t(RDF_TYPE, ox.NamedNode(SKOS + "Concept")),
        t(SKOS + "prefLabel", ox.Literal(label, language="en")),
        t(SKOS + "definition", ox.Literal(description, language="en")),
    ]
