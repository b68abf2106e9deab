"""competentieset.forked: the objects alive at a fork stay frozen (out of the collector's
walks) in a process that said it is short-lived (the CLI's build), and are unfrozen again
in any other (a test session, a server); competentieset.gcpause.paused leaves the collector
as it found it. Each case runs in a fresh interpreter, so this session's collector is not
touched."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = """
import gc, sys
from competentieset import forked
if sys.argv[1] == "short":
    forked.short_lived()
keep = [[i] for i in range(1000)]  # long-lived data
assert gc.get_freeze_count() == 0
child = forked.Forked(lambda: gc.get_freeze_count(), RuntimeError, "lost")
in_child = child.result()
print(in_child > 1000, gc.get_freeze_count() > 1000)
"""


@pytest.mark.parametrize("mode,expected", [("short", "True True"), ("long", "True False")])
def test_a_short_lived_process_keeps_its_objects_frozen_after_a_fork(mode, expected):
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
