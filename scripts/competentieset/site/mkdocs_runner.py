"""`python -m competentieset.site.mkdocs_runner`: `mkdocs build`, started before its pages exist.

One runner serves a whole site build, both languages (start() below is the other end). It
imports MkDocs, the theme's search plugin, Python-Markdown, Jinja and YAML (PRELOAD: about
a quarter of a small site's MkDocs time) while the build is still validating, writing the
data and making the pages; then it reads orders from standard input, one line each: the
JSON {"args": [...], "env": {...}, "quiet": bool} of one `mkdocs build` (e.g. ["build",
"--strict", "-f", "mkdocs.yml"]), the whole environment to run it in, and whether to show
only warnings and errors. For each order it
forks a child that takes that environment and runs MkDocs's own command line with those
arguments, exactly as `python -m mkdocs` would, in its own copy of the loaded modules and
with its output (standard output and error) in a file of its own; so the languages build
at the same time and MkDocs is loaded once, not once per language. At the end of input it
waits for its children and writes one JSON line per order, in order, on its standard
output: {"code": exit status, "output": what MkDocs printed}. End of input before any order
(the build stopped before the pages were ready) ends it without building.

"quiet" is not MkDocs's --quiet, which raises its logger's level and so hides warnings from
--strict too: a strict build with warnings would pass (mkdocs/mkdocs#4126). Here only the
console handler's level is raised: warnings still count, and are shown.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import traceback

# what every build of the site imports (our hooks' search index too); a module missing here
# is imported when it is needed, by each build
PRELOAD = ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults",
           "mkdocs.structure.pages", "material.plugins.search.plugin", "material.templates",
           "markdown", "markdown.extensions.toc", "markdown.extensions.tables",
           "markdown.extensions.attr_list", "markdown.extensions.md_in_html",
           "markdown.extensions.fenced_code", "jinja2", "yaml", "difflib",
           "competentieset.site.search_text")


def _run_mkdocs(order: dict, output: int) -> None:
    """The forked child: one `mkdocs build`; never returns."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)  # the orders are the parent's alone
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.environ.clear()
        os.environ.update(order["env"])
        from mkdocs.__main__ import State, cli

        state = State()  # MkDocs's own logging set-up, which its command line would make
        if order.get("quiet"):
            state.stream.setLevel(logging.WARNING)
        try:
            cli.main(args=order["args"], prog_name="mkdocs", obj=state)
            code = 0
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 - reported in the output, as MkDocs's own would be
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def main() -> int:
    results = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # anything else printed goes to standard error, not into the results
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    started = []  # (child, its output file)
    while True:
        line = sys.stdin.readline()
        if not line.strip():
            break
        order = json.loads(line)
        output = tempfile.TemporaryFile()
        if hasattr(os, "fork"):
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _run_mkdocs(order, output.fileno())
            started.append((pid, output))
        else:  # no fork on this system: a MkDocs process of its own
            started.append((subprocess.Popen(
                [sys.executable, "-m", "mkdocs", *order["args"]], stdin=subprocess.DEVNULL,
                stdout=output, stderr=output, env=order["env"]), output))
    for child, output in started:
        if isinstance(child, int):
            code = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
        else:
            code = child.wait()
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
        output.close()
        results.write(json.dumps({"code": code, "output": text}, ensure_ascii=False) + "\n")
    results.flush()
    sys.stderr.flush()
    os._exit(0)  # all is said: no need to tear down the loaded modules (the build waits)


class Runner:
    """The build's end of a runner: order(args) per `mkdocs build`, then results(); stop()
    (safe at any time, and after results()) ends a runner that is no longer needed."""

    def __init__(self, env: dict[str, str] | None = None):
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env,
            process_group=0)  # a group of its own: stop() ends its children with it
        self.orders = 0
        self.done = False

    def fileno(self) -> int:
        """Its standard input: a forked child of the build closes it (the orders are ours)."""
        return self.process.stdin.fileno()

    def order(self, args: list[str], env: dict[str, str], quiet: bool = False) -> None:
        """Run `mkdocs <args>` with exactly the environment `env`, now (next to the others);
        `quiet`: show only warnings and errors (which --strict still counts)."""
        self.process.stdin.write(json.dumps({"args": args, "env": env, "quiet": quiet}) + "\n")
        self.process.stdin.flush()
        self.orders += 1

    def results(self) -> list[tuple[int, str]]:
        """(exit status, output) of each order, in order, once all have finished."""
        out, err = self.process.communicate()
        self.done = True
        lines = out.splitlines()
        if self.process.returncode != 0 or len(lines) != self.orders:
            from competentieset.site.context import SiteError

            raise SiteError(f"the MkDocs runner stopped (exit status {self.process.returncode}) "
                            f"without the results of its {self.orders} builds:\n{err.strip()}")
        return [(item["code"], item["output"]) for item in map(json.loads, lines)]

    def stop(self) -> None:
        """End the runner and the builds it started (they are not wanted any more)."""
        if self.done:
            return
        self.done = True
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.communicate()

    close = stop


def start(env: dict[str, str] | None = None) -> Runner:
    """A runner, started now: it loads MkDocs while the caller goes on."""
    return Runner(env)


if __name__ == "__main__":
    sys.exit(main())
