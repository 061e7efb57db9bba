"""Small helpers shared by the tests."""

from __future__ import annotations


def normalise(text: str) -> str:
    """Text as a reader sees it: French non-breaking spaces count as plain spaces.

    The permalink sign that follows headings (« ¶ ») is dropped.
    """
    return text.replace("\u00a0", " ").replace("\u202f", " ").strip().removesuffix("¶").strip()


def rechercher(page, query: str) -> str:
    """Type ``query`` in Material's search box once the index is ready; return the results text.

    Material shows « Taper pour démarrer la recherche » once its search worker has
    loaded the index; typing earlier can be lost.
    """
    page.locator(".md-search__input").click()
    page.locator(".md-search-result__meta").filter(has_text="Taper pour démarrer").wait_for()
    page.locator(".md-search__input").press_sequentially(query, delay=10)
    page.locator(".md-search-result__meta").filter(has_text="trouvé").wait_for()
    return page.locator(".md-search-result").inner_text()


def pdf_imprime(chemin, mode: str | None = None):
    """A one-page PDF at ``chemin``, marked as printed for a ``public`` or ``prive`` build."""
    from pypdf import PdfWriter

    from macros.sorties.pdf import marquer_diffusion

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(chemin)
    if mode is not None:
        marquer_diffusion(chemin, mode)
    return chemin
