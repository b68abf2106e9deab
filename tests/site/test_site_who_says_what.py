"""Issue 11 on the site: what a civil servant sees. The English pages use none of the phrases
the review listed (text in Dutch, lang="nl", is the source's and not checked); definitions are
the editors' summary, numbers are badged as ours; the home page shows the source's usage
sentence verbatim with [sic] and says there are no levels, norms or weights; the FGR page says
who the set is for; the source's word forms are on the competency pages for search."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from tests.vocabulary.test_who_says_what import ENGLISH_PHRASES


class _EnglishText(HTMLParser):
    """The visible text of a page's article, without elements in another language (lang="nl")
    and without scripts, styles and code."""

    SKIP = {"script", "style", "code", "pre"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "track"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        lang = (a.get("lang") or "").lower()
        self.stack.append((tag, tag in self.SKIP or (bool(lang) and not lang.startswith("en"))))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def english_text(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    start = source.find("<article")
    source = source[start:source.find("</article>", start)] if start >= 0 else source
    parser = _EnglishText()
    parser.feed(source)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def test_none_of_the_reviewed_english_phrases_is_on_the_english_site(built_site):
    pages = sorted((built_site / "en").rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        text = english_text(path).casefold()
        for phrase in ENGLISH_PHRASES:
            assert phrase not in text, f"{path.relative_to(built_site)}: {phrase!r}"
    # the checker does see English text (and would see a phrase if it were there)
    home = english_text(built_site / "en" / "index.html")
    assert "is aware of the wider context" in home and "resilient under pressure" in home


def test_hand_written_pages_and_readme_use_none_of_the_phrases():
    root = Path(__file__).resolve().parents[2]
    for path in [root / "README.md", *sorted((root / "site" / "en").glob("*.md"))]:
        text = path.read_text(encoding="utf-8").casefold()
        for phrase in ("societal task", "self-insight", "stress resilience", "senior civil service",
                       "top manager general", "aware of the environment"):
            assert phrase not in text, (path.name, phrase)


def _article(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    return source[source.find("<article"):source.find("</article>")]


def test_home_cards_say_the_definition_is_the_editors_summary_and_badge_the_numbers(built_site):
    for lang, label in (("nl", "Samenvatting door de redactie:"), ("en", "Summary by the editors:")):
        page = _article(built_site / ("index.html" if lang == "nl" else "en/index.html"))
        cards = re.findall(r'<li class="cs-card">(.*?)</li>', page, re.S)
        assert len(cards) == 7
        for card in cards:
            assert f'<span class="cs-card__label">{label}</span>' in card
            title = re.search(r'<p class="cs-card__title">(.*?)</p>', card, re.S).group(1)
            assert re.match(r'\d <a class="cs-badge cs-badge--redactie"', title), title
        assert "Definitie" not in " ".join(cards) and "Definition" not in " ".join(cards)


def test_home_page_shows_the_usage_sentence_verbatim_with_sic_and_no_levels(built_site, sources):
    source = (sources / "abd" / "competentieset-publieke-leiders.txt").read_text(encoding="utf-8")
    sentence = re.search(r"Het ligt aan de context[^.]+\.", source).group(0)
    nl = html.unescape(_article(built_site / "index.html"))
    section = nl[nl.index("Welke competenties het zwaarst wegen"):]
    source_block = re.search(r'<div class="cs-block cs-bron[^"]*">(.*?)</div>', section, re.S).group(1)
    assert f"<p>{sentence}</p>" in source_block
    ours = re.search(r'<div class="cs-block cs-redactie[^"]*">(.*?)</div>', section, re.S).group(1)
    assert "[sic]" in ours and "het meest zwaarst" in ours
    assert "geen niveaus, normen of wegingen" in ours
    en = html.unescape(_article(built_site / "en" / "index.html"))
    assert "no levels, norms or weights" in en and "[sic]" in en


def test_fgr_page_says_who_the_set_is_for_and_what_the_sources_do_not_state(built_site):
    for path, scope, not_stated in (
        (built_site / "functiegebouw-rijk.html", "vanaf schaal 15", "niet vermeld in de bronnen"),
        (built_site / "en" / "functiegebouw-rijk.html", "from salary scale 15 upwards", "not stated in the sources"),
    ):
        page = html.unescape(_article(path))
        assert scope in page
        assert ("schaal 9" in page) or ("salary scale 9" in page)
        assert ("16 tot en met 18" in page) or ("16 to 18" in page)
        rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:]
        assert len(rows) == 4
        empty = [r for r in rows if not_stated in r]
        assert len(empty) == 3  # every group but Topmanager
        assert all("Topmanager<" not in r for r in empty)


def test_the_source_word_forms_are_on_the_competency_pages(built_site):
    for word, name in (("bestuurssensitief", "bestuurssensitiviteit"), ("omgevingsbewust", "omgevingsbewustzijn"),
                       ("stressbestendig", "stressbestendigheid")):
        page = _article(built_site / "doc" / "competentie" / f"{name}.html")
        assert "Woordvorm in de bron (zoekterm)" in page
        assert re.search(rf">{word} <a class=\"cs-badge cs-badge--redactie\"", page), word
