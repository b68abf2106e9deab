"""The one entry point: `competentieset <command>`.

Each command lives in its own module `commands/<name>.py` exposing `register(subparsers)`
and a `run(args) -> int`. Library code raises; only this module turns errors into
messages on stderr and exit codes (0 ok, 1 findings, 2 unusable input or settings).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from importlib import metadata

from competentieset.errors import CompetentiesetError
from competentieset.model.config import ConfigError, load_project

# Command modules, in the order `--help` lists them.
COMMANDS = ["validate", "build", "release", "diff", "export_xlsx", "import_xlsx", "site", "serve",
            "serverconf", "generate", "info"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="competentieset",
        description="Validate, build, serve and compare the competency set for public leaders.",
    )
    parser.add_argument("--version", action="version", version=metadata.version("competentieset"))
    parser.add_argument("--project", metavar="DIR", help="project folder (default: found from the working folder)")
    parser.add_argument("--base-uri", metavar="URI", help="publish under this base URI instead of the configured one")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f".commands.{name}", __package__)
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        from pathlib import Path

        try:
            args.project_obj = load_project(Path(args.project) if args.project else None, args.base_uri)
        except ConfigError:
            # a command that can work on files alone (diff of two files) says so with
            # `without_project`: a stand-in project for its files, under --base-uri if given
            if args.project or not getattr(args, "without_project", None):
                raise
            args.project_obj = args.without_project(args)
        return int(args.run(args) or 0)
    except (ConfigError, CompetentiesetError) as exc:
        print(f"competentieset: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("competentieset: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
