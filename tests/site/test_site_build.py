"""The documentation site builds (strict), has every page in both languages, links every
format of every resource, embeds JSON-LD, and requests nothing from other hosts."""

from __future__ import annotations

import html
import json
import posixpath
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from competentieset.model import uris
from competentieset.publication.formats import FORMATS
from competentieset.site import build_site, from_project

from tests.processes import alive_in_group

from .htmlscan import scan

SKOS = "http://www.w3.org/2004/02/skos/core#"


def _of_type(vocab, term):
    base = vocab.project.base
    rows = vocab.query(f"SELECT DISTINCT ?s WHERE {{ ?s a <{base}/def/{term}> }} ORDER BY ?s")
    return [row["s"].value for row in rows]


def _page(webroot: Path, lang: str, iri: str, base: str) -> Path:
    rel = str(uris.file_path(iri, base, "html"))
    return webroot / rel if lang == "nl" else webroot / "en" / rel


def test_site_builds_in_strict_mode(built_site):
    # The fixture built it with `mkdocs build --strict` (a warning would have raised).
    assert (built_site / "index.html").is_file()
    assert (built_site / "en" / "index.html").is_file()
    assert (built_site / "search" / "search_index.json").is_file()
    assert (built_site / "en" / "search" / "search_index.json").is_file()


@pytest.mark.parametrize("term", ["Competentie", "Gedragsindicator", "Gebied", "Functiegroep", "Functiefamilie"])
def test_every_resource_has_its_page_in_nl_and_en(built_site, site_vocab, term):
    base = site_vocab.project.base
    iris = _of_type(site_vocab, term)
    assert iris, f"no cs:{term} in the vocabulary"
    for iri in iris:
        for lang in ("nl", "en"):
            page = _page(built_site, lang, iri, base)
            assert page.is_file(), f"{iri}: no {lang} page at {page}"
            assert scan(page.read_text(encoding="utf-8")).html_lang == lang


def test_counts_match_the_vocabulary(site_vocab):
    assert len(_of_type(site_vocab, "Competentie")) == 7
    assert len(_of_type(site_vocab, "Gedragsindicator")) == 30


def test_indicator_text_is_verbatim_on_both_pages(built_site, site_vocab):
    base = site_vocab.project.base
    rows = site_vocab.query(
        f"SELECT ?i ?c ?t WHERE {{ ?i <{base}/def/bronTekst> ?t ; <{SKOS}broader> ?c }}")
    seen = 0
    for row in rows:
        verbatim = html.escape(row["t"].value, quote=True)
        for lang in ("nl", "en"):
            for iri in (row["i"].value, row["c"].value):
                text = _page(built_site, lang, iri, base).read_text(encoding="utf-8")
                assert verbatim in text, f"{iri} ({lang}) lacks the verbatim text of {row['i'].value}"
        seen += 1
    assert seen == 30


def test_every_resource_page_links_its_alternates(built_site, site_graph):
    media = {f.media_type for f in FORMATS if f.key != "html"}
    base = site_graph.base
    checked = 0
    for path in sorted(built_site.rglob("*.html")):
        found = scan(path.read_text(encoding="utf-8"))
        describes = [link["href"] for link in found.links if link.get("rel") == "describes"]
        rel = path.relative_to(built_site).as_posix()
        if not describes:
            assert not rel.removeprefix("en/").startswith("doc/") or rel.endswith("404.html"), \
                f"{rel}: a document page without rel=describes"
            continue
        iri = describes[0]
        alternates = {link["type"]: link["href"] for link in found.links
                      if link.get("rel") == "alternate" and link.get("type")}
        assert set(alternates) == media, f"{rel}: alternates {sorted(alternates)}"
        for fmt in FORMATS:
            if fmt.key == "html":
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), alternates[fmt.media_type]))
            assert target == str(uris.file_path(iri, base, fmt.extension)), (rel, target)
        canonical = [link["href"] for link in found.links if link.get("rel") == "canonical"]
        assert canonical == [f"{base}/{rel}"], f"{rel}: canonical {canonical}"
        checked += 1
    assert checked >= 2 * 90


def test_jsonld_is_valid_and_describes_the_resource(built_site, site_graph):
    from pyld import jsonld

    base = site_graph.base
    iri = f"{base}/id/competentie/reflecteren"
    for lang in ("nl", "en"):
        found = scan(_page(built_site, lang, iri, base).read_text(encoding="utf-8"))
        assert len(found.scripts_jsonld) == 1
        doc = json.loads(found.scripts_jsonld[0])
        assert doc["@id"] == iri
        assert "DefinedTerm" in doc["@type"]
        expanded = jsonld.expand(doc)
        node = expanded[0]
        labels = {(v["@value"], v.get("@language")) for v in node[SKOS + "prefLabel"]}
        assert ("Reflecteren", "nl") in labels and ("Reflection", "en") in labels
        assert node["https://schema.org/inDefinedTermSet"][0]["@id"] == f"{base}/id/begrippenkader/competentieset"
        assert len(node[SKOS + "narrower"]) == 3


def test_internal_links_resolve(site_with_data, site_graph):
    # 404.html uses root-relative paths (/..., /en/...: it is shown at any depth, and the web
    # root is served at /); resolve those against the web root.
    broken = []
    for path in sorted(site_with_data.rglob("*.html")):
        found = scan(path.read_text(encoding="utf-8"))
        rel_dir = path.parent
        for ref in found.anchors + found.sources + [link["href"] for link in found.links if link.get("rel") == "alternate"]:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("#", "mailto:", "//")) or not parts.path:
                continue
            if parts.path.startswith("/"):
                target = site_with_data / parts.path.lstrip("/")
            else:
                target = (rel_dir / parts.path).resolve()
            if not target.exists():
                broken.append(f"{path.relative_to(site_with_data)} -> {ref}")
    assert not broken, "broken links:\n" + "\n".join(broken[:30])


def test_no_requests_to_other_hosts_in_html_or_css(built_site):
    offenders = []
    for path in sorted(built_site.rglob("*.html")):
        for ref in scan(path.read_text(encoding="utf-8")).sources:
            if urlsplit(ref).scheme in ("http", "https") or ref.startswith("//"):
                offenders.append(f"{path.relative_to(built_site)}: {ref}")
    for path in sorted(built_site.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", text):
            offenders.append(f"{path.relative_to(built_site)}: {match.group(1)}")
    assert not offenders, "\n".join(offenders)


def test_editorial_additions_are_marked_and_explained(built_site, site_vocab):
    base = site_vocab.project.base
    text = _page(built_site, "nl", f"{base}/id/competentie/reflecteren", base).read_text(encoding="utf-8")
    assert 'class="cs-badge cs-badge--redactie"' in text
    assert 'href="../../redactioneel.html#interpretatie"' in text
    assert '<span lang="en">Reflection</span>' in text  # other language carries lang
    explanation = (built_site / "redactioneel.html").read_text(encoding="utf-8")
    for key in ("bron", "redactie", "interpretatie", "vertaling", "mapping"):
        assert f'id="{key}"' in explanation
    en = _page(built_site, "en", f"{base}/id/gedragsindicator/reflecteren-1", base).read_text(encoding="utf-8")
    assert '<blockquote class="cs-verbatim" lang="nl">' in en


def test_language_switch_points_at_the_same_page(built_site):
    nl = scan((built_site / "doc/competentie/reflecteren.html").read_text(encoding="utf-8"))
    alt = [link for link in nl.links if link.get("rel") == "alternate" and link.get("hreflang") == "en"]
    assert alt and alt[0]["href"] == "../../en/doc/competentie/reflecteren.html"
    en = scan((built_site / "en/beheerders.html").read_text(encoding="utf-8")) \
        if (built_site / "en/beheerders.html").exists() else None
    assert en is None  # the English stewards' page is data-stewards.html
    stew = scan((built_site / "beheerders.html").read_text(encoding="utf-8"))
    assert [link["href"] for link in stew.links if link.get("hreflang") == "en"] == ["en/data-stewards.html"]


def test_model_page_has_diagram_with_text_alternative(built_site):
    text = (built_site / "doc/def.html").read_text(encoding="utf-8")
    assert 'src="../assets/cs/model-nl.svg"' in text
    assert "<figcaption>" in text and "cs:raaktGebied" in text
    svg = (built_site / "assets/cs/model-nl.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<title" in svg and "(30)" in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_print_stylesheet_is_linked(built_site):
    text = (built_site / "doc/competentie/reflecteren.html").read_text(encoding="utf-8")
    assert "assets/cs/extra.css" in text
    css = (built_site / "assets/cs/extra.css").read_text(encoding="utf-8")
    assert "@media print" in css


def test_rebuild_is_byte_identical(tmp_path, built_site, site_project, site_vocab):
    again = tmp_path / "www"
    build_site(from_project(site_project, site_vocab, again))
    first = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    differing = sorted(str(k) for k in first if first[k] != second[k])
    assert not differing, differing[:10]


def test_a_failure_while_making_the_pages_leaves_no_mkdocs_process(tmp_path, site_project, site_vocab,
                                                                   monkeypatch):
    """MkDocs starts (one runner for both languages) before the pages are made: a failure
    in between stops the runner and the MkDocs build it already started for Dutch."""
    from competentieset.site import mkdocs_runner, mkdocs_site

    started = []
    real_popen, real_files = mkdocs_runner.subprocess.Popen, mkdocs_site.docs_files
    real_result = mkdocs_site._Maker.result

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    def files(ctx, graph, lang, counts, reads=None):
        if lang == "en":
            raise RuntimeError("generator failed on en")
        return real_files(ctx, graph, lang, counts, reads)

    def result(maker):
        if maker.args[2] == "en":  # the Dutch order is out: wait until its MkDocs child runs
            for _ in range(600):
                if len(alive_in_group(started[0].pid)) >= 2:
                    break
                time.sleep(0.05)
            seen.extend(alive_in_group(started[0].pid))
        return real_result(maker)

    seen: list[int] = []
    monkeypatch.setattr(mkdocs_runner.subprocess, "Popen", popen)
    monkeypatch.setattr(mkdocs_site, "docs_files", files)
    monkeypatch.setattr(mkdocs_site._Maker, "result", result)
    with pytest.raises(RuntimeError, match="generator failed on en"):
        build_site(from_project(site_project, site_vocab, tmp_path / "www"))
    assert len(started) == 1
    assert len(seen) == 2  # the runner and the Dutch build it forked were running
    assert started[0].poll() is not None
    assert alive_in_group(started[0].pid) == []
    assert not (tmp_path / "www").exists()
