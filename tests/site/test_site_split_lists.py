"""Long overview lists are split into pages (overview_pages._split): at ESCO scale one page
listing 16,000 indicators is 7 MB of HTML, and every edit rendered it again. The real
vocabulary is far below the default limit, so here the limit is set to 10 entries; the
expected entries come from the vocabulary's store (SPARQL), not from the site code."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from competentieset.site import build_site, from_project
from competentieset.site.context import PAGE_ENTRIES
from competentieset.site.generate import generated_pages
from competentieset.site.overview_pages import _runs

from .htmlscan import scan

LIMIT = 10
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _pages(project, vocab, graph, lang, limit):
    ctx = from_project(project, vocab, project.root / "unused-webroot")
    ctx.page_entries = limit
    pages, _ = generated_pages(graph, ctx, lang)
    return {page.path: page.render() for page in pages}


def _indicators(vocab) -> list[str]:
    """Indicator page names (doc/gedragsindicator/<name>), from the store."""
    base = vocab.project.base
    rows = vocab.query(f"SELECT ?i WHERE {{ ?i a <{base}/def/Gedragsindicator> }}")
    return sorted(row["i"].value.rsplit("/", 1)[-1] for row in rows)


def _competencies(vocab) -> list[str]:
    base = vocab.project.base
    rows = vocab.query(f"SELECT ?c WHERE {{ ?c a <{base}/def/Competentie> }}")
    return sorted(row["c"].value.rsplit("/", 1)[-1] for row in rows)


def _linked(text: str, folder: str) -> list[str]:
    return re.findall(rf'href="doc/{folder}/([^"/]+)\.html"', text)


def test_runs_keep_units_whole_and_parts_at_most_the_limit():
    # by hand: 3+4 fit in 8, 5+1 fit, 20 is alone (larger than the limit), 2 alone at the end
    assert _runs([3, 4, 5, 1, 20, 2], 8) == [(0, 2), (2, 4), (4, 5), (5, 6)]
    assert _runs([], 8) == []
    assert _runs([8, 8], 8) == [(0, 1), (1, 2)]
    assert PAGE_ENTRIES == 1000


def test_short_lists_stay_one_page(site_project, site_vocab, site_graph):
    pages = _pages(site_project, site_vocab, site_graph, "nl", PAGE_ENTRIES)
    assert not [p for p in pages if re.fullmatch(r"(gedragsindicatoren|hierarchie|index-a-z)-.+\.md", p)]
    assert sorted(_linked(pages["gedragsindicatoren.md"], "gedragsindicator")) == _indicators(site_vocab)
    scheme = pages["doc/begrippenkader/competentieset.md"]
    assert sorted(set(re.findall(r'href="\.\./gedragsindicator/([^"/]+)\.html"', scheme))) == _indicators(site_vocab)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_indicators_are_split_by_competency(site_project, site_vocab, site_graph, lang):
    pages = _pages(site_project, site_vocab, site_graph, lang, LIMIT)
    parts = sorted((p for p in pages if re.fullmatch(r"gedragsindicatoren-\d+\.md", p)),
                   key=lambda p: int(p[19:-3]))
    total = len(_indicators(site_vocab))
    assert total > LIMIT
    assert len(parts) >= 2
    seen = []
    for number, path in enumerate(parts, start=1):
        text = pages[path]
        found = _linked(text, "gedragsindicator")
        headings = re.findall(r"^## ", text, re.M)
        # at most the limit, unless the part is one competency on its own
        assert len(found) <= LIMIT or len(headings) == 1, path
        title = {"nl": f"Gedragsindicatoren (deel {number} van {len(parts)})",
                 "en": f"Behavioural indicators (part {number} of {len(parts)})"}[lang]
        assert f'title: "{title}"' in text
        assert '<a href="gedragsindicatoren.html">' in text  # back to the list of parts
        seen += found
    assert sorted(seen) == _indicators(site_vocab)  # each indicator on exactly one part
    contents = pages["gedragsindicatoren.md"]
    assert not _linked(contents, "gedragsindicator")
    assert re.findall(r'href="(gedragsindicatoren-\d+)\.html"', contents) == [p[:-3] for p in parts]
    counts = [int(n) for n in re.findall(r"</a> \((\d+)\)</li>", contents)]
    assert sum(counts) == total
    intro = {"nl": f"Deze lijst telt {total} items en staat verdeeld over {len(parts)} pagina",
             "en": f"This list has {total} entries, split over {len(parts)} pages"}[lang]
    assert intro in contents


def test_hierarchy_parts_hold_every_concept_once(site_project, site_vocab, site_graph):
    pages = _pages(site_project, site_vocab, site_graph, "nl", LIMIT)
    parts = [p for p in pages if re.fullmatch(r"hierarchie-\d+\.md", p)]
    assert len(parts) >= 2
    indicators = [i for p in parts for i in _linked(pages[p], "gedragsindicator")]
    competencies = [c for p in parts for c in _linked(pages[p], "competentie")]
    assert sorted(indicators) == _indicators(site_vocab)
    assert sorted(competencies) == _competencies(site_vocab)
    # the scheme's heading is on every part that holds its concepts
    for p in parts:
        if _linked(pages[p], "competentie"):
            assert "## Competentieset voor publieke leiders" in pages[p]


def test_a_z_index_is_split_by_initial(site_project, site_vocab, site_graph):
    pages = _pages(site_project, site_vocab, site_graph, "en", LIMIT)
    parts = sorted(p for p in pages if p.startswith("index-a-z-"))
    assert len(parts) >= 2
    for path in parts:
        letter = path[len("index-a-z-"):-3].upper()
        text = pages[path]
        shown = re.findall(r'<li><a href="doc/[^"]+">(?:<em>)?(?:<span lang="\w+">)?(.)', text)
        assert shown and all(c.upper() == letter for c in shown), path
        # the Dutch labels have other initials: the switch goes to the Dutch index itself
        assert 'cs_translation: "../index-a-z.html"' in text
    contents = pages["index-a-z.md"]
    assert re.findall(r'href="(index-a-z-\w+)\.html"', contents) == [p[:-3] for p in parts]


def test_scheme_page_lists_top_concepts_and_points_to_the_hierarchy(site_project, site_vocab, site_graph):
    pages = _pages(site_project, site_vocab, site_graph, "nl", LIMIT)
    scheme = pages["doc/begrippenkader/competentieset.md"]
    section = scheme[scheme.index("## Onderliggend\n"):]
    section = section[:section.index("\n## ")]
    assert sorted(re.findall(r'href="\.\./competentie/([^"/]+)\.html"', section)) == _competencies(site_vocab)
    assert "gedragsindicator/" not in section
    total = len(_indicators(site_vocab))
    assert f'De {total} begrippen daaronder staan in de <a href="../../hierarchie.html">hiërarchie</a>.' in section


def test_split_site_builds_strict_and_its_links_resolve(tmp_path, site_project, site_vocab):
    """The whole site with the small limit, built by MkDocs in strict mode: every link on
    the parts, the lists of parts and the scheme's page resolves, language switch included."""
    ctx = from_project(site_project, site_vocab, tmp_path / "www")
    ctx.page_entries = LIMIT
    build_site(ctx)
    web = tmp_path / "www"
    checked = 0
    missing = []
    for path in sorted(web.rglob("*.html")):
        rel = path.relative_to(web).as_posix()
        if not re.search(r"(gedragsindicatoren|hierarchie|index-a-z)(-\w+)?\.html$|begrippenkader/competentieset\.html$",
                         rel):
            continue
        for ref in scan(path.read_text(encoding="utf-8")).anchors:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("#", "mailto:", "//")) or not parts.path:
                continue
            if not parts.path.endswith(".html"):
                continue  # data files (the documents in other formats): the data build writes them
            target = (path.parent / parts.path).resolve()
            checked += 1
            if not target.exists():
                missing.append(f"{rel} -> {ref}")
    assert (web / "gedragsindicatoren-2.html").is_file() and (web / "en" / "hierarchie-2.html").is_file()
    assert checked > 200
    assert not missing, "\n".join(missing[:20])
