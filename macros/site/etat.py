"""The state of one MkDocs build: one object, created by ``define_env``, kept on the plugin.

mkdocs-macros calls ``define_env(env)`` once per build (and per rebuild of ``mkdocs
serve``), with ``env`` its plugin instance. :func:`nouvelle_construction` puts a fresh
:class:`Construction` on that instance; the macros read it from ``env``, and the MkDocs
hooks (generated pages, print page) find it through ``config.plugins``. A rebuild gets a
new plugin instance from MkDocs, hence a new state: nothing from the previous build
(data, lookups, events) survives it, and no module holds any of it. (Under ``serve``, only
the typography of the pages' HTML is kept for the next rebuild, keyed on that HTML:
:mod:`macros.site.memoire`.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from macros.domaine.faits import Faits
from macros.donnees.chargement import Chargement
from macros.donnees.problemes import Probleme
from macros.donnees.reglages import Reglages

__all__ = ["ATTRIBUT", "ATTRIBUT_COMMANDE", "Construction", "construction", "en_service", "nouvelle_construction"]

#: The plugin attribute that holds the build's :class:`Construction`.
ATTRIBUT = "hb_construction"
#: The hooks module's attribute that holds the MkDocs command (see ``macros/site/hooks.py``).
ATTRIBUT_COMMANDE = "commande_mkdocs"


@dataclass
class Construction:
    """What the current build knows.

    Attributes:
        en_service: True under ``mkdocs serve`` (MkDocs' ``on_startup(command="serve")``):
            data errors are shown on the pages instead of stopping the build.
        reglages: The environment's settings, once read without error.
        chargement: The loaded handbook and its warnings, when the data is valid.
        problemes: The data's problems: errors if it is invalid, else its warnings.
    """

    en_service: bool = False
    reglages: Reglages | None = None
    chargement: Chargement | None = None
    problemes: list[Probleme] = field(default_factory=list)

    @property
    def valide(self) -> bool:
        """True when the data loaded without errors."""
        return self.chargement is not None

    @cached_property
    def faits(self) -> Faits:
        """The facts derived from the handbook, shared by every page and feed of the build."""
        if self.chargement is None:
            raise RuntimeError("données invalides : aucun fait à dériver")
        dossier = self.reglages.libelle_donnees if self.reglages is not None else "data"
        return Faits(self.chargement.handbook, dossier)


def en_service(config: Any) -> bool:
    """True when MkDocs runs ``serve``, as told to the hooks by ``on_startup``."""
    plugins = getattr(config, "plugins", None) or {}
    return any(getattr(p, ATTRIBUT_COMMANDE, None) == "serve" for p in plugins.values())


def nouvelle_construction(env: Any) -> Construction:
    """A fresh state for the build that mkdocs-macros starts (``env``: its plugin)."""
    etat = Construction(en_service=en_service(env.conf))
    setattr(env, ATTRIBUT, etat)
    return etat


def construction(config: Any) -> Construction:
    """The state of the build of ``config`` (an empty one before ``define_env`` ran)."""
    plugins = getattr(config, "plugins", None) or {}
    etat = getattr(plugins.get("macros"), ATTRIBUT, None)
    return etat if etat is not None else Construction()
