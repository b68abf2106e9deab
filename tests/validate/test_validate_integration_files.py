"""The pre-commit hooks, the CI example and the stewards' guide say what the tool does."""

from __future__ import annotations

import re

import validate_fixtures as vf
import yaml
from competentieset import cli


def test_pre_commit_hooks_run_validate():
    hooks = yaml.safe_load((vf.ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"competentieset-validate", "competentieset-validate-strict"}
    for hook in hooks:
        words = hook["entry"].split()
        assert words[0] == "competentieset" and words[1] in cli.COMMANDS
        assert hook["pass_filenames"] is False and hook["language"] == "python"
        assert re.search(hook["files"], "ontology/bron/competentieset.ttl")
        assert re.search(hook["files"], "shapes/nl-sbb.ttl")


def test_ci_example_validates_and_annotates():
    workflow = yaml.safe_load((vf.ROOT / "examples" / "ci" / "github-actions-validate.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    script = "\n".join(step.get("run", "") for step in steps)
    assert "competentieset validate --format json" in script
    assert "::error file=" not in script or "file=\\(.file" in script
    assert "competentieset diff" in script


def test_guides_show_real_output(tmp_path):
    """The report excerpts in the guides are what validate prints for that change."""
    from competentieset.model import config, vocabulary
    from competentieset.validation import validate

    nl = (vf.ROOT / "site" / "nl" / "beheerders.md").read_text(encoding="utf-8")
    root = vf.make_project(tmp_path / "nl", [dict(file="bron/competentieset.ttl",
        find='zienswijzen."@nl ;\n    skos:broader competentie:reflecteren ;\n',
        replace='zienswijzen."@nl ;\n')])
    text = validate(vocabulary.load(config.load_project(root)), "nl").to_text("nl")
    assert text.strip() in nl
    en = (vf.ROOT / "site" / "en" / "data-stewards.md").read_text(encoding="utf-8")
    root = vf.make_project(tmp_path / "en", [dict(file="redactie/labels-en-definities.ttl",
        find='skos:prefLabel "Heeft zelfinzicht"@nl', replace='skos:prefLabel "Heeft  zelfinzicht"@nl')])
    text = validate(vocabulary.load(config.load_project(root)), "en").to_text("en")
    assert text.strip() in en
