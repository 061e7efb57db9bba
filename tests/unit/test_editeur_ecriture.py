"""The form editor's writer and backend (macros/editeur): round trips, refusals, no leak."""

from __future__ import annotations

import difflib
import random
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, ROOT, TODAY

from macros.donnees.lecteur import lire_yaml
from macros.donnees.modele import FICHIERS
from macros.editeur.ecriture import ecrire
from macros.editeur.serveur import Backend, Refus

DOSSIERS = [ROOT / "data", FIXTURES / "infirmiers", FIXTURES / "solo"]
FICHIERS_LIVRES = [
    pytest.param(d / f"{nom}.yml", nom, id=f"{d.name}/{nom}")
    for d in DOSSIERS
    for nom in FICHIERS
    if (d / f"{nom}.yml").is_file()
]


def _donnees(texte: str) -> dict:
    doc, problemes = lire_yaml(texte, "f.yml")
    assert problemes == []
    return doc.data


def _melanger(valeur, hasard: random.Random):
    """What Decap may send back: keys in any order (lists keep theirs)."""
    if isinstance(valeur, dict):
        items = list(valeur.items())
        hasard.shuffle(items)
        return {k: _melanger(v, hasard) for k, v in items}
    if isinstance(valeur, list):
        return [_melanger(v, hasard) for v in valeur]
    return valeur


def _comme_decap(texte: str) -> dict:
    """The file after Decap: no comments, keys shuffled, times unquoted, folded texts joined."""
    brut = yaml.safe_dump(
        _melanger(_donnees(texte), random.Random(16)), allow_unicode=True, width=10_000
    )
    return _donnees(brut)


@pytest.mark.parametrize(("fichier", "nom"), FICHIERS_LIVRES)
def test_un_enregistrement_sans_changement_laisse_le_fichier_identique(fichier: Path, nom: str):
    texte = fichier.read_text(encoding="utf-8")
    assert ecrire(nom, _comme_decap(texte), texte, "# en-tête") == texte


def _diff(avant: str, apres: str) -> list[str]:
    lignes = difflib.unified_diff(avant.splitlines(), apres.splitlines(), lineterm="", n=0)
    return [ligne for ligne in list(lignes)[2:] if not ligne.startswith("@@")]


def test_un_champ_change_une_ligne():
    texte = (ROOT / "data" / "calendrier.yml").read_text(encoding="utf-8")
    donnees = _comme_decap(texte)
    donnees["routines"][0]["heure"] = "08:30"
    apres = ecrire("calendrier", donnees, texte, "# en-tête")
    assert _diff(texte, apres) == ['-    heure: "09:00"', '+    heure: "08:30"']
    # Times keep reading as times with a YAML 1.1 reader too.
    assert yaml.safe_load(apres)["routines"][0]["heure"] == "08:30"


def test_un_nouveau_membre_prend_le_style_du_fichier():
    texte = (ROOT / "data" / "equipe.yml").read_text(encoding="utf-8")
    donnees = _comme_decap(texte)
    donnees["membres"].append(
        {
            "roles": ["praticien"],
            "situation": "associe",
            "nom": "Anaïs L'Hôte",
            "id": "anais-l-hote",
            "fonction": "",
            "dispenses": [],
        }
    )
    apres = ecrire("equipe", donnees, texte, "# en-tête")
    assert _diff(texte, apres) == [
        "+",
        "+  - id: anais-l-hote",
        "+    nom: Anaïs L'Hôte",
        "+    situation: associe",
        "+    roles: [praticien]",
    ]


def test_en_tete_et_textes_risques():
    apres = ecrire(
        "journal",
        {"entrees": [{"date": "2026-01-12", "auteur": "a", "changement": "on", "details": "a: b"}]},
        None,
        "# yaml-language-server: $schema=../macros/schemas/journal.schema.json",
    )
    assert apres.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert '    changement: "on"' in apres and '    details: "a: b"' in apres
    assert yaml.safe_load(apres)["entrees"][0]["changement"] == "on"


@pytest.fixture
def backend(tmp_path: Path) -> Backend:
    dossier = tmp_path / "data"
    dossier.mkdir()
    for nom in FICHIERS:
        shutil.copy(ROOT / "data" / f"{nom}.yml", dossier / f"{nom}.yml")
    (dossier / "private.yml").write_text("membres: {}\n", encoding="utf-8")
    return Backend(dossier, TODAY)


@pytest.mark.parametrize(
    "chemin",
    ["data/private.yml", "data/../data/equipe.yml", "/etc/passwd", "data/equipe.yaml", None],
)
def test_seuls_les_fichiers_de_donnees_sont_lus(backend: Backend, chemin):
    with pytest.raises(Refus, match="refusé"):
        backend.action({"action": "getEntry", "params": {"path": chemin}})
    with pytest.raises(Refus, match="refusé"):
        backend.action(
            {
                "action": "persistEntry",
                "params": {"dataFiles": [{"path": chemin, "raw": "membres: {}\n"}], "assets": []},
            }
        )
    assert (backend.donnees / "private.yml").read_text(encoding="utf-8") == "membres: {}\n"


def test_un_lien_hors_du_dossier_est_refuse(backend: Backend, tmp_path: Path):
    ailleurs = tmp_path / "ailleurs.yml"
    ailleurs.write_text("secret: 1\n", encoding="utf-8")
    (backend.donnees / "journal.yml").unlink()
    (backend.donnees / "journal.yml").symlink_to(ailleurs)
    with pytest.raises(Refus, match="hors du dossier"):
        backend.action({"action": "getEntry", "params": {"path": "data/journal.yml"}})


def test_un_enregistrement_refuse_ne_change_rien(backend: Backend):
    equipe = backend.donnees / "equipe.yml"
    avant = equipe.read_bytes()
    brut = yaml.safe_dump(_donnees(avant.decode()), allow_unicode=True)
    brut = brut.replace("back_up: marc-lefebvre", "back_up: claire-durand", 1)
    with pytest.raises(Refus) as refus:
        backend.action(
            {
                "action": "persistEntry",
                "params": {"dataFiles": [{"path": "data/equipe.yml", "raw": brut}], "assets": []},
            }
        )
    assert "[equipe.back-up-soi-meme]" in str(refus.value)
    assert "equipe.yml:26:14 — membres[1].back_up" in str(refus.value)
    assert equipe.read_bytes() == avant
    assert sorted(p.name for p in backend.donnees.iterdir()) == sorted(
        [f"{nom}.yml" for nom in FICHIERS] + ["private.yml"]
    )


def test_actions_de_decap_server(backend: Backend):
    assert backend.action({"action": "info"})["publish_modes"] == ["simple"]
    entrees = backend.action(
        {"action": "entriesByFolder", "params": {"folder": "data", "extension": "yml"}}
    )
    assert sorted(e["file"]["path"] for e in entrees) == sorted(f"data/{n}.yml" for n in FICHIERS)
    assert backend.action({"action": "getDeployPreview", "params": {}}) is None
    assert backend.action({"action": "getMedia", "params": {"mediaFolder": "x"}}) == []
    for action in ("deleteFile", "persistMedia", "unpublishedEntries", "inconnue"):
        with pytest.raises(Refus):
            backend.action({"action": action, "params": {"path": "data/equipe.yml"}})
