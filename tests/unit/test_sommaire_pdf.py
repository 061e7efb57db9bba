"""The contents' page numbers written over their placeholders (macros/sorties/mise_en_page.py),
on content streams shaped like Skia's, read back glyph by glyph (the whole handbook is
read by PDFium in tests/e2e/test_mise_en_page.py)."""

from __future__ import annotations

import pikepdf
import pytest
from helpers import page_police, police_type0

from macros.sorties.mise_en_page import SommaireIntrouvable, ecrire_numeros

#: Glyph codes of the fake font: « 0 »…« 9 » are 0x13…0x1C (as in Liberation Sans), « A » 0x24.
CHIFFRES = [f"{0x13 + d:04X}" for d in range(10)]
AVANCE = 5.5


def _repere(x: float, y: float, avances: list[float] | None = None) -> str:
    """A placeholder as Skia draws it: one glyph, then each next one placed with Td."""
    avances = avances or [AVANCE] * 9
    lignes = [f"1 0 0 -1 {x} {y} Tm", f"<{CHIFFRES[0]}> Tj"]
    lignes += [f"{a} 0 Td <{c}> Tj" for a, c in zip(avances, CHIFFRES[1:], strict=True)]
    return "\n".join(lignes)


def _entree(mcid: int, x: float, y: float, **kw) -> str:
    return (
        f"/Span <</MCID {mcid} >>BDC\nBT\n/F1 10 Tf\n1 0 0 -1 20 {y} Tm\n<0024> Tj\nET\nEMC\n"
        f"/NonStruct <</MCID {mcid + 1} >>BDC\nBT\n/F1 10 Tf\n{_repere(x, y, **kw)}\nET\nEMC\n"
    )


def _pdf(*contenus: str) -> pikepdf.Pdf:
    """One page per content stream, with a Type0 font whose ToUnicode maps the digits and A;
    y grows downwards, as under Skia's flipped matrix."""
    pdf = pikepdf.new()
    police = police_type0(
        pdf,
        b"begincmap\n1 beginbfrange\n<0013> <001C> <0030>\nendbfrange\n"
        b"1 beginbfchar\n<0024> <0041>\nendbfchar\nendcmap\n",
    )
    for contenu in contenus:
        page_police(pdf, police, ("1 0 0 -1 0 200 cm\n" + contenu).encode("ascii"))
    return pdf


def _glyphes(pdf: pikepdf.Pdf, index: int) -> list[tuple[str, float]]:
    """Each glyph of page ``index`` as a reader decodes it, with its left edge (x)."""
    tampon = pdf.pages[index].obj.Contents.read_bytes().decode("ascii")
    out = []
    x = ligne = 0.0
    for morceau in tampon.replace("Tj", "Tj\n").split("\n"):
        mots = morceau.split()
        if mots[-1:] == ["Tm"]:
            x = ligne = float(mots[4])
        elif "Td" in mots:
            ligne += float(mots[0])
            x = ligne
        if mots[-1:] == ["Tj"]:
            code = int(mots[-2].strip("<>"), 16)
            out.append(("A" if code == 0x24 else str(code - 0x13), x))
    return out


def test_each_placeholder_becomes_its_number_flush_right():
    pdf = _pdf(_entree(0, 150, 20) + _entree(2, 150, 40), _entree(0, 150, 20))
    assert ecrire_numeros(pdf, [4, 12, 103]) == 2
    droite = 150 + 10 * AVANCE  # the placeholder's right edge
    premiere = _glyphes(pdf, 0)
    assert [g for g, _ in premiere] == ["A", "4", "A", "1", "2"]
    assert premiere[1][1] + AVANCE == pytest.approx(droite)
    assert premiere[4][1] + AVANCE == pytest.approx(droite)
    assert premiere[3][1] == pytest.approx(droite - 2 * AVANCE)
    seconde = _glyphes(pdf, 1)
    assert [g for g, _ in seconde] == ["A", "1", "0", "3"]
    assert seconde[1][1] == pytest.approx(droite - 3 * AVANCE)


def test_an_entry_without_a_page_keeps_no_digit():
    pdf = _pdf(_entree(0, 150, 20) + _entree(2, 150, 40))
    ecrire_numeros(pdf, [7, None])
    assert [g for g, _ in _glyphes(pdf, 0)] == ["A", "7", "A"]


@pytest.mark.parametrize(
    ("contenus", "numeros", "motif"),
    [
        ((_entree(0, 150, 20),), [4, 5], "1 repères pour 2 entrées"),
        ((_entree(0, 150, 20) + _entree(2, 150, 40),), [4], "plus de repères"),
        ((_entree(0, 150, 20, avances=[5.5] * 8 + [3.0]),), [4], "largeurs inégales"),
        (("BT\n/F1 10 Tf\n1 0 0 -1 20 20 Tm\n<0024> Tj\nET\n",), [4], "0 repères"),
    ],
)
def test_placeholders_not_as_expected_change_nothing(contenus, numeros, motif):
    pdf = _pdf(*contenus)
    avant = [p.obj.Contents.read_bytes() for p in pdf.pages]
    with pytest.raises(SommaireIntrouvable, match=motif):
        ecrire_numeros(pdf, numeros)
    assert [p.obj.Contents.read_bytes() for p in pdf.pages] == avant


def test_ten_digits_that_are_not_the_placeholder_are_left_alone():
    # A run of ten digits in another order (a phone number, say) is text, not a placeholder.
    autre = _repere(150, 60).replace(f"<{CHIFFRES[0]}> Tj", f"<{CHIFFRES[5]}> Tj", 1)
    pdf = _pdf(_entree(0, 150, 20) + "BT\n/F1 10 Tf\n" + autre + "\nET\n")
    assert ecrire_numeros(pdf, [9]) == 1
    assert [g for g, _ in _glyphes(pdf, 0)][:2] == ["A", "9"]
    assert "".join(g for g, _ in _glyphes(pdf, 0)[2:]) == "5123456789"
