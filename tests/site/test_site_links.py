"""Relative links between site paths (markup.relpath): the same as posixpath.relpath, which
the site used before, without its absolute paths."""

from __future__ import annotations

import itertools
import posixpath

import pytest
from competentieset.site.markup import href, relative_to_page, relpath

TABLE = [
    ("doc/x.ttl", "doc/competentie", "../x.ttl"),
    ("doc/competentie/a.html", "doc/competentie", "a.html"),
    ("../doc/download/a.ttl", "doc/competentie", "../../../doc/download/a.ttl"),
    ("../index.html", ".", "../index.html"),
    ("index.html", ".", "index.html"),
    ("doc/competentie", "doc/competentie", "."),
    ("doc", "doc/competentie", ".."),
    ("doc/./gebied//x.html", "doc/competentie/", "../gebied/x.html"),
    ("doc/a/../b.html", "doc", "b.html"),
]


@pytest.mark.parametrize(("target", "start", "expected"), TABLE)
def test_relpath_table(target, start, expected):
    assert relpath(target, start) == expected


def test_page_links():
    assert relative_to_page("doc/gebied/x.html", "doc/competentie/y.md") == "../gebied/x.html"
    assert href("doc/competentie/y.md", "redactioneel.md#bron") == "../../redactioneel.html#bron"
    assert relative_to_page("../doc/x.ttl", "index.md") == "../doc/x.ttl"


def test_relpath_equals_posixpath_from_a_deep_working_folder(tmp_path, monkeypatch):
    """posixpath.relpath is the independent reader; the working folder is deeper than any
    target climbs, and its names are not the site's."""
    deep = tmp_path.joinpath(*[f"w{i}" for i in range(6)])
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    names = ["doc", "en", "competentie", "x.html", ".", ".."]
    starts = [".", "doc", "doc/competentie", "en/doc", "doc/./competentie/"]
    checked = 0
    for size in (1, 2, 3, 4):
        for parts in itertools.product(names, repeat=size):
            target = "/".join(parts)
            for start in starts:
                assert relpath(target, start) == posixpath.relpath(target, start), (target, start)
                checked += 1
    assert checked == 5 * sum(6 ** n for n in (1, 2, 3, 4))
    # other starts and absolute paths are posixpath's own
    assert relpath("/a/b", "/a/c") == "../b"
    assert relpath("x.html", "../up") == posixpath.relpath("x.html", "../up")
