"""Incremental builds (publication/incremental.py): after an edit, a build on top of the
previous one gives exactly the bytes of a full build of the same input, keeps every
unchanged file untouched (the previous build's inode) and writes the changed ones anew;
a failed incremental build leaves the previous build intact."""

from __future__ import annotations

import marshal
import os
import re
from pathlib import Path

import pytest
from build_helpers import copy_project, snapshot
from competentieset.errors import CompetentiesetError
from competentieset.model import layout
from competentieset.model.config import load_project
from competentieset.publication import build, incremental

BASE = "https://w3id.org/competentieset-publieke-leiders"
# uuid.uuid5(uuid.NAMESPACE_URL, BASE + "/id/gedragsindicator/reflecteren-4"): the register's format
NEW_UUID = "c8a6209d-764a-5c1e-a9f2-9ed94c723279"


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r} found {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _append(path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def relabel(root):
    _edit(root / "ontology" / "redactie" / "labels-en-definities.ttl",
          '"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl')


def new_indicator(root):
    source = root / "ontology" / "bron" / "competentieset.ttl"
    _edit(source, "        indicator:reflecteren-3 ;",
          "        indicator:reflecteren-3,\n        indicator:reflecteren-4 ;")
    _append(source, """
indicator:reflecteren-4
    a skos:Concept, cs:Gedragsindicator ;
    cs:bronTekst "Testindicator: je leert van je fouten."@nl ;
    skos:prefLabel "Leert van fouten"@nl ;
    skos:definition "Testindicator: je leert van je fouten."@nl ;
    skos:notation "1.4" ;
    cs:volgnummer 4 ;
    skos:broader competentie:reflecteren ;
    skos:inScheme kader:competentieset .
""")
    _append(root / "ontology" / "vertaling" / "en.ttl", """
indicator:reflecteren-4
    skos:prefLabel "Learns from mistakes"@en ;
    skos:definition "Test indicator: you learn from your mistakes."@en .
""")
    register = root / "ontology" / "uri-register.txt"
    lines = register.read_text(encoding="utf-8").splitlines()
    head = [line for line in lines if line.startswith("#")]
    uris = sorted({line for line in lines if line and not line.startswith("#")}
                  | {f"{BASE}/id/gedragsindicator/reflecteren-4 {NEW_UUID}"})
    register.write_text("\n".join(head + uris) + "\n", encoding="utf-8")


def deprecation(root):
    from tests.serve.serve_helpers import deprecate_indicator

    deprecate_indicator(root)


def new_mapping(root):
    _append(root / "ontology" / "mapping" / "esco.ttl", "\ncompetentie:reflecteren\n    skos:relatedMatch "
            "<http://data.europa.eu/esco/skill/7dd94ad3-13d6-43fe-8b94-51fcbf67ced9> .\n")


def shapes_change(root):
    path = root / "shapes" / "competentieprofiel.ttl"
    _append(path, "\n# an editor's comment: no constraint changes\n")


def template_change(root):
    path = root / "site" / "overrides" / "main.html"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n{# an edited template #}\n", encoding="utf-8")


def reorder(root):
    """Two indicators swap their cs:volgnummer: the competency that links to them lists them
    in the other order (its plain JSON), though its own statements are unchanged."""
    path = root / "ontology" / "redactie" / "notaties.ttl"
    _edit(path, 'indicator:reflecteren-1\n    skos:notation "1.1" ;\n    cs:volgnummer 1 .',
          'indicator:reflecteren-1\n    skos:notation "1.1" ;\n    cs:volgnummer 2 .')
    _edit(path, 'indicator:reflecteren-2\n    skos:notation "1.2" ;\n    cs:volgnummer 2 .',
          'indicator:reflecteren-2\n    skos:notation "1.2" ;\n    cs:volgnummer 1 .')


def translation(root):
    """Our English definition of an indicator: shown in its own documents only."""
    _edit(root / "ontology" / "vertaling" / "en.ttl", "You set an example in this yourself.",
          "You set the example yourself.")


def external_definition(root):
    """An ESCO skill's definition (a test edit of the extract): shown beside the mapping on
    the pages of the competencies mapped to it (SiteGraph.definitions)."""
    _edit(root / "ontology" / "extern" / "esco.ttl", "Evaluate the impact of your own professional development.",
          "Evaluate the impact of your professional development.")


def competency_relabel(root):
    """Our English label of a competency: shown wherever a document or export links to it
    (its indicators' pages, their CASE isChildOf associations)."""
    _edit(root / "ontology" / "vertaling" / "en.ttl", '"Reflection"@en', '"Reflecting"@en')


EDITS = [relabel, new_indicator, deprecation, new_mapping, reorder, translation, shapes_change,
         template_change, external_definition, competency_relabel]


def _inodes(folder) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino
            for p in folder.rglob("*") if p.is_file()}


def _changed_concept_files(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {rel for rel in before.keys() & after.keys() if before[rel] != after[rel]}


def _edit_and_build_both_ways(project, edit):
    """The build tree and web-root inodes before `edit`, after an incremental build of it
    and after a full build of the same input; asserts the two builds give the same bytes."""
    webroot = layout.webroot(project)
    before, inodes_before = snapshot(project.build_dir), _inodes(webroot)
    edit(project.root)
    build.build(project, replace_release=True)
    incremental_tree, inodes = snapshot(project.build_dir), _inodes(webroot)
    build.build(project, replace_release=True, full=True)
    full_tree = snapshot(project.build_dir)
    assert incremental_tree.keys() == full_tree.keys()
    assert sorted(rel for rel in full_tree if incremental_tree[rel] != full_tree[rel]) == []
    return before, inodes_before, incremental_tree, inodes, full_tree


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = load_project(copy_project(tmp_path_factory.mktemp("incremental") / "p"))
    build.build(project, replace_release=True)
    return project


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_an_incremental_build_equals_a_full_build(project, edit, monkeypatch):
    from competentieset.site import graph as site_graph

    # a site graph patched for the edit (SiteGraph._patch) has the tables of one read anew
    patched = []
    real_patch = site_graph.SiteGraph._patch

    def checked_patch(self, vocab, tables, touched):
        real_patch(self, vocab, tables, touched)
        fresh = self._collect(vocab.store.quads_for_pattern(None, None, None, None))
        mine = (self.resources, self.labels, self.label_values, self.definitions, self.inverse)
        for name, a, b in zip(("resources", "labels", "label values", "definitions", "inverse"), mine, fresh,
                              strict=True):
            assert sorted(a.items()) == sorted(b.items()), name
        assert list(self.resources) == list(fresh[0])
        assert list(self.definitions) == list(fresh[3])
        patched.append(touched)

    monkeypatch.setattr(site_graph.SiteGraph, "_patch", checked_patch)
    before, inodes_before, incremental_tree, inodes, full_tree = _edit_and_build_both_ways(project, edit)
    changed = _changed_concept_files(before, full_tree)
    assert changed, "the edit changes some published file"
    structural = edit in (shapes_change, template_change)
    # the site graph was patched, but where the code or settings changed
    assert len(patched) == (0 if structural else 1)
    www = f"{layout.WEBROOT}/"
    kept = [rel for rel in inodes if rel in inodes_before and inodes[rel] == inodes_before[rel]]
    if structural:
        # a change to the shapes or the templates: everything is built anew
        assert kept == []
    else:
        # only files whose bytes changed were written; the rest are the previous files
        rewritten = {rel for rel in inodes if rel in inodes_before and rel not in kept}
        assert {www + rel for rel in rewritten} >= {rel for rel in changed if rel.startswith(www)}
        assert len(kept) > 0.8 * len(inodes_before)
        unchanged_but_rewritten = sorted(
            rel for rel in rewritten if before[www + rel] == incremental_tree[www + rel])
        # the whole-vocabulary downloads and the release copy's manifest are recomputed,
        # but every unchanged file is the previous build's own
        assert unchanged_but_rewritten == []


def test_a_relabel_rewrites_the_resource_its_neighbours_and_the_indexes(tmp_path):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    webroot = layout.webroot(project)
    before = _inodes(webroot)
    _edit(project.root / "ontology" / "redactie" / "labels-en-definities.ttl",
          '"Creëert een reflectief en veilig leerklimaat"@nl', '"Bouwt een leerklimaat"@nl')
    build.build(project, replace_release=True)
    after = _inodes(webroot)
    rewritten = {rel for rel in after if before.get(rel) != after[rel]}
    this = "doc/gedragsindicator/reflecteren-2"
    parent = "doc/competentie/reflecteren"
    for ext in ("nt", "ttl", "rdf", "jsonld", "json", "csv", "html"):
        assert f"{this}.{ext}" in rewritten, ext
    for ext in ("nt", "ttl", "rdf", "jsonld", "json", "html"):  # shows the indicator's label
        assert f"{parent}.{ext}" in rewritten, ext
    assert "doc/download/competentieset.ttl" in rewritten
    assert "search/search_index.json" in rewritten
    sibling = "doc/gedragsindicator/stressbestendigheid-1"
    for ext in ("nt", "ttl", "json", "html"):
        assert f"{sibling}.{ext}" not in rewritten, ext
    assert f"{sibling}.html" in after
    # the workspace keeps where each page's search entries are in the index
    # (mkdocs_hooks.SEARCH_PAGES), in page order; the next dirty build links the index aside
    # (SEARCH_BEFORE) and copies them from there; without a record of this index (another
    # size, cut short, none) they are read from the index
    from competentieset.site.mkdocs_hooks import SEARCH_BEFORE, SEARCH_PAGES, _old_pages

    for lang in ("nl", "en"):
        work = layout.site_cache_dir(project) / lang
        config = {"site_dir": str(work / "site")}
        assert not (work / SEARCH_BEFORE).exists()  # removed once the index was written
        index = (work / "site" / "search" / "search_index.json").read_bytes()
        kept = _old_pages(config)
        assert (work / SEARCH_BEFORE).read_bytes() == index
        texts = {url: index[at:at + length].decode("utf-8") for url, (at, length) in kept.items()}
        assert index.decode("utf-8").endswith('"docs":[' + ",".join(t for t in texts.values() if t) + "]}")
        assert any(url.startswith("doc/gedragsindicator/") and text for url, text in texts.items())
        from_index = {url: text for url, text in texts.items() if text}
        data = (work / SEARCH_PAGES).read_bytes()
        record = marshal.loads(data)
        (work / SEARCH_PAGES).write_bytes(marshal.dumps({**record, "size": record["size"] + 1}))
        assert _old_pages(config) == from_index
        (work / SEARCH_PAGES).write_bytes(data[: len(data) // 2])
        assert _old_pages(config) == from_index
        (work / SEARCH_PAGES).unlink()
        assert _old_pages(config) == from_index


def test_after_a_full_site_render_the_workspace_keeps_the_previous_builds_files(tmp_path):
    """A full render in a kept workspace (here: its MkDocs config removed) makes every page
    a new file with the old bytes. The build keeps the previous build's files (same inodes)
    and puts them back into the workspace, so the build after it finds them linked, without
    reading 40,000 pages again (build.keep_unchanged hashes a file only when it is not the
    previous build's own)."""
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    webroot = layout.webroot(project)
    work = layout.site_cache_dir(project)
    before = _inodes(webroot)
    for lang in ("nl", "en"):
        (work / lang / "mkdocs.yml").unlink()  # the next site build renders every page
    build.build(project, replace_release=True)
    page = "doc/gedragsindicator/stressbestendigheid-1.html"
    pairs = [(page, work / "nl" / "site" / page), ("en/" + page, work / "en" / "site" / page)]
    for rel, in_workspace in pairs:
        assert _inodes(webroot)[rel] == before[rel]  # the previous build's file, untouched
        assert os.stat(in_workspace).st_ino == before[rel]  # ... and the workspace's again
    relabel(project.root)
    hashed = []
    real_hash = build._hash
    build._hash = lambda path: (hashed.append(path.name), real_hash(path))[1]
    try:
        build.build(project, replace_release=True)
    finally:
        build._hash = real_hash
    assert _inodes(webroot)[page] == before[page]
    assert "stressbestendigheid-1.html" not in hashed

def test_a_relabel_generates_only_the_site_pages_that_read_the_label(tmp_path, monkeypatch):
    """The site's dependency record per page (site/page_reads.py): after one relabel, only
    the resource pages that read the changed resource are generated again (the others are
    kept from the workspace); the result is still byte-identical to a full build."""
    from competentieset.site import resource_pages

    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    generated: list[str] = []
    original = resource_pages.resource_page

    def spy(w, res):
        generated.append(f"{w.lang} {res.iri}")
        return original(w, res)

    monkeypatch.setattr(resource_pages, "resource_page", spy)
    # the spy sees pages made in this process: no forked child for the English pages
    from competentieset.site import mkdocs_site

    monkeypatch.setattr(mkdocs_site, "_may_fork", lambda: False)
    _edit(project.root / "ontology" / "redactie" / "labels-en-definities.ttl",
          '"Creëert een reflectief en veilig leerklimaat"@nl', '"Bouwt een leerklimaat"@nl')
    build.build(project, replace_release=True)
    incremental_generated = sorted(generated)
    # a second edit on top of that incremental build: the record it kept (the pages it
    # generated and those it kept) serves again
    generated.clear()
    _edit(project.root / "ontology" / "redactie" / "labels-en-definities.ttl",
          '"Bouwt een leerklimaat"@nl', '"Bouwt een veilig leerklimaat"@nl')
    build.build(project, replace_release=True)
    second_generated = sorted(generated)
    incremental_tree = snapshot(project.build_dir)
    generated.clear()
    build.build(project, replace_release=True, full=True)
    every_page = sorted(generated)
    assert snapshot(project.build_dir) == incremental_tree
    this = f"{BASE}/id/gedragsindicator/reflecteren-2"
    parent = f"{BASE}/id/competentie/reflecteren"
    unrelated = f"{BASE}/id/gedragsindicator/stressbestendigheid-1"
    for pages in (incremental_generated, second_generated):
        for lang in ("nl", "en"):
            assert f"{lang} {this}" in pages  # its own page
            assert f"{lang} {parent}" in pages  # lists its indicators by label
            assert f"{lang} {unrelated}" not in pages
            assert f"{lang} {unrelated}" in every_page
        assert set(pages) < set(every_page)
        assert len(pages) < 0.2 * len(every_page), pages


def test_site_graph_notes_what_a_page_reads(tmp_path):
    from competentieset.model import vocabulary
    from competentieset.site.graph import ALL, SiteGraph

    project = load_project(copy_project(tmp_path / "p"))
    graph = SiteGraph(vocabulary.load(project))
    this = f"{BASE}/id/gedragsindicator/reflecteren-2"
    with graph.recording() as reads:
        assert graph.resources[this].iri == this
        graph.label(f"{BASE}/id/competentie/reflecteren", "nl")
        graph.subjects("http://www.w3.org/2004/02/skos/core#broader", f"{BASE}/id/competentie/reflecteren")
    assert reads == {f"r\t{this}", f"r\t{BASE}/id/competentie/reflecteren",
                     f"i\thttp://www.w3.org/2004/02/skos/core#broader\t{BASE}/id/competentie/reflecteren"}
    for read_everything in (lambda: list(graph.resources.values()), lambda: graph.vocab.store):
        with graph.recording() as reads:
            read_everything()
        assert reads == {ALL}
    assert graph.reads is None  # nothing noted outside a recording
    graph.resources.get(this)
    assert graph.read_digest(f"r\t{this}") == graph.read_digest(f"r\t{this}")
    assert graph.read_digest(f"r\t{this}") != graph.read_digest(f"r\t{BASE}/id/competentie/reflecteren")
    assert graph.read_digest(ALL) is None


def test_a_changed_fingerprint_builds_everything(tmp_path):
    project = load_project(copy_project(tmp_path / "p"))
    first = incremental.fingerprint(project)
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert incremental.fingerprint(project) == first
    settings = project.root / "pyproject.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert incremental.fingerprint(project) != first


def test_a_failed_incremental_build_leaves_the_previous_build_intact(tmp_path, monkeypatch):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    before = snapshot(project.build_dir)
    inodes = _inodes(project.build_dir)
    relabel(project.root)

    def fail(ctx):
        raise RuntimeError("injected failure in the release stage")

    stages = [(name, fail if name == "release" else stage) for name, stage in build.BUILD_STAGES]
    with pytest.raises(RuntimeError, match="injected failure"):
        build.build(project, replace_release=True, stages=stages)
    assert snapshot(project.build_dir) == before
    assert _inodes(project.build_dir) == inodes
    assert not (project.root / layout.STAGING_DIR).exists()
    # the next build is still incremental and correct
    build.build(project, replace_release=True)
    incremental_tree = snapshot(project.build_dir)
    build.build(project, replace_release=True, full=True)
    assert snapshot(project.build_dir) == incremental_tree


def test_a_failed_site_build_forgets_the_workspace(tmp_path):
    """MkDocs failing half-way leaves its workspace incomplete: the next build renders every
    page again (and build/ is untouched meanwhile)."""
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    before = snapshot(project.build_dir)
    template = project.site_dir / "overrides" / "main.html"
    original = template.read_text(encoding="utf-8")
    template.write_text(original + "\n{% if %}\n", encoding="utf-8")  # a Jinja syntax error
    with pytest.raises(CompetentiesetError, match="the documentation site did not build"):
        build.build(project, replace_release=True)
    assert snapshot(project.build_dir) == before
    state = marshal.loads((layout.site_cache_dir(project) / "state.marshal").read_bytes())
    assert state["complete"] is False
    template.write_text(original, encoding="utf-8")
    build.build(project, replace_release=True)
    assert snapshot(project.build_dir) == before


def test_cli_full_flag(tmp_path, capsys, monkeypatch):
    from competentieset import cli

    root = copy_project(tmp_path / "p")
    monkeypatch.chdir(root)
    assert cli.main(["build", "--replace-release"]) == 0
    webroot = root / "build" / layout.WEBROOT
    page = webroot / "index.html"
    inode = page.stat().st_ino
    assert cli.main(["build", "--replace-release"]) == 0
    assert page.stat().st_ino == inode  # kept
    assert cli.main(["build", "--replace-release", "--full"]) == 0
    assert page.stat().st_ino != inode  # written anew
    assert os.path.isfile(root / "build" / incremental.STATE_FILE)


def test_a_relabel_computes_only_the_resources_that_show_the_label(tmp_path, monkeypatch):
    """The data stages (publication/data_cache.py): after one relabel, the CSV row of the
    relabelled indicator alone and the plain-JSON nodes of it and of the competency that
    lists it are computed; every other resource's files are the previous build's."""
    from competentieset.publication import csv_table, plain_json

    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    # the data stages in this process (not beside the site), so the calls are seen here
    monkeypatch.setattr(build, "BESIDE_SITE", frozenset())
    rows, nodes = [], []
    row, node = csv_table.row, plain_json.PlainWriter.node
    monkeypatch.setattr(csv_table, "row", lambda d, cols, iri, *a: rows.append(iri) or row(d, cols, iri, *a))
    monkeypatch.setattr(plain_json.PlainWriter, "node",
                        lambda self, iri, *a: nodes.append(iri) or node(self, iri, *a))
    relabel(project.root)
    build.build(project, replace_release=True)
    this = f"{BASE}/id/gedragsindicator/reflecteren-3"
    assert rows == [this]
    assert sorted(iri for iri in nodes if iri.startswith(BASE)) == [f"{BASE}/id/competentie/reflecteren", this]
    incremental_tree = snapshot(project.build_dir)
    build.build(project, replace_release=True, full=True)
    assert snapshot(project.build_dir) == incremental_tree


@pytest.mark.parametrize("every", [1, 32])
def test_a_relabel_makes_only_the_export_pieces_that_read_the_label(tmp_path, monkeypatch, every):
    """The consumer exports of an incremental build (exports/pieces): after one relabel of an
    indicator, only the pieces that read that indicator's statements are made: in CASE its
    item and its isChildOf, ESCO and replacedBy groups in both languages and its English
    node's isTranslationOf; its row in Moodle's and Totara's CSV and its Open Badges object
    (each per language) and its CTDL-ASN node (with chunks of one piece: exactly those; with
    the default chunks: the chunks that hold them). Every other piece is copied from the
    previous build's files, and the files are those of a full build."""
    from competentieset.publication.exports import pieces as pieces_module

    monkeypatch.setattr(pieces_module, "EVERY", every)
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    # the exports in this process (not beside the site), so the calls are seen here
    monkeypatch.setattr(build, "BESIDE_SITE", frozenset())
    made = []
    real_piece = pieces_module.Pieces.piece

    def piece(self, key, make, outs, reads=()):
        real_piece(self, key, lambda: made.append((self.name, key)) or make(), outs, reads)

    monkeypatch.setattr(pieces_module.Pieces, "piece", piece)
    chunks = []  # (export, the keys of a chunk made)
    real_end = pieces_module.Pieces._end_chunk

    def end_chunk(self):
        keys, before = [key for key, _, _ in self._chunk], self.made
        real_end(self)
        if self.made > before:
            chunks.append((self.name, keys))

    monkeypatch.setattr(pieces_module.Pieces, "_end_chunk", end_chunk)
    relabel(project.root)
    build.build(project, replace_release=True)
    this = f"{BASE}/id/gedragsindicator/reflecteren-3"
    expected_case = sorted([f"{lang}\t{group}\t{this}" for lang in ("nl", "en")
                            for group in ("item", "broader", "mappings", "replaced")]
                           + [f"en\ttranslation\t{this}"])
    expected_counts = {"case": 9, "ctdl-asn": 1, "moodle": 2, "totara": 2, "open-badges": 2}
    counts = {}
    for name, _key in made:
        counts[name] = counts.get(name, 0) + 1
    if every == 1:
        assert sorted(key for name, key in made if name == "case") == expected_case
        assert [(name, key) for name, key in made if this not in key.split("\t")] == []
        assert counts == expected_counts
    else:
        assert set(expected_case) <= {key for name, key in made if name == "case"}
        # only the chunks that hold one of those pieces (at most one chunk each)
        assert [(name, keys) for name, keys in chunks if not any(this in key.split("\t") for key in keys)] == []
        per_export = {}
        for name, _ in chunks:
            per_export[name] = per_export.get(name, 0) + 1
        assert per_export.keys() == expected_counts.keys()
        assert all(per_export[name] <= expected_counts[name] for name in per_export), per_export
    incremental_tree = snapshot(project.build_dir)
    made_incrementally = len(chunks)
    chunks.clear()
    build.build(project, replace_release=True, full=True)
    assert len(chunks) > made_incrementally  # a full build makes every chunk
    assert snapshot(project.build_dir) == incremental_tree


def test_case_pieces_are_not_copied_from_a_package_they_do_not_describe(tmp_path, monkeypatch):
    """A previous package whose bytes are not those the kept offsets were taken from (here: its
    manifest names other bytes) is not copied from: every piece is made, the result is the
    full build's."""
    from competentieset.publication.exports import pieces as pieces_module

    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    record = project.build_dir / "data-cache" / "pieces-case.marshal"
    other = load_project(copy_project(tmp_path / "q"))
    new_indicator(other.root)
    build.build(other, replace_release=True)
    record.write_bytes((other.build_dir / "data-cache" / "pieces-case.marshal").read_bytes())
    # the exports in this process (not beside the site), so the calls are seen here
    monkeypatch.setattr(build, "BESIDE_SITE", frozenset())
    copied = []
    real_record = pieces_module.PieceFile._record
    monkeypatch.setattr(pieces_module.PieceFile, "_record",
                        lambda self, key, data: copied.append((self.relpath, type(data)))
                        or real_record(self, key, data))
    relabel(project.root)
    build.build(project, replace_release=True)
    case = [kind for path, kind in copied if path.startswith("ims/case/")]
    assert case and memoryview not in case
    # the other exports' records are their own: copied from
    assert memoryview in [kind for path, kind in copied if "moodle" in path]
    incremental_tree = snapshot(project.build_dir)
    build.build(project, replace_release=True, full=True)
    assert snapshot(project.build_dir) == incremental_tree


@pytest.mark.parametrize("damage", ["missing", "flipped", "truncated", "other build"])
def test_a_damaged_data_cache_builds_the_same_bytes(tmp_path, damage):
    """build/data-cache/ damaged or removed: what it would have given is computed; the result
    is still the full build's."""
    from competentieset.publication import data_cache

    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    folder = project.build_dir / data_cache.FOLDER
    parts = sorted(folder.iterdir())
    assert [p.name for p in parts] == ["csv.marshal", "exports.marshal", "json.marshal", "keys.marshal",
                                      "pieces-case.marshal", "pieces-ctdl-asn.marshal", "pieces-moodle.marshal",
                                      "pieces-open-badges.marshal", "pieces-totara.marshal", "prepare.marshal"]
    if damage == "other build":  # the parts of another state of the data
        other = load_project(copy_project(tmp_path / "q"))
        new_indicator(other.root)
        build.build(other, replace_release=True)
        for part in parts:
            part.write_bytes((other.build_dir / data_cache.FOLDER / part.name).read_bytes())
    for part in parts:
        data = part.read_bytes()
        if damage == "missing":
            part.unlink()
        elif damage == "flipped":
            at = len(data) // 2
            part.write_bytes(data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:])
        elif damage == "truncated":
            part.write_bytes(data[: len(data) // 2])
    relabel(project.root)
    build.build(project, replace_release=True)
    incremental_tree = snapshot(project.build_dir)
    build.build(project, replace_release=True, full=True)
    full_tree = snapshot(project.build_dir)
    assert sorted(rel for rel in full_tree if incremental_tree.get(rel) != full_tree[rel]) == []
    assert incremental_tree.keys() == full_tree.keys()


def test_full_and_incremental_builds_count_the_same_files(tmp_path):
    """The summary's file count ("N files (and their copy in versie/<version>/)") is the
    files of the web root but the release copy, whatever the build reused."""
    project = load_project(copy_project(tmp_path / "p"))
    full = build.build(project, replace_release=True, full=True)
    webroot = layout.webroot(project)
    frozen = layout.release_dir(full.version) + "/"
    on_disk = sum(1 for p in webroot.rglob("*")
                  if p.is_file() and not p.relative_to(webroot).as_posix().startswith(frozen))
    assert full.files == on_disk
    relabel(project.root)
    again = build.build(project, replace_release=True)
    assert again.files == on_disk


def _streamed_downloads() -> list[str]:
    """The files writers stream (BuildContext.stream): the whole-vocabulary downloads and
    every file of the consumer exports."""
    from competentieset.publication.exports import EXPORTS

    whole = [layout.download_file(ext) for ext in ("nt", "nq", "ttl", "rdf", "jsonld", "trig", "json")]
    return whole + [f.path for export in EXPORTS for f in export.files]


def test_streamed_files_are_hashed_as_they_are_written(tmp_path, monkeypatch):
    """The release stage reads no streamed file again to checksum it (BuildContext.stream
    hashed it while it was written), and the manifest's checksum is the file's own; an
    incremental build with nothing changed keeps each of them as the previous build's file
    (the same inode)."""
    import hashlib

    project = load_project(copy_project(tmp_path / "p"))
    read_again = []
    real_hash = build._hash
    monkeypatch.setattr(build, "_hash", lambda path: read_again.append(path.as_posix()) or real_hash(path))
    result = build.build(project, replace_release=True, full=True)
    webroot = layout.webroot(project)
    # and the CASE API's packages (per language, CASE 1.1 and 1.0)
    packages = sorted(p.relative_to(webroot).as_posix() for p in webroot.glob("ims/case/*/CFPackages/*.json"))
    assert len(packages) == 4
    streamed = _streamed_downloads() + packages
    assert len(streamed) == 7 + 9 + 4
    assert [p for p in read_again if any(p.endswith("/" + rel) for rel in streamed)] == []
    manifest = webroot / layout.release_dir(result.version) / layout.MANIFEST_FILE
    listed = dict(reversed(line.split("  ", 1)) for line in manifest.read_text(encoding="utf-8").splitlines())
    for rel in streamed:
        assert listed[rel] == hashlib.sha256((webroot / rel).read_bytes()).hexdigest(), rel
    before = _inodes(webroot)
    build.build(project, replace_release=True)
    after = _inodes(webroot)
    assert [rel for rel in streamed if after[rel] != before[rel]] == []


def test_a_full_build_dates_its_files_by_checksum_without_reading_the_previous_ones(tmp_path, monkeypatch):
    """A full build over an earlier build (same version) takes the earlier checksums from
    that build's manifest: no file is compared byte for byte, an unchanged file keeps its
    earlier time, a changed one gets a later time."""
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    webroot = layout.webroot(project)
    # an earlier build's times: a day after the release date, so "keeps" is visible
    for path in webroot.rglob("*"):
        if path.is_file():
            later = int(path.stat().st_mtime) + 86400
            os.utime(path, (later, later))
    before = {p.relative_to(webroot).as_posix(): int(p.stat().st_mtime) for p in webroot.rglob("*") if p.is_file()}
    relabel(project.root)
    compared = []
    real_same = build._same_bytes
    monkeypatch.setattr(build, "_same_bytes", lambda a, b, size: compared.append(a) or real_same(a, b, size))
    result = build.build(project, replace_release=True, full=True)
    # only the few files a release leaves out (no manifest line: .htaccess, the releases'
    # index, ...) are compared
    manifest = (webroot / layout.release_dir(result.version) / layout.MANIFEST_FILE).read_text(encoding="utf-8")
    listed = {line.split("  ", 1)[1] for line in manifest.splitlines()}
    read = sorted(Path(p).relative_to(webroot).as_posix() for p in compared)
    assert read and not set(read) & listed and len(read) < 10
    after = {p.relative_to(webroot).as_posix(): int(p.stat().st_mtime) for p in webroot.rglob("*") if p.is_file()}
    changed = "doc/competentie/reflecteren.nt"  # shows the relabelled "Heeft zelfinzicht"
    assert "Kent zichzelf" in (webroot / changed).read_text(encoding="utf-8")
    assert after[changed] == before[changed] + 1
    for unchanged in ("doc/gedragsindicator/stressbestendigheid-1.nt", "doc/download/context.jsonld",
                      "doc/gedragsindicator/stressbestendigheid-1.html"):
        assert after[unchanged] == before[unchanged], unchanged


def test_an_edit_patches_the_kept_site_graph_instead_of_reading_the_store(tmp_path, monkeypatch):
    """The site workspace keeps the site graph of the build's store; after an edit the next
    build reads only the touched subjects again (SiteGraph._patch) and takes the earlier
    digests of the read keys that did not change; the result equals a full build's
    (test_an_incremental_build_equals_a_full_build covers the bytes for every edit kind)."""
    from competentieset.site import graph as site_graph
    from competentieset.site.mkdocs_site import GRAPH_FILE

    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    assert (layout.site_cache_dir(project) / GRAPH_FILE).is_file()
    calls = []
    for name in ("_read", "_patch"):
        real = getattr(site_graph.SiteGraph, name)
        monkeypatch.setattr(site_graph.SiteGraph, name,
                            lambda self, *a, _real=real, _name=name: calls.append((_name, a[-1] if _name == "_patch" else None)) or _real(self, *a))
    adopted = []
    real_adopt = site_graph.SiteGraph.adopt_digests
    monkeypatch.setattr(site_graph.SiteGraph, "adopt_digests",
                        lambda self, keys, digests: real_adopt(self, keys, digests) or adopted.append(len(self._digests)))
    relabel(project.root)
    build.build(project, replace_release=True)
    assert [name for name, _ in calls] == ["_patch"]
    touched = calls[0][1]
    base = project.base
    # "Heeft zelfinzicht" is the Dutch label of the indicator reflecteren-3
    assert touched == {f"{base}/id/gedragsindicator/reflecteren-3"}
    assert adopted and min(adopted) > 100  # most keys' digests taken, not computed
    # a full build reads the store
    calls.clear()
    build.build(project, replace_release=True, full=True)
    assert [name for name, _ in calls] == ["_read"]



@pytest.mark.parametrize("edit", [relabel, new_indicator], ids=["relabel", "new_indicator"])
def test_split_overview_lists_build_incrementally_to_the_full_bytes(tmp_path, monkeypatch, edit):
    """With the overview lists split into parts (a limit of 10 entries, as 1,000 are at
    ESCO scale): after a relabel only the parts that show the label are written again, and
    a new indicator, which moves the parts' boundaries, still gives the full build's bytes."""
    from competentieset.site import context as site_context

    monkeypatch.setattr(site_context, "PAGE_ENTRIES", 10)
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    webroot = layout.webroot(project)
    assert (webroot / "gedragsindicatoren-2.html").is_file() and (webroot / "en" / "index-a-z-a.html").is_file()
    before, inodes_before, incremental_tree, inodes, _ = _edit_and_build_both_ways(project, edit)
    parts = re.compile(r"(en/)?(gedragsindicatoren|hierarchie|index-a-z)-\w+\.html")
    rewritten = sorted(rel for rel in inodes if parts.fullmatch(rel) and rel in inodes_before
                       and inodes[rel] != inodes_before[rel])
    if edit is relabel:
        # "Heeft zelfinzicht" (1.1, Dutch label only) -> "Kent zichzelf": the first part of
        # the indicators and of the hierarchy, and the index's H and K pages, in Dutch only
        assert rewritten == ["gedragsindicatoren-1.html", "hierarchie-1.html", "index-a-z-h.html",
                             "index-a-z-k.html"]
    else:
        assert rewritten  # the part the indicator joins (and what follows it)
    www = f"{layout.WEBROOT}/"
    unchanged_but_rewritten = sorted(rel for rel in inodes if rel in inodes_before and inodes[rel] != inodes_before[rel]
                                     and before.get(www + rel) == incremental_tree[www + rel])
    assert unchanged_but_rewritten == []


def test_a_previous_file_read_twice_is_checksummed_once_unless_it_changed(tmp_path, monkeypatch):
    """Reuse.read gives the previous build's file only with its manifest's checksum; read again
    unchanged (same inode, size and times) it is not checksummed again, and a file changed in
    between (here: the same size, other bytes) is checked again and refused."""
    import hashlib
    import time

    (tmp_path / "a.nq").write_bytes(b"<s> <p> <o> <g> .\n")
    reuse = incremental.Reuse(str(tmp_path), {"a.nq": hashlib.sha256(b"<s> <p> <o> <g> .\n").hexdigest()})
    checksummed = []
    real = hashlib.sha256
    monkeypatch.setattr(incremental.hashlib, "sha256", lambda data=b"": checksummed.append(1) or real(data))
    assert reuse.read("a.nq") == b"<s> <p> <o> <g> .\n"
    assert reuse.read("a.nq") == b"<s> <p> <o> <g> .\n"
    assert len(checksummed) == 1
    time.sleep(0.01)
    (tmp_path / "a.nq").write_bytes(b"<s> <p> <x> <g> .\n")
    assert reuse.read("a.nq") is None
    assert len(checksummed) == 2


def test_a_language_part_of_another_site_state_is_not_used(tmp_path, monkeypatch):
    """Each language's part of the site workspace's state (<lang>/state.marshal, written by
    the process that made its pages) counts only with the id of the workspace's complete
    state: a part left from an earlier build is no record, so every page of that language
    is generated again (the other language keeps its pages); the result is the full build's."""
    from competentieset.site import mkdocs_site, resource_pages

    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, replace_release=True)
    part = layout.site_cache_dir(project) / "en" / mkdocs_site.STATE_FILE
    earlier = part.read_bytes()
    relabel(project.root)
    build.build(project, replace_release=True)
    part.write_bytes(earlier)  # the part of the build before
    generated: list[str] = []
    original = resource_pages.resource_page
    monkeypatch.setattr(resource_pages, "resource_page",
                        lambda w, res: generated.append(f"{w.lang} {res.iri}") or original(w, res))
    monkeypatch.setattr(mkdocs_site, "_may_fork", lambda: False)  # the spy sees both languages
    translation(project.root)
    build.build(project, replace_release=True)
    incremental_tree = snapshot(project.build_dir)
    english = sorted(page for page in generated if page.startswith("en "))
    dutch = [page for page in generated if page.startswith("nl ")]
    generated.clear()
    build.build(project, replace_release=True, full=True)
    assert english == sorted(page for page in generated if page.startswith("en "))
    assert 0 < len(dutch) < 0.2 * len(english)
    assert snapshot(project.build_dir) == incremental_tree
