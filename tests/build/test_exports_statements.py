"""exports/framework.py Statements: the shared parse keeps only the predicates of READ, and
asking for another is refused with where to add it (not answered with an empty list)."""

from __future__ import annotations

import pytest
from competentieset.publication.exports.framework import Statements


class _Descriptions:
    base = "https://example.org/set"

    def own_lines(self, iri):
        return [f"<{iri}> <http://www.w3.org/2004/02/skos/core#prefLabel> \"Reflecteren\"@nl",
                f"<{iri}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{self.base}/def/Competentie>",
                f"<{iri}> <{self.base}/def/volgnummer> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>"]

    editorial = {"<https://example.org/set/id/c/1> <http://www.w3.org/2004/02/skos/core#prefLabel> "
                 "\"Reflecteren\"@nl"}


def test_statements_keep_the_read_predicates_and_refuse_others():
    s = Statements(_Descriptions())
    iri = "https://example.org/set/id/c/1"
    assert sorted(s.props(iri)) == ["http://www.w3.org/2004/02/skos/core#prefLabel",
                                    "https://example.org/set/def/volgnummer"]
    assert [o.value for o in s.values(iri, "https://example.org/set/def/volgnummer")] == ["1"]
    assert s.editorial(iri) == {("http://www.w3.org/2004/02/skos/core#prefLabel", "nl")}
    with pytest.raises(KeyError, match="rdf-syntax-ns#type: not kept for the exports; add it to READ in "
                                       "publication/exports/framework.py"):
        s.values(iri, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def test_kept_statements_give_what_parsing_gives_and_changed_subjects_are_parsed_again():
    d = _Descriptions()
    iri = "https://example.org/set/id/c/1"
    parsed = Statements(d)
    props, editorial = parsed.props(iri), parsed.editorial(iri)
    kept = parsed.kept()
    assert list(kept) == [iri]
    # taken from what was kept: the same objects (value, language, datatype) and flags
    again = Statements(d, kept, changed=set())
    assert again.props(iri) == props and again.editorial(iri) == editorial
    assert [(o.value, o.language, o.datatype) for o in again.values(iri, "https://example.org/set/def/volgnummer")] \
        == [("1", "", "http://www.w3.org/2001/XMLSchema#integer")]
    assert again.kept() == kept
    # a subject whose own lines changed is read from the lines, not from what was kept
    d.own_lines = lambda i: [f"<{i}> <http://www.w3.org/2004/02/skos/core#prefLabel> \"Zelfinzicht\"@nl"]
    changed = Statements(d, kept, changed={iri})
    assert [o.value for o in changed.values(iri, "http://www.w3.org/2004/02/skos/core#prefLabel")] == ["Zelfinzicht"]
    assert changed.editorial(iri) == set()


def test_an_incremental_build_parses_only_the_changed_subjects_for_the_exports(tmp_path, monkeypatch):
    from build_helpers import copy_project
    from competentieset.model.config import load_project
    from competentieset.publication import build
    from competentieset.publication.exports import framework

    project = load_project(copy_project(tmp_path / "p"))
    parsed = []
    real = framework.parse_lines

    def counting(lines):
        parsed.extend({line[1:line.index(">")] for line in lines})
        return real(lines)

    monkeypatch.setattr(framework, "parse_lines", counting)
    # the exports in this process (not beside the site), so the calls are seen here
    monkeypatch.setattr(build, "BESIDE_SITE", frozenset())
    build.build(project, replace_release=True)
    full = set(parsed)
    indicator = "https://w3id.org/competentieset-publieke-leiders/id/gedragsindicator/reflecteren-3"
    assert indicator in full and len(full) > 40
    parsed.clear()
    path = project.root / "ontology" / "redactie" / "labels-en-definities.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl'), encoding="utf-8")
    build.build(project, replace_release=True)
    # the relabelled indicator (ontology/redactie/labels-en-definities.ttl), no other subject
    assert set(parsed) == {indicator}
