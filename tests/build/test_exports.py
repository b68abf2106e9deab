"""The consumer formats of publication/exports/ on the real build: CTDL-ASN, Moodle, Totara,
Open Badges. Expected values come from fixed tables below (taken from the specifications and
the implementers' code, see sources/interop/README.md) and from the source Turtle read with
rdflib, never from the exporters themselves."""

from __future__ import annotations

import calendar
import csv
import io
import json
import uuid
from pathlib import Path

import pytest
import rdflib
import rdflib.compare
from competentieset.model import layout
from pyld import jsonld as pyld

from tests.conftest import ROOT

BASE = "https://w3id.org/competentieset-publieke-leiders"
SCHEME = f"{BASE}/id/begrippenkader/competentieset"
CEASN = "https://purl.org/ctdlasn/terms/"
CETERMS = "https://purl.org/ctdl/terms/"
ESCO = "http://data.europa.eu/esco/skill/"

# The competencies in the order of the source text.
SOURCE_ORDER = ["reflecteren", "bestuurssensitiviteit", "omgevingsbewustzijn", "conceptuele-flexibiliteit",
                "gedeeld-leiderschap", "aansturen-organisatie", "stressbestendigheid"]
# The CTDL-ASN property each SKOS mapping relation must become (README, "CTDL-ASN").
CTDL_ALIGNMENT = {"exactMatch": "ceasn:exactAlignment", "broadMatch": "ceasn:broadAlignment",
                  "narrowMatch": "ceasn:narrowAlignment", "closeMatch": "ceasn:majorAlignment",
                  "relatedMatch": "ceasn:minorAlignment"}


def alignments() -> dict:
    """(concept name, CTDL-ASN property) -> sorted ESCO URIs, from ontology/mapping/esco.ttl read
    with rdflib and the table above (not from our exporter)."""
    graph = rdflib.Graph().parse(ROOT / "ontology" / "mapping" / "esco.ttl", format="turtle")
    skos = "http://www.w3.org/2004/02/skos/core#"
    result: dict = {}
    for s_, p_, o_ in graph:
        relation = str(p_).removeprefix(skos)
        if str(p_).startswith(skos) and relation in CTDL_ALIGNMENT and str(o_).startswith(ESCO):
            key = (str(s_).rsplit("/", 1)[1], CTDL_ALIGNMENT[relation])
            result.setdefault(key, []).append(str(o_))
    return {k: sorted(v) for k, v in result.items()}


# CTDL-ASN: required by the Credential Registry's publishing code (Registry_Assistant)
FRAMEWORK_REQUIRED = ("ceterms:ctid", "ceasn:name", "ceasn:description", "ceasn:inLanguage", "ceasn:publisher")
COMPETENCY_REQUIRED = ("ceterms:ctid", "ceasn:competencyText", "ceasn:isPartOf")
# Moodle tool_lpimportcsv: the headers of its export (lang/en/tool_lpimportcsv.php), by position
MOODLE_HEADERS = [
    "Parent ID number", "ID number", "Short name", "Description", "Description format", "Scale values",
    "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
    "Cross-referenced competency ID numbers", "Exported ID (optional)", "Is framework", "Taxonomy",
]
MOODLE_TAXONOMY_WORDS = {"behaviour", "competency", "concept", "domain", "indicator", "level", "outcome",
                         "practice", "proficiency", "skill", "value"}
# Totara HR import, competency source (tool_totara_sync sources/source_comp.php)
TOTARA_HEADERS = ["idnumber", "fullname", "shortname", "frameworkidnumber", "parentidnumber",
                  "description", "typeidnumber", "timemodified", "deleted", "aggregationmethod"]
TOTARA_AGGREGATION = {"ALL", "ANY", "OFF", "1", "2", "3"}
# Open Badges 3.0 Alignment
OB_REQUIRED = ("type", "targetName", "targetUrl")
OB_KEYS = {"type", "targetName", "targetUrl", "targetDescription", "targetFramework", "targetCode", "targetType"}
OB_TARGET_TYPES = {"ceasn:Competency", "ceterms:Credential", "CFItem", "CFRubric", "CFRubricCriterion",
                   "CFRubricCriterionLevel", "CTDL"}
RELEASE_DATE = (2026, 11, 30)  # ontology/releases.csv, release 0.1.0


@pytest.fixture(scope="module")
def source():
    """competency name -> its indicator names in source order, from the source Turtle and the
    editors' sequence numbers (redactie/notaties.ttl: the numbers are ours, the order the
    source's), read with rdflib."""
    graph = rdflib.Graph().parse(ROOT / "ontology" / "bron" / "competentieset.ttl", format="turtle")
    graph.parse(ROOT / "ontology" / "redactie" / "notaties.ttl", format="turtle")
    rows = graph.query(f"""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX cs: <{BASE}/def/>
        SELECT ?c ?i ?n WHERE {{ ?i a cs:Gedragsindicator ; skos:broader ?c ; cs:volgnummer ?n }}""")
    result: dict[str, list] = {}
    for c, i, n in rows:
        result.setdefault(str(c).rsplit("/", 1)[1], []).append((int(n), str(i).rsplit("/", 1)[1]))
    return {c: [name for _, name in sorted(v)] for c, v in result.items()}


def _download(built, name: str) -> Path:
    return built.build_dir / layout.WEBROOT / "doc" / "download" / name


def _uri(kind: str, name: str) -> str:
    return f"{BASE}/id/{kind}/{name}"


def _no_network(url, options=None):
    raise AssertionError(f"the file asked for a remote document: {url}")


# ------------------------------------------------------------------ CTDL-ASN

@pytest.fixture(scope="module")
def ctdl(built):
    return json.loads(_download(built, "competentieset.ctdl-asn.jsonld").read_text(encoding="utf-8"))


def test_ctdl_asn_has_every_required_property_with_language_maps(ctdl, source):
    assert isinstance(ctdl["@context"], dict), "the context must be inline (parses offline)"
    nodes = {n["@id"]: n for n in ctdl["@graph"]}
    framework = nodes[SCHEME]
    assert framework["@type"] == "ceasn:CompetencyFramework"
    for key in FRAMEWORK_REQUIRED:
        assert framework.get(key), f"framework lacks {key}"
    assert framework["ceterms:ctid"] == "ce-" + str(uuid.uuid5(uuid.NAMESPACE_URL, SCHEME))
    assert set(framework["ceasn:name"]) == {"nl", "en"} and set(framework["ceasn:description"]) == {"nl", "en"}
    assert framework["ceasn:name"]["nl"] == "Competentieset voor publieke leiders"
    assert framework["ceasn:inLanguage"] == ["nl", "en"]
    # the publication's publisher is its editors; the ABD publishes the source (issue 11)
    assert framework["ceasn:publisher"] == [_uri("organisatie", "redactie")]
    assert framework["ceasn:hasTopChild"] == [_uri("competentie", c) for c in SOURCE_ORDER]
    competencies = [n for n in ctdl["@graph"] if n["@type"] == "ceasn:Competency"]
    expected_all = []
    for c in SOURCE_ORDER:
        expected_all += [_uri("competentie", c)] + [_uri("gedragsindicator", i) for i in source[c]]
    assert [n["@id"] for n in competencies] == expected_all  # 7 + 30, in source order
    assert len(competencies) == 37
    for node in competencies:
        for key in COMPETENCY_REQUIRED:
            assert node.get(key), f"{node['@id']} lacks {key}"
        assert node["ceterms:ctid"] == "ce-" + str(uuid.uuid5(uuid.NAMESPACE_URL, node["@id"]))
        assert set(node["ceasn:competencyText"]) == {"nl", "en"}, node["@id"]
        assert node["ceasn:isPartOf"] == SCHEME
    for c in SOURCE_ORDER:
        node = nodes[_uri("competentie", c)]
        assert node["ceasn:isTopChildOf"] == SCHEME
        assert node["ceasn:hasChild"] == [_uri("gedragsindicator", i) for i in source[c]]
        for i in source[c]:
            assert nodes[_uri("gedragsindicator", i)]["ceasn:isChildOf"] == _uri("competentie", c)
    # an indicator's Dutch text is the source's, verbatim
    assert nodes[_uri("gedragsindicator", "reflecteren-3")]["ceasn:competencyText"]["nl"] == (
        "Je hebt zelfinzicht. Je zoekt actief naar persoonlijke feedback en reëel inzicht in je eigen "
        "sterke en zwakke punten. Je durft je kwetsbaar op te stellen.")
    assert nodes[_uri("gedragsindicator", "reflecteren-3")]["ceasn:codedNotation"] == "1.3"
    # dates: the one release of ontology/releases.csv
    for node in [framework, *competencies]:
        assert (node["ceasn:dateCreated"], node["ceasn:dateModified"]) == ("2026-11-30", "2026-11-30"), node["@id"]
    found = {}
    for node in competencies:
        for key in ("ceasn:exactAlignment", "ceasn:broadAlignment", "ceasn:narrowAlignment",
                    "ceasn:majorAlignment", "ceasn:minorAlignment"):
            if key in node:
                found[(node["@id"].rsplit("/", 1)[1], key)] = node[key]
    assert {k: sorted(v) for k, v in found.items()} == alignments()
    assert len(found) >= 10


def test_ctdl_asn_parses_offline_in_rdflib_and_pyld_to_the_same_graph(ctdl):
    text = json.dumps(ctdl)
    graph = rdflib.Graph().parse(data=text, format="json-ld")
    expanded = pyld.expand(ctdl, {"documentLoader": _no_network})
    nquads = pyld.to_rdf(expanded, {"format": "application/n-quads", "documentLoader": _no_network})
    other = rdflib.Graph().parse(data=nquads, format="nt")
    assert rdflib.compare.isomorphic(graph, other)
    competency = rdflib.URIRef(CEASN + "Competency")
    assert len(set(graph.subjects(rdflib.RDF.type, competency))) == 37
    text_nl = graph.value(rdflib.URIRef(_uri("gedragsindicator", "reflecteren-1")),
                          rdflib.URIRef(CEASN + "competencyText"))
    assert text_nl is not None
    labels = {(o.language, str(o)) for o in graph.objects(rdflib.URIRef(_uri("competentie", "reflecteren")),
                                                         rdflib.URIRef(CEASN + "competencyLabel"))}
    assert labels == {("nl", "Reflecteren"), ("en", "Reflection")}
    # links are IRIs, not strings
    assert (rdflib.URIRef(_uri("competentie", "reflecteren")), rdflib.URIRef(CEASN + "isPartOf"),
            rdflib.URIRef(SCHEME)) in graph
    assert (rdflib.URIRef(SCHEME), rdflib.URIRef(CETERMS + "ctid"),
            rdflib.Literal("ce-" + str(uuid.uuid5(uuid.NAMESPACE_URL, SCHEME)))) in graph


# ------------------------------------------------------------------ Moodle

def _moodle_import(text: str):
    """Moodle's import rules as tool_lpimportcsv's framework_importer applies them: columns by
    position; the row with Is framework set is the framework (the last one wins, so there must
    be exactly one); every other row goes into a flat list keyed by its ID number; the tree is
    built from the framework (parent '') by Parent ID number; a competency is created only
    when it has both an ID number and a Short name (its children only if it is); ID number and
    Short name are cut at 100 characters. Returns (framework row, created rows, all rows)."""
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    frameworks = [r for r in body if r[12] not in ("", "0")]
    flat = {r[1]: r for r in body if r[12] in ("", "0")}
    created = []

    def add_children(parent_idnumber: str, depth: int):
        for row in flat.values():
            if row[0] == parent_idnumber:
                if row[1] and row[2]:
                    created.append((row, depth))
                    add_children(row[1], depth + 1)

    add_children("", 1)
    return header, frameworks, created, body


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_moodle_csv_follows_moodles_import_rules(built, source, lang):
    raw = _download(built, f"competentieset.moodle.{lang}.csv").read_bytes()
    text = raw.decode("utf-8")
    header, frameworks, created, body = _moodle_import(text)
    assert header == MOODLE_HEADERS
    assert all(len(r) == 14 for r in body)
    assert len(frameworks) == 1, "exactly one framework row"
    fw = frameworks[0]
    assert fw[1] == "competentieset" and fw[0] == ""
    # the scale: present (Moodle needs one), and labelled as a technical default, not the ABD's
    values = fw[5].split(",")
    assert len(values) == 2
    config = json.loads(fw[6])
    assert "scaleid" in config[0]
    assert {c["id"] for c in config[1:]} <= set(range(1, len(values) + 1))
    assert any(c.get("proficient") == 1 for c in config[1:]) and any(c.get("scaledefault") == 1 for c in config[1:])
    label = {"nl": "Technische standaardschaal voor de import", "en": "Technical default scale for the import"}[lang]
    assert label in fw[3]
    # taxonomy: one allowed word per level of the tree
    words = fw[13].split(",")
    assert set(words) <= MOODLE_TAXONOMY_WORDS
    depth = max(d for _, d in created)
    assert len(words) == depth == 2
    # rows kept: every non-framework row is created (parents resolved), in source order
    assert len(created) == len(body) - 1 == 37
    expected = []
    for c in SOURCE_ORDER:
        expected += [(c, "")] + [(i, c) for i in source[c]]
    assert [(r[1], r[0]) for r in body if r is not fw] == expected
    assert {r[1] for r, _ in created} == {c for c, _ in expected}
    ids = [r[1] for r in body]
    assert len(set(ids)) == len(ids)
    for row in body:
        assert 1 <= len(row[1]) <= 100 and 1 <= len(row[2]) <= 100
        assert row[4] == "1" and row[3].startswith("<p>"), row[1]
        for ref in filter(None, row[10].split(",")):
            assert ref.replace("%2C", ",") in ids
    by_id = {r[1]: r for r in body}
    assert by_id["reflecteren"][2] == {"nl": "Reflecteren", "en": "Reflection"}[lang]
    if lang == "nl":
        assert "Je hebt zelfinzicht." in by_id["reflecteren-3"][3]


# ------------------------------------------------------------------ Totara

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_totara_csv_columns_hold(built, source, lang):
    rows = list(csv.DictReader(io.StringIO(
        _download(built, f"competentieset.totara.{lang}.csv").read_text(encoding="utf-8"))))
    with _download(built, f"competentieset.totara.{lang}.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == TOTARA_HEADERS
    assert len(rows) == 37
    ids = [r["idnumber"] for r in rows]
    assert len(set(ids)) == 37
    release = str(calendar.timegm((*RELEASE_DATE, 0, 0, 0)))
    for row in rows:
        assert 1 <= len(row["idnumber"]) <= 100
        assert 1 <= len(row["fullname"]) <= 1000
        assert len(row["shortname"]) <= 100
        assert row["frameworkidnumber"] == "competentieset"
        assert row["parentidnumber"] == "" or row["parentidnumber"] in ids
        assert row["timemodified"] == release
        assert row["deleted"] == "0"
        assert row["aggregationmethod"] in TOTARA_AGGREGATION
    parents = {r["idnumber"]: r["parentidnumber"] for r in rows}
    for c in SOURCE_ORDER:
        assert parents[c] == ""
        assert all(parents[i] == c for i in source[c])


# ------------------------------------------------------------------ Open Badges

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_open_badges_alignments_have_their_required_fields(built, source, lang):
    objects = json.loads(_download(built, f"competentieset.openbadges.{lang}.json").read_text(encoding="utf-8"))
    expected = []
    for c in SOURCE_ORDER:
        expected += [_uri("competentie", c)] + [_uri("gedragsindicator", i) for i in source[c]]
    assert [o["targetUrl"] for o in objects] == expected
    for obj in objects:
        for key in OB_REQUIRED:
            assert obj.get(key), f"{obj.get('targetUrl')}: {key} missing"
        assert set(obj) <= OB_KEYS
        assert obj["type"] == ["Alignment"]
        assert obj["targetType"] in OB_TARGET_TYPES or obj["targetType"].startswith("ext:")
        assert obj["targetCode"] == obj["targetUrl"].rsplit("/", 1)[1]
        assert obj["targetFramework"] == {"nl": "Competentieset voor publieke leiders",
                                          "en": "Competency framework for public leaders"}[lang]
    first = objects[0]
    assert first["targetName"] == {"nl": "Reflecteren", "en": "Reflection"}[lang]


@pytest.mark.parametrize(("lang", "page"), [
    ("nl", "doc/gedragsindicator/reflecteren-1.html"), ("nl", "doc/competentie/stressbestendigheid.html"),
    ("en", "en/doc/gedragsindicator/reflecteren-1.html"), ("en", "en/doc/competentie/stressbestendigheid.html"),
])
def test_each_page_shows_its_open_badges_alignment_to_copy(built, lang, page):
    """The object on the page is the one in the download, for that page's language."""
    import html as html_mod
    import re

    text = (built.build_dir / layout.WEBROOT / page).read_text(encoding="utf-8")
    blocks = re.findall(r'<code class="language-json">(.*?)</code>', text, re.S)
    assert len(blocks) == 1, f"{page}: expected one JSON block"
    shown = json.loads(html_mod.unescape(re.sub(r"<[^>]+>", "", blocks[0])))
    objects = json.loads(_download(built, f"competentieset.openbadges.{lang}.json").read_text(encoding="utf-8"))
    uri = _uri(page.split("/")[-2], page.rsplit("/", 1)[1][:-5])
    assert shown == next(o for o in objects if o["targetUrl"] == uri)


@pytest.mark.parametrize(("page", "lang"), [("importeren.html", "nl"), ("en/importeren.html", "en")])
def test_the_import_page_names_each_system_its_files_and_steps(built, page, lang):
    import html as html_mod

    from competentieset.publication.exports import EXPORTS

    text = html_mod.unescape((built.build_dir / layout.WEBROOT / page).read_text(encoding="utf-8"))
    assert {"nl": "Importeren in uw systeem", "en": "Import into your system"}[lang] in text
    assert "Site administration > Competencies > Import competency framework" in text
    assert "/api/changes?since=" in text
    for export in EXPORTS:
        assert export.title[lang] in text
        for file in export.files:
            assert file.path.rsplit("/", 1)[1] in text
        for step in export.steps.get(lang, ()):
            assert step in text
