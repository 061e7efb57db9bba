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
    """Quick entry per role (holders, frequent actions, page) and the next deadlines.

    In a practice of one there is nobody to tell apart: one entry, that person's page,
    with the frequent actions of all their roles.
    """
    seul = ctx.index.seul
    entrees = []
    for role in ctx.hb.roles.roles:
        if seul is not None and role.id not in seul.roles:
            continue
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
        seul=seul,
        prochaines=prochaines_echeances(ctx),
        a_faire=a_faire(ctx),
    )
