"""The built site in headless Chromium: every page type has 0 axe-core violations, requests
nothing from other hosts, logs no console errors; the search finds a competency by a phrase
of one of its indicators, in Dutch and in English. Screenshots go to tests/artifacts/.

Needs Debian's chromium (on PATH), Playwright for Python (pip) and axe-core from npm
(`npm ci`). Never `playwright install`: the system browser is used. In CI (CI truthy) a
missing piece is a failure; locally the tests are skipped loudly with the command to install
it (tests/tools.py).
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import tools

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

# One page of every type, in both languages (paths relative to each language's root).
PAGE_TYPES = [
    "index.html",
    "competenties.html",
    "gedragsindicatoren.html",
    "gebieden.html",
    "functiegebouw-rijk.html",
    "hierarchie.html",
    "index-a-z.html",
    "overige.html",
    "doc/def.html",
    "doc/def/Competentie.html",
    "validatieregels.html",
    "redactioneel.html",
    "versies.html",
    "wijzigingen/0.1.0.html",
    "ontwikkelaars.html",
    "doc/competentie/reflecteren.html",
    "doc/gedragsindicator/reflecteren-1.html",
    "doc/gebied/emotioneel.html",
    "doc/functiefamilie/lijnmanagement.html",
    "doc/functiegroep/topmanager.html",
    "doc/begrippenkader/competentieset.html",
    "doc/organisatie/algemene-bestuursdienst.html",
]
STEWARDS = {"nl": "beheerders.html", "en": "data-stewards.html"}


@pytest.fixture(scope="module")
def browser():
    chromium = tools.require("chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        tools.missing("playwright")
    tools.require_file(AXE, "axe-core")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


class Watched:
    """A page whose requests and console errors are recorded; other hosts are blocked."""

    def __init__(self, browser, origin):
        self.origin = origin
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.foreign: list[str] = []
        self.errors: list[str] = []
        host = urlsplit(origin).netloc
        self.context.route("**/*", self._route(host))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, host):
        def handle(route):
            url = route.request.url
            if urlsplit(url).netloc == host or url.startswith(("data:", "blob:", "about:")):
                route.continue_()
            else:
                self.foreign.append(url)
                route.abort()
        return handle

    def goto(self, path):
        self.page.goto(f"{self.origin}/{path}", wait_until="networkidle")

    def close(self):
        self.context.close()


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document)).violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_type_is_accessible_private_and_error_free(browser, server, lang):
    prefix = "" if lang == "nl" else "en/"
    watched = Watched(browser, server)
    problems = []
    try:
        for path in PAGE_TYPES + [STEWARDS[lang]]:
            watched.goto(prefix + path)
            assert watched.page.evaluate("document.documentElement.lang") == lang, path
            for violation in _axe(watched.page):
                problems.append(f"{prefix}{path}: axe {violation}")
    finally:
        watched.close()
    assert not watched.foreign, f"requests to other hosts: {watched.foreign}"
    assert not watched.errors, f"console errors: {watched.errors}"
    assert not problems, "\n".join(problems)


def _phrase(text: str) -> str:
    """Three long words of an indicator's text: a phrase a person might search for."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 8]
    return " ".join(words[:3])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_search_finds_a_competency_by_an_indicator_phrase(browser, server, site_vocab, lang):
    base = site_vocab.project.base
    skos = "http://www.w3.org/2004/02/skos/core#"
    prop = f"<{base}/def/bronTekst>" if lang == "nl" else f"<{skos}definition>"
    rows = list(site_vocab.query(
        f"SELECT ?c ?t WHERE {{ ?i {prop} ?t ; <{skos}broader> ?c ; <{base}/def/volgnummer> 1 . "
        f"?c <{base}/def/volgnummer> 7 FILTER(lang(?t) = '{lang}') }}"))
    assert len(rows) == 1
    competency = rows[0]["c"].value.rsplit("/", 1)[-1]
    phrase = _phrase(rows[0]["t"].value)
    watched = Watched(browser, server)
    try:
        hrefs = _search(watched, "index.html" if lang == "nl" else "en/index.html", phrase)
    finally:
        watched.close()
    assert any(f"doc/competentie/{competency}.html" in h for h in hrefs), (phrase, hrefs)
    assert not watched.errors and not watched.foreign


def test_competency_pages_print_as_one_page_cards(browser, server, site_vocab):
    base = site_vocab.project.base
    rows = site_vocab.query(f"SELECT ?c WHERE {{ ?c a <{base}/def/Competentie> }} ORDER BY ?c")
    names = [row["c"].value.rsplit("/", 1)[-1] for row in rows]
    assert len(names) == 7
    watched = Watched(browser, server)
    too_long = []
    try:
        for name in names:
            for prefix in ("", "en/"):
                watched.goto(f"{prefix}doc/competentie/{name}.html")
                pdf = watched.page.pdf(format="A4")
                pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
                if pages != 1:
                    too_long.append(f"{prefix}{name}: {pages} pages")
    finally:
        watched.close()
    assert not too_long, too_long


def test_screenshots_for_review(browser, server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots = {
        "home-nl.png": "index.html",
        "home-en.png": "en/index.html",
        "competentie-nl.png": "doc/competentie/reflecteren.html",
        "competentie-en.png": "en/doc/competentie/reflecteren.html",
    }
    watched = Watched(browser, server)
    try:
        for name, path in shots.items():
            watched.goto(path)
            watched.page.screenshot(path=str(ARTIFACTS / name), full_page=True)
            if "competentie" in name:  # the URI has a copy button (Material's clipboard)
                button = watched.page.locator("pre button[data-md-type=copy]").first
                assert button.count() == 1 and button.get_attribute("title"), path
        watched.goto("doc/competentie/reflecteren.html")
        watched.page.emulate_media(media="print")
        watched.page.screenshot(path=str(ARTIFACTS / "competentie-nl-print.png"), full_page=True)
    finally:
        watched.close()
    assert not watched.errors and not watched.foreign
    for name in shots:
        assert (ARTIFACTS / name).stat().st_size > 10_000, name


def _search(watched, start: str, query: str) -> list[str]:
    watched.goto(start)
    box = watched.page.locator("input[data-md-component='search-query']")
    box.click()
    box.press_sequentially(query, delay=20)
    watched.page.wait_for_selector(".md-search-result__item", timeout=15000)
    return watched.page.eval_on_selector_all(
        ".md-search-result__item a", "els => els.map(e => e.getAttribute('href'))")


def test_search_finds_labels_and_alternative_labels(browser, server, site_vocab):
    from competentieset.model import uris

    base = site_vocab.project.base
    skos = "http://www.w3.org/2004/02/skos/core#"
    rows = list(site_vocab.query(
        f"SELECT ?s ?alt WHERE {{ ?s <{skos}altLabel> ?alt FILTER(lang(?alt) = 'nl') }} ORDER BY ?s ?alt LIMIT 1"))
    assert rows, "the vocabulary has no skos:altLabel@nl to search for"
    alt_page = str(uris.file_path(rows[0]["s"].value, base, "html"))
    labelled = list(site_vocab.query(
        f"SELECT ?c ?label WHERE {{ ?c a <{base}/def/Competentie> ; <{base}/def/volgnummer> 7 ; "
        f"<{skos}prefLabel> ?label FILTER(lang(?label) = 'en') }}"))
    assert len(labelled) == 1
    label_page = "en/" + str(uris.file_path(labelled[0]["c"].value, base, "html"))
    watched = Watched(browser, server)
    try:
        by_alt = _search(watched, "index.html", rows[0]["alt"].value)
        by_label = _search(watched, "en/index.html", labelled[0]["label"].value)
    finally:
        watched.close()
    assert any(h.endswith(alt_page) for h in by_alt), (alt_page, by_alt)
    assert any(h.endswith(label_page) for h in by_label), (label_page, by_label)
    assert not watched.errors and not watched.foreign


def test_search_finds_a_competency_by_the_word_form_the_source_uses(browser, server, site_vocab):
    """Issue 11: the introduction's adjectives ("is bestuurssensitief, omgevingsbewust, ...
    en is stressbestendig") find their competency in the site search."""
    expected = {"bestuurssensitief": "bestuurssensitiviteit", "omgevingsbewust": "omgevingsbewustzijn",
                "stressbestendig": "stressbestendigheid"}
    watched = Watched(browser, server)
    try:
        found = {word: _search(watched, "index.html", word) for word in expected}
    finally:
        watched.close()
    for word, name in expected.items():
        assert any(h.endswith(f"doc/competentie/{name}.html") for h in found[word]), (word, found[word])
    assert not watched.errors and not watched.foreign


# --------------------------------------------------------------------------- issue 10

def test_search_results_are_accessible(browser, server):
    """axe with the search box open and its results shown (the meta text was 4.41:1)."""
    watched = Watched(browser, server)
    problems = []
    try:
        for start, query in (("index.html", "reflecteren"), ("en/index.html", "reflection")):
            hrefs = _search(watched, start, query)
            assert hrefs, (start, query)
            assert watched.page.is_visible(".md-search-result__meta"), start
            for violation in _axe(watched.page):
                problems.append(f"{start} (search open: {query}): axe {violation}")
    finally:
        watched.close()
    assert not problems, "\n".join(problems)
    assert not watched.errors and not watched.foreign


def test_indicator_lists_are_numbered_once(browser, server):
    watched = Watched(browser, server)
    try:
        for prefix in ("", "en/"):
            watched.goto(prefix + "doc/competentie/reflecteren.html")
            marker = watched.page.evaluate(
                "getComputedStyle(document.querySelector('ol.cs-indicators')).listStyleType")
            assert marker == "none", prefix
            titles = watched.page.eval_on_selector_all(
                "ol.cs-indicators .cs-indicator__title", "els => els.map(e => e.innerText.trim())")
            assert [t.split(" ", 1)[0] for t in titles] == ["1.1", "1.2", "1.3"], titles
    finally:
        watched.close()


@pytest.fixture(scope="module")
def served_build(tmp_path_factory, browser):
    """The real build of a project copy with a deprecated indicator, on the embedded server
    (which serves the themed 404 page); made only when a browser is available."""
    from tests.serve.serve_helpers import build_webroot, start_embedded

    root = build_webroot(tmp_path_factory.mktemp("served-project"))
    server = start_embedded(root, tmp_path_factory.mktemp("served-logs"))
    yield server
    server.stop()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_not_found_and_deprecated_pages_are_accessible(browser, served_build, lang):
    from tests.serve.serve_helpers import DEPRECATED

    prefix = "" if lang == "nl" else "en/"
    watched = Watched(browser, served_build.url)
    problems = []
    try:
        # a deprecated resource's page
        watched.goto(f"{prefix}doc/{DEPRECATED}.html")
        assert watched.page.locator(".cs-deprecated").count() == 1
        problems += [f"deprecated: axe {v}" for v in _axe(watched.page)]
        # an unknown URL: the themed 404 in the language of the path
        response = watched.page.goto(f"{served_build.url}/{prefix}bestaat/niet", wait_until="networkidle")
        assert response.status == 404
        page = watched.page
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator("main").count() == 1
        heading = page.locator("main h1").inner_text()
        assert heading == {"nl": "Pagina niet gevonden (404)", "en": "Page not found (404)"}[lang]
        # the site's styles loaded (Material's header is fixed, our primary colour on it)
        colour = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert colour == "rgb(21, 66, 115)", colour
        problems += [f"404: axe {v}" for v in _axe(page)]
    finally:
        watched.close()
    assert not problems, "\n".join(problems)
    assert not watched.foreign, watched.foreign
