"""Identifiers and dates (model.identifiers): UUIDs in the data and the register, short codes,
dct:created / dct:modified from two fixture releases.

Two releases of a project copy are built, as an editor would make them: 0.1.0 (the project
as it is), then 0.2.0 in which one indicator's English label changed and one new indicator
(reflecteren-4) was added. The expected dates come from that story (the table below), the
expected UUIDs from Python's uuid module over the register's URIs (an independent reader)."""

from __future__ import annotations

import re
import uuid

import pyoxigraph as ox
import pytest
from competentieset.model import config
from competentieset.publication import build

from tests.project_copy import copy_project

BASE = "https://w3id.org/competentieset-publieke-leiders"
DCT = "http://purl.org/dc/terms/"
FIRST, SECOND = ("0.1.0", "2026-11-30"), ("0.2.0", "2027-01-15")
STAGES = [s for s in build.BUILD_STAGES if s[0] in ("rdf", "release")]
# resource -> (created, modified) after the second release
EXPECTED_DATES = {
    "id/competentie/reflecteren": (FIRST[1], SECOND[1]),  # gains a narrower indicator
    "id/gedragsindicator/reflecteren-1": (FIRST[1], SECOND[1]),  # English label changed
    "id/gedragsindicator/reflecteren-2": (FIRST[1], FIRST[1]),
    "id/gedragsindicator/reflecteren-4": (SECOND[1], SECOND[1]),  # new
    "id/competentie/bestuurssensitiviteit": (FIRST[1], FIRST[1]),
    "def/Competentie": (FIRST[1], FIRST[1]),
}

NEW_INDICATOR = """
indicator:reflecteren-4
    a skos:Concept, cs:Gedragsindicator ;
    cs:bronTekst "Testtekst van een vierde indicator."@nl ;
    skos:definition "Testtekst van een vierde indicator."@nl ;
    skos:notation "1.4" ;
    cs:volgnummer 4 ;
    skos:broader competentie:reflecteren ;
    skos:inScheme kader:competentieset ;
    dct:source abd:competentieset-voor-publieke-leiders .
"""


def _replace_once(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _second_release(root):
    onto = root / "ontology"
    _replace_once(onto / "vertaling" / "en.ttl", '"Reflects on own performance, organisation and domain"@en',
                  '"Reflects on own work, organisation and domain"@en')
    _replace_once(onto / "bron" / "competentieset.ttl", "        indicator:reflecteren-3 ;",
                  "        indicator:reflecteren-3,\n        indicator:reflecteren-4 ;")
    _replace_once(onto / "bron" / "competentieset.ttl", "\nindicator:reflecteren-3\n",
                  NEW_INDICATOR + "\nindicator:reflecteren-3\n")
    _replace_once(onto / "redactie" / "labels-en-definities.ttl",
                  'indicator:reflecteren-3\n    skos:prefLabel "Heeft zelfinzicht"@nl .\n',
                  'indicator:reflecteren-3\n    skos:prefLabel "Heeft zelfinzicht"@nl .\n\n'
                  'indicator:reflecteren-4\n    skos:prefLabel "Vierde indicator"@nl .\n')
    _replace_once(onto / "vertaling" / "en.ttl", "\nindicator:reflecteren-3\n",
                  '\nindicator:reflecteren-4\n    skos:prefLabel "Fourth indicator"@en ;\n'
                  '    skos:definition "Test text of a fourth indicator."@en .\n\nindicator:reflecteren-3\n')
    uri = f"{BASE}/id/gedragsindicator/reflecteren-4"
    with (onto / "uri-register.txt").open("a", encoding="utf-8") as handle:
        handle.write(f"{uri} {uuid.uuid5(uuid.NAMESPACE_URL, uri)}\n")
    with (onto / "releases.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{SECOND[0]},{SECOND[1]}\n")
    _replace_once(root / "pyproject.toml", f'version = "{FIRST[0]}"', f'version = "{SECOND[0]}"')


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory):
    root = tmp_path_factory.mktemp("releases") / "p"
    copy_project(root)
    build.build(config.load_project(root), stages=STAGES)
    _second_release(root)
    build.build(config.load_project(root), stages=STAGES)
    return root / "build" / "www"


def _store(path):
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def _values(store, subject, predicate):
    return sorted(q.object.value for q in store.quads_for_pattern(
        ox.NamedNode(subject), ox.NamedNode(predicate), None, None))


def test_dates_follow_the_release_history(two_releases):
    store = _store(two_releases / "doc" / "download" / "competentieset.nq")
    for rel, (created, modified) in EXPECTED_DATES.items():
        iri = f"{BASE}/{rel}"
        assert _values(store, iri, DCT + "created") == [created], rel
        assert _values(store, iri, DCT + "modified") == [modified], rel


def test_uuids_are_in_the_data_the_register_and_every_resource_document(two_releases):
    store = _store(two_releases / "doc" / "download" / "competentieset.nq")
    register = (two_releases.parents[1] / "ontology" / "uri-register.txt").read_text(encoding="utf-8")
    rows = [line.split() for line in register.splitlines() if line and not line.startswith("#")]
    assert rows and all(len(row) == 2 for row in rows)
    for uri, written in rows:
        expected = str(uuid.uuid5(uuid.NAMESPACE_URL, uri))
        assert written == expected
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", expected)
        assert _values(store, uri, DCT + "identifier") == [expected], uri
    # a resource document carries it too (Turtle of the indicator)
    ttl = (two_releases / "doc" / "gedragsindicator" / "reflecteren-4.ttl").read_text(encoding="utf-8")
    assert str(uuid.uuid5(uuid.NAMESPACE_URL, f"{BASE}/id/gedragsindicator/reflecteren-4")) in ttl


def test_uuids_are_stable_across_releases_and_short_codes_editorial(two_releases):
    old = _store(two_releases / "versie" / FIRST[0] / "doc" / "download" / "competentieset.nq")
    new = _store(two_releases / "doc" / "download" / "competentieset.nq")
    iri = f"{BASE}/id/gedragsindicator/reflecteren-2"
    assert _values(old, iri, DCT + "identifier") == _values(new, iri, DCT + "identifier") == [
        str(uuid.uuid5(uuid.NAMESPACE_URL, iri))]
    # short codes: competencies and indicators only, in the editorial derived graph
    code = f"{BASE}/def/korteCode"
    quads = list(new.quads_for_pattern(None, ox.NamedNode(code), None, None))
    codes = {q.subject.value: q.object.value for q in quads}
    assert codes[iri] == "reflecteren-2"
    assert codes[f"{BASE}/id/competentie/reflecteren"] == "reflecteren"
    assert f"{BASE}/id/gebied/emotioneel" not in codes
    assert len(codes) == 7 + 31  # seven competencies, 30 indicators + the new one
    assert len(set(codes.values())) == len(codes) and max(map(len, codes.values())) <= 100
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {f"{BASE}/id/graaf/afgeleid"}
    kind = _values(new, f"{BASE}/id/graaf/afgeleid", f"{BASE}/def/herkomst")
    assert kind == [f"{BASE}/def/Redactie"]
