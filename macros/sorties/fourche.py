"""When a build may fork a helper process, and how the helper treats signals.

The build forks two helpers: the printer (:mod:`macros.sorties.imprimeur_a_part`) and the
finishing's worker (:func:`macros.sorties.pdf_ua.ouvrier_de_finition`). Both are forked, not
spawned, so that they start with what the build has already imported and cost nothing to
start; both only where a fork is safe.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading

__all__ = ["fourche_sure", "signaux_d_un_enfant"]

#: linux/prctl.h: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def fourche_sure() -> bool:
    """Whether this process may fork a helper now: on Linux (elsewhere Python's own default
    is to spawn), and from a process with one thread: a fork copies only the calling thread,
    and a lock another thread held would stay locked in the child."""
    return sys.platform == "linux" and threading.active_count() == 1


def signaux_d_un_enfant() -> None:
    """In a forked helper: Ctrl-C is the build's to handle (it stops its helpers when it
    stops), and a SIGTERM or SIGHUP ends the helper quietly, not through the build's
    handlers it was forked with (which would print a traceback).

    On Linux the helper also gets a SIGTERM when the process that forked it dies, killed
    without a chance to stop it (``prctl(PR_SET_PDEATHSIG)``): a helper waits for work on a
    pipe that it holds both ends of, and would otherwise wait for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    if sys.platform == "linux":
        import ctypes
        import multiprocessing
        import os

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        parent = multiprocessing.parent_process()
        if parent is not None and os.getppid() != parent.pid:
            os._exit(0)  # it died before the request: nobody left to work for
