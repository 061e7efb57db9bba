"""The home page: one entry per role, and what comes next."""

from __future__ import annotations

from markupsafe import Markup

from macros.donnees.modele import Frequence
from macros.pages import Contexte, rendre
from macros.pages.calendrier import prochaines_echeances
from macros.pages.sante import a_faire

__all__ = ["accueil"]

_FREQUENT = (Frequence.quotidienne, Frequence.hebdomadaire, Frequence.mensuelle)


def accueil(ctx: Contexte) -> Markup:
    """Quick entry per role (holders, frequent actions, page) and the next deadlines."""
    entrees = []
    for role in ctx.hb.roles.roles:
        actions = [
            a
            for a in ctx.hb.actions.actions
            if "R" in a.raci.get(role.id, "") and a.frequence in _FREQUENT and a.procedure
        ][:3]
        entrees.append((role, ctx.titulaires(role.id), actions))
    return rendre(
        "accueil.md.j2",
        ctx=ctx,
        entrees=entrees,
        prochaines=prochaines_echeances(ctx),
        a_faire=a_faire(ctx),
    )
