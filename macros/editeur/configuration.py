"""The form editor's configuration, generated from the model: ``python -m macros.editeur.configuration``.

:func:`config_editeur` returns the configuration that Decap CMS (3.x) and Sveltia CMS
(whose configuration is Decap's) read as ``config.yml``: one file collection, ``donnees``,
with one form per data file (``<dossier>/equipe.yml``…), its fields in the model's order.
Nothing in it is written by hand:

* each field's widget comes from its type: ``string`` (one line), ``text`` (long text),
  ``number`` (whole number, with the model's bounds), ``boolean``, ``select`` (a closed
  list, with the French labels of :func:`macros.donnees.types.libelles`), ``datetime``
  (a date only, written ``AAAA-MM-JJ``), ``list`` (of objects: ``fields``; of values:
  ``field``), ``object`` (a nested group of keys);
* constrained texts (ids, e-mail, phone, postal code, web address, time) get the model's
  regular expression and a French message, checked as the user types;
* every reference to an id of a data file is a ``relation``: a pick list of the ids that
  exist (:data:`REFERENCES`, one line per field that the rules check with ``role_inconnu``,
  ``membre_inconnu`` or ``procedure_inconnue``);
* labels are French (:data:`LIBELLES`), help texts are the model's field descriptions
  (or :data:`macros.sorties.schemas.DESCRIPTIONS` where the model has none).

``data/private.yml`` is never part of it: private data stays out of git and out of any
published editor (the local editor's private fields, if any, are not configured here).

What a form cannot check (references that must exist, a member who is their own back-up…)
the full validation (``make check``) reports on save: the form only catches what it can.

``make schemas`` writes ``macros/editeur/config.yml`` for the local backend
(:data:`BACKEND_LOCAL`), and ``--verifier`` only reports a stale file, like the schemas.
"""

from __future__ import annotations

import argparse
import sys
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

import annotated_types
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from macros.donnees import types as types_donnees
from macros.donnees.catalogue import PAGES, TITRES
from macros.donnees.modele import FICHIERS
from macros.donnees.types import (
    Choix,
    CodePostal,
    DateISO,
    Email,
    Heure,
    Identifiant,
    Telephone,
    TexteCourt,
    TexteLong,
    UrlWeb,
)
from macros.sorties.schemas import DESCRIPTIONS, TEXTES
from macros.texte import minuscule

__all__ = [
    "BACKEND_LOCAL",
    "COLLECTION",
    "FICHIERS_EDITES",
    "LIBELLES",
    "LIBELLES_FICHIERS",
    "NON_REFERENCES",
    "REFERENCES",
    "SORTIE",
    "Reference",
    "config_editeur",
    "main",
    "texte",
]

#: The committed configuration, for the local backend.
SORTIE = Path(__file__).resolve().parent / "config.yml"

#: The backend of the committed configuration: decap-server on 127.0.0.1 (``make edit``).
BACKEND_LOCAL: dict[str, Any] = {
    "name": "proxy",
    "proxy_url": "http://127.0.0.1:8081/api/v1",
    "branch": "main",
}

#: The name of the one collection (``#/collections/donnees/entries/equipe`` opens the team).
COLLECTION = "donnees"

#: The data files the editor shows: every file of the model (never ``private.yml``).
FICHIERS_EDITES: tuple[str, ...] = tuple(FICHIERS)

#: The title of each data file's form.
LIBELLES_FICHIERS: dict[str, str] = {
    "cabinet": "Le cabinet",
    "roles": "Les rôles",
    "equipe": "L'équipe",
    "calendrier": "Le calendrier",
    "actions": "Les actions clés",
    "procedures": "Les procédures",
    "support": "Le Service client",
    "journal": "Le journal des changements sensibles",
}


@dataclass(frozen=True)
class Reference:
    """The ids a field refers to: the list ``liste`` of data file ``fichier``, each item
    identified by ``cle`` and shown by ``affichage``."""

    fichier: str
    liste: str
    cle: str = "id"
    affichage: str = "nom"

    @property
    def value_field(self) -> str:
        """Decap's path of the ids in the file (``membres.*.id``)."""
        return f"{self.liste}.*.{self.cle}"

    @property
    def display_field(self) -> str:
        """Decap's path of what the pick list shows (``membres.*.nom``)."""
        return f"{self.liste}.*.{self.affichage}"


ROLE = Reference("roles", "roles", affichage="nom")
MEMBRE = Reference("equipe", "membres", affichage="nom")
PROCEDURE = Reference("procedures", "procedures", affichage="titre")

#: Every reference to an id of a data file, by (model class, field): the fields that the
#: rules check with ``role_inconnu``, ``membre_inconnu`` or ``procedure_inconnue``
#: (:mod:`macros.donnees.regles`). A test compares this table with the rules and with the
#: model's ``Identifiant`` fields.
REFERENCES: dict[tuple[str, str], Reference] = {
    # cabinet.yml
    ("Manuel", "approbateur"): MEMBRE,
    # roles.yml
    ("Role", "escalade"): ROLE,
    # equipe.yml
    ("Membre", "roles"): ROLE,
    ("Membre", "back_up"): MEMBRE,
    ("Delegation", "membre"): MEMBRE,
    # calendrier.yml
    ("Routine", "role"): ROLE,
    ("Routine", "procedure"): PROCEDURE,
    ("Echeance", "role"): ROLE,
    ("Echeance", "procedure"): PROCEDURE,
    # actions.yml: the RACI's keys are role ids (see _raci)
    ("Action", "raci"): ROLE,
    ("Action", "procedure"): PROCEDURE,
    ("Action", "continuite_de"): ROLE,
    # procedures.yml
    ("Procedure", "roles"): ROLE,
    ("Procedure", "liees"): PROCEDURE,
    ("Etape", "role"): ROLE,
    # journal.yml
    ("EntreeJournal", "auteur"): MEMBRE,
    ("EntreeJournal", "pour"): MEMBRE,
    ("EntreeJournal", "valide_par"): MEMBRE,
}

#: The ``Identifiant`` fields that are not references to a data file's ids, and why.
NON_REFERENCES: dict[tuple[str, str], str] = {
    ("Archivage", "documents"): "names of document kinds, chosen freely by the practice",
    ("Version", "pages"): "the handbook's pages (catalogue.PAGES): a select, not a relation",
}

#: French label of each field, by field name (the same key means the same thing everywhere)…
LIBELLES: dict[str, str] = {
    "a_conserver": "À conserver",
    "a_verifier": "À vérifier auprès de la CARPIMKO",
    "accord_le": "Accord écrit le",
    "actions": "Actions clés",
    "adresse": "Adresse",
    "adresse_postale": "Adresse postale",
    "agenda": "Agenda partagé",
    "ancien_membre": "Praticien d'origine des droits",
    "annee": "Année",
    "approbateur": "Approbateur",
    "archivage": "Archivage",
    "archives": "Archives",
    "arrivee": "Arrivée",
    "article": "Article du nom",
    "astuce": "Astuce",
    "attestations": "Attestations archivées",
    "auteur": "Auteur",
    "back_up": "Back-up",
    "cabinet": "Identité du cabinet",
    "caisse": "Caisse",
    "changement": "Type de changement",
    "changements": "Changements",
    "code_postal": "Code postal",
    "coffre_fort": "Coffre-fort de mots de passe",
    "comptable": "Comptable ou AGA",
    "complement": "Complément d'adresse",
    "compte_personnel": "Sur le compte de chaque praticien",
    "conservation": "Durée de conservation",
    "continuite_de": "Plan de continuité du rôle",
    "controle": "Contrôle",
    "corps": "Corps du message",
    "date": "Date",
    "date_publication": "Date de publication",
    "delegations": "Délégations d'accès",
    "demander": "À demander",
    "depart": "Départ",
    "dernier_audit_acces": "Dernier audit des accès",
    "dernier_test_recuperation": "Dernier test « Mot de passe oublié »",
    "description": "Description",
    "details": "Précisions",
    "dispenses": "Dispenses de contrôle",
    "documents": "Types de documents",
    "dossiers": "Arborescence des dossiers",
    "droits": "Droits dans l'Espace personnel",
    "duree_minutes": "Durée (minutes)",
    "echeances": "Échéances",
    "email": "Adresse e-mail",
    "email_support": "Adresse e-mail du Service client",
    "entrees": "Changements sensibles",
    "escalade": "Escalade",
    "espace_personnel": "Adresse de l'Espace personnel",
    "etapes": "Étapes",
    "fonction": "Fonction",
    "frequence": "Fréquence",
    "heure": "Heure",
    "historique": "Historique des versions",
    "id": "Identifiant",
    "identifiants_au_coffre": "Identifiants rangés au coffre-fort",
    "interdits": "Interdits",
    "interlocuteurs": "Autres interlocuteurs",
    "jour": "Jour",
    "joindre": "À joindre",
    "liees": "Procédures liées",
    "logiciel_comptable": "Logiciel comptable",
    "manuel": "Suivi du manuel",
    "membre": "Membre",
    "membres": "Membres",
    "methode_acces": "Méthode d'accès",
    "methodes_acces": "Méthodes d'accès",
    "missions": "Missions",
    "modele_nom": "Modèle de nom de fichier",
    "modeles": "Modèles d'e-mail",
    "mois": "Mois",
    "motif": "Motif",
    "mutuelle": "Mutuelle",
    "ne_jamais_inclure": "À ne jamais inclure",
    "nom": "Nom",
    "nom_complet": "Nom complet",
    "objectif": "Objectif",
    "objet": "Objet",
    "obtenue_le": "Téléchargée le",
    "outils": "Outils du cabinet",
    "pages": "Pages concernées",
    "paiement": "Paiement des cotisations",
    "partie": "Partie du manuel",
    "perimetre": "Périmètre",
    "pour": "Compte concerné",
    "prelevement": "Prélèvement automatique",
    "prerequis": "Prérequis",
    "prevoyance": "Prévoyance",
    "procedure": "Procédure",
    "procedures": "Procédures",
    "prochaine_revue": "Prochaine revue",
    "profession": "Profession",
    "professions": "Professions",
    "raci": "Responsabilités (RACI)",
    "rappel_jours_avant": "Rappel (jours avant)",
    "role": "Rôle",
    "roles": "Rôles",
    "routines": "Routines",
    "rue": "Rue",
    "rythme": "Rythme",
    "s_applique_a": "S'applique à",
    "semaine": "Semaine du mois",
    "si_echec": "En cas d'échec",
    "site": "Site officiel",
    "situation": "Situation auprès de la CARPIMKO",
    "situations": "Situations",
    "telephone": "Téléphone",
    "texte": "Texte de l'étape",
    "titre": "Titre",
    "valeur": "Valeur pour le cabinet",
    "valide_par": "Validé par",
    "verifie_le": "Vérifié le",
    "version": "Version",
    "ville": "Ville",
}

#: … and where one name means different things in different classes, by (class, field).
LIBELLES_PAR_CLASSE: dict[tuple[str, str], str] = {
    ("Identite", "nom"): "Nom du cabinet",
    ("Caisse", "nom"): "Nom court",
    ("Membre", "nom"): "Prénom et nom",
    ("Role", "nom"): "Nom affiché",
    ("Membre", "roles"): "Rôles tenus",
    ("Procedure", "roles"): "Rôles concernés",
    ("FichierCalendrier", "annee"): "Année des échéances",
    ("Procedure", "controle"): "Contrôle réalisé",
    ("Version", "version"): "Numéro de version",
}

#: What a collapsed item of a list shows, by the item's class (Decap's ``summary``).
SOMMAIRES: dict[str, str] = {
    "Membre": "{{fields.nom}}",
    "Role": "{{fields.nom}}",
    "Routine": "{{fields.titre}}",
    "Echeance": "{{fields.date}} : {{fields.titre}}",
    "Action": "{{fields.titre}}",
    "Procedure": "{{fields.titre}}",
    "Etape": "{{fields.texte}}",
    "ModeleEmail": "{{fields.titre}}",
    "Version": "{{fields.version}} ({{fields.date}})",
    "EntreeJournal": "{{fields.date}} : {{fields.changement}} ({{fields.pour}})",
    "Attestation": "{{fields.annee}}",
    "Dispense": "{{fields.controle}}",
    "Delegation": "{{fields.membre}}",
}

#: The texts whose value must match a regular expression, with the French message shown
#: when it does not (Decap's ``pattern: [regex, message]``).
_MOTIFS: list[tuple[Any, str, str]] = [
    (
        Identifiant,
        # The model's own expression (its JSON Schema's), so that both always agree.
        typing.get_args(Identifiant)[-1].json_schema["pattern"],
        "Minuscules sans accent, chiffres et tirets, par exemple claire-martin.",
    ),
    (Email, types_donnees._EMAIL.pattern, "Adresse e-mail attendue, par exemple nom@domaine.fr."),
    (
        Telephone,
        typing.get_args(Telephone)[-1].json_schema["pattern"],
        "Numéro attendu : 01 30 48 10 00 ou +33 1 30 48 10 00.",
    ),
    (
        CodePostal,
        typing.get_args(CodePostal)[-1].json_schema["pattern"],
        "Code postal attendu : 5 chiffres, par exemple 59000.",
    ),
    (
        UrlWeb,
        types_donnees._URL.pattern,
        "Adresse web attendue, en https://, par exemple https://www.exemple.fr/page.",
    ),
    (
        Heure,
        typing.get_args(Heure)[-1].json_schema["pattern"],
        "Heure attendue : 09:00 ou 14h30.",
    ),
]

#: The date picker's settings: a date only, written as the model reads it.
_DATE: dict[str, Any] = {
    "widget": "datetime",
    "date_format": "YYYY-MM-DD",
    "time_format": False,
    "format": "YYYY-MM-DD",
}


def _est(metadata: Sequence[Any], alias: Any) -> bool:
    """True when ``metadata`` holds every validator of the ``Annotated`` type ``alias``."""
    return all(any(m is a for m in metadata) for a in alias.__metadata__)


def _deplier(tp: Any, metadata: Sequence[Any] = ()) -> tuple[Any, list[Any], bool]:
    """The type without ``Optional`` and ``Annotated``: ``(type, metadata, optional)``."""
    meta = list(metadata)
    optionnel = False
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            meta.extend(tp.__metadata__)
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                raise TypeError(f"no widget for the union {tp!r}")
            optionnel = True
            tp = args[0]
        else:
            return tp, meta, optionnel


def _bornes(metadata: Sequence[Any]) -> dict[str, int]:
    """``min``/``max`` from the model's constraints (``Field(ge=…, le=…)``)."""
    out: dict[str, int] = {}
    for m in metadata:
        if isinstance(m, FieldInfo):
            out.update(_bornes(m.metadata))
        elif isinstance(m, annotated_types.Ge):
            out["min"] = int(m.ge)  # type: ignore[call-overload]
        elif isinstance(m, annotated_types.Le):
            out["max"] = int(m.le)  # type: ignore[call-overload]
    return out


def _longueur_min(metadata: Sequence[Any]) -> int:
    return next((m.min_length for m in metadata if isinstance(m, annotated_types.MinLen)), 0)


def _options(cls: type[Choix]) -> list[dict[str, str]]:
    return [{"label": membre.libelle, "value": membre.value} for membre in cls]


def _relation(ref: Reference, multiple: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "widget": "relation",
        "collection": COLLECTION,
        "file": ref.fichier,
        "value_field": ref.value_field,
        "search_fields": [ref.display_field],
        "display_fields": [ref.display_field],
    }
    if multiple:
        out["multiple"] = True
    return out


def _scalaire(tp: Any, metadata: Sequence[Any]) -> dict[str, Any]:
    """The widget of a single value (not a list, not a group of keys)."""
    if isinstance(tp, type) and issubclass(tp, Choix):
        return {"widget": "select", "options": _options(tp)}
    if tp is bool:
        return {"widget": "boolean"}
    if tp is int:
        return {"widget": "number", "value_type": "int", **_bornes(metadata)}
    if tp is date and _est(metadata, DateISO):
        return dict(_DATE)
    if tp is time or tp is str:
        for alias, motif, message in _MOTIFS:
            if _est(metadata, alias):
                return {"widget": "string", "pattern": [motif, message]}
        if _est(metadata, TexteLong):
            return {"widget": "text"}
        if _est(metadata, TexteCourt):
            return {"widget": "string"}
    raise TypeError(f"no widget for {tp!r} with {metadata!r}")


def _defaut(info: FieldInfo) -> str | None:
    """The model's default, as the hint says it (« Par défaut : 09:00. »), if worth saying."""
    valeur = info.default
    if info.default_factory is not None or valeur is None or valeur is ...:
        return None
    if type(valeur).__name__ == "PydanticUndefinedType":
        return None
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, Choix):
        return valeur.libelle
    if isinstance(valeur, time):
        return valeur.strftime("%H:%M")
    return str(valeur)


def _aide(classe: str, nom: str, info: FieldInfo) -> str | None:
    aide = info.description or DESCRIPTIONS.get((classe, nom))
    defaut = _defaut(info)
    if defaut is not None:
        suite = f"Par défaut : {defaut}."
        aide = f"{aide} {suite}" if aide else suite
    return aide


def _libelle(classe: str, nom: str) -> str:
    libelle = LIBELLES_PAR_CLASSE.get((classe, nom)) or LIBELLES.get(nom)
    if libelle is None:  # test_editeur_configuration lists these: every field needs a label
        raise KeyError(f"no French label for {classe}.{nom}: add it to LIBELLES")
    return libelle


def _raci(ref: Reference) -> dict[str, Any]:
    """The RACI: a mapping from role ids to codes (``{titulaire: RA, assistant: R}``).

    A relation picks values, never keys: no Decap widget edits a mapping whose keys are
    chosen by the user. Sveltia's ``keyvalue`` widget (Static CMS's) does, with free keys;
    the rules (``actions.role-inconnu``) check that each key is a role of ``ref``. For Decap
    (``make edit``), ``page.html`` registers a ``keyvalue`` widget of its own: a row per
    role of the data, a box per letter.
    """
    return {
        "widget": "keyvalue",
        "key_label": f"Rôle (identifiant, voir « {LIBELLES_FICHIERS[ref.fichier]} »)",
        "value_label": "Code : R, A, C ou I (ou une combinaison comme RA)",
    }


def _champs(cls: type[BaseModel], optionnel: bool = False) -> list[dict[str, Any]]:
    """The fields of a class, in the model's order. ``optionnel``: the class itself may be
    absent (an optional group of keys), so none of its fields is required in the form."""
    return [_champ(cls.__name__, nom, info, optionnel) for nom, info in cls.model_fields.items()]


#: The first keys of a field, in this order (the others follow in the order they were set).
_ORDRE = ("name", "label", "widget", "required", "hint")


def _champ(classe: str, nom: str, info: FieldInfo, parent_optionnel: bool) -> dict[str, Any]:
    """The form field of ``classe.nom``, its keys in a readable order."""
    champ = _champ_brut(classe, nom, info, parent_optionnel)
    return {
        **{cle: champ[cle] for cle in _ORDRE if cle in champ},
        **{cle: valeur for cle, valeur in champ.items() if cle not in _ORDRE},
    }


def _champ_brut(classe: str, nom: str, info: FieldInfo, parent_optionnel: bool) -> dict[str, Any]:
    tp, metadata, optionnel = _deplier(info.annotation, info.metadata)
    requis = info.is_required() and not parent_optionnel
    champ: dict[str, Any] = {"name": nom, "label": _libelle(classe, nom)}
    aide = _aide(classe, nom, info)
    if aide:
        champ["hint"] = aide
    if not requis:
        champ["required"] = False
    ref = REFERENCES.get((classe, nom))
    origin = typing.get_origin(tp)
    if origin is dict:
        if ref is None:
            raise TypeError(f"no widget for the mapping {classe}.{nom}")
        champ.update(_raci(ref))
        return champ
    if origin is list:
        element, meta_element, _ = _deplier(typing.get_args(tp)[0])
        minimum = _longueur_min(metadata)
        if ref is not None:
            champ.update(_relation(ref, multiple=True))
        elif (classe, nom) == ("Version", "pages"):
            champ.update(
                widget="select",
                multiple=True,
                options=[{"label": TITRES[p], "value": p} for p in PAGES],
            )
        elif isinstance(element, type) and issubclass(element, Choix):
            champ.update(widget="select", multiple=True, options=_options(element))
        elif isinstance(element, type) and issubclass(element, BaseModel):
            champ["widget"] = "list"
            champ["label_singular"] = minuscule(TEXTES[element.__name__][0])
            if element.__name__ in SOMMAIRES:
                champ["summary"] = SOMMAIRES[element.__name__]
            champ["collapsed"] = True
            champ["fields"] = _champs(element)
        else:
            champ["widget"] = "list"
            champ["field"] = {
                "name": nom,
                "label": champ["label"],
                **_scalaire(element, meta_element),
            }
        if minimum and requis:
            champ["min"] = minimum
        return champ
    if ref is not None:
        champ.update(_relation(ref, multiple=False))
        return champ
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        champ["widget"] = "object"
        if not requis:
            champ["collapsed"] = True
        champ["fields"] = _champs(tp, optionnel=parent_optionnel or optionnel)
        return champ
    champ.update(_scalaire(tp, metadata))
    return champ


def config_editeur(
    *, backend: dict[str, Any], dossier: str = "data", media: str = "docs/assets"
) -> dict[str, Any]:
    """The editor's whole configuration (Decap CMS 3.x, Sveltia CMS), as ``config.yml`` says it.

    Args:
        backend: The ``backend`` section, as given (:data:`BACKEND_LOCAL` for ``make edit``,
            a ``github`` backend for the published editor).
        dossier: The data folder, relative to the repository's root (``HANDBOOK_DATA``).
        media: Decap's required ``media_folder`` (no field uploads anything: no widget of
            this configuration is a file or an image).
    """
    dossier = dossier.rstrip("/") or "."
    fichiers = [
        {
            "name": nom,
            "label": LIBELLES_FICHIERS[nom],
            "description": TEXTES[FICHIERS[nom].__name__][1],
            "file": f"{dossier}/{nom}.yml",
            "fields": _champs(FICHIERS[nom]),
        }
        for nom in FICHIERS_EDITES
    ]
    return {
        "locale": "fr",
        "backend": dict(backend),
        "media_folder": media,
        # Sveltia: write no empty key for an optional field left empty (Decap ignores it).
        "output": {"omit_empty_optional_fields": True},
        "collections": [
            {
                "name": COLLECTION,
                "label": "Données du manuel",
                "editor": {"preview": False},
                "files": fichiers,
            }
        ],
    }


ENTETE = (
    "# Configuration de l'éditeur de formulaires (Decap CMS, Sveltia CMS) des données du manuel.\n"
    "# Fichier généré par python -m macros.editeur.configuration (make schemas) à partir du\n"
    "# modèle (macros/donnees/modele.py) : ne pas modifier, régénérer.\n"
)


def texte(config: dict[str, Any] | None = None) -> str:
    """The configuration as written to ``config.yml``: a header, then stable YAML."""
    config = config_editeur(backend=BACKEND_LOCAL) if config is None else config
    corps = yaml.safe_dump(
        config, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )
    return ENTETE + corps


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``config.yml`` (or, with ``--verifier``, only report it stale)."""
    parser = argparse.ArgumentParser(
        prog="python -m macros.editeur.configuration",
        description="Écrit la configuration de l'éditeur de formulaires, tirée du modèle.",
    )
    parser.add_argument(
        "--sortie", type=Path, default=SORTIE, help="fichier écrit (défaut : %(default)s)"
    )
    parser.add_argument(
        "--verifier",
        action="store_true",
        help="vérifier sans écrire (code 1 si la configuration a changé)",
    )
    ns = parser.parse_args(argv)
    contenu = texte()
    ancien = ns.sortie.read_text(encoding="utf-8") if ns.sortie.is_file() else None
    if ancien == contenu:
        print(f"Configuration de l'éditeur à jour ({ns.sortie}).")
        return 0
    if ns.verifier:
        print(
            f"Configuration de l'éditeur à mettre à jour : {ns.sortie.name} ; lancez make schemas.",
            file=sys.stderr,
        )
        return 1
    ns.sortie.parent.mkdir(parents=True, exist_ok=True)
    ns.sortie.write_text(contenu, encoding="utf-8", newline="\n")
    print(f"Configuration de l'éditeur écrite ({ns.sortie}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
