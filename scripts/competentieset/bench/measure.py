"""Run one measured thing as a child process: wall time and peak RSS, nothing shared.

Each measurement is a fresh process, so one measurement's memory cannot inflate the next.
Peak RSS comes from GNU time (`/usr/bin/time -f %M`, Debian package `time`), which forks
the command from its own small process: on Linux a child's ru_maxrss starts at its
parent's resident set at fork time, so measuring a fork of this (large) Python process
would report at least this process's size. Without GNU time the child is waited for with
os.wait4 and its ru_maxrss is used, and the result says it is an upper bound.

Both are the peak of ONE process (a waited-for child's ru_maxrss is the largest of its
descendants', never their sum), while a build forks children that run at the same time
(validation, the two halves of its stages, the site's languages, MkDocs). So the whole
process tree is sampled too, every SAMPLE_SECONDS: the sum of each process's proportional
set size (Pss in /proc/PID/smaps_rollup: a page shared by n processes counts 1/n in each,
so copy-on-write pages after a fork are counted once). A run's peak_rss_mb is the larger of
the two; tree_pss_mb keeps the sampled one.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    """One child process run."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    tree_pss_mb: float | None = None  # the sampled peak of the process tree (None: no /proc)


@dataclass
class Result:
    """The median of several runs of one measured thing (or why there is none)."""

    runs: list[Run] = field(default_factory=list)
    note: str = ""
    available: bool = True

    @property
    def seconds(self) -> float | None:
        good = [r.seconds for r in self.runs if not r.timed_out]
        return statistics.median(good) if good and self.available else None

    @property
    def peak_rss_mb(self) -> float | None:
        good = [r.peak_rss_mb for r in self.runs if not r.timed_out]
        return statistics.median(good) if good and self.available else None

    @property
    def returncodes(self) -> list[int]:
        return [r.returncode for r in self.runs]


def unavailable(note: str) -> Result:
    return Result(runs=[], note=note, available=False)


GNU_TIME = "/usr/bin/time"


TREE = " or, when larger, the sampled sum of Pss over its process tree"


def rss_method() -> str:
    tree = TREE if os.path.exists("/proc/self/smaps_rollup") else ""
    if os.access(GNU_TIME, os.X_OK):
        return "GNU time %M of the command" + tree
    return "os.wait4 ru_maxrss (upper bound: includes the bench process's size at fork)" + tree


SAMPLE_SECONDS = 0.05


def _tree(root: int) -> list[int]:
    """root and its descendants (now), from /proc/PID/task/TID/children."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as handle:
                    todo += [int(child) for child in handle.read().split()]
            except OSError:
                pass
    return found


def tree_pss_kib(root: int) -> int | None:
    """The sum of the Pss of root and its descendants, in KiB; None without smaps_rollup."""
    total, seen = 0, False
    for pid in _tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        seen = True
                        break
        except OSError:
            continue
    return total if seen else None


class _TreeSampler:
    """The peak of tree_pss_kib(root), sampled in a thread until stop()."""

    def __init__(self, root: int):
        self.root, self.peak = root, None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            now = tree_pss_kib(self.root)
            if now is not None and (self.peak is None or now > self.peak):
                self.peak = now
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> int | None:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_child(argv: list[str], *, cwd: Path | None = None, env: dict | None = None,
              timeout: float | None = None) -> Run:
    """Run argv to completion in its own process group; measure wall time and peak RSS."""
    gnu_time = os.access(GNU_TIME, os.X_OK)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r") as rss:
        if gnu_time:
            argv = [GNU_TIME, "-f", "%M", "-o", rss.name, *argv]
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        sampler = _TreeSampler(proc.pid) if os.path.exists("/proc/self/smaps_rollup") else None
        timed_out = False
        deadline = None if timeout is None else start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)  # the group of the child we started
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        tree_kib = sampler.stop() if sampler is not None else None
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        peak_kib = usage.ru_maxrss
        if gnu_time:
            lines = [line for line in rss.read().splitlines() if line.strip()]
            if lines and lines[-1].strip().isdigit():
                peak_kib = int(lines[-1])
        return Run(
            seconds=seconds,
            peak_rss_mb=max(peak_kib, tree_kib or 0) / 1024,
            tree_pss_mb=None if tree_kib is None else tree_kib / 1024,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=timed_out,
        )


def in_turns(sides: list, times: int) -> list[Result]:
    """Each side (a function that makes one measured run: a one-run Result, e.g. repeat(argv,
    1, ...)) run `times` times, in turns: one run of each side, then the next round, so a
    change in the machine's speed while the row is measured falls on both sides alike (run
    one side's repeats after the other's and a slow spell lands on one side only). A side
    whose run fails or is killed at its cap is not run again; its Result says why, as
    repeat's does."""
    results = [Result() for _ in sides]
    for _ in range(times):
        for side, result in zip(sides, results, strict=True):
            if not result.available or (result.runs and result.runs[-1].timed_out):
                continue
            one = side()
            result.runs += one.runs
            if one.note:
                result.note, result.available = one.note, one.available
    return results


def repeat(argv: list[str], times: int, *, cwd: Path | None = None, env: dict | None = None,
           timeout: float | None = None, before=None, ok_codes: tuple[int, ...] = (0,),
           check=None) -> Result:
    """Run argv `times` times (calling `before()` before each run, unmeasured).

    A run that exits with a code outside `ok_codes` makes the result unavailable (a
    failed run has no meaningful time); the note keeps the last line of its stderr. So
    does a run after which `check()` (unmeasured) returns a reason: a command that exited
    0 without doing its work (e.g. a build that wrote nothing) has no time either.
    """
    result = Result()
    for _ in range(times):
        if before is not None:
            before()
        run = run_child(argv, cwd=cwd, env=env, timeout=timeout)
        result.runs.append(run)
        if run.timed_out:
            result.note = f"killed at the time cap of {timeout:.0f} s"
            break
        if run.returncode not in ok_codes:
            last = (run.stderr.strip().splitlines() or ["no output"])[-1][:200]
            result.available = False
            result.note = f"failed (exit {run.returncode}): {last}"
            break
        problem = check() if check is not None else None
        if problem:
            result.available = False
            result.note = f"failed: {problem}"
            break
    return result
