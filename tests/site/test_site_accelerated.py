"""The site build's accelerators change no byte: with them switched off (plain MkDocs and
Material) the site is the same; the one-pass search indexer (site/search_text.py) gives
the entries Material's own search plugin gives (its SearchIndex, the independent reader
here) on every page of the site and on tricky HTML, and hands back to the plugin what it
does not mirror."""

from __future__ import annotations

import json

import markdown
import pytest
from competentieset.site import build_site, from_project
from competentieset.site.generate import generated_pages, hand_written
from competentieset.site.mkdocs_hooks import (
    PLAIN_ENV,
    front_matter,
    joined_url,
    restore_raw_html,
    split_raw_html,
)
from competentieset.site.mkdocs_site import MARKDOWN_EXTENSIONS
from competentieset.site.search_text import dumps, entries
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data


class _Page:
    """What Material's SearchIndex reads of a MkDocs page."""

    def __init__(self, content: str, toc, url: str, title: str, meta: dict):
        self.content, self.toc, self.url, self.title, self.meta = content, toc, url, title, meta


def _materials(page: _Page) -> list[dict]:
    index = SearchIndex()
    index.add_entry_from_context(page)
    return index.entries


def _page(text: str, url: str) -> _Page:
    """A Markdown page with front matter as MkDocs renders it (content, toc, meta)."""
    body, meta = get_data(text)
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
    stripped, blocks = split_raw_html(body)
    content = restore_raw_html(md.convert(stripped), blocks)
    return _Page(content, get_toc(md.toc_tokens), url, meta.get("title", "Page title"), meta)


def test_entries_equal_materials_on_every_page_of_the_site(site_graph, site_project, site_vocab, tmp_path):
    ctx = from_project(site_project, site_vocab, tmp_path / "www")
    mirrored = generated = 0
    for lang in ("nl", "en"):
        pages, _files = generated_pages(site_graph, ctx, lang)
        texts = {page.path: (page.meta.__setitem__("cs_raw_html", True), page.render())[1]
                 for page in pages}
        generated += len(texts)
        texts.update(hand_written(site_project.site_dir, lang))
        for path, text in sorted(texts.items()):
            page = _page(text, path[:-3] + ".html")
            ours = entries(page.content, page.url, page.title, page.meta)
            if ours is None:
                continue
            mirrored += path in {p.path for p in pages}
            assert [dumps(e) for e in ours] == [dumps(e) for e in _materials(page)], (lang, path)
    # the one-pass indexer does the work: every generated page is in its subset
    assert mirrored == generated


def test_front_matter_equals_yaml_on_every_page_of_the_site(site_graph, site_project, site_vocab, tmp_path):
    """The JSON reading of the front matter gives what MkDocs' YAML reading gives, on every
    generated page (all of them read without YAML) and every hand-written one."""
    ctx = from_project(site_project, site_vocab, tmp_path / "www")
    fast = 0
    for lang in ("nl", "en"):
        pages, _files = generated_pages(site_graph, ctx, lang)
        texts = {page.path: page.render() for page in pages}
        generated = set(texts)
        texts.update(hand_written(site_project.site_dir, lang))
        for path, text in sorted(texts.items()):
            ours = front_matter(text)
            if ours is None:
                assert path not in generated, (lang, path)
                continue
            fast += 1
            assert ours == get_data(text), (lang, path)
            assert list(ours[1]) == list(get_data(text)[1]), (lang, path)
    assert fast > 200


FRONT_MATTER = {
    "JSON values": ('---\ntitle: "Caf\u00e9 \\"x\\" # no comment"\nsearch: {"boost": 3}\n'
                    'cs_list: [{"a": null, "b": true}, -7]\n---\n\n# Body\n', True),
    "dots end it": ('---\ntitle: "x"\n...\nbody\n', True),
    "plain YAML": ("---\ntitle: Plain words\n---\nbody\n", False),
    "a float": ('---\nweight: 1e5\n---\nbody\n', False),
    "a float in a list": ('---\nw: [1.5]\n---\nbody\n', False),
    "a key YAML reads as a boolean": ('---\nyes: "x"\n---\nbody\n', False),
    "a line separator": ('---\ntitle: "a\u2028b"\n---\nbody\n', False),
    "a non-printable character": ('---\ntitle: "a\x7fb"\n---\nbody\n', False),
    "a comment after the value": ('---\ntitle: "x" # c\n---\nbody\n', False),
    "a blank line": ('---\ntitle: "x"\n\n---\nbody\n', False),
    "empty": ("---\n---\nbody\n", False),
    "no front matter": ("# Title\n", False),
}


@pytest.mark.parametrize("name", sorted(FRONT_MATTER))
def test_front_matter_reads_json_lines_and_leaves_the_rest_to_yaml(name):
    text, json_lines = FRONT_MATTER[name]
    ours = front_matter(text)
    if json_lines:
        assert ours == get_data(text) and ours[1]
    else:
        assert ours is None


TRICKY = {
    "preface and nested headings": '<p>intro</p>\n<div><h2 id="a">A <code>x</code></h2><p>in div</p></div><p>after</p>\n<h3 id="b">B</h3>\n<pre><code>  two\n  lines  </code></pre>',
    "empty kept elements": "<ul><li> </li><li>x</li></ul><p>\n</p><p><sub>1</sub></p>",
    "entities and quotes": "<h2 id=\"q&amp;a\">Q &amp; A</h2><p>&lt;tag&gt; &quot;x&quot; &#x27;y&#x27; &amp;amp;</p>",
    "h1 first, then text": '<h1 id="t">Title</h1><p>a\nb</p>  \n\n  <p>c</p>',
    "heading without id": "<h2>No id</h2><p>text</p><h3 id='s'>Single quotes</h3>",
    "void and self-closing": "<p>a<br>b<br/>c<img alt='x' src=y.png></p><div/>tail",
    "unbalanced end tag": "<p>a</span>b</p></div><p>c</p>",
    "heading id first of all": '<h2 id="x">X</h2>text only',
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_entries_equal_materials_on_tricky_html(name):
    page = _Page(TRICKY[name], [], "p/x.html", "Fallback title",
                 {"search": {"boost": 2}, "tags": ["a", 1, None, ""], "title": "Meta title"})
    ours = entries(page.content, page.url, page.title, page.meta)
    assert ours is not None
    assert json.dumps(ours) == json.dumps(_materials(page))


@pytest.mark.parametrize("html", [
    "<p>a <script>var x = '<p>';</script></p>",
    "<p>1 < 2</p>",
    "<!-- a comment --><p>x</p>",
    '<div data-search-exclude><p>secret</p></div>',
    '<h2 id="x">X<a class="headerlink" href="#x">¶</a></h2>',
    "<p>x</ p>",
])
def test_html_outside_the_mirrored_subset_is_left_to_material(html):
    assert entries(html, "x.html", "T", {}) is None


def _tree(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_without_the_accelerators(built_site, site_project, site_vocab, tmp_path,
                                                       monkeypatch):
    """The fixture's site (accelerated: one-pass search index, navigation rendered once per
    folder outside the nav) against one built by MkDocs and Material alone."""
    monkeypatch.setenv(PLAIN_ENV, "1")
    plain = tmp_path / "plain"
    build_site(from_project(site_project, site_vocab, plain))
    ours, theirs = _tree(built_site), _tree(plain)
    assert sorted(ours) == sorted(theirs)
    assert [rel for rel in ours if ours[rel] != theirs[rel]] == []
    index = json.loads(ours["search/search_index.json"])
    assert len({entry["location"].split("#")[0] for entry in index["docs"]}) > 100


# (base, url, what urljoin gives, plain?) : the quick canonical URLs of MkDocs's pages
JOINS = [
    ("https://w3id.org/competentieset-publieke-leiders/", "", "https://w3id.org/competentieset-publieke-leiders/", True),
    ("https://w3id.org/competentieset-publieke-leiders/", "index.html",
     "https://w3id.org/competentieset-publieke-leiders/index.html", True),
    ("https://w3id.org/competentieset-publieke-leiders/en/", "doc/competentie/reflecteren.html",
     "https://w3id.org/competentieset-publieke-leiders/en/doc/competentie/reflecteren.html", True),
    ("http://127.0.0.1:8123/", "a.b/c..d.html", "http://127.0.0.1:8123/a.b/c..d.html", True),
    ("https://example.org/x/", "%C3%A9.html", "https://example.org/x/%C3%A9.html", True),
    ("https://example.org/x/", "a/./b.html", "https://example.org/x/a/b.html", False),
    ("https://example.org/x/", "a/../b.html", "https://example.org/x/b.html", False),
    ("https://example.org/x/", "a//b.html", "https://example.org/x/a/b.html", False),
    ("https://example.org/x/", "../b.html", "https://example.org/b.html", False),
    ("https://example.org/x/", "x/..", "https://example.org/x/", False),
    ("https://example.org/x/", "/b.html", "https://example.org/b.html", False),
    ("https://example.org/x/", "mailto:a@b", "mailto:a@b", False),
    ("https://example.org/x/", "b.html?q=1", "https://example.org/x/b.html?q=1", False),
    ("https://example.org/x/?q", "", "https://example.org/x/?q", False),
    ("https://example.org//x/", "b.html", "https://example.org/x/b.html", False),
    ("https://example.org", "b.html", "https://example.org/b.html", False),
]


@pytest.mark.parametrize(("base", "url", "expected", "plain"), JOINS)
def test_quick_canonical_urls_are_urljoins(base, url, expected, plain):
    from urllib.parse import urljoin, urlsplit

    assert urljoin(base, url) == expected  # the table is urljoin's
    found = joined_url(base, url)
    if plain:
        assert found == (expected, urlsplit(expected).path)
    else:
        assert found is None  # left to MkDocs (urljoin)
