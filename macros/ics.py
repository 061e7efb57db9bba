"""The cabinet's calendar events, and the ICS feeds written from them.

:func:`evenements` turns the data into the calendar's events. The ICS feeds
(:func:`ecrire_calendriers`) and the calendar page (:mod:`macros.render.annee`)
are both built from it, so the page and the feeds always list the same events.

Events
------
* **Routine** (``calendrier.yml``, weekly to annual): one recurring event whose
  RRULE comes from :func:`macros.agenda.rrule`. It starts at the routine's first
  occurrence in ``calendrier.annee``, at the routine's time, and lasts the linked
  procedure's ``duree_minutes`` (30 minutes without a procedure).
* **Échéance**: one event at its date and time, same duration rule, with a display
  alarm ``calendrier.rappel_jours_avant`` days before (0 = at the start).
* **Contrôle** (a practitioner's own checks): for each member with a CARPIMKO
  account (:attr:`~macros.model.Membre.est_cotisant`) and a recorded date, the
  next access audit (``dernier_audit_acces`` + :data:`macros.sante.DELAI_AUDIT`)
  and the next « Mot de passe oublié » test (``dernier_test_recuperation`` +
  :data:`macros.sante.DELAI_TEST`). They are all-day events on the due date: the
  last day before the home page reports the check as overdue (same delays as
  :mod:`macros.sante`). A member without a date gets no event (the home page
  already says the check was never done).

Feeds
-----
* ``calendrier.ics`` carries every event.
* ``calendrier-<role id>.ics``, one per role of ``roles.yml`` (written even when
  empty, so that a subscription keeps working when the role later gets events),
  carries the routines and échéances whose ``role`` is that role, and the
  contrôles **done** by that role: the roles of the routines whose procedure is
  the check's procedure (:data:`PROCEDURE_AUDIT`, :data:`PROCEDURE_TEST`). With no
  such routine, a contrôle is only in ``calendrier.ics``. A practitioner's own
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
  from the tz database (see :func:`_fuseau` for why not icalendar's own).

Texts are plain French text (no HTML) with French typography
(:func:`macros.text.typographie`).
"""

from __future__ import annotations

import calendar as _cal
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
)

from .agenda import mois_de, occurrences, rrule
from .model import FREQUENCES_ROUTINE, Echeance, Frequence, Handbook, Membre, Routine
from .pages import PAGE_PARTIE, url_de
from .sante import DELAI_AUDIT, DELAI_TEST
from .text import MOIS, date_fr, duree, heure, typographie

__all__ = [
    "DUREE_DEFAUT",
    "FLUX_GLOBAL",
    "PROCEDURE_AUDIT",
    "PROCEDURE_TEST",
    "TZID",
    "EvenementCalendrier",
    "calendrier_ics",
    "ecrire_calendriers",
    "evenements",
    "evenements_du_flux",
    "nom_calendrier",
    "nom_flux",
    "occurrences_annee",
    "quand",
    "texte_ics",
    "url_flux",
    "url_procedure",
]

#: Time zone of every timed event.
TZID = "Europe/Paris"
_PARIS = ZoneInfo(TZID)
#: Duration of an event whose routine or deadline has no procedure.
DUREE_DEFAUT = timedelta(minutes=30)
#: The feed with every event.
FLUX_GLOBAL = "calendrier.ics"
#: Id of the access-audit procedure (default data); its routine's role does the audits.
PROCEDURE_AUDIT = "audit-acces"
#: Id of the « Mot de passe oublié » test procedure; its routine's role does the tests.
PROCEDURE_TEST = "test-recuperation"
#: How often subscribed agendas should fetch the feed again.
_RAFRAICHIR = timedelta(hours=12)

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


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "cabinet"


def _domaine(hb: Handbook) -> str:
    return f"{_slug(hb.cabinet.cabinet.nom)}.manuel-carpimko"


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


def _controles(hb: Handbook, m: Membre, domaine: str) -> list[EvenementCalendrier]:
    procedures = {p.id for p in hb.procedures.procedures}
    checks = (
        (
            "audit",
            m.dernier_audit_acces,
            DELAI_AUDIT,
            PROCEDURE_AUDIT,
            f"Audit des accès à faire : {m.nom}",
            "Dernier audit des accès le {dernier} ; un audit par trimestre.",
        ),
        (
            "test",
            m.dernier_test_recuperation,
            DELAI_TEST,
            PROCEDURE_TEST,
            f"Test « Mot de passe oublié » à faire : {m.nom}",
            "Dernier test « Mot de passe oublié » le {dernier} ; un test par mois.",
        ),
    )
    out: list[EvenementCalendrier] = []
    for code, dernier, delai, procedure_id, titre, details in checks:
        if dernier is None:
            continue
        du = dernier + delai
        roles = _roles_de_procedure(hb, procedure_id)
        out.append(
            EvenementCalendrier(
                uid=f"{code}-{m.id}@{domaine}",
                genre="controle",
                titre=titre,
                debut=du,
                duree=timedelta(days=1),
                role=roles[0] if roles else None,
                flux=roles,
                procedure=procedure_id if procedure_id in procedures else None,
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


_dernier: tuple[Handbook, list[EvenementCalendrier]] | None = None


def evenements(hb: Handbook) -> list[EvenementCalendrier]:
    """Every event of the calendar (routines, échéances, contrôles), by first date.

    Computed once per handbook: the calendar page and each feed ask for them again.
    """
    global _dernier
    if _dernier is None or _dernier[0] is not hb:
        _dernier = (hb, _evenements(hb))
    return list(_dernier[1])


def _evenements(hb: Handbook) -> list[EvenementCalendrier]:
    domaine = _domaine(hb)
    out: list[EvenementCalendrier] = []
    for r in hb.calendrier.routines:
        ev = _routine(hb, r, domaine)
        if ev is not None:
            out.append(ev)
    out += [_echeance(hb, e, domaine) for e in hb.calendrier.echeances]
    for m in hb.equipe.membres:
        if m.est_cotisant:
            out += _controles(hb, m, domaine)
    return sorted(out, key=_cle)


def evenements_du_flux(
    tous: Sequence[EvenementCalendrier], role_id: str | None
) -> list[EvenementCalendrier]:
    """The events of a role's feed (``None``: the global feed, every event)."""
    return [ev for ev in tous if role_id is None or role_id in ev.flux]


def occurrences_annee(hb: Handbook) -> list[tuple[date, EvenementCalendrier]]:
    """Every dated occurrence in ``calendrier.annee`` (routines expanded), in date order."""
    annee = hb.calendrier.annee
    debut, fin = date(annee, 1, 1), date(annee, 12, 31)
    out: list[tuple[date, EvenementCalendrier]] = []
    for ev in evenements(hb):
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


def _description(
    hb: Handbook, ev: EvenementCalendrier, site_url: str | None, directory_urls: bool
) -> str:
    roles = {r.id: r.nom for r in hb.roles.roles}
    if isinstance(ev.source, Membre):
        sujet = f"{ev.libelle_genre} du compte CARPIMKO de {ev.source.nom}"
    else:
        sujet = f"{ev.libelle_genre} du cabinet"
    lignes = [f"{sujet}. {quand(ev)}."]
    if ev.role is not None:
        lignes.append(f"Rôle responsable : {roles[ev.role]}.")
    if ev.procedure is not None:
        p = next(p for p in hb.procedures.procedures if p.id == ev.procedure)
        lignes.append(f"Procédure : {p.titre} ({duree(p.duree_minutes)}).")
        if site_url:
            lignes.append(url_procedure(hb, p.id, site_url, directory_urls))
    if ev.details:
        lignes += ["", " ".join(ev.details.split())]
    return "\n".join(lignes)


# --- ICS ------------------------------------------------------------------------------------

#: Line breaks and other control characters: never inside a one-line ICS value.
_SAUTS = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]+")


def texte_ics(valeur: str, *, une_ligne: bool = True) -> str:
    """The one gate between data and the feeds: French typography, and no line break
    where the property is one line (NAME, SUMMARY, CATEGORIES…).

    icalendar escapes the TEXT values it is given (``,``, ``;``, ``\\``, and line breaks
    of a DESCRIPTION as ``\\n``), but some calendar-level properties are written raw:
    a line break there would start a new content line (another VEVENT). The model
    already refuses line breaks in one-line texts; this holds even if it did not.
    """
    texte = typographie(valeur)
    if une_ligne:
        return _SAUTS.sub(" ", texte).strip()
    lignes = (_SAUTS.sub(" ", ligne).rstrip() for ligne in texte.splitlines())
    return "\n".join(lignes)


def _dans(jours: int) -> str:
    if jours == 0:
        return "Aujourd'hui"
    return "Demain" if jours == 1 else f"Dans {jours} jours"


def _vevent(
    hb: Handbook,
    ev: EvenementCalendrier,
    dtstamp: datetime,
    site_url: str | None,
    directory_urls: bool,
) -> Event:
    roles = {r.id: r.nom for r in hb.roles.roles}
    event = Event()
    event.add("uid", ev.uid)
    event.add("dtstamp", dtstamp)
    if isinstance(ev.debut, datetime):
        debut = ev.debut.replace(tzinfo=_PARIS)
        event.add("dtstart", debut)
        event.add("dtend", debut + ev.duree)
    else:
        event.add("dtstart", ev.debut)
        event.add("dtend", ev.debut + ev.duree)
        event.add("transp", "TRANSPARENT")
    if ev.regle is not None:
        event.add("rrule", ev.regle)
    event.add("summary", texte_ics(ev.titre))
    description = _description(hb, ev, site_url, directory_urls)
    event.add("description", texte_ics(description, une_ligne=False))
    categories = [ev.libelle_genre] + ([roles[ev.role]] if ev.role else [])
    event.add("categories", [texte_ics(c) for c in categories])
    if site_url and ev.procedure is not None:
        event.add("url", url_procedure(hb, ev.procedure, site_url, directory_urls))
    if ev.rappel_jours is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        titre = ev.source.titre if isinstance(ev.source, Echeance) else ev.titre
        alarm.add("description", texte_ics(f"{_dans(ev.rappel_jours)} : {titre}"))
        alarm.add("trigger", -timedelta(days=ev.rappel_jours))
        event.add_component(alarm)
    return event


def _regle_annuelle(jour: date) -> tuple[str, date]:
    """The yearly rule of a transition day (« last Sunday of March »…) and its 1970 date."""
    code = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[jour.weekday()]
    if (jour + timedelta(days=7)).month != jour.month:
        byday = f"-1{code}"
        debut = date(1970, jour.month, _cal.monthrange(1970, jour.month)[1])
        debut -= timedelta(days=(debut.weekday() - jour.weekday()) % 7)
    else:
        n = (jour.day - 1) // 7 + 1
        byday = f"+{n}{code}"
        debut = date(1970, jour.month, 1)
        debut += timedelta(days=(jour.weekday() - debut.weekday()) % 7 + 7 * (n - 1))
    return byday, debut


@functools.cache
def _changements(annee: int) -> tuple[list[tuple[datetime, datetime]], datetime]:
    """The offset changes of Europe/Paris in ``annee`` (before, after), and the year's last hour.

    A day-by-day walk through the year, then hour by hour through a day whose offset
    changed: computed once per year and process, since every feed carries the same zone.
    """
    debut = datetime(annee, 1, 1, tzinfo=UTC)

    def heure(h: int) -> datetime:
        return (debut + timedelta(hours=h)).astimezone(_PARIS)

    changements = []
    fin = 367 * 24
    while heure(fin - 1).year > annee:
        fin -= 1
    for jour in range(0, fin, 24):
        a, b = heure(jour), heure(min(jour + 24, fin - 1))
        if a.utcoffset() == b.utcoffset():
            continue
        for h in range(jour, min(jour + 24, fin - 1)):
            avant, apres = heure(h), heure(h + 1)
            if apres.utcoffset() != avant.utcoffset():
                changements.append((avant, apres))
    return changements, heure(fin - 1)


def _fuseau(annee: int) -> Timezone:
    """Europe/Paris as a VTIMEZONE with yearly rules, read from the tz database for ``annee``.

    This is the form Thunderbird, Apple and Google write themselves. icalendar's own
    ``add_missing_timezones()`` lists each change as an RDATE from a first DTSTART,
    which ical.js and libical misread (they skip that DTSTART and take only the first
    value of a comma-separated RDATE), putting summer events an hour off.
    """
    changements, avant = _changements(annee)
    tz = Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    if not changements:
        fixe = TimezoneStandard()
        fixe.add("dtstart", datetime(1970, 1, 1))
        fixe.add("tzoffsetfrom", avant.utcoffset())
        fixe.add("tzoffsetto", avant.utcoffset())
        fixe.add("tzname", avant.tzname())
        tz.add_component(fixe)
        return tz
    for avant, apres in changements:
        # The onset, as a wall-clock time in the offset in force before the change.
        decalage = avant.utcoffset()
        assert decalage is not None
        mur = (apres.astimezone(UTC) + decalage).replace(tzinfo=None)
        byday, debut = _regle_annuelle(mur.date())
        sous = TimezoneDaylight() if apres.dst() else TimezoneStandard()
        sous.add("tzname", apres.tzname())
        sous.add("tzoffsetfrom", avant.utcoffset())
        sous.add("tzoffsetto", apres.utcoffset())
        sous.add("dtstart", datetime.combine(debut, mur.time()))
        sous.add("rrule", {"FREQ": "YEARLY", "BYMONTH": [mur.month], "BYDAY": [byday]})
        tz.add_component(sous)
    return tz


def calendrier_ics(
    hb: Handbook,
    role_id: str | None,
    site_url: str | None = None,
    *,
    directory_urls: bool = True,
) -> bytes:
    """The ICS feed of a role (``None``: every event), as bytes."""
    tous = evenements(hb)
    manuel = hb.cabinet.manuel
    dtstamp = datetime.combine(manuel.date_publication, time.min, tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", "-//Manuel CARPIMKO//Calendrier du cabinet//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.calendar_name = texte_ics(nom_calendrier(hb, role_id))
    roles = {r.id: r.nom for r in hb.roles.roles}
    qui = "de tout le cabinet" if role_id is None else f"du rôle {roles[role_id]}"
    sujet = f"Routines, échéances et contrôles {qui}"
    cal.description = texte_ics(
        f"{sujet}, d'après le manuel CARPIMKO du cabinet "
        f"(version {manuel.version} du {date_fr(manuel.date_publication)})."
    )
    cal.add("x-wr-timezone", TZID)
    # RFC 7986 wants VALUE=DURATION; X-PUBLISHED-TTL is the older name (Outlook, Apple).
    cal.add("refresh-interval", _RAFRAICHIR, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(_RAFRAICHIR).to_ical().decode())
    if site_url:
        cal.add("url", url_flux(site_url, role_id))
    cal.add_component(_fuseau(hb.calendrier.annee))
    for ev in evenements_du_flux(tous, role_id):
        cal.add_component(_vevent(hb, ev, dtstamp, site_url, directory_urls))
    cal.add_missing_timezones()  # nothing left to add: Europe/Paris is already there
    return cal.to_ical()


def ecrire_calendriers(
    hb: Handbook, dossier: Path, site_url: str | None, *, directory_urls: bool = True
) -> list[Path]:
    """Write ``calendrier.ics`` and one ``calendrier-<role>.ics`` per role into ``dossier``.

    Args:
        hb: The validated handbook.
        dossier: The built site's folder (MkDocs' ``site_dir``).
        site_url: The published site's address; without it, events carry no links.
        directory_urls: MkDocs' ``use_directory_urls``, for the procedures' links.

    Returns:
        The written files, the global feed first, then the roles in data order.
    """
    dossier.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for role_id in [None, *(r.id for r in hb.roles.roles)]:
        path = dossier / nom_flux(role_id)
        path.write_bytes(calendrier_ics(hb, role_id, site_url, directory_urls=directory_urls))
        written.append(path)
    return written
