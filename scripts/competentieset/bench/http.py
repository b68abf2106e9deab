"""Load runs on loopback: the embedded server and nginx on the same built files, with wrk.

Every run is bounded (wrk -d seconds, a fixed number of connections) and talks to
127.0.0.1 only. Three kinds of request, each cycling through the same sample of URLs:
  see-other   GET /id/...            (expects 303 to the doc URI)
  negotiated  GET /doc/... with Accept: text/turtle
  extension   GET /doc/....ttl
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from competentieset.publication.formats import FORMATS

KINDS = ("see-other", "negotiated", "extension", "case-package")


@dataclass
class Load:
    requests_per_s: float
    p99_ms: float
    errors: int
    requests: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    """Stop a server this module started (its own process group, by id)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def case_package_path(webroot: Path) -> str | None:
    """The URL path of the Dutch CASE 1.1 package (CFPackages/{id}), None without CASE files."""
    import json

    listing = webroot / "ims" / "case" / "v1p1" / "CFDocuments.json"
    if not listing.is_file():
        return None
    doc_id = json.loads(listing.read_text(encoding="utf-8"))["CFDocuments"][0]["identifier"]
    return f"/ims/case/v1p1/CFPackages/{doc_id}"


def paths_for(kind: str, docs: list[str], case: str | None = None) -> list[str]:
    """URL paths (from doc paths like doc/competentie/x) for one kind of request; for
    "case-package", the CASE package (the same file for both servers)."""
    if kind == "case-package":
        if case is None:
            raise RuntimeError("the build has no CASE package (ims/case/v1p1/CFDocuments.json)")
        return [case]
    if kind == "see-other":
        return ["/id/" + d.split("/", 1)[1] for d in docs]
    if kind == "negotiated":
        return ["/" + d for d in docs]
    return ["/" + d + ".ttl" for d in docs]


LUA = """paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def wrk(port: int, kind: str, docs: list[str], workdir: Path, seconds: float,
        connections: int = 32, case: str | None = None) -> Load:
    """One bounded wrk run; parse requests/s, p99 and errors from its report."""
    script = workdir / f"{kind}.lua"
    script.write_text(LUA % ", ".join(f'"{p}"' for p in paths_for(kind, docs, case)), encoding="utf-8")
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "-s", str(script)]
    if kind == "negotiated":
        argv += ["-H", "Accept: text/turtle"]
    out = subprocess.run(argv + [f"http://127.0.0.1:{port}"], capture_output=True, text=True,
                         timeout=seconds + 60, check=True).stdout
    return parse_wrk(out)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(out: str) -> Load:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    p99 = float(m.group(1)) * _UNITS[m.group(2)]
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(g) for g in m.groups())
    return Load(requests_per_s=rps, p99_ms=p99, errors=errors, requests=requests)


def own_nginx_server(port: int, webroot: Path) -> str:
    """A minimal static server block: 303 for id/, Accept -> extension for doc/, the CASE
    service's answers (ims/case/.../{id}.json), files as is."""
    types = "\n".join(f"        {f.media_type} {f.extension};" for f in FORMATS)
    accept = "\n".join(
        f'        "~*{re.escape(f.media_type)}" {f.extension};'
        for f in FORMATS if f.key != "html"
    )
    return f"""
    map $http_accept $cs_ext {{
        default html;
{accept}
    }}
    server {{
        listen 127.0.0.1:{port};
        root {webroot};
        access_log off;
        types {{
{types}
        }}
        charset utf-8;
        charset_types text/turtle application/ld+json application/json application/n-triples
                      application/rdf+xml text/csv;
        location ~ ^/id/(.+)$ {{ add_header Vary Accept; return 303 /doc/$1; }}
        location /doc/ {{ add_header Vary Accept; try_files $uri $uri.$cs_ext =404; }}
        location /ims/case/ {{ default_type application/json; try_files $uri.json =404; }}
    }}
"""


def nginx_config(port: int, webroot: Path, build_conf: Path | None, workdir: Path) -> tuple[Path, str]:
    """Write nginx.conf in workdir; use the build's server config when it passes nginx -t.

    Returns the config path and which server config it holds (for the table's note).
    """
    def main_conf(server: str) -> str:
        # As root, nginx's workers would run as `nobody` and could not read a private
        # temporary folder; they run as the invoking user instead (loopback only).
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
        return f"""{user}worker_processes 1;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {workdir}/tmp;
    proxy_temp_path {workdir}/tmp;
    fastcgi_temp_path {workdir}/tmp;
    uwsgi_temp_path {workdir}/tmp;
    scgi_temp_path {workdir}/tmp;
    sendfile on;
{server}
}}
"""
    (workdir / "tmp").mkdir(exist_ok=True)
    conf = workdir / "nginx.conf"
    if build_conf is not None and build_conf.is_file():
        text = re.sub(r"^(\s*)listen\s+[^;]+;", rf"\1listen 127.0.0.1:{port};",
                      build_conf.read_text(encoding="utf-8"), flags=re.M)
        if "server" in text and "http {" not in text:
            conf.write_text(main_conf(text), encoding="utf-8")
            check = subprocess.run(["nginx", "-t", "-q", "-c", str(conf), "-p", str(workdir)],
                                   capture_output=True, text=True)
            if check.returncode == 0:
                return conf, f"the build's {build_conf.name} (listen set to 127.0.0.1:{port})"
            reason = f"the build's config failed nginx -t: {check.stderr.strip()[:200]}"
        else:
            reason = "the build's config is not a server block"
        note = f"own minimal config ({reason})"
    else:
        note = "own minimal config (build wrote no build/nginx/competentieset.conf)"
    conf.write_text(main_conf(own_nginx_server(port, webroot)), encoding="utf-8")
    return conf, note


def start_nginx(conf: Path, workdir: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    wait_for_port(port, proc, 20)
    return proc


def start_embedded(cli: list[str], project: Path, port: int, timeout: float,
                   log: Path) -> subprocess.Popen:
    """Start `competentieset serve` on the project; its output goes to `log`."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cli + ["--project", str(project), "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_for_port(port, proc, timeout)
    except RuntimeError as exc:
        stop(proc)
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        raise RuntimeError(f"{exc}: {lines[-1][:200] if lines else 'no output'}") from None
    return proc


def have_tools() -> str | None:
    """Why the load runs cannot happen here, or None."""
    missing = [t for t in ("nginx", "wrk") if shutil.which(t) is None]
    if missing:
        return "not installed: " + ", ".join(missing) + " (apt-get install -y nginx wrk)"
    return None
