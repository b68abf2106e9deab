"""Load another version of the vocabulary: a file, a folder or a git revision.

A git revision (HEAD~1, v0.1.0, a commit) is read with `git archive` into a temporary
folder that is removed after loading; the work tree and the index are never touched.
Every version is loaded under the current project's base URI, so URIs compare equal.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from competentieset.errors import CompetentiesetError
from competentieset.model.config import ConfigError, Project, load_project
from competentieset.model.vocabulary import CATALOG, Vocabulary, load


class VersionError(CompetentiesetError):
    """The version asked for is neither a file, a folder nor a git revision."""


def _is_project(folder: Path) -> bool:
    pyproject = folder / "pyproject.toml"
    return pyproject.is_file() and "[tool.competentieset]" in pyproject.read_text(encoding="utf-8")


def _override(project: Project) -> str | None:
    return project.base if project.base != project.source_base else None


def load_path(project: Project, path: Path) -> Vocabulary:
    """A project folder, an ontology/ folder, another folder of Turtle, or one file."""
    path = path.resolve()
    if path.is_dir():
        if _is_project(path):
            other = load_project(path, _override(project))
            return load(other.__class__(other.root, other.source_base, project.base, other.version))
        if (path / CATALOG).is_file() and _is_project(path.parent):
            other = load_project(path.parent, _override(project))
            return load(other.__class__(other.root, other.source_base, project.base, other.version))
        return load(project, sorted(path.rglob("*.ttl")))
    return load(project, [path])


def _git(project: Project, *args: str, binary: bool = False):
    try:
        result = subprocess.run(["git", "-C", str(project.root), *args], capture_output=True,
                                text=not binary, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise VersionError(f"git is not available: {exc}") from None
    return result


def export_revision(project: Project, revision: str, target: Path) -> Path:
    """Write ontology/ and pyproject.toml as they were at a git revision of the project into
    `target` (with `git archive`; the work tree and the index are never touched). Returns
    the project folder inside `target`."""
    check = _git(project, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if check.returncode != 0:
        raise VersionError(f"{revision}: not a file or folder (relative paths are taken from the working folder "
                           f"{Path.cwd()}, not from the project), nor a release or git revision of {project.root}")
    commit = check.stdout.strip()
    prefix = _git(project, "rev-parse", "--show-prefix").stdout.strip()
    archive = _git(project, "archive", "--format=tar", commit, f"{prefix}ontology", f"{prefix}pyproject.toml",
                   binary=True)
    if archive.returncode != 0:
        raise VersionError(f"{revision}: has no ontology/ and pyproject.toml "
                           f"({archive.stderr.decode(errors='replace').strip()})")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return Path(target) / prefix


def load_revision(project: Project, revision: str) -> Vocabulary:
    """The vocabulary as it was at a git revision of the project."""
    with tempfile.TemporaryDirectory(prefix="competentieset-") as tmp:
        root = export_revision(project, revision, Path(tmp))
        try:
            other = load_project(root, _override(project))
        except ConfigError as exc:
            raise VersionError(f"{revision}: {exc}") from None
        return load(other.__class__(other.root, other.source_base, project.base, other.version))


def _release(project: Project, spec: str):
    """The recorded release named `spec` (e.g. 0.1.0), if the project records one."""
    from competentieset.model import releases

    if not releases.VERSION_LIKE.match(spec) or not (project.ontology_dir / "releases.csv").is_file():
        return None
    return next((r for r in releases.read_releases(project) if r.version == spec), None)


def load_version(project: Project, spec: str) -> Vocabulary:
    """`spec` is an existing path (file or folder), a recorded release (its commit) or else a
    git revision."""
    path = Path(spec)
    if path.exists():
        return load_path(project, path)
    release = _release(project, spec)
    if release is not None:
        if release.commit:
            return load_revision(project, release.commit)
        raise VersionError(
            f"release {spec} records no commit in ontology/releases.csv (it is still being "
            "prepared); compare with the work tree (`.`) or a git revision instead")
    return load_revision(project, spec)
