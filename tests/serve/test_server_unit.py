"""The ASGI application in-process: the response cache stays correct and bounded."""

from __future__ import annotations

import asyncio

from competentieset.serving import server as server_mod
from competentieset.serving.server import create_app


def messages(app, path, headers=(), method="GET") -> list[dict]:
    """Every ASGI message the app sends for one request."""
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(),
             "query_string": b"", "headers": [(k.lower().encode(), v.encode()) for k, v in headers]}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def call(app, path, headers=(), method="GET"):
    start, body = messages(app, path, headers, method)
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


def test_response_cache_off_keeps_nothing_and_answers_the_same(webroot):
    """`serve --response-cache 0` (the bench's uncached rows): every request is answered
    afresh, with the same status, headers and body as the cached server gives."""
    cached = create_app(webroot.base, webroot.path)
    off = create_app(webroot.base, webroot.path, response_cache=0)
    for path, accept in [("/doc/competentie/reflecteren", "text/turtle"),
                         ("/id/competentie/reflecteren", "text/turtle"),
                         ("/doc/competentie/reflecteren.jsonld", "*/*")]:
        for _ in range(2):
            assert call(off, path, [("Accept", accept)]) == call(cached, path, [("Accept", accept)])
    assert len(off._responses) == 0 and len(cached._responses) == 3


def test_hidden_files_are_not_indexed(webroot):
    app = create_app(webroot.base, webroot.path)
    assert (webroot.path / ".htaccess").is_file()
    assert ".htaccess" not in app.webroot.files
    assert all(not part.startswith(".") for rel in app.webroot.files for part in rel.split("/"))
    assert call(app, "/.htaccess")[0] == 404


def test_a_route_is_one_row_and_one_handler(webroot):
    """An endpoint added as a row of the route table answers its methods; OPTIONS and 405
    on its path come from the table; the rows after it still answer."""

    class WithEcho(server_mod.App):
        routes = [server_mod.Route(("GET", "HEAD", "POST"), r"/api/echo/(?P<word>[a-z]+)", "echo"),
                  *server_mod.ROUTES]

        def echo(self, req):
            return server_mod.Response(200, [(b"content-type", b"text/plain")],
                                       f"{req.method} {req.match['word']}".encode())

    plain = create_app(webroot.base, webroot.path)
    app = WithEcho(plain.base, plain.webroot, plain.lookup)
    assert call(app, "/api/echo/hallo") == (200, {b"content-type": b"text/plain", b"content-length": b"9"},
                                           b"GET hallo")
    assert call(app, "/api/echo/hallo", method="POST")[2] == b"POST hallo"
    status, headers, _ = call(app, "/api/echo/hallo", method="DELETE")
    assert status == 405 and headers[b"allow"] == b"GET, HEAD, POST, OPTIONS"
    status, headers, _ = call(app, "/api/echo/hallo", method="OPTIONS")
    assert status == 204 and headers[b"access-control-allow-methods"] == b"GET, HEAD, POST, OPTIONS"
    # other paths: unchanged
    assert call(app, "/doc/competentie/reflecteren", [("Accept", "text/turtle")])[0] == 200
    status, headers, _ = call(app, "/doc/competentie/reflecteren", method="POST")
    assert status == 405 and headers[b"allow"] == b"GET, HEAD, OPTIONS"
    assert call(app, "/api/echo/HALLO")[0] == 404  # no row but the lookup API's matches


def test_a_large_file_goes_out_whole_in_slices(tmp_path):
    """A file larger than the memory cache takes (a CASE package, a download at ESCO scale) is
    sent from a mapping of the file in slices of SEND_CHUNK: the bytes arrive whole and in
    order, Content-Length is the file's size, HEAD sends no body."""
    download = tmp_path / "doc" / "download"
    download.mkdir(parents=True)
    chunk = server_mod.SEND_CHUNK
    data = bytes(range(256)) * ((2 * chunk + 12_345) // 256) + b"end"  # not a whole number of slices
    (download / "big.nt").write_bytes(data)
    (download / "small.nt").write_bytes(b"<a> <b> <c> .\n")
    app = create_app("https://voorbeeld.test/x", tmp_path)
    sent = messages(app, "/doc/download/big.nt")
    start, *bodies = sent
    assert start["status"] == 200
    assert dict(start["headers"])[b"content-length"] == str(len(data)).encode()
    assert len(bodies) == 3  # two full slices and the rest
    assert [b.get("more_body", False) for b in bodies] == [True, True, False]
    assert b"".join(bytes(b["body"]) for b in bodies) == data
    status, headers, body = call(app, "/doc/download/big.nt", method="HEAD")
    assert status == 200 and body == b"" and headers[b"content-length"] == str(len(data)).encode()
    assert call(app, "/doc/download/small.nt")[2] == b"<a> <b> <c> .\n"
