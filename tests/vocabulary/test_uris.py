"""URIs follow the URI strategy, are all in the register, and the base is one setting."""

from __future__ import annotations

import re
import uuid

import pytest
from competentieset.model import config, uris, vocabulary


def minted(vocab) -> set[str]:
    base = vocab.project.base + "/"
    return {q.subject.value for q in vocab.store.quads_for_pattern(None, None, None, None)
            if getattr(q.subject, "value", "").startswith((base + "id/", base + "def/"))}


def test_every_minted_uri_follows_the_strategy(vocab):
    for uri in minted(vocab):
        version, kind, rest = uris.split(uri, vocab.project.base)
        assert version is None
        if kind == "id":
            kind_name, name = rest.split("/")
            assert uris.NAME.match(kind_name) and uris.NAME.match(name), uri
        else:
            assert rest == "" or uris.TERM.match(rest), uri


def test_register_lists_exactly_the_minted_uris(vocab, project):
    lines = project.uri_register.read_text(encoding="utf-8").splitlines()
    rows = [line.split() for line in lines if line and not line.startswith("#")]
    registered = [row[0] for row in rows]
    assert registered == sorted(registered)
    # plus the graph the build derives (model.identifiers; not in ontology/)
    assert set(registered) == minted(vocab) | {f"{project.base}/id/graaf/afgeleid"}
    # each URI's UUID beside it: RFC 4122 version 5 in the URL namespace, lowercase
    assert all(len(row) == 2 and row[1] == str(uuid.uuid5(uuid.NAMESPACE_URL, row[0]))
               for row in rows), [row for row in rows if len(row) != 2][:3]


def test_default_base_is_a_w3id_namespace(project):
    assert re.fullmatch(r"https://w3id\.org/[a-z0-9-]+", project.base)


def test_base_uri_is_one_setting(project):
    other = config.load_project(project.root, "https://example.test/cs")
    vocab = vocabulary.load(other)
    subjects = {q.subject.value for q in vocab.store.quads_for_pattern(None, None, None, None)
                if hasattr(q.subject, "value")}
    objects = {q.object.value for q in vocab.store.quads_for_pattern(None, None, None, None)
               if type(q.object).__name__ == "NamedNode"}
    assert "https://example.test/cs/id/competentie/reflecteren" in subjects
    assert not any(v.startswith(project.source_base + "/") for v in subjects | objects)


@pytest.mark.parametrize("uri,expected", [
    ("B/id/competentie/reflecteren", "doc/competentie/reflecteren"),
    ("B/def/Competentie", "doc/def/Competentie"),
    ("B/def/", "doc/def"),
    ("B/doc/competentie/reflecteren", "doc/competentie/reflecteren"),
    ("B/versie/0.1.0/id/gebied/emotioneel", "versie/0.1.0/doc/gebied/emotioneel"),
])
def test_doc_path(uri, expected):
    base = "https://w3id.org/x"
    assert str(uris.doc_path(uri.replace("B", base, 1), base)) == expected
    assert uris.doc_rel(uri.replace("B", base, 1), base) == expected  # the site's, as a string


@pytest.mark.parametrize("uri", [
    "https://other.org/id/competentie/x",
    "https://w3id.org/x/id/../../etc/passwd",
    "https://w3id.org/x/versie/latest/id/a/b",
    "https://w3id.org/x/static/a",
    "https://w3id.org/x/id/competentie/",
])
def test_doc_path_rejects_what_is_not_ours(uri):
    with pytest.raises(uris.NotOurs):
        uris.doc_path(uri, "https://w3id.org/x")
    with pytest.raises(uris.NotOurs):
        uris.doc_rel(uri, "https://w3id.org/x")


def test_file_path_adds_the_extension():
    assert str(uris.file_path("https://w3id.org/x/id/competentie/reflecteren", "https://w3id.org/x", "ttl")) \
        == "doc/competentie/reflecteren.ttl"
