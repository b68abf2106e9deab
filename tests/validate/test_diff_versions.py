"""`competentieset diff` on two fixture versions gives the expected change list; git
revisions are read without touching the work tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import validate_fixtures as vf
from competentieset.model import config, vocabulary
from competentieset.model.diff import diff_vocabularies

BASE = "https://w3id.org/competentieset-publieke-leiders"
NEW_EDITS = [
    # relabelled (en) and redefined (nl)
    dict(file="vertaling/en.ttl", find='skos:prefLabel "Has self-awareness"@en', replace='skos:prefLabel "Knows oneself"@en'),
    dict(file="redactie/labels-en-definities.ttl",
         find='skos:definition "Gebied van gedrag gericht op het uitvoeren van taken en het bereiken van resultaten."@nl',
         replace='skos:definition "Gebied van gedrag gericht op resultaten."@nl'),
    # moved: indicator reflecteren-3 under stressbestendigheid
    dict(file="bron/competentieset.ttl", find="        indicator:reflecteren-2,\n        indicator:reflecteren-3 ;",
         replace="        indicator:reflecteren-2 ;"),
    dict(file="bron/competentieset.ttl", find='op te stellen."@nl ;\n    skos:broader competentie:reflecteren ;',
         replace='op te stellen."@nl ;\n    skos:broader competentie:stressbestendigheid ;'),
    # mapping changed: bestuurssensitiviteit gets a relatedMatch
    dict(file="mapping/esco.ttl", append="competentie:bestuurssensitiviteit skos:relatedMatch <http://data.europa.eu/esco/skill/d62d2b4c-a6f8-439e-8a1b-4f29ab5f2c47> ."),
    # an area taken off a competency (interpretation)
    dict(file="interpretatie/gebieden-per-competentie.ttl",
         find="competentie:reflecteren\n    cs:raaktGebied\n        gebied:intellectueel,\n",
         replace="competentie:reflecteren\n    cs:raaktGebied\n"),
    # a competency taken out of the Topmanager kernprofiel (cited fact)
    dict(file="feiten/functiegebouw-rijk.ttl",
         find="    cs:kernprofielCompetentie\n        competentie:reflecteren,\n        competentie:bestuurssensitiviteit,",
         replace="    cs:kernprofielCompetentie\n        competentie:bestuurssensitiviteit,"),
    # a note (the English reasoning of the areas)
    dict(file="interpretatie/gebieden-per-competentie.ttl",
         find="1.1 reflecting on one's own performance",
         replace="1.1 Reflecting on one's own performance"),
    # added: a new job group
    dict(file="feiten/functiegebouw-rijk.ttl", append="""functiegroep:nieuw
    a skos:Concept ;
    skos:prefLabel "Nieuwe functiegroep"@nl, "New job group"@en ;
    skos:definition "Testgeval."@nl, "Test case."@en ;
    skos:inScheme kader:functiegebouw-rijk ;
    skos:broader functiefamilie:lijnmanagement ."""),
]


def expected():
    """One entry per changed statement kind: (kind, resource, language, property)."""
    i = f"{BASE}/id/"
    return [
        ("added", i + "functiegroep/nieuw", None, None),
        ("relabelled", i + "gedragsindicator/reflecteren-3", "en", "skos:prefLabel"),
        ("redefined", i + "gebied/taakgericht", "nl", "skos:definition"),
        ("moved", i + "gedragsindicator/reflecteren-3", None, "skos:broader"),
        ("moved", i + "competentie/reflecteren", None, "skos:narrower"),
        ("mapping", i + "competentie/bestuurssensitiviteit", None, "skos:relatedMatch"),
        ("changed", i + "competentie/reflecteren", None, "cs:raaktGebied"),
        ("changed", i + "competentie/reflecteren", "en", "skos:editorialNote"),
        ("changed", i + "functiegroep/topmanager", None, "cs:kernprofielCompetentie"),
    ]


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("diff")
    old = vf.make_project(tmp / "old")
    new = vf.make_project(tmp / "new", NEW_EDITS)
    return old, new


def test_change_list(versions):
    old, new = versions
    changes = diff_vocabularies(vocabulary.load(config.load_project(old)),
                                vocabulary.load(config.load_project(new)))
    got = [(c.kind, c.uri, c.lang, c.property) for c in changes.changes]
    assert sorted(got, key=str) == sorted(expected(), key=str)
    relabel = changes.of("relabelled")[0]
    assert relabel.old == ["Has self-awareness"] and relabel.new == ["Knows oneself"]
    moved = next(c for c in changes.of("moved") if c.property == "skos:broader")
    assert moved.old == [f"{BASE}/id/competentie/reflecteren"]
    assert moved.new == [f"{BASE}/id/competentie/stressbestendigheid"]
    kern = next(c for c in changes.changes if c.property == "cs:kernprofielCompetentie")
    assert kern.label == "Topmanager" and kern.property_labels == {
        "en": "core profile competency", "nl": "competentie uit het kernprofiel"}
    assert sorted(set(kern.old) - set(kern.new)) == [f"{BASE}/id/competentie/reflecteren"]
    assert kern.value_labels[f"{BASE}/id/competentie/reflecteren"] == {"en": "Reflection", "nl": "Reflecteren"}
    area = next(c for c in changes.changes if c.property == "cs:raaktGebied")
    # Reflecteren touches emotioneel, intellectueel and sociaal-communicatief (issue 11's reading)
    assert area.old == [f"{BASE}/id/gebied/emotioneel", f"{BASE}/id/gebied/intellectueel",
                        f"{BASE}/id/gebied/sociaal-communicatief"]
    assert area.new == [f"{BASE}/id/gebied/emotioneel", f"{BASE}/id/gebied/sociaal-communicatief"]
    md = changes.to_markdown("nl")
    assert md.startswith("# Wijzigingen") and "## Toegevoegd (1)" in md and "Nieuwe functiegroep" in md
    assert "## Verplaatst in de hiërarchie (2)" in md
    assert (f"- [Topmanager](<{BASE}/id/functiegroep/topmanager>), competentie uit het kernprofiel "
            f"(`cs:kernprofielCompetentie`): verwijderd [Reflecteren](<{BASE}/id/competentie/reflecteren>)") in md
    en = changes.to_markdown("en")
    assert "## Relabelled (1)" in en and "“Knows oneself”" in en
    # English link texts in English
    assert (f"- [Topmanager](<{BASE}/id/functiegroep/topmanager>), core profile competency "
            f"(`cs:kernprofielCompetentie`): removed [Reflection](<{BASE}/id/competentie/reflecteren>)") in en
    assert f"- [Reflection](<{BASE}/id/competentie/reflecteren>), " in en
    data = json.loads(changes.to_json())
    assert set(data) == {"added", "removed", "deprecated", "relabelled", "redefined", "moved",
                         "mapping", "changed"}
    assert all(c["property"] for kind, items in data.items() if kind not in ("added", "removed")
               for c in items)
    assert changes.to_json() == diff_vocabularies(vocabulary.load(config.load_project(old)),
                                                  vocabulary.load(config.load_project(new))).to_json()


def test_deprecated_and_removed(tmp_path):
    old = vf.make_project(tmp_path / "old", [NEW_EDITS[-1]])
    new = vf.make_project(tmp_path / "new", [
        dict(file="feiten/functiegebouw-rijk.ttl", append="""functiegroep:nieuw
    a skos:Concept ;
    skos:prefLabel "Nieuwe functiegroep"@nl, "New job group"@en ;
    skos:definition "Testgeval."@nl, "Test case."@en ;
    skos:inScheme kader:functiegebouw-rijk ;
    owl:deprecated true ;
    dct:isReplacedBy functiegroep:manager ."""),
        dict(file="vertaling/en.ttl", remove_block="indicator:stressbestendigheid-2"),
        dict(file="redactie/labels-en-definities.ttl", remove_block="indicator:stressbestendigheid-2"),
        dict(file="bron/competentieset.ttl", remove_block="indicator:stressbestendigheid-2"),
        dict(file="redactie/notaties.ttl", remove_block="indicator:stressbestendigheid-2"),
    ])
    changes = diff_vocabularies(vocabulary.load(config.load_project(old)),
                                vocabulary.load(config.load_project(new)))
    got = [(c.kind, c.uri.rsplit("/id/", 1)[1]) for c in changes.changes]
    assert ("deprecated", "functiegroep/nieuw") in got
    assert ("removed", "gedragsindicator/stressbestendigheid-2") in got
    assert not [k for k, u in got if k == "moved" and u == "functiegroep/nieuw"]
    assert changes.of("deprecated")[0].new == [f"{BASE}/id/functiegroep/manager"]
    assert changes.of("deprecated")[0].value_labels[f"{BASE}/id/functiegroep/manager"]["nl"] == "Manager"


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def test_git_revisions_leave_the_work_tree_alone(tmp_path):
    root = vf.make_project(tmp_path / "repo")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "old")
    vf.apply_edits(root, NEW_EDITS)
    _git(root, "commit", "-qam", "new")
    (root / "ontology" / "vertaling" / "en.ttl").write_text("uncommitted work in progress", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPETENTIESET_")}
    result = subprocess.run([sys.executable, "-m", "competentieset.cli", "--project", str(root),
                             "diff", "HEAD~1", "HEAD", "--format", "json"],
                            capture_output=True, text=True, env=env, cwd=root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    got = [(kind, c["uri"], c["lang"], c["property"]) for kind, items in data.items() for c in items]
    assert sorted(got, key=str) == sorted(expected(), key=str)
    assert (root / "ontology" / "vertaling" / "en.ttl").read_text(encoding="utf-8") == "uncommitted work in progress"
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout.strip() == "M ontology/vertaling/en.ttl"
    bad = subprocess.run([sys.executable, "-m", "competentieset.cli", "--project", str(root),
                          "diff", "no-such-rev", "HEAD"], capture_output=True, text=True, env=env, cwd=root)
    assert bad.returncode == 2 and "no-such-rev" in bad.stderr and "Traceback" not in bad.stderr
    # a folder is taken from the working folder, not from --project: the message says so
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    bad = subprocess.run([sys.executable, "-m", "competentieset.cli", "--project", str(root),
                          "diff", "HEAD", "ontology"], capture_output=True, text=True, env=env, cwd=elsewhere)
    assert bad.returncode == 2
    assert bad.stderr == (f"competentieset: ontology: not a file or folder (relative paths are taken from the working "
                          f"folder {elsewhere}, not from the project), nor a release or git revision of {root}\n")


def test_two_files_outside_a_project_folder(tmp_path):
    old, new = vf.make_project(tmp_path / "old"), vf.make_project(tmp_path / "new", NEW_EDITS)
    loose = tmp_path / "loose"
    loose.mkdir()
    for name, root in (("oud.ttl", old), ("nieuw.ttl", new)):
        (loose / name).write_bytes((root / "ontology" / "vertaling" / "en.ttl").read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPETENTIESET_")}
    result = subprocess.run([sys.executable, "-m", "competentieset.cli", "diff", "oud.ttl", "nieuw.ttl",
                             "--format", "json"], capture_output=True, text=True, env=env, cwd=loose)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(c["uri"], c["lang"], c["property"], c["old"], c["new"]) for c in data["relabelled"]] == [
        (f"{BASE}/id/gedragsindicator/reflecteren-3", "en", "skos:prefLabel", ["Has self-awareness"],
         ["Knows oneself"])]
    bad = subprocess.run([sys.executable, "-m", "competentieset.cli", "diff", "HEAD~1", "nieuw.ttl"],
                         capture_output=True, text=True, env=env, cwd=loose)
    assert bad.returncode == 2 and "HEAD~1: not a file or folder" in bad.stderr
