"""Ids, in every file: unique in their list, and never the id of a page of the site."""

from __future__ import annotations

from collections.abc import Iterator

from macros.donnees.catalogue import PAGES, TITRES, page_membre, page_remplacee, page_role, url_de
from macros.donnees.regles._outils import Chemin, Constat, Donnees, en_double, regle


def _page_reservee(
    fichier: str, path: Chemin, ident: str, src: str, exemple: str
) -> Iterator[Constat]:
    """An id whose generated page would replace a page of the site is refused."""
    remplacee = page_remplacee(src)
    if remplacee is None:
        return
    yield Constat(
        fichier,
        path,
        f"identifiant « {ident} » réservé : sa page ({url_de(src)}index.html) remplacerait "
        f"la page « {TITRES[remplacee]} » ({url_de(PAGES[remplacee])}index.html)",
        f"choisissez un autre identifiant, par exemple {exemple}",
    )


def _ids_ecrits(d: Donnees, fichier: str, liste: str) -> Iterator[tuple[Chemin, str]]:
    """The ids of a list as written, the items the schema refused included: a duplicate
    or a reserved id is reported in the same run as that item's other mistakes."""
    for i, x in d.bruts(fichier, liste):
        if isinstance(x.get("id"), str):
            yield (liste, i, "id"), x["id"]


@regle("identifiants.page-reservee", fichiers=("roles",))
def page_de_role_reservee(d: Donnees) -> Iterator[Constat]:
    for path, ident in _ids_ecrits(d, "roles", "roles"):
        yield from _page_reservee(
            "roles", path, ident, page_role(ident), "le nom du rôle (secretariat)"
        )


@regle("identifiants.page-reservee", fichiers=("equipe",))
def page_de_membre_reservee(d: Donnees) -> Iterator[Constat]:
    for path, ident in _ids_ecrits(d, "equipe", "membres"):
        yield from _page_reservee(
            "equipe", path, ident, page_membre(ident), "le prénom et le nom (claire-martin)"
        )


@regle("identifiants.en-double", fichiers=("roles",))
def roles_en_double(d: Donnees) -> Iterator[Constat]:
    return en_double(d, "roles", "roles", _ids_ecrits(d, "roles", "roles"))


@regle("identifiants.en-double", fichiers=("equipe",))
def membres_en_double(d: Donnees) -> Iterator[Constat]:
    return en_double(d, "equipe", "membres", _ids_ecrits(d, "equipe", "membres"))


@regle("identifiants.en-double", fichiers=("actions",))
def actions_en_double(d: Donnees) -> Iterator[Constat]:
    return en_double(d, "actions", "actions", _ids_ecrits(d, "actions", "actions"))


@regle("identifiants.en-double", fichiers=("procedures",))
def procedures_en_double(d: Donnees) -> Iterator[Constat]:
    return en_double(d, "procedures", "procedures", _ids_ecrits(d, "procedures", "procedures"))


@regle("identifiants.en-double", fichiers=("support",))
def modeles_en_double(d: Donnees) -> Iterator[Constat]:
    return en_double(d, "support", "modeles", _ids_ecrits(d, "support", "modeles"))


@regle("identifiants.en-double", fichiers=("calendrier",))
def calendrier_en_double(d: Donnees) -> Iterator[Constat]:
    """Routines and échéances share one list of ids (both become calendar events)."""
    ids = [*_ids_ecrits(d, "calendrier", "routines"), *_ids_ecrits(d, "calendrier", "echeances")]
    return en_double(d, "calendrier", "routines et echeances", ids)
