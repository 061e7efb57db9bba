"""mkdocs-macros module of the bench's floor build: no macros, no data.

``capture.config_plancher`` puts the macros plugin back into the static site with this
module: the build then pays what mkdocs-macros costs on its own (importing it, its
standard variables, rendering every page as a Jinja template), and nothing of the handbook
but what its entry point does to the process (the garbage collector's freeze).
"""

import gc
from typing import Any


def define_env(env: Any) -> None:
    """Register nothing; freeze what is loaded, once, as the handbook's entry point does
    (``macros/site/main.py``, ``_figer_la_pile``)."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
