"""Every page of the navigation loads in Chromium, in French, without errors, and links to the PDF.

The first tests read the pages as the ``tournee`` fixture opened them, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from helpers import rechercher

pytestmark = pytest.mark.e2e


@dataclass
class VuePage:
    """What one page of the navigation showed when it was opened."""

    statut: int | None
    lang: str | None
    h1: str
    titre: str
    contenu: str
    lien_pdf: str | None


@dataclass
class Tournee:
    """Every page of the navigation, opened once: see :func:`tournee`."""

    pages: dict[str, VuePage] = field(default_factory=dict)
    #: Every host a request went to, from any page.
    hotes: set[str] = field(default_factory=set)
    #: Console errors and page errors, with the page they came from.
    erreurs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def tournee(browser, browser_context_args, base_url, nav_pages) -> Tournee:
    """Every page of the navigation opened once by a reader in a fresh tab: what each page
    shows, every host it requested, every console error.

    Three tests read it (every page in French, no request off 127.0.0.1, the PDF link on
    every page); this module runs whole on one pytest-xdist worker (``MODULES_ENTIERS``
    in conftest.py), which opens the pages once for all of them.
    """
    vue = Tournee()
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.on("request", lambda r: vue.hotes.add(urlparse(r.url).hostname or r.url))
    page.on(
        "console",
        lambda m: vue.erreurs.append(f"{page.url} : {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda exc: vue.erreurs.append(f"{page.url} : {exc}"))
    for i, path in enumerate(nav_pages):
        # The first page until the network is idle: what the theme's scripts request
        # after the page has loaded (the search index) is the same on every page.
        response = page.goto(base_url + path, wait_until="networkidle" if i == 0 else "load")
        lien = page.locator("a.hb-lien-pdf")
        vue.pages[path] = VuePage(
            statut=response.status if response is not None else None,
            lang=page.locator("html").get_attribute("lang"),
            h1=page.locator("article h1").first.inner_text().strip(),
            titre=page.title(),
            contenu=page.content(),
            lien_pdf=lien.get_attribute("href") if lien.count() else None,
        )
    context.close()
    return vue


def test_every_nav_page_loads_in_french(tournee, nav_pages, raw_data):
    cabinet = raw_data["cabinet"]["cabinet"]["nom"]
    assert len(nav_pages) >= 15
    assert list(tournee.pages) == nav_pages
    for path, vue in tournee.pages.items():
        assert vue.statut == 200, path
        assert vue.lang == "fr", path
        assert vue.h1, f"{path} n'a pas de titre"
        # The header and the browser tab carry the cabinet's name, from data/cabinet.yml.
        assert cabinet in vue.titre, path
        assert "Search" not in vue.contenu
    assert tournee.erreurs == [], f"erreurs dans la console : {tournee.erreurs}"


def test_no_request_leaves_localhost(tournee, nav_pages):
    assert list(tournee.pages) == nav_pages
    assert tournee.hotes == {"127.0.0.1"}


def test_every_page_links_to_the_pdf(page, base_url, nav_pages, tournee):
    assert list(tournee.pages) == nav_pages
    for path, vue in tournee.pages.items():
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
