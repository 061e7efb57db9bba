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
import difflib
import json
import os
import re
import sys
import unicodedata
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
    associe: str
    """A colleague of that profession, for a member's placeholder (« infirmier ou infirmière
    associé(e) »): « À compléter : prénom et nom de l'<associe> »."""
    agenda: str
    """The shared calendar where reminders land."""


VOCABULAIRE: dict[Profession, Vocabulaire] = {
    Profession.infirmier: Vocabulaire(
        role="Infirmier(ère)",
        role_description="Infirmier(ère) libéral(e) du cabinet, responsable de son propre compte CARPIMKO.",
        associe="infirmier ou infirmière associé(e)",
        agenda="l'agenda partagé des tournées",
    ),
    Profession.masseur_kinesitherapeute: Vocabulaire(
        role="Kinésithérapeute",
        role_description="Masseur-kinésithérapeute du cabinet, responsable de son propre compte CARPIMKO.",
        associe="kinésithérapeute associé(e)",
        agenda="l'agenda partagé du cabinet",
    ),
    Profession.orthophoniste: Vocabulaire(
        role="Orthophoniste",
        role_description="Orthophoniste du cabinet, responsable de son propre compte CARPIMKO.",
        associe="orthophoniste associé(e)",
        agenda="l'agenda partagé des séances",
    ),
    Profession.orthoptiste: Vocabulaire(
        role="Orthoptiste",
        role_description="Orthoptiste du cabinet, responsable de son propre compte CARPIMKO.",
        associe="orthoptiste associé(e)",
        agenda="l'agenda partagé du cabinet",
    ),
    Profession.pedicure_podologue: Vocabulaire(
        role="Pédicure-podologue",
        role_description="Pédicure-podologue du cabinet, responsable de son propre compte CARPIMKO.",
        associe="pédicure-podologue associé(e)",
        agenda="l'agenda partagé des consultations",
    ),
}


#: The practitioners' role when the practice has several professions: one role for all, each
#: member keeping their own profession.
PLURIPROFESSIONNEL = Vocabulaire(
    role="Praticien(ne)",
    role_description="Praticien(ne) libéral(e) du cabinet, responsable de son propre compte CARPIMKO.",
    associe="praticien(ne) associé(e)",
    agenda="l'agenda partagé du cabinet",
)

#: Other ways people write a profession, without accents, in lower case.
_SYNONYMES: dict[str, Profession] = {
    "infirmiere": Profession.infirmier,
    "ide": Profession.infirmier,
    "idel": Profession.infirmier,
    "kine": Profession.masseur_kinesitherapeute,
    "kinesitherapeute": Profession.masseur_kinesitherapeute,
    "masseur": Profession.masseur_kinesitherapeute,
    "mk": Profession.masseur_kinesitherapeute,
    "pedicure": Profession.pedicure_podologue,
    "podologue": Profession.pedicure_podologue,
}


class ProfessionInconnue(ValueError):
    """A profession given to ``make new-cabinet`` that is not one of the five."""


def _forme_simple(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_]+", "-", sans_accents.strip().lower())


def lire_professions(brut: str) -> list[Profession]:
    """The professions of ``PROFESSION`` (separated by commas or spaces), in order, once each.

    Accents, case and the usual other names are accepted (« Infirmière », « kiné »).

    Raises:
        ProfessionInconnue: in French, with the closest value when there is one.
    """
    valeurs = [p.value for p in Profession]
    out: list[Profession] = []
    for mot in re.split(r"[,;]+|\s+", brut.strip()):
        if not mot:
            continue
        forme = _forme_simple(mot)
        profession = _SYNONYMES.get(forme) or next(
            (p for p in Profession if p.value == forme), None
        )
        if profession is None:
            proches = difflib.get_close_matches(forme, [*valeurs, *_SYNONYMES], n=1, cutoff=0.6)
            proche = (
                (_SYNONYMES[proches[0]].value if proches[0] in _SYNONYMES else proches[0])
                if proches
                else None
            )
            aide = f" (vouliez-vous dire « {proche} » ?)" if proche else ""
            raise ProfessionInconnue(
                f"profession « {mot} » inconnue{aide} ; valeurs possibles : {', '.join(valeurs)}"
            )
        if profession not in out:
            out.append(profession)
    if not out:
        raise ProfessionInconnue(f"profession manquante ; valeurs possibles : {', '.join(valeurs)}")
    return out


def _dans_six_mois(d: date) -> date:
    month = d.month + 6
    return date(d.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _entete(dossier: Path, fichier: str) -> str:
    schema = Path(os.path.relpath(SCHEMAS / f"{fichier}.schema.json", dossier.resolve())).as_posix()
    return f"# yaml-language-server: $schema={schema}\n"


def creer(
    dossier: Path, nom: str, professions: Sequence[Profession], aujourdhui: date
) -> list[Path]:
    """Write the eight data files of a new practice into ``dossier`` (which must not exist).

    The first profession is the titulaire's; each other one gets a member of its own.
    """
    if not professions:
        raise ValueError("at least one profession")
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
        "professions": list(professions),
        "vocab": VOCABULAIRE[professions[0]] if len(professions) == 1 else PLURIPROFESSIONNEL,
        "associes": [(p, VOCABULAIRE[p].associe, slug(p.value)) for p in professions],
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
        help="une ou plusieurs professions, séparées par des virgules (PROFESSION) : "
        + ", ".join(p.value for p in Profession),
    )
    parser.add_argument(
        "--dossier", type=Path, help="dossier à créer (DOSSIER ; défaut : cabinets/<nom>)"
    )
    ns = parser.parse_args(argv)
    nom = ns.nom.strip()
    if not nom:
        print(
            'Donnez le nom du cabinet : make new-cabinet NAME="Cabinet …" PROFESSION=…',
            file=sys.stderr,
        )
        return 2
    try:
        professions = lire_professions(ns.profession)
    except ProfessionInconnue as err:
        print(f"PROFESSION : {err}.", file=sys.stderr)
        return 2
    dossier = Path(ns.dossier) if ns.dossier else DOSSIER_PROJET / "cabinets" / slug(nom)
    if not dossier.is_absolute():
        dossier = Path.cwd() / dossier
    if dossier.exists():
        print(
            f"Le dossier {dossier} existe déjà : choisissez un autre nom ou un autre DOSSIER, "
            "ou supprimez-le.",
            file=sys.stderr,
        )
        return 2
    creer(dossier, nom, professions, date.today())
    try:
        shown = dossier.resolve().relative_to(DOSSIER_PROJET)
    except ValueError:
        shown = dossier
    libelles = ", ".join(p.libelle for p in professions)
    print(f"Données du cabinet « {nom} » ({libelles}) créées dans {shown}/.")
    print(f"Complétez-les, puis vérifiez : HANDBOOK_DATA={shown} make check")
    print(f"Voir le manuel : HANDBOOK_DATA={shown} make serve")
    return 0
