"""`make bench`: our commands against reference engines on the same data, in the same run.

For each size N a synthetic project (competentieset.synthetic) is generated, then every
measured thing runs as its own child process (see measure.py), `repeat` times, and the
medians of wall time and peak RSS are put side by side:

  validate  `competentieset validate`  vs the SPARQL floor on pyoxigraph (floor.QUERIES; the
                                        row says what share of shapes/ it covers)
                                        and plain pyshacl with the same shapes
  build     `competentieset build`     vs pyoxigraph parse + serialise (floor.build), and
                                        vs itself without the exports stage (--no-exports)
  site      seconds per 1,000 pages    vs plain `mkdocs build` (Material) of as many pages,
                                        both cold (no Jinja bytecode cache from earlier runs)
  server    `competentieset serve`     vs nginx with the build's own config on the same
                                        files (wrk, loopback, bounded): 303s, negotiated and
                                        extension documents, the CASE package; ours with its
                                        response cache and with the cache off
  real      validate and full build of the real vocabulary vs `python -c "import rdflib"`

Our commands are called only as CLI subprocesses on the generated project, so they plug
in as they are built. A command that fails (an exit code other than 0, or exit 0 without
the files it should have written) gives a cell marked n.a. with the reason, never a number.
The result is one table (report.py) and a JSON file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from competentieset import synthetic
from competentieset.bench import floor as floor_mod
from competentieset.bench import http, measure, report
from competentieset.bench.measure import Result, unavailable
from competentieset.model import layout, uris
from competentieset.model.config import Project, load_project
from competentieset.validation.limited import RECORD as VALIDATION_RECORD

DEFAULT_SIZES = (1_000, 20_000)
PAGES_TEMPLATE = """# {title}

{definition}

*Notatie {notation}* · [terug naar het overzicht](../index.md)
"""


@dataclass
class Settings:
    sizes: tuple[int, ...] = DEFAULT_SIZES
    repeat: int = 3
    out: Path | None = None  # JSON file
    workdir: Path | None = None  # kept when given, else a temporary folder
    shapes: list[Path] = field(default_factory=list)  # pyshacl reference shapes override
    pyshacl_cap: float = 300.0  # seconds; a longer pyshacl run is killed (larger N: skipped)
    mkdocs_cap: float = 1800.0
    ours_cap: float = 1800.0  # seconds; a run of our command beyond it is killed
    load_seconds: float = 5.0  # per wrk run
    connections: int = 32
    sample: int = 50  # URLs per kind of request
    real: bool = True  # also measure the real vocabulary
    incremental: bool = True  # the incremental-build row (two more full builds per size)
    server_start_timeout: float = 300.0
    log: object = None  # callable(str) for progress, or None


def _relabel_target(project_dir: Path) -> tuple[Path, str] | None:
    """(file, '"label"@nl') of the first Dutch indicator label in the editorial labels."""
    path = project_dir / "ontology" / "redactie" / "labels-en-definities.ttl"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    start = text.find("indicator:")
    found = re.search(r'skos:prefLabel ("[^"\n]*"@nl)', text[start:]) if start >= 0 else None
    return (path, found.group(1)) if found else None


def _settled(project_dir: Path, timeout: float = 1800.0) -> None:
    """Wait (unmeasured) until the background removal of replaced builds is done: a build
    leaves the build it replaced in .build-trash/ for a detached `rm` (publication/build.py),
    whose disk and CPU work would otherwise fall into the next measured run; then until the
    kernel has written what the runs before wrote (os.sync): a full build at N = 20,000
    writes gigabytes, whose write-back would otherwise slow the run after it (the
    incremental build measured right after the unmeasured full build took 25-28 s, the same
    build on a quiet disk 20 s)."""
    trash = project_dir / layout.TRASH_DIR
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if not [name for name in os.listdir(trash) if name != ".lock"]:
                break
        except FileNotFoundError:
            break
        time.sleep(0.2)
    os.sync()


def _tree_digest(folder: Path) -> str:
    """SHA-256 over every file's relative path and bytes below folder."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _cli() -> list[str]:
    return [sys.executable, "-m", "competentieset.cli"]


def _child(*args: str) -> list[str]:
    return [sys.executable, "-m", "competentieset.bench.child", *args]


class Bench:
    def __init__(self, project: Project, settings: Settings):
        self.project = project
        self.s = settings
        self.rows: list[dict] = []
        self.pyshacl_capped_at: int | None = None  # N at which pyshacl ran past its cap

    def log(self, message: str) -> None:
        if self.s.log:
            self.s.log(message)

    # -- helpers -------------------------------------------------------------------------

    def ours(self, command: str, project_dir: Path, *extra: str, before=None, check=None,
             timeout: float | None = None, env: dict | None = None) -> Result:
        """Our command, measured; any exit code but 0 (validate: 1 means violations, build:
        1 means it refused to write) or a failed `check` makes the cell n.a."""
        return measure.repeat(_cli() + ["--project", str(project_dir), command, *extra],
                              self.s.repeat, before=before, check=check, env=env,
                              timeout=timeout or self.s.ours_cap)

    def row(self, n, task: str, ours: Result, reference: str, ref: Result, **extra) -> dict:
        row = {
            "n": n, "task": task, "reference": reference,
            "ours": report.summary(ours), "ref": report.summary(ref),
        }
        row.update(extra)
        row["ratio_time"] = report.ratio(row["ours"]["seconds"], row["ref"]["seconds"])
        row["ratio_rss"] = report.ratio(row["ours"]["peak_rss_mb"], row["ref"]["peak_rss_mb"])
        self.rows.append(row)
        self.log(report.row_line(row))
        return row

    # -- per size ------------------------------------------------------------------------

    def size(self, n: int, work: Path) -> None:
        project_dir = work / f"n{n}" / "project"
        counts = synthetic.generate(self.project, n, project_dir)
        self.log(f"N={n}: generated {project_dir} ({counts.concepts} concepts, "
                 f"{counts.skills} ESCO-style skills)")
        self.validate(n, project_dir)
        self.spreadsheet(n, project_dir, work / f"n{n}")
        built = self.build(n, project_dir, work / f"n{n}")
        self.site(n, project_dir, work / f"n{n}", built)
        self.serve(n, project_dir, work / f"n{n}", built)
        if self.s.incremental:
            self.incremental(n, project_dir)

    def validate(self, n: int, project_dir: Path) -> None:
        ours = self.ours("validate", project_dir)
        floor = measure.repeat(_child("floor-validate", str(project_dir)), self.s.repeat)
        covered, total = floor_mod.coverage(load_project(project_dir))
        share = (f"the floor checks {covered} of the {total} constraints of shapes/ "
                 f"({covered / total:.0%}); validate checks all {total}" if total else "")
        self.row(n, "validate", ours, "pyoxigraph SPARQL floor", floor, how=share,
                 floor_coverage={"covered": covered, "constraints": total})
        shapes = self.s.shapes or sorted((project_dir / "shapes").rglob("*.ttl"))
        extra: dict = {}
        if not shapes:
            ref = unavailable("no shapes/ in the project and no --shapes given")
            name = "pyshacl (same shapes)"
        else:
            name = "pyshacl " + (
                "(shapes/)" if not self.s.shapes else "(" + ", ".join(p.name for p in shapes) + ")"
            )
            cap = self.s.pyshacl_cap
            from competentieset.bench.child import left_out

            skipped = left_out(shapes)
            extra["how"] = (f"pyshacl runs without the {skipped} SPARQL constraint(s) that need "
                            "the catalog's named graphs (it sees one union graph); validate runs "
                            "them all")
            if self.pyshacl_capped_at is not None:
                ref = unavailable(f"skipped: pyshacl already ran past the cap of {cap:.0f} s "
                                  f"at N={self.pyshacl_capped_at:,}")
            else:
                ref = measure.repeat(_child("pyshacl", str(project_dir), *map(str, shapes)),
                                     self.s.repeat, timeout=cap)
                if ref.runs and ref.runs[-1].timed_out:
                    self.pyshacl_capped_at = n
                    # pyshacl took longer than the cap: ours / cap bounds the ratio from above
                    extra["ref_at_least_s"] = cap
                    if ours.seconds is not None:
                        extra["ratio_time_below"] = report.ratio(ours.seconds, cap)
                elif ref.seconds is not None:
                    found = json.loads(ref.runs[-1].stdout or "{}")
                    if found.get("left_out") != skipped:
                        ref.available = False
                        ref.note = (f"failed: the reference left out {found.get('left_out')} "
                                    f"constraints, expected {skipped}")
        self.row(n, "validate", ours, name, ref, **extra)

    def spreadsheet(self, n: int, project_dir: Path, work: Path) -> None:
        """export-xlsx and import-xlsx (--dry-run: reads, checks, validates, diffs, writes
        nothing) against openpyxl alone writing / reading the same cells."""
        from competentieset.bench.child import edit_one_label, xlsx_cells

        book = work / "werkmap.xlsx"
        ours = self.ours("export-xlsx", project_dir, str(book))
        plain = work / "openpyxl-plain.xlsx"
        cells = work / "werkmap-cells.json"
        if book.is_file():
            xlsx_cells(book, cells)
            ref = measure.repeat(_child("openpyxl-write", str(cells), str(plain)), self.s.repeat)
            ref.note = "the same cell values, read from a JSON dump (its load is in the time)"
        else:
            ref = unavailable("export-xlsx wrote no workbook")
        self.row(n, "export-xlsx", ours, "openpyxl writing the same cells", ref)
        record = project_dir / VALIDATION_RECORD
        if book.is_file():
            # one steward's edit (an English label), so that the import validates and diffs
            edited = work / "werkmap-edited.xlsx"
            edit_one_label(book, edited)
            # the steward's order: `validate` of today's state (unmeasured here; it keeps the
            # record with which the import validates only what the edit can affect), export,
            # edit, import; and without that record (the first import after a hand edit of
            # the Turtle): the full validation
            measure.run_child(_cli() + ["--project", str(project_dir), "validate"], timeout=self.s.ours_cap)
            ours = self.ours("import-xlsx", project_dir, str(edited), "--dry-run",
                             check=lambda: None if record.is_file() else "validate kept no record")
            cold = self.ours("import-xlsx", project_dir, str(edited), "--dry-run",
                             before=lambda: record.unlink(missing_ok=True))
            ref = measure.repeat(_child("openpyxl-read", str(edited)), self.s.repeat)
        else:
            ours = cold = ref = unavailable("export-xlsx wrote no workbook")
        self.row(n, "import-xlsx --dry-run", ours, "openpyxl reading the same workbook", ref,
                 how="one English label edited: cells checked, Turtle blocks rewritten, validate (limited to "
                     "what the edit can affect: `validate` recorded today's state), diff")
        self.row(n, "import-xlsx --dry-run, no validation record", cold, "openpyxl reading the same workbook", ref,
                 how="the same without validate's record: the full validation")

    def build(self, n: int, project_dir: Path, work: Path) -> bool:
        def clean():
            _settled(project_dir)
            shutil.rmtree(project_dir / "build", ignore_errors=True)

        wrote = lambda: _wrote(project_dir / "build" / "www" / "doc" / "download"  # noqa: E731
                               / "competentieset.ttl")
        # the consumer formats' share (issue 12): the same build without the exports stage,
        # measured first so that the last build left in place is the full one
        without = self.ours("build", project_dir, "--no-site", "--no-exports", before=clean,
                            check=wrote)
        # the data build (all RDF formats, JSON, CSV, exports) against the floor; the site has its row
        ours = self.ours("build", project_dir, "--no-site", before=clean, check=wrote)
        out = work / "floor-build"
        floor = measure.repeat(_child("floor-build", str(project_dir), str(out)), self.s.repeat,
                               before=lambda: shutil.rmtree(out, ignore_errors=True))
        self.row(n, "build", ours, "pyoxigraph parse+serialise floor", floor)
        built = ours.seconds is not None and (project_dir / "build" / "www").is_dir()
        self.io_floor(n, project_dir, work, ours, built)
        self.row(n, "build with exports", ours, "build --no-exports", without)
        return built

    def io_floor(self, n: int, project_dir: Path, work: Path, ours: Result, built: bool) -> None:
        """The data build against its I/O floor: the pyoxigraph floor plus writing as many
        files of the same sizes as the build wrote into its web root (the release copy is
        hard links and is not counted)."""
        if not built:
            self.row(n, "build vs I/O floor", ours, "I/O floor",
                     unavailable("the build failed: no files to size"))
            return
        sizes = floor_mod.file_sizes(project_dir / "build" / "www")
        sizes_file = work / "build-file-sizes.tsv"
        sizes_file.write_text("".join(f"{size}\t{rel}\n" for rel, size in sizes), encoding="utf-8")
        out = work / "floor-io"
        ref = measure.repeat(_child("floor-io", str(project_dir), str(out), str(sizes_file)),
                             self.s.repeat, before=lambda: shutil.rmtree(out, ignore_errors=True))
        self.row(n, "build vs I/O floor", ours,
                 f"I/O floor: pyoxigraph parse+serialise + {len(sizes):,} files of the same sizes",
                 ref, files=len(sizes), bytes=sum(size for _, size in sizes))

    def incremental(self, n: int, project_dir: Path) -> None:
        """After a one-resource change (one indicator relabelled): validate + incremental
        build, site included, against a full build of the same project; the incremental
        result must be byte-identical to that full build."""
        target = _relabel_target(project_dir)
        if target is None:
            missing = unavailable("no indicator label found to change")
            self.row(n, "incremental build (site included)", missing, "full build", missing)
            return
        path, old = target
        # the base: a full build of the unchanged project (not measured)
        first = measure.run_child(_cli() + ["--project", str(project_dir), "build",
                                            "--replace-release", "--full"], timeout=self.s.ours_cap)
        if first.returncode != 0:
            failed = unavailable(f"the full build failed: {first.stderr.strip()[-200:]}")
            self.row(n, "incremental build (site included)", failed, "full build", failed)
            return
        counter = iter(range(1, 1_000_000))

        def relabel():
            text = path.read_text(encoding="utf-8")
            start = text.index(old[:-4])
            end = text.index('"@nl', start) + 4
            path.write_text(text[:start] + f"{old[:-4]} (bench {next(counter)})\"@nl" + text[end:],
                            encoding="utf-8")

        def settled_relabel():
            _settled(project_dir)
            relabel()

        ours = measure.repeat(_cli() + ["--project", str(project_dir), "build", "--replace-release"],
                              self.s.repeat, before=settled_relabel, timeout=self.s.ours_cap)
        incremental_tree = _tree_digest(project_dir / "build")
        full = measure.repeat(_cli() + ["--project", str(project_dir), "build", "--replace-release",
                                        "--full"], self.s.repeat, timeout=self.s.ours_cap,
                              before=lambda: _settled(project_dir))
        identical = incremental_tree == _tree_digest(project_dir / "build")
        _settled(project_dir)  # the next rows start on a quiet disk
        self.row(n, "incremental build (site included)", ours,
                 "full build (site included) of the same project", full,
                 identical_to_full_build=identical,
                 change=f"relabel {path.relative_to(project_dir).as_posix()}: {old}")

    def site(self, n: int, project_dir: Path, work: Path, built: bool) -> None:
        """`competentieset site` against plain MkDocs of as many pages, measured in turns
        (measure.in_turns: ours, plain, ours, plain, ...): both take minutes at 20,000
        concepts, long enough for the machine's speed to change between the two sides."""
        out = work / "site-ours"
        cold = _Cold(work / "tmp-site")

        def before():
            shutil.rmtree(out, ignore_errors=True)
            cold.reset()

        def ours_run():
            return measure.repeat(_cli() + ["--project", str(project_dir), "site", "--out", str(out)], 1,
                                  before=before, env=cold.env(), timeout=self.s.ours_cap,
                                  check=lambda: _wrote(out / "index.html", out / "en" / "index.html"))

        plain: dict = {}

        def ref_run():
            if "run" not in plain:
                # as many plain pages as our site has (HTML files its first run wrote), else N
                plain["pages"] = (sum(1 for _ in out.rglob("*.html")) if out.is_dir() else 0) or n
                plain["run"] = self.mkdocs_plain(plain["pages"], work, cold)
            return plain["run"]()

        ours, ref = measure.in_turns([ours_run, ref_run], self.s.repeat)
        pages = plain.get("pages", n)
        how = ("both cold: every run gets an empty TMPDIR, so no Jinja bytecode cache of "
               "an earlier run; measured in turns (ours, plain, ours, ...)")
        self.row(n, "site", ours, f"plain mkdocs build (Material), {pages} pages", ref,
                 pages=pages, how=how,
                 ours_per_1000_pages=report.per_thousand(ours, pages),
                 ref_per_1000_pages=report.per_thousand(ref, pages))

    def mkdocs_plain(self, pages: int, work: Path, cold: _Cold):
        """A plain MkDocs Material site of `pages` simple pages (concept pages out of nav),
        written now; returns the function that measures one cold build of it."""
        site = work / "mkdocs-plain"
        if site.exists():
            shutil.rmtree(site)
        (site / "docs" / "c").mkdir(parents=True)
        (site / "docs" / "index.md").write_text("# Overzicht\n\nSynthetische pagina's.\n",
                                                encoding="utf-8")
        for i in range(pages):
            (site / "docs" / "c" / f"{i}.md").write_text(
                PAGES_TEMPLATE.format(
                    title=f"Begrip {i}", notation=i,
                    definition="Je stimuleert gedeelde doelen binnen de eigen organisatie. "
                               "Je verbindt externe netwerken in het team."),
                encoding="utf-8")
        (site / "mkdocs.yml").write_text(
            "site_name: Plain benchmark site\n"
            "theme:\n  name: material\n  language: nl\n  font: false\n"
            "nav:\n  - index.md\n"
            "not_in_nav: |\n  /c/\n",
            encoding="utf-8")
        out = site / "site"

        def before():
            shutil.rmtree(out, ignore_errors=True)
            cold.reset()

        return lambda: measure.repeat(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site / "mkdocs.yml"),
             "-d", str(out)],
            1, timeout=self.s.mkdocs_cap, before=before, env=cold.env(),
            check=lambda: _wrote(out / "index.html"))

    def sample_docs(self, project_dir: Path) -> list[str]:
        """Doc paths (doc/competentie/x) of an evenly spread sample of our concepts."""
        lines = (project_dir / "ontology" / "uri-register.txt").read_text(encoding="utf-8")
        ids = [line.split()[0] for line in lines.splitlines()
               if "/id/competentie/" in line or "/id/gedragsindicator/" in line]
        step = max(1, len(ids) // self.s.sample)
        base = self.project.base
        return [str(uris.doc_path(u, base)) for u in ids[::step][: self.s.sample]]

    def serve(self, n: int, project_dir: Path, work: Path, built: bool) -> None:
        """wrk against nginx (the build's own config) and against `competentieset serve`,
        with its response cache (as shipped) and with the cache off (`--response-cache 0`:
        every request negotiated and read again, as for more distinct URLs than it holds)."""
        docs = self.sample_docs(project_dir)
        case = http.case_package_path(project_dir / "build" / "www")
        missing = http.have_tools()
        webroot = project_dir / "build" / "www"
        variants = {"": (), f" {report.UNCACHED}": ("--response-cache", "0")}
        nginx_results: dict[str, list[http.Load]] = {k: [] for k in http.KINDS}
        ours_results = {(k, v): [] for k in http.KINDS for v in variants}
        ours_notes = dict.fromkeys(variants, "")
        nginx_note = ""
        if missing:
            nginx_note = missing
            ours_notes = dict.fromkeys(variants, missing)
        elif not built:
            nginx_note = "the build failed: nothing to serve"
            ours_notes = dict.fromkeys(variants, nginx_note)
        else:
            ngx = work / "nginx"
            ngx.mkdir(exist_ok=True)
            port = http.free_port()
            conf, nginx_note = http.nginx_config(
                port, webroot, project_dir / "build" / "nginx" / "competentieset.conf", ngx)
            if conf is not None:
                proc = http.start_nginx(conf, ngx, port)
                try:
                    for kind in http.KINDS:
                        for _ in range(self.s.repeat):
                            nginx_results[kind].append(http.wrk(
                                port, kind, docs, ngx, self.s.load_seconds, self.s.connections,
                                case))
                finally:
                    http.stop(proc)
            for variant, extra in variants.items():
                port = http.free_port()
                try:
                    proc = http.start_embedded(_cli(), project_dir, port,
                                               self.s.server_start_timeout, ngx / "serve.log",
                                               extra)
                except RuntimeError as exc:
                    ours_notes[variant] = f"did not start: {exc}"
                    continue
                try:
                    for kind in http.KINDS:
                        for _ in range(self.s.repeat):
                            ours_results[(kind, variant)].append(http.wrk(
                                port, kind, docs, ngx, self.s.load_seconds,
                                self.s.connections, case))
                finally:
                    http.stop(proc)
        for variant in variants:
            for kind in http.KINDS:
                row = {
                    "n": n, "task": f"serve {kind}{variant}", "reference": "nginx (1 worker)",
                    "ours": report.load_summary(ours_results[(kind, variant)], ours_notes[variant]),
                    "ref": report.load_summary(nginx_results[kind], f"nginx: {nginx_note}"),
                }
                row["ratio_rps"] = report.ratio(row["ours"]["requests_per_s"],
                                                row["ref"]["requests_per_s"])
                row["ratio_p99"] = report.ratio(row["ours"]["p99_ms"], row["ref"]["p99_ms"])
                self.rows.append(row)
                self.log(report.row_line(row))

    # -- the real vocabulary ---------------------------------------------------------------

    def real(self, work: Path) -> None:
        real_dir = work / "real" / "project"
        synthetic.copy_project(self.project, real_dir)
        rdflib = measure.repeat([sys.executable, "-c", "import rdflib"], self.s.repeat)
        ours = self.ours("validate", real_dir)
        self.row("real", "validate", ours, 'python -c "import rdflib"', rdflib)
        www = real_dir / "build" / "www"
        ours = self.ours("build", real_dir,
                         before=lambda: (_settled(real_dir),
                                         shutil.rmtree(real_dir / "build", ignore_errors=True)),
                         check=lambda: _wrote(www / "doc" / "download" / "competentieset.ttl",
                                              www / "index.html"))
        self.row("real", "build (site included)", ours, 'python -c "import rdflib"', rdflib)

    # -- all -----------------------------------------------------------------------------

    def run(self) -> dict:
        source = report.source(self.project.root)  # the code measured: the commit at the start
        temp = None
        if self.s.workdir is None:
            temp = tempfile.TemporaryDirectory(prefix="competentieset-bench-")
            work = Path(temp.name)
        else:
            work = self.s.workdir
            work.mkdir(parents=True, exist_ok=True)
        try:
            for n in self.s.sizes:
                target = work / f"n{n}"
                if target.exists():
                    shutil.rmtree(target)
                self.size(n, work)
            if self.s.real:
                if (work / "real").exists():
                    shutil.rmtree(work / "real")
                self.real(work)
        finally:
            if temp is not None:
                temp.cleanup()
        return report.assemble(self.rows, self.s, source)


def _wrote(*paths: Path) -> str | None:
    """Why a run that exited 0 did not do its work (a file it must write is missing), or None."""
    absent = [str(p) for p in paths if not p.is_file()]
    return f"exit 0 but nothing written at {', '.join(absent)}" if absent else None


class _Cold:
    """An empty TMPDIR for each run: Jinja's bytecode cache (which our site keeps in the
    temporary folder between builds) then starts empty, as plain MkDocs always does."""

    def __init__(self, folder: Path):
        self.folder = folder

    def reset(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)

    def env(self) -> dict:
        return {**os.environ, "TMPDIR": str(self.folder)}


def run(project: Project, settings: Settings) -> dict:
    """Run the whole benchmark; the results as a JSON-ready dict (see report.assemble)."""
    return Bench(project, settings).run()
