"""`competentieset generate N DIR`: a synthetic project of N concepts, for benchmarks."""

from __future__ import annotations

from pathlib import Path

from competentieset import synthetic


def register(sub) -> None:
    parser = sub.add_parser(
        "generate",
        help="write a synthetic project of the same shape as this one, with N concepts (for benchmarks)",
    )
    parser.add_argument("n", type=int, metavar="N", help="concepts in the competency scheme")
    parser.add_argument("target", metavar="DIR", help="folder to write (must not exist or be empty)")
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED,
                        help="random seed (default %(default)s); same seed and N, same bytes")
    parser.set_defaults(run=run)


def run(args) -> int:
    counts = synthetic.generate(args.project_obj, args.n, Path(args.target), seed=args.seed)
    print(
        f"{args.target}: {counts.concepts} concepts in the competency scheme "
        f"({counts.real} real, {counts.competencies} synthetic competencies, "
        f"{counts.indicators} synthetic indicators), {counts.skills} ESCO-style skills"
    )
    return 0
