"""Rules that span several data files: references, unique ids, RACI, back-ups.

Each rule is a small function registered with :func:`regle`, with its problem code and
the data files it needs, in the module of the file it checks (:mod:`.cabinet`,
:mod:`.roles`, :mod:`.equipe`, :mod:`.calendrier`, :mod:`.actions`, :mod:`.procedures`,
:mod:`.support`, :mod:`.journal`; ids of every file in :mod:`.identifiants`); the shared
checks (references, uniqueness, ``{champ}`` templates) are in :mod:`._outils`.

:func:`verifier` runs every rule of :data:`REGLES` whose files could be read, whole or in
part (:mod:`macros.donnees.partiel`), and returns every problem at once; it never stops at
the first.
"""

from __future__ import annotations

from datetime import date

from macros.donnees.lecteur import DocumentYaml
from macros.donnees.partiel import Partiel
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
    docs: dict[str, DocumentYaml], files: dict[str, Partiel], aujourdhui: date
) -> list[Probleme]:
    """Every cross-file problem in the data files read, and the values still to fill in.

    Args:
        docs: Every file that parsed as YAML, by name (``equipe``…).
        files: What the rules can read of each of them, by name: the validated file, or
            the part of it that passed its schema (:func:`macros.donnees.partiel.recuperer`);
            a file of which nothing can be read is absent.
        aujourdhui: The build date (a journal entry after it is reported).
    """
    donnees = Donnees(
        docs,
        {nom: f.modele for nom, f in files.items()},
        aujourdhui,
        indices={nom: f.indices for nom, f in files.items() if f.indices},
        complets={nom for nom, f in files.items() if f.complet},
    )
    out: list[Probleme] = []
    for r in REGLES:
        if r.applicable(donnees):
            out.extend(r.appliquer(donnees))
    for doc in docs.values():
        out.extend(a_completer(doc))
    return out
