"""Calendars: the monthly routine, the finance-sync calendar, the year's deadlines."""

from __future__ import annotations

from markupsafe import Markup

from macros.domaine.agenda import mois_de, prochains_evenements
from macros.donnees.modele import FREQUENCES_ROUTINE, Frequence
from macros.pages import Contexte, rendre
from macros.texte import MOIS

__all__ = ["calendrier_routines", "echeances", "prochaines_echeances", "routine_mensuelle"]


def routine_mensuelle(ctx: Contexte) -> Markup:
    """The monthly routines, week by week (weeks 1 to 4)."""
    mensuelles = [r for r in ctx.hb.calendrier.routines if r.frequence is Frequence.mensuelle]
    semaines = [(n, [r for r in mensuelles if r.semaine == n]) for n in range(1, 5)]
    return rendre("routine_mensuelle.md.j2", ctx=ctx, semaines=semaines)


def calendrier_routines(ctx: Contexte) -> Markup:
    """Every routine grouped by frequency, with its months and next date."""
    groupes = [
        (f, [r for r in ctx.hb.calendrier.routines if r.frequence is f]) for f in FREQUENCES_ROUTINE
    ]
    return rendre(
        "calendrier_routines.md.j2",
        ctx=ctx,
        groupes=[(f, rs) for f, rs in groupes if rs],
        mois_de=mois_de,
        nom_mois=lambda n: MOIS[n - 1],
        prochaine=lambda r: ctx.index.prochaine(r, ctx.hb.aujourdhui),
    )


def echeances(ctx: Contexte) -> Markup:
    """The year's dated deadlines, in date order; past ones are marked."""
    items = sorted(ctx.hb.calendrier.echeances, key=lambda e: (e.date, e.heure))
    return rendre("echeances.md.j2", ctx=ctx, items=items, aujourdhui=ctx.hb.aujourdhui)


def prochaines_echeances(ctx: Contexte, jours: int = 45, limite: int = 8) -> Markup:
    """What comes next: routine dates and deadlines within ``jours`` days."""
    events = prochains_evenements(
        ctx.hb.calendrier.routines, ctx.hb.calendrier.echeances, ctx.hb.aujourdhui, jours
    )
    return rendre("prochaines.md.j2", ctx=ctx, events=events[:limite], jours=jours)
