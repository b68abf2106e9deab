"""The stages that write the downloads (build.BESIDE_SITE) run in a forked child while the
build process makes the site (build._beside_site): the result is byte for byte the build
made in order, full or incremental; the developers' page lists the downloads the stages
wrote, also when the previous build's download folder was not what they wrote (the site is
built again); a failure beside the site fails the build with its own error."""

from __future__ import annotations

import pytest
from build_helpers import copy_project, snapshot
from competentieset.model import layout
from competentieset.model.config import load_project
from competentieset.publication import build
from competentieset.site import context as site_context

LABEL_FILE = "ontology/redactie/labels-en-definities.ttl"
DEVELOPERS = ("ontwikkelaars.html", "en/ontwikkelaars.html")


def _relabel(project) -> None:
    path = project.root / LABEL_FILE
    text = path.read_text(encoding="utf-8")
    assert '"Heeft zelfinzicht"@nl' in text
    path.write_text(text.replace('"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl'), encoding="utf-8")


def _counting(monkeypatch, module, name) -> list:
    calls = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_the_stages_beside_the_site_build_the_bytes_of_a_build_in_order(tmp_path, monkeypatch):
    one = load_project(copy_project(tmp_path / "one"))
    two = load_project(copy_project(tmp_path / "two"))
    with monkeypatch.context() as mp:
        mp.setattr(build, "_may_fork", lambda: False)  # every stage in order, in one process
        build.build(one, replace_release=True)
        _relabel(one)
        build.build(one, replace_release=True)
    beside = _counting(monkeypatch, build, "_beside_site")
    sites = _counting(monkeypatch, build, "stage_site")
    monkeypatch.setattr(build, "BUILD_STAGES", [(name, build.stage_site if name == "site" else stage)
                                                for name, stage in build.BUILD_STAGES])
    build.build(two, replace_release=True)
    _relabel(two)
    build.build(two, replace_release=True)
    # both builds ran json, csv, metadata and exports beside the site, which ran once each
    assert [[name for name, _ in args[1]] for args in beside] == [["json", "csv", "metadata", "exports"]] * 2
    assert len(sites) == 2
    tree_one, tree_two = snapshot(one.build_dir), snapshot(two.build_dir)
    assert tree_one.keys() == tree_two.keys()
    assert sorted(rel for rel in tree_one if tree_one[rel] != tree_two[rel]) == []
    # the developers' page lists the downloads of every stage beside it
    page = (layout.webroot(two) / DEVELOPERS[0]).read_text(encoding="utf-8")
    for name in ("case-nl.json", "competentieset.moodle.nl.csv", "competentieset.json",
                 "competentieset.csv", "dcat.ttl"):
        assert f"doc/download/{name}" in page, name


def test_a_download_folder_unlike_the_previous_builds_builds_the_site_again(tmp_path, monkeypatch):
    project = load_project(copy_project(tmp_path / "p"))
    full = load_project(copy_project(tmp_path / "full"))
    build.build(project, replace_release=True)
    previous = str(project.build_dir)
    real_files_in = site_context.files_in

    def without_dcat_before(folder):
        found = real_files_in(folder)
        # the previous build's folder as if it had no dcat.ttl (say, a build before the
        # metadata stage wrote it): the pages the site makes first leave it out
        return found - {"dcat.ttl"} if str(folder).startswith(previous + "/") else found

    monkeypatch.setattr(site_context, "files_in", without_dcat_before)
    sites = _counting(monkeypatch, build, "stage_site")
    monkeypatch.setattr(build, "BUILD_STAGES", [(name, build.stage_site if name == "site" else stage)
                                                for name, stage in build.BUILD_STAGES])
    _relabel(project)
    build.build(project, replace_release=True)
    assert len(sites) == 2  # built again once the stages beside it were done
    monkeypatch.undo()
    _relabel(full)
    build.build(full, replace_release=True, full=True)
    got, expected = snapshot(project.build_dir), snapshot(full.build_dir)
    assert got.keys() == expected.keys()
    assert sorted(rel for rel in got if got[rel] != expected[rel]) == []
    for page in DEVELOPERS:
        assert "doc/download/dcat.ttl" in (layout.webroot(project) / page).read_text(encoding="utf-8")


def test_a_full_build_lists_the_downloads_of_a_slow_stage_beside_the_site(tmp_path):
    """No previous build: the developers' page waits for the stages beside the site."""
    import time

    project = load_project(copy_project(tmp_path / "p"))

    def slow_exports(ctx):
        time.sleep(3)  # the site's pages are made meanwhile
        build.stage_exports(ctx)

    stages = [(name, slow_exports if name == "exports" else stage) for name, stage in build.BUILD_STAGES]
    build.build(project, stages=stages, full=True)
    for page in DEVELOPERS:
        text = (layout.webroot(project) / page).read_text(encoding="utf-8")
        assert "doc/download/case-nl.json" in text and "doc/download/competentieset.moodle.en.csv" in text


class Injected(Exception):
    pass


@pytest.mark.parametrize("failing", sorted(build.BESIDE_SITE))
def test_a_failure_beside_a_waiting_site_is_the_builds_error(tmp_path, failing):
    """A full build: the site waits for the stages beside it before the developers' page
    (there is no previous download folder); a stage that fails there stops the site, and the
    build reports that stage's error, leaving nothing behind."""
    project = load_project(copy_project(tmp_path / "p"))

    def fail(ctx):
        raise Injected(f"injected failure in {ctx.stage}")

    stages = [(name, fail if name == failing else stage) for name, stage in build.BUILD_STAGES]
    with pytest.raises(Injected, match=f"injected failure in {failing}") as raised:
        build.build(project, stages=stages, full=True)
    # raised while handling the site's stop at the developers' page
    assert isinstance(raised.value.__context__, site_context.DownloadsFailed)
    assert not project.build_dir.exists()
    assert not (project.root / layout.STAGING_DIR).exists()
