"""Shared fixtures: the project, its loaded vocabulary, and the shared source material."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from competentieset.model import config, vocabulary

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """../shared beside the checkout (CI lays it there too); COMPETENTIESET_SHARED overrides."""
    return Path(os.environ.get("COMPETENTIESET_SHARED", ROOT.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    # Never skip: without the shared source the fidelity tests cannot run, which is a failure.
    assert (path / "source" / "competentieset-publieke-leiders.txt").is_file(), (
        f"shared source material not found at {path}; set COMPETENTIESET_SHARED"
    )
    return path


@pytest.fixture(scope="session")
def project() -> config.Project:
    return config.load_project(ROOT)


@pytest.fixture(scope="session")
def vocab(project) -> vocabulary.Vocabulary:
    return vocabulary.load(project)
