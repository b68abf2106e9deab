"""A progress line per build stage on a terminal; silent when not a TTY or when CI=true."""

from __future__ import annotations

import os
import sys
import time


def wanted(stream=None) -> bool:
    stream = stream or sys.stderr
    return stream.isatty() and os.environ.get("CI", "").strip().lower() not in ("true", "1", "yes")


class StageBar:
    """Callable progress(stage, done, total) drawing `stage  [#####.....] done/total`."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.stage = None
        self.started = 0.0
        self.last_draw = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage != self.stage:
            self.finish()
            self.stage, self.started = stage, now
        if done < total and now - self.last_draw < 0.05:
            return
        self.last_draw = now
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{stage:<10} [{bar}] {done}/{total}  {now - self.started:5.1f} s")
        self.stream.flush()

    def finish(self) -> None:
        if self.stage is not None:
            self.stream.write("\n")
            self.stream.flush()
            self.stage = None
