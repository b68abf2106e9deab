"""A build validates only what changed since the state the last build validated
(validation/limited.py: BuildValidation), with exactly the findings of the full validation,
and falls back to the full validation whenever that cannot be shown."""

from __future__ import annotations

import json

import pytest
from build_helpers import copy_project
from competentieset.model import vocabulary
from competentieset.model.config import load_project
from competentieset.publication import build
from competentieset.validation import limited, validate

NOTHING = [("archive", lambda ctx: None)]  # no stage at all: these tests are about the validation


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r} found {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _build(root, **kwargs):
    return build.build(load_project(root), stages=NOTHING, replace_release=True, **kwargs)


def _findings(report) -> list[tuple]:
    return sorted((f.severity, f.rule, f.focus, f.path or "", f.value or "", f.message, f.file or "",
                   f.line or 0) for f in report.findings)


@pytest.fixture()
def built(tmp_path):
    root = copy_project(tmp_path / "project")
    first = _build(root)
    assert first.validation_limited is False  # no earlier state: in full
    return root


LABELS = "ontology/redactie/labels-en-definities.ttl"
SOURCE = "ontology/bron/competentieset.ttl"

EDITS = {
    # a label that another (unchanged) concept has: the finding falls on both
    "duplicate label": (LABELS, '"Heeft zelfinzicht"@nl', '"Reflecteren"@nl'),
    # an indicator whose parent does not exist
    "missing parent": (SOURCE, "skos:broader competentie:reflecteren ;",
                       "skos:broader competentie:bestaat-niet ;"),
    # a plain relabel (valid)
    "relabel": (LABELS, '"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl'),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_limited_equals_full(built, name):
    rel, old, new = EDITS[name]
    path = built / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    project = load_project(built)
    check = limited.BuildValidation(project)
    vocab = vocabulary.load(project)
    report = check.validate(vocab, "nl")
    assert check.limited is True
    full = validate(vocabulary.load(project), "nl")
    assert _findings(report) == _findings(full)
    if name != "relabel":
        assert full.has_violations  # the edit is caught, by both


def test_a_relabel_limits_the_focus_to_the_changed_statements(built):
    """One label changed: the constraints of reach `own` check the relabelled indicator and
    its old and new label (and the earlier findings' focus nodes), not the whole vocabulary;
    the statements of the edited file that did not change are not counted as changed."""
    _edit(built / LABELS, '"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl')
    project = load_project(built)
    check = limited.BuildValidation(project)
    check.validate(vocabulary.load(project), "nl")
    foci = json.loads((built / limited.RECORD).read_text(encoding="utf-8"))["foci"]
    recorded = {focus if focus.startswith('"') else f"<{focus}>" for focus in foci}
    indicator = "<https://w3id.org/competentieset-publieke-leiders/id/gedragsindicator/reflecteren-3>"
    assert set(check.limit.own) == {indicator, '"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl'} | recorded


def test_build_says_it_was_limited_and_full_builds_validate_everything(built):
    _edit(built / LABELS, '"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl')
    assert _build(built).validation_limited is True
    _edit(built / LABELS, '"Kent zichzelf"@nl', '"Heeft zelfinzicht"@nl')
    assert _build(built, full=True).validation_limited is False  # --full: in full
    assert _build(built).validation_limited is True  # the --full build kept its state


def test_a_refused_build_keeps_its_state_so_the_fix_is_limited(built):
    _edit(built / LABELS, '"Heeft zelfinzicht"@nl', '"Reflecteren"@nl')
    with pytest.raises(build.ValidationFailed) as refused:
        _build(built)
    assert refused.value.report.has_violations
    _edit(built / LABELS, '"Reflecteren"@nl', '"Kent zichzelf"@nl')
    fixed = _build(built)
    assert fixed.validation_limited is True
    assert fixed.report_summary == validate(vocabulary.load(load_project(built)), "nl").summary()


def test_falls_back_to_full_without_the_state_it_was_validated_in(built):
    project = load_project(built)
    # the record of another state (validate and import-xlsx record what they saw, without
    # a copy of the files): the copy's state has no record, so in full
    _edit(built / LABELS, '"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl')
    state = limited.read_ontology_digest(project)
    limited.save_record(project, limited.state_key(project, state),
                        validate(vocabulary.load(project), "nl"))
    assert _build(built).validation_limited is False
    # a copy that does not match its record (cut off halfway): in full
    copy = built / limited.SNAPSHOT / "ontology" / "redactie" / "labels-en-definities.ttl"
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    _edit(built / LABELS, '"Kent zichzelf"@nl', '"Heeft zelfinzicht"@nl')
    assert _build(built).validation_limited is False
    # a change to the shapes: another state
    assert _build(built).validation_limited is True
    shapes = built / "shapes" / "competentieprofiel.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert _build(built).validation_limited is False
    # a URI register change: in full
    register = built / "ontology" / "uri-register.txt"
    register.write_text(register.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert _build(built).validation_limited is False
    assert _build(built).validation_limited is True


def test_an_edit_saved_during_the_build_is_not_recorded(built, monkeypatch):
    """The state is read before the vocabulary is loaded; if a file changes before the
    record is kept, nothing is kept (the record would describe bytes nobody validated)."""
    path = built / LABELS
    real_load = vocabulary.load

    def load_then_edit(project, *args, **kwargs):
        vocab = real_load(project, *args, **kwargs)
        _edit(path, '"Heeft zelfinzicht"@nl', '"Kent zichzelf"@nl')
        return vocab

    before = (built / limited.RECORD).read_bytes()
    monkeypatch.setattr(vocabulary, "load", load_then_edit)
    _build(built)
    assert (built / limited.RECORD).read_bytes() == before
    monkeypatch.undo()
    assert _build(built).validation_limited is True  # the old copy and record still match
