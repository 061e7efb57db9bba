"""After MkDocs has written the site: the print page finished, the PDFs under ``serve``."""

from __future__ import annotations

import html as html_
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from macros.donnees.reglages import DOSSIER_PROJET
from macros.site.allegement import page_allegee
from macros.site.etat import construction
from macros.sorties.mise_en_page import styles_parties
from macros.sorties.pdf import (
    PdfIndisponible,
    impression_en_cours,
    relier_impression,
    reprendre_pdf,
    tirage_du_build,
)
from macros.sorties.liens_pdf import id_impression, qr_parties
from macros.texte import compacter, structurer_impression, typographie

__all__ = ["apres_construction", "commencer_impression", "finir_impression"]


#: The title print-site gives the links of its parts' headings, in English.
_LIEN_PERMANENT = "title='Permanent link'"


def finir_impression(
    html: str,
    titre_lien: str,
    site_url: str | None = None,
    chemins: Mapping[str, str] | None = None,
) -> str:
    """The print page as printed: its headings nested under its parts (for the PDF's
    bookmarks), its links pointing at ids that exist in it, every id unique, French
    typography, ``titre_lien`` (the site's « Lien vers cette section ») on print-site's
    own links, and the running header of each part
    (:func:`macros.sorties.mise_en_page.styles_parties`). With ``site_url``, each part's
    title carries a QR code to the part's first page on the published site (``chemins``:
    the site path of each printed page, by its id on the print page).

    print-site assembles the print page from each page's content as it was rendered,
    before the handbook's hooks gave it its typography, and adds its own cover, parts
    and table of contents: the typography is applied here, to the whole print page.
    """
    html = relier_impression(structurer_impression(html))
    html = qr_parties(html, site_url, chemins or {})
    html = html.replace(_LIEN_PERMANENT, f"title='{html_.escape(titre_lien, quote=True)}'")
    html = compacter(typographie(html))
    # Each part's name at the top of its printed pages (Chromium has no ``string-set``).
    style = f'<style id="hb-parties">{styles_parties(html)}</style></head>'
    return html.replace("</head>", style, 1)


def _chemins_des_pages(site: Path) -> dict[str, str]:
    """The site path of every page of the built ``site``, by its id on the print page."""
    chemins = {}
    for fichier in site.rglob("*.html"):
        rel = fichier.relative_to(site).as_posix()
        chemin = rel.removesuffix("index.html") if rel.endswith("index.html") else rel
        chemins.setdefault(id_impression(chemin), chemin)
    return chemins


def commencer_impression(config: Any) -> None:
    """Every page is written: if a printer waits for this build (``python -m macros build``
    starts one, :func:`macros.sorties.pdf.impression_en_cours`), it begins the reflex cards
    now, while print-site makes the print page; the handbook follows once
    :func:`apres_construction` has written it."""
    impression = impression_en_cours()
    etat = construction(config)
    if impression is None or etat.chargement is None:
        return
    impression.commencer(tirage_du_build(etat.chargement.handbook, Path(config["site_dir"])))


def apres_construction(config: Any) -> None:
    """After MkDocs has written the site: finish the print page (and leave out what it does
    not use, :func:`macros.site.allegement.page_allegee`); PDFs under ``mkdocs serve``.

    ``python -m macros build`` prints the PDFs itself (so that a failure leaves the
    previous site in place). Under ``mkdocs serve`` the site lives in a temporary
    folder: with ``HANDBOOK_PDF=off`` (the default of ``make serve``) the PDFs of the
    last ``make site`` are copied there so the links work; otherwise they are printed.
    """
    site = Path(config["site_dir"])
    toc = config["mdx_configs"].get("toc", {})
    titre_lien = toc.get("permalink_title") or "Lien vers cette section"
    site_url = config.get("site_url") or None
    for name in ("print_page/index.html", "print_page.html"):
        path = site / name
        if path.is_file():
            chemins = _chemins_des_pages(site) if site_url else {}
            html = finir_impression(path.read_text(encoding="utf-8"), titre_lien, site_url, chemins)
            path.write_text(page_allegee(html, config, impression=True), encoding="utf-8")
    impression = impression_en_cours()
    if impression is not None:
        impression.page_ecrite()
    etat = construction(config)
    if etat.reglages is None or not etat.en_service or etat.chargement is None:
        return
    tirage = tirage_du_build(etat.chargement.handbook, site)
    if etat.reglages.pdf == "off":
        sorties = [sortie for _, sortie in tirage.travaux]
        reprendre_pdf(DOSSIER_PROJET / "site", site, sorties, tirage.mode)
        return
    from macros.sorties.imprimeur import imprimer  # asyncio and Playwright: only to print

    try:
        imprimer(tirage)
    except PdfIndisponible as err:
        print(f"PDF non généré : {err}.", file=sys.stderr)
