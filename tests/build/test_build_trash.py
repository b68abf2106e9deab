"""The replaced build is removed in the background (build._discard): moved into the trash
folder beside build/ and removed there by a detached `rm`, so the build returns without
waiting for it; a kill at any point of that leaves build/ whole and the next build cleans up."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from build_helpers import copy_project
from competentieset.model import layout
from competentieset.model.config import load_project
from competentieset.publication import build


def _stages(content: bytes):
    """A build that writes one file (the swap and its clean-up are what is tested here)."""
    return [("one", lambda ctx: ctx.write("one.txt", content))]


def _trash_files(project) -> list[str]:
    """The files in the trash (os.walk: folders that go while it looks are skipped)."""
    found = []
    for folder, _, names in os.walk(layout.trash_dir(project)):
        found += [os.path.relpath(os.path.join(folder, n), layout.trash_dir(project)) for n in names]
    return sorted(rel for rel in found if rel != build._TRASH_LOCK)


def _wait_for_empty_trash(project, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while _trash_files(project):
        assert time.monotonic() < deadline, f"the trash was not emptied: {_trash_files(project)[:5]}"
        time.sleep(0.05)


def _leftovers(root):
    return [name for name in (layout.STAGING_DIR, layout.PREVIOUS_DIR) if (root / name).exists()]


@pytest.fixture()
def project(tmp_path):
    return load_project(copy_project(tmp_path / "p"))


def _slow_rm(tmp_path, monkeypatch, seconds: int = 3):
    """`rm` found by the build is a script that sleeps first: a build that waited for it
    would still find nothing in the trash when it returns."""
    script = tmp_path / "slow-rm"
    script.write_text(f'#!/bin/sh\nsleep {seconds}\nexec {shutil.which("rm")} "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    real_which = shutil.which
    monkeypatch.setattr(build.shutil, "which", lambda name, *a, **k: str(script) if name == "rm"
                        else real_which(name, *a, **k))


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_the_build_does_not_wait_for_the_old_build_to_go(project, tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(build, "_exchange", lambda a, b: False)
    build.build(project, stages=_stages(b"first\n"))
    _slow_rm(tmp_path, monkeypatch)
    build.build(project, stages=_stages(b"second\n"))
    assert (project.build_dir / layout.WEBROOT / "one.txt").read_bytes() == b"second\n"
    assert not _leftovers(project.root)
    # the old build is in the trash when the build returns (its rm sleeps), then goes
    old = [rel for rel in _trash_files(project) if rel.endswith(f"/{layout.WEBROOT}/one.txt")]
    assert len(old) == 1, _trash_files(project)
    assert (layout.trash_dir(project) / old[0]).read_bytes() == b"first\n"
    _wait_for_empty_trash(project)
    assert layout.trash_dir(project).is_dir()  # the folder stays (a removal may run in it)


def test_without_rm_the_old_build_is_removed_at_once(project, monkeypatch):
    build.build(project, stages=_stages(b"first\n"))
    real_which = shutil.which
    monkeypatch.setattr(build.shutil, "which", lambda name, *a, **k: None if name == "rm"
                        else real_which(name, *a, **k))
    build.build(project, stages=_stages(b"second\n"))
    assert _trash_files(project) == []
    assert (project.build_dir / layout.WEBROOT / "one.txt").read_bytes() == b"second\n"


class Killed(BaseException):
    pass


@pytest.mark.parametrize("point", ["before", "after"])
def test_a_kill_while_the_old_build_goes_leaves_the_new_build(project, monkeypatch, point):
    """Killed after the exchange, before the old build is moved into the trash, or after
    (before its removal started): build/ is the new build, and the next build removes
    what was left."""
    build.build(project, stages=_stages(b"first\n"))
    real = build._to_trash

    def killed(*args):
        if point == "after":
            real(*args)
        raise Killed(point)

    monkeypatch.setattr(build, "_to_trash", killed)
    with pytest.raises(Killed):
        build.build(project, stages=_stages(b"second\n"))
    monkeypatch.undo()
    assert (project.build_dir / layout.WEBROOT / "one.txt").read_bytes() == b"second\n"
    left = [p.name for p in project.root.iterdir() if p.name.startswith(".build-")
            and p.name not in (".build-cache", ".build.lock")]
    assert left == [layout.STAGING_DIR if point == "before" else layout.TRASH_DIR], left
    if point == "after":
        assert any(rel.endswith(f"/{layout.WEBROOT}/one.txt") for rel in _trash_files(project))
    build.build(project, stages=_stages(b"third\n"))
    assert (project.build_dir / layout.WEBROOT / "one.txt").read_bytes() == b"third\n"
    assert not _leftovers(project.root)
    _wait_for_empty_trash(project)


def test_recover_empties_what_an_earlier_removal_left(project):
    """A removal cut off (a kill, a reboot) leaves part of an old build in the trash: the
    next build's recover() removes it."""
    build.build(project, stages=_stages(b"first\n"))
    stale = layout.trash_dir(project) / "old-cut-off" / layout.STAGING_DIR / "www" / "doc"
    stale.mkdir(parents=True)
    (stale / "a.ttl").write_bytes(b"left over\n")
    os.symlink("a.ttl", stale / "link.ttl")
    build.build(project, stages=_stages(b"second\n"))
    _wait_for_empty_trash(project)
    assert not (layout.trash_dir(project) / "old-cut-off").exists()


def test_one_removal_at_a_time(project):
    """A removal waits for the one before it (the trash's lock): while another holds the
    lock, the old build stays in the trash; when it lets go, the waiting one removes it."""
    import fcntl

    build.build(project, stages=_stages(b"first\n"))
    trash = layout.trash_dir(project)
    trash.mkdir(exist_ok=True)
    with open(trash / build._TRASH_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        build.build(project, stages=_stages(b"second\n"))
        time.sleep(1.0)  # time enough for a removal that did not wait to start
        assert any(rel.endswith(f"/{layout.WEBROOT}/one.txt") for rel in _trash_files(project))
    _wait_for_empty_trash(project)
    assert (project.build_dir / layout.WEBROOT / "one.txt").read_bytes() == b"second\n"
