"""When a build may fork a helper process, and how the helper treats signals.

The build forks two helpers: the printer (:mod:`macros.sorties.imprimeur_a_part`) and the
finishing's worker (:func:`macros.sorties.pdf_ua.ouvrier_de_finition`). Both are forked, not
spawned, so that they start with what the build has already imported and cost nothing to
start; both only where a fork is safe.
"""

from __future__ import annotations

import signal
import sys
import threading

__all__ = ["fourche_sure", "signaux_d_un_enfant"]


def fourche_sure() -> bool:
    """Whether this process may fork a helper now: on Linux (elsewhere Python's own default
    is to spawn), and from a process with one thread: a fork copies only the calling thread,
    and a lock another thread held would stay locked in the child."""
    return sys.platform == "linux" and threading.active_count() == 1


def signaux_d_un_enfant() -> None:
    """In a forked helper: Ctrl-C is the build's to handle (it stops its helpers when it
    stops), and a SIGTERM or SIGHUP ends the helper quietly, not through the build's
    handlers it was forked with (which would print a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
