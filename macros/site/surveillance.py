"""Under ``mkdocs serve``: notice an edit sooner, and stop walking folders no page comes from.

MkDocs' live-reload server watches files by polling (watchdog's polling observer, chosen
by MkDocs so that it also works on network and container mounts): every half second it
walks each watched folder and compares every file's ``stat``. Two costs followed:

* ``macros/`` holds the form editor's npm packages (``macros/editeur/npm/node_modules``,
  some 30,000 files): each walk of it took about 0.2 s, so an idle ``make serve`` kept half
  a core busy, and each rebuild shared the interpreter with that walk (a fifth slower);
* an edit waited for the next walk, a quarter of a second on average.

:func:`surveiller` (the ``on_serve`` hook) gives the server a polling observer of the same
kind that never enters :data:`IGNORES` (``node_modules``, ``__pycache__``: no page is made
from them) and walks the rest every :data:`INTERVALLE` seconds (a few hundred files, a
couple of milliseconds a walk). MkDocs then waits until no change came for 0.1 s before it
rebuilds (``build_delay``), to take a burst of changes in one rebuild: the changes one walk
finds are all reported within a few milliseconds, and the next walk comes 0.1 s later, so
:data:`ATTENTE` is enough for the same effect. It uses the server's ``watch``, ``unwatch``,
``observer`` and ``build_delay``, and watchdog's public
:class:`~watchdog.observers.polling.PollingObserverVFS`; ``tests/unit/test_serve_rapide.py``
checks them on MkDocs' own server class.
"""

from __future__ import annotations

import os
from typing import Any

from watchdog.observers.polling import PollingObserverVFS

from macros.site.main import HORS_PAQUET

__all__ = ["ATTENTE", "IGNORES", "INTERVALLE", "lister", "surveiller"]

#: Folder names never walked: installed npm packages, Python's bytecode, tools' caches (the
#: same as the hot reload's, :data:`macros.site.main.HORS_PAQUET`).
IGNORES = HORS_PAQUET
#: Seconds between two walks of the watched files (MkDocs: 0.5).
INTERVALLE = 0.1
#: Seconds without a change before a rebuild starts (MkDocs: 0.1).
ATTENTE = 0.02


def lister(dossier: str | None) -> list[os.DirEntry[str]]:
    """The entries of ``dossier`` (as :func:`os.scandir`) without those of :data:`IGNORES`."""
    with os.scandir(dossier) as entrees:
        return [e for e in entrees if e.name not in IGNORES]


def surveiller(server: Any, config: Any) -> Any:
    """Give MkDocs' live-reload ``server`` a polling observer that skips :data:`IGNORES` and
    polls every :data:`INTERVALLE` seconds, and rebuild after :data:`ATTENTE` seconds without
    a change; returns the server (``on_serve``).

    MkDocs has already watched the docs folder and ``mkdocs.yml`` when ``on_serve`` runs
    (the ``watch:`` folders of ``mkdocs.yml`` and ``--watch`` come after): those two are
    moved to the new observer. When the old observer watches anything else (``mkdocs serve
    --watch-theme``), or has started, the server is left as MkDocs made it.
    """
    ancien = server.observer
    if ancien.is_alive():
        return server
    connus = [str(config.docs_dir)]
    if config.config_file_path:
        connus.append(str(config.config_file_path))
    repris = []
    for chemin in connus:
        try:
            server.unwatch(chemin)
        except KeyError:  # not watched: nothing to move
            continue
        repris.append(chemin)
    if ancien.emitters:
        for chemin in repris:
            server.watch(chemin)
        return server
    server.observer = PollingObserverVFS(os.stat, lister, polling_interval=INTERVALLE)
    server.build_delay = ATTENTE
    for chemin in repris:
        server.watch(chemin)
    return server
