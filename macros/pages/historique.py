"""The handbook's history: the « Quoi de neuf » page and each page's last update."""

from __future__ import annotations

from markupsafe import Markup

from macros.donnees.catalogue import TITRES, nom_page
from macros.donnees.modele import Version
from macros.pages import Contexte, rendre

__all__ = ["derniere_version", "mise_a_jour", "quoi_de_neuf"]


def quoi_de_neuf(ctx: Contexte) -> Markup:
    """Every version, newest first, with what changed and the pages concerned."""
    versions = sorted(ctx.hb.cabinet.manuel.historique, key=lambda v: v.date, reverse=True)
    return rendre("quoi_de_neuf.md.j2", ctx=ctx, versions=versions, titres=TITRES)


def derniere_version(ctx: Contexte, page_src: str) -> Version | None:
    """The latest version that changed ``page_src`` (a version with no page list changes all)."""
    nom = nom_page(page_src)
    concernees = [
        v for v in ctx.hb.cabinet.manuel.historique if not v.pages or (nom and nom in v.pages)
    ]
    return max(concernees, key=lambda v: v.date, default=None)


def mise_a_jour(ctx: Contexte) -> Markup:
    """« Page mise à jour le … (version …) », from the data's own dates."""
    version = derniere_version(ctx, ctx.liens.page_src)
    return rendre("mise_a_jour.md.j2", ctx=ctx, v=version, m=ctx.hb.cabinet.manuel)
