"""Every published JSON-LD file works for a consumer with no special setup: rdflib, pyld
and jsonld.js each read it with no network and no document loader (the context is inline),
and each gets the same graph as the file's Turtle twin (isomorphic). All .jsonld files of
a real build: the whole vocabulary, one document per resource of every type, the model,
the release copies in versie/, and the context itself (which holds no triples).

jsonld.js is the npm package `jsonld`, pinned in package-lock.json (`npm ci`), run with
node; without node or the package the jsonld.js case skips loudly, and fails under CI
(tests/tools.py)."""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import pytest
import rdflib
from competentieset.model import layout
from pyld import jsonld as pyld
from rdflib.compare import isomorphic, to_isomorphic

from tests import tools

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("jsonld_js.cjs")
# the kinds of JSON-LD file a build publishes (folder under doc/, or the download's name);
# each must be present, so a kind the build stops writing fails here
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
KINDS = ("download/competentieset.jsonld", "download/context.jsonld", "def.jsonld", "def/",
         "begrippenkader/", "bron/", "competentie/", "functiefamilie/", "functiegroep/",
         "gebied/", "gedragsindicator/", "graaf/", "organisatie/")


def _webroot(project) -> Path:
    return project.build_dir / layout.WEBROOT


@pytest.fixture(scope="module")
def files(built) -> list[Path]:
    root = _webroot(built)
    found = sorted(root.rglob("*.jsonld"))
    names = [p.relative_to(root).as_posix() for p in found]
    for kind in KINDS:
        assert any(n.startswith("doc/" + kind) for n in names), f"no JSON-LD file of kind {kind}"
        assert any(n.startswith(f"versie/{built.version}/doc/" + kind) for n in names), kind
    return found


@pytest.fixture()
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[:2]}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def expected_graph(path: Path) -> rdflib.Graph:
    """The Turtle twin's graph (empty for the context document). A consumer export without
    a Turtle twin (CTDL-ASN) is compared with what rdflib reads from it (a separate test
    requires rdflib's reading to be non-empty), so the three processors must agree."""
    graph = rdflib.Graph()
    if path.name == "context.jsonld":
        return graph
    twin = path.with_suffix(".ttl")
    if twin.is_file():
        return graph.parse(twin, format="turtle")
    return graph.parse(path, format="json-ld")


def from_nquads(text: str) -> rdflib.Graph:
    # N-Triples: a quad (a named graph) would not parse, and there must be none
    return rdflib.Graph().parse(data=text, format="nt")


def _differ(got: rdflib.Graph, want: rdflib.Graph) -> str:
    a, b = to_isomorphic(got), to_isomorphic(want)
    return f"{len(got)} vs {len(want)} triples; extra {sorted(map(str, a - b))[:3]}, missing {sorted(map(str, b - a))[:3]}"


def test_every_document_carries_its_context_inline(built, files):
    root = _webroot(built)
    published = json.loads((root / layout.CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        context = document["@context"]
        assert isinstance(context, dict), f"{path}: @context is {context!r}, not inline"
        # ours (with a Turtle twin): a subset of the published context, entry for entry
        if path.with_suffix(".ttl").is_file():
            assert all(published.get(k) == v for k, v in context.items()), path
    whole = json.loads((root / layout.download_file("jsonld")).read_text(encoding="utf-8"))
    assert whole["@context"] == published


def test_rdflib_reads_every_file_offline(files, no_network):
    problems = []
    for path in files:
        got = rdflib.Graph().parse(path, format="json-ld")
        want = expected_graph(path)
        if path.name != "context.jsonld":
            assert len(got) > 0 and len(want) > 0, path
        if not isomorphic(got, want):
            problems.append(f"{path}: {_differ(got, want)}")
    assert not problems, "\n".join(problems[:10])


def test_pyld_reads_every_file_offline_with_its_default_loader(files, no_network):
    problems = []
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        nquads = pyld.to_rdf(document, {"format": "application/n-quads"})
        got, want = from_nquads(nquads), expected_graph(path)
        if not isomorphic(got, want):
            problems.append(f"{path}: {_differ(got, want)}")
    assert not problems, "\n".join(problems[:10])


def test_jsonld_js_reads_every_file_offline(files):
    node = tools.require("node")
    package = ROOT / "node_modules" / "jsonld" / "package.json"
    tools.require_file(package, "jsonld.js (npm package jsonld)", "npm ci")
    assert json.loads(package.read_text())["version"] == "9.0.0"  # the pinned version
    run = subprocess.run([node, str(SCRIPT), str(ROOT), *map(str, files)],
                         capture_output=True, text=True, timeout=300, check=True)
    out = json.loads(run.stdout)
    assert out["loaded"] == [], "jsonld.js had to load a document"
    problems = []
    for path in files:
        result = out["results"][str(path)]
        if isinstance(result, dict):
            problems.append(f"{path}: {result['error']}")
            continue
        got, want = from_nquads(result), expected_graph(path)
        if not isomorphic(got, want):
            problems.append(f"{path}: {_differ(got, want)}")
    assert not problems, "\n".join(problems[:10])
