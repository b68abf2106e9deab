"""`competentieset serverconf`: write the nginx, Apache and w3id configs for the build."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

from competentieset.model import layout
from competentieset.serving import serverconf


def register(sub) -> None:
    parser = sub.add_parser(
        "serverconf",
        help="write build/nginx/competentieset.conf, the web root's .htaccess, build/apache/competentieset.conf and build/w3id/.htaccess",
    )
    parser.add_argument("--webroot", metavar="DIR",
                        help="the built web root (default: build/www of the project)")
    parser.add_argument("--build-dir", metavar="DIR", help="where nginx/, apache/ and w3id/ go (default: build/)")
    parser.add_argument("--w3id-target", metavar="URL", default=serverconf.W3ID_TARGET_PLACEHOLDER,
                        help="the publication server the w3id rules forward to "
                             f"(default: the placeholder {serverconf.W3ID_TARGET_PLACEHOLDER})")
    parser.add_argument("--app", metavar="HOST:PORT", default=serverconf.DEFAULT_APP,
                        help="where the embedded server (`competentieset serve`) listens, for the "
                             f"proxies (default {serverconf.DEFAULT_APP})")
    parser.add_argument("--sparql", metavar="HOST:PORT", default=serverconf.DEFAULT_SPARQL,
                        help=f"the read-only SPARQL server (default {serverconf.DEFAULT_SPARQL})")
    parser.add_argument("--sparql-path", metavar="PATH", default=serverconf.DEFAULT_SPARQL_PATH,
                        help=f"its query path (default {serverconf.DEFAULT_SPARQL_PATH})")
    parser.set_defaults(run=run)


UPSTREAM = re.compile(r"^[A-Za-z0-9.-]+:[0-9]{1,5}$|^\[[0-9A-Fa-f:.]+\]:[0-9]{1,5}$")


def run(args) -> int:
    for option, value in (("--app", args.app), ("--sparql", args.sparql)):
        if not UPSTREAM.match(value):
            print(f"serverconf: {option} {value!r} is not HOST:PORT (e.g. 127.0.0.1:8000); "
                  "give the address without http:// and without a path", file=sys.stderr)
            return 2
    if not re.match(r"^/[A-Za-z0-9._~/-]*$", args.sparql_path):
        print(f"serverconf: --sparql-path {args.sparql_path!r} must be a path starting with / "
              "(e.g. /query)", file=sys.stderr)
        return 2
    project = args.project_obj
    webroot = Path(args.webroot) if args.webroot else layout.webroot(project)
    build_dir = Path(args.build_dir) if args.build_dir else project.build_dir
    ctx = SimpleNamespace(project=project, webroot=webroot, build_dir=build_dir)
    for path in serverconf.write(ctx, target=args.w3id_target, app=args.app, sparql=args.sparql,
                                 sparql_path=args.sparql_path):
        print(f"wrote {path}")
    return 0
