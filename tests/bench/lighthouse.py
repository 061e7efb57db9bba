"""Lighthouse on a few pages of the built site (a bench helper).

Lighthouse is a pinned npm package of the bench's own (``tests/bench/npm/package.json``
and its ``package-lock.json``), installed on first use with ``npm ci`` (the npm registry
only). It drives the Chromium the project uses (:func:`macros.sorties.navigateur.trouver_chromium`,
given as ``CHROME_PATH``), with its default settings: a mobile page under simulated
throttling. The site is served on 127.0.0.1 from a thread; the pages are audited one after
the other (a score depends on the CPU left to the page), each ``runs`` times, and the
median of each category's score is kept.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

__all__ = ["CATEGORIES", "NPM", "installer", "pages_auditees", "scores", "version_lighthouse"]

NPM = Path(__file__).resolve().parent / "npm"
_BINAIRE = NPM / "node_modules" / ".bin" / "lighthouse"
#: Lighthouse's four categories, in the order they are printed.
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def installer() -> Path:
    """Lighthouse's command, installed with ``npm ci`` when missing.

    Raises:
        RuntimeError: when npm is missing or the installation fails (the message is French).
    """
    if _BINAIRE.is_file():
        return _BINAIRE
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "npm introuvable (apt-get install -y nodejs npm) : Lighthouse non mesuré"
        )
    print("Lighthouse : installation (npm ci dans tests/bench/npm)…", flush=True)
    proc = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=NPM, capture_output=True, text=True
    )
    if proc.returncode != 0 or not _BINAIRE.is_file():
        raise RuntimeError(f"npm ci a échoué dans {NPM} :\n{(proc.stdout + proc.stderr)[-2000:]}")
    return _BINAIRE


def pages_auditees(site: Path) -> list[str]:
    """The audited pages: the home page, the matrix, the support page, the first member's
    page (in the order of the team folder) and the calendar."""
    membres = sorted(p.parent.name for p in (site / "equipe").glob("*/index.html"))
    pages = ["", "matrice/", "support/"]
    if membres:
        pages.append(f"equipe/{membres[0]}/")
    pages.append("calendrier/")
    return pages


def _un_audit(binaire: Path, url: str, chromium: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as dossier:
        rapport = Path(dossier) / "rapport.json"
        proc = subprocess.run(
            [
                str(binaire),
                url,
                "--output=json",
                f"--output-path={rapport}",
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": chromium},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if proc.returncode != 0 or not rapport.is_file():
            raise RuntimeError(f"Lighthouse a échoué sur {url} :\n{proc.stderr[-2000:]}")
        donnees = json.loads(rapport.read_text(encoding="utf-8"))
    if donnees.get("runtimeError"):
        raise RuntimeError(f"Lighthouse sur {url} : {donnees['runtimeError']}")
    return {nom: 100 * (donnees["categories"][nom]["score"] or 0) for nom in CATEGORIES}


def scores(site: Path, chromium: str, runs: int = 3) -> dict[str, dict[str, float]]:
    """For each audited page (:func:`pages_auditees`), the median of each category's score
    (0–100) over ``runs`` audits.

    Raises:
        RuntimeError: when Lighthouse cannot be installed or fails on a page.
    """
    from macros.sorties.serveur_local import servir  # the print step's quiet local server

    binaire = installer()
    resultats: dict[str, dict[str, float]] = {}
    with servir(site) as base:
        for page in pages_auditees(site):
            audits = [_un_audit(binaire, base + page, chromium) for _ in range(runs)]
            resultats["/" + page] = {
                nom: statistics.median(a[nom] for a in audits) for nom in CATEGORIES
            }
    return resultats


def version_lighthouse() -> str:
    """The pinned version (read from the lock file)."""
    verrou = json.loads((NPM / "package-lock.json").read_text(encoding="utf-8"))
    return str(verrou["packages"]["node_modules/lighthouse"]["version"])
