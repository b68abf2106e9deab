"""`competentieset site`: a preview folder (default build/site) written through a staging
swap; the published web root build/www is never written by it."""

from __future__ import annotations

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
    import competentieset.site as site_package

    proj = config.load_project(project)
    out = tmp_path / "preview"
    out.mkdir()
    (out / site_command.MARKER).write_text("", encoding="utf-8")
    (out / "index.html").write_text("previous\n", encoding="utf-8")

    def broken(ctx):
        (ctx.webroot / "index.html").write_text("half\n", encoding="utf-8")
        raise RuntimeError("mkdocs failed")

    monkeypatch.setattr(site_package, "build_site", broken)
    with pytest.raises(RuntimeError, match="mkdocs failed"):
        site_command.write_site(proj, None, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["preview"]  # no staging left

    def works(ctx):
        (ctx.webroot / "index.html").write_text("new\n", encoding="utf-8")
        return {"nl": 1, "en": 1}

    monkeypatch.setattr(site_package, "build_site", works)
    assert site_command.write_site(proj, None, out) == {"nl": 1, "en": 1}
    assert (out / "index.html").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["preview"]
