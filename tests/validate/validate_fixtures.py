"""Broken copies of the real vocabulary, made from the edit lists in fixtures/*.toml.

Each case copies pyproject.toml, ontology/ and shapes/ into a temporary project and
applies its edits to one or more files: `append` adds Turtle at the end of a file,
`remove_block` deletes the block that starts with the given subject line,
`find`/`replace` changes text that must occur exactly once (so a case fails loudly
when the vocabulary it was written against changes, instead of testing nothing).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pyoxigraph as ox
from competentieset.model.vocabulary import Vocabulary

from tests.project_copy import copy_project

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_cases(name: str) -> list[dict]:
    with open(FIXTURES / name, "rb") as handle:
        return tomllib.load(handle)["case"]


def make_project(target: Path, edits: list[dict] | None = None) -> Path:
    """A copy of the project at `target` with `edits` applied; returns its root."""
    copy_project(target)
    apply_edits(target, edits or [])
    return target


def apply_edits(target: Path, edits: list[dict]) -> None:
    """Apply a case's edits to the project at `target` (AssertionError if one cannot)."""
    for edit in edits:
        path = target / "ontology" / edit["file"]
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if "remove_block" in edit:
            lines = text.split("\n")
            start = lines.index(edit["remove_block"])
            end = lines.index("", start)
            text = "\n".join(lines[:start] + lines[end + 1:])
        elif "append" in edit:
            text = text.rstrip("\n") + "\n\n" + edit["append"].strip("\n") + "\n"
        else:
            count = text.count(edit["find"])
            if count != 1:
                raise AssertionError(f"{edit['file']}: {edit['find']!r} occurs {count} times, not once")
            text = text.replace(edit["find"], edit["replace"])
        path.write_text(text, encoding="utf-8")


def primary(case: dict) -> str:
    """The key a constraint case must produce (see key())."""
    parts = [case["rule"], case["component"]]
    if case.get("parameter") and case["component"] != "Pattern":
        parts.append(short(case["parameter"]))
    return " ".join(parts)


def short(term: str | None) -> str:
    if not term:
        return ""
    return term.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def key(finding) -> str:
    """rule, constraint component and parameter of a finding, e.g.
    'skos-integriteit/Concept-broader Disjoint related'."""
    component = short(finding.component).removesuffix("ConstraintComponent")
    parts = [finding.rule, component]
    if finding.parameter and component != "Pattern":
        parts.append(short(finding.parameter))
    return " ".join(parts)


# indicators and competencies no case touches: left out to keep pyshacl fast
DROP = ("/id/competentie/omgevingsbewustzijn", "/id/competentie/conceptuele-flexibiliteit",
        "/id/gedragsindicator/omgevingsbewustzijn-", "/id/gedragsindicator/conceptuele-flexibiliteit-",
        "/id/gedragsindicator/aansturen-organisatie-", "/id/gedragsindicator/gedeeld-leiderschap-",
        "/id/gedragsindicator/bestuurssensitiviteit-1", "/id/gedragsindicator/bestuurssensitiviteit-2",
        "/id/gedragsindicator/bestuurssensitiviteit-4", "/id/gedragsindicator/stressbestendigheid-",
        "/id/functiegroep/topmanager-generaal",
        "/esco/skill/d62d2b4c-a6f8-439e-8a1b-4f29ab5f2c47", "/esco/skill/d56e2c2f-3e01-4b76-a7bb-ecb6d430172f")


def combined_project(target):
    """The project with as many constraint cases applied at once as do not collide."""
    root = make_project(target)
    applied = []
    for case in load_cases("constraints.toml"):
        snapshot = {p: p.read_text(encoding="utf-8") for p in (root / "ontology").rglob("*") if p.is_file()}
        try:
            apply_edits(root, case["edits"])
            applied.append(case)
        except AssertionError:
            for path, text in snapshot.items():
                path.write_text(text, encoding="utf-8")
    return root, applied


def trimmed(vocab):
    store = ox.Store()
    store.extend(q for q in vocab.store.quads_for_pattern(None, None, None, None)
                 if not any(part in str(q.subject) for part in DROP)
                 and not any(part in str(q.object) for part in DROP))
    return Vocabulary(project=vocab.project, store=store, graphs=vocab.graphs)
