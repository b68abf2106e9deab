"""Identifiers and dates for systems that key on them: the derived graph `graaf:afgeleid`.

The build adds one named graph to the loaded vocabulary (after validation, before anything
is written), {base}/id/graaf/afgeleid, holding for every resource of ours (every IRI in the
URI register that is a subject in the data):

  dct:identifier  uuid_of(URI): RFC 4122 version 5, URL namespace, lowercase (uris.uuid_of);
                  the same UUID is written beside the URI in ontology/uri-register.txt, and
                  the validator checks that the two agree
  cs:korteCode    the short code (uris.short_code) of competencies and indicators
  dct:created     the date of the first release whose data has the resource
  dct:modified    the date of the last release that changed its description (the triples
                  with it as subject, this graph left out); the first release's date if
                  none did

The release history is read from the frozen releases of the previous build
(build/www/versie/<v>/doc/download/competentieset.nq, each release's data as published)
plus the current data, dated with ontology/releases.csv. No date is invented: a resource
only in the current data gets the current release's date; a release whose folder is absent
is left out of the comparison (the next present release is compared with the last present
one). Everything in the graph is the project's (kind cs:Redactie, editorial); the graph's
own description (a cs:Deelgraaf) is in it, since it has no file in ontology/.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from competentieset.model import layout, uris
from competentieset.model.namespaces import RDF_TYPE

DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
GRAPH_NAME = "afgeleid"
# the types that get a short code (competencies and indicators)
CODED_TYPES = ("Competentie", "Gedragsindicator")


def graph_iri(base: str) -> str:
    """The derived graph's IRI (it is in the URI register like every graph)."""
    return f"{base.rstrip('/')}/id/graaf/{GRAPH_NAME}"


def minted(base: str) -> set[str]:
    """The IRIs this module mints (the URI register lists them although ontology/ does not)."""
    return {graph_iri(base)}


def _fingerprints(quads, prefix: str, skip_graph: str) -> dict[str, str]:
    """subject IRI under `prefix` -> digest of its sorted distinct triples (skip_graph left out)."""
    triples: dict[str, set[str]] = {}
    for quad in quads:
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(prefix):
            continue
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value == skip_graph:
            continue
        triples.setdefault(subject.value, set()).add(str(quad.triple))
    return {s: hashlib.sha256("\n".join(sorted(t)).encode("utf-8")).hexdigest()
            for s, t in triples.items()}


def release_nquads(previous_build: Path | None, version: str) -> Path | None:
    """The frozen N-Quads of release `version` in the previous build, if present."""
    if previous_build is None:
        return None
    path = (previous_build / layout.WEBROOT / layout.release_dir(version) / layout.download_file("nq"))
    return path if path.is_file() else None


def earlier(base: str, releases, current, previous_build: Path | None) -> dict[str, tuple[str, str, str]]:
    """IRI -> (created, modified, digest) after the releases before `current` whose frozen
    N-Quads are present (the history without the current data)."""
    prefix = base + "/"
    skip = graph_iri(base)
    fold: dict[str, tuple[str, str, str]] = {}
    for release in releases:
        if release.version == current.version:
            break
        path = release_nquads(previous_build, release.version)
        if path is None:
            continue
        quads = ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
        _fold(fold, release.date, _fingerprints(quads, prefix, skip))
    return fold


def _fold(fold: dict[str, tuple[str, str, str]], date: str, prints: dict[str, str]) -> None:
    for iri, digest in prints.items():
        before = fold.get(iri)
        if before is None:
            fold[iri] = (date, date, digest)
        else:
            fold[iri] = (before[0], before[1] if before[2] == digest else date, digest)


def current_dates(fold, date: str, prints: dict[str, str]) -> dict[str, tuple[str, str]]:
    """IRI -> (created, modified) of the subjects with fingerprints `prints` in the current
    data (dated `date`), after the earlier releases' `fold` (earlier())."""
    result = {}
    for iri, digest in prints.items():
        before = fold.get(iri)
        result[iri] = (date, date) if before is None else \
            (before[0], before[1] if before[2] == digest else date)
    return result


def subject_prints(vocab, subjects) -> dict[str, str]:
    """The current fingerprints (see _fingerprints) of the given subjects of ours only."""
    base = vocab.project.base
    store = vocab.store
    quads = (q for s in sorted(subjects) for q in store.quads_for_pattern(ox.NamedNode(s), None, None, None))
    return _fingerprints(quads, base + "/", graph_iri(base))


def history(vocab, releases, current, previous_build: Path | None) -> dict[str, tuple[str, str]]:
    """IRI -> (created, modified) dates for every subject of ours in the current data.

    `releases` is the release record oldest first, `current` this build's release (in it)."""
    base = vocab.project.base
    fold = earlier(base, releases, current, previous_build)
    return current_dates(fold, current.date, _fingerprints(
        vocab.store.quads_for_pattern(None, None, None, None), base + "/", graph_iri(base)))


def derived_quads(vocab, dates: dict[str, tuple[str, str]], whole: bool = True) -> list[ox.Quad]:
    """The quads of the derived graph (see module docstring), sorted; `whole` False: only
    those of the subjects of `dates` (without the graph's own description)."""
    from competentieset.model.vocabulary import cs

    project = vocab.project
    base = project.base
    graph = ox.NamedNode(graph_iri(base))
    types: dict[str, set[str]] = {}
    rdf_type = ox.NamedNode(RDF_TYPE)
    typed = vocab.store.quads_for_pattern(None, rdf_type, None, None) if whole else \
        (q for s in sorted(dates) for q in vocab.store.quads_for_pattern(ox.NamedNode(s), rdf_type, None, None))
    for quad in typed:
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            types.setdefault(quad.subject.value, set()).add(quad.object.value)
    coded = {cs(project, t) for t in CODED_TYPES}
    korte_code = ox.NamedNode(cs(project, "korteCode"))
    out: list[ox.Quad] = []
    graph_node = graph.value
    own = dict(dates)
    if whole:
        own.setdefault(graph_node, ("", ""))  # no release history of its own: no dates
    for iri in sorted(own):
        created, modified = own[iri]
        node = ox.NamedNode(iri)
        out.append(ox.Quad(node, ox.NamedNode(DCT + "identifier"), ox.Literal(uris.uuid_of(iri)), graph))
        if created:
            out.append(ox.Quad(node, ox.NamedNode(DCT + "created"), ox.Literal(created, datatype=XSD_DATE), graph))
            out.append(ox.Quad(node, ox.NamedNode(DCT + "modified"), ox.Literal(modified, datatype=XSD_DATE), graph))
        if types.get(iri, set()) & coded:
            out.append(ox.Quad(node, korte_code, ox.Literal(uris.short_code(iri, base)), graph))
    if not whole:
        return out
    # the graph's own description (what herkomst.ttl says of the graphs that have a file)
    describe = [
        (RDF_TYPE, ox.NamedNode(cs(project, "Deelgraaf"))),
        (cs(project, "herkomst"), ox.NamedNode(cs(project, "Redactie"))),
        (DCT + "title", ox.Literal("Identificatie en data: door de build afgeleid", language="nl")),
        (DCT + "title", ox.Literal("Identifiers and dates: derived by the build", language="en")),
        (DCT + "description", ox.Literal(
            "UUID's (versie 5 van de URI), korte codes en de data van eerste opname en laatste "
            "wijziging uit de releasegeschiedenis (ontology/releases.csv en de bevroren releases). "
            "Een toevoeging van dit project, zonder eigen bestand in ontology/.", language="nl")),
        (DCT + "description", ox.Literal(
            "UUIDs (version 5 of the URI), short codes, and the dates of first inclusion and last "
            "change from the release history (ontology/releases.csv and the frozen releases). An "
            "addition of this project, with no file of its own in ontology/.", language="en")),
    ]
    out += [ox.Quad(graph, ox.NamedNode(p), o, graph) for p, o in describe]
    return out


def add_derived_graph(vocab, releases, current, previous_build: Path | None) -> dict:
    """Add the derived graph to the vocabulary's store and its catalog (vocab.graphs);
    returns the earlier releases' history (earlier())."""
    base = vocab.project.base
    fold = earlier(base, releases, current, previous_build)
    dates = current_dates(fold, current.date, _fingerprints(
        vocab.store.quads_for_pattern(None, None, None, None), base + "/", graph_iri(base)))
    vocab.store.extend(derived_quads(vocab, dates))
    register(vocab)
    return fold


def register(vocab) -> None:
    """The derived graph in the vocabulary's catalog (vocab.graphs): kind Redactie, editorial."""
    from competentieset.model.vocabulary import GraphInfo, cs

    iri = graph_iri(vocab.project.base)
    vocab.graphs[iri] = GraphInfo(iri, None, cs(vocab.project, "Redactie"), True)
