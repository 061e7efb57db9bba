"""mkdocs-macros entry point (``module_name: macros/main`` in mkdocs.yml).

mkdocs-macros re-executes this file on every build, but Python keeps the
``macros`` package imported between the rebuilds of ``mkdocs serve``. So that an
edit to the package's code shows up without restarting the server, the package
is imported afresh whenever one of its files changed since it was imported.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from pathlib import Path
from typing import Any

_RACINE = Path(__file__).resolve().parents[2]
if str(_RACINE) not in sys.path:
    sys.path.insert(0, str(_RACINE))


#: Folders that hold no code and no page: installed npm packages, Python's bytecode, tools'
#: caches. Neither the hot reload's signature nor ``serve``'s watcher
#: (:mod:`macros.site.surveillance`) walks them.
HORS_PAQUET = frozenset({"node_modules", "__pycache__", ".cache"})


def _signature() -> dict[str, float]:
    """Each Python file of the package and its modification time. The walk leaves out the
    folders that hold no package code: the form editors' npm packages (tens of thousands of
    files under ``macros/editeur/npm/node_modules``: the walk took 0.24 s, now 0.6 ms) and
    caches."""
    signature: dict[str, float] = {}
    for dossier, sous_dossiers, fichiers in os.walk(_RACINE / "macros"):
        sous_dossiers[:] = [d for d in sous_dossiers if d not in HORS_PAQUET]
        for nom in fichiers:
            if nom.endswith(".py"):
                chemin = os.path.join(dossier, nom)
                signature[chemin] = os.stat(chemin).st_mtime
    return signature


def _a_jour(package: Any, current: dict[str, float]) -> bool:
    known = getattr(package, "_signature", None)
    if known is not None:
        return bool(known == current)
    # First build of a process that had already imported the package (``python -m macros
    # build``): it is current if no file changed since it was imported (importing it again
    # would cost a third of a second for nothing).
    importe = getattr(package, "IMPORTE_LE", None)
    return importe is not None and all(t <= importe for t in current.values())


def _plugin() -> Any:
    package = sys.modules.get("macros")
    current = _signature()
    if package is not None and not _a_jour(package, current):
        for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
            del sys.modules[name]
    package = importlib.import_module("macros")
    package._signature = current  # type: ignore[attr-defined]
    return importlib.import_module("macros.site.plugin")


def _figer_la_pile() -> None:
    """Leave what MkDocs, the theme and the plugins have loaded out of the garbage
    collector's passes (``gc.freeze``), once per process, before the handbook's own imports.

    Those objects live as long as the process. The handbook's imports and data allocate
    enough to trigger full collections, and each walked all of them again: measured from
    fresh processes, seven example builds each taking turns, 1.17 → 1.09 CPU-seconds. Done
    once (nothing frozen yet): under ``mkdocs serve`` a later rebuild would otherwise freeze
    the garbage of the previous one for good. The bench's floor builds do the same at the
    same point (``tests/bench/plancher_*.py``, ``statique_hooks.py``), so that the data
    layer is not credited with a saving of MkDocs' own passes.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()


def define_env(env: Any) -> None:
    """Load and validate the data, then register the handbook's macros."""
    _figer_la_pile()
    _plugin().define_env(env)


def on_post_page_macros(env: Any) -> None:
    """End every page with the date of its last update."""
    importlib.import_module("macros.site.plugin").on_post_page_macros(env)


def on_pre_page_macros(env: Any) -> None:
    """Show the data report instead of the page while the data is invalid (serve only)."""
    importlib.import_module("macros.site.plugin").on_pre_page_macros(env)


def on_post_build(env: Any) -> None:
    """Write the calendar feeds into the built site (``mkdocs build`` and ``serve``)."""
    importlib.import_module("macros.site.plugin").on_post_build(env)
