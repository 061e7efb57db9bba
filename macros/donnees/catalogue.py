"""The catalogue of the handbook's pages: their names, titles and addresses.

Static pages are files in ``docs/``. Per-member and per-role pages are generated
at build time (:mod:`macros.site.generated`) and kept out of the navigation. The
rules (:mod:`macros.donnees.regles`) read this catalogue (page names in the history,
ids that would replace a page), so it imports nothing of MkDocs. Links from one page
to another are built by :class:`macros.pages.liens.Liens`.
"""

from __future__ import annotations

from macros.donnees.modele import PARTIES_SITUATIONS, Partie

__all__ = [
    "PAGES",
    "PAGE_PARTIE",
    "TITRES",
    "nom_page",
    "page_membre",
    "page_remplacee",
    "page_role",
    "url_de",
]

#: Static pages, by short name.
PAGES: dict[str, str] = {
    "accueil": "index.md",
    "connexion": "connexion.md",
    "acces-equipe": "acces-equipe.md",
    "depannage": "depannage.md",
    "support": "support.md",
    "cotisations": "cotisations.md",
    "attestations": "attestations.md",
    "calendrier": "calendrier.md",
    "roles": "roles.md",
    "matrice": "matrice.md",
    "equipe": "equipe.md",
    "securite": "securite.md",
    "journal": "journal.md",
    "declaration-revenus": "declaration-revenus.md",
    "installation": "installation.md",
    "remplacants": "remplacants.md",
    "arret-de-travail": "arret-de-travail.md",
    "retard-de-paiement": "retard-de-paiement.md",
    "rib-prelevement": "rib-prelevement.md",
    "cessation-retraite": "cessation-retraite.md",
    "deces": "deces.md",
    "donnees-personnelles": "donnees-personnelles.md",
    "faq": "faq.md",
    "glossaire": "glossaire.md",
    "quoi-de-neuf": "quoi-de-neuf.md",
    "mettre-a-jour": "mettre-a-jour.md",
    "a-propos": "a-propos.md",
}

#: Titles of the static pages, as their first heading says (checked by the tests).
TITRES: dict[str, str] = {
    "accueil": "Accueil",
    "connexion": "Se connecter à l'Espace personnel",
    "acces-equipe": "Règles d'accès de l'équipe",
    "depannage": "Dépannage express",
    "support": "Contacter le Service client",
    "cotisations": "Cotisations et retraite",
    "attestations": "Attestations et archivage",
    "calendrier": "Calendrier et synchronisation financière",
    "roles": "Rôles, délégations et continuité",
    "matrice": "Matrice des responsabilités",
    "equipe": "L'équipe",
    "securite": "Sécurité et conformité",
    "journal": "Journal des changements sensibles",
    # The « Situations particulières »: each page's title is its part's label.
    "declaration-revenus": Partie("declaration-revenus").libelle,
    "installation": Partie("installation").libelle,
    "remplacants": Partie("remplacants").libelle,
    "arret-de-travail": Partie("arret-de-travail").libelle,
    "retard-de-paiement": Partie("retard-de-paiement").libelle,
    "rib-prelevement": Partie("rib-prelevement").libelle,
    "cessation-retraite": Partie("cessation-retraite").libelle,
    "deces": Partie("deces").libelle,
    "donnees-personnelles": Partie("donnees-personnelles").libelle,
    "faq": "Questions fréquentes",
    "glossaire": "Glossaire",
    "quoi-de-neuf": "Quoi de neuf",
    "mettre-a-jour": "Mettre à jour ce manuel",
    "a-propos": "À propos de ce manuel",
}

#: The page on which each part's procedures are printed.
PAGE_PARTIE: dict[Partie, str] = {
    Partie.connexion: PAGES["connexion"],
    Partie.acces_equipe: PAGES["acces-equipe"],
    Partie.cotisations: PAGES["cotisations"],
    Partie.attestations: PAGES["attestations"],
    Partie.depannage: PAGES["depannage"],
    Partie.support: PAGES["support"],
    Partie.continuite: PAGES["roles"],
    Partie.securite: PAGES["securite"],
    # One page per « situation particulière », named as its part.
    **{p: PAGES[p.value] for p in PARTIES_SITUATIONS},
}


def nom_page(src: str) -> str | None:
    """Short name of the page ``src`` (generated member and role pages belong to their list)."""
    for nom, chemin in PAGES.items():
        if chemin == src:
            return nom
    if src.startswith("equipe/"):
        return "equipe"
    if src.startswith("roles/"):
        return "roles"
    return None


def page_membre(membre_id: str) -> str:
    """Source path of a member's generated page."""
    return f"equipe/{membre_id}.md"


def page_role(role_id: str) -> str:
    """Source path of a role's generated page."""
    return f"roles/{role_id}.md"


def page_remplacee(src: str) -> str | None:
    """The static page whose address the generated page ``src`` would take, if any.

    ``equipe/index.md`` (a member whose id is ``index``) would be written to
    ``equipe/index.html``, the team page itself. Checked with both URL styles (the
    published site's and the offline bundle's). Returns the page's short name.
    """
    for nom, chemin in PAGES.items():
        if any(url_de(src, d) == url_de(chemin, d) for d in (True, False)):
            return nom
    return None


def url_de(src: str, directory_urls: bool = True) -> str:
    """The site URL MkDocs gives the page ``src`` (``cotisations.md`` → ``cotisations/``)."""
    stem = src[: -len(".md")] if src.endswith(".md") else src
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
