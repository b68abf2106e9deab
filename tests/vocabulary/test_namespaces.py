"""The one prefix table and compaction function (model.namespaces), with fixed expectations."""

import pytest
from competentieset.model import namespaces
from competentieset.validation.report import compact as report_compact

BASE = "https://w3id.org/competentieset-publieke-leiders"


def test_table_picks_prefixes_by_name_in_order():
    assert namespaces.table(("skos", "cs"), BASE) == {
        "skos": "http://www.w3.org/2004/02/skos/core#", "cs": f"{BASE}/def/"}
    assert list(namespaces.table(("rdf", "dct", "foaf"))) == ["rdf", "dct", "foaf"]
    with pytest.raises(KeyError, match="own prefixes need the base URI"):
        namespaces.table(("cs",))
    with pytest.raises(KeyError, match="no namespace 'nope'"):
        namespaces.table(("nope",), BASE)


@pytest.mark.parametrize("iri, simple, expected", [
    ("http://www.w3.org/2004/02/skos/core#prefLabel", False, "skos:prefLabel"),
    (f"{BASE}/def/raaktGebied", False, "cs:raaktGebied"),
    (f"{BASE}/id/competentie/reflecteren", False, "competentie:reflecteren"),  # longest wins
    (f"{BASE}/id/competentie/reflecteren", True, "competentie:reflecteren"),
    (f"{BASE}/def/shacl/nl-sbb/Concept-prefLabel", False, "cs:shacl/nl-sbb/Concept-prefLabel"),
    (f"{BASE}/def/shacl/nl-sbb/Concept-prefLabel", True, f"{BASE}/def/shacl/nl-sbb/Concept-prefLabel"),
    ("http://www.w3.org/2004/02/skos/core#", False, "http://www.w3.org/2004/02/skos/core#"),
    ("http://data.europa.eu/esco/skill/abc", False, "esco:abc"),
    ("https://example.org/x", False, "https://example.org/x"),
])
def test_compact(iri, simple, expected):
    assert namespaces.compact(iri, namespaces.prefixes(BASE), simple=simple) == expected


def test_compact_default_and_the_reports_form():
    assert namespaces.compact("https://example.org/x", {}, "<https://example.org/x>") == "<https://example.org/x>"
    assert report_compact(f"{BASE}/def/Competentie", BASE) == "cs:Competentie"
    assert report_compact("http://www.w3.org/2000/01/rdf-schema#label", BASE) == "rdfs:label"
    assert report_compact(f"{BASE}/def/shacl/x/Y", BASE) == f"<{BASE}/def/shacl/x/Y>"
    assert report_compact("http://data.europa.eu/esco/skill/abc", BASE) == "<http://data.europa.eu/esco/skill/abc>"
