"""Pages generated from the data: one per member and one per role."""

from __future__ import annotations

import json
from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from macros.donnees.catalogue import page_membre, page_role
from macros.sorties.pdf import CSS_IMPRESSION
from macros.site.etat import construction
from macros.texte import esc

__all__ = ["ANNEXE_MAX", "ajouter_annexe", "ajouter_pages"]

#: Title of the printed handbook's annex with one page per member.
TITRE_ANNEXE = "Annexe — fiches des membres"

#: Beyond this many members, the printed handbook has no member annex: hundreds of
#: member pages (two or three printed pages each) would not make a usable binder.
#: Links to member pages then lead to the member's row in the team table.
ANNEXE_MAX = 100

#: Front matter of a generated member page: ``macros/theme/main.html`` gives these pages a
#: compact navigation (the top-level entries and the team page). They are outside the navigation
#: anyway, and the full one would weigh 5 KB on each of them (5 MB at 1,000 members).
FICHE_MEMBRE = "---\nhb_fiche: membre\n---\n"


def _titre(nom: str) -> str:
    """Front matter giving a generated page its title.

    A role page's heading is inside its reflex card's ``<div>``, where MkDocs does not look
    for the page's title: without it, the title comes from the file name (« Back up »,
    « Assistant » for « Assistant(e) ») in the browser's tab and the header. The name is
    escaped (Material prints ``page.meta.title`` unescaped in the header, and main.html
    unescapes then escapes it for ``<title>``), then quoted for YAML as a JSON string.
    """
    return f"---\ntitle: {json.dumps(str(esc(nom)), ensure_ascii=False)}\n---\n"


def ajouter_pages(files: Files, config: Any) -> Files:
    """Add ``equipe/<id>.md`` and ``roles/<id>.md``, each calling its macro, and the
    print stylesheet (:data:`macros.sorties.pdf.CSS_IMPRESSION`).

    Ids are validated slugs, so they are safe inside the generated Markdown.
    """
    etat = construction(config)
    if etat.chargement is None:
        return files
    hb = etat.chargement.handbook
    pages = [
        (page_membre(m.id), f'{FICHE_MEMBRE}{{{{ fiche_membre("{m.id}") }}}}\n')
        for m in hb.equipe.membres
    ]
    pages += [(page_role(r.id), f'{_titre(r.nom)}{{{{ fiche_role("{r.id}", config.site_url) }}}}\n') for r in hb.roles.roles]
    for src, content in pages:
        files.append(
            File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    css = config["extra"].get("hb_css_impression")
    if css:
        files.append(File.generated(config, CSS_IMPRESSION, content=str(css)))
    return files


def ajouter_annexe(nav: Navigation, config: Any, files: Files) -> Navigation:
    """Print the member pages once, in an annex at the end of the printed handbook.

    They stay out of the site's navigation (it would grow with the team); only the
    list of pages that mkdocs-print-site-plugin assembles gets the annex.
    """
    printer = config.plugins.get("print-site")
    etat = construction(config)
    if printer is None or not printer.config.get("enabled") or etat.chargement is None:
        return nav
    membres = etat.chargement.handbook.equipe.membres
    if len(membres) > ANNEXE_MAX:
        return nav
    pages: list[Page] = []
    for membre in membres:
        file = files.get_file_from_path(page_membre(membre.id))
        if file is None:
            continue
        pages.append(file.page if file.page is not None else Page(None, file, config))
    if pages:
        annexe = Section(TITRE_ANNEXE, pages)  # type: ignore[arg-type]
        printer.renderer.items = [*nav.items, annexe]
    return nav
