"""The handbook works with the keyboard alone: matrix, search, PDF link, copy buttons.

Each test starts at the top of a page and presses Tab as a keyboard user does; every
element reached must show where the focus is.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

#: The focused element: what it is, and whether a focus indicator is drawn around it.
_FOCUS_JS = """() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow !== 'none';
    return {
        tag: e.tagName.toLowerCase(),
        classes: e.className || '',
        href: e.getAttribute('href'),
        text: (e.innerText || '').trim(),
        visible: e.matches(':focus-visible') && (ring || shadow),
    };
}"""


#: True when the focused element is shown in the visible part of the element ``r`` (its
#: middle is; Chromium does not scroll a partly visible element any further).
_INSIDE_JS = """(r) => {
    const a = document.activeElement.getBoundingClientRect();
    const b = r.getBoundingClientRect();
    const middle = (a.left + a.right) / 2;
    return middle > b.left && middle < b.right;
}"""


def focused(page) -> dict:
    return page.evaluate(_FOCUS_JS)


def tab_until(page, predicate, limit: int = 60) -> dict:
    """Press Tab until the focused element matches ``predicate``; fail after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    pytest.fail(f"élément jamais atteint avec Tab en {limit} appuis")


def test_matrix_scrolls_and_its_links_are_reached_with_tab(page, base_url):
    # A phone's screen: the matrix is wider than its scrollable region.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "matrice/")
    region = page.locator(".hb-table-wrap:has(table.hb-matrice)")
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth"), "la matrice ne déborde pas"

    element = tab_until(page, lambda e: "hb-table-wrap" in e["classes"])
    assert region.evaluate("e => e === document.activeElement")
    assert element["visible"], "la zone de la matrice n'a pas d'indicateur de focus"

    # Arrow keys scroll the focused region.
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle())
    for _ in range(8):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function("e => e.scrollLeft === 0", arg=region.element_handle())

    # Tab then reaches every link of the matrix, in reading order: roles, then procedures.
    links = region.locator("a")
    expected = [links.nth(i).get_attribute("href") for i in range(links.count())]
    procedures = region.locator("tbody th a")
    assert procedures.count() >= 10
    for href in expected:
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["href"] == href
        assert element["visible"], f"pas d'indicateur de focus sur {href}"
        # The focused link is scrolled into the visible part of the region.
        page.wait_for_function(_INSIDE_JS, arg=region.element_handle(), timeout=3000)

    # Enter opens the procedure of the last row.
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{expected[-1].lstrip('./')}")


def test_search_is_used_with_the_keyboard(page, base_url):
    page.goto(base_url)
    tab_until(page, lambda e: "md-search__input" in e["classes"], limit=5)
    # Material shows this once its search worker has loaded the index.
    page.locator(".md-search-result__meta").filter(has_text="Taper pour démarrer").wait_for()
    page.keyboard.type("échéancier", delay=10)
    page.locator(".md-search-result__meta").filter(has_text="trouvé").wait_for()
    # Each letter typed starts a search: wait for the results of the whole word (its
    # highlight), not those of « échéanc » that it replaces, then go down.
    page.locator(".md-search-result__link mark", has_text="échéancier").first.wait_for()
    page.locator(".md-search-result__link").nth(1).wait_for()
    page.keyboard.press("ArrowDown")
    first = focused(page)
    assert "md-search-result__link" in first["classes"]
    assert first["visible"], "le résultat atteint au clavier n'a pas d'indicateur de focus"
    page.keyboard.press("ArrowDown")
    second = focused(page)
    assert "md-search-result__link" in second["classes"] and second["href"] != first["href"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == second["href"]
    assert "échéancier" in page.locator("article").inner_text()


def test_pdf_link_is_reached_with_tab(page, base_url):
    page.goto(base_url + "equipe/")
    element = tab_until(page, lambda e: "hb-lien-pdf" in e["classes"])
    assert element["text"] == "Manuel PDF"
    assert element["visible"], "le lien PDF n'a pas d'indicateur de focus"
    assert element["href"].endswith("manuel.pdf")
    pdf = page.request.get(page.locator("a.hb-lien-pdf").evaluate("a => a.href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")


def test_copy_buttons_and_letter_by_keyboard(browser, base_url, raw_data):
    # The example has no verified address: no mail link, the copy buttons, then the letter.
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "support/")
    block = page.locator(".hb-email").first
    block.locator(".hb-email-objet").click()
    page.keyboard.press("Tab")
    element = focused(page)
    assert element["tag"] == "button" and element["text"] == "Copier l'objet"
    assert element["visible"], "le bouton de copie n'a pas d'indicateur de focus"
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Copier le message"
    page.keyboard.press("Space")
    block.locator(".hb-copie-etat").first.filter(has_text="Copié").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == block.locator("pre.hb-email-corps").first.inner_text().strip()
    # Next: the letter, opened with Enter; its own copy button copies the letter.
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "summary"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Copier la lettre"
    page.keyboard.press("Enter")
    block.locator(".hb-lettre .hb-copie-etat").filter(has_text="Copié").wait_for()
    lettre = page.evaluate("navigator.clipboard.readText()")
    assert lettre.strip() == block.locator(".hb-lettre pre").inner_text().strip()
    assert "\nObjet : " in lettre
    context.close()


def test_focus_check_fails_without_a_focus_indicator(page, base_url):
    """The checker itself: a style sheet that removes focus rings is caught."""
    page.goto(base_url + "matrice/")
    page.add_style_tag(content="*:focus, *:focus-visible { outline: none !important; }")
    element = tab_until(page, lambda e: "hb-table-wrap" in e["classes"])
    assert not element["visible"]
    page.keyboard.press("Tab")
    assert not focused(page)["visible"]
