"""`competentieset info`: what the project is set up to publish, and a quick count."""

from __future__ import annotations

from competentieset.model import vocabulary


def register(sub) -> None:
    parser = sub.add_parser("info", help="show the settings and count what the vocabulary holds")
    parser.set_defaults(run=run)


def run(args) -> int:
    project = args.project_obj
    vocab = vocabulary.load(project)
    print(f"project:  {project.root}")
    print(f"version:  {project.version}")
    print(f"base URI: {project.base}")
    for info in vocab.graphs.values():
        count = len(list(vocab.store.quads_for_pattern(None, None, None, _node(info.iri))))
        kind = info.kind.rsplit("/", 1)[-1] if info.kind else "-"
        flag = "editorial" if info.editorial else "sourced"
        print(f"  {info.path.relative_to(project.ontology_dir)}: {count} triples, {kind} ({flag})")
    return 0


def _node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)
