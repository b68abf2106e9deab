"""What a build starts ahead (build.STARTED_AHEAD): the site's MkDocs runner starts with the
build, before the vocabulary is loaded, serves the site stage, and is gone when the build
ends, whichever way it ends; a build without the site starts none."""

from __future__ import annotations

import pytest
from build_helpers import copy_project
from competentieset.model import vocabulary
from competentieset.model.config import load_project
from competentieset.publication import build
from competentieset.site import mkdocs_runner

from tests.processes import alive_in_group


@pytest.fixture
def events(monkeypatch):
    """The order of runner starts and vocabulary loads; the runners started."""
    seen: list = []
    real_start, real_load = mkdocs_runner.start, vocabulary.load

    def start(*args, **kwargs):
        runner = real_start(*args, **kwargs)
        seen.append(("runner", runner))
        return runner

    def load(project):
        seen.append(("load", None))
        return real_load(project)

    monkeypatch.setattr(mkdocs_runner, "start", start)
    monkeypatch.setattr(vocabulary, "load", load)
    return seen


def _runners(events):
    return [runner for kind, runner in events if kind == "runner"]


def test_the_runner_starts_before_the_vocabulary_is_loaded_and_builds_the_site(tmp_path, events):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project)
    assert [kind for kind, _ in events] == ["runner", "load"]  # one runner, for both languages
    [runner] = _runners(events)
    assert runner.orders == 2  # the Dutch and the English site
    assert runner.process.returncode == 0
    assert alive_in_group(runner.process.pid) == []
    www = project.build_dir / "www"
    assert (www / "index.html").is_file() and (www / "en" / "index.html").is_file()


def test_a_build_that_fails_validation_stops_the_runner(tmp_path, events):
    project = load_project(copy_project(tmp_path / "p"))
    path = project.ontology_dir / "redactie" / "labels-en-definities.ttl"
    with path.open("a", encoding="utf-8") as handle:  # NL-SBB: a definition is required
        handle.write('\ngebied:zonder\n    a skos:Concept, cs:Gebied ;\n'
                     '    skos:prefLabel "zonder"@nl ;\n    skos:inScheme kader:gebieden .\n')
    with pytest.raises(build.ValidationFailed):
        build.build(project)
    [runner] = _runners(events)
    assert runner.orders == 0
    assert runner.process.returncode is not None  # ended with the build, not left waiting
    assert alive_in_group(runner.process.pid) == []
    assert not project.build_dir.exists()


def test_a_build_without_the_site_starts_no_runner(tmp_path, events):
    project = load_project(copy_project(tmp_path / "p"))
    build.build(project, stages=[s for s in build.BUILD_STAGES if s[0] != "site"])
    assert [kind for kind, _ in events] == ["load"]
    assert not (project.build_dir / "www" / "index.html").exists()
