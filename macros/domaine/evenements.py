"""The cabinet's calendar events, and the names and addresses of the feeds that carry them.

:func:`evenements` turns the data into the calendar's events. The ICS feeds
(:func:`macros.sorties.ics.ecrire_calendriers`) and the calendar page (:mod:`macros.pages.annee`)
are both built from it, so the page and the feeds always list the same events.

Events
------
* **Routine** (``calendrier.yml``, weekly to annual): one recurring event whose
  RRULE comes from :func:`macros.domaine.agenda.rrule`. It starts at the routine's first
  occurrence in ``calendrier.annee``, at the routine's time, and lasts the linked
  procedure's ``duree_minutes`` (30 minutes without a procedure).
* **Échéance**: one event at its date and time, same duration rule, with a display
  alarm ``calendrier.rappel_jours_avant`` days before (0 = at the start).
* **Contrôle** (a practitioner's own checks): for each member with a CARPIMKO
  account (:attr:`~macros.donnees.modele.Membre.a_un_compte`) and a recorded date, the
  next access audit (``dernier_audit_acces`` + :data:`macros.domaine.sante.DELAI_AUDIT`)
  and the next « Mot de passe oublié » test (``dernier_test_recuperation`` +
  :data:`macros.domaine.sante.DELAI_TEST`). They are all-day events on the due date: the
  last day before the home page reports the check as overdue (same delays as
  :mod:`macros.domaine.sante`). A member without a date gets no event (the home page
  already says the check was never done).

Feeds
-----
* ``calendrier.ics`` carries every event.
* ``calendrier-<role id>.ics``, one per role of ``roles.yml`` (written even when
  empty, so that a subscription keeps working when the role later gets events),
  carries the routines and échéances whose ``role`` is that role, and the
  contrôles **done** by that role: the roles of the routines whose procedure is
  the check's procedure (the one that says ``controle: audit`` or ``controle: test``
  in ``procedures.yml``; without one, the procedure with the id :data:`PROCEDURE_AUDIT`
  or :data:`PROCEDURE_TEST`). With no such routine, a contrôle is only in
  ``calendrier.ics``. A practitioner's own
  role feed does not get the checks of every other practitioner: the person who
  runs the check is the one who needs the reminder.

Stability
---------
* UIDs are built from ids only: ``routine-<id>``, ``echeance-<id>``,
  ``audit-<member id>``, ``test-<member id>``, then ``@<cabinet>.manuel-carpimko``.
  They hold no date, so a new due date *updates* the event on re-import, and an
  event has the same UID in every feed that carries it.
* DTSTAMP is ``manuel.date_publication`` at midnight UTC. Nothing depends on the
  clock or on chance: the same data always gives byte-identical files.
* Times are local times in Europe/Paris, with a VTIMEZONE of yearly rules read
  from the tz database (see :func:`macros.sorties.ics._fuseau` for why not a list of dates).

Texts are plain French text (no HTML) with French typography
(:func:`macros.texte.typographie`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from urllib.parse import urljoin

from macros.domaine.agenda import mois_de, occurrences, rrule
from macros.domaine.applicabilite import controles
from macros.domaine.sante import CONTROLES
from macros.donnees.catalogue import PAGE_PARTIE, url_de
from macros.donnees.modele import (
    FREQUENCES_ROUTINE,
    Echeance,
    Frequence,
    Handbook,
    Membre,
    Routine,
)
from macros.texte import MOIS, date_fr, heure, slug

__all__ = [
    "DUREE_DEFAUT",
    "FLUX_GLOBAL",
    "PROCEDURE_AUDIT",
    "PROCEDURE_TEST",
    "TZID",
    "EvenementCalendrier",
    "evenements",
    "evenements_du_flux",
    "nom_calendrier",
    "nom_flux",
    "occurrences_annee",
    "procedure_du_controle",
    "quand",
    "url_flux",
    "url_procedure",
]

#: Time zone of every timed event.
TZID = "Europe/Paris"
#: Duration of an event whose routine or deadline has no procedure.
DUREE_DEFAUT = timedelta(minutes=30)
#: The feed with every event.
FLUX_GLOBAL = "calendrier.ics"
#: Id of the access-audit procedure (default data); its routine's role does the audits.
PROCEDURE_AUDIT = "audit-acces"
#: Id of the « Mot de passe oublié » test procedure; its routine's role does the tests.
PROCEDURE_TEST = "test-recuperation"
#: The procedure of each check when none says ``controle:`` (the ids of the example's data).
_PROCEDURE_PAR_DEFAUT = {"audit": PROCEDURE_AUDIT, "test": PROCEDURE_TEST}

Genre = Literal["routine", "echeance", "controle"]
_GENRES: dict[str, str] = {"routine": "Routine", "echeance": "Échéance", "controle": "Contrôle"}
_ORDRE_GENRE = {"echeance": 0, "routine": 1, "controle": 2}


@dataclass(frozen=True)
class EvenementCalendrier:
    """One event of the feeds and of the calendar page.

    Attributes:
        uid: Stable identifier (see the module's docstring).
        genre: ``routine``, ``echeance`` or ``controle``.
        titre: The event's title in French (the feeds' SUMMARY).
        debut: Start: a local time in Europe/Paris, or a date for an all-day event.
        duree: Length of a timed event (one day for an all-day event).
        role: Id of the role responsible, if any.
        flux: Ids of the roles whose feed carries the event (the global feed carries all).
        procedure: Id of the procedure to follow, if any.
        regle: Recurrence rule parts (routines only).
        rappel_jours: Days between the alarm and the event (échéances only).
        details: French text about the event (from the data, or the check's last date).
        membre: Id of the member concerned (contrôles only).
        source: The routine, échéance or member the event comes from.
    """

    uid: str
    genre: Genre
    titre: str
    debut: datetime | date
    duree: timedelta
    role: str | None
    flux: tuple[str, ...]
    procedure: str | None
    regle: dict[str, object] | None
    rappel_jours: int | None
    details: str | None
    membre: str | None
    source: Routine | Echeance | Membre

    @property
    def journee(self) -> bool:
        """True for an all-day event (a check's due date)."""
        return not isinstance(self.debut, datetime)

    @property
    def jour(self) -> date:
        """The date of the (first) occurrence."""
        return self.debut.date() if isinstance(self.debut, datetime) else self.debut

    @property
    def libelle_genre(self) -> str:
        """« Routine », « Échéance » or « Contrôle »."""
        return _GENRES[self.genre]


# --- the events -----------------------------------------------------------------------------


def _domaine(hb: Handbook) -> str:
    return f"{slug(hb.cabinet.cabinet.nom)}.manuel-carpimko"


def _duree(hb: Handbook, procedure_id: str | None) -> timedelta:
    for p in hb.procedures.procedures:
        if p.id == procedure_id:
            return timedelta(minutes=p.duree_minutes)
    return DUREE_DEFAUT


def _roles_de_procedure(hb: Handbook, procedure_id: str) -> tuple[str, ...]:
    """Roles of the routines that follow ``procedure_id``, in data order, without repeats."""
    out: list[str] = []
    for r in hb.calendrier.routines:
        if r.procedure == procedure_id and r.role not in out:
            out.append(r.role)
    return tuple(out)


def _routine(hb: Handbook, r: Routine, domaine: str) -> EvenementCalendrier | None:
    if r.frequence not in FREQUENCES_ROUTINE:
        return None
    annee = hb.calendrier.annee
    dates = occurrences(r, date(annee, 1, 1), date(annee, 12, 31))
    if not dates:
        return None
    return EvenementCalendrier(
        uid=f"routine-{r.id}@{domaine}",
        genre="routine",
        titre=r.titre,
        debut=datetime.combine(dates[0], r.heure),
        duree=_duree(hb, r.procedure),
        role=r.role,
        flux=(r.role,),
        procedure=r.procedure,
        regle=rrule(r),
        rappel_jours=None,
        details=r.description,
        membre=None,
        source=r,
    )


def _echeance(hb: Handbook, e: Echeance, domaine: str) -> EvenementCalendrier:
    return EvenementCalendrier(
        uid=f"echeance-{e.id}@{domaine}",
        genre="echeance",
        titre=f"Échéance : {e.titre}",
        debut=datetime.combine(e.date, e.heure),
        duree=_duree(hb, e.procedure),
        role=e.role,
        flux=(e.role,),
        procedure=e.procedure,
        regle=None,
        rappel_jours=hb.calendrier.rappel_jours_avant,
        details=e.description,
        membre=None,
        source=e,
    )


#: For each periodic check (:data:`macros.domaine.sante.CONTROLES`): the event's title and
#: its details.
_EVENEMENTS_CONTROLE: dict[str, tuple[str, str]] = {
    "audit": (
        "Audit des accès à faire : {nom}",
        "Dernier audit des accès le {dernier} ; un audit par trimestre.",
    ),
    "test": (
        "Test « Mot de passe oublié » à faire : {nom}",
        "Dernier test « Mot de passe oublié » le {dernier} ; un test par mois.",
    ),
}


def procedure_du_controle(hb: Handbook, code: str) -> str | None:
    """The id of the procedure that does the check ``code``: the first that says
    ``controle: <code>``, else the one with the default id, if it exists."""
    for p in hb.procedures.procedures:
        if p.controle is not None and p.controle.value == code:
            return p.id
    defaut = _PROCEDURE_PAR_DEFAUT.get(code)
    return defaut if any(p.id == defaut for p in hb.procedures.procedures) else None


def _controles(
    hb: Handbook,
    m: Membre,
    domaine: str,
    faits_par: dict[str, tuple[tuple[str, ...], str | None]],
) -> list[EvenementCalendrier]:
    """The next due date of each check of ``m``'s account that applies.

    ``faits_par`` gives, for each check code, the roles whose feeds carry it and the linked
    procedure (computed once per build, not per member).
    """
    out: list[EvenementCalendrier] = []
    applicables = {c.value for c in controles(m, hb.aujourdhui)}
    for c in CONTROLES:
        dernier: date | None = getattr(m, c.champ)
        if dernier is None or c.code not in applicables:
            continue
        titre, details = _EVENEMENTS_CONTROLE[c.code]
        roles, procedure = faits_par[c.code]
        out.append(
            EvenementCalendrier(
                uid=f"{c.code}-{m.id}@{domaine}",
                genre="controle",
                titre=titre.format(nom=m.nom),
                debut=dernier + c.delai,
                duree=timedelta(days=1),
                role=roles[0] if roles else None,
                flux=roles,
                procedure=procedure,
                regle=None,
                rappel_jours=None,
                details=details.format(dernier=date_fr(dernier)),
                membre=m.id,
                source=m,
            )
        )
    return out


def _cle(ev: EvenementCalendrier) -> tuple[object, ...]:
    moment = ev.debut if isinstance(ev.debut, datetime) else datetime.combine(ev.debut, time.min)
    return (moment, _ORDRE_GENRE[ev.genre], ev.titre, ev.uid)


def evenements(hb: Handbook) -> list[EvenementCalendrier]:
    """Every event of the calendar (routines, échéances, contrôles), by first date.

    A build computes them once (:attr:`macros.domaine.faits.Faits.evenements`): the
    calendar page and each feed use that list.
    """
    domaine = _domaine(hb)
    out: list[EvenementCalendrier] = []
    for r in hb.calendrier.routines:
        ev = _routine(hb, r, domaine)
        if ev is not None:
            out.append(ev)
    out += [_echeance(hb, e, domaine) for e in hb.calendrier.echeances]
    faits_par: dict[str, tuple[tuple[str, ...], str | None]] = {}
    for code in _EVENEMENTS_CONTROLE:
        procedure = procedure_du_controle(hb, code)
        faits_par[code] = (_roles_de_procedure(hb, procedure) if procedure else (), procedure)
    for m in hb.equipe.membres:
        out += _controles(hb, m, domaine, faits_par)
    return sorted(out, key=_cle)


def evenements_du_flux(
    tous: Sequence[EvenementCalendrier], role_id: str | None
) -> list[EvenementCalendrier]:
    """The events of a role's feed (``None``: the global feed, every event)."""
    return [ev for ev in tous if role_id is None or role_id in ev.flux]


def occurrences_annee(
    hb: Handbook, tous: Sequence[EvenementCalendrier]
) -> list[tuple[date, EvenementCalendrier]]:
    """Every dated occurrence of the events ``tous`` in ``calendrier.annee`` (routines
    expanded), in date order."""
    annee = hb.calendrier.annee
    debut, fin = date(annee, 1, 1), date(annee, 12, 31)
    out: list[tuple[date, EvenementCalendrier]] = []
    for ev in tous:
        if isinstance(ev.source, Routine):
            out += [(d, ev) for d in occurrences(ev.source, debut, fin)]
        elif debut <= ev.jour <= fin:
            out.append((ev.jour, ev))
    out.sort(key=lambda item: (item[0], _cle(item[1])))
    return out


# --- French text ----------------------------------------------------------------------------


def _ordinal(n: int) -> str:
    return "1er" if n == 1 else f"{n}e"


def _et(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def quand(ev: EvenementCalendrier) -> str:
    """When the event happens, in French (« Le 2e mardi de chaque mois à 13 h 30 »)."""
    if ev.journee:
        return f"Au plus tard le {date_fr(ev.jour)}"
    assert isinstance(ev.debut, datetime)
    a = heure(ev.debut.time()).replace(" ", "\u00a0")  # « 13 h 30 » never split
    src = ev.source
    if not isinstance(src, Routine):
        return f"Le {date_fr(ev.jour)} à {a}"
    jour = src.jour.libelle
    if src.frequence is Frequence.hebdomadaire:
        regle = f"Chaque {jour} à {a}"
    elif src.frequence is Frequence.mensuelle:
        regle = f"Le {_ordinal(src.semaine)} {jour} de chaque mois à {a}"
    else:
        mois = _et([MOIS[n - 1] for n in mois_de(src)])
        de = "d'" if mois[:1] in "aeiouéo" else "de "
        regle = f"Le {_ordinal(src.semaine)} {jour} {de}{mois} à {a}"
    return f"{regle}, à partir du {date_fr(ev.jour)}"


def _base(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"


def url_procedure(
    hb: Handbook, procedure_id: str, site_url: str, directory_urls: bool = True
) -> str:
    """Absolute URL of a procedure on the published site."""
    p = next(p for p in hb.procedures.procedures if p.id == procedure_id)
    return urljoin(_base(site_url), url_de(PAGE_PARTIE[p.partie], directory_urls)) + f"#{p.id}"


def nom_flux(role_id: str | None) -> str:
    """File name of a role's feed (``None``: the global feed)."""
    return FLUX_GLOBAL if role_id is None else f"calendrier-{role_id}.ics"


def url_flux(site_url: str, role_id: str | None) -> str:
    """Absolute URL of a feed on the published site (the subscription address)."""
    return urljoin(_base(site_url), nom_flux(role_id))


def nom_calendrier(hb: Handbook, role_id: str | None) -> str:
    """The feed's display name: « Kiné Nord — Assistant(e) »."""
    roles = {r.id: r.nom for r in hb.roles.roles}
    suffixe = "Tout le cabinet" if role_id is None else roles[role_id]
    return f"{hb.cabinet.cabinet.nom} — {suffixe}"
