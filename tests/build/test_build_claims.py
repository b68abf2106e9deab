"""What the README promises about the published files, checked against fixed expectations
written here (never against the code that writes them):

- every per-resource RDF document carries the labels (skos:prefLabel, rdfs:label, foaf:name,
  dct:title) of every IRI it links to, as the whole vocabulary has them;
- the CSV's columns and the JSON Schema's fields are exactly the lists below.

When a column or a key is added on purpose, add it to the list below (one place each).
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
from competentieset.model import layout, uris, vocabulary

# ---------------------------------------------------------------------------------------
# The fixed lists (README "Outputs"; the developers' page documents the same keys).

CSV_COLUMNS = [
    "uri", "type", "notation", "order", "label_nl", "label_en", "definition_nl",
    "definition_en", "source_text_nl", "in_scheme", "top_concept_of", "broader", "areas",
    "core_profile_competencies", "scale_min", "scale_max", "exact_match", "close_match",
    "related_match", "broad_match", "narrow_match", "sources", "pages", "rights", "editorial",
]

SCHEMA_TOP = [
    "describedBy", "version", "released", "versionIri", "license", "note", "competencySet",
    "competencies", "areas", "jobFamilies", "mappedConcepts",
]
SCHEMA_TOP_REQUIRED = ["version", "released", "competencies", "areas", "jobFamilies"]
SCHEMA_DEFS = ["langMap", "ref", "node", "resourceDocument"]
SCHEMA_REF = ["id", "label", "editorial", "relation"]
SCHEMA_NODE = [
    "id", "type", "other", "editorial", "indicators", "groups", "alignedWith", "alignmentText",
    "altLabel", "areas", "attributedTo", "broader", "citation", "comment",
    "coreProfileCompetencies", "creator", "definedBy", "definition", "deprecated",
    "derivedFrom", "description", "domain", "editorialKind", "editorialNote", "file",
    "fromScale", "hiddenLabel", "homepage", "inScheme", "label", "license", "mappings", "name",
    "narrower", "notation", "note", "order", "pages", "primarySource", "provenanceKind",
    "publisher", "range", "related", "replacedBy", "rights", "scaleMax", "scaleMin", "scopeNote",
    "seeAlso", "sourceText",
    "sources", "subClassOf", "title", "topConceptOf", "topConcepts",
]
SCHEMA_RESOURCE_DOCUMENT = ["describedBy", "version", "released", "versionIri", "license", "note",
                            "resource"]

# README: "the labels (skos:prefLabel, rdfs:label, foaf:name, dct:title) of each IRI it links to"
LABEL_PREDICATES = [
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
]


def _webroot(project):
    return project.build_dir / layout.WEBROOT


# ---------------------------------------------------------------------------------------


def test_every_document_has_the_labels_of_every_iri_it_links_to(built):
    """For every IRI object in a per-resource document that has a label anywhere in the
    vocabulary, the document carries all its label triples (all four predicates, every
    language)."""
    root = _webroot(built)
    vocab = vocabulary.load(built)
    labels: dict[str, set[str]] = {}
    subjects = set()
    for quad in vocab.store.quads_for_pattern(None, None, None, None):
        triple = quad.triple
        if isinstance(triple.subject, ox.NamedNode):
            subjects.add(triple.subject.value)
            if triple.predicate.value in LABEL_PREDICATES and isinstance(triple.object, ox.Literal):
                labels.setdefault(triple.subject.value, set()).add(str(triple))
    ours = sorted(s for s in subjects if s.startswith(built.base + "/"))
    assert len(ours) >= 90
    linked_with_labels = 0
    for subject in ours:
        path = root / uris.file_path(subject, built.base, "nt")
        document = {str(t) for t in ox.parse(path.read_bytes(), format=ox.RdfFormat.N_TRIPLES)}
        triples = list(ox.parse(path.read_bytes(), format=ox.RdfFormat.N_TRIPLES))
        targets = {t.object.value for t in triples
                   if t.subject.value == subject and isinstance(t.object, ox.NamedNode)}
        for target in sorted(targets - {subject}):
            wanted = labels.get(target, set())
            missing = wanted - document
            assert not missing, f"{path}: links to {target} but lacks {sorted(missing)}"
            linked_with_labels += bool(wanted)
    assert linked_with_labels > 300  # links with labels are the rule, not an exception


def test_a_competency_document_names_its_indicators_and_scheme(built):
    """One case spelled out: the labels a consumer needs to show reflecteren's links."""
    path = _webroot(built) / "doc" / "competentie" / "reflecteren.nt"
    document = path.read_text(encoding="utf-8")
    base = built.base
    for line in (
        f'<{base}/id/gedragsindicator/reflecteren-1> <http://www.w3.org/2004/02/skos/core#prefLabel> ',
        f'<{base}/id/begrippenkader/competentieset> <http://www.w3.org/2004/02/skos/core#prefLabel> ',
    ):
        assert line in document, line


def test_csv_columns_are_the_fixed_list(built):
    root = _webroot(built)
    whole = (root / layout.DOWNLOAD_DIR / "competentieset.csv").read_bytes()
    assert whole.startswith(b"\xef\xbb\xbf") and b"\r\n" in whole  # BOM for Excel, CRLF
    header = next(csv.reader(io.StringIO(whole.decode("utf-8-sig"))))
    assert header == CSV_COLUMNS
    one = (root / "doc" / "competentie" / "reflecteren.csv").read_bytes().decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(one))) == CSV_COLUMNS  # per resource: the same columns
    metadata = json.loads((root / layout.DOWNLOAD_DIR / "csv-metadata.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in metadata["tableSchema"]["columns"]] == CSV_COLUMNS


def test_json_schema_fields_are_the_fixed_lists(built):
    root = _webroot(built)
    schema = json.loads((root / layout.DOWNLOAD_DIR / "competentieset.schema.json")
                        .read_text(encoding="utf-8"))
    assert list(schema["properties"]) == SCHEMA_TOP
    assert schema["required"] == SCHEMA_TOP_REQUIRED
    assert list(schema["$defs"]) == SCHEMA_DEFS
    assert list(schema["$defs"]["ref"]["properties"]) == SCHEMA_REF
    assert list(schema["$defs"]["node"]["properties"]) == SCHEMA_NODE
    assert list(schema["$defs"]["resourceDocument"]["properties"]) == SCHEMA_RESOURCE_DOCUMENT


def test_plain_json_uses_only_the_listed_keys(built):
    """Every key of every node in the published plain JSON is one of the schema's node or
    ref keys above (and the top level is one of the listed top keys)."""
    root = _webroot(built)
    data = json.loads((root / layout.DOWNLOAD_DIR / "competentieset.json").read_text(encoding="utf-8"))
    assert set(data) <= set(SCHEMA_TOP) and set(SCHEMA_TOP_REQUIRED) <= set(data)
    allowed = set(SCHEMA_NODE) | set(SCHEMA_REF)
    seen = set()

    def walk(value, key=None):
        if isinstance(value, dict):
            # language maps (label, definition, ...) have language tags as keys
            if key in ("label", "definition", "altLabel", "sourceText", "title", "name",
                       "description", "comment", "scopeNote", "editorialNote", "note",
                       "alignmentText", "citation"):
                return
            if "id" in value:
                seen.update(value)
                assert set(value) <= allowed, sorted(set(value) - allowed)
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)

    for top in SCHEMA_TOP:
        if top in data and top not in ("describedBy", "version", "released", "versionIri",
                                       "license", "note"):
            walk(data[top])
    assert {"id", "label", "broader", "notation"} <= seen
