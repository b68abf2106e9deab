"""What the site build needs: the project, the loaded vocabulary, where to write, releases.

`SiteContext` is the whole interface between the site and its caller. The build command
(helper stage of `competentieset build`) fills it from its own state; `from_project()`
fills it standalone, for `competentieset site` and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from competentieset.errors import CompetentiesetError
from competentieset.model import releases
from competentieset.model.config import Project
from competentieset.model.vocabulary import Vocabulary


class SiteError(CompetentiesetError):
    """The documentation site cannot be generated or built."""


# an overview list (indicators, hierarchy, A-Z index) with more entries than this is split
# into pages of about this many (overview_pages._split); the real vocabulary's lists are shorter
PAGE_ENTRIES = 1000


@dataclass
class SiteContext:
    """Everything `build_site` reads. Exactly these fields; nothing else is consulted."""

    project: Project
    vocab: Vocabulary
    webroot: Path  # staging web root to write into (nl at the root, en under en/)
    version: str
    releases: list[tuple[str, str]]  # (version, ISO date), oldest first, from releases.csv
    # version -> language -> Markdown change list (from competentieset.diff, via the build)
    changes_markdown: dict[str, dict[str, str]] = field(default_factory=dict)
    # a MkDocs workspace kept between builds (None: a temporary one), and the fingerprint
    # of the code and settings the build was made with (publication/incremental.py): when it
    # matches the workspace's, only pages whose Markdown changed are built again
    workspace: Path | None = None
    fingerprint: str = ""
    # the MkDocs runner (mkdocs_runner.start()) the caller started ahead, so MkDocs loads
    # while the caller does other work; build_site uses it and stops it (None: it starts one)
    mkdocs: object | None = None
    # the previous build's web root (publication/incremental.Reuse), in an incremental build:
    # a site file with that build's bytes but another inode (a page MkDocs rendered again with
    # the same result) is replaced in the workspace by the previous build's file, so the build
    # after this one finds the same file without reading it (None: not incremental)
    previous: object | None = None
    # what the store is, for the site graph kept in the workspace (mkdocs_site.GRAPH_FILE):
    # (a digest of every statement of this build's store (its N-Quads' SHA-256), the same of
    # the previous build's, the subjects whose statements differ between the two); with
    # it, a graph kept for the previous store is patched instead of read in full (None:
    # read in full)
    store_change: tuple[str, str, frozenset] | None = None
    # the longest overview list on one page (None: PAGE_ENTRIES, read when the pages are made)
    page_entries: int | None = None


def read_releases(project: Project) -> list[tuple[str, str]]:
    """(version, date) rows of ontology/releases.csv, oldest first (releases.read_releases)."""
    return [(r.version, r.date) for r in releases.read_releases(project)]


def from_project(project: Project, vocab: Vocabulary, webroot: Path) -> SiteContext:
    """A context for building the site alone (no change lists: those come from the build)."""
    return SiteContext(
        project=project,
        vocab=vocab,
        webroot=webroot,
        version=project.version,
        releases=read_releases(project),
        changes_markdown={},
    )
