"""The private overlay: dossier numbers and personal e-mails, outside git.

``data/private.yml`` (or the file named by ``HANDBOOK_PRIVATE``) is ignored by
git. A **private build** (the default locally when the file exists) fills the
support e-mails and member pages with its values and marks every page « Contient
des données personnelles — ne pas publier ». A **public build**
(``HANDBOOK_PUBLIC=1``, always in CI) never opens the file.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from macros.donnees.lecteur import DocumentYaml
from macros.donnees.problemes import Probleme
from macros.donnees.types import Email, Identifiant, Telephone, erreur, suggestion

__all__ = ["DonneesPrivees", "FichierPrive", "NumeroDossier", "verifier_prive"]


def _texte_numero(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        raise erreur(
            "prive.numero-sans-guillemets",
            f"numéro de dossier {value} sans guillemets",
            f'écrivez-le entre guillemets, par exemple "{value:07d}", pour garder les zéros '
            "du début",
        )
    return value


def _numero(value: str) -> str:
    value = value.strip().replace(" ", "")
    if not re.fullmatch(r"[0-9]+", value):
        raise erreur(
            "prive.numero-invalide",
            f"numéro de dossier « {value[:20]} » invalide",
            "il ne contient que des chiffres",
        )
    return value


NumeroDossier = Annotated[
    str,
    BeforeValidator(_texte_numero),
    AfterValidator(_numero),
    WithJsonSchema({"type": "string", "pattern": "^[0-9 ]+$"}),
]
"""A CARPIMKO dossier number: digits only, kept as text."""


class DonneesPrivees(BaseModel):
    """A member's identifying details: only in a private build, never in git."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    numero_dossier: NumeroDossier | None = Field(
        None,
        description='Numéro de dossier CARPIMKO, entre guillemets ("0000000") pour garder '
        "les zéros du début.",
    )
    email: Email | None = Field(None, description="Adresse e-mail de référence du compte.")
    telephone: Telephone | None = Field(None, description="Téléphone personnel.")


class FichierPrive(BaseModel):
    """``data/private.yml``: dossier numbers and personal e-mails, by member id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    membres: dict[Identifiant, DonneesPrivees] = Field(default_factory=dict, max_length=2000)

    def valeurs(self) -> list[str]:
        """Every private value, for the scan that proves none is published."""
        return [
            v for d in self.membres.values() for v in (d.numero_dossier, d.email, d.telephone) if v
        ]


def verifier_prive(
    doc: DocumentYaml,
    prive: FichierPrive | None,
    membres: set[str] | None,
    equipe: str = "data/equipe.yml",
) -> list[Probleme]:
    """Unknown members are errors; unusual dossier-number lengths are warnings.

    Unknown members are found from the file as written, so that they are reported even
    when another value of the file is invalid (``prive`` is then ``None``). The length
    rule (7 digits, 9 for a survivor's pension) is not confirmed by the CARPIMKO, so it
    only warns.
    """
    out: list[Probleme] = []
    brut = doc.data.get("membres") if isinstance(doc.data, dict) else None
    if membres is not None and isinstance(brut, dict):
        for membre_id in brut:
            if membre_id not in membres:
                out.append(
                    doc.probleme(
                        ("membres", membre_id),
                        f"membre « {membre_id} » inconnu",
                        f"membres définis dans {equipe} : {', '.join(sorted(membres))}"
                        + suggestion(str(membre_id), sorted(membres)),
                        code="prive.membre-inconnu",
                        key=True,
                    )
                )
    for membre_id, donnees in prive.membres.items() if prive else ():
        numero = donnees.numero_dossier
        if numero is not None and len(numero) not in (7, 9):
            out.append(
                doc.probleme(
                    ("membres", membre_id, "numero_dossier"),
                    f"numéro de dossier de {len(numero)} chiffres",
                    "il en compte habituellement 7 (9 pour une pension de réversion) : "
                    "à vérifier auprès de la CARPIMKO",
                    code="prive.longueur-numero",
                    warn=True,
                )
            )
    return out
