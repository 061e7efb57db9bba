"""What Chromium does not do for the printed handbook, done around it.

* **Page numbers in the contents.** Chromium drops ``target-counter()``. The handbook is
  printed once, with a placeholder in each entry of the contents (:data:`SOMMAIRE_JS`):
  the ten digits « 0123456789 », set flush right in a box of three digits' width and
  overflowing to its left. The page of every entry is read from that PDF's named
  destinations (:func:`pages_des_ancres`: Chromium writes one for every link target), and
  :func:`ecrire_numeros` writes each number into the same PDF in place of its placeholder,
  with the placeholder's own glyphs (the font subset has every digit, since the
  placeholder used them all) and its right edge: one print, and the numbers are those of
  the pages they point to (tests/e2e/test_mise_en_page.py checks them against the PDF's
  destinations). When the placeholders cannot be found as Skia writes them
  (:class:`SommaireIntrouvable`), the numbers are written into the browser page instead
  and it is printed again: the lines do not move, since each number sits in the same box.
* **A running header with the current part's name.** Chromium ignores ``string-set``. Each
  part of the print page gets its own named page, with the part's name in the top margin
  (:func:`styles_parties`); its landscape tables get a landscape named page of their own.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from macros.sorties.flux_pdf import (
    NOMBRE,
    POLICE,
    Polices,
    dernier,
    ecrire_contenu,
    lire_contenu,
    lire_police,
)

if TYPE_CHECKING:
    import pikepdf

__all__ = [
    "REPERE",
    "SOMMAIRE_JS",
    "SommaireIntrouvable",
    "ecrire_numeros",
    "pages_des_ancres",
    "styles_parties",
]

#: The placeholder of a contents entry's page number in the print: every digit once, in
#: order, so that its glyphs are in the font subset and say which glyph is which digit.
REPERE = "0123456789"

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
#: id to its page, or is ``null`` for the placeholder (:data:`REPERE`). Returns the target
#: ids, in order.
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
    numero.textContent = pages === null ? '@REPERE@' : String(pages[id] ?? '');
  }
  return ids;
}""".replace("@REPERE@", REPERE)


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


class SommaireIntrouvable(Exception):
    """The contents' placeholders are not in the PDF as Skia writes them (another
    Chromium, another font): the numbers must be printed by the browser."""


#: A placeholder as Skia draws it: the line's origin, then ten glyphs, each one placed
#: from the previous one (``Td`` moves from the start of the previous glyph), and no
#: glyph after them.
_REPERE_DESSINE = re.compile(
    rb"1 0 0 -1 (" + NOMBRE + rb") (" + NOMBRE + rb") Tm\s+"
    rb"(<[0-9A-Fa-f]+>\s*Tj(?:\s+" + NOMBRE + rb"\s+0\s+Td\s+<[0-9A-Fa-f]+>\s*Tj){9})"
    rb"(?!\s+" + NOMBRE + rb"\s+0\s+Td)"
)
_GLYPHE = re.compile(rb"(?:(" + NOMBRE + rb")\s+0\s+Td\s+)?<([0-9A-Fa-f]+)>\s*Tj")


def _nombre_pdf(x: float) -> bytes:
    return f"{x:.5f}".rstrip("0").rstrip(".").encode("ascii")


def _numero_dessine(x: float, y: bytes, avance: float, codes: list[bytes], numero: str) -> bytes:
    """``numero`` drawn with the placeholder's glyphs (``codes[d]`` for digit ``d``), its
    right edge where the placeholder's was."""
    depart = x + (len(REPERE) - len(numero)) * avance
    out = [b"1 0 0 -1 " + _nombre_pdf(depart) + b" " + y + b" Tm"]
    for i, chiffre in enumerate(numero):
        glyphe = b"<" + codes[int(chiffre)] + b"> Tj"
        out.append(glyphe if i == 0 else _nombre_pdf(avance) + b" 0 Td " + glyphe)
    return b"\n".join(out)


def ecrire_numeros(pdf: pikepdf.Pdf, numeros: Sequence[int | None]) -> int:
    """Write ``numeros`` (one per entry of the contents, in order; ``None`` leaves an entry
    without number) in place of the placeholders of the printed contents.

    Returns the number of pages rewritten.

    Raises:
        SommaireIntrouvable: when there are not exactly as many placeholders as numbers, or
            a placeholder's digits are not all as wide (the numbers could not be set flush
            right); nothing has been changed then.
    """

    polices: Polices = {}
    reecritures: list[tuple[pikepdf.Page, bytes]] = []
    trouves = 0
    for page in pdf.pages:
        data = lire_contenu(page)
        if data is None:
            continue
        morceaux: list[bytes] = []
        copie = 0
        for m in _REPERE_DESSINE.finditer(data):
            largeur, table = lire_police(page, dernier(data, m.start(), b"Tf", POLICE), polices)
            glyphes = _GLYPHE.findall(m.group(3))
            codes = [code for _, code in glyphes]
            texte = "".join(table.get(int(code, 16), "") for code in codes)
            if texte != REPERE or any(len(code) != 2 * largeur for code in codes):
                continue
            avances = [float(a) for a, _ in glyphes[1:]]
            avance = sum(avances) / len(avances)
            if max(avances) - min(avances) > 0.001 * avance:
                raise SommaireIntrouvable("chiffres de largeurs inégales")
            if trouves >= len(numeros):
                raise SommaireIntrouvable(f"plus de repères que les {len(numeros)} entrées")
            numero = "" if numeros[trouves] is None else str(numeros[trouves])
            trouves += 1
            morceaux += [
                data[copie : m.start()],
                _numero_dessine(float(m.group(1)), m.group(2), avance, codes, numero),
            ]
            copie = m.end()
        if morceaux:
            reecritures.append((page, b"".join(morceaux) + data[copie:]))
        elif trouves:
            break  # the contents is over: its pages follow one another
    if trouves != len(numeros):
        raise SommaireIntrouvable(f"{trouves} repères pour {len(numeros)} entrées")
    for page, data in reecritures:
        ecrire_contenu(pdf, page, data)
    return len(reecritures)
