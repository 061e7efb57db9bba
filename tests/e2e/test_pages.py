"""Every page of the navigation is served, in French, with its title and a link to the PDF.

The pages are read as the server sends them (no browser: their console errors and the
hosts they request are recorded when test_accessibilite.py opens every page in
Chromium); search and navigation are tried in the browser below.
"""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from helpers import rechercher
from html_statique import arbre

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


def lire(url: str) -> VuePage:
    with urllib.request.urlopen(url, timeout=30) as reponse:
        statut, html = reponse.status, reponse.read().decode("utf-8")
    page = arbre(html)
    (racine,) = page.chercher("html")
    (article,) = page.chercher("article")
    h1 = article.chercher("h1")
    liens_pdf = page.chercher("a", classe="hb-lien-pdf")
    return VuePage(
        statut=statut,
        lang=racine.attrs.get("lang"),
        h1=h1[0].texte().removesuffix("¶").strip() if h1 else "",
        titre=page.chercher("title")[0].texte(),
        contenu=html,
        lien_pdf=liens_pdf[0].attrs.get("href") if liens_pdf else None,
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
