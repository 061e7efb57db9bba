"""Health boxes: « À faire » on the home and member pages, and the security checklist."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from macros.donnees.problemes import Probleme
from macros.pages import Contexte, rendre

__all__ = ["a_faire", "checklist_securite", "donnees_a_corriger"]


def a_faire(ctx: Contexte, membre_id: str | None = None) -> Markup:
    """The overdue items (all, or one member's), or nothing when all is up to date."""
    items = ctx.index.alertes if membre_id is None else ctx.index.alertes_de.get(membre_id, [])
    return rendre("a_faire.md.j2", ctx=ctx, items=items)


def checklist_securite(ctx: Contexte) -> Markup:
    """The security and compliance checklist, with the data's status where it has one."""
    items = ctx.index.alertes
    hors_coffre = [
        (m, d) for m in ctx.index.presents for d in m.delegations if not d.identifiants_au_coffre
    ]
    return rendre(
        "checklist_securite.md.j2",
        ctx=ctx,
        tests=[a for a in items if a.code == "test"],
        audits=[a for a in items if a.code == "audit"],
        hors_coffre=hors_coffre,
        delegations=any(m.delegations for m in ctx.index.presents),
        journal=sorted(ctx.hb.journal.entrees, key=lambda e: e.date)[-1:],
    )


def donnees_a_corriger(problemes: Sequence[Probleme]) -> Markup:
    """The page shown instead of every page under ``mkdocs serve`` while the data is invalid."""
    return rendre("donnees_a_corriger.md.j2", problemes=problemes)
