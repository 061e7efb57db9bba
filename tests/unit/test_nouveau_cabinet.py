"""`make new-cabinet`: a fresh data folder for each of the five professions, that checks,
renders each profession's words, and builds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, TODAY, contexte, run_cli

from macros.donnees.chargement import charger
from macros.donnees.modele import Profession
from macros.site.plugin import MACROS_RENDU
from macros.sorties.nouveau import VOCABULAIRE
from macros.texte import slug


def nouveau(tmp_path: Path, nom: str, profession: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "macros",
            "nouveau",
            "--nom",
            nom,
            "--profession",
            profession,
            "--dossier",
            str(tmp_path / "donnees"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _nouveau_valide(tmp_path: Path, profession: str) -> Path:
    """``make new-cabinet`` for ``profession``: every file, its schema, a clean check."""
    created = nouveau(tmp_path, f"Cabinet « {profession} » & associés", profession)
    assert created.returncode == 0, created.stderr
    data = tmp_path / "donnees"
    assert sorted(p.stem for p in data.glob("*.yml")) == sorted(
        ["actions", "cabinet", "calendrier", "equipe", "journal", "procedures", "roles", "support"]
    )
    for path in data.glob("*.yml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = first.removeprefix("# yaml-language-server: $schema=")
        assert (data / schema).resolve() == ROOT / "macros" / "schemas" / f"{path.stem}.schema.json"

    check = run_cli("check", env={"HANDBOOK_DATA": str(data)})
    assert check.returncode == 0, check.stderr
    # Every placeholder is reported, with its file and line.
    assert "à compléter" in check.stdout
    assert "equipe.yml:" in check.stdout and "cabinet.yml:" in check.stdout
    return data


@pytest.mark.parametrize("profession", [p.value for p in Profession])
def test_new_cabinet_checks_and_renders_for_every_profession(tmp_path, profession):
    """Each profession's words reach the pages (rendered in-process, as the build does);
    the whole MkDocs build of a new cabinet is the next test's."""
    data = _nouveau_valide(tmp_path, profession)
    hb = charger(data, TODAY).handbook
    assert Profession(profession).libelle in str(MACROS_RENDU["tableau_equipe"](contexte(hb)))
    roles = str(MACROS_RENDU["roles"](contexte(hb, "roles.md")))
    assert VOCABULAIRE[Profession(profession)].role in roles


def test_a_new_cabinet_builds(tmp_path):
    profession = "orthoptiste"
    data = _nouveau_valide(tmp_path, profession)
    site = tmp_path / "site"
    built = run_cli("build", "--site-dir", str(site), env={"HANDBOOK_DATA": str(data)})
    assert built.returncode == 0, built.stdout + built.stderr
    equipe = (site / "equipe" / "index.html").read_text(encoding="utf-8")
    assert Profession(profession).libelle in equipe
    roles = (site / "roles" / "index.html").read_text(encoding="utf-8")
    assert VOCABULAIRE[Profession(profession)].role in roles
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Cabinet « " + profession in index.replace("\u00a0", " ").replace("&amp;", "&")


def test_unknown_profession_is_refused_in_french(tmp_path):
    result = nouveau(tmp_path, "Cabinet X", "dentiste")
    assert result.returncode == 2
    assert (
        "PROFESSION : profession « dentiste » inconnue ; valeurs possibles : infirmier"
        in result.stderr
    )
    assert not (tmp_path / "donnees").exists()


def test_existing_folder_is_never_overwritten(tmp_path):
    (tmp_path / "donnees").mkdir()
    (tmp_path / "donnees" / "equipe.yml").write_text("membres: []\n", encoding="utf-8")
    result = nouveau(tmp_path, "Cabinet X", "infirmier")
    assert result.returncode == 2 and "existe déjà" in result.stderr
    assert (tmp_path / "donnees" / "equipe.yml").read_text(encoding="utf-8") == "membres: []\n"


def test_slug():
    assert slug("Cabinet d'orthophonie du Parc") == "cabinet-d-orthophonie-du-parc"
    assert slug("Kiné Nord") == "kine-nord"


def test_makefile_target_passes_name_and_profession():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert 'nouveau --nom "$(NAME)" --profession "$(PROFESSION)"' in makefile
