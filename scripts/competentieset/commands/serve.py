"""`competentieset serve`: serve the built web root with content negotiation, SPARQL and lookup."""

from __future__ import annotations

import sys
from pathlib import Path

from competentieset.model import layout
from competentieset.publication.formats import FORMATS


def register(sub) -> None:
    parser = sub.add_parser(
        "serve",
        help="serve the build: URIs with content negotiation, SPARQL at /sparql, the lookup API",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--webroot", metavar="DIR",
                        help="the web root to serve (default: build/www of the project)")
    parser.add_argument("--access-log", action="store_true",
                        help="log every request (off by default: it costs about half the throughput)")
    parser.add_argument("--sparql-timeout", type=float, default=10.0, metavar="SECONDS",
                        help="stop a SPARQL query after this long (default 10)")
    parser.add_argument("--sparql-max-results", type=int, default=10_000, metavar="N",
                        help="refuse SPARQL results with more rows or triples (default 10000)")
    parser.add_argument("--sparql-workers", type=int, default=2, metavar="N",
                        help="SPARQL worker processes (default 2)")
    parser.add_argument("--response-cache", type=int, default=4096, metavar="N",
                        help="keep up to N answered GET responses in memory, by path and Accept "
                             "(default 4096; 0 turns the cache off, as the benchmark's uncached rows do)")
    parser.add_argument("--watch", action="store_true",
                        help="the edit loop: build first, then watch ontology/, shapes/ and site/, "
                             "validate and rebuild (incrementally) on every save; open pages reload "
                             "themselves, a change that fails shows its report as a banner")
    parser.add_argument("--watch-interval", type=float, default=0.5, metavar="SECONDS",
                        help="how often --watch looks for changes (default 0.5)")
    parser.set_defaults(run=run)


def urls_to_try(app, host: str, port: int) -> list[str]:
    """The lines printed on start: home, one competency in every format, SPARQL, the API."""
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    root = f"http://{shown}:{port}"
    lines = [f"Serving {app.webroot.root} (base URI {app.base}/ is mapped onto {root}/)",
             f"  home:        {root}/"]
    names = sorted((n for n in app.webroot.names() if n.startswith("competentie/")),
                   key=lambda n: _notation(app, n))
    if names:
        doc = app.webroot.document(None, names[0])
        lines.append(f"  a concept:   {root}/id/{names[0]}  (303 to {root}{doc.doc_path})")
        for fmt in FORMATS:
            if fmt.key in doc.files:
                lines.append(f"    {fmt.label + ':':11s} curl -H 'Accept: {fmt.media_type}' {root}/id/{names[0]}"
                             f"   or {root}{doc.doc_path}.{fmt.extension}")
    if app.sparql is not None:
        lines.append(f"  SPARQL:      {root}/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D")
    lines.append(f"  lookup API:  {root}/api/search?q=ref   (described at {root}/openapi.json)")
    lines.append(f"  by label:    {root}/label/Reflecteren")
    lines.append("Stop with Ctrl-C.")
    return lines


def run(args) -> int:
    import uvicorn

    from competentieset.serving.server import create_app

    project = args.project_obj
    webroot = Path(args.webroot) if args.webroot else layout.webroot(project)

    def make_app():
        return create_app(project.base, webroot, sparql_timeout=args.sparql_timeout,
                          sparql_max_results=args.sparql_max_results,
                          sparql_workers=args.sparql_workers, version=project.version,
                          response_cache=args.response_cache)

    if args.watch:
        from competentieset.serving.watch import PreviewApp, rebuild

        if args.webroot:
            print("competentieset: --watch serves the project's own build; leave out --webroot",
                  file=sys.stderr)
            return 2
        error = rebuild(project, lambda text: print(text, file=sys.stderr, flush=True))
        if error is not None and not webroot.is_dir():
            print("competentieset: nothing to serve yet: fix the vocabulary and start again",
                  file=sys.stderr)
            return 1
        app = PreviewApp(project, make_app, interval=args.watch_interval)
        app.error = error
        shown = app.app
    else:
        app = shown = make_app()
    for line in urls_to_try(shown, args.host, args.port):
        print(line, flush=True)
    if args.watch:
        print(f"Watching {', '.join(n + '/' for n in ('ontology', 'shapes', 'site'))} for changes: "
              "pages reload after each rebuild.", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, loop="uvloop", http="httptools",
                access_log=args.access_log, log_level="info" if args.access_log else "warning",
                lifespan="on", server_header=False)
    return 0


def _notation(app, name: str) -> tuple:
    """Sort key: the resource's notation (so the first competency is shown first)."""
    res = app.lookup.resources.get(f"{app.base}/id/{name}")
    notation = res.notations[0] if res is not None and res.notations else ""
    return (0, tuple(int(p) for p in notation.split(".")), name) if notation.replace(".", "").isdigit() \
        else (1, (), name)
