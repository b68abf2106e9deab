from pathlib import Path

import pytest
from competentieset import synthetic
from competentieset.model.config import load_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def project():
    return load_project(ROOT)


@pytest.fixture(scope="session")
def smoke_project(project, tmp_path_factory):
    """A synthetic project at the smoke size (N=200), generated once per session."""
    target = tmp_path_factory.mktemp("synthetic") / "n200"
    synthetic.generate(project, synthetic.SIZES["smoke"], target)
    return target
