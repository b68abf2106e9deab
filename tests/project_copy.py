"""A throw-away copy of the project's inputs, for tests that change or build them."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("ontology", "shapes", "site")


def copy_project(target: Path) -> Path:
    """Copy pyproject.toml and the input folders (ontology/, shapes/, site/) to `target`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    for name in INPUTS:
        shutil.copytree(ROOT / name, target / name)
    return target
