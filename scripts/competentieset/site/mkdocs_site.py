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
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from competentieset.model import layout
from competentieset.site.context import SiteContext, SiteError
from competentieset.site.generate import generated_pages, hand_written, nav
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


def mkdocs_site_url(ctx: SiteContext, lang: str) -> str:
    base = ctx.project.base
    return f"{base}/" if lang == "nl" else f"{base}/{layout.EN_PREFIX}/"


def mkdocs_config(ctx: SiteContext, graph: SiteGraph, lang: str, docs: Path, out: Path) -> dict:
    base = ctx.project.base
    scheme = f"{base}/id/begrippenkader/competentieset"
    name = graph.label(scheme, lang)[0] if scheme in graph.resources else "Competentieset"
    return {
        "site_name": name,
        "site_url": mkdocs_site_url(ctx, lang),
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


def docs_texts(ctx: SiteContext, graph: SiteGraph, lang: str,
               reads: PageReads | None = None) -> tuple[dict[str, str], int]:
    """({docs path: text} of every page and file of the docs folder, generated pages).
    With `reads`, the resource pages it keeps (reads.kept) are left out of the texts and
    counted."""
    pages, files = generated_pages(graph, ctx, lang, reads)
    written = {}
    for page in pages:
        page.meta[RAW_HTML_FLAG] = True  # generated: its raw HTML skips Markdown's parsers
        written[page.path] = page.render()
    generated = {page.path for page in pages} | (reads.kept.keys() if reads is not None else set())
    written.update(hand_written(ctx.project.site_dir, lang, generated,  # hand-written win
                                 (ctx.project.source_base, ctx.project.base)))
    written.update(files)
    assets = ctx.project.site_dir / ASSET_DIR
    if assets.is_dir():
        for path in sorted(assets.rglob("*")):
            if path.is_file():
                # bytes: pictures (e.g. the stewards' workbook) are copied as they are
                written[f"assets/cs/{path.relative_to(assets).as_posix()}"] = path.read_bytes()
    kept = len(reads.kept.keys() - written.keys()) if reads is not None else 0
    return written, len(pages) + kept


def write_docs(ctx: SiteContext, graph: SiteGraph, lang: str, docs: Path) -> int:
    written, count = docs_texts(ctx, graph, lang)
    for rel, text in written.items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return count


STATE_FILE = "state.json"  # in the workspace: fingerprint, complete?, sha256 of every docs file


def _read_state(work: Path) -> dict:
    try:
        return json.loads((work / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(work: Path, state: dict) -> None:
    aside = work / (STATE_FILE + ".new")
    aside.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    os.replace(aside, work / STATE_FILE)


def _output_of(rel: str) -> str:
    """The site file MkDocs makes of a docs file (use_directory_urls is off)."""
    return rel[:-3] + ".html" if rel.endswith(".md") else rel


def _sync_docs(written: dict[str, str | bytes], docs: Path, out: Path, known: dict[str, str],
               kept: set[str] = frozenset()) -> dict[str, str]:
    """Write the docs files whose text changed (and remove their old output, so MkDocs
    --dirty renders them), remove docs files no longer made (`kept`: files left as they
    are without being made again); returns {rel: sha256}."""
    hashes = {rel: known[rel] for rel in kept}
    for rel, text in written.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        hashes[rel] = digest
        if known.get(rel) == digest:
            continue
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        (out / _output_of(rel)).unlink(missing_ok=True)
        target.write_bytes(data)
    for rel in known.keys() - written.keys() - kept:
        (docs / rel).unlink(missing_ok=True)
        (out / _output_of(rel)).unlink(missing_ok=True)
    return hashes


def _link_tree(source: Path, target: Path) -> None:
    """Every file below source hard-linked (else copied) to the same place below target;
    a file already there is replaced."""
    source_root, target_root = str(source), str(target)
    for folder, _dirs, names in os.walk(source_root):
        rel_folder = folder[len(source_root):]
        os.makedirs(target_root + rel_folder, exist_ok=True)
        for name in names:
            src, dst = f"{folder}/{name}", f"{target_root}{rel_folder}/{name}"
            try:
                os.link(src, dst)
            except FileExistsError:
                os.unlink(dst)
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)


def build_site(ctx: SiteContext) -> dict[str, int]:
    """Generate and build the site into ctx.webroot; returns pages written per language.

    With ctx.workspace (and a fingerprint) the MkDocs docs and site folders are kept there:
    a build with the same fingerprint as the workspace's last complete build writes only
    the docs files whose text changed and runs `mkdocs build --dirty`, which renders only
    those pages (mkdocs_hooks merges the search index). Anything else (new fingerprint, a
    page removed, a changed MkDocs config, an interrupted build) builds every page."""
    graph = SiteGraph(ctx.vocab)
    if ctx.workspace is None:
        with tempfile.TemporaryDirectory(prefix="competentieset-site-") as tmp:
            return _build(ctx, graph, Path(tmp), "")
    return _build(ctx, graph, ctx.workspace, ctx.fingerprint)


def _build(ctx: SiteContext, graph: SiteGraph, work: Path, fingerprint: str) -> dict[str, int]:
    state = _read_state(work)
    usable = bool(fingerprint) and state.get("fingerprint") == fingerprint and state.get("complete")
    if not usable and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    new_state = {"fingerprint": fingerprint, "complete": False, "docs": {}, "reads": {}}
    _write_state(work, new_state)
    counts = {}
    env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch(ctx)}
    procs = []
    for lang in LANGS:
        docs, out = work / lang / "docs", work / lang / "site"
        docs.mkdir(parents=True, exist_ok=True)
        known = state.get("docs", {}).get(lang, {}) if usable else {}
        # the resource pages whose reads are unchanged are kept without generating them
        reads = PageReads(state.get("reads", {}).get(lang) if usable else None, known)
        written, counts[lang] = docs_texts(ctx, graph, lang, reads)
        kept = reads.kept.keys() - written.keys()
        config = work / lang / "mkdocs.yml"
        config_text = json.dumps(mkdocs_config(ctx, graph, lang, docs, out), ensure_ascii=False, indent=1)
        dirty = (usable and out.is_dir() and not (known.keys() - written.keys() - kept)
                 and config.is_file() and config.read_text(encoding="utf-8") == config_text)
        new_state["docs"][lang] = _sync_docs(written, docs, out, known, kept)
        new_state["reads"][lang] = reads.state(reads.writer)
        if not dirty:
            config.write_text(config_text, encoding="utf-8")
        # MkDocs writes the gzipped sitemap into the existing file: give it a new one
        (out / "sitemap.xml.gz").unlink(missing_ok=True)
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)]
        procs.append((lang, subprocess.Popen(
            command + (["--dirty"] if dirty else []),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**env, DIRTY_ENV: "1" if dirty else "0"},
        )))
    failures = []
    for lang, proc in procs:
        output, _ = proc.communicate()
        if proc.returncode != 0:
            failures.append(f"[{lang}] mkdocs build --strict failed:\n{output.strip()}")
    if failures:
        raise SiteError("the documentation site did not build:\n" + "\n".join(failures))
    new_state["complete"] = True
    _write_state(work, new_state)
    ctx.webroot.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        target = ctx.webroot if lang == "nl" else ctx.webroot / layout.EN_PREFIX
        fix_404(work / lang / "site" / "404.html", ctx, lang)
        _link_tree(work / lang / "site", target)
    return counts


def fix_404(page: Path, ctx: SiteContext, lang: str) -> None:
    """Make the 404 page's links root-relative to where the web root is served.

    A 404 page is shown at any depth, so MkDocs writes its links from site_url's path
    (/competentieset-publieke-leiders/...); the web root is served at / (the servers and
    configs of serving/), so /... and /en/... are the paths that load its styles."""
    if not page.is_file():
        return
    site_path = urlsplit(mkdocs_site_url(ctx, lang)).path
    served = "/" if lang == "nl" else f"/{layout.EN_PREFIX}/"
    text = page.read_text(encoding="utf-8")
    for attr in ("href", "src"):
        text = text.replace(f'{attr}="{site_path}', f'{attr}="{served}')
    text = text.replace(f'new URL("{site_path}"', f'new URL("{served}"')
    aside = page.with_name(page.name + ".new")  # a new file: the old one may be hard-linked
    aside.write_text(text, encoding="utf-8")
    os.replace(aside, page)
