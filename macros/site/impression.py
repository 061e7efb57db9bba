"""After MkDocs has written the site: the print page finished, the PDFs under ``serve``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from macros.donnees.reglages import DOSSIER_PROJET
from macros.site.etat import construction
from macros.sorties.pdf import (
    PdfIndisponible,
    diffusion,
    imprimer,
    relier_impression,
    reprendre_pdf,
    travaux_pdf,
)
from macros.texte import compacter, structurer_impression

__all__ = ["apres_construction"]


def apres_construction(config: Any) -> None:
    """After MkDocs has written the site: nest the print page; PDFs under ``mkdocs serve``.

    ``python -m macros build`` prints the PDFs itself (so that a failure leaves the
    previous site in place). Under ``mkdocs serve`` the site lives in a temporary
    folder: with ``HANDBOOK_PDF=off`` (the default of ``make serve``) the PDFs of the
    last ``make site`` are copied there so the links work; otherwise they are printed.
    """
    site = Path(config["site_dir"])
    for name in ("print_page/index.html", "print_page.html"):
        path = site / name
        if path.is_file():
            html = structurer_impression(path.read_text(encoding="utf-8"))
            path.write_text(compacter(relier_impression(html)), encoding="utf-8")
    etat = construction(config)
    if etat.reglages is None or not etat.en_service or etat.chargement is None:
        return
    hb = etat.chargement.handbook
    travaux = travaux_pdf(hb, site)
    mode = diffusion(hb)
    if etat.reglages.pdf == "off":
        reprendre_pdf(DOSSIER_PROJET / "site", site, [sortie for _, sortie in travaux], mode)
        return
    try:
        imprimer(site, travaux, mode)
    except PdfIndisponible as err:
        print(f"PDF non généré : {err}.", file=sys.stderr)
