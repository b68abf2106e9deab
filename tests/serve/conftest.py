"""Fixtures for the serve tests: web roots and the servers that serve them.

TEST-ONLY web root: `build_fixture_webroot` writes a small web root from the real
vocabulary (per resource Turtle, N-Triples, RDF/XML, JSON-LD by a simple describe, a plain
JSON and CSV, stub HTML pages; the whole dataset in doc/download/) so the server can be
tested without the build. It is NOT the build: when `competentieset build` has written
build/www, every HTTP test also runs against that (the `webroot` fixture is parametrised).
The fixture adds one clearly test-only deprecated resource (…/id/competentie/alleen-test-
vervallen, replaced by reflecteren) so the deprecation behaviour has a case; it never
leaves the temporary folder.

Servers: `server` is parametrised over the embedded server (`competentieset serve`, as a
subprocess on a free loopback port) and real nginx with the generated config (plus
Oxigraph's read-only server for /sparql and the embedded server as the app upstream).
`apache` is Apache with the generated .htaccess (test_apache.py: the static behaviour).
Outside CI a missing nginx, apache2 or oxigraph skips those cases; in CI (CI=true) it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from competentieset import layout, serverconf, uris, vocabulary
from competentieset.config import load_project
from competentieset.formats import FORMATS

REPO = Path(__file__).resolve().parents[2]
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TEST_DEPRECATED = "competentie/alleen-test-vervallen"
SPARQL_TIMEOUT = 2
SPARQL_MAX_RESULTS = 500
IN_CI = os.environ.get("CI", "").lower() == "true"


def project():
    return load_project(REPO)


# --- the test-only web root ---------------------------------------------------------------

def _test_deprecated_quads(base: str) -> list[ox.Quad]:
    s = ox.NamedNode(f"{base}/id/{TEST_DEPRECATED}")
    g = ox.NamedNode(f"{base}/id/graaf/alleen-test")
    return [
        ox.Quad(s, ox.NamedNode(RDF_TYPE), ox.NamedNode(f"{SKOS}Concept"), g),
        ox.Quad(s, ox.NamedNode(f"{SKOS}prefLabel"), ox.Literal("Alleen test (vervallen)", language="nl"), g),
        ox.Quad(s, ox.NamedNode(f"{OWL}deprecated"), ox.Literal(True), g),
        ox.Quad(s, ox.NamedNode(f"{DCT}isReplacedBy"), ox.NamedNode(f"{base}/id/competentie/reflecteren"), g),
    ]


def _stub_html(title: str, lang: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f"</head><body><h1>{title}</h1><p>Test fixture page.</p></body></html>\n").encode()


def build_fixture_webroot(dest: Path, proj) -> Path:
    """Write the test-only web root into `dest` (see the module docstring)."""
    vocab = vocabulary.load(proj)
    base = proj.base
    quads = list(vocab.store.quads_for_pattern(None, None, None, None)) + _test_deprecated_quads(base)
    by_subject: dict[str, set] = {}
    for q in quads:
        s = q.subject
        if isinstance(s, ox.NamedNode) and (s.value.startswith(f"{base}/id/") or s.value.startswith(f"{base}/def/")):
            by_subject.setdefault(s.value, set()).add(q.triple)
    for uri, triples in sorted(by_subject.items()):
        triples = sorted(triples, key=str)
        labels = {t.object.language: t.object.value for t in triples
                  if t.predicate.value == f"{SKOS}prefLabel" and isinstance(t.object, ox.Literal)}
        title = labels.get("nl") or uri.rsplit("/", 1)[-1] or "model"
        for fmt in FORMATS:
            path = dest / str(uris.file_path(uri, base, fmt.extension))
            path.parent.mkdir(parents=True, exist_ok=True)
            if fmt.rdf:
                data = ox.serialize(triples, format=ox.RdfFormat.from_media_type(fmt.media_type))
            elif fmt.key == "json":
                data = json.dumps({"uri": uri, "prefLabel": labels}, ensure_ascii=False, sort_keys=True).encode()
            elif fmt.key == "csv":
                data = f"uri,prefLabel_nl,prefLabel_en\r\n{uri},{labels.get('nl', '')},{labels.get('en', '')}\r\n".encode()
            else:
                data = _stub_html(title, "nl")
            path.write_bytes(data)
        en = dest / layout.EN_PREFIX / str(uris.file_path(uri, base, "html"))
        en.parent.mkdir(parents=True, exist_ok=True)
        en.write_bytes(_stub_html(labels.get("en", title), "en"))
    download = dest / layout.DOWNLOAD_DIR
    download.mkdir(parents=True, exist_ok=True)
    (download / "competentieset.nq").write_bytes(ox.serialize(sorted(quads, key=str), format=ox.RdfFormat.N_QUADS))
    union = sorted({q.triple for q in quads}, key=str)
    (download / "competentieset.nt").write_bytes(ox.serialize(union, format=ox.RdfFormat.N_TRIPLES))
    (download / "competentieset.ttl").write_bytes(ox.serialize(union, format=ox.RdfFormat.TURTLE))
    (dest / "index.html").write_bytes(_stub_html("Competentieset voor publieke leiders", "nl"))
    (dest / "en").mkdir(exist_ok=True)
    (dest / "en" / "index.html").write_bytes(_stub_html("Competency set for public leaders", "en"))
    (dest / "assets").mkdir(exist_ok=True)
    (dest / "assets" / "style.css").write_text("body { font-family: sans-serif; }\n")
    frozen = dest / layout.VERSIONS_DIR / proj.version
    frozen.mkdir(parents=True)
    shutil.copytree(dest / "doc", frozen / "doc")
    shutil.copytree(dest / "en" / "doc", frozen / "en" / "doc")
    return dest


@dataclass
class Webroot:
    kind: str  # 'fixture' or 'build'
    path: Path
    base: str
    version: str

    @property
    def dataset(self) -> Path:
        for name in ("competentieset.nq", "competentieset.nt"):
            p = self.path / layout.DOWNLOAD_DIR / name
            if p.is_file():
                return p
        raise AssertionError(f"{self.path} has no dataset")


_WEBROOTS: dict[str, Webroot] = {}


def _webroot_kinds() -> list[str]:
    kinds = ["fixture"]
    built = layout.webroot(project())
    if (built / layout.DOWNLOAD_DIR / "competentieset.nq").is_file() or \
            (built / layout.DOWNLOAD_DIR / "competentieset.nt").is_file():
        kinds.append("build")
    return kinds


def get_webroot(kind: str, tmp_factory) -> Webroot:
    if kind not in _WEBROOTS:
        proj = project()
        if kind == "fixture":
            path = build_fixture_webroot(tmp_factory.mktemp("webroot"), proj)
            # hostile fixtures: links that point outside the web root
            (path / "link-outside").symlink_to("/etc/passwd")
            (path / "dir-outside").symlink_to("/etc")
            # what the build writes beside the files: must never be served
            (path / ".htaccess").write_text(serverconf.htaccess(proj.base))
        else:
            path = layout.webroot(proj)
        _WEBROOTS[kind] = Webroot(kind, path, proj.base, proj.version)
    return _WEBROOTS[kind]


@pytest.fixture(scope="session", params=_webroot_kinds())
def webroot(request, tmp_path_factory) -> Webroot:
    return get_webroot(request.param, tmp_path_factory)


@pytest.fixture(scope="session")
def fixture_webroot(tmp_path_factory) -> Webroot:
    return get_webroot("fixture", tmp_path_factory)


# --- servers ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {timeout} s")


@dataclass
class Server:
    kind: str  # 'embedded' or 'nginx'
    url: str
    webroot: Webroot
    processes: list = field(default_factory=list)
    logs: list = field(default_factory=list)

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=False, timeout=30, **kwargs)

    def stop(self) -> None:
        if self.kind == "apache":
            shutil.rmtree(self.webroot.path.parent, ignore_errors=True)
        for p in reversed(self.processes):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()


_SERVERS: dict[tuple[str, str], Server] = {}


def start_embedded(root: Webroot, tmp: Path) -> Server:
    port = free_port()
    log = open(tmp / f"embedded-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "competentieset.cli", "--project", str(REPO), "serve",
         "--port", str(port), "--webroot", str(root.path),
         "--sparql-timeout", str(SPARQL_TIMEOUT), "--sparql-max-results", str(SPARQL_MAX_RESULTS)],
        stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    server = Server("embedded", f"http://127.0.0.1:{port}", root, [process], [log.name])
    wait_for(server.url + "/", process)
    return server


def require_tool(name: str, path: str | None) -> str:
    if path:
        return path
    message = f"{name} is not installed (bash .ci/run installs it)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def oxigraph_binary() -> str | None:
    candidate = Path(sys.executable).with_name("oxigraph")
    return str(candidate) if candidate.exists() else shutil.which("oxigraph")


def start_nginx(root: Webroot, app: Server, tmp: Path) -> Server:
    nginx = require_tool("nginx", shutil.which("nginx") or (os.path.exists("/usr/sbin/nginx") and "/usr/sbin/nginx"))
    oxigraph = require_tool("oxigraph (PyPI package oxigraph)", oxigraph_binary())
    prefix = tmp / f"nginx-{root.kind}"
    prefix.mkdir()
    db = prefix / "oxigraph-db"
    subprocess.run([oxigraph, "load", "--location", str(db), "--file", str(root.dataset)],
                   check=True, capture_output=True, timeout=120)
    ox_port = free_port()
    ox_log = open(prefix / "oxigraph.log", "w")
    ox_process = subprocess.Popen(
        [oxigraph, "serve-read-only", "--location", str(db), "--bind", f"127.0.0.1:{ox_port}",
         "--union-default-graph", "--timeout-s", str(SPARQL_TIMEOUT)],
        stdout=ox_log, stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{ox_port}/", ox_process)
    port = free_port()
    conf = prefix / "competentieset.conf"
    conf.write_text(serverconf.nginx_conf(
        root.base, root=str(root.path), listen=f"127.0.0.1:{port}", server_name="localhost",
        app=app.url.removeprefix("http://"), sparql=f"127.0.0.1:{ox_port}",
        sparql_read_timeout=SPARQL_TIMEOUT + 3,
        deprecated=serverconf.deprecations(root.path, root.base)))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir()
    main = prefix / "nginx.conf"
    main.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {conf};
}}
""")
    check = subprocess.run([nginx, "-t", "-p", str(prefix), "-c", str(main)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(main)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server("nginx", f"http://127.0.0.1:{port}", root, [ox_process, process],
                    [str(prefix / "error.log"), ox_log.name])
    wait_for(server.url + "/", process)
    return server


APACHE_MODULES = ("mpm_event", "authz_core", "rewrite", "headers", "mime", "dir", "env")


def start_apache(root: Webroot) -> Server:
    """Apache with the generated .htaccess, on a copy of the web root that its workers
    (www-data when started as root) can read."""
    apache = require_tool("apache2", shutil.which("apache2") or (os.path.exists("/usr/sbin/apache2") and "/usr/sbin/apache2"))
    prefix = Path(tempfile.mkdtemp(prefix="cs-apache-"))
    prefix.chmod(0o755)
    docroot = prefix / "www"
    shutil.copytree(root.path, docroot, symlinks=True)
    for folder, dirnames, _ in os.walk(docroot):
        Path(folder).chmod(0o755)
    (docroot / ".htaccess").write_text(serverconf.htaccess(root.base, serverconf.deprecations(root.path, root.base)))
    port = free_port()
    modules = "\n".join(f"LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so" for m in APACHE_MODULES)
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    conf = prefix / "httpd.conf"
    conf.write_text(f"""{modules}
ServerName localhost
Listen 127.0.0.1:{port}
PidFile {prefix}/httpd.pid
ErrorLog {prefix}/error.log
DefaultRuntimeDir {prefix}
Mutex file:{prefix} default
{user}
TypesConfig /etc/mime.types
DocumentRoot "{docroot}"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{docroot}">
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
""")
    process = subprocess.Popen([apache, "-f", str(conf), "-DFOREGROUND"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server("apache", f"http://127.0.0.1:{port}", Webroot(root.kind, docroot, root.base, root.version),
                    [process], [str(prefix / "error.log")])
    wait_for(server.url + "/", process)
    return server


def get_server(kind: str, root: Webroot, tmp_factory) -> Server:
    key = (kind, root.kind)
    if key not in _SERVERS:
        tmp = tmp_factory.mktemp(f"{kind}-{root.kind}")
        if kind == "embedded":
            _SERVERS[key] = start_embedded(root, tmp)
        elif kind == "apache":
            _SERVERS[key] = start_apache(root)
        else:
            app = get_server("embedded", root, tmp_factory)
            _SERVERS[key] = start_nginx(root, app, tmp)
    return _SERVERS[key]


@pytest.fixture(scope="session", params=["embedded", "nginx"])
def server(request, webroot, tmp_path_factory) -> Server:
    return get_server(request.param, webroot, tmp_path_factory)


@pytest.fixture(scope="session", params=["embedded", "nginx"])
def fixture_server(request, tmp_path_factory) -> Server:
    """Both servers on the test web root only: for tests of the server itself (load,
    schemathesis) that need not repeat on every web root."""
    return get_server(request.param, get_webroot("fixture", tmp_path_factory), tmp_path_factory)


@pytest.fixture(scope="session")
def apache(webroot, tmp_path_factory) -> Server:
    return get_server("apache", webroot, tmp_path_factory)


@pytest.fixture(scope="session")
def embedded(webroot, tmp_path_factory) -> Server:
    return get_server("embedded", webroot, tmp_path_factory)


@pytest.fixture(scope="session", autouse=True)
def _stop_servers():
    yield
    for server in list(_SERVERS.values())[::-1]:
        server.stop()
    _SERVERS.clear()
