"""mkdocs-macros module of the bench's second floor build: the handbook imported, no data.

Like ``plancher_macros.py``, plus importing every module of the handbook that its build
imports (the data model with pydantic, the calendar feeds, the renderers):
the build then pays the handbook's fixed import cost, but loads, validates and renders no
data.
"""

import gc
import importlib
import sys
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[2]

#: The modules ``mkdocs build`` of the handbook imports (the others are imported by these).
MODULES = (
    "macros.site.plugin",
    "macros.pages.annee",
    "macros.domaine.evenements",
    "macros.sorties.ics",
    "macros.site.generated",
)


def define_env(env: Any) -> None:
    """Freeze what is loaded, once, as the handbook's entry point does; import the
    handbook's modules, register nothing."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
    if str(RACINE) not in sys.path:
        sys.path.insert(0, str(RACINE))
    for module in MODULES:
        importlib.import_module(module)
