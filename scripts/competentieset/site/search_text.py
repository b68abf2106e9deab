"""The site search's entries of a page, computed in one pass over its HTML (mkdocs_hooks).

Material's search plugin divides every page's HTML into sections (one per heading with an
id) with Python's HTMLParser and a handler per tag; on generated pages, which are large
and mostly markup, that was 40 % of the MkDocs build. `entries()` gives the same entries
(the same location, title, text, tags and boost, so the same search_index.json, byte for
byte) from a single regular-expression scan, for HTML in the plain subset our pages are
made of. For anything outside it (scripts, styles, comments, `<` in text, elements marked
data-search-exclude, line-number tables, permalinks, ...) it returns None and the page is
left to Material's plugin as before. The rules it follows are those of Material's
plugins/search/plugin.py (Parser and SearchIndex.create_entry_for_section, mkdocs-material
9.x); tests/site/test_site_search_text.py compares both on every page of the site.

This module knows no MkDocs: it gets the page's HTML, URL, title and front matter.
"""

from __future__ import annotations

import json
import re
from html import escape, unescape

# Material's Parser: tags kept (as bare tags) in the text, void tags, headings
KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# anything that makes Material's parser take another path than the one mirrored here
_OUTSIDE = ("<script", "<style", "<object", "<!", "<?", "data-search-", "linenodiv", "headerlink")
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)"
    r"\s*(/?)>")
_ATTR = re.compile(r"\s+([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


class _Section:
    __slots__ = ("tag", "depth", "id", "title", "text")

    def __init__(self, tag: str, depth: float = 0):
        self.tag, self.depth, self.id = tag, depth, None
        self.title: list[str] = []
        self.text: list[str] = []


def _attrs(text: str) -> dict[str, str | None]:
    found = {}
    for match in _ATTR.finditer(text):
        value = match.group(2) if match.group(2) is not None else (
            match.group(3) if match.group(3) is not None else match.group(4))
        found[match.group(1).lower()] = None if value is None else unescape(value)
    return found


def sections(html: str) -> list[_Section] | None:
    """The sections Material's search parser makes of `html`, or None outside the subset."""
    lowered = html.lower()
    if any(marker in lowered for marker in _OUTSIDE):
        return None
    context: list[str] = []  # open elements (tag names), as Material's parser keeps them
    data: list[_Section] = []
    section: _Section | None = None
    pos = 0
    for match in _TAG.finditer(html):
        start = match.start()
        if start > pos:
            section = _text(html[pos:start], context, data, section)
            if section is None:
                return None
        pos = match.end()
        closing, tag, attr_text, self_closing = match.groups()
        tag = tag.lower()
        if closing:
            if attr_text or self_closing:
                return None
            section = _end(tag, context, data, section)
            if section is _FAILED:
                return None
            continue
        # a start tag
        if tag not in VOID:
            context.append(tag)
            if tag in HEADINGS:
                attrs = _attrs(attr_text)
                if "id" in attrs:
                    depth = len(context)
                    if tag != "h1" and not data:
                        data.append(_Section("hx", depth))
                    section = _Section(tag, depth)
                    if data:
                        section.id = attrs["id"]
                    data.append(section)
            if section is None:
                section = _Section("hx")
                data.append(section)
            if tag in KEEP:
                (section.title if section.tag in context else section.text).append(f"<{tag}>")
        if self_closing:  # HTMLParser: a start tag, then an end tag
            section = _end(tag, context, data, section)
            if section is _FAILED:
                return None
    if pos < len(html):
        section = _text(html[pos:], context, data, section)
        if section is None:
            return None
    return data


def _text(raw: str, context: list[str], data: list[_Section], section: _Section | None):
    """Material's handle_data for the text between two tags: the current section (None
    for a '<' that is no tag, which Material's parser takes as text of its own)."""
    if "<" in raw:
        return None
    chunk = unescape(raw)
    pre = "pre" in context
    blank = chunk.isspace()
    if not pre:
        chunk = " " if blank else chunk.replace("\n", " ")
    if section is None:
        section = _Section("hx")
        data.append(section)
    if section.tag in context:
        section.title.append(escape(chunk, quote=False))
    elif blank:
        text = section.text
        if not text or not text[-1].isspace() or pre:
            text.append(chunk)
    else:
        section.text.append(escape(chunk, quote=False))
    return section


_FAILED = _Section("failed")


def _end(tag: str, context: list[str], data: list[_Section], section: _Section | None):
    """Material's handle_endtag: the section current after it (_FAILED where Material's
    parser would fail)."""
    if not context or context[-1] != tag:
        return section
    if section is None:
        return _FAILED
    if section.depth > len(context):
        for candidate in reversed(data):
            if candidate.depth <= len(context):
                section.depth = float("inf")
                section = candidate
                break
    context.pop()
    if tag in KEEP:
        target = section.title if section.tag in context else section.text
        try:
            index = target.index(f"<{tag}>")
        except ValueError:
            return _FAILED  # Material's parser fails here: leave the page to it
        for i in range(index + 1, len(target)):
            if not target[i].isspace():
                index = len(target)
                break
        if len(target) > index:
            del target[index:]
        else:
            target.append(f"</{tag}>")
    return section


def entries(html: str, url: str, title: str, meta: dict) -> list[dict] | None:
    """The search index entries of one page (Material's SearchIndex.add_entry_from_context
    and create_entry_for_section), or None where Material must compute them."""
    found = sections(html)
    if found is None:
        return None
    search = meta.get("search") or {}
    tags = meta.get("tags")
    result = []
    for section in found:
        location = url + "#" + section.id if section.id else url
        if not section.title:
            section.title = [str(meta.get("title", title))]
        entry = {"location": location, "title": "".join(section.title).strip(),
                 "text": "".join(section.text).strip()}
        if isinstance(tags, list):
            entry["tags"] = [str(name) for name in tags
                             if name and isinstance(name, (str, int, float, bool))]
        if "boost" in search:
            entry["boost"] = search["boost"]
        result.append(entry)
    return result


def dumps(entry: dict) -> str:
    """One entry as Material writes it into search_index.json."""
    return json.dumps(entry, separators=(",", ":"), default=str)
