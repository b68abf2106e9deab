"""Consumer formats for systems that do not read RDF (HR, learning, badge and registry systems).

Adding a consumer format touches one module in this folder and one row of EXPORTS:

    EXPORTS: list[Export]     in order; the build's "exports" stage runs each writer

Each module defines one `Export`: its name, its titles (nl/en, for the site's download links
and the DCAT distributions), the files it publishes below the web root (path + media type),
and `write(ctx)`, which writes those files through `ctx.write(relpath, bytes)` from the
build's BuildContext (publication.build). Everything else (the site's links, DCAT, the server
and the nginx/Apache configs, which serve these files as static files with the media types
given here) reads this table.

An export that answers an API as well (CASE) names, in `service`, the serving module that
does (imported by the server and serverconf only, so publication never imports serving). That
module defines:
    PATTERN                      the path pattern (regular expression) of its route row
    handle(app, req)             the route's handler: a server.Response, or None to pass on
    nginx_locations(common, proxy, cache)  nginx location blocks (lines)
    apache_rules()               .htaccess lines (before the site's own rewrite rules)
    apache_proxy(app)            Apache server-config lines: proxies to the embedded server
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExportFile:
    """One published file of an export: path below the web root, its media type, and what a
    reader gets from it (nl/en)."""

    path: str
    media_type: str
    title: dict[str, str]


@dataclass(frozen=True)
class Export:
    """One consumer format: `write(ctx)` publishes `files` (and may write more, e.g. one
    file per resource, which it lists in its own documentation)."""

    name: str
    title: dict[str, str]
    files: tuple[ExportFile, ...]
    write: Callable[[object], None]
    description: dict[str, str]
    # the steps to take it into the consumer's system (nl/en), for the site's page
    # "Importeren in uw systeem"; only steps the sources state
    steps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    service: str | None = None  # module answering its API (see above), e.g. serving.case_api


def media_types() -> dict[str, str]:
    """Extension -> media type of every export file (for the servers' type tables)."""
    return {f.path.rsplit(".", 1)[-1]: f.media_type for e in EXPORTS for f in e.files if "." in f.path}


def services() -> list:
    """The serving modules of the exports that answer an API, in EXPORTS order."""
    import importlib

    return [importlib.import_module(e.service) for e in EXPORTS if e.service]


LANGUAGE_TITLES = {"nl": {"nl": "Nederlands", "en": "Dutch"},
                   "en": {"nl": "Engels (onze vertaling)", "en": "English (our translation)"}}


def per_language(paths: dict[str, str], media_type: str) -> tuple[ExportFile, ...]:
    """One file per language (nl, then en: our translation), as most exports publish."""
    return tuple(ExportFile(paths[lang], media_type, LANGUAGE_TITLES[lang]) for lang in ("nl", "en"))


# The registry. Modules append nothing themselves: each row is listed here, in the order the
# site shows them (the imports sit here, after the types the modules use).
from competentieset.publication.exports import (  # noqa: E402
    case,
    ctdl_asn,
    framework,
    moodle,
    open_badges,
    totara,
)

EXPORTS: list[Export] = [
    case.EXPORT,
    ctdl_asn.EXPORT,
    moodle.EXPORT,
    totara.EXPORT,
    open_badges.EXPORT,
]


PART = "exports"  # data_cache part: the statements the exports read (framework.Statements.kept)


def write_all(ctx) -> None:
    """The build stage: every registered export. They share one parse of the build's
    descriptions (framework.statements, framework.read), dropped at the end. For a large
    vocabulary the exports are shared between this process and one forked child
    (build._in_two): CASE (about half of the stage) here, the others there, after the
    shared parse (so the child reads it too); each export writes its own files, so the
    bytes are those of one process writing them in order.

    In an incremental build the subjects whose own lines did not change take the previous
    build's statements (data_cache PART, which this process keeps after CASE, the export
    that reads every subject) instead of being parsed again."""
    from competentieset.publication import data_cache
    from competentieset.publication.build import PARALLEL_MIN, _in_two

    groups = [EXPORTS[:1], EXPORTS[1:]]
    total = len(EXPORTS)
    kept = None
    if ctx.changes is not None:
        kept = data_cache.load(ctx.previous_build, PART)
    shared = framework.statements(ctx.descriptions, kept if isinstance(kept, dict) else None,
                                  ctx.changes.own if ctx.changes is not None else None)

    def work(part, tick):
        done = 0
        for group in part:
            for export in group:
                export.write(ctx)
                done += 1
                tick(done)
            if group is groups[0]:  # CASE, which reads every subject's statements (a subject
                # the part lacks is parsed by the next build, whatever the order of EXPORTS)
                data_cache.save(ctx.staging, PART, shared.kept())

    parallel = len(ctx.descriptions.resources) >= PARALLEL_MIN
    try:
        if parallel:
            _in_two(ctx, groups, work, parallel=True)
        else:
            work(groups, lambda done: ctx.report(done, total))
    finally:
        framework.release()
