"""Small helpers to write the generated pages: a Page, escaping, links, marked values.

Pages are Markdown with front matter (MkDocs/Material read `title`, `description` and our
`cs_*` keys, see site/overrides/main.html). Content taken from the vocabulary is written as
escaped HTML so no Markdown syntax in the data can change it; headings are Markdown so
they appear in the table of contents.
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass, field
from functools import lru_cache

from competentieset.site.graph import Value

EXPLANATION_PAGE = "redactioneel.md"


@dataclass
class Page:
    """One generated page: its path in the docs folder (ends in .md), meta and body."""

    path: str
    title: str
    body: str
    meta: dict = field(default_factory=dict)

    def render(self) -> str:
        meta = {"title": self.title, **self.meta}
        lines = ["---"]
        for key in sorted(meta):
            # JSON is valid YAML: strings, lists and mappings stay exact.
            lines.append(f"{key}: {json.dumps(meta[key], ensure_ascii=False, sort_keys=True)}")
        lines.append("---")
        return "\n".join(lines) + "\n\n" + self.body.rstrip() + "\n"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def md_heading(text: str) -> str:
    """Text safe inside a Markdown heading (no emphasis, links or HTML from the data)."""
    out = html.escape(text, quote=False)
    for ch in "\\`*_{}[]()#+!|":
        out = out.replace(ch, "\\" + ch)
    return out


@lru_cache(maxsize=4096)
def _folder(start: str) -> tuple[str, ...] | None:
    """The parts of a page's folder (a relative path without '..'), None for other paths."""
    if start.startswith("/"):
        return None
    parts = tuple(part for part in start.split("/") if part not in ("", "."))
    return None if ".." in parts else parts


def relpath(target: str, start: str) -> str:
    """posixpath.relpath(target, start) for a site path from a page's folder, without
    posixpath's absolute paths (a third of making a page) or a memo of every pair (tens of
    megabytes at 20,000 pages). As posixpath's from a working folder whose names differ
    from the site's: a target's leading '..' climbs out of it."""
    folder = _folder(start)
    if folder is None or target.startswith("/"):
        return posixpath.relpath(target, start)
    parts: list[str] = []
    up = 0  # leading '..' of the target beyond its own parts
    for part in target.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            else:
                up += 1
        else:
            parts.append(part)
    common = 0
    if not up:
        for mine, theirs in zip(folder, parts, strict=False):
            if mine != theirs:
                break
            common += 1
    rel = [".."] * (len(folder) - common + up) + parts[common:]
    return "/".join(rel) if rel else "."


def relative_to_page(target: str, from_page: str) -> str:
    """The relative path from a page (a path in the site) to a target path in the site."""
    folder = (from_page.rpartition("/")[0] if "//" not in from_page and not from_page.startswith("/")
              else posixpath.dirname(from_page))
    return _relpath_from(target, folder or ".")


@lru_cache(maxsize=8192)  # the same few targets (explanations, downloads) from each folder
def _relpath_from(target: str, folder: str) -> str:
    return relpath(target, folder)


def href(from_page: str, to_file: str) -> str:
    """Relative link from a page (docs path, .md) to a file of the site (.html or other)."""
    target, _, anchor = to_file.partition("#")
    if target.endswith(".md"):
        target = target[:-3] + ".html"
    rel = relative_to_page(target, from_page)
    return rel + (f"#{anchor}" if anchor else "")


def lang_span(text: str, text_lang: str | None, page_lang: str) -> str:
    """Escaped text, wrapped in a span with lang when it is not in the page's language."""
    if text_lang and text_lang != page_lang:
        return f'<span lang="{esc(text_lang)}">{esc(text)}</span>'
    return esc(text)


def badge(value: Value | None, page: str, lang: str, kinds_labels: dict[str, str]) -> str:
    """The provenance badge of an editorial value, linking to the explanation; '' for source."""
    if value is None or not value.editorial:
        return ""
    key = value.provenance.key
    label = kinds_labels.get(key, key)
    return (
        f' <a class="cs-badge cs-badge--{esc(key)}" '
        f'href="{esc(href(page, EXPLANATION_PAGE + "#" + key))}">{esc(label)}</a>'
    )


def marked(value: Value, page: str, lang: str, kinds_labels: dict[str, str]) -> str:
    """A literal with its lang attribute and, when editorial, its provenance badge."""
    return lang_span(value.text, value.lang, lang) + badge(value, page, lang, kinds_labels)


def paragraphs(text: str, text_lang: str | None, page_lang: str) -> str:
    """Text with blank-line-separated paragraphs as <p> elements (escaped)."""
    attr = f' lang="{esc(text_lang)}"' if text_lang and text_lang != page_lang else ""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p{attr}>{esc(p)}</p>" for p in parts)


def block(kind: str, inner: str, page: str, lang: str, label: str,
          editorial: bool | None = None) -> str:
    """A visibly marked block of one kind of provenance: source (cs-bron) or editorial.

    `editorial` defaults to True for every kind but 'bron'; pass the graph's flag
    (cs:redactioneel) for cited facts and external descriptions.
    """
    if editorial is None:
        editorial = kind != "bron"
    css = "cs-redactie" if editorial else "cs-bron"
    link = href(page, EXPLANATION_PAGE + "#" + kind)
    return (
        f'<div class="cs-block {css} cs-block--{esc(kind)}">'
        f'<p class="cs-block__label"><a href="{esc(link)}">{esc(label)}</a></p>'
        f"{inner}</div>"
    )

