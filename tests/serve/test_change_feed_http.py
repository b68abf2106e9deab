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
