"""Hostile requests get a 4xx within the limits, never a file outside the web root, and the
server keeps answering. Sent over raw sockets so no client library normalises them."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest

SECRET = b"root:x:0:0"  # the first line of /etc/passwd
PATHS = [
    "/../../../../etc/passwd",
    "/doc/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/doc/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/%252e%252e/%252e%252e/etc/passwd",
    "/doc/..%5c..%5c..%5cetc%5cpasswd",
    "/id/competentie/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/link-outside",
    "/.htaccess",
    "/%2ehtaccess",
    "/doc/../.htaccess",
    "/dir-outside/passwd",
    "/doc/%00.ttl",
    "/doc/competentie/reflecteren%00.ttl",
    "/doc/%zz",
    "/doc/%",
    "/doc/%e",
    "/%ff%fe",
    "/id/" + "a" * 20_000,
    "/doc/competentie/reflecteren?" + "q=" + "x" * 20_000,
]


def raw_request(server, request: bytes, timeout: float = 10) -> tuple[int, bytes]:
    url = urlsplit(server.url)
    with socket.create_connection((url.hostname, url.port), timeout=timeout) as sock:
        sock.sendall(request)
        data = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    assert data.startswith(b"HTTP/1."), data[:200]
    return int(data.split(b" ", 2)[1]), data


def get(server, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    lines = [f"GET {path} HTTP/1.1", "Host: localhost", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return raw_request(server, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


def still_answering(server) -> None:
    status, data = get(server, "/doc/competentie/reflecteren", {"Accept": "text/turtle"})
    assert status == 200 and b"text/turtle" in data


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p[:40])
def test_hostile_paths(server, path):
    status, data = get(server, path)
    assert 400 <= status < 500, (status, data[:300])
    assert SECRET not in data
    still_answering(server)


@pytest.mark.parametrize("name,headers", [
    ("long header", {"X-Long": "a" * 20_000}),
    ("absurd Accept", {"Accept": "text/turtle;q=0.5, " * 2_000}),
    ("many headers", {f"X-H{i}": "b" * 100 for i in range(400)}),
])
def test_oversized_headers(server, name, headers):
    status, data = get(server, "/doc/competentie/reflecteren", headers)
    assert 400 <= status < 500, (name, status, data[:300])
    still_answering(server)


@pytest.mark.parametrize("accept", ["*/*;q=abc", ";;;,,,", "text/turtle;q=", "a" * 1500, "\t, ,\t"])
def test_malformed_accept_is_ignored_not_fatal(server, accept):
    status, _ = get(server, "/doc/competentie/reflecteren", {"Accept": accept})
    assert status == 200
    still_answering(server)


def test_garbage_request_line(server):
    status, _ = raw_request(server, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 garbage\r\n\r\n")
    assert 400 <= status < 500
    still_answering(server)
