"""Read what the tests need from built HTML: links, sources, link elements, JSON-LD, lang."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Scan:
    links: list[dict] = field(default_factory=list)  # <link> attributes
    anchors: list[str] = field(default_factory=list)  # <a href>
    sources: list[str] = field(default_factory=list)  # src / srcset / <link href> that load
    scripts_jsonld: list[str] = field(default_factory=list)
    html_lang: str | None = None
    texts: list[str] = field(default_factory=list)


LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch",
                "preconnect", "dns-prefetch", "apple-touch-icon", "shortcut"}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._jsonld = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.scan.html_lang = a.get("lang")
        if tag == "link":
            a["rel"] = " ".join(a.get("rel", "").split())  # rel is a set of tokens
            self.scan.links.append(a)
            if set(a.get("rel", "").split()) & LOADING_RELS:
                self.scan.sources.append(a.get("href", ""))
        if tag == "a" and "href" in a:
            self.scan.anchors.append(a["href"])
        for key in ("src", "data", "poster"):
            if a.get(key):
                self.scan.sources.append(a[key])
        if a.get("srcset"):
            self.scan.sources += [part.strip().split()[0] for part in a["srcset"].split(",") if part.strip()]
        if tag == "script" and a.get("type") == "application/ld+json":
            self._jsonld = True
            self.scan.scripts_jsonld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._jsonld = False

    def handle_data(self, data):
        if self._jsonld:
            self.scan.scripts_jsonld[-1] += data
        else:
            self.scan.texts.append(data)


def scan(text: str) -> Scan:
    parser = _Parser()
    parser.feed(text)
    return parser.scan
