"""Caching: the ETag and Last-Modified of a file depend on its bytes only, never on when it
was built, on the embedded server and on nginx alike.

- two builds of the same input (a rebuild in place, and a fresh build in another folder)
  serve identical ETag and Last-Modified;
- a change of one label that keeps every file's size (a same-length word) gives the
  changed documents a new ETag and a later Last-Modified, and leaves the others alone.
Data-only builds (no site) keep this fast; the site's files get their times the same way."""

from __future__ import annotations

import csv
import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from competentieset.model import layout
from competentieset.model.config import load_project
from competentieset.publication import build
from serve_helpers import Webroot, start_embedded, start_nginx

from tests import tools
from tests.project_copy import ROOT, copy_project

# a latest document in several formats, a release copy, downloads
PATHS = [
    "/doc/competentie/reflecteren.ttl",
    "/doc/competentie/reflecteren.jsonld",
    "/doc/competentie/reflecteren.json",
    "/doc/competentie/reflecteren.csv",
    "/doc/gebied/emotioneel.ttl",
    "/doc/gebied/emotioneel.json",
    "/doc/def/Competentie.rdf",
    "/doc/download/competentieset.nt",
    "/doc/download/dcat.ttl",
    "/versie/{version}/doc/competentie/reflecteren.ttl",
    "/versie/{version}/doc/gebied/emotioneel.ttl",
]
CHANGED = {"/doc/competentie/reflecteren.ttl", "/doc/competentie/reflecteren.jsonld",
           "/doc/competentie/reflecteren.json", "/doc/competentie/reflecteren.csv",
           "/doc/download/competentieset.nt", "/versie/{version}/doc/competentie/reflecteren.ttl"}
# an English definition of ours, and a word of the same length in its place
EDIT = ("ontology/vertaling/en.ttl", '"Regularly reflecting, at a distance',
        '"Routinely reflecting, at a distance')
DATA_ONLY = [stage for stage in build.BUILD_STAGES if stage[0] != "site"]


def _build(root: Path, replace_release: bool = False) -> Webroot:
    project = load_project(root)
    build.build(project, stages=DATA_ONLY, replace_release=replace_release)
    return Webroot(root, layout.webroot(project), project.base, project.version)


def _served(webroot: Webroot, tmp: Path, with_nginx: bool) -> dict[str, dict[str, tuple]]:
    """(ETag, Last-Modified, size) of PATHS, per server kind, from freshly started servers."""
    tmp.mkdir(parents=True, exist_ok=True)
    servers = [start_embedded(webroot, tmp)]
    try:
        if with_nginx:
            servers.append(start_nginx(webroot, servers[0], tmp))
        result = {}
        for server in servers:
            with server.client() as client:
                rows = {}
                for path in PATHS:
                    r = client.get(path.format(version=webroot.version))
                    assert r.status_code == 200, (server.kind, path, r.status_code)
                    rows[path] = (r.headers["etag"], r.headers["last-modified"], len(r.content))
                result[server.kind] = rows
        return result
    finally:
        for server in reversed(servers):
            server.stop()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Serve a build, its identical rebuild, a fresh build elsewhere and a same-size edit."""
    # start_nginx skips (or, CI truthy, fails) when nginx or oxigraph is missing: tests/tools.py
    tmp = tmp_path_factory.mktemp("caching")
    first = copy_project(tmp / "a")
    other = copy_project(tmp / "b")
    with_nginx = True
    out = {}
    webroot = _build(first)
    try:
        out["first"] = _served(webroot, tmp / "s1", with_nginx)
    except pytest.skip.Exception:
        with_nginx = False  # nginx or oxigraph missing outside CI: the embedded server only
        out["first"] = _served(webroot, tmp / "s1", with_nginx)
    out["rebuilt"] = _served(_build(first), tmp / "s2", with_nginx)
    out["elsewhere"] = _served(_build(other), tmp / "s3", with_nginx)
    source = first / EDIT[0]
    text = source.read_text(encoding="utf-8")
    assert text.count(EDIT[1]) == 1, f"{source}: the definition to edit is not there"
    source.write_text(text.replace(EDIT[1], EDIT[2]), encoding="utf-8")
    out["edited"] = _served(_build(first, replace_release=True), tmp / "s4", with_nginx)
    out["with_nginx"] = with_nginx
    return out


def test_nginx_took_part(runs):
    if not runs["with_nginx"]:
        tools.missing("nginx or oxigraph (only the embedded server was compared)",
                      "apt-get install -y nginx; pip install -e '.[test]'")
    assert set(runs["first"]) == {"embedded", "nginx"}


def test_an_identical_rebuild_serves_identical_etags(runs):
    for kind, rows in runs["first"].items():
        assert runs["rebuilt"][kind] == rows, kind


def test_a_fresh_build_elsewhere_serves_identical_etags(runs):
    for kind, rows in runs["first"].items():
        assert runs["elsewhere"][kind] == rows, kind


def test_embedded_and_nginx_agree(runs):
    if not runs["with_nginx"]:
        tools.missing("nginx")
    for run in ("first", "rebuilt", "edited"):
        assert runs[run]["embedded"] == runs[run]["nginx"], run


def test_a_same_size_edit_changes_the_etag_of_what_changed_only(runs):
    for kind, before in runs["first"].items():
        after = runs["edited"][kind]
        for path in PATHS:
            etag, modified, size = before[path]
            new_etag, new_modified, new_size = after[path]
            if path in CHANGED:
                assert new_size == size, (kind, path, "the edit was meant to keep the size")
                assert new_etag != etag, (kind, path)
                assert parsedate_to_datetime(new_modified) > parsedate_to_datetime(modified), (kind, path)
            else:
                assert (new_etag, new_modified, new_size) == (etag, modified, size), (kind, path)


def test_a_first_build_dates_its_files_at_the_release_date(runs):
    # the date of the project's version in ontology/releases.csv, 00:00 UTC
    project = load_project(ROOT)
    with open(ROOT / "ontology" / "releases.csv", encoding="utf-8") as handle:
        date = next(row["date"] for row in csv.DictReader(handle) if row["version"] == project.version)
    midnight = datetime.datetime.fromisoformat(date).replace(tzinfo=datetime.UTC)
    for kind, rows in runs["first"].items():
        etag, modified, size = rows["/doc/gebied/emotioneel.ttl"]
        assert parsedate_to_datetime(modified) == midnight, kind
        assert etag == f'"{int(midnight.timestamp()):x}-{size:x}"', kind  # nginx's "mtime-size"
