"""The release stage's file system helpers: the listing of a tree (build._files), the
exclusion of paths from a listing (_excluding, as _files excludes them), the copy by hard
link (_copy_tree) and the manifest made from a listing."""

from __future__ import annotations

import hashlib
import os

import pytest
from competentieset.publication import build


def _tree(root):
    files = {
        "index.html": b"<p>top</p>\n",
        ".htaccess": b"RewriteEngine on\n",
        "doc/a.ttl": b"a\n",
        "doc/b/c.ttl": b"c\n",
        "doc/download/versies.atom": b"<feed/>\n",
        "versie/0.1.0/doc/a.ttl": b"old a\n",
        "versie/index.json": b"{}\n",
        "empty.txt": b"",
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / "leeg").mkdir()  # an empty folder: no entry
    os.symlink("doc", root / "doc-link")  # a link to a folder: neither followed nor listed
    os.symlink("index.html", root / "index-link.html")  # a link to a file: listed
    return files


def test_files_lists_every_file_sorted_as_relative_posix_paths(tmp_path):
    files = _tree(tmp_path)
    assert build._files(tmp_path) == sorted([*files, "index-link.html"])


def test_files_leaves_out_excluded_files_and_folders(tmp_path):
    _tree(tmp_path)
    assert build._files(tmp_path, ("versie", ".htaccess", "doc/download/versies.atom", "doc/b")) == [
        "doc/a.ttl", "empty.txt", "index-link.html", "index.html"]


def test_files_of_a_missing_folder_is_empty(tmp_path):
    assert build._files(tmp_path / "missing") == []


def test_excluding_leaves_out_what_files_leaves_out(tmp_path):
    _tree(tmp_path)
    for exclude in [(), ("versie",), ("versie", ".htaccess", "doc/download/versies.atom"),
                    ("doc/b", "doc/a.ttl"), ("do",), ("doc/download",)]:
        assert build._excluding(build._files(tmp_path), exclude) == build._files(tmp_path, exclude), exclude


@pytest.mark.parametrize("parallel", [False, True], ids=["one process", "two processes"])
def test_copy_tree_links_each_file_and_the_manifest_lists_them(tmp_path, monkeypatch, parallel):
    source = tmp_path / "www"
    files = _tree(source)
    listed = build._excluding(build._files(source), ("versie", ".htaccess"))
    target = source / "versie" / "0.2.0"
    forks = []
    real = build._Forked
    monkeypatch.setattr(build, "_Forked", lambda fn, what: forks.append(what) or real(fn, what))
    build._copy_tree(source, target, listed, parallel)
    # two processes: a forked child linked the first half (this process the second)
    assert forks == (["linking files"] if parallel else [])
    for rel in listed:
        assert os.stat(target / rel).st_ino == os.stat(source / rel).st_ino, rel
    assert not (target / ".htaccess").exists() and not (target / "versie").exists()
    expected = "".join(f"{hashlib.sha256((source / rel).read_bytes()).hexdigest()}  {rel}\n"
                       for rel in sorted(listed))
    assert build.manifest(target) == expected
    assert build.manifest(target, files=listed) == expected
    assert files["doc/a.ttl"] == (target / "doc/a.ttl").read_bytes()
