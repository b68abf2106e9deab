"""The spreadsheet route (issue 13): export, edit, import; golden round trip, scripted
edits with their exact change lists, and every refusal with its cell-addressed message.

Expected change lists and messages are written out here by hand from the edit made (the
URI, the old and new text), not taken from the code under test."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from competentieset.stewarding.xlsx import XlsxError, import_workbook

from tests import tools
from tests.stewarding.xlsx_helpers import delete_row, edit, project_with_workbook, snapshot

ID = "https://w3id.org/competentieset-publieke-leiders/id"
ESCO = "http://data.europa.eu/esco/skill"


def test_golden_round_trip_is_byte_identical(tmp_path):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    result = import_workbook(project, book, "nl")
    assert result.changes.to_markdown("nl") == "# Wijzigingen\n\nGeen wijzigingen.\n"
    assert result.written == []
    assert snapshot(project) == before


def test_golden_round_trip_english_workbook(tmp_path):
    project, book = project_with_workbook(tmp_path, lang="en")
    before = snapshot(project)
    result = import_workbook(project, book, "en")
    assert result.changes.to_markdown("en") == "# Changes\n\nNo changes.\n"
    assert snapshot(project) == before


def test_libreoffice_resaved_workbook_imports_without_change(tmp_path):
    soffice = tools.find("soffice") or tools.require("libreoffice", "apt-get install -y libreoffice-calc-nogui")
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    out = tmp_path / "resaved"
    out.mkdir()
    profile = (tmp_path / "lo-profile").as_uri()
    run = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--calc", "--convert-to", "xlsx",
         "--outdir", str(out), str(book)],
        capture_output=True, text=True, timeout=180,
    )
    resaved = out / book.name
    assert run.returncode == 0 and resaved.is_file(), run.stderr
    assert resaved.read_bytes() != book.read_bytes()  # really rewritten by LibreOffice
    result = import_workbook(project, resaved, "nl")
    assert result.changes.to_markdown("nl") == "# Wijzigingen\n\nGeen wijzigingen.\n"
    assert snapshot(project) == before


# ------------------------------------------------------------------ scripted edits

def _changed(before: dict, after: dict) -> list[str]:
    return sorted(k for k in after if before.get(k) != after[k])


def test_relabel_an_indicator_in_english(tmp_path):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "Gedragsindicatoren", {"G3": "Reflects on own work, organisation and domain"})
    result = import_workbook(project, book, "nl")
    assert result.changes.to_markdown("nl") == (
        "# Wijzigingen\n\n## Andere voorkeursterm (1)\n\n"
        f"- [Reflecteert op eigen functioneren, organisatie en domein](<{ID}/gedragsindicator/reflecteren-1>), "
        "`skos:prefLabel` (@en): was “Reflects on own performance, organisation and domain”, "
        "nu “Reflects on own work, organisation and domain”\n"
    )
    after = snapshot(project)
    assert _changed(before, after) == ["vertaling/en.ttl"]
    old = before["vertaling/en.ttl"].decode()
    assert after["vertaling/en.ttl"].decode() == old.replace(
        'skos:prefLabel "Reflects on own performance, organisation and domain"@en ;',
        'skos:prefLabel "Reflects on own work, organisation and domain"@en ;')


def test_add_an_indicator_under_a_competency(tmp_path):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "Gedragsindicatoren", {}, append=[[
        None, None, "reflecteren", None, "Je leert van fouten.", "Leert van fouten", "Learns from mistakes",
        "You learn from mistakes.", "actief", None]])
    result = import_workbook(project, book, "nl")
    assert result.changes.to_markdown("nl") == (
        "# Wijzigingen\n\n## Toegevoegd (1)\n\n"
        f"- [Leert van fouten](<{ID}/gedragsindicator/reflecteren-4>)\n\n"
        "## Verplaatst in de hiërarchie (1)\n\n"
        f"- [Reflecteren](<{ID}/competentie/reflecteren>), `skos:narrower`: toegevoegd "
        f"[Leert van fouten](<{ID}/gedragsindicator/reflecteren-4>)\n"
    )
    after = snapshot(project)
    assert _changed(before, after) == ["bron/competentieset.ttl", "redactie/labels-en-definities.ttl",
                                       "redactie/notaties.ttl", "uri-register.txt", "vertaling/en.ttl"]
    bron = after["bron/competentieset.ttl"].decode()
    assert (
        "indicator:reflecteren-3\n" in bron
        and "        indicator:reflecteren-3,\n        indicator:reflecteren-4 ;\n" in bron
        and "dct:source abd:competentieset-voor-publieke-leiders .\n\nindicator:reflecteren-4\n"
            "    a skos:Concept, cs:Gedragsindicator ;\n"
            '    cs:bronTekst "Je leert van fouten."@nl ;\n'
            '    skos:definition "Je leert van fouten."@nl ;\n'
            "    skos:broader competentie:reflecteren ;\n"
            "    skos:inScheme kader:competentieset ;\n"
            "    dct:source abd:competentieset-voor-publieke-leiders .\n\n"
            "competentie:bestuurssensitiviteit\n" in bron
    )
    # our numbering (issue 11: not the source's) goes to redactie/notaties.ttl, after the siblings
    assert ('indicator:reflecteren-3\n    skos:notation "1.3" ;\n    cs:volgnummer 3 .\n\n'
            'indicator:reflecteren-4\n    skos:notation "1.4" ;\n    cs:volgnummer 4 .\n\n'
            "competentie:bestuurssensitiviteit\n" in after["redactie/notaties.ttl"].decode())
    assert "notation" not in bron.split("indicator:reflecteren-4\n", 1)[1].split("\n\n", 1)[0]
    # the register line: the URI and its RFC 4122 v5 UUID (URL namespace), sorted in place
    r3, r4 = f"{ID}/gedragsindicator/reflecteren-3", f"{ID}/gedragsindicator/reflecteren-4"
    assert (f"{r3} {uuid.uuid5(uuid.NAMESPACE_URL, r3)}\n{r4} {uuid.uuid5(uuid.NAMESPACE_URL, r4)}\n"
            in after["uri-register.txt"].decode())
    assert ('indicator:reflecteren-4\n    skos:prefLabel "Leert van fouten"@nl .\n'
            in after["redactie/labels-en-definities.ttl"].decode())


def test_deprecate_an_indicator_with_a_replacement(tmp_path):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "Gedragsindicatoren", {"I5": "verouderd", "J5": "reflecteren-1"})
    result = import_workbook(project, book, "nl")
    assert result.changes.to_markdown("nl") == (
        "# Wijzigingen\n\n## Verouderd (1)\n\n"
        f"- [Heeft zelfinzicht](<{ID}/gedragsindicator/reflecteren-3>): vervangen door "
        f"[Reflecteert op eigen functioneren, organisatie en domein](<{ID}/gedragsindicator/reflecteren-1>)\n\n"
        "## Verplaatst in de hiërarchie (1)\n\n"
        f"- [Reflecteren](<{ID}/competentie/reflecteren>), `skos:narrower`: verwijderd "
        f"[Heeft zelfinzicht](<{ID}/gedragsindicator/reflecteren-3>)\n"
    )
    after = snapshot(project)
    assert _changed(before, after) == ["bron/competentieset.ttl", "redactie/labels-en-definities.ttl"]
    assert ('indicator:reflecteren-3\n    skos:prefLabel "Heeft zelfinzicht"@nl ;\n'
            "    dct:isReplacedBy indicator:reflecteren-1 ;\n    owl:deprecated true .\n"
            in after["redactie/labels-en-definities.ttl"].decode())


def test_add_an_esco_mapping(tmp_path):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "ESCO-koppelingen", {}, append=[
        ["bestuurssensitiviteit", "relatedMatch", "7dd94ad3-13d6-43fe-8b94-51fcbf67ced9"]])
    result = import_workbook(project, book, "nl")
    assert result.changes.to_markdown("nl") == (
        "# Wijzigingen\n\n## Koppelingen gewijzigd (1)\n\n"
        f"- [Bestuurssensitiviteit](<{ID}/competentie/bestuurssensitiviteit>), `skos:relatedMatch`: "
        f"toegevoegd [think critically](<{ESCO}/7dd94ad3-13d6-43fe-8b94-51fcbf67ced9>)\n"
    )
    after = snapshot(project)
    assert _changed(before, after) == ["mapping/esco.ttl"]
    assert after["mapping/esco.ttl"].decode() == before["mapping/esco.ttl"].decode() + (
        # in the file's style: every mapping of mapping/esco.ttl has its ESCO skill on its own line
        "\ncompetentie:bestuurssensitiviteit\n"
        "    skos:relatedMatch\n"
        f"        <{ESCO}/7dd94ad3-13d6-43fe-8b94-51fcbf67ced9> .\n")


def test_change_an_area(tmp_path):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "Gebieden", {"G3": "Area of behaviour in communicating and dealing with others."})
    result = import_workbook(project, book, "nl")
    assert result.changes.to_markdown("nl") == (
        "# Wijzigingen\n\n## Andere definitie (1)\n\n"
        f"- [sociaal-communicatief](<{ID}/gebied/sociaal-communicatief>), `skos:definition` (@en): "
        "was “Area of behaviour in contact and communication with other people.”, "
        "nu “Area of behaviour in communicating and dealing with others.”\n"
    )
    assert _changed(before, snapshot(project)) == ["vertaling/en.ttl"]


def test_dry_run_writes_nothing(tmp_path):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "Gebieden", {"G3": "Area of behaviour in communicating and dealing with others."})
    result = import_workbook(project, book, "nl", dry_run=True)
    assert len(result.changes.changes) == 1 and result.written == []
    assert snapshot(project) == before


# ------------------------------------------------------------------ refusals

REFUSALS = [
    ("removed row", lambda b: delete_row(b, "Gedragsindicatoren", 5),
     "blad Gedragsindicatoren, rij 5, kolom URI, cel A5: de rij van "
     f"{ID}/gedragsindicator/reflecteren-3 ontbreekt. Een uitgegeven URI mag nooit verdwijnen: zet de rij "
     "terug en zet Status op “verouderd” met een opvolger in “Vervangen door”."),
    ("locked cell", lambda b: edit(b, "Gedragsindicatoren", {"E4": "Je creëert een leerklimaat."}),
     "blad Gedragsindicatoren, rij 4, kolom Brontekst (nl), cel E4: deze cel is vergrendeld (bron (letterlijk)) "
     "en is gewijzigd van “Je creëert en stimuleert een reflectief, veilig en positief lerend team- en "
     "organisatieklimaat. Daarin is ruimte voor diversiteit. Zelf vervul je hierin een voorbeeldrol.” in "
     "“Je creëert een leerklimaat.”. Zet de oorspronkelijke waarde terug; een wijziging van de brontekst is "
     "een aparte, bewuste stap in ontology/bron/competentieset.ttl."),
    ("duplicate label", lambda b: edit(b, "Gedragsindicatoren", {"G4": "Has self-awareness"}),
     "blad Gedragsindicatoren, rij 5, kolom Label (en), cel G5: “Has self-awareness” staat ook in cel G4. "
     "Een label is uniek per taal: kies een ander label."),
    ("missing language", lambda b: edit(b, "Gedragsindicatoren", {"G12": None}),
     "blad Gedragsindicatoren, rij 12, kolom Label (en), cel G12: leeg, maar elke rij heeft een waarde in "
     "Label (en) (taal en). Vul de cel in."),
    ("parent that does not exist", lambda b: edit(b, "Gedragsindicatoren", {}, append=[[
        None, None, "leiderschap", None, "Je leert van fouten.", "Leert van fouten", "Learns from mistakes",
        "You learn from mistakes.", "actief", None]]),
     "blad Gedragsindicatoren, rij 33, kolom Competentie, cel C33: “leiderschap” bestaat niet als Competentie. "
     "Kies een waarde uit de keuzelijst."),
    ("malformed cell", lambda b: edit(b, "Gedragsindicatoren", {"I3": "weg"}),
     "blad Gedragsindicatoren, rij 3, kolom Status, cel I3: “weg” is geen geldige waarde: kies “actief” of "
     "“verouderd”."),
]


@pytest.mark.parametrize("name,change,message", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusal_names_the_cell_and_writes_nothing(tmp_path, name, change, message):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    change(book)
    with pytest.raises(XlsxError) as caught:
        import_workbook(project, book, "nl")
    assert str(caught.value) == f"{message}\nNiets geschreven: 1 fout(en) in {book}."
    assert snapshot(project) == before


def test_refusal_in_english_through_the_cli_without_traceback(tmp_path):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "Gedragsindicatoren", {"G12": None})
    env = {**os.environ, "COMPETENTIESET_PROJECT": str(project.root)}
    run = subprocess.run([sys.executable, "-m", "competentieset.cli", "import-xlsx", str(book), "--lang", "en"],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr == (
        "sheet Gedragsindicatoren, row 12, column Label (en), cell G12: empty, but every row has a value in "
        f"Label (en) (language en). Fill in the cell.\nNothing written: 1 error(s) in {book}.\n")
    assert snapshot(project) == before


def test_cli_export_then_import_prints_the_change_list(tmp_path):
    project, book = project_with_workbook(tmp_path)
    env = {**os.environ, "COMPETENTIESET_PROJECT": str(project.root)}
    target = tmp_path / "cli.xlsx"
    run = subprocess.run([sys.executable, "-m", "competentieset.cli", "export-xlsx", str(target)],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0 and target.is_file()
    run = subprocess.run([sys.executable, "-m", "competentieset.cli", "import-xlsx", str(target), "--dry-run"],
                         capture_output=True, text=True, env=env)
    assert (run.returncode, run.stdout, run.stderr) == (
        0, "# Wijzigingen\n\nGeen wijzigingen.\nProefdraai (--dry-run): niets geschreven.\n", "")


def test_imported_vocabulary_passes_validate(tmp_path):
    from competentieset.model.vocabulary import load
    from competentieset.validation import validate

    project, book = project_with_workbook(tmp_path)
    edit(book, "Gedragsindicatoren", {"I5": "verouderd", "J5": "reflecteren-1"}, append=[[
        None, None, "reflecteren", None, "Je leert van fouten.", "Leert van fouten", "Learns from mistakes",
        "You learn from mistakes.", "actief", None]])
    import_workbook(project, book, "nl")
    report = validate(load(project), "nl")
    assert report.violations == []


def test_imported_edits_pass_the_fidelity_tests(tmp_path, sources):
    """Steward's edits of our own columns (a label, a mapping, an area) leave the source's
    words untouched: the fidelity tests of tests/vocabulary run on the imported vocabulary."""
    import inspect

    from competentieset.model.vocabulary import load

    from tests.vocabulary import test_fidelity
    from tests.vocabulary.source_text import read

    project, book = project_with_workbook(tmp_path)
    edit(book, "Gedragsindicatoren", {"G3": "Reflects on own work, organisation and domain"})
    edit(book, "Gebieden", {"G3": "Area of behaviour in communicating and dealing with others."})
    edit(book, "ESCO-koppelingen", {}, append=[
        ["bestuurssensitiviteit", "relatedMatch", "7dd94ad3-13d6-43fe-8b94-51fcbf67ced9"]])
    result = import_workbook(project, book, "nl")
    assert len(result.changes.changes) == 3
    vocab = load(project)
    source = read(sources / "abd" / "competentieset-publieke-leiders.txt")
    ran = []
    for name, test in inspect.getmembers(test_fidelity, inspect.isfunction):
        if not name.startswith("test_"):
            continue
        wanted = inspect.signature(test).parameters
        test(**{k: v for k, v in (("vocab", vocab), ("source", source)) if k in wanted})
        ran.append(name)
    assert len(ran) == 8, ran


def test_spreadsheet_dialects_are_no_change(tmp_path):
    """What Excel and LibreOffice do to cells a steward only touched: trailing spaces, rich
    text (a bold word), empty strings for empty cells, lowercase/uppercase status, numbers
    for whole-number cells. None of it is a change."""
    from openpyxl import load_workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    wb = load_workbook(book)
    ws = wb["Gedragsindicatoren"]
    assert ws["G3"].value == "Reflects on own performance, organisation and domain"
    ws["G3"] = "Reflects on own performance, organisation and domain   "
    assert ws["G4"].value == "Creates a reflective and safe learning climate"
    ws["G4"] = CellRichText([TextBlock(InlineFont(b=True), "Creates"), " a reflective and safe learning climate"])
    ws["J3"] = ""
    ws["I3"] = "Actief"
    fgr = wb["FGR-feiten"]
    assert fgr["G4"].value == "7"
    fgr["G4"] = 7.0
    wb.save(book)
    result = import_workbook(project, book, "nl")
    assert result.changes.to_markdown("nl") == "# Wijzigingen\n\nGeen wijzigingen.\n"
    assert snapshot(project) == before


def test_a_result_that_fails_validate_is_refused_at_its_row(tmp_path):
    """Cells can be fine one by one and the result still break a rule of shapes/: here an
    indicator replaced by itself (a deprecated successor). The message is the shape's own
    (shapes/competentieprofiel.ttl, prof:Verouderd-vervanger), at the row; nothing written."""
    project, book = project_with_workbook(tmp_path)
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
    assert snapshot(project) == before


def test_a_mapping_to_an_esco_skill_not_yet_cited_copies_it_from_the_extract(tmp_path):
    """The skill's label and description come from sources/esco (ESCO 1.2.0), never typed, and
    nothing of ours is said of it (no scheme of ours, no dct:source: ontology/extern/esco.ttl)."""
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    skill = f"{ESCO}/001115fb-569f-4ee6-8381-c6807ef2527f"  # "show initiative" in the extract
    edit(book, "ESCO-koppelingen", {}, append=[["stressbestendigheid", "relatedMatch", skill.rsplit("/", 1)[1]]])
    result = import_workbook(project, book, "nl")
    assert result.changes.to_markdown("nl") == (
        "# Wijzigingen\n\n## Toegevoegd (1)\n\n"
        f"- [show initiative](<{skill}>)\n\n"
        "## Koppelingen gewijzigd (1)\n\n"
        f"- [Stressbestendigheid](<{ID}/competentie/stressbestendigheid>), `skos:relatedMatch`: toegevoegd "
        f"[show initiative](<{skill}>)\n"
    )
    after = snapshot(project)
    assert _changed(before, after) == ["extern/esco.ttl", "mapping/esco.ttl"]
    assert after["extern/esco.ttl"].decode() == before["extern/esco.ttl"].decode() + (
        f"\n<{skill}>\n"
        "    a skos:Concept ;\n"
        '    skos:prefLabel "show initiative"@en ;\n'
        '    skos:definition "Be proactive and take the first step in an action without waiting for what others '
        'say or do."@en .\n')
    # only ESCO's words on ESCO's URI (issue 11; the header of ontology/extern/esco.ttl)


def test_esco_skills_sheet_holds_only_escos_words(tmp_path):
    """Issue 11: ESCO's URIs carry only what ESCO says (ontology/extern/esco.ttl); the sheet
    has no column that would write our Dutch words on them."""
    from openpyxl import load_workbook

    project, book = project_with_workbook(tmp_path)
    ws = load_workbook(book)["ESCO-vaardigheden"]
    assert [c.value for c in ws[1] if c.value is not None] == ["URI", "Label (en)", "Definitie (en)"]
    assert ws["B3"].value == "accept criticism and guidance"
