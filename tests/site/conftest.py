"""Fixtures for the site tests: the project, its vocabulary, and one built site per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from competentieset.model import config, vocabulary
from competentieset.publication.formats import FORMATS
from competentieset.site import build_site, from_project
from competentieset.site.graph import SiteGraph

from tests import project_copy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site_project() -> config.Project:
    return config.load_project(ROOT)


@pytest.fixture(scope="session")
def site_vocab(site_project) -> vocabulary.Vocabulary:
    return vocabulary.load(site_project)


@pytest.fixture(scope="session")
def site_graph(site_vocab) -> SiteGraph:
    return SiteGraph(site_vocab)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_project, site_vocab) -> Path:
    """The site built (strict) into a fresh web root, as `competentieset site` does."""
    webroot = tmp_path_factory.mktemp("www")
    counts = build_site(from_project(site_project, site_vocab, webroot))
    assert counts["nl"] > 50 and counts["en"] == counts["nl"]
    return webroot


@pytest.fixture(scope="session")
def site_with_data(tmp_path_factory, built_site, site_graph) -> Path:
    """A copy of the built site plus EMPTY placeholder files where the data build writes its
    documents (doc/<type>/<name>.<ext> for every format but html, and the whole-vocabulary
    downloads, the consumer formats of exports.EXPORTS and the feeds), so links can be checked. The placeholders exist only in this test folder."""
    webroot = tmp_path_factory.mktemp("www-with-data") / "www"
    shutil.copytree(built_site, webroot)
    from competentieset.model import uris

    for iri in site_graph.resources:
        for fmt in FORMATS:
            if fmt.key == "html":
                continue
            path = webroot / str(uris.file_path(iri, site_graph.base, fmt.extension))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
    download = webroot / "doc" / "download"
    download.mkdir(parents=True, exist_ok=True)
    for fmt in FORMATS:
        (download / f"competentieset.{fmt.extension}").touch()
    (download / "context.jsonld").touch()
    from competentieset.model import layout
    from competentieset.publication.exports import EXPORTS

    for rel in [f.path for e in EXPORTS for f in e.files] + [
            layout.ATOM_FILE, layout.CHANGE_FEED_FILE, layout.JSON_SCHEMA_FILE, *layout.CHANGES_FILES.values()]:
        (webroot / rel).parent.mkdir(parents=True, exist_ok=True)
        (webroot / rel).touch()
    return webroot


def copy_project(tmp: Path) -> Path:
    """A throw-away copy of the project's inputs to modify, in tmp/project."""
    return project_copy.copy_project(tmp / "project")
