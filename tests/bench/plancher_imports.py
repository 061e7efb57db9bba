"""mkdocs-macros module of the bench's second floor build: the handbook imported, no data.

Like ``plancher_macros.py``, plus importing every module of the handbook that its build
imports (the data model with pydantic, the calendar feeds with icalendar, the renderers):
the build then pays the handbook's fixed import cost, but loads, validates and renders no
data.
"""

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
    """Import the handbook's modules, register nothing."""
    if str(RACINE) not in sys.path:
        sys.path.insert(0, str(RACINE))
    for module in MODULES:
        importlib.import_module(module)
