"""The bench's results: summaries, ratios, the targets of the issue, the table, the machine."""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
from importlib import metadata

from competentieset.bench.http import find_tool
from competentieset.bench.measure import GNU_TIME, Result, rss_method

TARGET_N = 20_000
UNCACHED = "(response cache off)"  # the qualifier of the serve rows without response cache

# (id, description, row selector, value key, comparison, limit)
TARGETS = (
    ("validate-floor", "validate at N=20,000 <= 5x the pyoxigraph SPARQL floor",
     ("validate", "pyoxigraph SPARQL floor"), "ratio_time", "<=", 5.0),
    ("validate-pyshacl", "validate at N=20,000 <= 0.1x plain pyshacl",
     ("validate", "pyshacl"), "ratio_time", "<=", 0.1),
    ("build-io-floor", "data build at N=20,000 <= 1.5x its I/O floor (pyoxigraph + the same files)",
     ("build vs I/O floor", "I/O floor"), "ratio_time", "<=", 1.5),
    ("build-rss", "build at N=20,000: peak RSS <= 2x pyoxigraph's",
     ("build", "pyoxigraph parse+serialise floor"), "ratio_rss", "<=", 2.0),
    ("site-time", "site at N=20,000 <= 1.5x plain MkDocs per 1,000 pages",
     ("site", "plain mkdocs"), "ratio_time", "<=", 1.5),
    ("site-rss", "site at N=20,000: peak RSS <= 2x plain MkDocs'",
     ("site", "plain mkdocs"), "ratio_rss", "<=", 2.0),
    ("incremental-time", "one-resource change at N=20,000: validate + incremental build "
     "(site included) <= 0.05x the full build", ("incremental build", "full build"),
     "ratio_time", "<=", 0.05),
    ("incremental-identical", "one-resource change at N=20,000: incremental output "
     "byte-identical to the full build", ("incremental build", "full build"),
     "identical_to_full_build", "==", True),
    ("real-validate", "real vocabulary: validate <= 3x `python -c \"import rdflib\"`",
     ("validate", 'python -c "import rdflib"'), "ratio_time", "<=", 3.0),
    ("real-build", "real vocabulary: full build (site included) <= 10x `import rdflib`",
     ("build (site included)", 'python -c "import rdflib"'), "ratio_time", "<=", 10.0),
    ("xlsx-export", "export-xlsx at N=20,000 <= 2x openpyxl writing the same cells",
     ("export-xlsx", "openpyxl writing the same cells"), "ratio_time", "<=", 2.0),
    ("xlsx-export-rss", "export-xlsx at N=20,000: peak RSS <= 2x openpyxl's",
     ("export-xlsx", "openpyxl writing the same cells"), "ratio_rss", "<=", 2.0),
    ("xlsx-import", "import-xlsx at N=20,000 <= 2x openpyxl reading the same workbook",
     ("import-xlsx --dry-run", "openpyxl reading the same workbook"), "ratio_time", "<=", 2.0),
    ("xlsx-import-rss", "import-xlsx at N=20,000: peak RSS <= 2x openpyxl's",
     ("import-xlsx --dry-run", "openpyxl reading the same workbook"), "ratio_rss", "<=", 2.0),
    ("serve-rps", "server: >= 0.5x nginx requests/s on negotiated documents",
     ("serve negotiated", "nginx"), "ratio_rps", ">=", 0.5),
    ("serve-p99", "server: p99 <= 2x nginx's on negotiated documents",
     ("serve negotiated", "nginx"), "ratio_p99", "<=", 2.0),
    ("build-exports", "build at N=20,000 with the exports <= 1.3x without them",
     ("build with exports", "build --no-exports"), "ratio_time", "<=", 1.3),
    ("serve-case", "server: >= 0.5x nginx requests/s on the CASE package",
     ("serve case-package", "nginx"), "ratio_rps", ">=", 0.5),
    ("serve-errors", "server: 0 errors (every kind of request)",
     ("serve", "nginx"), "errors", "==", 0),
)


def summary(result: Result) -> dict:
    return {
        "available": result.available and result.seconds is not None,
        "seconds": _round(result.seconds),
        "peak_rss_mb": _round(result.peak_rss_mb, 1),
        # the sampled peak Pss of the whole process tree of each run (measure.py)
        "tree_pss_mb": [None if r.tree_pss_mb is None else round(r.tree_pss_mb, 1)
                        for r in result.runs],
        "runs": [round(r.seconds, 4) for r in result.runs],
        "returncodes": result.returncodes,
        "note": result.note,
    }


def load_summary(loads: list, note: str) -> dict:
    if not loads:
        return {"available": False, "requests_per_s": None, "p99_ms": None, "errors": None,
                "runs": [], "note": note}
    return {
        "available": True,
        "requests_per_s": round(statistics.median(x.requests_per_s for x in loads), 1),
        "p99_ms": round(statistics.median(x.p99_ms for x in loads), 3),
        "errors": sum(x.errors for x in loads),
        "requests": sum(x.requests for x in loads),
        "runs": [{"requests_per_s": x.requests_per_s, "p99_ms": x.p99_ms, "errors": x.errors}
                 for x in loads],
        "note": note,
    }


def _round(value, digits=4):
    return None if value is None else round(value, digits)


def ratio(ours, ref):
    if ours is None or ref is None or ref == 0:
        return None
    return round(ours / ref, 3)


def per_thousand(result, pages: int):
    seconds = result.seconds if isinstance(result, Result) else None
    if seconds is None or not pages:
        return None
    return round(seconds / pages * 1000, 3)


def _fmt(value, unit="") -> str:
    if value is None:
        return "n.a."
    if isinstance(value, float):
        text = f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
    else:
        text = str(value)
    return text + unit


def row_line(row: dict) -> str:
    return " | ".join(_cells(row))


def _cells(row: dict) -> list[str]:
    n = f"{row['n']:,}" if isinstance(row["n"], int) else str(row["n"])
    o, r = row["ours"], row["ref"]
    if row["task"].startswith("serve"):
        ours = (f"{_fmt(o['requests_per_s'])} req/s, p99 {_fmt(o['p99_ms'], ' ms')}, "
                f"{_fmt(o['errors'])} err") if o["available"] else "n.a."
        ref = (f"{_fmt(r['requests_per_s'])} req/s, p99 {_fmt(r['p99_ms'], ' ms')}, "
               f"{_fmt(r['errors'])} err") if r["available"] else "n.a."
        ratio_text = f"rps {_fmt(row['ratio_rps'], 'x')}, p99 {_fmt(row['ratio_p99'], 'x')}"
    else:
        ours = (f"{_fmt(o['seconds'], ' s')}, {_fmt(o['peak_rss_mb'], ' MB')}"
                if o["available"] else "n.a.")
        ref = (f"{_fmt(r['seconds'], ' s')}, {_fmt(r['peak_rss_mb'], ' MB')}"
               if r["available"] else "n.a.")
        ratio_text = f"time {_fmt(row['ratio_time'], 'x')}, RSS {_fmt(row['ratio_rss'], 'x')}"
        if row.get("ratio_time_below") is not None:
            ratio_text = f"time < {_fmt(row['ratio_time_below'], 'x')} (reference > cap)"
        if "identical_to_full_build" in row:
            ratio_text += ("; byte-identical to the full build" if row["identical_to_full_build"]
                           else "; DIFFERS from the full build")
        if row["task"] == "site":
            if o["available"]:
                ours += f" ({_fmt(row.get('ours_per_1000_pages'), ' s')}/1000 pages)"
            if r["available"]:
                ref += f" ({_fmt(row.get('ref_per_1000_pages'), ' s')}/1000 pages)"
    notes = "; ".join(x for x in (row.get("how"), o.get("note"), r.get("note")) if x)
    return [n, row["task"], ours, row["reference"], ref, ratio_text, notes]


HEADER = ["N", "measure", "ours (median)", "reference", "reference (median)", "ratio", "notes"]


def table(rows: list[dict]) -> str:
    """Markdown table of all rows."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for row in rows:
        lines.append("| " + " | ".join(c.replace("|", "/") for c in _cells(row)) + " |")
    return "\n".join(lines)


def targets_table(targets: list[dict]) -> str:
    lines = ["| target | measured | verdict |", "|---|---|---|"]
    for t in targets:
        lines.append(f"| {t['description']} | {t['measured_text']} | {t['verdict']} |")
    return "\n".join(lines)


def _select(rows: list[dict], task: str, reference: str, n) -> list[dict]:
    """Rows of one measure: the task, or the task with a qualifier in parentheses
    ("incremental build (site included)"), but never a serve row with its response cache
    off (the targets are about the server as shipped); "serve": every serve row (errors)."""
    def matches(name: str) -> bool:
        if task == "serve":
            return name.startswith("serve ")
        return name == task or (name.startswith(task + " (")
                                and not name.endswith(UNCACHED))

    return [r for r in rows if r["n"] == n and matches(r["task"])
            and r["reference"].startswith(reference)]


def evaluate(rows: list[dict]) -> list[dict]:
    """PASS / FAIL / n.a. for every target of the issue."""
    sizes = sorted({r["n"] for r in rows if isinstance(r["n"], int)})
    out = []
    for key, description, (task, reference), value_key, op, limit in TARGETS:
        if task.startswith("serve"):
            n = TARGET_N if TARGET_N in sizes else (sizes[-1] if sizes else None)
        elif reference.startswith("python"):
            n = "real"
        else:
            n = TARGET_N if TARGET_N in sizes else None
        entry = {"id": key, "description": description, "n": n, "limit": limit, "op": op,
                 "measured": None, "verdict": "n.a.", "measured_text": "n.a."}
        selected = _select(rows, task, reference, n) if n is not None else []
        if n is None:
            entry["measured_text"] = f"n.a. (N={TARGET_N:,} not in this run)"
        elif selected:
            if value_key == "errors":
                values = [r["ours"]["errors"] for r in selected]
                value = None if any(v is None for v in values) else sum(values)
            else:
                value = selected[0].get(value_key)
            if value is not None:
                ok = {"<=": value <= limit, ">=": value >= limit, "==": value == limit}[op]
                entry.update(measured=value, verdict="PASS" if ok else "FAIL")
                unit = "" if value_key in ("errors", "identical_to_full_build") else "x"
                entry["measured_text"] = f"{_fmt(value, unit)} (N={n})"
            elif selected[0].get("ratio_time_below") is not None and value_key == "ratio_time" \
                    and op == "<=":
                bound = selected[0]["ratio_time_below"]
                cap = selected[0]["ref_at_least_s"]
                text = f"< {_fmt(bound, 'x')} (N={n}; the reference ran past its {cap:.0f} s cap)"
                entry["measured_text"] = text
                if bound <= limit:
                    entry.update(measured=bound, verdict="PASS")
            else:
                why = "; ".join(x for x in (selected[0]["ours"].get("note"),
                                            selected[0]["ref"].get("note")) if x)
                entry["measured_text"] = f"n.a. ({why})" if why else "n.a."
        out.append(entry)
    return out


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "hostname": platform.node(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    try:
        cpuinfo = open("/proc/cpuinfo", encoding="utf-8").read()
        m = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
        info["cpu"] = m.group(1).strip() if m else platform.processor()
    except OSError:
        info["cpu"] = platform.processor()
    try:
        meminfo = open("/proc/meminfo", encoding="utf-8").read()
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
        info["memory_gb"] = round(kb / 1024 / 1024, 1)
    except (OSError, AttributeError):
        info["memory_gb"] = None
    packages = {}
    for name in ("competentieset", "pyoxigraph", "rdflib", "pyshacl", "mkdocs", "mkdocs-material",
                 "uvicorn", "starlette"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    info["packages"] = packages
    tools = {}
    for tool, flag in (("nginx", "-v"), ("wrk", "-v"), ("time", "--version")):
        path = GNU_TIME if tool == "time" and os.access(GNU_TIME, os.X_OK) else find_tool(tool)
        if tool == "time" and path != GNU_TIME:
            path = None  # the shell's `time` is not GNU time
        if path:
            done = subprocess.run([path, flag], capture_output=True, text=True)
            text = (done.stdout + done.stderr).strip().splitlines()
            tools[tool] = text[0] if text else "?"
        else:
            tools[tool] = None
    info["tools"] = tools
    info["bytecode"] = bytecode()
    return info


def bytecode() -> dict:
    """Whether our commands start from compiled bytecode: with PYTHONDONTWRITEBYTECODE set,
    Python never caches what it compiles, so a module without a current .pyc (`make`
    compiles the package, see the Makefile) is compiled again by every command."""
    import importlib.util
    from pathlib import Path

    package = Path(__file__).resolve().parents[1]
    modules = sorted(package.rglob("*.py"))
    current = 0
    for path in modules:
        try:
            header = Path(importlib.util.cache_from_source(str(path))).read_bytes()[:16]
        except OSError:
            continue
        st = path.stat()
        # a timestamp .pyc: flags 0, then the source's mtime and size (as Python checks them)
        if (len(header) == 16 and int.from_bytes(header[4:8], "little") == 0
                and int.from_bytes(header[8:12], "little") == int(st.st_mtime) & 0xFFFFFFFF
                and int.from_bytes(header[12:16], "little") == st.st_size & 0xFFFFFFFF):
            current += 1
    return {"dont_write_bytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
            "package_modules": len(modules), "compiled_current": current}


def source(root) -> dict:
    """The commit the bench ran on (and whether the work tree differed from it)."""
    def git(*args):
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": None if status is None else bool(status),
            "branch": git("rev-parse", "--abbrev-ref", "HEAD")}


def assemble(rows: list[dict], settings, source_info: dict | None = None) -> dict:
    return {
        "source": source_info or {"commit": None},
        "machine": machine(),
        "settings": {
            "sizes": list(settings.sizes), "repeat": settings.repeat,
            "pyshacl_cap_s": settings.pyshacl_cap, "mkdocs_cap_s": settings.mkdocs_cap,
            "ours_cap_s": settings.ours_cap,
            "load_seconds": settings.load_seconds, "connections": settings.connections,
            "sample_urls": settings.sample,
            "peak_rss": rss_method(),
            "shapes": [str(p) for p in settings.shapes],
        },
        "rows": rows,
        "targets": evaluate(rows),
    }


def render(results: dict) -> str:
    m = results["machine"]
    head = (f"Machine: {m['nproc']} CPUs ({m.get('cpu')}), {m.get('memory_gb')} GB, "
            f"Python {m['python']}; "
            + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
            + "; " + ", ".join(f"{v}" for v in m["tools"].values() if v))
    src = results.get("source") or {}
    if src.get("commit"):
        head += (f"\nCommit {src['commit'][:12]}" + (" with uncommitted changes" if src.get("dirty") else "")
                 + (f" ({src['branch']})" if src.get("branch") else "") + ".")
    s = results["settings"]
    head += (f"\nMedians of {s['repeat']} run(s) per cell; sizes {s['sizes']}; "
             f"peak RSS by {s['peak_rss']}.")
    return head + "\n\n" + table(results["rows"]) + "\n\n" + targets_table(results["targets"])
