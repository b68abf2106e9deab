"""What the site build needs: the project, the loaded vocabulary, where to write, releases.

`SiteContext` is the whole interface between the site and its caller. The build command
(helper stage of `competentieset build`) fills it from its own state; `from_project()`
fills it standalone, for `competentieset site` and the tests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from competentieset.errors import CompetentiesetError
from competentieset.model import layout, releases
from competentieset.model.config import Project
from competentieset.model.vocabulary import Vocabulary


class SiteError(CompetentiesetError):
    """The documentation site cannot be generated or built."""


class DownloadsFailed(SiteError):
    """The build's stages that write the downloads, running beside the site, failed (their
    own error is the one to report)."""


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
    # the build's stages that write the downloads may run beside the site (build.py,
    # BESIDE_SITE): then the read end of a pipe that ends (EOF) once they are done, or gives
    # a byte when they failed; the one page that lists the downloads (the developers') is
    # made after that (download_names). None: the downloads are all there.
    downloads_ready: int | None = None
    # the names of the files the download folder will hold (an incremental build: the
    # previous build's, which the build compares with what its stages wrote, and builds the
    # site again when they differ); None: the folder is read once the downloads are there
    download_names: frozenset[str] | None = None


def download_names(ctx: SiteContext) -> frozenset[str]:
    """The names of the files in the web root's download folder (ctx.download_names when
    given); waits until the stages writing them are done (SiteContext.downloads_ready:
    DownloadsFailed when they failed). Any process holding the pipe may wait: each sees the
    end."""
    if ctx.download_names is not None:
        return ctx.download_names
    fd = ctx.downloads_ready
    if fd is not None and os.read(fd, 1):
        raise DownloadsFailed("the build stages beside the site failed")
    return files_in(ctx.webroot / layout.DOWNLOAD_DIR)


def files_in(folder: Path) -> frozenset[str]:
    """The names of the files (not folders) in a folder but hidden ones (as glob("*") lists
    them); none when there is no folder."""
    try:
        with os.scandir(folder) as entries:
            return frozenset(entry.name for entry in entries
                             if not entry.name.startswith(".") and entry.is_file())
    except FileNotFoundError:
        return frozenset()


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
