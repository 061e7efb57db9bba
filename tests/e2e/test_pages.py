"""Every page of the navigation is served, in French, with its title and a link to the PDF.

The pages are read as the server sends them (no browser: their console errors and the
hosts they request are recorded when test_accessibilite.py opens every page in
Chromium); search and navigation are tried in the browser below.
"""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from helpers import rechercher
from html_statique import normalise

pytestmark = pytest.mark.e2e


@dataclass
class VuePage:
    """What one page of the navigation says, as served."""

    statut: int
    lang: str | None
    h1: str
    titre: str
    contenu: str
    lien_pdf: str | None


class _Lecteur(HTMLParser):
    """The ``lang`` of ``<html>``, the ``<title>``, the first ``<h1>`` of the article and
    the ``href`` of the PDF link (``a.hb-lien-pdf``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.lien_pdf: str | None = None
        self.titre: list[str] = []
        self.h1: list[str] = []
        self._dans: str | None = None
        self._article = False
        self._h1_lu = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "title":
            self._dans = "titre"
        elif tag == "article":
            self._article = True
        elif tag == "h1" and self._article and not self._h1_lu:
            self._dans = "h1"
        elif tag == "a" and "hb-lien-pdf" in (a.get("class") or "").split():
            self.lien_pdf = self.lien_pdf or a.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "h1") and self._dans:
            self._h1_lu = self._h1_lu or self._dans == "h1"
            self._dans = None

    def handle_data(self, data: str) -> None:
        if self._dans == "titre":
            self.titre.append(data)
        elif self._dans == "h1":
            self.h1.append(data)


def lire(url: str) -> VuePage:
    with urllib.request.urlopen(url, timeout=30) as reponse:
        statut, html = reponse.status, reponse.read().decode("utf-8")
    lecteur = _Lecteur()
    lecteur.feed(html)
    lecteur.close()
    return VuePage(
        statut=statut,
        lang=lecteur.lang,
        h1=normalise("".join(lecteur.h1)).removesuffix("¶").strip(),
        titre=normalise("".join(lecteur.titre)),
        contenu=html,
        lien_pdf=lecteur.lien_pdf,
    )


@pytest.fixture(scope="module")
def tournee(base_url, nav_pages) -> dict[str, VuePage]:
    """Every page of the navigation, read once."""
    return {path: lire(base_url + path) for path in nav_pages}


def test_every_nav_page_loads_in_french(tournee, nav_pages, raw_data):
    cabinet = raw_data["cabinet"]["cabinet"]["nom"]
    assert len(nav_pages) >= 15
    assert list(tournee) == nav_pages
    for path, vue in tournee.items():
        assert vue.statut == 200, path
        assert vue.lang == "fr", path
        assert vue.h1, f"{path} n'a pas de titre"
        # The header and the browser tab carry the cabinet's name, from data/cabinet.yml.
        assert cabinet in vue.titre, path
        assert "Search" not in vue.contenu


def test_every_page_links_to_the_pdf(page, base_url, nav_pages, tournee):
    assert list(tournee) == nav_pages
    for path, vue in tournee.items():
        href = vue.lien_pdf
        assert href, f"{path} n'a pas de lien vers le PDF"
        response = page.request.get(base_url + path + href if not href.startswith("/") else href)
        assert response.ok and response.headers["content-type"] == "application/pdf", path


def test_search_finds_a_member_by_name_but_not_by_section(page, base_url):
    page.goto(base_url)
    assert "Marc Lefebvre" in rechercher(page, "Lefebvre")
    premier = page.locator(".md-search-result__link").first.get_attribute("href") or ""
    assert urlparse(premier).path == "/equipe/marc-lefebvre/"
    # A member page brings its name and the line under it to the index, not its sections:
    # « Mes responsabilités » on every member page would bury the matrix.
    page.goto(base_url)
    rechercher(page, "responsabilités")
    liens = page.locator(".md-search-result__link")
    chemins = [
        urlparse(liens.nth(i).get_attribute("href") or "").path for i in range(liens.count())
    ]
    assert "/matrice/" in chemins
    assert not [c for c in chemins if c.startswith("/equipe/") and c != "/equipe/"]


def test_search_finds_apostrophe_words(page, base_url):
    page.goto(base_url)
    text = rechercher(page, "échéancier")
    # « l'échéancier » is indexed as « l » + « échéancier ».
    assert "l'échéancier" in text.replace("’", "'")


def test_member_pages_have_a_compact_navigation(clean_page, base_url):
    """A member page lists the top-level entries (and the team), not the whole nav."""
    primaire = ".md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link"
    clean_page.goto(base_url)
    # (the current page's entry is there twice: its link, and a label for the contents)
    haut = list(dict.fromkeys(t.strip() for t in clean_page.locator(primaire).all_inner_texts()))
    assert len(haut) >= 5
    clean_page.goto(base_url + "equipe/marc-lefebvre/")
    liens = clean_page.locator(primaire)
    assert [t.strip() for t in liens.all_inner_texts()] == [*haut, "L'équipe"]
    assert clean_page.locator(".md-nav--primary a.md-nav__link").count() == len(haut) + 1
    # Each entry leads to a page; a section to its first page.
    for i in range(liens.count()):
        href = liens.nth(i).get_attribute("href") or ""
        response = clean_page.request.get(clean_page.url.split("#")[0] + href)
        assert response.status == 200, href
    liens.last.click()
    assert urlparse(clean_page.url).path == "/equipe/"
