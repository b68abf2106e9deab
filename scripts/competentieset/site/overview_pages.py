"""The pages that are not about one resource: home, sections, hierarchy, index, model,
validation rules, releases and changes, developers, data stewards, and what 'editorial' means.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import groupby

from competentieset.model import namespaces, uris
from competentieset.model.layout import ATOM_FILE, CHANGE_FEED_FILE
from competentieset.publication.exports import EXPORTS
from competentieset.publication.formats import FORMATS
from competentieset.site import diagram, rules
from competentieset.site.context import download_names
from competentieset.site.graph import DCT, OWL, RDFS, SKOS
from competentieset.site.markup import Page, badge, block, esc, href, lang_span, md_heading
from competentieset.site.pages import (
    AREAS,
    ASSETS,
    COMPETENCIES,
    DEVELOPERS,
    DOWNLOAD_DIR,
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
    changes_page,
)
from competentieset.site.resource_pages import page_description, resource_page
from competentieset.site.text import OTHER as OTHER_LANG
from competentieset.site.text import t

SCHEME = "begrippenkader/competentieset"


def _scheme(w: SiteWriter):
    return w.graph.resources.get(f"{w.base}/id/{SCHEME}")


def _competencies(w: SiteWriter):
    return w.graph.of_type(w.graph.cs("Competentie"))


def _other_label(w: SiteWriter, res) -> str:
    """The preferred label in the other language, with its lang attribute."""
    value = res.first(SKOS + "prefLabel", OTHER_LANG[w.lang])
    if not value:
        return ""
    return f'<span class="cs-other-label">{lang_span(value.text, value.lang, w.lang)}</span>'


def home(w: SiteWriter) -> Page:
    g, lang, page = w.graph, w.lang, HOME
    scheme = _scheme(w)
    title = g.label(scheme.iri, lang)[0] if scheme else "Competentieset"
    parts = []
    if scheme:
        intro = [v for v in scheme.literals(DCT + "description") if not v.editorial]
        transl = [v for v in scheme.literals(DCT + "description", lang) if v.editorial]
        body = "".join(_paras(v.text, v.lang, lang) for v in intro)
        cite = "".join(
            f'<p class="cs-cite">{esc(t(lang, "source"))}: {w.link(s, page)}</p>'
            for s in sorted(scheme.iris(DCT + "source"))
        )
        parts.append(f"## {md_heading(t(lang, 'intro_heading'))}")
        if transl:
            parts.append(block(transl[0].provenance.key, "".join(_paras(v.text, v.lang, lang) for v in transl),
                               page, lang, w.kind_labels.get(transl[0].provenance.key, ""), True))
        parts.append(block("bron", body + cite, page, lang, t(lang, "from_source")))
        parts += _weighing(w, scheme, page)
    comps = _competencies(w)
    cards = []
    for comp in comps:
        notation = comp.first(SKOS + "notation")
        definition = comp.first(SKOS + "definition", lang) or comp.first(SKOS + "definition", "nl")
        count = len(comp.iris(SKOS + "narrower"))
        cards.append(
            '<li class="cs-card">'
            f'<p class="cs-card__title">{_notation(w, notation, page)}{w.link(comp.iri, page)}</p>'
            + (f'<p><span class="cs-card__label">{esc(t(lang, "summary_editors"))}:</span> '
               f'{lang_span(definition.text, definition.lang, lang)}{badge(definition, page, lang, w.kind_labels)}</p>'
               if definition else "")
            + f'<p class="cs-card__count">{count} {esc(t(lang, "count_indicators"))}</p></li>'
        )
    parts.append(f"## {md_heading(t(lang, 'at_a_glance'))}")
    parts.append(f'<ul class="cs-cards">{"".join(cards)}</ul>')
    if scheme:
        areas = scheme.values(g.cs("raaktGebied"))
        if areas:
            items = "".join(f"<li>{w.link(i, page, 'nl')}</li>" for i in g.ordered([v.text for v in areas]))
            parts.append(f"## {md_heading(t(lang, 'five_areas'))}")
            parts.append(block("bron", f"<ul>{items}</ul>", page, lang, t(lang, "from_source"))
                         + f'<p><a href="{esc(href(page, AREAS))}">{esc(t(lang, "areas"))}</a></p>')
        aligned = scheme.literals(g.cs("sluitAanBijTekst"))
        if aligned:
            parts.append(f"## {md_heading(t(lang, 'fgr_relation'))}")
            for value in _sorted_source_first(aligned, lang):
                kind = value.provenance.key if value.editorial else "bron"
                label = w.kind_labels.get(kind, kind) if value.editorial else t(lang, "from_source")
                parts.append(block(kind, _paras(value.text, value.lang, lang), page, lang, label, value.editorial))
            targets = scheme.iris(g.cs("sluitAanBij"))
            links = ", ".join(w.link(i, page) for i in sorted(targets))
            parts.append(f'<p>{links} · <a href="{esc(href(page, FGR))}">{esc(t(lang, "fgr"))}</a></p>')
    use = {
        "nl": "Elke competentie, gedragsindicator en elk gebied heeft een vaste URI. Die URI "
              "geeft in de browser deze website en aan programma's dezelfde gegevens als "
              "Turtle, JSON-LD, JSON, N-Triples, RDF/XML of CSV. Alles is ook als één bestand "
              "te downloaden.",
        "en": "Every competency, behavioural indicator and area has a persistent URI. In a "
              "browser that URI gives this website; to programs it gives the same data as "
              "Turtle, JSON-LD, JSON, N-Triples, RDF/XML or CSV. Everything can also be "
              "downloaded as one file.",
    }[lang]
    if not w.ctx.project.base_registered:
        use += " " + t(lang, "base_unregistered").format(base=w.base)
    parts.append(f"## {md_heading(t(lang, 'use_data'))}")
    parts.append(
        f"<p>{esc(use)}</p><ul>"
        f'<li><a href="{esc(href(page, DEVELOPERS))}">{esc(t(lang, "developers"))}</a></li>'
        f'<li><a href="{esc(href(page, IMPORT))}">{esc(t(lang, "import"))}</a></li>'
        f'<li><a href="{esc(href(page, STEWARDS[lang]))}">{esc(t(lang, "stewards"))}</a></li>'
        f'<li><a href="{esc(href(page, EXPLANATION))}">{esc(t(lang, "editorial_page"))}</a></li>'
        "</ul>"
    )
    meta = {}
    # the scheme page's description (its meta), without making that page: it lists every
    # concept, so the home page would read (and be made again for) every label
    description = page_description(w, scheme) if scheme else ""
    if description:
        meta["description"] = description
    return Page(page, title, f"# {md_heading(title)}\n\n" + "\n\n".join(parts), meta)


def _notation(w: SiteWriter, notation, page: str) -> str:
    """A notation with the badge of its provenance (the numbers are the editors')."""
    if not notation:
        return ""
    return f"{esc(notation.text)}{badge(notation, page, w.lang, w.kind_labels)} "


def _weighing(w: SiteWriter, scheme, page: str) -> list[str]:
    """The source's one sentence of usage guidance (its scope note, verbatim), the editors'
    notes on it ([sic]), and that the source defines no levels, norms or weights."""
    lang = w.lang
    scope = [v for v in scheme.literals(SKOS + "scopeNote") if not v.editorial]
    if not scope:
        return []
    notes = [v for v in scheme.literals(SKOS + "editorialNote", lang) if v.editorial] or \
        [v for v in scheme.literals(SKOS + "editorialNote", "nl") if v.editorial]
    ours = "".join(f"<p>{lang_span(v.text, v.lang, lang)}</p>" for v in notes)
    kind = notes[0].provenance.key if notes else "redactie"
    return [
        f"## {md_heading(t(lang, 'weighing'))}",
        block("bron", "".join(_paras(v.text, v.lang, lang) for v in scope), page, lang, t(lang, "from_source")),
        block(kind, ours or f"<p>{esc(t(lang, 'no_levels'))}</p>", page, lang, w.kind_labels.get(kind, kind), True),
    ]


def _sorted_source_first(values, lang):
    return sorted(values, key=lambda v: (v.editorial and v.lang != lang, v.editorial, v.lang or ""))


def _paras(text: str, text_lang: str | None, lang: str) -> str:
    attr = f' lang="{esc(text_lang)}"' if text_lang and text_lang != lang else ""
    return "".join(f"<p{attr}>{esc(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def competencies(w: SiteWriter) -> Page:
    lang, page = w.lang, COMPETENCIES
    rows = []
    for comp in _competencies(w):
        notation = comp.first(SKOS + "notation")
        rows.append(
            f"<tr><td>{_notation(w, notation, page)}</td><td>{w.link(comp.iri, page)}</td>"
            f"<td>{_other_label(w, comp)}</td><td>{len(comp.iris(SKOS + 'narrower'))}</td></tr>"
        )
    other = {"nl": "Engels", "en": "Dutch"}[lang]
    table = (
        f'<table><thead><tr><th scope="col">{esc(t(lang, "notation"))}</th>'
        f'<th scope="col">{esc(t(lang, "preflabel"))}</th><th scope="col">{esc(other)}</th>'
        f'<th scope="col">{esc(t(lang, "indicators"))}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    return Page(page, t(lang, "competencies"), table)


def indicators(w: SiteWriter) -> list[Page]:
    """The indicators under their competencies; split by competency (_split) when long."""
    g, lang, page = w.graph, w.lang, INDICATORS
    units = []
    for comp in _competencies(w):
        label = g.label(comp.iri, lang)[0]
        notation = comp.first(SKOS + "notation")
        heading = (notation.text + ' ' if notation else '') + label
        items = []
        for ind_iri in g.ordered(comp.iris(SKOS + "narrower")):
            ind = g.resources.get(ind_iri)
            if not ind:
                continue
            n = ind.first(SKOS + "notation")
            text = ind.first(g.cs("bronTekst"))
            items.append(
                f"<li>{esc(n.text) + ' ' if n else ''}{w.link(ind_iri, page)}"
                + (f'<br><span class="cs-verbatim-inline"{_lang(text, lang)}>{esc(text.text)}</span>' if text
                   else f' <span class="cs-own">({esc(t(lang, "own_indicators"))})</span>')
                + "</li>"
            )
        units.append(_Unit(esc(heading), len(items),
                           f"## {md_heading(heading)}\n\n<ul>{''.join(items)}</ul>"))
    return _split(w, page, t(lang, "indicators"), units, lambda chosen: "\n\n".join(u.text for u in chosen))


@dataclass
class _Unit:
    """One indivisible piece of a long list (a competency with its indicators, a top
    concept with its tree, ...): how it is named in the list of parts, how many entries it
    has, its Markdown, and what it belongs to (a scheme: repeated on each part)."""

    name: str  # HTML
    size: int
    text: str
    group: object = None


def _runs(sizes: list[int], limit: int) -> list[tuple[int, int]]:
    """(start, stop) of consecutive units whose sizes add up to at most `limit` (a larger
    unit alone): the parts of a split list. A change inside a unit leaves the other
    parts' boundaries where they were."""
    runs, start, total = [], 0, 0
    for i, size in enumerate(sizes):
        if i > start and total + size > limit:
            runs.append((start, i))
            start, total = i, 0
        total += size
    if sizes:
        runs.append((start, len(sizes)))
    return runs


def part_path(page: str, key: str) -> str:
    """The docs path of one part of a split overview page: gedragsindicatoren-3.md."""
    return f"{page[:-3]}-{key}.md"


def _split(w: SiteWriter, page: str, title: str, units: list, body) -> list[Page]:
    """The overview page of `units`: one page when they have at most ctx.page_entries
    entries in all, else a page listing the parts and one page per part (the units kept
    in order, whole; body(units) is the Markdown of some). A public reader gets pages of a
    size a browser shows at once, and an edit to one resource rewrites the part it is in,
    not the whole list."""
    count = sum(u.size for u in units)
    if count <= w.page_entries:
        return [Page(page, title, body(units))]
    runs = _runs([max(1, u.size) for u in units], w.page_entries)
    parts = []
    for number, (start, stop) in enumerate(runs, start=1):
        chosen = units[start:stop]
        name = chosen[0].name if len(chosen) == 1 else f"{chosen[0].name} – {chosen[-1].name}"
        parts.append((str(number), name, sum(u.size for u in chosen),
                      f"{title} ({t(w.lang, 'part_of').format(n=number, m=len(runs))})", body(chosen), {}))
    return _parts_pages(w, page, title, count, parts)


def _parts_pages(w: SiteWriter, page: str, title: str, count: int, parts: list) -> list[Page]:
    """A long list's page of parts, then each part's page (with a link back), from
    (key, name in the list of parts (HTML), entries, title, Markdown, meta) per part."""
    pages, links = [], []
    for key, name, entries, part_title, text, meta in parts:
        path = part_path(page, key)
        links.append(f'<li><a href="{esc(href(page, path))}">{name}</a> ({entries})</li>')
        up = f'<p><a href="{esc(href(path, page))}">{esc(title)}</a></p>'
        pages.append(Page(path, part_title, up + "\n\n" + text, meta))
    intro = t(w.lang, "split_list").format(count=count, parts=len(parts))
    return [Page(page, title, f"<p>{esc(intro)}</p>\n\n<ul>{''.join(links)}</ul>"), *pages]


def _lang(value, lang):
    return f' lang="{esc(value.lang)}"' if value.lang and value.lang != lang else ""


def _heading_and_definition(w: SiteWriter, res, page: str) -> tuple[str, str]:
    """A section heading for `res` and the start of its body: its link and its definition
    (in the page's language, else Dutch) with the badge of its provenance."""
    lang = w.lang
    heading = f"## {md_heading(w.graph.label(res.iri, lang)[0])}"
    definition = res.first(SKOS + "definition", lang) or res.first(SKOS + "definition", "nl")
    inner = f"<p>{w.link(res.iri, page)}</p>"
    if definition:
        inner += f"<p>{lang_span(definition.text, definition.lang, lang)}{badge(definition, page, lang, w.kind_labels)}</p>"
    return heading, inner


def areas(w: SiteWriter) -> Page:
    g, lang, page = w.graph, w.lang, AREAS
    parts = []
    for area in g.of_type(g.cs("Gebied")):
        heading, inner = _heading_and_definition(w, area, page)
        parts.append(heading)
        comps = [s for s in g.subjects(g.cs("raaktGebied"), area.iri)
                 if g.cs("Competentie") in g.resources[s].types]
        if comps:
            items = []
            for comp in g.ordered(comps):
                value = next(v for v in g.resources[comp].values(g.cs("raaktGebied")) if v.text == area.iri)
                items.append(f"<li>{w.link(comp, page)}{badge(value, page, lang, w.kind_labels)}</li>")
            inner += f"<p>{esc(t(lang, 'touched_by'))}:</p><ul>{''.join(items)}</ul>"
        parts.append(inner)
    return Page(page, t(lang, "areas"), "\n\n".join(parts))


def fgr(w: SiteWriter) -> Page:
    g, lang, page = w.graph, w.lang, FGR
    parts = []
    for family in g.of_type(g.cs("Functiefamilie")):
        heading, inner = _heading_and_definition(w, family, page)
        parts.append(heading)
        rows = []
        for group in g.ordered(family.iris(SKOS + "narrower")):
            gres = g.resources.get(group)
            if not gres:
                continue
            low, high = gres.first(g.cs("schaalMinimum")), gres.first(g.cs("schaalMaximum"))
            scales = "" if not (low and high) else (low.text if low.text == high.text else f"{low.text} – {high.text}")
            profile = ", ".join(w.link(c, page) for c in g.ordered(gres.iris(g.cs("kernprofielCompetentie")))) \
                or f'<em>{esc(t(lang, "not_stated"))}</em>'
            rows.append(f"<tr><td>{w.link(group, page)}</td><td>{esc(scales)}</td><td>{profile}</td></tr>")
        inner += (
            f'<table><thead><tr><th scope="col">{esc(t(lang, "fgr_groups"))}</th>'
            f'<th scope="col">{esc(t(lang, "scales"))}</th><th scope="col">{esc(t(lang, "fgr_profile"))}</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        )
        parts.append(block("feit", inner, page, lang, w.kind_labels.get("feit", "feit"), False))
    parts.insert(0, f'<p class="cs-scope" role="note"><strong>{esc(t(lang, "fgr_scope"))}</strong></p>'
                    f"<p>{esc(t(lang, 'no_levels'))}</p>")
    return Page(page, t(lang, "fgr"), "\n\n".join(parts))


def other(w: SiteWriter) -> Page:
    g, lang, page = w.graph, w.lang, OTHER
    known = {g.cs(k) for k in ("Competentie", "Gedragsindicator", "Gebied", "Functiefamilie", "Functiegroep")}
    schemes, rest = [], []
    for iri, res in g.resources.items():
        if iri.startswith(w.base + "/def/") or res.types & known:
            continue
        (schemes if SKOS + "ConceptScheme" in res.types else rest).append(iri)
    parts = [f"## {md_heading(t(lang, 'schemes'))}",
             "<ul>" + "".join(f"<li>{w.link(i, page)}</li>" for i in schemes) + "</ul>",
             f"## {md_heading(t(lang, 'other_resources'))}",
             "<ul>" + "".join(f"<li>{w.link(i, page)} <code>{esc(i)}</code></li>" for i in rest) + "</ul>"]
    return Page(page, t(lang, "other_resources"), "\n\n".join(parts))


def hierarchy(w: SiteWriter) -> list[Page]:
    """Every scheme's tree of concepts; split by top concept (_split) when long."""
    g, lang, page = w.graph, w.lang, HIERARCHY

    def item(iri, depth) -> tuple[str, int]:
        """The <li> of a concept with its tree below it, and how many concepts that is."""
        res = g.resources.get(iri)
        n = res.first(SKOS + "notation") if res else None
        children, size = tree(res.iris(SKOS + "narrower") if res else [], depth + 1)
        return f"<li>{esc(n.text) + ' ' if n else ''}{w.link(iri, page)}{children}</li>", size + 1

    def tree(iris, depth=0) -> tuple[str, int]:
        if not iris or depth > 10:
            return "", 0
        items = [item(iri, depth) for iri in g.ordered(iris)]
        return f"<ul>{''.join(text for text, _ in items)}</ul>", sum(size for _, size in items)

    schemes = sorted((r for r in g.resources.values() if SKOS + "ConceptScheme" in r.types),
                     key=lambda r: (r.iri != f"{w.base}/id/{SCHEME}", r.iri))
    units = []
    for scheme in schemes:
        head = (f"## {md_heading(g.label(scheme.iri, lang)[0])}", f"<p>{w.link(scheme.iri, page)}</p>")
        tops = g.ordered(scheme.iris(SKOS + "hasTopConcept"))
        if not tops:
            units.append(_Unit(esc(g.label(scheme.iri, lang)[0]), 1, "", head))
        for iri in tops:
            text, size = item(iri, 0)
            units.append(_Unit(esc(g.label(iri, lang)[0]), size, text, head))

    def body(chosen) -> str:
        parts = []
        for _, run in groupby(chosen, key=lambda u: id(u.group)):  # each scheme's units
            run = list(run)
            items = "".join(u.text for u in run)
            parts += [run[0].group[0], run[0].group[1] + (f"<ul>{items}</ul>" if items else "")]
        return "\n\n".join(parts)

    return _split(w, page, t(lang, "hierarchy"), units, body)


def _plain(text: str) -> str:
    """The text without accents (NFKD, ASCII only); ASCII text as it is (the same, faster)."""
    return text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _initial(text: str) -> str:
    first = _plain(text.strip()[:1]).upper()
    return first if first.isalpha() else "#"


def _sort_key(text: str):
    return (_plain(text).casefold(), text)


def index(w: SiteWriter) -> list[Page]:
    """Every label, A to Z; a page per initial when long."""
    g, lang, page = w.graph, w.lang, INDEX
    entries = []
    for iri, res in g.resources.items():
        if not (res.types & {SKOS + "Concept", SKOS + "ConceptScheme"}):
            continue
        # labels in the page's language; Dutch (the source language) where there is none
        for prop, alt in ((SKOS + "prefLabel", False), (SKOS + "altLabel", True)):
            values = res.literals(prop, lang) or res.literals(prop, "nl")
            for value in values:
                entries.append((value.text, value.lang, alt, iri))
    entries = sorted(set(entries), key=lambda e: (_sort_key(e[0]), e[1] or "", e[3]))
    runs: list[tuple[str, list[str]]] = []  # (initial, entries) of each run of one initial
    for text, text_lang, alt, iri in entries:
        target = w.page_path(iri)
        shown = lang_span(text, text_lang, lang)
        if alt:
            shown = f"<em>{shown}</em> → {esc(g.label(iri, lang)[0])}"
        letter = _initial(text)
        if not runs or runs[-1][0] != letter:
            runs.append((letter, []))
        runs[-1][1].append(f'<li><a href="{esc(href(page, target))}">{shown}</a></li>')
    texts = [f"## {letter}\n\n<ul>{''.join(items)}</ul>" for letter, items in runs]
    if len(entries) <= w.page_entries:
        return [Page(page, t(lang, "index"), "\n\n".join(texts))]
    # long: a page per initial (an edit moves an entry between two of them at most); the
    # other language's labels have other initials: their language switch goes to its A-Z page
    by_letter: dict[str, list] = {}
    for (letter, items), text in zip(runs, texts, strict=True):
        found = by_letter.setdefault(letter, [0, []])
        found[0] += len(items)
        found[1].append(text)
    title = t(lang, "index")
    parts = [(letter.lower() if letter.isalpha() else "0", letter, size, f"{title}: {letter}",
              "\n\n".join(found), {TWIN: page}) for letter, (size, found) in by_letter.items()]
    return _parts_pages(w, page, title, len(entries), parts)


def model(w: SiteWriter) -> tuple[Page, tuple[str, str]]:
    """The model page (the document about {base}/def/) and its SVG diagram (path, text)."""
    g, lang, page = w.graph, w.lang, MODEL
    ontology = g.resources.get(w.base + "/def/")
    base_page = resource_page(w, ontology) if ontology else Page(page, t(lang, "model"), "")
    svg_path = f"{ASSETS}/model-{lang}.svg"
    svg = diagram.render(g, lang, t(lang, "diagram"))
    words = "".join(f"<li>{esc(s)}</li>" for s in diagram.sentences(g, lang))
    parts = [
        f"## {md_heading(t(lang, 'diagram'))}",
        f'<figure class="cs-diagram"><img src="{esc(href(page, svg_path))}" '
        f'alt="{esc(t(lang, "diagram"))}: {esc(" ".join(diagram.sentences(g, lang)))}" '
        f'width="{diagram.WIDTH}" height="{diagram.HEIGHT}">'
        f"<figcaption>{esc(t(lang, 'diagram_text'))}:<ul>{words}</ul></figcaption></figure>",
    ]
    for title_key, types in (("classes", {OWL + "Class"}),
                             ("properties", {OWL + "ObjectProperty", OWL + "DatatypeProperty"})):
        terms = sorted((r for r in g.resources.values() if r.types & types), key=lambda r: r.iri)
        rows = []
        for term in terms:
            names = {v.lang: v for v in term.literals(RDFS + "label")}
            comment = term.first(RDFS + "comment", lang) or term.first(RDFS + "comment", "nl")
            cells = [f"<td>{w.link(term.iri, page)}<br><code>cs:{esc(term.iri.rsplit('/', 1)[-1])}</code></td>"]
            for name_lang in ("nl", "en"):
                v = names.get(name_lang)
                cells.append(f"<td>{lang_span(v.text, v.lang, lang) if v else ''}</td>")
            cells.append(f"<td>{lang_span(comment.text, comment.lang, lang) if comment else ''}</td>")
            if title_key == "properties":
                dom = ", ".join(_term_name(w, i, page) for i in sorted(term.iris(RDFS + "domain")))
                rng = ", ".join(_term_name(w, i, page) for i in sorted(term.iris(RDFS + "range")))
                cells.append(f"<td>{dom}</td><td>{rng}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        head = ["Term", t(lang, "name_nl"), t(lang, "name_en"), t(lang, "description")]
        if title_key == "properties":
            head += [t(lang, "domain"), t(lang, "range")]
        parts.append(f"## {md_heading(t(lang, title_key))}")
        parts.append(
            "<table><thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
            + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    parts.append(f'<p><a href="{esc(href(page, RULES))}">{esc(t(lang, "rules"))}</a></p>')
    body = "\n\n".join(parts) + "\n\n" + base_page.body
    return Page(page, t(lang, "model"), body, base_page.meta), (svg_path, svg)


def _term_name(w, iri, page):
    if w.page_path(iri):
        return w.link(iri, page)
    return f"<code>{esc(namespaces.compact(iri, namespaces.table(('skos', 'xsd', 'rdf'))))}</code>"


def rules_page(w: SiteWriter) -> Page:
    lang, page = w.lang, RULES
    found = rules.read_rules(w.ctx.project.shapes_dir)
    intro = {
        "nl": "Deze regels (SHACL, in shapes/) controleert <code>competentieset validate</code> "
              "voordat er iets wordt gepubliceerd. Een overtreding (Violation) houdt de "
              "publicatie tegen.",
        "en": "<code>competentieset validate</code> checks these rules (SHACL, in shapes/) "
              "before anything is published. A violation stops the publication.",
    }[lang]
    if not found:
        return Page(page, t(lang, "rules"), f"<p>{intro}</p>\n\n<p>{esc(t(lang, 'no_rules'))}</p>")
    rows = []
    for rule in found:
        name = rule.text("names", lang) or (rule.iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if rule.iri else "")
        desc = rule.text("descriptions", lang) or ""
        msg = rule.text("messages", lang) or ""
        target = rule.target.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if rule.target else ""
        path = rule.path.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if rule.path else ""
        where = " / ".join(p for p in (target, path) if p)
        rows.append(
            f"<tr><td>{esc(name)}" + (f"<br><code>{esc(where)}</code>" if where else "") + "</td>"
            f"<td>{esc(desc)}</td><td>{esc(msg)}</td><td>{esc(rule.severity or 'Violation')}</td>"
            f"<td><code>{esc(rule.file)}</code></td></tr>"
        )
    head = [t(lang, "shape"), t(lang, "description"), t(lang, "message"), t(lang, "severity"), t(lang, "file")]
    table = ("<table><thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
             + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return Page(page, t(lang, "rules"), f"<p>{intro}</p>\n\n{table}")


def releases(w: SiteWriter) -> list[Page]:
    lang = w.lang
    rows = []
    pages = []
    for version, date in reversed(w.ctx.releases):
        current = f" ({esc(t(lang, 'current'))})" if version == w.ctx.version else ""
        rows.append(
            f'<tr><td><a href="{esc(href(RELEASES, changes_page(version)))}">{esc(version)}</a>{current}</td>'
            f"<td>{esc(date)}</td></tr>"
        )
        text = w.ctx.changes_markdown.get(version, {}).get(lang, "").strip()
        if text.startswith("# "):  # the page has its own title
            text = text.partition("\n")[2].strip()
        body = text if text else f"<p>{esc(t(lang, 'no_changes'))}</p>"
        pages.append(Page(changes_page(version), f"{t(lang, 'changes')} {version}",
                          f"<p>{esc(t(lang, 'date'))}: {esc(date)}</p>\n\n{body}"))
    table = (f'<table><thead><tr><th scope="col">{esc(t(lang, "version"))}</th>'
             f'<th scope="col">{esc(t(lang, "date"))}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
    frozen = {
        "nl": f"Elke versie blijft bevraagbaar onder <code>{esc(w.base)}/versie/&lt;versie&gt;/…</code>.",
        "en": f"Every release stays available under <code>{esc(w.base)}/versie/&lt;version&gt;/…</code>.",
    }[lang]
    feed = {"nl": "Nieuwe versies als Atom-feed", "en": "New releases as an Atom feed"}[lang]
    feed = (f'<p><a href="{esc(w.site_file_href(RELEASES, ATOM_FILE))}" type="application/atom+xml">'
            f"{esc(feed)}</a></p>")
    pages.insert(0, Page(RELEASES, t(lang, "releases"), f"<p>{frozen}</p>\n\n{feed}\n\n{table}"))
    return pages


def developers(w: SiteWriter) -> Page:
    lang, page, base = w.lang, DEVELOPERS, w.base
    comps = _competencies(w)
    example = comps[0].iri if comps else f"{base}/id/{SCHEME}"
    doc = f"{base}/{uris.doc_path(example, base)}"
    text = {
        "nl": {
            "deref": "URI's opvragen",
            "deref_p": f"Een URI onder <code>{esc(base)}/id/</code> is de identifier van een ding; "
                       "hij antwoordt met 303 See Other naar het document erover "
                       f"(<code>{esc(base)}/doc/…</code>). Welk formaat je krijgt, kies je met de "
                       "Accept-header, of met de extensie van het document:",
            "ctx": "JSON-LD-context",
            "ctx_p": "Alle JSON-LD gebruikt één context:",
            "json": "Eenvoudige JSON en het schema",
            "json_p": "Naast RDF is er eenvoudige JSON (zonder linked-data-kennis te gebruiken), "
                      "beschreven door een JSON Schema in de downloadmap.",
            "sparql": "SPARQL",
            "sparql_p": "Waar de publicatie met de server draait, beantwoordt "
                        f"<code>{esc(base)}/sparql</code> SPARQL-vragen (alleen lezen). Voorbeelden:",
            "q1": "Alle competenties met hun gedragsindicatoren, in de volgorde van de bron",
            "q2": "Alles wat dit project heeft toegevoegd (redactionele uitspraken)",
            "save": "Met de vraag opgeslagen als query.rq:",
        },
        "en": {
            "deref": "Dereferencing URIs",
            "deref_p": f"A URI under <code>{esc(base)}/id/</code> identifies a thing; it answers "
                       "303 See Other to the document about it "
                       f"(<code>{esc(base)}/doc/…</code>). Choose the format with the Accept "
                       "header, or with the document's extension:",
            "ctx": "JSON-LD context",
            "ctx_p": "All JSON-LD uses one context:",
            "json": "Plain JSON and its schema",
            "json_p": "Beside RDF there is plain JSON (usable without linked-data knowledge), "
                      "described by a JSON Schema in the download folder.",
            "sparql": "SPARQL",
            "sparql_p": "Where the publication runs with its server, "
                        f"<code>{esc(base)}/sparql</code> answers SPARQL queries (read only). Examples:",
            "q1": "All competencies with their behavioural indicators, in the source's order",
            "q2": "Everything this project added (editorial statements)",
            "save": "With the query saved as query.rq:",
        },
    }[lang]
    parts = [f"## {md_heading(text['deref'])}", f"<p>{text['deref_p']}</p>"]
    curl = []
    for fmt in FORMATS:
        curl.append(f"# {fmt.label}\ncurl -L -H 'Accept: {fmt.media_type}' {example}")
    parts.append("```sh\n" + "\n\n".join(curl) + "\n```")
    parts.append("```sh\n" + "\n".join(f"curl {doc}.{f.extension}" for f in FORMATS) + "\n```")
    parts.append(f"## {md_heading(t(lang, 'downloads'))}")
    items = []
    for fmt in FORMATS:
        if fmt.key == "html":
            continue
        target = f"{DOWNLOAD_DIR}/competentieset.{fmt.extension}"
        items.append(f'<li><a href="{esc(w.site_file_href(page, target))}" type="{esc(fmt.media_type)}">'
                     f"{esc(fmt.label)}</a> <code>{esc(target)}</code></li>")
    parts.append(f"<p>{esc(t(lang, 'whole_vocab'))}:</p><ul>{''.join(items)}</ul>")
    names = download_names(w.ctx)  # every page above is made; this one waits for them
    parts += _export_downloads(w, page, lang, names)
    export_files = {f.path for e in EXPORTS for f in e.files}
    present = sorted(f"{DOWNLOAD_DIR}/{name}" for name in names if not name.startswith("competentieset."))
    present = [p for p in present if p not in export_files]
    if present:
        parts.append(
            f"<p>{esc(t(lang, 'other_downloads'))}:</p><ul>"
            + "".join(f'<li><a href="{esc(w.site_file_href(page, p))}">{esc(p.rsplit("/", 1)[-1])}</a></li>' for p in present)
            + "</ul>"
        )
    parts.append(f"## {md_heading(text['ctx'])}")
    parts.append(f"<p>{esc(text['ctx_p'])} <a href=\"{esc(w.site_file_href(page, DOWNLOAD_DIR + '/context.jsonld'))}\">"
                 f"<code>{esc(base)}/{DOWNLOAD_DIR}/context.jsonld</code></a></p>")
    parts.append(f"## {md_heading(text['json'])}")
    parts.append(f"<p>{esc(text['json_p'])}</p>")
    parts.append("```sh\n" + f"curl -L -H 'Accept: application/json' {example}" + "\n```")
    parts += _developer_api(w, example)
    parts.append(f"## {md_heading(text['sparql'])}")
    parts.append(f"<p>{text['sparql_p']}</p>")
    q1 = (f"PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX cs: <{base}/def/>\n"
          "SELECT ?competentie ?label ?indicator ?tekst WHERE {\n"
          "  ?competentie a cs:Competentie ; skos:prefLabel ?label ; cs:volgnummer ?n ;\n"
          "               skos:narrower ?indicator .\n"
          "  ?indicator cs:bronTekst ?tekst ; cs:volgnummer ?m .\n"
          f"  FILTER(lang(?label) = \"{lang}\")\n"
          "} ORDER BY ?n ?m")
    q2 = (f"PREFIX cs: <{base}/def/>\n"
          "SELECT ?s ?p ?o ?g WHERE {\n  GRAPH ?g { ?s ?p ?o }\n  ?g cs:herkomst/cs:redactioneel true\n}")
    for key, query in (("q1", q1), ("q2", q2)):
        parts.append(f"<p>{esc(text[key])}:</p>")
        parts.append("```sparql\n" + query + "\n```")
        parts.append(f"<p>{esc(text['save'])}</p>")
        parts.append("```sh\n" + "curl -H 'Accept: application/sparql-results+json' \\\n"
                     f"     --data-urlencode 'query@query.rq' {base}/sparql" + "\n```")
    return Page(page, t(lang, "developers"), "\n\n".join(parts))


def import_page(w: SiteWriter) -> Page:
    """'Importeren in uw systeem': per consumer format (exports.EXPORTS) what to download and
    the steps; then the endpoints for systems that poll or look up."""
    lang, page, base = w.lang, IMPORT, w.base
    intro = {
        "nl": "Systemen voor HR, leren en badges lezen meestal geen linked data, maar hun eigen "
              "importformaat. Elke versie van de competentieset verschijnt ook in die formaten, "
              "uit dezelfde gegevens, met vaste codes en UUID's: een competentie houdt dezelfde "
              "code en UUID zolang haar URI niet verandert. Teksten in het Engels zijn een "
              "vertaling van dit project.",
        "en": "HR, learning and badge systems mostly do not read linked data but their own import "
              "format. Every release of the competency set is also published in those formats, "
              "from the same data, with fixed codes and UUIDs: a competency keeps its code and UUID "
              "as long as its URI does not change. English texts are this project's translation.",
    }[lang]
    parts = [f"<p>{esc(intro)}</p>"]
    for export in EXPORTS:
        parts.append(f"## {md_heading(export.title[lang])}")
        parts.append(f"<p>{esc(export.description[lang])}</p>")
        files = "".join(
            f'<li><a href="{esc(w.site_file_href(page, f.path))}" type="{esc(f.media_type)}">'
            f"<code>{esc(f.path.rsplit('/', 1)[-1])}</code></a>: {esc(f.title[lang])}</li>"
            for f in export.files)
        parts.append(f"<ul>{files}</ul>")
        if export.steps.get(lang):
            parts.append("<ol>" + "".join(f"<li>{esc(step)}</li>" for step in export.steps[lang]) + "</ol>")
    text = {
        "nl": {
            "poll": "Wijzigingen bijhouden",
            "poll_p": "Een systeem dat de set al heeft ingelezen, vraagt op wat er sinds een datum "
                      "is veranderd: toegevoegd, gewijzigd en verouderd, met UUID's en de datum van "
                      "de versie. Een onjuiste datum geeft 400 met een uitleg (application/problem+json).",
            "atom": "Nieuwe versies als Atom-feed:",
            "lookup": "Opzoeken",
            "lookup_p": "Een onderdeel vinden op naam, nummer of label:",
        },
        "en": {
            "poll": "Keeping up with changes",
            "poll_p": "A system that has read the set asks what changed since a day: added, changed "
                      "and deprecated, with UUIDs and the date of the release. A wrong date gets 400 "
                      "with an explanation (application/problem+json).",
            "atom": "New releases as an Atom feed:",
            "lookup": "Looking up",
            "lookup_p": "Find an item by name, number or label:",
        },
    }[lang]
    parts.append(f"## {md_heading(text['poll'])}")
    parts.append(f"<p>{esc(text['poll_p'])}</p>")
    parts.append("```sh\n" + f"curl '{base}/api/changes?since=2026-01-01'" + "\n```")
    parts.append(f'<p>{esc(text["atom"])} <a href="{esc(w.site_file_href(page, ATOM_FILE))}" '
                 f'type="application/atom+xml"><code>{esc(base)}/{esc(ATOM_FILE)}</code></a></p>')
    parts.append(f"## {md_heading(text['lookup'])}")
    parts.append(f"<p>{esc(text['lookup_p'])}</p>")
    parts.append("```sh\n" + "\n".join([
        f"curl '{base}/api/search?q=refl'",
        f"curl '{base}/api/notation/1.1'",
        f"curl -i '{base}/label/Reflecteren'",
    ]) + "\n```")
    parts.append(f'<p><a href="{esc(href(page, DEVELOPERS))}">{esc(t(lang, "developers"))}</a></p>')
    return Page(page, t(lang, "import"), "\n\n".join(parts))


def _developer_api(w: SiteWriter, example: str) -> list[str]:
    """Developers' page: releases, the lookup API, /label/, the change lists and feed, and every
    key of the plain JSON (plain_json.KEY_DESCRIPTIONS, the JSON Schema's descriptions)."""
    from urllib.parse import quote

    from competentieset.model.layout import CHANGES_FILES, JSON_SCHEMA_FILE
    from competentieset.publication.plain_json import KEY_DESCRIPTIONS, META_DESCRIPTIONS

    lang, page, base = w.lang, DEVELOPERS, w.base
    rest = example[len(base) + 1:]
    name = rest.rsplit("/", 1)[-1]
    label = w.graph.label(example, "nl")[0]
    res = w.graph.resources.get(example)
    notation = res.first(SKOS + "notation") if res else None
    version = w.ctx.version
    nl = lang == "nl"
    parts = [f"## {md_heading('Versies' if nl else 'Releases')}",
             "<p>" + esc("Elke versie blijft bereikbaar onder /versie/<versie>/ met dezelfde paden; "
                         "die bestanden veranderen nooit meer." if nl else
                         "Every release stays available under /versie/<version>/ with the same paths; "
                         "those files never change again.") + "</p>",
             "```sh\n" + f"curl -L -H 'Accept: text/turtle' {base}/versie/{version}/{rest}" + "\n```"]
    parts.append(f"## {md_heading('Opzoek-API' if nl else 'Lookup API')}")
    rows = [
        ("/api/search?q=…[&lang=nl|en][&limit=20]",
         "resources waarvan het Nederlandse of Engelse label met q begint" if nl else
         "resources whose Dutch or English label starts with q"),
        ("/api/notation/{notatie}" if nl else "/api/notation/{notation}",
         "resources met dat nummer (skos:notation)" if nl else "resources with that number (skos:notation)"),
        ("/api/children/{type}/{naam}" if nl else "/api/children/{type}/{name}",
         "de onderliggende begrippen, in volgorde" if nl else "the narrower concepts, in order"),
        ("/label/{label}", "302 naar het resource met precies dat label (nl of en, hoofdletterongevoelig); "
         "X-Uri geeft de volledige URI" if nl else "302 to the resource with exactly that label (nl or en, "
         "case-insensitive); X-Uri gives its full URI"),
        ("/api/changes?since=JJJJ-MM-DD" if nl else "/api/changes?since=YYYY-MM-DD",
         "wat er veranderde in de versies vanaf die datum" if nl else "what changed in the releases from that day"),
        ("/openapi.json", "de beschrijving van deze API (OpenAPI 3)" if nl else "this API described (OpenAPI 3)"),
    ]
    parts.append("<table><thead><tr><th scope=\"col\">" + ("Pad" if nl else "Path") + "</th><th scope=\"col\">"
                 + ("Antwoord" if nl else "Answer") + "</th></tr></thead><tbody>"
                 + "".join(f"<tr><td><code>{esc(p)}</code></td><td>{esc(a)}</td></tr>" for p, a in rows)
                 + "</tbody></table>")
    parts.append("<p>" + esc("Elk resultaat heeft uri, path (op deze server), labels (per taal), notation, "
                             "types en deprecated. Fouten zijn application/problem+json." if nl else
                             "Each result has uri, path (on this server), labels (per language), notation, "
                             "types and deprecated. Errors are application/problem+json.") + "</p>")
    examples = [f"curl '{base}/api/search?q={name[:4]}'"]
    if notation:
        examples.append(f"curl '{base}/api/notation/{notation.text}'")
    examples += [f"curl '{base}/api/children/{rest.removeprefix('id/')}'",
                 f"curl -i '{base}/label/{quote(label)}'", f"curl '{base}/openapi.json'"]
    parts.append("```sh\n" + "\n".join(examples) + "\n```")
    parts.append(f"## {md_heading('Wijzigingen' if nl else 'Changes')}")
    parts.append("<p>" + esc(
        "De wijzigingen van de huidige versie ten opzichte van de vorige staan in de downloadmap "
        "(Markdown nl en en, en JSON). Alle versies samen: de wijzigingsfeed (JSON), die de server "
        "filtert op datum, en een Atom-feed. Elk item heeft uri, uuid, label, version en date; "
        "gewijzigde items ook changes, verouderde ook replacedBy." if nl else
        "The changes of the current release against the previous one are in the download folder "
        "(Markdown nl and en, and JSON). All releases together: the change feed (JSON), which the server "
        "filters by date, and an Atom feed. Each item has uri, uuid, label, version and date; changed "
        "items also changes, deprecated ones replacedBy.") + "</p>")
    files = [CHANGES_FILES["json"], CHANGES_FILES["nl"], CHANGES_FILES["en"], CHANGE_FEED_FILE, ATOM_FILE]
    parts.append("<ul>" + "".join(f'<li><a href="{esc(w.site_file_href(page, f))}"><code>{esc(f)}</code></a></li>'
                                  for f in files) + "</ul>")
    parts.append("```sh\n" + f"curl '{base}/api/changes?since={w.ctx.releases[0][1] if w.ctx.releases else '2026-01-01'}'"
                 + f"\ncurl {base}/{CHANGES_FILES['json']}\ncurl {base}/{ATOM_FILE}" + "\n```")
    parts.append(f"## {md_heading('Sleutels van de eenvoudige JSON' if nl else 'Keys of the plain JSON')}")
    parts.append("<p>" + esc(
        "Het JSON Schema beschrijft elke sleutel (in het Engels). Lijsten staan in de volgorde van de "
        "bron; een lijst-sleutel die één resource van een klasse heeft, staat bij elke resource van die "
        "klasse (zo nodig als []). Tekst is een taalkaart {\"nl\": …, \"en\": …}; een link is "
        "{\"id\", \"label\"}." if nl else
        "The JSON Schema describes every key. Lists are in the source's order; a list key that one "
        "resource of a class has is present on every resource of that class (as [] where empty). Text is "
        "a language map {\"nl\": …, \"en\": …}; a link is {\"id\", \"label\"}.")
        + f' <a href="{esc(w.site_file_href(page, JSON_SCHEMA_FILE))}"><code>{esc(JSON_SCHEMA_FILE)}</code></a></p>')
    keys = [("", META_DESCRIPTIONS)] + [("resource.", KEY_DESCRIPTIONS)]
    parts.append("<table><thead><tr><th scope=\"col\">" + ("Sleutel" if nl else "Key") + "</th><th scope=\"col\">"
                 + ("Betekenis" if nl else "Meaning") + "</th></tr></thead><tbody>"
                 + "".join(f"<tr><td><code>{esc(prefix + key)}</code></td><td>{esc(text)}</td></tr>"
                           for prefix, table in keys for key, text in table.items())
                 + "</tbody></table>")
    parts.append(f'<p><a href="{esc(href(page, IMPORT))}">{esc(t(lang, "import"))}</a></p>')
    return parts


def _export_downloads(w: SiteWriter, page: str, lang: str, names: frozenset[str]) -> list[str]:
    """The consumer formats (publication.exports.EXPORTS): one item per export, its files
    (those the build wrote: `names`, the download folder's files; every export file is in
    that folder, tests/build/test_exports_registry.py) and what it is for."""
    heading = {"nl": "Voor HR- en leersystemen", "en": "For HR and learning systems"}[lang]
    items = []
    for export in EXPORTS:
        files = [f for f in export.files
                 if f.path.startswith(DOWNLOAD_DIR + "/") and f.path[len(DOWNLOAD_DIR) + 1:] in names]
        if not files:
            continue
        links = ", ".join(f'<a href="{esc(w.site_file_href(page, f.path))}" type="{esc(f.media_type)}">'
                          f"{esc(f.title[lang])}</a>" for f in files)
        items.append(f"<li><strong>{esc(export.title[lang])}</strong>: {esc(export.description[lang])} "
                     f"{links}</li>")
    return [f"<p>{esc(heading)}:</p><ul>{''.join(items)}</ul>"] if items else []


def stewards_default(w: SiteWriter) -> Page:
    lang = w.lang
    body = {
        "nl": "<p>Beheerders wijzigen het vocabulaire in de Turtle-bestanden in "
              "<code>ontology/</code> (elk bestand één soort herkomst) en controleren een "
              "wijziging met <code>competentieset validate</code> voordat die wordt gepubliceerd. "
              "Een overtreding van een validatieregel houdt de publicatie tegen; de melding noemt "
              "bestand, regel, begrip en wat er te doen is.</p>",
        "en": "<p>Data stewards change the vocabulary in the Turtle files in "
              "<code>ontology/</code> (each file holds one kind of provenance) and check a "
              "change with <code>competentieset validate</code> before it is published. A "
              "violation of a validation rule stops the publication; the message names the "
              "file, the line, the concept and what to do.</p>",
    }[lang]
    body += f'\n\n<p><a href="{esc(href(STEWARDS[lang], RULES))}">{esc(t(lang, "rules"))}</a> · ' \
            f'<a href="{esc(href(STEWARDS[lang], EXPLANATION))}">{esc(t(lang, "editorial_page"))}</a></p>'
    return Page(STEWARDS[lang], t(lang, "stewards"), body)


def explanation(w: SiteWriter) -> Page:
    g, lang, page = w.graph, w.lang, EXPLANATION
    intro = {
        "nl": "De tekst van de competentieset is van de Algemene Bestuursdienst (ABD). Alles wat "
              "dit project toevoegt, staat op deze site gemarkeerd: een blok of label met de soort "
              "toevoeging (redactionele toevoeging, interpretatie, vertaling, mapping). Tekst "
              "zonder zo'n markering komt letterlijk uit de bron of uit een geciteerde bron. "
              "In de gegevens staat elke uitspraak in een deelgraaf met haar herkomst.",
        "en": "The text of the competency framework is the Algemene Bestuursdienst's (ABD). Everything this project adds is marked on this site: a block "
              "or badge naming the kind of addition (editorial addition, interpretation, "
              "translation, mapping). Text without such a mark comes verbatim from the source or "
              "from a cited source. In the data every statement sits in a named graph with its "
              "provenance.",
    }[lang]
    parts = [f"<p>{esc(intro)}</p>",
             f"## {md_heading(t(lang, 'value_marks'))} {{#per-waarde}}",
             f"<p>{esc(t(lang, 'value_marks_text'))}</p>",
             f"## {md_heading(t(lang, 'rights_heading'))} {{#rechten}}",
             f"<p>{esc(t(lang, 'rights_text'))}</p>"]
    for prov in sorted(g.kinds.values(), key=lambda p: (p.editorial, p.key)):
        label = g.label(prov.iri, lang)[0]
        res = g.resources.get(prov.iri)
        comment = (res.first(RDFS + "comment", lang) or res.first(RDFS + "comment", "nl")) if res else None
        files = sorted(info.path.relative_to(w.ctx.project.ontology_dir).as_posix()
                       for info in w.vocab_graphs() if info.kind == prov.iri and info.path is not None)
        status = t(lang, "editorial_yes") if prov.editorial else t(lang, "editorial_no")
        parts.append(f"## {md_heading(label)} {{#{prov.key}}}")
        sample = '<span class="cs-badge cs-badge--' + esc(prov.key) + '">' + esc(label) + "</span>" if prov.editorial else ""
        parts.append(
            f"<p>{sample} <strong>{esc(status)}</strong></p>"
            + (f"<p>{lang_span(comment.text, comment.lang, lang)}</p>" if comment else "")
            + (f"<p>{esc(t(lang, 'files'))}: " + ", ".join(f"<code>ontology/{esc(f)}</code>" for f in files) + "</p>" if files else "")
        )
    return Page(page, t(lang, "editorial_page"), "\n\n".join(parts))
