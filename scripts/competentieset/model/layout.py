"""Where the build puts things. One place, read by build, site, serve and bench.

build/
  www/                       the web root: what a web server serves (latest release)
    doc/<type>/<name>.<ext>  one document per resource and format (see formats.FORMATS);
                             <ext> html is the Dutch site page, en/doc/... the English one
    doc/def.<ext>, doc/def/<Term>.<ext>   the model and its terms
    doc/download/            the whole vocabulary in every format, JSON-LD context,
                             JSON Schema, CSVW metadata, DCAT and VoID, change lists
    versie/<version>/        every release, frozen: the same tree as above
    versie/index.html, .json the releases with their dates and links
    index.html, en/...       the site (home, hierarchy, index, model, ...)
    .htaccess                Apache config (same behaviour as the embedded server)
  nginx/competentieset.conf  nginx server config for the static build
  data-cache/                what the data stages keep of every resource for the next
                             (incremental) build: publication/data_cache.py, prepare.py
  apache/competentieset.conf Apache server config (proxies; the web root has the .htaccess)
The build writes into a staging folder beside build/ and swaps it in at the end.

doc/download/ holds competentieset.<ext> for every format of formats.FORMATS but html,
plus competentieset.trig and .nq (formats.DATASET_FORMATS, named graphs kept), and the
files named below. versie/<version>/ is a copy of the web root at release time, minus
RELEASE_EXCLUDED, with a MANIFEST_FILE of SHA-256 checksums; a release folder, once
built, is carried into every later build unchanged.
"""

from __future__ import annotations

from pathlib import Path

from competentieset.model.config import Project

WEBROOT = "www"
DOWNLOAD_DIR = "doc/download"
VERSIONS_DIR = "versie"
EN_PREFIX = "en"


DOWNLOAD_NAME = "competentieset"
CONTEXT_FILE = f"{DOWNLOAD_DIR}/context.jsonld"  # the JSON-LD context, also used to compact
JSON_SCHEMA_FILE = f"{DOWNLOAD_DIR}/competentieset.schema.json"  # schema of the plain JSON
CSVW_FILE = f"{DOWNLOAD_DIR}/csv-metadata.json"  # CSV on the Web metadata
DCAT_FILE = f"{DOWNLOAD_DIR}/dcat.ttl"  # DCAT-AP-NL 3.0 dataset and distributions
VOID_FILE = f"{DOWNLOAD_DIR}/void.ttl"  # VoID description
# the change list of this release against the previous one (frozen with the release)
CHANGES_FILES = {
    "nl": f"{DOWNLOAD_DIR}/wijzigingen.nl.md",
    "en": f"{DOWNLOAD_DIR}/wijzigingen.en.md",
    "json": f"{DOWNLOAD_DIR}/wijzigingen.json",
}
# the change feed of every release (JSON, served by /api/changes) and its Atom feed (latest only)
CHANGE_FEED_FILE = f"{DOWNLOAD_DIR}/wijzigingsfeed.json"
ATOM_FILE = f"{DOWNLOAD_DIR}/versies.atom"
MANIFEST_FILE = "manifest.sha256"  # in versie/<version>/: `sha256  path` per file
# web-root paths never copied into versie/<version>/ (the other releases, server config,
# the feeds of every release; a release keeps its own change list, CHANGES_FILES)
RELEASE_EXCLUDED = (VERSIONS_DIR, ".htaccess", CHANGE_FEED_FILE, ATOM_FILE)
VERSIONS_INDEX = {"html": f"{VERSIONS_DIR}/index.html", "json": f"{VERSIONS_DIR}/index.json"}

STAGING_DIR = ".build-staging"  # beside build/: the next build, written aside
PREVIOUS_DIR = ".build-previous"  # beside build/: the last build during the swap
TRASH_DIR = ".build-trash"  # beside build/: replaced builds, removed in the background
LOCK_FILE = ".build.lock"  # one build at a time per project
SITE_CACHE_DIR = ".build-cache/site"  # beside build/: the MkDocs workspace kept between builds


def download_file(extension: str) -> str:
    """Web-root path of the whole vocabulary in one format."""
    return f"{DOWNLOAD_DIR}/{DOWNLOAD_NAME}.{extension}"


def release_dir(version: str) -> str:
    """Web-root path of a frozen release."""
    return f"{VERSIONS_DIR}/{version}"


def staging_dir(project: Project) -> Path:
    return project.root / STAGING_DIR


def previous_dir(project: Project) -> Path:
    return project.root / PREVIOUS_DIR


def trash_dir(project: Project) -> Path:
    return project.root / TRASH_DIR


def site_cache_dir(project: Project) -> Path:
    return project.root / SITE_CACHE_DIR


def webroot(project: Project) -> Path:
    return project.build_dir / WEBROOT


def releases_file(project: Project) -> Path:
    """CSV `version,date` (ISO 8601), one row per release, oldest first."""
    return project.ontology_dir / "releases.csv"
