"""`python -m competentieset.bench` (what `make bench` runs): print the table, write JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from competentieset.bench import Settings, report, run
from competentieset.errors import CompetentiesetError
from competentieset.model.config import ConfigError, load_project


def parse_sizes(text: str) -> tuple[int, ...]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        factor = 1000 if part.endswith("k") else 1
        sizes.append(int(float(part.rstrip("k")) * factor))
    return tuple(sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m competentieset.bench",
        description="Measure validate, build, site and serve on synthetic vocabularies of "
                    "N concepts against reference engines on the same data.")
    parser.add_argument("--sizes", type=parse_sizes, default=(1000, 20000),
                        help="comma-separated N, e.g. 200 or 1k,20k,100k (default 1k,20k)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell (median; default 3)")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results.json; build/ is replaced by every build)")
    parser.add_argument("--workdir", type=Path,
                        help="keep generated projects here (default: a temporary folder)")
    parser.add_argument("--shapes", type=Path, action="append", default=[],
                        help="shapes file for the pyshacl reference (default: the project's shapes/)")
    parser.add_argument("--pyshacl-cap", type=float, default=300.0,
                        help="seconds; a pyshacl run beyond it is killed, which still bounds "
                             "the ratio, and larger N skip it (default 300)")
    parser.add_argument("--mkdocs-cap", type=float, default=1800.0,
                        help="seconds for the plain mkdocs reference (default 1800)")
    parser.add_argument("--ours-cap", type=float, default=1800.0,
                        help="seconds; a run of our command beyond it is killed (default 1800)")
    parser.add_argument("--load-seconds", type=float, default=5.0, help="per wrk run (default 5)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--no-real", action="store_true", help="skip the real-vocabulary rows")
    parser.add_argument("--no-incremental", action="store_true",
                        help="skip the incremental-build row (two extra full builds per size)")
    parser.add_argument("--project", type=Path, help="project folder (default: found from here)")
    args = parser.parse_args(argv)
    try:
        project = load_project(args.project)
    except ConfigError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    settings = Settings(
        sizes=args.sizes, repeat=max(1, args.repeat), workdir=args.workdir,
        shapes=[p.resolve() for p in args.shapes], pyshacl_cap=args.pyshacl_cap,
        mkdocs_cap=args.mkdocs_cap, ours_cap=args.ours_cap, load_seconds=args.load_seconds,
        connections=args.connections, real=not args.no_real,
        incremental=not args.no_incremental,
        log=lambda line: print(line, file=sys.stderr, flush=True),
    )
    try:
        results = run(project, settings)
    except (CompetentiesetError, RuntimeError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    out = args.out or project.root / "bench" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report.render(results))
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
