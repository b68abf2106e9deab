"""Fixtures for the build tests: a throw-away copy of the project, built."""

from __future__ import annotations

import pytest
from build_helpers import copy_project
from competentieset.model.config import load_project


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("COMPETENTIESET_BASE_URI", raising=False)
    monkeypatch.delenv("COMPETENTIESET_PROJECT", raising=False)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real vocabulary, validated and built once for the read-only output tests."""
    from competentieset.publication import build

    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("COMPETENTIESET_BASE_URI", raising=False)
        mp.delenv("COMPETENTIESET_PROJECT", raising=False)
        project = load_project(root)
        build.build(project)
    return project
