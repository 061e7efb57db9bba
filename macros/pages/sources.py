"""The facts about the CARPIMKO and their sources (``macros/donnees/faits-carpimko.yml``).

:func:`fait` is what a page writes to state a fact (``{{ fait("ij-carpimko-91") }}``): the
fact's text with its source, discreetly, linked to the fact's entry on « À propos »
(:func:`faits_carpimko`), where every fact is listed with its sources, their nature and the
date it was last checked, grouped by nature. Templates state a fact with ``ctx.fait(…)``.
"""

from __future__ import annotations

from markupsafe import Markup

from macros.donnees.carpimko import NatureSource
from macros.pages import ANCRE_FAIT, Contexte, rendre

__all__ = ["fait", "faits_carpimko"]

#: Each nature's heading on « À propos », and its anchor.
GROUPES: dict[NatureSource, tuple[str, str]] = {
    NatureSource.officielle: ("Faits de source officielle", "faits-officiels"),
    NatureSource.tierce: ("Faits de source tierce, à vérifier", "faits-de-source-tierce"),
    NatureSource.non_confirmee: ("Faits non confirmés, à vérifier", "faits-non-confirmes"),
}


def fait(ctx: Contexte, fait_id: str) -> Markup:
    """A fact's text and its source (see :meth:`macros.pages.Contexte.fait`)."""
    return ctx.fait(fait_id)


def faits_carpimko(ctx: Contexte) -> Markup:
    """Every fact, grouped by nature (officielle, tierce, non confirmée), each with its anchor,
    its sources (title, link, nature, date) and the date it was last checked."""
    groupes = [
        (
            titre,
            ancre,
            nature,
            [f for f in ctx.index.faits.values() if ctx.index.natures[f.id] is nature],
        )
        for nature, (titre, ancre) in GROUPES.items()
    ]
    return rendre(
        "faits_carpimko.md.j2",
        ctx=ctx,
        groupes=[g for g in groupes if g[3]],
        ancre_fait=ANCRE_FAIT,
        carpimko=ctx.hb.carpimko,
    )
