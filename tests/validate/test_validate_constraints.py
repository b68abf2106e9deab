"""One failing case per constraint: each triggers exactly its constraint (plus the listed
unavoidable consequences), on the expected resource, with the severity its shape gives
(the case's `severity`, checked against shapes/ read with rdflib), located in a file and on
the line where that resource's block starts."""

from __future__ import annotations

import pytest
import validate_fixtures as vf
from competentieset.model import config, vocabulary
from competentieset.validation import validate
from competentieset.validation.shapes import load_constraints

CASES = vf.load_cases("constraints.toml")


def _case_id(case):
    return vf.primary(case).replace(" ", ":")


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_case_triggers_exactly_its_constraint(case, tmp_path):
    root = vf.make_project(tmp_path / "project", case["edits"])
    project = config.load_project(root)
    report = validate(vocabulary.load(project), lang="en")
    got = {vf.key(f) for f in report.findings}
    assert got == {vf.primary(case), *case["also"]}, report.to_text("en")
    mine = [f for f in report.findings if vf.key(f) == vf.primary(case)]
    focus = case["focus"] if case["focus"].startswith("http") else f"{project.base}/{case['focus']}"
    assert focus in {f.focus for f in mine}
    finding = next(f for f in mine if f.focus == focus)
    assert finding.severity == case["severity"], finding
    assert finding.message["nl"] and finding.message["en"] and "{" not in finding.message["en"]
    # located: a file of the project and the line where the resource's block starts
    if finding.file is not None and finding.line is not None:
        line = (root / finding.file).read_text(encoding="utf-8").splitlines()[finding.line - 1]
        assert line and not line[0].isspace()
        name = focus.rsplit("/", 1)[-1]
        assert name in line or focus in line
    else:
        pytest.fail(f"finding not located: {finding}")


def test_every_constraint_has_a_case():
    project = config.load_project(vf.ROOT)
    keys = set()
    for c in load_constraints(project):
        rule = c.shape[len(project.base + "/def/shacl/"):]
        parts = [rule, c.component.removesuffix("ConstraintComponent")]
        if c.parameter and parts[1] != "Pattern":
            parts.append(vf.short(c.parameter))
        keys.add(" ".join(parts))
    covered = {vf.primary(case) for case in CASES}
    assert keys - covered == set()
    assert covered - keys == set()


def test_every_case_has_the_severity_of_its_shape():
    """The fixture's severities are those of shapes/, read here with rdflib (not by our
    validator): the shape's sh:severity, sh:Violation when it has none (SHACL's default)."""
    import rdflib

    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    project = config.load_project(vf.ROOT)
    shapes = rdflib.Graph()
    for path in sorted((vf.ROOT / "shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    counts = {}
    for case in CASES:
        shape = rdflib.URIRef(f"{project.base}/def/shacl/{case['rule']}")
        assert (shape, None, None) in shapes, case["rule"]
        severity = shapes.value(shape, sh.severity, default=sh.Violation)
        assert case["severity"] == str(severity).rsplit("#", 1)[-1], vf.primary(case)
        counts[case["severity"]] = counts.get(case["severity"], 0) + 1
    assert counts == {"Violation": 107, "Warning": 31}  # 104 + narrowerMissing, broaderMissing, taalcode (issue 15)
