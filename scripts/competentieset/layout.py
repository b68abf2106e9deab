"""Where the build puts things. One place, read by build, site, serve and bench.

build/
  www/                       the web root: what a web server serves (latest release)
    doc/<type>/<name>.<ext>  one document per resource and format (see formats.FORMATS);
                             <ext> html is the Dutch site page, en/doc/... the English one
    doc/def.<ext>, doc/def/<Term>.<ext>   the model and its terms
    doc/download/            the whole vocabulary in every format, JSON-LD context,
                             JSON Schema, CSVW metadata, DCAT and VoID, change lists
    versie/<version>/        every release, frozen: the same tree as above
    index.html, en/...       the site (home, hierarchy, index, model, ...)
    .htaccess                Apache config (same behaviour as the embedded server)
  nginx/competentieset.conf  nginx server config for the static build
The build writes into a staging folder beside build/ and swaps it in at the end.
"""

from __future__ import annotations

from pathlib import Path

from .config import Project

WEBROOT = "www"
DOWNLOAD_DIR = "doc/download"
VERSIONS_DIR = "versie"
EN_PREFIX = "en"


def webroot(project: Project) -> Path:
    return project.build_dir / WEBROOT


def releases_file(project: Project) -> Path:
    """CSV `version,date` (ISO 8601), one row per release, oldest first."""
    return project.ontology_dir / "releases.csv"
