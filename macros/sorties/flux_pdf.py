"""Reading what Skia writes in a page's content stream, without a full parser.

Skia (Chromium's PDF back end) writes one hex string per glyph run, no literal string and
no inline image in text: regular expressions over the stream find the operators and
operands the finishing steps need (:mod:`macros.sorties.pdf_ua`,
:mod:`macros.sorties.mise_en_page`) in a fraction of the time of pikepdf's parser.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

__all__ = [
    "HEX",
    "NOM",
    "NOMBRE",
    "POLICE",
    "Polices",
    "carte_unicode",
    "dernier",
    "ecrire_contenu",
    "lire_contenu",
    "lire_police",
]

#: A name operand, and a number operand.
NOM = rb"/[^\s/<>\[\]()%{}]+"
NOMBRE = rb"[-+\d.]+"
#: ``/F4 10.66 Tf`` at the end of a slice: the font's name.
POLICE = re.compile(rb"(" + NOM + rb")\s+" + NOMBRE + rb"\s+Tf\Z")
#: A hex string: its digits.
HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")

#: Font (object, generation) → (bytes per code, code → text).
Polices = dict[tuple[int, int], tuple[int, dict[int, str]]]


def lire_contenu(page: pikepdf.Page) -> bytes | None:
    """The page's content, its streams joined (``None`` when it has none)."""
    import pikepdf

    contenu = page.obj.get("/Contents")
    if contenu is None:
        return None
    if isinstance(contenu, pikepdf.Array):
        return b"\n".join(c.read_bytes() for c in contenu)
    return contenu.read_bytes()


def ecrire_contenu(
    pdf: pikepdf.Pdf, page: pikepdf.Page, data: bytes, *, comprime: bool = False
) -> None:
    """Make ``data`` the page's content, in one stream (``comprime``: ``data`` is already a
    zlib stream, and is marked ``/FlateDecode``)."""
    import pikepdf

    contenu = page.obj.Contents
    if not isinstance(contenu, pikepdf.Stream):
        contenu = page.obj.Contents = pdf.make_stream(b"")
    if comprime:
        contenu.write(data, filter=pikepdf.Name.FlateDecode)
    else:
        contenu.write(data)


def dernier(data: bytes, avant: int, operateur: bytes, motif: re.Pattern[bytes]) -> bytes | None:
    """The operand captured by ``motif`` of the last ``operateur`` before ``avant``."""
    fin = data.rfind(operateur, max(0, avant - 2000), avant)
    if fin < 0:
        return None
    m = motif.search(data, max(0, fin - 120), fin + len(operateur))
    return m.group(1) if m else None


def lire_police(
    page: pikepdf.Page, nom: bytes | None, polices: Polices
) -> tuple[int, dict[int, str]]:
    """The code width and the code → text map of the page's font ``nom`` (cached in
    ``polices``)."""
    if nom is None:
        return 2, {}
    try:
        objet = page.obj.Resources.Font[nom.decode("latin-1")]
    except (AttributeError, KeyError):
        return 2, {}
    cle = objet.objgen
    if cle not in polices:
        largeur = 2 if objet.get("/Subtype") == "/Type0" else 1
        carte = objet.get("/ToUnicode")
        polices[cle] = (largeur, carte_unicode(carte.read_bytes()) if carte is not None else {})
    return polices[cle]


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIRE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_PLAGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")


def carte_unicode(cmap: bytes) -> dict[int, str]:
    """A ``ToUnicode`` CMap's code → text map (``bfchar`` and ``bfrange`` entries)."""

    def texte(hexa: bytes) -> str:
        return bytes.fromhex(hexa.decode("ascii")).decode("utf-16-be", "replace")

    carte: dict[int, str] = {}
    for bloc in _BFCHAR.findall(cmap):
        for code, valeur in _PAIRE.findall(bloc):
            carte[int(code, 16)] = texte(valeur)
    for bloc in _BFRANGE.findall(cmap):
        for bas, haut, cible in _PLAGE.findall(bloc):
            codes = range(int(bas, 16), int(haut, 16) + 1)
            if cible.startswith(b"["):
                for code, valeur in zip(codes, HEX.findall(cible), strict=False):
                    carte[code] = texte(valeur)
            else:
                depart = texte(cible[1:-1])
                for decalage, code in enumerate(codes):
                    carte[code] = depart[:-1] + chr(ord(depart[-1]) + decalage)
    return carte
