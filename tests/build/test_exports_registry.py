"""The EXPORTS registry drives the build stage, the DCAT distributions, the developers page's
download links, the servers' media types: a new consumer format is one module and one row."""

from __future__ import annotations

from types import SimpleNamespace

import rdflib
from competentieset.model import vocabulary
from competentieset.publication import dataset_metadata, exports
from competentieset.publication.descriptions import describe
from competentieset.publication.exports import EXPORTS, Export, ExportFile
from competentieset.serving import serverconf, webroot

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
IANA = "http://www.iana.org/assignments/media-types/"


def test_every_export_file_is_built_listed_in_dcat_and_linked_from_the_site(built):
    www = built.build_dir / "www"
    dcat = rdflib.Graph().parse(www / "doc" / "download" / "dcat.ttl")
    nl = (www / "ontwikkelaars.html").read_text(encoding="utf-8")
    en = (www / "en" / "ontwikkelaars.html").read_text(encoding="utf-8")
    assert [e.name for e in EXPORTS][0] == "case"
    for export in EXPORTS:
        for file in export.files:
            assert (www / file.path).is_file(), file.path
            url = rdflib.URIRef(f"{built.base}/{file.path}")
            dists = set(dcat.subjects(DCAT.downloadURL, url))
            assert len(dists) == 1, file.path
            (dist,) = dists
            assert (dist, DCAT.mediaType, rdflib.URIRef(IANA + file.media_type)) in dcat
            assert f'href="doc/download/{file.path.rsplit("/", 1)[-1]}" type="{file.media_type}"' in nl
            assert f">{file.title['en']}</a>" in en


def test_a_new_row_reaches_the_stage_dcat_and_the_servers(project, monkeypatch, tmp_path):
    written = {}

    class Ctx:
        descriptions = SimpleNamespace(resources=(), base="https://example.org/set")  # one process
        changes = previous_build = None  # a full build
        staging = tmp_path

        def write(self, rel, data):
            written[rel] = data

        def report(self, done, total):
            pass

    row = Export(name="proef", title={"nl": "Proef", "en": "Trial"},
                 files=(ExportFile("doc/download/proef.xyz", "application/x-proef",
                                   {"nl": "proefbestand", "en": "trial file"}),),
                 write=lambda ctx: ctx.write("doc/download/proef.xyz", b"proef"),
                 description={"nl": "Een proef.", "en": "A trial."})
    monkeypatch.setattr(exports, "EXPORTS", [row])
    exports.write_all(Ctx())
    assert written == {"doc/download/proef.xyz": b"proef"}
    d = describe(vocabulary.load(project))
    from competentieset.model.releases import Release

    triples = dataset_metadata.dcat_triples(d, Release("0.1.0", "2026-11-30"), [Release("0.1.0", "2026-11-30")])
    urls = {t.object.value for t in triples if t.predicate.value == str(DCAT.downloadURL)}
    assert f"{project.base}/doc/download/proef.xyz" in urls
    assert "application/x-proef xyz;" in serverconf.nginx_conf(project.base)
    assert "AddType application/x-proef .xyz" in serverconf.htaccess(project.base)
    assert webroot._content_type("proef.xyz") == ("application/x-proef", None)
