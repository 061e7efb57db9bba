"""Rules of ``calendrier.yml``: who does each routine, its months, the échéances' year."""

from __future__ import annotations

from collections.abc import Iterator

from macros.donnees.modele import FREQUENCES_ROUTINE, Frequence
from macros.donnees.regles._outils import (
    Constat,
    Donnees,
    procedure_inconnue,
    regle,
    role_inconnu,
)

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
