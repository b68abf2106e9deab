"""`make bench`: our commands against reference engines on the same data, in the same run.

For each size N a synthetic project (competentieset.synthetic) is generated, then every
measured thing runs as its own child process (see measure.py), `repeat` times, and the
medians of wall time and peak RSS are put side by side:

  validate  `competentieset validate`  vs the SPARQL floor on pyoxigraph (floor.QUERIES)
                                        and plain pyshacl with the same shapes
  build     `competentieset build`     vs pyoxigraph parse + serialise (floor.build)
  site      seconds per 1,000 pages    vs plain `mkdocs build` (Material) of as many pages
  server    `competentieset serve`     vs nginx on the same files (wrk, loopback, bounded)
  real      validate and full build of the real vocabulary vs `python -c "import rdflib"`

Our commands are called only as CLI subprocesses on the generated project, so they plug
in as they are built; a command that does not exist gives a row marked n.a. (never a
number). The result is one table (report.py) and a JSON file.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from competentieset import synthetic
from competentieset.bench import http, measure, report
from competentieset.bench.measure import Result, unavailable
from competentieset.model import uris
from competentieset.model.config import Project

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
    server_start_timeout: float = 300.0
    log: object = None  # callable(str) for progress, or None


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

    def ours(self, command: str, project_dir: Path, *extra: str, before=None,
             timeout: float | None = None) -> Result:
        result = measure.repeat(_cli() + ["--project", str(project_dir), command, *extra],
                                self.s.repeat, before=before, timeout=timeout or self.s.ours_cap,
                                ok_codes=(0, 1))
        if result.available and any(r.returncode == 1 for r in result.runs):
            result.note = "exit 1 (findings reported)"
        return result

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
        built = self.build(n, project_dir, work / f"n{n}")
        self.site(n, project_dir, work / f"n{n}", built)
        self.serve(n, project_dir, work / f"n{n}", built)

    def validate(self, n: int, project_dir: Path) -> None:
        ours = self.ours("validate", project_dir)
        floor = measure.repeat(_child("floor-validate", str(project_dir)), self.s.repeat)
        self.row(n, "validate", ours, "pyoxigraph SPARQL floor", floor)
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
                    if found.get("left_out"):
                        ref.note = (f"{found['left_out']} SPARQL constraint(s) that need the "
                                    "catalog's named graphs left out (pyshacl sees one graph)")
        self.row(n, "validate", ours, name, ref, **extra)

    def build(self, n: int, project_dir: Path, work: Path) -> bool:
        def clean():
            shutil.rmtree(project_dir / "build", ignore_errors=True)

        # the data build (all RDF formats, JSON, CSV) against the floor; the site has its row
        ours = self.ours("build", project_dir, "--no-site", before=clean)
        out = work / "floor-build"
        floor = measure.repeat(_child("floor-build", str(project_dir), str(out)), self.s.repeat,
                               before=lambda: shutil.rmtree(out, ignore_errors=True))
        self.row(n, "build", ours, "pyoxigraph parse+serialise floor", floor)
        return ours.seconds is not None and (project_dir / "build" / "www").is_dir()

    def site(self, n: int, project_dir: Path, work: Path, built: bool) -> None:
        www = project_dir / "build" / "www"
        ours = self.ours("site", project_dir)
        how = ""
        # as many plain pages as our site has (HTML files in the web root), else N
        pages = (sum(1 for _ in www.rglob("*.html")) if www.is_dir() else 0) or n
        ref = self.mkdocs_plain(pages, work)
        self.row(n, "site", ours, f"plain mkdocs build (Material), {pages} pages", ref,
                 pages=pages, how=how,
                 ours_per_1000_pages=report.per_thousand(ours, pages),
                 ref_per_1000_pages=report.per_thousand(ref, pages))

    def mkdocs_plain(self, pages: int, work: Path) -> Result:
        """A plain MkDocs Material site of `pages` simple pages (concept pages out of nav)."""
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
        return measure.repeat(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site / "mkdocs.yml"),
             "-d", str(out)],
            self.s.repeat, timeout=self.s.mkdocs_cap,
            before=lambda: shutil.rmtree(out, ignore_errors=True))

    def sample_docs(self, project_dir: Path) -> list[str]:
        """Doc paths (doc/competentie/x) of an evenly spread sample of our concepts."""
        lines = (project_dir / "ontology" / "uri-register.txt").read_text(encoding="utf-8")
        ids = [line.split()[0] for line in lines.splitlines()
               if "/id/competentie/" in line or "/id/gedragsindicator/" in line]
        step = max(1, len(ids) // self.s.sample)
        base = self.project.base
        return [str(uris.doc_path(u, base)) for u in ids[::step][: self.s.sample]]

    def serve(self, n: int, project_dir: Path, work: Path, built: bool) -> None:
        docs = self.sample_docs(project_dir)
        missing = http.have_tools()
        webroot = project_dir / "build" / "www"
        files = "the build"
        nginx_results: dict[str, list[http.Load]] = {k: [] for k in http.KINDS}
        ours_results: dict[str, list[http.Load]] = {k: [] for k in http.KINDS}
        nginx_note = ours_note = ""
        if missing:
            nginx_note = ours_note = missing
        elif not built:
            nginx_note = ours_note = "the build failed: nothing to serve"
        else:
            ngx = work / "nginx"
            ngx.mkdir(exist_ok=True)
            port = http.free_port()
            conf, nginx_note = http.nginx_config(
                port, webroot, project_dir / "build" / "nginx" / "competentieset.conf", ngx)
            proc = http.start_nginx(conf, ngx, port)
            try:
                for kind in http.KINDS:
                    for _ in range(self.s.repeat):
                        nginx_results[kind].append(http.wrk(
                            port, kind, docs, ngx, self.s.load_seconds, self.s.connections))
            finally:
                http.stop(proc)
            port = http.free_port()
            try:
                proc = http.start_embedded(_cli(), project_dir, port,
                                           self.s.server_start_timeout, ngx / "serve.log")
            except RuntimeError as exc:
                ours_note = f"did not start: {exc}"
            else:
                try:
                    for kind in http.KINDS:
                        for _ in range(self.s.repeat):
                            ours_results[kind].append(http.wrk(
                                port, kind, docs, ngx, self.s.load_seconds,
                                self.s.connections))
                finally:
                    http.stop(proc)
        for kind in http.KINDS:
            row = {
                "n": n, "task": f"serve {kind}", "reference": "nginx (1 worker)",
                "ours": report.load_summary(ours_results[kind], ours_note),
                "ref": report.load_summary(nginx_results[kind], f"nginx: {nginx_note}; serving {files}"),
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
        ours = self.ours("build", real_dir,
                         before=lambda: shutil.rmtree(real_dir / "build", ignore_errors=True))
        self.row("real", "build (site included)", ours, 'python -c "import rdflib"', rdflib)

    # -- all -----------------------------------------------------------------------------

    def run(self) -> dict:
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
        return report.assemble(self.rows, self.s)


def run(project: Project, settings: Settings) -> dict:
    """Run the whole benchmark; the results as a JSON-ready dict (see report.assemble)."""
    return Bench(project, settings).run()
