"""Helpers for the build tests (a module of its own name: conftest is shared by name)."""

from __future__ import annotations

from pathlib import Path

from tests.project_copy import copy_project  # noqa: F401  (re-exported for the build tests)

REPO = Path(__file__).resolve().parents[2]




def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below folder: relative path -> bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }
