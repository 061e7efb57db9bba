"""Load a data folder into one validated :class:`~macros.donnees.modele.Handbook`.

The path is always the same: read each YAML file with positions
(:mod:`macros.donnees.lecteur`), validate it against its class
(:mod:`macros.donnees.modele`, French messages from :mod:`macros.donnees.messages`), then check
the rules between files (:mod:`macros.donnees.regles`). Every problem of every file is
collected before anything is raised: a file that its schema refused in part still feeds
the rules with its valid items (:mod:`macros.donnees.partiel`), so that one run lists the
problems between files too.

Nothing is kept between calls: the build state (:mod:`macros.site.etat`) holds the
result of one build, and each rebuild of ``mkdocs serve`` loads the data afresh
(about 60 ms for the example).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from macros.donnees.carpimko import FICHIER_FAITS, lire_faits_carpimko
from macros.donnees.lecteur import DocumentYaml, lire_yaml
from macros.donnees.messages import problemes_pydantic
from macros.donnees.modele import FICHIERS, Handbook
from macros.donnees.motsdepasse import mots_de_passe
from macros.donnees.partiel import Partiel, recuperer
from macros.donnees.personnel import donnees_personnelles
from macros.donnees.prive import FichierPrive, verifier_prive
from macros.donnees.problemes import DonneesInvalides, Probleme, nom_affiche
from macros.donnees.reglages import DOSSIER_PROJET
from macros.donnees.regles import verifier

__all__ = ["ENTETE_SCHEMA", "Chargement", "charger", "schema_introuvable"]


@dataclass(frozen=True)
class Chargement:
    """A successfully loaded handbook and the warnings found on the way."""

    handbook: Handbook
    avertissements: list[Probleme] = field(default_factory=list)


T = TypeVar("T")


def _nom_affiche(path: Path) -> str:
    return nom_affiche(path, DOSSIER_PROJET)


def charger(
    donnees: Path, aujourdhui: date, prive: Path | None = None, faits: Path = FICHIER_FAITS
) -> Chargement:
    """Load and validate every file of ``donnees`` (and the private file ``prive``, if given),
    with the product's facts about the CARPIMKO (``faits``: the tool's own file, except in
    tests).

    Raises:
        DonneesInvalides: with every error (and warning) found, when at least one error exists.
    """
    resultat = _sans_ramasse_miettes(_charger, donnees, aujourdhui, prive, faits)
    if isinstance(resultat, DonneesInvalides):
        raise resultat
    return resultat


def _sans_ramasse_miettes(fonction: Callable[..., T], *args: Any) -> T:
    """Call ``fonction`` with Python's cyclic garbage collector paused.

    Loading builds hundreds of thousands of small objects (positions, dicts, models) that
    all stay alive: each automatic collection would scan them again for nothing, which
    took 40 % of the load of a thousand members. Unreachable cycles, if any, are collected
    once the collector runs again.
    """
    actif = gc.isenabled()
    gc.disable()
    try:
        return fonction(*args)
    finally:
        if actif:
            gc.enable()


#: The first line that names a data file's JSON Schema for editors (YAML extension of VS Code…).
ENTETE_SCHEMA = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$")


def schema_introuvable(path: Path, doc: DocumentYaml) -> list[Probleme]:
    """A warning when the file's ``$schema`` header names a schema that does not exist.

    It happens when a data folder is moved inside the repository: the header's relative
    path then points nowhere, and the editor stops completing and checking keys without
    saying why. A folder outside any checkout of the tool (no ``macros/schemas`` above it,
    e.g. a copy in a temporary folder) is not an editor's workspace: nothing is said.
    """
    premiere = doc.source.split("\n", 1)[0]
    trouve = ENTETE_SCHEMA.match(premiere)
    if trouve is None or "://" in trouve.group(1):
        return []
    if (path.parent / trouve.group(1)).is_file():
        return []
    if not any((a / "macros" / "schemas").is_dir() for a in path.resolve().parents):
        return []
    return [
        Probleme(
            doc.fichier,
            ligne=1,
            colonne=1,
            message=f"l'en-tête désigne le schéma « {trouve.group(1)} », introuvable d'ici : "
            "l'éditeur ne complète plus les clés de ce fichier",
            conseil="lancez « make schemas » (avec HANDBOOK_DATA si les données sont ailleurs) : "
            "il récrit l'en-tête de chaque fichier de données",
            code="fichier.schema-introuvable",
            avertissement=True,
        )
    ]


def _ids_membres(doc: DocumentYaml | None, equipe: Any) -> set[str] | None:
    """The member ids of ``equipe.yml``: of the valid file, or as written in a file the
    schema refused (a member whose entry has a mistake is still a member)."""
    if equipe is not None:
        return {m.id for m in equipe.membres}
    brut = doc.data.get("membres") if doc is not None and isinstance(doc.data, dict) else None
    if not isinstance(brut, list):
        return None
    return {m["id"] for m in brut if isinstance(m, dict) and isinstance(m.get("id"), str)}


def _charger_prive(
    path: Path, membres: set[str] | None, nom_equipe: str
) -> tuple[FichierPrive | None, list[Probleme]]:
    doc, problemes = lire_yaml(path, _nom_affiche(path))
    if doc is None:
        return None, problemes
    secrets = mots_de_passe(doc)
    if secrets:
        return None, secrets
    try:
        fichier = FichierPrive.model_validate(doc.data)
    except ValidationError as err:
        return None, problemes_pydantic(err, doc, FichierPrive) + verifier_prive(
            doc, None, membres, nom_equipe
        )
    return fichier, verifier_prive(doc, fichier, membres, nom_equipe)


def _charger(
    donnees: Path, aujourdhui: date, prive: Path | None, faits: Path
) -> Chargement | DonneesInvalides:
    problemes: list[Probleme] = []
    if not donnees.is_dir():
        return DonneesInvalides(
            [
                Probleme(
                    _nom_affiche(donnees),
                    message="dossier de données introuvable",
                    conseil="vérifiez HANDBOOK_DATA, ou lancez la commande depuis le dossier du dépôt",
                    code="fichier.dossier-introuvable",
                )
            ]
        )
    docs: dict[str, DocumentYaml] = {}
    parsed: dict[str, Any] = {}
    # What the rules between files can read: each file whole, or the part of it that passed.
    lus: dict[str, Partiel] = {}
    for name, cls in FICHIERS.items():
        path = donnees / f"{name}.yml"
        doc, errs = lire_yaml(path, _nom_affiche(path))
        problemes.extend(errs)
        if doc is None:
            continue
        # Passwords first: refused even when the file also breaks the schema.
        problemes.extend(mots_de_passe(doc))
        problemes.extend(schema_introuvable(path, doc))
        docs[name] = doc
        try:
            parsed[name] = cls.model_validate(doc.data)
        except ValidationError as err:
            problemes.extend(problemes_pydantic(err, doc, cls))
            partiel = recuperer(cls, doc.data)
            if partiel is not None:
                lus[name] = partiel
        else:
            lus[name] = Partiel(parsed[name])
    problemes.extend(verifier(docs, lus, aujourdhui))
    # A private build is never published: personal values in public files only warn there.
    problemes.extend(donnees_personnelles(docs, prive=prive is not None))
    fichier_prive = None
    if prive is not None:
        fichier_prive, errs = _charger_prive(
            prive,
            _ids_membres(docs.get("equipe"), parsed.get("equipe")),
            _nom_affiche(donnees / "equipe.yml"),
        )
        problemes.extend(errs)
    carpimko, errs = lire_faits_carpimko(faits, _nom_affiche(faits))
    problemes.extend(errs)
    if any(not p.avertissement for p in problemes):
        return DonneesInvalides(problemes)
    handbook = Handbook.model_construct(
        **parsed, carpimko=carpimko, aujourdhui=aujourdhui, prive=fichier_prive
    )
    return Chargement(handbook, sorted(problemes))
