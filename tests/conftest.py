"""Fixtures: the project, its loaded vocabulary, and the source material in sources/."""

from __future__ import annotations

from pathlib import Path

import pytest
from competentieset.model import config, vocabulary

ROOT = Path(__file__).resolve().parents[1]


SOURCES = ROOT / "sources"


@pytest.fixture(scope="session")
def sources() -> Path:
    """The repository's copies of the source text, facts, ESCO extract and NL-SBB profile
    (sources/README.md says where each comes from)."""
    # Never skip: without the source text the fidelity tests cannot run, which is a failure.
    assert (SOURCES / "abd" / "competentieset-publieke-leiders.txt").is_file(), (
        f"source material not found in {SOURCES}: it is part of the repository"
    )
    return SOURCES


@pytest.fixture(scope="session")
def project() -> config.Project:
    return config.load_project(ROOT)


@pytest.fixture(scope="session")
def vocab(project) -> vocabulary.Vocabulary:
    return vocabulary.load(project)
