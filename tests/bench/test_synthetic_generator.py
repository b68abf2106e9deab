"""The synthetic vocabularies: deterministic, valid under our rules, NL-SBB conformant."""

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from competentieset import cli, synthetic
from competentieset.bench import floor
from competentieset.model import vocabulary
from competentieset.model.config import load_project

SKOS = "http://www.w3.org/2004/02/skos/core#"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_n_same_bytes(project, smoke_project, tmp_path):
    again = tmp_path / "again"
    synthetic.generate(project, 200, again)
    assert _files(again) == _files(smoke_project)


def test_other_n_or_seed_differs(project, smoke_project, tmp_path):
    synthetic.generate(project, 200, tmp_path / "seed", seed=1)
    synthetic.generate(project, 201, tmp_path / "n201")
    bron = "ontology/bron/competentieset.ttl"
    assert _files(tmp_path / "seed")[bron] != _files(smoke_project)[bron]
    assert _files(tmp_path / "n201")[bron] != _files(smoke_project)[bron]


def test_same_layout_and_catalog_as_the_real_project(project, smoke_project):
    real = {p.relative_to(project.ontology_dir) for p in project.ontology_dir.rglob("*") if p.is_file()}
    ours = {p.relative_to(smoke_project / "ontology")
            for p in (smoke_project / "ontology").rglob("*") if p.is_file()}
    assert ours == real
    for same in ("herkomst.ttl", "model/competentiemodel.ttl", "releases.csv"):
        assert (smoke_project / "ontology" / same).read_bytes() == \
            (project.ontology_dir / same).read_bytes()
    generated = load_project(smoke_project)
    assert generated.base == project.base and generated.version == project.version
    vocab = vocabulary.load(generated)  # the catalog and files agree, or this raises
    assert set(vocab.graphs) == set(vocabulary.load(project).graphs)


def test_n_concepts_with_the_shape_of_ours(project, smoke_project):
    vocab = vocabulary.load(load_project(smoke_project))
    scheme = f"{project.base}/id/begrippenkader/competentieset"
    concepts = {r["c"].value for r in vocab.query(
        f"SELECT DISTINCT ?c WHERE {{ ?c <{SKOS}inScheme> <{scheme}> }}")}
    assert len(concepts) == 200
    competencies = {r["c"].value for r in vocab.query(
        f"SELECT DISTINCT ?c WHERE {{ ?c a <{project.base}/def/Competentie> }}")}
    indicators = concepts - competencies
    assert 4 <= len(indicators) / len(competencies) <= 6  # about 1 competency per 5 indicators
    mappings = Counter(r["p"].value.rsplit("#", 1)[-1] for r in vocab.query(
        f"SELECT ?p WHERE {{ ?c ?p ?e VALUES ?p {{ <{SKOS}closeMatch> <{SKOS}relatedMatch> }} }}"))
    assert mappings["closeMatch"] > 5 and mappings["relatedMatch"] > 5
    # every mapping target is an ESCO-style skill described in extern/
    extern = next(g for g in vocab.graphs.values() if g.path.name == "esco.ttl"
                  and g.path.parent.name == "extern")
    undescribed = list(vocab.query(
        f"""SELECT ?e WHERE {{ ?c <{SKOS}closeMatch>|<{SKOS}relatedMatch> ?e
        FILTER NOT EXISTS {{ GRAPH <{extern.iri}> {{ ?e <{SKOS}prefLabel> ?l }} }} }}"""))
    assert undescribed == []
    # notations and cs:volgnummer on every synthetic concept
    missing = list(vocab.query(
        f"""SELECT ?c WHERE {{ ?c <{SKOS}inScheme> <{scheme}> .
        FILTER NOT EXISTS {{ ?c <{SKOS}notation> ?n ; <{project.base}/def/volgnummer> ?v }} }}"""))
    assert missing == []


def test_valid_under_our_rules(smoke_project):
    """Every floor query (our core rules as SPARQL) finds nothing."""
    found = floor.validate(smoke_project)
    assert set(found) == set(floor.QUERIES)
    assert {k: v for k, v in found.items() if v} == {}


def test_floor_queries_find_broken_data(smoke_project, tmp_path):
    """The floor is a real check: break the data and the matching queries report it."""
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(smoke_project, broken)
    vertaling = broken / "ontology" / "vertaling" / "en.ttl"
    text = vertaling.read_text(encoding="utf-8")
    # drop one English label, and add a clashing Dutch label to another concept
    start = text.index("indicator:synthetisch-8-1\n")
    end = text.index(" .\n", start)
    vertaling.write_text(text[:start] + text[end + 3:], encoding="utf-8")
    with (broken / "ontology" / "redactie" / "labels-en-definities.ttl").open("a") as f:
        f.write('\nindicator:synthetisch-9-1 skos:prefLabel "Tweede label"@nl .\n'
                'competentie:synthetisch-8 skos:broader indicator:synthetisch-8-2 .\n')
    found = floor.validate(broken)
    assert found["Concept-prefLabel-en"] == 1
    assert found["Concept-definition-en"] == 1
    assert found["Concept-prefLabel-uniqueLang"] == 1
    assert found["Concept-broader-cycle"] >= 1
    assert found["Concept-orphan"] == 0


def test_every_minted_uri_is_registered(project, smoke_project):
    vocab = vocabulary.load(load_project(smoke_project))
    register = {line.split()[0] for line in
                (smoke_project / "ontology" / "uri-register.txt").read_text().splitlines()}
    minted = {r["s"].value for r in vocab.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")
              if isinstance(r["s"], ox.NamedNode) and r["s"].value.startswith(project.base + "/id/")}
    assert minted - register == set()
    assert f"{project.base}/id/competentie/synthetisch-8" in register


def test_conforms_to_nl_sbb(smoke_project, sources):
    """pyshacl with the official NL-SBB profile: 0 Violation and 0 Warning (counted here),
    but for NL-SBB's OrphanConcept warning on the ESCO(-style) skills, which are described
    only as ESCO describes them, in no scheme of ours (issue 11; as in
    tests/vocabulary/test_nlsbb.py)."""
    import pyshacl
    import rdflib

    data = vocabulary.load(load_project(smoke_project)).to_rdflib()
    shapes = rdflib.Graph().parse(sources / "nl-sbb" / "skos-ap-nl.ttl", format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    orphan = "Het begrip is geen topbegrip maar heeft ook geen bovenliggende of gerelateerde begrippen."
    severities = Counter(
        str(report.value(r, sh.resultSeverity)).rsplit("#", 1)[-1]
        for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)
        if not (str(report.value(r, sh.focusNode)).startswith("http://data.europa.eu/esco/skill/")
                and str(report.value(r, sh.resultMessage)) == orphan))
    assert severities["Violation"] == 0 and severities["Warning"] == 0, severities


def test_too_small_or_occupied_target_is_refused(project, smoke_project, tmp_path):
    with pytest.raises(synthetic.SyntheticError, match="too small"):
        synthetic.generate(project, 10, tmp_path / "small")
    with pytest.raises(synthetic.SyntheticError, match="not an empty folder"):
        synthetic.generate(project, 200, smoke_project)


def test_cli_generate(tmp_path, capsys):
    assert "generate" in cli.COMMANDS
    assert cli.main(["--project", str(load_project().root), "generate", "300",
                     str(tmp_path / "p")]) == 0
    assert "300 concepts" in capsys.readouterr().out
    assert cli.main(["generate", "5", str(tmp_path / "q")]) == 2
