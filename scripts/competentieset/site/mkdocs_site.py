"""Run MkDocs (Material theme) on the generated pages: one build per language.

The only module that knows MkDocs. Pages are written to a temporary docs folder, built in
strict mode (any warning fails) into a temporary site folder, and then copied into the web
root: Dutch at the root, English under en/. Nothing already in the web root (the data
files the build wrote) is removed. SOURCE_DATE_EPOCH is set from the release date, so
the sitemap and everything else come out byte-identical on every build.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from competentieset.forked import Forked, run_in_child
from competentieset.forked import may_fork as _may_fork
from competentieset.gcpause import paused
from competentieset.model import layout
from competentieset.model.vocabulary import Vocabulary
from competentieset.site import mkdocs_runner
from competentieset.site.context import SiteContext, SiteError, from_project
from competentieset.site.generate import hand_written, iter_generated_pages, nav
from competentieset.site.graph import SiteGraph
from competentieset.site.mkdocs_hooks import DIRTY_ENV
from competentieset.site.mkdocs_hooks import FLAG as RAW_HTML_FLAG
from competentieset.site.page_reads import PageReads
from competentieset.site.text import LANG_NAME, LANGS

THEME_DIR = "overrides"  # site/overrides: Material template overrides
ASSET_DIR = "assets"  # site/assets: CSS, copied to assets/cs/ of each language


MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "fenced_code", "toc"]
HOOKS = Path(__file__).with_name("mkdocs_hooks.py")


def _epoch(ctx: SiteContext) -> str:
    dates = dict(ctx.releases)
    date = dates.get(ctx.version) or (ctx.releases[-1][1] if ctx.releases else "1970-01-01")
    moment = datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=UTC)
    return str(int(moment.timestamp()))


def mkdocs_site_url(project, lang: str) -> str:
    base = project.base
    return f"{base}/" if lang == "nl" else f"{base}/{layout.EN_PREFIX}/"


def mkdocs_config(ctx: SiteContext, graph: SiteGraph, lang: str, docs: Path, out: Path) -> dict:
    base = ctx.project.base
    scheme = f"{base}/id/begrippenkader/competentieset"
    name = graph.label(scheme, lang)[0] if scheme in graph.resources else "Competentieset"
    return {
        "site_name": name,
        "site_url": mkdocs_site_url(ctx.project, lang),
        "docs_dir": str(docs),
        "site_dir": str(out),
        "use_directory_urls": False,
        "strict": True,
        "theme": {
            "name": "material",
            "custom_dir": str(ctx.project.site_dir / THEME_DIR),
            "language": lang,
            "font": False,
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
            "features": ["content.code.copy", "navigation.sections", "navigation.indexes"],
        },
        "extra": {
            "generator": False,
            "alternate": [
                {"name": LANG_NAME[code], "lang": code, "link": "./" if code == lang else "../"}
                for code in LANGS
            ],
        },
        "extra_css": ["assets/cs/extra.css"],
        "extra_javascript": ["assets/cs/extra.js"],
        "plugins": [{"search": {"lang": lang}}],
        "hooks": [str(HOOKS)],
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "validation": {
            "omitted_files": "info",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
        "copyright": {
            "nl": "Bron: Algemene Bestuursdienst. Toevoegingen van dit project zijn gemarkeerd.",
            "en": "Source: Algemene Bestuursdienst. Additions of this project are marked.",
        }[lang],
        "nav": nav(lang),
    }


def docs_files(ctx: SiteContext, graph: SiteGraph, lang: str, counts: dict[str, int],
               reads: PageReads | None = None) -> Iterator[tuple[str, str | bytes]]:
    """(docs path, text or bytes) of every page and file of one language's docs folder, made
    one at a time (a 20,000-concept site is not held in memory); counts["pages"] is the
    number of generated pages once all are taken. Hand-written pages win over generated
    ones of the same path. With `reads`, the resource pages it keeps (reads.kept) are left
    out and counted."""
    site_dir = ctx.project.site_dir
    folder = site_dir / lang
    hand = ({p.relative_to(folder).as_posix() for p in folder.rglob("*.md")}
            if folder.is_dir() else set())
    pages, files = iter_generated_pages(graph, ctx, lang, reads)
    generated, made = set(), set()
    for page in pages:
        generated.add(page.path)
        if page.path not in hand:
            page.meta[RAW_HTML_FLAG] = True  # generated: its raw HTML skips Markdown's parsers
            made.add(page.path)
            yield page.path, page.render()
    kept = reads.kept.keys() if reads is not None else set()
    written = hand_written(site_dir, lang, generated | kept,
                           (ctx.project.source_base, ctx.project.base))
    yield from written.items()
    yield from files.items()
    assets = site_dir / ASSET_DIR
    if assets.is_dir():
        for path in sorted(assets.rglob("*")):
            if path.is_file():
                # bytes: pictures (e.g. the stewards' workbook) are copied as they are
                yield f"assets/cs/{path.relative_to(assets).as_posix()}", path.read_bytes()
    counts["pages"] = len(generated) + len(kept - made - written.keys() - files.keys())


def write_docs(ctx: SiteContext, graph: SiteGraph, lang: str, docs: Path) -> int:
    counts: dict[str, int] = {}
    for rel, text in docs_files(ctx, graph, lang, counts):
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return counts["pages"]


# The workspace's state: STATE_FILE in the workspace (fingerprint, complete, the build's id)
# and one per language folder (its docs files' checksums and its pages' reads, written by the
# process that made its pages: at N = 20,000 a language's part is 11 MB, which the other
# process would otherwise unpickle and write again). Marshal, not JSON: JSON took 1.3 s to
# read and write the whole state in every build (marshal: 0.1 s). A state this Python
# cannot read (another version's marshal format, a torn file) is no state: every page is
# rendered again.
STATE_FILE = "state.marshal"


def _read_state(work: Path) -> dict:
    try:
        data = (work / STATE_FILE).read_bytes()
        with paused():
            state = marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(work: Path, state: dict) -> None:
    aside = work / (STATE_FILE + ".new")
    aside.write_bytes(marshal.dumps(state))
    os.replace(aside, work / STATE_FILE)


def _output_of(rel: str) -> str:
    """The site file MkDocs makes of a docs file (use_directory_urls is off)."""
    return rel[:-3] + ".html" if rel.endswith(".md") else rel


def _sync_docs(written: Iterable[tuple[str, str | bytes]], docs: Path, out: Path,
               known: dict[str, str], kept=lambda: frozenset()) -> dict[str, str]:
    """Write the docs files whose text changed (and remove their old output, so MkDocs
    --dirty renders them), remove docs files no longer made (`kept()`, asked once all are
    written: files left as they are without being made again); returns {rel: sha256}."""
    hashes = {}
    for rel, text in written:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        hashes[rel] = digest
        if known.get(rel) == digest:
            continue
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        (out / _output_of(rel)).unlink(missing_ok=True)
        target.write_bytes(data)
    for rel in set(kept()) - hashes.keys():
        hashes[rel] = known[rel]
    for rel in known.keys() - hashes.keys():
        (docs / rel).unlink(missing_ok=True)
        (out / _output_of(rel)).unlink(missing_ok=True)
    return hashes


def _link_tree(source: Path, target: Path, previous=None, prefix: str = "") -> None:
    """Every file below source hard-linked (else copied) to the same place below target;
    a file already there is replaced. `previous` (incremental.Reuse, its web-root paths
    `prefix` + the path below source): a file that is not the previous build's file but has
    its bytes (rendered again, e.g. after a full render in a kept workspace) is first replaced
    in source by the previous build's file, so this build and the next keep that file
    (build.keep_unchanged then finds it linked without reading it). MkDocs replaces a file
    it writes (mkdocs_hooks._replace_file), never writes into one, so the previous build's
    files in the workspace stay as they are."""
    source_root, target_root = str(source), str(target)
    for folder, _dirs, names in os.walk(source_root):
        rel_folder = folder[len(source_root):]
        os.makedirs(target_root + rel_folder, exist_ok=True)
        # the folder below the previous web root; its files that are this folder's own (the
        # same inode, read from both folders' listings: no stat per file) need no check
        in_webroot = f"{prefix}{rel_folder[1:]}".strip("/")
        same = _same_inodes(folder, f"{previous.webroot}/{in_webroot}") if previous is not None else ()
        for name in names:
            src, dst = f"{folder}/{name}", f"{target_root}{rel_folder}/{name}"
            if previous is not None and name not in same:
                _keep_previous(previous, f"{in_webroot}/{name}" if in_webroot else name, src)
            try:
                os.link(src, dst)
            except FileExistsError:
                os.unlink(dst)
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)


def _same_inodes(folder: str, other: str) -> set[str]:
    """The names of the files of `folder` that are hard links to the file of the same name
    in `other` (the inodes of both folders' listings; none when `other` cannot be read)."""
    try:
        with os.scandir(other) as entries:
            theirs = {entry.name: entry.inode() for entry in entries}
        with os.scandir(folder) as entries:
            return {entry.name for entry in entries if theirs.get(entry.name) == entry.inode()}
    except OSError:
        return set()


def _keep_previous(previous, rel: str, src: str) -> None:
    """Replace the workspace file `src` by the previous build's file `rel` when their bytes
    are the same (a hard link; the same checksum as in the previous build's manifest). A
    file of another size than the previous one is not read (at N = 20,000 the search index,
    which changes with any page, is 125 MB a language)."""
    try:
        mine, theirs = os.stat(src), os.stat(f"{previous.webroot}/{rel}")
    except OSError:
        return
    if mine.st_ino == theirs.st_ino or mine.st_size != theirs.st_size:
        return
    known = previous.hash_of(rel)
    if known is None:
        return
    with open(src, "rb") as handle:
        if hashlib.file_digest(handle, "sha256").hexdigest() != known:
            return
    aside = src + ".cs-previous"
    if previous.link(rel, aside):
        os.replace(aside, src)


GRAPH_FILE = "graph.pickle"  # in the workspace: the site graph's tables, for the next build


def _site_graph(ctx: SiteContext) -> SiteGraph:
    """The site graph: read from the store, or, when the workspace keeps the graph of the
    previous build's store (made by the same code), that graph with the subjects an edit
    touched read again (SiteGraph's `previous`; at N = 20,000 a read takes 2.2-2.8 s, the
    load 0.2-0.6 s)."""
    change = ctx.store_change
    if ctx.workspace is not None and change is not None and change[1] and change[2] is not None:
        try:
            with open(ctx.workspace / GRAPH_FILE, "rb") as handle, paused():
                kept = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError,
                TypeError, ImportError, IndexError):
            kept = None
        if isinstance(kept, dict) and kept.get("fingerprint") == ctx.fingerprint \
                and kept.get("store") == change[1]:
            graph = SiteGraph(ctx.vocab, (kept["tables"], change[2]))
            if kept.get("global") == graph.global_digest():  # the same kinds of provenance
                return graph
    return SiteGraph(ctx.vocab)


def _keep_graph(ctx: SiteContext, graph: SiteGraph) -> None:
    """Keep the graph's tables in the workspace for the next build (see _site_graph)."""
    if ctx.workspace is None or ctx.store_change is None or not ctx.fingerprint:
        return
    aside = ctx.workspace / (GRAPH_FILE + ".new")
    with open(aside, "wb") as handle, paused():
        pickle.dump({"fingerprint": ctx.fingerprint, "store": ctx.store_change[0],
                     "global": graph.global_digest(), "tables": graph.tables()},
                    handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(aside, ctx.workspace / GRAPH_FILE)


def build_site(ctx: SiteContext) -> dict[str, int]:
    """Generate and build the site into ctx.webroot; returns pages written per language.

    With ctx.workspace (and a fingerprint) the MkDocs docs and site folders are kept there:
    a build with the same fingerprint as the workspace's last complete build writes only
    the docs files whose text changed and runs `mkdocs build --dirty`, which renders only
    those pages (mkdocs_hooks merges the search index). Anything else (new fingerprint, a
    page removed, a changed MkDocs config, an interrupted build) builds every page."""
    graph = _site_graph(ctx)
    # MkDocs loads while the pages are made: in the runner the caller started ahead (the
    # build starts it with the build), else in one started now
    runner = ctx.mkdocs if ctx.mkdocs is not None else mkdocs_runner.start()

    def order(args: list[str], env: dict[str, str]) -> None:
        runner.order(args, env, quiet=True)  # each language's MkDocs as soon as its pages are

    try:
        if ctx.workspace is None:
            with tempfile.TemporaryDirectory(prefix="competentieset-site-") as tmp:
                made = _make(ctx, graph, Path(tmp), "", order, [runner.fileno()])
                return _finish(ctx.project, ctx.webroot, ctx.previous, made, runner, Path(tmp))
        made = _make(ctx, graph, ctx.workspace, ctx.fingerprint, order, [runner.fileno()])
        return _finish(ctx.project, ctx.webroot, ctx.previous, made, runner, ctx.workspace)
    finally:
        runner.stop()  # nothing left to stop when all went well


def build_site_apart(project, webroot: Path, load: Callable[[], Vocabulary]) -> dict[str, int]:
    """build_site(from_project(project, load(), webroot)), with the memory spread over
    processes that end before the next step takes its own (at N = 20,000 one process held
    the vocabulary, the site graph and one language's pages, 350 MB, for the minute and a
    half MkDocs takes beside its two processes):

    - a forked child loads the vocabulary (load()) and reads the site graph, and hands
      back the graph's tables, its kinds of provenance and the named graphs, pickled into
      a file as a stream (reading the graph takes twice what its tables keep);
    - a second child makes the pages from those tables, without the store (the pages read
      the vocabulary only through the graph's tables and its named graphs), one language
      in a child of its own as build_site does;
    - this process orders the MkDocs builds, waits and links the site into `webroot`.

    Every page is made (no workspace: `competentieset site`). Where this process may not
    fork, build_site here."""
    if not _may_fork():
        return build_site(from_project(project, load(), webroot))
    runner = mkdocs_runner.start()
    try:
        with tempfile.TemporaryDirectory(prefix="competentieset-site-") as tmp:
            work = Path(tmp)
            tables_file = work / "graph-tables.pickle"  # read (and removed) before _make fills work

            def read() -> None:
                vocab = load()
                graph = SiteGraph(vocab)
                with paused(), open(tables_file, "wb") as handle:
                    pickle.dump((graph.tables(), graph.kinds, vocab.graphs), handle,
                                protocol=pickle.HIGHEST_PROTOCOL)

            def make() -> _Made:
                _in_child(read, "reading the vocabulary and its site graph")
                # hundreds of thousands of objects that all live on: no collection walks them
                with paused(), open(tables_file, "rb") as handle:
                    tables, kinds, graphs = pickle.load(handle)
                tables_file.unlink()
                vocab = Vocabulary(project, None, graphs)  # its named graphs, not its statements
                ctx = from_project(project, vocab, webroot)
                # the same graph as SiteGraph(load()) (_patch with nothing touched reads no store)
                graph = SiteGraph(vocab, (tables, ()), kinds=kinds)
                orders: list = []
                made = _make(ctx, graph, work, "", lambda *order: orders.append(order), [])
                # a temporary workspace's state is never read again
                made.orders, made.state = orders, None
                return made

            made = _in_child(make, "making the site's pages", [runner.fileno()])
            for args, env in made.orders:
                runner.order(args, env, quiet=True)
            return _finish(project, webroot, None, made, runner, work)
    finally:
        runner.stop()


def _in_child(fn: Callable[[], object], what: str, close: list[int] | tuple = ()):
    return run_in_child(fn, SiteError, f"{what} stopped without a result", close)


@dataclass
class _Made:
    """What making the pages (_make) leaves for MkDocs and the web root: no graph, no
    vocabulary (it may come from a forked child, build_site_apart)."""

    state: dict | None  # the workspace's new state, written as complete once MkDocs has built
    counts: dict[str, int]  # generated pages per language
    orders: list = field(default_factory=list)  # (args, env) of each `mkdocs build` not yet ordered


def _make(ctx: SiteContext, graph: SiteGraph, work: Path, fingerprint: str,
          order: Callable[[list[str], dict[str, str]], None], close: list[int]) -> _Made:
    """Make both languages' docs folders in `work` and order (`order(args, env)`) each
    language's `mkdocs build` once its pages are there; `close`: the file descriptors a
    forked maker closes (the runner's orders are this process's alone)."""
    state = _read_state(work)
    usable = bool(fingerprint) and state.get("fingerprint") == fingerprint and state.get("complete")
    if not usable and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    # each language's part of the state (its docs files' checksums and pages' reads) is
    # written by the process that makes its pages, into <lang>/state.marshal, with this
    # build's `id`: the part of a complete state is the one with the same id
    new_state = {"fingerprint": fingerprint, "complete": False, "id": os.urandom(16).hex()}
    _write_state(work, new_state)
    previous_id = state.get("id") if usable else None
    counts = {}
    env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch(ctx)}
    makers: dict[str, _Maker] = {}
    try:
        for lang in LANGS:
            docs, out = work / lang / "docs", work / lang / "site"
            docs.mkdir(parents=True, exist_ok=True)
            # the last language's maker (a forked child when it may fork) also keeps the
            # graph for the next build, while this process makes the first language's pages
            keep = (lambda: _keep_graph(ctx, graph)) if lang == LANGS[-1] else None
            # a workspace without a fingerprint (a temporary one) is never read again: no part
            makers[lang] = _Maker(ctx, graph, lang, work / lang,
                                  (previous_id, new_state["id"] if fingerprint else None), keep)
        if _may_fork():  # the other languages' pages are made at the same time, in a child
            for lang in LANGS[1:]:
                makers[lang].fork(close)
        for lang in LANGS:
            docs, out = work / lang / "docs", work / lang / "site"
            counts[lang], removed = makers[lang].result()
            config = work / lang / "mkdocs.yml"
            config_text = json.dumps(mkdocs_config(ctx, graph, lang, docs, out), ensure_ascii=False, indent=1)
            dirty = (usable and out.is_dir() and not removed
                     and config.is_file() and config.read_text(encoding="utf-8") == config_text)
            if not dirty:
                config.write_text(config_text, encoding="utf-8")
            # MkDocs writes the gzipped sitemap into the existing file: give it a new one
            (out / "sitemap.xml.gz").unlink(missing_ok=True)
            # not --quiet: it would hide the warnings from --strict (see mkdocs_runner)
            args = ["build", "--strict", "-f", str(config)] + (["--dirty"] if dirty else [])
            order(args, {**env, DIRTY_ENV: "1" if dirty else "0"})
    except BaseException:
        for maker in makers.values():
            maker.stop()
        raise
    return _Made(new_state, counts)


def _finish(project, webroot: Path, previous, made: _Made, runner, work: Path) -> dict[str, int]:
    """Wait for MkDocs, then mark the workspace's state complete and link each language's
    site into the web root."""
    results = runner.results()
    failures = [f"[{lang}] mkdocs build --strict failed:\n{output.strip()}"
                for lang, (code, output) in zip(LANGS, results, strict=True) if code != 0]
    if failures:
        raise SiteError("the documentation site did not build:\n" + "\n".join(failures))
    if made.state is not None:
        made.state["complete"] = True
        _write_state(work, made.state)
    webroot.mkdir(parents=True, exist_ok=True)

    def link(lang: str) -> None:
        target = webroot if lang == "nl" else webroot / layout.EN_PREFIX
        fix_404(work / lang / "site" / "404.html", project, lang)
        _link_tree(work / lang / "site", target, previous,
                   "" if lang == "nl" else layout.EN_PREFIX + "/")

    # each language's site into its own part of the web root: the other languages' in a
    # forked child at the same time (at N = 20,000 each is 20,000 links, 0.4 s)
    children = [Forked(lambda lang=lang: link(lang), SiteError,
                       f"linking the {lang} site stopped without a result")
                for lang in LANGS[1:]] if _may_fork() else []
    try:
        for lang in LANGS[:1] if children else LANGS:
            link(lang)
        for child in children:
            child.result()
    finally:
        for child in children:
            child.stop()
    return made.counts


class _Maker:
    """One language's docs folder made (docs_files + _sync_docs): here, or in a forked child
    while this process makes another language's (the pages of each language are made from
    the same graph, independently). The maker reads its language's part of the previous
    state and writes its part of the new one (<lang>/state.marshal), so no process but
    its own holds it. result() is (generated pages, whether a docs file of the previous
    build is no longer made) either way; an exception in the child is raised here."""

    def __init__(self, ctx, graph, lang, folder: Path, ids: tuple[str | None, str], then=None):
        self.args = (ctx, graph, lang, folder, ids)
        self.then = then  # called before the pages are made (in the same process)
        self.child: Forked | None = None

    def _make(self) -> tuple[int, bool]:
        ctx, graph, lang, folder, (previous_id, new_id) = self.args
        if self.then is not None:
            # first: the last page may wait for the downloads (context.download_names), and
            # this process is on the way to MkDocs once the pages are made
            self.then()
        docs, out = folder / "docs", folder / "site"
        part = _read_state(folder) if previous_id is not None else {}
        if part.get("id") != previous_id:
            part = {}  # not the part of the previous complete state: every page is made
        known = part.get("docs", {})
        # the resource pages whose reads are unchanged are kept without generating them
        reads = PageReads(part.get("reads"), known)
        del part
        made: dict[str, int] = {}
        hashes = _sync_docs(docs_files(ctx, graph, lang, made, reads), docs, out, known,
                            lambda: reads.kept.keys())
        removed = bool(known.keys() - hashes.keys())
        if new_id is not None:
            _write_state(folder, {"id": new_id, "docs": hashes, "reads": reads.state(reads.writer)})
        return made["pages"], removed

    def fork(self, close: list[int]) -> None:
        """Make the pages in a forked child (the runners' orders, `close`, come from the
        parent alone)."""
        self.child = Forked(self._make, SiteError,
                            f"making the {self.args[2]} pages stopped without a result", close)

    def result(self) -> tuple[int, bool]:
        if self.child is None:
            return self._make()
        child, self.child = self.child, None
        return child.result()

    def stop(self) -> None:
        if self.child is not None:
            self.child.stop()
            self.child = None


def fix_404(page: Path, project, lang: str) -> None:
    """Make the 404 page's links root-relative to where the web root is served.

    A 404 page is shown at any depth, so MkDocs writes its links from site_url's path
    (/competentieset-publieke-leiders/...); the web root is served at / (the servers and
    configs of serving/), so /... and /en/... are the paths that load its styles."""
    if not page.is_file():
        return
    site_path = urlsplit(mkdocs_site_url(project, lang)).path
    served = "/" if lang == "nl" else f"/{layout.EN_PREFIX}/"
    text = page.read_text(encoding="utf-8")
    for attr in ("href", "src"):
        text = text.replace(f'{attr}="{site_path}', f'{attr}="{served}')
    text = text.replace(f'new URL("{site_path}"', f'new URL("{served}"')
    aside = page.with_name(page.name + ".new")  # a new file: the old one may be hard-linked
    aside.write_text(text, encoding="utf-8")
    os.replace(aside, page)
