"""The responsibility matrix (RACI) and the key-actions table."""

from __future__ import annotations

from markupsafe import Markup

from macros.pages import Contexte, rendre

__all__ = ["RACI", "actions_cles", "matrice"]

#: The four letters, their meaning, and the word read out by screen readers.
RACI: dict[str, tuple[str, str]] = {
    "R": ("Réalise", "fait le travail"),
    "A": ("Approuve", "valide et rend compte ; un seul par action"),
    "C": ("Consulté", "donne son avis avant"),
    "I": ("Informé", "est prévenu après"),
}


def _roles_par_lettre(ctx: Contexte, lettre: str) -> dict[str, list[str]]:
    return {
        a.id: [r.id for r in ctx.hb.roles.roles if lettre in a.raci.get(r.id, "")]
        for a in ctx.hb.actions.actions
    }


def matrice(ctx: Contexte) -> Markup:
    """Actions × roles, each cell the role's letters for that action, with a legend."""
    return rendre("matrice.md.j2", ctx=ctx, raci=RACI)


def actions_cles(ctx: Contexte) -> Markup:
    """The guide's key-actions table: value, frequency, who does it, field tip, procedure."""
    return rendre(
        "actions_cles.md.j2",
        ctx=ctx,
        realise=_roles_par_lettre(ctx, "R"),
        approuve=_roles_par_lettre(ctx, "A"),
    )
