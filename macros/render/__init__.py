"""Render functions, one module per page family, with their text in Jinja templates.

Templates live in ``macros/templates/``. Their environment escapes **every**
expression with :func:`macros.text.esc` (HTML and Markdown), unless the value is
a :class:`~markupsafe.Markup` fragment produced by another template or by
:meth:`Contexte.lien`. A template therefore cannot forget to escape data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..model import Handbook, Membre, Procedure, Role
from ..pages import PAGE_PARTIE, PAGES, Liens, page_membre, page_role
from ..text import date_courte, date_fr, duree, esc, esc_lignes, esc_pre, heure

__all__ = ["TEMPLATES", "Contexte", "render"]

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _finalize(value: Any) -> Any:
    # Every {{ expression }} of every template goes through here.
    return esc(value)


@cache
def environment() -> Environment:
    """The Jinja environment of the handbook's templates (built once per process)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
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
        heure=heure,
        duree=duree,
        lignes=esc_lignes,
        pre=esc_pre,
    )
    return env


def render(template: str, **context: Any) -> Markup:
    """Render ``template`` (a file of ``macros/templates``) into a trusted fragment."""
    return Markup(environment().get_template(template).render(**context))


@dataclass
class Contexte:
    """What a render function needs: the data, and where the page being rendered is.

    Attributes:
        hb: The validated handbook data.
        liens: Link builder for the current page.
    """

    hb: Handbook
    liens: Liens = field(default_factory=Liens)

    # -- lookups (built once per context, used by every template) --------------------------

    def __post_init__(self) -> None:
        self.roles: dict[str, Role] = {r.id: r for r in self.hb.roles.roles}
        self.membres: dict[str, Membre] = {m.id: m for m in self.hb.equipe.membres}
        self.procedures: dict[str, Procedure] = {p.id: p for p in self.hb.procedures.procedures}

    def titulaires(self, role_id: str) -> list[Membre]:
        """Members who hold ``role_id``, in data order."""
        return [m for m in self.hb.equipe.membres if role_id in m.roles]

    # -- links -------------------------------------------------------------------------------

    def lien(self, texte: object, src: str, ancre: str | None = None, cls: str = "") -> Markup:
        """An ``<a>`` to ``src`` (``#ancre``) from the current page; ``texte`` is escaped."""
        attr = Markup(' class="{}"').format(cls) if cls else Markup("")
        return Markup('<a href="{}"{}>{}</a>').format(self.liens.url(src, ancre), attr, esc(texte))

    def lien_page(self, nom: str, texte: object) -> Markup:
        """Link to a static page by its short name (see :data:`macros.pages.PAGES`)."""
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

    def url(self, src: str, ancre: str | None = None) -> str:
        """Relative URL, for templates that build their own ``<a>``."""
        return self.liens.url(src, ancre)
