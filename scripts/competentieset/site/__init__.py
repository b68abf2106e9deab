"""The documentation site: generated from the vocabulary at build time, Dutch and English.

    build_site(SiteContext(project, vocab, webroot, version, releases, changes_markdown))

Page generation (graph.py, pages.py, resource_pages.py, overview_pages.py, generate.py)
is separate from the MkDocs invocation (mkdocs_site.py), so the generator can be swapped.
"""

from __future__ import annotations

from competentieset.site.context import SiteContext, SiteError, from_project, read_releases
from competentieset.site.mkdocs_site import build_site

__all__ = ["SiteContext", "SiteError", "build_site", "from_project", "read_releases"]
