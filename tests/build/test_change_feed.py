"""The change feed (doc/download/wijzigingsfeed.json, /api/changes, the Atom feed) lists
exactly the changes between two fixture releases: release 0.1.0 is the project as it is;
release 0.2.0 adds an indicator, relabels a competency in English and deprecates an
indicator. The expected entries are a fixed table below."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
import xml.etree.ElementTree as ET

import pytest
from build_helpers import copy_project
from competentieset.model import layout
from competentieset.model.config import load_project
from competentieset.publication import build
from competentieset.serving.server import create_app

from tests.serve.serve_helpers import deprecate_indicator

BASE = "https://w3id.org/competentieset-publieke-leiders"
ADDED = f"{BASE}/id/gedragsindicator/reflecteren-4"
RELABELLED = f"{BASE}/id/competentie/reflecteren"
DEPRECATED = f"{BASE}/id/gedragsindicator/aansturen-organisatie-7"
SUCCESSOR = f"{BASE}/id/gedragsindicator/aansturen-organisatie-6"
PARENT = f"{BASE}/id/competentie/aansturen-organisatie"
IND = f"{BASE}/id/gedragsindicator"
NO_SITE = [s for s in build.BUILD_STAGES if s[0] != "site"]


def _uuid(uri: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, uri))


EXPECTED_0_2_0 = {
    "version": "0.2.0", "date": "2026-12-15", "previous": "0.1.0", "complete": True,
    "added": [{"uri": ADDED, "uuid": _uuid(ADDED), "label": "Testindicator", "version": "0.2.0",
               "date": "2026-12-15"}],
    # every statement changed, per resource: the competency that lost the deprecated indicator
    # from its skos:narrower list, and the relabelled one, which also gained the new indicator
    "changed": [{"uri": PARENT, "uuid": _uuid(PARENT), "label": "Aansturen organisatie", "version": "0.2.0",
                 "date": "2026-12-15", "changes": [
                     {"kind": "moved", "lang": None, "property": "skos:narrower",
                      "old": [f"{IND}/aansturen-organisatie-{n}" for n in range(1, 8)],
                      "new": [f"{IND}/aansturen-organisatie-{n}" for n in range(1, 7)]}]},
                {"uri": RELABELLED, "uuid": _uuid(RELABELLED), "label": "Reflecteren", "version": "0.2.0",
                 "date": "2026-12-15", "changes": [
                     {"kind": "relabelled", "lang": "en", "property": "skos:prefLabel", "old": ["Reflection"],
                      "new": ["Reflecting"]},
                     {"kind": "moved", "lang": None, "property": "skos:narrower",
                      "old": [f"{IND}/reflecteren-{n}" for n in range(1, 4)],
                      "new": [f"{IND}/reflecteren-{n}" for n in range(1, 5)]}]}],
    "deprecated": [{"uri": DEPRECATED, "uuid": _uuid(DEPRECATED),
                    "label": "Toont sensitiviteit voor verschillen tussen medewerkers", "version": "0.2.0",
                    "date": "2026-12-15", "replacedBy": [SUCCESSOR]}],
    "removed": [],
}


def _set_version(project, version, date):
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(re.sub(r'(?m)^version = ".*"$', f'version = "{version}"',
                                pyproject.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    with (project.ontology_dir / "releases.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{version},{date}\n")
    return load_project(project.root)


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _change(root):
    """Release 0.2.0's edits, as an editor makes them."""
    onto = root / "ontology"
    _append(onto / "bron" / "competentieset.ttl", """
indicator:reflecteren-4
    a skos:Concept, cs:Gedragsindicator ;
    cs:bronTekst "Je test de wijzigingsfeed."@nl ;
    skos:definition "Je test de wijzigingsfeed."@nl ;
    skos:notation "1.4" ;
    cs:volgnummer 4 ;
    skos:broader competentie:reflecteren ;
    skos:inScheme kader:competentieset ;
    dct:source abd:competentieset-voor-publieke-leiders .
""")
    source = onto / "bron" / "competentieset.ttl"
    text = source.read_text(encoding="utf-8")
    assert text.count("        indicator:reflecteren-3 ;") == 1
    source.write_text(text.replace("        indicator:reflecteren-3 ;",
                                   "        indicator:reflecteren-3,\n        indicator:reflecteren-4 ;"),
                      encoding="utf-8")
    _append(onto / "redactie" / "labels-en-definities.ttl",
            '\nindicator:reflecteren-4\n    skos:prefLabel "Testindicator"@nl .\n')
    en = onto / "vertaling" / "en.ttl"
    text = en.read_text(encoding="utf-8")
    assert 'skos:prefLabel "Reflection"@en' in text
    en.write_text(text.replace('skos:prefLabel "Reflection"@en', 'skos:prefLabel "Reflecting"@en')
                  + '\nindicator:reflecteren-4\n    skos:prefLabel "Test indicator"@en ;\n'
                    '    skos:definition "You test the change feed."@en .\n', encoding="utf-8")
    _append(onto / "uri-register.txt", f"{ADDED} {_uuid(ADDED)}\n")
    deprecate_indicator(root)


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("feed") / "p")
    project = load_project(root)
    build.build(project, stages=NO_SITE)
    first = json.loads((layout.webroot(project) / layout.CHANGE_FEED_FILE).read_text(encoding="utf-8"))
    _change(root)
    project = _set_version(project, "0.2.0", "2026-12-15")
    build.build(project, stages=NO_SITE)
    second = json.loads((layout.webroot(project) / layout.CHANGE_FEED_FILE).read_text(encoding="utf-8"))
    return project, first, second


def test_the_first_release_has_no_changes(releases):
    _, first, _ = releases
    assert first == {"version": "0.1.0", "released": "2026-11-30",
                     "first": {"version": "0.1.0", "date": "2026-11-30"}, "releases": []}


def test_the_feed_lists_exactly_the_changes_between_the_two_releases(releases):
    _, _, second = releases
    assert second["version"] == "0.2.0"
    assert second["releases"] == [EXPECTED_0_2_0]


def _get(app, path: str, query: str = ""):
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
             "query_string": query.encode(), "headers": []}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start, body = sent
    return start["status"], dict(start["headers"])[b"content-type"].decode(), json.loads(body["body"])


@pytest.mark.parametrize(("query", "versions"), [
    ("since=2026-12-01", ["0.2.0"]),
    ("since=2026-12-15", ["0.2.0"]),  # a release on that day counts
    ("since=2026-12-16", []),
    ("", ["0.2.0"]),
])
def test_api_changes_since_a_date(releases, query, versions):
    project, _, second = releases
    app = create_app(project.base, layout.webroot(project))
    status, ctype, data = _get(app, "/api/changes", query)
    assert (status, ctype) == (200, "application/json; charset=utf-8")
    assert [r["version"] for r in data["releases"]] == versions
    expected = EXPECTED_0_2_0 if versions else {g: [] for g in ("added", "changed", "deprecated", "removed")}
    for group in ("added", "changed", "deprecated", "removed"):
        assert data[group] == expected[group]


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01", "2026-02-30", "20261201", "2026-12-1", ""])
def test_api_changes_refuses_a_bad_date(releases, since):
    project, _, _ = releases
    app = create_app(project.base, layout.webroot(project))
    status, ctype, data = _get(app, "/api/changes", f"since={since}")
    assert (status, ctype) == (400, "application/problem+json")
    assert data["title"] == "Bad request"
    assert data["detail"] == f"since must be a date YYYY-MM-DD, got {since!r}"


def test_an_earlier_release_is_diffed_from_its_frozen_files(releases):
    """(Runs last: it adds a release to the module's project.) A third release with no changes: 0.2.0's entries now come from
    the change list frozen in versie/0.2.0 and must be the same."""
    project, _, _ = releases
    project = _set_version(project, "0.3.0", "2027-01-10")
    build.build(project, stages=NO_SITE)
    third = json.loads((layout.webroot(project) / layout.CHANGE_FEED_FILE).read_text(encoding="utf-8"))
    assert third["releases"][0] == EXPECTED_0_2_0
    assert third["releases"][1] == {"version": "0.3.0", "date": "2027-01-10", "previous": "0.2.0",
                                    "complete": True, "added": [], "changed": [], "deprecated": [],
                                    "removed": []}
    atom = ET.fromstring((layout.webroot(project) / layout.ATOM_FILE).read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.find("a:updated", ns).text == "2027-01-10T00:00:00Z"
    entries = [(e.find("a:title", ns).text, e.find("a:updated", ns).text, e.find("a:summary", ns).text)
               for e in atom.findall("a:entry", ns)]
    assert entries == [("Versie 0.3.0", "2027-01-10T00:00:00Z", "Geen wijzigingen."),
                       ("Versie 0.2.0", "2026-12-15T00:00:00Z", "1 toegevoegd, 2 gewijzigd, 1 verouderd"),
                       ("Versie 0.1.0", "2026-11-30T00:00:00Z", "Eerste versie.")]
    # the feed is not frozen into the release (like the change list, it is the latest only)
    assert not (layout.webroot(project) / "versie/0.3.0" / layout.CHANGE_FEED_FILE).exists()
