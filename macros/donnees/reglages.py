"""The handbook's settings, read from environment variables.

Every command (``make check``, ``make site``, ``make serve``, the tests) reads the
same variables, so they always agree on which data is used.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from macros.donnees.problemes import DonneesInvalides, Probleme

__all__ = ["DOSSIER_PROJET", "ModePdf", "Reglages", "lire_reglages"]

#: The repository's root (the folder that holds mkdocs.yml).
DOSSIER_PROJET = Path(__file__).resolve().parents[2]

ModePdf = Literal["auto", "off", "required"]


@dataclass(frozen=True)
class Reglages:
    """What the environment asks of this build (the ``HANDBOOK_*`` variables)."""

    donnees: Path
    """Folder of the YAML data: ``HANDBOOK_DATA``, default ``data/``."""

    aujourdhui: date
    """The date the handbook is built for: ``HANDBOOK_TODAY`` (AAAA-MM-JJ), default today."""

    pdf: ModePdf
    """``HANDBOOK_PDF``: ``auto`` (default: PDF if a Chromium is found), ``off`` or ``required``."""

    public: bool
    """``HANDBOOK_PUBLIC=1``: a public build, which never reads the private file."""

    fichier_prive: Path
    """``HANDBOOK_PRIVATE``, default ``<data>/private.yml``."""

    depot: str = ""
    """``HANDBOOK_DEPOT``: the GitHub repository (``propriétaire/nom``) the published form
    editor commits to (``site/admin/``, :mod:`macros.editeur.publication`). Empty (the
    default): no published editor. The publication workflow sets it."""

    editeur: str = ""
    """``HANDBOOK_EDITEUR``: the address of a running local form editor, set by
    ``python -m macros edit`` for its preview (« Modifier cette page » opens it)."""

    @property
    def prive(self) -> Path | None:
        """The private file to read: ``None`` in a public build or when it does not exist."""
        if self.public or not self.fichier_prive.is_file():
            return None
        return self.fichier_prive

    @property
    def libelle_donnees(self) -> str:
        """The data folder as shown in messages (relative to the project when possible)."""
        try:
            return self.donnees.resolve().relative_to(DOSSIER_PROJET).as_posix()
        except ValueError:
            return self.donnees.as_posix()


def _aujourdhui() -> date:
    raw = os.environ.get("HANDBOOK_TODAY", "").strip()
    if not raw:
        return date.today()
    try:
        jour = date.fromisoformat(raw)
        if not 1900 <= jour.year <= 2100:  # the range the data's own dates are held to
            raise ValueError(raw)
        return jour
    except ValueError:
        raise DonneesInvalides(
            [
                Probleme(
                    "HANDBOOK_TODAY",
                    message=f"date « {raw} » invalide",
                    conseil="format attendu : AAAA-MM-JJ, entre 1900 et 2100, par exemple "
                    "HANDBOOK_TODAY=2026-01-15",
                    code="reglage.handbook-today",
                )
            ]
        ) from None


#: How people write yes and no in an environment variable.
_NON = ("0", "false", "non", "no")
_OUI = ("1", "true", "oui", "yes")


def _choix(variable: str, defaut: str, valeurs: dict[str, str], conseil: str, code: str) -> str:
    """The value of ``variable`` among ``valeurs`` (written form → value), or a French error."""
    brut = os.environ.get(variable, defaut).strip().lower() or defaut
    if brut in valeurs:
        return valeurs[brut]
    raise DonneesInvalides(
        [Probleme(variable, message=f"valeur « {brut} » inconnue", conseil=conseil, code=code)]
    )


def _pdf() -> ModePdf:
    valeurs = {"auto": "auto", "off": "off", "required": "required"}
    valeurs |= dict.fromkeys(_NON, "off") | dict.fromkeys(_OUI, "required")
    conseil = "valeurs possibles : auto, off, required"
    return _choix("HANDBOOK_PDF", "auto", valeurs, conseil, "reglage.handbook-pdf")  # type: ignore[return-value]


def _public() -> bool:
    conseil = "valeurs possibles : 1 (build public) ou 0 (build privé si data/private.yml existe)"
    valeurs = dict.fromkeys(("", *_NON), "non") | dict.fromkeys(_OUI, "oui")
    return _choix("HANDBOOK_PUBLIC", "", valeurs, conseil, "reglage.handbook-public") == "oui"


#: A GitHub repository as ``owner/name`` (GitHub's own rules for both parts).
_DEPOT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
#: The local editor's address: only ever on this machine.
_EDITEUR = re.compile(r"http://(?:127\.0\.0\.1|localhost):\d{1,5}/")


def _depot() -> str:
    brut = os.environ.get("HANDBOOK_DEPOT", "").strip()
    if not brut or _DEPOT.fullmatch(brut):
        return brut
    raise DonneesInvalides(
        [
            Probleme(
                "HANDBOOK_DEPOT",
                message=f"dépôt « {brut} » invalide",
                conseil="le dépôt GitHub du manuel, sous la forme propriétaire/nom, par exemple "
                "HANDBOOK_DEPOT=cabinet-du-parc/manuel ; vide : pas d'éditeur publié",
                code="reglage.handbook-depot",
            )
        ]
    )


def _editeur() -> str:
    brut = os.environ.get("HANDBOOK_EDITEUR", "").strip()
    return brut if _EDITEUR.fullmatch(brut) else ""


def lire_reglages() -> Reglages:
    """Read the settings from the environment. Raises :class:`DonneesInvalides` if one is wrong."""
    brut = os.environ.get("HANDBOOK_DATA", "").strip()
    donnees = Path(brut) if brut else DOSSIER_PROJET / "data"
    if not donnees.is_absolute():
        donnees = Path.cwd() / donnees
    brut_prive = os.environ.get("HANDBOOK_PRIVATE", "").strip()
    fichier_prive = Path(brut_prive) if brut_prive else donnees / "private.yml"
    if not fichier_prive.is_absolute():
        fichier_prive = Path.cwd() / fichier_prive
    return Reglages(
        donnees=donnees,
        aujourdhui=_aujourdhui(),
        pdf=_pdf(),
        public=_public(),
        fichier_prive=fichier_prive,
        depot=_depot(),
        editeur=_editeur(),
    )
