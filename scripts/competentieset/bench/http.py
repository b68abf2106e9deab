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


DOWNLOAD_TIMEOUT_S = 30  # wrk --timeout for the CASE package (a whole download)


def wrk(port: int, kind: str, docs: list[str], workdir: Path, seconds: float,
        connections: int = 32, case: str | None = None) -> Load:
    """One bounded wrk run; parse requests/s, p99 and errors from its report."""
    script = workdir / f"{kind}.lua"
    script.write_text(LUA % ", ".join(f'"{p}"' for p in paths_for(kind, docs, case)), encoding="utf-8")
    argv = [find_tool("wrk"), "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "-s", str(script)]
    if kind == "negotiated":
        argv += ["-H", "Accept: text/turtle"]
    if kind == "case-package":
        # megabytes per answer at N = 20,000: wrk's default 2 s would count a download still
        # arriving as an error, on both sides
        argv += ["--timeout", f"{DOWNLOAD_TIMEOUT_S}s"]
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


def _main_conf(workdir: Path, include: Path) -> str:
    """The nginx main config around an http-level include (the build's config)."""
    # As root, nginx's workers would run as `nobody` and could not read a private
    # temporary folder; they run as the invoking user instead (loopback only).
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes 1;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/tmp;
    proxy_temp_path {workdir}/tmp;
    fastcgi_temp_path {workdir}/tmp;
    uwsgi_temp_path {workdir}/tmp;
    scgi_temp_path {workdir}/tmp;
    include {include};
}}
"""


# The edits the README asks of anyone installing the build's config: listen, root,
# server_name, and the app upstream (here an unused loopback port: the sampled URLs never
# reach it, and a request that did would count as an error, never as a fast answer).
_EDITS = (
    ("listen", re.compile(r"^(\s*)listen\s+[^;]+;", re.M), r"\1listen 127.0.0.1:{port};"),
    ("root", re.compile(r"^(\s*)root\s+[^;]+;", re.M), r"\1root {webroot};"),
    ("server_name", re.compile(r"^(\s*)server_name\s+[^;]+;", re.M), r"\1server_name localhost;"),
    ("the app upstream", re.compile(r"(upstream competentieset_app \{\s*server )[^;\s]+;"),
     r"\g<1>127.0.0.1:{app_port};"),
)


def nginx_config(port: int, webroot: Path, build_conf: Path, workdir: Path) -> tuple[Path | None, str]:
    """nginx.conf in workdir around the build's own config (build/nginx/competentieset.conf,
    an http-level file: maps, upstreams, one server block), with listen, root, server_name
    and the app upstream set for this run, checked with `nginx -t`.

    Returns (config path, note) or (None, why it cannot be used): the row is then n.a.,
    never a measurement of some other configuration.
    """
    if not build_conf.is_file():
        return None, f"the build wrote no {build_conf.name}"
    text = build_conf.read_text(encoding="utf-8")
    values = {"port": port, "webroot": webroot, "app_port": free_port()}
    for what, pattern, replacement in _EDITS:
        text, count = pattern.subn(replacement.format(**values), text)
        if count != 1:
            return None, f"the build's {build_conf.name} has {count} {what} lines, expected 1"
    (workdir / "tmp").mkdir(exist_ok=True)
    server = workdir / build_conf.name
    server.write_text(text, encoding="utf-8")
    conf = workdir / "nginx.conf"
    conf.write_text(_main_conf(workdir, server), encoding="utf-8")
    check = subprocess.run([find_tool("nginx"), "-t", "-q", "-c", str(conf), "-p", str(workdir)],
                           capture_output=True, text=True)
    if check.returncode != 0:
        return None, f"the build's {build_conf.name} failed nginx -t: {check.stderr.strip()[:200]}"
    return conf, (f"the build's {build_conf.name} (listen, root, server_name and app upstream "
                  "set for this run)")


def start_nginx(conf: Path, workdir: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([find_tool("nginx"), "-c", str(conf), "-p", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    wait_for_port(port, proc, 20)
    return proc


def start_embedded(cli: list[str], project: Path, port: int, timeout: float,
                   log: Path, extra: tuple[str, ...] = ()) -> subprocess.Popen:
    """Start `competentieset serve` on the project; its output goes to `log`."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cli + ["--project", str(project), "serve", "--host", "127.0.0.1", "--port", str(port),
                   *extra],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_for_port(port, proc, timeout)
    except RuntimeError as exc:
        stop(proc)
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        raise RuntimeError(f"{exc}: {lines[-1][:200] if lines else 'no output'}") from None
    return proc


def find_tool(name: str) -> str | None:
    """A program on PATH, or in the sbin folders (where Debian puts nginx) when PATH lacks them."""
    return shutil.which(name) or shutil.which(name, path="/usr/local/sbin:/usr/sbin:/sbin")


def have_tools() -> str | None:
    """Why the load runs cannot happen here, or None."""
    missing = [t for t in ("nginx", "wrk") if find_tool(t) is None]
    if missing:
        return "not installed: " + ", ".join(missing) + " (apt-get install -y nginx wrk)"
    return None
