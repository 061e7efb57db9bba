"""Rules of ``cabinet.yml``: the handbook's approver, archive templates, version history."""

from __future__ import annotations

from collections.abc import Iterator

from macros.donnees.catalogue import PAGES
from macros.donnees.regles._outils import Constat, Donnees, defauts_modele, membre_inconnu, regle
from macros.donnees.types import suggestion

#: Fields of the archive file-name template.
CHAMPS_ARCHIVAGE = ("annee", "membre", "document", "date")


@regle("cabinet.approbateur-inconnu", fichiers=("cabinet", "equipe"))
def approbateur_inconnu(d: Donnees) -> Iterator[Constat]:
    manuel = d.cabinet.manuel  # None: refused by the schema, already reported
    if manuel is not None:
        yield from membre_inconnu(d, "cabinet", ("manuel", "approbateur"), manuel.approbateur)


@regle("cabinet.modele-archivage", fichiers=("cabinet",))
def modele_archivage(d: Donnees) -> Iterator[Constat]:
    archivage = d.cabinet.archivage
    if archivage is None:
        return
    for name, champ in (("modele_nom", archivage.modele_nom), ("dossiers", archivage.dossiers)):
        if champ is None:
            continue
        yield from defauts_modele(
            "cabinet", ("archivage", name), champ, CHAMPS_ARCHIVAGE, "{annee}"
        )


@regle("cabinet.page-inconnue", fichiers=("cabinet",))
def page_inconnue(d: Donnees) -> Iterator[Constat]:
    for i, version in d.elements("cabinet", "manuel", "historique"):
        for j, page in enumerate(version.pages):
            if page not in PAGES:
                yield Constat(
                    "cabinet",
                    ("manuel", "historique", i, "pages", j),
                    f"page « {page} » inconnue",
                    f"pages possibles : {', '.join(PAGES)}" + suggestion(page, list(PAGES)),
                )


@regle("cabinet.version-hors-historique", fichiers=("cabinet",), complets=("cabinet",))
def version_hors_historique(d: Donnees) -> Iterator[Constat]:
    manuel = d.cabinet.manuel
    if manuel is None or manuel.version is None:
        return
    if manuel.historique and manuel.version not in {v.version for v in manuel.historique}:
        yield Constat(
            "cabinet",
            ("manuel", "version"),
            f"la version {manuel.version} n'apparaît pas dans « historique »",
            "ajoutez-la en tête de l'historique, avec ce qui a changé, pour la page Quoi de neuf",
            avertissement=True,
        )
