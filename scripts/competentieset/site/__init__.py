"""The documentation site: generated from the vocabulary at build time, Dutch and English.

    build_site(SiteContext(project, vocab, webroot, version, releases, changes_markdown))

Page generation (graph.py, pages.py, resource_pages.py, overview_pages.py, generate.py)
is separate from the MkDocs invocation (mkdocs_site.py), so the generator can be swapped.
The names below are imported on first use: the MkDocs hooks import one small module of
this package (search_text) into every MkDocs process, which needs none of the generator.
"""

from __future__ import annotations

import importlib

_WHERE = {"SiteContext": "context", "SiteError": "context", "from_project": "context",
          "read_releases": "context", "build_site": "mkdocs_site"}

__all__ = ["SiteContext", "SiteError", "build_site", "from_project", "read_releases"]


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
