"""Start the data of a new practice: ``make new-cabinet NAME="…" PROFESSION=…``.

Writes a data folder (``cabinets/<slug>/`` by default) that validates and builds:

* ``cabinet.yml``, ``roles.yml``, ``equipe.yml``, ``calendrier.yml``, ``journal.yml``
  come from the templates in ``macros/nouveau/*.yml.j2``, with the profession's
  vocabulary, this year's dates, and « À compléter … » wherever the practice must
  write its own value (``make check`` lists each of them as a warning);
* ``procedures.yml``, ``actions.yml``, ``support.yml`` are the generic defaults in
  ``macros/nouveau/``: the practice adapts them to its own way of working.

Each file starts with the line that gives editors the file's JSON Schema.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from macros.donnees.modele import Profession
from macros.donnees.reglages import DOSSIER_PROJET
from macros.texte import slug

__all__ = ["VOCABULAIRE", "Vocabulaire", "creer", "main"]

MODELES = Path(__file__).resolve().parent / "nouveau"
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
GENERES = ("cabinet", "roles", "equipe", "calendrier", "journal")
COPIES = ("procedures", "actions", "support")


@dataclass(frozen=True)
class Vocabulaire:
    """The words of a profession, used by the templates."""

    role: str
    """Name of the practitioners' role (« Infirmier(ère) »)."""
    role_description: str
    collegue: str
    """A colleague, for the second member's placeholder (« infirmière ou infirmier associé »)."""
    agenda: str
    """The shared calendar where reminders land."""


VOCABULAIRE: dict[Profession, Vocabulaire] = {
    Profession.infirmier: Vocabulaire(
        role="Infirmier(ère)",
        role_description="Infirmier(ère) libéral(e) du cabinet, responsable de son propre compte CARPIMKO.",
        collegue="infirmière ou de l'infirmier associé(e)",
        agenda="l'agenda partagé des tournées",
    ),
    Profession.masseur_kinesitherapeute: Vocabulaire(
        role="Kinésithérapeute",
        role_description="Masseur-kinésithérapeute du cabinet, responsable de son propre compte CARPIMKO.",
        collegue="kinésithérapeute associé(e)",
        agenda="l'agenda partagé du cabinet",
    ),
    Profession.orthophoniste: Vocabulaire(
        role="Orthophoniste",
        role_description="Orthophoniste du cabinet, responsable de son propre compte CARPIMKO.",
        collegue="orthophoniste associé(e)",
        agenda="l'agenda partagé des séances",
    ),
    Profession.orthoptiste: Vocabulaire(
        role="Orthoptiste",
        role_description="Orthoptiste du cabinet, responsable de son propre compte CARPIMKO.",
        collegue="orthoptiste associé(e)",
        agenda="l'agenda partagé du cabinet",
    ),
    Profession.pedicure_podologue: Vocabulaire(
        role="Pédicure-podologue",
        role_description="Pédicure-podologue du cabinet, responsable de son propre compte CARPIMKO.",
        collegue="pédicure-podologue associé(e)",
        agenda="l'agenda partagé des consultations",
    ),
}


def _dans_six_mois(d: date) -> date:
    month = d.month + 6
    return date(d.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _entete(dossier: Path, fichier: str) -> str:
    schema = Path(os.path.relpath(SCHEMAS / f"{fichier}.schema.json", dossier.resolve())).as_posix()
    return f"# yaml-language-server: $schema={schema}\n"


def creer(dossier: Path, nom: str, profession: Profession, aujourdhui: date) -> list[Path]:
    """Write the eight data files of a new practice into ``dossier`` (which must not exist)."""
    env = Environment(
        loader=FileSystemLoader(MODELES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    # A YAML double-quoted string (JSON strings are valid YAML).
    env.filters["yq"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    contexte = {
        "nom": nom,
        "profession": profession.value,
        "vocab": VOCABULAIRE[profession],
        "aujourdhui": aujourdhui.isoformat(),
        "revue": _dans_six_mois(aujourdhui).isoformat(),
        "annee": aujourdhui.year,
    }
    textes = [(f, env.get_template(f"{f}.yml.j2").render(**contexte)) for f in GENERES]
    textes += [(f, (MODELES / f"{f}.yml").read_text(encoding="utf-8")) for f in COPIES]
    dossier.mkdir(parents=True)
    written: list[Path] = []
    for fichier, text in textes:
        written.append(dossier / f"{fichier}.yml")
        written[-1].write_text(_entete(dossier, fichier) + text, encoding="utf-8")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m macros nouveau --nom … --profession … [--dossier …]``."""
    parser = argparse.ArgumentParser(
        prog="make new-cabinet",
        description="Crée les données d'un nouveau cabinet, prêtes à compléter.",
    )
    parser.add_argument("--nom", required=True, help="nom du cabinet (NAME)")
    parser.add_argument(
        "--profession",
        required=True,
        help="profession (PROFESSION) : " + ", ".join(p.value for p in Profession),
    )
    parser.add_argument("--dossier", type=Path, help="dossier à créer (défaut : cabinets/<nom>)")
    ns = parser.parse_args(argv)
    nom = ns.nom.strip()
    if not nom:
        print(
            'Donnez le nom du cabinet : make new-cabinet NAME="Cabinet …" PROFESSION=…',
            file=sys.stderr,
        )
        return 2
    try:
        profession = Profession(ns.profession.strip())
    except ValueError:
        valeurs = ", ".join(p.value for p in Profession)
        print(
            f"Profession « {ns.profession} » inconnue ; valeurs possibles : {valeurs}.",
            file=sys.stderr,
        )
        return 2
    dossier = ns.dossier or DOSSIER_PROJET / "cabinets" / slug(nom)
    if dossier.exists():
        print(
            f"Le dossier {dossier} existe déjà : choisissez un autre nom ou supprimez-le.",
            file=sys.stderr,
        )
        return 2
    creer(dossier, nom, profession, date.today())
    try:
        shown = dossier.resolve().relative_to(DOSSIER_PROJET)
    except ValueError:
        shown = dossier
    print(f"Données du cabinet « {nom} » créées dans {shown}/.")
    print(f"Complétez-les, puis vérifiez : HANDBOOK_DATA={shown} make check")
    print(f"Voir le manuel : HANDBOOK_DATA={shown} make serve")
    return 0
