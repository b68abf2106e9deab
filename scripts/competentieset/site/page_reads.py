"""Which resource pages an incremental site build can keep: a dependency record per page.

While a resource page is generated, SiteGraph.recording() notes every key it reads (a
resource, the labels of an IRI, an inverse link, a store query, a resource's last change;
"*" when it read everything). The site workspace keeps, per language, those keys with a
digest of what each read (`SiteGraph.read_digest`, `SiteWriter.read_digest`), and a
digest of what every page reads (the provenance kinds, their labels, the named graphs,
the release facts). The next build with the same fingerprint keeps the previous Markdown of
every page whose keys all read the same as before, without generating it: the page is a
function of what it read, and the code that made it is the same (the fingerprint).
Anything else (a key that reads differently, "*", a changed global digest, a page not in
the workspace) generates the page again. So after one relabel only the pages that show
that label are generated (the resource's own, its neighbours', the overview pages).
"""

from __future__ import annotations

import hashlib

from competentieset.site.graph import ALL


class PageReads:
    """The dependency record of one language's resource pages (see module docstring).

    previous: the record of the last complete build of the workspace (its `state()`), or
    None; docs: {docs path: sha256} of that build's docs files (a kept page must be there).
    """

    def __init__(self, previous: dict | None = None, docs: dict[str, str] | None = None):
        self.previous = previous or None
        self.docs = docs or {}
        self.keep: set[str] = set()  # IRIs whose page is kept (set by plan())
        self.kept: dict[str, list[int]] = {}  # docs path -> its keys (indices into previous["keys"]), of the kept pages
        self.generated: dict[str, list[str]] = {}  # docs path -> read keys (sorted)
        self.iris: dict[str, str] = {}  # docs path -> IRI
        self._digests: dict[str, str | None] = {}
        self._global = ""
        self.writer = None  # the SiteWriter of the pages (set by generate.generated_pages)

    def _digest(self, w, key: str) -> str | None:
        if key not in self._digests:
            self._digests[key] = None if key == ALL else w.read_digest(key)
        return self._digests[key]

    def global_digest(self, w) -> str:
        ctx = w.ctx
        value = (w.graph.global_digest(), sorted(w.kind_labels.items()), ctx.version,
                 list(ctx.releases), ctx.project.base, ctx.project.base_registered)
        return hashlib.sha1(repr(value).encode("utf-8")).hexdigest()

    def plan(self, w) -> set[str]:
        """The IRIs whose previous page can be kept as it is (also in self.keep)."""
        self._global = self.global_digest(w)
        previous = self.previous
        if not previous or previous.get("global") != self._global:
            return set()
        keys, digests = previous["keys"], previous["digests"]
        w.graph.adopt_digests(keys, digests)  # a patched graph: those it need not compute
        same = [self._digest(w, key) == digest for key, digest in zip(keys, digests, strict=True)]
        for path, (iri, indices) in previous["pages"].items():
            if path in self.docs and all(same[i] for i in indices):
                self.keep.add(iri)
                self.kept[path] = indices  # into previous["keys"] (state() keeps that table)
                self.iris[path] = iri
        return self.keep

    def add(self, path: str, iri: str, reads: set[str]) -> None:
        """A page generated now, with the keys it read."""
        self.generated[path] = sorted(reads)
        self.iris[path] = iri

    def drop(self, path: str) -> None:
        """A generated page that is not published as a resource page (e.g. the model's)."""
        self.generated.pop(path, None)
        self.iris.pop(path, None)

    def state(self, w) -> dict:
        """The record to keep in the workspace for the next build. The previous record's
        table of keys is kept as the start of this one, so a kept page keeps its entry as it
        was (at N = 20,000 most of the record); a key no page reads any more stays in the
        table until a build without a previous record (a full site build) starts anew."""
        if not self._global:
            self._global = self.global_digest(w)
        keys: list[str] = list(self.previous["keys"]) if self.kept else []
        table: dict[str, int] = {key: i for i, key in enumerate(keys)}
        pages = {}
        for path in sorted({**self.kept, **self.generated}):
            generated = self.generated.get(path)
            if generated is None:
                pages[path] = [self.iris[path], self.kept[path]]
                continue
            if ALL in generated:
                continue  # generated again anyway
            indices = []
            for key in generated:
                index = table.get(key)
                if index is None:
                    index = table[key] = len(keys)
                    keys.append(key)
                indices.append(index)
            pages[path] = [self.iris[path], indices]
        return {"global": self._global, "keys": keys,
                "digests": [self._digest(w, key) for key in keys], "pages": pages}
