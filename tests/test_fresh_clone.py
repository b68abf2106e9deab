"""A fresh clone stands alone: `git clone` of the committed HEAD into an empty folder with
nothing beside it, then the fast part of the suite runs there and passes.

The clone's tests run with the clone's own package (PYTHONPATH=<clone>/scripts, checked),
no CI variable, and the system tools hidden (PATH is an empty folder): what the tests read
must be in the repository (sources/, ontology/, shapes/, ...), and a test that needs a tool
must skip loudly. With CI=yes the same missing tool is a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import tools

ROOT = Path(__file__).resolve().parents[1]
# the fast part: everything that reads the sources, plus one test that needs a system tool
FAST = ["tests/vocabulary"]
NEEDS_NGINX = "tests/bench/test_bench_harness.py::test_the_builds_nginx_config_is_used_as_written"


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    git = tools.require("git")
    head = subprocess.run([git, "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        tools.missing("a git checkout of the project (this copy has no .git)", "git clone")
    empty = tmp_path_factory.mktemp("empty")
    target = empty / "competentieset"
    subprocess.run([git, "clone", "--quiet", "--no-checkout", str(ROOT), str(target)], check=True,
                   capture_output=True, timeout=120)
    subprocess.run([git, "-C", str(target), "checkout", "--quiet", head.stdout.strip()], check=True,
                   capture_output=True, timeout=120)
    assert sorted(p.name for p in empty.iterdir()) == ["competentieset"]  # nothing beside it
    return target


def _env(clone: Path, tmp: Path, **extra) -> dict:
    hidden = tmp / "no-tools"
    hidden.mkdir(exist_ok=True)
    env = {"PATH": str(hidden), "HOME": os.environ.get("HOME", str(tmp)), "LANG": "C.UTF-8",
           "PYTHONPATH": str(clone / "scripts"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.update(extra)
    return env


def _pytest(clone: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-ra", "-p", "no:cacheprovider", *args],
                          cwd=clone, env=env, capture_output=True, text=True, timeout=600)


def test_the_clone_uses_its_own_package(clone, tmp_path):
    done = subprocess.run([sys.executable, "-c", "import competentieset; print(competentieset.__file__)"],
                          cwd=clone, env=_env(clone, tmp_path), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(clone / "scripts")


def test_the_fast_suite_passes_in_a_clone_with_the_tools_hidden(clone, tmp_path):
    done = _pytest(clone, _env(clone, tmp_path), *FAST, NEEDS_NGINX)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-4000:]
    assert " passed" in out and "failed" not in out and " error" not in out, out[-4000:]
    # the tool-gated test skipped, loudly: the reason and the way to install it are listed
    assert "SKIPPED [1]" in out and "MISSING TOOL: nginx is not installed" in out, out[-4000:]
    assert "apt-get install -y nginx" in out


@pytest.mark.parametrize("ci", ["true", "1", "YES"])
def test_a_missing_tool_fails_when_ci_is_truthy(clone, tmp_path, ci):
    done = _pytest(clone, _env(clone, tmp_path, CI=ci), NEEDS_NGINX)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out[-4000:]
    assert "1 failed" in out and "skipped" not in out, out[-4000:]
    assert "MISSING TOOL: nginx is not installed" in out and "[CI is set" in out


def test_ci_values(monkeypatch):
    for value, expected in [("true", True), ("TRUE", True), ("1", True), ("yes", True),
                            ("Yes", True), ("", False), ("0", False), ("false", False),
                            ("no", False)]:
        monkeypatch.setenv("CI", value)
        assert tools.in_ci() is expected, value
    monkeypatch.delenv("CI")
    assert tools.in_ci() is False
