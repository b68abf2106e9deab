"""Run MkDocs (Material theme) on the generated pages: one build per language.

The only module that knows MkDocs. Pages are written to a temporary docs folder, built in
strict mode (any warning fails) into a temporary site folder, and then copied into the web
root: Dutch at the root, English under en/. Nothing already in the web root (the data
files the build wrote) is removed. SOURCE_DATE_EPOCH is set from the release date, so
the sitemap and everything else come out byte-identical on every build.
"""

from __future__ import annotations

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
from competentieset.site.mkdocs_hooks import FLAG as RAW_HTML_FLAG
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


def write_docs(ctx: SiteContext, graph: SiteGraph, lang: str, docs: Path) -> int:
    pages, files = generated_pages(graph, ctx, lang)
    written = {}
    for page in pages:
        page.meta[RAW_HTML_FLAG] = True  # generated: its raw HTML skips Markdown's parsers
        written[page.path] = page.render()
    generated = {page.path for page in pages}
    written.update(hand_written(ctx.project.site_dir, lang, generated,  # hand-written win
                                 (ctx.project.source_base, ctx.project.base)))
    written.update(files)
    assets = ctx.project.site_dir / ASSET_DIR
    if assets.is_dir():
        for path in sorted(assets.rglob("*")):
            if path.is_file():
                # bytes: pictures (e.g. the stewards' workbook) are copied as they are
                written[f"assets/cs/{path.relative_to(assets).as_posix()}"] = path.read_bytes()
    for rel, text in written.items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return len(pages)


def build_site(ctx: SiteContext) -> dict[str, int]:
    """Generate and build the site into ctx.webroot; returns pages written per language."""
    graph = SiteGraph(ctx.vocab)
    counts = {}
    env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch(ctx)}
    with tempfile.TemporaryDirectory(prefix="competentieset-site-") as tmp:
        tmp_path = Path(tmp)
        procs = []
        for lang in LANGS:
            docs, out = tmp_path / lang / "docs", tmp_path / lang / "site"
            docs.mkdir(parents=True)
            counts[lang] = write_docs(ctx, graph, lang, docs)
            config = tmp_path / lang / "mkdocs.yml"
            config.write_text(json.dumps(mkdocs_config(ctx, graph, lang, docs, out), ensure_ascii=False, indent=1),
                              encoding="utf-8")
            procs.append((lang, config, subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True,
            )))
        failures = []
        for lang, _config, proc in procs:
            output, _ = proc.communicate()
            if proc.returncode != 0:
                failures.append(f"[{lang}] mkdocs build --strict failed:\n{output.strip()}")
        if failures:
            raise SiteError("the documentation site did not build:\n" + "\n".join(failures))
        ctx.webroot.mkdir(parents=True, exist_ok=True)
        for lang in LANGS:
            target = ctx.webroot if lang == "nl" else ctx.webroot / layout.EN_PREFIX
            fix_404(tmp_path / lang / "site" / "404.html", ctx, lang)
            shutil.copytree(tmp_path / lang / "site", target, dirs_exist_ok=True)
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
    page.write_text(text, encoding="utf-8")
