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


def test_search_finds_apostrophe_words(page, base_url):
    page.goto(base_url)
    text = rechercher(page, "échéancier")
    # « l'échéancier » is indexed as « l » + « échéancier ».
    assert "l'échéancier" in text.replace("’", "'")
