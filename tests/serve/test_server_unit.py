"""The ASGI application in-process: the response cache stays correct and bounded."""

from __future__ import annotations

import asyncio

from competentieset.serving import server as server_mod
from competentieset.serving.server import create_app


def call(app, path, headers=(), method="GET"):
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(),
             "query_string": b"", "headers": [(k.lower().encode(), v.encode()) for k, v in headers]}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start, body = sent
    return start["status"], dict(start["headers"]), body["body"]


def test_response_cache_is_bounded_and_respects_conditions(webroot, monkeypatch):
    monkeypatch.setattr(server_mod, "RESPONSE_CACHE", 16)
    app = create_app(webroot.base, webroot.path)
    for i in range(100):
        status, _, _ = call(app, "/doc/competentie/reflecteren", [("Accept", f"text/turtle, x/y{i}")])
        assert status == 200
        assert len(app._responses) <= 16
    status, headers, body = call(app, "/doc/competentie/reflecteren", [("Accept", "text/turtle")])
    etag = headers[b"etag"].decode()
    status, _, body = call(app, "/doc/competentie/reflecteren", [("Accept", "text/turtle"), ("If-None-Match", etag)])
    assert status == 304 and body == b""
    status, headers, body = call(app, "/doc/competentie/reflecteren", [("Accept", "text/turtle")], method="HEAD")
    assert status == 200 and body == b"" and int(headers[b"content-length"]) > 0


def test_hidden_files_are_not_indexed(webroot):
    app = create_app(webroot.base, webroot.path)
    assert (webroot.path / ".htaccess").is_file()
    assert ".htaccess" not in app.webroot.files
    assert all(not part.startswith(".") for rel in app.webroot.files for part in rel.split("/"))
    assert call(app, "/.htaccess")[0] == 404
