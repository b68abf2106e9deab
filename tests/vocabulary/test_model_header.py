"""The model's owl:Ontology header (ontology/model/competentiemodel.ttl) carries what
documentation generators need, consistent with the release record: the preferred prefix and
namespace, owl:versionInfo = [project] version of pyproject.toml, owl:versionIRI =
{base}/versie/{version}/def/, dct:issued and dct:modified = the first and the current
release date of ontology/releases.csv, and the licence of the project's additions, labelled
as the project's choice. pyLODE renders it with no workaround, from Turtle and from
N-Triples (no prefixes to help it find the namespace)."""

from __future__ import annotations

import csv
import socket
import tomllib
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from tests import tools

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "ontology" / "model" / "competentiemodel.ttl"
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
CC_BY_4 = rdflib.URIRef("http://creativecommons.org/licenses/by/4.0/")
XSD_DATE = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#date")


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _releases() -> dict[str, str]:
    with open(ROOT / "ontology" / "releases.csv", encoding="utf-8") as handle:
        return {row["version"]: row["date"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def model():
    return rdflib.Graph().parse(MODEL, format="turtle")


def one(graph, s, p):
    values = list(graph.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def test_header_agrees_with_pyproject_and_releases(model):
    config = _pyproject()
    base = config["tool"]["competentieset"]["base-uri"].rstrip("/")
    version = config["project"]["version"]
    released = _releases()
    ontology = rdflib.URIRef(base + "/def/")
    assert (ontology, RDF.type, OWL.Ontology) in model
    assert one(model, ontology, VANN.preferredNamespacePrefix) == rdflib.Literal("cs")
    assert str(one(model, ontology, VANN.preferredNamespaceUri)) == base + "/def/"
    assert one(model, ontology, OWL.versionInfo) == rdflib.Literal(version)
    assert one(model, ontology, OWL.versionIRI) == rdflib.URIRef(f"{base}/versie/{version}/def/")
    assert version in released, "the version must have its row in ontology/releases.csv"
    first = next(iter(released.values()))
    assert one(model, ontology, DCTERMS.issued) == rdflib.Literal(first, datatype=XSD_DATE)
    assert one(model, ontology, DCTERMS.modified) == rdflib.Literal(released[version], datatype=XSD_DATE)


def test_licence_is_the_projects_and_says_so(model):
    ontology = next(model.subjects(RDF.type, OWL.Ontology))
    assert one(model, ontology, DCTERMS.license) == CC_BY_4
    notes = {n.language: str(n) for n in model.objects(ontology, SKOS.editorialNote)}
    assert "Keuze van het project" in notes["nl"] and "CC BY 4.0" in notes["nl"]
    assert "The project's choice" in notes["en"] and "CC BY 4.0" in notes["en"]
    # the same licence as the DCAT description gives the project's additions
    from competentieset.publication.dataset_metadata import LICENSE
    assert str(CC_BY_4) == LICENSE


@pytest.fixture()
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[:2]}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize("syntax", ["turtle", "nt"])
def test_pylode_renders_the_model(model, syntax, tmp_path, no_network):
    try:
        import pylode
    except ImportError:
        tools.missing("pyLODE (Python package pylode)", "pip install -e '.[test]' (it is in the test extra)")
    source = MODEL
    if syntax == "nt":  # no prefix bindings: pyLODE must find the namespace in the header
        source = tmp_path / "model.nt"
        source.write_text(model.serialize(format="nt"), encoding="utf-8")
    html = pylode.OntPub(str(source)).make_html()
    terms = sorted({s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                                OWL.AnnotationProperty, RDF.Property)
                    for s in model.subjects(RDF.type, t) if isinstance(s, rdflib.URIRef)})
    assert len(terms) >= 15
    for term in terms:
        assert str(term) in html, f"pyLODE's page does not name {term}"
        for label in model.objects(term, RDFS.label):
            if label.language == "nl":
                assert str(label) in html, (term, str(label))
    assert "Competentiemodel" in html
    config = _pyproject()
    version, base = config["project"]["version"], config["tool"]["competentieset"]["base-uri"]
    assert f"<dd><p>{version}</p></dd>" in html  # owl:versionInfo
    assert f'<a href="{base}/versie/{version}/def/">' in html  # owl:versionIRI
    assert f'<a href="{CC_BY_4}">' in html  # dct:license
    for shown in (">License<", ">Date Issued<", ">Date Modified<"):
        assert shown in html
