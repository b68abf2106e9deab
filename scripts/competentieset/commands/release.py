"""`competentieset release`: record a release in ontology/releases.csv.

    competentieset release 0.2.0 2026-12-10   start a release: a row `0.2.0,2026-12-10,,false`
                                               and [project] version in pyproject.toml
    competentieset release --publish          the version in pyproject.toml is published: its
                                               row gets the commit HEAD and `true`

Publishing needs a clean ontology/ at HEAD (the content of the release is what that commit
holds); commit the changed releases.csv afterwards. A published release never changes: the
build rebuilds it from that commit and refuses to replace it.
"""

from __future__ import annotations

import datetime
import re
import subprocess

from competentieset.errors import CompetentiesetError
from competentieset.model import releases


def register(sub) -> None:
    parser = sub.add_parser(
        "release",
        help="record a release (version and date), or mark the current one published",
        description="Start a release (VERSION DATE: a row in ontology/releases.csv and the "
                    "version in pyproject.toml) or publish the current one (--publish: its "
                    "row gets the commit HEAD and published true).",
    )
    parser.add_argument("version", metavar="VERSION", nargs="?", help="MAJOR.MINOR.PATCH, e.g. 0.2.0")
    parser.add_argument("date", metavar="DATE", nargs="?", help="release date, YYYY-MM-DD")
    parser.add_argument("--publish", action="store_true",
                        help="mark the version in pyproject.toml published at commit HEAD")
    parser.set_defaults(run=run)


def _git(project, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(project.root), *args], capture_output=True,
                              text=True, timeout=60)
    except OSError as exc:
        raise CompetentiesetError(f"git is not available: {exc}") from None


def _start(project, version: str, date: str) -> int:
    if not releases.VERSION_LIKE.match(version):
        raise CompetentiesetError(f"version {version!r} is not MAJOR.MINOR.PATCH (e.g. 0.2.0)")
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        raise CompetentiesetError(f"date {date!r} is not YYYY-MM-DD") from None
    record = releases.read_releases(project)
    if any(r.version == version for r in record):
        raise CompetentiesetError(f"release {version} is already recorded in ontology/releases.csv")
    if record and not record[-1].commit:
        raise CompetentiesetError(
            f"the last release, {record[-1].version}, records no commit, so it could not be "
            "rebuilt later: publish it first (`competentieset release --publish`)")
    record.append(releases.Release(version, date))
    try:
        releases.check_order(record)
    except releases.ReleaseError as exc:
        raise CompetentiesetError(str(exc)) from None
    pyproject = project.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    new_text, count = re.subn(r'(?m)^version = ".*"$', f'version = "{version}"', text, count=1)
    if count != 1:
        raise CompetentiesetError(f"{pyproject}: no line `version = \"...\"` in [project]")
    model = project.ontology_dir / "model" / "competentiemodel.ttl"
    header = model.read_text(encoding="utf-8") if model.is_file() else None
    if header is not None:
        # the model's header names the release too (owl:versionInfo, owl:versionIRI, dct:modified)
        header = re.sub(r'(owl:versionInfo )"[^"]*"', rf'\g<1>"{version}"', header, count=1)
        header = re.sub(r"(owl:versionIRI <[^>]*/versie/)[^/>]+(/def/>)", rf"\g<1>{version}\g<2>",
                        header, count=1)
        header = re.sub(r'(dct:modified )"[^"]*"(\^\^xsd:date)', rf'\g<1>"{date}"\g<2>', header, count=1)
    releases.write_releases(project, record)
    pyproject.write_text(new_text, encoding="utf-8")
    if header is not None:
        model.write_text(header, encoding="utf-8")
    print(f"release {version} ({date}) recorded in ontology/releases.csv; version {version} set in "
          "pyproject.toml and in the model's header (ontology/model/competentiemodel.ttl). Edit, "
          "validate and preview (make serve); when it is committed, run `competentieset release "
          "--publish`.")
    return 0


def _publish(project) -> int:
    record = releases.read_releases(project)
    current = releases.current_release(project, record)
    if current.published:
        raise CompetentiesetError(f"release {current.version} is already published "
                                  f"(commit {current.commit})")
    head = _git(project, "rev-parse", "--verify", "HEAD")
    if head.returncode != 0:
        raise CompetentiesetError(f"{project.root} is not a git repository with a commit: "
                                  "commit the release first")
    dirty = _git(project, "status", "--porcelain", "--", "ontology", "pyproject.toml")
    if dirty.stdout.strip():
        raise CompetentiesetError(
            "ontology/ or pyproject.toml has uncommitted changes:\n" + dirty.stdout.rstrip()
            + "\nCommit them first: the release is what the commit holds.")
    commit = head.stdout.strip()
    record = [releases.Release(r.version, r.date, commit, True) if r == current else r for r in record]
    releases.write_releases(project, record)
    print(f"release {current.version} is published at commit {commit}; commit "
          "ontology/releases.csv now (git commit -am 'Publish release "
          f"{current.version}'), then build.")
    return 0


def run(args) -> int:
    project = args.project_obj
    if args.publish:
        if args.version or args.date:
            raise CompetentiesetError("--publish takes no VERSION or DATE (it publishes the "
                                      "version in pyproject.toml)")
        return _publish(project)
    if not (args.version and args.date):
        raise CompetentiesetError("give VERSION and DATE (e.g. `competentieset release 0.2.0 "
                                  "2026-12-10`), or --publish")
    return _start(project, args.version, args.date)
