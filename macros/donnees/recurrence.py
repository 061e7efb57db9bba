"""When a routine happens: the dates of its occurrences.

A routine of week ``n`` on ``jour`` happens on the ``n``-th such weekday of each month it
runs in (week 1 on Monday = the first Monday of the month). The rules of the data
(:mod:`macros.donnees.regles.calendrier`) and the calendar pages and feeds
(:mod:`macros.domaine.agenda`) use these same dates, so they always agree.
"""

from __future__ import annotations

from datetime import date, timedelta

from macros.donnees.modele import Frequence, Jour, Routine

__all__ = ["JOURS_SEMAINE", "mois_de", "occurrences", "precedente", "prochaine"]

JOURS_SEMAINE = {Jour.lundi: 0, Jour.mardi: 1, Jour.mercredi: 2, Jour.jeudi: 3, Jour.vendredi: 4}


def mois_de(routine: Routine) -> list[int]:
    """The months (1–12) in which ``routine`` happens."""
    if routine.frequence in (Frequence.mensuelle, Frequence.hebdomadaire):
        return list(range(1, 13))
    return sorted(routine.mois)


def _nieme(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def occurrences(routine: Routine, debut: date, fin: date) -> list[date]:
    """Every date of ``routine`` between ``debut`` and ``fin`` (both included)."""
    weekday = JOURS_SEMAINE[routine.jour]
    out: list[date] = []
    if routine.frequence is Frequence.hebdomadaire:
        day = debut + timedelta(days=(weekday - debut.weekday()) % 7)
        while day <= fin:
            out.append(day)
            day += timedelta(days=7)
        return out
    months = set(mois_de(routine))
    for year in range(debut.year, fin.year + 1):
        for month in range(1, 13):
            if month in months:
                day = _nieme(year, month, weekday, routine.semaine)
                if debut <= day <= fin:
                    out.append(day)
    return out


def prochaine(routine: Routine, apres: date) -> date:
    """The first date of ``routine`` on or after ``apres``."""
    found = occurrences(routine, apres, apres + timedelta(days=400))
    return found[0]


def precedente(routine: Routine, avant: date) -> date | None:
    """The last date of ``routine`` on or before ``avant`` (``None``: none within 400 days)."""
    found = occurrences(routine, avant - timedelta(days=400), avant)
    return found[-1] if found else None
