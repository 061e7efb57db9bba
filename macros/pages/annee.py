"""The calendar page's feed sections: subscribing, the feeds' events, the year at a glance.

All three are computed from :func:`macros.domaine.evenements.evenements`, the function that also
writes the ICS feeds, so the page and the feeds always show the same events.
"""

from __future__ import annotations

import calendar as _cal
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from macros.domaine.evenements import (
    EvenementCalendrier,
    evenements_du_flux,
    nom_calendrier,
    nom_flux,
    occurrences_annee,
    quand,
    url_flux,
)
from macros.donnees.modele import Role
from macros.pages import Contexte, rendre
from macros.texte import MOIS

__all__ = ["abonnement_calendrier", "evenements_calendrier", "sigles", "vue_annee"]

#: Number of distinct role colours in the stylesheet (``hb-an-c0`` … ``hb-an-c7``).
COULEURS = 8
_JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def sigles(roles: list[Role]) -> dict[str, str]:
    """A short, unique label per role, from its name: « T », « A », « B », « P »…

    The first letter of the name; when it is taken, the first two letters (« Ti »), and so on.
    """
    out: dict[str, str] = {}
    for i, role in enumerate(roles):
        lettres = [c for c in role.nom if c.isalnum()] or list(role.id)
        for n in range(1, len(lettres) + 1):
            sigle = lettres[0].upper() + "".join(lettres[1:n]).lower()
            if sigle not in out.values():
                break
        else:
            sigle = f"{lettres[0].upper()}{i + 1}"
        out[role.id] = sigle
    return out


def _ids(evenements: list[EvenementCalendrier]) -> dict[str, str]:
    """The id of each event's row in the table of the feeds' events, by its UID: the year
    view's marked days point at them (``aria-describedby``)."""
    return {ev.uid: f"hb-ev-{i}" for i, ev in enumerate(evenements, 1)}


def _couleurs(roles: list[Role]) -> dict[str | None, str]:
    out: dict[str | None, str] = {r.id: f"hb-an-c{i % COULEURS}" for i, r in enumerate(roles)}
    out[None] = "hb-an-sans-role"
    return out


# --- (a) subscribing ------------------------------------------------------------------------


@dataclass(frozen=True)
class Flux:
    """One feed as the page shows it."""

    role: Role | None
    nom: str
    fichier: str
    lien: str
    adresse: str | None
    nombre: int


def abonnement_calendrier(ctx: Contexte, site_url: str | None = None) -> Markup:
    """The feeds (download links, subscription addresses) and how to subscribe in each agenda.

    Args:
        ctx: The render context.
        site_url: The published site's address (MkDocs' ``site_url``); without it the page
            says that subscribing needs the published address.
    """
    tous = ctx.evenements
    flux = [
        Flux(
            role=role,
            nom=nom_calendrier(ctx.hb, role.id if role else None),
            fichier=nom_flux(role.id if role else None),
            lien=ctx.liens.fichier(nom_flux(role.id if role else None)),
            adresse=url_flux(site_url, role.id if role else None) if site_url else None,
            nombre=len(evenements_du_flux(tous, role.id if role else None)),
        )
        for role in [None, *ctx.hb.roles.roles]
    ]
    # A feed with no event is still written (a subscription keeps working when the role
    # later gets events), but not offered: nobody should subscribe to an empty calendar.
    # Nor is a role's feed that holds every event of the practice (a practice of one, or
    # one role doing everything): the practice's own feed is the same calendar.
    total = flux[0].nombre
    vides = [f for f in flux if f.nombre == 0 and f.role is not None]
    doublons = [f for f in flux if f.role is not None and f.nombre == total > 0]
    flux = [f for f in flux if f.role is None or 0 < f.nombre < total]
    return rendre(
        "abonnement.md.j2",
        ctx=ctx,
        flux=flux,
        vides=vides,
        doublons=doublons,
        site_url=site_url or None,
    )


# --- (b) the feeds' events as a table -------------------------------------------------------


def evenements_calendrier(ctx: Contexte) -> Markup:
    """Every event of ``calendrier.ics``, in the order of their first date."""
    return rendre(
        "annee_evenements.md.j2",
        ctx=ctx,
        items=ctx.evenements,
        ids=_ids(ctx.evenements),
        quand=quand,
        sigles=sigles(ctx.hb.roles.roles),
        couleurs=_couleurs(ctx.hb.roles.roles),
    )


# --- (c) the year at a glance ---------------------------------------------------------------


@dataclass
class Marque:
    """The events of one genre and one role on one day, shown as one mark."""

    genre: str
    role: str | None
    evenements: list[EvenementCalendrier] = field(default_factory=list)


@dataclass
class Jour:
    """A day of the month grid and its marks."""

    date: date
    marques: list[Marque]
    aujourdhui: bool

    @property
    def evenements(self) -> list[EvenementCalendrier]:
        """Every event of the day, in the marks' order."""
        return [ev for m in self.marques for ev in m.evenements]


@dataclass
class Mois:
    """A month of the year view: its weeks (``None`` outside the month) and its counts."""

    numero: int
    nom: str
    semaines: list[list[Jour | None]]
    comptes: dict[str, int]

    @property
    def total(self) -> int:
        """Number of events in the month."""
        return sum(self.comptes.values())

    @property
    def lignes(self) -> list[list[Jour | int]]:
        """Each week as the grid draws it: the month's days, and each run of days outside
        the month as one blank cell of that many columns."""
        out: list[list[Jour | int]] = []
        for semaine in self.semaines:
            ligne: list[Jour | int] = []
            for jour in semaine:
                if jour is not None:
                    ligne.append(jour)
                elif ligne and isinstance(ligne[-1], int):
                    ligne[-1] += 1
                else:
                    ligne.append(1)
            out.append(ligne)
        return out


_ORDRE = {"echeance": 0, "controle": 1, "routine": 2}


def _mois(ctx: Contexte) -> list[Mois]:
    hb = ctx.hb
    annee = hb.calendrier.annee
    ordre_roles = {r.id: i for i, r in enumerate(hb.roles.roles)}
    par_jour: dict[date, dict[tuple[str, str | None], Marque]] = defaultdict(dict)
    for jour, ev in occurrences_annee(hb, ctx.evenements):
        key = (ev.genre, ev.role)
        marque = par_jour[jour].setdefault(key, Marque(ev.genre, ev.role))
        marque.evenements.append(ev)
    out: list[Mois] = []
    grille = _cal.Calendar(firstweekday=0)
    for n in range(1, 13):
        semaines: list[list[Jour | None]] = []
        comptes = {"echeance": 0, "routine": 0, "controle": 0}
        for semaine in grille.monthdatescalendar(annee, n):
            ligne: list[Jour | None] = []
            for d in semaine:
                if d.month != n:
                    ligne.append(None)
                    continue
                marques = sorted(
                    par_jour.get(d, {}).values(),
                    key=lambda m: (_ORDRE[m.genre], ordre_roles.get(m.role or "", 99)),
                )
                for m in marques:
                    comptes[m.genre] += len(m.evenements)
                ligne.append(Jour(d, marques, d == hb.aujourdhui))
            semaines.append(ligne)
        out.append(Mois(n, MOIS[n - 1], semaines, comptes))
    return out


def vue_annee(ctx: Contexte) -> Markup:
    """Twelve month grids of ``calendrier.annee``, each event marked with its role's letter
    and described by its row in :func:`evenements_calendrier`'s table (same page)."""
    return rendre(
        "annee.md.j2",
        ctx=ctx,
        annee=ctx.hb.calendrier.annee,
        mois=_mois(ctx),
        ids=_ids(ctx.evenements),
        jours=_JOURS,
        sigles=sigles(ctx.hb.roles.roles),
        couleurs=_couleurs(ctx.hb.roles.roles),
    )
