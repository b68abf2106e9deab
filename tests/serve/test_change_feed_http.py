"""/api/changes over HTTP, on the embedded server and behind nginx (the generated config sends
/api/ to the embedded server). The session's build is a single release, so the feed lists no
release; tests/build/test_change_feed.py checks the contents across two releases."""

from __future__ import annotations


def test_api_changes_answers_json(server):
    with server.client() as client:
        response = client.get("/api/changes", params={"since": "2026-01-01"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    data = response.json()
    assert data["since"] == "2026-01-01"
    assert data["latest"] == {"version": server.webroot.version, "date": "2026-11-30"}
    assert {key: data[key] for key in ("releases", "added", "changed", "deprecated", "removed")} == {
        "releases": [], "added": [], "changed": [], "deprecated": [], "removed": []}


def test_api_changes_refuses_a_bad_date_with_problem_json(server):
    with server.client() as client:
        response = client.get("/api/changes", params={"since": "30-11-2026"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {"type": "about:blank", "title": "Bad request", "status": 400,
                                "detail": "since must be a date YYYY-MM-DD, got '30-11-2026'"}


def test_the_atom_feed_and_the_change_lists_have_their_types(server):
    with server.client() as client:
        atom = client.get("/doc/download/versies.atom")
        markdown = client.get("/doc/download/wijzigingen.en.md")
    assert (atom.status_code, atom.headers["content-type"]) == (200, "application/atom+xml; charset=utf-8")
    assert atom.text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')
    assert (markdown.status_code, markdown.headers["content-type"]) == (200, "text/markdown; charset=utf-8")
