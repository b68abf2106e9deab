"""The change feed: what changed in each release, for systems that poll, from the diff of
releases (model.diff.diff_vocabularies; this module never compares vocabularies itself).

    doc/download/wijzigingsfeed.json   every release after the first: added, changed,
                                       deprecated (and removed) resources, with UUIDs
    doc/download/versies.atom          an Atom feed (RFC 4287) of the releases

The current release's changes are those the "changes" stage wrote (its change list, the
diff against the previous release). Each earlier release is diffed against the one before
it: its own change list, frozen in versie/<version>/ (or the diff of the frozen N-Quads
for an older folder without one); a release whose folders are not at hand is listed with "complete": false
and no changes. The server answers `GET /api/changes?since=YYYY-MM-DD` from the JSON file
(`select`): the changes of every release dated on or after that day.

An entry: {"uri", "uuid" (uris.uuid_of), "label", "version", "date"}; changed entries add
"changes" (the diff engine's records: kind relabelled | redefined | moved | mapping |
changed, lang, property, old, new); deprecated entries add "replacedBy".
"""

from __future__ import annotations

import datetime
import json
from xml.sax.saxutils import escape, quoteattr

from competentieset.model import layout, uris

FEED_FILE = layout.CHANGE_FEED_FILE
ATOM_FILE = layout.ATOM_FILE
GROUPS = ("added", "changed", "deprecated", "removed")
CHANGED_KINDS = ("relabelled", "redefined", "moved", "mapping", "changed")


class SinceError(ValueError):
    """`since` is not a calendar date YYYY-MM-DD."""


def _entries(changes: dict, version: str, date: str) -> dict[str, list[dict]]:
    """Group one release's diff (ChangeSet.to_json() as data) into added / changed /
    deprecated / removed entries, one per resource and group."""
    result: dict[str, list[dict]] = {group: [] for group in GROUPS}

    def entry(change: dict) -> dict:
        return {"uri": change["uri"], "uuid": uris.uuid_of(change["uri"]), "label": change["label"],
                "version": version, "date": date}

    for kind in ("added", "removed"):
        result[kind] = [entry(c) for c in changes.get(kind, [])]
    result["deprecated"] = [{**entry(c), "replacedBy": list(c.get("new", []))}
                            for c in changes.get("deprecated", [])]
    changed: dict[str, dict] = {}
    for kind in CHANGED_KINDS:
        for c in changes.get(kind, []):
            item = changed.setdefault(c["uri"], {**entry(c), "changes": []})
            item["changes"].append({key: c.get(key) for key in ("kind", "lang", "property", "old", "new")})
    result["changed"] = [changed[uri] for uri in sorted(changed)]
    return result


def _diff_json(old, new) -> dict:
    from competentieset.model import diff

    return json.loads(diff.diff_vocabularies(old, new).to_json())


def feed(ctx) -> dict:
    """The feed of every release up to this build's, oldest first (see module docstring).

    An earlier release's changes are its own change list, frozen in it
    (versie/<version>/doc/download/wijzigingen.json, put there by the build's archive stage);
    for a release folder without one (built before change lists were frozen), the diff of
    its frozen N-Quads against the previous release's."""
    from competentieset.publication.build import _frozen_vocabulary

    current = json.loads((ctx.webroot / layout.CHANGES_FILES["json"]).read_text(encoding="utf-8"))
    releases = []
    history = ctx.releases[: ctx.releases.index(ctx.release) + 1]
    loaded: dict[str, object] = {}
    archive = ctx.archive if getattr(ctx, "archive", None) is not None else ctx.webroot

    def vocabulary_of(version: str):
        if version not in loaded:
            loaded[version] = _frozen_vocabulary(ctx, archive / layout.release_dir(version))
        return loaded[version]

    for previous, release in zip(history, history[1:], strict=False):
        frozen = archive / layout.release_dir(release.version) / layout.CHANGES_FILES["json"]
        if release == ctx.release:
            changes = current.get("changes")
        elif frozen.is_file():
            changes = json.loads(frozen.read_text(encoding="utf-8")).get("changes")
        else:
            old, new = vocabulary_of(previous.version), vocabulary_of(release.version)
            changes = _diff_json(old, new) if old is not None and new is not None else None
        record = {"version": release.version, "date": release.date, "previous": previous.version,
                  "complete": changes is not None}
        record.update(_entries(changes or {}, release.version, release.date))
        releases.append(record)
    return {"version": ctx.release.version, "released": ctx.release.date,
            "first": {"version": history[0].version, "date": history[0].date}, "releases": releases}


def load(path) -> dict | None:
    """The feed JSON of a web root, None when the build has none."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def parse_since(value: str) -> str:
    """Validate `since` (a calendar date, YYYY-MM-DD); SinceError otherwise."""
    if len(value) != 10:
        raise SinceError(f"since must be a date YYYY-MM-DD, got {value[:40]!r}")
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise SinceError(f"since must be a date YYYY-MM-DD, got {value!r}") from None


def select(data: dict, since: str | None) -> dict:
    """The answer of /api/changes: the releases dated on or after `since` (all when None)
    and their entries, merged per group in release order."""
    chosen = [r for r in data.get("releases", []) if since is None or r["date"] >= since]
    result: dict[str, object] = {
        "since": since,
        "latest": {"version": data.get("version"), "date": data.get("released")},
        "releases": [{"version": r["version"], "date": r["date"], "previous": r["previous"],
                      "complete": r["complete"]} for r in chosen],
    }
    for group in GROUPS:
        result[group] = [entry for r in chosen for entry in r[group]]
    return result


def _summary(record: dict, lang: str) -> str:
    words = {"nl": ("toegevoegd", "gewijzigd", "verouderd", "verwijderd"),
             "en": ("added", "changed", "deprecated", "removed")}[lang]
    if not record["complete"]:
        return {"nl": "De wijzigingen van deze versie zijn niet in deze build beschikbaar.",
                "en": "The changes of this release are not available in this build."}[lang]
    parts = [f"{len(record[g])} {w}" for g, w in zip(GROUPS, words, strict=True) if record[g]]
    return ", ".join(parts) or {"nl": "Geen wijzigingen.", "en": "No changes."}[lang]


def atom(data: dict, base: str, title: str, author: str, lang: str = "nl") -> bytes:
    """An Atom 1.0 feed of the releases, newest first; each entry links to the release's
    change page of the site and summarises its changes."""
    prefix = "" if lang == "nl" else "en/"
    feed_url = f"{base}/{ATOM_FILE}"
    records = [{"version": data["first"]["version"], "date": data["first"]["date"], "previous": None,
                "complete": True, **{g: [] for g in GROUPS}, "first": True}] + data["releases"]
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
             f"  <id>{escape(feed_url)}</id>",
             f"  <title>{escape(title)}</title>",
             f"  <updated>{data['released']}T00:00:00Z</updated>",
             f"  <author><name>{escape(author)}</name></author>",
             f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(feed_url)}/>",
             f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(f'{base}/{prefix}versies.html')}/>"]
    for record in reversed(records):
        version = record["version"]
        page = f"{base}/{prefix}wijzigingen/{version}.html"
        summary = ({"nl": "Eerste versie.", "en": "First release."}[lang] if record.get("first")
                   else _summary(record, lang))
        lines += ["  <entry>",
                  f"    <id>{escape(f'{base}/versie/{version}')}</id>",
                  f"    <title>{escape({'nl': 'Versie', 'en': 'Release'}[lang])} {escape(version)}</title>",
                  f"    <updated>{record['date']}T00:00:00Z</updated>",
                  f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(page)}/>",
                  f"    <summary>{escape(summary)}</summary>",
                  "  </entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write(ctx) -> None:
    """The build stage: the feed JSON and the Atom feed."""
    from competentieset.publication.jsonld import dump

    data = feed(ctx)
    ctx.write(FEED_FILE, dump(data))
    d = ctx.descriptions
    sets = d.typed(f"{ctx.base}/def/Competentieset")
    title = d.label_map(sets[0]).get("nl", "") if sets else ""
    publishers = [t.object.value for t in d.triples_of(sets[0])
                  if t.predicate.value == "http://purl.org/dc/terms/publisher"] if sets else []
    author = d.label_map(publishers[0]).get("nl", "") if publishers else title
    ctx.write(ATOM_FILE, atom(data, ctx.base, f"{title}: versies", author or title))
    ctx.report(1, 1)
