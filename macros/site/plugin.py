"""The mkdocs-macros side of the handbook: load the data once, expose the macros.

Pages in ``docs/`` call the macros registered here (``{{ matrice() }}``…). Each
macro builds a :class:`~macros.pages.Contexte` for the page being rendered and
returns trusted Markup from a render module.

Bad data never produces a traceback or a half-built page:

* ``mkdocs build`` stops with the French report and a non-zero exit status;
* ``mkdocs serve`` keeps running, prints the report, and shows it on every page
  until the data is fixed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from macros.donnees.problemes import DonneesInvalides, Probleme, rapport
from macros.donnees.chargement import Chargement, charger
from macros.pages.liens import Liens
from macros.sorties.pdf import controle_document, css_impression
from macros.pages import BANNIERE
from macros.pages import (
    Contexte,
    accueil,
    annee,
    cabinet,
    calendrier,
    equipe,
    historique,
    matrice,
    procedures,
    roles,
    sante,
    schema,
)
from macros.pages import support as support_render
from macros.domaine.sante import alertes
from macros.donnees.reglages import Settings, settings
from macros.texte import esc

__all__ = ["Etat", "define_env", "etat", "on_post_page_macros", "on_pre_page_macros"]


@dataclass
class Etat:
    """What the current build knows: settings, and the data or its problems."""

    reglages: Settings | None = None
    chargement: Chargement | None = None
    problemes: list[Probleme] = field(default_factory=list)

    @property
    def valide(self) -> bool:
        """True when the data loaded without errors."""
        return self.chargement is not None


_etat = Etat()


def etat() -> Etat:
    """The state of the current build (used by :mod:`macros.site.hooks` and :mod:`macros.site.impression`)."""
    return _etat


def _echec(problemes: list[Probleme], serving: bool) -> None:
    report = rapport(problemes)
    if not serving:
        from mkdocs.exceptions import Abort

        raise Abort(report)
    print(f"\n{report}\n", file=sys.stderr, flush=True)


def _finalize(value: Any) -> Any:
    # Safety net for the pages' own {{ expressions }}: anything that is not a
    # trusted fragment from our macros is escaped for HTML and Markdown.
    return value if isinstance(value, Markup) else esc(value)


def define_env(env: Any) -> None:
    """Called by mkdocs-macros on every (re)build: load, validate, register the macros."""
    global _etat
    _etat = Etat()
    # Theme values (macros/theme/*.html) exist even when the data is invalid.
    env.conf["extra"].update(hb_banniere_privee="", hb_document={}, hb_css_impression="")
    try:
        reglages = settings()
    except DonneesInvalides as err:
        _etat.problemes = err.problemes
        _echec(err.problemes, serving=False)
        return
    _etat.reglages = reglages
    # A macro bug must fail `mkdocs build`, but must not kill `mkdocs serve`.
    env.config["on_error_fail"] = not reglages.serving
    if hasattr(env, "env"):
        env.env.finalize = _finalize
    try:
        _etat.chargement = charger(reglages.data_dir, reglages.today, reglages.prive)
    except DonneesInvalides as err:
        _etat.problemes = err.problemes
        _echec(err.problemes, reglages.serving)
        return
    _etat.problemes = _etat.chargement.avertissements
    if _etat.problemes:
        print(f"\n{rapport(_etat.problemes)}\n", file=sys.stderr, flush=True)
    hb = _etat.chargement.handbook
    a_faire = alertes(hb)
    if a_faire:
        lines = "\n".join(f"  {a.message}" for a in a_faire)
        print(f"\nÀ faire d'après les données ({len(a_faire)}) :\n{lines}\n", file=sys.stderr)
    # Material prints site_name unescaped (and sometimes through |e): an escaped Markup
    # string is right in both cases, whatever characters the cabinet's name contains.
    env.conf["site_name"] = escape(f"{hb.cabinet.cabinet.nom} — Manuel CARPIMKO")
    # Read by the theme override (macros/theme/main.html) and the PDF cover.
    extra = env.conf["extra"]
    extra["hb_banniere_privee"] = BANNIERE if hb.prive is not None else ""
    extra["hb_document"] = controle_document(hb, env.conf.get("site_url"))
    extra["hb_css_impression"] = css_impression(hb)
    _register(env)


def _contexte(env: Any) -> Contexte:
    assert _etat.chargement is not None
    page = env.page
    src = page.file.src_uri if page is not None else "index.md"
    return Contexte(_etat.chargement.handbook, Liens(src, bool(env.conf["use_directory_urls"])))


#: Every render function the pages call as a macro, by macro name (each gets the page's
#: context first). The tests render each of them: one list for the site and the tests.
MACROS_RENDU: dict[str, Callable[..., Markup]] = {
    "accueil": accueil.accueil,
    "procedure": procedures.procedure,
    "procedures": procedures.procedures,
    "sommaire_procedures": procedures.sommaire_procedures,
    "matrice": matrice.matrice,
    "actions_cles": matrice.actions_cles,
    "tableau_equipe": equipe.tableau_equipe,
    "tableau_acces": equipe.tableau_acces,
    "comparatif_methodes": equipe.comparatif_methodes,
    "fiche_membre": equipe.fiche_membre,
    "modeles_support": support_render.modeles_support,
    "modele_membre": support_render.modele_membre,
    "consignes_support": support_render.consignes_support,
    "roles": roles.roles,
    "delegations": roles.delegations,
    "fiche_role": roles.fiche_role,
    "escalade": roles.escalade,
    "schema_depannage": schema.schema_depannage,
    "a_faire": sante.a_faire,
    "checklist_securite": sante.checklist_securite,
    "routine_mensuelle": calendrier.routine_mensuelle,
    "calendrier_routines": calendrier.calendrier_routines,
    "echeances": calendrier.echeances,
    "prochaines_echeances": calendrier.prochaines_echeances,
    "contacts_caisse": cabinet.contacts_caisse,
    "archivage": cabinet.archivage,
    "journal": cabinet.journal,
    "document": cabinet.document,
    "professions": cabinet.professions,
    "quoi_de_neuf": historique.quoi_de_neuf,
    "vue_annee": annee.vue_annee,
    "evenements_calendrier": annee.evenements_calendrier,
    "abonnement_calendrier": annee.abonnement_calendrier,
}


def _register(env: Any) -> None:
    """Expose each render function as a macro taking the current page into account."""
    for name, function in MACROS_RENDU.items():
        env.macro(_bind(env, function), name)

    def _inconnu(kind: str, ident: str, fichier: str) -> DonneesInvalides:
        return DonneesInvalides(
            [
                Probleme(
                    f"docs/{env.page.file.src_uri}" if env.page else "docs",
                    message=f"la page cite {kind} « {ident} », absent(e) de {fichier}",
                    conseil=f"corrigez l'identifiant dans la page, ou ajoutez-le dans {fichier}",
                    code="page.identifiant-inconnu",
                )
            ]
        )

    def lien_procedure(procedure_id: str, texte: str | None = None) -> Markup:
        ctx = _contexte(env)
        if procedure_id not in ctx.procedures:
            raise _inconnu("la procédure", procedure_id, "data/procedures.yml")
        return ctx.lien_procedure(procedure_id, texte)

    def lien_role(role_id: str, texte: str | None = None) -> Markup:
        ctx = _contexte(env)
        if role_id not in ctx.roles:
            raise _inconnu("le rôle", role_id, "data/roles.yml")
        return ctx.lien_role(role_id, texte)

    def nom_cabinet() -> Markup:
        return esc(_contexte(env).hb.cabinet.cabinet.nom)

    def nom_outil(outil: str) -> Markup:
        return esc(getattr(_contexte(env).hb.cabinet.outils, outil))

    for helper in (lien_procedure, lien_role, nom_cabinet, nom_outil):
        env.macro(helper, helper.__name__)


def _bind(env: Any, function: Callable[..., Markup]) -> Callable[..., Markup]:
    def macro(*args: Any, **kwargs: Any) -> Markup:
        return function(_contexte(env), *args, **kwargs)

    macro.__doc__ = function.__doc__
    macro.__name__ = function.__name__
    return macro


def on_post_page_macros(env: Any) -> None:
    """End every page with the date of its last update, from the data's history."""
    if _etat.chargement is None or env.page is None:
        return
    # str() first: « str + Markup » would escape the whole page (Markup.__radd__).
    env.markdown = env.markdown + str(historique.mise_a_jour(_contexte(env)))


def on_pre_page_macros(env: Any) -> None:
    """Under ``mkdocs serve`` with invalid data, replace every page by the report."""
    if _etat.valide or not _etat.problemes:
        return
    items = "\n".join(f"<li><code>{esc(str(p))}</code></li>" for p in _etat.problemes)
    env.markdown = (
        "# Données à corriger\n\n"
        '<div class="admonition danger hb-erreurs" role="alert">\n'
        '<p class="admonition-title">Le manuel ne peut pas être construit</p>\n'
        "<p>Corrigez ces points dans les fichiers de données ; la page se met à jour "
        "dès l'enregistrement.</p>\n"
        f'<ul class="hb-liste-erreurs">\n{items}\n</ul>\n</div>\n'
    )


def on_post_build(env: Any) -> None:
    """Write the calendar feeds (``calendrier*.ics``) into the built site, if the data is valid.

    Runs in ``mkdocs build`` and ``mkdocs serve`` alike; the calendar page links to these files.
    """
    if not _etat.valide:
        return
    assert _etat.chargement is not None
    from pathlib import Path

    from macros.sorties.ics import ecrire_calendriers

    ecrire_calendriers(
        _etat.chargement.handbook,
        Path(env.conf["site_dir"]),
        env.conf["site_url"] or None,
        directory_urls=bool(env.conf["use_directory_urls"]),
    )
