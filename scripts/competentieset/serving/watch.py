"""`competentieset serve --watch`: the edit loop. Serve the build, rebuild on save, reload.

    PreviewApp(project, make_app, interval) -> ASGI application

Wraps the embedded server (server.App) for a local preview:

  - a watcher polls ontology/, shapes/ and site/ (paths, sizes and mtimes) every `interval`
    seconds; after a change it validates and builds (incrementally, as `competentieset build
    --preview` would: the edit loop runs before a release) in a process of its own, which
    a worker thread waits for;
  - after a good build a new server.App is made over the new web root (the web-root index
    and the lookup are read at start) and swapped in; the generation number goes up;
  - a change that fails (violations, a Turtle syntax error, a site that does not build)
    prints the report in the terminal, keeps serving the last good build and shows the
    report as a banner on every page;
  - every HTML page served gets a small script (PREVIEW_SCRIPT) that polls STATUS_PATH
    once a second: it reloads the page when the generation changes and shows or hides
    the banner. HTML is sent with `Cache-Control: no-store` and without validators, so a
    reload always gets the new page.

Never for production: the web server configs of the build serve the same files without it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from competentieset.errors import CompetentiesetError
from competentieset.model.config import Project
from competentieset.serving.server import COMMON, Response

STATUS_PATH = "/_preview/status"
WATCHED = ("ontology", "shapes", "site")
PREVIEW_SCRIPT = """<script id="cs-preview">(function () {
  var generation = %d;
  function banner(text) {
    var box = document.getElementById("cs-preview-banner");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "cs-preview-banner";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:1000;max-height:40vh;"
        + "overflow:auto;margin:0;padding:.8em 1em;background:#fde8e8;color:#5c0000;"
        + "border-top:3px solid #b00020;font:13px/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = text;
  }
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.generation !== generation) { location.reload(); return; }
      banner(s.error ? "Preview: the last change was not built; this page shows the last good "
        + "build.\\n\\n" + s.error : "");
    }).catch(function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();</script>"""


def snapshot(project: Project) -> dict[str, tuple[int, int]]:
    """path -> (mtime_ns, size) of every file below the watched folders."""
    found = {}
    for name in WATCHED:
        root = project.root / name
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
            for file in files:
                if file.startswith(".") or file.endswith(("~", ".swp", ".tmp")):
                    continue  # editors' swap and backup files
                path = os.path.join(folder, file)
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    continue
                found[path] = (st.st_mtime_ns, st.st_size)
    return found


_BUILDING: set[subprocess.Popen] = set()  # rebuilds under way (ended when the server stops)


def stop_builds() -> None:
    """End the rebuilds under way (the server is stopping; a build's own atomic swap
    leaves the last complete build in place)."""
    for child in list(_BUILDING):
        child.kill()


def rebuild(project: Project, log: Callable[[str], None]) -> str | None:
    """Validate and build incrementally; None when built, else the report to show.

    The build runs in a process of its own (`python -m competentieset.serving.watch`, see
    _build_here), as `competentieset build` does, not in the server's worker thread: a build
    forks its stages over the cores only in a process without other threads (build._may_fork),
    and the server's memory stays that of the server. Its stderr is the terminal's."""
    started = time.monotonic()
    settings = json.dumps({**dataclasses.asdict(project), "root": str(project.root)})
    outcome, code = None, "?"
    try:
        child = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True, encoding="utf-8")
    except OSError as exc:
        log(f"preview: the build could not be started: {exc}")
    else:
        _BUILDING.add(child)
        try:
            out, _ = child.communicate(settings)
        finally:
            _BUILDING.discard(child)
        code = child.returncode
        try:
            outcome = json.loads(out.strip().splitlines()[-1]) if out.strip() else None
        except ValueError:
            outcome = None
    if not isinstance(outcome, dict):
        text = (f"the build stopped (exit status {code}) without a result; "
                "its messages are in the terminal")
        log(f"preview: not built: {text}")
        return text
    if outcome["status"] == "violations":
        log(f"preview: not built, the vocabulary has violations ({outcome['summary']}):\n"
            f"{outcome['text']}")
        return outcome["text"]
    if outcome["status"] == "error":
        log(f"preview: not built: {outcome['text']}")
        return outcome["text"]
    log(f"preview: rebuilt release {outcome['version']} in {time.monotonic() - started:.1f} s "
        f"({outcome['summary']})")
    return None


def _build_here(settings: dict) -> dict:
    """The rebuild's process: one build (preview: a published versie/<v>/ stays as
    published), its outcome as a dict for rebuild()."""
    from competentieset.publication import build

    project = Project(**{**settings, "root": Path(settings["root"])})
    try:
        result = build.build(project, preview=True)
    except build.ValidationFailed as exc:
        return {"status": "violations", "summary": exc.report.summary(),
                "text": exc.report.to_text("nl")}
    except CompetentiesetError as exc:
        return {"status": "error", "text": str(exc)}
    return {"status": "built", "version": result.version, "summary": result.report_summary}


class PreviewApp:
    """The ASGI application of `serve --watch` (see module docstring)."""

    def __init__(self, project: Project, make_app: Callable[[], object], interval: float = 0.5,
                 log: Callable[[str], None] | None = None):
        self.project = project
        self.make_app = make_app
        self.interval = interval
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.app = make_app()
        self.generation = 1
        self.error: str | None = None
        self.building = False
        self._task: asyncio.Task | None = None
        self._lock = threading.Lock()

    @property
    def webroot(self):
        return self.app.webroot

    # -- ASGI ------------------------------------------------------------------------------

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if scope["path"] == STATUS_PATH:
            body = json.dumps({"generation": self.generation, "error": self.error,
                               "building": self.building}).encode()
            response = Response(200, [(b"content-type", b"application/json"),
                                      (b"cache-control", b"no-store"), *COMMON], body)
        else:
            response = await self.app.handle(scope, receive)
            if response.status == 200 and _is_html(response):
                response = self._with_script(response)
        await send({"type": "http.response.start", "status": response.status,
                    "headers": response.final_headers()})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else response.body})

    def _with_script(self, response: Response) -> Response:
        script = (PREVIEW_SCRIPT % (self.generation, STATUS_PATH)).encode()
        body = response.body
        at = body.rfind(b"</body>")
        body = body[:at] + script + body[at:] if at >= 0 else body + script
        headers = [(k, v) for k, v in response.headers
                   if k not in (b"etag", b"last-modified", b"content-length", b"cache-control")]
        headers.append((b"cache-control", b"no-store"))
        return Response(200, headers, body)

    async def _lifespan(self, receive, send):
        loop = asyncio.get_running_loop()
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self._start(self.app)
                self._task = loop.create_task(self._watch())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._task is not None:
                    self._task.cancel()
                stop_builds()
                self._stop(self.app)
                await send({"type": "lifespan.shutdown.complete"})
                return

    @staticmethod
    async def _start(app) -> None:
        if getattr(app, "sparql", None) is not None:
            await asyncio.get_running_loop().run_in_executor(None, app.sparql.start)

    @staticmethod
    def _stop(app) -> None:
        if getattr(app, "sparql", None) is not None:
            app.sparql.close()

    # -- the watcher -----------------------------------------------------------------------

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        seen = await loop.run_in_executor(None, snapshot, self.project)
        while True:
            await asyncio.sleep(self.interval)
            now = await loop.run_in_executor(None, snapshot, self.project)
            if now == seen:
                continue
            # wait until the editor has finished writing (two equal looks in a row)
            while True:
                await asyncio.sleep(self.interval)
                later = await loop.run_in_executor(None, snapshot, self.project)
                if later == now:
                    break
                now = later
            changed = sorted(_changed(seen, now)) or ["(files)"]
            seen = now
            self.log("preview: changed " + ", ".join(
                os.path.relpath(p, self.project.root) for p in changed[:5]) + ("..." if len(changed) > 5 else ""))
            await self.refresh()

    async def refresh(self) -> None:
        """Rebuild now and swap the new build in (or show why not)."""
        loop = asyncio.get_running_loop()
        self.building = True
        try:
            error = await loop.run_in_executor(None, rebuild, self.project, self.log)
            if error is None:
                app = await loop.run_in_executor(None, self.make_app)
                await self._start(app)
                old, self.app = self.app, app
                self._stop(old)
                self.generation += 1
            self.error = error
        except Exception as exc:  # keep serving the last good build, whatever happened
            self.error = f"{type(exc).__name__}: {exc}"
            self.log(f"preview: rebuild failed: {self.error}")
        finally:
            self.building = False


def _changed(old: dict, new: dict) -> set[str]:
    return {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}


def _is_html(response: Response) -> bool:
    for name, value in response.headers:
        if name == b"content-type":
            return value.startswith(b"text/html")
    return False


__all__ = ["PreviewApp", "STATUS_PATH", "rebuild", "snapshot"]


if __name__ == "__main__":  # rebuild()'s build process: the project's settings on stdin
    from competentieset import forked

    with forked.frozen_after_forks():  # fewer full collections, as `competentieset build`
        print(json.dumps(_build_here(json.loads(sys.stdin.read())), ensure_ascii=False))
