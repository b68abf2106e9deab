"""The release record: ontology/releases.csv, one row `version,date` per release.

It is the only source of dates in the publication (no build timestamps). The version in
pyproject.toml must have a row: a build publishes a release, and a release has a date.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass

from competentieset.errors import CompetentiesetError
from competentieset.model import layout
from competentieset.model.config import Project
from competentieset.model.uris import VERSION


class ReleaseError(CompetentiesetError):
    """ontology/releases.csv is missing, malformed, or lacks the project's version."""


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # ISO 8601 date, YYYY-MM-DD


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
    if not rows or [c.strip() for c in rows[0]] != ["version", "date"]:
        raise ReleaseError(f"{path}:1: the first line must be the header `version,date`")
    releases: list[Release] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise ReleaseError(f"{path}:{number}: expected `version,date`, got {','.join(row)!r}")
        version, date = row[0].strip(), row[1].strip()
        if not VERSION.match(version):
            raise ReleaseError(f"{path}:{number}: version {version!r} is not MAJOR.MINOR.PATCH")
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            raise ReleaseError(f"{path}:{number}: date {date!r} is not YYYY-MM-DD") from None
        if any(r.version == version for r in releases):
            raise ReleaseError(f"{path}:{number}: version {version} is listed twice")
        if releases and (_key(version) <= _key(releases[-1].version) or date < releases[-1].date):
            raise ReleaseError(
                f"{path}:{number}: releases must be listed oldest first with rising versions "
                f"and dates ({version} {date} after {releases[-1].version} {releases[-1].date})"
            )
        releases.append(Release(version, date))
    return releases


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
