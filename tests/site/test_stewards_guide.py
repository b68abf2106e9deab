"""Every recipe of the stewards' guide runs, in order, on a copy of the project in a
temporary git repository whose release 0.1.0 is published: the ```sh blocks starting with
`# recipe:` (site/en/data-stewards.md) or `# recept:` (site/nl/beheerders.md) are run with
bash, and the ```turtle templates starting with `# add to <file>` / `# toevoegen aan <file>`
are pasted at the end of that file, as a steward would."""

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

GUIDES = {"en": ("site/en/data-stewards.md", "# recipe:", "# add to "),
          "nl": ("site/nl/beheerders.md", "# recept:", "# toevoegen aan ")}
BLOCK = re.compile(r"```(sh|turtle)\n(.*?)```", re.S)


def recipes(lang):
    """(kind, name or file, block) in the guide's order: ("sh", name, script) or
    ("turtle", file, template)."""
    path, marker, paste = GUIDES[lang]
    text = (ROOT / path).read_text(encoding="utf-8")
    out = []
    for kind, body in BLOCK.findall(text):
        first = body.splitlines()[0]
        if kind == "sh" and first.startswith(marker):
            out.append(("sh", first[len(marker):].strip(), body))
        elif kind == "turtle" and first.startswith(paste):
            out.append(("turtle", first[len(paste):].strip(), body))
    return out


def test_the_guides_have_the_same_recipes():
    nl, en = recipes("nl"), recipes("en")
    assert [(k, n if k == "turtle" else "") for k, n, _ in nl] == [(k, n if k == "turtle" else "") for k, n, _ in en]
    assert [b.count("\n") for _, _, b in nl] == [b.count("\n") for _, _, b in en]
    assert len([k for k, _, _ in en if k == "sh"]) == 7


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_recipe_runs(lang, tmp_path):
    root = copy_project(tmp_path / "project")
    # a steward's clone has the project's .gitignore (build/ and .build-cache/ stay out of git)
    (root / ".gitignore").write_bytes((ROOT / ".gitignore").read_bytes())
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
    for kind, name, body in recipes(lang):
        if kind == "turtle":
            target = root / name
            target.write_text(target.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + body,
                              encoding="utf-8")
            continue
        result = sh(body)
        assert result.returncode == 0, f"recipe {name}:\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr
    web = root / "build" / "www"
    changes = json.loads((web / "versie/0.2.0/doc/download/wijzigingen.json").read_text(encoding="utf-8"))
    got = changes["changes"]
    assert [(c["property"], c["old"], c["new"]) for c in got["relabelled"]] == [
        ("skos:prefLabel", ["Reflection"], ["Reflecting"])]
    base = "https://w3id.org/competentieset-publieke-leiders/id/gedragsindicator/"
    assert [c["uri"] for c in got["added"]] == [base + "reflecteren-4", base + "reflecteren-5"]
    assert [(c["uri"], c["new"]) for c in got["deprecated"]] == [
        (base + "stressbestendigheid-2", [base + "stressbestendigheid-1"])]
    # our own indicator is shown as ours, outside the block of the source's indicators
    page = (web / "doc/competentie/reflecteren.html").read_text(encoding="utf-8")
    source_block, _, own_block = page.partition("Toegevoegd door dit project, niet door de ABD")
    assert "gedragsindicator/reflecteren-5.html" in own_block
    assert "gedragsindicator/reflecteren-5.html" not in source_block.rpartition("Letterlijk uit de bron")[2]
    assert "gedragsindicator/reflecteren-4.html" in source_block.rpartition("Letterlijk uit de bron")[2]
    assert (web / "versie/0.1.0/manifest.sha256").is_file()
    # the site's Versions page has each release's changes, the earlier one from its own release
    prefix = "" if lang == "nl" else "en/"
    newer = (web / f"{prefix}wijzigingen/0.2.0.html").read_text(encoding="utf-8")
    older = (web / f"{prefix}wijzigingen/0.1.0.html").read_text(encoding="utf-8")
    assert "Reflecting" in newer and "reflecteren-5" in newer
    assert ("Dit is de eerste release." if lang == "nl" else "This is the first release.") in older
    assert "0.2.0,2026-12-15," in (root / "ontology" / "releases.csv").read_text(encoding="utf-8")
    assert subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True,
                          text=True).stdout.strip() == ""
