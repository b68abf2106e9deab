"""Content negotiation on `Accept`: which of formats.FORMATS a client gets.

A pure module (no I/O), used by the embedded server and mirrored, as far as nginx and
Apache can express it, by serverconf.

The rule (RFC 9110 section 12.5.1; the client's preference first, ours only for ties):
- each available format gets the q of the *most specific* media range that matches it
  (type/subtype beats type/*, which beats */*; a range with parameters other than q
  beats the same range without);
- the highest q wins: an explicit client preference is never overridden by the server
  (`application/rdf+xml, text/html;q=0.9` gets RDF/XML);
- at equal q, a type the client names beats one it only covers by a wildcard, and
  type/* beats */* (`application/json, */*` gets JSON, `text/turtle, */*` Turtle: the
  client listed them; Apache's mod_negotiation counts a bare */* as q=0.01 for the same
  reason);
- then the format's source quality (formats.FORMATS `quality`), then the table's order
  (HTML first), break the remaining ties;
- no Accept header (or one that names nothing we have, e.g. `image/png`) gets HTML, the
  default of the W3C "Best Practice Recipes for Publishing RDF Vocabularies";
- 406 only when the client explicitly refuses every format we could send, HTML included
  (for instance `text/html;q=0, image/png` or `*/*;q=0`): `choose()` returns None.

Why our own parser rather than werkzeug's MIMEAccept or python-mimeparse: neither takes a
server-side source quality into account (mimeparse's best_match breaks ties by the order
of the offers and has no 406 notion; werkzeug would add a WSGI framework for one header),
and the parser below is 40 lines, bounded in the input it accepts, and exhaustively tested
(tests/serve/test_conneg.py). Malformed ranges are ignored (RFC 9110: a recipient MAY
ignore them); an overlong header raises AcceptTooLong (the server answers 400).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from competentieset.publication.formats import FORMATS, Format

MAX_ACCEPT_LENGTH = 2048  # bytes; real clients send < 300
MAX_RANGES = 64
_TOKEN = set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz")


class AcceptTooLong(ValueError):
    """The Accept header is longer than MAX_ACCEPT_LENGTH or has too many ranges."""


@dataclass(frozen=True)
class MediaRange:
    type: str  # lowercase, '*' for a wildcard
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...]  # parameters other than q (accept-ext dropped)

    @property
    def specificity(self) -> int:
        if self.type == "*":
            return 0
        if self.subtype == "*":
            return 1
        return 3 if self.params else 2

    def matches(self, media_type: str) -> bool:
        """Whether this range covers `media_type` (lowercase type/subtype, no params)."""
        if self.type == "*":
            return True
        main, _, sub = media_type.partition("/")
        return self.type == main and self.subtype in ("*", sub)


_QVALUE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")


def _parse_q(value: str) -> float | None:
    """RFC 9110 qvalue: 0[.ddd] or 1[.000]; None when malformed."""
    value = value.strip()
    return float(value) if _QVALUE.match(value) else None


def parse_accept(header: str) -> list[MediaRange]:
    """Parse an Accept header into media ranges, in the order given; skip malformed ones."""
    if len(header) > MAX_ACCEPT_LENGTH:
        raise AcceptTooLong(f"Accept header of {len(header)} bytes (at most {MAX_ACCEPT_LENGTH})")
    items = header.split(",")
    if len(items) > MAX_RANGES:
        raise AcceptTooLong(f"Accept header with {len(items)} ranges (at most {MAX_RANGES})")
    ranges = []
    for item in items:
        parts = item.split(";")
        main, slash, sub = parts[0].strip().lower().partition("/")
        if not slash or not main or not sub or not set(main) <= _TOKEN or not set(sub) <= _TOKEN:
            continue
        if main == "*" and sub != "*":
            continue
        q = 1.0
        params = []
        ok = True
        for param in parts[1:]:
            name, eq, value = param.strip().partition("=")
            name = name.strip().lower()
            if not eq or not name:
                ok = False
                break
            if name == "q":
                parsed = _parse_q(value)
                if parsed is None:
                    ok = False
                    break
                q = parsed
                break  # what follows q is accept-ext: ignored
            params.append((name, value.strip().strip('"')))
        if ok:
            ranges.append(MediaRange(main, sub, q, tuple(params)))
    return ranges


def _best_range(ranges: list[MediaRange], media_type: str) -> MediaRange | None:
    best: MediaRange | None = None
    for r in ranges:
        if r.matches(media_type) and (best is None or r.specificity > best.specificity):
            best = r
    return best


def client_quality(ranges: list[MediaRange], media_type: str) -> tuple[float, bool]:
    """(q, explicit): the q of the most specific matching range; explicit=False when none."""
    best = _best_range(ranges, media_type)
    if best is None:
        return 0.0, False
    return best.q, True


def preference(ranges: list[MediaRange], fmt: Format) -> tuple[float, int, float]:
    """The sort key of a format for these ranges, higher is better: (the client's q,
    how the client named it: 2 by its type, 1 by type/*, 0 by */*, the source quality).
    q 0 (or no matching range) means not acceptable."""
    best = _best_range(ranges, fmt.media_type)
    if best is None:
        return 0.0, 0, fmt.quality
    return best.q, min(best.specificity, 2), fmt.quality


def choose(header: str | None, formats: tuple[Format, ...] = FORMATS) -> Format | None:
    """The format to send for this Accept header; None means 406 Not Acceptable.

    Raises AcceptTooLong for an overlong header. `formats` is in preference order for
    ties and its first entry is the default (HTML).
    """
    if header is None or not header.strip():
        return formats[0]
    return _choose_cached(header, formats)


@lru_cache(maxsize=1024)
def _choose_cached(header: str, formats: tuple[Format, ...]) -> Format | None:
    ranges = parse_accept(header)
    if not ranges:
        return formats[0]
    best, best_key = None, (0.0, 0, 0.0)
    for fmt in formats:  # in table order: a later format must be strictly better
        key = preference(ranges, fmt)
        if key[0] > 0 and key > best_key:
            best, best_key = fmt, key
    if best is not None:
        return best
    default = formats[0]
    q, explicit = client_quality(ranges, default.media_type)
    if explicit and q == 0.0:
        return None  # the client refused the default too: 406
    return default


def ranked(header: str | None, formats: tuple[Format, ...] = FORMATS) -> list[tuple[Format, tuple]]:
    """Every format with its preference key, best first (for debugging and documentation)."""
    ranges = parse_accept(header or "*/*")
    scored = [(f, preference(ranges, f)) for f in formats]
    return sorted(scored, key=lambda item: item[1], reverse=True)  # stable: table order
