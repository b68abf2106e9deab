"""Issue 10: a page speaks its own language. Type names of other vocabularies' classes
(foaf:Organization, skos:Concept, ...) and an ESCO skill's description come in the page's
language where there is one; expected words are written out here."""

from __future__ import annotations

import re

from competentieset.model import config, vocabulary
from competentieset.site import context as site_context
from competentieset.site.generate import generated_pages
from competentieset.site.graph import SiteGraph

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


def test_esco_description_in_the_page_language(tmp_path):
    nl = _pages(tmp_path, "nl")["doc/competentie/reflecteren.md"].body
    en = _pages(tmp_path, "en")["doc/competentie/reflecteren.md"].body
    item_nl = re.search(rf'<a href="{re.escape(ESCO_REFLECT)}">.*?</li>', nl).group(0)
    item_en = re.search(rf'<a href="{re.escape(ESCO_REFLECT)}">.*?</li>', en).group(0)
    # Dutch: our translation (ontology/vertaling/en.ttl), with the translation badge
    assert '<span class="cs-external">Effectief, regelmatig en systematisch reflecteren' in item_nl
    assert "cs-badge--vertaling" in item_nl.split('class="cs-external"', 1)[1]
    # English: ESCO's own words, no badge of ours after them
    assert '<span class="cs-external">Effectively, regularly and systematically reflect on own actions' in item_en
    assert "cs-badge" not in item_en.split('class="cs-external"', 1)[1]
