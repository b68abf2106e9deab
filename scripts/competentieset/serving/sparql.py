"""A bounded, read-only SPARQL 1.1 query service on pyoxigraph.

Limits answer 422 Unprocessable Content (the query is valid but exceeds what this endpoint
runs: "Query timed out" or "Result too large"), so a client can tell them from a server
fault; updates answer 403. Queries run in worker processes (each loads the dataset once): a query that outlives the
time limit is stopped by ending its worker, which is then replaced, so a runaway query
cannot take the server with it. Results are read up to the result-size limit; one row
more is an error (never a silently cut result). Updates are refused: the store is only
ever queried, and an update text is recognised and answered with a clear error.

Result formats: SELECT/ASK as SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle,
JSON-LD, N-Triples or RDF/XML, chosen by Accept (conneg.client_quality).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import multiprocessing
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from competentieset.errors import CompetentiesetError
from competentieset.serving import conneg

DEFAULT_TIMEOUT = 10.0  # seconds
DEFAULT_MAX_RESULTS = 10_000  # rows or triples
MAX_QUERY_LENGTH = 16 * 1024

SOLUTION_TYPES = (
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
)
GRAPH_TYPES = (
    ("text/turtle", "turtle"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "ntriples"),
    ("application/rdf+xml", "rdfxml"),
    ("application/json", "jsonld"),
)
CONTENT_TYPES = {
    "json": "application/sparql-results+json; charset=utf-8",
    "xml": "application/sparql-results+xml; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
    "ntriples": "application/n-triples; charset=utf-8",
    "rdfxml": "application/rdf+xml; charset=utf-8",
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
# removed before looking for an update keyword: comments, IRIs and string literals
_NOISE = re.compile(r'#[^\n]*|<[^>\s]*>|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'')


# the answer to an update, however it is sent (README, "SPARQL 1.1 Protocol"): 403 with
# this problem title and detail
UPDATE_REFUSED = ("Updates not allowed", "this SPARQL endpoint is read-only; it answers queries only")


class SparqlError(CompetentiesetError):
    """A query that cannot be answered; `status` is the HTTP status to use."""

    def __init__(self, status: int, title: str, detail: str):
        super().__init__(f"{title}: {detail}")
        self.status, self.title, self.detail = status, title, detail


@dataclass(frozen=True)
class Answer:
    content_type: str
    body: bytes


def _pick(accept: str | None, offers: tuple[tuple[str, str], ...]) -> str | None:
    """The result format key for an Accept header; default the first offer; None = 406."""
    if not accept or not accept.strip():
        return offers[0][1]
    ranges = conneg.parse_accept(accept)
    if not ranges:
        return offers[0][1]
    best, best_q = None, 0.0
    for media_type, key in offers:
        q, _ = conneg.client_quality(ranges, media_type)
        if q > best_q:
            best, best_q = key, q
    return best


def is_update(text: str) -> bool:
    """Whether a request text is a SPARQL Update (refused) rather than a query."""
    return bool(_UPDATE.match(_NOISE.sub(" ", text)))


# --- serialisation of solutions ------------------------------------------------------

def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _term_xml(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def serialize_solutions(variables: list[str], rows: list[list], fmt: str) -> bytes:
    if fmt == "json":
        bindings = [
            {v: _term_json(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows
        ]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
               "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables), "</head><results>"]
        for row in rows:
            out.append("<result>")
            out.extend(f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                       for v, t in zip(variables, row, strict=True) if t is not None)
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if t is None else (t.value if not isinstance(t, ox.BlankNode) else f"_:{t.value}")
                             for t in row])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(fmt)


def serialize_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    if fmt == "csv":
        return b"_askResult\r\n" + (b"true" if value else b"false") + b"\r\n"
    return b"?_askResult\n" + (b"true" if value else b"false") + b"\n"


# --- the worker ----------------------------------------------------------------------

def _evaluate(store: ox.Store, request: dict) -> tuple[int, str, bytes | str]:
    """Run one query in a worker: (status, content type or error title, body or detail)."""
    limit = request["limit"]
    kwargs = {}
    if request["default_graphs"]:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
    else:
        kwargs["use_default_graph_as_union"] = True
    if request["named_graphs"]:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    try:
        result = store.query(request["query"], **kwargs)
    except SyntaxError as exc:
        return 400, "Malformed query", str(exc)
    except (ValueError, OSError) as exc:
        return 400, "Query failed", str(exc)
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt = _pick(request["accept"], SOLUTION_TYPES)
            if fmt is None:
                return 406, "Not Acceptable", _offer_text(SOLUTION_TYPES)
            return 200, CONTENT_TYPES[fmt], serialize_boolean(bool(result), fmt)
        if isinstance(result, ox.QuerySolutions):
            fmt = _pick(request["accept"], SOLUTION_TYPES)
            if fmt is None:
                return 406, "Not Acceptable", _offer_text(SOLUTION_TYPES)
            variables = [v.value for v in result.variables]
            rows = []
            for solution in result:
                if len(rows) >= limit:
                    return 422, "Result too large", (
                        f"the query has more than {limit} results; add LIMIT (and OFFSET to page)")
                rows.append([solution[v] for v in variables])
            return 200, CONTENT_TYPES[fmt], serialize_solutions(variables, rows, fmt)
        fmt = _pick(request["accept"], GRAPH_TYPES)
        if fmt is None:
            return 406, "Not Acceptable", _offer_text(GRAPH_TYPES)
        triples = []
        for triple in result:
            if len(triples) >= limit:
                return 422, "Result too large", (
                    f"the query has more than {limit} triples; add LIMIT (and OFFSET to page)")
            triples.append(triple)
        body = ox.serialize(triples, format=RDF_FORMATS[fmt]) or b""
        return 200, CONTENT_TYPES[fmt], body
    except (SyntaxError, ValueError, OSError) as exc:
        return 400, "Query failed", str(exc)


def _offer_text(offers) -> str:
    return "available result types: " + ", ".join(dict.fromkeys(m for m, _ in offers))


def _worker_main(dataset: str, conn) -> None:
    store = ox.Store()
    fmt = ox.RdfFormat.N_QUADS if dataset.endswith(".nq") else ox.RdfFormat.N_TRIPLES
    store.load(path=dataset, format=fmt)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if request is None:
            return
        conn.send(_evaluate(store, request))


class _Worker:
    def __init__(self, ctx, dataset: Path):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(str(dataset), child), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if not self.ready:
            if not self.conn.poll(timeout) or self.conn.recv() != "ready":
                raise SparqlError(503, "SPARQL unavailable", "the query worker did not start")
            self.ready = True

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class SparqlService:
    """A pool of query workers over one dataset file, with a time and a result-size limit."""

    def __init__(self, dataset: Path, timeout: float = DEFAULT_TIMEOUT,
                 max_results: int = DEFAULT_MAX_RESULTS, workers: int = 2):
        self.dataset = Path(dataset)
        self.timeout = timeout
        self.max_results = max_results
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(workers)
        self._size = workers
        self._started = False

    def start(self) -> None:
        """Start the workers (each loads the dataset); called once before serving."""
        with self._lock:
            if not self._started:
                self._idle = [_Worker(self._ctx, self.dataset) for _ in range(self._size)]
                self._started = True

    def close(self) -> None:
        with self._lock:
            for worker in self._idle:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
                worker.stop()
            self._idle = []

    def run_sync(self, query: str, accept: str | None, default_graphs=(), named_graphs=()) -> Answer:
        if len(query) > MAX_QUERY_LENGTH:
            raise SparqlError(413, "Query too long", f"at most {MAX_QUERY_LENGTH} characters")
        if is_update(query):
            raise SparqlError(403, *UPDATE_REFUSED)
        self.start()
        if not self._slots.acquire(timeout=self.timeout):
            raise SparqlError(503, "SPARQL busy", "every query worker is busy; try again shortly")
        try:
            with self._lock:
                worker = self._idle.pop() if self._idle else _Worker(self._ctx, self.dataset)
            try:
                worker.wait_ready(60)
            except SparqlError:
                worker.stop()
                raise
            request = {"query": query, "accept": accept, "limit": self.max_results,
                       "default_graphs": list(default_graphs), "named_graphs": list(named_graphs)}
            try:
                worker.conn.send(request)
                done = worker.conn.poll(self.timeout)
                reply = worker.conn.recv() if done else None
            except (OSError, EOFError):
                done, reply = False, None
            if not done or reply is None:
                worker.stop()
                with self._lock:
                    self._idle.append(_Worker(self._ctx, self.dataset))
                if not done:
                    raise SparqlError(422, "Query timed out",
                                      f"the query ran longer than {self.timeout:g} s and was stopped; "
                                      "narrow it or add LIMIT")
                raise SparqlError(500, "Query worker failed", "the worker ended; it was restarted")
            with self._lock:
                self._idle.append(worker)
        finally:
            self._slots.release()
        status, kind, body = reply
        if status != 200:
            raise SparqlError(status, kind, body)
        return Answer(kind, body)

    async def run(self, query: str, accept: str | None, default_graphs=(), named_graphs=()) -> Answer:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            None, self.run_sync, query, accept, tuple(default_graphs), tuple(named_graphs))
