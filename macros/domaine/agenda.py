"""When routines happen: dates of occurrences and the matching recurrence rules.

A routine of week ``n`` on ``jour`` happens on the ``n``-th such weekday of each
month it runs in (week 1 on Monday = the first Monday of the month). The same
rule drives the calendar pages and the ICS feeds, so both always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from macros.donnees.modele import Echeance, Frequence, Jour, Routine
from macros.donnees.recurrence import mois_de, occurrences, prochaine

__all__ = ["Evenement", "mois_de", "occurrences", "prochaine", "prochains_evenements", "rrule"]

_ICS_DAY = {
    Jour.lundi: "MO",
    Jour.mardi: "TU",
    Jour.mercredi: "WE",
    Jour.jeudi: "TH",
    Jour.vendredi: "FR",
}


def rrule(routine: Routine) -> dict[str, object]:
    """The iCalendar recurrence rule of ``routine`` (its parts, for :func:`macros.sorties.ical.regle_ics`)."""
    day = _ICS_DAY[routine.jour]
    if routine.frequence is Frequence.hebdomadaire:
        return {"FREQ": "WEEKLY", "BYDAY": [day]}
    rule: dict[str, object] = {"FREQ": "MONTHLY", "BYDAY": [f"+{routine.semaine}{day}"]}
    if routine.frequence is not Frequence.mensuelle:
        rule = {
            "FREQ": "YEARLY",
            "BYMONTH": mois_de(routine),
            "BYDAY": [f"+{routine.semaine}{day}"],
        }
    return rule


@dataclass(frozen=True)
class Evenement:
    """A dated event: a routine's occurrence or a deadline."""

    quand: datetime
    titre: str
    role: str
    procedure: str | None
    source: Routine | Echeance

    @property
    def est_echeance(self) -> bool:
        """True for a dated deadline, False for a routine's occurrence."""
        return isinstance(self.source, Echeance)


def prochains_evenements(
    routines: list[Routine], echeances: list[Echeance], depuis: date, jours: int
) -> list[Evenement]:
    """Routine occurrences and deadlines from ``depuis`` for ``jours`` days, in date order."""
    fin = depuis + timedelta(days=jours)
    events: list[Evenement] = []
    for r in routines:
        for d in occurrences(r, depuis, fin):
            events.append(Evenement(datetime.combine(d, r.heure), r.titre, r.role, r.procedure, r))
    for e in echeances:
        if depuis <= e.date <= fin:
            events.append(
                Evenement(datetime.combine(e.date, e.heure), e.titre, e.role, e.procedure, e)
            )
    events.sort(key=lambda ev: (ev.quand, ev.titre))
    return events
