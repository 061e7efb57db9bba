"""The ICS feeds, written from the calendar's events (:mod:`macros.domaine.evenements`).

* ``calendrier.ics`` carries every event; ``calendrier-<role id>.ics`` one role's (see
  :func:`macros.domaine.evenements.evenements_du_flux`).
* DTSTAMP is ``manuel.date_publication`` at midnight UTC: the same data always gives
  byte-identical files.
* Times are local times in Europe/Paris, with a VTIMEZONE of yearly rules read from the
  tz database (see :func:`_fuseau` for why not icalendar's own).
* Every text goes through :func:`texte_ics`: French typography, and no line break in a
  one-line property; :mod:`macros.sorties.ical` writes the lines (TEXT escaping, folding).
* Properties come in the order icalendar 7 wrote them, which the project used until
  December 2026 (its import was an eighth of the handbook's imports): a component's
  « canonical » properties first (VEVENT: SUMMARY, DTSTART, DTEND, DTSTAMP, UID, RRULE;
  VCALENDAR: VERSION, PRODID, CALSCALE, METHOD, DESCRIPTION, NAME), then the others in
  alphabetical order. Subscribed agendas compare feeds by content, not by bytes, but a
  feed that does not change when its events do not is easier to review.
"""

from __future__ import annotations

import calendar as _cal
import functools
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

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
from macros.sorties.ical import (
    date_ics,
    dateheure_ics,
    decalage_ics,
    duree_ics,
    ligne,
    regle_ics,
    texte,
)
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

    :func:`macros.sorties.ical.texte` then escapes a TEXT value (``,``, ``;``, ``\\``, and
    the line breaks of a DESCRIPTION as ``\\n``); the calendar's X-WR- properties are
    written raw, as clients read them. The model already refuses line breaks in one-line
    texts, and :func:`macros.sorties.ical.ligne` refuses any left in a line; this holds
    even if neither did.
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
) -> str:
    hb, roles = faits.hb, faits.index.roles
    lignes = ["BEGIN:VEVENT\r\n", ligne("SUMMARY", texte(texte_ics(ev.titre)))]
    if isinstance(ev.debut, datetime):
        lignes += (
            ligne("DTSTART", dateheure_ics(ev.debut), TZID=TZID),
            ligne("DTEND", dateheure_ics(ev.debut + ev.duree), TZID=TZID),
        )
    else:
        lignes += (
            ligne("DTSTART", date_ics(ev.debut), VALUE="DATE"),
            ligne("DTEND", date_ics(ev.debut + ev.duree), VALUE="DATE"),
        )
    lignes += (ligne("DTSTAMP", dateheure_ics(dtstamp)), ligne("UID", texte(ev.uid)))
    if ev.regle is not None:
        lignes.append(ligne("RRULE", regle_ics(ev.regle)))
    categories = [ev.libelle_genre] + ([roles[ev.role].nom] if ev.role else [])
    lignes.append(ligne("CATEGORIES", ",".join(texte(texte_ics(c)) for c in categories)))
    description = _description(faits, ev, site_url, directory_urls)
    lignes.append(ligne("DESCRIPTION", texte(texte_ics(description, une_ligne=False))))
    if not isinstance(ev.debut, datetime):
        lignes.append(ligne("TRANSP", "TRANSPARENT"))
    if site_url and ev.procedure is not None:
        lignes.append(ligne("URL", url_procedure(hb, ev.procedure, site_url, directory_urls)))
    if ev.rappel_jours is not None:
        titre = ev.source.titre if isinstance(ev.source, Echeance) else ev.titre
        rappel = texte_ics(f"{_dans(ev.rappel_jours)} : {titre}")
        lignes += (
            "BEGIN:VALARM\r\n",
            ligne("ACTION", "DISPLAY"),
            ligne("DESCRIPTION", texte(rappel)),
            ligne("TRIGGER", duree_ics(-timedelta(days=ev.rappel_jours))),
            "END:VALARM\r\n",
        )
    lignes.append("END:VEVENT\r\n")
    return "".join(lignes)


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


def _fuseau(annee: int) -> str:
    """Europe/Paris as a VTIMEZONE with yearly rules, read from the tz database for ``annee``.

    This is the form Thunderbird, Apple and Google write themselves. icalendar's
    ``add_missing_timezones()`` lists each change as an RDATE from a first DTSTART,
    which ical.js and libical misread (they skip that DTSTART and take only the first
    value of a comma-separated RDATE), putting summer events an hour off.
    """
    changements, avant = _changements(annee)
    lignes = ["BEGIN:VTIMEZONE\r\n", ligne("TZID", TZID), ligne("X-LIC-LOCATION", TZID)]
    if not changements:
        lignes += (
            "BEGIN:STANDARD\r\n",
            ligne("DTSTART", dateheure_ics(datetime(1970, 1, 1))),
            ligne("TZNAME", texte(avant.tzname() or TZID)),
            ligne("TZOFFSETFROM", decalage_ics(avant.utcoffset())),
            ligne("TZOFFSETTO", decalage_ics(avant.utcoffset())),
            "END:STANDARD\r\n",
        )
    for avant, apres in changements:
        # The onset, as a wall-clock time in the offset in force before the change.
        decalage = avant.utcoffset()
        assert decalage is not None
        mur = (apres.astimezone(UTC) + decalage).replace(tzinfo=None)
        byday, debut = _regle_annuelle(mur.date())
        sorte = "DAYLIGHT" if apres.dst() else "STANDARD"
        regle = regle_ics({"FREQ": "YEARLY", "BYMONTH": [mur.month], "BYDAY": [byday]})
        lignes += (
            f"BEGIN:{sorte}\r\n",
            ligne("DTSTART", dateheure_ics(datetime.combine(debut, mur.time()))),
            ligne("RRULE", regle),
            ligne("TZNAME", texte(apres.tzname() or TZID)),
            ligne("TZOFFSETFROM", decalage_ics(avant.utcoffset())),
            ligne("TZOFFSETTO", decalage_ics(apres.utcoffset())),
            f"END:{sorte}\r\n",
        )
    lignes.append("END:VTIMEZONE\r\n")
    return "".join(lignes)


def calendrier_ics(
    faits: Faits,
    role_id: str | None,
    site_url: str | None = None,
    *,
    directory_urls: bool = True,
    deja_ecrits: dict[str, str] | None = None,
) -> bytes:
    """The ICS feed of a role (``None``: every event) of the handbook ``faits.hb``, as bytes.

    ``deja_ecrits`` holds the events already written for another feed of the same build,
    by UID: an event is the same in every feed that lists it, and is written once."""
    hb = faits.hb
    manuel = hb.cabinet.manuel
    dtstamp = datetime.combine(manuel.date_publication, time.min, tzinfo=UTC)
    nom = texte_ics(nom_calendrier(hb, role_id))
    qui = "de tout le cabinet" if role_id is None else f"du rôle {faits.index.roles[role_id].nom}"
    sujet = f"Routines, échéances et contrôles {qui}"
    description = texte_ics(
        f"{sujet}, d'après le manuel CARPIMKO du cabinet "
        f"(version {manuel.version} du {date_fr(manuel.date_publication)})."
    )
    lignes = [
        "BEGIN:VCALENDAR\r\n",
        ligne("VERSION", "2.0"),
        ligne("PRODID", "-//Manuel CARPIMKO//Calendrier du cabinet//FR"),
        ligne("CALSCALE", "GREGORIAN"),
        ligne("METHOD", "PUBLISH"),
        ligne("DESCRIPTION", texte(description)),
        ligne("X-WR-CALDESC", description),
        ligne("NAME", texte(nom)),
        ligne("X-WR-CALNAME", nom),
        # RFC 7986 wants VALUE=DURATION; X-PUBLISHED-TTL is the older name (Outlook, Apple).
        ligne("REFRESH-INTERVAL", duree_ics(_RAFRAICHIR), VALUE="DURATION"),
    ]
    if site_url:
        lignes.append(ligne("URL", url_flux(site_url, role_id)))
    lignes += (
        ligne("X-PUBLISHED-TTL", duree_ics(_RAFRAICHIR)),
        ligne("X-WR-TIMEZONE", TZID),
        _fuseau(hb.calendrier.annee),
    )
    ecrits = {} if deja_ecrits is None else deja_ecrits
    for ev in evenements_du_flux(faits.evenements, role_id):
        if ev.uid not in ecrits:
            ecrits[ev.uid] = _vevent(faits, ev, dtstamp, site_url, directory_urls)
        lignes.append(ecrits[ev.uid])
    lignes.append("END:VCALENDAR\r\n")
    return "".join(lignes).encode("utf-8")


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
    ecrits: dict[str, str] = {}
    for role_id in [None, *(r.id for r in faits.hb.roles.roles)]:
        path = dossier / nom_flux(role_id)
        ics = calendrier_ics(
            faits, role_id, site_url, directory_urls=directory_urls, deja_ecrits=ecrits
        )
        path.write_bytes(ics)
        written.append(path)
    return written
