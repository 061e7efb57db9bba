"""« Modifier cette page »: each page's link to the form of the data that feeds it.

Each page of ``docs/`` says which data file feeds it, in its front matter
(``hb_donnees: equipe``); ``tous`` opens the list of every data file (a page of prose, such
as the glossary, has no file of its own). The generated pages follow their folder: a
member's page (``equipe/<id>/``) opens the team's form, a role's page the roles' form.

The link goes to the editor that can write the data:

* under ``python -m macros edit``, the local editor (``HANDBOOK_EDITEUR``, set by that
  command: http://127.0.0.1:8081/ by default);
* on the published site (``HANDBOOK_DEPOT`` set), the editor at ``admin/`` beside the pages
  (:mod:`macros.editeur.publication`).

Elsewhere (``make serve``, ``make site`` without a repository, the offline bundle) there is
no editor to open, so no link. Both editors read the same configuration, one collection
``donnees`` with one form per data file, and open a form at
``#/collections/donnees/entries/<fichier>``.
"""

from __future__ import annotations

import logging
from typing import Any

from macros.donnees.modele import FICHIERS
from macros.donnees.reglages import Reglages
from macros.editeur.publication import ADRESSE_EDITEUR
from macros.site.etat import construction

__all__ = ["CLE", "TOUS", "adresse_editeur", "fichier_de_la_page", "lien_modifier", "preparer"]

#: The front-matter key of a page of ``docs/`` that names its data file.
CLE = "hb_donnees"
#: Its value for a page that no single data file feeds: the list of every form.
TOUS = "tous"
#: Generated pages, by folder.
_DOSSIERS = {"equipe/": "equipe", "roles/": "roles"}
_journal = logging.getLogger("mkdocs.plugins.manuel")
#: Pages without the link: the whole handbook on one page (printed, never edited as such).
_SANS_LIEN = ("print_page.md",)


def adresse_editeur(reglages: Reglages) -> str:
    """The editor's address for the links: absolute (the local editor), relative to the
    site's root (``admin/``, the published one), or empty (no editor)."""
    if reglages.editeur:
        return reglages.editeur
    return ADRESSE_EDITEUR if reglages.depot else ""


def fichier_de_la_page(src_uri: str, meta: dict[str, Any]) -> str:
    """The data file that feeds a page (a key of :data:`FICHIERS`), or :data:`TOUS`.

    A page without the key (a page a practice added) opens every form. An unknown value is
    a French warning, which fails ``make site`` (``--strict``) wherever it is built, and
    only shows under ``make serve``.
    """
    for dossier, fichier in _DOSSIERS.items():
        if src_uri.startswith(dossier):
            return fichier
    valeur = meta.get(CLE, TOUS)
    if valeur == TOUS or valeur in FICHIERS:
        return str(valeur)
    _journal.warning(
        f"docs/{src_uri} : « {CLE}: {valeur} » ne nomme aucun fichier de données (valeurs "
        f"possibles : {', '.join(FICHIERS)}, {TOUS}) ; « Modifier cette page » y ouvre tous "
        "les formulaires."
    )
    return TOUS


def lien_modifier(page: Any, adresse: str) -> str:
    """The « Modifier cette page » address of ``page`` (an MkDocs page), or ``""``.

    A relative editor address is made relative to the page (``../../admin/`` from
    ``equipe/claire-durand/``), so that the link works wherever the site is published.
    """
    src = page.file.src_uri
    if src in _SANS_LIEN:
        return ""
    fichier = fichier_de_la_page(src, page.meta or {})  # checked even without an editor
    if not adresse:
        return ""
    if "://" not in adresse:
        adresse = "../" * page.url.count("/") + adresse
    return adresse + "#/collections/donnees" + ("" if fichier == TOUS else f"/entries/{fichier}")


def preparer(page: Any, config: Any) -> None:
    """Put the page's « Modifier cette page » address in ``page.meta["hb_modifier"]``, which
    the theme (``macros/site/theme/main.html``) shows; nothing when the data is invalid."""
    reglages = construction(config).reglages
    adresse = adresse_editeur(reglages) if reglages is not None else ""
    page.meta["hb_modifier"] = lien_modifier(page, adresse)
