"""`make edit`: the form editor (Decap CMS) on a local Python backend that writes the data.

The editor's server runs in this process (port 0) on a temporary copy of the data; the
browser is the suite's shared Chromium (pytest-playwright's ``page``). No site is built.
"""

from __future__ import annotations

import difflib
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import FIXTURES, TODAY, cli_env, data_dir

from macros.donnees.chargement import charger
from macros.donnees.lecteur import lire_yaml
from macros.donnees.modele import FICHIERS
from macros.editeur.serveur import DOSSIER_DECAP, ServeurEditeur, demarrer

pytestmark = pytest.mark.e2e

SAVE_TIMEOUT_S = 30


@pytest.fixture(scope="module")
def donnees(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the data files (never the private file)."""
    dossier = tmp_path_factory.mktemp("editeur") / "data"
    dossier.mkdir()
    for nom in FICHIERS:
        shutil.copy(data_dir() / f"{nom}.yml", dossier / f"{nom}.yml")
    return dossier


@pytest.fixture(scope="module")
def editeur(donnees: Path) -> Iterator[ServeurEditeur]:
    if not (DOSSIER_DECAP / "decap-cms.js").is_file():
        pytest.fail("Decap CMS n'est pas installé : lancez « make editeur-npm ».")
    serveur = demarrer(donnees, TODAY, port=0)
    yield serveur
    serveur.arreter()


@pytest.fixture
def browser_context_args() -> dict:
    """No ``base_url``: the suite's would build the site, which these tests do not need."""
    return {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def hotes(page) -> set[str]:
    """Every host the page asks something of, during the test."""
    vus: set[str] = set()
    page.on("request", lambda requete: vus.add(requete.url.split("/")[2]))
    return vus


def _ouvrir_equipe(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Équipe").first.click()
    page.get_by_role("button", name="Ajouter membre").wait_for()


def _choisir(page, libelle: str, texte: str, option: str, zone=None) -> None:
    """Pick ``option`` in the last visible select (or relation) field labelled ``libelle``."""
    champ = (zone or page).get_by_label(libelle).filter(visible=True).last
    champ.click()
    champ.fill(texte)
    page.get_by_role("option", name=option, exact=True).click()


def _publier(page) -> None:
    page.get_by_role("button", name="Publier").click()
    page.get_by_text("Publier maintenant").click()


def _attendre(condition, message) -> None:
    fin = time.monotonic() + SAVE_TIMEOUT_S
    while time.monotonic() < fin:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(message())


def test_ajouter_un_membre_puis_refuser_son_propre_back_up(page, editeur, donnees, hotes):
    equipe = donnees / "equipe.yml"
    avant = equipe.read_text(encoding="utf-8")
    _ouvrir_equipe(page, editeur.url)
    page.get_by_role("button", name="Ajouter membre").click()
    page.get_by_label("Identifiant").last.fill("anais-l-hote")
    page.get_by_label("Prénom et nom").last.fill("Anaïs L'Hôte")
    _choisir(page, "Profession", "ortho", "Orthophoniste")
    _choisir(page, "Situation auprès de la CARPIMKO", "assoc", "En association")
    _choisir(page, "Méthode d'accès", "France", "FranceConnect")
    _choisir(page, "Back-up", "Claire", "Claire Durand")
    # « Paiement des cotisations » is an optional group, folded until opened.
    barre = page.get_by_text("Paiement des cotisations", exact=True).filter(visible=True).last
    barre.locator("xpath=..").get_by_test_id("expand-button").click()
    _choisir(page, "Rythme", "Mens", "Mensuel")
    page.get_by_label("Prélèvement").filter(visible=True).last.click()
    _publier(page)
    _attendre(
        lambda: "Anaïs L'Hôte" in equipe.read_text(encoding="utf-8"),
        lambda: (
            page.screenshot(path=str(donnees.parent / "echec.png"), full_page=True)
            and "rien d'enregistré"
        ),
    )
    page.get_by_text("Entrée enregistrée").wait_for()

    apres = equipe.read_text(encoding="utf-8")
    doc, problemes = lire_yaml(apres, "equipe.yml")
    assert problemes == []
    nouveau = doc.data["membres"][-1]
    assert nouveau == {
        "id": "anais-l-hote",
        "nom": "Anaïs L'Hôte",
        "profession": "orthophoniste",
        "situation": "associe",
        "methode_acces": "franceconnect",
        "back_up": "claire-durand",
        "paiement": {"rythme": "mensuel", "prelevement": True},
    }
    # The rest of the file is untouched: comments, styles, key order (only lines added).
    diff = list(difflib.unified_diff(avant.splitlines(), apres.splitlines(), lineterm="", n=0))
    assert [ligne for ligne in diff[2:] if ligne.startswith("-")] == []
    assert apres.startswith("# yaml-language-server: $schema=")
    charger(donnees, TODAY)  # make check accepts it

    # Then, in the same form, make a member their own back-up: the save is refused, the
    # French report names the field and the rule, and the file is left as it was.
    avant = equipe.read_bytes()
    membre = page.locator("[class*=SortableListItem]").filter(
        has=page.locator("[class*=NestedObjectLabel]", has_text="Marc Lefebvre")
    )
    membre.get_by_role("button").first.click()  # unfold the member
    _choisir(page, "Back-up", "Marc", "Marc Lefebvre", zone=membre)
    _publier(page)
    rapport = page.locator("#hb-rapport")
    rapport.wait_for()
    texte = rapport.inner_text()
    assert "Enregistrement refusé" in texte
    assert "equipe.yml:" in texte
    assert "membres[2].back_up : un membre ne peut pas être son propre back-up" in texte
    assert "[equipe.back-up-soi-meme]" in texte
    assert equipe.read_bytes() == avant
    assert hotes == {editeur.url.split("/")[2]}


def test_make_edit_arrete_les_deux_serveurs_ensemble(tmp_path):
    """``python -m macros edit``: the preview and the editor start, one French line gives the
    editor's address, and one Ctrl-C (SIGINT) stops both. On the smallest practice (solo):
    the preview builds its site before it answers."""
    donnees = tmp_path / "data"
    shutil.copytree(FIXTURES / "solo", donnees)
    ports = [_port_libre(), _port_libre()]
    env = cli_env() | {"HANDBOOK_DATA": str(donnees), "HANDBOOK_PDF": "off"}
    journal = (tmp_path / "edit.log").open("w", encoding="utf-8")
    processus = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "macros",
            "edit",
            "--dev-addr",
            f"127.0.0.1:{ports[0]}",
            "--editeur-addr",
            f"127.0.0.1:{ports[1]}",
        ],
        env=env,
        stdout=journal,
        stderr=subprocess.STDOUT,
    )
    try:
        for port in ports:
            _attendre(
                lambda port=port: _repond(port) or processus.poll() is not None,
                lambda: (tmp_path / "edit.log").read_text(encoding="utf-8"),
            )
        assert processus.poll() is None, (tmp_path / "edit.log").read_text(encoding="utf-8")
        processus.send_signal(signal.SIGINT)
        assert processus.wait(timeout=30) == 0
    finally:
        if processus.poll() is None:
            processus.kill()
        journal.close()
    log = (tmp_path / "edit.log").read_text(encoding="utf-8")
    assert f"Éditeur du manuel : http://127.0.0.1:{ports[1]}/" in log
    assert "Traceback" not in log
    assert not _repond(ports[0]) and not _repond(ports[1])


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _repond(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
    except OSError:
        return False
    return True
