"""Every recipe of the stewards' guide (the ```sh blocks starting with `# recipe:` in
site/en/data-stewards.md and `# recept:` in site/nl/beheerders.md) runs, in order, on a copy
of the project in a temporary git repository whose release 0.1.0 is published."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from project_copy import ROOT, copy_project  # noqa: E402

GUIDES = {"en": ("site/en/data-stewards.md", "# recipe:"), "nl": ("site/nl/beheerders.md", "# recept:")}
BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def recipes(lang):
    path, marker = GUIDES[lang]
    text = (ROOT / path).read_text(encoding="utf-8")
    return [(b.splitlines()[0][len(marker):].strip(), b) for b in BLOCK.findall(text) if b.startswith(marker)]


def test_the_guides_have_the_same_recipes():
    assert [b.count("\n") for _, b in recipes("nl")] == [b.count("\n") for _, b in recipes("en")]
    assert len(recipes("en")) == 3


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_recipe_runs(lang, tmp_path):
    root = copy_project(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPETENTIESET_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", CI="true",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")

    def sh(script):
        return subprocess.run(["bash", "-e", "-c", script], cwd=root, env=env, capture_output=True,
                              text=True, timeout=600)

    # setup (not part of the guide): a repository whose 0.1.0 is published at its first commit
    (root / "ontology" / "releases.csv").write_text("version,date,commit,published\n0.1.0,2026-11-30,,false\n",
                                                    encoding="utf-8")
    setup = sh("git init -q && git add -A && git commit -qm start && competentieset release --publish "
               "&& git commit -qam 'publish 0.1.0'")
    assert setup.returncode == 0, setup.stderr
    for name, script in recipes(lang):
        result = sh(script)
        assert result.returncode == 0, f"recipe {name}:\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr
    web = root / "build" / "www"
    changes = json.loads((web / "versie/0.2.0/doc/download/wijzigingen.json").read_text(encoding="utf-8"))
    assert [(c["property"], c["old"], c["new"]) for c in changes["changes"]["relabelled"]] == [
        ("skos:prefLabel", ["Reflection"], ["Reflecting"])]
    assert (web / "versie/0.1.0/manifest.sha256").is_file()
    assert "0.2.0,2026-12-15," in (root / "ontology" / "releases.csv").read_text(encoding="utf-8")
    assert subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True,
                          text=True).stdout.strip() == ""
