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
