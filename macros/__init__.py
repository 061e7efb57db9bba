"""Manuel CARPIMKO: data-driven handbook of a paramedical practice.

The path from data to pages:

``data/*.yml`` → :mod:`macros.donnees.lecteur` (strict YAML with positions) →
:mod:`macros.donnees.modele` (typed schema) → :mod:`macros.donnees.regles` (cross-file rules) →
:mod:`macros.donnees.chargement` (one validated :class:`~macros.donnees.modele.Handbook`) →
:mod:`macros.pages` (one module per page family, Jinja templates in
``macros/pages/templates``) → the macros of :mod:`macros.site.plugin`, called by ``docs/*.md``.
"""

import time as _time

from macros.donnees.chargement import Chargement, charger
from macros.donnees.modele import Handbook
from macros.donnees.problemes import DonneesInvalides, Probleme

#: When the package was imported (``macros/site/main.py`` imports it again if a file changed since).
IMPORTE_LE = _time.time()

__all__ = ["Chargement", "DonneesInvalides", "Handbook", "Probleme", "charger"]
