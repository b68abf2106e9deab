"""`competentieset serverconf`: write the nginx, Apache and w3id configs for the build."""

from __future__ import annotations

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
    parser.set_defaults(run=run)


def run(args) -> int:
    project = args.project_obj
    webroot = Path(args.webroot) if args.webroot else layout.webroot(project)
    build_dir = Path(args.build_dir) if args.build_dir else project.build_dir
    ctx = SimpleNamespace(project=project, webroot=webroot, build_dir=build_dir)
    for path in serverconf.write(ctx, target=args.w3id_target):
        print(f"wrote {path}")
    return 0
