"""JSON Schemas of the data files, for the editor: ``python -m macros.sorties.schemas``.

``make schemas`` writes one schema per data file into ``macros/schemas/``
(``equipe.schema.json`` for ``data/equipe.yml``…). Each data file names its
schema on its first line::

    # yaml-language-server: $schema=../macros/schemas/equipe.schema.json

so that an editor with the YAML extension (VS Code, VSCodium…) completes the keys,
shows the French help of each field on hover and underlines mistakes as you type.

The schemas come from the pydantic model (:mod:`macros.donnees.modele`), with three changes:

* the texts a cabinet reads are French: the model's class docstrings are written
  for developers (in English), so each class gets its French title and description
  from :data:`TEXTES`, and fields without a description get one from
  :data:`DESCRIPTIONS`;
* they target JSON Schema draft-07, the version the YAML language server
  implements (it warns on 2020-12): ``definitions`` instead of ``$defs``, and a
  ``$ref`` never has siblings (they are ignored in draft-07), so it is wrapped in
  ``allOf``;
* the output is deterministic (sorted keys, two-space indent, final newline), so a
  stale schema shows as a diff and the tests can compare it with a fresh one.

The model stays the reference: the handbook validates with pydantic, whose rules
(cross-file references, French messages) go further than a schema can.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from macros.donnees.carpimko import FichierFaitsCarpimko
from macros.donnees.chargement import ENTETE_SCHEMA
from macros.donnees.modele import FICHIERS
from macros.donnees.prive import FichierPrive
from macros.donnees.reglages import DOSSIER_PROJET
from macros.donnees.types import Choix

__all__ = [
    "DESCRIPTIONS",
    "DRAFT",
    "SCHEMAS",
    "SCHEMAS_DIR",
    "TEXTES",
    "chemin",
    "main",
    "modeline",
    "nom_du_schema",
    "non_traduits",
    "schema",
    "texte",
]

#: Where the schemas are written (``macros/schemas/``).
SCHEMAS_DIR = Path(__file__).resolve().parents[1] / "schemas"
#: The editor settings that map each schema to its file name (VS Code's YAML extension).
VSCODE = DOSSIER_PROJET / ".vscode" / "settings.json"

#: The JSON Schema version of the output (the YAML language server's).
DRAFT = "http://json-schema.org/draft-07/schema#"

#: Each data file (its stem in ``data/``) and the class that reads it; and the product's
#: own facts file (``macros/donnees/faits-carpimko.yml``), for whoever maintains it.
SCHEMAS: dict[str, type[BaseModel]] = {
    **FICHIERS,
    "private": FichierPrive,
    "faits-carpimko": FichierFaitsCarpimko,
}

_SLUG = "^[a-z0-9]+(?:-[a-z0-9]+)*$"

#: French title and description of each class of the model, shown by the editor.
TEXTES: dict[str, tuple[str, str]] = {
    # One per data file.
    "FichierCabinet": (
        "data/cabinet.yml — le cabinet",
        "Identité du cabinet, coordonnées de la caisse, outils du cabinet, règle d'archivage "
        "et suivi des versions du manuel.",
    ),
    "FichierRoles": (
        "data/roles.yml — les rôles",
        "Les rôles de l'équipe. Un membre peut tenir plusieurs rôles (data/equipe.yml).",
    ),
    "FichierEquipe": (
        "data/equipe.yml — l'équipe",
        "Les membres de l'équipe. Pas de numéro de dossier ni d'adresse e-mail personnelle "
        "ici : ils vont dans data/private.yml, qui n'est jamais publié.",
    ),
    "FichierCalendrier": (
        "data/calendrier.yml — le calendrier",
        "Les routines du cabinet et les échéances datées de l'année.",
    ),
    "FichierActions": (
        "data/actions.yml — les actions clés",
        "Les actions clés et la répartition des responsabilités (matrice RACI).",
    ),
    "FichierProcedures": (
        "data/procedures.yml — les procédures",
        "Les procédures du cabinet : objectif, qui, durée, préparation et étapes.",
    ),
    "FichierSupport": (
        "data/support.yml — le Service client",
        "Les modèles d'e-mail pour le Service client CARPIMKO, et ce qu'il faut joindre, "
        "ne jamais inclure et demander.",
    ),
    "FichierJournal": (
        "data/journal.yml — le journal des changements sensibles",
        "Une entrée par changement sensible, le jour même, avec sa seconde validation. "
        "Aucune donnée bancaire.",
    ),
    "FichierPrive": (
        "data/private.yml — les données privées",
        "Numéros de dossier et coordonnées personnelles, par identifiant de membre. "
        "Ce fichier n'est jamais enregistré dans git ni publié.",
    ),
    "FichierFaitsCarpimko": (
        "macros/donnees/faits-carpimko.yml — les faits sur la CARPIMKO",
        "Ce que le manuel affirme sur la CARPIMKO, chaque fait avec ses sources. Ce fichier "
        "appartient à l'outil : il est le même pour tous les cabinets.",
    ),
    "FaitCarpimko": (
        "Fait sur la CARPIMKO",
        "Un fait que les pages affirment, avec ses sources et la date à laquelle il a été "
        "comparé à ses sources.",
    ),
    "SourceCarpimko": (
        "Source",
        "Une source des faits : qui la publie, son titre, son adresse, sa date et sa nature.",
    ),
    "NatureSource": (
        "Nature de la source",
        "officielle, tierce ou non_confirmee : un fait sans source officielle est marqué "
        "« à vérifier auprès de la CARPIMKO ».",
    ),
    # The parts of the files.
    "Identite": (
        "Le cabinet",
        "Qui est le cabinet : nom, professions exercées, adresse et contacts génériques.",
    ),
    "Adresse": ("Adresse postale", "Une adresse postale."),
    "Caisse": (
        "La caisse",
        "Les coordonnées de la CARPIMKO que le cabinet utilise, et la date à laquelle il "
        "les a vérifiées (vide tant qu'il ne l'a pas fait).",
    ),
    "Outils": (
        "Les outils du cabinet",
        "Les outils du cabinet, nommés pour que les procédures puissent y renvoyer.",
    ),
    "Archivage": (
        "Archivage",
        "La règle de nommage et de classement des attestations et des justificatifs.",
    ),
    "Manuel": (
        "Suivi du manuel",
        "Version, date de publication, approbation, prochaine revue et historique du manuel.",
    ),
    "Version": (
        "Version du manuel",
        "Une version publiée du manuel : sa date, ce qui a changé et les pages concernées.",
    ),
    "Role": (
        "Rôle",
        "Un rôle de l'équipe : ce qu'il fait, ce qu'il peut faire dans l'Espace personnel "
        "et ce qu'il ne doit jamais faire.",
    ),
    "Membre": ("Membre", "Une personne de l'équipe."),
    "Delegation": (
        "Délégation d'accès",
        "L'accès d'une autre personne de l'équipe à l'Espace personnel de ce membre.",
    ),
    "Situation": (
        "Situation auprès de la CARPIMKO",
        "Pourquoi ce membre a un compte CARPIMKO, et s'il cotise : titulaire, associe, "
        "collaborateur, remplacant, conjoint_collaborateur, retraite_cumul (tous cotisent), "
        "ayant_droit (un compte, pas de cotisation) ou non_affilie (pas de compte).",
    ),
    "Controle": (
        "Contrôle",
        "Un contrôle périodique du compte : audit (des accès), test (« Mot de passe oublié ») "
        "ou attestation (annuelle).",
    ),
    "Dispense": (
        "Dispense",
        "Un contrôle qui ne s'applique pas à ce membre, avec la raison, affichée sur sa page.",
    ),
    "Applicabilite": (
        "À qui cela s'applique",
        "Les situations et les méthodes de connexion concernées ; une liste vide veut dire "
        "« toutes ».",
    ),
    "Interlocuteurs": (
        "Autres interlocuteurs",
        "Les autres interlocuteurs du membre : des noms d'organismes, jamais de données "
        "personnelles.",
    ),
    "Paiement": ("Paiement des cotisations", "Comment le membre paie ses cotisations."),
    "Attestation": (
        "Attestation archivée",
        "Une attestation téléchargée et archivée pour une année.",
    ),
    "Routine": ("Routine", "Une tâche qui revient régulièrement."),
    "Echeance": ("Échéance", "Une échéance datée de l'année."),
    "Action": ("Action clé", "Une action clé et qui fait quoi (RACI)."),
    "Procedure": (
        "Procédure",
        "Une procédure du cabinet : objectif, rôles, durée, préparation et étapes.",
    ),
    "Etape": ("Étape", "Une étape d'une procédure : un verbe, une action."),
    "ModeleEmail": ("Modèle d'e-mail", "Un modèle d'e-mail pour le Service client CARPIMKO."),
    "EntreeJournal": (
        "Changement sensible",
        "Un changement sensible (RIB, prélèvement…) et la personne qui l'a validé. "
        "Aucune donnée bancaire.",
    ),
    "DonneesPrivees": (
        "Données privées d'un membre",
        "Les données d'identification d'un membre : seulement dans une version privée du "
        "manuel, jamais dans git.",
    ),
    # Closed lists of values.
    "Profession": ("Profession", "Une des cinq professions couvertes par la CARPIMKO."),
    "Statut": ("Statut CARPIMKO", "La situation de la personne vis-à-vis de la CARPIMKO."),
    "Article": (
        "Article du nom",
        "Article du nom du cabinet quand il suit « de » : le, la, l', les, ou aucun (nom propre).",
    ),
    "MethodeAcces": ("Méthode d'accès", "Comment la personne ouvre l'Espace personnel."),
    "Frequence": ("Fréquence", "À quel rythme l'action ou la routine a lieu."),
    "Rythme": ("Rythme de paiement", "À quel rythme les cotisations sont payées."),
    "Jour": ("Jour", "Un jour ouvré de la semaine."),
    "Partie": ("Partie du manuel", "La page du manuel où la procédure apparaît."),
    "TypeChangement": ("Type de changement", "La nature du changement sensible."),
}

#: French descriptions of the fields that have none in the model, by class and field.
#: The model's own description wins when it has one.
DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("FichierCabinet", "cabinet"): "Identité du cabinet.",
    ("FichierCabinet", "caisse"): "Coordonnées de la CARPIMKO utilisées par le cabinet.",
    ("FichierCabinet", "outils"): "Outils du cabinet cités dans les procédures.",
    ("FichierCabinet", "archivage"): "Règle de nommage des documents archivés.",
    ("FichierCabinet", "manuel"): "Version et revue du manuel.",
    ("FichierRoles", "roles"): "Les rôles de l'équipe (au moins un).",
    ("FichierEquipe", "membres"): "Les membres de l'équipe (au moins un).",
    ("Membre", "interlocuteurs"): "Autres interlocuteurs : mutuelle, prévoyance, comptable.",
    ("FichierCalendrier", "routines"): "Les tâches qui reviennent régulièrement.",
    ("FichierCalendrier", "echeances"): "Les échéances datées de l'année.",
    ("Routine", "id"): "Identifiant de la routine (ex. routine-mensuelle).",
    ("Routine", "titre"): "Titre affiché dans le manuel et dans l'agenda.",
    ("Routine", "description"): "Précisions sur la tâche.",
    ("Echeance", "id"): "Identifiant de l'échéance (ex. appel-cotisations).",
    ("Echeance", "date"): "Date de l'échéance, au format AAAA-MM-JJ (ex. 2026-01-15).",
    ("Echeance", "heure"): "Heure de l'échéance dans l'agenda, par exemple 09:00.",
    ("Echeance", "titre"): "Titre affiché dans le manuel et dans l'agenda.",
    ("Echeance", "role"): "Rôle responsable de l'échéance.",
    ("Echeance", "procedure"): "Procédure à suivre.",
    ("Echeance", "description"): "Précisions sur l'échéance.",
    ("FichierActions", "actions"): "Les actions clés (au moins une).",
    ("Action", "id"): "Identifiant de l'action (ex. connexion).",
    ("Action", "titre"): "Titre de l'action.",
    ("Action", "frequence"): "Fréquence de l'action.",
    ("Action", "procedure"): "Procédure qui détaille l'action.",
    ("Etape", "astuce"): "Astuce terrain pour cette étape.",
    ("FichierProcedures", "procedures"): "Les procédures du cabinet (au moins une).",
    ("Procedure", "id"): "Identifiant de la procédure (ex. connexion-franceconnect).",
    ("Procedure", "titre"): "Titre de la procédure.",
    ("Procedure", "objectif"): "Ce que la procédure permet d'obtenir.",
    ("Procedure", "roles"): "Rôles qui suivent cette procédure.",
    ("Procedure", "prerequis"): "Ce qu'il faut préparer avant de commencer.",
    ("Procedure", "etapes"): "Les étapes, dans l'ordre.",
    ("FichierSupport", "modeles"): "Les modèles d'e-mail (au moins un).",
    ("ModeleEmail", "id"): "Identifiant du modèle (ex. acces-espace-personnel).",
    ("ModeleEmail", "titre"): "Titre du modèle, affiché dans le manuel.",
    ("FichierJournal", "entrees"): "Les changements sensibles, un par entrée.",
    ("EntreeJournal", "date"): "Date du changement, au format AAAA-MM-JJ.",
    ("EntreeJournal", "changement"): "Nature du changement.",
    ("FichierPrive", "membres"): "Données privées de chaque membre, par identifiant "
    "(celui de data/equipe.yml).",
    ("FichierFaitsCarpimko", "faits"): "Les faits sur la CARPIMKO (au moins un).",
    ("FichierFaitsCarpimko", "sources"): "Les sources des faits (au moins une).",
}

#: Schema changes for fields whose type has no JSON Schema of its own in the model.
_SURCHARGES: dict[tuple[str, str], dict[str, Any]] = {
    # A RACI code: some of R, A, C, I, each at most once (the model normalises the order).
    ("Action", "raci"): {
        "type": "object",
        "propertyNames": {"pattern": _SLUG, "maxLength": 64},
        "additionalProperties": {"type": "string", "pattern": "^(?!.*(.).*\\1)[RACI]{1,4}$"},
    },
}


class _Generateur(GenerateJsonSchema):
    """Pydantic's generator without English field titles, with times written ``09:00``."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        # Titles made from key names (« Back Up », « Obtenue Le ») help no one: the key is
        # already on screen, and the editor shows the French description instead.
        return False

    def encode_default(self, dft: Any) -> Any:
        if isinstance(dft, time):
            return dft.strftime("%H:%M")
        return super().encode_default(dft)


def _sans_ref_voisine(node: Any) -> Any:
    """Wrap every ``$ref`` that has siblings in ``allOf`` (siblings are ignored in draft-07)."""
    if isinstance(node, list):
        return [_sans_ref_voisine(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _sans_ref_voisine(value) for key, value in node.items()}
    if "$ref" in out and len(out) > 1:
        out["allOf"] = [{"$ref": out.pop("$ref")}]
    return out


def _franciser(nom: str, definition: dict[str, Any], cls: type | None) -> None:
    """Give a class's schema its French texts (in place)."""
    if nom in TEXTES:
        definition["title"], definition["description"] = TEXTES[nom]
    else:  # test_schemas lists these: every class needs its French texts
        definition.pop("description", None)
    for champ, sous in definition.get("properties", {}).items():
        if (nom, champ) in _SURCHARGES:
            description = sous.get("description")
            sous.clear()
            sous.update(_SURCHARGES[nom, champ])
            if description:
                sous["description"] = description
        if "description" not in sous and (nom, champ) in DESCRIPTIONS:
            sous["description"] = DESCRIPTIONS[nom, champ]
    if cls is not None and issubclass(cls, Choix):
        # Shown next to each value in the editor's completion list.
        definition["enumDescriptions"] = [cls(v).libelle for v in definition["enum"]]


def _classes(racine: type[BaseModel]) -> dict[str, type]:
    """Every model and enumeration reachable from ``racine``, by class name."""
    found: dict[str, type] = {}

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel | Choix):
            if tp.__name__ in found:
                return
            found[tp.__name__] = tp
            if issubclass(tp, BaseModel):
                for info in tp.model_fields.values():
                    visit(info.annotation)
            return
        for arg in getattr(tp, "__args__", ()) or ():
            visit(arg)
        origin = getattr(tp, "__origin__", None)
        if origin is not None and origin is not tp:
            visit(origin)

    visit(racine)
    return found


def schema(nom: str) -> dict[str, Any]:
    """The JSON Schema of ``data/<nom>.yml``, as a plain dict."""
    cls = SCHEMAS[nom]
    raw = cls.model_json_schema(
        ref_template="#/definitions/{model}", schema_generator=_Generateur, mode="validation"
    )
    classes = _classes(cls)
    definitions: dict[str, Any] = raw.pop("$defs", {})
    for name, definition in definitions.items():
        _franciser(name, definition, classes.get(name))
    _franciser(cls.__name__, raw, cls)
    out: dict[str, Any] = {"$schema": DRAFT, **raw}
    if definitions:
        out["definitions"] = definitions
    return _sans_ref_voisine(out)


def texte(nom: str) -> str:
    """The schema of ``data/<nom>.yml`` as written to disk: stable JSON with a final newline."""
    return json.dumps(schema(nom), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def chemin(nom: str, dossier: Path = SCHEMAS_DIR) -> Path:
    """Where the schema of ``data/<nom>.yml`` is written."""
    return dossier / f"{nom}.schema.json"


def nom_du_schema(fichier: Path) -> str:
    """The schema a data file uses: ``equipe`` for ``equipe.yml``, ``private`` for
    ``private.example.yml``."""
    nom = fichier.name.removesuffix(".yml").removesuffix(".yaml")
    return nom.removesuffix(".example")


def modeline(nom: str) -> str:
    """The first line of ``data/<nom>.yml``, naming its schema for the editor."""
    return f"# yaml-language-server: $schema=../macros/schemas/{nom}.schema.json"


def entete(nom: str, dossier: Path) -> str:
    """The first line of ``<dossier>/<nom>.yml``: its schema, relative to ``dossier``."""
    relatif = Path(os.path.relpath(chemin(nom), dossier.resolve())).as_posix()
    return f"# yaml-language-server: $schema={relatif}"


def recrire_entetes(dossier: Path) -> list[Path]:
    """Point the ``$schema`` header of every data file of ``dossier`` at its schema.

    A file with no header gets one; a header that names another path (the folder was
    moved) is replaced. Returns the files changed.
    """
    changes: list[Path] = []
    for path in sorted(dossier.glob("*.yml")):
        nom = nom_du_schema(path)
        if nom not in SCHEMAS:
            continue
        texte_actuel = path.read_text(encoding="utf-8")
        premiere, _, reste = texte_actuel.partition("\n")
        ligne = entete(nom, dossier)
        if premiere == ligne:
            continue
        corps = reste if ENTETE_SCHEMA.match(premiere) else texte_actuel
        path.write_text(f"{ligne}\n{corps}", encoding="utf-8", newline="\n")
        changes.append(path)
    return changes


def parametres_vscode() -> str:
    """``.vscode/settings.json``: each schema for its data file's name, in any folder.

    The YAML extension uses it when a file has no ``$schema`` header, so that a data
    folder moved or created anywhere in the repository keeps its completion.
    """
    associations = {
        f"./macros/schemas/{nom}.schema.json": (
            [f"**/{nom}.yml", f"**/{nom}.example.yml"] if nom == "private" else [f"**/{nom}.yml"]
        )
        for nom in SCHEMAS
    }
    return json.dumps({"yaml.schemas": associations}, ensure_ascii=False, indent=2) + "\n"


def non_traduits() -> list[str]:
    """Class names (in any schema) that have no French title and description in :data:`TEXTES`."""
    noms: set[str] = set()
    for cls in SCHEMAS.values():
        noms.update(_classes(cls))
    return sorted(noms - set(TEXTES))


def main(argv: Sequence[str] | None = None) -> int:
    """Write the schemas (or, with ``--verifier``, only report the stale ones)."""
    parser = argparse.ArgumentParser(
        prog="python -m macros.sorties.schemas",
        description="Écrit les schémas JSON des fichiers de données (aide à la saisie).",
    )
    parser.add_argument(
        "--dossier", type=Path, default=SCHEMAS_DIR, help="dossier de sortie (défaut : %(default)s)"
    )
    parser.add_argument(
        "--verifier",
        action="store_true",
        help="vérifier sans écrire (code 1 si un schéma a changé)",
    )
    parser.add_argument(
        "--entetes",
        type=Path,
        metavar="DONNEES",
        help="récrire aussi l'en-tête $schema des fichiers de ce dossier de données",
    )
    ns = parser.parse_args(argv)
    sorties = {chemin(nom, ns.dossier): texte(nom) for nom in SCHEMAS}
    if ns.dossier == SCHEMAS_DIR:
        sorties[VSCODE] = parametres_vscode()
    perimes = []
    for path, contenu in sorties.items():
        ancien = path.read_text(encoding="utf-8") if path.is_file() else None
        if ancien == contenu:
            continue
        perimes.append(path)
        if not ns.verifier:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(contenu, encoding="utf-8", newline="\n")
    if ns.verifier and perimes:
        noms = ", ".join(p.name for p in perimes)
        print(f"Schémas à mettre à jour : {noms} ; lancez make schemas.", file=sys.stderr)
        return 1
    verbe = "à jour" if not perimes else f"écrits : {', '.join(p.name for p in perimes)}"
    print(f"Schémas {verbe} ({ns.dossier}).")
    if ns.entetes is not None and not ns.verifier:
        if not ns.entetes.is_dir():
            print(f"Dossier de données introuvable : {ns.entetes}.", file=sys.stderr)
            return 1
        changes = recrire_entetes(ns.entetes)
        noms = ", ".join(p.name for p in changes) if changes else "aucun changement"
        print(f"En-têtes $schema de {ns.entetes} : {noms}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
