"""Render functions, one module per page family, with their text in Jinja templates.

Templates live in ``macros/templates/``. Their environment escapes **every**
expression with :func:`macros.texte.esc` (HTML and Markdown), unless the value is
a :class:`~markupsafe.Markup` fragment produced by another template or by
:meth:`Contexte.lien`. A template therefore cannot forget to escape data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from macros.domaine.agenda import prochaine
from macros.domaine.sante import Alerte, alertes
from macros.donnees.catalogue import PAGE_PARTIE, PAGES, page_membre, page_role
from macros.donnees.modele import Handbook, Membre, Procedure, Role, Routine
from macros.pages.liens import Liens
from macros.texte import date_courte, date_fr, duree, esc, esc_lignes, esc_pre, heure
from macros.texte.adresses import url_mailto, url_tel, url_web

__all__ = ["BANNIERE", "TEMPLATES", "Contexte", "Index", "bytecode_cache", "index", "render"]

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The banner shown on every page and on the PDF cover of a private build.
BANNIERE = "Contient des données personnelles — ne pas publier"


def _finalize(value: Any) -> Any:
    # Every {{ expression }} of every template goes through here.
    return esc(value)


@cache
def environment() -> Environment:
    """The Jinja environment of the handbook's templates (built once per process)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        # Compiled templates are kept between processes (keyed by their source's checksum).
        bytecode_cache=bytecode_cache(),
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
        mailto=url_mailto,
        tel=url_tel,
        web=url_web,
    )
    return env


@cache
def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Jinja's cache of compiled templates, in the temporary folder; ``None`` if unusable.

    Compiling a template costs more than rendering it: with the cache, a build (and each
    rebuild of ``mkdocs serve``) only loads the compiled code. An entry is used only for
    the exact source it was compiled from.
    """
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no safe temporary folder: compile every time
        return None


def render(template: str, **context: Any) -> Markup:
    """Render ``template`` (a file of ``macros/templates``) into a trusted fragment."""
    return Markup(environment().get_template(template).render(**context))


@dataclass
class Index:
    """Lookups computed once per loaded handbook, for every page of a build.

    A member's page needs who holds delegations on whose account, whose back-up the
    member is, and the member's overdue items. Scanning the team for each member's page
    would make a build quadratic in the size of the team; these tables make it linear.

    Attributes:
        roles: Roles by id.
        membres: Members by id.
        procedures: Procedures by id.
        cotisants: The members with a CARPIMKO account, in data order.
        titulaires: For each role id, the members who hold it, in data order.
        acces_tenus: For each member id, the accounts the member opens for others:
            (account holder, method label), in data order.
        back_up_de: For each member id, the members whose back-up they are, in data order.
        alertes: Every overdue item (:func:`macros.domaine.sante.alertes`).
        alertes_de: The overdue items of each member id.
    """

    roles: dict[str, Role]
    membres: dict[str, Membre]
    procedures: dict[str, Procedure]
    cotisants: list[Membre]
    titulaires: dict[str, list[Membre]]
    acces_tenus: dict[str, list[tuple[Membre, str]]]
    back_up_de: dict[str, list[Membre]]
    alertes: list[Alerte]
    alertes_de: dict[str, list[Alerte]]
    _prochaines: dict[tuple[str, date], date] = field(default_factory=dict)

    @classmethod
    def construire(cls, hb: Handbook) -> Index:
        """Build every table in one pass over the data."""
        titulaires: dict[str, list[Membre]] = {}
        acces_tenus: dict[str, list[tuple[Membre, str]]] = {}
        back_up_de: dict[str, list[Membre]] = {}
        for m in hb.equipe.membres:
            for r in m.roles:
                titulaires.setdefault(r, []).append(m)
            for d in m.delegations:
                acces_tenus.setdefault(d.membre, []).append((m, d.methode_acces.libelle))
            if m.back_up is not None:
                back_up_de.setdefault(m.back_up, []).append(m)
        toutes = alertes(hb)
        alertes_de: dict[str, list[Alerte]] = {}
        for a in toutes:
            if a.membre is not None:
                alertes_de.setdefault(a.membre, []).append(a)
        return cls(
            roles={r.id: r for r in hb.roles.roles},
            membres={m.id: m for m in hb.equipe.membres},
            procedures={p.id: p for p in hb.procedures.procedures},
            cotisants=[m for m in hb.equipe.membres if m.est_cotisant],
            titulaires=titulaires,
            acces_tenus=acces_tenus,
            back_up_de=back_up_de,
            alertes=toutes,
            alertes_de=alertes_de,
        )

    def prochaine(self, routine: Routine, apres: date) -> date:
        """:func:`macros.domaine.agenda.prochaine`, computed once per routine and date."""
        key = (routine.id, apres)
        found = self._prochaines.get(key)
        if found is None:
            found = self._prochaines[key] = prochaine(routine, apres)
        return found


_dernier: tuple[Handbook, Index] | None = None


def index(hb: Handbook) -> Index:
    """The :class:`Index` of ``hb``, built on first use and kept while ``hb`` is current.

    The loader keeps one handbook per data folder and reloads it when a file changes
    (:func:`macros.donnees.chargement.charger`): a new handbook gets a new index.
    """
    global _dernier
    if _dernier is None or _dernier[0] is not hb:
        _dernier = (hb, Index.construire(hb))
    return _dernier[1]


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
        # Shared by every context of the same data: a page costs no scan of the team.
        self.index: Index = index(self.hb)
        self.roles: dict[str, Role] = self.index.roles
        self.membres: dict[str, Membre] = self.index.membres
        self.procedures: dict[str, Procedure] = self.index.procedures

    def titulaires(self, role_id: str) -> list[Membre]:
        """Members who hold ``role_id``, in data order."""
        return self.index.titulaires.get(role_id, [])

    # -- links -------------------------------------------------------------------------------

    def lien(self, texte: object, src: str, ancre: str | None = None, cls: str = "") -> Markup:
        """An ``<a>`` to ``src`` (``#ancre``) from the current page; ``texte`` is escaped."""
        attr = Markup(' class="{}"').format(cls) if cls else Markup("")
        return Markup('<a href="{}"{}>{}</a>').format(self.liens.url(src, ancre), attr, esc(texte))

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

    def url(self, src: str, ancre: str | None = None) -> str:
        """Relative URL, for templates that build their own ``<a>``."""
        return self.liens.url(src, ancre)
