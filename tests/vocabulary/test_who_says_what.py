"""Issue 11: content a civil servant can trust, in the data.

The source graph says only what the source text says (read independently by
source_text.py); the dataset's publisher is the editors, the ABD publishes the source
document; nothing but ESCO's own statements on ESCO's URIs; the crosswalk as reviewed;
definitions, areas and notes marked as ours; the English phrases the review listed gone.
Expected values come from the source text, the ESCO extract, facts.md or the issue.
"""

from __future__ import annotations

import csv
import re

import pytest

from tests.vocabulary.source_text import read

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ABD_PAGE = ("https://www.algemenebestuursdienst.nl/organisatie/wat-verwacht-de-rijksoverheid-"
            "van-een-publiek-leider/competentieset-voor-publieke-leiders")
FGR_SITE = "https://www.functiegebouwrijksoverheid.nl"

# The English phrases the review (issue 11) found wrong; none may remain in English text.
ENGLISH_PHRASES = (
    "societal task", "adequate", "aware of the environment", "senior civil service",
    "functioning", "self-insight", "dare to", "risks of damage", "asked or unasked",
    "consultations with parliament", "translate them to your", "in a connecting way",
    "organise the organisation", "organises the organisation", "organising your own organisation",
    "parties", "traceably", "inspiringly", "propagate", "works from shared leadership",
    "stress resilience", "top manager general", "administrative and organisational",
)


def q(vocab, sparql):
    base = vocab.project.base
    return list(vocab.query(f"PREFIX skos: <{SKOS}> PREFIX dct: <{DCT}> "
                            f"PREFIX cs: <{base}/def/> " + sparql))


@pytest.fixture(scope="module")
def source(sources):
    return read(sources / "abd" / "competentieset-publieke-leiders.txt")


@pytest.fixture(scope="module")
def esco_list(sources):
    path = sources / "esco" / "transversal-skills-collection-esco-1.2.0-en.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {row["conceptUri"]: row for row in csv.DictReader(f)}


def test_no_statement_in_the_source_graph_that_the_source_text_does_not_contain(vocab, source):
    """Allow-list: each predicate of the source graph and how its objects are checked
    against the source text. Anything else (a notation, a publisher, a scheme of ours) fails."""
    base = vocab.project.base
    cs = f"{base}/def/"
    scheme = f"{base}/id/begrippenkader/competentieset"
    normalised = re.sub(r"\s+", " ", source.raw)
    headings = [h for h, _ in source.competencies]
    areas = re.split(r", | en ", re.search(r"gebieden: ([^.]+)\.", source.raw).group(1))

    def literal_in_source(o):
        return o.language == "nl" and (o.value in source.raw or o.value in normalised)

    def our_structure(o):
        return o.value.startswith(f"{base}/id/") or o.value.startswith(f"{base}/def/")

    allowed = {
        # what a thing is (competency, indicator, area, the set; SKOS concept or scheme)
        RDF_TYPE: lambda o: our_structure(o) or o.value in (SKOS + "Concept", SKOS + "ConceptScheme"),
        SKOS + "prefLabel": lambda o: literal_in_source(o) and (o.value in headings or o.value in areas or o.value == source.title),
        DCT + "title": lambda o: literal_in_source(o) and o.value == source.title,
        DCT + "description": lambda o: o.value == source.introduction,
        SKOS + "scopeNote": literal_in_source,
        SKOS + "definition": literal_in_source,
        cs + "bronTekst": literal_in_source,
        cs + "sluitAanBijTekst": lambda o: o.value == source.closing,
        # "sluit aan bij het Functiegebouw Rijk": the FGR as a whole (its site), not our extract
        cs + "sluitAanBij": lambda o: o.value == FGR_SITE and "Functiegebouw Rijk" in source.closing,
        cs + "raaktGebied": lambda o: o.value.startswith(f"{base}/id/gebied/"),
        DCT + "source": lambda o: o.value == ABD_PAGE,
        # the source's structure: bullets under headings, the seven in the set
        SKOS + "broader": our_structure, SKOS + "narrower": our_structure,
        SKOS + "inScheme": lambda o: o.value == scheme,
        SKOS + "topConceptOf": lambda o: o.value == scheme,
        SKOS + "hasTopConcept": our_structure,
    }
    rows = q(vocab, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{base}/id/graaf/bron-competentieset> {{ ?s ?p ?o }} }}")
    assert len(rows) == 323
    for r in rows:
        predicate = r["p"].value
        assert predicate in allowed, f"{r['s'].value} {predicate} {r['o']}: not something the source text says"
        assert allowed[predicate](r["o"]), f"{r['s'].value} {predicate} {r['o']}: not in the source text"
    # only the set is in kader:competentieset via raaktGebied: the areas are named for the whole set
    subjects = {r["s"].value for r in rows if r["p"].value == cs + "raaktGebied"}
    assert subjects == {scheme}


def test_notations_sequence_numbers_and_area_scheme_are_editorial(vocab):
    base = vocab.project.base
    rows = q(vocab, """SELECT ?g ?p WHERE { GRAPH ?g { ?s ?p ?o }
        VALUES ?p { skos:notation cs:volgnummer } ?s a ?t VALUES ?t { cs:Competentie cs:Gedragsindicator cs:Gebied } }""")
    assert len(rows) == 2 * (7 + 30 + 5)
    assert {r["g"].value for r in rows} == {f"{base}/id/graaf/redactie-notaties"}
    assert vocab.graphs[f"{base}/id/graaf/redactie-notaties"].editorial is True
    membership = q(vocab, f"""SELECT ?g WHERE {{ GRAPH ?g {{ ?a skos:inScheme <{base}/id/begrippenkader/gebieden> }} }}""")
    assert len(membership) == 5
    assert {vocab.graphs[r["g"].value].editorial for r in membership} == {True}


def test_the_dataset_is_published_by_the_editors_and_the_source_by_the_abd(vocab):
    base = vocab.project.base
    scheme = f"{base}/id/begrippenkader/competentieset"
    publishers = q(vocab, f"SELECT ?p ?g WHERE {{ GRAPH ?g {{ <{scheme}> dct:publisher ?p }} }}")
    assert [r["p"].value for r in publishers] == [f"{base}/id/organisatie/redactie"]
    assert vocab.graphs[publishers[0]["g"].value].editorial is True
    source_publisher = q(vocab, f"SELECT ?p WHERE {{ <{ABD_PAGE}> dct:publisher ?p }}")
    assert [r["p"].value for r in source_publisher] == [f"{base}/id/organisatie/algemene-bestuursdienst"]
    # the narrowing to Lijnmanagement and the Topmanager kernprofiel are cited facts
    rows = q(vocab, """SELECT ?g WHERE { GRAPH ?g { ?grp cs:kernprofielCompetentie ?c } }""")
    assert {vocab.graphs[r["g"].value].kind.rsplit("/", 1)[-1] for r in rows} == {"Feit"}


def test_rights_per_part_name_no_licence_for_the_abd_or_esco(vocab):
    base = vocab.project.base
    cc_by = "http://creativecommons.org/licenses/by/4.0/"
    rows = q(vocab, "SELECT ?g ?r ?l WHERE { ?g a cs:Deelgraaf ; dct:rights ?r OPTIONAL { ?g dct:license ?l } }")
    rights = {r["g"].value.rsplit("/", 1)[-1]: (r["r"].value.rsplit("/", 1)[-1], r["l"] and r["l"].value) for r in rows}
    assert len(rights) == len(vocab.graphs) == 12
    assert rights["bron-competentieset"] == ("tekst-abd", None)
    assert rights["extern-esco"] == ("esco", None)
    assert rights["feiten-functiegebouw-rijk"] == ("geciteerde-feiten", None)
    for graph, info in vocab.graphs.items():
        if info.editorial:
            assert rights[graph.rsplit("/", 1)[-1]] == ("redactie", cc_by), graph
    texts = {r["r"].value.rsplit("/", 1)[-1]: r["t"].value for r in q(vocab, """SELECT ?r ?t WHERE {
        ?r a dct:RightsStatement ; <http://www.w3.org/2000/01/rdf-schema#label> ?t FILTER(lang(?t) = "en") }""")}
    assert "reused with attribution" in texts["tekst-abd"] and "asserts none" in texts["tekst-abd"]
    assert "European Commission" in texts["esco"] and "reuse with attribution" in texts["esco"]
    assert "editors' choice" in texts["redactie"]
    licensed = {r["s"].value for r in q(vocab, f"SELECT ?s WHERE {{ ?s dct:license <{cc_by}> }}")}
    assert f"{base}/id/rechten/tekst-abd" not in licensed and f"{base}/id/rechten/esco" not in licensed


def test_nothing_on_esco_uris_but_what_esco_says(vocab, esco_list):
    rows = q(vocab, """SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "http://data.europa.eu/esco/")) }""")
    assert rows
    for r in rows:
        uri, predicate, obj = r["s"].value, r["p"].value, r["o"]
        row = esco_list[uri]
        if predicate == RDF_TYPE:
            assert obj.value == SKOS + "Concept"  # facts.md (V): ESCO skills are SKOS concepts
        elif predicate == SKOS + "prefLabel":
            assert (obj.value, obj.language) == (row["preferredLabel"].strip(), "en")
        elif predicate == SKOS + "definition":
            assert (obj.value, obj.language) == (row["description"].strip(), "en")
        else:
            pytest.fail(f"{uri} {predicate} {obj}: ESCO does not say this")


# The crosswalk as reviewed in issue 11: (our concept, relation, ESCO preferred label).
CROSSWALK = {
    ("competentie/reflecteren", "narrowMatch", "exercise self-reflection"),
    ("gedragsindicator/reflecteren-1", "relatedMatch", "accept criticism and guidance"),
    ("gedragsindicator/reflecteren-3", "relatedMatch", "accept criticism and guidance"),
    ("competentie/conceptuele-flexibiliteit", "relatedMatch", "think critically"),
    ("competentie/conceptuele-flexibiliteit", "relatedMatch", "think holistically"),
    ("competentie/conceptuele-flexibiliteit", "relatedMatch", "make decisions"),
    ("gedragsindicator/conceptuele-flexibiliteit-1", "closeMatch", "think analytically"),
    ("gedragsindicator/conceptuele-flexibiliteit-3", "closeMatch", "cope with uncertainty"),
    ("gedragsindicator/omgevingsbewustzijn-2", "relatedMatch", "show empathy"),
    ("gedragsindicator/omgevingsbewustzijn-3", "relatedMatch", "show empathy"),
    ("gedragsindicator/omgevingsbewustzijn-4", "closeMatch", "demonstrate intercultural competence"),
    ("competentie/gedeeld-leiderschap", "relatedMatch", "work in teams"),
    ("competentie/gedeeld-leiderschap", "relatedMatch", "build networks"),
    ("competentie/aansturen-organisatie", "relatedMatch", "lead others"),
    ("gedragsindicator/aansturen-organisatie-5", "relatedMatch", "demonstrate trustworthiness"),
    ("competentie/stressbestendigheid", "closeMatch", "cope with stress"),
}


def test_the_crosswalk_is_the_reviewed_one_each_with_its_reasoning(vocab, esco_list):
    base = vocab.project.base
    rows = q(vocab, """SELECT ?c ?p ?t ?g WHERE { GRAPH ?g { ?c ?p ?t }
        VALUES ?p { skos:exactMatch skos:closeMatch skos:relatedMatch skos:broadMatch skos:narrowMatch } }""")
    got = {(r["c"].value[len(base) + 4:], r["p"].value[len(SKOS):],
            esco_list[r["t"].value]["preferredLabel"].strip()) for r in rows}
    assert got == CROSSWALK
    for concept, _, label in CROSSWALK:
        notes = {r["n"].language: r["n"].value for r in q(vocab, f"""SELECT ?n WHERE {{
            GRAPH <{base}/id/graaf/mapping-esco> {{ <{base}/id/{concept}> skos:editorialNote ?n }} }}""")
            if label in r["n"].value}
        assert set(notes) == {"nl", "en"}, (concept, label)
        assert notes["nl"].startswith("Mapping van de redactie")
        assert "onze vertaling" in notes["nl"] or "(" in notes["nl"]


def test_area_definitions_are_ours_and_name_no_competency(vocab, source):
    headings = [h.casefold() for h, _ in source.competencies]
    rows = q(vocab, """SELECT ?a ?d ?n WHERE { ?a a cs:Gebied ; skos:definition ?d ; skos:editorialNote ?n
        FILTER(lang(?d) = "nl" && lang(?n) = "nl") }""")
    assert len(rows) == 5
    for r in rows:
        assert r["n"].value == "Werkdefinitie van de redactie; de bron definieert de gebieden niet."
        for heading in headings:
            assert heading not in r["d"].value.casefold()
        # the old circular wordings are gone
        assert "kwetsbaar" not in r["d"].value and "politiek-bestuurlijk" not in r["d"].value


def test_every_indicator_is_reasoned_in_its_competency_area_note(vocab):
    rows = q(vocab, """SELECT ?c ?n ?note WHERE { ?c a cs:Competentie ; skos:narrower ?i ;
        skos:editorialNote ?note . ?i skos:notation ?n
        FILTER(lang(?note) IN ("nl", "en") && STRSTARTS(?note, "Interpret")) }""")
    seen: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        seen.setdefault((r["c"].value, r["note"].language), set()).add(r["n"].value)
        assert re.search(rf"(^|\. ){re.escape(r['n'].value)} ", r["note"].value), (r["c"].value, r["n"].value)
    assert len(seen) == 14  # 7 competencies x nl and en
    assert sum(len(v) for v in seen.values()) == 60  # every one of the 30 indicators, twice


def test_drifted_definitions_are_mended(vocab):
    base = vocab.project.base

    def definition(name):
        return q(vocab, f"""SELECT ?d WHERE {{ <{base}/id/competentie/{name}> skos:definition ?d
            FILTER(lang(?d) = "nl") }}""")[0]["d"].value

    reflecteren = definition("reflecteren")
    assert "in een lerend klimaat" not in reflecteren
    assert "zelf een reflectief, veilig en positief lerend team- en organisatieklimaat creëren" in reflecteren
    bestuur = definition("bestuurssensitiviteit")
    assert "tijdig" not in bestuur
    for word in ("technologische", "consistentie", "(on)gevraagd"):
        assert word in bestuur


def test_scope_note_is_the_source_sentence_with_sic_and_no_levels_note(vocab, source):
    base = vocab.project.base
    scheme = f"{base}/id/begrippenkader/competentieset"
    sentence = re.search(r"Het ligt aan de context[^.]+\.", source.raw).group(0)
    scope = q(vocab, f"SELECT ?s ?g WHERE {{ GRAPH ?g {{ <{scheme}> skos:scopeNote ?s }} }}")
    assert [r["s"].value for r in scope] == [sentence]
    assert scope[0]["g"].value == f"{base}/id/graaf/bron-competentieset"
    notes = [r["n"].value for r in q(vocab, f"SELECT ?n WHERE {{ <{scheme}> skos:editorialNote ?n }}")]
    assert any("het meest zwaarst" in n and "[sic]" in n for n in notes)
    assert any("geen niveaus, normen of wegingen" in n for n in notes)
    assert any("no levels, norms or weights" in n for n in notes)


def test_the_source_word_forms_are_hidden_labels(vocab, source):
    base = vocab.project.base
    expected = {"bestuurssensitief": "bestuurssensitiviteit", "omgevingsbewust": "omgevingsbewustzijn",
                "stressbestendig": "stressbestendigheid"}
    for word, name in expected.items():
        assert re.search(rf"\b{word}\b", source.introduction)
        rows = q(vocab, f"""SELECT ?c WHERE {{ ?c skos:hiddenLabel "{word}"@nl }}""")
        assert [r["c"].value for r in rows] == [f"{base}/id/competentie/{name}"]


def test_none_of_the_reviewed_english_phrases_remains_in_the_data(vocab):
    rows = q(vocab, """SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && lang(?o) = "en") }""")
    assert rows
    for r in rows:
        text = r["o"].value.casefold()
        for phrase in ENGLISH_PHRASES:
            assert phrase not in text, f"{r['s'].value}: {phrase!r} in {r['o'].value!r}"
    base = vocab.project.base
    labels = {r["l"].value for r in q(vocab, f"""SELECT ?l WHERE {{
        <{base}/id/begrippenkader/competentieset> skos:prefLabel ?l FILTER(lang(?l) = "en") }}""")}
    assert labels == {"Competency framework for public leaders"}
    fgr = {r["l"].value for r in q(vocab, """SELECT ?l WHERE { ?g a cs:Functiegroep ; skos:prefLabel ?l
        FILTER(lang(?l) = "en") }""")}
    assert "Topmanager generaal" in fgr and "Topmanager" in fgr


def test_the_translation_says_where_it_fills_in_what_the_source_leaves_implicit(vocab):
    base = vocab.project.base
    notes = [r["n"].value for r in q(vocab, f"""SELECT ?n WHERE {{
        <{base}/id/gedragsindicator/conceptuele-flexibiliteit-2> skos:editorialNote ?n FILTER(lang(?n) = "en") }}""")]
    assert any("implicit" in n and "scenarios" in n for n in notes)
