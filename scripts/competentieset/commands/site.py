"""`competentieset site [--out DIR]`: build the documentation site alone (quick preview).

Loads the vocabulary and builds both languages into DIR (default build/www, the web root
`competentieset build` also writes); the data files of a full build are not written, so
the download links of a site built alone point at files that only a full build provides.
"""

from __future__ import annotations

from pathlib import Path

from competentieset.model import layout, vocabulary


def register(sub) -> None:
    parser = sub.add_parser("site", help="build the documentation site (nl and en) alone")
    parser.add_argument("--out", metavar="DIR", help="web root to write into (default: build/www)")
    parser.set_defaults(run=run)


def run(args) -> int:
    from competentieset.site import build_site, from_project

    project = args.project_obj
    vocab = vocabulary.load(project)
    out = Path(args.out).resolve() if args.out else layout.webroot(project)
    counts = build_site(from_project(project, vocab, out))
    print(f"site: {counts.get('nl', 0)} Dutch and {counts.get('en', 0)} English pages in {out}")
    print(f"preview: python3 -m http.server -d {out} 8000  (then open http://127.0.0.1:8000/)")
    return 0
