"""An unknown URL asked for by a browser gets the site's own 404 page (issue 10): themed,
in the language of the path (/en/... English), styles from paths that exist, status 404;
from the embedded server, from nginx (which passes its 404s to it) and from Apache's
ErrorDocument."""

from __future__ import annotations

import re

import pytest

HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # a browser's Accept
CASES = [
    ("/bestaat-niet", "nl", "Pagina niet gevonden (404)", "/assets/cs/extra.css"),
    ("/id/competentie/bestaat-niet", "nl", "Pagina niet gevonden (404)", "/assets/cs/extra.css"),
    ("/en/does-not-exist", "en", "Page not found (404)", "/en/assets/cs/extra.css"),
    ("/en/doc/competentie/does-not-exist.html", "en", "Page not found (404)", "/en/assets/cs/extra.css"),
]


def _check(client, path, lang, heading, css):
    response = client.get(path, headers={"Accept": HTML})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    body = response.text
    assert re.search(rf'<html lang="{lang}"', body), body[:300]
    assert f"<h1>{heading}</h1>" in body
    assert '<main class="md-main"' in body
    assert f'href="{css}"' in body
    # every stylesheet and script the page loads is really there
    for ref in re.findall(r'(?:href|src)="(/[^"]+\.(?:css|js))"', body):
        assert client.get(ref).status_code == 200, ref


@pytest.mark.parametrize("path,lang,heading,css", CASES)
def test_embedded_and_nginx_serve_the_themed_404(server, path, lang, heading, css):
    """nginx passes its 404s to the embedded server (error_page 404 = @competentieset_app)."""
    with server.client() as client:
        _check(client, path, lang, heading, css)


def test_embedded_404_keeps_its_suggestions(embedded):
    with embedded.client() as client:
        response = client.get("/id/competentie/reflecteer", headers={"Accept": HTML})
    assert response.status_code == 404
    assert "<p>Bedoelde u:</p><ul><li><a href=\"/id/competentie/reflecteren\">competentie/reflecteren</a></li>" \
        in response.text


def test_machine_clients_still_get_problem_json(embedded):
    with embedded.client() as client:
        response = client.get("/bestaat-niet", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("path,lang,heading,css", CASES)
def test_apache_serves_the_themed_404(apache, path, lang, heading, css):
    with apache.client() as client:
        _check(client, path, lang, heading, css)
