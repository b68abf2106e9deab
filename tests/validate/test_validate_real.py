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
        append="https://w3id.org/competentieset-publieke-leiders/id/competentie/verdwenen"
               " c631ad89-ef2e-5b74-a0cb-b43f2b3dce9a")])
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


# uuid.uuid5(uuid.NAMESPACE_URL, URI) of the URIs below, computed once with Python's uuid module
REFLECTEREN = "https://w3id.org/competentieset-publieke-leiders/id/competentie/reflecteren"
REFLECTEREN_UUID = "41e55332-80b2-5d78-9ff9-c9479e875ce1"


def _register_with(tmp_path, old_line: str, new_line: str):
    root = vf.make_project(tmp_path / "p", [])
    register = root / "ontology" / "uri-register.txt"
    text = register.read_text(encoding="utf-8")
    assert text.count(old_line + "\n") == 1
    register.write_text(text.replace(old_line + "\n", new_line + "\n"), encoding="utf-8")
    return validate_paths(config.load_project(root), None, "en")


def test_register_uuid_column_is_checked(tmp_path):
    """The second column must be the URI's v5 UUID, lowercase; the message gives the line."""
    line = f"{REFLECTEREN} {REFLECTEREN_UUID}"
    for case, wrong in enumerate((REFLECTEREN, f"{REFLECTEREN} {REFLECTEREN_UUID.upper()}",
                                  f"{REFLECTEREN} 00000000-0000-5000-8000-000000000000")):
        report = _register_with(tmp_path / str(case), line, wrong)
        assert [(f.rule, f.focus) for f in report.findings] == [("uri-register/uuid", REFLECTEREN)]
        assert report.findings[0].message["en"].endswith(f"Write the line as: {line}")
