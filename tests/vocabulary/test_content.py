"""Labels, definitions, provenance, ESCO and FGR facts of the vocabulary."""

from __future__ import annotations

import csv
import re

import pytest

SKOS = "http://www.w3.org/2004/02/skos/core#"
PREFIXES = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX dct: <http://purl.org/dc/terms/> "


def q(vocab, sparql):
    return list(vocab.query(PREFIXES + f"PREFIX cs: <{vocab.project.base}/def/> " + sparql))


def graph(vocab, name):
    return f"{vocab.project.base}/id/graaf/{name}"


def test_every_concept_has_preflabel_and_definition_in_nl_and_en(vocab):
    base = vocab.project.base
    concepts = {r["c"].value for r in q(vocab, "SELECT DISTINCT ?c WHERE { ?c a skos:Concept }")}
    ours = {c for c in concepts if c.startswith(base + "/")}
    # 7 competencies, 30 indicators, 5 areas, the FGR family and its 4 groups; the other 14
    # are the ESCO skills the crosswalk points to (ESCO's, described in English only)
    assert len(ours) == 7 + 30 + 5 + 5
    assert len(concepts - ours) == 14
    assert all(c.startswith("http://data.europa.eu/esco/skill/") for c in concepts - ours)
    for prop in ("prefLabel", "definition"):
        for lang in ("nl", "en"):
            have = {r["c"].value for r in q(vocab, f"""
                SELECT DISTINCT ?c WHERE {{ ?c a skos:Concept ; skos:{prop} ?v
                FILTER(lang(?v) = "{lang}") }}""")}
            assert ours - have == set(), f"skos:{prop}@{lang} missing"
            if lang == "nl":
                assert have & (concepts - ours) == set(), "a Dutch text on an ESCO URI"


def test_every_graph_has_a_kind_and_every_kind_says_if_it_is_editorial(vocab):
    assert len(vocab.graphs) == 12
    for info in vocab.graphs.values():
        assert info.kind is not None and info.editorial is not None, info


def test_source_and_cited_graphs_are_the_only_non_editorial_ones(vocab):
    sourced = sorted(i.path.relative_to(vocab.project.ontology_dir).as_posix()
                     for i in vocab.graphs.values() if not i.editorial)
    assert sourced == ["bron/competentieset.ttl", "extern/esco.ttl",
                       "feiten/algemene-bestuursdienst.ttl", "feiten/functiegebouw-rijk.ttl"]


def test_english_is_only_in_editorial_graphs_or_copied_from_esco(vocab):
    rows = q(vocab, """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o }
                       FILTER(isLiteral(?o) && lang(?o) = "en") }""")
    for r in rows:
        info = vocab.graphs[r["g"].value]
        assert info.editorial or info.path.name == "esco.ttl", info


def test_a_query_tells_editorial_statements_from_the_source(vocab):
    rows = q(vocab, """SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o }
                       ?g cs:herkomst/cs:redactioneel true }""")
    editorial = {(r["s"].value, r["p"].value, r["o"].value) for r in rows}
    base = vocab.project.base
    # a translation, an interpretation, a mapping and an editorial definition are found...
    assert (f"{base}/id/competentie/reflecteren", SKOS + "prefLabel", "Reflection") in editorial
    assert (f"{base}/id/competentie/stressbestendigheid", f"{base}/def/raaktGebied",
            f"{base}/id/gebied/emotioneel") in editorial
    assert any(p == SKOS + "closeMatch" for _, p, _ in editorial)
    assert (f"{base}/id/competentie/reflecteren", SKOS + "notation", "1") in editorial
    assert any(s == f"{base}/id/competentie/reflecteren" and p == SKOS + "definition"
               for s, p, _ in editorial)
    # ...and the verbatim source text is not
    assert not any(p == f"{base}/def/bronTekst" for _, p, _ in editorial)


def test_per_competency_areas_are_interpretation_with_reasoning(vocab):
    rows = q(vocab, """SELECT ?c ?g WHERE { GRAPH ?g { ?c cs:raaktGebied ?a } ?c a cs:Competentie }""")
    assert rows
    for r in rows:
        assert vocab.graphs[r["g"].value].kind.endswith("/def/Interpretatie")
    without_reason = q(vocab, f"""SELECT ?c WHERE {{ ?c a cs:Competentie ; cs:raaktGebied ?a
        FILTER NOT EXISTS {{ GRAPH <{graph(vocab, 'interpretatie-gebieden-per-competentie')}> {{
          ?c skos:editorialNote ?why FILTER(lang(?why) = "nl") }} }} }}""")
    assert without_reason == []


def test_mappings_are_editorial_and_never_exact(vocab):
    rows = q(vocab, """SELECT ?g ?p WHERE { GRAPH ?g { ?c ?p ?t }
        VALUES ?p { skos:closeMatch skos:relatedMatch skos:exactMatch skos:broadMatch skos:narrowMatch } }""")
    assert rows
    for r in rows:
        assert r["p"].value != SKOS + "exactMatch"
        assert vocab.graphs[r["g"].value].kind.endswith("/def/Mapping")


@pytest.fixture(scope="module")
def esco_list(sources):
    path = sources / "esco" / "transversal-skills-collection-esco-1.2.0-en.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {row["conceptUri"]: row for row in csv.DictReader(f)}


def test_every_esco_uri_is_in_the_esco_extract_with_its_label_and_description(vocab, esco_list):
    used = {r["t"].value for r in q(vocab, "SELECT ?t WHERE { ?c skos:closeMatch|skos:relatedMatch|skos:narrowMatch ?t }")}
    mentioned = {r["s"].value for r in q(vocab, """SELECT DISTINCT ?s WHERE { { ?s ?p ?o } UNION { ?o ?p ?s }
        FILTER(isIRI(?s) && STRSTARTS(STR(?s), "http://data.europa.eu/esco/")) }""")}
    assert used and used == mentioned
    for uri in mentioned:
        assert uri in esco_list, f"{uri} is not in the ESCO list"
        rows = q(vocab, f"""SELECT ?l ?d WHERE {{ <{uri}> a skos:Concept ; skos:prefLabel ?l ;
                 skos:definition ?d FILTER(lang(?l) = "en" && lang(?d) = "en") }}""")
        assert [(r["l"].value, r["d"].value) for r in rows] == [
            (esco_list[uri]["preferredLabel"].strip(), esco_list[uri]["description"].strip())]


def facts_scales(facts: str) -> dict[str, tuple[int, int]]:
    line = next(row for row in facts.splitlines() if "Operationeel Manager" in row)
    scales = {}
    for part in line.strip().rstrip(".").split(";"):
        name, rng = part.strip().rsplit(" ", 1)
        low, _, high = rng.partition("-")
        scales[name] = (int(low), int(high or low))
    return scales


def test_fgr_groups_and_scales_match_facts(vocab, sources):
    facts = (sources / "facts.md").read_text(encoding="utf-8")
    expected = facts_scales(facts)
    assert len(expected) == 4
    rows = q(vocab, """SELECT ?label ?min ?max WHERE { ?g a cs:Functiegroep ; skos:prefLabel ?label ;
        cs:schaalMinimum ?min ; cs:schaalMaximum ?max ; skos:broader ?f .
        ?f a cs:Functiefamilie ; skos:prefLabel "Lijnmanagement"@nl . FILTER(lang(?label) = "nl") }""")
    got = {r["label"].value: (int(r["min"].value), int(r["max"].value)) for r in rows}
    assert got == expected


def test_fgr_family_definition_and_pages_are_from_facts(vocab, sources):
    facts = (sources / "facts.md").read_text(encoding="utf-8")
    rows = q(vocab, """SELECT ?d ?page WHERE { ?f a cs:Functiefamilie ; skos:definition ?d ; foaf:page ?page
        FILTER(lang(?d) = "nl") }""".replace("foaf:page", "<http://xmlns.com/foaf/0.1/page>"))
    assert len(rows) == 1
    assert f'"{rows[0]["d"].value}"' in facts.replace("\n  ", " ")
    assert rows[0]["page"].value in facts


def test_topmanager_kernprofiel_has_exactly_the_seven_competencies_with_its_page(vocab, sources):
    facts = (sources / "facts.md").read_text(encoding="utf-8")
    page = re.search(r"https://\S+/kwaliteitenprofielvergelijken/518", facts).group(0)
    rows = q(vocab, f"""SELECT ?label WHERE {{ ?g skos:prefLabel "Topmanager"@nl ;
        cs:kernprofielCompetentie ?c ; dct:source <{page}> .
        ?c skos:prefLabel ?label FILTER(lang(?label) = "nl") }}""")
    listed = re.search(r"exactly the seven competencies of the set: ([^.]+)\.", facts.replace("\n  ", " "))
    assert sorted(r["label"].value for r in rows) == sorted(listed.group(1).split(", "))
    # unverified in facts.md, so not stated: Topmanager generaal's kernprofiel
    assert q(vocab, """SELECT ?c WHERE { ?g skos:prefLabel "Topmanager generaal"@nl ;
        cs:kernprofielCompetentie ?c }""") == []


def test_abd_scope_is_scale_15_and_up_with_its_page(vocab, sources):
    facts = (sources / "facts.md").read_text(encoding="utf-8")
    assert '"vanaf schaal 15"' in facts
    rows = q(vocab, """SELECT ?s ?src WHERE { ?abd cs:vanafSchaal ?s ; dct:source ?src }""")
    assert {int(r["s"].value) for r in rows} == {15}
    assert "https://www.algemenebestuursdienst.nl/organisatie/wat-verwacht-de-rijksoverheid-van-een-publiek-leider" \
        in {r["src"].value for r in rows}


def test_every_cited_web_page_is_in_facts(vocab, sources):
    facts = (sources / "facts.md").read_text(encoding="utf-8")
    rows = q(vocab, """SELECT DISTINCT ?src WHERE { { ?s dct:source ?src } UNION { ?s <http://xmlns.com/foaf/0.1/page> ?src }
        UNION { ?s <http://www.w3.org/ns/prov#hadPrimarySource> ?src }
        FILTER(!STRSTARTS(STR(?src), "BASE")) }""".replace("BASE", vocab.project.base))
    assert rows
    for r in rows:
        assert r["src"].value in facts, r["src"].value
