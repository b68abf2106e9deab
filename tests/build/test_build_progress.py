"""Progress: a bar per stage on a terminal, nothing when not a terminal or in CI."""

from __future__ import annotations

import io

from competentieset import progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted(FakeTerminal())
    assert not progress.wanted(io.StringIO())
    for truthy in ("true", "1", "yes", "YES"):
        monkeypatch.setenv("CI", truthy)
        assert not progress.wanted(FakeTerminal()), truthy
    monkeypatch.setenv("CI", "false")
    assert progress.wanted(FakeTerminal())


def test_one_bar_per_stage():
    out = FakeTerminal()
    bar = progress.StageBar(out, width=10)
    bar("rdf", 5, 10)
    bar("rdf", 10, 10)
    bar("json", 1, 1)
    bar.finish()
    lines = out.getvalue().split("\n")
    assert lines[0].split("\r")[-1].startswith("rdf        [##########] 10/10")
    assert lines[1].split("\r")[-1].startswith("json       [##########] 1/1")
    assert lines[2] == ""


def test_the_cli_prints_no_bar_when_not_a_terminal(tmp_path, capsys, monkeypatch):
    from build_helpers import copy_project
    from competentieset import cli, validation

    monkeypatch.setattr(validation, "validate", lambda vocab, lang="nl", **_: validation.Report())
    root = copy_project(tmp_path / "p")
    assert cli.main(["--project", str(root), "build"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.count("\n") == 1 and captured.out.startswith("built release 0.1.0")
