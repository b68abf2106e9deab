"""Which processes of a process group still run (Linux's /proc): for tests that check a
build leaves no MkDocs process behind."""

from __future__ import annotations

from pathlib import Path

from tests import tools


def alive_in_group(group: int) -> list[int]:
    """The processes of process group `group` that are still running (not zombies)."""
    tools.require_file("/proc/self/stat", "/proc (the Linux process file system)",
                       "run the tests on Linux")
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()  # after "pid (name) ": state, ppid, pgrp
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive
