"""Lint shapes/: no term in the sh: namespace that SHACL does not define (a typo such as
`sh:mesage` or `sh:message:` would silently drop a message), every shape named
<Class>-<property> with sh:name, sh:description and sh:message in nl and en, an explicit
severity, and the shapes graph valid against SHACL's own shapes (shacl-shacl)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import validate_fixtures as vf
from competentieset.model import config
from competentieset.validation.shapes import (
    SH,
    ShapesError,
    compile_shapes,
    parse_shapes,
    shape_files,
)

PROJECT = config.load_project(vf.ROOT)
FILES = shape_files(PROJECT)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def shacl_vocabulary() -> set[str]:
    """Every term the W3C SHACL vocabulary defines (the copy pyshacl ships)."""
    import pyshacl

    path = Path(pyshacl.__file__).parent / "assets" / "shacl.ttl"
    terms = set()
    for t in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE):
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(SH):
            terms.add(t.subject.value)
    assert len(terms) > 100
    return terms


def test_expected_files():
    assert {p.name for p in FILES} == {"skos-integriteit.ttl", "nl-sbb.ttl", "competentieprofiel.ttl"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_unknown_sh_terms(path):
    known = shacl_vocabulary()
    used = set()
    for t in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE):
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(SH):
                used.add(term.value)
    assert used - known == set()
    # a trailing colon makes another (unknown) prefixed name: catch it in the text too
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\bsh:[A-Za-z]+:", text)
    assert not re.search(r"^\s*\w+:[\w-]+:\s", text, flags=re.M)


def test_lint_catches_a_typo(tmp_path):
    """The checks above are not vacuous: a mistyped term is found and refused."""
    bad = tmp_path / "shapes"
    bad.mkdir()
    text = (PROJECT.shapes_dir / "nl-sbb.ttl").read_text(encoding="utf-8")
    (bad / "nl-sbb.ttl").write_text(text.replace("sh:minCount 1 ;", "sh:mincount 1 ;", 1), encoding="utf-8")
    used = {t.predicate.value for t in ox.parse((bad / "nl-sbb.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)}
    assert SH + "mincount" in used and SH + "mincount" not in shacl_vocabulary()
    with pytest.raises(ShapesError, match="mincount"):
        compile_shapes(parse_shapes(PROJECT, [bad / "nl-sbb.ttl"]), PROJECT.base)


def test_every_shape_is_named_and_documented():
    sg = parse_shapes(PROJECT, FILES)
    shapes = set()
    for kind in ("NodeShape", "PropertyShape"):
        shapes |= {q.subject for q in sg.store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + kind), None)}
    checked = 0
    for shape in shapes:
        assert isinstance(shape, ox.NamedNode)
        constraint_props = {q.predicate.value for q in sg.store.quads_for_pattern(shape, None, None, None)}
        if SH + "sparql" not in constraint_props and not (constraint_props & {
                SH + p for p in ("minCount", "maxCount", "datatype", "nodeKind", "class", "uniqueLang",
                                 "disjoint", "pattern", "languageIn", "in", "hasValue")}):
            continue  # a node shape that only groups property shapes
        checked += 1
        name = shape.value.rsplit("/", 1)[-1]
        assert re.fullmatch(r"[A-Z][A-Za-z]*-[a-z][A-Za-z]*", name), name
        for prop in ("name", "description"):
            assert set(sg.texts(shape, SH + prop)) >= {"nl", "en"}, (name, prop)
        assert sg.objects(shape, SH + "severity"), name
        messages = [sg.texts(shape, SH + "message")] + [sg.texts(c, SH + "message") for c in sg.objects(shape, SH + "sparql")]
        assert any(set(m) >= {"nl", "en"} for m in messages), name
        # {?value}, {$this} and any other variable the constraint's SELECT projects ({?tag})
        selected = {"value", "this"}
        for c in sg.objects(shape, SH + "sparql"):
            for select in sg.objects(c, SH + "select"):
                selected |= set(re.findall(r"[?$](\w+)", select.value.split("WHERE", 1)[0]))
        for m in messages:
            for text in m.values():
                rest = re.sub(r"\{[?$](\w+)\}", lambda v, keep=selected: "" if v.group(1) in keep else v.group(0), text)
                assert "{" not in rest, (name, text)
    assert checked >= 70


def test_shapes_are_valid_shacl():
    import pyshacl
    import rdflib

    shapes = rdflib.Graph()
    for path in FILES:
        shapes.parse(path, format="turtle")
    # meta_shacl: pyshacl first validates the shapes graph against shacl-shacl; the data
    # graph is empty, so any non-conformance is about the shapes themselves
    conforms, _, text = pyshacl.validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True,
                                         advanced=True)
    assert conforms, text
