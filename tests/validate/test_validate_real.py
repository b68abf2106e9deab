"""The real vocabulary validates clean, fast, without rdflib, and under another base URI."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import validate_fixtures as vf
from competentieset.model import config, vocabulary
from competentieset.validation import Report, validate, validate_paths


def test_real_vocabulary_has_no_findings():
    report = validate(vocabulary.load(config.load_project(vf.ROOT)))
    assert isinstance(report, Report)
    assert report.findings == [] and report.violations == [] and report.warnings == []
    assert not report.has_violations
    assert report.summary("nl") == "Geen bevindingen: het vocabulaire is geldig."
    assert report.summary("en") == "No findings: the vocabulary is valid."


def test_real_vocabulary_under_another_base():
    project = config.load_project(vf.ROOT, "https://example.org/competenties")
    report = validate_paths(project, None, "en")
    assert report.findings == [], report.to_text("en")


def test_register_is_checked_under_another_base(tmp_path):
    """Rebasing must not hide a removed URI (the register is written with the source base)."""
    root = vf.make_project(tmp_path / "p", [dict(file="uri-register.txt",
        append="https://w3id.org/competentieset-publieke-leiders/id/competentie/verdwenen")])
    project = config.load_project(root, "https://example.org/competenties")
    report = validate_paths(project, None, "en")
    assert [(f.rule, f.focus) for f in report.findings] == [
        ("uri-register/verwijderd", "https://example.org/competenties/id/competentie/verdwenen")]


def test_cli_exit_zero_and_input_untouched():
    files = sorted(p for d in ("ontology", "shapes") for p in (vf.ROOT / d).rglob("*") if p.is_file())
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in files]
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPETENTIESET_")}
    result = subprocess.run([sys.executable, "-m", "competentieset.cli", "--project", str(vf.ROOT),
                             "validate", "--strict"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Geen bevindingen" in result.stdout
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in files] == before


def test_validate_does_not_import_rdflib_or_pyshacl():
    code = ("import sys\nfrom competentieset.model import config\n"
            "from competentieset.validation import validate_paths\n"
            f"r = validate_paths(config.load_project(__import__('pathlib').Path({str(vf.ROOT)!r})), None)\n"
            "assert not r.findings\n"
            "print(sorted(m for m in ('rdflib', 'pyshacl') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_native_loading_equals_rebasing_loader():
    """vocabulary.load parses natively when no rebasing is needed; same quads either way."""
    import pyoxigraph as ox

    plain = vocabulary.load(config.load_project(vf.ROOT))
    other = config.load_project(vf.ROOT, "https://example.org/x")
    rebased = vocabulary.load(other)
    back = {str(q).replace(other.base + "/", other.source_base + "/")
            for q in rebased.store.quads_for_pattern(None, None, None, None)}
    assert back == {str(q) for q in plain.store.quads_for_pattern(None, None, None, None)}
    assert len(back) == len(plain.store) > 1000
    assert isinstance(next(iter(plain.store)).graph_name, ox.NamedNode)
