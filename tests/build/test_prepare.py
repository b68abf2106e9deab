"""The build's incremental preparation (publication/prepare.py): after an edit, the derived
graph and the descriptions made from the previous build plus the touched subjects equal
those made in full from the same input; anything it cannot vouch for is prepared in full."""

from __future__ import annotations

import shutil

import pytest
from build_helpers import copy_project
from competentieset.model import identifiers, layout, releases, vocabulary
from competentieset.model.config import load_project
from competentieset.publication import build, data_cache, incremental, prepare, provenance
from competentieset.publication.descriptions import PublicationError, describe
from test_build_incremental import _append, deprecation, new_indicator, new_mapping, relabel

BASE = "https://w3id.org/competentieset-publieke-leiders"


def source_text(root):
    """The ABD's own words of an indicator (not the editors'): its neighbours show no such text."""
    path = root / "ontology" / "bron" / "competentieset.ttl"
    text = path.read_text(encoding="utf-8")
    start = text.index("indicator:reflecteren-2\n")
    at = text.index('cs:bronTekst "', start) + len('cs:bronTekst "')
    path.write_text(text[:at] + "Bewerkt: " + text[at:], encoding="utf-8")


def removed_definition(root):
    """A statement removed (a definition of ours): the redactioneleWaarde mark goes too."""
    path = root / "ontology" / "vertaling" / "en.ttl"
    text = path.read_text(encoding="utf-8")
    start = text.index("indicator:reflecteren-2\n")
    line_start = text.index("    skos:definition ", start)
    line_end = text.index("\n", line_start)
    line = text[line_start:line_end]
    assert line.endswith(";") or line.endswith("."), line
    if line.endswith("."):  # the last statement of the block: end the one before instead
        before = text.rindex(";", 0, line_start)
        path.write_text(text[:before] + "." + text[before + 1:line_start - 1] + text[line_end:],
                        encoding="utf-8")
    else:
        path.write_text(text[:line_start - 1] + text[line_end:], encoding="utf-8")


EDITS = [relabel, new_indicator, deprecation, new_mapping, source_text, removed_definition]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project built once (its build/ is the previous build of every case)."""
    root = copy_project(tmp_path_factory.mktemp("prepare") / "p")
    build.build(load_project(root), replace_release=True)
    return root


def _copy(built, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(built, root, symlinks=True)
    return load_project(root)


def _prepared(project, staging, incremental_allowed=True):
    vocab = vocabulary.load(project)
    all_releases = releases.read_releases(project)
    release = releases.current_release(project, all_releases)
    reuse = incremental.Reuse.from_previous(project, incremental.fingerprint(project), release.version) \
        if incremental_allowed else None
    staging.mkdir(parents=True, exist_ok=True)
    d, touched = prepare.prepare(vocab, all_releases, release, staging, project.build_dir, reuse)
    return vocab, d


def _full(project):
    vocab = vocabulary.load(project)
    all_releases = releases.read_releases(project)
    release = releases.current_release(project, all_releases)
    identifiers.add_derived_graph(vocab, all_releases, release, project.build_dir)
    provenance.add_derived(vocab)
    return vocab, describe(vocab)


def _same(a, b):
    (vocab_a, d_a), (vocab_b, d_b) = a, b
    assert d_a.lines == d_b.lines
    assert d_a.ranges == d_b.ranges
    assert d_a.editorial == d_b.editorial
    assert d_a.graph_sizes == d_b.graph_sizes
    assert d_a.types == d_b.types and list(d_a.types) == list(d_b.types)
    assert d_a.labels == d_b.labels
    assert d_a.label_lines == d_b.label_lines
    assert [(r.iri, r.path) for r in d_a.resources] == [(r.iri, r.path) for r in d_b.resources]
    assert set(vocab_a.store) == set(vocab_b.store)
    assert vocab_a.graphs == vocab_b.graphs


def _no_full_preparation(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("prepared in full")

    monkeypatch.setattr(prepare, "describe", refuse)
    monkeypatch.setattr(prepare.identifiers, "add_derived_graph", refuse)


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_an_edit_is_prepared_from_the_touched_subjects_alone(built, tmp_path, monkeypatch, edit):
    project = _copy(built, tmp_path)
    edit(project.root)
    expected = _full(project)
    with monkeypatch.context() as patched:
        _no_full_preparation(patched)
        got = _prepared(project, tmp_path / "staging")
    _same(got, expected)
    # what it keeps for the next build is what a full preparation keeps
    _prepared(project, tmp_path / "full", incremental_allowed=False)
    for part in (prepare.PART,):
        kept = (tmp_path / "staging" / data_cache.FOLDER / f"{part}.marshal").read_bytes()
        assert kept == (tmp_path / "full" / data_cache.FOLDER / f"{part}.marshal").read_bytes()


def _count_full_descriptions(monkeypatch) -> list:
    """A list that gets an item each time the preparation describes the whole vocabulary."""
    calls = []
    original = prepare.describe
    monkeypatch.setattr(prepare, "describe", lambda vocab: calls.append(1) or original(vocab))
    return calls

def test_the_touched_subjects_are_derived_again(built, tmp_path, monkeypatch):
    """A relabel: the relabelled indicator's derived statements are made again (its
    redactioneleWaarde keys), nobody else's."""
    project = _copy(built, tmp_path)
    relabel(project.root)
    seen = []
    original = provenance.derived_quads

    def spy(vocab, subjects=None, extra=()):
        seen.append(None if subjects is None else sorted(subjects))
        return original(vocab, subjects, extra)

    monkeypatch.setattr(provenance, "derived_quads", spy)
    vocab = vocabulary.load(project)
    all_releases = releases.read_releases(project)
    release = releases.current_release(project, all_releases)
    reuse = incremental.Reuse.from_previous(project, incremental.fingerprint(project), release.version)
    staging = tmp_path / "staging"
    staging.mkdir()
    _, touched = prepare.prepare(vocab, all_releases, release, staging, project.build_dir, reuse)
    assert touched == {f"{BASE}/id/gedragsindicator/reflecteren-3"}
    assert seen == [[f"{BASE}/id/gedragsindicator/reflecteren-3"]]


@pytest.mark.parametrize("damage", ["missing", "flipped", "truncated"])
def test_a_damaged_record_prepares_in_full_with_the_same_result(built, tmp_path, damage):
    project = _copy(built, tmp_path)
    path = project.build_dir / data_cache.FOLDER / f"{prepare.PART}.marshal"
    data = path.read_bytes()
    if damage == "missing":
        path.unlink()
    elif damage == "flipped":
        at = len(data) // 2
        path.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
    else:
        path.write_bytes(data[: len(data) // 3])
    relabel(project.root)
    assert data_cache.load(project.build_dir, prepare.PART) is None
    _same(_prepared(project, tmp_path / "staging"), _full(project))


def test_a_changed_previous_download_prepares_in_full(built, tmp_path, monkeypatch):
    """The previous N-Triples are the descriptions' lines only while they are the files the
    manifest names: an edited one is not used."""
    project = _copy(built, tmp_path)
    nt = layout.webroot(project) / layout.download_file("nt")
    data = nt.read_bytes()
    nt.unlink()  # a hard link in a copy: write a new file
    nt.write_bytes(data.replace(b"Heeft zelfinzicht", b"Heeft zelfinzichT", 1))
    relabel(project.root)
    calls = _count_full_descriptions(monkeypatch)
    got = _prepared(project, tmp_path / "staging")
    assert calls == [1]
    _same(got, _full(project))


def test_a_catalog_file_edited_without_new_statements_is_still_incremental(built, tmp_path, monkeypatch):
    project = _copy(built, tmp_path)
    _append(project.root / "ontology" / "herkomst.ttl", "\n# a comment only\n")
    relabel(project.root)
    calls = _count_full_descriptions(monkeypatch)
    got = _prepared(project, tmp_path / "staging")
    _same(got, _full(project))
    # a comment changes no statement of the catalog: still the previous graphs and rights
    assert calls == []


def test_values_of_both_kinds_still_stop_the_build(built, tmp_path):
    """The check of provenance.derived_quads holds for a touched subject too."""
    project = _copy(built, tmp_path)
    _append(project.root / "ontology" / "bron" / "competentieset.ttl",
            '\nindicator:reflecteren-1 skos:prefLabel "Een tweede label"@nl .\n')
    with pytest.raises(PublicationError, match="come both from the source and from the editors"):
        _prepared(project, tmp_path / "staging")


def test_more_touched_subjects_than_the_limit_prepare_in_full(built, tmp_path, monkeypatch):
    project = _copy(built, tmp_path)
    new_indicator(project.root)
    monkeypatch.setattr(prepare, "TOUCHED_MAX", 0.0)
    calls = _count_full_descriptions(monkeypatch)
    got = _prepared(project, tmp_path / "staging")
    assert calls == [1]
    _same(got, _full(project))
