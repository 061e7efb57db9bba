"""Manuel CARPIMKO: data-driven handbook of a paramedical practice.

The path from data to pages:

``data/*.yml`` → :mod:`macros.yamlfile` (strict YAML with positions) →
:mod:`macros.model` (typed schema) → :mod:`macros.validate` (cross-file rules) →
:mod:`macros.loader` (one validated :class:`~macros.model.Handbook`) →
:mod:`macros.render` (one module per page family, Jinja templates in
``macros/templates``) → the macros of :mod:`macros.plugin`, called by ``docs/*.md``.
"""

import time as _time

from .errors import DonneesInvalides, Probleme
from .loader import Chargement, charger
from .model import Handbook

#: When the package was imported (``macros/main.py`` imports it again if a file changed since).
IMPORTE_LE = _time.time()

__all__ = ["Chargement", "DonneesInvalides", "Handbook", "Probleme", "charger"]
