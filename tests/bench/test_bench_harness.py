"""The bench harness runs end to end at the smoke size. No timing is asserted, ever.

The load rows need nginx and wrk, peak RSS needs GNU time: without them those tests skip
loudly (and fail when CI is truthy, tests/tools.py); the rest of the harness is checked
either way.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from competentieset.bench import __main__ as bench_main
from competentieset.bench import floor, http, measure, report

from tests import tools

ROOT = Path(__file__).resolve().parents[2]
SERVE_KINDS = ("see-other", "negotiated", "extension", "case-package")


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "results.json"
    root = Path(__file__).resolve().parents[2]
    code = bench_main.main(["--project", str(root), "--sizes", "200", "--repeat", "1", "--load-seconds", "1",
                            "--pyshacl-cap", "20", "--mkdocs-cap", "120", "--out", str(out)])
    assert code == 0
    return out, json.loads(out.read_text(encoding="utf-8"))


def test_json_is_written_with_the_machine(results):
    out, data = results
    assert out.is_file()
    machine = data["machine"]
    assert machine["nproc"] >= 1 and machine["python"] and machine["packages"]["pyoxigraph"]
    assert machine["cpu"] and machine["memory_gb"] and len(machine["load_average_at_start"]) == 3
    bytecode = machine["bytecode"]
    assert set(bytecode) == {"dont_write_bytecode", "package_modules", "compiled_current"}
    assert 0 <= bytecode["compiled_current"] <= bytecode["package_modules"] > 50
    assert data["settings"]["sizes"] == [200] and data["settings"]["repeat"] == 1


def test_json_records_the_commit(results):
    _, data = results
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                          text=True)
    if head.returncode != 0:
        tools.missing("git (or a git checkout of the project)", "apt-get install -y git; git clone")
    assert data["source"]["commit"] == head.stdout.strip()
    assert data["source"]["dirty"] in (True, False)


def test_every_row_is_there(results):
    _, data = results
    keys = [(r["n"], r["task"], r["reference"].split(" ")[0]) for r in data["rows"]]
    assert keys == [
        (200, "validate", "pyoxigraph"), (200, "validate", "pyshacl"),
        (200, "export-xlsx", "openpyxl"), (200, "import-xlsx --dry-run", "openpyxl"),
        (200, "import-xlsx --dry-run, no validation record", "openpyxl"),
        (200, "build", "pyoxigraph"), (200, "build vs I/O floor", "I/O"),
        (200, "build with exports", "build"), (200, "site", "plain"),
        (200, "serve see-other", "nginx"), (200, "serve negotiated", "nginx"),
        (200, "serve extension", "nginx"), (200, "serve case-package", "nginx"),
        (200, "serve see-other (response cache off)", "nginx"),
        (200, "serve negotiated (response cache off)", "nginx"),
        (200, "serve extension (response cache off)", "nginx"),
        (200, "serve case-package (response cache off)", "nginx"),
        (200, "incremental build (site included)", "full"),
        ("real", "validate", "python"), ("real", "build (site included)", "python"),
    ]
    assert [t["id"] for t in data["targets"]] == [t[0] for t in report.TARGETS]
    assert all(t["verdict"] in ("PASS", "FAIL", "n.a.") for t in data["targets"])
    # targets defined at N=20,000 are not judged on a smoke run
    assert all(t["verdict"] == "n.a." for t in data["targets"]
               if t["id"].startswith(("validate", "build", "site", "incremental", "xlsx")))


def test_the_references_give_numbers(results):
    _, data = results
    rows = {(r["n"], r["task"], r["reference"].split(" ")[0]): r for r in data["rows"]}
    for key in [(200, "validate", "pyoxigraph"), (200, "build", "pyoxigraph"),
                (200, "site", "plain"), ("real", "validate", "python")]:
        ref = rows[key]["ref"]
        assert ref["available"] and ref["seconds"] > 0 and ref["peak_rss_mb"] > 0, key
    assert rows[(200, "site", "plain")]["ref_per_1000_pages"] > 0


def test_our_commands_give_numbers(results):
    """validate, build, site and the real vocabulary: our command measured, exit 0 every run."""
    _, data = results
    for row in data["rows"]:
        if row["task"].startswith("serve"):
            continue
        ours = row["ours"]
        assert ours["available"], row
        assert ours["seconds"] > 0 and ours["peak_rss_mb"] > 0, row
        assert ours["returncodes"] == [0], row


def test_the_floor_row_says_what_share_of_shapes_it_covers(results):
    _, data = results
    row = next(r for r in data["rows"] if r["task"] == "validate"
               and r["reference"] == "pyoxigraph SPARQL floor")
    # the 140 constraints of shapes/ are the 140 cases of tests/validate/fixtures/constraints.toml
    assert row["floor_coverage"] == {"covered": 19, "constraints": 140}
    assert "the floor checks 19 of the 140 constraints of shapes/ (14%)" in row["how"]


def test_the_pyshacl_row_says_how_many_constraints_it_leaves_out(results):
    _, data = results
    # the shapes marked as needing the catalog's named graphs (their SPARQL uses GRAPH)
    marked = sum(1 for p in (ROOT / "shapes").glob("*.ttl")
                 for line in p.read_text(encoding="utf-8").splitlines()
                 if line.strip() == "vorm:vereistCatalogus true ;")
    assert marked == 3  # raaktGebiedHerkomst, bronTekstVerplicht, bronTekstHerkomst
    row = next(r for r in data["rows"] if r["reference"].startswith("pyshacl"))
    assert row["how"].startswith(f"pyshacl runs without the {marked} SPARQL constraint(s) that need "
                                 "the catalog's named graphs")


def test_the_site_row_runs_both_sides_cold(results):
    _, data = results
    row = next(r for r in data["rows"] if r["task"] == "site")
    assert row["how"].startswith("both cold")
    assert row["pages"] > 400  # the pages our site wrote (both languages), not N


def _serve_rows(data):
    return [r for r in data["rows"] if r["task"].startswith("serve")]


def _load_tools_or_skip(data):
    """nginx and wrk, or: the load rows are n.a. saying so, then a loud skip (CI: failure)."""
    absent = [t for t in ("nginx", "wrk") if http.find_tool(t) is None]
    if absent:
        for row in _serve_rows(data):
            for side in ("ours", "ref"):
                assert row[side]["available"] is False and row[side]["requests_per_s"] is None
                assert "not installed: " + ", ".join(absent) in row[side]["note"], row
        tools.missing(absent[0])


def test_our_server_gives_numbers_cached_and_uncached(results):
    _, data = results
    _load_tools_or_skip(data)
    rows = {r["task"]: r for r in _serve_rows(data)}
    assert sorted(rows) == sorted([f"serve {k}" for k in SERVE_KINDS]
                                  + [f"serve {k} (response cache off)" for k in SERVE_KINDS])
    for row in rows.values():
        ours = row["ours"]
        assert ours["available"] and ours["requests_per_s"] > 0 and ours["errors"] == 0, row


def test_load_runs_against_nginx_with_the_builds_config(results):
    _, data = results
    _load_tools_or_skip(data)
    for row in _serve_rows(data):
        ref = row["ref"]
        assert ref["available"] and ref["requests_per_s"] > 0 and ref["errors"] == 0, row
        assert ref["note"].startswith("nginx: the build's competentieset.conf (listen, root"), row


def test_the_builds_nginx_config_is_used_as_written(tmp_path):
    """The bench changes only listen, root, server_name and the app upstream; a config that
    nginx refuses gives no measurement (None and the reason), never a stand-in config."""
    tools.require("nginx")
    conf = tmp_path / "competentieset.conf"
    conf.write_text("upstream competentieset_app { server 127.0.0.1:8000; }\n"
                    "server {\n    listen 80;\n    server_name _;\n    root /srv/x;\n"
                    "    location / { try_files $uri =404; }\n}\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    main, note = http.nginx_config(5999, tmp_path / "www", conf, work)
    assert main is not None, note
    written = (work / "competentieset.conf").read_text(encoding="utf-8")
    assert "    listen 127.0.0.1:5999;\n" in written and f"    root {tmp_path / 'www'};\n" in written
    assert "    server_name localhost;\n" in written and "location / { try_files $uri =404; }" in written
    assert "server 127.0.0.1:8000;" not in written
    assert f"include {work / 'competentieset.conf'};" in main.read_text(encoding="utf-8")
    conf.write_text(conf.read_text(encoding="utf-8").replace("try_files", "no_such_directive"),
                    encoding="utf-8")
    main, note = http.nginx_config(5999, tmp_path / "www", conf, work)
    assert main is None and note.startswith("the build's competentieset.conf failed nginx -t:")
    main, note = http.nginx_config(5999, tmp_path / "www", tmp_path / "absent.conf", work)
    assert (main, note) == (None, "the build wrote no absent.conf")


def test_peak_rss_is_measured_by_gnu_time(results):
    _, data = results
    tools.require_file(measure.GNU_TIME, "time")
    assert data["settings"]["peak_rss"] == ("GNU time %M of the command or, when larger, the "
                                            "sampled sum of Pss over its process tree")
    assert data["machine"]["tools"]["time"].startswith("time (GNU Time)")
    run = measure.run_child([sys.executable, "-c", "x = bytearray(50_000_000)"])
    # the child's own peak (about 50 MB and Python), not this test process's size
    assert 50 <= run.peak_rss_mb < 120, run.peak_rss_mb


FORKED = """
import os, time
children = []
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        block = bytearray(150_000_000)
        block[::4096] = b"x" * len(block[::4096])  # 150 MB of its own, every page written
        time.sleep(1.0)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
"""


def test_peak_rss_counts_children_that_run_at_the_same_time():
    """Two forked children with 150 MB each at once: the run's peak is their sum (about
    300 MB), not the largest single process (about 160 MB, all GNU time or wait4 see)."""
    run = measure.run_child([sys.executable, "-c", FORKED])
    assert run.returncode == 0
    assert run.tree_pss_mb is not None
    assert 290 <= run.peak_rss_mb < 400, (run.peak_rss_mb, run.tree_pss_mb)


def test_the_incremental_row_compares_with_a_full_build(results):
    _, data = results
    row = next(r for r in data["rows"] if r["task"] == "incremental build (site included)")
    assert row["identical_to_full_build"] is True
    assert row["change"].startswith("relabel ontology/redactie/labels-en-definities.ttl: ")
    assert row["ref"]["available"] and row["ratio_time"] is not None
    io = next(r for r in data["rows"] if r["task"] == "build vs I/O floor")
    assert io["files"] > 1000 and io["bytes"] > 0 and io["ref"]["seconds"] > 0


def test_table_is_printed(results, capsys):
    _, data = results
    text = report.render(data)
    assert "| N | measure |" in text and "| target | measured | verdict |" in text
    assert text.count("\n| 200 |") == 18 and text.count("\n| real |") == 2
    assert f"Commit {data['source']['commit'][:12]}" in text


def test_floor_queries_are_all_named_and_run():
    assert len(floor.QUERIES) >= 15
    assert all(name.count("-") >= 1 for name in floor.QUERIES)


def test_floor_coverage_names_real_constraints_of_shapes(project):
    """Every constraint COVERS names exists in shapes/ (read with rdflib here, independently
    of the validator): `rule Component [parameter]` as in the constraint cases' fixture."""
    import tomllib

    assert sorted(floor.COVERS) == sorted(floor.QUERIES)
    cases = tomllib.loads((ROOT / "tests" / "validate" / "fixtures" / "constraints.toml")
                          .read_text(encoding="utf-8"))["case"]
    keys = set()
    for case in cases:
        parts = [case["rule"], case["component"]]
        if case.get("parameter") and case["component"] != "Pattern":
            parts.append(case["parameter"].rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        keys.add(" ".join(parts))
    named = {k for names in floor.COVERS.values() for k in names}
    assert named <= keys, named - keys
    assert floor.coverage(project) == (len(named), len(keys)) == (19, 140)


def test_parse_wrk_report():
    from competentieset.bench.http import parse_wrk

    sample = """Running 1s test @ http://127.0.0.1:1
  1 threads and 8 connections
  Latency Distribution
     50%  100.00us
     75%  200.00us
     90%  300.00us
     99%    1.50ms
  1000 requests in 1.00s, 1.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   1000.50
"""
    load = parse_wrk(sample)
    assert (load.requests_per_s, load.p99_ms, load.errors, load.requests) == (1000.5, 1.5, 7, 1000)


def test_a_failed_or_capped_run_gives_no_number(tmp_path):
    failed = measure.repeat([sys.executable, "-c", "import sys; sys.exit('broken input')"], 3)
    assert failed.seconds is None and not failed.available
    assert "exit 1" in failed.note and "broken input" in failed.note and len(failed.runs) == 1
    capped = measure.repeat([sys.executable, "-c", "import time; time.sleep(30)"], 2, timeout=0.5)
    assert capped.seconds is None and "time cap" in capped.note and len(capped.runs) == 1
    # exit 0 without the file it should write: no number either (a build that refused to write)
    target = tmp_path / "out.txt"
    silent = measure.repeat([sys.executable, "-c", "pass"], 3,
                            check=lambda: None if target.is_file() else f"{target} not written")
    assert silent.seconds is None and not silent.available and len(silent.runs) == 1
    assert silent.note == f"failed: {target} not written"
    ok = measure.repeat([sys.executable, "-c", "x = bytearray(50_000_000)"], 2)
    assert ok.available and ok.seconds > 0 and len(ok.runs) == 2
    assert ok.peak_rss_mb >= 50  # the child's own peak, measured


def test_targets_are_judged_from_ratios_and_bounds():
    def row(task, reference, ours_s, ref_s, **extra):
        r = {"n": 20_000, "task": task, "reference": reference,
             "ours": {"seconds": ours_s, "note": ""}, "ref": {"seconds": ref_s, "note": ""},
             "ratio_time": report.ratio(ours_s, ref_s), "ratio_rss": 1.0}
        r.update(extra)
        return r

    rows = [row("validate", "pyoxigraph SPARQL floor", 6.0, 1.0),
            row("validate", "pyshacl (shapes/)", 5.0, None, ratio_time_below=5.0 / 300,
                ref_at_least_s=300),
            row("build", "pyoxigraph parse+serialise floor", 2.0, 1.0),
            row("build vs I/O floor", "I/O floor: pyoxigraph parse+serialise + 9 files", 1.6, 1.0),
            row("incremental build (site included)", "full build (site included) of the same project",
                5.0, 200.0, identical_to_full_build=False)]
    verdicts = {t["id"]: t["verdict"] for t in report.evaluate(rows)}
    assert verdicts["validate-floor"] == "FAIL"  # 6x > 5x
    assert verdicts["validate-pyshacl"] == "PASS"  # < 0.017x, bounded by the cap
    assert verdicts["build-io-floor"] == "FAIL"  # 1.6x > 1.5x
    assert verdicts["build-rss"] == "PASS"
    assert verdicts["incremental-time"] == "PASS"  # 0.025x
    assert verdicts["incremental-identical"] == "FAIL"  # not byte-identical: a failure
    assert verdicts["site-time"] == "n.a."  # no site row
    # the serve targets judge the server as shipped, never the rows with its cache off
    serve = [{"n": 20_000, "task": f"serve negotiated{q}", "reference": "nginx (1 worker)",
              "ours": {"errors": 0, "note": ""}, "ref": {"note": ""}, "ratio_rps": rps,
              "ratio_p99": 1.0} for q, rps in (("", 0.6), (" (response cache off)", 0.3))]
    judged = {t["id"]: t for t in report.evaluate(serve)}
    assert judged["serve-rps"]["verdict"] == "PASS" and judged["serve-rps"]["measured"] == 0.6
    assert verdicts["real-validate"] == "n.a." and verdicts["serve-rps"] == "n.a."


def test_measured_builds_wait_for_the_background_removal(tmp_path, monkeypatch):
    """A replaced build left in .build-trash/ for the detached `rm`: the bench waits
    (unmeasured) until it is gone, and not for the removal's lock file; then for the
    kernel's write-back of what was written before (os.sync), each time."""
    import threading
    import time

    from competentieset import bench

    synced = []
    monkeypatch.setattr(bench.os, "sync", lambda: synced.append(not (tmp_path / ".build-trash" / "old-x").exists()))
    trash = tmp_path / ".build-trash"
    (trash / "old-x" / "www").mkdir(parents=True)
    (trash / ".lock").write_text("")
    threading.Timer(0.5, lambda: shutil.rmtree(trash / "old-x")).start()
    started = time.monotonic()
    bench._settled(tmp_path)
    assert time.monotonic() - started >= 0.45
    assert not (trash / "old-x").exists()
    started = time.monotonic()
    bench._settled(tmp_path)  # only the lock left: nothing to wait for
    assert time.monotonic() - started < 0.3
    assert synced == [True, True]  # after the removal


def test_in_turns_alternates_the_sides_and_stops_a_failed_one():
    """measure.in_turns: one run of each side per round (a slow spell of the machine falls on
    both), the median of each side's runs, a side that fails is not run again."""
    calls = []

    def side(name, fail_at=None):
        def run():
            calls.append(name)
            k = calls.count(name)
            if k == fail_at:
                return measure.unavailable(f"{name} failed")
            return measure.Result(runs=[measure.Run(seconds=float(k), peak_rss_mb=10.0 * k, returncode=0,
                                                    stdout="", stderr="")])
        return run

    a, b = measure.in_turns([side("a"), side("b", fail_at=2)], 3)
    assert calls == ["a", "b", "a", "b", "a"]
    assert a.available and [r.seconds for r in a.runs] == [1.0, 2.0, 3.0]
    assert a.seconds == 2.0 and a.peak_rss_mb == 20.0
    assert not b.available and b.note == "b failed" and b.seconds is None
