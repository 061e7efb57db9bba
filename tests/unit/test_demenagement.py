"""Starting a practice anywhere, with several professions, and moving its data folder."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import ROOT, TODAY, run_cli

from macros.donnees.chargement import charger
from macros.donnees.modele import FICHIERS, Profession
from macros.sorties import schemas
from macros.sorties.nouveau import ProfessionInconnue, creer, lire_professions, main

AUJOURDHUI = TODAY


@pytest.mark.parametrize(
    ("brut", "attendu"),
    [
        ("infirmier", [Profession.infirmier]),
        ("Infirmière, pédicure-podologue", [Profession.infirmier, Profession.pedicure_podologue]),
        (
            "kiné orthophoniste kine",
            [Profession.masseur_kinesitherapeute, Profession.orthophoniste],
        ),
        ("Pédicure_Podologue;orthoptiste", [Profession.pedicure_podologue, Profession.orthoptiste]),
    ],
)
def test_professions_are_read_as_people_write_them(brut, attendu):
    assert lire_professions(brut) == attendu


@pytest.mark.parametrize(
    ("brut", "proche"),
    [("orthophonist", "orthophoniste"), ("kinee", "masseur-kinesitherapeute")],
)
def test_a_near_miss_gets_a_french_suggestion(brut, proche):
    with pytest.raises(ProfessionInconnue) as err:
        lire_professions(brut)
    assert f"profession « {brut} » inconnue (vouliez-vous dire « {proche} » ?)" in str(err.value)


def test_the_command_refuses_an_unknown_profession_in_french(tmp_path, capsys):
    assert (
        main(["--nom", "Cabinet", "--profession", "dentiste", "--dossier", str(tmp_path / "d")])
        == 2
    )
    erreur = capsys.readouterr().err
    assert erreur.startswith("PROFESSION : profession « dentiste » inconnue ; valeurs possibles")
    assert not (tmp_path / "d").exists()


def test_two_professions_into_a_folder_of_ones_choice_build_then_survive_a_move(tmp_path):
    # A checkout of the tool: data folders moved inside it must keep their schemas.
    depot = tmp_path / "depot"
    shutil.copytree(schemas.SCHEMAS_DIR, depot / "macros" / "schemas")
    dossier = depot / "ailleurs" / "quais"
    creer(
        dossier, "Cabinet des Quais", lire_professions("infirmier,pedicure-podologue"), AUJOURDHUI
    )
    hb = charger(dossier, AUJOURDHUI).handbook
    assert hb.cabinet.cabinet.professions == [Profession.infirmier, Profession.pedicure_podologue]
    # One member of each profession, one practitioners' role for both, no role per profession.
    professions = {m.profession for m in hb.equipe.membres if m.profession}
    assert professions == {Profession.infirmier, Profession.pedicure_podologue}
    praticien = next(r for r in hb.roles.roles if r.id == "praticien")
    assert praticien.nom == "Praticien(ne)"
    placeholders = [m.nom for m in hb.equipe.membres]
    assert "À compléter : prénom et nom (pédicure-podologue associé(e))" in placeholders
    assert not any(" de la infirm" in n or "du ou de la infirm" in n for n in placeholders)

    built = run_cli(
        "build", "--site-dir", str(tmp_path / "site"), env={"HANDBOOK_DATA": str(dossier)}
    )
    assert built.returncode == 0, built.stdout + built.stderr

    # Moved one level deeper: every header now points nowhere, and `make check` says so.
    deplace = depot / "archives" / "2026" / "quais"
    deplace.parent.mkdir(parents=True)
    shutil.move(dossier, deplace)
    avertis = {
        p.fichier.rsplit("/", 1)[-1]
        for p in charger(deplace, AUJOURDHUI).avertissements
        if p.code == "fichier.schema-introuvable"
    }
    assert avertis == {f"{nom}.yml" for nom in FICHIERS}

    # `make schemas` rewrites them; the editor finds each schema again.
    changes = schemas.recrire_entetes(deplace)
    assert len(changes) == 8
    for path in deplace.glob("*.yml"):
        premiere = path.read_text(encoding="utf-8").splitlines()[0]
        relatif = premiere.removeprefix("# yaml-language-server: $schema=")
        assert (deplace / relatif).resolve() == schemas.chemin(path.stem).resolve()
    assert not [
        p
        for p in charger(deplace, AUJOURDHUI).avertissements
        if p.code == "fichier.schema-introuvable"
    ]
    assert schemas.recrire_entetes(deplace) == []  # nothing left to change


def test_the_editor_settings_map_every_schema_by_file_name():
    """Without a header (or with a broken one), VS Code still finds a data file's schema."""
    ecrit = (ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8")
    assert ecrit == schemas.parametres_vscode(), "lancez make schemas"
    associations = json.loads(ecrit)["yaml.schemas"]
    for schema, motifs in associations.items():
        assert (ROOT / schema).is_file(), schema
        assert f"**/{schema.rsplit('/', 1)[-1].removesuffix('.schema.json')}.yml" in motifs
