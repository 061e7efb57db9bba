"""Find a Chromium for the PDF step and the browser tests; check and install the system packages.

Order of preference for Chromium:

1. ``HANDBOOK_CHROMIUM``: an explicit executable;
2. Playwright's bundled Chromium (``.venv/bin/python -m playwright install chromium``),
   the normal path on a workstation (skipped when its system libraries are missing and a
   system Chromium exists);
3. a system Chromium: ``/usr/bin/chromium-headless-shell`` (Debian's package
   ``chromium-headless-shell``, the one installed when none is found), ``/usr/bin/chromium``,
   or ``chromium``, ``chromium-browser``, ``google-chrome`` on the ``PATH``.

In 2 and 3, Chromium's headless shell comes before the full browser when both are there:
the project only prints and tests without a screen, and the shell does it with about a
quarter less CPU per page (measured on the browser tests' pages; the PDFs are the same).

The system packages each command needs are grouped by need:

* ``python``: the ``venv`` module (Debian's ``python3-venv``), to create ``.venv``;
* ``navigateur``: a Chromium, and the libraries of Playwright's driver (the Node.js
  program, shipped in the playwright wheel, that drives Chromium): ``libatomic1``, which
  Debian's ``chromium`` package does not bring in;
* ``node``: Node.js and npm, for the test tools (``tests/tools``), and pdftoppm (Debian's
  ``poppler-utils``), with which the tests render PDF pages to images.

:func:`manques` lists what is missing, :func:`paquets_manquants` the Debian packages that
fix it, :func:`message_manquants` says it in French with the one ``sudo apt-get install``
line, and :func:`verifier_systeme` gives a one-line reason (for the PDF step) or ``None``.

This file only uses the standard library, so that the Makefile can run it with the
system's Python before ``.venv`` exists::

    python3 -P macros/sorties/navigateur.py [--installer] BESOIN… [--aussi BESOIN…] [--journal FICHIER]

It checks the needs; with ``--installer`` it first tries Playwright's download of Chromium,
then, as root with ``apt-get``, installs every missing package in one ``apt-get`` call whose
output goes to the log file (``.venv/apt-get.log``), not the terminal. Anything still
missing, with the needs named after ``--aussi``, is listed in one French message (exit 1).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ARGUMENTS",
    "BESOINS",
    "Manque",
    "bibliotheques_absentes",
    "installer",
    "installer_paquets",
    "main",
    "manques",
    "message_manquants",
    "paquets_manquants",
    "preparer",
    "trouver_chromium",
    "verifier_systeme",
]

#: Flags for a quiet, offline headless Chromium (no background requests).
ARGUMENTS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

#: The Debian package installed when no Chromium is found: the headless shell, all the
#: project needs (no screen), smaller than the full browser.
PAQUET_CHROMIUM = "chromium-headless-shell"

#: The needs a command can have (see the module docstring).
BESOINS = ("python", "navigateur", "node")

PROJET = Path(__file__).resolve().parents[2]
#: Where the output of ``apt-get`` goes (appended, one header per run).
JOURNAL_APT = PROJET / ".venv" / "apt-get.log"

#: Debian packages of the shared libraries Playwright's driver links to.
PAQUETS_BIBLIOTHEQUES = {
    "libatomic.so.1": "libatomic1",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
}

#: Where to look for a library when ``ldconfig`` cannot be run.
_DOSSIERS_BIBLIOTHEQUES = ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib")


@dataclass(frozen=True)
class Manque:
    """Something the system lacks: the Debian package that brings it (if known) and why."""

    paquet: str | None
    raison: str


# --- Chromium ---------------------------------------------------------------------------


def _embarque() -> Path | None:
    roots = []
    if os.environ.get("PLAYWRIGHT_BROWSERS_PATH") not in (None, "", "0"):
        roots.append(Path(os.environ["PLAYWRIGHT_BROWSERS_PATH"]))
    roots += [
        Path.home() / ".cache" / "ms-playwright",
        Path.home() / "Library/Caches/ms-playwright",
    ]
    for root in roots:
        for pattern in (
            "chromium_headless_shell-*/chrome-headless-shell-linux*/chrome-headless-shell",
            "chromium_headless_shell-*/chrome-linux*/headless_shell",
            "chromium-*/chrome-linux*/chrome",
            "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
            "chromium-*/chrome-mac*/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing",
            "chromium-*/chrome-win*/chrome.exe",
        ):
            found = sorted(root.glob(pattern))
            if found:
                return found[-1]
    return None


def _systeme() -> Path | None:
    for candidate in (
        "/usr/bin/chromium-headless-shell",
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if Path(candidate).is_file():
            return Path(candidate)
    for name in (
        "chromium-headless-shell",
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def trouver_chromium() -> Path | None:
    """The Chromium to use, or ``None`` if there is none on this machine."""
    explicit = os.environ.get("HANDBOOK_CHROMIUM", "").strip()
    if explicit:
        path = Path(explicit)
        return path if path.is_file() else None
    bundled = _embarque()
    if bundled is not None and not bibliotheques_absentes(bundled):
        return bundled
    # A downloaded Chromium whose system libraries are missing cannot start: a system
    # one is better; with none, the broken one is returned and :func:`manques` says why.
    return _systeme() or bundled


# --- System checks ----------------------------------------------------------------------


def _linux() -> bool:
    return sys.platform.startswith("linux")


def _est_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _executer(commande: Sequence[str], timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run a short command, capturing its output (raises ``OSError``/``SubprocessError``)."""
    return subprocess.run(
        list(commande),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def _cache_ldconfig() -> str | None:
    """The output of ``ldconfig -p`` (the dynamic linker's cache), or ``None``."""
    for ldconfig in (shutil.which("ldconfig"), "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        if ldconfig and Path(ldconfig).is_file():
            try:
                result = _executer([ldconfig, "-p"])
            except (OSError, subprocess.SubprocessError):
                continue
            if result.returncode == 0:
                return result.stdout
    return None


def bibliotheque_presente(nom: str, cache: str | None = None) -> bool:
    """Whether the shared library ``nom`` (``libatomic.so.1``) can be loaded.

    Looks in ``cache`` (the output of ``ldconfig -p``; read when not given), else in the
    usual library folders.
    """
    if cache is None:
        cache = _cache_ldconfig()
    if cache is not None:
        return re.search(rf"^\s*{re.escape(nom)}\s", cache, re.M) is not None
    for dossier in _DOSSIERS_BIBLIOTHEQUES:
        racine = Path(dossier)
        if (racine / nom).exists() or any(racine.glob(f"*/{nom}")):
            return True
    return False


def lire_ldd(sortie: str) -> list[str]:
    """The libraries ``ldd`` reports as ``not found``, in order, without duplicates."""
    absentes: list[str] = []
    for m in re.finditer(r"^\s*(\S+)\s*=>\s*not found", sortie, re.M):
        if m.group(1) not in absentes:
            absentes.append(m.group(1))
    return absentes


def bibliotheques_absentes(executable: Path) -> list[str] | None:
    """The shared libraries ``executable`` needs and the system lacks (Linux, via ``ldd``).

    ``[]`` when none is missing (or on another system, or for a script); ``None`` when
    it cannot be told (no ``ldd``).
    """
    if not _linux():
        return []
    try:
        with executable.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                return []
    except OSError:
        return []
    ldd = shutil.which("ldd") or next(
        (p for p in ("/usr/bin/ldd", "/bin/ldd") if Path(p).is_file()), None
    )
    if ldd is None:
        return None
    try:
        result = _executer([ldd, str(executable)])
    except (OSError, subprocess.SubprocessError):
        return None
    return lire_ldd(result.stdout + result.stderr)


def pilote_playwright() -> Path | None:
    """The Node.js executable of Playwright's driver, or ``None`` if playwright is not installed."""
    try:
        spec = importlib.util.find_spec("playwright")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    nom = "node.exe" if sys.platform == "win32" else "node"
    pilote = Path(spec.origin).parent / "driver" / nom
    return pilote if pilote.is_file() else None


def _bibliotheques_pilote() -> list[str]:
    """The libraries Playwright's driver needs and the system lacks."""
    if not _linux():
        return []
    pilote = pilote_playwright()
    if pilote is not None:
        absentes = bibliotheques_absentes(pilote)
        if absentes is not None:
            return absentes
    # Before .venv exists (or without ldd): the one library Debian is known to lack.
    return [] if bibliotheque_presente("libatomic.so.1") else ["libatomic.so.1"]


def _venv_disponible() -> bool:
    if sys.prefix != sys.base_prefix:  # already running in a virtual environment
        return True
    try:
        return importlib.util.find_spec("ensurepip") is not None
    except (ImportError, ValueError):
        return False


def _manques_navigateur() -> list[Manque]:
    out = []
    explicite = os.environ.get("HANDBOOK_CHROMIUM", "").strip()
    chromium = trouver_chromium()
    if chromium is None and explicite:
        out.append(
            Manque(
                None,
                f"HANDBOOK_CHROMIUM désigne « {explicite} », qui n'existe pas (corrigez ce "
                "chemin ou retirez la variable)",
            )
        )
    elif chromium is None:
        out.append(
            Manque(
                PAQUET_CHROMIUM,
                "aucun Chromium trouvé (ni celui de Playwright, ni celui du système) ; il "
                "imprime le PDF et fait tourner les tests",
            )
        )
    else:
        absentes = bibliotheques_absentes(chromium) or []
        if absentes:
            liste = ", ".join(absentes[:3]) + (" …" if len(absentes) > 3 else "")
            out.append(
                Manque(
                    PAQUET_CHROMIUM,
                    f"le Chromium trouvé ({chromium}) ne démarre pas sans les bibliothèques "
                    f"{liste}, que le paquet {PAQUET_CHROMIUM} de Debian apporte",
                )
            )
    for lib in _bibliotheques_pilote():
        paquet = PAQUETS_BIBLIOTHEQUES.get(lib)
        out.append(
            Manque(
                paquet,
                f"la bibliothèque {lib}, sans laquelle le pilote de Playwright (qui commande "
                "Chromium) ne démarre pas"
                + ("" if paquet else " ; installez le paquet qui la fournit"),
            )
        )
    return out


def manques(besoins: Iterable[str] = ("navigateur",)) -> list[Manque]:
    """Everything the system lacks for ``besoins`` (names from :data:`BESOINS`)."""
    besoins = list(besoins)
    inconnus = [b for b in besoins if b not in BESOINS]
    if inconnus:
        raise ValueError(f"besoins inconnus : {', '.join(inconnus)}")
    out: list[Manque] = []
    if "python" in besoins and not _venv_disponible():
        out.append(
            Manque(
                "python3-venv",
                "le module venv de Python, qui crée l'environnement .venv du projet",
            )
        )
    if "navigateur" in besoins:
        out += _manques_navigateur()
    if "node" in besoins:
        if shutil.which("node") is None:
            out.append(
                Manque("nodejs", "Node.js, qui fait tourner les outils des tests (tests/tools)")
            )
        if shutil.which("npm") is None:
            out.append(
                Manque("npm", "le gestionnaire de paquets de Node.js, qui installe ces outils")
            )
        if shutil.which("pdftoppm") is None:
            out.append(
                Manque(
                    "poppler-utils",
                    "pdftoppm, qui rend des pages des PDF en images pour les tests",
                )
            )
    return out


def _paquets(liste: Iterable[Manque]) -> list[str]:
    paquets: list[str] = []
    for m in liste:
        if m.paquet is not None and m.paquet not in paquets:
            paquets.append(m.paquet)
    return paquets


def paquets_manquants(besoins: Iterable[str] = ("navigateur",)) -> list[str]:
    """The Debian packages to install for ``besoins``: ``["chromium-headless-shell", "libatomic1", …]``."""
    return _paquets(manques(besoins))


def commande_apt(paquets: Sequence[str], root: bool | None = None) -> str:
    """The one command line that installs ``paquets`` (with ``sudo`` unless run as root)."""
    if root is None:
        root = _est_root()
    return ("" if root else "sudo ") + "apt-get install -y " + " ".join(paquets)


def _affiche(chemin: str | Path) -> str:
    """``chemin`` relative to the current folder when it is inside it."""
    try:
        return str(Path(os.path.abspath(chemin)).relative_to(Path.cwd()))
    except ValueError:
        return str(chemin)


def _python() -> str:
    """How to call the project's Python from the current folder (``.venv/bin/python``)."""
    if sys.prefix != sys.base_prefix:
        return _affiche(sys.executable)
    return _affiche(PROJET / ".venv" / "bin" / "python")


def message_manquants(liste: Sequence[Manque], root: bool | None = None) -> str:
    """What is missing and the one command that installs it, in French, for the terminal."""
    if root is None:
        root = _est_root()
    paquets = _paquets(liste)
    lignes = []
    if paquets:
        lignes.append(
            f"Paquets système manquants ({len(paquets)}) : {', '.join(paquets)}."
            if len(paquets) > 1
            else f"Paquet système manquant : {paquets[0]}."
        )
    else:
        lignes.append("Le système n'a pas tout ce qu'il faut :")
    for m in liste:
        lignes.append(f"  - {m.paquet} : {m.raison}." if m.paquet else f"  - {m.raison}.")
    if paquets:
        installez = "Installez-les d'un coup" if len(paquets) > 1 else "Installez-le"
        if shutil.which("apt-get") is None:
            lignes.append(
                f"{installez} avec le gestionnaire de paquets de votre système (noms des "
                "paquets Debian), puis relancez la commande. Sur Debian ou Ubuntu :"
            )
        elif root:
            lignes.append(f"{installez}, puis relancez la commande :")
        else:
            lignes.append(
                f"{installez} (droits d'administrateur nécessaires), puis relancez la commande :"
            )
        lignes.append(f"  {commande_apt(paquets, root)}")
        if not root and shutil.which("sudo") is None:
            lignes.append(
                "  (sudo n'est pas installé : lancez cette commande en root, sans « sudo ».)"
            )
    if PAQUET_CHROMIUM in paquets:
        condition = " (une fois libatomic1 installé)" if "libatomic1" in paquets else ""
        lignes.append(
            "Pour Chromium seulement, autre possibilité : le navigateur de Playwright, "
            f"{_python()} -m playwright install chromium{condition}, ou le chemin d'un "
            "Chromium dans HANDBOOK_CHROMIUM."
        )
    return "\n".join(lignes)


def verifier_systeme(besoins: Iterable[str] = ("navigateur",)) -> str | None:
    """``None`` when the system has what ``besoins`` need, else the reason in one French line.

    For the PDF step: ``raison = verifier_systeme()`` before starting Playwright, then
    ``raise PdfIndisponible(raison)`` if it is not ``None``.
    """
    liste = manques(besoins)
    if not liste:
        return None
    raisons = " ; ".join(m.raison for m in liste)
    paquets = _paquets(liste)
    if not paquets:
        return raisons
    quoi = f"les paquets {', '.join(paquets)}" if len(paquets) > 1 else f"le paquet {paquets[0]}"
    if shutil.which("apt-get") is None:
        return (
            f"{raisons} — installez {quoi} (noms Debian) avec le gestionnaire de paquets du système"
        )
    return f"{raisons} — installez {quoi} : « {commande_apt(paquets)} »"


# --- Installation -----------------------------------------------------------------------


def _fin(texte: str, lignes: int) -> list[str]:
    return [ligne for ligne in texte.splitlines() if ligne.strip()][-lignes:]


def installer_paquets(paquets: Sequence[str], journal: Path = JOURNAL_APT) -> bool:
    """Install ``paquets`` with ``apt-get`` (as root), its output going to ``journal``.

    Prints one line; on failure, the log's path and its last lines. Returns success.
    """
    apt = shutil.which("apt-get")
    if apt is None or not _est_root():
        return False
    journal = Path(journal)
    journal.parent.mkdir(parents=True, exist_ok=True)
    print(
        f"Installation des paquets système manquants ({' '.join(paquets)}) avec apt-get, "
        f"journal dans {_affiche(journal)}…",
        end="",
        flush=True,
    )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    debut = time.monotonic()
    reussi = True
    with journal.open("a", encoding="utf-8") as f:
        f.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} : {' '.join(paquets)}\n")
        f.flush()
        position = f.tell()
        for commande in ([apt, "update"], [apt, "install", "-y", *paquets]):
            f.write(f"$ {' '.join(commande)}\n")
            f.flush()
            try:
                result = subprocess.run(
                    commande,
                    stdin=subprocess.DEVNULL,
                    stdout=f,
                    stderr=subprocess.STDOUT,
                    env=env,
                    timeout=3600,
                    check=False,
                )
                reussi = result.returncode == 0
                if not reussi:
                    f.write(f"(code de sortie {result.returncode})\n")
            except (OSError, subprocess.SubprocessError) as err:
                f.write(f"{err}\n")
                reussi = False
            f.flush()
            if not reussi:
                break
    if reussi:
        print(f" fait en {time.monotonic() - debut:.0f} s.")
        return True
    print(" échec.")
    with journal.open(encoding="utf-8", errors="replace") as f:
        f.seek(position)
        fin = _fin(f.read(), 15)
    print(
        f"L'installation par apt-get a échoué ; journal complet : {_affiche(journal)}. "
        "Dernières lignes :",
        file=sys.stderr,
    )
    for ligne in fin:
        print(f"  {ligne}", file=sys.stderr)
    return False


def _telecharger_chromium() -> None:
    """Try Playwright's download of its Chromium; say why it failed, if it does."""
    commande = f"{_python()} -m playwright install chromium"
    print(f"Chromium introuvable : téléchargement de celui de Playwright ({commande})…", flush=True)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "playwright", "install", "chromium"],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as err:
        print(f"Téléchargement impossible ({err}).")
        return
    if result.returncode != 0:
        detail = " ".join(_fin(result.stdout + "\n" + result.stderr, 1))[:300]
        print(f"Téléchargement impossible{f' ({detail})' if detail else ''}.")


def _telechargeable() -> bool:
    """Whether Playwright's download could still bring the missing Chromium.

    True when no Chromium is found, none is named by ``HANDBOOK_CHROMIUM``, and the
    driver, which does the download, has its libraries.
    """
    return (
        trouver_chromium() is None
        and not os.environ.get("HANDBOOK_CHROMIUM", "").strip()
        and not _bibliotheques_pilote()
    )


def preparer(
    besoins: Iterable[str],
    aussi: Iterable[str] = (),
    installer: bool = False,
    journal: Path = JOURNAL_APT,
) -> int:
    """Check (and with ``installer``, provide) what ``besoins`` need; 0 when all is there.

    With ``installer``: a missing Chromium is first downloaded by Playwright (when its
    driver can start), then, as root with ``apt-get``, every missing package is installed
    in one call. What is still missing is listed in one French message on stderr, with
    what ``aussi`` (the needs of the later steps) lacks (return 1).

    When ``besoins`` are met, ``aussi`` is checked too, unless its packages can be
    installed later (``installer`` as root with ``apt-get``): a package the later steps
    need and nothing here can install stops now, before the long steps, in the same kind
    of message. A Chromium that Playwright's download may still bring does not stop.
    """
    besoins = list(besoins)
    aussi = [b for b in aussi if b not in besoins]
    liste = manques(besoins)
    if installer and "navigateur" in besoins and pilote_playwright() and _telechargeable():
        _telecharger_chromium()
        liste = manques(besoins)
    peut_installer = installer and _est_root() and shutil.which("apt-get") is not None
    paquets = _paquets(liste)
    if paquets and peut_installer:
        installer_paquets(paquets, journal)
        liste = manques(besoins)
    if liste:
        liste += [m for m in manques(aussi) if m not in liste]
        print(message_manquants(liste), file=sys.stderr)
        return 1
    if aussi and not peut_installer:
        plus_tard = manques(aussi)
        attendre = "navigateur" in aussi and _telechargeable()
        if any(not (attendre and m.paquet == PAQUET_CHROMIUM) for m in plus_tard):
            print(message_manquants(plus_tard), file=sys.stderr)
            return 1
    if "navigateur" in besoins:
        print(f"Chromium : {trouver_chromium()}")
    return 0


def installer() -> Path | None:
    """Find a Chromium, downloading or installing one if needed. Prints what it does."""
    return trouver_chromium() if preparer(["navigateur"], installer=True) == 0 else None


def main(argv: Sequence[str] | None = None) -> int:
    """``python -P macros/sorties/navigateur.py [--installer] BESOIN… [--aussi BESOIN…]``."""
    parser = argparse.ArgumentParser(
        prog="macros/sorties/navigateur.py",
        description="Vérifier (et installer) les paquets système dont le manuel a besoin.",
    )
    # No ``choices``: argparse refuses an empty ``nargs="*"`` list with them.
    parser.add_argument("besoins", nargs="*", metavar="BESOIN", help=", ".join(BESOINS))
    parser.add_argument(
        "--aussi",
        nargs="*",
        default=[],
        metavar="BESOIN",
        help="besoins signalés aussi, si quelque chose manque (sans rien installer)",
    )
    parser.add_argument(
        "--installer",
        action="store_true",
        help="télécharger Chromium, et en root installer les paquets manquants (apt-get)",
    )
    parser.add_argument("--journal", type=Path, default=JOURNAL_APT, help="journal d'apt-get")
    ns = parser.parse_args(argv)
    inconnus = [b for b in [*ns.besoins, *ns.aussi] if b not in BESOINS]
    if inconnus:
        parser.error(f"besoin inconnu : {', '.join(inconnus)} (possibles : {', '.join(BESOINS)})")
    return preparer(ns.besoins or ["navigateur"], ns.aussi, ns.installer, ns.journal)


if __name__ == "__main__":
    sys.exit(main())
