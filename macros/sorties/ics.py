"""The ICS feeds, written from the calendar's events (:mod:`macros.domaine.evenements`).

* ``calendrier.ics`` carries every event; ``calendrier-<role id>.ics`` one role's (see
  :func:`macros.domaine.evenements.evenements_du_flux`).
* DTSTAMP is ``manuel.date_publication`` at midnight UTC: the same data always gives
  byte-identical files.
* Times are local times in Europe/Paris, with a VTIMEZONE of yearly rules read from the
  tz database (see :func:`_fuseau` for why not icalendar's own).
* Every text goes through :func:`texte_ics`: French typography, and no line break in a
  one-line property.
"""

from __future__ import annotations

import calendar as _cal
import functools
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
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

from macros.domaine.evenements import (
    TZID,
    EvenementCalendrier,
    evenements_du_flux,
    nom_calendrier,
    nom_flux,
    quand,
    url_flux,
    url_procedure,
)
from macros.domaine.faits import Faits
from macros.donnees.modele import Echeance, Membre
from macros.texte import date_fr, de, duree, typographie

__all__ = ["calendrier_ics", "ecrire_calendriers", "texte_ics"]

_PARIS = ZoneInfo(TZID)
#: How often subscribed agendas should fetch the feed again.
_RAFRAICHIR = timedelta(hours=12)


def _description(
    faits: Faits, ev: EvenementCalendrier, site_url: str | None, directory_urls: bool
) -> str:
    hb, index = faits.hb, faits.index
    if isinstance(ev.source, Membre):
        sujet = f"{ev.libelle_genre} du compte CARPIMKO {de(ev.source.nom)}{ev.source.nom}"
    else:
        sujet = f"{ev.libelle_genre} du cabinet"
    lignes = [f"{sujet}. {quand(ev)}."]
    if ev.role is not None:
        lignes.append(f"Rôle responsable : {index.roles[ev.role].nom}.")
    if ev.procedure is not None:
        p = index.procedures[ev.procedure]
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
    faits: Faits,
    ev: EvenementCalendrier,
    dtstamp: datetime,
    site_url: str | None,
    directory_urls: bool,
) -> Event:
    hb, roles = faits.hb, faits.index.roles
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
    description = _description(faits, ev, site_url, directory_urls)
    event.add("description", texte_ics(description, une_ligne=False))
    categories = [ev.libelle_genre] + ([roles[ev.role].nom] if ev.role else [])
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


#: The end of a serialized calendar, before which its events are written.
_FIN_CALENDRIER = b"END:VCALENDAR\r\n"


def calendrier_ics(
    faits: Faits,
    role_id: str | None,
    site_url: str | None = None,
    *,
    directory_urls: bool = True,
    deja_ecrits: dict[str, bytes] | None = None,
) -> bytes:
    """The ICS feed of a role (``None``: every event) of the handbook ``faits.hb``, as bytes.

    ``deja_ecrits`` holds the events already serialized for another feed of the same build,
    by UID: an event is the same in every feed that lists it, and is serialized once
    (icalendar's serialization was half the cost of the five feeds of the example)."""
    hb = faits.hb
    manuel = hb.cabinet.manuel
    dtstamp = datetime.combine(manuel.date_publication, time.min, tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", "-//Manuel CARPIMKO//Calendrier du cabinet//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.calendar_name = texte_ics(nom_calendrier(hb, role_id))
    qui = "de tout le cabinet" if role_id is None else f"du rôle {faits.index.roles[role_id].nom}"
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
    ecrits = {} if deja_ecrits is None else deja_ecrits
    evenements = []
    for ev in evenements_du_flux(faits.evenements, role_id):
        if ev.uid not in ecrits:
            ecrits[ev.uid] = _vevent(faits, ev, dtstamp, site_url, directory_urls).to_ical()
        evenements.append(ecrits[ev.uid])
    # The calendar's properties and its time zone, then its events: what icalendar writes
    # for a calendar is its own lines, then each component's, then its end.
    entete = cal.to_ical()
    if not entete.endswith(_FIN_CALENDRIER):
        raise ValueError("calendrier ICS inattendu : sa fin manque")
    return entete[: -len(_FIN_CALENDRIER)] + b"".join(evenements) + _FIN_CALENDRIER


def ecrire_calendriers(
    faits: Faits, dossier: Path, site_url: str | None, *, directory_urls: bool = True
) -> list[Path]:
    """Write ``calendrier.ics`` and one ``calendrier-<role>.ics`` per role into ``dossier``.

    Args:
        faits: The build's facts (the handbook and its events).
        dossier: The built site's folder (MkDocs' ``site_dir``).
        site_url: The published site's address; without it, events carry no links.
        directory_urls: MkDocs' ``use_directory_urls``, for the procedures' links.

    Returns:
        The written files, the global feed first, then the roles in data order.
    """
    dossier.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    ecrits: dict[str, bytes] = {}
    for role_id in [None, *(r.id for r in faits.hb.roles.roles)]:
        path = dossier / nom_flux(role_id)
        ics = calendrier_ics(
            faits, role_id, site_url, directory_urls=directory_urls, deja_ecrits=ecrits
        )
        path.write_bytes(ics)
        written.append(path)
    return written
