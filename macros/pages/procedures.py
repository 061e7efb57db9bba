"""Procedure pages: each procedure in the handbook's fixed order."""

from __future__ import annotations

from markupsafe import Markup

from macros.donnees.modele import Partie
from macros.pages import Contexte, rendre

__all__ = ["procedure", "procedures", "sommaire_procedures"]


def procedure(ctx: Contexte, procedure_id: str, niveau: int = 2) -> Markup:
    """One procedure, with ``niveau`` as its heading level (2 or 3)."""
    return rendre("procedure.md.j2", ctx=ctx, p=ctx.procedures[procedure_id], niveau=niveau)


def procedures(ctx: Contexte, partie: str, niveau: int = 2) -> Markup:
    """Every procedure of a part (``connexion``, ``cotisations``…), in data order."""
    wanted = Partie(partie)
    return Markup("\n").join(
        procedure(ctx, p.id, niveau) for p in ctx.hb.procedures.procedures if p.partie is wanted
    )


def sommaire_procedures(ctx: Contexte) -> Markup:
    """A table of every procedure: part, roles, duration."""
    return rendre("sommaire_procedures.md.j2", ctx=ctx, parties=list(Partie))
