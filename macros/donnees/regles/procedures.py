"""Rules of ``procedures.yml``: roles, links between procedures, every part covered."""

from __future__ import annotations

from collections.abc import Iterator

from macros.donnees.modele import Partie
from macros.donnees.regles._outils import (
    Constat,
    Donnees,
    procedure_inconnue,
    regle,
    role_inconnu,
)


@regle("procedures.role-inconnu", fichiers=("procedures", "roles"))
def role_inconnu_de_procedure(d: Donnees) -> Iterator[Constat]:
    for i, p in d.elements("procedures", "procedures"):
        for j, r in enumerate(p.roles):
            yield from role_inconnu(d, "procedures", ("procedures", i, "roles", j), r)
        for j, etape in enumerate(p.etapes):
            yield from role_inconnu(
                d, "procedures", ("procedures", i, "etapes", j, "role"), etape.role
            )


@regle("procedures.liee-inconnue", fichiers=("procedures",))
def liee_inconnue(d: Donnees) -> Iterator[Constat]:
    for i, p in d.elements("procedures", "procedures"):
        for j, lien in enumerate(p.liees):
            yield from procedure_inconnue(d, "procedures", ("procedures", i, "liees", j), lien)


@regle("procedures.liee-soi-meme", fichiers=("procedures",))
def liee_soi_meme(d: Donnees) -> Iterator[Constat]:
    for i, p in d.elements("procedures", "procedures"):
        for j, lien in enumerate(p.liees):
            if lien == p.id:
                yield Constat(
                    "procedures",
                    ("procedures", i, "liees", j),
                    "une procédure ne peut pas renvoyer vers elle-même",
                )


@regle("procedures.partie-vide", fichiers=("procedures",), complets=("procedures",))
def partie_vide(d: Donnees) -> Iterator[Constat]:
    parties = {p.partie for p in d.procedures.procedures}
    for partie in Partie:
        if partie not in parties and partie is not Partie.support:
            yield Constat(
                "procedures",
                ("procedures",),
                f"aucune procédure pour la partie « {partie.value} » ({partie.libelle})",
                "la page correspondante du manuel n'aura pas de procédure",
                cle=True,
                avertissement=True,
            )


@regle("procedures.controle-en-double", fichiers=("procedures",))
def controle_en_double(d: Donnees) -> Iterator[Constat]:
    """One procedure per periodic check: the calendar reminds the check to its routine's role."""
    vus: dict[str, str] = {}
    for i, p in d.elements("procedures", "procedures"):
        if p.controle is None:
            continue
        if p.controle.value in vus:
            yield Constat(
                "procedures",
                ("procedures", i, "controle"),
                f"le contrôle « {p.controle.value} » est déjà fait par la procédure "
                f"« {vus[p.controle.value]} »",
                "gardez « controle: » sur une seule procédure",
            )
        else:
            vus[p.controle.value] = p.id
