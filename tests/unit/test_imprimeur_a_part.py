"""The build's printer in a process of its own (macros/sorties/imprimeur_a_part.py): every
command reaches it, its answers and errors come back, and it stops whatever happens to the
build: a print that fails, a printer that dies, a build interrupted while it waits, a build
that fails after the print began.

The pytest-xdist worker that runs these tests has several threads, so its printers are
spawned, not forked (the build forks only from a process with one thread:
macros/sorties/fourche.py); the fakes are module-level, for the spawned process to import.
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import ROOT, TODAY, cli_env

from macros.sorties.fourche import fourche_sure
from macros.sorties.imprimeur_a_part import ImprimeurAPart, demarrer_imprimeur
from macros.sorties.pdf import PdfIndisponible, ResultatPdf, Tirage


class FauxImprimeur:
    """A printer that writes each call in ``journal``; ``imprimer`` does as ``conduite`` says."""

    def __init__(self, journal: Path, conduite: str = "ok") -> None:
        self.journal = journal
        self.conduite = conduite

    def _noter(self, ligne: str) -> None:
        with self.journal.open("a", encoding="utf-8") as f:
            f.write(ligne + "\n")

    def commencer(self, tirage: Tirage) -> None:
        self._noter(
            f"commencer {tirage.site.name} {len(tirage.travaux)} {tirage.mode} {tirage.auteur}"
        )

    def page_ecrite(self) -> None:
        self._noter("page_ecrite")

    def imprimer(self, tirage: Tirage) -> list[ResultatPdf]:
        self._noter("imprimer")
        if self.conduite == "erreur":
            raise PdfIndisponible("plus de papier dans l'imprimante")
        if self.conduite == "mort":
            os._exit(3)
        if self.conduite == "mort-sous-un-enfant":
            # As the finishing's worker would: a process of its own that outlives it, with
            # a copy of the pipe's end, so that the build sees no end of the pipe.
            enfant = os.fork()
            if enfant == 0:
                time.sleep(30)
                os._exit(0)
            self.journal.with_name("enfant.txt").write_text(str(enfant), encoding="utf-8")
            os._exit(3)
        if self.conduite == "long":
            time.sleep(60)
        # Its process id as the number of pages: where the print was made.
        return [ResultatPdf(sortie, os.getpid(), 1, 0.0) for _, sortie in tirage.travaux]

    def temps(self) -> list[str]:
        return ["  étape PDF  1.00 s"]

    def fermer(self) -> None:
        self._noter("fermer")


def _imprimeur(tmp_path: Path, conduite: str = "ok") -> tuple[ImprimeurAPart, Path]:
    journal = tmp_path / "journal.txt"
    fabrique = functools.partial(FauxImprimeur, journal, conduite)
    return ImprimeurAPart(fabrique, methode="spawn"), journal


TRAVAUX = (("print_page/", Path("manuel.pdf")), ("roles/titulaire/", Path("fiche-titulaire.pdf")))


def test_each_command_reaches_the_printer_in_its_own_process(tmp_path):
    imprimeur, journal = _imprimeur(tmp_path)
    with imprimeur:
        tirage = Tirage(tmp_path, TRAVAUX, "public", None, "Kiné Nord")
        imprimeur.commencer(tirage)
        imprimeur.page_ecrite()
        resultats = imprimeur.imprimer(tirage)
        assert imprimeur.temps() == ["  étape PDF  1.00 s"]
    assert [r.chemin for r in resultats] == [sortie for _, sortie in TRAVAUX]
    assert {r.pages for r in resultats} == {imprimeur._processus.pid} != {os.getpid()}
    assert journal.read_text(encoding="utf-8").splitlines() == [
        f"commencer {tmp_path.name} 2 public Kiné Nord",
        "page_ecrite",
        "imprimer",
        "fermer",
    ]
    assert not imprimeur._processus.is_alive()
    assert imprimeur._processus.exitcode == 0


def test_a_print_that_fails_is_said_in_the_build(tmp_path):
    imprimeur, journal = _imprimeur(tmp_path, "erreur")
    with imprimeur, pytest.raises(PdfIndisponible, match="plus de papier"):
        imprimeur.imprimer(Tirage(tmp_path, TRAVAUX, "public"))
    assert journal.read_text(encoding="utf-8").splitlines() == ["imprimer", "fermer"]
    assert imprimeur._processus.exitcode == 0


@pytest.mark.parametrize("conduite", ["mort", "mort-sous-un-enfant"])
def test_a_printer_that_died_is_said_and_stopping_it_does_not_wait(tmp_path, conduite):
    imprimeur, _ = _imprimeur(tmp_path, conduite)
    debut = time.monotonic()
    try:
        with imprimeur:
            with pytest.raises(PdfIndisponible, match="processus d'impression s'est arrêté"):
                imprimeur.imprimer(Tirage(tmp_path, TRAVAUX, "public"))
            imprimeur.commencer(Tirage(tmp_path, TRAVAUX, "public"))  # no error: imprimer says it
            assert imprimeur.temps() == []
        # Neither the wait for its answer nor the stop waited for the pipe's end.
        assert time.monotonic() - debut < 10
        assert imprimeur._processus.exitcode == 3
    finally:
        enfant = tmp_path / "enfant.txt"
        if enfant.exists():
            os.kill(int(enfant.read_text(encoding="utf-8")), signal.SIGKILL)


def test_a_build_interrupted_while_it_waits_stops_the_print(tmp_path):
    """Ctrl-C while the build waits for the PDFs: the printer (deaf to the pipe while it
    prints) is interrupted, closes its browser and stops, long before its print would end."""
    imprimeur, journal = _imprimeur(tmp_path, "long")
    principal = threading.main_thread().ident
    assert principal is not None

    interrompu_a: list[float] = []

    def ctrl_c_pendant_l_impression() -> None:
        # Once the printer is in its print (a spawned process may take a while to start).
        fin = time.monotonic() + 30
        while not journal.exists() and time.monotonic() < fin:
            time.sleep(0.05)
        interrompu_a.append(time.monotonic())
        signal.pthread_kill(principal, signal.SIGINT)

    ctrl_c = threading.Thread(target=ctrl_c_pendant_l_impression)
    with pytest.raises(KeyboardInterrupt), imprimeur:
        ctrl_c.start()
        imprimeur.imprimer(Tirage(tmp_path, TRAVAUX, "public"))
    ctrl_c.join()
    # Its print would have taken a minute; a printer that did not stop in 30 s is killed.
    assert time.monotonic() - interrompu_a[0] < 20
    assert journal.read_text(encoding="utf-8").splitlines() == ["imprimer", "fermer"]
    assert imprimeur._processus.exitcode == 0


def test_the_printer_runs_in_the_build_process_where_a_fork_is_not_safe(monkeypatch):
    import macros.sorties.imprimeur as module

    class EnPlace:
        pass

    monkeypatch.setattr(module, "Imprimeur", EnPlace)
    arret = threading.Event()
    fil = threading.Thread(target=arret.wait)
    fil.start()
    try:
        assert not fourche_sure()
        assert isinstance(demarrer_imprimeur(), EnPlace)
    finally:
        arret.set()
        fil.join()


#: A build run with a fake printer registered, as ``python -m macros build`` registers its own:
#: what the hooks tell it, and what was on disk at that moment.
_BUILD_AVEC_UN_FAUX = """
import json, sys
from pathlib import Path
from macros.cli import main
from macros.sorties.pdf import en_attente

appels = []

class Faux:
    def commencer(self, tirage):
        # The build's temporary folder, which replaces the site once everything is done.
        site, travaux = tirage.site, tirage.travaux
        self.page = site / "print_page" / "index.html"
        appels.append({
            "appel": "commencer",
            "chemins": [chemin for chemin, _ in travaux],
            "fiches_ecrites": all((site / c / "index.html").is_file() for c, _ in travaux[1:]),
            "page_impression": self.page.is_file(),
        })

    def page_ecrite(self):
        texte = self.page.read_text(encoding="utf-8")
        appels.append({"appel": "page_ecrite", "finie": 'id="hb-parties"' in texte})

with en_attente(Faux()):
    statut = main(["build", "--site-dir", sys.argv[1]])
print(json.dumps({"statut": statut, "appels": appels}))
"""


def test_the_build_hands_the_printer_its_pages_as_soon_as_they_are_written(tmp_path):
    """The reflex cards begin as soon as every page is written, before print-site makes the
    print page; the handbook once its print page is final."""
    import json

    resultat = subprocess.run(
        [sys.executable, "-c", _BUILD_AVEC_UN_FAUX, str(tmp_path / "construit")],
        cwd=ROOT,
        env=cli_env({"HANDBOOK_TODAY": TODAY.isoformat()}),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resultat.returncode == 0, resultat.stderr
    sortie = json.loads(resultat.stdout.splitlines()[-1])
    assert sortie["statut"] == 0
    commencer, page_ecrite = sortie["appels"]
    assert commencer["appel"] == "commencer"
    assert commencer["chemins"][0] == "print_page/"
    assert all(c.startswith("roles/") for c in commencer["chemins"][1:])
    assert commencer["fiches_ecrites"] is True
    assert commencer["page_impression"] is False
    assert page_ecrite == {"appel": "page_ecrite", "finie": True}


def test_a_build_that_fails_after_the_print_began_leaves_no_print_running(site, tmp_path, capfd):
    """The real printer, begun as the build's hooks begin it, then the build fails before
    its print page is written: the print waiting for that page is stopped, the browser
    closed, the printer's process ends by itself, and no handbook is written."""
    travaux = (
        ("print_page/", tmp_path / "manuel.pdf"),
        ("roles/titulaire/", tmp_path / "fiche-titulaire.pdf"),
    )
    imprimeur = ImprimeurAPart(methode="spawn")
    with imprimeur:
        imprimeur.commencer(Tirage(site, travaux, "public", None, "Kiné Nord"))
        time.sleep(1)  # the card's print goes on; the handbook waits for its page
    assert imprimeur._processus.exitcode == 0  # stopped by itself, not killed
    assert not (tmp_path / "manuel.pdf").exists()
    # Nothing left pending in the printer when it stopped, nothing said about it.
    assert capfd.readouterr().err == ""


class AvecOuvrier(FauxImprimeur):
    """A fake printer with the real finishing's worker (forked as the printer forks it);
    ``temps`` gives the two processes' ids."""

    def __init__(self, journal: Path, conduite: str = "ok") -> None:
        from macros.sorties.pdf_ua import ouvrier_de_finition

        super().__init__(journal, conduite)
        self.ouvrier = ouvrier_de_finition()
        assert self.ouvrier is not None
        self.ouvrier_pid = self.ouvrier.submit(os.getpid).result()

    def temps(self) -> list[str]:
        return [str(os.getpid()), str(self.ouvrier_pid)]


_BUILD_TUE = """
import functools, sys, time
from pathlib import Path
sys.path[:0] = [sys.argv[2], str(Path(sys.argv[2]).parent)]
from test_imprimeur_a_part import AvecOuvrier
from macros.sorties.imprimeur_a_part import ImprimeurAPart

# Forked, as the build forks it (this process has one thread): the printer then holds a copy
# of the build's end of the pipe too.
imprimeur = ImprimeurAPart(functools.partial(AvecOuvrier, Path(sys.argv[1])))
print(" ".join(imprimeur.temps()), flush=True)
time.sleep(60)
"""


def _vivant(pid: int) -> bool:
    try:
        etat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return etat != "Z"  # a zombie is dead, only not yet reaped


def test_helpers_do_not_outlive_a_build_killed_outright(tmp_path):
    """A build killed without a chance to stop its helpers (SIGKILL, the machine's out-of-
    memory killer): the printer and the finishing's worker end with it, instead of each
    waiting for ever on a pipe it holds both ends of."""
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            _BUILD_TUE,
            str(tmp_path / "journal.txt"),
            str(Path(__file__).parent),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as build:
        try:
            assert build.stdout is not None
            aides = [int(pid) for pid in build.stdout.readline().split()]
            assert len(aides) == 2 and all(_vivant(pid) for pid in aides)
        finally:
            build.kill()
    fin = time.monotonic() + 10
    while any(_vivant(pid) for pid in aides) and time.monotonic() < fin:
        time.sleep(0.1)
    restants = [pid for pid in aides if _vivant(pid)]
    for pid in restants:
        os.kill(pid, signal.SIGKILL)
    assert restants == []
