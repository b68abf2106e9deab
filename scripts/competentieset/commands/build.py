"""`competentieset build`: validate, then write every published file into build/."""

from __future__ import annotations

import sys
import time

from competentieset import forked, progress
from competentieset.publication import build as building


def register(sub) -> None:
    parser = sub.add_parser(
        "build",
        help="validate, then publish every format, per resource and whole, into build/",
        description="Validate the vocabulary; on any violation stop and write nothing. Else "
        "write every published file into a staging folder beside build/ and swap it in.",
    )
    parser.add_argument(
        "--replace-release", action="store_true",
        help="the version in pyproject.toml was never published: replace its earlier build "
        "even if the content changed (earlier releases stay checked; refused for a published "
        "version)",
    )
    parser.add_argument(
        "--preview", action="store_true",
        help="a local preview (make serve): like --replace-release for a version not yet "
        "published; for a published one the web root shows the work tree while "
        "versie/<version>/ stays exactly as published",
    )
    parser.add_argument(
        "--full", action="store_true",
        help="build every file anew (by default files whose bytes do not change are kept "
        "from the previous build, when it was made by the same code and settings)",
    )
    parser.add_argument(
        "--no-site", action="store_true",
        help="publish the data only, without the documentation site (its HTML pages are "
        "then missing from the web root and from the release)",
    )
    parser.add_argument(
        "--no-exports", action="store_true",
        help="leave the consumer formats out (CASE, ...: the exports stage); for measuring them",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    project = args.project_obj
    bar = progress.StageBar() if progress.wanted() else None
    started = time.monotonic()
    try:
        left_out = {"site"} if args.no_site else set()
        if getattr(args, "no_exports", False):
            left_out.add("exports")
        stages = [s for s in building.BUILD_STAGES if s[0] not in left_out]
        with forked.frozen_after_forks():  # fewer full collections (see there)
            result = building.build(project, progress=bar, stages=stages,
                                    replace_release=args.replace_release, preview=args.preview,
                                    full=args.full)
    except building.ValidationFailed as exc:
        if bar:
            bar.finish()
        print(f"competentieset: {exc}", file=sys.stderr)
        return 1
    finally:
        if bar:
            bar.finish()
    print(
        f"built release {result.version} ({result.date}): {result.resources} resources, "
        f"{result.triples} triples, {result.files} files (and their copy in versie/"
        f"{result.version}/) in {result.build_dir} "
        f"({time.monotonic() - started:.1f} s; validation"
        f"{' of what changed since the last build' if result.validation_limited else ''}: "
        f"{result.report_summary})"
    )
    return 0
