"""Render functions, one module per page family, with their text in Jinja templates.

Templates live in ``macros/templates/``. Their environment escapes **every**
expression with :func:`macros.texte.esc` (HTML and Markdown), unless the value is
a :class:`~markupsafe.Markup` fragment produced by another template or by
:meth:`Contexte.lien`. A template therefore cannot forget to escape data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from macros.domaine.evenements import EvenementCalendrier
from macros.domaine.faits import Faits
from macros.domaine.index import Index
from macros.donnees.carpimko import FaitCarpimko, NatureSource
from macros.donnees.catalogue import PAGE_PARTIE, PAGES, page_membre, page_role
from macros.donnees.modele import Handbook, Membre, Procedure, Role
from macros.pages.liens import Liens
from macros.texte import (
    date_courte,
    date_fr,
    date_partielle,
    de,
    de_nom_html,
    duree,
    esc,
    esc_lignes,
    esc_pre,
    heure,
    minuscule,
)
from macros.texte.adresses import url_mailto, url_tel, url_web

__all__ = [
    "ANCRE_FAIT",
    "A_VERIFIER",
    "BADGE_A_VERIFIER",
    "BADGE_A_VERIFIER_COURT",
    "BANNIERE",
    "GABARITS",
    "Contexte",
    "cache_compile",
    "rendre",
]

GABARITS = Path(__file__).resolve().parent / "templates"

#: The anchor of a fact's entry on « À propos » is this prefix and the fact's id.
ANCRE_FAIT = "fait-"

#: The banner shown on every page and on the PDF cover of a private build.
BANNIERE = "Contient des données personnelles — ne pas publier"


#: The words that mark what the CARPIMKO has not confirmed: a step of a procedure (wherever
#: it is shown: procedure, role page and reflex card, diagram, print page and PDF) or a fact.
A_VERIFIER = "À vérifier auprès de la CARPIMKO"

#: The one badge that carries :data:`A_VERIFIER` in a page (templates: ``badge_a_verifier``).
BADGE_A_VERIFIER = Markup('<span class="hb-badge hb-badge-verifier">{}</span>').format(A_VERIFIER)
#: Its short form, for the role pages printed as one- or two-page reflex cards, where a
#: legend under « Procédures en bref » says once what it means.
BADGE_A_VERIFIER_COURT = Markup('<span class="hb-badge hb-badge-verifier">À vérifier</span>')


def _finalize(value: Any) -> Any:
    # Every {{ expression }} of every template goes through here.
    return esc(value)


@cache
def environnement() -> Environment:
    """The Jinja environment of the handbook's templates (built once per process)."""
    env = Environment(
        loader=FileSystemLoader(GABARITS),
        # Compiled templates are kept between processes (keyed by their source's checksum).
        bytecode_cache=cache_compile(),
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date_fr=date_fr,
        date_courte=date_courte,
        date_partielle=date_partielle,
        de=de,
        de_nom=de_nom_html,
        phrase=minuscule,
        heure=heure,
        duree=duree,
        lignes=esc_lignes,
        pre=esc_pre,
        mailto=url_mailto,
        tel=url_tel,
        web=url_web,
    )
    env.globals.update(
        badge_a_verifier=BADGE_A_VERIFIER, badge_a_verifier_court=BADGE_A_VERIFIER_COURT
    )
    return env


@cache
def cache_compile() -> FileSystemBytecodeCache | None:
    """Jinja's cache of compiled templates, in the temporary folder; ``None`` if unusable.

    Compiling a template costs more than rendering it: with the cache, a build (and each
    rebuild of ``mkdocs serve``) only loads the compiled code. An entry is used only for
    the exact source it was compiled from.
    """
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no safe temporary folder: compile every time
        return None


def rendre(gabarit: str, **contexte: Any) -> Markup:
    """Render ``gabarit`` (a file of ``macros/pages/templates``) into a trusted fragment."""
    return Markup(environnement().get_template(gabarit).render(**contexte))


@dataclass
class Contexte:
    """What a render function needs: the data and its derived facts, and where the page is.

    Attributes:
        faits: The build's facts (:class:`~macros.domaine.faits.Faits`): the handbook, its
            lookups and its events, computed once for every page of the build.
        liens: Link builder for the current page.
    """

    faits: Faits
    liens: Liens = field(default_factory=Liens)

    # -- lookups (shared by every page of the build) ------------------------------------------

    def __post_init__(self) -> None:
        self.hb: Handbook = self.faits.hb
        self.dossier: str = self.faits.dossier
        self.index: Index = self.faits.index
        self.roles: dict[str, Role] = self.index.roles
        self.membres: dict[str, Membre] = self.index.membres
        self.procedures: dict[str, Procedure] = self.index.procedures

    @property
    def evenements(self) -> tuple[EvenementCalendrier, ...]:
        """Every event of the calendar (:attr:`macros.domaine.faits.Faits.evenements`)."""
        return self.faits.evenements

    def titulaires(self, role_id: str) -> list[Membre]:
        """Members who hold ``role_id``, in data order."""
        return self.index.titulaires.get(role_id, [])

    # -- links -------------------------------------------------------------------------------

    def lien(self, texte: object, src: str, ancre: str | None = None, cls: str = "") -> Markup:
        """An ``<a>`` to ``src`` (``#ancre``) from the current page; ``texte`` is escaped.

        The address and the class are escaped as ``Markup.format`` would, by ``escape``
        (the format was a third of the cost of the 800 links of a build)."""
        attr = f' class="{escape(cls)}"' if cls else ""
        return Markup(f'<a href="{escape(self.liens.url(src, ancre))}"{attr}>{esc(texte)}</a>')

    def lien_page(self, nom: str, texte: object) -> Markup:
        """Link to a static page by its short name (see :data:`macros.donnees.catalogue.PAGES`)."""
        return self.lien(texte, PAGES[nom])

    def lien_procedure(self, procedure_id: str, texte: object | None = None) -> Markup:
        """Link to a procedure, on the page of its part."""
        p = self.procedures[procedure_id]
        return self.lien(texte if texte is not None else p.titre, PAGE_PARTIE[p.partie], p.id)

    def lien_membre(self, membre_id: str, texte: object | None = None) -> Markup:
        """Link to a member's page (the member's name unless ``texte`` is given)."""
        m = self.membres[membre_id]
        return self.lien(texte if texte is not None else m.nom, page_membre(membre_id))

    def lien_role(self, role_id: str, texte: object | None = None) -> Markup:
        """Link to a role's page (the role's name unless ``texte`` is given)."""
        r = self.roles[role_id]
        return self.lien(texte if texte is not None else r.nom, page_role(role_id))

    def fichier_donnees(self, nom: str = "") -> Markup:
        """``<code>`` naming a data file (``equipe.yml``) in the practice's real data folder."""
        return Markup("<code>{}/{}</code>").format(esc(self.dossier), esc(nom))

    def url(self, src: str, ancre: str | None = None) -> str:
        """Relative URL, for templates that build their own ``<a>``."""
        return self.liens.url(src, ancre)

    # -- facts about the CARPIMKO, with their sources --------------------------------------------

    def fait(self, fait_id: str) -> Markup:
        """A fact about the CARPIMKO (``macros/donnees/faits-carpimko.yml``) as a page states
        it: its text, then its source, discreetly, linked to its entry on « À propos »; a
        fact with no official source is marked « À vérifier auprès de la CARPIMKO »."""
        return self._fait(fait_id, avec_texte=True)

    def source_fait(self, fait_id: str) -> Markup:
        """Only the source mark of a fact: for a value the page shows itself (a contact)."""
        return self._fait(fait_id, avec_texte=False)

    def _fait(self, fait_id: str, avec_texte: bool) -> Markup:
        f: FaitCarpimko = self.index.faits[fait_id]
        nature: NatureSource = self.index.natures[fait_id]
        libelle = (
            "non confirmé" if nature is NatureSource.non_confirmee else f"source {nature.libelle}"
        )
        lien = self.lien(libelle, PAGES["a-propos"], ANCRE_FAIT + f.id)
        html = rendre(
            "fait.md.j2",
            f=f,
            classe=nature.value.replace("_", "-"),
            officiel=nature is NatureSource.officielle,
            lien=lien,
            avec_texte=avec_texte,
        )
        # Inline: the fact may sit inside a sentence, a list item or a definition.
        return Markup(" ".join(html.split("\n")).strip())
