"""Validate the vocabulary: the SHACL shapes in shapes/ plus the URI-register release gate.

    validate(vocab, lang="nl") -> Report
    validate_paths(project, paths, lang="nl") -> Report

The shapes are compiled into SPARQL and run on the pyoxigraph store of the vocabulary
(see shapes.py for why and what is supported); neither rdflib nor pyshacl is imported
on this path. Every finding is located: the file and line of the resource's block,
preferring the file that holds the offending statement. Nothing is ever written.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from competentieset.errors import CompetentiesetError
from competentieset.model import vocabulary as vocabulary_module
from competentieset.model.config import Project
from competentieset.validation.locate import Locator
from competentieset.validation.register import check_register
from competentieset.validation.report import Finding, Report, compact
from competentieset.validation.shapes import SHAPES_PATH, Constraint, load_constraints, specialise

__all__ = ["validate", "validate_paths", "Report", "Finding"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


def _term_text(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def _value_text(term) -> str | None:
    return None if term is None else str(term)


def _rule_name(shape: str, base: str) -> str:
    prefix = base + SHAPES_PATH
    return shape[len(prefix):] if shape.startswith(prefix) else shape.rsplit("/", 1)[-1]


def _fill(message: dict, focus: str, value: str | None, label: str, extra: dict | None = None,
          base: str = "") -> dict:
    """sh:message with {$this}, {?value} and any other variable of the solution ({?tag})
    filled in (and tidied where there is no value)."""
    out = {}
    for lang, text in message.items():
        for name, term in (extra or {}).items():
            shown = _display(term, base) or ""
            text = text.replace(f"{{?{name}}}", shown).replace(f"{{${name}}}", shown)
        for key in ("{$this}", "{?this}"):
            text = text.replace(key, label or focus)
        for key in ("{$value}", "{?value}"):
            text = text.replace(key, value or "")
        if not value:
            text = text.replace(" )", ")").replace(" ()", "").replace("()", "")
        out[lang] = text
    return out


def _display(term, base: str) -> str | None:
    """A value as a steward reads it: compact IRIs, literal text without quotes."""
    if isinstance(term, ox.NamedNode):
        return compact(term.value, base)
    if isinstance(term, ox.Literal):
        return term.value
    return None if term is None else str(term)


def class_closure(vocab):
    """iri -> the IRI and all its rdfs:subClassOf* subclasses in the data (memoised)."""
    cache: dict[str, set[str]] = {}

    def closure(iri: str) -> set[str]:
        if iri not in cache:
            rows = vocab.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS_SUBCLASS}>* <{iri}> }}")
            cache[iri] = {iri} | {row["c"].value for row in rows if isinstance(row["c"], ox.NamedNode)}
        return cache[iri]
    return closure


def run_constraints(vocab, constraints: tuple[Constraint, ...], catalog: bool, limit=None) -> list[tuple]:
    """(constraint, focus term, value term, path term, {other variable: term}) for every
    result of every constraint; with a limit (validation/limited.py), each constraint on
    the focus nodes its reach says a change can affect."""
    rows = []
    closure = class_closure(vocab)
    for c in constraints:
        if c.needs_catalog and not catalog:
            continue
        focus = ""
        if limit is not None:
            nodes = limit.nodes(c.reach)
            if nodes is not None and not nodes:
                continue  # nothing this constraint reads changed, and it found nothing before
            if nodes is not None:
                focus = "VALUES ?this { " + " ".join(nodes) + " }"
        solutions = vocab.query(specialise(c.query, closure, focus))
        names = {v.value for v in solutions.variables}
        for solution in solutions:
            value = solution["value"] if "value" in names else None
            path = solution["path"] if "path" in names else None
            extra = {n: solution[n] for n in sorted(names - {"this", "value", "path"})
                     if solution[n] is not None}
            rows.append((c, solution["this"], value, path, extra))
    return rows


def _labels(vocab, nodes: set, lang: str) -> dict:
    iris = [n for n in nodes if isinstance(n, ox.NamedNode)]
    if not iris:
        return {}
    found: dict = {}
    values = " ".join(str(n) for n in iris)
    for row in vocab.query(f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s <{PREF_LABEL}> ?l }}"):
        found.setdefault(row["s"].value, {})[row["l"].language or ""] = row["l"].value
    out = {}
    for iri, by_lang in found.items():
        out[iri] = by_lang.get(lang) or by_lang.get("nl") or by_lang.get("en") \
            or next(iter(sorted(by_lang.items())))[1]
    return out


def _relpath(project: Project):
    def rel(path: Path) -> str:
        try:
            return str(path.resolve().relative_to(project.root.resolve()))
        except ValueError:
            return str(path)
    return rel


def validate(vocab, lang: str = "nl", limit=None) -> Report:
    """Validate a loaded Vocabulary; returns a Report (raises only for broken shapes).

    `limit` (validation/limited.py: Limit.of) runs each constraint on the focus nodes a
    change can affect, with the same findings as without it."""
    project = vocab.project
    catalog = any(info.kind for info in vocab.graphs.values())
    rows = run_constraints(vocab, load_constraints(project), catalog, limit)
    focus_nodes = {r[1] for r in rows}
    labels = _labels(vocab, focus_nodes, lang)
    rel = _relpath(project)
    register_findings = check_register(vocab, rel) if catalog else []
    if not rows and not register_findings:
        return Report(findings=[], lang=lang, base=project.base)  # nothing to locate: skip reading the files
    locator = Locator(rebase=(project.source_base + "/", project.base + "/")
                      if project.base != project.source_base else None)
    for info in vocab.graphs.values():
        locator.add_file(info.path)
    graph_file = {iri: info.path for iri, info in vocab.graphs.items()}

    def graphs_with(s, p, o) -> list[Path]:
        try:
            quads = vocab.store.quads_for_pattern(s, p, o, None)
            return [graph_file[q.graph_name.value] for q in quads
                    if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in graph_file]
        except TypeError:
            return []

    findings = []
    for c, focus, value, path_term, extra in rows:
        focus_text = _term_text(focus)
        path = c.path or (path_term.value if isinstance(path_term, ox.NamedNode) else None)
        prefer = []
        if isinstance(focus, (ox.NamedNode, ox.BlankNode)):
            # a statement the solution points at (e.g. ?found: the label with a wrong tag)
            for name, term in extra.items():
                if name == "lang" and path and isinstance(term, ox.Literal):
                    # uniqueLang: the labels in that language, not the other languages' file
                    for quad in vocab.store.quads_for_pattern(focus, ox.NamedNode(path), None, None):
                        obj = quad.object
                        if isinstance(obj, ox.Literal) and (obj.language or "").lower() == term.value \
                                and quad.graph_name.value in graph_file:
                            prefer.append(graph_file[quad.graph_name.value])
                elif isinstance(term, (ox.Literal, ox.NamedNode)):
                    prefer += graphs_with(focus, ox.NamedNode(path) if path else None, term)
            if value is not None and c.component != "UniqueLangConstraintComponent":
                prefer += graphs_with(focus, ox.NamedNode(path) if path else None, value)
            if path:
                prefer += graphs_with(focus, ox.NamedNode(path), None)
            prefer += graphs_with(focus, ox.NamedNode(RDF_TYPE), None)
        where = locator.where(focus_text, prefer) if isinstance(focus, ox.NamedNode) else None
        if where is None and isinstance(focus, (ox.NamedNode, ox.BlankNode)):
            where = _referenced_at(vocab, locator, graph_file, focus)
        label = labels.get(focus_text, "")
        findings.append(Finding(
            severity=c.severity,
            rule=_rule_name(c.shape, project.base),
            shape=c.shape,
            component=c.component,
            focus=focus_text,
            label=label,
            path=path,
            value=_value_text(value),
            message=_fill(c.message, focus_text, _display(value, project.base), label, extra,
                          project.base),
            file=rel(where[0]) if where else (rel(prefer[0]) if prefer else None),
            line=where[1] if where else None,
            source_constraint=c.source_constraint,
            parameter=c.parameter,
        ))
    for f in findings:
        _tag_as_written(f, project.root)
    register_labels = _labels(vocab, {ox.NamedNode(f.focus) for f in register_findings}, lang)
    for f in register_findings:
        if f.file is None:
            where = locator.where(f.focus)
            if where:
                f.file, f.line = rel(where[0]), where[1]
        f.label = register_labels.get(f.focus, "")
        findings.append(f)
    return Report(findings=_dedupe(findings), lang=lang, base=project.base)


def _tag_as_written(finding: Finding, root: Path) -> None:
    """The store lower-cases language tags (@nl-NL is kept as @nl-nl); name the tag as the
    steward wrote it, read from the finding's file."""
    import re

    value = finding.value or ""
    m = re.fullmatch(r'"(.*)"@([a-z0-9-]+)', value, re.S)
    if not m or not finding.file:
        return
    try:
        text = (root / finding.file).read_text(encoding="utf-8")
    except OSError:
        return
    written = re.search(re.escape(f'"{m.group(1)}"@') + r"([A-Za-z0-9-]+)", text)
    if not written or written.group(1).lower() != m.group(2) or written.group(1) == m.group(2):
        return
    tag = written.group(1)
    finding.value = f'"{m.group(1)}"@{tag}'
    finding.message = {lang: t.replace(f"@{m.group(2)}", f"@{tag}") for lang, t in finding.message.items()}


def _referenced_at(vocab, locator, graph_file, node):
    """For a resource defined nowhere: the block of the first statement that refers to it."""
    for quad in vocab.store.quads_for_pattern(None, None, node, None):
        path = graph_file.get(getattr(quad.graph_name, "value", None))
        if path is not None and isinstance(quad.subject, ox.NamedNode):
            line = locator.line_in(path, quad.subject.value)
            if line:
                return path, line
    return None


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.severity, f.shape, f.component, f.focus, f.path, f.value)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def turtle_files(paths: list[Path]) -> list[Path]:
    """The Turtle files named by `paths`: files as given, folders searched for *.ttl."""
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.ttl")))
        else:
            files.append(path)
    return files


def load_paths(project: Project, paths: list[Path] | None):
    """Load what validate_paths validates: the project's vocabulary or the given files.

    A folder that is a project (pyproject.toml with [tool.competentieset]) or a project's
    ontology/ folder is loaded through its catalog, with its URI register; other files
    and folders are loaded as plain Turtle (no catalog and register checks).
    """
    from competentieset.model.config import load_project

    if not paths:
        return vocabulary_module.load(project)
    if len(paths) == 1 and paths[0].is_dir():
        folder = paths[0].resolve()
        if folder == project.ontology_dir.resolve():
            return vocabulary_module.load(project)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.competentieset]" in pyproject.read_text(encoding="utf-8"):
            other = load_project(folder, project.base if project.base != project.source_base else None)
            return vocabulary_module.load(other)
        if folder.name == "ontology" and (folder / vocabulary_module.CATALOG).is_file():
            other = load_project(folder.parent, project.base if project.base != project.source_base else None) \
                if (folder.parent / "pyproject.toml").is_file() else None
            if other is not None:
                return vocabulary_module.load(other)
    files = turtle_files(paths)
    if not files:
        raise CompetentiesetError(f"{', '.join(str(p) for p in paths)}: no Turtle files (*.ttl) to validate")
    return vocabulary_module.load(project, files)


def validate_paths(project: Project, paths: list[Path] | None, lang: str = "nl") -> Report:
    """Load (see load_paths) and validate. Raises TurtleSyntaxError / CatalogError."""
    return validate(load_paths(project, paths), lang)
