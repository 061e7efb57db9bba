"""Ids, in every file: unique in their list, and never the id of a page of the site."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

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


@regle("identifiants.page-reservee", fichiers=("roles",))
def page_de_role_reservee(d: Donnees) -> Iterator[Constat]:
    for i, r in enumerate(d.roles.roles):
        yield from _page_reservee(
            "roles", ("roles", i, "id"), r.id, page_role(r.id), "le nom du rôle (secretariat)"
        )


@regle("identifiants.page-reservee", fichiers=("equipe",))
def page_de_membre_reservee(d: Donnees) -> Iterator[Constat]:
    for i, m in enumerate(d.equipe.membres):
        yield from _page_reservee(
            "equipe",
            ("membres", i, "id"),
            m.id,
            page_membre(m.id),
            "le prénom et le nom (claire-martin)",
        )


def _liste(d: Donnees, fichier: str, cle: str, items: Iterable[Any]) -> Iterator[Constat]:
    return en_double(d, fichier, cle, (((cle, i, "id"), item.id) for i, item in enumerate(items)))


@regle("identifiants.en-double", fichiers=("roles",))
def roles_en_double(d: Donnees) -> Iterator[Constat]:
    return _liste(d, "roles", "roles", d.roles.roles)


@regle("identifiants.en-double", fichiers=("equipe",))
def membres_en_double(d: Donnees) -> Iterator[Constat]:
    return _liste(d, "equipe", "membres", d.equipe.membres)


@regle("identifiants.en-double", fichiers=("actions",))
def actions_en_double(d: Donnees) -> Iterator[Constat]:
    return _liste(d, "actions", "actions", d.actions.actions)


@regle("identifiants.en-double", fichiers=("procedures",))
def procedures_en_double(d: Donnees) -> Iterator[Constat]:
    return _liste(d, "procedures", "procedures", d.procedures.procedures)


@regle("identifiants.en-double", fichiers=("support",))
def modeles_en_double(d: Donnees) -> Iterator[Constat]:
    return _liste(d, "support", "modeles", d.support.modeles)


@regle("identifiants.en-double", fichiers=("calendrier",))
def calendrier_en_double(d: Donnees) -> Iterator[Constat]:
    """Routines and échéances share one list of ids (both become calendar events)."""
    cal = d.calendrier
    ids = [(("routines", i, "id"), r.id) for i, r in enumerate(cal.routines)]
    ids += [(("echeances", i, "id"), e.id) for i, e in enumerate(cal.echeances)]
    return en_double(d, "calendrier", "routines et echeances", ids)
