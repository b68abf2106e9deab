"""Differences between two versions of the vocabulary.

PLACEHOLDER, replaced by the `validate`/diff branch (helper A) at merge. The build calls
only this interface:

    diff_vocabularies(old, new) -> ChangeSet    ChangeSet.to_markdown(lang), ChangeSet.to_json()

`old` and `new` are competentieset.vocabulary.Vocabulary objects. This placeholder only
lists the triples added and removed (union graph, sorted N-Triples), nothing per concept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class ChangeSet:
    """Triples added and removed between two vocabularies (placeholder)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def to_markdown(self, lang: str = "nl") -> str:
        title = {"nl": "Wijzigingen", "en": "Changes"}.get(lang, "Changes")
        added = {"nl": "Toegevoegd", "en": "Added"}.get(lang, "Added")
        removed = {"nl": "Verwijderd", "en": "Removed"}.get(lang, "Removed")
        lines = [f"# {title}", ""]
        for heading, rows in ((added, self.added), (removed, self.removed)):
            lines += [f"## {heading} ({len(rows)})", ""]
            lines += [f"- `{row}`" for row in rows]
            lines.append("")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps({"added": self.added, "removed": self.removed}, ensure_ascii=False,
                          indent=2, sort_keys=True) + "\n"


def _lines(vocab) -> set[str]:
    return {f"{t.subject} {t.predicate} {t.object} ." for t in vocab.triples()}


def diff_vocabularies(old, new) -> ChangeSet:
    """The triples in `new` but not in `old` (added) and the reverse (removed)."""
    before, after = _lines(old), _lines(new)
    return ChangeSet(added=sorted(after - before), removed=sorted(before - after))
