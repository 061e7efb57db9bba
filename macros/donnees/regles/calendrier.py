"""Rules of ``calendrier.yml``: who does each routine, its months, the échéances' year and
their place after the routine that prepares them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from macros.donnees.modele import FREQUENCES_ROUTINE, Frequence, Routine
from macros.donnees.recurrence import occurrences
from macros.donnees.regles._outils import (
    Constat,
    Donnees,
    procedure_inconnue,
    regle,
    role_inconnu,
)
from macros.texte import date_fr

#: Months in the year of each frequency that has months (a monthly routine has none).
_MOIS_PAR_AN = {Frequence.trimestrielle: 4, Frequence.semestrielle: 2, Frequence.annuelle: 1}


@regle("calendrier.role-inconnu", fichiers=("calendrier", "roles"))
def role_inconnu_du_calendrier(d: Donnees) -> Iterator[Constat]:
    for liste in ("routines", "echeances"):
        for i, item in d.elements("calendrier", liste):
            yield from role_inconnu(d, "calendrier", (liste, i, "role"), item.role)


@regle("calendrier.procedure-inconnue", fichiers=("calendrier", "procedures"))
def procedure_inconnue_du_calendrier(d: Donnees) -> Iterator[Constat]:
    for liste in ("routines", "echeances"):
        for i, item in d.elements("calendrier", liste):
            yield from procedure_inconnue(d, "calendrier", (liste, i, "procedure"), item.procedure)


@regle("calendrier.frequence-impossible", fichiers=("calendrier",))
def frequence_impossible(d: Donnees) -> Iterator[Constat]:
    for i, r in d.elements("calendrier", "routines"):
        if r.frequence not in FREQUENCES_ROUTINE:
            yield Constat(
                "calendrier",
                ("routines", i, "frequence"),
                f"fréquence « {r.frequence.value} » impossible pour une routine du calendrier",
                f"valeurs possibles : {', '.join(f.value for f in FREQUENCES_ROUTINE)}",
            )


@regle("calendrier.nombre-de-mois", fichiers=("calendrier",))
def nombre_de_mois(d: Donnees) -> Iterator[Constat]:
    """The months fit the frequency (a routine whose frequency is impossible is skipped)."""
    for i, r in d.elements("calendrier", "routines"):
        if r.frequence not in FREQUENCES_ROUTINE:
            continue
        n = _MOIS_PAR_AN.get(r.frequence)
        if n is None and r.mois:
            yield Constat(
                "calendrier",
                ("routines", i, "mois"),
                f"une routine {r.frequence.libelle.lower()} n'a pas de « mois »",
                "retirez la clé mois",
                cle=True,
            )
        elif n is not None and len(r.mois) != n:
            yield Constat(
                "calendrier",
                ("routines", i, "mois"),
                f"une routine {r.frequence.libelle.lower()} a {n} mois dans l'année, "
                f"pas {len(r.mois)}",
                f"écrivez par exemple « mois: {[1, 4, 7, 10][:n] if n != 2 else [1, 7]} »",
                cle=bool(r.mois),
            )


@regle("calendrier.mois-repete", fichiers=("calendrier",))
def mois_repete(d: Donnees) -> Iterator[Constat]:
    for i, r in d.elements("calendrier", "routines"):
        if r.frequence in FREQUENCES_ROUTINE and len(set(r.mois)) != len(r.mois):
            yield Constat("calendrier", ("routines", i, "mois"), "un mois est répété")


@regle("calendrier.echeance-hors-annee", fichiers=("calendrier",))
def echeance_hors_annee(d: Donnees) -> Iterator[Constat]:
    annee = d.calendrier.annee
    for i, e in d.elements("calendrier", "echeances"):
        if annee is not None and e.date.year != annee:
            yield Constat(
                "calendrier",
                ("echeances", i, "date"),
                f"échéance en {e.date.year}, hors de l'année {annee} du calendrier",
                "vérifiez l'année, ou mettez à jour « annee: »",
                avertissement=True,
            )


#: The routines whose cycle is long enough for an échéance to fall in the wrong one: a
#: weekly or monthly routine comes round again within days, whatever the échéance's date.
_RARES = (Frequence.trimestrielle, Frequence.semestrielle, Frequence.annuelle)


def _autour(r: Routine, jour: date) -> tuple[date, date] | None:
    """The occurrences of ``r`` on or before ``jour`` and after it (``None``: no such pair)."""
    try:
        avant = occurrences(r, jour - timedelta(days=400), jour)
        apres = occurrences(r, jour + timedelta(days=1), jour + timedelta(days=400))
    except OverflowError:  # a date at the end of the calendar: nothing to compare
        return None
    return (avant[-1], apres[0]) if avant and apres else None


@regle("calendrier.echeance-avant-routine", fichiers=("calendrier",))
def echeance_avant_routine(d: Donnees) -> Iterator[Constat]:
    """An échéance prepared by a routine comes after that routine, not before its next run.

    An échéance and a routine are linked by their ``procedure``: the routine runs the
    procedure whose result the échéance awaits. For a routine of a few runs a year
    (quarterly, half-yearly, yearly), the échéance must be closer to the run before it than
    to the next one; otherwise it falls in the next cycle, before the run that does the
    work (« Bilan des paiements 2026 » due on 22 December, made by the January routine).
    Weekly and monthly routines are not judged: one comes round within weeks of any date.
    """
    routines = [
        r for _, r in d.elements("calendrier", "routines") if r.frequence in FREQUENCES_ROUTINE
    ]
    for i, e in d.elements("calendrier", "echeances"):
        liees = [r for r in routines if e.procedure is not None and r.procedure == e.procedure]
        if not liees or any(r.frequence not in _RARES for r in liees):
            continue
        retards: list[tuple[date, Routine]] = []
        for r in liees:
            autour = _autour(r, e.date)
            if autour is None:
                break
            avant, apres = autour
            if e.date - avant <= apres - e.date:
                break
            retards.append((apres, r))
        else:
            if not retards:
                continue
            apres, r = min(retards, key=lambda x: x[0])
            yield Constat(
                "calendrier",
                ("echeances", i, "date"),
                f"échéance du {date_fr(e.date)}, avant la prochaine routine « {r.id} » qui la "
                f"prépare (le {date_fr(apres)}, procédure « {e.procedure} »)",
                "datez l'échéance peu après une occurrence de la routine, ou changez les mois "
                "de la routine",
            )
