"""The iCalendar syntax (RFC 5545) of the feeds: content lines, their values, their folding.

The feeds (:mod:`macros.sorties.ics`) write a fixed set of properties, so the writer is a
handful of functions rather than a library: one per value type the feeds use, and
:func:`ligne`, through which every property is written.

* :func:`texte` escapes a TEXT value (``\\``, ``;``, ``,`` and line breaks): the one
  escaping function of the ICS format. :func:`macros.sorties.ics.texte_ics` applies the
  typography first and removes line breaks from one-line properties.
* :func:`ligne` refuses a carriage return or a line feed left in any value, escaped or not,
  with a real check (not an ``assert``, which ``python -O`` skips): a line break there
  would start a new content line, another VEVENT.
* :func:`plier` folds a line at 75 octets without cutting a UTF-8 character, nor an
  escape from the character it escapes (RFC 5545 §3.1).

The output is what icalendar 7 wrote for the same feeds, byte for byte (its property order
included: see :mod:`macros.sorties.ics`); the tests read every feed back with icalendar and
with ical.js, two independent parsers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

__all__ = [
    "date_ics",
    "dateheure_ics",
    "decalage_ics",
    "duree_ics",
    "ligne",
    "plier",
    "regle_ics",
    "texte",
]

#: The longest content line, in octets, line break excluded (RFC 5545 §3.1).
LIMITE = 75
#: The order of a recurrence rule's parts: FREQ first, as RFC 2445 required and some clients
#: still expect, then icalendar's order.
_ORDRE_REGLE = ("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST")


def texte(valeur: str) -> str:
    """``valeur`` as an iCalendar TEXT: backslash, semicolon and comma escaped, each line
    break (CRLF, LF or CR) written ``\\n`` (RFC 5545 §3.3.11)."""
    return (
        valeur.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _echappe_le_suivant(caracteres: list[str]) -> bool:
    """True if the last of ``caracteres`` is a backslash that escapes what follows: an odd
    number of backslashes ends them (``\\\\`` is an escaped backslash, complete)."""
    n = 0
    for car in reversed(caracteres):
        if car != "\\":
            break
        n += 1
    return n % 2 == 1


def plier(contenu: str) -> str:
    """``contenu`` folded into lines of at most 75 octets, continuation lines starting with a
    space. An escape is never cut: a backslash that escapes the next character moves to
    the next line with it, as clients that unescape line by line expect (icalendar moved
    any last backslash, and so cut an escaped backslash ``\\\\`` in two)."""
    if len(contenu) < LIMITE and contenu.isascii():
        return contenu
    lignes: list[str] = []
    courante: list[str] = []
    octets = 0
    for car in contenu:
        taille = 1 if car < "\x80" else len(car.encode("utf-8"))
        if courante and octets + taille >= LIMITE:
            if len(courante) > 1 and _echappe_le_suivant(courante):
                lignes.append("".join(courante[:-1]))
                courante, octets = ["\\"], 1
            else:
                lignes.append("".join(courante))
                courante, octets = [], 0
        courante.append(car)
        octets += taille
    lignes.append("".join(courante))
    return "\r\n ".join(lignes)


def ligne(nom: str, valeur: str, **parametres: str) -> str:
    """The content line ``NOM;PARAM=valeur:valeur``, folded, with its CRLF.

    ``valeur`` is written as given: a TEXT goes through :func:`texte` first. Raise
    ``ValueError`` if a line break is left in it, or in a parameter.
    """
    params = "".join(f";{cle}={v}" for cle, v in parametres.items())
    contenu = f"{nom}{params}:{valeur}"
    if "\r" in contenu or "\n" in contenu:
        raise ValueError(f"saut de ligne dans la propriété ICS {nom}")
    return plier(contenu) + "\r\n"


def date_ics(jour: date) -> str:
    """A DATE value: ``20260105``."""
    return jour.strftime("%Y%m%d")


def dateheure_ics(moment: datetime) -> str:
    """A DATE-TIME value: local time (``20260105T090000``), or UTC (``…Z``) if ``moment``
    is in UTC. A time in another zone is written as its wall-clock time: its line carries
    the zone's TZID parameter."""
    valeur = moment.strftime("%Y%m%dT%H%M%S")
    return valeur + "Z" if moment.tzinfo is not None and moment.tzname() == "UTC" else valeur


def duree_ics(duree: timedelta) -> str:
    """A DURATION value: ``PT12H``, ``-P7D``, ``P0D`` (RFC 5545 §3.3.6)."""
    signe = "-" if duree < timedelta(0) else ""
    duree = abs(duree)
    heures, reste = divmod(duree.seconds, 3600)
    minutes, secondes = divmod(reste, 60)
    temps = ""
    if duree.seconds:
        temps = "T" + (f"{heures}H" if heures else "")
        if minutes or (heures and secondes):
            temps += f"{minutes}M"
        if secondes:
            temps += f"{secondes}S"
    if duree.days == 0 and temps:
        return f"{signe}P{temps}"
    return f"{signe}P{duree.days}D{temps}"


def decalage_ics(decalage: timedelta | None) -> str:
    """A UTC-OFFSET value: ``+0100``, ``-0330``."""
    if decalage is None:
        raise ValueError("décalage horaire inconnu")
    signe = "-" if decalage < timedelta(0) else "+"
    minutes_totales, secondes = divmod(int(abs(decalage).total_seconds()), 60)
    heures, minutes = divmod(minutes_totales, 60)
    return f"{signe}{heures:02d}{minutes:02d}" + (f"{secondes:02d}" if secondes else "")


def regle_ics(parties: Mapping[str, object]) -> str:
    """A RECUR value from its parts (``{"FREQ": "MONTHLY", "BYDAY": ["+1MO"]}``), in the
    order of :data:`_ORDRE_REGLE`; a list is written comma-separated."""
    inconnues = set(parties) - set(_ORDRE_REGLE)
    if inconnues:
        raise ValueError(f"partie de règle ICS inconnue : {', '.join(sorted(inconnues))}")
    morceaux = []
    for cle in _ORDRE_REGLE:
        if cle in parties:
            valeur = parties[cle]
            if isinstance(valeur, Iterable) and not isinstance(valeur, str):
                valeur = ",".join(str(v) for v in valeur)
            morceaux.append(f"{cle}={valeur}")
    return ";".join(morceaux)
