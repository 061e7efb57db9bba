"""Lookups over one valid handbook, computed in one pass (:class:`Index`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from macros.domaine.agenda import prochaine
from macros.domaine.applicabilite import membres_presents
from macros.domaine.sante import Alerte, alertes
from macros.donnees.carpimko import FaitCarpimko, NatureSource, SourceCarpimko
from macros.donnees.modele import Handbook, Membre, MethodeAcces, Procedure, Role, Routine

__all__ = ["Index"]


@dataclass
class Index:
    """Lookups computed once per loaded handbook, for every page of a build.

    A member's page needs who holds delegations on whose account, whose back-up the
    member is, and the member's overdue items. Scanning the team for each member's page
    would make a build quadratic in the size of the team; these tables make it linear.

    Attributes:
        roles: Roles by id.
        membres: Members by id.
        procedures: Procedures by id.
        presents: The members still in the practice on the build date, in data order
            (one only: :attr:`seul`).
        comptes: The present members with a CARPIMKO account, in data order.
        titulaires: For each role id, the members who hold it, in data order.
        methodes_tenues: For each member id, the methods of the delegations they hold.
        acces_tenus: For each member id, the accounts the member opens for others:
            (account holder, method label), in data order.
        back_up_de: For each member id, the members whose back-up they are, in data order.
        alertes: Every overdue item (:func:`macros.domaine.sante.alertes`).
        alertes_de: The overdue items of each member id.
        faits: The product's facts about the CARPIMKO, by id, in the file's order.
        sources: Their sources, by id.
        natures: The nature of each fact (that of its best source), by fact id.
    """

    roles: dict[str, Role]
    membres: dict[str, Membre]
    procedures: dict[str, Procedure]
    presents: list[Membre]
    comptes: list[Membre]
    titulaires: dict[str, list[Membre]]
    acces_tenus: dict[str, list[tuple[Membre, str]]]
    methodes_tenues: dict[str, set[MethodeAcces]]
    back_up_de: dict[str, list[Membre]]
    alertes: list[Alerte]
    alertes_de: dict[str, list[Alerte]]
    faits: dict[str, FaitCarpimko]
    sources: dict[str, SourceCarpimko]
    natures: dict[str, NatureSource]
    _prochaines: dict[tuple[str, date], date] = field(default_factory=dict)

    @property
    def seul(self) -> Membre | None:
        """The one person of a practice of one (on the build date), else ``None``.

        The pages then speak to that person (« vous ») and say plainly what a team would
        share: no back-up in the practice, no second validation, no continuity plan.
        """
        return self.presents[0] if len(self.presents) == 1 else None

    @classmethod
    def construire(cls, hb: Handbook) -> Index:
        """Build every table in one pass over the data."""
        titulaires: dict[str, list[Membre]] = {}
        acces_tenus: dict[str, list[tuple[Membre, str]]] = {}
        methodes_tenues: dict[str, set[MethodeAcces]] = {}
        back_up_de: dict[str, list[Membre]] = {}
        presents = membres_presents(hb)
        for m in presents:
            for r in m.roles:
                titulaires.setdefault(r, []).append(m)
            for d in m.delegations:
                acces_tenus.setdefault(d.membre, []).append((m, d.methode_acces.libelle))
                methodes_tenues.setdefault(d.membre, set()).add(d.methode_acces)
            if m.back_up is not None:
                back_up_de.setdefault(m.back_up, []).append(m)
        toutes = alertes(hb)
        alertes_de: dict[str, list[Alerte]] = {}
        for a in toutes:
            if a.membre is not None:
                alertes_de.setdefault(a.membre, []).append(a)
        return cls(
            roles={r.id: r for r in hb.roles.roles},
            membres={m.id: m for m in hb.equipe.membres},
            procedures={p.id: p for p in hb.procedures.procedures},
            presents=presents,
            comptes=[m for m in presents if m.a_un_compte],
            titulaires=titulaires,
            acces_tenus=acces_tenus,
            methodes_tenues=methodes_tenues,
            back_up_de=back_up_de,
            alertes=toutes,
            alertes_de=alertes_de,
            faits={f.id: f for f in hb.carpimko.faits},
            sources={s.id: s for s in hb.carpimko.sources},
            natures={f.id: hb.carpimko.nature(f) for f in hb.carpimko.faits},
        )

    def prochaine(self, routine: Routine, apres: date) -> date:
        """:func:`macros.domaine.agenda.prochaine`, computed once per routine and date."""
        key = (routine.id, apres)
        found = self._prochaines.get(key)
        if found is None:
            found = self._prochaines[key] = prochaine(routine, apres)
        return found
