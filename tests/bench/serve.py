"""How long an edit takes to show up under ``make serve`` (a bench helper).

Starts ``python -m macros serve`` on a free port of 127.0.0.1 with a copy of a data
folder, waits for the first build, then edits a data file several times (a comment line
appended to ``journal.yml``) and times each edit until MkDocs says it reloads the
browsers: the watcher's delay, the data's reload and validation, and the whole rebuild.
The server is stopped at the end.
"""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

__all__ = ["delais_serve"]

_PRET = "Serving on"
_RECHARGE = "Reloading browsers"


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _attendre(lignes: queue.Queue[str], marque: str, delai: float) -> bool:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        try:
            ligne = lignes.get(timeout=max(0.01, fin - time.monotonic()))
        except queue.Empty:
            return False
        if marque in ligne:
            return True
    return False


def delais_serve(
    racine: Path, donnees: Path, travail: Path, env: dict[str, str], editions: int = 3
) -> list[float]:
    """Seconds from each data edit to the browsers' reload, under ``python -m macros serve``.

    Raises:
        RuntimeError: when the server does not start or does not rebuild in time.
    """
    copie = travail / "donnees-serve"
    shutil.copytree(donnees, copie, ignore=shutil.ignore_patterns("private*.yml"))
    adresse = f"127.0.0.1:{_port_libre()}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "macros", "serve", "--dev-addr", adresse],
        cwd=racine,
        env={**env, "HANDBOOK_DATA": str(copie), "HANDBOOK_PDF": "off"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lignes: queue.Queue[str] = queue.Queue()

    def lire() -> None:
        assert proc.stdout is not None
        for ligne in proc.stdout:
            lignes.put(ligne)

    threading.Thread(target=lire, daemon=True).start()
    try:
        if not _attendre(lignes, _PRET, 180):
            raise RuntimeError("le serveur de prévisualisation n'a pas démarré")
        journal = copie / "journal.yml"
        delais: list[float] = []
        for n in range(editions):
            time.sleep(1.0)  # let the watcher settle after the previous build
            while not lignes.empty():
                lignes.get_nowait()
            debut = time.perf_counter()
            with journal.open("a", encoding="utf-8") as f:
                f.write(f"# modification du banc d'essai {n + 1}\n")
                f.flush()
                os.fsync(f.fileno())
            if not _attendre(lignes, _RECHARGE, 180):
                raise RuntimeError(
                    "le serveur n'a pas reconstruit le manuel après une modification"
                )
            delais.append(time.perf_counter() - debut)
        return delais
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
