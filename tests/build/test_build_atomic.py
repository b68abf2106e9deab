"""Deterministic, atomic builds: byte-identical rebuilds; a failure or a kill at any stage
leaves the previous build intact; an invalid vocabulary writes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from build_helpers import copy_project, snapshot
from competentieset import validation
from competentieset.errors import CompetentiesetError
from competentieset.model import layout
from competentieset.model.config import load_project
from competentieset.publication import build


def _leftovers(root):
    return [name for name in (layout.STAGING_DIR, layout.PREVIOUS_DIR) if (root / name).exists()]


def test_rebuilds_are_byte_identical(tmp_path, monkeypatch):
    first = load_project(copy_project(tmp_path / "a"))
    second = load_project(copy_project(tmp_path / "b"))
    build.build(first)
    one = snapshot(first.build_dir)
    build.build(first)  # on top of the previous build (release carried over and checked)
    build.build(second)  # elsewhere, from nothing
    assert len(one) > 1000
    assert snapshot(first.build_dir) == one
    assert snapshot(second.build_dir) == one
    assert not _leftovers(first.root)
    # and in another process with another string-hash seed (set order must not leak out)
    third = copy_project(tmp_path / "c")
    script = ("import sys, pathlib; from competentieset.publication import build; "
              "from competentieset.model.config import load_project; "
              "build.build(load_project(pathlib.Path(sys.argv[1])))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPETENTIESET_")}
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, str(third)], check=True,
                       env={**env, "PYTHONHASHSEED": seed})
        assert snapshot(third / "build") == one, seed


class Injected(Exception):
    pass


@pytest.mark.parametrize("failing", [name for name, _ in build.BUILD_STAGES])
def test_a_failing_stage_leaves_the_previous_build_intact(tmp_path, monkeypatch, failing):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project)
    before = snapshot(project.build_dir)

    def fail_after(stage):
        def run(ctx):
            stage(ctx)  # the stage has written its files into staging ...
            raise Injected(f"injected failure in {ctx.stage}")  # ... then the build fails
        return run

    stages = [(name, fail_after(fn) if name == failing else fn) for name, fn in build.BUILD_STAGES]
    with pytest.raises(Injected):
        build.build(project, stages=stages)
    assert snapshot(project.build_dir) == before
    assert not _leftovers(project.root)
    build.build(project)  # and the next build works
    assert snapshot(project.build_dir) == before


def test_a_failure_during_the_swap_leaves_the_previous_build(tmp_path, monkeypatch):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project)
    before = snapshot(project.build_dir)
    monkeypatch.setattr(build, "_exchange", lambda a, b: False)  # take the two-rename path
    real_rename = os.rename
    calls = []

    def rename_then_die(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:  # build/ moved aside, staging not yet in place: "killed" here
            raise KeyboardInterrupt
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename_then_die)
    import pathlib
    monkeypatch.setattr(pathlib.Path, "rename", lambda self, target: rename_then_die(self, target))
    with pytest.raises(KeyboardInterrupt):
        build.build(project)
    monkeypatch.undo()
    assert not project.build_dir.exists()  # the moment a kill could hit
    build.recover(project)
    assert snapshot(project.build_dir) == before
    build.build(project)
    assert snapshot(project.build_dir) == before
    assert not _leftovers(project.root)


KILL_SCRIPT = """
import sys, time
from competentieset.publication import build
from competentieset.model.config import load_project
def hang(ctx):
    (ctx.project.root / "stage-reached").write_text(ctx.stage)
    time.sleep(120)
stages = list(build.BUILD_STAGES)
stages.insert(int(sys.argv[2]), ("hang", hang))
build.build(load_project(__import__("pathlib").Path(sys.argv[1])), stages=stages)
"""


@pytest.mark.parametrize("position", [1, 3, len(build.BUILD_STAGES)])
def test_sigkill_mid_build_leaves_the_previous_build(tmp_path, monkeypatch, position):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project)
    before = snapshot(project.build_dir)
    marker = project.root / "stage-reached"
    child = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(project.root), str(position)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the build ended before it reached the injected stage"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert (project.root / layout.STAGING_DIR).exists()
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert snapshot(project.build_dir) == before
    build.build(project)  # cleans the stale staging folder and builds
    assert snapshot(project.build_dir) == before
    assert not _leftovers(project.root)


def _add_concept_without_definition(project, name="nieuw"):
    """Add a concept that has no skos:definition in any language (NL-SBB: Violation)."""
    path = project.ontology_dir / "redactie" / "labels-en-definities.ttl"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\ngebied:{name}\n    a skos:Concept, cs:Gebied ;\n"
                     f'    skos:prefLabel "{name}"@nl ;\n    skos:inScheme kader:gebieden .\n')


def test_an_invalid_vocabulary_writes_nothing(tmp_path):
    project = load_project(copy_project(tmp_path / "p"))
    _add_concept_without_definition(project)  # NL-SBB: skos:definition required (Violation)
    with pytest.raises(build.ValidationFailed) as failure:
        build.build(project)
    assert "violation" in str(failure.value)
    assert failure.value.report.has_violations
    assert not project.build_dir.exists()
    assert not _leftovers(project.root)


def test_an_invalid_vocabulary_keeps_the_previous_build(tmp_path):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project)
    before = snapshot(project.build_dir)
    _add_concept_without_definition(project, "ander")
    with pytest.raises(build.ValidationFailed):
        build.build(project)
    assert snapshot(project.build_dir) == before
    assert not _leftovers(project.root)


def test_cli_build_exit_codes(tmp_path, capsys):
    from competentieset import cli

    root = copy_project(tmp_path / "p")
    assert cli.main(["--project", str(root), "build"]) == 0
    assert "built release" in capsys.readouterr().out
    _add_concept_without_definition(load_project(root))
    assert cli.main(["--project", str(root), "build"]) == 1
    assert "violation" in capsys.readouterr().err
    assert isinstance(build.ValidationFailed(validation.Report()), CompetentiesetError)
