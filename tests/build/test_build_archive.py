"""Every recorded release rebuilt from git: a project in a temporary git repository with two
published releases. A fresh clone rebuilds both byte for byte with both change lists; a
preview (make serve) after a release leaves every published file alone; --replace-release
refuses a published version; release names work as diff revisions."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from build_helpers import copy_project, snapshot
from competentieset import cli
from competentieset.model import layout
from competentieset.model.config import load_project
from competentieset.publication import build

DATA_ONLY = [s for s in build.BUILD_STAGES if s[0] != "site"]  # fast: the site is tested elsewhere
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


def run(root, *args):
    code = cli.main(["--project", str(root), *args])
    assert code == 0, args


def replace(root, rel, find, new):
    path = root / "ontology" / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(find) == 1, find
    path.write_text(text.replace(find, new), encoding="utf-8")


def releases_of(root):
    return (root / "ontology" / "releases.csv").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """Release 0.1.0 built from the work tree before it was published, then published; 0.2.0
    (one relabel, one area taken off) recorded, committed, published and built on top."""
    root = copy_project(tmp_path_factory.mktemp("archive") / "repo")
    (root / "ontology" / "releases.csv").write_text("version,date,commit,published\n0.1.0,2026-11-30,,false\n",
                                                    encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "content of 0.1.0")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("COMPETENTIESET_BASE_URI", raising=False)
        mp.delenv("COMPETENTIESET_PROJECT", raising=False)
        build.build(load_project(root), stages=DATA_ONLY)  # frozen from the work tree
        run(root, "release", "--publish")
        git(root, "commit", "-qam", "publish 0.1.0")
        build.build(load_project(root), stages=DATA_ONLY)  # carried over
        run(root, "release", "0.2.0", "2026-12-15")
        replace(root, "vertaling/en.ttl", 'skos:prefLabel "Reflection"@en', 'skos:prefLabel "Reflecting"@en')
        replace(root, "interpretatie/gebieden-per-competentie.ttl",
                "    cs:raaktGebied\n        gebied:emotioneel,\n        gebied:intellectueel ;",
                "    cs:raaktGebied\n        gebied:emotioneel ;")
        build.build(load_project(root), stages=DATA_ONLY, preview=True)  # make serve while preparing
        git(root, "commit", "-qam", "content of 0.2.0")
        run(root, "release", "--publish")
        git(root, "commit", "-qam", "publish 0.2.0")
        build.build(load_project(root), stages=DATA_ONLY)
    return root


def versions(root):
    web = root / "build" / layout.WEBROOT
    return {k: v for k, v in snapshot(web).items() if k.startswith("versie/")}


def test_the_record_names_commit_and_published(repo):
    lines = releases_of(repo).splitlines()
    commits = git(repo, "log", "--format=%H %s").splitlines()
    first = next(c.split()[0] for c in commits if c.endswith("content of 0.1.0"))
    second = next(c.split()[0] for c in commits if c.endswith("content of 0.2.0"))
    assert lines == ["version,date,commit,published", f"0.1.0,2026-11-30,{first},true",
                     f"0.2.0,2026-12-15,{second},true"]


def test_a_fresh_clone_rebuilds_every_release_byte_for_byte(repo, tmp_path, monkeypatch):
    monkeypatch.delenv("COMPETENTIESET_BASE_URI", raising=False)
    monkeypatch.delenv("COMPETENTIESET_PROJECT", raising=False)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    assert not (clone / "build").exists()
    build.build(load_project(clone), stages=DATA_ONLY)
    ours, theirs = versions(repo), versions(clone)
    assert sorted({k.split("/")[1] for k in theirs if k.count("/") > 1}) == ["0.1.0", "0.2.0"]
    assert theirs == ours
    first = json.loads(theirs[f"versie/0.1.0/{layout.CHANGES_FILES['json']}"])
    assert first == {"version": "0.1.0", "released": "2026-11-30", "previous": None, "changes": None}
    second = json.loads(theirs[f"versie/0.2.0/{layout.CHANGES_FILES['json']}"])
    assert second["previous"] == "0.1.0" and second["version"] == "0.2.0"
    base = load_project(clone).base
    got = sorted((kind, c["uri"][len(base):], c["lang"], c["property"])
                 for kind, items in second["changes"].items() for c in items)
    # the edits, and the model's header that `competentieset release` set to the new version
    assert got == [("changed", "/def/", None, "dct:modified"),
                   ("changed", "/def/", None, "owl:versionIRI"),
                   ("changed", "/def/", None, "owl:versionInfo"),
                   ("changed", "/id/competentie/reflecteren", None, "cs:raaktGebied"),
                   ("relabelled", "/id/competentie/reflecteren", "en", "skos:prefLabel")]
    index = json.loads(theirs[layout.VERSIONS_INDEX["json"]])
    assert [(v["version"], v["released"], v["published"], v["url"]) for v in index["versions"]] == [
        ("0.2.0", "2026-12-15", True, f"{base}/versie/0.2.0/"),
        ("0.1.0", "2026-11-30", True, f"{base}/versie/0.1.0/")]
    assert index["versions"][1]["changes"]["json"] == f"{base}/versie/0.1.0/doc/download/wijzigingen.json"
    html = theirs[layout.VERSIONS_INDEX["html"]].decode()
    assert '<a href="0.1.0/doc/download/wijzigingen.en.md" hreflang="en">changes (en)</a>' in html


def test_a_shallow_clone_says_how_to_get_the_history(repo, tmp_path, monkeypatch):
    monkeypatch.delenv("COMPETENTIESET_PROJECT", raising=False)
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    with pytest.raises(build.BuildError, match=r"release 0\.1\.0 cannot be rebuilt from its commit "
                       r"[0-9a-f]{40}: .*git fetch --unshallow"):
        build.build(load_project(clone), stages=DATA_ONLY)
    assert not (clone / "build").exists()


def test_a_preview_after_a_release_leaves_published_files_alone(repo, monkeypatch):
    monkeypatch.delenv("COMPETENTIESET_BASE_URI", raising=False)
    monkeypatch.delenv("COMPETENTIESET_PROJECT", raising=False)
    published = versions(repo)
    path = repo / "ontology" / "vertaling" / "en.ttl"
    original = path.read_text(encoding="utf-8")
    try:
        replace(repo, "vertaling/en.ttl", 'skos:prefLabel "Reflecting"@en', 'skos:prefLabel "Reflective"@en')
        project = load_project(repo)
        with pytest.raises(build.ReleaseConflict, match=r"release 0\.2\.0 is published .*--replace-release "
                           r"only replaces a version that was never published"):
            build.build(project, stages=DATA_ONLY, replace_release=True)
        with pytest.raises(build.ReleaseConflict, match=r"release 0\.2\.0 is published .* builds different "
                           r"content .*make serve"):
            build.build(project, stages=DATA_ONLY)
        assert versions(repo) == published
        build.build(project, stages=DATA_ONLY, preview=True)
        web = repo / "build" / layout.WEBROOT
        assert b'"Reflective"@en' in (web / "doc/competentie/reflecteren.ttl").read_bytes()
        assert {k: v for k, v in versions(repo).items() if not k.startswith("versie/index.")} == \
            {k: v for k, v in published.items() if not k.startswith("versie/index.")}
        assert versions(repo) == published
    finally:
        path.write_text(original, encoding="utf-8")


def test_release_names_are_diff_revisions(repo):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPETENTIESET_")}
    result = subprocess.run([sys.executable, "-m", "competentieset.cli", "--project", str(repo), "diff",
                             "0.1.0", "0.2.0", "--format", "json"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(c["property"], c["old"], c["new"]) for c in data["relabelled"]] == [
        ("skos:prefLabel", ["Reflection"], ["Reflecting"])]
    head = subprocess.run([sys.executable, "-m", "competentieset.cli", "--project", str(repo), "diff",
                           "0.2.0", "HEAD"], capture_output=True, text=True, env=env)
    assert head.returncode == 0 and head.stdout == "# Wijzigingen\n\nGeen wijzigingen.\n"
