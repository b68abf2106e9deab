"""`competentieset serve --watch` (serving/watch.py): an edit in ontology/ is validated and
built on save and the served page changes; a change with violations is reported (terminal,
status endpoint, banner script on every page) while the last good build stays served."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest
from competentieset.model import layout
from serve_helpers import free_port, wait_for

from tests.project_copy import copy_project

PAGE = "/doc/gedragsindicator/reflecteren-3.html"
STATUS = "/_preview/status"


def _poll(predicate, timeout: float, what: str, process):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited ({process.returncode}) while waiting for {what}")
        last = predicate()
        if last:
            return last
        time.sleep(0.3)
    raise AssertionError(f"not within {timeout} s: {what} (last: {last!r})")


@pytest.fixture
def watching(tmp_path):
    root = copy_project(tmp_path / "p")
    port = free_port()
    log_path = tmp_path / "serve.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "competentieset.cli", "--project", str(root), "serve", "--watch",
         "--port", str(port), "--watch-interval", "0.2", "--sparql-workers", "1"],
        stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + STATUS, process, timeout=300)
        yield root, url, process, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _status(url):
    return httpx.get(url + STATUS, timeout=10).json()


def test_an_edit_is_rebuilt_and_served(watching):
    root, url, process, log_path = watching
    assert (root / "build" / layout.WEBROOT / PAGE.lstrip("/")).is_file()  # built at start
    assert _status(url) == {"generation": 1, "error": None, "building": False}
    page = httpx.get(url + PAGE, timeout=10)
    assert page.status_code == 200
    assert "Heeft zelfinzicht" in page.text
    assert '<script id="cs-preview">' in page.text and "var generation = 1;" in page.text
    assert page.headers["cache-control"] == "no-store" and "etag" not in page.headers
    # data documents are served as built: no script, validators kept
    turtle = httpx.get(url + PAGE.replace(".html", ".ttl"), timeout=10)
    assert turtle.status_code == 200 and "cs-preview" not in turtle.text and "etag" in turtle.headers

    source = root / "ontology" / "redactie" / "labels-en-definities.ttl"
    source.write_text(source.read_text(encoding="utf-8").replace(
        '"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl'), encoding="utf-8")
    text = _poll(lambda: (lambda r: r.text if "Kent zichzelf" in r.text else None)(
        httpx.get(url + PAGE, timeout=10)), 240, "the relabelled page", process)
    assert "Heeft zelfinzicht" not in text and "var generation = 2;" in text
    assert _status(url) == {"generation": 2, "error": None, "building": False}
    # the lookup API was rebuilt too (the server reads the new web root's index)
    found = httpx.get(url + "/api/search", params={"q": "Kent zichzelf"}, timeout=10).json()
    assert [hit["uri"].rsplit("/id/", 1)[1] for hit in found] == ["gedragsindicator/reflecteren-3"]
    assert "preview: rebuilt release 0.1.0" in log_path.read_text(encoding="utf-8")


def test_a_broken_edit_shows_the_report_and_keeps_the_last_good_build(watching):
    root, url, process, log_path = watching
    good = httpx.get(url + PAGE, timeout=10).text
    source = root / "ontology" / "redactie" / "labels-en-definities.ttl"
    with source.open("a", encoding="utf-8") as handle:  # NL-SBB: skos:definition required
        handle.write('\ngebied:kapot\n    a skos:Concept, cs:Gebied ;\n'
                     '    skos:prefLabel "Kapot"@nl ;\n    skos:inScheme kader:gebieden .\n')
    status = _poll(lambda: (lambda s: s if s["error"] else None)(_status(url)), 240,
                   "the validation report", process)
    assert status["generation"] == 1
    assert "gebied/kapot" in status["error"] and "skos:definition" in status["error"]
    page = httpx.get(url + PAGE, timeout=10)
    assert page.status_code == 200
    assert page.text == good  # the last good build, with the banner script
    assert "cs-preview-banner" in page.text
    assert "gebied/kapot" in log_path.read_text(encoding="utf-8")
    # fixing the change clears the banner and rebuilds
    text = source.read_text(encoding="utf-8")
    source.write_text(text[:text.index("\ngebied:kapot")] + "\n", encoding="utf-8")
    status = _poll(lambda: (lambda s: s if s["generation"] == 2 else None)(_status(url)), 240,
                   "the rebuild after the fix", process)
    assert status["error"] is None


FAKE_PAGE = r"""
// The preview script in a minimal DOM: a status with an error shows the banner with the
// report; a new generation reloads the page; a cleared error removes the banner.
const code = require('fs').readFileSync(process.argv[2], 'utf8');
let reloads = 0; const timers = []; const els = {};
global.document = {
  body: { appendChild(el) { els[el.id] = el; } },
  getElementById(id) { return els[id] || null; },
  createElement(tag) { return { tag, style: {}, setAttribute() {}, remove() { delete els[this.id]; } }; },
};
global.location = { reload() { reloads += 1; } };
global.setTimeout = (f) => timers.push(f);
let status = { generation: 7, error: 'Overtredingen (1)\n  gebied/kapot', building: false };
global.fetch = async () => ({ json: async () => status });
const settle = () => new Promise((r) => setImmediate(r));
eval(code);
(async () => {
  for (let i = 0; i < 3; i++) await settle();
  const shown = els['cs-preview-banner'] ? els['cs-preview-banner'].textContent : null;
  status = { generation: 7, error: null, building: false };
  timers.shift()(); for (let i = 0; i < 3; i++) await settle();
  const cleared = !els['cs-preview-banner'];
  status = { generation: 8, error: null, building: false };
  timers.shift()(); for (let i = 0; i < 3; i++) await settle();
  console.log(JSON.stringify({ shown, cleared, reloads }));
})();
"""


def test_the_preview_script_shows_the_banner_and_reloads(tmp_path):
    import json

    from competentieset.serving.watch import PREVIEW_SCRIPT

    from tests import tools

    node = tools.require("node")
    script = PREVIEW_SCRIPT % (7, STATUS)
    (tmp_path / "preview.js").write_text(script.split(">", 1)[1].rsplit("</script", 1)[0], encoding="utf-8")
    (tmp_path / "page.js").write_text(FAKE_PAGE, encoding="utf-8")
    out = subprocess.run([node, str(tmp_path / "page.js"), str(tmp_path / "preview.js")],
                         capture_output=True, text=True, timeout=60, check=True)
    result = json.loads(out.stdout)
    assert result["shown"].startswith("Preview: the last change was not built")
    assert result["shown"].endswith("Overtredingen (1)\n  gebied/kapot")
    assert result == {"shown": result["shown"], "cleared": True, "reloads": 1}
