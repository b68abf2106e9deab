"""The vocabulary conforms to the official NL-SBB SHACL profile: 0 Violation, 0 Warning.

Severities are counted from the report graph (pyshacl's `conforms` counts warnings too,
and allow_warnings can hide violations).
"""

from __future__ import annotations

from collections import Counter

import pyshacl
import rdflib

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def severities(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[Counter, list[str]]:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none")
    counts: Counter = Counter()
    details = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity).split("#")[-1]
        counts[severity] += 1
        details.append(f"{severity} {report.value(result, SH.focusNode)} "
                       f"{report.value(result, SH.resultPath)} {report.value(result, SH.resultMessage)}")
    return counts, details


def test_vocabulary_conforms_to_nl_sbb(vocab, sources):
    shapes = rdflib.Graph().parse(sources / "nl-sbb" / "skos-ap-nl.ttl")
    counts, details = severities(vocab.to_rdflib(), shapes)
    assert counts["Violation"] == 0 and counts["Warning"] == 0, "\n".join(details)


def test_the_nl_sbb_check_does_catch_a_violation(vocab, sources):
    # the same check on data with a definition removed must report a Violation,
    # so the test above cannot pass by checking nothing
    shapes = rdflib.Graph().parse(sources / "nl-sbb" / "skos-ap-nl.ttl")
    data = vocab.to_rdflib()
    concept = rdflib.URIRef(f"{vocab.project.base}/id/competentie/reflecteren")
    data.remove((concept, rdflib.SKOS.definition, None))
    counts, _ = severities(data, shapes)
    assert counts["Violation"] >= 1
