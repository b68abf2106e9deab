"""Releases: the record in ontology/releases.csv, frozen release folders that never change,
earlier releases carried over, and the change list against the previous release."""

from __future__ import annotations

import json
import re

import pytest
from build_helpers import copy_project, snapshot
from competentieset.model import layout, releases
from competentieset.model.config import load_project
from competentieset.publication import build


def _set_version(project, version, date):
    pyproject = project.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(re.sub(r'(?m)^version = ".*"$', f'version = "{version}"', text, count=1),
                         encoding="utf-8")
    with (project.ontology_dir / "releases.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{version},{date}\n")
    return load_project(project.root)


def _relabel(project):
    path = project.ontology_dir / "vertaling" / "en.ttl"
    text = path.read_text(encoding="utf-8")
    assert 'skos:prefLabel "Reflection"@en' in text
    path.write_text(text.replace('skos:prefLabel "Reflection"@en', 'skos:prefLabel "Reflecting"@en'),
                    encoding="utf-8")


def test_the_version_must_be_recorded(tmp_path):
    root = copy_project(tmp_path / "p")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "0.1.0"', 'version = "9.9.9"', 1))
    project = load_project(root)
    with pytest.raises(releases.ReleaseError, match=r"releases.csv: version 9.9.9 .* has no row"):
        build.build(project)
    assert not project.build_dir.exists()


@pytest.mark.parametrize(("content", "message"), [
    ("version;date\n0.1.0;2026-11-30\n", r"releases.csv:1: the first line must be"),
    ("version,date\n0.1.0,30-11-2026\n", r"releases.csv:2: date '30-11-2026' is not YYYY-MM-DD"),
    ("version,date\nv1,2026-11-30\n", r"releases.csv:2: version 'v1' is not"),
    ("version,date\n0.1.0,2026-11-30\n0.0.9,2026-12-01\n", r"releases.csv:3: releases must be listed"),
])
def test_a_malformed_release_record_names_file_and_line(tmp_path, content, message):
    root = copy_project(tmp_path / "p")
    (root / "ontology" / "releases.csv").write_text(content, encoding="utf-8")
    with pytest.raises(releases.ReleaseError, match=message):
        build.build(load_project(root))


def test_a_released_version_never_changes(tmp_path):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project)
    before = snapshot(project.build_dir)
    _relabel(project)
    with pytest.raises(build.ReleaseConflict, match=r"release 0\.1\.0 was already built with "
                       r"different content \(\d+ files differ"):
        build.build(project)
    assert snapshot(project.build_dir) == before
    # a version never published may be rebuilt on purpose
    build.build(project, replace_release=True)
    assert b'"Reflecting"@en' in (project.build_dir / layout.WEBROOT / "versie/0.1.0/doc/competentie/reflecteren.ttl").read_bytes()


def test_a_new_release_keeps_the_old_one_and_lists_the_changes(tmp_path):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project)
    old_release = {k: v for k, v in snapshot(project.build_dir / layout.WEBROOT).items()
                   if k.startswith("versie/0.1.0/")}
    _relabel(project)
    project = _set_version(project, "0.2.0", "2026-12-15")
    build.build(project)
    web = project.build_dir / layout.WEBROOT
    now = snapshot(web)
    assert {k: v for k, v in now.items() if k.startswith("versie/0.1.0/")} == old_release
    assert "versie/0.2.0/doc/competentie/reflecteren.ttl" in now
    assert b'"Reflecting"@en' in now["doc/competentie/reflecteren.ttl"]
    assert b'"Reflection"@en' in now["versie/0.1.0/doc/competentie/reflecteren.ttl"]
    dcat = now[layout.DCAT_FILE].decode()
    assert 'dcat:version "0.2.0"' in dcat and '"2026-12-15"^^xsd:date' in dcat
    assert "versie/0.1.0/id/begrippenkader/competentieset" in dcat  # dcat:hasVersion
    changes = json.loads(now[layout.CHANGES_FILES["json"]])
    assert changes["previous"] == "0.1.0" and changes["version"] == "0.2.0"
    text = json.dumps(changes["changes"])
    assert "Reflecting" in text and "Reflection" in text
    assert "Reflecting" in now[layout.CHANGES_FILES["nl"]].decode()
    # rebuilding the new release on top of itself changes nothing
    build.build(project)
    assert snapshot(web) == now


def test_a_tampered_earlier_release_is_refused(tmp_path):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project)
    target = project.build_dir / layout.WEBROOT / "versie/0.1.0/doc/competentie/reflecteren.ttl"
    target.unlink()  # replace (not edit in place: other copies may share the file)
    target.write_text("# changed\n", encoding="utf-8")
    before = snapshot(project.build_dir)
    project = _set_version(project, "0.2.0", "2026-12-15")
    with pytest.raises(build.ReleaseConflict, match=r"no longer match its manifest"):
        build.build(project)
    assert snapshot(project.build_dir) == before


def test_first_release_says_so_in_its_change_list(tmp_path):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project)
    web = project.build_dir / layout.WEBROOT
    data = json.loads((web / layout.CHANGES_FILES["json"]).read_text(encoding="utf-8"))
    assert data == {"version": "0.1.0", "released": "2026-11-30", "previous": None, "changes": None}
