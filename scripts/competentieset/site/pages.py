"""Generate every page of the site for one language: Markdown with front matter.

This module knows nothing of MkDocs (see mkdocs_site.py): it returns `Page` objects whose
paths mirror the web root (doc/<type>/<name>.md becomes doc/<type>/<name>.html), so the
same pages could be fed to another generator.
"""

from __future__ import annotations

from competentieset.model import uris
from competentieset.publication.formats import FORMATS
from competentieset.site.context import SiteContext
from competentieset.site.graph import SKOS, SiteGraph
from competentieset.site.markup import esc, href, lang_span, relative_to_page

# Sections (not resources): the same file names in both languages, except the stewards'
# page, whose hand-written sources are site/nl/beheerders.md and site/en/data-stewards.md.
HOME = "index.md"
COMPETENCIES = "competenties.md"
INDICATORS = "gedragsindicatoren.md"
AREAS = "gebieden.md"
FGR = "functiegebouw-rijk.md"
OTHER = "overige.md"
HIERARCHY = "hierarchie.md"
INDEX = "index-a-z.md"
MODEL = "doc/def.md"
RULES = "validatieregels.md"
RELEASES = "versies.md"
DEVELOPERS = "ontwikkelaars.md"
IMPORT = "importeren.md"
STEWARDS = {"nl": "beheerders.md", "en": "data-stewards.md"}
EXPLANATION = "redactioneel.md"
DOWNLOAD_DIR = "doc/download"
ASSETS = "assets/cs"
# Page.meta key: the page the language switch goes to in the other language, when it is not
# this page's twin (generate._with_translation reads and drops it)
TWIN = "cs_twin"


def changes_page(version: str) -> str:
    return f"wijzigingen/{version}.md"


class SiteWriter:
    """Shared state of one language's pages: the graph, the context and link helpers."""

    def __init__(self, graph: SiteGraph, ctx: SiteContext, lang: str):
        self.graph = graph
        self.ctx = ctx
        self.lang = lang
        self.base = graph.base
        self._page_paths: dict[str, str | None] = {}
        self._doc_paths: dict[str, str] = {}
        self._change_texts: list[tuple[str, str, str]] | None = None  # newest release first
        self.kind_labels = {
            prov.key: graph.label(prov.iri, lang)[0] for prov in graph.kinds.values()
        }

    @property
    def page_entries(self) -> int:
        """The longest overview list on one page (overview_pages._split)."""
        from competentieset.site import context

        return self.ctx.page_entries or context.PAGE_ENTRIES

    # ---------------------------------------------------------------- paths and links

    def page_path(self, iri: str) -> str | None:
        """The docs path (.md) of the page about a resource of ours, None otherwise."""
        if self.graph.reads is not None:  # cached below: note the read on every call
            self.graph.reads.add(self.graph.read_key("r\t" + iri))
        if iri not in self._page_paths:
            path = None
            if iri in self.graph.resources:
                try:
                    path = self.doc_path(iri) + ".md"  # str(uris.file_path(iri, base, "md"))
                except uris.NotOurs:
                    pass
            self._page_paths[iri] = path
        return self._page_paths[iri]

    def doc_path(self, iri: str) -> str:
        """str(uris.doc_path(iri, base)), kept: every page links its document in every format."""
        found = self._doc_paths.get(iri)
        if found is None:
            found = self._doc_paths[iri] = uris.doc_rel(iri, self.base)
        return found

    def link(self, iri: str, from_page: str, label_lang: str | None = None) -> str:
        """An <a> to the page of a resource of ours, or to an external IRI, labelled.

        `label_lang` asks for the label in that language (e.g. 'nl' inside a block of
        verbatim source text), with the page language's label after it when it differs.
        """
        text, text_lang = self.graph.label(iri, label_lang or self.lang)
        label = lang_span(text, text_lang, self.lang)
        if label_lang and label_lang != self.lang:
            own, own_lang = self.graph.label(iri, self.lang)
            if own != text:
                label += f' (<span class="cs-translation">{lang_span(own, own_lang, self.lang)}</span>)'

        target = self.page_path(iri)
        if target:
            return f'<a href="{esc(href(from_page, target))}">{label}</a>'
        return f'<a href="{esc(iri)}">{label}</a>'

    def page_url(self, path: str) -> str:
        """The absolute URL of a page of this language (canonical form)."""
        prefix = "" if self.lang == "nl" else "en/"
        return f"{self.base}/{prefix}{path[:-3]}.html"

    def alternates(self, iri: str, page: str) -> list[dict]:
        """<link rel=alternate> targets: the document in every format (formats.FORMATS)."""
        doc = self.doc_path(iri)
        root = "" if self.lang == "nl" else "../"
        result = []
        for fmt in FORMATS:
            if fmt.key == "html":
                continue
            target = f"{doc}.{fmt.extension}"
            rel = relative_to_page(root + target, page)
            result.append({"type": fmt.media_type, "href": rel, "title": fmt.label})
        return result

    def download_href(self, iri: str, page: str, extension: str) -> str:
        doc = self.doc_path(iri)
        if extension == "html":
            return href(page, f"{doc}.html")
        root = "" if self.lang == "nl" else "../"
        return relative_to_page(f"{root}{doc}.{extension}", page)

    def site_file_href(self, page: str, target: str) -> str:
        """Link to a file of the shared web root (downloads), from a page of this language."""
        root = "" if self.lang == "nl" else "../"
        return relative_to_page(root + target, page)

    # ---------------------------------------------------------------- release facts

    def last_change(self, iri: str) -> tuple[str, str] | None:
        """The latest release whose change list mentions the resource, else the first release.

        A release's change list (ctx.changes_markdown) names every resource it adds, changes
        or deprecates; a resource no list mentions has been unchanged since the first release.
        """
        if self.graph.reads is not None:  # reads the change lists, not the graph's tables
            self.graph.reads.add(self.graph.read_key("c\t" + iri))
        if not self.ctx.releases:
            return None
        doc = self.doc_path(iri) if self.page_path(iri) else None
        if self._change_texts is None:
            self._change_texts = [
                (version, date, "\n".join(self.ctx.changes_markdown.get(version, {}).values()))
                for version, date in reversed(self.ctx.releases)]
        for version, date, text in self._change_texts:
            if iri in text or (doc and f"/{doc}" in text):
                return version, date
        return self.ctx.releases[0]

    def read_digest(self, key: str) -> str | None:
        """A digest of what read key `key` (SiteGraph.recording) reads now, None if unknown."""
        if key.startswith("c\t"):
            import hashlib

            return hashlib.sha1(repr(self.last_change(key[2:])).encode("utf-8")).hexdigest()
        return self.graph.read_digest(key)

    # ---------------------------------------------------------------- common types

    def vocab_graphs(self):
        return list(self.ctx.vocab.graphs.values())

    def is_type(self, iri: str, term: str) -> bool:
        res = self.graph.resources.get(iri)
        return bool(res and self.graph.cs(term) in res.types)

    def skos(self, term: str) -> str:
        return SKOS + term

