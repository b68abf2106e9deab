"""`competentieset diff OLD NEW`: what changed between two versions of the vocabulary.

OLD and NEW are files, folders, recorded releases (0.1.0: its commit in
ontology/releases.csv) or git revisions (HEAD~1, a tag, a commit); revisions are read with
`git archive` into a temporary folder, never into the work tree. Two files or folders can
be compared outside any project folder. Prints
Markdown (changes page, release notes) or JSON. Exit 0 (also when there are changes),
2 when a version cannot be read.
"""

from __future__ import annotations

import sys


def register(sub) -> None:
    parser = sub.add_parser(
        "diff",
        help="list what changed between two versions (files, folders or git revisions)",
        description="Compare two versions of the vocabulary: added, removed, deprecated, "
                    "relabelled, redefined (per language), moved in the hierarchy, mappings changed.",
    )
    parser.add_argument("old", metavar="OLD", help="file, folder, release (e.g. 0.1.0) or git revision (e.g. HEAD~1)")
    parser.add_argument("new", metavar="NEW", help="file, folder or git revision (e.g. HEAD)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the Markdown")
    parser.set_defaults(run=run, without_project=standalone)


def standalone(args):
    """Outside a project folder: OLD and NEW must be files or folders; a project found at or
    above one of them gives the base URI (and the prefixes), else --base-uri or none."""
    from pathlib import Path

    from competentieset.errors import CompetentiesetError
    from competentieset.model.config import ConfigError, Project, find_root, load_project

    for spec in (args.old, args.new):
        if not Path(spec).exists():
            raise CompetentiesetError(
                f"{spec}: not a file or folder, and there is no project here to read git "
                "revisions or releases from (run inside the project or give --project DIR)")
    for spec in (args.old, args.new):
        try:
            return load_project(find_root(Path(spec).resolve().parent), args.base_uri)
        except ConfigError:
            continue
    base = (args.base_uri or "https://example.invalid/no-project").rstrip("/")
    return Project(root=Path.cwd(), source_base=base, base=base, version="0.0.0")


def run(args) -> int:
    from competentieset.model.diff import diff_vocabularies
    from competentieset.model.versions import load_version

    project = args.project_obj
    old = load_version(project, args.old)
    new = load_version(project, args.new)
    changes = diff_vocabularies(old, new)
    sys.stdout.write(changes.to_json() if args.format == "json" else changes.to_markdown(args.lang))
    return 0
