"""Helpers for the build tests (a module of its own name: conftest is shared by name)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def copy_project(target: Path) -> Path:
    """A copy of the project's inputs (settings and ontology/) in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(REPO / "ontology", target / "ontology")
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below folder: relative path -> bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }
