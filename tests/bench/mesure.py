"""Measuring helpers of the bench: run a command, time it, read its peak memory, size a site.

Every build is a fresh subprocess, so each measurement includes starting Python and
importing MkDocs, as a user's ``make site`` does. :func:`os.wait4` gives the child's own
resource use (with the children it waited for): its CPU time (user + system) and its peak
memory (``ru_maxrss``).

Two times are kept. The wall time is what a user waits for, but on a shared machine it
grows with the other processes' load. The CPU time is the work the build did; the builds
are single-threaded, so on an idle machine both are about equal, and under load the CPU
time moves less: the bench checks its targets on it. :func:`instructions` counts the
instructions of a command under valgrind instead, a measure the load does not move at all.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "VALGRIND",
    "EchecMesure",
    "Mesure",
    "Serie",
    "executer",
    "instructions",
    "mediane",
    "repeter",
    "taille_dossier",
]


class EchecMesure(RuntimeError):
    """A measured command failed: its output is in the message."""


@dataclass(frozen=True)
class Mesure:
    """One run of a command."""

    secondes: float
    """Wall time."""
    cpu: float
    """CPU time (user + system) of the process and of the children it waited for."""
    rss_mo: float
    """Peak resident memory of the process, in MiB."""
    sortie: str


@dataclass
class Serie:
    """The runs of one measured command."""

    nom: str
    mesures: list[Mesure] = field(default_factory=list)

    @property
    def secondes(self) -> float:
        """Median wall time."""
        return mediane([m.secondes for m in self.mesures])

    @property
    def cpu(self) -> float:
        """Median CPU time."""
        return mediane([m.cpu for m in self.mesures])

    @property
    def rss_mo(self) -> float:
        """Median peak memory (MiB)."""
        return mediane([m.rss_mo for m in self.mesures])

    @property
    def dispersion(self) -> tuple[float, float]:
        """Lowest and highest CPU time."""
        valeurs = [m.cpu for m in self.mesures]
        return min(valeurs), max(valeurs)


def mediane(valeurs: Sequence[float]) -> float:
    """The median of ``valeurs`` (NaN when empty)."""
    return statistics.median(valeurs) if valeurs else float("nan")


def executer(commande: Sequence[str], env: dict[str, str], cwd: Path) -> Mesure:
    """Run ``commande`` and measure it; raise :class:`EchecMesure` if it fails."""
    debut = time.perf_counter()
    proc = subprocess.Popen(
        list(commande), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert proc.stdout is not None
    sortie = proc.stdout.read().decode("utf-8", "replace")
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    secondes = time.perf_counter() - debut
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise EchecMesure(f"échec ({proc.returncode}) de : {' '.join(commande)}\n{sortie[-4000:]}")
    return Mesure(secondes, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, sortie)


#: valgrind, when installed: it counts the instructions a command executes.
VALGRIND = shutil.which("valgrind")


def instructions(commande: Sequence[str], env: dict[str, str], cwd: Path) -> int:
    """The number of instructions ``commande`` executes, counted by valgrind's cachegrind.

    Unlike a time, the count does not depend on what else the machine is doing: runs of
    the same build differ by less than 0.2 % (Python's string hashing is fixed with
    ``PYTHONHASHSEED=0`` so that they do). The command runs about 20 times slower. Raise :class:`EchecMesure` if it fails or valgrind is missing.
    """
    if VALGRIND is None:
        raise EchecMesure("valgrind introuvable (apt-get install -y valgrind)")
    with tempfile.TemporaryDirectory(prefix="bench-valgrind-") as dossier:
        journal = Path(dossier) / "valgrind.log"
        proc = subprocess.run(
            [
                VALGRIND,
                "--tool=cachegrind",
                "--cache-sim=no",
                f"--cachegrind-out-file={Path(dossier) / 'cachegrind.out'}",
                f"--log-file={journal}",
                *commande,
            ],
            cwd=cwd,
            env={**env, "PYTHONHASHSEED": "0"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
        )
        rapport = journal.read_text(encoding="utf-8", errors="replace")
    trouve = re.search(r"I\s+refs:\s+([\d,]+)", rapport)
    if proc.returncode != 0 or trouve is None:
        sortie = proc.stdout.decode("utf-8", "replace")
        raise EchecMesure(
            f"échec ({proc.returncode}) sous valgrind de : {' '.join(commande)}\n"
            f"{sortie[-2000:]}\n{rapport[-2000:]}"
        )
    return int(trouve.group(1).replace(",", ""))


def repeter(
    commandes: dict[str, Callable[[], Mesure]],
    runs: int,
    echauffement: int = 1,
    sans_echauffement: frozenset[str] = frozenset(),
) -> dict[str, Serie]:
    """Run every command ``echauffement + runs`` times, interleaved, and keep the last ``runs``.

    Interleaving (A, B, C, A, B, C…) spreads the load of a shared machine evenly over the
    commands that are compared, so that their ratio is meaningful even when the absolute
    times drift. The warm-up rounds fill the caches (compiled Python and Jinja templates,
    the file system's); the commands of ``sans_echauffement`` (the slowest) skip them, the
    others have warmed the same caches.
    """
    series = {nom: Serie(nom) for nom in commandes}
    for tour in range(echauffement + runs):
        for nom, commande in commandes.items():
            if tour < echauffement and nom in sans_echauffement:
                continue
            mesure = commande()
            if tour >= echauffement:
                series[nom].mesures.append(mesure)
    return series


def taille_dossier(dossier: Path) -> int:
    """Total size in bytes of the files under ``dossier`` (their length, not disk blocks)."""
    return sum(p.stat().st_size for p in dossier.rglob("*") if p.is_file())
