"""Consumer formats for systems that do not read RDF (HR, learning, badge and registry systems).

Adding a consumer format touches one module in this folder and one row of EXPORTS:

    EXPORTS: list[Export]     in order; the build's "exports" stage runs each writer

Each module defines one `Export`: its name, its titles (nl/en, for the site's download links
and the DCAT distributions), the files it publishes below the web root (path + media type),
and `write(ctx)`, which writes those files through `ctx.write(relpath, bytes)` from the
build's BuildContext (publication.build). Everything else (the site's links, DCAT, the server
and the nginx/Apache configs, which serve these files as static files) reads this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


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


# The registry. Modules append nothing themselves: each row is listed here, in the order the
# site shows them (the imports sit here, after the types the modules use).
from competentieset.publication.exports import case  # noqa: E402

EXPORTS: list[Export] = [
    case.EXPORT,
]


def write_all(ctx) -> None:
    """The build stage: every registered export, in order."""
    total = len(EXPORTS)
    for done, export in enumerate(EXPORTS, start=1):
        export.write(ctx)
        ctx.report(done, total)
