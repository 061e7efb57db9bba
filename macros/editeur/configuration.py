"""The form editor's configuration (Decap CMS / Sveltia CMS), built from the data model.

Minimal version (the team's members only), enough for the local editor's server and its
tests: it is replaced by the configuration generated from the whole model (branch
``editeur-config``), with the same signature.
"""

from __future__ import annotations

from typing import Any

from macros.donnees.modele import MethodeAcces, Profession, Rythme, Situation

__all__ = ["config_editeur"]


def _choix(enum: type[MethodeAcces | Profession | Rythme | Situation]) -> list[str]:
    return [m.value for m in enum]


def config_editeur(
    *, backend: dict[str, Any], dossier: str = "data", media: str = "docs/assets"
) -> dict[str, Any]:
    """A Decap CMS configuration: one file collection ``donnees``, one entry per data file."""
    membres = {
        "name": "membres",
        "label": "Membres",
        "label_singular": "membre",
        "widget": "list",
        "summary": "{{fields.nom}}",
        "fields": [
            {"name": "id", "label": "Identifiant", "widget": "string"},
            {"name": "nom", "label": "Prénom et nom", "widget": "string"},
            {
                "name": "profession",
                "label": "Profession",
                "widget": "select",
                "options": _choix(Profession),
                "required": False,
            },
            {
                "name": "situation",
                "label": "Situation",
                "widget": "select",
                "options": _choix(Situation),
            },
            {
                "name": "methode_acces",
                "label": "Méthode d'accès",
                "widget": "select",
                "options": _choix(MethodeAcces),
                "required": False,
            },
            {
                "name": "back_up",
                "label": "Back-up",
                "widget": "relation",
                "collection": "donnees",
                "file": "equipe",
                "value_field": "membres.*.id",
                "search_fields": ["membres.*.nom"],
                "display_fields": ["membres.*.nom"],
                "required": False,
            },
            {
                "name": "paiement",
                "label": "Paiement",
                "widget": "object",
                "required": False,
                "fields": [
                    {
                        "name": "rythme",
                        "label": "Rythme",
                        "widget": "select",
                        "options": _choix(Rythme),
                        # Decap checks the fields of an optional object left empty too.
                        "required": False,
                    },
                    {
                        "name": "prelevement",
                        "label": "Prélèvement",
                        "widget": "boolean",
                        "required": False,
                    },
                ],
            },
        ],
    }
    return {
        "backend": backend,
        "locale": "fr",
        "media_folder": media,
        "collections": [
            {
                "name": "donnees",
                "label": "Données",
                "editor": {"preview": False},
                "files": [
                    {
                        "name": "equipe",
                        "label": "Équipe",
                        "file": f"{dossier}/equipe.yml",
                        "fields": [membres],
                    }
                ],
            }
        ],
    }
