"""Every page of the navigation loads in Chromium, in French, without errors."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from helpers import rechercher

pytestmark = pytest.mark.e2e


def test_every_nav_page_loads_in_french(clean_page, base_url, nav_pages, raw_data):
    cabinet = raw_data["cabinet"]["cabinet"]["nom"]
    assert len(nav_pages) >= 15
    for path in nav_pages:
        response = clean_page.goto(base_url + path)
        assert response is not None and response.status == 200, path
        assert clean_page.locator("html").get_attribute("lang") == "fr", path
        h1 = clean_page.locator("article h1").first.inner_text().strip()
        assert h1, f"{path} n'a pas de titre"
        # The header and the browser tab carry the cabinet's name, from data/cabinet.yml.
        assert cabinet in clean_page.title(), path
        assert "Search" not in clean_page.content()


def test_no_request_leaves_localhost(page, base_url, nav_pages):
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname or request.url))
    for path in nav_pages:
        page.goto(base_url + path, wait_until="networkidle")
    assert hosts == {"127.0.0.1"}


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
