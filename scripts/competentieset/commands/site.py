"""`competentieset site [--out DIR]`: build the documentation site alone (quick preview).

Loads the vocabulary and builds both languages into DIR (default build/site, a preview
folder beside the published web root). The site is written into a staging folder beside
DIR and swapped in at the end, so a failure leaves the previous DIR untouched. The published
web root (build/www) is never written here: only `competentieset build` writes it, inside its
atomic build, with the data files the pages link to (a site built alone has the pages but
not those downloads).

The vocabulary is loaded and the pages are made in a forked child, which ends before
MkDocs's builds take most of the memory (mkdocs_site.build_site_apart).
"""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

from competentieset.errors import CompetentiesetError
from competentieset.model import layout, vocabulary

PREVIEW_DIR = "site"  # under build/: the default DIR
MARKER = ".competentieset-site"  # in DIR: written by this command, so it may replace DIR


class SiteCommandError(CompetentiesetError):
    pass


def register(sub) -> None:
    parser = sub.add_parser("site", help="build the documentation site (nl and en) alone, as a preview")
    parser.add_argument("--out", metavar="DIR",
                        help="folder to write the site into (default: build/site); replaced as a "
                             "whole, so it must be empty, new, or an earlier output of this command")
    parser.set_defaults(run=run)


def default_out(project) -> Path:
    return project.build_dir / PREVIEW_DIR


def check_out(project, out: Path) -> None:
    """Refuse a DIR this command must not replace (see the module docstring)."""
    webroot = layout.webroot(project).resolve()
    if out == webroot or webroot.is_relative_to(out) or out.is_relative_to(webroot):
        raise SiteCommandError(
            f"{out}: the published web root ({webroot}) is written only by `competentieset build` "
            "(atomically, with the data files the pages link to); give --out another folder, "
            "or run `competentieset build`")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise SiteCommandError(
            f"{out}: exists and is not an earlier output of `competentieset site` (no {MARKER} "
            "in it); it would be replaced as a whole, so give an empty or new folder")


def write_site(project, vocab, out: Path) -> dict[str, int]:
    """Build the site into a staging folder beside `out`, then swap it in. With vocab None
    the vocabulary is loaded (and the pages made) in a forked child, so this process holds
    neither while MkDocs builds (mkdocs_site.build_site_apart)."""
    from competentieset.publication.build import _exchange
    from competentieset.site import build_site, from_project
    from competentieset.site.mkdocs_site import build_site_apart

    check_out(project, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}-staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        if vocab is None:
            counts = build_site_apart(project, staging, lambda: vocabulary.load(project))
        else:
            counts = build_site(from_project(project, vocab, staging))
        (staging / MARKER).write_text("written by `competentieset site`; replaced as a whole by "
                                      "its next run\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out.exists():
        if _exchange(staging, out):
            shutil.rmtree(staging)  # now holds the previous site
            return counts
        old = out.parent / f".{out.name}-previous"
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)
    return counts


def run(args) -> int:
    project = args.project_obj
    out = Path(args.out).resolve() if args.out else default_out(project)
    check_out(project, out)
    project.root.mkdir(parents=True, exist_ok=True)
    # one writer under build/ at a time: a full build swaps build/ as a whole
    with open(project.root / layout.LOCK_FILE, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SiteCommandError(f"a build of {project.root} is running ({layout.LOCK_FILE} is "
                                   "locked); wait for it to finish") from None
        counts = write_site(project, None, out)  # the vocabulary is loaded in a child
    print(f"site: {counts.get('nl', 0)} Dutch and {counts.get('en', 0)} English pages in {out}")
    print(f"preview: python3 -m http.server -d {out} 8000  (then open http://127.0.0.1:8000/)")
    return 0
