"""pyshacl is the oracle for what the shapes mean: on the same data and shapes, the set of
(focus node, source shape, severity) our SPARQL engine reports equals pyshacl's
(advanced=True, inference='none').

Left out, by design (documented in shapes.py and the shapes files):
- shapes marked vorm:vereistCatalogus: their queries use GRAPH over the named graphs of
  the catalog; pyshacl validates one union graph and cannot evaluate them;
- the URI-register gate (uri-register/...): Python, not SHACL.

The data: the real vocabulary with every constraint case of fixtures/constraints.toml
applied at once (cases whose edit collides with an earlier one are left to their own
test), trimmed to a subset of resources so that pyshacl, which runs SPARQL constraints
once per focus node, stays fast. Both engines see exactly the same trimmed data.
"""

from __future__ import annotations

import pytest
import validate_fixtures as vf
from competentieset.model import config, vocabulary
from competentieset.validation import validate
from competentieset.validation.shapes import (
    CATALOG_FLAG,
    SH,
    SHAPES_PATH,
    load_constraints,
    shape_files,
)


def pyshacl_keys(vocab, project):
    import pyshacl
    import rdflib

    shapes = rdflib.Graph()
    for path in shape_files(project):
        shapes.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    flag = rdflib.URIRef(project.base + SHAPES_PATH + CATALOG_FLAG)
    for shape in list(shapes.subjects(flag, rdflib.Literal(True))):
        shapes.add((shape, rdflib.URIRef(SH + "deactivated"), rdflib.Literal(True)))
    _, report, _ = pyshacl.validate(vocab.to_rdflib(), shacl_graph=shapes, advanced=True,
                                    inference="none")
    sh = rdflib.Namespace(SH)
    keys = set()
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        focus = str(focus) if isinstance(focus, rdflib.URIRef) else focus.n3()
        keys.add((focus, str(report.value(result, sh.sourceShape)),
                  str(report.value(result, sh.resultSeverity)).removeprefix(SH)))
    return keys


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    root, applied = vf.combined_project(tmp_path_factory.mktemp("oracle") / "project")
    project = config.load_project(root)
    return project, vf.trimmed(vocabulary.load(project)), applied


def test_engine_equals_pyshacl(broken):
    project, vocab, applied = broken
    catalog_shapes = {c.shape for c in load_constraints(project) if c.needs_catalog}
    ours = {(f.focus, f.shape, f.severity) for f in validate(vocab).findings
            if f.shape not in catalog_shapes and not f.rule.startswith("uri-register/")}
    theirs = pyshacl_keys(vocab, project)
    # the comparison is not vacuous: most cases made it into the combined data
    assert len(applied) >= 100
    assert len({shape for _, shape, _ in ours}) >= 60
    assert ours - theirs == set(), "reported by us, not by pyshacl"
    assert theirs - ours == set(), "reported by pyshacl, not by us"
