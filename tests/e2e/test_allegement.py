"""Pages ship only what they use (macros/site/allegement.py), read from the shared build.

No browser: the built files, read as the server sends them (a few milliseconds). Each check
is what someone looking at the published site would see: no source map, print-site's files
only on the print page, the handbook's stylesheets minified, a sized logo, a calendar page
whose year view is light. Each was shown failing on a build of the code before (the site of
commit f508e7e, built with ``HANDBOOK_PDF=off``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import ROOT

pytestmark = pytest.mark.e2e

#: print-site's own files: its stylesheets and its script.
_IMPRESSION = re.compile(r'(?:href|src)="[^"]*\b(?:css/print-site[\w.-]*\.css|js/print-site\.js)"')

#: Elements without an end tag.
_VIDES = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"))  # fmt: skip

#: The calendar page's elements, at most (2,264 before its year view was made light,
#: 1,694 after, on the example).
MAX_ELEMENTS_CALENDRIER = 1_850
#: The year view's elements, at most (1,368 before, 804 after).
MAX_ELEMENTS_ANNEE = 950
#: The calendar page's weight in kilobytes, at most (125 before, 72 after).
MAX_KO_CALENDRIER = 85


def pages(site: Path) -> dict[str, str]:
    """Every HTML page of ``site``, by its path in the site."""
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    }


def est_page_impression(nom: str) -> bool:
    return nom in ("print_page/index.html", "print_page.html")


class _Compteur(HTMLParser):
    """Counts the elements of a page, and those inside the first element of class ``classe``."""

    def __init__(self, classe: str) -> None:
        super().__init__()
        self.classe = classe
        self.total = 0
        self.dedans = 0
        self._profondeur = 0  # depth inside the element of ``classe`` (0: outside)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.total += 1
        if self._profondeur:
            self.dedans += 1
        elif self.classe in (dict(attrs).get("class") or "").split():
            self.dedans += 1
            self._profondeur = 1 if tag not in _VIDES else 0
            return
        if self._profondeur and tag not in _VIDES:
            self._profondeur += 1

    def handle_endtag(self, tag: str) -> None:
        if self._profondeur and tag not in _VIDES:
            self._profondeur -= 1


def compter(html: str, classe: str) -> tuple[int, int]:
    """The page's elements, and those of its first element of class ``classe``."""
    compteur = _Compteur(classe)
    compteur.feed(html)
    return compteur.total, compteur.dedans


def test_no_source_map_is_published(site: Path):
    cartes = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.map"))
    assert cartes == []
    renvois = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.suffix in (".js", ".css", ".html") and "sourceMappingURL" in p.read_text("utf-8")
    )
    assert renvois == []


def test_print_site_files_only_on_the_print_page(site: Path):
    avec = sorted(nom for nom, html in pages(site).items() if _IMPRESSION.search(html))
    assert avec == ["print_page/index.html"]
    for fichier in ("css/print-site.css", "css/print-site-material.css", "js/print-site.js"):
        assert (site / fichier).is_file(), fichier


def test_our_stylesheets_are_minified(site: Path):
    source = (ROOT / "docs" / "assets" / "handbook.css").read_text(encoding="utf-8")
    publie = (site / "assets" / "handbook.css").read_text(encoding="utf-8")
    assert "/*" not in publie
    assert "\n " not in publie, "indentation left"
    assert len(publie) < 0.75 * len(source)
    # The same rules: every class of the source is still there.
    assert set(re.findall(r"\.hb-[\w-]+", source)) == set(re.findall(r"\.hb-[\w-]+", publie))
    impression = (site / "assets" / "impression.css").read_text(encoding="utf-8")
    assert "/*" not in impression and "\n " not in impression
    assert "@page" in impression


def test_logo_has_its_size(site: Path):
    logos = [
        balise
        for html in pages(site).values()
        for balise in re.findall(r"<img\b[^>]*\blogo\.svg\"[^>]*>", html)
    ]
    assert logos
    sans_taille = [
        b
        for b in logos
        if not re.search(r'\bwidth="\d+"', b) or not re.search(r'\bheight="\d+"', b)
    ]
    assert sans_taille == []


def test_pages_load_no_stylesheet_or_script_they_do_not_use(site: Path):
    """Material's palette stylesheet (no rule for the handbook's own colours), the search's
    file:// shim (the offline bundle's) and the copy buttons' script where there is no copy
    button are not loaded; Material's script is deferred, so that the page shows first."""
    for nom, html in pages(site).items():
        assert "stylesheets/palette." not in html, nom
        assert "iframe-worker" not in html, nom
        if "data-hb-copier" not in html:
            assert "assets/handbook.js" not in html, nom
        if not est_page_impression(nom):
            for balise in re.findall(r"<script\b[^>]*bundle\.\w+\.min\.js[^>]*>", html):
                assert re.search(r"\bdefer\b", balise), nom
    # Where there are copy buttons, their script is in the page.
    assert "button[data-hb-copier]" in (site / "support" / "index.html").read_text("utf-8")
    assert not list((site / "assets" / "stylesheets").glob("palette.*"))


def test_calendar_page_is_light(site: Path):
    html = (site / "calendrier" / "index.html").read_text(encoding="utf-8")
    total, annee = compter(html, "hb-annee")
    assert total <= MAX_ELEMENTS_CALENDRIER, total
    assert annee <= MAX_ELEMENTS_ANNEE, annee
    assert len(html.encode()) <= MAX_KO_CALENDRIER * 1000
    # No tree of hidden text or tooltip in a day: a marked day is its number, a line break
    # and its marks, and points at its events' rows in the table of the page.
    grilles = re.findall(r"<table\b[^>]*\bhb-an-mois\b.*?</table>", html, flags=re.S)
    jours = [j for g in grilles for j in re.findall(r"<td\b[^>]*>\d.*?</td>", g, flags=re.S)]
    assert len(grilles) == 12 and len(jours) >= 365
    ids = set(re.findall(r'<tr\b[^>]*\bid="([^"]+)"', html))
    for jour in jours:
        assert "hb-visually-hidden" not in jour and " title=" not in jour, jour
        if "hb-an-marque" in jour:
            decrit = re.search(r'aria-describedby="([^"]+)"', jour)
            assert decrit and set(decrit.group(1).split()) <= ids, jour
