"""fn() in a forked child while this process goes on (the build's stages and the site's
pages use the machine's second core this way).

    child = Forked(fn, error=BuildError, lost="...")   the child starts at once
    value = child.result()                              waits; the child's exception is raised here
    child.stop()                                        kills it if it still runs

    value = run_in_child(fn, error, lost)               the same, waiting at once
    may_fork()                                          whether this process may fork
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable

_keep_frozen = False


@contextlib.contextmanager
def frozen_after_forks():
    """Inside the block the objects alive at each fork stay in the permanent generation in
    this process too, so its later collections do not walk them again; after it they are
    collected as before. For a build: its long-lived data (the store, the descriptions, the
    site graph) is what each full collection walked again (after one relabel at N = 20,000
    the build's full collections took 1.08 s, 0.3 s with it kept frozen). The cost: a
    reference cycle that is garbage at a fork is freed only after the block."""
    global _keep_frozen
    was = _keep_frozen
    _keep_frozen = True
    try:
        yield
    finally:
        _keep_frozen = was
        if not was:
            gc.unfreeze()


class Forked:
    """fn() run in a forked child; result() returns its (pickled) result or raises its
    exception here (one that cannot be pickled as `error(traceback)`). `close`: file
    descriptors the child closes first; `lost`: the message when the child stops without a
    result (killed, out of memory)."""

    def __init__(self, fn: Callable[[], object], error: type[Exception], lost: str,
                 close: tuple[int, ...] | list[int] = ()):
        self.error, self.lost = error, lost
        read, write = os.pipe()
        gc.freeze()  # the child's collections leave the parent's objects (and their pages) alone
        pid = os.fork()
        if pid == 0:  # the child: run, send the result, leave without cleaning up
            status = 1
            try:
                os.close(read)
                for fd in close:
                    os.close(fd)
                try:
                    payload, status = pickle.dumps(("ok", fn()), protocol=pickle.HIGHEST_PROTOCOL), 0
                except BaseException as exc:  # noqa: BLE001 - sent to the parent, raised there
                    try:
                        payload = pickle.dumps(("error", exc))
                    except Exception:  # noqa: BLE001
                        payload = pickle.dumps(("error", error(traceback.format_exc())))
                with os.fdopen(write, "wb") as handle:
                    handle.write(payload)
            finally:
                os._exit(status)
        if not _keep_frozen:
            gc.unfreeze()
        os.close(write)
        self.child: tuple[int, int] | None = (pid, read)

    def result(self):
        assert self.child is not None
        pid, read = self.child
        self.child = None
        with os.fdopen(read, "rb") as handle:
            data = handle.read()  # before waiting: the result does not fit in the pipe
        os.waitpid(pid, 0)
        if not data:
            raise self.error(self.lost)
        kind, value = pickle.loads(data)
        if kind == "error":
            raise value
        return value

    def stop(self) -> None:
        """Kill the child if it still runs (this process failed or was interrupted)."""
        if self.child is None:
            return
        pid, read = self.child
        self.child = None
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(read)


def may_fork() -> bool:
    """A fork copies only the calling thread: fork only a process that has no other (the
    CLI's build; not a server rebuilding in one of its threads)."""
    try:
        return hasattr(os, "fork") and threading.active_count() == 1 \
            and len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def run_in_child(fn: Callable[[], object], error: type[Exception], lost: str,
                 close: tuple[int, ...] | list[int] = ()):
    """fn() in a forked child, its result returned here once it ends (Forked, waited for
    at once; the child is killed if this process is interrupted meanwhile)."""
    child = Forked(fn, error, lost, close)
    try:
        return child.result()
    finally:
        child.stop()
