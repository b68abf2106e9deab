"""One page per resource of ours: competencies, indicators, areas, FGR, schemes, model terms.

Every page shows where each statement comes from: the source's words in a 'bron' block,
the project's additions with a badge naming their kind (editorial, interpretation,
translation, mapping) that links to the explanation page.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from competentieset.model import namespaces, uris
from competentieset.publication.formats import FORMATS
from competentieset.site import jsonld
from competentieset.site.graph import DCT, FOAF, RDFS, SKOS, Resource, Value
from competentieset.site.markup import Page, badge, block, esc, href, lang_span, marked, md_heading
from competentieset.site.pages import HIERARCHY, MODEL, SiteWriter
from competentieset.site.text import OTHER, t

# the prefixes shown for property names and unlinked IRIs (from model.namespaces)
SHOWN_PREFIXES = ("skos", "dct", "owl", "rdfs", "foaf", "rdf", "prov", "dcat", "cs")

MATCHES = (
    ("exactMatch", "exact_match"),
    ("closeMatch", "close_match"),
    ("broadMatch", "broad_match"),
    ("narrowMatch", "narrow_match"),
    ("relatedMatch", "related_match"),
)


def resource_page(w: SiteWriter, res: Resource) -> Page:
    path = w.page_path(res.iri)
    g, lang = w.graph, w.lang
    title, title_lang = g.label(res.iri, lang)
    parts: list[str] = []
    if res.deprecated:
        parts.append(_deprecated_banner(w, res, path))
    if g.cs("Competentie") in res.types:
        kind = "competentie"
        parts += _concept_head(w, res, path)
        parts += _competency_body(w, res, path)
    elif g.cs("Gedragsindicator") in res.types:
        kind = "gedragsindicator"
        parts += _concept_head(w, res, path, with_definition=False)
        parts += _indicator_body(w, res, path)
    elif SKOS + "ConceptScheme" in res.types:
        kind = "begrippenkader"
        parts += _scheme_body(w, res, path)
    elif SKOS + "Concept" in res.types:
        kind = "begrip"
        parts += _concept_head(w, res, path)
        parts += _concept_body(w, res, path)
    elif res.iri.startswith(w.base + "/def/"):
        kind = "model"
        parts += _term_body(w, res, path)
    else:
        kind = "overig"
        parts += _generic_head(w, res, path)
    if kind in ("competentie", "gedragsindicator") and not res.deprecated:
        parts.append(_badge_alignment(w, res))
    parts += _uri_and_downloads(w, res, path)
    parts.append(_all_statements(w, res, path))
    description = page_description(w, res)
    meta = {
        "cs_kind": kind,
        "cs_describes": res.iri,
        "cs_alternates": w.alternates(res.iri, path),
        "cs_jsonld": jsonld.for_resource(w, res, path),
    }
    if description:
        meta["description"] = description
    if title_lang and title_lang != lang:
        meta["cs_title_lang"] = title_lang
    if res.deprecated:
        meta["cs_deprecated"] = True
    # Search ranks the vocabulary's own terms above pages that merely mention them.
    if kind in ("competentie", "gedragsindicator"):
        meta["search"] = {"boost": 3}
    elif res.values(SKOS + "prefLabel") or res.values(SKOS + "altLabel"):
        meta["search"] = {"boost": 2}
    if title_lang and title_lang != lang:  # a title in the other language carries its lang
        parts.insert(0, f'# {md_heading(title)} {{lang="{esc(title_lang)}"}}')
    return Page(path, title, "\n\n".join(p for p in parts if p), meta)


# ---------------------------------------------------------------------- pieces


def _badge_alignment(w: SiteWriter, res: Resource) -> str:
    """The resource's Open Badges 3.0 Alignment object (exports.open_badges), to copy."""
    import json

    from competentieset.publication.exports.open_badges import alignment

    lang = w.lang
    name = w.graph.label(res.iri, lang)[0]
    definition = res.first(SKOS + "definition", lang)
    schemes = res.iris(SKOS + "inScheme")
    framework = w.graph.label(schemes[0], lang)[0] if schemes else None
    obj = alignment(res.iri, name, uris.short_code(res.iri, w.base), framework,
                    definition.text if definition else None)
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    return (f"## {md_heading(t(lang, 'badge_alignment'))} {{.cs-noprint}}\n\n"
            f'<p class="cs-noprint">{esc(t(lang, "badge_alignment_intro"))}</p>'
            f'<pre class="cs-noprint"><code class="language-json">{esc(text)}</code></pre>')



def page_description(w: SiteWriter, res: Resource) -> str:
    """A resource page's meta description: its definition, description or comment (the
    page's language, else Dutch), whitespace folded, at most 300 characters."""
    for prop in (SKOS + "definition", DCT + "description", RDFS + "comment"):
        value = res.first(prop, w.lang) or res.first(prop, "nl")
        if value:
            text = " ".join(value.text.split())
            return text if len(text) <= 300 else text[:297] + "..."
    return ""


def _deprecated_banner(w: SiteWriter, res: Resource, path: str) -> str:
    replacements = res.iris(DCT + "isReplacedBy")
    inner = f"<strong>{esc(t(w.lang, 'deprecated'))}</strong>"
    if replacements:
        links = ", ".join(w.link(iri, path) for iri in w.graph.ordered(replacements))
        inner += f" {esc(t(w.lang, 'replaced_by'))}: {links}."
    return f'<div class="cs-deprecated" role="note">{inner}</div>'


def _kind_line(w: SiteWriter, res: Resource, path: str) -> str:
    ours = [iri for iri in sorted(res.types) if iri.startswith(w.base + "/def/")]
    shown = ours or sorted(res.types)
    types = ", ".join(w.link(iri, path) for iri in shown)
    notation = res.first(SKOS + "notation")
    extra = f" · {esc(t(w.lang, 'notation'))} {marked(notation, path, w.lang, w.kind_labels)}" if notation else ""
    return f'<p class="cs-kind">{types}{extra}</p>'


def _labels_table(w: SiteWriter, res: Resource, path: str) -> str:
    rows = []
    for prop, key in ((SKOS + "prefLabel", "preflabel"), (SKOS + "altLabel", "altlabel"),
                      (SKOS + "hiddenLabel", "hiddenlabel")):
        for value in _lang_first(res.literals(prop), w.lang):
            rows.append(
                f"<tr><th scope=\"row\">{esc(t(w.lang, key))} ({esc(value.lang or '-')})</th>"
                f"<td>{marked(value, path, w.lang, w.kind_labels)}</td></tr>"
            )
    if not rows:
        return ""
    return (
        f"## {md_heading(t(w.lang, 'labels'))} {{.cs-noprint}}\n\n"
        f'<table class="cs-labels"><tbody>{"".join(rows)}</tbody></table>'
    )


def _lang_first(values: list[Value], lang: str) -> list[Value]:
    """Values in the page's language first, then Dutch, then the rest (stable)."""
    order = {lang: 0, "nl": 1}
    return sorted(values, key=lambda v: (order.get(v.lang or "", 2), v.lang or "", v.text))


def _text_blocks(w: SiteWriter, values: list[Value], path: str) -> str:
    """Each literal in a block marked by its provenance (source, editorial, translation)."""
    out = []
    for value in _lang_first(values, w.lang):
        key = value.provenance.key if value.provenance else "bron"
        label = t(w.lang, "from_source") if not value.editorial else w.kind_labels.get(key, key)
        kind = key if value.editorial else "bron"
        inner = _paras(value, w.lang)
        html = block(kind, inner, path, w.lang, label, value.editorial)
        if value.lang and value.lang != w.lang:  # the other language: not on the printed card
            html = html.replace('<div class="cs-block ', '<div class="cs-block cs-block--other-lang ', 1)
        out.append(html)
    return "".join(out)


def _paras(value: Value, lang: str) -> str:
    attr = f' lang="{esc(value.lang)}"' if value.lang and value.lang != lang else ""
    parts = [p.strip() for p in value.text.split("\n\n") if p.strip()] or [value.text]
    return "".join(f"<p{attr}>{esc(p)}</p>" for p in parts)


def _concept_head(w: SiteWriter, res: Resource, path: str, with_definition=True) -> list[str]:
    parts = [_kind_line(w, res, path), _labels_table(w, res, path)]
    defs = res.literals(SKOS + "definition")
    if with_definition and defs:
        parts.append(f"## {md_heading(t(w.lang, 'definition'))}\n\n" + _text_blocks(w, defs, path))
    notes = res.literals(SKOS + "editorialNote")
    if notes and not res.iris(w.graph.cs("raaktGebied")):
        parts.append(
            f"## {md_heading(t(w.lang, 'editorial_note'))}\n\n"
            + _text_blocks(w, [n for n in notes if n.lang == w.lang] or notes, path)
        )
    return parts


def _source_citation(w: SiteWriter, res: Resource, path: str) -> str:
    sources = res.iris(DCT + "source")
    if not sources:
        return ""
    links = ", ".join(w.link(iri, path) for iri in sorted(sources))
    return f'<p class="cs-cite">{esc(t(w.lang, "source"))}: {links}</p>'


def _indicator_item(w: SiteWriter, ind: Resource, path: str, with_link: bool) -> str:
    """An indicator: its verbatim source text, and the translation when there is one; an
    indicator of our own (no source text): its definition, marked as ours."""
    out = []
    verbatim = ind.literals(w.graph.cs("bronTekst"))
    for value in verbatim:
        out.append(
            f'<blockquote class="cs-verbatim"{_lang_attr(value, w.lang)}>'
            f"<p>{esc(value.text)}</p></blockquote>"
        )
    if not out:  # our own indicator: its definition in the page's language (else Dutch)
        own = ind.literals(SKOS + "definition", w.lang) or ind.literals(SKOS + "definition", "nl")
        out += [f'<p class="cs-own"{_lang_attr(v, w.lang)}>{esc(v.text)}'
                f"{badge(v, path, w.lang, w.kind_labels)}</p>" for v in own]
    translations = ind.literals(SKOS + "definition", OTHER[w.lang] if w.lang == "nl" else w.lang)
    for value in translations if verbatim else []:
        if value.editorial:
            out.append(
                f'<p class="cs-translation"{_lang_attr(value, w.lang)}>{esc(value.text)}'
                f"{badge(value, path, w.lang, w.kind_labels)}</p>"
            )
    if with_link:
        notation = ind.first(SKOS + "notation")
        label = ind.first(SKOS + "prefLabel", w.lang) or ind.first(SKOS + "prefLabel", "nl")
        number = f"{esc(notation.text)} " if notation else ""
        title = (
            f'<a href="{esc(href(path, w.page_path(ind.iri)))}">'
            f"{lang_span(label.text, label.lang, w.lang) if label else esc(ind.iri)}</a>"
            + (badge(label, path, w.lang, w.kind_labels) if label else "")
        )
        out.insert(0, f'<p class="cs-indicator__title">{number}{title}</p>')
    return "".join(out)


def _lang_attr(value: Value, lang: str) -> str:
    return f' lang="{esc(value.lang)}"' if value.lang and value.lang != lang else ""


def _competency_body(w: SiteWriter, res: Resource, path: str) -> list[str]:
    g, lang = w.graph, w.lang
    parts = []
    indicators = [
        g.resources[i] for i in g.ordered(res.iris(SKOS + "narrower")) if i in g.resources
    ]
    # the source's indicators (with their verbatim text) in the source block; indicators
    # the project added itself (no cs:bronTekst, typed in ontology/redactie/) apart, as ours
    source = [i for i in indicators if i.literals(g.cs("bronTekst"))]
    own = [i for i in indicators if not i.literals(g.cs("bronTekst"))]
    if indicators:
        blocks = []
        if source:
            items = "".join(
                f'<li class="cs-indicator">{_indicator_item(w, ind, path, True)}</li>'
                for ind in source
            )
            inner = f'<ol class="cs-indicators">{items}</ol>' + _source_citation(w, res, path)
            blocks.append(block("bron", inner, path, lang, t(lang, "from_source")))
        if own:
            items = "".join(
                f'<li class="cs-indicator">{_indicator_item(w, ind, path, True)}</li>'
                for ind in own
            )
            blocks.append(block("redactie", f'<ul class="cs-indicators">{items}</ul>', path, lang,
                                t(lang, "own_indicators")))
        parts.append(f"## {md_heading(t(lang, 'indicators'))}\n\n" + "".join(blocks))
    parts.append(_areas_section(w, res, path))
    parts.append(_fgr_section(w, res, path))
    parts.append(_esco_section(w, res, path))
    return parts


def _areas_section(w: SiteWriter, res: Resource, path: str) -> str:
    values = res.values(w.graph.cs("raaktGebied"))
    if not values:
        return ""
    lang = w.lang
    groups: dict[str, list[Value]] = {}
    for value in values:
        key = value.provenance.key if value.provenance and value.editorial else "bron"
        groups.setdefault(key, []).append(value)
    out = [f"## {md_heading(t(lang, 'touches_areas'))}"]
    for key in sorted(groups):
        iris = w.graph.ordered([v.text for v in groups[key]])
        source_lang = "nl" if key == "bron" else None
        inner = "<ul>" + "".join(f"<li>{w.link(i, path, source_lang)}</li>" for i in iris) + "</ul>"
        if key != "bron":
            notes = [n for n in res.literals(SKOS + "editorialNote") if n.lang == lang] or \
                res.literals(SKOS + "editorialNote")
            inner += "".join(
                f'<p class="cs-note"{_lang_attr(n, lang)}>{esc(n.text)}</p>' for n in notes
            )
        label = t(lang, "from_source") if key == "bron" else w.kind_labels.get(key, key)
        out.append(block(key, inner, path, lang, label, key != "bron"))
    return "\n\n".join(out)


def _fgr_section(w: SiteWriter, res: Resource, path: str) -> str:
    groups = w.graph.subjects(w.graph.cs("kernprofielCompetentie"), res.iri)
    if not groups:
        return ""
    lang = w.lang
    items = []
    for group in w.graph.ordered(groups):
        gres = w.graph.resources.get(group)
        sources = gres.iris(DCT + "source") if gres else []
        cite = ", ".join(f'<a href="{esc(s)}">{esc(w.graph.label(s, lang)[0])}</a>' for s in sorted(sources))
        items.append(f"<li>{w.link(group, path)}" + (f" ({esc(t(lang, 'source'))}: {cite})" if cite else "") + "</li>")
    inner = f"<p>{esc(t(lang, 'fgr_in_profile'))}:</p><ul>{''.join(items)}</ul>"
    return f"## {md_heading(t(lang, 'fgr'))}\n\n" + block("feit", inner, path, lang, w.kind_labels.get("feit", "feit"), False)


def _esco_section(w: SiteWriter, res: Resource, path: str) -> str:
    lang, g = w.lang, w.graph
    items = []
    first_value = None
    for term, key in MATCHES:
        for value in res.values(SKOS + term):
            if value.kind != "iri":
                continue
            first_value = first_value or value
            label = g.label_value(value.text, lang)
            definition = _external_definition(w, value.text, path)
            items.append(
                f"<li><span class=\"cs-match\">{esc(t(lang, key))}</span> "
                f'<a href="{esc(value.text)}">{lang_span(label.text, label.lang, lang)}</a>'
                f"{badge(label, path, lang, w.kind_labels)}"
                f"{badge(value, path, lang, w.kind_labels)}{definition}</li>"
            )
    if not items:
        return ""
    inner = f"<ul class=\"cs-matches\">{''.join(items)}</ul>"
    kind = first_value.provenance.key if first_value and first_value.editorial else "bron"
    label = w.kind_labels.get(kind, kind) if kind != "bron" else t(lang, "from_source")
    return f"## {md_heading(t(lang, 'esco'))}\n\n" + block(kind, inner, path, lang, label, kind != "bron")


def _external_definition(w: SiteWriter, iri: str, path: str) -> str:
    """The definition of an external concept (e.g. an ESCO skill): in the page's language
    where the data has it (with its provenance badge, e.g. our translation), else as its
    scheme gives it (English); of two in one language, the first by text and kind of
    provenance (SiteGraph.definitions' order)."""
    found = {}
    for value in w.graph.definitions.get(iri, ()):
        found.setdefault(value.lang, value)
    for lang in (w.lang, "en"):
        if lang in found:
            value = found[lang]
            attr = f' lang="{lang}"' if lang != w.lang else ""
            return (f'<br><span class="cs-external"{attr}>{esc(value.text)}</span>'
                    + badge(value, path, w.lang, w.kind_labels))
    return ""


def _indicator_body(w: SiteWriter, res: Resource, path: str) -> list[str]:
    lang = w.lang
    inner = _indicator_item(w, res, path, False) + _source_citation(w, res, path)
    parts = [
        f"## {md_heading(t(lang, 'source_text'))}\n\n"
        + block("bron", f"<p>{esc(t(lang, 'source_text_intro'))}</p>{inner}", path, lang, t(lang, "from_source"))
    ]
    broader = res.iris(SKOS + "broader")
    if broader:
        parts.append(
            f"## {md_heading(t(lang, 'broader'))}\n\n<ul>"
            + "".join(f"<li>{w.link(b, path)}</li>" for b in w.graph.ordered(broader)) + "</ul>"
        )
    return parts


def _concept_body(w: SiteWriter, res: Resource, path: str) -> list[str]:
    g, lang = w.graph, w.lang
    parts = []
    for prop, key in ((SKOS + "broader", "broader"), (SKOS + "narrower", "narrower")):
        iris = res.iris(prop)
        if iris:
            parts.append(
                f"## {md_heading(t(lang, key))}\n\n<ul>"
                + "".join(f"<li>{w.link(i, path)}</li>" for i in g.ordered(iris)) + "</ul>"
            )
    low, high = res.first(g.cs("schaalMinimum")), res.first(g.cs("schaalMaximum"))
    if low and high:
        text = low.text if low.text == high.text else f"{low.text} – {high.text}"
        parts.append(f"## {md_heading(t(lang, 'scales'))}\n\n" + block(
            low.provenance.key if low.provenance else "bron",
            f"<p>{esc(text)}</p>", path, lang,
            w.kind_labels.get(low.provenance.key if low.provenance else "bron", ""), low.editorial))
    profile = res.values(g.cs("kernprofielCompetentie"))
    if profile:
        iris = g.ordered([v.text for v in profile])
        kind = profile[0].provenance.key if profile[0].provenance else "bron"
        inner = "<ul>" + "".join(f"<li>{w.link(i, path)}</li>" for i in iris) + "</ul>"
        parts.append(f"## {md_heading(t(lang, 'fgr_profile'))}\n\n" + block(
            kind, inner, path, lang, w.kind_labels.get(kind, kind), profile[0].editorial))
    touched = [s for s in g.subjects(g.cs("raaktGebied"), res.iri) if g.cs("Competentie") in g.resources[s].types]
    if touched:
        items = []
        for comp in g.ordered(touched):
            value = next(v for v in g.resources[comp].values(g.cs("raaktGebied")) if v.text == res.iri)
            items.append(f"<li>{w.link(comp, path)}{badge(value, path, lang, w.kind_labels)}</li>")
        parts.append(f"## {md_heading(t(lang, 'touched_by'))}\n\n<ul>{''.join(items)}</ul>")
    pages = res.iris(FOAF + "page")
    if pages:
        parts.append(
            f"## {md_heading(t(lang, 'page_source'))}\n\n<ul>"
            + "".join(f'<li><a href="{esc(p)}">{esc(g.label(p, lang)[0])}</a></li>' for p in sorted(pages))
            + "</ul>"
        )
    parts.append(_esco_section(w, res, path))
    return parts


def _scheme_body(w: SiteWriter, res: Resource, path: str) -> list[str]:
    g, lang = w.graph, w.lang
    parts = [_kind_line(w, res, path), _labels_table(w, res, path)]
    descriptions = res.literals(DCT + "description")
    if descriptions:
        parts.append(f"## {md_heading(t(lang, 'description'))}\n\n" + _text_blocks(w, descriptions, path))
    notes = res.literals(SKOS + "editorialNote")
    if notes:
        parts.append(
            f"## {md_heading(t(lang, 'editorial_note'))}\n\n"
            + _text_blocks(w, [n for n in notes if n.lang == lang] or notes, path)
        )
    top = res.iris(SKOS + "hasTopConcept")
    if top:
        top = g.ordered(top)
        below = {iri: g.ordered(g.resources[iri].iris(SKOS + "narrower")) if iri in g.resources else []
                 for iri in top}
        count = sum(len(found) for found in below.values())
        if len(top) + count <= w.page_entries:
            items = []
            for iri in top:
                sub = "".join(f"<li>{w.link(n, path)}</li>" for n in below[iri])
                items.append(f"<li>{w.link(iri, path)}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
            parts.append(f"## {md_heading(t(lang, 'narrower'))}\n\n<ul>{''.join(items)}</ul>")
        else:  # long (see overview_pages._split): the top concepts here, the rest in the hierarchy
            items = "".join(f"<li>{w.link(iri, path)}</li>" for iri in top)
            more = (f"<p>{esc(t(lang, 'narrower_listed').format(count=count))} "
                    f"<a href=\"{esc(href(path, HIERARCHY))}\">{esc(t(lang, 'hierarchy').lower())}</a>.</p>")
            parts.append(f"## {md_heading(t(lang, 'narrower'))}\n\n<ul>{items}</ul>\n\n{more}")
    return parts


def _term_body(w: SiteWriter, res: Resource, path: str) -> list[str]:
    lang = w.lang
    parts = [_kind_line(w, res, path)]
    rows = []
    for prop, key in ((RDFS + "label", "preflabel"), (RDFS + "comment", "description")):
        for value in _lang_first(res.literals(prop), lang):
            rows.append(
                f"<tr><th scope=\"row\">{esc(t(lang, key))} ({esc(value.lang or '-')})</th>"
                f"<td>{marked(value, path, lang, w.kind_labels)}</td></tr>"
            )
    for prop, key in ((RDFS + "subClassOf", "subclass_of"), (RDFS + "domain", "domain"), (RDFS + "range", "range")):
        iris = res.iris(prop)
        if iris:
            links = ", ".join(w.link(i, path) if w.page_path(i) else f"<code>{esc(_compact(i, w.base))}</code>" for i in sorted(iris))
            rows.append(f"<tr><th scope=\"row\">{esc(t(lang, key))}</th><td>{links}</td></tr>")
    if rows:
        parts.append(f'<table class="cs-labels"><tbody>{"".join(rows)}</tbody></table>')
    if res.iri != w.base + "/def/":
        parts.append(f'<p><a href="{esc(href(path, MODEL))}">{esc(t(lang, "model"))}</a></p>')
    return parts


def _generic_head(w: SiteWriter, res: Resource, path: str) -> list[str]:
    parts = [_kind_line(w, res, path), _labels_table(w, res, path)]
    for prop in (DCT + "description", RDFS + "comment", SKOS + "definition"):
        values = res.literals(prop)
        if values:
            parts.append(f"## {md_heading(t(w.lang, 'description'))}\n\n" + _text_blocks(w, values, path))
            break
    return parts


def _uri_and_downloads(w: SiteWriter, res: Resource, path: str) -> list[str]:
    lang = w.lang
    intro = t(lang, "uri_intro")
    if not w.ctx.project.base_registered:
        intro += " " + t(lang, "base_unregistered").format(base=w.base)
    uri_part = (
        f"## {md_heading(t(lang, 'uri'))}\n\n<p class=\"cs-noprint\">{esc(intro)}</p>\n\n"
        f"```text\n{res.iri}\n```"
    )
    items = []
    for fmt in FORMATS:
        link = w.download_href(res.iri, path, fmt.extension)
        items.append(
            f'<li><a href="{esc(link)}" type="{esc(fmt.media_type)}">{esc(fmt.label)}</a> '
            f"<code>{esc(fmt.media_type)}</code></li>"
        )
    downloads = (
        f"## {md_heading(t(lang, 'downloads'))} {{.cs-noprint}}\n\n<p class=\"cs-noprint\">{esc(t(lang, 'downloads_intro'))}</p>"
        f'<ul class="cs-downloads">{"".join(items)}</ul>'
    )
    version = [f"<dt>{esc(t(lang, 'version'))}</dt><dd>{esc(w.ctx.version)}</dd>"]
    change = w.last_change(res.iri)
    if change:
        version.append(
            f"<dt>{esc(t(lang, 'last_change'))}</dt><dd>{esc(change[0])} ({esc(change[1])})</dd>"
        )
    return [uri_part, downloads, f'<dl class="cs-version">{"".join(version)}</dl>']


def _all_statements(w: SiteWriter, res: Resource, path: str) -> str:
    lang = w.lang
    rows = []
    for prop in sorted(res.statements, key=lambda p: (_compact(p, w.base), p)):
        for value in res.values(prop):
            if value.kind == "iri":
                shown = w.link(value.text, path) + badge(value, path, lang, w.kind_labels)
            elif value.kind == "literal":
                shown = marked(value, path, lang, w.kind_labels)
            else:
                shown = "[…]"
            name = _compact(prop, w.base)
            rows.append(f"<tr><td><code>{esc(name)}</code></td><td>{shown}</td></tr>")
    return (
        f'<details class="cs-all"><summary>{esc(t(lang, "all_statements"))}</summary>'
        f'<table><thead><tr><th scope="col">{esc(t(lang, "property"))}</th>'
        f'<th scope="col">{esc(t(lang, "value"))}</th></tr></thead><tbody>{"".join(rows)}</tbody></table></details>'
    )


@lru_cache(maxsize=4096)  # the same few predicates on every page
def _compact(iri: str, base: str) -> str:
    return namespaces.compact(iri, namespaces.table(SHOWN_PREFIXES, base))


def resource_pages(w: SiteWriter, reads=None) -> list[Page]:
    """Every resource's page; with `reads` (site.page_reads.PageReads) the pages it keeps
    are left out and each generated page's read keys are recorded."""
    return list(iter_resource_pages(w, reads))


def iter_resource_pages(w: SiteWriter, reads=None) -> Iterator[Page]:
    """As resource_pages, made one at a time as they are taken."""
    keep = reads.keep if reads is not None else ()
    for iri, res in w.graph.resources.items():
        try:
            w.doc_path(iri)
        except uris.NotOurs:
            continue
        if iri in keep:
            continue
        if reads is None:
            yield resource_page(w, res)
            continue
        with w.graph.recording() as found:
            page = resource_page(w, res)
        found.add("r\t" + iri)
        reads.add(page.path, iri, found)
        yield page

