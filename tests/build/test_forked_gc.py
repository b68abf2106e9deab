"""competentieset.forked: inside frozen_after_forks (the CLI's build) the objects alive at
a fork stay frozen (out of the collector's walks) in this process too, and are unfrozen
after it and outside it; competentieset.gcpause.paused leaves the collector as it found it. Each case runs in a fresh interpreter, so this session's collector is not
touched."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = """
import contextlib, gc, sys
from competentieset import forked
keep = [[i] for i in range(1000)]  # long-lived data
assert gc.get_freeze_count() == 0
block = forked.frozen_after_forks() if sys.argv[1] == "build" else contextlib.nullcontext()
with block:
    child = forked.Forked(lambda: gc.get_freeze_count(), RuntimeError, "lost")
    in_child = child.result()
    inside = gc.get_freeze_count()
print(in_child > 1000, inside > 1000, gc.get_freeze_count())
"""


@pytest.mark.parametrize("mode,expected", [("build", "True True 0"), ("other", "True False 0")])
def test_objects_stay_frozen_after_a_fork_within_a_build_only(mode, expected):
    done = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected


def test_paused_restores_the_collector_as_it_was():
    script = """
import gc
from competentieset.gcpause import paused
with paused():
    inside = gc.isenabled()
after_on = gc.isenabled()
gc.disable()
with paused():
    pass
print(inside, after_on, gc.isenabled())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False True False"
