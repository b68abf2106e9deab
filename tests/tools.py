"""The system tools some tests drive, and the one rule for when one is missing.

Locally a missing tool is a LOUD skip: the reason names the tool and the command that
installs it, and pytest's `-ra` (set in pyproject.toml) lists every skip with its reason at
the end of the run. When the environment variable CI is truthy (`true`, `1` or `yes`, in any
case) a missing tool is a failure instead, never a skip: `bash .ci/run` installs them all.

Every test that needs a program outside Python goes through `require` (or `missing`), so a
fresh clone on a machine without these tools still passes `make test`.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest

TRUTHY = ("true", "1", "yes")

# Where each tool comes from (Debian packages unless said otherwise); .ci/run installs them.
INSTALL = {
    "nginx": "apt-get install -y nginx",
    "apache2": "apt-get install -y apache2",
    "wrk": "apt-get install -y wrk",
    "time": "apt-get install -y time (GNU time, /usr/bin/time)",
    "chromium": "apt-get install -y chromium",
    "oxigraph": "pip install oxigraph (in the test extra: pip install -e '.[test]')",
    "axe-core": "npm ci (axe-core is pinned in package-lock.json)",
    "node": "apt-get install -y nodejs npm (Node.js with npm)",
    "playwright": "pip install playwright (in the test extra; never `playwright install`)",
}

# Debian puts servers in sbin folders, which a non-root user's PATH often lacks.
SBIN = ("/usr/local/sbin", "/usr/sbin", "/sbin")


def in_ci(environ: dict | None = None) -> bool:
    """True when CI is set to a truthy value (true, 1, yes; any case)."""
    value = (os.environ if environ is None else environ).get("CI", "")
    return value.strip().lower() in TRUTHY


def find(name: str) -> str | None:
    """The program `name` on PATH, or None. Only PATH counts, so hiding PATH hides a tool
    (the clone-alone test does that)."""
    return shutil.which(name)


def missing(what: str, install: str | None = None) -> NoReturn:
    """Skip loudly (locally) or fail (CI truthy) because `what` is not installed."""
    how = install or INSTALL.get(what, "see .ci/run")
    message = (f"MISSING TOOL: {what} is not installed (not on PATH); install it with: {how} "
               "(bash .ci/run installs every tool)")
    hidden = [d for d in SBIN if os.path.exists(os.path.join(d, what))]
    if hidden:
        message += f"; it is in {hidden[0]}, which is not on your PATH: add it"
    if in_ci():
        pytest.fail(message + " [CI is set, so a missing tool is a failure]", pytrace=False)
    pytest.skip(message)


def require(name: str, install: str | None = None) -> str:
    """The path of program `name`; if it is missing, skip loudly or (CI) fail."""
    found = find(name)
    if found is None:
        missing(name, install)
    return found


def require_file(path, what: str, install: str | None = None) -> str:
    """Like `require`, for a tool at a fixed path (GNU time at /usr/bin/time, axe-core's
    script in node_modules)."""
    if not os.path.exists(path):
        missing(what, install)
    return str(path)
