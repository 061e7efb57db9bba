"""The express troubleshooting protocol as a flow diagram (SVG drawn at build time).

The first procedure of the « dépannage » part is drawn step by step: each step
either solves the problem (→ « Accès rétabli ») or leads to the next one; after
the last step comes the escalation path of the procedure's first role, ending
with the Service client. No JavaScript and no external file: the SVG is part of
the page, prints in black and white, and the steps stay readable as text below.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from markupsafe import Markup

from macros.donnees.modele import Partie, Procedure
from macros.pages import A_VERIFIER, Contexte, rendre

__all__ = ["Boite", "schema_depannage"]

LARGEUR = 660
BOITE_X = 16
BOITE_L = 420
LIGNE = 17
MARGE = 10
ECART = 30
CARACTERES = 52


@dataclass(frozen=True)
class Boite:
    """A box of the diagram: its top, height and lines of text."""

    y: int
    hauteur: int
    lignes: list[str]
    numero: str = ""

    @property
    def milieu(self) -> int:
        """Vertical middle of the box."""
        return self.y + self.hauteur // 2

    @property
    def bas(self) -> int:
        """Bottom of the box."""
        return self.y + self.hauteur


def _boites(textes: list[tuple[str, str]]) -> list[Boite]:
    out: list[Boite] = []
    y = 12
    for numero, texte in textes:
        lignes = textwrap.wrap(texte, CARACTERES) or [""]
        hauteur = len(lignes) * LIGNE + 2 * MARGE
        out.append(Boite(y, hauteur, lignes, numero))
        y += hauteur + ECART
    return out


def _protocole(ctx: Contexte) -> Procedure | None:
    return next((p for p in ctx.hb.procedures.procedures if p.partie is Partie.depannage), None)


def schema_depannage(ctx: Contexte) -> Markup:
    """The diagram, or nothing if the data has no troubleshooting procedure."""
    p = _protocole(ctx)
    if p is None:
        return Markup("")
    role = ctx.roles[p.roles[0]]
    chaine = [ctx.roles[r].nom for r in role.escalade] + ["Service client CARPIMKO"]
    # An unconfirmed step keeps its mark in the diagram too (in the box, in lower case).
    marque = f" ({A_VERIFIER[0].lower()}{A_VERIFIER[1:]})"
    etapes = [
        (f"{i}.", e.texte + (marque if e.a_verifier else ""))
        for i, e in enumerate(p.etapes, start=1)
    ]
    boites = _boites([*etapes, ("", "Escalade : " + " → ".join(chaine))])
    hauteur = boites[-1].bas + 12
    return rendre(
        "schema_depannage.md.j2",
        ctx=ctx,
        p=p,
        role=role,
        chaine=chaine,
        etapes=boites[:-1],
        escalade=boites[-1],
        largeur=LARGEUR,
        hauteur=hauteur,
        x=BOITE_X,
        l=BOITE_L,
        ligne=LIGNE,
        marge=MARGE,
    )
