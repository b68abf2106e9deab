"""The MkDocs runner (site/mkdocs_runner.py): one process, loaded once, builds each order
in a forked child with exactly the order's environment, reports each build's exit status
and output in order, and stop() ends it together with the builds it started."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from competentieset.site import mkdocs_runner

from tests.processes import alive_in_group

# a hook that records the environment the build ran in (and, when asked, waits)
HOOK = '''
import json, os, time

def on_config(config):
    with open(os.environ["CS_TEST_RECORD"], "w") as handle:
        json.dump({"mark": os.environ.get("CS_TEST_MARK"),
                   "runner_only": os.environ.get("CS_TEST_RUNNER_ONLY")}, handle)
    time.sleep(float(os.environ.get("CS_TEST_WAIT", "0")))
    return config
'''


def _project(folder: Path, page: str) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(page, encoding="utf-8")
    (folder / "hook.py").write_text(HOOK, encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(json.dumps({
        "site_name": "T", "site_url": "https://example.org/", "docs_dir": str(folder / "docs"),
        "site_dir": str(folder / "site"), "hooks": [str(folder / "hook.py")]}), encoding="utf-8")
    return config


def test_each_order_is_built_in_its_own_environment_and_reported_in_order(tmp_path):
    good = _project(tmp_path / "good", "# Hallo\n")
    bad = _project(tmp_path / "bad", "# Hallo\n\n[kapot](ontbreekt.md)\n")
    runner = mkdocs_runner.start({**os.environ, "CS_TEST_RUNNER_ONLY": "1"})
    base = {k: v for k, v in os.environ.items() if not k.startswith("CS_TEST_")}
    runner.order(["build", "--strict", "-f", str(good)],
                 {**base, "CS_TEST_MARK": "nl", "CS_TEST_RECORD": str(tmp_path / "good.json"),
                  "SOURCE_DATE_EPOCH": "0"})
    runner.order(["build", "--strict", "-f", str(bad)],
                 {**base, "CS_TEST_MARK": "en", "CS_TEST_RECORD": str(tmp_path / "bad.json")})
    (good_code, good_output), (bad_code, bad_output) = runner.results()
    assert runner.process.returncode == 0
    assert good_code == 0, good_output
    assert bad_code == 1
    assert ("WARNING -  Doc file 'index.md' contains a link 'ontbreekt.md', but the target is "
            "not found among documentation files.") in bad_output
    assert "Aborted with 1 warnings in strict mode!" in bad_output
    assert "Aborted" not in good_output
    # each build saw its order's environment, and only that
    assert json.loads((tmp_path / "good.json").read_text()) == {"mark": "nl", "runner_only": None}
    assert json.loads((tmp_path / "bad.json").read_text()) == {"mark": "en", "runner_only": None}
    sitemap = (tmp_path / "good" / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>1970-01-01</lastmod>" in sitemap  # SOURCE_DATE_EPOCH of the order
    assert (tmp_path / "good" / "site" / "index.html").is_file()
    runner.stop()  # after results(): nothing left to stop


def test_quiet_shows_only_warnings_and_strict_still_counts_them(tmp_path):
    """MkDocs's own --quiet would hide the warning and let the strict build pass
    (mkdocs/mkdocs#4126); the runner's quiet only hides the INFO lines."""
    good = _project(tmp_path / "good", "# Hallo\n")
    bad = _project(tmp_path / "bad", "# Hallo\n\n[kapot](ontbreekt.md)\n")
    runner = mkdocs_runner.start()
    for config in (good, bad):
        env = {**os.environ, "CS_TEST_RECORD": str(config.parent / "record.json")}
        runner.order(["build", "--strict", "-f", str(config)], env, quiet=True)
    (good_code, good_output), (bad_code, bad_output) = runner.results()
    assert (good_code, good_output) == (0, "")
    assert bad_code == 1
    assert bad_output.splitlines() == [
        "WARNING -  Doc file 'index.md' contains a link 'ontbreekt.md', but the target is not "
        "found among documentation files.",
        "",
        "Aborted with 1 warnings in strict mode!",
    ]


def test_end_of_input_before_any_order_builds_nothing(tmp_path):
    runner = mkdocs_runner.start()
    assert runner.results() == []
    assert runner.process.returncode == 0


def test_stop_ends_the_runner_and_the_builds_it_started(tmp_path):
    config = _project(tmp_path / "slow", "# Hallo\n")
    runner = mkdocs_runner.start()
    group = runner.process.pid
    runner.order(["build", "-f", str(config)],
                 {**os.environ, "CS_TEST_RECORD": str(tmp_path / "slow.json"), "CS_TEST_WAIT": "120"})
    deadline = time.monotonic() + 60
    while not (tmp_path / "slow.json").exists():  # the build is running (in the hook)
        assert time.monotonic() < deadline, "the ordered build did not start"
        time.sleep(0.05)
    builds = [pid for pid in alive_in_group(group) if pid != group]
    assert len(builds) == 1  # the forked build
    started = time.monotonic()
    runner.stop()
    assert time.monotonic() - started < 10
    assert runner.process.returncode is not None
    assert alive_in_group(group) == []
    assert not (tmp_path / "slow" / "site").exists()


def test_a_build_that_cannot_start_reports_mkdocs_error():
    runner = mkdocs_runner.start()
    runner.order(["build", "-f", "/nonexistent/mkdocs.yml"], dict(os.environ))
    [(code, output)] = runner.results()
    assert code == 2  # the command line's usage error, as `mkdocs build` gives it
    assert output.endswith("Error: Invalid value for '-f' / '--config-file': "
                           "'/nonexistent/mkdocs.yml': No such file or directory\n")
