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
from typing import Any

from markupsafe import Markup, escape

from macros.domaine.sante import texte_a_faire
from macros.donnees.chargement import charger
from macros.donnees.problemes import DonneesInvalides, Probleme, rapport
from macros.donnees.reglages import lire_reglages
from macros.pages import (
    BANNIERE,
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
    sources,
)
from macros.pages import support as support_rendu
from macros.pages.liens import Liens
from macros.site.etat import ATTRIBUT, Construction, nouvelle_construction
from macros.site.generated import ANNEXE_MAX
from macros.sorties.pdf import controle_document, css_impression
from macros.texte import esc

__all__ = ["MACROS_RENDU", "define_env", "on_post_build", "on_post_page_macros", "on_pre_page_macros"]


def _etat(env: Any) -> Construction:
    """The state of the current build, put on the plugin by :func:`define_env`."""
    etat = getattr(env, ATTRIBUT, None)
    return etat if etat is not None else Construction()


def _echec(problemes: list[Probleme], en_service: bool) -> None:
    report = rapport(problemes)
    if not en_service:
        from mkdocs.exceptions import Abort

        raise Abort(report)
    print(f"\n{report}\n", file=sys.stderr, flush=True)


def _finalize(value: Any) -> Any:
    # Safety net for the pages' own {{ expressions }}: anything that is not a
    # trusted fragment from our macros is escaped for HTML and Markdown.
    return value if isinstance(value, Markup) else esc(value)


def define_env(env: Any) -> None:
    """Called by mkdocs-macros on every (re)build: load, validate, register the macros."""
    etat = nouvelle_construction(env)
    # Theme values (macros/site/theme/*.html) exist even when the data is invalid.
    env.conf["extra"].update(hb_banniere_privee="", hb_document={}, hb_css_impression="")
    try:
        reglages = lire_reglages()
    except DonneesInvalides as err:
        etat.problemes = err.problemes
        _echec(err.problemes, en_service=False)
        return
    etat.reglages = reglages
    # A macro bug must fail `mkdocs build`, but must not kill `mkdocs serve`.
    env.config["on_error_fail"] = not etat.en_service
    if hasattr(env, "env"):
        env.env.finalize = _finalize
    try:
        etat.chargement = charger(reglages.donnees, reglages.aujourdhui, reglages.prive)
    except DonneesInvalides as err:
        etat.problemes = err.problemes
        _echec(err.problemes, etat.en_service)
        return
    etat.problemes = etat.chargement.avertissements
    if etat.problemes:
        print(f"\n{rapport(etat.problemes)}\n", file=sys.stderr, flush=True)
    hb = etat.chargement.handbook
    a_faire = texte_a_faire(hb)
    if a_faire:
        print(f"\n{a_faire}\n", file=sys.stderr)
    # Material prints site_name unescaped (and sometimes through |e): an escaped Markup
    # string is right in both cases, whatever characters the cabinet's name contains.
    env.conf["site_name"] = escape(f"{hb.cabinet.cabinet.nom} — Manuel CARPIMKO")
    # Read by the theme override (macros/site/theme/main.html) and the PDF cover.
    extra = env.conf["extra"]
    extra["hb_banniere_privee"] = BANNIERE if hb.prive is not None else ""
    extra["hb_document"] = controle_document(hb, env.conf.get("site_url"))
    extra["hb_css_impression"] = css_impression(hb)
    _enregistrer(env)


def _contexte(env: Any) -> Contexte:
    page = env.page
    src = page.file.src_uri if page is not None else "index.md"
    return Contexte(_etat(env).faits, Liens(src, bool(env.conf["use_directory_urls"])))


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
    "modeles_support": support_rendu.modeles_support,
    "modele_membre": support_rendu.modele_membre,
    "consignes_support": support_rendu.consignes_support,
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
    "exemple_saisie": cabinet.exemple_saisie,
    "exemple_erreur": cabinet.exemple_erreur,
    "professions": cabinet.professions,
    "quoi_de_neuf": historique.quoi_de_neuf,
    "vue_annee": annee.vue_annee,
    "evenements_calendrier": annee.evenements_calendrier,
    "abonnement_calendrier": annee.abonnement_calendrier,
    "faits_carpimko": sources.faits_carpimko,
}


def _enregistrer(env: Any) -> None:
    """Expose each render function as a macro taking the current page into account."""
    for name, function in MACROS_RENDU.items():
        env.macro(_lier(env, function), name)

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
            raise _inconnu("la procédure", procedure_id, f"{ctx.dossier}/procedures.yml")
        return ctx.lien_procedure(procedure_id, texte)

    def lien_role(role_id: str, texte: str | None = None) -> Markup:
        ctx = _contexte(env)
        if role_id not in ctx.roles:
            raise _inconnu("le rôle", role_id, f"{ctx.dossier}/roles.yml")
        return ctx.lien_role(role_id, texte)

    def fait(fait_id: str) -> Markup:
        """A fact about the CARPIMKO with its source (:func:`macros.pages.sources.fait`)."""
        ctx = _contexte(env)
        if fait_id not in ctx.index.faits:
            raise _inconnu("le fait", fait_id, "macros/donnees/faits-carpimko.yml")
        return sources.fait(ctx, fait_id)

    def fichier_donnees(nom: str = "") -> Markup:
        return _contexte(env).fichier_donnees(nom)

    def nom_cabinet(apres_de: bool = False) -> Markup:
        """The practice's name; with ``apres_de``, as it reads after « de » (« du Cabinet
        infirmier des Tilleuls », « de Kiné Nord »), the « de » included."""
        identite = _contexte(env).hb.cabinet.cabinet
        return esc(identite.de_nom if apres_de else identite.nom)

    def nom_outil(outil: str) -> Markup:
        return esc(getattr(_contexte(env).hb.cabinet.outils, outil))

    def exercice_seul() -> bool:
        """True in a practice of one: the pages' ``{% if exercice_seul() %}`` speak to
        that person instead of to a team."""
        return _contexte(env).index.seul is not None

    def fiches_en_annexe() -> bool:
        """True when the printed handbook has the members' annex (see generated.ANNEXE_MAX)."""
        return len(_contexte(env).hb.equipe.membres) <= ANNEXE_MAX

    helpers = (
        lien_procedure,
        lien_role,
        fait,
        fichier_donnees,
        nom_cabinet,
        nom_outil,
        exercice_seul,
        fiches_en_annexe,
    )
    for helper in helpers:
        env.macro(helper, helper.__name__)


def _lier(env: Any, function: Callable[..., Markup]) -> Callable[..., Markup]:
    def macro(*args: Any, **kwargs: Any) -> Markup:
        return function(_contexte(env), *args, **kwargs)

    macro.__doc__ = function.__doc__
    macro.__name__ = function.__name__
    return macro


def on_post_page_macros(env: Any) -> None:
    """End every page with the date of its last update, from the data's history."""
    if not _etat(env).valide or env.page is None:
        return
    # str() first: « str + Markup » would escape the whole page (Markup.__radd__).
    env.markdown = env.markdown + str(historique.mise_a_jour(_contexte(env)))


def on_pre_page_macros(env: Any) -> None:
    """Under ``mkdocs serve`` with invalid data, replace every page by the report."""
    etat = _etat(env)
    if etat.valide or not etat.problemes:
        return
    env.markdown = str(sante.donnees_a_corriger(etat.problemes))


def on_post_build(env: Any) -> None:
    """Write the calendar feeds (``calendrier*.ics``) into the built site, if the data is valid,
    and the published form editor (``admin/``) when ``HANDBOOK_DEPOT`` names the repository.

    Runs in ``mkdocs build`` and ``mkdocs serve`` alike; the calendar page links to these files.
    """
    etat = _etat(env)
    if not etat.valide:
        return
    from pathlib import Path

    from macros.sorties.ics import ecrire_calendriers

    ecrire_calendriers(
        etat.faits,
        Path(env.conf["site_dir"]),
        env.conf["site_url"] or None,
        directory_urls=bool(env.conf["use_directory_urls"]),
    )
    reglages = etat.reglages
    if reglages is not None and reglages.depot:
        from mkdocs.exceptions import Abort

        from macros.editeur.publication import EditeurNonPublie, publier

        try:
            publier(Path(env.conf["site_dir"]), reglages.depot, _dossier_du_depot(reglages))
        except EditeurNonPublie as err:
            raise Abort(str(err)) from None


def _dossier_du_depot(reglages: Any) -> str:
    """The data folder relative to the repository, for the published editor's file paths."""
    from mkdocs.exceptions import Abort

    from macros.donnees.reglages import DOSSIER_PROJET

    try:
        return reglages.donnees.resolve().relative_to(DOSSIER_PROJET).as_posix()
    except ValueError:
        raise Abort(
            f"HANDBOOK_DEPOT : le dossier de données {reglages.donnees} n'est pas dans le dépôt "
            f"({DOSSIER_PROJET}) ; l'éditeur publié ne pourrait pas l'écrire."
        ) from None
