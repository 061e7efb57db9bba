"""Roles: their missions and limits, the delegations, and each role's own page."""

from __future__ import annotations

from markupsafe import Markup

from macros.domaine.agenda import mois_de
from macros.domaine.applicabilite import procedures_du_role
from macros.donnees.catalogue import page_role
from macros.donnees.modele import FREQUENCES_ROUTINE, Routine
from macros.pages import Contexte, rendre
from macros.pages.matrice import RACI
from macros.pages.qr import bloc_qr, url_publiee

__all__ = ["delegations", "escalade", "fiche_role", "nom_fiche", "roles"]


def nom_fiche(role_id: str) -> str:
    """File name of a role's reflex card, at the root of the site."""
    return f"fiche-{role_id}.pdf"


def roles(ctx: Contexte) -> Markup:
    """Every role: description, access method, missions, rights, what it must never do."""
    return rendre("roles.md.j2", ctx=ctx)


def delegations(ctx: Contexte) -> Markup:
    """Every delegation: whose account, who accesses it, how, and for what."""
    rows = [(m, d) for m in ctx.index.presents for d in m.delegations]
    return rendre("delegations.md.j2", ctx=ctx, rows=rows)


def routines_par_frequence(ctx: Contexte, role_id: str) -> list[tuple[str, list[Routine]]]:
    """The routines of ``role_id``, grouped by frequency (weekly first)."""
    groups = []
    for freq in FREQUENCES_ROUTINE:
        items = [r for r in ctx.hb.calendrier.routines if r.role == role_id and r.frequence is freq]
        if items:
            groups.append((freq.libelle, items))
    return groups


def fiche_role(ctx: Contexte, role_id: str, site_url: str | None = None) -> Markup:
    """A role's page: holders, routines by frequency, procedures (the situations
    particulières as links), its part of the matrix.

    With ``site_url`` (MkDocs' ``site_url``: the published site), the printed card carries
    a QR code to the role's live page, with its address.
    """
    role = ctx.roles[role_id]
    qr = (
        bloc_qr(url_publiee(site_url, page_role(role_id), ctx.liens.directory_urls), "hb-qr-fiche")
        if site_url
        else None
    )
    toutes = procedures_du_role(ctx.hb, role_id, ctx.titulaires(role_id), ctx.index.methodes_tenues)
    return rendre(
        "fiche_role.md.j2",
        ctx=ctx,
        role=role,
        membres=ctx.titulaires(role_id),
        routines=routines_par_frequence(ctx, role_id),
        prochaine=lambda r: ctx.index.prochaine(r, ctx.hb.aujourdhui),
        mois_de=mois_de,
        # The reflex card keeps to the daily work: the « Situations particulières » are one
        # line of links, not checklists.
        procedures=[p for p in toutes if not p.partie.situation_particuliere],
        situations=[p for p in toutes if p.partie.situation_particuliere],
        actions=[(a, a.raci[role_id]) for a in ctx.hb.actions.actions if role_id in a.raci],
        raci=RACI,
        fiche_pdf=ctx.liens.fichier(nom_fiche(role_id)),
        qr=qr,
    )


def escalade(ctx: Contexte) -> Markup:
    """Each role's escalation path, ending with the Service client."""
    return rendre("escalade.md.j2", ctx=ctx)
