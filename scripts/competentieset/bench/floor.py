"""The engine floor: what pyoxigraph alone needs for the same work.

VALIDATION FLOOR. The queries below are core SKOS / NL-SBB / competency-profile
constraints of shapes/ written as plain SPARQL SELECTs (each returns the offending focus
nodes). They are the floor `competentieset validate` is compared with. They cover a SHARE
of shapes/, not all of it: COVERS names, per query, the constraints of shapes/ it stands
for (in the form `rule Component [parameter]` of the validator's findings), and the bench
row says how many of shapes/' constraints that is (`coverage`). The smoke test checks that
each query runs, that the synthetic data (valid) gives no rows, and that every name in
COVERS is a constraint of shapes/.

BUILD FLOOR. Parse every ontology file into its named graph of one store, then write the
union as Turtle, N-Triples and RDF/XML and the dataset as N-Quads.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

SKOS = "http://www.w3.org/2004/02/skos/core#"
PREFIXES = f"PREFIX skos: <{SKOS}>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"


# A concept of another scheme that is only a mapping target (an ESCO skill, described as
# ESCO describes it: English only, in no scheme of ours) is exempt from the rules for our
# concepts, as in shapes/ (ski:Concept-orphan; the language rules apply to ours only).
EXTERNAL = """FILTER NOT EXISTS {
        ?from skos:exactMatch|skos:closeMatch|skos:broadMatch|skos:narrowMatch|skos:relatedMatch ?c .
        FILTER NOT EXISTS { ?c skos:inScheme ?inScheme } }"""


def _lang_min(prop: str, lang: str) -> str:
    return f"""SELECT ?c WHERE {{ ?c a skos:Concept .
      FILTER NOT EXISTS {{ ?c skos:{prop} ?v FILTER(langMatches(lang(?v), "{lang}")) }}
      {EXTERNAL} }}"""


# name -> SPARQL SELECT of violating focus nodes; keep equivalent to shapes/ (see above).
QUERIES: dict[str, str] = {
    "Concept-prefLabel-nl": _lang_min("prefLabel", "nl"),
    "Concept-prefLabel-en": _lang_min("prefLabel", "en"),
    "Concept-definition-nl": _lang_min("definition", "nl"),
    "Concept-definition-en": _lang_min("definition", "en"),
    "Concept-prefLabel-uniqueLang": """SELECT DISTINCT ?c WHERE {
      ?c a skos:Concept ; skos:prefLabel ?a, ?b .
      FILTER(?a != ?b && lang(?a) = lang(?b)) }""",
    "Concept-labels-disjoint": """SELECT DISTINCT ?c WHERE {
      ?c skos:prefLabel ?l . { ?c skos:altLabel ?l } UNION { ?c skos:hiddenLabel ?l } }""",
    "Concept-language-tag": """SELECT DISTINCT ?c WHERE {
      ?c a skos:Concept ; ?p ?v .
      VALUES ?p { skos:prefLabel skos:altLabel skos:definition }
      FILTER(isLiteral(?v) && lang(?v) = "") }""",
    "Scheme-prefLabel-unique": """SELECT ?s ?l WHERE {
      ?c skos:inScheme ?s ; skos:prefLabel ?l .
    } GROUP BY ?s ?l HAVING (COUNT(DISTINCT ?c) > 1)""",
    "Scheme-notation-unique": """SELECT ?s ?n WHERE {
      ?c skos:inScheme ?s ; skos:notation ?n .
    } GROUP BY ?s ?n HAVING (COUNT(DISTINCT ?c) > 1)""",
    "Concept-broader-cycle": """SELECT DISTINCT ?c WHERE { ?c skos:broader+ ?c }""",
    "Concept-related-broaderTransitive": """SELECT DISTINCT ?c WHERE {
      ?c skos:related ?d . ?c skos:broader+ ?d }""",
    "Concept-orphan": """SELECT ?c WHERE { ?c a skos:Concept .
      FILTER NOT EXISTS { ?c skos:broader ?b }
      FILTER NOT EXISTS { ?c skos:topConceptOf ?s }
      FILTER NOT EXISTS { ?s2 skos:hasTopConcept ?c } """ + EXTERNAL + " }",
    "Concept-inScheme": """SELECT ?c WHERE { ?c a skos:Concept .
      FILTER NOT EXISTS { ?c skos:inScheme ?s } """ + EXTERNAL + " }",
    "Concept-inScheme-class": """SELECT DISTINCT ?c WHERE { ?c skos:inScheme ?s .
      FILTER NOT EXISTS { ?s a skos:ConceptScheme } }""",
    "Concept-topConceptOf-inScheme": """SELECT DISTINCT ?c WHERE { ?c skos:topConceptOf ?s .
      FILTER NOT EXISTS { ?c skos:inScheme ?s } }""",
    "Competentie-indicator": """SELECT ?c WHERE { ?c a ?class .
      FILTER(STRENDS(STR(?class), "/def/Competentie"))
      FILTER NOT EXISTS { ?i skos:broader ?c } }""",
    "Gedragsindicator-broader-one": """SELECT ?i WHERE { ?i a ?class .
      FILTER(STRENDS(STR(?class), "/def/Gedragsindicator"))
      OPTIONAL { ?i skos:broader ?b } } GROUP BY ?i HAVING (COUNT(?b) != 1)""",
    "Gedragsindicator-bronTekst": """SELECT ?i WHERE { ?i a ?class .
      FILTER(STRENDS(STR(?class), "/def/Gedragsindicator"))
      FILTER NOT EXISTS { ?i ?p ?t FILTER(STRENDS(STR(?p), "/def/bronTekst")) } }""",
    "Concept-label-whitespace": """SELECT DISTINCT ?c WHERE { ?c skos:prefLabel ?l .
      FILTER(REGEX(STR(?l), "^\\\\s|\\\\s$|\\\\s\\\\s")) }""",
}


# query -> the constraints of shapes/ it checks (same focus nodes, same condition, up to the
# target: the floor checks every skos:Concept where a shape may target our own concepts).
COVERS: dict[str, tuple[str, ...]] = {
    "Concept-prefLabel-nl": ("nl-sbb/Concept-prefLabel MinCount 1",
                             "competentieprofiel/EigenBegrip-prefLabelNlEn SPARQL"),
    "Concept-prefLabel-en": ("competentieprofiel/EigenBegrip-prefLabelNlEn SPARQL",),
    "Concept-definition-nl": ("nl-sbb/Concept-definition MinCount 1",
                              "competentieprofiel/EigenBegrip-definitionNlEn SPARQL"),
    "Concept-definition-en": ("competentieprofiel/EigenBegrip-definitionNlEn SPARQL",),
    "Concept-prefLabel-uniqueLang": ("skos-integriteit/Resource-prefLabel UniqueLang",),
    "Concept-labels-disjoint": ("skos-integriteit/Resource-prefLabel Disjoint altLabel",
                                "skos-integriteit/Resource-prefLabel Disjoint hiddenLabel"),
    "Concept-language-tag": ("skos-integriteit/Resource-languageTag SPARQL",),
    "Scheme-prefLabel-unique": ("skos-integriteit/Concept-prefLabelInScheme SPARQL",),
    "Scheme-notation-unique": ("nl-sbb/Concept-notation SPARQL",),
    "Concept-broader-cycle": ("skos-integriteit/Concept-broaderCycle SPARQL",),
    "Concept-related-broaderTransitive": ("skos-integriteit/Concept-relatedHierarchy SPARQL",),
    "Concept-orphan": ("skos-integriteit/Concept-orphan SPARQL",),
    "Concept-inScheme": (),
    "Concept-inScheme-class": ("skos-integriteit/Concept-inScheme Class ConceptScheme",),
    "Concept-topConceptOf-inScheme": (),
    "Competentie-indicator": ("competentieprofiel/Competentie-narrower MinCount 1",),
    "Gedragsindicator-broader-one": ("competentieprofiel/Gedragsindicator-broader MinCount 1",
                                     "competentieprofiel/Gedragsindicator-broader MaxCount 1"),
    "Gedragsindicator-bronTekst": ("competentieprofiel/Gedragsindicator-bronTekstVerplicht SPARQL",),
    "Concept-label-whitespace": ("competentieprofiel/Resource-whitespace SPARQL",),
}


def constraint_keys(project) -> set[str]:
    """Every constraint of the project's shapes/, as `rule Component [parameter]`."""
    from competentieset.validation.shapes import load_constraints

    prefix = project.base + "/def/shacl/"
    keys = set()
    for c in load_constraints(project):
        component = c.component.removesuffix("ConstraintComponent")
        parts = [c.shape.removeprefix(prefix), component]
        if c.parameter and component != "Pattern":
            parts.append(c.parameter.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        keys.add(" ".join(parts))
    return keys


def coverage(project) -> tuple[int, int]:
    """(constraints of shapes/ the floor's queries check, all constraints of shapes/)."""
    keys = constraint_keys(project)
    covered = {k for names in COVERS.values() for k in names} & keys
    return len(covered), len(keys)


def ontology_files(project_dir: Path) -> list[Path]:
    return sorted((project_dir / "ontology").rglob("*.ttl"))


def load_store(project_dir: Path) -> ox.Store:
    """Every ontology file into its own named graph (its file: IRI) of one in-memory store."""
    store = ox.Store()
    for path in ontology_files(project_dir):
        # Store.load parses natively, without a Python object per triple (the fastest path).
        store.load(path=str(path), format=ox.RdfFormat.TURTLE,
                   to_graph=ox.NamedNode(path.resolve().as_uri()))
    return store


def validate(project_dir: Path) -> dict[str, int]:
    """Run every floor query; the number of offending rows per query."""
    store = load_store(project_dir)
    return {
        name: sum(1 for _ in store.query(PREFIXES + query, use_default_graph_as_union=True))
        for name, query in QUERIES.items()
    }


def build(project_dir: Path, out: Path) -> dict[str, int]:
    """Parse and serialise: the dataset in N-Quads; the union in Turtle, N-Triples, RDF/XML.

    Everything stays in pyoxigraph's native code: the files are loaded into their named
    graphs of one store (dumped as N-Quads) and into the default graph of another (the
    union, de-duplicated by the store, dumped in the three triple formats).
    """
    out.mkdir(parents=True, exist_ok=True)
    dataset = load_store(project_dir)
    dataset.dump(str(out / "all.nq"), format=ox.RdfFormat.N_QUADS)
    union = ox.Store()
    for path in ontology_files(project_dir):
        union.load(path=str(path), format=ox.RdfFormat.TURTLE)
    for name, fmt in (("all.ttl", ox.RdfFormat.TURTLE), ("all.nt", ox.RdfFormat.N_TRIPLES),
                      ("all.rdf", ox.RdfFormat.RDF_XML)):
        union.dump(str(out / name), format=fmt, from_graph=ox.DefaultGraph(),
                   prefixes={"skos": SKOS} if fmt != ox.RdfFormat.N_TRIPLES else None)
    return {p.name: p.stat().st_size for p in sorted(out.iterdir())}


def file_sizes(webroot: Path, exclude: tuple[str, ...] = ("versie",)) -> list[tuple[str, int]]:
    """(relative path, size) of every file a build wrote into its web root (not the release
    copy, which is hard links), sorted: what the I/O floor writes again."""
    found = []
    for path in sorted(webroot.rglob("*")):
        rel = path.relative_to(webroot)
        if rel.parts[0] in exclude or not path.is_file() or path.is_symlink():
            continue
        found.append((rel.as_posix(), path.stat().st_size))
    return found


def io_floor(project_dir: Path, out: Path, sizes_file: Path) -> dict[str, int]:
    """The I/O floor of a data build: build() (parse + serialise in pyoxigraph) plus writing
    as many files of the same sizes into the same folders as the build wrote (sizes_file:
    `size<TAB>path` per line), with plain os.open/os.write, the cheapest Python can do."""
    import os

    found = build(project_dir, out / "floor")
    files = 0
    total = 0
    made: set[str] = set()
    root = str(out / "files")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    for line in sizes_file.read_text(encoding="utf-8").splitlines():
        size, _, rel = line.partition("\t")
        path = f"{root}/{rel}"
        folder = path.rpartition("/")[0]
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        fd = os.open(path, flags, 0o666)
        try:
            os.write(fd, b"x" * int(size))
        finally:
            os.close(fd)
        files += 1
        total += int(size)
    return {**found, "files": files, "bytes": total}
