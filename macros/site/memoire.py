"""Under ``mkdocs serve``: the French typography of a page that did not change is taken
from the previous rebuild instead of being applied again.

A rebuild of ``mkdocs serve`` makes every page again, while an edit changes few of them.
The typography of the pages' HTML (:func:`macros.texte.typographie` on each content, then
:func:`macros.texte.typographie_page` on each built page) is a pure function of that HTML: the same text in, the same text out. Each
:class:`Memoire` keeps, for the next rebuild, the results of the current one, found by a
digest of their input; a page whose HTML changed misses and is computed.

What invalidates it: a different input (another digest); a change of the code, since
``macros/site/main.py`` imports the package afresh when one of its files changed, and this
module with it (empty memories). ``mkdocs build`` does not use it (``macros.site.hooks``
uses it only under ``mkdocs serve``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from macros.texte import typographie, typographie_page

__all__ = [
    "AUTOUR",
    "CONTENU",
    "MEMOIRES",
    "Memoire",
    "fin_de_construction",
    "nouvelle_construction",
]


class Memoire:
    """The results of ``fonction`` (strings in, a string out) of this build and the last.

    Attributes:
        calculs: Calls that ran ``fonction`` since this memory was created.
        reprises: Calls answered from the memory.
    """

    def __init__(self, fonction: Callable[..., str]) -> None:
        self.fonction = fonction
        self.calculs = 0
        self.reprises = 0
        self._courants: dict[bytes, str] = {}
        self._precedents: dict[bytes, str] = {}

    def nouvelle_construction(self) -> None:
        """A build starts: what the last one computed is kept for it."""
        self._precedents, self._courants = self._courants, {}

    def fin_de_construction(self) -> None:
        """The build is over: only what it computed is kept (the pages it no longer made
        are dropped)."""
        self._precedents = {}

    def __call__(self, *textes: str) -> str:
        empreinte = hashlib.blake2b(digest_size=16)
        for texte in textes:
            octets = texte.encode("utf-8", "surrogatepass")
            empreinte.update(len(octets).to_bytes(8, "little"))
            empreinte.update(octets)
        cle = empreinte.digest()
        resultat = self._courants.get(cle)
        if resultat is None:
            resultat = self._precedents.get(cle)
        if resultat is None:
            self.calculs += 1
            resultat = self.fonction(*textes)
        else:
            self.reprises += 1
        self._courants[cle] = resultat
        return resultat


#: The typography of a page's content (``on_page_content``).
CONTENU = Memoire(typographie)
#: The typography around the content of a built page, and its compaction (``on_post_page``).
AUTOUR = Memoire(typographie_page)
MEMOIRES = (CONTENU, AUTOUR)


def nouvelle_construction() -> None:
    """Start a build for every memory (``on_pre_build`` under ``mkdocs serve``)."""
    for memoire in MEMOIRES:
        memoire.nouvelle_construction()


def fin_de_construction() -> None:
    """End a build for every memory (``on_post_build`` under ``mkdocs serve``)."""
    for memoire in MEMOIRES:
        memoire.fin_de_construction()
