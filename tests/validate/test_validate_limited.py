"""Validation limited to what a change can affect (validation/limited.py) gives exactly the
findings of the full validation.

The changes are made as Turtle edits of the real vocabulary (validate_fixtures), the
statements added and removed are computed here by comparing the two loaded stores (not by
the import), and the full validation of the state after the change is the expected result.
The edits include bad ones whose findings fall on resources the edit did not touch (a
duplicate label across an unchanged resource, a removed parent, a successor deprecated
under an unchanged resource, a mapping target moved into our scheme, a broader cycle closed
by one link), and a state before that already had a finding elsewhere. A test also shows
that a weaker limit (every constraint treated as reading only its focus node's own
statements) misses findings here, so these comparisons can fail."""

from __future__ import annotations

import subprocess
import sys

import pytest
import validate_fixtures as vf
from competentieset.model import config, vocabulary
from competentieset.validation import limited, reach, validate
from competentieset.validation.limited import Limit, Record
from competentieset.validation.shapes import SH, parse_shapes

ID = "https://w3id.org/competentieset-publieke-leiders/id"
LABELS = "redactie/labels-en-definities.ttl"

# (name, edits of the state before, edits of the state after on top of them, expected focus
# nodes of the findings after: written out from the edit, so a comparison of two empty
# reports cannot pass for one)
CHANGES = [
    ("duplicate label across an unchanged resource", [], [
        {"file": LABELS, "find": '"Creëert een reflectief en veilig leerklimaat"@nl',
         "replace": '"Reflecteert op eigen functioneren, organisatie en domein"@nl'}],
     {f"{ID}/gedragsindicator/reflecteren-1", f"{ID}/gedragsindicator/reflecteren-2"}),
    ("removed parent", [], [
        {"file": "bron/competentieset.ttl", "remove_block": "competentie:reflecteren"}],
     {f"{ID}/competentie/reflecteren", f"{ID}/gedragsindicator/reflecteren-1",
      f"{ID}/gedragsindicator/reflecteren-2", f"{ID}/gedragsindicator/reflecteren-3",
      f"{ID}/begrippenkader/competentieset"}),  # its hasTopConcept names a resource without type
    ("successor deprecated under an unchanged resource", [
        {"file": LABELS, "append": "indicator:reflecteren-3 dct:isReplacedBy indicator:reflecteren-2 ."}], [
        {"file": LABELS, "append": "indicator:reflecteren-2 owl:deprecated true ; "
                                   "dct:isReplacedBy indicator:reflecteren-1 ."}],
     None),
    ("a broken link", [], [
        {"file": LABELS, "append": "indicator:reflecteren-1 owl:deprecated true ; "
                                   "dct:isReplacedBy indicator:bestaat-niet ."}],
     None),
    ("mapping target moved into our scheme", [], [
        {"file": "extern/esco.ttl",
         "append": "<http://data.europa.eu/esco/skill/05aa7c09-46e7-433f-a81b-92841f4551e7> "
                   "<http://www.w3.org/2004/02/skos/core#inScheme> "
                   f"<{ID}/begrippenkader/competentieset> ."}],
     None),
    ("a broader cycle closed by one link", [
        {"file": LABELS, "append": "competentie:reflecteren skos:broader competentie:bestuurssensitiviteit .\n"
                                   "competentie:bestuurssensitiviteit skos:broader competentie:omgevingsbewustzijn .\n"
                                   "competentie:omgevingsbewustzijn skos:broader competentie:conceptuele-flexibiliteit ."}], [
        {"file": LABELS, "append": "competentie:conceptuele-flexibiliteit skos:broader competentie:reflecteren ."}],
     None),
    # the state before had a finding the edit does not touch: it is reported again
    ("a finding elsewhere before, a good edit now", [
        {"file": LABELS, "find": '"Creëert een reflectief en veilig leerklimaat"@nl',
         "replace": '"Creëert een reflectief en veilig leerklimaat "@nl'}], [
        {"file": "vertaling/en.ttl", "find": '"Reflects on own performance, organisation and domain"@en',
         "replace": '"Reflects on own work, organisation and domain"@en'}],
     {f"{ID}/gedragsindicator/reflecteren-2"}),
]


def _state(tmp_path, name, edits):
    root = vf.make_project(tmp_path / name, edits)
    project = config.load_project(root)
    vocab = vocabulary.load(project)
    return project, vocab, validate(vocab, "en")


def _limited_and_full(tmp_path, before_edits, after_edits):
    _, old_vocab, old_report = _state(tmp_path, "before", before_edits)
    _, new_vocab, full = _state(tmp_path, "after", before_edits + after_edits)
    old, new = set(old_vocab.store), set(new_vocab.store)
    record = Record("test", tuple(sorted({f.focus for f in old_report.findings})), True)
    limit = Limit.of(new_vocab, list(new - old), list(old - new), record)
    assert limit is not None, "the shortcut was not taken"
    return validate(new_vocab, "en", limit=limit), full, old_report, limit


@pytest.mark.parametrize("name,before,after,foci", CHANGES, ids=[c[0] for c in CHANGES])
def test_limited_validation_finds_exactly_what_the_full_one_finds(tmp_path, name, before, after, foci):
    got, full, old_report, limit = _limited_and_full(tmp_path, before, after)
    assert full.has_violations or full.findings, "the edit was meant to give findings"
    if foci is not None:
        assert {f.focus for f in full.findings} == foci, full.to_text("en")
    assert [f.as_dict("en") for f in got.findings] == [f.as_dict("en") for f in full.findings]
    assert limit.checked > 100  # most constraints ran on a list of focus nodes, not whole


def test_a_weaker_limit_misses_findings(tmp_path, monkeypatch):
    """Every constraint run on the edited statements' own nodes only (as if nothing read a
    neighbour): the comparison above fails for the edits whose findings are on neighbours."""
    missed = []
    nodes = Limit.nodes
    monkeypatch.setattr(Limit, "nodes", lambda self, r: nodes(self, "own"))
    for i, (name, before, after, _) in enumerate(CHANGES):
        got, full, _, _ = _limited_and_full(tmp_path / str(i), before, after)
        if [f.as_dict("en") for f in got.findings] != [f.as_dict("en") for f in full.findings]:
            missed.append(name)
    # (the removed parent's children are named by its own skos:narrower, the cycle's other
    # members had findings before: those are found either way)
    assert missed == ["duplicate label across an unchanged resource",
                      "successor deprecated under an unchanged resource", "mapping target moved into our scheme"]


CASES = vf.load_cases("constraints.toml")
# the cases that change the catalog (named graphs, their kind of provenance) or the model's
# flags: limiting is not shown equal there, so the full validation runs
CATALOG_RULES = ("competentieprofiel/Deelgraaf-", "competentieprofiel/Herkomstsoort-")


def test_every_constraints_failing_case(tmp_path):
    """Each constraint's failing case (fixtures/constraints.toml) as a change of the clean
    vocabulary: the limited validation finds what the full one finds."""
    _, clean, clean_report = _state(tmp_path, "clean", [])
    assert clean_report.findings == []
    old = set(clean.store)
    record = Record("test", (), True)
    mismatched, fell_back = [], []
    for i, case in enumerate(CASES):
        _, vocab, full = _state(tmp_path, f"case{i}", case["edits"])
        new = set(vocab.store)
        limit = Limit.of(vocab, list(new - old), list(old - new), record)
        if limit is None:
            fell_back.append(case["rule"])
            continue
        got = validate(vocab, "en", limit=limit)
        if [f.as_dict("en") for f in got.findings] != [f.as_dict("en") for f in full.findings]:
            mismatched.append(vf.primary(case))
    assert mismatched == []
    assert fell_back and all(rule.startswith(CATALOG_RULES) for rule in fell_back), fell_back
    assert len(fell_back) == sum(1 for c in CASES if c["rule"].startswith(CATALOG_RULES))


def test_no_record_or_a_record_of_another_state_means_the_full_validation(tmp_path):
    project, vocab, report = _state(tmp_path, "p", [])
    key = limited.state_key(project, limited.read_ontology_digest(project))
    assert limited.load_record(project, key) is None  # none kept yet
    limited.save_record(project, key, report)
    assert limited.load_record(project, key) == Record(key, (), True)
    # another state of ontology/: another key
    vf.apply_edits(project.root, [{"file": LABELS, "append": "indicator:reflecteren-1 skos:altLabel \"x\"@nl ."}])
    assert limited.state_key(project, limited.read_ontology_digest(project)) != key
    # other shapes: another key
    shapes = project.shapes_dir / "skos-integriteit.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert limited.state_key(project, limited.read_ontology_digest(project)) != key
    assert Limit.of(vocab, [], [], None) is None


def test_the_state_digest_is_the_workbooks_fingerprint(tmp_path):
    """The digest of ontology/ (validate's record key, export-xlsx's fingerprint, as before
    the record existed): sha256 over each catalog file's relative path and text as
    read_text reads it (universal newlines, so a file saved with CRLF counts as its text),
    in path order, then the URI register's bytes. Computed here by hand."""
    import hashlib

    from competentieset.stewarding.xlsx import Files

    root = vf.make_project(tmp_path / "p", [])
    crlf = root / "ontology" / LABELS
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    project = config.load_project(root)
    expected = hashlib.sha256()
    for path in sorted((root / "ontology").rglob("*.ttl"), key=lambda p: p.relative_to(root / "ontology").as_posix()):
        rel = path.relative_to(root / "ontology").as_posix()
        expected.update(rel.encode() + b"\0" + path.read_text(encoding="utf-8").encode("utf-8") + b"\0")
    expected.update((root / "ontology" / "uri-register.txt").read_bytes())
    assert limited.read_ontology_digest(project) == expected.hexdigest()
    assert Files.read(project, blocks=False).fingerprint() == expected.hexdigest()


def test_validate_command_keeps_the_record(tmp_path):
    root = vf.make_project(tmp_path / "p", [])
    run = subprocess.run([sys.executable, "-m", "competentieset.cli", "--project", str(root), "validate"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    project = config.load_project(root)
    record = limited.load_record(project, limited.state_key(project, limited.read_ontology_digest(project)))
    assert record is not None and record.foci == () and record.complete


def test_every_sparql_query_of_shapes_is_classified():
    """Every sh:select of shapes/ (constraints and targets) has its reach in reach.SPARQL.
    An edited or new query runs on every focus node (correct, but the import's validation
    is no longer limited for it): read it, classify it and add its digest."""
    project = config.load_project(vf.ROOT)
    sg = parse_shapes(project)
    import pyoxigraph as ox

    missing = []
    for q in sg.store.quads_for_pattern(None, ox.NamedNode(SH + "select"), None, None):
        if reach.digest(q.object.value, project.base) not in reach.SPARQL:
            missing.append(q.object.value.strip().splitlines()[0:3])
    assert missing == []
    assert set(reach.SPARQL) <= {reach.digest(q.object.value, project.base)
                                 for q in sg.store.quads_for_pattern(None, ox.NamedNode(SH + "select"), None, None)}
