"""The bench harness runs end to end at the smoke size. No timing is asserted, ever."""

import json
import os
import shutil
from pathlib import Path

import pytest
from competentieset.bench import __main__ as bench_main
from competentieset.bench import floor, report


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
    assert data["settings"]["sizes"] == [200] and data["settings"]["repeat"] == 1


def test_every_row_is_there(results):
    _, data = results
    keys = [(r["n"], r["task"], r["reference"].split(" ")[0]) for r in data["rows"]]
    assert keys == [
        (200, "validate", "pyoxigraph"), (200, "validate", "pyshacl"),
        (200, "export-xlsx", "openpyxl"), (200, "import-xlsx --dry-run", "openpyxl"),
        (200, "build", "pyoxigraph"), (200, "build vs I/O floor", "I/O"),
        (200, "build with exports", "build"), (200, "site", "plain"),
        (200, "serve see-other", "nginx"), (200, "serve negotiated", "nginx"),
        (200, "serve extension", "nginx"), (200, "serve case-package", "nginx"),
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
    """Every row measures our own command too (validate, build, site, serve are all here)."""
    _, data = results
    for row in data["rows"]:
        ours = row["ours"]
        assert ours["available"], row
        if row["task"].startswith("serve"):
            assert ours["requests_per_s"] > 0 and ours["errors"] == 0, row
        else:
            assert ours["seconds"] > 0 and ours["peak_rss_mb"] > 0, row


def test_load_runs_against_nginx(results):
    _, data = results
    tools = [shutil.which("nginx"), shutil.which("wrk")]
    if os.environ.get("CI") == "true":
        assert all(tools), "CI must install nginx and wrk (.ci/run)"
    serve = [r for r in data["rows"] if r["task"].startswith("serve")]
    if all(tools):
        for row in serve:
            ref = row["ref"]
            assert ref["available"] and ref["requests_per_s"] > 0 and ref["errors"] == 0, row
    else:
        print("nginx or wrk not installed: the load rows are n.a. (apt-get install nginx wrk)")
        for row in serve:
            assert row["ref"]["available"] is False and "not installed" in row["ref"]["note"]


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
    assert text.count("\n| 200 |") == 13 and text.count("\n| real |") == 2


def test_floor_queries_are_all_named_and_run():
    assert len(floor.QUERIES) >= 15
    assert all(name.count("-") >= 1 for name in floor.QUERIES)


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


def test_a_failed_or_capped_run_gives_no_number():
    import sys

    from competentieset.bench import measure

    failed = measure.repeat([sys.executable, "-c", "import sys; sys.exit('broken input')"], 3)
    assert failed.seconds is None and not failed.available
    assert "exit 1" in failed.note and "broken input" in failed.note and len(failed.runs) == 1
    capped = measure.repeat([sys.executable, "-c", "import time; time.sleep(30)"], 2, timeout=0.5)
    assert capped.seconds is None and "time cap" in capped.note and len(capped.runs) == 1
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
    assert verdicts["real-validate"] == "n.a." and verdicts["serve-rps"] == "n.a."
