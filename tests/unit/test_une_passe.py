"""One ``make check`` lists every problem it can: fixing them gives valid data, no second batch.

A copy of the example data gets mistakes in six files at once: values the schema refuses
(a member's situation, a role's access method, a procedure's duration, a journal date, the
caisse's address) and mistakes between files, several of them in the same files, or
pointing at the very items the schema refused. The report must list each mistake at its
line, and nothing else: in particular, no « inconnu » for a role, member or procedure
whose entry has a mistake of its own, and no « aucun membre n'a le rôle » for the role of
a member the schema refused. Undoing exactly the reported mistakes must then give valid
data.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from helpers import ROOT, TODAY

from macros import cli
from macros.donnees.chargement import charger
from macros.donnees.problemes import DonneesInvalides


class Faute(NamedTuple):
    """A mistake planted in a data file, and the code it must be reported with."""

    fichier: str
    juste: str
    fausse: str
    code: str


FAUTES = (
    # equipe.yml: the only assistant's entry is refused (an unknown situation): her role,
    # and the delegations other members gave her, must not become « inconnus ».
    Faute(
        "equipe",
        "    fonction: Assistante administrative\n    situation: non_affilie",
        "    fonction: Assistante administrative\n    situation: salariee",
        "valeur.choix-inconnu",
    ),
    # … and, in the same file, a rule between members.
    Faute(
        "equipe",
        "    back_up: sophie-bernard\n",
        "    back_up: thomas-moreau\n",
        "equipe.back-up-soi-meme",
    ),
    # roles.yml: the back-up role's entry is refused; actions and members still cite it.
    Faute(
        "roles",
        "      validation des changements sensibles.\n    methode_acces: numero_dossier",
        "      validation des changements sensibles.\n    methode_acces: courrier",
        "valeur.choix-inconnu",
    ),
    Faute(
        "roles",
        "    escalade: [assistant, titulaire]",
        "    escalade: [assistant, direction]",
        "roles.escalade-inconnue",
    ),
    # actions.yml: a role nobody defines (nothing else wrong in the file).
    Faute(
        "actions",
        "    raci: {titulaire: A, assistant: R, praticien: I}\n    astuce: Exporter l'échéancier",
        "    raci: {titulaire: A, assistant: R, comptable: I}\n    astuce: Exporter l'échéancier",
        "actions.role-inconnu",
    ),
    # procedures.yml: the procedure the « connexion » action cites is refused; another
    # one links to a procedure that does not exist.
    Faute(
        "procedures",
        "    roles: [titulaire, praticien, assistant]\n    duree_minutes: 15",
        "    roles: [titulaire, praticien, assistant]\n    duree_minutes: 900",
        "schema.trop-grand",
    ),
    Faute(
        "procedures",
        "    liees: [plan-b-courrier, test-recuperation, contacter-service-client]",
        "    liees: [plan-b-courrier, test-recuperation, contacter-le-service]",
        "procedures.liee-inconnue",
    ),
    # journal.yml: an impossible date, and a change validated by its own author.
    Faute("journal", "  - date: 2026-09-15", "  - date: 2026-09-31", "valeur.date-impossible"),
    Faute(
        "journal",
        "    valide_par: claire-durand\n    details: Nouvelle adresse",
        "    valide_par: julie-roux\n    details: Nouvelle adresse",
        "journal.auto-validation",
    ),
    # calendrier.yml: a routine given to a role nobody defines.
    Faute(
        "calendrier",
        "    titre: Contrôler le prélèvement automatique\n    frequence: mensuelle\n"
        '    semaine: 2\n    jour: lundi\n    heure: "09:00"\n    role: assistant',
        "    titre: Contrôler le prélèvement automatique\n    frequence: mensuelle\n"
        '    semaine: 2\n    jour: lundi\n    heure: "09:00"\n    role: assistante',
        "calendrier.role-inconnu",
    ),
    # cabinet.yml: an address the schema refuses, and an approver nobody is.
    Faute(
        "cabinet",
        "  site: https://www.carpimko.com",
        "  site: http://www.carpimko.com",
        "valeur.url-non-https",
    ),
    Faute(
        "cabinet",
        "  approbateur: claire-durand",
        "  approbateur: claire-durant",
        "cabinet.approbateur-inconnu",
    ),
)


def _ligne_changee(juste: str, fausse: str, texte: str) -> int:
    """The line of the file ``texte`` where ``fausse`` differs from ``juste``."""
    debut = texte.index(fausse)
    decalage = next(
        (i for i, (a, b) in enumerate(zip(juste, fausse, strict=False)) if a != b),
        min(len(juste), len(fausse)),
    )
    return texte.count("\n", 0, debut + decalage) + 1


def _copie_fautive(dossier: Path) -> tuple[Path, set[tuple[str, int, str]]]:
    """The example data with every mistake of :data:`FAUTES`, and where each must be reported."""
    data = dossier / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("private*.yml"))
    for f in FAUTES:
        path = data / f"{f.fichier}.yml"
        texte = path.read_text(encoding="utf-8")
        assert texte.count(f.juste) == 1, (f.fichier, f.juste)
        path.write_text(texte.replace(f.juste, f.fausse), encoding="utf-8")
    attendus = set()
    for f in FAUTES:
        texte = (data / f"{f.fichier}.yml").read_text(encoding="utf-8")
        attendus.add((f"{f.fichier}.yml", _ligne_changee(f.juste, f.fausse, texte), f.code))
    return data, attendus


def _signales(data: Path) -> set[tuple[str, int, str]]:
    with pytest.raises(DonneesInvalides) as info:
        charger(data, TODAY)
    return {(Path(p.fichier).name, p.ligne or 0, p.code) for p in info.value.problemes}


def test_one_check_lists_every_mistake_and_nothing_else(tmp_path):
    data, attendus = _copie_fautive(tmp_path)
    assert _signales(data) == attendus
    # Mistakes between files were found in files the schema refused in part.
    refuses = {
        fichier for fichier, _, code in attendus if code.split(".")[0] in ("valeur", "schema")
    }
    entre_fichiers = {
        fichier for fichier, _, code in attendus if code.split(".")[0] not in ("valeur", "schema")
    }
    assert {"equipe.yml", "roles.yml", "procedures.yml", "journal.yml", "cabinet.yml"} <= (
        refuses & entre_fichiers
    )


def test_fixing_exactly_what_was_reported_gives_valid_data(tmp_path):
    data, attendus = _copie_fautive(tmp_path)
    signales = _signales(data)
    assert signales == attendus
    # Fix each reported mistake, and nothing else.
    for f in FAUTES:
        path = data / f"{f.fichier}.yml"
        path.write_text(
            path.read_text(encoding="utf-8").replace(f.fausse, f.juste), encoding="utf-8"
        )
    chargement = charger(data, TODAY)  # raises with any second batch
    assert chargement.avertissements == []


def test_make_check_prints_them_all_with_file_line_and_code(tmp_path, monkeypatch, capsys):
    data, attendus = _copie_fautive(tmp_path)
    for nom, valeur in {
        "HANDBOOK_DATA": str(data),
        "HANDBOOK_TODAY": TODAY.isoformat(),
        "HANDBOOK_PUBLIC": "1",
        "HANDBOOK_PDF": "off",
    }.items():
        monkeypatch.setenv(nom, valeur)
    assert cli.main(["check"]) == 1
    sortie = capsys.readouterr().err
    lignes = [ligne.strip() for ligne in sortie.splitlines() if " — " in ligne]
    assert sortie.splitlines()[0] == (
        f"Les données du manuel contiennent {len(attendus)} erreurs à corriger avant de "
        "construire le site :"
    )
    for fichier, numero, code in sorted(attendus):
        assert any(
            ligne.split(" — ")[0].rsplit("/", 1)[-1].startswith(f"{fichier}:{numero}:")
            and ligne.endswith(f"[{code}]")
            for ligne in lignes
        ), (fichier, numero, code)


def test_an_item_without_id_makes_no_reference_to_it_unknown(tmp_path):
    """A procedure that lost its id could be the one every « erreur-404 » means: only the
    missing id is reported, not the links to it (they hold once the id is back)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("private*.yml"))
    path = data / "procedures.yml"
    texte = path.read_text(encoding="utf-8")
    assert texte.count("  - id: erreur-404\n    titre:") == 1
    assert texte.count("erreur-404") > 1, "other procedures link to it"
    path.write_text(texte.replace("  - id: erreur-404\n    titre:", "  - titre:"), encoding="utf-8")
    assert {code for _, _, code in _signales(data)} == {"schema.champ-manquant"}
