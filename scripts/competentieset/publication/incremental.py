"""Incremental builds: reuse the previous build/ for every file whose bytes do not change.

    fingerprint(project) -> str
    Reuse.from_previous(project, fingerprint, version) -> Reuse | None

A build is a function of (code, settings, shapes, site sources, installed engines, release
record) and of the vocabulary. The first group is summed up in one *fingerprint* (SHA-256 over
the package's source files but the benchmarks, pyproject.toml, shapes/, site/, ontology/releases.csv and the
versions of Python, pyoxigraph, MkDocs, Material and Markdown). When the previous build has
the same fingerprint and the same version, a build may reuse its files:

  - every write (BuildContext.write) whose bytes equal the previous build's file (same
    SHA-256, from the previous build's release manifest) becomes a hard link to that file:
    the file is untouched (same inode, same mtime) and not written again;
  - a resource whose N-Triples document is unchanged keeps its documents in every RDF
    format without serialising them again (they are functions of that document alone,
    given the fingerprint);
  - the site keeps its MkDocs workspace (layout.SITE_CACHE_DIR) and rebuilds only the pages
    whose Markdown changed (mkdocs_site.build_site).

Anything else (a different fingerprint or version, no previous build, no manifest, `--full`)
builds everything. Either way the bytes are those of a full build; the tests compare trees.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from competentieset.model import layout
from competentieset.model.config import Project

STATE_FILE = "build-state.json"  # in build/ (outside the web root): the fingerprint of the build
_ENGINES = ("pyoxigraph", "mkdocs", "mkdocs-material", "markdown", "pyshacl")
_PACKAGE = Path(__file__).resolve().parents[1]
_NOT_BUILD_CODE = ("bench",)  # package folders that never decide a build's bytes


def _tree_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += [Path(folder) / n for n in names if not n.endswith((".pyc", ".pyo"))]
    return sorted(found)


def fingerprint(project: Project) -> str:
    """SHA-256 over everything but the vocabulary that decides a build's bytes."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("python", sys.version.encode())
    for name in _ENGINES:
        try:
            add(name, metadata.version(name).encode())
        except metadata.PackageNotFoundError:
            add(name, b"-")
    for path in _tree_files(_PACKAGE):
        if path.relative_to(_PACKAGE).parts[0] in _NOT_BUILD_CODE:
            continue
        add("code:" + path.relative_to(_PACKAGE).as_posix(), path.read_bytes())
    for label, root in (("shapes", project.shapes_dir), ("site", project.site_dir)):
        for path in _tree_files(root):
            add(f"{label}:" + path.relative_to(root).as_posix(), path.read_bytes())
    for label, path in (("pyproject", project.root / "pyproject.toml"),
                        ("releases", layout.releases_file(project))):
        add(label, path.read_bytes() if path.is_file() else b"-")
    add("base", project.base.encode())
    add("version", str(project.version).encode())
    return digest.hexdigest()


def write_state(staging: Path, value: str, version: str) -> None:
    (staging / STATE_FILE).write_text(
        json.dumps({"fingerprint": value, "version": version}, indent=1) + "\n", encoding="utf-8")


@dataclass
class Reuse:
    """The previous build's web root and its files' checksums (relpath -> sha256)."""

    webroot: str
    hashes: dict[str, str]
    # relpath -> (inode, size, mtime, ctime) of a file read() found to have its manifest's
    # checksum: read again unchanged (an incremental build reads the previous N-Quads in
    # two stages), it is not checksummed again
    _checked: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)

    @classmethod
    def from_previous(cls, project: Project, value: str, version: str) -> Reuse | None:
        """The previous build, if it was made from the same fingerprint and version."""
        state_path = project.build_dir / STATE_FILE
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if state.get("fingerprint") != value or state.get("version") != version:
            return None
        hashes = manifest_hashes(project, version)
        return None if hashes is None else cls(str(layout.webroot(project)), hashes)

    def hash_of(self, relpath: str) -> str | None:
        """The previous file's SHA-256 (from the manifest, else read once), None if absent."""
        known = self.hashes.get(relpath)
        if known is None and relpath not in self.hashes:
            try:
                with open(f"{self.webroot}/{relpath}", "rb") as handle:
                    known = hashlib.file_digest(handle, "sha256").hexdigest()
            except OSError:
                known = None
            self.hashes[relpath] = known
        return known

    def read(self, relpath: str) -> bytes | None:
        """The previous build's file `relpath`, if it is the one its manifest names."""
        digest = self.hashes.get(relpath)
        if digest is None:  # not in its manifest: not read at all
            return None
        try:
            with open(f"{self.webroot}/{relpath}", "rb") as handle:
                data = handle.read()
                info = os.fstat(handle.fileno())
        except OSError:
            return None
        seen = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        if self._checked.get(relpath) == seen and len(data) == info.st_size:
            return data
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        self._checked[relpath] = seen
        return data

    def same_file(self, relpath: str, path: str) -> bool:
        """Whether `path` is the previous build's file `relpath` itself (a hard link)."""
        try:
            return os.stat(path).st_ino == os.stat(f"{self.webroot}/{relpath}").st_ino
        except OSError:
            return False

    def link(self, relpath: str, target: str) -> bool:
        """Hard-link the previous build's file `relpath` to `target`; False if impossible."""
        try:
            os.link(f"{self.webroot}/{relpath}", target)
        except FileNotFoundError:
            folder = os.path.dirname(target)
            if os.path.isdir(folder):
                return False
            os.makedirs(folder, exist_ok=True)
            return self.link(relpath, target)
        except OSError:
            return False
        return True


def manifest_hashes(project: Project, version: str) -> dict[str, str] | None:
    """The checksums (relpath -> sha256) of the previous build's versie/<version>/, from its
    manifest; None when it has none."""
    manifest_path = layout.webroot(project) / layout.release_dir(version) / layout.MANIFEST_FILE
    try:
        text = manifest_path.read_text(encoding="utf-8")
    except OSError:
        return None
    hashes = {}
    for line in text.splitlines():
        digest, _, rel = line.partition("  ")
        hashes[rel] = digest
    return hashes
