"""All pages of one language, generated and hand-written, with their cross-language links.

Hand-written pages are site/<lang>/*.md (site/nl/beheerders.md and site/en/data-stewards.md
replace the generated stewards' page). Generated pages are never written into site/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from competentieset.site import overview_pages as ov
from competentieset.site.context import SiteContext
from competentieset.site.graph import SiteGraph
from competentieset.site.markup import Page, relative_to_page
from competentieset.site.pages import (
    AREAS,
    COMPETENCIES,
    DEVELOPERS,
    EXPLANATION,
    FGR,
    HIERARCHY,
    HOME,
    IMPORT,
    INDEX,
    INDICATORS,
    MODEL,
    OTHER,
    RELEASES,
    RULES,
    STEWARDS,
    TWIN,
    SiteWriter,
)
from competentieset.site.resource_pages import iter_resource_pages
from competentieset.site.text import LANG_NAME, LANGS, t
from competentieset.site.text import OTHER as OTHER_LANG

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def counterpart(path: str, lang: str) -> str:
    """The path of the same page in the other language."""
    other = OTHER_LANG[lang]
    if path == STEWARDS[lang]:
        return STEWARDS[other]
    return path


def web_path(lang: str, path: str) -> str:
    """Where a page of a language lands in the web root (nl at the root, en under en/)."""
    html = path[:-3] + ".html" if path.endswith(".md") else path
    return html if lang == "nl" else f"en/{html}"


def translation_href(lang: str, path: str) -> str:
    other = OTHER_LANG[lang]
    here = web_path(lang, path)
    there = web_path(other, counterpart(path, lang))
    return relative_to_page(there, here)


def generated_pages(graph: SiteGraph, ctx: SiteContext, lang: str,
                    reads=None) -> tuple[list[Page], dict[str, str]]:
    """(pages, extra files {docs path: text}) for one language. With `reads`
    (site.page_reads.PageReads) the resource pages it can keep are left out (reads.kept)."""
    pages, files = iter_generated_pages(graph, ctx, lang, reads)
    return list(pages), files


def iter_generated_pages(graph: SiteGraph, ctx: SiteContext, lang: str,
                         reads=None) -> tuple[Iterator[Page], dict[str, str]]:
    """As generated_pages, the resource pages made one at a time as they are taken (`reads`
    is complete once all are taken)."""
    w = SiteWriter(graph, ctx, lang)
    if reads is not None:
        reads.plan(w)
    first = [ov.home(w), ov.competencies(w), *ov.indicators(w), ov.areas(w), ov.fgr(w), ov.other(w),
             *ov.hierarchy(w), *ov.index(w), ov.rules_page(w), ov.import_page(w),
             ov.stewards_default(w), ov.explanation(w)]
    first += ov.releases(w)
    model_page, (svg_path, svg) = ov.model(w)
    first.append(model_page)

    def pages() -> Iterator[Page]:
        first.reverse()
        while first:
            yield _with_translation(first.pop(), lang)
        for page in iter_resource_pages(w, reads):
            if page.path != MODEL:
                yield _with_translation(page, lang)
        if reads is not None:
            reads.drop(MODEL)  # the model's page is the overview above, made every time
            reads.kept.pop(MODEL, None)
            reads.writer = w
        # last: the developers' page lists the downloads, which the build may still be
        # writing beside the site (context.download_names)
        yield _with_translation(ov.developers(w), lang)

    return pages(), {svg_path: svg}


def _with_translation(page: Page, lang: str) -> Page:
    """The language switch: to the same page in the other language, or (TWIN in the meta:
    a page the other language may not have, such as one initial of a long A-Z index) to
    the page named there."""
    twin = page.meta.pop(TWIN, None)
    page.meta["cs_translation"] = translation_href(lang, page.path) if twin is None else \
        relative_to_page(web_path(OTHER_LANG[lang], counterpart(twin, lang)), web_path(lang, page.path))
    page.meta["cs_translation_lang"] = OTHER_LANG[lang]
    return page


def hand_written(site_dir: Path, lang: str, generated: set[str] = frozenset(),
                 rebase: tuple[str, str] | None = None) -> dict[str, str]:
    """{docs path: Markdown} of site/<lang>/**/*.md, with our cross-language keys added.

    `rebase` (source base, configured base): hand-written pages, like ontology/, are written
    with the source base; under another configured base their URIs are rebased too.

    The language switch goes to the same page in the other language when that exists
    (generated, or hand-written in site/<other>/), else to the other language's home page.
    """
    folder = site_dir / lang
    result = {}
    if not folder.is_dir():
        return result
    other = OTHER_LANG[lang]
    for path in sorted(folder.rglob("*.md")):
        rel = path.relative_to(folder).as_posix()
        text = path.read_text(encoding="utf-8")
        if rebase and rebase[0] != rebase[1]:
            text = text.replace(rebase[0] + "/", rebase[1] + "/")
        twin = counterpart(rel, lang)
        exists = twin in generated or twin == STEWARDS[other] or (site_dir / other / twin).is_file()
        target = (translation_href(lang, rel) if exists
                  else relative_to_page(web_path(other, HOME), web_path(lang, rel)))
        extra = (f'cs_translation: "{target}"\n'
                 f'cs_translation_lang: "{other}"\n')
        match = FRONT_MATTER.match(text)
        if match:
            text = "---\n" + match.group(1) + extra + "---\n" + text[match.end():]
        else:
            text = "---\n" + extra + "---\n\n" + text
        result[rel] = text
    return result


def nav(lang: str) -> list:
    def item(key, path):
        return {t(lang, key): path}

    return [
        item("home", HOME),
        {t(lang, "browse"): [
            item("competencies", COMPETENCIES), item("indicators", INDICATORS),
            item("areas", AREAS), item("fgr", FGR), item("hierarchy", HIERARCHY),
            item("index", INDEX), item("other_resources", OTHER),
        ]},
        {t(lang, "about_data"): [
            item("model", MODEL), item("rules", RULES), item("editorial_page", EXPLANATION),
            item("releases", RELEASES),
        ]},
        item("developers", DEVELOPERS),
        item("import", IMPORT),
        item("stewards", STEWARDS[lang]),
    ]


__all__ = ["generated_pages", "iter_generated_pages", "hand_written", "nav", "LANGS", "LANG_NAME"]
