"""The engine floor: what pyoxigraph alone needs for the same work.

VALIDATION FLOOR. The queries below are the core SKOS / NL-SBB / competency-profile
constraints of shapes/ written as plain SPARQL SELECTs (each returns the offending focus
nodes). They are the floor `competentieset validate` is compared with, so they must be
kept equivalent to shapes/ in coverage: when a shape is added or changed there, add or
change its query here (the bench's smoke test checks that each query runs and that the
synthetic data, which is valid, gives no rows).

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
