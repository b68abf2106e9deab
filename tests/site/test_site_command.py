"""`competentieset site`: a preview folder (default build/site) written through a staging
swap; the published web root build/www is never written by it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from competentieset.commands import site as site_command
from competentieset.model import config

from tests.project_copy import copy_project


def _run(project, *args):
    return subprocess.run([sys.executable, "-m", "competentieset.cli", "--project", str(project),
                           "site", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("site-command") / "project")
    www = root / "build" / "www"
    www.mkdir(parents=True)
    (www / "published.txt").write_text("the last full build\n", encoding="utf-8")
    return root


def test_default_is_a_preview_folder_beside_the_web_root(project):
    done = _run(project)
    assert done.returncode == 0, done.stderr
    out = project / "build" / "site"
    assert done.stdout.startswith("site: ") and f" pages in {out}\n" in done.stdout
    assert (out / "index.html").is_file() and (out / "en" / "index.html").is_file()
    assert (out / site_command.MARKER).is_file()
    # the published web root is as the last full build left it
    assert sorted(p.name for p in (project / "build" / "www").iterdir()) == ["published.txt"]
    assert not (project / "build" / ".site-staging").exists()


def test_the_web_root_is_refused(project):
    for target in ("build/www", "build", str(project / "build" / "www" / "sub")):
        done = _run(project, "--out", str(project / target) if not target.startswith("/") else target)
        assert done.returncode == 2, target
        assert "is written only by `competentieset build`" in done.stderr, done.stderr
    assert sorted(p.name for p in (project / "build" / "www").iterdir()) == ["published.txt"]


def test_a_folder_of_something_else_is_refused(project, tmp_path):
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine\n", encoding="utf-8")
    done = _run(project, "--out", str(other))
    assert done.returncode == 2
    assert done.stderr == (f"competentieset: {other}: exists and is not an earlier output of "
                           f"`competentieset site` (no {site_command.MARKER} in it); it would be "
                           "replaced as a whole, so give an empty or new folder\n")
    assert [p.name for p in other.iterdir()] == ["keep.txt"]


def test_a_failed_site_build_leaves_the_previous_preview(project, tmp_path, monkeypatch):
    from competentieset.site import mkdocs_site

    proj = config.load_project(project)
    out = tmp_path / "preview"
    out.mkdir()
    (out / site_command.MARKER).write_text("", encoding="utf-8")
    (out / "index.html").write_text("previous\n", encoding="utf-8")

    # the command's own route: the vocabulary loaded and the pages made in a child
    def broken(project, webroot, load):
        (webroot / "index.html").write_text("half\n", encoding="utf-8")
        raise RuntimeError("mkdocs failed")

    monkeypatch.setattr(mkdocs_site, "build_site_apart", broken)
    with pytest.raises(RuntimeError, match="mkdocs failed"):
        site_command.write_site(proj, None, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["preview"]  # no staging left

    def works(project, webroot, load):
        (webroot / "index.html").write_text("new\n", encoding="utf-8")
        return {"nl": 1, "en": 1}

    monkeypatch.setattr(mkdocs_site, "build_site_apart", works)
    assert site_command.write_site(proj, None, out) == {"nl": 1, "en": 1}
    assert (out / "index.html").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["preview"]


def test_the_vocabulary_is_loaded_in_a_child_not_in_the_command_process(project, tmp_path, monkeypatch):
    """`site` loads the vocabulary and makes the pages in a forked child, so the process
    that waits for MkDocs does not hold them: every load happens in another process."""
    from competentieset.model import vocabulary

    record = tmp_path / "loads.txt"
    real_load = vocabulary.load

    def load(project, *args, **kwargs):
        with open(record, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return real_load(project, *args, **kwargs)

    monkeypatch.setattr(vocabulary, "load", load)
    out = tmp_path / "preview"
    from competentieset import cli

    assert cli.main(["--project", str(project), "site", "--out", str(out)]) == 0  # in this process
    assert (out / "index.html").is_file() and (out / "en" / "index.html").is_file()
    loads = record.read_text(encoding="utf-8").split()
    assert len(loads) == 1 and int(loads[0]) != os.getpid()
    # the same site as build_site makes in one process (its graph read there, not sent
    # back from a child as tables)
    from competentieset.site import build_site, from_project

    proj = config.load_project(project)
    here = tmp_path / "here"
    build_site(from_project(proj, real_load(proj), here))

    def files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and p.name != site_command.MARKER}

    assert files(out) == files(here)


def test_a_syntax_error_found_in_the_child_is_reported_as_the_load_reports_it(tmp_path):
    """The child's TurtleSyntaxError reaches the command with its file, line and message."""
    broken = copy_project(tmp_path / "broken")
    target = next(p for p in sorted((broken / "ontology").rglob("*.ttl")) if p.name != "herkomst.ttl")
    target.write_text(target.read_text(encoding="utf-8") + "\nthis is not turtle .\n", encoding="utf-8")
    lines = target.read_text(encoding="utf-8").count("\n")  # the last line is the bad one
    from competentieset.errors import TurtleSyntaxError
    from competentieset.model import vocabulary

    with pytest.raises(TurtleSyntaxError) as here:  # the same load in this process
        vocabulary.load(config.load_project(broken))
    assert (here.value.problem.path, here.value.problem.line) == (target.resolve(), lines)
    done = _run(broken, "--out", str(tmp_path / "preview"))
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"competentieset: {here.value}\n"
    assert not (tmp_path / "preview").exists()
    assert not (tmp_path / ".preview-staging").exists()


def test_a_syntax_error_crosses_the_fork_with_its_problem():
    """What the child sends is the error itself: its file, line and column, not only its text."""
    import pickle
    from pathlib import Path

    from competentieset.errors import SyntaxProblem, TurtleSyntaxError

    sent = TurtleSyntaxError(SyntaxProblem(Path("/x/a.ttl"), 3, 7, "bad"))
    got = pickle.loads(pickle.dumps(sent))
    assert type(got) is TurtleSyntaxError
    assert got.problem == SyntaxProblem(Path("/x/a.ttl"), 3, 7, "bad")
    assert str(got) == "/x/a.ttl:3:7: bad"
