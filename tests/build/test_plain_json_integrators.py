"""Plain JSON for integrators (issue 10): every key of the JSON Schema is described, list-valued
keys are present ([]) on every resource of a class, and lists keep the source order."""

from __future__ import annotations

import json

import pytest
from competentieset.model import layout

BASE = "https://w3id.org/competentieset-publieke-leiders"
# Every key a node may have (the JSON Schema's $defs/node), a fixed list.
NODE_KEYS = {
    "id", "type", "label", "name", "title", "altLabel", "definition", "description", "comment",
    "editorialNote", "scopeNote", "note", "sourceText", "alignmentText", "notation", "citation", "file",
    "order", "scaleMin", "scaleMax", "fromScale", "editorialKind", "inScheme", "topConceptOf",
    "topConcepts", "broader", "narrower", "related", "areas", "alignedWith", "coreProfileCompetencies",
    "provenanceKind", "publisher", "creator", "attributedTo", "derivedFrom", "primarySource", "definedBy",
    "subClassOf", "domain", "range", "replacedBy", "sources", "pages", "homepage", "seeAlso", "deprecated",
    "mappings", "other", "editorial", "indicators", "groups", "hiddenLabel", "license", "rights",
}
TOP_KEYS = {"describedBy", "version", "released", "versionIri", "license", "note", "competencySet",
            "competencies", "areas", "jobFamilies", "mappedConcepts"}
SOURCE_ORDER = ["reflecteren", "bestuurssensitiviteit", "omgevingsbewustzijn", "conceptuele-flexibiliteit",
                "gedeeld-leiderschap", "aansturen-organisatie", "stressbestendigheid"]
AREAS_ORDER = ["sociaal-communicatief", "intellectueel", "taakgericht", "emotioneel", "bestuurlijk-organisatorisch"]
# FGR job groups and their kernprofiel as ontology/feiten/functiegebouw-rijk.ttl states it
CORE_PROFILES = {"operationeel-manager": [], "manager": [], "topmanager": SOURCE_ORDER, "topmanager-generaal": []}


def _download(built, name):
    return json.loads((built.build_dir / layout.WEBROOT / layout.DOWNLOAD_DIR / name).read_text(encoding="utf-8"))


def _names(refs):
    return [r["id"].rsplit("/", 1)[1] for r in refs]


def test_every_key_of_the_json_schema_has_a_description(built):
    schema = _download(built, "competentieset.schema.json")
    node = schema["$defs"]["node"]["properties"]
    assert set(node) == NODE_KEYS
    assert set(schema["properties"]) == TOP_KEYS
    for where, props in (("node", node), ("top", schema["properties"]),
                         ("ref", schema["$defs"]["ref"]["properties"]),
                         ("resourceDocument", schema["$defs"]["resourceDocument"]["properties"])):
        for key, prop in props.items():
            assert len(prop.get("description", "")) >= 10, f"{where}.{key} has no description"


def test_list_keys_are_present_and_in_source_order(built):
    data = _download(built, "competentieset.json")
    groups = {g["id"].rsplit("/", 1)[1]: g for family in data["jobFamilies"] for g in family["groups"]}
    assert {name: _names(g["coreProfileCompetencies"]) for name, g in groups.items()} == CORE_PROFILES
    assert _names(data["competencySet"]["topConcepts"]) == SOURCE_ORDER
    assert _names(data["competencySet"]["areas"]) == AREAS_ORDER
    assert [c["id"].rsplit("/", 1)[1] for c in data["competencies"]] == SOURCE_ORDER
    for competency in data["competencies"]:
        # the indicators, in the source's numbering (1.1, 1.2, ...), both as links and nested
        notations = [i["notation"] for i in competency["indicators"]]
        assert notations == sorted(notations, key=lambda n: [int(p) for p in n.split(".")])
        assert _names(competency["narrower"]) == [i["id"].rsplit("/", 1)[1] for i in competency["indicators"]]
        for key in ("mappings", "areas", "narrower", "inScheme", "topConceptOf", "sources", "type"):
            assert isinstance(competency.get(key), list), f"{competency['id']}: {key} missing"
    for competency in data["competencies"]:
        for indicator in competency["indicators"]:
            for key in ("broader", "inScheme", "sources", "type"):
                assert isinstance(indicator.get(key), list), f"{indicator['id']}: {key} missing"


@pytest.mark.parametrize("name", ["topmanager-generaal", "topmanager"])
def test_per_resource_documents_have_the_same_list_keys(built, name):
    doc = json.loads((built.build_dir / layout.WEBROOT / f"doc/functiegroep/{name}.json").read_text(encoding="utf-8"))
    assert _names(doc["resource"]["coreProfileCompetencies"]) == CORE_PROFILES[name]
