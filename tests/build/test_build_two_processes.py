"""The per-resource documents (stages rdf, json, csv) and the exports are shared between the
build process and one forked child (build._in_two): the result is byte for byte the build made in one
process, full or incremental, and a failure in the child fails the build, which leaves
build/ as it was. The real vocabulary is below build.PARALLEL_MIN, so the tests lower it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from build_helpers import copy_project, snapshot
from competentieset.model import layout
from competentieset.model.config import load_project
from competentieset.publication import build, csv_table

BASE = "https://w3id.org/competentieset-publieke-leiders"
DATA_STAGES = [(name, stage) for name, stage in build.BUILD_STAGES if name != "site"]


def _build(project, *, shared: bool, monkeypatch, full: bool = True):
    with monkeypatch.context() as mp:
        if shared:
            mp.setattr(build, "PARALLEL_MIN", 0)
        else:
            mp.setattr(build, "_may_fork", lambda: False)
        return build.build(project, stages=DATA_STAGES, replace_release=True, full=full)


def test_two_processes_build_the_same_bytes_as_one(tmp_path, monkeypatch):
    forks = []
    real_fork = build.os.fork

    def counting_fork():
        forks.append(1)
        return real_fork()

    one = load_project(copy_project(tmp_path / "one"))
    two = load_project(copy_project(tmp_path / "two"))
    result_one = _build(one, shared=False, monkeypatch=monkeypatch)
    monkeypatch.setattr(build.os, "fork", counting_fork)
    result_two = _build(two, shared=True, monkeypatch=monkeypatch)
    # the validation, rdf, json and csv each shared their documents, the exports their formats
    assert len(forks) == 5
    assert result_two.files == result_one.files
    tree_one, tree_two = snapshot(one.build_dir), snapshot(two.build_dir)
    assert tree_one.keys() == tree_two.keys()
    assert sorted(rel for rel in tree_one if tree_one[rel] != tree_two[rel]) == []
    # the release manifest lists every document, with the checksums the child computed
    manifest = (layout.webroot(two) / layout.release_dir(two.version) / layout.MANIFEST_FILE).read_text()
    assert "  doc/gedragsindicator/reflecteren-2.jsonld\n" in manifest
    assert "  doc/gedragsindicator/reflecteren-3.csv\n" in manifest
    assert "  doc/download/competentieset.ctdl-asn.jsonld\n" in manifest  # the child's export
    assert "  doc/download/competentieset.moodle.en.csv\n" in manifest


def test_an_incremental_build_in_two_processes_equals_a_full_build(tmp_path, monkeypatch):
    project = load_project(copy_project(tmp_path / "p"))
    seen = []
    real_prepare = build.prepare.prepare

    def prepared(*args):
        result = real_prepare(*args)
        seen.append(result[0])  # the descriptions (made in full, or from the previous build's)
        return result

    monkeypatch.setattr(build.prepare, "prepare", prepared)
    _build(project, shared=True, monkeypatch=monkeypatch)
    webroot = layout.webroot(project)
    inodes = {p.relative_to(webroot).as_posix(): p.stat().st_ino for p in webroot.rglob("*") if p.is_file()}
    path = project.root / "ontology" / "redactie" / "labels-en-definities.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl'), encoding="utf-8")
    _build(project, shared=True, monkeypatch=monkeypatch, full=False)
    incremental = snapshot(project.build_dir)
    after = {p.relative_to(webroot).as_posix(): p.stat().st_ino for p in webroot.rglob("*") if p.is_file()}
    kept = {rel for rel in after if inodes.get(rel) == after[rel]}
    # documents of both processes' shares (every second resource) were hard-linked from
    # the previous build
    paths = [r.path for r in seen[-1].resources]
    for share in (paths[0::2], paths[1::2]):
        assert sum(f"{path}.ttl" in kept for path in share) > 0.8 * len(share)
    assert "doc/gedragsindicator/reflecteren-3.ttl" not in kept  # "Heeft zelfinzicht" itself
    _build(project, shared=False, monkeypatch=monkeypatch, full=True)
    full = snapshot(project.build_dir)
    assert incremental.keys() == full.keys()
    assert sorted(rel for rel in full if incremental[rel] != full[rel]) == []


def test_a_failure_in_the_child_fails_the_build_and_keeps_build(tmp_path, monkeypatch):
    project = load_project(copy_project(tmp_path / "p"))
    _build(project, shared=False, monkeypatch=monkeypatch)
    before = snapshot(project.build_dir)
    parent = os.getpid()
    original = csv_table.row

    def failing_row(d, cols, iri, triples=None):
        if os.getpid() != parent:
            raise ValueError(f"cannot write {iri} in the child")
        return original(d, cols, iri, triples)

    monkeypatch.setattr(csv_table, "row", failing_row)
    with pytest.raises(ValueError, match=r"^cannot write https://\S+ in the child$"):
        _build(project, shared=True, monkeypatch=monkeypatch)
    assert snapshot(project.build_dir) == before
    assert not layout.staging_dir(project).exists()


def _add_concept_without_definition(project):
    """A concept with no skos:definition in any language (NL-SBB: a Violation)."""
    path = project.ontology_dir / "redactie" / "labels-en-definities.ttl"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\ngebied:nieuw\n    a skos:Concept, cs:Gebied ;\n"
                     '    skos:prefLabel "nieuw"@nl ;\n    skos:inScheme kader:gebieden .\n')


@pytest.mark.parametrize("forked", [True, False], ids=["validated-in-a-child", "validated-first"])
def test_violations_stop_the_build_whatever_else_fails(tmp_path, monkeypatch, forked):
    """Validation runs in a forked child while the build prepares (archive, derived graph,
    descriptions): Violations fail the build as ValidationFailed, also when the preparation
    fails too, and build/ and the staging folder are left as they were."""
    from competentieset.model import identifiers

    project = load_project(copy_project(tmp_path / "p"))
    _build(project, shared=False, monkeypatch=monkeypatch)
    before = snapshot(project.build_dir)
    _add_concept_without_definition(project)
    forks = []
    real_fork = build.os.fork
    monkeypatch.setattr(build.os, "fork", lambda: forks.append(1) or real_fork())
    if not forked:
        monkeypatch.setattr(build, "_may_fork", lambda: False)

    def broken(*args, **kwargs):
        raise RuntimeError("the derived graph failed")

    monkeypatch.setattr(identifiers, "add_derived_graph", broken)
    with pytest.raises(build.ValidationFailed) as failure:
        build.build(project, stages=DATA_STAGES, replace_release=True)
    violations = failure.value.report.violations
    assert f"{BASE}/id/gebied/nieuw" in {f.focus for f in violations}
    assert "labels-en-definities.ttl" in {Path(f.file).name for f in violations if f.file}
    assert len(forks) == (1 if forked else 0)
    assert snapshot(project.build_dir) == before
    assert not layout.staging_dir(project).exists()
