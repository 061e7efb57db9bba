"""`make edit`: the form editor (Decap CMS) on a local Python backend that writes the data.

One session of ``python -m macros edit`` (the preview and the editor, as ``make edit``
starts them) on a temporary copy of the example's data, driven in the suite's shared
Chromium (pytest-playwright's ``page``), as the assistant(e) would use it: « Modifier cette
page » on the team page, a new member, a refused save, an échéance moved with the date
picker; the preview rebuilds after each save; Ctrl-C stops both servers.
"""

from __future__ import annotations

import difflib
import html
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import TODAY, cli_env, data_dir

from macros.donnees.chargement import charger
from macros.donnees.lecteur import lire_yaml
from macros.donnees.modele import FICHIERS
from macros.editeur.serveur import DOSSIER_DECAP

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


@dataclass
class Session:
    """A running ``python -m macros edit``: the preview's and the editor's addresses."""

    apercu: str
    editeur: str
    processus: subprocess.Popen
    journal: Path

    def log(self) -> str:
        return self.journal.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def session(donnees: Path) -> Iterator[Session]:
    """``python -m macros edit`` on the copy, on two free ports; stopped (killed if need
    be) after the module. The test of Ctrl-C stops it itself."""
    if not (DOSSIER_DECAP / "decap-cms.js").is_file():
        pytest.fail("Decap CMS n'est pas installé : lancez « make editeur-npm ».")
    ports = [_port_libre(), _port_libre()]
    # Its own temporary folder: MkDocs' copy of the preview's site must go with the server.
    (donnees.parent / "tmp").mkdir()
    env = cli_env() | {"HANDBOOK_DATA": str(donnees), "TMPDIR": str(donnees.parent / "tmp")}
    journal = donnees.parent / "edit.log"
    with journal.open("w", encoding="utf-8") as sortie:
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
            stdout=sortie,
            stderr=subprocess.STDOUT,
        )
    s = Session(
        f"http://127.0.0.1:{ports[0]}/", f"http://127.0.0.1:{ports[1]}/", processus, journal
    )
    try:
        for port in ports:
            _attendre(lambda port=port: _repond(port) or processus.poll() is not None, s.log)
        assert processus.poll() is None, s.log()
        yield s
    finally:
        if processus.poll() is None:
            processus.kill()
            processus.wait()


@pytest.fixture
def browser_context_args() -> dict:
    """No ``base_url``: the suite's would build the site, which these tests do not need."""
    return {"viewport": {"width": 1280, "height": 900}}


#: Every host the browser asked something of, over the whole session (see the last tests).
HOTES: set[str] = set()


@pytest.fixture
def onglet(page, session: Session):
    """The browser's tab, its requests' hosts recorded in :data:`HOTES`."""
    page.on("request", lambda requete: HOTES.add(requete.url.split("/")[2]))
    return page


@pytest.fixture(scope="module")
def formulaire_equipe(browser, session: Session):
    """One tab for the team's form, opened as the assistant(e) opens it: « Modifier cette
    page » on the preview's team page. The first three tests go on in it (one load of the
    editor instead of three)."""
    contexte = browser.new_context(viewport={"width": 1280, "height": 900})
    contexte.on("request", lambda requete: HOTES.add(requete.url.split("/")[2]))
    onglet = contexte.new_page()
    onglet.goto(session.apercu + "equipe/")
    onglet.get_by_role("link", name="Modifier cette page").click()
    _se_connecter(onglet)
    yield onglet
    contexte.close()


def _se_connecter(page) -> None:
    """Decap's local backend asks for one click on « Se connecter » on each load."""
    page.get_by_role("button", name="Se connecter").click()


def _choisir(page, libelle: str, texte: str, option: str, zone=None) -> None:
    """Pick ``option`` in the last visible select (or relation) field labelled ``libelle``."""
    champ = (zone or page).get_by_label(libelle).filter(visible=True).last
    champ.click()
    champ.fill(texte)
    page.get_by_role("option", name=option, exact=True).click()


def _element(page, titre: str):
    """The item of a list whose summary line shows ``titre``, unfolded."""
    element = page.locator("[class*=SortableListItem]").filter(
        has=page.locator("[class*=NestedObjectLabel]", has_text=titre)
    )
    element.get_by_role("button").first.click()
    return element


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


def _lire(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as reponse:
            return reponse.read().decode("utf-8")
    except OSError:
        return ""


def test_modifier_cette_page_ouvre_le_formulaire_des_membres(formulaire_equipe, session):
    assert formulaire_equipe.url == session.editeur + "#/collections/donnees/entries/equipe"
    formulaire_equipe.get_by_role("button", name="Ajouter membre").wait_for()
    formulaire_equipe.get_by_text("Claire Durand").first.wait_for()


def test_ajouter_un_membre_le_fichier_et_l_apercu_le_montrent(formulaire_equipe, session, donnees):
    onglet = formulaire_equipe
    equipe = donnees / "equipe.yml"
    avant = equipe.read_text(encoding="utf-8")
    onglet.get_by_role("button", name="Ajouter membre").click()
    onglet.get_by_label("Identifiant").last.fill("anais-l-hote")
    onglet.get_by_label("Prénom et nom").last.fill("Anaïs L'Hôte")
    _choisir(onglet, "Profession", "ortho", "Orthophoniste")
    _choisir(onglet, "Situation auprès de la CARPIMKO", "assoc", "En association")
    _choisir(onglet, "Méthode d'accès", "France", "FranceConnect")
    _choisir(onglet, "Back-up", "Claire", "Claire Durand")
    # « Paiement des cotisations » is an optional group, folded until opened.
    barre = onglet.get_by_text("Paiement des cotisations", exact=True).filter(visible=True).last
    barre.locator("xpath=..").get_by_test_id("expand-button").click()
    _choisir(onglet, "Rythme", "Mens", "Mensuel")
    onglet.get_by_label("Prélèvement").filter(visible=True).last.click()
    _publier(onglet)
    _attendre(
        lambda: "Anaïs L'Hôte" in equipe.read_text(encoding="utf-8"),
        lambda: (
            onglet.screenshot(path=str(donnees.parent / "echec.png"), full_page=True)
            and "rien d'enregistré"
        ),
    )
    onglet.get_by_text("Entrée enregistrée").wait_for()

    apres = equipe.read_text(encoding="utf-8")
    doc, problemes = lire_yaml(apres, "equipe.yml")
    assert problemes == []
    assert doc.data["membres"][-1] == {
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
    # The preview rebuilds: the new member has her page, and the team table links to it.
    _attendre(
        lambda: "Anaïs L'Hôte" in html.unescape(_lire(session.apercu + "equipe/anais-l-hote/")),
        lambda: "pas de page pour le nouveau membre dans l'aperçu :\n" + session.log(),
    )
    assert 'href="anais-l-hote/"' in _lire(session.apercu + "equipe/")


def test_son_propre_back_up_est_refuse_avec_le_rapport_francais(
    formulaire_equipe, session, donnees
):
    onglet = formulaire_equipe
    equipe = donnees / "equipe.yml"
    avant = equipe.read_bytes()
    membre = _element(onglet, "Marc Lefebvre")
    _choisir(onglet, "Back-up", "Marc", "Marc Lefebvre", zone=membre)
    _publier(onglet)
    rapport = onglet.locator("#hb-rapport")
    rapport.wait_for()
    texte = rapport.inner_text()
    assert "Enregistrement refusé" in texte
    assert "equipe.yml:" in texte
    assert "membres[2].back_up : un membre ne peut pas être son propre back-up" in texte
    assert "[equipe.back-up-soi-meme]" in texte
    assert equipe.read_bytes() == avant


def _debut_echeance(ics: str, uid: str) -> str:
    """The DTSTART line of the event ``uid`` of a calendar feed (folded lines joined)."""
    evenements = ics.replace("\r\n ", "").split("BEGIN:VEVENT")[1:]
    evenement = next(e for e in evenements if f"UID:{uid}" in e)
    return next(ligne for ligne in evenement.splitlines() if ligne.startswith("DTSTART"))


def test_deplacer_une_echeance_avec_le_selecteur_de_date(onglet, session, donnees):
    uid = "echeance-appel-cotisations-2026@"
    assert _debut_echeance(_lire(session.apercu + "calendrier.ics"), uid).endswith(
        ":20260630T090000"
    )
    assert "30/06/2026" in _lire(session.apercu + "calendrier/")
    onglet.goto(session.editeur + "#/collections/donnees/entries/calendrier")
    _se_connecter(onglet)
    echeance = _element(onglet, "Appel de cotisations 2026")
    date = echeance.get_by_label("Date", exact=True)
    assert date.get_attribute("type") == "date"  # the browser's date picker
    date.fill("2026-07-15")
    _publier(onglet)
    calendrier = donnees / "calendrier.yml"
    _attendre(
        lambda: "date: 2026-07-15" in calendrier.read_text(encoding="utf-8"),
        lambda: "date non enregistrée",
    )
    charger(donnees, TODAY)
    _attendre(
        lambda: "15/07/2026" in _lire(session.apercu + "calendrier/"),
        lambda: "le calendrier de l'aperçu n'a pas la nouvelle date :\n" + session.log(),
    )
    assert "30/06/2026" not in _lire(session.apercu + "calendrier/")
    assert _debut_echeance(_lire(session.apercu + "calendrier.ics"), uid).endswith(
        ":20260715T090000"
    )


def test_la_matrice_raci_se_coche_role_par_role(onglet, session, donnees):
    """Decap has no widget for the RACI mapping: the page's own gives a row per role of the
    data, a box per letter. Ticking one box is a one-line change of the file."""
    actions = donnees / "actions.yml"
    avant = actions.read_text(encoding="utf-8")
    onglet.goto(session.editeur + "#/collections/donnees/entries/actions")
    _se_connecter(onglet)
    action = _element(onglet, "Connexion sécurisée")
    assert action.get_by_role("checkbox", name="Titulaire : A (approuve)").is_checked()
    action.get_by_role("checkbox", name="Praticien(ne) : C (consulté)").check()
    _publier(onglet)
    _attendre(lambda: actions.read_text(encoding="utf-8") != avant, lambda: "rien d'enregistré")
    apres = actions.read_text(encoding="utf-8")
    diff = list(difflib.unified_diff(avant.splitlines(), apres.splitlines(), lineterm="", n=0))
    assert len([ligne for ligne in diff[2:] if ligne[0] in "+-"]) == 2, "\n".join(diff)
    doc, _ = lire_yaml(apres, "actions.yml")
    assert doc.data["actions"][0]["raci"]["praticien"] == "RC"


def test_aucune_requete_ne_quitte_la_machine(session):
    assert {session.apercu.split("/")[2], session.editeur.split("/")[2]} == HOTES


def test_ctrl_c_arrete_l_apercu_et_l_editeur_ensemble(session):
    """One French line gave the editor's address; one Ctrl-C (SIGINT) stops both."""
    session.processus.send_signal(signal.SIGINT)
    assert session.processus.wait(timeout=30) == 0
    log = session.log()
    assert f"Éditeur du manuel : {session.editeur}" in log
    assert "Traceback" not in log
    for adresse in (session.apercu, session.editeur):
        assert not _repond(int(adresse.rstrip("/").rpartition(":")[2]))
    assert list((session.journal.parent / "tmp").glob("mkdocs_*")) == []


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
