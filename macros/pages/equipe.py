"""The team: the team table, who accesses which account, and each member's own page."""

from __future__ import annotations

from markupsafe import Markup

from macros.domaine.applicabilite import modeles_de, procedures_de
from macros.donnees.modele import Membre, MethodeAcces
from macros.pages import Contexte, rendre
from macros.pages.sante import a_faire
from macros.pages.support import TROUS_EMAIL, email_pour, modeles_en_ligne

__all__ = ["comparatif_methodes", "fiche_membre", "tableau_acces", "tableau_equipe"]


def _acces_tenus(ctx: Contexte, membre_id: str) -> list[tuple[Membre, str]]:
    """Accounts ``membre_id`` opens for others: (account holder, method label)."""
    return ctx.index.acces_tenus.get(membre_id, [])


def tableau_equipe(ctx: Contexte) -> Markup:
    """Status, roles, payment schedule, attestations and interlocutors of each member."""
    return rendre("tableau_equipe.md.j2", ctx=ctx)


def tableau_acces(ctx: Contexte) -> Markup:
    """Who opens each account and how: own method, delegations, back-up, last checks."""
    return rendre("tableau_acces.md.j2", ctx=ctx)


def fiche_membre(ctx: Contexte, membre_id: str) -> Markup:
    """A member's page: responsibilities, access, back-up, payments, e-mail templates."""
    m = ctx.membres[membre_id]
    actions = [
        (a, {r: a.raci[r] for r in m.roles if r in a.raci})
        for a in ctx.hb.actions.actions
        if any(r in a.raci for r in m.roles)
    ]
    routines = [
        (r, ctx.index.prochaine(r, ctx.hb.aujourdhui))
        for r in ctx.hb.calendrier.routines
        if r.role in m.roles
    ]
    procedures = procedures_de(ctx.hb, m, ctx.index.methodes_tenues.get(m.id, set()))
    return rendre(
        "fiche_membre.md.j2",
        ctx=ctx,
        m=m,
        actions=actions,
        routines=routines,
        procedures=procedures,
        acces_tenus=_acces_tenus(ctx, m.id),
        back_up_de=ctx.index.back_up_de.get(m.id, []),
        emails=[email_pour(ctx, m, t) for t in modeles_de(ctx.hb, m)],
        dispenses=m.dispenses if m.a_un_compte else [],
        parti=not m.present(ctx.hb.aujourdhui),
        seul=ctx.index.seul is m,
        emails_sur_support=modeles_en_ligne(ctx),
        a_faire=a_faire(ctx, m.id),
        prive=ctx.hb.prive_de(m.id),
        trous=TROUS_EMAIL,
    )


def comparatif_methodes(ctx: Contexte) -> Markup:
    """FranceConnect vs numéro de dossier, and who uses which method in the cabinet."""
    par_methode = {
        methode: [m for m in ctx.index.presents if m.methode_acces is methode]
        for methode in MethodeAcces
    }
    delegues = {
        methode: sorted(
            {
                d.membre
                for m in ctx.index.presents
                for d in m.delegations
                if d.methode_acces is methode
            }
        )
        for methode in MethodeAcces
    }
    return rendre("comparatif_methodes.md.j2", ctx=ctx, par_methode=par_methode, delegues=delegues)
