"""Broken inputs through the command line: exit code, rule, file, line, readable message,
no traceback, and the input files left untouched."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import validate_fixtures as vf

CASES = vf.load_cases("corpus.toml")


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("COMPETENTIESET_PROJECT", None)
    env.pop("COMPETENTIESET_BASE_URI", None)
    return subprocess.run(
        [sys.executable, "-m", "competentieset.cli", "--project", str(root), "validate", *args],
        capture_output=True, text=True, env=env, cwd=root, timeout=120,
    )


def digest(root: Path) -> dict:
    """Every file of the project but validate's record of its findings (.build-cache/, not
    published; validation/limited.py), which is all validate may write."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] != ".build-cache"}


def block_line(path: Path, block: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    # a block is a line of its own (Turtle) or the first field of a line (URI register: URI UUID)
    return next(i for i, line in enumerate(lines, start=1) if line == block or line.startswith(block + " "))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_broken_input(case, tmp_path):
    root = vf.make_project(tmp_path / "project", case["edits"])
    before = digest(root)
    result = run_cli(root, "--format", "json")
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == case["exit"], result.stdout + result.stderr
    if "error_line_text" in case:
        path = root / case["error_file"]
        line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                    if case["error_line_text"] in text)
        # relative to the project, at the line to fix
        assert result.stderr.startswith(f"{case['error_file']}:{line}:"), result.stderr
        data = json.loads(result.stdout)
        assert data["line"] == line and data["column"] is not None
        assert data["file"] == case["error_file"]
    if "error_text" in case:
        assert case["error_text"] in result.stderr
    if "error_text_en" in case:
        english = run_cli(root, "--lang", "en")
        assert english.returncode == 2 and case["error_text_en"] in english.stderr, english.stderr
    if case["exit"] != 2:
        data = json.loads(result.stdout)
        if not case.get("expect"):
            assert data["findings"] == []
        for expected in case.get("expect", []):
            matches = [f for f in data["findings"] if f["rule"] == expected["rule"]
                       and f["file"] == expected["file"]
                       and f["line"] == block_line(root / expected["file"], expected["block"])]
            assert matches, json.dumps(data["findings"], indent=1, ensure_ascii=False)
            for f in matches:
                assert f["severity"] == expected.get("severity", "Violation")
                assert f["messages"]["nl"] and f["messages"]["en"]
                assert expected.get("message", "") in f["message"]
        # the text report names file:line, label and rule, and ends with the summary
        text = run_cli(root)
        assert "Traceback" not in text.stderr + text.stdout
        for expected in case.get("expect", []):
            line = block_line(root / expected["file"], expected["block"])
            assert f"{expected['file']}:{line}:" in text.stdout
            assert expected["rule"] in text.stdout
        last = text.stdout.strip().splitlines()[-1]
        assert ("overtreding" in last) or ("Geen bevindingen" in last)
        if "strict_exit" in case:
            assert run_cli(root, "--strict").returncode == case["strict_exit"]
    assert digest(root) == before, "validate changed its input"


def test_english_messages(tmp_path):
    case = next(c for c in CASES if c["name"] == "indicator-without-competency")
    root = vf.make_project(tmp_path / "project", case["edits"])
    result = run_cli(root, "--lang", "en")
    assert result.returncode == 1
    assert "Behavioural indicator does not belong to exactly one competency" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("1 violation, 0 warnings")


def test_turtle_report_is_a_shacl_report(tmp_path):
    import pyoxigraph as ox

    case = next(c for c in CASES if c["name"] == "skos-typo")
    root = vf.make_project(tmp_path / "project", case["edits"])
    result = run_cli(root, "--format", "turtle")
    assert result.returncode == 1
    store = ox.Store()
    store.load(result.stdout.encode(), format=ox.RdfFormat.TURTLE)
    rows = list(store.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus ?shape ?severity WHERE {
          ?report a sh:ValidationReport ; sh:conforms false ; sh:result ?r .
          ?r sh:focusNode ?focus ; sh:sourceShape ?shape ; sh:resultSeverity ?severity ;
             sh:sourceConstraintComponent ?component ; sh:resultMessage ?message .
        }"""))
    shapes = {row["shape"].value.rsplit("/", 1)[-1] for row in rows}
    assert {"Resource-skosTerm", "EigenBegrip-prefLabelNlEn"} <= shapes
    assert run_cli(root, "--format", "turtle").stdout == result.stdout  # deterministic
    as_json = run_cli(root, "--format", "json").stdout
    assert run_cli(root, "--format", "json").stdout == as_json


def test_paths_and_missing_path(tmp_path):
    root = vf.make_project(tmp_path / "project")
    ok = run_cli(root, str(root / "ontology"))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    single = run_cli(root, str(root / "ontology" / "bron" / "competentieset.ttl"))
    assert "Traceback" not in single.stderr and single.returncode in (0, 1)
    missing = run_cli(root, str(root / "nope.ttl"))
    assert missing.returncode == 2 and "nope.ttl" in missing.stderr
    (root / "leeg").mkdir()
    empty = run_cli(root, str(root / "leeg"))
    assert empty.returncode == 2 and "no Turtle files" in empty.stderr


def test_unreadable_inputs_give_exit_2_without_traceback(tmp_path):
    root = vf.make_project(tmp_path / "project")
    path = root / "ontology" / "vertaling" / "en.ttl"
    path.write_bytes(path.read_bytes() + b'\nindicator:reflecteren-1 skos:scopeNote "\xff\xfe"@nl .\n')
    result = run_cli(root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("ontology/vertaling/en.ttl:")  # relative to the project
    assert "sla het bestand op als UTF-8" in result.stderr
    shapes = vf.make_project(tmp_path / "shapes")
    nl_sbb = shapes / "shapes" / "nl-sbb.ttl"
    nl_sbb.write_text(nl_sbb.read_text(encoding="utf-8").replace("sh:minCount 1 ;", "sh:mincount 1 ;", 1),
                      encoding="utf-8")
    result = run_cli(shapes)
    assert result.returncode == 2 and "sh:mincount" in result.stderr and "Traceback" not in result.stderr
