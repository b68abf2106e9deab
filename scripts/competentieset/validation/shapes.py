"""Read the SHACL shapes in shapes/ and compile them into SPARQL queries for pyoxigraph.

pyshacl on rdflib was measured 9-16x slower than the same checks as SPARQL on pyoxigraph
(77-116x for SPARQL-based constraints that target every concept), so the shapes are not
interpreted node by node: each constraint becomes ONE query that finds every violating
(focus node, value) pair at once. pyshacl stays the oracle for the shapes' meaning in the
tests (tests/validate/test_oracle.py).

Supported (everything else under sh: makes compilation fail, so nothing is ignored
silently):
- targets: sh:targetClass (with rdfs:subClassOf* in the data, as SHACL defines it),
  sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf, and SHACL-AF sh:SPARQLTarget;
- property paths: predicate, sh:inversePath, sequence lists, sh:alternativePath,
  sh:zeroOrMorePath, sh:oneOrMorePath, sh:zeroOrOnePath;
- core components: sh:minCount, sh:maxCount, sh:datatype, sh:nodeKind, sh:class,
  sh:uniqueLang, sh:disjoint, sh:pattern (+ sh:flags), sh:languageIn, sh:in, sh:hasValue;
- SPARQL-based constraints (sh:sparql with sh:select, sh:prefixes/sh:declare) on node
  shapes. The focus node is pre-bound by joining the shape's focus nodes (a DISTINCT
  subquery over its targets) into the query's top-level group, so `$this` is bound
  everywhere in it, including FILTER NOT EXISTS. As SHACL requires for pre-binding,
  VALUES, MINUS and SERVICE are refused in these queries.

How the queries are shaped (measured on pyoxigraph 0.5 at 20,000 concepts): property
constraints start from the path and join the target pattern; "instance of C" uses the
subclass closure of C computed once per run (class_closure) instead of
rdf:type/rdfs:subClassOf* per row; sh:class uses MINUS (an anti-join) instead of FILTER
NOT EXISTS. Not supported (compilation fails): sh:node, sh:or/and/not/xone, qualified
value shapes, sh:equals, sh:lessThan, sh:minLength/maxLength, property-shape SPARQL.
Ill-formed literals are detected for numeric datatypes and xsd:boolean only.

A shape with `vorm:vereistCatalogus true` (a term of ours, not SHACL) needs the named
graphs of the catalog (its query uses GRAPH); it runs only when the vocabulary was
loaded through ontology/herkomst.ttl, and pyshacl (which sees one union graph) cannot
check it: the oracle comparison leaves those shapes out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from competentieset.errors import CompetentiesetError, SyntaxProblem, TurtleSyntaxError
from competentieset.model.config import Project
from competentieset.validation import reach

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SHAPES_PATH = "/def/shacl/"  # shapes namespace, relative to the base
CATALOG_FLAG = "vereistCatalogus"  # in the shapes namespace: needs named graphs

SEVERITIES = ("Violation", "Warning", "Info")

# sh: terms a shape may carry that are annotations or structure, not constraints
_ANNOTATIONS = {
    "name", "description", "message", "order", "group", "severity", "deactivated",
    "property", "path", "sparql", "targetClass", "targetNode", "targetSubjectsOf",
    "targetObjectsOf", "target", "flags", "prefixes", "declare", "prefix", "namespace",
    "select", "NodeShape", "PropertyShape", "SPARQLConstraint", "SPARQLTarget",
    "PropertyGroup", "Violation", "Warning", "Info",
}
_COMPONENTS = {
    "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent",
    "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent",
    "class": "ClassConstraintComponent",
    "uniqueLang": "UniqueLangConstraintComponent",
    "disjoint": "DisjointConstraintComponent",
    "pattern": "PatternConstraintComponent",
    "languageIn": "LanguageInConstraintComponent",
    "in": "InConstraintComponent",
    "hasValue": "HasValueConstraintComponent",
    "sparql": "SPARQLConstraintComponent",
}
_NUMERIC = {f"{XSD}{t}" for t in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


class ShapesError(CompetentiesetError):
    """A shape in shapes/ cannot be compiled (unknown or unsupported SHACL term, ...)."""


@dataclass(frozen=True)
class Constraint:
    """One compiled constraint: a query whose rows are the validation results."""

    shape: str  # IRI of the source shape
    component: str  # local name of the constraint component, e.g. MinCountConstraintComponent
    severity: str  # Violation | Warning | Info
    path: str | None  # the predicate when the path is one predicate, else None
    path_text: str | None  # the path as SPARQL text (for display)
    query: str  # SELECT ?this [?value] ...
    message: dict = field(default_factory=dict)  # lang -> text
    name: dict = field(default_factory=dict)  # lang -> sh:name of the shape
    description: dict = field(default_factory=dict)
    needs_catalog: bool = False
    parameter: str | None = None  # the constraint's parameter (disjoint property, class, ...)
    file: str = ""  # shapes file the shape is in
    source_constraint: str | None = None  # the sh:sparql node, for the SHACL report
    reach: str = "all"  # own | near | all: what a change can affect (validation/reach.py)
    peers: tuple = ()  # near: properties whose equal values join the focus node with another


@dataclass
class ShapesGraph:
    """The parsed shapes files (one pyoxigraph store) and helpers to read them."""

    store: ox.Store
    files: dict  # shape IRI -> file name

    def objects(self, s, p: str) -> list:
        return [q.object for q in self.store.quads_for_pattern(s, ox.NamedNode(p), None, None)]

    def one(self, s, p: str):
        values = self.objects(s, p)
        if len(values) > 1:
            raise ShapesError(f"{_show(s)}: more than one {_short(p)}")
        return values[0] if values else None

    def subjects(self, p: str, o=None) -> list:
        return [q.subject for q in self.store.quads_for_pattern(None, ox.NamedNode(p), o, None)]

    def list_items(self, node) -> list:
        items = []
        seen = set()
        while node != ox.NamedNode(f"{RDF}nil"):
            if node in seen or not isinstance(node, (ox.BlankNode, ox.NamedNode)):
                raise ShapesError(f"malformed RDF list at {_show(node)}")
            seen.add(node)
            first = self.one(node, f"{RDF}first")
            if first is None:
                raise ShapesError(f"malformed RDF list at {_show(node)}")
            items.append(first)
            node = self.one(node, f"{RDF}rest")
        return items

    def texts(self, s, p: str) -> dict:
        out = {}
        for value in self.objects(s, p):
            if isinstance(value, ox.Literal):
                out[value.language or ""] = value.value
        return out


def _short(iri: str) -> str:
    for prefix, ns in (("sh:", SH), ("rdf:", RDF), ("rdfs:", RDFS), ("xsd:", XSD)):
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return f"<{iri}>"


def _show(term) -> str:
    return _short(term.value) if isinstance(term, ox.NamedNode) else str(term)


def shape_files(project: Project) -> list[Path]:
    folder = project.shapes_dir
    files = sorted(folder.glob("*.ttl")) if folder.is_dir() else []
    if not files:
        raise ShapesError(f"{folder}: no shapes (*.ttl) found; restore shapes/ from git")
    return files


def parse_shapes(project: Project, files: list[Path] | None = None) -> ShapesGraph:
    """Parse the shapes files, rebased to the configured base (IRIs and query text)."""
    store = ox.Store()
    files_of = {}
    for path in files or shape_files(project):
        text = path.read_text(encoding="utf-8")
        if project.base != project.source_base:
            # queries are strings: rebase the text, not only the parsed IRIs
            text = text.replace(project.source_base + "/", project.base + "/")
        try:
            triples = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE,
                                    base_iri=path.resolve().as_uri()))
        except SyntaxError as exc:
            message = exc.msg.split(": ", 1)[-1] if exc.msg.startswith("Parser error") else exc.msg
            raise TurtleSyntaxError(SyntaxProblem(path, exc.lineno, exc.offset, message)) from None
        for t in triples:
            store.add(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
            if t.predicate.value == f"{RDF}type" and t.object.value in (
                    f"{SH}NodeShape", f"{SH}PropertyShape"):
                files_of[t.subject.value if isinstance(t.subject, ox.NamedNode) else str(t.subject)] = path.name
    return ShapesGraph(store, files_of)


def _iri(term, what: str) -> str:
    if not isinstance(term, ox.NamedNode):
        raise ShapesError(f"{what} must be an IRI, got {term}")
    return term.value


def _sparql_term(term) -> str:
    return str(term)  # N-Triples syntax is valid SPARQL for IRIs and literals


def compile_path(sg: ShapesGraph, node) -> str:
    """A SHACL property path as SPARQL property path text."""
    if isinstance(node, ox.NamedNode):
        return f"<{node.value}>"
    for key, fmt in (("inversePath", "^({})"), ("zeroOrMorePath", "({})*"),
                     ("oneOrMorePath", "({})+"), ("zeroOrOnePath", "({})?")):
        inner = sg.one(node, SH + key)
        if inner is not None:
            return fmt.format(compile_path(sg, inner))
    alt = sg.one(node, SH + "alternativePath")
    if alt is not None:
        return "(" + "|".join(compile_path(sg, i) for i in sg.list_items(alt)) + ")"
    if sg.one(node, f"{RDF}first") is not None:
        return "(" + "/".join(compile_path(sg, i) for i in sg.list_items(node)) + ")"
    raise ShapesError(f"unsupported sh:path at {node}")


def _prefixes(sg: ShapesGraph, owner) -> str:
    """PREFIX lines from sh:prefixes (ontologies with sh:declare) of a SPARQL node."""
    lines = []
    for onto in sg.objects(owner, SH + "prefixes"):
        for decl in sg.objects(onto, SH + "declare"):
            prefix, namespace = sg.one(decl, SH + "prefix"), sg.one(decl, SH + "namespace")
            if prefix is None or namespace is None:
                raise ShapesError(f"sh:declare of {_show(onto)} needs sh:prefix and sh:namespace")
            lines.append(f"PREFIX {prefix.value}: <{namespace.value}>")
    return "\n".join(sorted(set(lines)))


_FORBIDDEN = re.compile(r"\b(VALUES|MINUS|SERVICE)\b", re.I)
_PREFIX_LINE = re.compile(r"^\s*PREFIX\s+\S*:\s*<[^>]*>\s*$", re.I | re.M)


def _split_select(text: str, where: str) -> tuple[str, str]:
    """(projection, body) of a SELECT query; body is the text inside its outer braces."""
    text = _PREFIX_LINE.sub("", text).strip()
    start = text.find("{")
    end = text.rfind("}")
    if not text.upper().startswith("SELECT") or start < 0 or end < start:
        raise ShapesError(f"{where}: sh:select must be `SELECT ... WHERE {{ ... }}`")
    projection = text[len("SELECT"):start]
    projection = re.sub(r"\bWHERE\s*$", "", projection.strip(), flags=re.I).strip()
    if text[end + 1:].strip():
        raise ShapesError(f"{where}: nothing may follow the WHERE block (no GROUP BY, ORDER BY)")
    return projection, text[start + 1:end]


# rdf:type/rdfs:subClassOf* C, the SHACL meaning of "instance of C", evaluated per row is
# slow at 20,000 concepts (seconds per constraint). The class closure is data, so it is
# computed once per validation (class_closure) and put into the query as a list.
_SUBCLASSES = re.compile(r"@@SUBCLASSES <([^>]*)> (\?\w+)@@")


def subclasses(iri: str, variable: str) -> str:
    """A placeholder for `variable` in {every subclass of iri, itself included}."""
    return f"@@SUBCLASSES <{iri}> {variable}@@"


# Where the focus nodes are bound: empty for a full validation, `VALUES ?this { ... }`
# when validation is limited to the focus nodes a change can affect (validation/limited.py).
FOCUS = "@@FOCUS@@"


def specialise(query: str, closure, focus: str = "") -> str:
    """Fill the placeholders of a compiled query: subclasses (`closure(iri)` -> set of
    IRIs) and the focus restriction (`focus`: SPARQL text, e.g. a VALUES clause, or "").

    A FILTER IN, not VALUES: measured 1.5-4x faster in pyoxigraph 0.5 at 20,000 concepts.
    """
    def members(match):
        listed = ", ".join(f"<{c}>" for c in sorted(closure(match.group(1))))
        return f"FILTER({match.group(2)} IN ({listed}))"
    return _SUBCLASSES.sub(members, query).replace(FOCUS, focus)


def compile_target(sg: ShapesGraph, shape, inherited: str | None = None) -> tuple[str, str]:
    """(prefix lines, a group pattern binding ?this to every focus node of `shape`)."""
    parts, prefixes = [], []
    for c in sg.objects(shape, SH + "targetClass"):
        parts.append(f"?this <{RDF}type> ?shTargetClass . {subclasses(_iri(c, 'sh:targetClass'), '?shTargetClass')}")
    nodes = sg.objects(shape, SH + "targetNode")
    if nodes:
        parts.append("VALUES ?this { " + " ".join(_sparql_term(n) for n in nodes) + " }")
    for p in sg.objects(shape, SH + "targetSubjectsOf"):
        parts.append(f"?this <{_iri(p, 'sh:targetSubjectsOf')}> [] .")
    for p in sg.objects(shape, SH + "targetObjectsOf"):
        parts.append(f"[] <{_iri(p, 'sh:targetObjectsOf')}> ?this .")
    for t in sg.objects(shape, SH + "target"):
        select = sg.one(t, SH + "select")
        if select is None:
            raise ShapesError(f"{_show(shape)}: only SPARQL targets (sh:select) are supported")
        prefixes.append(_prefixes(sg, t))
        projection, body = _split_select(select.value, _show(shape))
        if "?this" not in projection and "$this" not in projection:
            raise ShapesError(f"{_show(shape)}: a SPARQL target must select ?this")
        parts.append(f"{{ SELECT DISTINCT ?this WHERE {{ {FOCUS} {body} }} }}")
    if not parts:
        if inherited is None:
            return "", ""
        return "", inherited
    pattern = parts[0] if len(parts) == 1 else " UNION ".join(f"{{ {p} }}" for p in parts)
    return "\n".join(p for p in prefixes if p), f"{{ {pattern} }}"


def focus_nodes(target: str) -> str:
    """A group that binds ?this once per focus node (the target pattern alone may repeat it)."""
    return f"{{ SELECT DISTINCT ?this WHERE {{ {FOCUS} {target} }} }}"


def target_reach(sg: ShapesGraph, shape, base: str) -> str | None:
    """The reach (validation/reach.py) of a shape's own targets; None when it has none.
    The core targets name the focus node's own statements (its type, a statement of it or
    pointing at it) or a constant; a SPARQL target is looked up by its text."""
    found = []
    for key in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
        if sg.objects(shape, SH + key):
            found.append("own")
    for t in sg.objects(shape, SH + "target"):
        select = sg.one(t, SH + "select")
        found.append(reach.of_sparql(select.value, base) if select is not None else "all")
    return reach.widest(*found) if found else None


def _ill_formed(datatype: str) -> str:
    if datatype in _NUMERIC:
        return " || !isNumeric(?value)"
    if datatype == f"{XSD}boolean":
        return ' || !(STR(?value) IN ("true", "false", "1", "0"))'
    return ""


def _property_constraints(sg: ShapesGraph, shape, target: str) -> list[tuple]:
    """(component, query, parameter) for each core constraint of a property shape."""
    path_node = sg.one(shape, SH + "path")
    path = compile_path(sg, path_node)
    # Start from the path (usually the selective side) and keep the rows whose ?this is a
    # focus node; listing 20,000 targets first made every constraint cost the same.
    # Start from the path, usually the selective side, and join the target pattern (a
    # focus node may match it more than once; every query below deduplicates). Measured in
    # pyoxigraph 0.5 at 20,000 concepts: listing the targets first made every constraint
    # cost ~0.3 s, and FILTER EXISTS {target} up to 1 s for a few thousand rows; a join
    # costs milliseconds.
    values = f"?this {path} ?value ."
    scope = target
    out = []

    def add(component: str, where: str, parameter=None):
        out.append((component, f"SELECT DISTINCT ?this ?value WHERE {{ {FOCUS} {where} {scope} }}", parameter))

    for n in sg.objects(shape, SH + "minCount"):
        out.append(("MinCountConstraintComponent",
                    f"SELECT ?this WHERE {{ {focus_nodes(target)} OPTIONAL {{ ?this {path} ?value }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {int(n.value)})", n.value))
    for n in sg.objects(shape, SH + "maxCount"):
        out.append(("MaxCountConstraintComponent",
                    f"SELECT ?this WHERE {{ {FOCUS} {values} {scope} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(n.value)})", n.value))
    for d in sg.objects(shape, SH + "datatype"):
        dt = _iri(d, "sh:datatype")
        add("DatatypeConstraintComponent",
            f"{values} FILTER(!isLiteral(?value) || datatype(?value) != <{dt}>{_ill_formed(dt)})", dt)
    for k in sg.objects(shape, SH + "nodeKind"):
        test = {
            "IRI": "!isIRI(?value)", "Literal": "!isLiteral(?value)",
            "BlankNode": "!isBlank(?value)", "BlankNodeOrIRI": "isLiteral(?value)",
            "BlankNodeOrLiteral": "isIRI(?value)", "IRIOrLiteral": "isBlank(?value)",
        }.get(_iri(k, "sh:nodeKind").removeprefix(SH))
        if test is None:
            raise ShapesError(f"{_show(shape)}: unknown sh:nodeKind {k}")
        add("NodeKindConstraintComponent", f"{values} FILTER({test})", k.value)
    for c in sg.objects(shape, SH + "class"):
        add("ClassConstraintComponent",
            # MINUS, not FILTER NOT EXISTS: same result here (?value is always bound), but
            # pyoxigraph runs it as one anti-join instead of a scan per row (100x at 20k)
            f"{values} MINUS {{ ?value <{RDF}type> ?shValueClass . "
            f"{subclasses(_iri(c, 'sh:class'), '?shValueClass')} }}",
            c.value)
    for u in sg.objects(shape, SH + "uniqueLang"):
        if u.value == "true":
            out.append(("UniqueLangConstraintComponent",
                        f"SELECT ?this ?lang (GROUP_CONCAT(DISTINCT STR(?value); separator=\" | \") AS ?value) "
                        f"WHERE {{ {FOCUS} {values} ?this {path} ?other . "
                        f"FILTER(isLiteral(?value) && LANG(?value) != \"\" && !sameTerm(?value, ?other) "
                        f"&& LCASE(LANG(?value)) = LCASE(LANG(?other))) {scope} }} "
                        f"GROUP BY ?this (LCASE(LANG(?value)) AS ?lang)", None))
    for q in sg.objects(shape, SH + "disjoint"):
        add("DisjointConstraintComponent", f"{values} ?this <{_iri(q, 'sh:disjoint')}> ?value .", q.value)
    flags = sg.one(shape, SH + "flags")
    for p in sg.objects(shape, SH + "pattern"):
        pattern = ox.Literal(p.value)
        flag = f", {ox.Literal(flags.value)}" if flags is not None else ""
        add("PatternConstraintComponent",
            f"{values} FILTER(isBlank(?value) || !REGEX(STR(?value), {pattern}{flag}))", p.value)
    for lst in sg.objects(shape, SH + "languageIn"):
        langs = [i.value for i in sg.list_items(lst)]
        test = " || ".join(f"langMatches(LANG(?value), {ox.Literal(lang)})" for lang in langs) or "false"
        add("LanguageInConstraintComponent", f"{values} FILTER(!isLiteral(?value) || !({test}))",
            " ".join(langs))
    for lst in sg.objects(shape, SH + "in"):
        members = " || ".join(f"sameTerm(?value, {_sparql_term(i)})" for i in sg.list_items(lst)) or "false"
        add("InConstraintComponent", f"{values} FILTER(!({members}))", None)
    for v in sg.objects(shape, SH + "hasValue"):
        out.append(("HasValueConstraintComponent",
                    f"SELECT DISTINCT ?this WHERE {{ {focus_nodes(target)} FILTER NOT EXISTS {{ ?this {path} {_sparql_term(v)} }} }}",
                    str(v)))
    return out


def _sparql_constraints(sg: ShapesGraph, shape, target: str, prefixes: str) -> list[tuple[str, str, object, str]]:
    out = []
    for node in sg.objects(shape, SH + "sparql"):
        if sg.one(node, SH + "severity") is not None:
            raise ShapesError(f"{_show(shape)}: put sh:severity on the shape, not on its sh:sparql")
        select = sg.one(node, SH + "select")
        if select is None:
            raise ShapesError(f"{_show(shape)}: sh:sparql without sh:select")
        if _FORBIDDEN.search(select.value):
            raise ShapesError(f"{_show(shape)}: SHACL forbids VALUES, MINUS and SERVICE in "
                              "SPARQL-based constraints (pre-binding of $this)")
        projection, body = _split_select(select.value, _show(shape))
        variables = set(re.findall(r"[?$](\w+)", projection))
        if "this" not in variables:
            raise ShapesError(f"{_show(shape)}: a SPARQL constraint must select $this")
        # ?value and ?path, and any other selected variable (sh:message may name it: {?tag})
        keep = ["?this"] + [f"?{v}" for v in ("value", "path") if v in variables] + [
            f"?{v}" for v in sorted(variables - {"this", "value", "path"})]
        pre = "\n".join(p for p in (prefixes, _prefixes(sg, node)) if p)
        query = f"{pre}\nSELECT DISTINCT {' '.join(keep)} WHERE {{ {focus_nodes(target)} {body} }}"
        out.append(("SPARQLConstraintComponent", query, node, select.value))
    return out


def _check_terms(sg: ShapesGraph, shape, allowed: set[str]) -> None:
    for q in sg.store.quads_for_pattern(shape, None, None, None):
        p = q.predicate.value
        if p.startswith(SH) and p[len(SH):] not in allowed:
            raise ShapesError(f"{_show(shape)}: {_short(p)} is not supported by our engine "
                              "(see competentieset/validation/shapes.py)")


def _severity(sg: ShapesGraph, shape) -> str:
    sev = sg.one(shape, SH + "severity")
    if sev is None:
        return "Violation"
    name = _iri(sev, "sh:severity").removeprefix(SH)
    if name not in SEVERITIES:
        raise ShapesError(f"{_show(shape)}: sh:severity must be sh:Violation, sh:Warning or sh:Info")
    return name


def compile_shapes(sg: ShapesGraph, base: str) -> list[Constraint]:
    """Every constraint of every active shape, in a stable order."""
    flag = ox.NamedNode(f"{base}{SHAPES_PATH}{CATALOG_FLAG}")
    node_shapes = set(sg.subjects(f"{RDF}type", ox.NamedNode(SH + "NodeShape")))
    prop_shapes = set(sg.subjects(f"{RDF}type", ox.NamedNode(SH + "PropertyShape")))
    owner = {}
    for ns in node_shapes:
        for ps in sg.objects(ns, SH + "property"):
            owner.setdefault(ps, []).append(ns)
            prop_shapes.add(ps)
    allowed_node = _ANNOTATIONS
    allowed_prop = _ANNOTATIONS | set(_COMPONENTS) | {"flags"}
    constraints: list[Constraint] = []

    def meta(shape):
        return dict(
            shape=shape.value if isinstance(shape, ox.NamedNode) else str(shape),
            severity=_severity(sg, shape),
            message=sg.texts(shape, SH + "message"),
            name=sg.texts(shape, SH + "name"),
            description=sg.texts(shape, SH + "description"),
            needs_catalog=any(v.value == "true" for v in sg.objects(shape, flag.value)),
            file=sg.files.get(shape.value if isinstance(shape, ox.NamedNode) else str(shape), ""),
        )

    def active(shape) -> bool:
        return not any(v.value == "true" for v in sg.objects(shape, SH + "deactivated"))

    targets = {}
    for ns in sorted(node_shapes, key=str):
        if not active(ns):
            continue
        _check_terms(sg, ns, allowed_node)
        prefixes, target = compile_target(sg, ns)
        targets[ns] = (prefixes, target, target_reach(sg, ns, base) or "all")
        if not target and sg.objects(ns, SH + "sparql"):
            raise ShapesError(f"{_show(ns)}: a shape with sh:sparql needs a target")
        m = meta(ns)
        for component, query, node, select in _sparql_constraints(sg, ns, target, prefixes):
            constraints.append(Constraint(component=component, path=None, path_text=None,
                                          query=query, source_constraint=str(node),
                                          reach=reach.widest(targets[ns][2], reach.of_sparql(select, base)),
                                          peers=reach.peers_of_sparql(select, base),
                                          **{**m, "message": sg.texts(node, SH + "message") or m["message"]}))
    for ps in sorted(prop_shapes, key=str):
        if not active(ps):
            continue
        _check_terms(sg, ps, allowed_prop)
        if sg.one(ps, SH + "path") is None:
            raise ShapesError(f"{_show(ps)}: a property shape needs sh:path")
        if sg.objects(ps, SH + "sparql"):
            raise ShapesError(f"{_show(ps)}: put SPARQL constraints on node shapes")
        own_prefixes, own = compile_target(sg, ps)
        sources = [(own_prefixes, own, target_reach(sg, ps, base) or "all")] if own else []
        sources += [targets[ns] for ns in owner.get(ps, []) if ns in targets]
        path_node = sg.one(ps, SH + "path")
        path = path_node.value if isinstance(path_node, ox.NamedNode) else None
        # a predicate or its inverse: the statements of the focus node itself
        inverse = sg.one(path_node, SH + "inversePath") if not isinstance(path_node, ox.NamedNode) else None
        simple = path is not None or (isinstance(inverse, ox.NamedNode)
                                      and len(list(sg.store.quads_for_pattern(path_node, None, None, None))) == 1)
        m = meta(ps)
        if owner.get(ps) and not m["file"]:
            m["file"] = sg.files.get(str(owner[ps][0].value), "")
        for prefixes, target, target_reached in sources:
            if not target:
                continue
            for component, query, parameter in _property_constraints(sg, ps, target):
                constraints.append(Constraint(component=component, path=path, parameter=parameter,
                                              path_text=compile_path(sg, path_node),
                                              query=(prefixes + "\n" + query) if prefixes else query,
                                              reach=reach.widest(target_reached, reach.of_core(component, simple)),
                                              **m))
    return constraints


@lru_cache(maxsize=8)
def _cached(key: tuple, base: str, source_base: str, root: str) -> tuple[Constraint, ...]:
    project = Project(root=Path(root), source_base=source_base, base=base, version="")
    files = [Path(p) for p, _ in key]
    return tuple(compile_shapes(parse_shapes(project, files), base))


def load_constraints(project: Project) -> tuple[Constraint, ...]:
    """The compiled constraints of the project's shapes/ (cached while the files are unchanged)."""
    files = shape_files(project)
    key = tuple((str(p), p.stat().st_mtime_ns) for p in files)
    return _cached(key, project.base, project.source_base, str(project.root))
