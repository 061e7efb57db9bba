"""The facts derived from one valid handbook, each computed on first use and kept with it.

A build renders dozens of pages and writes one feed per role from the same data: the
lookups (:class:`~macros.domaine.index.Index`) and the calendar's events
(:func:`~macros.domaine.evenements.evenements`) are computed once, by the :class:`Faits`
of that build, and dropped with it. Nothing is kept in a module between builds.
"""

from __future__ import annotations

from functools import cached_property

from macros.domaine.evenements import EvenementCalendrier, evenements
from macros.domaine.index import Index
from macros.donnees.modele import Handbook

__all__ = ["Faits"]


class Faits:
    """What one handbook implies, for the pages, the feeds and the print.

    Attributes:
        hb: The validated handbook the facts are derived from.
        dossier: Its data folder as the practice names it (``data``, ``cabinets/parc``):
            pages and messages name the real files.
    """

    def __init__(self, hb: Handbook, dossier: str = "data") -> None:
        self.hb = hb
        self.dossier = dossier

    @cached_property
    def index(self) -> Index:
        """Roles, members and procedures by id, who holds what, overdue items."""
        return Index.construire(self.hb)

    @cached_property
    def evenements(self) -> tuple[EvenementCalendrier, ...]:
        """Every event of the calendar (routines, échéances, contrôles), by first date."""
        return tuple(evenements(self.hb))
