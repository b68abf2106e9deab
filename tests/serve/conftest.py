"""Fixtures for the serve tests: the session's real build and the servers that serve it.
What they are and how they are made: serve_helpers.py (import names from there, never from
conftest)."""

from __future__ import annotations

import pytest
from serve_helpers import Server, Webroot, build_webroot, get_server

_SERVERS: dict[str, Server] = {}


@pytest.fixture(scope="session")
def webroot(tmp_path_factory) -> Webroot:
    """The real build of a project copy with one deprecated indicator, made once a session."""
    return build_webroot(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="session", params=["embedded", "nginx"])
def server(request, webroot, tmp_path_factory) -> Server:
    return get_server(request.param, webroot, tmp_path_factory, _SERVERS)


@pytest.fixture(scope="session")
def apache(webroot, tmp_path_factory) -> Server:
    return get_server("apache", webroot, tmp_path_factory, _SERVERS)


@pytest.fixture(scope="session")
def embedded(webroot, tmp_path_factory) -> Server:
    return get_server("embedded", webroot, tmp_path_factory, _SERVERS)


@pytest.fixture(scope="session")
def nginx(webroot, tmp_path_factory) -> Server:
    return get_server("nginx", webroot, tmp_path_factory, _SERVERS)


@pytest.fixture(scope="session", autouse=True)
def _stop_servers():
    yield
    for server in list(_SERVERS.values())[::-1]:
        server.stop()
    _SERVERS.clear()
