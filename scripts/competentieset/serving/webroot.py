"""An index of a built web root, for serving it safely and fast.

The server never opens a path built from a request: it walks the web root once at start
(hidden files are left out; a symbolic link to a file is kept only when it stays inside the
web root; links to folders are not followed) and answers from this index. A request path that is not in it is a 404, so no URL, plain or encoded, can
reach a file outside the web root. Rebuilding while the server runs needs a restart.

Documents (layout.py): doc/<type>/<name>.<ext> per format of formats.FORMATS, doc/def.<ext>
and doc/def/<Term>.<ext> for the model, the same under versie/<version>/.
"""

from __future__ import annotations

import bisect
import difflib
import mmap
import os
import stat
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path

from competentieset.errors import CompetentiesetError
from competentieset.model.layout import EN_PREFIX, VERSIONS_DIR
from competentieset.publication.formats import BY_EXTENSION, FORMATS, Format, content_type

# media types of other files the site contains (the documents' come from FORMATS)
STATIC_TYPES = {
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "ico": "image/x-icon",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "txt": "text/plain; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "nq": "application/n-quads; charset=utf-8",
    "trig": "application/trig; charset=utf-8",
    "map": "application/json; charset=utf-8",
    "gz": "application/gzip",
    "atom": "application/atom+xml; charset=utf-8",  # doc/download/versies.atom
    "zip": "application/zip",
    "md": "text/markdown; charset=utf-8",
}
# Cache-Control of the files (the same for the embedded server, nginx and Apache). Our
# choice: the latest may change with any release, so caches keep it 5 minutes and then
# revalidate (ETag, Last-Modified); a release under versie/<version>/ never changes (the
# index of the releases, versie/index.*, changes with each release: it is "latest").
CACHE_LATEST = "public, max-age=300"
CACHE_RELEASE = "public, max-age=31536000, immutable"


def cache_control(rel: str) -> str:
    """The Cache-Control of the file at `rel` (relative to the web root)."""
    return CACHE_RELEASE if rel.startswith(VERSIONS_DIR + "/") and rel[len(VERSIONS_DIR) + 1:][:1].isdigit() \
        else CACHE_LATEST


MAX_CACHED_FILE = 256 * 1024
CACHE_BUDGET = 128 * 1024 * 1024
SUGGEST_WINDOW = 25


class WebrootError(CompetentiesetError):
    """The web root is missing or unusable."""


@dataclass
class StaticFile:
    """One file of the web root. The ETag is the one nginx computes ("mtime-size" in hex),
    so both servers agree."""

    rel: str  # path relative to the web root, '/'-separated
    path: str
    size: int
    mtime: int
    content_type: str
    fmt: Format | None
    etag: str
    last_modified: str


@dataclass
class Document:
    """A document (doc URI) and its representations, one file per format."""

    version: str | None
    rest: str  # e.g. 'competentie/reflecteren', 'def', 'def/Competentie'
    files: dict[str, StaticFile] = field(default_factory=dict)  # format key -> file
    english: StaticFile | None = None  # en/doc/....html

    @property
    def prefix(self) -> str:
        return f"/{VERSIONS_DIR}/{self.version}" if self.version else ""

    @property
    def doc_path(self) -> str:
        return f"{self.prefix}/doc/{self.rest}"

    def available(self) -> tuple[Format, ...]:
        return tuple(f for f in FORMATS if f.key in self.files)


def _content_type(name: str) -> tuple[str, Format | None]:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext in BY_EXTENSION:
        fmt = BY_EXTENSION[ext]
        return content_type(fmt), fmt
    if ext in STATIC_TYPES:
        return STATIC_TYPES[ext], None
    from competentieset.publication.exports import media_types  # the exports' own files

    return media_types().get(ext, "application/octet-stream"), None


class Webroot:
    """The files of a web root, its documents and versions; contents cached in memory."""

    def __init__(self, root: Path):
        root = Path(root)
        if not root.is_dir():
            raise WebrootError(
                f"{root}: no web root there. Run `competentieset build` first "
                "(or pass --webroot DIR)."
            )
        self.root = root.resolve()
        self.files: dict[str, StaticFile] = {}
        self.documents: dict[tuple[str | None, str], Document] = {}
        self.versions: list[str] = []
        self._cache: dict[str, bytes] = {}
        self._maps: dict[str, memoryview] = {}  # larger files, mapped (see body())
        self._names: dict[str | None, list[str]] = {}
        self._by_prefix: dict[str | None, dict[str, list[str]]] = {}
        self._cached_bytes = 0
        self._scan()

    def _scan(self) -> None:
        """Index every regular file: hidden files and folders (.htaccess, .git) are left out,
        symbolic links to files are kept only when they stay inside the web root, and
        symbolic links to folders are not followed."""
        dates: dict[int, str] = {}
        stack = [("", str(self.root))]
        while stack:
            rel_dir, folder = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                rel = rel_dir + name
                try:
                    if entry.is_symlink():
                        if entry.is_dir() or not self._inside(Path(entry.path)):
                            continue
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append((rel + "/", entry.path))
                        continue
                    st = entry.stat()
                except OSError:
                    continue
                if not stat.S_ISREG(st.st_mode):
                    continue
                mtime = int(st.st_mtime)
                if mtime not in dates:
                    dates[mtime] = formatdate(mtime, usegmt=True)
                ctype, fmt = _content_type(name)
                self.files[rel] = StaticFile(rel, entry.path, st.st_size, mtime, ctype, fmt,
                                             f'"{mtime:x}-{st.st_size:x}"', dates[mtime])
        self.files = dict(sorted(self.files.items()))
        for rel, info in self.files.items():
            self._register_document(rel, info)
        versions = self.root / VERSIONS_DIR
        if versions.is_dir():
            self.versions = sorted(
                (p.name for p in versions.iterdir() if p.is_dir()),
                key=lambda v: tuple(int(x) if x.isdigit() else 0 for x in v.split(".")),
            )

    def _inside(self, path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(self.root)
        except OSError:
            return False

    def _register_document(self, rel: str, info: StaticFile) -> None:
        version = None
        english = False
        path = rel
        if path.startswith(f"{VERSIONS_DIR}/"):
            _, version, path = (path.split("/", 2) + ["", ""])[:3]
        if path.startswith(f"{EN_PREFIX}/doc/"):
            english, path = True, path[len(EN_PREFIX) + 1:]
        if not path.startswith("doc/") or info.fmt is None:
            return
        stem, _, ext = path[len("doc/"):].rpartition(".")
        if not stem or stem.startswith("download"):
            return
        doc = self.documents.setdefault((version, stem), Document(version, stem))
        if english:
            if ext == "html":
                doc.english = info
        else:
            doc.files[info.fmt.key] = info

    # --- lookups -------------------------------------------------------------------

    def file(self, rel: str) -> StaticFile | None:
        return self.files.get(rel)

    def document(self, version: str | None, rest: str) -> Document | None:
        doc = self.documents.get((version, rest))
        return doc if doc is not None and doc.files else None

    def read(self, info: StaticFile) -> bytes:
        data = self._cache.get(info.rel)
        if data is None:
            with open(info.path, "rb") as handle:
                data = handle.read()
            if len(data) <= MAX_CACHED_FILE and self._cached_bytes + len(data) <= CACHE_BUDGET:
                self._cache[info.rel] = data
                self._cached_bytes += len(data)
        return data

    def body(self, info: StaticFile) -> bytes | memoryview:
        """What to send for a file: small ones from the memory cache (read()), larger ones
        (downloads, CASE packages: megabytes) as a view of the file mapped into memory, so
        a request neither reads nor allocates the whole file again (the OS page cache holds
        it; a file replaced by a later build stays mapped as it was until the web root is
        loaded again)."""
        if info.size <= MAX_CACHED_FILE:
            return self.read(info)
        view = self._maps.get(info.rel)
        if view is None:
            with open(info.path, "rb") as handle:
                view = self._maps[info.rel] = memoryview(
                    mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        return view

    def names(self, version: str | None = None) -> list[str]:
        """Every document path ('competentie/reflecteren', ...) of a version, sorted."""
        if version not in self._names:
            self._names[version] = sorted(
                rest for (v, rest), d in self.documents.items() if v == version and d.files)
            by_prefix: dict[str, list[str]] = {}
            for name in self._names[version]:
                by_prefix.setdefault(name.rsplit("/", 1)[-1][:3], []).append(name)
            self._by_prefix[version] = by_prefix
        return self._names[version]

    def suggest(self, wanted: str, version: str | None = None, n: int = 5) -> list[str]:
        """Document paths close to `wanted` (e.g. a mistyped 'competentie/reflecteern').

        Bounded work whatever the size of the vocabulary: difflib ranks only the names
        beside `wanted` in sorted order and those whose last part starts alike.
        """
        names = self.names(version)
        leaf = wanted.rsplit("/", 1)[-1]
        i = bisect.bisect_left(names, wanted)
        candidates = set(names[max(0, i - SUGGEST_WINDOW):i + SUGGEST_WINDOW])
        candidates.update(self._by_prefix[version].get(leaf[:3], [])[:SUGGEST_WINDOW * 2])
        ordered = sorted(candidates)
        close = difflib.get_close_matches(wanted, ordered, n=n, cutoff=0.6)
        if not close:  # the right name under another type
            leaves = difflib.get_close_matches(leaf, [c.rsplit("/", 1)[-1] for c in ordered], n=n, cutoff=0.6)
            close = [c for c in ordered if c.rsplit("/", 1)[-1] in leaves][:n]
        return close

    def dataset(self) -> Path | None:
        """The whole vocabulary as N-Quads (preferred) or N-Triples, for SPARQL and lookup."""
        for name in ("competentieset.nq", "competentieset.nt"):
            info = self.files.get(f"doc/download/{name}")
            if info is not None:
                return Path(info.path)
        return None
