"""The release record: ontology/releases.csv, one row `version,date,commit,published`
per release, oldest first.

It is the only source of dates in the publication (no build timestamps). The version in
pyproject.toml must have a row: a build publishes a release, and a release has a date.

- `commit`: the git commit whose ontology/ is the release's content; a build rebuilds
  every earlier release from it (with today's code, see build.stage_archive). Empty while
  a version is being prepared.
- `published`: `true` once the release is published (`competentieset release --publish`
  fills in both); a published release is never rebuilt from the work tree, and
  `build --replace-release` refuses it. `false` (or empty) while it is being prepared.

The old two-column header `version,date` is still read (no commit, not published).
"""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass

from competentieset.errors import CompetentiesetError
from competentieset.model import layout
from competentieset.model.config import Project
from competentieset.model.uris import VERSION


class ReleaseError(CompetentiesetError):
    """ontology/releases.csv is missing, malformed, or lacks the project's version."""


HEADER = ["version", "date", "commit", "published"]
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
VERSION_LIKE = re.compile(r"^\d+\.\d+\.\d+$")


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # ISO 8601 date, YYYY-MM-DD
    commit: str | None = None  # full git commit of its content (ontology/)
    published: bool = False


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def read_releases(project: Project) -> list[Release]:
    """Every release in the record, oldest first; raises ReleaseError on bad rows."""
    path = layout.releases_file(project)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReleaseError(f"{path}: cannot read the release record: {exc}") from None
    rows = list(csv.reader(text.splitlines()))
    header = [c.strip() for c in rows[0]] if rows else []
    if header not in (HEADER, HEADER[:2]):
        raise ReleaseError(f"{path}:1: the first line must be the header `{','.join(HEADER)}`")
    releases: list[Release] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) not in (2, len(header)):  # commit and published may be left out
            raise ReleaseError(f"{path}:{number}: expected `{','.join(header)}`, got {','.join(row)!r}")
        version, date = row[0].strip(), row[1].strip()
        commit, published = (row[2].strip(), row[3].strip()) if len(row) == 4 else ("", "")
        if commit and not _COMMIT.match(commit):
            raise ReleaseError(f"{path}:{number}: commit {commit!r} is not a full git commit "
                               "(40 hex digits; `git rev-parse HEAD` prints one)")
        if published not in ("", "true", "false"):
            raise ReleaseError(f"{path}:{number}: published must be true or false, got {published!r}")
        if published == "true" and not commit:
            raise ReleaseError(f"{path}:{number}: release {version} is published but names no commit; "
                               "a published release is rebuilt from its commit")
        if not VERSION.match(version):
            raise ReleaseError(f"{path}:{number}: version {version!r} is not MAJOR.MINOR.PATCH")
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            raise ReleaseError(f"{path}:{number}: date {date!r} is not YYYY-MM-DD") from None
        if any(r.version == version for r in releases):
            raise ReleaseError(f"{path}:{number}: version {version} is listed twice")
        if releases and _out_of_order(releases[-1], version, date):
            raise ReleaseError(f"{path}:{number}: " + _order_message(releases[-1], version, date))
        releases.append(Release(version, date, commit or None, published == "true"))
    return releases


def _out_of_order(last: Release, version: str, date: str) -> bool:
    return _key(version) <= _key(last.version) or date < last.date


def _order_message(last: Release, version: str, date: str) -> str:
    return ("releases must be listed oldest first with rising versions and dates "
            f"({version} {date} after {last.version} {last.date})")


def check_order(releases: list[Release]) -> None:
    """ReleaseError unless versions and dates rise."""
    for last, r in zip(releases, releases[1:], strict=False):
        if _out_of_order(last, r.version, r.date):
            raise ReleaseError(_order_message(last, r.version, r.date))


def current_release(project: Project, releases: list[Release] | None = None) -> Release:
    """The release for the project's version (pyproject.toml); ReleaseError if unrecorded."""
    releases = read_releases(project) if releases is None else releases
    for release in releases:
        if release.version == project.version:
            return release
    raise ReleaseError(
        f"{layout.releases_file(project)}: version {project.version} (pyproject.toml "
        "[project] version) has no row. Add `"
        f"{project.version},YYYY-MM-DD` with the release date, or set the version in "
        "pyproject.toml to a recorded release."
    )


def previous_release(releases: list[Release], current: Release) -> Release | None:
    """The release recorded just before `current`, if any."""
    index = releases.index(current)
    return releases[index - 1] if index > 0 else None


def write_releases(project: Project, releases: list[Release]) -> None:
    """Write the record (four columns), replacing the file atomically."""
    path = layout.releases_file(project)
    lines = [",".join(HEADER)] + [
        f"{r.version},{r.date},{r.commit or ''},{'true' if r.published else 'false'}" for r in releases
    ]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
