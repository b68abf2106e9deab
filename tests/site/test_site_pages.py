"""Page generation from modified copies of the project: deprecation, SHACL rules read from
shapes/, hand-written pages, change lists. These test the generator without MkDocs."""

from __future__ import annotations

from competentieset.model import config, vocabulary
from competentieset.site import context as site_context
from competentieset.site import rules
from competentieset.site.generate import generated_pages, hand_written
from competentieset.site.graph import SiteGraph

from .conftest import copy_project

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/shapes/> .

ex:ConceptShape a sh:NodeShape ;
    sh:targetClass skos:Concept ;
    sh:property [
        sh:path skos:prefLabel ;
        sh:name "voorkeurslabel"@nl, "preferred label"@en ;
        sh:description "Elk begrip heeft een voorkeurslabel."@nl, "Every concept has a preferred label."@en ;
        sh:message "Begrip zonder voorkeurslabel"@nl, "Concept without a preferred label"@en ;
        sh:severity sh:Warning ;
        sh:minCount 1
    ] .
"""


def _context(root, tmp_path, changes=None, releases=None):
    project = config.load_project(root)
    vocab = vocabulary.load(project)
    ctx = site_context.from_project(project, vocab, tmp_path / "www")
    if changes is not None:
        ctx.changes_markdown = changes
    if releases is not None:
        ctx.releases = releases
    return ctx


def _pages(ctx, lang):
    pages, _ = generated_pages(SiteGraph(ctx.vocab), ctx, lang)
    return {p.path: p for p in pages}


def test_deprecated_resource_gets_a_banner_linking_its_replacement(tmp_path):
    root = copy_project(tmp_path)
    target = root / "ontology" / "redactie" / "labels-en-definities.ttl"
    target.write_text(target.read_text(encoding="utf-8") + (
        "\nindicator:reflecteren-3 owl:deprecated true ; dct:isReplacedBy indicator:reflecteren-2 .\n"
    ), encoding="utf-8")
    ctx = _context(root, tmp_path)
    for lang, word in (("nl", "verouderd"), ("en", "deprecated")):
        page = _pages(ctx, lang)["doc/gedragsindicator/reflecteren-3.md"]
        assert page.meta.get("cs_deprecated") is True
        assert 'class="cs-deprecated"' in page.body and word in page.body
        assert 'href="reflecteren-2.html"' in page.body.split('class="cs-deprecated"', 1)[1].split("</div>", 1)[0]
        other = _pages(ctx, lang)["doc/gedragsindicator/reflecteren-2.md"]
        assert "cs-deprecated" not in other.body


def test_validation_rules_are_read_from_shapes(tmp_path):
    root = copy_project(tmp_path)
    (root / "shapes").mkdir(exist_ok=True)
    (root / "shapes" / "fixture.ttl").write_text(SHAPES, encoding="utf-8")
    found = [r for r in rules.read_rules(root / "shapes") if r.file == "fixture.ttl"]
    prop = [r for r in found if r.path]
    assert len(prop) == 1
    assert prop[0].severity == "Warning"
    assert prop[0].target == "http://www.w3.org/2004/02/skos/core#Concept"
    assert prop[0].text("messages", "en") == "Concept without a preferred label"
    ctx = _context(root, tmp_path)
    nl = _pages(ctx, "nl")["validatieregels.md"].body
    en = _pages(ctx, "en")["validatieregels.md"].body
    assert "Begrip zonder voorkeurslabel" in nl and "Elk begrip heeft een voorkeurslabel." in nl
    assert "Concept without a preferred label" in en and "Warning" in en


def test_no_shapes_says_so(tmp_path):
    root = copy_project(tmp_path)
    import shutil
    shutil.rmtree(root / "shapes", ignore_errors=True)
    ctx = _context(root, tmp_path)
    assert "geen validatieregels" in _pages(ctx, "nl")["validatieregels.md"].body


def test_hand_written_stewards_pages_are_used_when_present(tmp_path):
    root = copy_project(tmp_path)
    (root / "site" / "nl").mkdir(parents=True, exist_ok=True)
    (root / "site" / "en").mkdir(parents=True, exist_ok=True)
    (root / "site" / "nl" / "beheerders.md").write_text("# Beheer\n\nValideer eerst.\n", encoding="utf-8")
    (root / "site" / "en" / "data-stewards.md").write_text(
        "---\ntitle: Stewards\n---\n# Stewards\n\nValidate first.\n", encoding="utf-8")
    nl = hand_written(root / "site", "nl")
    en = hand_written(root / "site", "en")
    assert 'cs_translation: "en/data-stewards.html"' in nl["beheerders.md"]
    assert "Valideer eerst." in nl["beheerders.md"]
    assert en["data-stewards.md"].startswith("---\ntitle: Stewards\ncs_translation: \"../beheerders.html\"")
    (root / "site" / "nl" / "alleen-nl.md").write_text("# Alleen Nederlands\n", encoding="utf-8")
    assert 'cs_translation: "en/index.html"' in hand_written(root / "site", "nl")["alleen-nl.md"]


def test_last_change_comes_from_the_change_lists(tmp_path):
    root = copy_project(tmp_path)
    base = config.load_project(root).base
    releases = [("0.1.0", "2026-11-30"), ("0.2.0", "2026-12-15")]
    changes = {"0.2.0": {lang: f"- changed: <{base}/id/competentie/stressbestendigheid>\n" for lang in ("nl", "en")}}
    ctx = _context(root, tmp_path, changes=changes, releases=releases)
    ctx.version = "0.2.0"
    pages = _pages(ctx, "en")
    assert "0.2.0 (2026-12-15)" in pages["doc/competentie/stressbestendigheid.md"].body
    assert "0.1.0 (2026-11-30)" in pages["doc/competentie/reflecteren.md"].body
    assert "changed:" in pages["wijzigingen/0.2.0.md"].body
    assert "No list of changes" in pages["wijzigingen/0.1.0.md"].body


def test_releases_file_errors_name_the_line(tmp_path):
    root = copy_project(tmp_path)
    (root / "ontology" / "releases.csv").write_text("version,date\n0.1.0,30-11\n", encoding="utf-8")
    import pytest
    from competentieset.model.releases import ReleaseError
    with pytest.raises(ReleaseError, match=r"releases.csv:2"):
        site_context.read_releases(config.load_project(root))


def test_pages_say_when_the_namespace_is_not_registered_yet(tmp_path):
    root = copy_project(tmp_path)
    pages = _pages(_context(root, tmp_path), "nl")
    note = "nog niet geregistreerd"
    assert note in pages["doc/competentie/reflecteren.md"].body
    assert note in pages["index.md"].body
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        "base-uri-registered = false", "base-uri-registered = true"), encoding="utf-8")
    pages = _pages(_context(root, tmp_path / "again"), "nl")
    assert note not in pages["doc/competentie/reflecteren.md"].body
    assert note not in pages["index.md"].body


def test_site_graph_reads_the_named_graphs_as_sparql_gives_them(site_vocab, site_graph):
    """SiteGraph reads the store's quads directly: the same tables as from the SPARQL query
    `GRAPH ?g { ?s ?p ?o }` (the default graph left out)."""
    import pyoxigraph as ox

    class SparqlStore:
        def __init__(self, store):
            self.store = store

        def quads_for_pattern(self, *pattern):
            assert pattern == (None, None, None, None)
            for row in self.store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
                yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

        def __getattr__(self, name):
            return getattr(self.store, name)

    store = site_vocab.store
    default = ox.Quad(ox.NamedNode(site_graph.base + "/id/competentie/reflecteren"),
                      ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                      ox.Literal("in the default graph", language="nl"))
    store.add(default)
    try:
        direct = SiteGraph(site_vocab)
        site_vocab.store = SparqlStore(store)
        through_sparql = SiteGraph(site_vocab)
    finally:
        site_vocab.store = store
        store.remove(default)
    for table in ("resources", "labels", "label_values", "inverse"):
        assert dict(getattr(direct, table)) == dict(getattr(through_sparql, table)), table
    assert len(dict(direct.resources)) > 50
    assert "in the default graph" not in str(dict(direct.labels))
