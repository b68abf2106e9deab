"""`python -m competentieset.site.mkdocs_runner`: `mkdocs build`, started before its pages exist.

mkdocs_site starts one runner per language as soon as a site build begins. The runner
imports MkDocs, the theme's search plugin, Python-Markdown, Jinja and YAML (about half of a
small site's MkDocs time) while the build is still writing the pages, then waits for one
line on standard input: the JSON list of arguments of `mkdocs build` (e.g. ["build",
"--strict", "--quiet", "-f", "mkdocs.yml"]) and the environment variables to set. It then
runs MkDocs's own command line with them, exactly as `python -m mkdocs` would. End of input
instead (the build stopped before the pages were ready) ends it without building.
"""

from __future__ import annotations

import importlib
import json
import os
import sys

# what every build of the site imports; a module missing here is imported when it is needed
PRELOAD = ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults",
           "mkdocs.structure.pages", "material.plugins.search.plugin", "markdown",
           "markdown.extensions.toc", "markdown.extensions.tables", "markdown.extensions.attr_list",
           "markdown.extensions.md_in_html", "markdown.extensions.fenced_code", "jinja2", "yaml")


def main() -> int:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    order = json.loads(line)
    os.environ.update(order["env"])
    from mkdocs.__main__ import cli

    return cli.main(args=order["args"], prog_name="mkdocs")


if __name__ == "__main__":
    sys.exit(main())
