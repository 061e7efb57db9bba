"""Rules of ``journal.yml``: known members, a second person validates (when there is one),
no future change."""

from __future__ import annotations

from collections.abc import Iterator

from macros.donnees.regles._outils import Constat, Donnees, membre_inconnu, regle


@regle("journal.membre-inconnu", fichiers=("journal", "equipe"))
def membre_inconnu_du_journal(d: Donnees) -> Iterator[Constat]:
    for i, e in d.elements("journal", "entrees"):
        for champ in ("auteur", "pour", "valide_par"):
            yield from membre_inconnu(d, "journal", ("entrees", i, champ), getattr(e, champ))


@regle("journal.auto-validation", fichiers=("journal",))
def auto_validation(d: Donnees) -> Iterator[Constat]:
    for i, e in d.elements("journal", "entrees"):
        if e.valide_par == e.auteur:
            yield Constat(
                "journal",
                ("entrees", i, "valide_par"),
                f"« {e.auteur} » valide son propre changement",
                "un changement sensible est validé par une autre personne que son auteur : "
                "indiquez le membre qui a fait la seconde validation",
            )


@regle("journal.sans-seconde-validation", fichiers=("journal", "equipe"))
def sans_seconde_validation(d: Donnees) -> Iterator[Constat]:
    """Someone else validates a sensitive change, when someone else was there to do it.

    A practitioner alone in the practice on that day has nobody to ask: the entry then has
    no ``valide_par``, and the journal says the change was made alone.
    """
    for i, e in d.elements("journal", "entrees"):
        if e.valide_par is None and d.autre_au_cabinet(e.auteur, e.date):
            yield Constat(
                "journal",
                ("entrees", i),
                f"changement du {e.date.isoformat()} sans seconde validation, alors que "
                f"« {e.auteur} » n'était pas seul(e) au cabinet",
                "ajoutez « valide_par: <identifiant du membre qui a validé> » : un changement "
                "sensible est validé par une autre personne que son auteur",
                cle=True,
            )


@regle("journal.date-future", fichiers=("journal",))
def date_future(d: Donnees) -> Iterator[Constat]:
    for i, e in d.elements("journal", "entrees"):
        if e.date > d.aujourdhui:
            yield Constat(
                "journal",
                ("entrees", i, "date"),
                f"date future ({e.date.isoformat()})",
                "le journal ne contient que des changements déjà faits",
                avertissement=True,
            )
