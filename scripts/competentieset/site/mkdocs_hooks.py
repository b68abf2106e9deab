"""MkDocs hooks (loaded by MkDocs from this file, see mkdocs_site.mkdocs_config): fast raw HTML.

Generated pages are mostly raw HTML blocks between Markdown headings. Python-Markdown and
MkDocs each run an HTML parser over every such block only to pass it through unchanged
(and MkDocs validates no link inside raw HTML anyway); on 1,000-concept projects that was
about a third of the build. For pages that carry `cs_raw_html: true` in their front matter
(only generated pages, see generate.py), each top-level raw HTML block is replaced by a
placeholder paragraph before Markdown runs and put back, byte for byte, in its place
afterwards. Headings, fenced code and everything else stay Markdown.

A raw block is what Python-Markdown treats as one: it starts after a blank line with a
block-level start tag at the beginning of a line and ends at the end of the line where its
elements are all closed again. Generated HTML is well formed and escaped (no '>' inside
attribute values), so counting start and end tags finds that line.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import marshal
import os
import pickle
import re
import shutil
import tempfile
import zlib
from contextlib import nullcontext
from itertools import accumulate, repeat

from markdown.util import BLOCK_LEVEL_ELEMENTS

FLAG = "cs_raw_html"
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(/?)>|<!--.*?-->", re.S)
_START = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)[\s/>]")
_PLACEHOLDER = re.compile(r"<p>csrawhtml(\d+)</p>")
_BLOCK = set(BLOCK_LEVEL_ELEMENTS)
_blocks: dict[str, list[str]] = {}


def _block(text: str, start: int) -> tuple[int, list[str]] | None:
    """(end at a line end, top-level elements) of the raw block starting at `start`.

    None when the block is not plain elements (text between them, unclosed tags): such a
    block is left to Python-Markdown.
    """
    depth, element_start, elements = 0, start, []
    for match in _TAG.finditer(text, start):
        if match.group(2) is None:  # a comment
            if depth == 0:
                return None
            continue
        if depth == 0 and text[element_start:match.start()].strip():
            return None
        name = match.group(2).lower()
        if match.group(1):
            depth -= 1
        elif not match.group(3) and name not in _VOID:
            depth += 1
        if depth < 0:
            return None
        if depth == 0:
            elements.append(text[element_start:match.end()].strip())
            element_start = match.end()
            line_end = text.find("\n", match.end())
            line_end = len(text) if line_end == -1 else line_end
            if not text[match.end():line_end].strip():
                return line_end, elements
    return None


# _TAG with the whole tag captured: re.split gives [text, tag, slash, name, attributes, text, ...]
# (the attributes taken whole, not lazily: a tag is self-closing when they end in '/')
_TAG_SPLIT = re.compile(r"(<(/?)([A-Za-z][A-Za-z0-9-]*)\b([^>]*)>)")


class _Deltas(dict):
    """(slash, name, self-closing) of a tag -> how it changes the depth: -1, 0 or +1."""

    def __missing__(self, key):
        slash, name, self_closing = key
        self[key] = delta = -1 if slash else 0 if self_closing or name.lower() in _VOID else 1
        return delta


_DELTAS = _Deltas()


def _line_block(line: str) -> list[str] | None:
    """The top-level elements of a raw block that is this one line, as _block finds them,
    with the tags found, weighed and summed by the regular-expression engine, map and
    accumulate instead of one by one in Python; None when the block is not one whole line
    of plain elements (then _block decides)."""
    if "<!--" in line:
        return None
    pieces = _TAG_SPLIT.split(line)
    closing = map(str.endswith, pieces[4::5], repeat("/"))
    depths = list(accumulate(map(_DELTAS.__getitem__,
                                 zip(pieces[2::5], pieces[3::5], closing, strict=True))))
    if not depths or depths[-1] or min(depths) < 0:
        return None
    texts = pieces[0::5]
    ends, last = [], -1
    while True:
        try:
            last = depths.index(0, last + 1)
        except ValueError:
            break
        if texts[ends[-1] + 1 if ends else 0].strip():
            return None  # text between top-level elements
        ends.append(last)
    if texts[-1].strip():
        return None
    if len(ends) == 1:
        return [line.strip()]
    flat = [""] * (2 * len(texts) - 1)
    flat[0::2], flat[1::2] = texts, pieces[1::5]
    offsets = list(accumulate(map(len, flat)))  # offsets[2i + 1]: where tag i ends
    elements, begin = [], 0
    for end in ends:
        stop = offsets[2 * end + 1]
        elements.append(line[begin:stop].strip())
        begin = stop
    return elements


def split_raw_html(markdown: str) -> tuple[str, list[str]]:
    """(Markdown with each top-level raw HTML block replaced by a placeholder, the blocks).

    Each block is given back as Python-Markdown writes it: its top-level elements one per
    line, followed by a blank line.
    """
    out, blocks = [], []
    pos, fenced, previous_blank = 0, False, True
    while pos < len(markdown):
        line_end = markdown.find("\n", pos)
        line_end = len(markdown) if line_end == -1 else line_end
        line = markdown[pos:line_end]
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and previous_blank:
            match = _START.match(line + "\n")
            found = None
            if match and match.group(1).lower() in _BLOCK:
                elements = _line_block(line)
                found = (line_end, elements) if elements else _block(markdown, pos)
            if found and (found[0] >= len(markdown) - 1 or markdown.startswith("\n\n", found[0])):
                end, elements = found
                out.append(f"csrawhtml{len(blocks)}\n")
                blocks.append("\n".join(elements) + "\n")
                pos = end + 1
                previous_blank = False
                continue
        out.append(line + "\n" if line_end < len(markdown) else line)
        previous_blank = not line.strip()
        pos = line_end + 1
    return "".join(out), blocks


def restore_raw_html(html: str, blocks: list[str]) -> str:
    """Python-Markdown's output for the placeholders put back into the blocks they stand for.

    Python-Markdown strips its output after putting its own raw blocks back: so do we.
    """
    return _PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))], html).strip()


def on_page_markdown(markdown, page, config, files):
    if not page.meta.get(FLAG):
        return markdown
    text, blocks = split_raw_html(markdown)
    _blocks[page.file.src_uri] = blocks
    return text


def on_page_content(html, page, config, files):
    blocks = _blocks.pop(page.file.src_uri, None)
    if blocks is None:
        return html
    # MkDocs reads every page before it writes the first one: of a generated page it keeps
    # only what it still needs (the HTML, the table of contents and the front matter, which
    # has the title), not the Markdown too; and until the page is written, its HTML and our
    # own front matter (cs_*: the JSON-LD, the format links, ... read by our template only)
    # are kept compressed (unpacked again in on_page_context; the keys stay, in their order)
    page.markdown = ""
    html = restore_raw_html(html, blocks)
    if not _accelerated():
        return html
    own = {key: value for key, value in page.meta.items() if key.startswith("cs_") and key != FLAG}
    _packed[page.file.src_uri] = pickle.dumps((_pack(html), zlib.compress(pickle.dumps(own), 1) if own else None),
                                              protocol=pickle.HIGHEST_PROTOCOL)
    for key in own:
        page.meta[key] = None
    return ""


class _Spilled:
    """Bytes by key, kept in a temporary file instead of memory until popped (each is
    taken once). MkDocs reads and renders every page before it writes the first: at
    N = 20,000 the packed pages alone were 76 MB of each MkDocs process, and the packed
    search entries of the pages written 36 MB by the end."""

    def __init__(self):
        self._file = None
        self._where: dict[str, tuple[int, int]] = {}  # key -> (offset, length)
        self._end = 0

    def __setitem__(self, key: str, data: bytes) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile()
        self._file.seek(self._end)
        self._file.write(data)
        self._where[key] = (self._end, len(data))
        self._end += len(data)

    def pop(self, key: str, default=None):
        where = self._where.pop(key, None)
        if where is None:
            return default
        self._file.seek(where[0])
        return self._file.read(where[1])

    def __contains__(self, key: str) -> bool:
        return key in self._where

    def __len__(self) -> int:
        return len(self._where)

    def clear(self) -> None:
        if self._file is not None:
            self._file.close()
        self.__init__()


_packed = _Spilled()  # src_uri -> pickled (packed HTML, packed own front matter or None)


def _pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def _unpack(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


def _unpack_page(page) -> None:
    packed = _packed.pop(page.file.src_uri, None)
    if packed is not None:
        packed = pickle.loads(packed)
        page.content = _unpack(packed[0])
        if packed[1] is not None:
            page.meta.update(pickle.loads(zlib.decompress(packed[1])))


# ---------------------------------------------------------------- front matter
#
# MkDocs reads every page's front matter with YAML (libyaml's parser, but PyYAML's Python
# constructor: about half a millisecond for a generated page's, whose JSON-LD and format
# links make it long). Generated pages write each key as `key: <JSON>` (markup.Page.render),
# and JSON is YAML: front_matter() reads such a block with the json module and gives what
# YAML gives (tests/site/test_site_accelerated.py compares both on every page). Anything
# where the two could differ (a float, a key YAML reads as a boolean or null, a character
# YAML refuses or takes as a line break, a line that is not `key: <JSON>`) is left to YAML.

_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)  # MkDocs' YAML_RE
_FRONT_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): (\S.*)")
# YAML 1.1 (PyYAML) reads these plain keys as booleans or null
_YAML_WORDS = frozenset({"yes", "no", "on", "off", "true", "false", "null"})
# characters YAML refuses (non-printable) or reads as line breaks
_YAML_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _plain_json(value) -> bool:
    """No floats (YAML 1.1 reads some JSON numbers, 1e5, as strings)."""
    if isinstance(value, float):
        return False
    if isinstance(value, list):
        return all(_plain_json(item) for item in value)
    if isinstance(value, dict):
        return all(_plain_json(item) for item in value.values())
    return True


def front_matter(doc: str) -> tuple[str, dict] | None:
    """(the Markdown after the front matter, the front matter) as MkDocs' meta.get_data gives
    them, for front matter made of `key: <JSON>` lines; None for anything else."""
    match = _FRONT.match(doc)
    if match is None:
        return None
    block = match.group(1)
    if _YAML_SPECIAL.search(block):
        return None
    data = {}
    for line in block.split("\n")[:-1]:
        found = _FRONT_LINE.fullmatch(line)
        if found is None or found.group(1).lower() in _YAML_WORDS:
            return None
        try:
            value = json.loads(found.group(2))
        except ValueError:
            return None
        if not _plain_json(value):
            return None
        data[found.group(1)] = value
    if not data:
        return None
    return doc[match.end():].lstrip("\n"), data


# Switches our accelerators off (the one-pass search index, the navigation memo, the quick
# theme environments): the site must come out the same byte for byte
# (tests/site/test_site_accelerated.py).
PLAIN_ENV = "COMPETENTIESET_SITE_PLAIN"


def _accelerated() -> bool:
    return os.environ.get(PLAIN_ENV) != "1"


_nav: dict = {"nav": None}

# The theme's navigation partial (Material's name for it): for a page outside the nav its
# output depends only on the nav, the settings and where the page is (relative links), so
# every page of a folder that is not in the nav (the thousands of generated resource pages)
# gets the same HTML; it is rendered once per folder. A theme without this partial (or with
# another name for it) is simply rendered as it is.
NAV_PARTIAL = "partials/nav.html"


def on_nav(nav, config, files):
    _nav["nav"] = nav
    return nav


def on_env(env, config, files):
    """Keep the compiled theme templates between builds (Jinja's per-user cache in the temp
    folder, keyed by each template's source): compiling Material's templates was about a
    third of a small site's build. The pages are the same with or without it."""
    from jinja2 import FileSystemBytecodeCache, TemplateNotFound

    env.bytecode_cache = FileSystemBytecodeCache()
    _search["order"] = [file.url for file in files.documentation_pages()]
    if _accelerated() and _nav["nav"] is not None:
        try:
            _memoise_outside_nav(env.get_template(NAV_PARTIAL), _nav["nav"])
        except TemplateNotFound:
            pass
    if _accelerated():
        try:
            _memoise_translations(env.get_template(TRANSLATIONS_PARTIAL))
        except TemplateNotFound:
            pass
    return env


# The theme's translations (Material's name for the partial): its macro t(key) gives the text
# of `key` in the site's language, from the language's table or English's; the text depends
# on the key and the theme's settings alone (the same for the whole build), but every call
# builds the table of a hundred texts again, about twenty times a page.
TRANSLATIONS_PARTIAL = "partials/language.html"


def _memoise_translations(template) -> None:
    """Each key translated once per build: the partial is imported (with the page's context)
    into every page, and the module it makes gets, instead of its macro t, one that remembers
    each key's text (the macro's own output)."""
    render = template.root_render_func
    memo: dict = {}

    def root_render_func(context):
        yield from render(context)
        macro = context.vars.get("t")
        if macro is None or "t" not in context.exported_vars:
            return

        def t(*args, **kwargs):
            if kwargs or len(args) != 1 or not isinstance(args[0], str):
                return macro(*args, **kwargs)
            key = args[0]
            if key not in memo:
                memo[key] = macro(key)
            return memo[key]

        context.vars["t"] = t

    template.root_render_func = root_render_func


def _memoise_outside_nav(template, nav) -> None:
    """Render `template` once per folder for pages outside the nav (Jinja's include calls a
    template's root_render_func with the including template's context)."""
    render = template.root_render_func
    in_nav = {id(page) for page in nav.pages}
    memo: dict = {}

    def root_render_func(context):
        page = context.get("page")
        url = getattr(page, "url", None)
        if page is None or url is None or id(page) in in_nav:
            yield from render(context)
            return
        key = (url.rpartition("/")[0], context.get("base_url"))
        if key not in memo:
            memo[key] = "".join(render(context))
        yield memo[key]

    template.root_render_func = root_render_func


# ---------------------------------------------------------------- incremental site builds
#
# The site's MkDocs workspace is kept between builds (mkdocs_site.build_site) and its output
# is hard-linked into the build, so MkDocs must never write into an existing file: every
# write replaces the file (a new inode) instead. With `mkdocs build --dirty` (only pages
# whose Markdown changed are rendered) the search index would hold only those pages: it is
# merged back here, in page order, from the previous index (the same bytes as a full build).

DIRTY_ENV = "COMPETENTIESET_SITE_DIRTY"


def _replace_file(content: bytes, output_path: str) -> None:
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    aside = output_path + ".cs-new"
    with open(aside, "wb") as handle:
        handle.write(content)
    os.replace(aside, output_path)


def _replace_copy(source_path: str, output_path: str) -> None:
    if os.path.isdir(output_path):
        output_path = os.path.join(output_path, os.path.basename(source_path))
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    aside = output_path + ".cs-new"
    shutil.copyfile(source_path, aside)
    os.replace(aside, output_path)


def on_config(config):
    """Loaded by MkDocs (not on import): every MkDocs write replaces its file; front matter
    written as JSON lines is read without YAML (front_matter); the theme's Jinja
    environments are quick to make (_quick_theme_env)."""
    from mkdocs import utils as mkdocs_utils
    from mkdocs.utils import meta as mkdocs_meta

    mkdocs_utils.write_file = _replace_file
    mkdocs_utils.copy_file = _replace_copy
    if _accelerated() and not getattr(mkdocs_meta.get_data, "cs_front_matter", False):
        yaml_get_data = mkdocs_meta.get_data

        def get_data(doc):
            found = front_matter(doc)
            return found if found is not None else yaml_get_data(doc)

        get_data.cs_front_matter = True
        mkdocs_meta.get_data = get_data
    if _dirty():
        from mkdocs.structure.files import File

        File.is_modified = _output_missing
        logging.getLogger("mkdocs.commands.build").addFilter(_no_dirty_notice)
    if _accelerated():
        _quick_theme_env(config.theme)
        _quick_pages()
        _reused_markdown()
    return config


on_config.mkdocs_priority = 100  # before the search plugin's, which makes theme environments


def _quick_theme_env(theme) -> None:
    """Every Jinja environment the theme makes from now on (MkDocs's own, and one per
    translation the search plugin looks up while it is configured) keeps its compiled
    templates in Jinja's per-user cache (see on_env), and its loader lists no file inside a
    hidden folder: MkDocs lists the theme's files to copy the static ones, and excludes
    every path with a part that starts with a dot ('.*' and '*/.*'), so walking Material's
    14,000 icons in templates/.icons was only to drop them (a tenth of a small site's build)."""
    from jinja2 import FileSystemBytecodeCache, FileSystemLoader

    class ThemeLoader(FileSystemLoader):
        def list_templates(self) -> list[str]:
            # FileSystemLoader.list_templates, without descending into hidden folders
            found = set()
            for searchpath in self.searchpath:
                for dirpath, dirs, filenames in os.walk(searchpath, followlinks=self.followlinks):
                    dirs[:] = [d for d in dirs if not d.startswith(".")]
                    for filename in filenames:
                        template = (os.path.join(dirpath, filename)[len(searchpath):]
                                    .strip(os.path.sep).replace(os.path.sep, "/"))
                        if template[:2] == "./":
                            template = template[2:]
                        found.add(template)
            return sorted(found)

    make = theme.get_env

    def get_env():
        env = make()
        env.bytecode_cache = FileSystemBytecodeCache()
        loader = env.loader
        if type(loader) is FileSystemLoader:
            env.loader = ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    theme.get_env = get_env


# a page URL that urljoin(base, url) simply appends to a base ending in '/': unreserved
# characters and '%', no empty, '.' or '..' segment (urljoin drops or resolves those)
_PLAIN_URL = re.compile(r"(?:[A-Za-z0-9_~%-]+|[A-Za-z0-9_~%.-]*[A-Za-z0-9_~%-][A-Za-z0-9_~%.-]*)"
                        r"(?:/(?:[A-Za-z0-9_~%-]+|[A-Za-z0-9_~%.-]*[A-Za-z0-9_~%-][A-Za-z0-9_~%.-]*))*")
_PLAIN_BASE = re.compile(r"https?://[A-Za-z0-9.:-]+(/(?:[A-Za-z0-9_~%.-]+/)*)")


_base_paths: dict[str, str | None] = {}


def joined_url(base: str, url: str) -> tuple[str, str] | None:
    """(urljoin(base, url), its path) when `base` ends in '/' and `url` is plain (then the
    join is base + url), else None (for urljoin to decide)."""
    if base not in _base_paths:
        found = _PLAIN_BASE.fullmatch(base)
        _base_paths[base] = found.group(1) if found else None
    path = _base_paths[base]
    if path is None or (url and not _PLAIN_URL.fullmatch(url)):
        return None
    return base + url, path + url


def _quick_pages() -> None:
    """MkDocs makes a Page of every docs file (40,000 on a 20,000-concept site) before it
    renders any, even in a --dirty build: each asks for the build date (SOURCE_DATE_EPOCH,
    read and formatted again) and joins its URL to site_url with urljoin. Here the date is
    formatted once per SOURCE_DATE_EPOCH, and a plain URL (_PLAIN_URL) on a plain site_url
    (_PLAIN_BASE, ending in '/') is appended to it, which is what urljoin gives; anything
    else goes to MkDocs's own code (tests/site/test_site_accelerated.py compares the sites)."""
    from mkdocs.structure import pages as mkdocs_pages

    page_class = mkdocs_pages.Page
    if getattr(page_class._set_canonical_url, "cs_quick", False):
        return
    build_date = mkdocs_pages.get_build_date
    dates: dict[str, str] = {}

    def get_build_date() -> str:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch is None:
            return build_date()
        if epoch not in dates:
            dates[epoch] = build_date()
        return dates[epoch]

    set_canonical_url = page_class._set_canonical_url

    def _set_canonical_url(self, base):
        if base:
            found = joined_url(base, self.url)
            if found is not None:
                self.canonical_url, self.abs_url = found
                return
        set_canonical_url(self, base)

    _set_canonical_url.cs_quick = True
    mkdocs_pages.get_build_date = get_build_date
    page_class._set_canonical_url = _set_canonical_url


class _MarkdownModule:
    """The `markdown` module as mkdocs.structure.pages sees it (_reused_markdown): the same
    module, but its Markdown() gives back one converter per set of arguments, reset."""

    cs_reused = True

    def __init__(self, module):
        self._module = module
        self._made: dict = {}

    def __getattr__(self, name):
        return getattr(self._module, name)

    def Markdown(self, **kwargs):  # noqa: N802 (the name MkDocs calls)
        key = repr(sorted(kwargs.items()))
        made = self._made.get(key)
        if made is None or " at 0x" in key:  # an extension object: never shared
            made = self._made[key] = self._module.Markdown(**kwargs)
            return made
        return made.reset()


def _reused_markdown() -> None:
    """MkDocs makes a new Markdown converter for every page it renders (Page.render), each
    loading every extension and building its parser again: about 5 % of the MkDocs time of
    a 20,000-concept site. Here the converter made for the first page is reset
    (Markdown.reset: the HTML stash, the references, each extension's state, the last
    document) and used again for the next, as Python-Markdown documents; MkDocs's own
    per-page processors (title, anchors, relative links, raw HTML) register under fixed
    names, so each page's replace the last page's. The converter's arguments are MkDocs's
    settings (the same for every page of a build); a set that names an extension object
    instead of a name gets a new converter each time."""
    from mkdocs.structure import pages as mkdocs_pages

    if not getattr(mkdocs_pages.markdown, "cs_reused", False):
        mkdocs_pages.markdown = _MarkdownModule(mkdocs_pages.markdown)


def _no_dirty_notice(record) -> bool:
    """Drops MkDocs's warning on every --dirty build ("A 'dirty' build is being performed,
    this will likely lead to inaccurate navigation and other links ..."), which under
    --strict fails the build: ours is not inaccurate (build_site builds dirty only with the
    same settings, navigation and pages, renders every page whose Markdown changed, and the
    hooks merge the search index; tests/build/test_build_incremental.py checks it gives the
    full build's bytes). Any other record passes."""
    return not (record.levelno == logging.WARNING
                and record.getMessage().startswith("A 'dirty' build is being performed"))


def _output_missing(file) -> bool:
    """Dirty builds: a page is rendered again when its output is missing (build_site removes
    the output of every docs file it changed). MkDocs compares modification times instead,
    which the build sets to release dates (stage_dates), not to when files were written.
    MkDocs asks twice per page (to read it, then to write it), before the page is written:
    the answer is kept on the file (40,000 stats fewer on a 20,000-concept site)."""
    if file._content is not None:
        return True
    missing = getattr(file, "_cs_output_missing", None)
    if missing is None:
        missing = file._cs_output_missing = not os.path.isfile(file.abs_dest_path)
    return missing


def event_priority(priority: int):
    """mkdocs.plugins.event_priority, without importing MkDocs where the hooks are imported
    for their helpers (the build process)."""
    def decorate(method):
        method.mkdocs_priority = priority
        return method
    return decorate


_search: dict = {"old": None, "order": [], "built": set(), "ours": _Spilled(), "meta": {}}


def _dirty() -> bool:
    return os.environ.get(DIRTY_ENV) == "1"


def _index_path(config) -> str:
    return os.path.join(config["site_dir"], "search", "search_index.json")


# Beside the site folder (not published): where each page's entries are in the last search
# index as written ({"size": the index's bytes, "pages": {page url: (offset, length)}},
# marshal), so a dirty build copies the pages it did not render from that index (linked
# aside, SEARCH_BEFORE, before the search plugin writes its own) instead of parsing it, or
# holding and writing every page's text again: at N = 20,000 the index is 125 MB a language.
SEARCH_PAGES = "search-pages.marshal"
SEARCH_BEFORE = "search-index.before.json"


def _beside(config, name: str) -> str:
    return os.path.join(os.path.dirname(os.path.abspath(config["site_dir"])), name)


def _old_pages(config) -> dict[str, str | tuple[int, int]]:
    """Each page's entries in the last index: (offset, length) in it, linked aside as
    SEARCH_BEFORE, when SEARCH_PAGES describes the index as it is (its size); else their
    text, read from the index."""
    index = _index_path(config)
    try:
        with open(_beside(config, SEARCH_PAGES), "rb") as handle:
            record = marshal.load(handle)
        if isinstance(record, dict) and os.path.getsize(index) == record.get("size") \
                and isinstance(record.get("pages"), dict):
            before = _beside(config, SEARCH_BEFORE)
            _remove(before)
            try:
                os.link(index, before)  # the plugin's index replaces the file, not its bytes
            except OSError:
                shutil.copyfile(index, before)
            return record["pages"]
    except (OSError, EOFError, ValueError, TypeError):
        pass  # none kept, or not of this index: the index has them all
    from competentieset.site.search_text import dumps

    with open(index, encoding="utf-8") as handle:
        groups = _by_page(json.load(handle)["docs"])
    return {url: ",".join(dumps(entry) for entry in entries) for url, entries in groups.items()}


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


@event_priority(100)
def on_pre_build(config):
    _search["ours"].clear()
    _search.update(old=None, order=[], built=set(), meta={})
    _packed.clear()
    _remove(_beside(config, SEARCH_BEFORE))
    if _dirty():
        _search["old"] = _old_pages(config)
    else:  # a full build: the last index's pages are not read (and may not match)
        _remove(_beside(config, SEARCH_PAGES))


def _copy_range(source: int, target: int, offset: int, count: int) -> None:
    """`count` bytes of file `source` from `offset` on, written at `target`'s position (in
    the kernel where it can: os.copy_file_range)."""
    while count:
        try:
            done = os.copy_file_range(source, target, count, offset)
        except OSError:  # not between these files (another file system, an old kernel)
            data = os.pread(source, min(count, 1 << 22), offset)
            done = len(data)
            view = memoryview(data)
            while view:
                view = view[os.write(target, view):]
        if done <= 0:
            raise OSError(f"{SEARCH_BEFORE} ends before its recorded entries")
        offset += done
        count -= done


class _IndexWriter:
    """The search index's entries written one page at a time: a page's text, or its
    (offset, length) in the last index (SEARCH_BEFORE), copied from there; pages that
    follow each other there (one comma between them) are copied at once. entry() returns
    where the page's entries are in this index ((0, 0): none)."""

    def __init__(self, out: int, before: int | None):
        self.out, self.before = out, before
        self.pos = 0  # the bytes of this index so far (a pending copy's included)
        self.buffer = bytearray()
        self.run: tuple[int, int] | None = None  # (start, end) of the copy pending
        self.first = True

    def write(self, data: bytes) -> None:
        self._copy()
        self.buffer += data
        self.pos += len(data)
        if len(self.buffer) >= 1 << 20:
            self._flush()

    def _flush(self) -> None:
        view = memoryview(self.buffer)
        while view:
            view = view[os.write(self.out, view):]
        self.buffer = bytearray()

    def _copy(self) -> None:
        if self.run is not None:
            (start, end), self.run = self.run, None
            self._flush()
            _copy_range(self.before, self.out, start, end - start)

    def entry(self, text) -> tuple[int, int]:
        if isinstance(text, str):
            if not text:
                return (0, 0)
            data = text.encode("utf-8")
            if not self.first:
                self.write(b",")
            self.first = False
            at = self.pos
            self.write(data)
            return (at, len(data))
        offset, length = text
        if not length:
            return (0, 0)
        if self.run is not None and self.run[1] + 1 == offset:
            self.run = (self.run[0], offset + length)
            self.pos += 1
        else:
            self._copy()
            if not self.first:
                self.write(b",")
            self.first = False
            self.run = (offset, offset + length)
        at = self.pos
        self.pos += length
        return (at, length)

    def close(self) -> None:
        self._copy()
        self._flush()


# ---------------------------------------------------------------- the search index
#
# Material's search plugin parses every page's HTML to index it, which on our large
# generated pages was 40 % of the build. search_text.entries() gives the same entries in
# one scan: this hook runs before the plugin, keeps the page's entries and marks the page
# `search: exclude` (Material's documented front-matter switch) so the plugin skips it; the
# page's own front matter is put back once the page is written, and on_post_build puts the
# entries into the plugin's search_index.json in page order (the same bytes as the plugin's
# own index). A page outside the HTML subset search_text mirrors is indexed by the plugin.

_NO_JIEBA = importlib.util.find_spec("jieba") is None  # Material segments Chinese with it


@event_priority(50)  # before the search plugin (priority 0)
def on_page_context(context, page, config, nav):
    _unpack_page(page)
    _search["built"].add(page.url)
    search = page.meta.get("search")
    if _NO_JIEBA and _accelerated() and not (search or {}).get("exclude"):
        from competentieset.site.search_text import dumps, entries

        found = entries(page.content, page.url, page.title, page.meta)
        if found is not None:
            _search["ours"][page.url] = _pack(",".join(dumps(entry) for entry in found))
            _search["meta"][page.url] = search
            page.meta["search"] = {**(search or {}), "exclude": True}
    return context


def on_post_page(output, page, config):
    if page.url in _search["meta"]:
        search = _search["meta"].pop(page.url)
        if search is None:
            page.meta.pop("search", None)
        else:
            page.meta["search"] = search
    if page.meta.get(FLAG):
        page.content = ""  # written now (the output); links and anchors were taken at render
        # and our own front matter (format links, JSON-LD, ...: read by our template only)
        # is not kept for the rest of the build either
        for key in [key for key in page.meta if key.startswith("cs_") and key != FLAG]:
            del page.meta[key]
    return output


def _by_page(entries: list) -> dict[str, list]:
    groups: dict[str, list] = {}
    for entry in entries:
        groups.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    return groups


@event_priority(-100)  # after the search plugin wrote the index of the pages it indexed
def on_post_build(config):
    ours, dirty = _search["ours"], _dirty()
    if not ours and not dirty:
        return
    from competentieset.site.search_text import dumps

    path = _index_path(config)
    with open(path, encoding="utf-8") as handle:
        written = json.load(handle)
    fresh = _by_page(written["docs"])
    old = _search["old"] if dirty else {}
    built = _search["built"]
    # as Material's search plugin writes it (material/plugins/search/plugin.py), one page's
    # entries at a time; where each page's entries are is kept for the next dirty build
    head = json.dumps({"config": written["config"]}, separators=(",", ":"), default=str)
    aside = path + ".cs-new"
    before = _beside(config, SEARCH_BEFORE)
    pages: dict[str, tuple[int, int]] = {}
    with open(aside, "wb", buffering=0) as out, \
            open(before, "rb", buffering=0) if os.path.exists(before) and dirty else nullcontext() as last:
        writer = _IndexWriter(out.fileno(), last.fileno() if last is not None else None)
        writer.write((head[:-1] + ',"docs":[').encode("utf-8"))
        for url in _search["order"]:
            if url in ours:
                text = _unpack(ours.pop(url))
            elif url in built or not dirty:
                text = ",".join(dumps(entry) for entry in fresh.get(url, []))
            else:
                text = old.get(url, "")
            pages[url] = writer.entry(text)
        writer.write(b"]}")
        writer.close()
    os.replace(aside, path)
    ours.clear()
    record = _beside(config, SEARCH_PAGES)
    with open(record + ".cs-new", "wb") as handle:
        marshal.dump({"size": writer.pos, "pages": pages}, handle)
    os.replace(record + ".cs-new", record)
    _remove(before)
