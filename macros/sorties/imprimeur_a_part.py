"""The build's printer in a process of its own (:func:`demarrer_imprimeur`).

``python -m macros build`` starts the printer before MkDocs builds the site, so that
Chromium's launch costs nothing. In the build's own process, the Python side of Playwright
(its driver's messages, the printed pages' preparation, the finishing of each PDF) took the
interpreter's lock from the site's build: the driver's start alone held it 0.08–0.09 s, and
the reflex cards, begun while the build ends, made its last steps twice as long.

So the :class:`~macros.sorties.imprimeur.Imprimeur` runs in a child process, forked before
anything else is started, and the build talks to it over a pipe through
:class:`ImprimeurAPart`, which has the same methods. Measured over thirty builds of the
example taking turns: 3.76 → 3.57 s (medians). Where a fork is not safe
(:func:`macros.sorties.fourche.fourche_sure`), the printer runs in the build's process as
before.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from macros.sorties.fourche import fourche_sure, signaux_d_un_enfant
from macros.sorties.pdf import PdfIndisponible, ResultatPdf, Tirage

if TYPE_CHECKING:
    from macros.sorties.imprimeur import Imprimeur

__all__ = ["ImprimeurAPart", "demarrer_imprimeur"]

#: The printer's methods the build may call, and whether the build waits for their answer.
_COMMANDES = {"commencer": False, "page_ecrite": False, "imprimer": True, "temps": True}
#: How long the build waits for the printer to close its browser and stop.
_DELAI_FERMETURE = 30.0
#: How often the build, waiting for an answer, looks whether the printer is still alive.
_VEILLE = 0.2


def _interrompre(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _servir(connexion: Connection, fabrique: Callable[[], Any] | None = None) -> None:
    """The printer's process: one :class:`~macros.sorties.imprimeur.Imprimeur`, driven by
    the commands read from ``connexion`` until ``fermer``, the build's end of the pipe
    closing (the build died) or a SIGUSR1 (the build was interrupted while it waited for
    an answer); then its browser is closed."""
    signaux_d_un_enfant()
    signal.signal(signal.SIGUSR1, _interrompre)
    if fabrique is None:
        from macros.sorties.imprimeur import Imprimeur

        # Idle while the site builds, on a core of its own: what the first prints would
        # load on their way is loaded now.
        fabrique = functools.partial(Imprimeur, prechauffer=True)
    imprimeur = fabrique()
    try:
        while True:
            try:
                nom, arguments = connexion.recv()
            except (EOFError, OSError):
                return
            if nom not in _COMMANDES:  # « fermer »
                return
            try:
                reponse: tuple[str, Any] = ("ok", getattr(imprimeur, nom)(*arguments))
            except Exception as err:
                reponse = ("erreur", err)
            if _COMMANDES[nom]:
                _repondre(connexion, reponse)
    except KeyboardInterrupt:  # SIGUSR1: the print under way is stopped (Imprimeur.imprimer)
        pass
    finally:
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)
        imprimeur.fermer()
        with contextlib.suppress(OSError):  # the build is gone
            connexion.send(("ferme", None))
        connexion.close()


def _repondre(connexion: Connection, reponse: tuple[str, Any]) -> None:
    try:
        connexion.send(reponse)
    except Exception as err:  # an answer that does not pickle: said in words
        connexion.send(("erreur", PdfIndisponible(f"{type(err).__name__} : {err}")))


class ImprimeurAPart:
    """The build's side of a printer running in a forked process: the methods of
    :class:`~macros.sorties.imprimeur.Imprimeur`, each sent over a pipe."""

    def __init__(self, fabrique: Callable[[], Any] | None = None, methode: str = "fork") -> None:
        """Start the printer's process (``methode``: how, ``fork`` by default; ``fabrique``:
        what makes the printer there, :class:`~macros.sorties.imprimeur.Imprimeur` by
        default)."""
        contexte = multiprocessing.get_context(methode)
        self._connexion, enfant = contexte.Pipe()
        # Not a daemon: the printer starts processes of its own (the driver, Chromium, the
        # finishing's worker), which a daemonic process may not.
        self._processus = contexte.Process(
            target=_servir, args=(enfant, fabrique), name="impression-pdf", daemon=False
        )
        self._processus.start()
        enfant.close()
        # The build stopped waiting for an answer (Ctrl-C, a SIGTERM): the printer may be
        # in the middle of a print, deaf to the pipe until it ends.
        self._interrompu = False

    def __enter__(self) -> ImprimeurAPart:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fermer()

    def _envoyer(self, nom: str, *arguments: object) -> Any:
        try:
            self._connexion.send((nom, arguments))
            if not _COMMANDES[nom]:
                return None
            # Its death is watched, not only the pipe's end: the finishing's worker, forked
            # by the printer, holds a copy of that end.
            while not self._connexion.poll(_VEILLE):
                if not self._processus.is_alive():
                    raise EOFError
            etat, valeur = self._connexion.recv()
        except (EOFError, OSError):
            raise PdfIndisponible("le processus d'impression s'est arrêté") from None
        except BaseException:
            self._interrompu = True
            raise
        if etat == "erreur":
            raise valeur
        return valeur

    def commencer(self, tirage: Tirage) -> None:
        """:meth:`macros.sorties.imprimeur.Imprimeur.commencer`, in the printer's process."""
        # A printer gone is said by imprimer, which the build awaits.
        with contextlib.suppress(PdfIndisponible):
            self._envoyer("commencer", tirage)

    def page_ecrite(self) -> None:
        """:meth:`macros.sorties.imprimeur.Imprimeur.page_ecrite`, in the printer's process."""
        with contextlib.suppress(PdfIndisponible):
            self._envoyer("page_ecrite")

    def imprimer(self, tirage: Tirage) -> list[ResultatPdf]:
        """:meth:`macros.sorties.imprimeur.Imprimeur.imprimer`, in the printer's process."""
        resultats: list[ResultatPdf] = self._envoyer("imprimer", tirage)
        return resultats

    def temps(self) -> list[str]:
        """:meth:`macros.sorties.imprimeur.Imprimeur.temps`, in the printer's process."""
        try:
            lignes: list[str] = self._envoyer("temps")
        except PdfIndisponible:
            return []
        return lignes

    def fermer(self) -> None:
        """Ask the printer to close its browser and stop (interrupt it first if the build
        stopped waiting for it); wait until it has. A printer that does not stop in time
        is killed."""
        if self._connexion.closed:
            return
        try:
            if self._interrompu and self._processus.pid:
                os.kill(self._processus.pid, signal.SIGUSR1)
            else:
                self._connexion.send(("fermer", ()))
            # Its last word is « ferme »; an answer to an interrupted command may come first.
            fin = time.monotonic() + _DELAI_FERMETURE
            while self._processus.is_alive() and time.monotonic() < fin:
                if self._connexion.poll(_VEILLE) and self._connexion.recv()[0] == "ferme":
                    break
        except (EOFError, OSError):
            pass
        finally:
            self._connexion.close()
            self._processus.join(_DELAI_FERMETURE)
            if self._processus.is_alive():
                print("PDF : le processus d'impression ne s'est pas arrêté.", file=sys.stderr)
                self._processus.kill()
                self._processus.join()


def demarrer_imprimeur() -> Imprimeur | ImprimeurAPart:
    """The build's printer: in a process of its own where a fork is safe, in this one
    otherwise. Call it before anything starts a thread."""
    if fourche_sure():
        try:
            return ImprimeurAPart()
        except OSError:  # no fork (no memory, a process limit): the printer runs here
            pass
    from macros.sorties.imprimeur import Imprimeur

    return Imprimeur()
