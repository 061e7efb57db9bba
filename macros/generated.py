"""Pages generated from the data: one per member and one per role."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel

from .pages import page_membre, page_role
from .plugin import etat

__all__ = ["ajouter_pages"]


def ajouter_pages(files: Files, config: Any) -> Files:
    """Add ``equipe/<id>.md`` and ``roles/<id>.md``, each calling its macro.

    Ids are validated slugs, so they are safe inside the generated Markdown.
    """
    state = etat()
    if not state.valide:
        return files
    assert state.chargement is not None
    hb = state.chargement.handbook
    pages = [(page_membre(m.id), f'{{{{ fiche_membre("{m.id}") }}}}\n') for m in hb.equipe.membres]
    pages += [(page_role(r.id), f'{{{{ fiche_role("{r.id}") }}}}\n') for r in hb.roles.roles]
    for src, content in pages:
        files.append(
            File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    return files
