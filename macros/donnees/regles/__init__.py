"""Rules that span several data files: references, unique ids, RACI, back-ups.

Each rule is a small function registered with :func:`regle`, with its problem code and
the data files it needs, in the module of the file it checks (:mod:`.cabinet`,
:mod:`.roles`, :mod:`.equipe`, :mod:`.calendrier`, :mod:`.actions`, :mod:`.procedures`,
:mod:`.support`, :mod:`.journal`; ids of every file in :mod:`.identifiants`); the shared
checks (references, uniqueness, ``{champ}`` templates) are in :mod:`._outils`.

:func:`verifier` runs every rule of :data:`REGLES` whose files all parsed, and returns
every problem at once; it never stops at the first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from macros.donnees.lecteur import DocumentYaml
from macros.donnees.problemes import Probleme

# The family modules register their rules when imported.
from macros.donnees.regles import (  # noqa: F401
    actions,
    cabinet,
    calendrier,
    equipe,
    identifiants,
    journal,
    procedures,
    roles,
    support,
)
from macros.donnees.regles._outils import (
    REGLES,
    Donnees,
    Regle,
    accolade_isolee,
    champs_modele,
    regle,
)
from macros.donnees.regles.cabinet import CHAMPS_ARCHIVAGE
from macros.donnees.regles.completer import A_COMPLETER, CODE_POSTAL_A_COMPLETER, a_completer
from macros.donnees.regles.support import CHAMPS_EMAIL

__all__ = [
    "A_COMPLETER",
    "CHAMPS_ARCHIVAGE",
    "CHAMPS_EMAIL",
    "CODE_POSTAL_A_COMPLETER",
    "REGLES",
    "Regle",
    "a_completer",
    "accolade_isolee",
    "champs_modele",
    "regle",
    "verifier",
]


def verifier(
    docs: dict[str, DocumentYaml], files: dict[str, Any], aujourdhui: date
) -> list[Probleme]:
    """Every cross-file problem in already-parsed data files, and the values still to fill in.

    Args:
        docs: Every file that parsed as YAML, by name (``equipe``…).
        files: Every file that also passed the schema, validated, by name.
        aujourdhui: The build date (a journal entry after it is reported).
    """
    donnees = Donnees(docs, files, aujourdhui)
    out: list[Probleme] = []
    for r in REGLES:
        if all(f in files for f in r.fichiers):
            out.extend(r.appliquer(donnees))
    for doc in docs.values():
        out.extend(a_completer(doc))
    return out
