"""import-xlsx's memory (issue 13): a file is held as blocks only when the edit changes it,
the workbook is read in a forked child and only the store is loaded in this process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from competentieset.stewarding import turtle_blocks, xlsx

from tests.stewarding.xlsx_helpers import edit, project_with_workbook, snapshot


def test_only_the_edited_file_is_read_as_blocks(tmp_path, monkeypatch):
    project, book = project_with_workbook(tmp_path)
    edit(book, "Gedragsindicatoren", {"G3": "Reflects on own work, organisation and domain"})
    parsed = []
    original = turtle_blocks.TurtleFile.parse.__func__

    def spy(cls, path, data=None, read=None):
        parsed.append((Path(path).relative_to(project.ontology_dir).as_posix(), read is not None))
        return original(cls, path, data, read)

    monkeypatch.setattr(turtle_blocks.TurtleFile, "parse", classmethod(spy))
    prepared = xlsx._prepare(project, book, "nl")  # in this process, to see what it parses
    # the English label lives in vertaling/en.ttl: the one file read as blocks, with its index reused
    assert parsed == [("vertaling/en.ttl", True)]
    assert sorted(prepared.new_texts) == ["vertaling/en.ttl"]


def test_the_workbook_is_read_in_another_process(tmp_path, monkeypatch):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "Gedragsindicatoren", {"G3": "Reflects on own work, organisation and domain"})
    pids = tmp_path / "pids"
    original = xlsx._prepare

    def recording(*args):
        pids.write_text(str(os.getpid()))
        return original(*args)

    monkeypatch.setattr(xlsx, "_prepare", recording)
    result = xlsx.import_workbook(project, book, "nl", dry_run=True)
    assert int(pids.read_text()) != os.getpid()
    assert result.written == [] and sorted(result.new_texts) == ["vertaling/en.ttl"]
    assert "Reflects on own work, organisation and domain" in result.changes.to_markdown("nl")
    assert snapshot(project) == before


def test_a_refusal_in_the_child_is_raised_here_with_its_message(tmp_path):
    project, book = project_with_workbook(tmp_path)
    edit(book, "Gedragsindicatoren", {"I3": "weg"})
    with pytest.raises(xlsx.XlsxError) as caught:
        xlsx.import_workbook(project, book, "nl")
    assert str(caught.value) == (
        "blad Gedragsindicatoren, rij 3, kolom Status, cel I3: “weg” is geen geldige waarde: kies “actief” of "
        f"“verouderd”.\nNiets geschreven: 1 fout(en) in {book}.")


def test_a_file_changed_after_it_was_read_is_refused(tmp_path):
    project, _ = project_with_workbook(tmp_path)
    files = xlsx.Files.read(project, lang="en")
    path = project.ontology_dir / "vertaling" / "en.ttl"
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed meanwhile\n", encoding="utf-8")
    with pytest.raises(xlsx.XlsxError) as caught:
        files.turtle("vertaling/en.ttl")
    assert str(caught.value) == "ontology/vertaling/en.ttl changed during the import. Nothing written: import again."


@pytest.mark.parametrize("column", [1, 2, 11, 26, 27, 52, 53, 702, 703, 16384])
def test_column_letters_as_openpyxl_writes_them(column):
    from openpyxl.utils import get_column_letter

    assert xlsx._letter(column) == get_column_letter(column)
