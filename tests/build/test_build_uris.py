"""uris.file_path: the one function that maps a URI to the file the build writes."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from competentieset.model import uris

BASE = "https://example.org/cs"


@pytest.mark.parametrize(
    ("uri", "extension", "expected"),
    [
        (f"{BASE}/id/competentie/reflecteren", "ttl", "doc/competentie/reflecteren.ttl"),
        (f"{BASE}/id/gedragsindicator/reflecteren-1", ".jsonld", "doc/gedragsindicator/reflecteren-1.jsonld"),
        (f"{BASE}/doc/competentie/reflecteren", "csv", "doc/competentie/reflecteren.csv"),
        (f"{BASE}/def/Competentie", "nt", "doc/def/Competentie.nt"),
        (f"{BASE}/def/", "rdf", "doc/def.rdf"),
        (f"{BASE}/versie/0.1.0/id/competentie/reflecteren", "json",
         "versie/0.1.0/doc/competentie/reflecteren.json"),
        (f"{BASE}/versie/2.10.3/def/Gebied", "ttl", "versie/2.10.3/doc/def/Gebied.ttl"),
    ],
)
def test_file_path_maps_uris_to_build_files(uri, extension, expected):
    assert uris.file_path(uri, BASE, extension) == PurePosixPath(expected)


def test_file_path_accepts_a_base_with_trailing_slash():
    assert uris.file_path(f"{BASE}/id/gebied/emotioneel", BASE + "/", "ttl") == \
        PurePosixPath("doc/gebied/emotioneel.ttl")


@pytest.mark.parametrize(
    "uri",
    [
        f"{BASE}/id/competentie/",  # trailing slash: a folder, not a document
        f"{BASE}/id/competentie/../../../etc/passwd",  # traversal
        f"{BASE}/id/./competentie/x",
        f"{BASE}/id//x",
        f"{BASE}/versie/latest/id/competentie/x",  # not a version
        f"{BASE}/versie/0.1.0",  # version without anything under it
        f"{BASE}/other/competentie/x",  # not id, def or doc
        "https://elsewhere.example/id/competentie/x",  # not under the base
        f"{BASE}-evil/id/competentie/x",  # base as a mere string prefix
        f"{BASE}/id/competentie/x?format=ttl",
    ],
)
def test_file_path_rejects_what_is_not_a_document_of_ours(uri):
    with pytest.raises(uris.NotOurs):
        uris.file_path(uri, BASE, "ttl")
