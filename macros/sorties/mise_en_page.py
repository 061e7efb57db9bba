"""What Chromium does not do for the printed handbook, done around it.

* **Page numbers in the contents.** Chromium drops ``target-counter()``. The handbook is
  printed once with placeholders of the final width in the contents (:data:`SOMMAIRE_JS`),
  the page of every entry is read from that PDF's named destinations
  (:func:`pages_des_ancres`: Chromium writes one for every link target), the numbers are
  written into the same browser page and it is printed again: the second print lays out
  the same lines, so the numbers are those of the final PDF (tests/e2e/test_mise_en_page.py
  checks them against its destinations).
* **A running header with the current part's name.** Chromium ignores ``string-set``. Each
  part of the print page gets its own named page, with the part's name in the top margin
  (:func:`styles_parties`); its landscape tables get a landscape named page of their own.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterable

__all__ = ["SOMMAIRE_JS", "pages_des_ancres", "styles_parties"]

#: The part sections of print-site's print page and their title.
_PARTIE = re.compile(
    r"<section class=['\"]print-page md-section['\"] id=['\"](section-\d+)['\"][^>]*>\s*"
    r"<h1[^>]*>(.*?)<",
    re.S,
)
_POLICE = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"


def _chaine_css(texte: str) -> str:
    out = texte.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + out.replace("<", "\\3C ").replace(">", "\\3E ") + '"'


def styles_parties(html: str) -> str:
    """The print page's own ``@page`` rules: each part's name at the top of its pages,
    no document control in the cover's footer.

    One named page per part (``partie-<n>``), and one landscape named page per part
    (``paysage-<n>``), with the part's name too, for its pages that hold a wide table
    (``.hb-paysage``): the whole page is printed landscape, laid out at the landscape
    width, so that its text, its table and its date line share the landscape sheets
    instead of leaving a few portrait lines on a page of their own.
    """
    import html as html_

    regles = []
    for ident, titre in _PARTIE.findall(html):
        n = ident.removeprefix("section-")
        titre_css = _chaine_css(html_.unescape(titre).strip())
        entete = (
            f"@top-left {{ content: {titre_css}; font-family: {_POLICE}; font-size: 8.5pt;"
            " color: #444; vertical-align: bottom; padding-bottom: 3mm; }"
        )
        regles.append(
            f"#{ident} {{ page: partie-{n}; }}\n"
            f"#{ident} .hb-paysage, #{ident} section.print-page:has(.hb-paysage) "
            f"{{ page: paysage-{n}; }}\n"
            f"#{ident} section.print-page:has(.hb-paysage) {{ width: 265mm; }}\n"
            f"@page partie-{n} {{ {entete} }}\n"
            f"@page paysage-{n} {{ size: A4 landscape; margin: 14mm 16mm 16mm 16mm; {entete} }}"
        )
    # The cover shows the document control in its body: not again in its footer.
    regles.append("@page :first { @bottom-left { content: none; } }")
    return "@media print {\n" + "\n".join(regles) + "\n}\n"


#: Run in the print page (``page.evaluate(SOMMAIRE_JS, pages)``): give every entry of
#: print-site's contents dot leaders and a page number; ``pages`` maps each entry's target
#: id to its page, or is ``null`` for the first print (a placeholder of three digits, so
#: that the lines are those of the final print). Returns the target ids, in order.
SOMMAIRE_JS = """(pages) => {
  const ids = [];
  for (const a of document.querySelectorAll('#print-page-toc a[href^="#"]')) {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    ids.push(id);
    let numero = a.querySelector('.hb-sommaire-page');
    if (!numero) {
      const points = document.createElement('span');
      points.className = 'hb-sommaire-points';
      numero = document.createElement('span');
      numero.className = 'hb-sommaire-page';
      a.append(points, numero);
      if (a.parentElement.querySelector(':scope > nav')) a.classList.add('hb-sommaire-partie');
    }
    numero.textContent = pages === null ? '000' : String(pages[id] ?? '');
  }
  return ids;
}"""


def pages_des_ancres(pdf: bytes, ids: Iterable[str]) -> dict[str, int]:
    """The page number (from 1, as « Page X / Y » counts) of each of ``ids`` in ``pdf``,
    from its named destinations; an id that has none is left out."""
    import pypdfium2
    import pypdfium2.raw as brut

    voulus = set(ids)
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages: dict[str, int] = {}
        for i in range(brut.FPDF_CountNamedDests(document.raw)):
            taille = ctypes.c_long(0)
            brut.FPDF_GetNamedDest(document.raw, i, None, ctypes.byref(taille))
            tampon = ctypes.create_string_buffer(taille.value)
            dest = brut.FPDF_GetNamedDest(document.raw, i, tampon, ctypes.byref(taille))
            nom = tampon.raw[: taille.value].decode("utf-16-le").rstrip("\x00")
            if nom in voulus and dest:
                index = brut.FPDFDest_GetDestPageIndex(document.raw, dest)
                if index >= 0:
                    pages[nom] = index + 1
        return pages
    finally:
        document.close()
