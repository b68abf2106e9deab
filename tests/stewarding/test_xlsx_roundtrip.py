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
from competentieset.stewarding.xlsx import XlsxError, export_workbook, import_workbook

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


B1 = f"{ID}/gedragsindicator/bestuurssensitiviteit-1"
B1_LABEL = "Onderkent politieke en maatschappelijke risico's en kansen"
NOTE_NL = "Mapping van de redactie: verwant aan ESCO “think critically” (kritisch denken): risico's onderkennen vraagt kritisch denken."
NOTE_EN = "Mapping by the editors: related to ESCO “think critically”: recognising risks takes critical thinking."


def test_add_an_esco_mapping(tmp_path):
    """A new mapping with its reasoning (issue 13: the mapping file asks for it per mapping)."""
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "ESCO-koppelingen", {}, append=[
        [B1, "relatedMatch", "7dd94ad3-13d6-43fe-8b94-51fcbf67ced9", None, NOTE_NL, NOTE_EN]])
    result = import_workbook(project, book, "nl")
    assert result.changes.to_markdown("nl") == (
        "# Wijzigingen\n\n## Koppelingen gewijzigd (1)\n\n"
        f"- [{B1_LABEL}](<{B1}>), `skos:relatedMatch`: "
        f"toegevoegd [think critically](<{ESCO}/7dd94ad3-13d6-43fe-8b94-51fcbf67ced9>)\n\n"
        "## Andere uitspraken gewijzigd (2)\n\n"
        f"- [{B1_LABEL}](<{B1}>), `skos:editorialNote` (@en): was “geen”, nu “{NOTE_EN}”\n"
        f"- [{B1_LABEL}](<{B1}>), `skos:editorialNote` (@nl): was “geen”, nu “{NOTE_NL}”\n"
    )
    after = snapshot(project)
    assert _changed(before, after) == ["mapping/esco.ttl"]
    assert after["mapping/esco.ttl"].decode() == before["mapping/esco.ttl"].decode() + (
        # in the file's style: every mapping of mapping/esco.ttl has its ESCO skill on its own line
        "\nindicator:bestuurssensitiviteit-1\n"
        "    skos:relatedMatch\n"
        f"        <{ESCO}/7dd94ad3-13d6-43fe-8b94-51fcbf67ced9> ;\n"
        "    skos:editorialNote\n"
        f'        "{NOTE_NL}"@nl,\n'
        f'        "{NOTE_EN}"@en .\n')


def test_mapping_sheet_shows_the_reasoning_of_each_mapping(tmp_path):
    """The reasoning (skos:editorialNote in mapping/esco.ttl, ours, editable) of a competency or
    indicator stands on its first row; its further rows have none of their own."""
    from openpyxl import load_workbook

    project, book = project_with_workbook(tmp_path)
    ws = load_workbook(book)["ESCO-koppelingen"]
    assert [c.value for c in ws[1]] == ["Competentie", "Relatie", "ESCO-vaardigheid", "ESCO-label (en)",
                                        "Toelichting (nl)", "Toelichting (en)"]
    assert ws["E2"].value == "herkomst: koppeling (van ons), bewerkbaar"
    assert [ws[f"{c}3"].value for c in "ABC"] == ["reflecteren", "narrowMatch", "409a0245-0e6c-4aac-ba16-0920ecb76a8d"]
    assert ws["E3"].value.startswith("Mapping van de redactie: ESCO “exercise self-reflection” (onze vertaling: "
                                      "zelfreflectie toepassen) is smaller dan Reflecteren")
    assert ws["F3"].value.startswith("Mapping by the editors: ESCO “exercise self-reflection” is narrower than")
    assert ws["E3"].protection.locked is False
    # conceptuele-flexibiliteit: three mappings, one note per language, on the first of its rows
    rows = [r for r in range(3, ws.max_row + 1) if ws[f"A{r}"].value == "conceptuele-flexibiliteit"]
    assert len(rows) == 3
    assert ws[f"E{rows[0]}"].value.startswith("Mapping van de redactie: verwant aan ESCO “think critically”")
    assert [ws[f"E{r}"].value for r in rows[1:]] == [None, None]


def test_a_new_mapping_without_reasoning_is_refused(tmp_path):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "ESCO-koppelingen", {}, append=[
        [B1, "relatedMatch", "7dd94ad3-13d6-43fe-8b94-51fcbf67ced9", None, NOTE_NL, None]])
    with pytest.raises(XlsxError) as caught:
        import_workbook(project, book, "nl")
    assert str(caught.value) == (
        "blad ESCO-koppelingen, rij 19, kolom Toelichting (en), cel F19: leeg, maar een nieuwe koppeling heeft een "
        "toelichting (taal en): waarom deze relatie met deze ESCO-vaardigheid (skos:editorialNote, van ons). Vul de "
        f"cel in.\nNiets geschreven: 1 fout(en) in {book}.")
    with pytest.raises(XlsxError) as caught:
        import_workbook(project, book, "en")
    assert str(caught.value) == (
        "sheet ESCO-koppelingen, row 19, column Toelichting (en), cell F19: empty, but a new mapping has its reasoning "
        "(language en): why this relation with this ESCO skill (skos:editorialNote, ours). Fill in the cell.\n"
        f"Nothing written: 1 error(s) in {book}.")
    assert snapshot(project) == before


def test_editing_and_emptying_the_reasoning(tmp_path):
    """An edited note replaces the one shown; a note emptied on the row that showed it goes."""
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "ESCO-koppelingen", {"E3": "Mapping van de redactie: smaller dan Reflecteren.", "F3": None})
    result = import_workbook(project, book, "nl")
    old_en = ("Mapping by the editors: ESCO “exercise self-reflection” is narrower than Reflecteren (skos:narrowMatch): "
              "the ESCO skill is about one's own professional development, the competency also covers reflection on the "
              "organisation and the domain, a learning team and organisational climate, and showing vulnerability.")
    old_nl = ("Mapping van de redactie: ESCO “exercise self-reflection” (onze vertaling: zelfreflectie toepassen) is "
              "smaller dan Reflecteren (skos:narrowMatch): de ESCO-vaardigheid gaat over de eigen professionele "
              "ontwikkeling, de competentie ook over reflectie op de organisatie en het domein, een lerend team- en "
              "organisatieklimaat en je kwetsbaar opstellen.")
    after = snapshot(project)
    assert _changed(before, after) == ["mapping/esco.ttl"]
    assert after["mapping/esco.ttl"].decode() == before["mapping/esco.ttl"].decode().replace(
        f'    skos:editorialNote\n        "{old_nl}"@nl,\n        "{old_en}"@en .\n',
        '    skos:editorialNote\n        "Mapping van de redactie: smaller dan Reflecteren."@nl .\n')
    # the change list compares the union of the files: Reflecteren's notes on its areas
    # (interpretatie/, read here with pyoxigraph) stay and are listed with the changed ones
    import pyoxigraph as ox

    interp = {t.object.language: t.object.value for t in ox.parse(
        (project.ontology_dir / "interpretatie" / "gebieden-per-competentie.ttl").read_bytes(),
        format=ox.RdfFormat.TURTLE)
        if t.subject.value == f"{ID}/competentie/reflecteren" and t.predicate.value.endswith("#editorialNote")}
    assert interp["nl"].startswith("Interpretatie van dit project") and interp["en"].startswith("Interpretation")
    reflecteren = f"[Reflecteren](<{ID}/competentie/reflecteren>), `skos:editorialNote`"
    assert result.changes.to_markdown("nl") == (
        "# Wijzigingen\n\n## Andere uitspraken gewijzigd (2)\n\n"
        f"- {reflecteren} (@en): was “{interp['en']} | {old_en}”, nu “{interp['en']}”\n"
        f"- {reflecteren} (@nl): was “{interp['nl']} | {old_nl}”, nu “{interp['nl']} | Mapping van de redactie: "
        "smaller dan Reflecteren.”\n")


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
     "blad Gedragsindicatoren, rij 33, kolom Competentie, cel C33: “leiderschap” bestaat niet als Competentie: "
     "het is geen naam op de keuzelijst en geen Nederlands label van een nieuwe rij op blad Competenties. Kies een "
     "waarde uit de keuzelijst (een nieuwe rij staat daarin met haar Nederlandse label)."),
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


def test_english_messages_quote_the_dutch_workbooks_own_values_and_headers(tmp_path):
    # --lang en on a Dutch workbook: the values and headers a message asks for are the ones
    # this workbook takes and shows (“verouderd”, “Vervangen door”), not the English
    # workbook's (“deprecated” typed here would itself be refused)
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "Gedragsindicatoren", {"I3": "weg", "I4": "verouderd", "J5": "reflecteren-1"})
    with pytest.raises(XlsxError) as caught:
        import_workbook(project, book, "en")
    assert str(caught.value) == (
        "sheet Gedragsindicatoren, row 3, column Status, cell I3: “weg” is not a valid value: choose “actief” or "
        "“verouderd”.\n"
        "sheet Gedragsindicatoren, row 4, column Vervangen door, cell J4: a deprecated row names its successor "
        "in “Vervangen door”. Choose the successor from the dropdown list.\n"
        "sheet Gedragsindicatoren, row 5, column Vervangen door, cell J5: only a deprecated row has a successor; "
        "set Status to “verouderd” or empty the cell.\n"
        f"Nothing written: 3 error(s) in {book}.")
    assert snapshot(project) == before


def test_the_lists_sheet_names_each_esco_skill_beside_its_id(tmp_path):
    # the ESCO dropdown offers ids only and the ESCO skills sheet shows only the skills
    # already cited: the lists sheet gives each id its English label (values from
    # sources/esco/transversal-skills-collection-esco-1.2.0-en.csv)
    from openpyxl import load_workbook

    _project, book = project_with_workbook(tmp_path)
    rows = list(load_workbook(book, read_only=True)["Lijsten"].iter_rows(values_only=True))
    assert rows[0][1:3] == ("esco", "esco-label (en)")
    labels = {row[1]: row[2] for row in rows[1:] if row[1]}
    assert labels["001115fb-569f-4ee6-8381-c6807ef2527f"] == "show initiative"
    assert labels["72d1fa5d-1b7f-48e7-84e3-6e779841ddf1"] == "demonstrate loyalty"
    assert all(labels.values())


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
        [B1, "relatedMatch", "7dd94ad3-13d6-43fe-8b94-51fcbf67ced9", None, NOTE_NL, NOTE_EN]])
    result = import_workbook(project, book, "nl")
    assert len(result.changes.changes) == 5  # label, area definition, mapping, its two notes
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
    s1 = f"{ID}/gedragsindicator/stressbestendigheid-1"
    edit(book, "ESCO-koppelingen", {}, append=[[s1, "relatedMatch", skill.rsplit("/", 1)[1], None,
                                               "Verwant: initiatief nemen.", "Related: taking the initiative."]])
    result = import_workbook(project, book, "nl")
    assert result.changes.to_markdown("nl") == (
        "# Wijzigingen\n\n## Toegevoegd (1)\n\n"
        f"- [show initiative](<{skill}>)\n\n"
        "## Koppelingen gewijzigd (1)\n\n"
        f"- [Blijft presteren onder druk](<{s1}>), `skos:relatedMatch`: toegevoegd "
        f"[show initiative](<{skill}>)\n\n"
        "## Andere uitspraken gewijzigd (2)\n\n"
        f"- [Blijft presteren onder druk](<{s1}>), `skos:editorialNote` (@en): was “geen”, nu "
        "“Related: taking the initiative.”\n"
        f"- [Blijft presteren onder druk](<{s1}>), `skos:editorialNote` (@nl): was “geen”, nu "
        "“Verwant: initiatief nemen.”\n"
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


# ------------------------------------------------------------------ new competencies and areas

PW = f"{ID}/competentie/publieke-waarde"
PW1 = f"{ID}/gedragsindicator/publieke-waarde-1"
MA = f"{ID}/gebied/maatschappelijk"


def _add_competency_indicator_and_area(book, by_label: bool = False):
    """A new competency and area, an indicator of our own under the competency (no source
    text, our Dutch definition in the last column) and a link between them. `by_label`: as a
    steward picks them in the dropdowns, where a new row is listed by its Dutch label; else
    by the code the import will mint."""
    competency = "Publieke waarde" if by_label else "publieke-waarde"
    edit(book, "Competenties", {}, append=[[
        None, None, None, "Publieke waarde", "Public value", "Publieke waarde voor de samenleving centraal stellen.",
        "Putting public value for society first.", "Interpretatie van dit project: 8.1 gaat over de samenleving.",
        "Interpretation by this project: 8.1 is about society.", "actief", None]])
    edit(book, "Gedragsindicatoren", {}, append=[[
        None, None, competency, None, None, "Weegt publieke waarde af", "Weighs public value",
        "You weigh what your choices mean for society.", "actief", None,
        "Je weegt af wat je keuzes betekenen voor de samenleving."]])
    edit(book, "Gebieden", {}, append=[[
        None, None, None, "maatschappelijk", "societal", "Gebied van gedrag gericht op de samenleving.",
        "Area of behaviour aimed at society."]])
    edit(book, "Gebieden per competentie", {}, append=[[competency, "maatschappelijk"]])


def test_add_a_competency_of_our_own_with_an_indicator_and_an_area(tmp_path):
    """New rows on Competenties and Gebieden: URI minted from the Dutch label (model.uris.name_of),
    registered with its UUID, typed in redactie/ as our addition (not the ABD's words: nothing
    in bron/), numbered after the others in redactie/notaties.ttl, a top concept of its scheme."""
    from competentieset.model.vocabulary import load
    from competentieset.validation import validate

    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    _add_competency_indicator_and_area(book)
    result = import_workbook(project, book, "nl")
    assert result.changes.to_markdown("nl") == (
        "# Wijzigingen\n\n## Toegevoegd (3)\n\n"
        f"- [Publieke waarde](<{PW}>)\n"
        f"- [maatschappelijk](<{MA}>)\n"
        f"- [Weegt publieke waarde af](<{PW1}>)\n\n"
        "## Verplaatst in de hiërarchie (2)\n\n"
        f"- [Competentieset voor publieke leiders](<{ID}/begrippenkader/competentieset>), `skos:hasTopConcept`: "
        f"toegevoegd [Publieke waarde](<{PW}>)\n"
        f"- [Gebieden van de competentieset voor publieke leiders](<{ID}/begrippenkader/gebieden>), "
        f"`skos:hasTopConcept`: toegevoegd [maatschappelijk](<{MA}>)\n"
    )
    after = snapshot(project)
    assert _changed(before, after) == ["interpretatie/gebieden-per-competentie.ttl",
                                       "redactie/labels-en-definities.ttl", "redactie/notaties.ttl",
                                       "uri-register.txt", "vertaling/en.ttl"]  # bron/ untouched
    redactie = after["redactie/labels-en-definities.ttl"].decode()
    assert redactie.endswith(
        "\ncompetentie:publieke-waarde\n"
        "    a skos:Concept, cs:Competentie ;\n"
        '    skos:prefLabel "Publieke waarde"@nl ;\n'
        '    skos:definition "Publieke waarde voor de samenleving centraal stellen."@nl ;\n'
        "    skos:inScheme kader:competentieset ;\n"
        "    skos:topConceptOf kader:competentieset ;\n"
        "    skos:narrower indicator:publieke-waarde-1 .\n\n"
        "indicator:publieke-waarde-1\n"
        "    a skos:Concept, cs:Gedragsindicator ;\n"
        '    skos:prefLabel "Weegt publieke waarde af"@nl ;\n'
        '    skos:definition "Je weegt af wat je keuzes betekenen voor de samenleving."@nl ;\n'
        "    skos:broader competentie:publieke-waarde ;\n"
        "    skos:inScheme kader:competentieset .\n\n"
        "gebied:maatschappelijk\n"
        "    a skos:Concept, cs:Gebied ;\n"
        '    skos:prefLabel "maatschappelijk"@nl ;\n'
        '    skos:definition "Gebied van gedrag gericht op de samenleving."@nl ;\n'
        "    skos:inScheme kader:gebieden ;\n"
        "    skos:topConceptOf kader:gebieden .\n")
    assert "    skos:hasTopConcept competentie:publieke-waarde .\n" in redactie
    assert "        gebied:bestuurlijk-organisatorisch,\n        gebied:maatschappelijk ;\n" in redactie
    assert after["redactie/notaties.ttl"].decode().endswith(
        '\ncompetentie:publieke-waarde\n    skos:notation "8" ;\n    cs:volgnummer 8 .\n\n'
        'indicator:publieke-waarde-1\n    skos:notation "8.1" ;\n    cs:volgnummer 1 .\n\n'
        'gebied:maatschappelijk\n    skos:notation "G6" ;\n    cs:volgnummer 6 .\n')
    register = after["uri-register.txt"].decode()
    for uri in (PW, PW1, MA):
        assert f"\n{uri} {uuid.uuid5(uuid.NAMESPACE_URL, uri)}\n" in register
    assert after["interpretatie/gebieden-per-competentie.ttl"].decode().endswith(
        "\ncompetentie:publieke-waarde\n    skos:editorialNote\n"
        '        "Interpretatie van dit project: 8.1 gaat over de samenleving."@nl,\n'
        '        "Interpretation by this project: 8.1 is about society."@en ;\n'
        "    cs:raaktGebied gebied:maatschappelijk .\n")
    assert validate(load(project), "nl").violations == []
    # exported again, the new rows are on their sheets (ours, after the source's) and a
    # round trip of that workbook changes nothing
    from openpyxl import load_workbook

    again = export_workbook(project, tmp_path / "again.xlsx", "nl")
    wb = load_workbook(again)
    assert [wb["Competenties"][f"{c}10"].value for c in "ACDE"] == [PW, "8", "Publieke waarde", "Public value"]
    assert [wb["Gedragsindicatoren"][f"{c}33"].value for c in "ACEF"] == [PW1, "publieke-waarde", None,
                                                                          "Weegt publieke waarde af"]
    assert wb["Gedragsindicatoren"]["K33"].value == "Je weegt af wat je keuzes betekenen voor de samenleving."
    assert wb["Gebieden"]["A8"].value == MA
    middle = snapshot(project)
    assert import_workbook(project, again, "nl").changes.to_markdown("nl") == "# Wijzigingen\n\nGeen wijzigingen.\n"
    assert snapshot(project) == middle


NEW_ROW_REFUSALS = [
    ("name taken", "Competenties", [None, None, None, "REFLECTEREN", "Reflecting anew", "Opnieuw reflecteren.",
                                    "Reflecting anew.", None, None, "actief", None],
     "blad Competenties, rij 10, kolom Label (nl), cel D10: de URI van dit label, "
     f"{ID}/competentie/reflecteren, is al uitgegeven. Kies een ander label (een uitgegeven URI krijgt nooit een "
     "andere betekenis)."),
    ("no name", "Gebieden", [None, None, None, "…", "none", "Geen.", "None."],
     "blad Gebieden, rij 8, kolom Label (nl), cel D8: van dit label is geen naam voor de URI te maken (kleine "
     "letters, cijfers, koppeltekens). Gebruik letters of cijfers."),
    ("neither source text nor own definition", "Gedragsindicatoren",
     [None, None, "reflecteren", None, None, "Leert van fouten", "Learns from mistakes", "You learn.", "actief"],
     "blad Gedragsindicatoren, rij 33, kolom Brontekst (nl), cel E33: leeg: een nieuwe gedragsindicator uit de bron "
     "heeft de letterlijke brontekst; een eigen indicator (niet van de ABD) heeft in plaats daarvan een definitie "
     "in “Definitie (nl, eigen indicator)”. Vul een van beide in."),
    ("own definition on a source indicator", "Gedragsindicatoren",
     [None, None, "reflecteren", None, "Je leert van fouten.", "Leert van fouten", "Learns from mistakes",
      "You learn.", "actief", None, "Eigen definitie."],
     "blad Gedragsindicatoren, rij 33, kolom Definitie (nl, eigen indicator), cel K33: alleen een eigen "
     "gedragsindicator (zonder brontekst) heeft hier een definitie; die van een indicator uit de bron is de "
     "brontekst zelf. Maak de cel leeg."),
]


@pytest.mark.parametrize("name,sheet,row,message", NEW_ROW_REFUSALS, ids=[r[0] for r in NEW_ROW_REFUSALS])
def test_new_row_refusals(tmp_path, name, sheet, row, message):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, sheet, {}, append=[row])
    with pytest.raises(XlsxError) as caught:
        import_workbook(project, book, "nl")
    assert str(caught.value) == f"{message}\nNiets geschreven: 1 fout(en) in {book}."
    assert snapshot(project) == before


def test_a_uri_copied_onto_another_row_is_refused_at_both(tmp_path):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "Gedragsindicatoren", {"A4": f"{ID}/gedragsindicator/reflecteren-1"})
    with pytest.raises(XlsxError) as caught:
        import_workbook(project, book, "nl")
    assert str(caught.value) == (
        "blad Gedragsindicatoren, rij 4, kolom URI, cel A4: deze URI staat ook op rij 3. Elk begrip staat één keer "
        "op het blad: verwijder een van beide rijen of zet de oorspronkelijke URI terug.\n"
        f"blad Gedragsindicatoren, rij 4, kolom URI, cel A4: de rij van {ID}/gedragsindicator/reflecteren-2 "
        "ontbreekt. Een uitgegeven URI mag nooit verdwijnen: zet de rij terug en zet Status op “verouderd” met een "
        f"opvolger in “Vervangen door”.\nNiets geschreven: 2 fout(en) in {book}.")
    assert snapshot(project) == before


def test_a_new_rows_refusal_is_reported_beside_other_rows_errors(tmp_path):
    # an error on an earlier row (here a malformed status) does not hide the checks of a new
    # row: the steward sees both in one run instead of the second only after fixing the first
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "Gedragsindicatoren", {"I3": "weg"}, append=[NEW_ROW_REFUSALS[2][2]])
    with pytest.raises(XlsxError) as caught:
        import_workbook(project, book, "nl")
    assert str(caught.value) == (
        "blad Gedragsindicatoren, rij 3, kolom Status, cel I3: “weg” is geen geldige waarde: kies “actief” of "
        f"“verouderd”.\n{NEW_ROW_REFUSALS[2][3]}\nNiets geschreven: 2 fout(en) in {book}.")
    assert snapshot(project) == before


@pytest.mark.parametrize("base", [None, "http://example.org/cs"], ids=["source base", "--base-uri"])
def test_change_list_is_the_diff_of_the_whole_vocabularies(tmp_path, base):
    """import-xlsx compares only the resources it changed (model.diff.diff_statements); the
    result equals `diff` of the two whole vocabularies loaded from disk (diff_vocabularies),
    also published under another base URI (rebased)."""
    import shutil

    from competentieset.model.config import load_project
    from competentieset.model.diff import diff_vocabularies
    from competentieset.model.vocabulary import load

    project, book = project_with_workbook(tmp_path)
    project = load_project(project.root, base)
    book = export_workbook(project, book, "nl")
    old_root = tmp_path / "old"
    shutil.copytree(project.root, old_root)
    _add_competency_indicator_and_area(book)
    edit(book, "Gedragsindicatoren", {"G3": "Reflects on own work", "I5": "verouderd", "J5": "reflecteren-1"})
    edit(book, "ESCO-koppelingen", {"E3": "Mapping van de redactie: smaller.", "C4": "7dd94ad3-13d6-43fe-8b94-51fcbf67ced9"})
    result = import_workbook(project, book, "nl")
    whole = diff_vocabularies(load(load_project(old_root, base)), load(project))
    assert len(whole.changes) == 10
    assert result.changes.to_json() == whole.to_json()
    assert (f"<{base or 'https://w3id.org/competentieset-publieke-leiders'}/id/competentie/publieke-waarde>"
            in result.changes.to_markdown("nl"))


def test_export_writes_the_same_workbook_as_styling_every_cell(tmp_path, monkeypatch):
    """The export's template cells per column (stewarding.xlsx._stream_styled_rows) write the
    same XML, part for part, as openpyxl's public path (a styled WriteOnlyCell per cell)."""
    import zipfile

    from competentieset.stewarding import xlsx

    project, book = project_with_workbook(tmp_path)
    monkeypatch.setattr(xlsx, "_fast_rows_supported", lambda ws: False)
    slow = export_workbook(project, tmp_path / "per-cell.xlsx", "nl")
    fast, slow = zipfile.ZipFile(book), zipfile.ZipFile(slow)
    assert fast.namelist() == slow.namelist()
    differ = [n for n in fast.namelist() if fast.read(n) != slow.read(n)]
    assert set(differ) <= {"docProps/core.xml"}  # at most its creation time
    assert len(fast.read("xl/worksheets/sheet4.xml")) > 50_000  # the indicators, styled cells and all


@pytest.mark.parametrize("label,name", [
    ("Reflecteren", "reflecteren"), ("Conceptuele flexibiliteit", "conceptuele-flexibiliteit"),
    ("Aansturen organisatie", "aansturen-organisatie"), ("bestuurlijk-organisatorisch", "bestuurlijk-organisatorisch"),
    ("Publieke waarde créëren", "publieke-waarde-creeren"), ("  Samen / werken!  ", "samen-werken"), ("…", ""),
])
def test_the_name_of_a_new_competency_or_area(label, name):
    """model.uris.name_of: the rule the source's names follow (each of the 7 competencies and
    5 areas is its Dutch label so written), applied to new ones."""
    from competentieset.model.uris import NAME, name_of

    assert name_of(label) == name
    assert name == "" or NAME.match(name)


# ------------------------------------------------------------------ new rows in the same workbook's dropdowns

ADDED_BY_LABEL = (
    "# Wijzigingen\n\n## Toegevoegd (3)\n\n"
    f"- [Publieke waarde](<{PW}>)\n"
    f"- [maatschappelijk](<{MA}>)\n"
    f"- [Weegt publieke waarde af](<{PW1}>)\n\n"
    "## Verplaatst in de hiërarchie (2)\n\n"
    f"- [Competentieset voor publieke leiders](<{ID}/begrippenkader/competentieset>), `skos:hasTopConcept`: "
    f"toegevoegd [Publieke waarde](<{PW}>)\n"
    f"- [Gebieden van de competentieset voor publieke leiders](<{ID}/begrippenkader/gebieden>), "
    f"`skos:hasTopConcept`: toegevoegd [maatschappelijk](<{MA}>)\n"
)


def _dropdown_values(original, resaved, sheet: str, cell: str) -> list:
    """The entries of the dropdown of `cell` as LibreOffice computed them: the range of its
    data validation (read with openpyxl from the export) in the resaved workbook (calamine)."""
    import re

    from openpyxl import load_workbook
    from openpyxl.utils import column_index_from_string
    from python_calamine import CalamineWorkbook

    ws = load_workbook(original)[sheet]
    formula = next(dv.formula1 for dv in ws.data_validations.dataValidation if cell in dv.sqref)
    lists, letter, first, last = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)", formula).groups()
    rows = CalamineWorkbook.from_path(str(resaved)).get_sheet_by_name(lists).to_python()
    column = column_index_from_string(letter) - 1
    return [rows[r - 1][column] if r - 1 < len(rows) and column < len(rows[r - 1]) else ""
            for r in range(int(first), int(last) + 1)]


def test_new_rows_are_in_the_dropdowns_of_the_same_workbook_in_libreoffice(tmp_path):
    """The dropdowns of competency and area list the sheets' resources by code and then each
    spare row's Dutch label (a formula LibreOffice computes on opening): a competency and an
    area added in the workbook can be picked for an indicator and a link in the same
    workbook; the import gives the label the URI it mints (a scripted edit, resaved by
    LibreOffice as a steward's would be)."""
    soffice = tools.find("soffice") or tools.require("libreoffice", "apt-get install -y libreoffice-calc-nogui")
    project, book = project_with_workbook(tmp_path)
    exported = tmp_path / "exported.xlsx"
    exported.write_bytes(book.read_bytes())
    before = snapshot(project)
    _add_competency_indicator_and_area(book, by_label=True)
    out = tmp_path / "resaved"
    out.mkdir()
    run = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless", "--calc",
         "--convert-to", "xlsx", "--outdir", str(out), str(book)], capture_output=True, text=True, timeout=180)
    resaved = out / book.name
    assert run.returncode == 0 and resaved.is_file(), run.stderr
    entries = _dropdown_values(exported, resaved, "Gedragsindicatoren", "C33")
    # the source's 7 competencies by code (as ontology/bron names them), then the 50 spare
    # rows of Competenties: the first one filled in
    assert entries == ["reflecteren", "bestuurssensitiviteit", "omgevingsbewustzijn", "conceptuele-flexibiliteit",
                       "gedeeld-leiderschap", "aansturen-organisatie", "stressbestendigheid",
                       "Publieke waarde"] + [""] * 49
    assert _dropdown_values(exported, resaved, "Gebieden per competentie", "B9") == [
        "sociaal-communicatief", "intellectueel", "taakgericht", "emotioneel", "bestuurlijk-organisatorisch",
        "maatschappelijk"] + [""] * 49
    result = import_workbook(project, resaved, "nl")
    assert result.changes.to_markdown("nl") == ADDED_BY_LABEL
    after = snapshot(project)
    assert _changed(before, after) == ["interpretatie/gebieden-per-competentie.ttl",
                                       "redactie/labels-en-definities.ttl", "redactie/notaties.ttl",
                                       "uri-register.txt", "vertaling/en.ttl"]
    assert "    skos:broader competentie:publieke-waarde ;\n" in after["redactie/labels-en-definities.ttl"].decode()
    assert after["interpretatie/gebieden-per-competentie.ttl"].decode().endswith(
        "    cs:raaktGebied gebied:maatschappelijk .\n")


def test_a_deprecated_indicator_replaced_by_a_new_row_further_down(tmp_path):
    """The successor is a new indicator on a row below: named by its Dutch label (as the
    dropdown lists it), resolved once the sheet's new rows have their URIs."""
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    edit(book, "Gedragsindicatoren", {"I5": "verouderd", "J5": "Leert van fouten"}, append=[[
        None, None, "reflecteren", None, "Je leert van fouten.", "Leert van fouten", "Learns from mistakes",
        "You learn from mistakes.", "actief", None]])
    result = import_workbook(project, book, "nl")
    r3, r4 = f"{ID}/gedragsindicator/reflecteren-3", f"{ID}/gedragsindicator/reflecteren-4"
    assert result.changes.to_markdown("nl") == (
        "# Wijzigingen\n\n## Toegevoegd (1)\n\n"
        f"- [Leert van fouten](<{r4}>)\n\n"
        "## Verouderd (1)\n\n"
        f"- [Heeft zelfinzicht](<{r3}>): vervangen door [Leert van fouten](<{r4}>)\n\n"
        "## Verplaatst in de hiërarchie (1)\n\n"
        f"- [Reflecteren](<{ID}/competentie/reflecteren>), `skos:narrower`: toegevoegd [Leert van fouten](<{r4}>); "
        f"verwijderd [Heeft zelfinzicht](<{r3}>)\n"
    )
    after = snapshot(project)
    assert _changed(before, after) == ["bron/competentieset.ttl", "redactie/labels-en-definities.ttl",
                                       "redactie/notaties.ttl", "uri-register.txt", "vertaling/en.ttl"]
    assert ('indicator:reflecteren-3\n    skos:prefLabel "Heeft zelfinzicht"@nl ;\n'
            "    dct:isReplacedBy indicator:reflecteren-4 ;\n    owl:deprecated true .\n"
            in after["redactie/labels-en-definities.ttl"].decode())


SAME_BOOK_REFUSALS = [
    ("a label no new row has", "Gedragsindicatoren", {}, [
        None, None, "Publieke waarden", None, None, "Denkt aan de samenleving", "Thinks of society",
        "You think of society.", "actief", None, "Je denkt aan de samenleving."],
     "blad Gedragsindicatoren, rij 34, kolom Competentie, cel C34: “Publieke waarden” bestaat niet als Competentie: "
     "het is geen naam op de keuzelijst en geen Nederlands label van een nieuwe rij op blad Competenties. Kies een "
     "waarde uit de keuzelijst (een nieuwe rij staat daarin met haar Nederlandse label)."),
    ("a successor no row has", "Gedragsindicatoren", {"I5": "verouderd", "J5": "Leert van fout"}, [
        None, None, "reflecteren", None, "Je leert van fouten.", "Leert van fouten", "Learns from mistakes",
        "You learn from mistakes.", "actief", None],
     "blad Gedragsindicatoren, rij 5, kolom Vervangen door, cel J5: “Leert van fout” bestaat niet als Vervangen "
     "door: het is geen naam op de keuzelijst en geen Nederlands label van een nieuwe rij op blad "
     "Gedragsindicatoren. Kies een waarde uit de keuzelijst (een nieuwe rij staat daarin met haar Nederlandse "
     "label)."),
    ("a link to an area no row has", "Gebieden per competentie", {}, ["Publieke waarde", "maatschappelijke"],
     "blad Gebieden per competentie, rij 25, kolom Gebied, cel B25: “maatschappelijke” bestaat niet als Gebied: het is "
     "geen naam op de keuzelijst en geen Nederlands label van een nieuwe rij op blad Gebieden. Kies een waarde uit "
     "de keuzelijst (een nieuwe rij staat daarin met haar Nederlandse label)."),
]


@pytest.mark.parametrize("name,sheet,changes,row,message", SAME_BOOK_REFUSALS, ids=[r[0] for r in SAME_BOOK_REFUSALS])
def test_a_reference_to_a_row_that_does_not_exist(tmp_path, name, sheet, changes, row, message):
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    _add_competency_indicator_and_area(book, by_label=True)
    edit(book, sheet, changes, append=[row])
    with pytest.raises(XlsxError) as caught:
        import_workbook(project, book, "nl")
    assert str(caught.value) == f"{message}\nNiets geschreven: 1 fout(en) in {book}."
    assert snapshot(project) == before


def test_a_reference_to_a_new_row_refused_on_its_own_adds_no_error_of_its_own(tmp_path):
    """The new competency lacks its English label: that cell is the one error; the indicator
    and the link that pick it by its label are not reported as naming nothing."""
    project, book = project_with_workbook(tmp_path)
    before = snapshot(project)
    _add_competency_indicator_and_area(book, by_label=True)
    edit(book, "Competenties", {"E10": None})
    with pytest.raises(XlsxError) as caught:
        import_workbook(project, book, "nl")
    assert str(caught.value) == (
        "blad Competenties, rij 10, kolom Label (en), cel E10: leeg, maar elke rij heeft een waarde in Label (en) "
        f"(taal en). Vul de cel in.\nNiets geschreven: 1 fout(en) in {book}.")
    assert snapshot(project) == before
