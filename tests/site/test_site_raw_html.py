"""The MkDocs hook that passes generated raw HTML around Python-Markdown (mkdocs_hooks.py)
must change nothing: for every generated page, and for tricky hand-made Markdown, the HTML
is the same as Python-Markdown's own, with the extensions the site uses."""

from __future__ import annotations

import markdown
import pytest
from competentieset.site import from_project
from competentieset.site.generate import generated_pages
from competentieset.site.mkdocs_hooks import restore_raw_html, split_raw_html
from competentieset.site.mkdocs_site import MARKDOWN_EXTENSIONS


def _markdown(text: str) -> str:
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS).convert(text)


def _through_hook(text: str) -> str:
    stripped, blocks = split_raw_html(text)
    return restore_raw_html(_markdown(stripped), blocks)


TRICKY = {
    "blocks and headings": '<p class="a">x</p>\n\n## Heading {.cs-noprint}\n\n<table><tr><td>1</td></tr></table>\n',
    "adjacent elements on one line": '<div><p>a</p></div><div><p>b</p></div>\n\n<ul><li>c</li></ul>',
    "blank line inside a cell": "<table><tr><td>one\n\ntwo</td></tr></table>\n\ntext after\n",
    "fenced code with tags": "```text\n<div>not html</div>\n\n<https://example.org/x> a <y> .\n```\n\n<p>after</p>\n",
    "inline tag starts a paragraph": '<a href="x.html">link</a> and *emphasis*\n\n<span lang="en">x</span>\n',
    "text after the element": "<p>a</p> tail text\n\n<p>b</p>\n",
    "void elements and comments": "<div><br><img alt=\"\" src=\"x.png\"><!-- c --></div>\n\n<hr>\n\n<!-- alone -->\n",
    "last block at the end": "# Title\n\n<details><summary>s</summary><p>x</p></details>",
    "unclosed": "<div><p>never closed\n\nmore\n",
    "three elements, spaces between": '<div class="a"><p>x</p></div>  <div><br/><BR><img src="y.png" /></div> <p>z</p>\n\nafter\n',
    "stray end tag": "<div><p>a</p></div></div>\n\n<p>b</p>\n",
    "text between elements": "<div>a</div> text <div>b</div>\n",
    "a tag across lines": '<div><a\nhref="x.html">x</a></div>\n\n<p>b</p>\n',
    "an element over two lines": "<div><p>a</p>\n<p>b</p></div>\n\n<p>c</p>\n",
    "self-closing lookalike": '<div><a href="x/">x</a><span/></div>\n',
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_hook_output_equals_python_markdown_on_tricky_input(name):
    assert _through_hook(TRICKY[name]) == _markdown(TRICKY[name])


def test_hook_replaces_the_raw_blocks_of_generated_pages(site_graph, site_project, site_vocab, tmp_path):
    ctx = from_project(site_project, site_vocab, tmp_path / "www")
    replaced = 0
    for lang in ("nl", "en"):
        pages, _files = generated_pages(site_graph, ctx, lang)
        for page in pages:
            _text, blocks = split_raw_html(page.body)
            replaced += len(blocks)
            assert _through_hook(page.body) == _markdown(page.body), (lang, page.path)
    assert replaced > 1000  # the hook does its work: most of each page is raw HTML
