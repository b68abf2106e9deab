"""CASE 1.1 / 1.0: every payload against our CASE 1.1 JSON Schema, each schema rule rejecting
its broken case, the service provider on the embedded server, nginx and Apache (the same
tests), and the round trip: the SKOS core rebuilt from the Dutch CASE package alone is
isomorphic to the published one (read with rdflib from the N-Quads)."""

from __future__ import annotations

import copy
import json
import uuid

import jsonschema
import pytest
import rdflib
from competentieset.publication.exports.case import api_files
from competentieset.publication.exports.case_schema import BY_ENDPOINT, schema
from rdflib.compare import isomorphic
from serve_helpers import DEPRECATED, SUCCESSOR

SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
OWL = rdflib.Namespace("http://www.w3.org/2002/07/owl#")
UNKNOWN = "00000000-0000-5000-8000-000000000000"
# SKOS mapping relation <- CASE associationType (the table in README, "CASE")
MAPPING = {"exactMatchOf": SKOS.exactMatch, "ext:closeMatch": SKOS.closeMatch,
           "ext:broadMatch": SKOS.broadMatch, "ext:narrowMatch": SKOS.narrowMatch,
           "isRelatedTo": SKOS.relatedMatch}


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _validator(name):
    return jsonschema.Draft202012Validator(schema(name))


def _packages(webroot):
    return {lang: _load(webroot.path / "doc" / "download" / f"case-{lang}.json") for lang in ("nl", "en")}


# ------------------------------------------------------------------ payloads and the schema

def _answers(webroot, version):
    """Every answer of the service for one version, as the embedded server makes them from
    the published packages (exports.case.api_files; the files the build wrote are the same)."""
    root = webroot.path / "ims" / "case" / version
    packages = {}
    for doc in _load(root / "CFDocuments.json")["CFDocuments"]:
        packages[doc["language"]] = _load(root / "CFPackages" / f"{doc['identifier']}.json")
    return api_files(packages, version, webroot.base)


def test_every_payload_passes_our_case_schema(webroot):
    checked = 0
    for package in _packages(webroot).values():
        _validator("package").validate(package)
        checked += 1
    for version in ("v1p1", "v1p0"):
        root = webroot.path / "ims" / "case" / version
        _validator("documents").validate(_load(root / "CFDocuments.json"))
        answers = _answers(webroot, version)
        for path in root.rglob("*.json"):  # what the build wrote is what the server serves
            assert _load(path) == answers[path.relative_to(webroot.path).as_posix()], path
        for endpoint, name in BY_ENDPOINT.items():
            paths = [p for p in answers if p.split("/")[3] == endpoint]
            assert paths, endpoint
            validator = _validator(name)
            for path in paths:
                data = answers[path]
                if version == "v1p0":  # 1.0 has no caseVersion; the rest of the rules hold
                    assert "caseVersion" not in json.dumps(data)
                validator.validate(data)
                checked += 1
    _validator("error").validate(_load(webroot.path / "ims" / "case" / "not-found.json"))
    assert checked > 400


def test_packages_have_what_consumers_need(webroot):
    nl, en = (p for p in _packages(webroot).values())
    doc = nl["CFDocument"]
    # issue 11: this publication's editors publish the dataset; the ABD publishes the source
    # document, which officialSourceURL names
    assert doc["creator"] == doc["publisher"] == "Redactie van deze publicatie"
    assert doc["officialSourceURL"].startswith("https://www.algemenebestuursdienst.nl/")
    assert doc["language"] == "nl" and en["CFDocument"]["language"] == "en"
    assert doc["version"] == webroot.version and doc["adoptionStatus"] == "Draft"
    assert doc["licenseURI"]["title"].startswith("CC BY 4.0")
    types = {i["CFItemType"] for i in nl["CFItems"]}
    assert types == {"Competentie", "Gedragsindicator", "Gebied", "Functiefamilie", "Functiegroep"}
    # every Dutch node's identifier is the UUID of its URI (the dct:identifier in the data)
    for item in nl["CFItems"]:
        assert item["identifier"] == str(uuid.uuid5(uuid.NAMESPACE_URL, item["uri"]))
    # the English package: one isTranslationOf per item and for the document, to the Dutch node
    dutch = {i["identifier"] for i in nl["CFItems"]} | {doc["identifier"]}
    translations = [a for a in en["CFAssociations"] if a["associationType"] == "isTranslationOf"]
    assert len(translations) == len(en["CFItems"]) + 1
    assert {a["destinationNodeURI"]["identifier"] for a in translations} == dutch
    assert not any(a["associationType"] == "isTranslationOf" for a in nl["CFAssociations"])
    # CASE 1.0 has no isTranslationOf and no ext: types
    v10 = _load(webroot.path / "ims" / "case" / "v1p0" / "CFPackages" / f"{en['CFDocument']['identifier']}.json")
    kinds = {a["associationType"] for a in v10["CFAssociations"]}
    assert "isTranslationOf" not in kinds and not any(k.startswith("ext:") for k in kinds)


def _first(package, key, kind=None):
    for entry in package[key]:
        if kind is None or entry.get("associationType") == kind:
            return entry
    raise AssertionError(key)


# (name, schema, how to break a valid payload): each must be rejected
BROKEN = [
    ("document without identifier", "package", lambda p: p["CFDocument"].pop("identifier")),
    ("document without creator", "package", lambda p: p["CFDocument"].pop("creator")),
    ("document without title", "package", lambda p: p["CFDocument"].pop("title")),
    ("uppercase UUID", "package", lambda p: p["CFDocument"].update(identifier=p["CFDocument"]["identifier"].upper())),
    ("UUID of the wrong variant", "package", lambda p: _first(p, "CFItems").update(
        identifier="41e55332-80b2-5d78-cfd4-c9479e875ce1")),
    ("caseVersion other than 1.1", "package", lambda p: p["CFDocument"].update(caseVersion="1.0")),
    ("lastChangeDateTime a date only", "package", lambda p: p["CFDocument"].update(lastChangeDateTime="2026-11-30")),
    ("statusStartDate a date-time", "package", lambda p: p["CFDocument"].update(statusStartDate="2026-11-30T00:00:00Z")),
    ("item without fullStatement", "package", lambda p: _first(p, "CFItems").pop("fullStatement")),
    ("item without uri", "package", lambda p: _first(p, "CFItems").pop("uri")),
    ("item with a field CASE does not have", "package", lambda p: _first(p, "CFItems").update(colour="red")),
    ("uri not a URI", "package", lambda p: _first(p, "CFItems").update(uri="reflecteren")),
    ("associationType not in the vocabulary", "package", lambda p: _first(p, "CFAssociations").update(
        associationType="isParentOf")),
    ("ext: type with a space", "package", lambda p: _first(p, "CFAssociations").update(associationType="ext:close match")),
    ("sequenceNumber a string", "package", lambda p: _first(p, "CFAssociations", "isChildOf").update(sequenceNumber="1")),
    ("association without destination", "package", lambda p: _first(p, "CFAssociations").pop("destinationNodeURI")),
    ("LinkGenURI without title", "package", lambda p: _first(p, "CFAssociations")["originNodeURI"].pop("title")),
    ("item type without hierarchyCode", "package", lambda p: p["CFDefinitions"]["CFItemTypes"][0].pop("hierarchyCode")),
    ("licence without licenseText", "package", lambda p: p["CFDefinitions"]["CFLicenses"][0].pop("licenseText")),
    ("package without CFDocument", "package", lambda p: p.pop("CFDocument")),
]


@pytest.mark.parametrize("name,kind,breaker", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_schema_rule_rejects_its_broken_case(webroot, name, kind, breaker):
    package = _packages(webroot)["nl"]
    _validator(kind).validate(package)
    broken = copy.deepcopy(package)
    breaker(broken)
    assert not _validator(kind).is_valid(broken), name


def test_standalone_payloads_need_their_links(webroot):
    root = webroot.path / "ims" / "case" / "v1p1"
    doc = _load(next((root / "CFDocuments").glob("*.json")))
    del doc["CFPackageURI"]
    assert not _validator("document").is_valid(doc)
    answers = _answers(webroot, "v1p1")
    item = copy.deepcopy(answers[next(p for p in answers if p.split("/")[3] == "CFItems")])
    del item["CFDocumentURI"]
    assert not _validator("item").is_valid(item)
    error = _load(webroot.path / "ims" / "case" / "not-found.json")
    error["imsx_codeMajor"] = "broken"
    assert not _validator("error").is_valid(error)


# ------------------------------------------------------------------ the service, three servers

def _check_service(server, webroot, endpoints=tuple(BY_ENDPOINT)):
    nl = _packages(webroot)["nl"]
    doc_id = nl["CFDocument"]["identifier"]
    item = next(i for i in nl["CFItems"] if i["uri"].endswith("/id/competentie/reflecteren"))
    assoc = _first(nl, "CFAssociations", "isChildOf")
    item_type = nl["CFDefinitions"]["CFItemTypes"][0]
    licence = nl["CFDefinitions"]["CFLicenses"][0]
    with server.client() as client:
        for version in ("v1p1", "v1p0"):
            answers = _answers(webroot, version)
            api = f"/ims/case/{version}"
            r = client.get(f"{api}/CFDocuments")
            assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
            assert r.headers["access-control-allow-origin"] == "*"
            assert [d["identifier"] for d in r.json()["CFDocuments"]][0] == doc_id
            _validator("documents").validate(r.json())
            for endpoint, ident in (("CFDocuments", doc_id), ("CFPackages", doc_id),
                                    ("CFItems", item["identifier"]), ("CFAssociations", assoc["identifier"]),
                                    ("CFItemAssociations", item["identifier"]),
                                    ("CFItemTypes", item_type["identifier"]),
                                    ("CFLicenses", licence["identifier"])):
                if endpoint not in endpoints:
                    continue
                r = client.get(f"{api}/{endpoint}/{ident}")
                assert r.status_code == 200, (endpoint, r.text[:200])
                assert r.headers["access-control-allow-origin"] == "*"
                assert r.json() == answers[f"ims/case/{version}/{endpoint}/{ident}.json"]
                _validator(BY_ENDPOINT[endpoint]).validate(r.json())
            for endpoint in ("CFItems", "CFPackages", "CFConcepts", "CFSubjects", "CFRubrics",
                             "CFAssociationGroupings"):
                r = client.get(f"{api}/{endpoint}/{UNKNOWN}")
                assert r.status_code == 404, endpoint
                assert r.headers["content-type"].startswith("application/json")
                assert r.headers["access-control-allow-origin"] == "*"
                body = r.json()
                _validator("error").validate(body)
                assert (body["imsx_codeMajor"], body["imsx_severity"]) == ("failure", "error")
                assert body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == "unknownobject"


def test_service_provider(server, webroot):
    _check_service(server, webroot)


def test_service_provider_on_apache(apache, webroot):
    """Every endpoint: the files from the .htaccess, CFItems, CFAssociations and
    CFItemAssociations through the proxies of build/apache/competentieset.conf."""
    _check_service(apache, webroot)


def test_cfdocuments_list_parameters(server):
    """limit, offset, sort, orderBy, filter, fields (nginx hands these to the embedded server)."""
    _check_list_parameters(server)


def test_cfdocuments_list_parameters_on_apache(apache):
    """Apache hands them to the embedded server too (build/apache/competentieset.conf)."""
    _check_list_parameters(apache)


def _check_list_parameters(server):
    with server.client() as client:
        api = "/ims/case/v1p1/CFDocuments"
        r = client.get(api, params={"sort": "language", "orderBy": "desc", "fields": "title,language"})
        assert r.status_code == 200
        assert r.json() == {"CFDocuments": [
            {"title": "Competentieset voor publieke leiders", "language": "nl"},
            {"title": "Competency framework for public leaders", "language": "en"}]}
        r = client.get(api, params={"sort": "language", "limit": "1", "offset": "1", "fields": "language"})
        assert r.json() == {"CFDocuments": [{"language": "nl"}]}
        r = client.get(api, params={"filter": "language='en'", "fields": "title"})
        assert r.json() == {"CFDocuments": [{"title": "Competency framework for public leaders"}]}
        r = client.get(api, params={"filter": "title~'publieke' OR language='en'", "fields": "language"})
        assert r.json() == {"CFDocuments": [{"language": "nl"}, {"language": "en"}]}
        for params, minor in (({"limit": "0"}, "invalid_selection_field"),
                              ({"offset": "-1"}, "invalid_selection_field"),
                              ({"sort": "colour"}, "invalid_sort_field"),
                              ({"orderBy": "up"}, "invalid_sort_field"),
                              ({"filter": "language=en"}, "invalid_selection_field"),
                              ({"fields": "colour"}, "invalid_selection_field"),
                              ({"page": "2"}, "invalid_selection_field")):
            r = client.get(api, params=params)
            assert r.status_code == 400, params
            body = r.json()
            _validator("error").validate(body)
            assert body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == minor


# ------------------------------------------------------------------ the round trip

def _core_from_case(package) -> rdflib.Graph:
    """The SKOS core from the Dutch CASE package alone."""
    g = rdflib.Graph()
    by_id = {i["identifier"]: i for i in package["CFItems"]}
    doc = package["CFDocument"]
    base = doc["uri"].split("/id/")[0]
    kinds = {"Competentie": rdflib.URIRef(f"{base}/def/Competentie"),
             "Gedragsindicator": rdflib.URIRef(f"{base}/def/Gedragsindicator")}
    order = rdflib.URIRef(f"{base}/def/volgnummer")
    for item in package["CFItems"]:
        if item["CFItemType"] in kinds:
            node = rdflib.URIRef(item["uri"])
            g.add((node, rdflib.RDF.type, kinds[item["CFItemType"]]))
            g.add((node, SKOS.prefLabel, rdflib.Literal(item.get("abbreviatedStatement", item["fullStatement"]),
                                                         lang=item["language"])))
    for a in package["CFAssociations"]:
        origin = by_id.get(a["originNodeURI"]["identifier"])
        if origin is None or origin["CFItemType"] not in kinds:
            continue
        node = rdflib.URIRef(origin["uri"])
        kind, target = a["associationType"], a["destinationNodeURI"]
        if kind == "isChildOf":
            if target["identifier"] == doc["identifier"]:
                g.add((node, SKOS.topConceptOf, rdflib.URIRef(doc["uri"])))
            else:
                g.add((node, SKOS.broader, rdflib.URIRef(by_id[target["identifier"]]["uri"])))
            g.add((node, order, rdflib.Literal(a["sequenceNumber"])))
        elif kind == "replacedBy":
            g.add((node, DCT.isReplacedBy, rdflib.URIRef(by_id[target["identifier"]]["uri"])))
            g.add((node, OWL.deprecated, rdflib.Literal(True)))
        elif kind in MAPPING and target["identifier"] not in by_id:  # an ESCO skill
            g.add((node, MAPPING[kind], rdflib.URIRef(target["uri"])))
    return g


def _core_from_data(webroot) -> rdflib.Graph:
    data = rdflib.Dataset()
    data.parse(webroot.path / "doc" / "download" / "competentieset.nq", format="nquads")
    union = rdflib.Graph()
    for s, p, o, _ in data.quads():
        union.add((s, p, o))
    base = webroot.base
    kinds = [rdflib.URIRef(f"{base}/def/Competentie"), rdflib.URIRef(f"{base}/def/Gedragsindicator")]
    order = rdflib.URIRef(f"{base}/def/volgnummer")
    g = rdflib.Graph()
    for kind in kinds:
        for node in union.subjects(rdflib.RDF.type, kind):
            g.add((node, rdflib.RDF.type, kind))
            for label in union.objects(node, SKOS.prefLabel):
                if label.language == "nl":
                    g.add((node, SKOS.prefLabel, label))
            placed = False
            for p in (SKOS.broader, SKOS.topConceptOf):
                for o in union.objects(node, p):
                    g.add((node, p, o))
                    placed = True
            if placed:
                for n in union.objects(node, order):
                    g.add((node, order, rdflib.Literal(int(n))))
            for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch,
                      DCT.isReplacedBy):
                for o in union.objects(node, p):
                    g.add((node, p, o))
            if (node, OWL.deprecated, rdflib.Literal(True)) in union:
                g.add((node, OWL.deprecated, rdflib.Literal(True)))
    return g


def test_round_trip_skos_core_is_isomorphic(webroot):
    rebuilt = _core_from_case(_packages(webroot)["nl"])
    published = _core_from_data(webroot)
    assert len(published) > 150
    deprecated = rdflib.URIRef(f"{webroot.base}/id/{DEPRECATED}")
    assert (deprecated, DCT.isReplacedBy, rdflib.URIRef(f"{webroot.base}/id/{SUCCESSOR}")) in published
    assert any(p in (SKOS.closeMatch, SKOS.relatedMatch) for _, p, _ in published)
    assert isomorphic(rebuilt, published), (sorted(set(rebuilt) - set(published))[:6], sorted(set(published) - set(rebuilt))[:6])
