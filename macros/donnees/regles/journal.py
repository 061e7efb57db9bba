"""Rules of ``journal.yml``: known members, a second person validates, no future change."""

from __future__ import annotations

from collections.abc import Iterator

from macros.donnees.regles._outils import Constat, Donnees, membre_inconnu, regle


@regle("journal.membre-inconnu", fichiers=("journal", "equipe"))
def membre_inconnu_du_journal(d: Donnees) -> Iterator[Constat]:
    for i, e in enumerate(d.journal.entrees):
        for champ in ("auteur", "pour", "valide_par"):
            yield from membre_inconnu(d, "journal", ("entrees", i, champ), getattr(e, champ))


@regle("journal.auto-validation", fichiers=("journal",))
def auto_validation(d: Donnees) -> Iterator[Constat]:
    for i, e in enumerate(d.journal.entrees):
        if e.valide_par == e.auteur:
            yield Constat(
                "journal",
                ("entrees", i, "valide_par"),
                f"« {e.auteur} » valide son propre changement",
                "un changement sensible est validé par une autre personne que son auteur : "
                "indiquez le membre qui a fait la seconde validation",
            )


@regle("journal.date-future", fichiers=("journal",))
def date_future(d: Donnees) -> Iterator[Constat]:
    for i, e in enumerate(d.journal.entrees):
        if e.date > d.aujourdhui:
            yield Constat(
                "journal",
                ("entrees", i, "date"),
                f"date future ({e.date.isoformat()})",
                "le journal ne contient que des changements déjà faits",
                avertissement=True,
            )
