"""How far from its focus node each compiled constraint reads the data: what a change can
affect, so that validation after a small edit can be limited (validation/limited.py).

    own   the rows of focus node X depend only on statements with X as subject or object
          (X's own statements and those pointing at X), given the schema (classes,
          properties, the catalog's named graphs) is unchanged;
    near  also on the statements of X's neighbours: a resource or literal X points at or
          is pointed at by, and (for the properties the entry names, PEERS) a resource with
          the same literal value as X for the same property (a duplicate label or notation);
    all   anything else (a path of any length, e.g. broader+): run on every focus node.

Core constraints (sh:minCount, sh:datatype, ...) are classified from what the compiler
generates: a one-predicate or inverse path is `own`, sh:class reads the value's type
(`near`), any other path is `all`; sh:targetClass/Node/SubjectsOf/ObjectsOf are `own`.
SPARQL constraints and SPARQL targets are classified below by hand, each by a digest of its
sh:select text (whitespace and the base IRI left out): a query that is added or edited is
`all` until someone reads it and adds its digest here (tests/validate/test_validate_limited.py
lists the unclassified ones). Classifying a query `own` or `near` that reads further makes
limited validation miss findings: the same test compares limited and full validation on
every constraint's failing case.
"""

from __future__ import annotations

import hashlib

ORDER = ("own", "near", "all")

SKOS = "http://www.w3.org/2004/02/skos/core#"

# digest of sh:select -> (shape, reach[, peers]); the shape is for the reader only; peers: the
# properties on whose values the query joins its focus node with another resource (?other)
SPARQL = {
    # constraints
    "0d524e312c54855a": ("skos-integriteit/Resource-skosTerm", "own"),
    "f2aec11f006f0816": ("skos-integriteit/Concept-prefLabelInScheme", "near", (SKOS + "prefLabel",)),
    "6cccbbe4d8bcc41b": ("skos-integriteit/Concept-orphan", "own"),
    "a741cec6f0be4e13": ("skos-integriteit/Concept-broaderMissing", "own"),
    "2942b8ae1f8e77fb": ("skos-integriteit/Concept-narrowerMissing", "near"),  # ?value owl:deprecated
    "af40632ed7e1a45d": ("skos-integriteit/Concept-broaderCycle", "all"),  # (broader|^narrower)+
    "52903dd12a842013": ("skos-integriteit/Concept-relatedHierarchy", "all"),  # (broader|^narrower)+
    "768e931c58dd4e61": ("skos-integriteit/Resource-languageTag", "own"),
    "1043faf1c794c7a4": ("nl-sbb/Collection-member", "near"),  # the member's type
    "719eadbdc61e79b6": ("nl-sbb/ConceptScheme-type", "own"),
    "66185dcdf89b1c56": ("nl-sbb/Concept-topConceptBroader", "own"),
    "be66cd44d7714c70": ("nl-sbb/Concept-notation", "near", (SKOS + "notation",)),
    "f94b98dc8ac0e865": ("nl-sbb/Concept-mappingScheme", "near"),  # the target's scheme
    "818b01ed27c49056": ("nl-sbb/Concept-semanticRelation", "own"),
    "884974e725dc70b6": ("nl-sbb/Concept-type", "own"),
    "a21272132a19221e": ("nl-sbb/Concept-example", "own"),
    "e70dfb5ca339759f": ("competentieprofiel/Verouderd-hierarchie", "own"),
    "10fea4014334cdca": ("competentieprofiel/Verouderd-vervanger", "near"),  # the successor's type
    "7206bba70b30a18f": ("competentieprofiel/Resource-whitespace", "own"),
    "94b4f0837c6098dd": ("competentieprofiel/Resource-modelTerm", "own"),  # terms' declarations: schema
    "a0502f7094d0a4c9": ("competentieprofiel/Functiegroep-schaalbereik", "own"),
    "43feb139947698bc": ("competentieprofiel/Gedragsindicator-bronTekstHerkomst", "own"),  # + catalog
    "53b76e6d17491a73": ("competentieprofiel/Gedragsindicator-definition", "own"),
    "502d8eecdec0087b": ("competentieprofiel/Gedragsindicator-bronTekstVerplicht", "own"),  # + catalog
    "c14b8f6c494c164c": ("competentieprofiel/Competentie-raaktGebiedHerkomst", "own"),  # + catalog
    "b03d5e4452fcbd53": ("competentieprofiel/EigenBegrip-definitionNlEn", "own"),
    "9aa6eeb5d8363eb0": ("competentieprofiel/EigenBegrip-taalcode", "own"),
    "8be633842dc19a06": ("competentieprofiel/EigenBegrip-prefLabelNlEn", "own"),
    # SPARQL targets (sh:target [ a sh:SPARQLTarget ])
    "155884fc18986182": ("skos-integriteit/Resource-skosTerm (target)", "own"),
    "ac4439cbbce26ada": ("competentieprofiel/Verouderd (target)", "own"),
    "3b28e68237c3c64d": ("competentieprofiel/Resource-modelTerm (target)", "own"),  # schema
    "12e0332696a8be08": ("competentieprofiel/Gedragsindicator (target)", "own"),
    "97f17f50e6573603": ("competentieprofiel/Competentie (target)", "own"),
    "845ea1fd1b8b2e9e": ("competentieprofiel/EigenBegrip (target)", "own"),
    "fe828fa39cb73aaf": ("competentieprofiel/EigenBegrip-prefLabelNlEn, -taalcode (target)", "own"),
}


def widest(*reaches: str) -> str:
    return max(reaches, key=ORDER.index)


def digest(select: str, base: str) -> str:
    """The digest of a SPARQL text: whitespace-insensitive, the base IRI replaced."""
    text = " ".join(select.replace(base + "/", "{base}/").split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def of_sparql(select: str, base: str) -> str:
    entry = SPARQL.get(digest(select, base))
    return entry[1] if entry else "all"


def peers_of_sparql(select: str, base: str) -> tuple:
    entry = SPARQL.get(digest(select, base))
    return entry[2] if entry and len(entry) > 2 else ()


def of_core(component: str, simple_path: bool) -> str:
    """A core constraint on a one-predicate (or inverse) path reads its focus node's own
    statements; sh:class also the type of each value; any longer path is `all`."""
    if not simple_path:
        return "all"
    return "near" if component == "ClassConstraintComponent" else "own"
