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
