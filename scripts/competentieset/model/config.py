"""Project settings: where the project lives and which base URI it publishes under.

The base URI is one setting, kept in pyproject.toml under [tool.competentieset] base-uri.
The Turtle in ontology/ is written with that base; when a different base is configured
(environment variable COMPETENTIESET_BASE_URI or the CLI's --base-uri), the loader rebases
every IRI at load time, so nothing else in the code needs to know either value.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ENV_BASE_URI = "COMPETENTIESET_BASE_URI"
ENV_PROJECT = "COMPETENTIESET_PROJECT"


class ConfigError(Exception):
    """The project or its settings cannot be found or are invalid."""


@dataclass(frozen=True)
class Project:
    """A checkout of this project: its folders and settings."""

    root: Path
    source_base: str  # the base the Turtle in ontology/ is written with
    base: str  # the base to publish under (usually the same)
    version: str
    base_registered: bool = False  # does the base namespace resolve on the web yet?

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def uri_register(self) -> Path:
        return self.ontology_dir / "uri-register.txt"


def normalise_base(base: str) -> str:
    """Return the base URI without a trailing slash; reject what is not an http(s) URI."""
    base = base.strip()
    if not base.startswith(("http://", "https://")) or " " in base:
        raise ConfigError(f"base URI must be an http(s) URI without spaces, got {base!r}")
    return base.rstrip("/")


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` with a pyproject.toml naming this tool."""
    env = os.environ.get(ENV_PROJECT)
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.competentieset]" in candidate.read_text(encoding="utf-8"):
            return folder
    raise ConfigError(
        f"no competentieset project found at or above {here} "
        "(looked for a pyproject.toml with [tool.competentieset]); "
        f"run inside the project or set {ENV_PROJECT}"
    )


def load_project(root: Path | None = None, base_uri: str | None = None) -> Project:
    """Read the settings of the project at `root` (default: found from the working folder)."""
    root = find_root() if root is None else root.resolve()
    pyproject = root / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{pyproject}: cannot read settings: {exc}") from exc
    settings = data.get("tool", {}).get("competentieset", {})
    if "base-uri" not in settings:
        raise ConfigError(f"{pyproject}: [tool.competentieset] has no base-uri")
    source_base = normalise_base(settings["base-uri"])
    base = normalise_base(base_uri or os.environ.get(ENV_BASE_URI) or source_base)
    version = data.get("project", {}).get("version") or metadata.version("competentieset")
    registered = settings.get("base-uri-registered", False)
    if not isinstance(registered, bool):
        raise ConfigError(f"{pyproject}: [tool.competentieset] base-uri-registered must be true or false")
    return Project(root=root, source_base=source_base, base=base, version=version,
                   base_registered=registered)
