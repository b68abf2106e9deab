"""What `competentieset build` publishes: every file parses, all formats carry the same
graph (per resource and whole), JSON-LD expands with pyld to it, plain JSON matches its
JSON Schema, CSV round-trips, DCAT has what DCAT-AP-NL 3.0 makes mandatory."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pyoxigraph as ox
from competentieset.model import identifiers, layout, uris, vocabulary
from competentieset.publication import csv_table, formats
from competentieset.publication.dataset_metadata import download_formats
from pyld import jsonld as pyld

RDF_PARSE = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML}
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _webroot(project) -> Path:
    return project.build_dir / layout.WEBROOT


def _loader(url, options=None):
    """pyld document loader that fails: every published document carries its context inline."""
    raise AssertionError(f"JSON-LD document needs a document loader for {url}")


def graph_of(path: Path, project) -> set[str]:
    """The triples of one published RDF file, as canonical N-Triples lines."""
    extension = path.suffix[1:]
    if extension == "jsonld":
        document = json.loads(path.read_text(encoding="utf-8"))
        nquads = pyld.to_rdf(document, {"format": "application/n-quads",
                                        "documentLoader": _loader})
        return {str(q.triple) for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)}
    return {str(t) for t in ox.parse(path.read_bytes(), format=RDF_PARSE[extension])}


def published(built):
    """The vocabulary as the build publishes it: the files of ontology/ as loaded, plus the
    graph the build derives (graaf:afgeleid: identifiers and dates, model/identifiers.py, and
    who says what, publication/provenance.py), taken from the published N-Quads (its content
    is tested in test_identifiers.py and test_build_who_says_what.py)."""
    vocab = vocabulary.load(built)
    derived = ox.NamedNode(identifiers.graph_iri(built.base))
    nq = (_webroot(built) / layout.download_file("nq")).read_bytes()
    quads = [q for q in ox.parse(nq, format=ox.RdfFormat.N_QUADS) if q.graph_name == derived]
    assert quads
    vocab.store.extend(quads)
    return vocab


def test_whole_vocabulary_in_every_rdf_format_is_the_union_graph(built):
    root = _webroot(built)
    expected = {str(t) for t in published(built).triples()}
    assert len(expected) > 1000
    for extension in ("ttl", "nt", "rdf", "jsonld"):
        assert graph_of(root / layout.download_file(extension), built) == expected, extension


def test_trig_and_nquads_keep_every_named_graph(built):
    root = _webroot(built)
    vocab = published(built)
    expected = {str(q) for q in vocab.store.quads_for_pattern(None, None, None, None)}
    assert len({q.graph_name for q in vocab.store}) == len(vocab.graphs) + 1 >= 10
    for extension, fmt in (("trig", ox.RdfFormat.TRIG), ("nq", ox.RdfFormat.N_QUADS)):
        data = (root / layout.download_file(extension)).read_bytes()
        assert {str(q) for q in ox.parse(data, format=fmt)} == expected, extension


def test_one_document_per_resource_in_every_format_all_isomorphic(built):
    root = _webroot(built)
    vocab = published(built)
    subjects = {
        t.subject.value for t in vocab.triples() if t.subject.value.startswith(built.base + "/")
    }
    assert len(subjects) >= 90
    for subject in sorted(subjects):
        graphs = {}
        for fmt in formats.FORMATS:
            if fmt.key == "html":
                continue  # written by the site
            path = root / uris.file_path(subject, built.base, fmt.extension)
            assert path.is_file(), path
            if fmt.rdf:
                graphs[fmt.extension] = graph_of(path, built)
        first = graphs["nt"]
        assert all(g == first for g in graphs.values()), subject
        # the description: every triple about the resource, plus labels of its links
        own = {str(t) for t in vocab.store.quads_for_pattern(ox.NamedNode(subject), None, None, None)
               for t in [t.triple]}
        assert own <= first
        extra = first - own
        assert all(" <http://www.w3.org/2004/02/skos/core#prefLabel> " in line
                   or "rdf-schema#label>" in line or "/name>" in line or "/title>" in line
                   or "/def/redactioneleWaarde>" in line
                   for line in extra), subject


def test_jsonld_is_compacted_with_the_published_context(built):
    root = _webroot(built)
    context_file = root / layout.CONTEXT_FILE
    context = json.loads(context_file.read_text(encoding="utf-8"))
    document = json.loads((root / "doc/competentie/reflecteren.jsonld").read_text(encoding="utf-8"))
    # inline: the entries of the published context the document uses
    assert document["@context"] == {k: v for k, v in context["@context"].items()
                                    if k in document["@context"]}
    assert {"id", "type", "prefLabel", "skos", "competentie"} <= set(document["@context"])
    assert (root / "versie" / built.version / layout.CONTEXT_FILE).read_bytes() == context_file.read_bytes()
    node = next(n for n in document["@graph"] if n["id"] == "competentie:reflecteren")
    assert node["prefLabel"]["nl"] == "Reflecteren"
    assert "skos:Concept" in node["type"]
    assert "prefLabel" in context["@context"]
    # pyld's own compaction with that context reads back as the same graph
    expanded = pyld.expand(document, {"documentLoader": _loader})
    compacted = pyld.compact(expanded, context, {"documentLoader": _loader})
    again = pyld.to_rdf(compacted, {"format": "application/n-quads"})
    assert {str(q.triple) for q in ox.parse(again.encode(), format=ox.RdfFormat.N_QUADS)} == \
        graph_of(root / "doc/competentie/reflecteren.nt", built)


def _schema(built):
    path = _webroot(built) / layout.JSON_SCHEMA_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def test_plain_json_validates_against_its_schema_and_is_framed(built):
    root = _webroot(built)
    schema = _schema(built)
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads((root / layout.download_file("json")).read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    assert document["version"] == built.version
    competencies = document["competencies"]
    assert [c["order"] for c in competencies] == list(range(1, 8))
    assert sum(len(c["indicators"]) for c in competencies) == 30
    assert len(document["areas"]) == 5
    assert [len(f["groups"]) for f in document["jobFamilies"]] == [4]
    reflect = competencies[0]
    assert reflect["label"] == {"nl": "Reflecteren", "en": "Reflection"}
    # source statements are not marked, the project's own are
    assert "label.nl" not in reflect["editorial"] and "label.en" in reflect["editorial"]
    assert "definition.nl" in reflect["editorial"]  # the source gives no definition
    assert all(area.get("editorial") for area in reflect["areas"])  # an interpretation
    assert [(m["relation"], m.get("editorial")) for m in reflect["mappings"]] == [("narrowMatch", True)]
    indicator = reflect["indicators"][0]
    assert "definition.nl" not in indicator["editorial"]  # verbatim from the source
    mapped = {m["id"] for m in document["mappedConcepts"]}
    assert {m["id"] for m in reflect["mappings"]} <= mapped


def test_plain_json_per_resource_validates(built):
    root = _webroot(built)
    schema = _schema(built)
    resource_schema = {**schema, "$ref": "#/$defs/resourceDocument"}
    for key in ("required", "properties", "additionalProperties", "type"):
        resource_schema.pop(key, None)
    validator = jsonschema.Draft202012Validator(resource_schema)
    paths = sorted(p for p in (root / "doc").rglob("*.json") if "download" not in p.parts)
    assert len(paths) >= 90
    for path in paths:
        document = json.loads(path.read_text(encoding="utf-8"))
        validator.validate(document)
        iri = document["resource"]["id"]
        assert str(uris.file_path(iri, built.base, "json")) == path.relative_to(root).as_posix()


def _read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_round_trip_one_row_per_concept(built):
    root = _webroot(built)
    rows = _read_csv(root / layout.download_file("csv"))
    vocab = published(built)
    store = vocab.store
    concepts = sorted({
        q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(SKOS + "Concept"))
        if q.subject.value.startswith(built.base + "/")
    })
    assert [r["uri"] for r in rows] == concepts
    assert len(concepts) == 7 + 30 + 5 + 1 + 4

    def values(subject, predicate, lang=None):
        found = []
        for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None, None):
            o = q.object
            if lang is None or (isinstance(o, ox.Literal) and o.language == lang):
                found.append(o.value)
        return sorted(set(found))

    cols = csv_table.columns(built.base)
    for row in rows:
        for col in cols:
            if col.predicate is None:
                continue
            lang = col.kind[5:] if col.kind.startswith("lang:") else None
            expected = values(row["uri"], col.predicate, lang)
            got = row[col.name].split(" ") if col.kind == "iris" else row[col.name].split(" | ")
            assert sorted(v for v in got if v) == expected, (row["uri"], col.name)
    reflect = next(r for r in rows if r["uri"].endswith("/competentie/reflecteren"))
    assert "label_en" in reflect["editorial"].split() and "label_nl" not in reflect["editorial"].split()
    # CSVW metadata describes exactly these columns
    metadata = json.loads((root / layout.CSVW_FILE).read_text(encoding="utf-8"))
    assert [c["name"] for c in metadata["tableSchema"]["columns"]] == list(rows[0].keys())
    assert metadata["url"] == "competentieset.csv"
    # a per-resource CSV is the same row
    single = _read_csv(root / "doc/competentie/reflecteren.csv")
    assert single == [reflect]


DATASET_MANDATORY = ["accessRights", "contactPoint", "creator", "description", "identifier",
                     "publisher", "theme", "title"]


def test_dcat_has_every_mandatory_dcat_ap_nl_property(built):
    root = _webroot(built)
    store = ox.Store()
    store.load(path=str(root / layout.DCAT_FILE), format=ox.RdfFormat.TURTLE)
    ns = {"accessRights": DCT, "creator": DCT, "description": DCT, "identifier": DCT,
          "publisher": DCT, "title": DCT, "contactPoint": DCAT, "theme": DCAT}
    datasets = [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(DCAT + "Dataset"))]
    iris = {d.value for d in datasets}
    assert iris == {f"{built.base}/id/begrippenkader/competentieset",
                    f"{built.base}/versie/{built.version}/id/begrippenkader/competentieset"}
    for dataset in datasets:
        for prop in DATASET_MANDATORY:
            assert list(store.quads_for_pattern(dataset, ox.NamedNode(ns[prop] + prop), None, None)), (dataset, prop)
        distributions = [q.object for q in store.quads_for_pattern(dataset, ox.NamedNode(DCAT + "distribution"), None, None)]
        media = set()
        for dist in distributions:
            for prop in (DCAT + "accessURL", DCT + "license", DCAT + "mediaType"):
                assert list(store.quads_for_pattern(dist, ox.NamedNode(prop), None, None)), (dist, prop)
            url = next(store.quads_for_pattern(dist, ox.NamedNode(DCAT + "accessURL"), None, None)).object.value
            assert (root / url[len(built.base) + 1:]).is_file(), url
            media.add(next(store.quads_for_pattern(dist, ox.NamedNode(DCAT + "mediaType"), None, None)).object.value)
        assert media == {f"http://www.iana.org/assignments/media-types/{f.media_type}" for f in download_formats()}
    # publisher and contact point: the editors, not the ABD; no invented address, and
    # a note that none is known
    editors = f"{built.base}/id/organisatie/redactie"
    for dataset in datasets:
        assert [q.object.value for q in store.quads_for_pattern(dataset, ox.NamedNode(DCT + "publisher"), None, None)] == [editors]
    contact = next(store.quads_for_pattern(None, ox.NamedNode(DCAT + "contactPoint"), None, None)).object
    props = {q.predicate.value: q.object for q in store.quads_for_pattern(contact, None, None, None)}
    vcard = "http://www.w3.org/2006/vcard/ns#"
    assert props[vcard + "hasUID"].value == editors
    assert vcard + "hasEmail" not in props and vcard + "hasURL" not in props
    notes = {q.object.value for q in store.quads_for_pattern(contact, ox.NamedNode(vcard + "note"), None, None)}
    assert "No e-mail address or contact form of the editors is known, so none is given." in notes
    assert "algemene-bestuursdienst" not in " ".join(str(q) for q in store.quads_for_pattern(contact, None, None, None))
    # the ABD publishes the source document the dataset is derived from
    abd_page = ("https://www.algemenebestuursdienst.nl/organisatie/wat-verwacht-de-rijksoverheid-"
                "van-een-publiek-leider/competentieset-voor-publieke-leiders")
    assert [q.object.value for q in store.quads_for_pattern(ox.NamedNode(abd_page), ox.NamedNode(DCT + "publisher"), None, None)] \
        == [f"{built.base}/id/organisatie/algemene-bestuursdienst"]


def test_void_counts_the_published_graph(built):
    root = _webroot(built)
    store = ox.Store()
    store.load(path=str(root / layout.VOID_FILE), format=ox.RdfFormat.TURTLE)
    dataset = ox.NamedNode(f"{built.base}/id/begrippenkader/competentieset")
    count = next(store.quads_for_pattern(dataset, ox.NamedNode("http://rdfs.org/ns/void#triples"), None, None))
    whole = (root / layout.download_file("nt")).read_bytes().count(b"\n")
    assert int(count.object.value) == whole


def test_release_folder_is_a_frozen_copy_with_a_manifest(built):
    import hashlib

    root = _webroot(built)
    frozen = root / "versie" / built.version
    lines = (frozen / layout.MANIFEST_FILE).read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, rel = line.split("  ", 1)
        listed[rel] = digest
        assert hashlib.sha256((frozen / rel).read_bytes()).hexdigest() == digest
        assert (frozen / rel).read_bytes() == (root / rel).read_bytes()
    on_disk = {p.relative_to(frozen).as_posix() for p in frozen.rglob("*") if p.is_file()}
    assert on_disk - {layout.MANIFEST_FILE} == set(listed)
    assert layout.download_file("ttl") in listed
    # the change list is part of the release (versie/<v>/doc/download/wijzigingen.*)
    assert all(rel in listed for rel in layout.CHANGES_FILES.values())


def test_another_base_uri_is_used_everywhere(tmp_path, monkeypatch):
    from build_helpers import copy_project
    from competentieset import validation
    from competentieset.model.config import load_project
    from competentieset.publication import build

    monkeypatch.setattr(validation, "validate", lambda vocab, lang="nl", **_: validation.Report())
    root = copy_project(tmp_path / "p")
    project = load_project(root, "http://127.0.0.1:8765/cs")
    build.build(project)
    web = _webroot(project)
    default = load_project(root).base
    for path in web.rglob("*"):
        if path.is_file():
            assert default.encode() not in path.read_bytes(), path
    assert graph_of(web / "doc/competentie/reflecteren.jsonld", project) == \
        graph_of(web / "doc/competentie/reflecteren.ttl", project)
    assert "<http://127.0.0.1:8765/cs/id/competentie/reflecteren>" in \
        (web / "doc/competentie/reflecteren.nt").read_text(encoding="utf-8")


def test_csv_rows_written_one_by_one_make_the_same_table():
    """The build writes each row once (csv_table.row_text) and joins the texts into the
    whole table (incremental builds keep them, publication/data_cache.py): the bytes must
    be those of writing all rows at once."""
    cols = csv_table.columns("https://example.org/x")[:4]
    rows = [["a", "b, with comma", 'say "hi"', "two\nlines"], ["", "é – ✓", "\r\n", " "], ["1", "2", "3", "4"]]
    assert csv_table.table_of_texts(cols, [csv_table.row_text(r) for r in rows]) == csv_table.table(cols, rows)
    assert csv_table.table_of_texts(cols, []) == csv_table.table(cols, [])
