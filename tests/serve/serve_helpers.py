"""What the serve tests share (a module of its own name: `conftest` is shared by name, and
`from conftest import ...` picks whichever conftest.py was imported first).

The web root is a REAL build, made once per test session by `build_webroot`: the project's
inputs are copied (tests/project_copy.py), one behavioural indicator is deprecated in the
copy the way an editor would (DEPRECATED, replaced by SUCCESSOR, taken out of the hierarchy,
kept in the URI register; `competentieset validate` passes), and `competentieset.publication.build`
builds it. The tests serve that copy's build/www. Two hostile links pointing outside the
web root are added to it after the build (test_hostile.py requests them); the build's own
.htaccess is in it too and must never be served.

Servers: the embedded server (`competentieset serve`, as a subprocess on a free loopback
port), real nginx with the generated config (plus Oxigraph's read-only server for /sparql
and the embedded server as the app upstream) and Apache with the generated .htaccess.
Outside CI a missing nginx, apache2 or oxigraph skips those cases loudly; in CI (CI truthy)
it fails (tests/tools.py).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx
from competentieset.model import layout
from competentieset.model.config import load_project
from competentieset.publication import build
from competentieset.serving import serverconf

from tests import tools
from tests.project_copy import copy_project

SPARQL_TIMEOUT = 2
SPARQL_MAX_RESULTS = 500
# the indicator the session's build deprecates, and the live indicator that replaces it
DEPRECATED = "gedragsindicator/aansturen-organisatie-7"
SUCCESSOR = "gedragsindicator/aansturen-organisatie-6"
COMPETENCY = "competentie/aansturen-organisatie"


@dataclass(frozen=True)
class Webroot:
    project: Path  # the project the web root was built from
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


def deprecate_indicator(root: Path) -> None:
    """In the project copy at `root`: deprecate DEPRECATED in favour of SUCCESSOR as the
    validator demands (owl:deprecated, dct:isReplacedBy a live resource, no hierarchy links
    in either direction); it stays in the URI register and keeps its labels and text."""
    old, new, parent = (name.split("/", 1)[1] for name in (DEPRECATED, SUCCESSOR, COMPETENCY))
    source = root / "ontology" / "bron" / "competentieset.ttl"
    text = source.read_text(encoding="utf-8")
    # the competency's skos:narrower list loses the indicator (it is the last in the list)
    narrower = f"indicator:{new},\n        indicator:{old} ;"
    assert text.count(narrower) == 1, f"{source}: expected list ending in {old} not found"
    text = text.replace(narrower, f"indicator:{new} ;")
    # the indicator loses its skos:broader
    block = re.search(rf"^indicator:{re.escape(old)}\n(.*?)\n\n", text, re.M | re.S)
    assert block, f"{source}: no block for indicator:{old}"
    broader = f"    skos:broader competentie:{parent} ;\n"
    assert block.group(0).count(broader) == 1, block.group(0)
    text = text.replace(block.group(0), block.group(0).replace(broader, ""))
    source.write_text(text, encoding="utf-8")
    editorial = root / "ontology" / "redactie" / "labels-en-definities.ttl"
    editorial.write_text(editorial.read_text(encoding="utf-8") + (
        f"\nindicator:{old} owl:deprecated true ;\n    dct:isReplacedBy indicator:{new} .\n"
    ), encoding="utf-8")


def build_webroot(target: Path) -> Webroot:
    """Copy the project to `target`, deprecate DEPRECATED there and build it (the real build,
    site included). Returns the built web root, with two hostile links added."""
    root = copy_project(target)
    deprecate_indicator(root)
    project = load_project(root)
    build.build(project)
    path = layout.webroot(project)
    assert (path / ".htaccess").is_file(), "the build writes the Apache .htaccess into the web root"
    # hostile fixtures for test_hostile.py: links that point outside the web root
    (path / "link-outside").symlink_to("/etc/passwd")
    (path / "dir-outside").symlink_to("/etc")
    return Webroot(root, path, project.base, project.version)


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
    kind: str  # 'embedded', 'nginx' or 'apache'
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


def start_embedded(root: Webroot, tmp: Path) -> Server:
    port = free_port()
    log = open(tmp / f"embedded-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "competentieset.cli", "--project", str(root.project), "serve",
         "--port", str(port), "--webroot", str(root.path),
         "--sparql-timeout", str(SPARQL_TIMEOUT), "--sparql-max-results", str(SPARQL_MAX_RESULTS)],
        stdout=log, stderr=subprocess.STDOUT, cwd=root.project)
    server = Server("embedded", f"http://127.0.0.1:{port}", root, [process], [log.name])
    wait_for(server.url + "/", process)
    return server


def oxigraph_binary() -> str:
    """Oxigraph's server (PyPI package oxigraph, beside this Python or on PATH)."""
    candidate = Path(sys.executable).with_name("oxigraph")
    return str(candidate) if candidate.exists() else tools.require("oxigraph")


def start_nginx(root: Webroot, app: Server, tmp: Path) -> Server:
    nginx = tools.require("nginx")
    oxigraph = oxigraph_binary()
    prefix = tmp / "nginx"
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


APACHE_MODULES = ("mpm_event", "authz_core", "rewrite", "headers", "mime", "dir", "env",
                  "proxy", "proxy_http")


def start_apache(root: Webroot, app: Server, options: str = "FollowSymLinks") -> Server:
    """Apache with the generated .htaccess, on a copy of the web root that its workers
    (www-data when started as root) can read, and the generated server config
    (build/apache/competentieset.conf) included, its upstream the session's embedded server.
    options: the web root's `Options` in the server config (a hardened server may give None)."""
    apache = tools.require("apache2")
    prefix = Path(tempfile.mkdtemp(prefix="cs-apache-"))
    prefix.chmod(0o755)
    docroot = prefix / "www"
    shutil.copytree(root.path, docroot, symlinks=True)
    for folder, _dirs, _files in os.walk(docroot):
        Path(folder).chmod(0o755)
    (docroot / ".htaccess").write_text(serverconf.htaccess(root.base, serverconf.deprecations(root.path, root.base)))
    proxies = prefix / "competentieset.conf"
    proxies.write_text(serverconf.apache_conf(root.base, app=app.url.removeprefix("http://")))
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
    Options {options}
    AllowOverride All
    Require all granted
</Directory>
Include {proxies}
""")
    process = subprocess.Popen([apache, "-f", str(conf), "-DFOREGROUND"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server("apache", f"http://127.0.0.1:{port}", replace(root, path=docroot),
                    [process], [str(prefix / "error.log")])
    wait_for(server.url + "/", process)
    return server



def get_server(kind: str, root: Webroot, tmp_factory, servers: dict) -> Server:
    """The session's server of `kind` ('embedded', 'nginx' or 'apache') on `root`, started once."""
    if kind not in servers:
        tmp = tmp_factory.mktemp(kind)
        if kind == "embedded":
            servers[kind] = start_embedded(root, tmp)
        elif kind == "apache":
            servers[kind] = start_apache(root, get_server("embedded", root, tmp_factory, servers))
        else:
            app = get_server("embedded", root, tmp_factory, servers)
            servers[kind] = start_nginx(root, app, tmp)
    return servers[kind]
