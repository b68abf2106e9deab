"""The embedded server: a raw ASGI application over a built web root.

Behaviour (W3C "Cool URIs" and "Best Practice Recipes", the Dutch URI strategy):
  /id/<type>/<name>[.<ext>], /def/[<Term>]  303 See Other to the document (Vary: Accept)
  /doc/<type>/<name>                         content negotiation (conneg.choose)
  /doc/<type>/<name>.<ext>                   that representation, no negotiation
  /versie/<v>/...                            the same, from release <v>'s frozen tree
  /sparql                                    SPARQL 1.1 Protocol (sparql.SparqlService)
  /api/..., /label/<label>, /openapi.json    the lookup API (lookup.Lookup)
  /api/changes?since=YYYY-MM-DD              the change feed (publication.change_feed)
  /ims/case/v1p1/..., /ims/case/v1p0/...     the CASE service provider (case_api; a row per
                                             export with a `service`, publication.exports)
  anything else                              the web root's static files (the site)
The configured base URI maps onto this server: {base}/id/x is served at /id/x.

Dispatch is the route table ROUTES: rows of (methods, path pattern, handler), tried in
order; the first row whose pattern matches and whose handler answers wins (a handler may
return None to pass the request on to the next matching row, as /doc/ does for files that
are not documents). A new endpoint is one row and one handler method; OPTIONS and 405 come
from the table (the methods of the rows that match the path).

A raw ASGI callable rather than a framework: the hot path (a negotiated document) is a
dictionary lookup, a cached negotiation and one send, which is what the serving target
(issue 7: at least half nginx's requests/s) needs; starlette measured 0.29x nginx.
"""

from __future__ import annotations

import asyncio
import html
import inspect
import json
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, quote

from competentieset.model.layout import CHANGE_FEED_FILE, EN_PREFIX, VERSIONS_DIR
from competentieset.model.uris import NAME
from competentieset.publication import change_feed
from competentieset.publication.formats import BY_EXTENSION, FORMATS, Format, content_type
from competentieset.serving import conneg
from competentieset.serving import lookup as lookup_mod
from competentieset.serving.lookup import Lookup
from competentieset.serving.sparql import UPDATE_REFUSED, SparqlError, SparqlService
from competentieset.serving.webroot import Document, StaticFile, Webroot, cache_control

MAX_URL = 4096  # bytes of path + query
MAX_HEADER = 8192  # bytes of one header line
MAX_HEADERS = 32 * 1024  # bytes of all headers
MAX_BODY = 64 * 1024  # bytes of a POST body (SPARQL)
RESPONSE_CACHE = 4096  # unconditional GET responses kept, by (path, Accept)
MAX_CACHED_BODY = 64 * 1024  # larger bodies are not kept as responses (webroot.body: mapped)
SEND_CHUNK = 1024 * 1024  # a larger body goes out in slices of this size
ALLOW = b"GET, HEAD, OPTIONS"
CSP = (b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       b"img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
       b"form-action 'self'; frame-ancestors 'none'")
COMMON = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"Link, Content-Location, ETag, Last-Modified, Location, Vary"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
]
HTML_TYPE = content_type(FORMATS[0])
PROBLEM_TYPE = "application/problem+json"
_BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def _valid_percent(raw: bytes) -> bool:
    return _BAD_PERCENT.search(raw) is None


class Response:
    __slots__ = ("_final", "body", "cacheable", "headers", "status")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes = b""):
        self.status, self.headers, self.body = status, headers, body
        self.cacheable = False  # the same for every GET/HEAD of this path and Accept
        self._final = None

    def final_headers(self) -> list[tuple[bytes, bytes]]:
        """The headers to send, with Content-Length (computed once)."""
        if self._final is None:
            if self.status in (204, 304):
                self._final = self.headers
            else:
                self._final = [*self.headers, (b"content-length", str(len(self.body)).encode())]
        return self._final


GET = ("GET", "HEAD")
ANY = ("*",)  # the handler answers every method itself (including OPTIONS and 405)
_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    """One row of the route table: the methods it answers, the path pattern (a regular
    expression matched against the whole path, `.` matching newlines too; with `versioned`, against the path after a
    known /versie/<v> prefix too) and the name of the App method that handles it.
    The handler takes a Request and returns a Response, None (pass on to the next row), or
    an awaitable of either."""

    methods: tuple[str, ...]
    pattern: str
    handler: object  # the name of an App method, or a function (app, req)
    versioned: bool = False

    def __post_init__(self):
        object.__setattr__(self, "regex", re.compile(self.pattern, re.DOTALL))  # paths may hold newlines


class Request:
    """What a handler gets: the method, decoded path, raw query, headers, the combined Accept,
    the release (or None) and the path below it (`rest`), the match of its row, and the ASGI
    receive callable (for bodies)."""

    __slots__ = ("accept", "headers", "match", "method", "path", "query", "receive", "rest", "version")

    def __init__(self, method, path, query, headers, accept, receive):
        self.method, self.path, self.query, self.headers = method, path, query, headers
        self.accept, self.receive = accept, receive
        self.version, self.rest, self.match = None, path, None


# The route table, in order. Rows with methods GET also answer HEAD (the body is dropped).
ROUTES: list[Route] = [
    Route(ANY, r"/sparql", "sparql_endpoint"),
    Route(GET, r"/versie/.*", "release_prefix"),  # 404 for an unknown release, else passes on
    Route(GET, r"/id/.*|/def|/def/.*", "see_other", versioned=True),
    Route(GET, r"/doc/.*", "document", versioned=True),
    Route(GET, r"/api/changes", "changes"),
    Route(GET, r"/api/.*", "api"),
    Route(GET, r"/label/.*", "label"),
    Route(GET, r"/openapi\.json", "openapi_document"),
    Route(GET, r"/.*", "static_path"),
]


def export_routes() -> list[Route]:
    """One row per export that answers an API (publication.exports: EXPORTS, `service`)."""
    from competentieset.publication.exports import services

    return [Route(GET, module.PATTERN, module.handle) for module in services()]


def default_routes() -> list[Route]:
    """ROUTES with the exports' rows before the last row (the static files)."""
    return [*ROUTES[:-1], *export_routes(), ROUTES[-1]]


class App:
    """The ASGI application. `sparql` may be None (no dataset in the web root)."""

    routes: list[Route] | None = None  # None: default_routes()

    def __init__(self, base: str, webroot: Webroot, lookup: Lookup,
                 sparql: SparqlService | None = None, title: str = "Competentieset voor publieke leiders",
                 version: str = "0", response_cache: int | None = None):
        self.base = base.rstrip("/")
        # at most this many responses kept (None: RESPONSE_CACHE; 0: no response cache)
        self.response_cache = RESPONSE_CACHE if response_cache is None else max(0, response_cache)
        self.webroot = webroot
        self.lookup = lookup
        self.feed = change_feed.load(webroot.root / CHANGE_FEED_FILE)
        self.sparql = sparql
        document = lookup_mod.openapi(title, version, self.base)
        from competentieset.publication.exports import services

        for module in services():  # the APIs of the exports (CASE) describe themselves
            paths, schemas, text = module.openapi(webroot)
            document["paths"].update(paths)
            document["components"]["schemas"].update(schemas)
            document["info"]["description"] += " " + text
        self.openapi = json.dumps(document, indent=1).encode("utf-8")
        if self.routes is None:
            self.routes = default_routes()
        self._doc_headers: dict[tuple, list[tuple[bytes, bytes]]] = {}
        self._responses: dict[tuple, Response] = {}  # (path, Accept) -> unconditional response

    # --- ASGI ------------------------------------------------------------------------

    async def __call__(self, scope, receive, send):
        kind = scope["type"]
        if kind == "http":
            response = await self.handle(scope, receive)
            await send({"type": "http.response.start", "status": response.status,
                        "headers": response.final_headers()})
            body = b"" if scope["method"] == "HEAD" else response.body
            if len(body) <= SEND_CHUNK:
                await send({"type": "http.response.body", "body": body})
            else:  # a large file in slices: the server waits for the socket between them
                for start in range(0, len(body), SEND_CHUNK):
                    await send({"type": "http.response.body", "body": body[start:start + SEND_CHUNK],
                                "more_body": start + SEND_CHUNK < len(body)})
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    if self.sparql is not None:
                        await asyncio.get_running_loop().run_in_executor(None, self.sparql.start)
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self.sparql is not None:
                        self.sparql.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return

    async def handle(self, scope, receive) -> Response:
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
        query = scope.get("query_string", b"")
        headers = scope["headers"]
        accept = None
        conditional = False
        total = 0
        for name, value in headers:
            size = len(name) + len(value)
            total += size
            if size > MAX_HEADER or total > MAX_HEADERS:
                return self.problem(431, "Request header fields too large",
                                    f"at most {MAX_HEADER} bytes per header and {MAX_HEADERS} in all")
            if name == b"accept":
                accept = value.decode("latin-1") if accept is None else f"{accept}, {value.decode('latin-1')}"
            elif name == b"if-none-match" or name == b"if-modified-since":
                conditional = True
        if len(raw_path) + len(query) > MAX_URL:
            return self.problem(414, "URI too long", f"at most {MAX_URL} bytes")
        if b"%" in raw_path or b"%" in query:
            if not _valid_percent(raw_path) or not _valid_percent(query):
                return self.problem(400, "Bad request", "invalid percent-encoding in the URL")
        path = scope["path"]
        if "/." in path or "\\" in path or "\x00" in path or "\ufffd" in path:
            if any(s in (".", "..") or "\\" in s or "\x00" in s for s in path.split("/")) or "\ufffd" in path:
                return self.problem(400, "Bad request", "the path may not contain dot segments, "
                                    "backslashes or invalid characters")
        method = scope["method"]
        cache_key = None
        if (method == "GET" or method == "HEAD") and not conditional and not query:
            cache_key = (path, accept)
            cached = self._responses.get(cache_key)
            if cached is not None:
                return cached
        try:
            response = await self.dispatch(Request(method, path, query, headers, accept, receive))
            if cache_key is not None and response.cacheable and self.response_cache:
                if len(self._responses) >= self.response_cache:
                    self._responses.clear()  # keys hold client-chosen Accept values: stay bounded
                self._responses[cache_key] = response
            return response
        except conneg.AcceptTooLong as exc:
            return self.problem(400, "Accept header too long", str(exc))

    async def dispatch(self, req: Request) -> Response:
        """The route table: the first matching row that answers; OPTIONS and 405 otherwise."""
        path = req.path
        rest = path
        version = None
        if path.startswith(f"/{VERSIONS_DIR}/"):
            parts = path.split("/", 3)
            if len(parts) == 4 and parts[2] in self.webroot.versions:
                version, rest = parts[2], "/" + parts[3]
        allowed: list[str] = []
        for route in self.routes:
            match = route.regex.fullmatch(path)
            if match is not None:
                req.version, req.rest = None, path
            elif route.versioned and version is not None:
                match = route.regex.fullmatch(rest)
                req.version, req.rest = version, rest
            if match is None:
                continue
            if route.methods is not ANY and req.method not in route.methods:
                allowed.extend(m for m in route.methods if m not in allowed)
                continue
            req.match = match
            handler = route.handler
            response = getattr(self, handler)(req) if isinstance(handler, str) else handler(self, req)
            if inspect.isawaitable(response):
                response = await response
            if response is not None:
                return response
        if req.method == "OPTIONS":
            return self.preflight(allowed)
        allow = self._allow(allowed)
        return self.problem(405, "Method not allowed", f"{req.method} is not supported here; "
                            "use GET or HEAD (POST only on /sparql)", [(b"allow", allow)])

    @staticmethod
    def _allow(methods: list[str]) -> bytes:
        order = [m for m in _METHOD_ORDER if m in methods] + sorted(set(methods) - set(_METHOD_ORDER))
        return ", ".join([*order, "OPTIONS"]).encode() if order else ALLOW

    def preflight(self, methods: list[str]) -> Response:
        allow = self._allow(methods)
        return Response(204, [(b"allow", allow), (b"access-control-allow-methods", allow),
                              (b"access-control-allow-headers",
                               b"Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"),
                              (b"access-control-max-age", b"86400"), *COMMON])

    # --- GET/HEAD ----------------------------------------------------------------------

    def release_prefix(self, req: Request) -> Response | None:
        parts = req.path.split("/", 3)
        if len(parts) == 3 and parts[2] in ("", "index.html", "index.json"):
            return None  # the index of the releases (versie/index.html, .json)
        if len(parts) < 4 or parts[2] not in self.webroot.versions:
            return self.not_found(req.path, req.accept, None)
        return None

    def openapi_document(self, req: Request) -> Response:
        return Response(200, [(b"content-type", b"application/json; charset=utf-8"), *COMMON],
                        self.openapi)

    def _split_ext(self, rest: str) -> tuple[str, Format | None]:
        stem, dot, ext = rest.rpartition(".")
        if dot and "/" not in ext and ext in BY_EXTENSION:
            return stem, BY_EXTENSION[ext]
        return rest, None

    def see_other(self, req: Request) -> Response:
        rest, version, path, accept = req.rest, req.version, req.path, req.accept
        if rest.startswith("/id/"):
            target = rest[len("/id/"):]
        else:
            term = rest[len("/def"):].strip("/")
            target = f"def/{term}" if term else "def"
        stem, fmt = self._split_ext(target)
        doc = self.webroot.document(version, stem)
        if doc is None or (fmt is not None and fmt.key not in doc.files):
            return self.not_found(path, accept, version)
        location = f"{doc.doc_path}.{fmt.extension}" if fmt else doc.doc_path
        body = f"303 See Other: {location}\n".encode()
        response = Response(303, [(b"location", quote(location).encode()), (b"vary", b"Accept"),
                                  (b"content-type", b"text/plain; charset=utf-8"), *COMMON], body)
        response.cacheable = True
        return response

    def document(self, req: Request) -> Response | None:
        rest, version, headers, accept = req.rest[len("/doc/"):], req.version, req.headers, req.accept
        doc = self.webroot.document(version, rest)
        negotiated = doc is not None
        if doc is None:
            stem, fmt = self._split_ext(rest)
            if fmt is None:
                return None
            doc = self.webroot.document(version, stem)
            if doc is None or fmt.key not in doc.files:
                return None
        else:
            fmt = conneg.choose(accept, doc.available())
            if fmt is None:
                return self.not_acceptable(doc)
        info = doc.files[fmt.key]
        key = (id(doc), fmt.key, negotiated)
        extra = self._doc_headers.get(key)
        if extra is None:
            extra = self._document_headers(doc, fmt, negotiated)
            self._doc_headers[key] = extra
        return self.static(info, headers, extra)

    def _document_headers(self, doc: Document, fmt: Format, negotiated: bool) -> list:
        links = [f'<{doc.doc_path}.{f.extension}>; rel="alternate"; type="{f.media_type}"'
                 for f in doc.available()]
        if doc.english is not None:
            prefix = doc.prefix
            links.append(f'<{prefix}/en/doc/{doc.rest}.html>; rel="alternate"; type="text/html"; hreflang="en"')
        if doc.rest == "def":
            uri = f"{self.base}/def/"
        elif doc.rest.startswith("def/"):
            uri = f"{self.base}/{doc.rest}"
        else:
            uri = f"{self.base}/id/{doc.rest}"
        _, successors = self.lookup.deprecation(uri)
        for successor in successors:
            local = self.lookup.local(successor) or successor
            links.append(f'<{local}>; rel="successor-version"')
        extra = [(b"link", ", ".join(links).encode())]
        if negotiated:
            extra.append((b"content-location", f"{doc.doc_path}.{fmt.extension}".encode()))
            extra.append((b"vary", b"Accept"))
        return extra

    def static_path(self, req: Request) -> Response:
        path, headers, accept = req.path, req.headers, req.accept
        rel = path.lstrip("/")
        info = self.webroot.file(rel) if rel else None
        if info is None:
            index = f"{rel.rstrip('/')}/index.html" if rel else "index.html"
            info = self.webroot.file(index.lstrip("/"))
            if info is not None and rel and not path.endswith("/"):
                return Response(301, [(b"location", quote(path + "/").encode()), *COMMON])
        if info is None:
            return self.not_found(path, accept, None)
        return self.static(info, headers)

    def static(self, info: StaticFile, headers, extra=()) -> Response:
        out = [(b"content-type", info.content_type.encode()), (b"etag", info.etag.encode()),
               (b"last-modified", info.last_modified.encode()),
               (b"cache-control", cache_control(info.rel).encode()), *extra, *COMMON]
        if info.content_type.startswith("text/html"):
            out.append((b"content-security-policy", CSP))
        if self._not_modified(info, headers):
            return Response(304, out)
        response = Response(200, out, self.webroot.body(info))
        response.cacheable = len(response.body) <= MAX_CACHED_BODY
        return response

    @staticmethod
    def _not_modified(info: StaticFile, headers) -> bool:
        inm = ims = None
        for name, value in headers:
            if name == b"if-none-match":
                inm = value.decode("latin-1")
            elif name == b"if-modified-since":
                ims = value.decode("latin-1")
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or info.etag in tags
        if ims is not None:
            try:
                return int(parsedate_to_datetime(ims).timestamp()) >= info.mtime
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
        return False

    # --- errors ------------------------------------------------------------------------

    def problem(self, status: int, title: str, detail: str, extra=(), html_page: bool = False,
                links: list[tuple[str, str]] = ()) -> Response:
        if html_page:
            items = "".join(f'<li><a href="{html.escape(href)}">{html.escape(text)}</a></li>'
                            for href, text in links)
            body = (f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{status} '
                    f'{html.escape(title)}</title></head><body><h1>{status} {html.escape(title)}</h1>'
                    f"<p>{html.escape(detail)}</p>"
                    + (f"<p>Bedoelde u / did you mean:</p><ul>{items}</ul>" if items else "")
                    + '<p><a href="/">Competentieset voor publieke leiders</a></p></body></html>\n')
            return Response(status, [(b"content-type", HTML_TYPE.encode()), *extra, *COMMON,
                                     (b"content-security-policy", CSP)], body.encode())
        doc = {"type": "about:blank", "title": title, "status": status, "detail": detail}
        if links:
            doc["suggestions"] = [href for href, _ in links]
        return Response(status, [(b"content-type", PROBLEM_TYPE.encode()), *extra, *COMMON],
                        json.dumps(doc, ensure_ascii=False).encode())

    def not_found(self, path: str, accept, version: str | None) -> Response:
        wanted = path.rsplit("/", 2)
        wanted = "/".join(wanted[-2:]) if len(wanted) > 2 else path.strip("/")
        stem = wanted.rsplit(".", 1)[0] if "." in wanted.rsplit("/", 1)[-1] else wanted
        close = self.webroot.suggest(stem, version)
        prefix = f"/{VERSIONS_DIR}/{version}" if version else ""
        links = [(f"{prefix}/id/{n}" if not n.startswith("def") else f"{prefix}/{n}", n) for n in close]
        try:
            wants_html = conneg.choose(accept) in (None, FORMATS[0])
        except conneg.AcceptTooLong:
            wants_html = False
        if wants_html:
            themed = self.themed_404(path, links)
            if themed is not None:
                return themed
        return self.problem(404, "Not found", f"nothing is published at {path}",
                            html_page=wants_html, links=links)

    def themed_404(self, path: str, links) -> Response | None:
        """The site's own 404 page (site/overrides/404.html), in the language of the path
        (/en/... English), with the suggestions where its cs-suggestions comment stands;
        None when the web root has no site (a data-only build)."""
        english = path == f"/{EN_PREFIX}" or path.startswith(f"/{EN_PREFIX}/")
        page = self.webroot.root / (f"{EN_PREFIX}/404.html" if english else "404.html")
        try:
            body = page.read_bytes()
        except OSError:
            return None
        if links:
            heading = "Did you mean:" if english else "Bedoelde u:"
            items = "".join(f'<li><a href="{html.escape(href)}">{html.escape(text)}</a></li>'
                            for href, text in links)
            body = body.replace(b"<!--cs-suggestions-->",
                                f"<p>{heading}</p><ul>{items}</ul>".encode(), 1)
        return Response(404, [(b"content-type", HTML_TYPE.encode()), *COMMON,
                              (b"content-security-policy", CSP)], body)

    def not_acceptable(self, doc: Document) -> Response:
        types = [f.media_type for f in doc.available()]
        links = ", ".join(f'<{doc.doc_path}.{f.extension}>; rel="alternate"; type="{f.media_type}"'
                          for f in doc.available())
        body = ("406 Not Acceptable. This document is available as: " + ", ".join(types) + "\n").encode()
        return Response(406, [(b"content-type", b"text/plain; charset=utf-8"), (b"vary", b"Accept"),
                              (b"link", links.encode()), *COMMON], body)

    # --- lookup API --------------------------------------------------------------------

    def _json(self, data, status: int = 200, extra=()) -> Response:
        return Response(status, [(b"content-type", b"application/json; charset=utf-8"), *extra, *COMMON],
                        json.dumps(data, ensure_ascii=False).encode())

    def api(self, req: Request) -> Response:
        path, query = req.path, req.query
        try:
            params = parse_qs(query.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                              max_num_fields=20)
        except (UnicodeDecodeError, ValueError):
            return self.problem(400, "Bad request", "the query string is not valid UTF-8 form data")
        if path == "/api/search":
            q = params.get("q", [])
            if len(q) != 1 or not 1 <= len(q[0]) <= lookup_mod.MAX_QUERY:
                return self.problem(400, "Bad request",
                                    f"give one q of 1 to {lookup_mod.MAX_QUERY} characters")
            lang = params.get("lang", [None])
            if len(lang) != 1 or lang[0] not in (None, *lookup_mod.LANGS):
                return self.problem(400, "Bad request", "lang must be nl or en")
            limit = params.get("limit", ["20"])
            if len(limit) != 1 or not limit[0].isdigit() or not 1 <= int(limit[0]) <= lookup_mod.MAX_LIMIT:
                return self.problem(400, "Bad request", f"limit must be an integer 1..{lookup_mod.MAX_LIMIT}")
            return self._json(self.lookup.search(q[0], lang[0], int(limit[0])))
        if path.startswith("/api/notation/"):
            notation = path[len("/api/notation/"):]
            if not 1 <= len(notation) <= lookup_mod.MAX_QUERY:
                return self.problem(400, "Bad request", f"a notation has 1 to {lookup_mod.MAX_QUERY} characters")
            found = self.lookup.notation(notation)
            if not found:
                return self.problem(404, "Not found", f"no resource has notation {notation!r}")
            return self._json(found)
        if path.startswith("/api/children/"):
            parts = path[len("/api/children/"):].split("/")
            if len(parts) != 2 or not all(NAME.match(p) and len(p) <= lookup_mod.MAX_QUERY for p in parts):
                return self.problem(400, "Bad request", "expected /api/children/{type}/{name}, "
                                    "lowercase words joined by hyphens")
            children = self.lookup.children(f"{self.base}/id/{parts[0]}/{parts[1]}")
            if children is None:
                return self.problem(404, "Not found", f"no resource /id/{parts[0]}/{parts[1]}")
            return self._json(children)
        return self.problem(404, "Not found", "the API has /api/search, /api/notation/{notation}, "
                            "/api/children/{type}/{name} and /api/changes; see /openapi.json")

    def changes(self, req: Request) -> Response:
        """The change feed: GET /api/changes[?since=YYYY-MM-DD] (publication.change_feed)."""
        try:
            params = parse_qs(req.query.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                              max_num_fields=20)
        except (UnicodeDecodeError, ValueError):
            return self.problem(400, "Bad request", "the query string is not valid UTF-8 form data")
        since = params.get("since", [None])
        if len(since) != 1:
            return self.problem(400, "Bad request", "give since at most once")
        try:
            day = None if since[0] is None else change_feed.parse_since(since[0])
        except change_feed.SinceError as exc:
            return self.problem(400, "Bad request", str(exc))
        if self.feed is None:
            return self.problem(404, "Not found", f"the web root has no change feed ({CHANGE_FEED_FILE}); "
                                "rebuild with `competentieset build`")
        return self._json(change_feed.select(self.feed, day))

    def label(self, req: Request) -> Response:
        label = req.path[len("/label/"):]
        if not 1 <= len(label) <= lookup_mod.MAX_QUERY:
            return self.problem(400, "Bad request", f"a label has 1 to {lookup_mod.MAX_QUERY} characters")
        uris = self.lookup.label(label)
        if not uris:
            return self.problem(404, "Not found", f"no resource has the label {label!r} (nl or en)")
        uri = uris[0]
        res = self.lookup.resources[uri]
        pref = res.labels.get("nl") or next(iter(res.labels.values()))
        return Response(302, [(b"location", quote(res.path).encode()), (b"x-uri", uri.encode()),
                              (b"x-preflabel", pref.encode("utf-8")),
                              (b"content-type", b"text/plain; charset=utf-8"), *COMMON],
                        f"302 Found: {uri}\n".encode())

    # --- SPARQL ------------------------------------------------------------------------

    async def sparql_endpoint(self, req: Request) -> Response:
        method, query, headers, accept, receive = req.method, req.query, req.headers, req.accept, req.receive
        allow = [(b"allow", b"GET, HEAD, POST, OPTIONS")]
        if method == "OPTIONS":
            return Response(204, [*allow, (b"access-control-allow-methods", b"GET, HEAD, POST, OPTIONS"),
                                  (b"access-control-allow-headers", b"Accept, Content-Type"), *COMMON])
        if method not in ("GET", "HEAD", "POST"):
            return self.problem(405, "Method not allowed", "SPARQL takes GET or POST", allow)
        if self.sparql is None:
            return self.problem(503, "SPARQL unavailable",
                                "the web root has no doc/download/competentieset.nq or .nt to query")
        try:
            params = parse_qs(query.decode("utf-8"), keep_blank_values=True, max_num_fields=50)
        except (UnicodeDecodeError, ValueError):
            return self.problem(400, "Bad request", "the query string is not valid UTF-8 form data")
        text = None
        if method == "POST":
            ctype = ""
            for name, value in headers:
                if name == b"content-type":
                    ctype = value.decode("latin-1").split(";")[0].strip().lower()
            body = b""
            more = True
            while more:
                message = await receive()
                body += message.get("body", b"")
                more = message.get("more_body", False)
                if len(body) > MAX_BODY:
                    return self.problem(413, "Request too large", f"at most {MAX_BODY} bytes")
            if ctype == "application/sparql-update":
                return self.problem(403, *UPDATE_REFUSED)
            if ctype == "application/sparql-query":
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError:
                    return self.problem(400, "Bad request", "the query is not UTF-8")
            elif ctype == "application/x-www-form-urlencoded":
                try:
                    form = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50)
                except (UnicodeDecodeError, ValueError):
                    return self.problem(400, "Bad request", "the form is not valid UTF-8")
                if "update" in form:
                    return self.problem(403, *UPDATE_REFUSED)
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            else:
                return self.problem(415, "Unsupported media type", "POST the query as "
                                    "application/sparql-query or application/x-www-form-urlencoded")
        if "update" in params:
            return self.problem(403, *UPDATE_REFUSED)
        if text is None:
            queries = params.get("query", [])
            if not queries:
                return self.sparql_help()
            if len(queries) > 1:
                return self.problem(400, "Bad request", "give exactly one query")
            text = queries[0]
        try:
            answer = await self.sparql.run(text, accept, params.get("default-graph-uri", []),
                                           params.get("named-graph-uri", []))
        except SparqlError as exc:
            return self.problem(exc.status, exc.title, exc.detail)
        except conneg.AcceptTooLong as exc:
            return self.problem(400, "Accept header too long", str(exc))
        return Response(200, [(b"content-type", answer.content_type.encode()), (b"vary", b"Accept"),
                              *COMMON], answer.body)

    def sparql_help(self) -> Response:
        example = "SELECT ?c ?label WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> ; " \
                  "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } LIMIT 10"
        body = ('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>SPARQL</title></head>'
                "<body><h1>SPARQL 1.1</h1><p>Read-only SPARQL endpoint of the competency set "
                f"(time limit {self.sparql.timeout:g} s, at most {self.sparql.max_results} results).</p>"
                '<form method="get" action="/sparql"><textarea name="query" rows="8" cols="80">'
                f"{html.escape(example)}</textarea><br><button>Query</button></form></body></html>\n")
        return Response(200, [(b"content-type", HTML_TYPE.encode()), *COMMON,
                              (b"content-security-policy", CSP)], body.encode())


def create_app(base: str, webroot_dir, *, sparql_timeout: float | None = None,
               sparql_max_results: int | None = None, sparql_workers: int = 2,
               title: str = "Competentieset voor publieke leiders", version: str = "0",
               response_cache: int | None = None) -> App:
    """The application over a web root directory (raises WebrootError when there is none)."""
    from competentieset.serving.sparql import DEFAULT_MAX_RESULTS, DEFAULT_TIMEOUT

    webroot = Webroot(webroot_dir)
    dataset = webroot.dataset()
    sparql = None
    if dataset is not None:
        sparql = SparqlService(dataset, timeout=sparql_timeout or DEFAULT_TIMEOUT,
                               max_results=sparql_max_results or DEFAULT_MAX_RESULTS,
                               workers=sparql_workers)
    return App(base, webroot, Lookup(dataset, base), sparql, title=title, version=version,
               response_cache=response_cache)
