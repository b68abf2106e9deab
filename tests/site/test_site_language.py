"""Issue 10: a page speaks its own language. Type names of other vocabularies' classes
(foaf:Organization, skos:Concept, ...) and an ESCO skill's description come in the page's
language where there is one; expected words are written out here or read straight from
ontology/extern/esco.ttl."""

from __future__ import annotations

import html
import re

from competentieset.model import config, vocabulary
from competentieset.site import context as site_context
from competentieset.site.generate import generated_pages
from competentieset.site.graph import SiteGraph
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from .conftest import ROOT

ESCO_REFLECT = "http://data.europa.eu/esco/skill/409a0245-0e6c-4aac-ba16-0920ecb76a8d"


def _pages(tmp_path, lang):
    project = config.load_project(ROOT)
    vocab = vocabulary.load(project)
    ctx = site_context.from_project(project, vocab, tmp_path / "www")
    pages, _ = generated_pages(SiteGraph(vocab), ctx, lang)
    return {p.path: p for p in pages}


def test_type_names_are_in_the_page_language(tmp_path):
    nl = _pages(tmp_path, "nl")["doc/organisatie/algemene-bestuursdienst.md"].body
    en = _pages(tmp_path, "en")["doc/organisatie/algemene-bestuursdienst.md"].body
    assert '<a href="http://xmlns.com/foaf/0.1/Organization">Organisatie</a>' in nl
    assert ">Organization</a>" not in nl
    assert '<a href="http://xmlns.com/foaf/0.1/Organization">Organization</a>' in en


def _esco_from_source(iri):
    """ESCO's own words for a skill, read straight from ontology/extern/esco.ttl (not via the site code)."""
    g = Graph().parse(ROOT / "ontology" / "extern" / "esco.ttl", format="turtle")
    defs = {d.language: str(d) for d in g.objects(URIRef(iri), SKOS.definition)}
    labels = {x.language: str(x) for x in g.objects(URIRef(iri), SKOS.prefLabel)}
    return defs, labels


def test_esco_description_in_the_page_language(tmp_path):
    """Issue 11: an ESCO skill carries only ESCO's own (English) words; our Dutch rendering lives in
    editorial notes on our own concepts, never on ESCO's URI. So both pages show ESCO's English
    description, marked as ESCO's (lang="en" on the Dutch page), without a translation badge of ours."""
    defs, labels = _esco_from_source(ESCO_REFLECT)
    assert set(defs) == {"en"}, "ESCO's file holds only ESCO's English description"
    esco_en = html.escape(defs["en"], quote=False)
    nl = _pages(tmp_path, "nl")["doc/competentie/reflecteren.md"].body
    en = _pages(tmp_path, "en")["doc/competentie/reflecteren.md"].body
    item_nl = re.search(rf'<a href="{re.escape(ESCO_REFLECT)}">.*?</li>', nl).group(0)
    item_en = re.search(rf'<a href="{re.escape(ESCO_REFLECT)}">.*?</li>', en).group(0)
    # Dutch page: ESCO's English label and description, each marked as English
    assert f'<span lang="en">{html.escape(labels["en"], quote=False)}</span>' in item_nl
    assert f'<span class="cs-external" lang="en">{esco_en}</span>' in item_nl
    assert "cs-badge" not in item_nl.split('class="cs-external"', 1)[1]
    assert "Effectief, regelmatig en systematisch reflecteren" not in item_nl
    # English page: the same words, in the page's own language, no badge of ours after them
    assert f'<span class="cs-external">{esco_en}</span>' in item_en
    assert "cs-badge" not in item_en.split('class="cs-external"', 1)[1]
