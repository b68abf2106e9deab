"""The vocabulary says exactly what the source says (issue: the competency set as SKOS).

The oracle is the source text (sources/abd/), read by tests/vocabulary/source_text.py, which does
not share code with the vocabulary. Any changed character in a heading, bullet or the
introduction fails a test here.
"""

from __future__ import annotations

import re

import pytest

from tests.vocabulary.source_text import read

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def source(sources):
    return read(sources / "abd" / "competentieset-publieke-leiders.txt")


def q(vocab, sparql):
    cs = f"{vocab.project.base}/def/"
    prefixes = f"PREFIX skos: <{SKOS}> PREFIX dct: <{DCT}> PREFIX cs: <{cs}> "
    return list(vocab.query(prefixes + sparql))


def scheme(vocab):
    return f"{vocab.project.base}/id/begrippenkader/competentieset"


def bron_graph(vocab):
    return f"{vocab.project.base}/id/graaf/bron-competentieset"


def test_source_reader_sees_the_whole_set(source):
    # guards the oracle itself: 7 headings, 30 bullets, as the issue states
    assert len(source.competencies) == 7
    assert sum(len(b) for _, b in source.competencies) == 30
    assert source.introduction.count("\n\n") == 2


def test_seven_competencies_in_source_order_with_the_source_headings(vocab, source):
    rows = q(vocab, f"""
        SELECT ?c ?label ?n WHERE {{
          <{scheme(vocab)}> skos:hasTopConcept ?c .
          ?c skos:topConceptOf <{scheme(vocab)}> ; a cs:Competentie ;
             skos:prefLabel ?label ; cs:volgnummer ?n ; skos:notation ?notation .
          FILTER(lang(?label) = "nl")
        }} ORDER BY ?n""")
    assert [r["label"].value for r in rows] == [h for h, _ in source.competencies]
    assert [int(r["n"].value) for r in rows] == list(range(1, 8))


def test_thirty_indicators_verbatim_in_order_under_the_right_competency(vocab, source):
    rows = q(vocab, f"""
        SELECT ?heading ?cn ?text ?n ?def WHERE {{
          ?c a cs:Competentie ; skos:prefLabel ?heading ; cs:volgnummer ?cn ;
             skos:narrower ?i .
          ?i a cs:Gedragsindicator ; skos:broader ?c ; cs:bronTekst ?text ;
             cs:volgnummer ?n ; skos:definition ?def ; skos:inScheme <{scheme(vocab)}> .
          FILTER(lang(?heading) = "nl" && lang(?def) = "nl")
        }} ORDER BY ?cn ?n""")
    got: dict[str, list[str]] = {}
    for r in rows:
        got.setdefault(r["heading"].value, []).append(r["text"].value)
        assert r["text"].language == "nl"
    assert list(got.items()) == [(h, b) for h, b in source.competencies]
    assert len(rows) == 30


def test_indicator_definition_is_the_source_bullet_with_white_space_normalised(vocab):
    rows = q(vocab, """
        SELECT ?text ?def WHERE {
          ?i a cs:Gedragsindicator ; cs:bronTekst ?text ; skos:definition ?def .
          FILTER(lang(?def) = "nl") }""")
    assert len(rows) == 30
    for r in rows:
        assert r["def"].value == re.sub(r"\s+", " ", r["text"].value).strip()


def test_the_source_double_space_is_kept_verbatim(vocab):
    # the source writes "bewust" + no-break space + space + "van"; keep it
    rows = q(vocab, """SELECT ?text WHERE { ?i cs:bronTekst ?text
                       FILTER(CONTAINS(?text, "bewust\u00a0 van")) }""")
    assert len(rows) == 1


def test_introduction_title_and_alignment_sentence_verbatim(vocab, source):
    rows = q(vocab, f"""
        SELECT ?title ?description ?aligned WHERE {{
          <{scheme(vocab)}> dct:title ?title ; dct:description ?description ;
              cs:sluitAanBijTekst ?aligned .
          FILTER(lang(?title) = "nl" && lang(?description) = "nl" && lang(?aligned) = "nl")
        }}""")
    assert len(rows) == 1
    assert rows[0]["title"].value == source.title
    assert rows[0]["description"].value == source.introduction
    assert rows[0]["aligned"].value == source.closing


def test_five_areas_and_the_scheme_touches_all_of_them(vocab, source):
    rows = q(vocab, f"""
        SELECT ?label WHERE {{
          GRAPH <{bron_graph(vocab)}> {{ <{scheme(vocab)}> cs:raaktGebied ?a }}
          ?a a cs:Gebied ; skos:prefLabel ?label . FILTER(lang(?label) = "nl")
        }}""")
    labels = sorted(r["label"].value for r in rows)
    named = "sociaal-communicatief, intellectueel, taakgericht, emotioneel en bestuurlijk-organisatorisch"
    assert named in source.introduction
    assert labels == sorted(re.split(r", | en ", named))


def test_every_dutch_text_in_the_source_graph_is_in_the_source(vocab, source):
    """The bron graph holds nothing of ours: each nl literal occurs in the source text
    (or is a bullet with white space normalised, checked above)."""
    normalised_source = re.sub(r"\s+", " ", source.raw)
    rows = q(vocab, f"""SELECT ?o WHERE {{ GRAPH <{bron_graph(vocab)}> {{ ?s ?p ?o }}
                         FILTER(isLiteral(?o) && lang(?o) != "") }}""")
    assert rows
    for r in rows:
        assert r["o"].language == "nl", r["o"]
        assert r["o"].value in source.raw or r["o"].value in normalised_source, r["o"].value
