"""A folder served over HTTP on 127.0.0.1, quietly: what Chromium prints the PDFs from.

The bench (Lighthouse) and the browser tests serve built sites with it too. Apart from
:mod:`macros.sorties.pdf` so that a build without PDF does not import ``http.server``.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["adresse", "demarrer", "servir"]


class _Silencieux(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Serveur(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A tab closed while a file was still being sent (a broken pipe, a reset) is not an
        # error of the build; anything else is said as the standard library says it.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def demarrer(racine: Path, intervalle: float = 0.02) -> ThreadingHTTPServer:
    """Serve ``racine`` on a free port of 127.0.0.1 from a daemon thread; return the server.

    ``intervalle`` is how often its loop looks for ``shutdown()``: the standard library's
    half a second would be paid at the end of every build that prints.
    """
    serveur = _Serveur(("127.0.0.1", 0), functools.partial(_Silencieux, directory=str(racine)))
    threading.Thread(target=serveur.serve_forever, args=(intervalle,), daemon=True).start()
    return serveur


def adresse(serveur: ThreadingHTTPServer) -> str:
    """The server's address, ``http://127.0.0.1:<port>/``."""
    return f"http://127.0.0.1:{serveur.server_port}/"


@contextmanager
def servir(racine: Path) -> Iterator[str]:
    """Serve the folder ``racine`` while the ``with`` lasts; yield its address."""
    serveur = demarrer(racine)
    try:
        yield adresse(serveur)
    finally:
        serveur.shutdown()
        serveur.server_close()
