"""import-xlsx validates only what the edit can affect when `validate` has recorded today's
state (validation/limited.py), with the same outcome as the full validation: the same
change list, the same refusal at the same cell; without a record it validates in full.
Expected texts are written out here from the edit made."""

from __future__ import annotations

import pytest
from competentieset.stewarding.xlsx import XlsxError, import_workbook
from competentieset.validation import limited, validate_paths

from tests.stewarding.xlsx_helpers import edit, project_with_workbook, snapshot

ID = "https://w3id.org/competentieset-publieke-leiders/id"
RELABEL = (
    "# Wijzigingen\n\n## Andere voorkeursterm (1)\n\n"
    f"- [Reflecteert op eigen functioneren, organisatie en domein](<{ID}/gedragsindicator/reflecteren-1>), "
    "`skos:prefLabel` (@en): was “Reflects on own performance, organisation and domain”, "
    "nu “Reflects on own work, organisation and domain”\n"
)


def _record(project) -> None:
    """What `competentieset validate` keeps for the project's own vocabulary."""
    state = limited.read_ontology_digest(project)
    limited.save_record(project, limited.state_key(project, state), validate_paths(project, None))


def _limits(monkeypatch) -> list:
    """Every limit import-xlsx computes (None: the full validation ran)."""
    made = []
    of = limited.Limit.of.__func__

    def spy(cls, *args):
        made.append(of(cls, *args))
        return made[-1]
    monkeypatch.setattr(limited.Limit, "of", classmethod(spy))
    return made


def test_without_a_record_the_import_validates_in_full(tmp_path):
    project, book = project_with_workbook(tmp_path)
    edit(book, "Gedragsindicatoren", {"G3": "Reflects on own work, organisation and domain"})
    result = import_workbook(project, book, "nl", dry_run=True)
    assert result.changes.to_markdown("nl") == RELABEL
    assert result.limited is False


def test_with_a_record_the_same_change_list_and_a_limited_validation(tmp_path, monkeypatch):
    project, book = project_with_workbook(tmp_path)
    _record(project)
    limits = _limits(monkeypatch)
    before = snapshot(project)
    edit(book, "Gedragsindicatoren", {"G3": "Reflects on own work, organisation and domain"})
    result = import_workbook(project, book, "nl", dry_run=True)
    assert result.changes.to_markdown("nl") == RELABEL
    assert result.limited is True and limits[0] is not None and limits[0].whole == 2  # the two `all` ones
    assert snapshot(project) == before


def test_with_a_record_a_result_that_fails_validate_is_refused_at_its_row(tmp_path, monkeypatch):
    """The refusal of test_xlsx_roundtrip's test_a_result_that_fails_validate_is_refused_at_its_row,
    reached by the limited validation."""
    project, book = project_with_workbook(tmp_path)
    _record(project)
    limits = _limits(monkeypatch)
    before = snapshot(project)
    edit(book, "Gedragsindicatoren", {"I5": "verouderd", "J5": "reflecteren-3"})
    with pytest.raises(XlsxError) as caught:
        import_workbook(project, book, "nl")
    assert str(caught.value) == (
        "de geïmporteerde woordenlijst voldoet niet aan de regels van `competentieset validate`:\n"
        "  blad Gedragsindicatoren, rij 5, kolom URI, cel A5: Opvolger "
        f"<{ID}/gedragsindicator/reflecteren-3> bestaat niet (geen rdf:type) of is zelf verouderd: "
        "verwijs naar een levend begrip. (competentieprofiel/Verouderd-vervanger)\n"
        f"Niets geschreven: 1 fout(en) in {book}.")
    assert len(limits) == 1 and limits[0] is not None
    assert snapshot(project) == before


def test_a_written_import_records_the_new_state(tmp_path, monkeypatch):
    """After writing, the record is of the new ontology/: the next import is limited too."""
    project, book = project_with_workbook(tmp_path)
    _record(project)
    edit(book, "Gedragsindicatoren", {"G3": "Reflects on own work, organisation and domain"})
    assert import_workbook(project, book, "nl").written == ["vertaling/en.ttl"]
    state = limited.state_key(project, limited.read_ontology_digest(project))
    assert limited.load_record(project, state) == limited.Record(state, (), True)
    from competentieset.stewarding.xlsx import export_workbook

    book = export_workbook(project, tmp_path / "werkmap-2.xlsx", "nl")
    edit(book, "Gedragsindicatoren", {"G4": "Creates a reflective, safe learning climate"})
    assert import_workbook(project, book, "nl", dry_run=True).limited is True
