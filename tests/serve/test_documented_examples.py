"""Every curl example on the developers' page (nl and en) and in README.md works against the
local embedded server: the documented URL (base URI -> the server, README's 127.0.0.1:8000 ->
the server) answers with the status and type its flags and Accept header promise.

Expected answers come from the fixed rules and tables below, never from the server's code."""

from __future__ import annotations

import html
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from serve_helpers import Server, free_port, wait_for

from tests.conftest import ROOT

# the media type of each extension and Accept value (RFC / IANA registrations)
EXTENSION_TYPES = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json",
                   "json": "application/json", "nt": "application/n-triples", "rdf": "application/rdf+xml",
                   "csv": "text/csv", "md": "text/markdown", "atom": "application/atom+xml"}
# documented paths the pages and README must keep showing (issue 10: lookup API, /label/,
# /versie/, the change lists)
MUST_DOCUMENT = ("/api/search", "/api/notation/", "/api/children/", "/label/", "/versie/", "/api/changes",
                 "/openapi.json", "/sparql", "/doc/download/wijzigingen.json")
CODE = re.compile(r'<pre[^>]*><code class="language-(sh|sparql)">(.*?)</code></pre>', re.S)


def _examples_from_page(path: Path, base: str) -> list[tuple[str, str, str | None]]:
    """(source, curl command, SPARQL query shown before it) for each curl line of a page."""
    found, query = [], None
    for kind, block in CODE.findall(path.read_text(encoding="utf-8")):
        text = html.unescape(re.sub(r"<[^>]+>", "", block))
        if kind == "sparql":
            query = text
            continue
        for command in text.replace("\\\n", " ").splitlines():
            if command.strip().startswith("curl"):
                found.append((path.name, command.replace(base, "{server}"), query))
    return found


def _examples_from_readme() -> list[tuple[str, str, str | None]]:
    found = []
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        line = line.split("   #", 1)[0].strip()
        if line.startswith("curl ") and "http://127.0.0.1:8000" in line:
            found.append(("README.md", line.replace("http://127.0.0.1:8000", "{server}"), None))
    return found


def _run(client, server_url: str, command: str, query: str | None):
    args = shlex.split(command)[1:]
    headers, follow, data, url = {}, False, None, None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "-H":
            name, _, value = args[i + 1].partition(":")
            headers[name.strip()] = value.strip()
            i += 1
        elif arg == "-L":
            follow = True
        elif arg == "-i":
            pass
        elif arg == "--data-urlencode":
            key, sep, value = args[i + 1].partition("=")
            if not sep:
                key, _, _file = args[i + 1].partition("@")
                assert query is not None, f"{command}: no SPARQL query shown before it"
                value = query
            data = {key: value}
            i += 1
        else:
            url = arg.replace("{server}", server_url)
        i += 1
    assert url and url.startswith(server_url), f"{command}: not a URL of this publication"
    if data is not None:
        return url, headers, client.post(url, data=data, headers=headers, follow_redirects=follow)
    return url, headers, client.get(url, headers=headers, follow_redirects=follow)


def _expected(command: str, url: str, headers: dict) -> tuple[int, str]:
    path = urlsplit(url).path
    accept = headers.get("Accept")
    follow = " -L " in f" {command} "
    if path.startswith("/label/"):
        return 302, "text/plain"
    if path.startswith("/sparql"):
        return 200, accept or "application/sparql-results+json"
    if path.startswith("/api/") or path == "/openapi.json":
        return 200, "application/json"
    if (path.startswith("/id/") or "/id/" in path) and not follow:
        return 303, ""
    if accept:
        return 200, accept
    extension = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else "html"
    return 200, EXTENSION_TYPES[extension]


@pytest.fixture(scope="module")
def examples(webroot):
    found = []
    for page in ("ontwikkelaars.html", "importeren.html", "en/ontwikkelaars.html", "en/importeren.html"):
        found += _examples_from_page(webroot.path / page, webroot.base)
    found += _examples_from_readme()
    return found


def test_the_documentation_shows_every_endpoint(examples):
    commands = " ".join(command for _, command, _ in examples)
    for path in MUST_DOCUMENT:
        assert "{server}" + path in commands, f"no documented example for {path}"
    assert len(examples) >= 40


@pytest.fixture(scope="module")
def local(webroot, tmp_path_factory):
    """`competentieset serve` as a user starts it: default limits (the session's embedded server
    runs with tighter SPARQL limits for the limit tests)."""
    port = free_port()
    log = open(tmp_path_factory.mktemp("local") / "serve.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "competentieset.cli", "--project", str(webroot.project), "serve",
         "--port", str(port), "--webroot", str(webroot.path)],
        stdout=log, stderr=subprocess.STDOUT, cwd=webroot.project)
    server = Server("embedded", f"http://127.0.0.1:{port}", webroot, [process], [log.name])
    try:
        wait_for(server.url + "/", process)
        yield server
    finally:
        server.stop()
        log.close()


def test_every_documented_example_works_on_the_local_server(local, examples):
    failures = []
    with local.client() as client:
        for source, command, query in examples:
            url, headers, response = _run(client, local.url, command, query)
            status, media_type = _expected(command, url, headers)
            got_type = response.headers.get("content-type", "").split(";")[0]
            if response.status_code != status or (media_type and got_type != media_type):
                failures.append(f"{source}: {command} -> {response.status_code} {got_type} "
                                f"(expected {status} {media_type})")
    assert not failures, "\n".join(failures)
