"""The render functions of macros/pages, called in-process on small handbooks.

Each test loads the example (``data/``), changes what it is about with ``model_copy``
(a member without back-up, a hostile name, a role without procedures…), calls the
render function as a page would (:func:`helpers.contexte`), turns its Markdown into
HTML as MkDocs does, and checks what a reader sees: sentences, links, table rows.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import markdown
from helpers import ROOT, TODAY, contexte

from macros.donnees.catalogue import PAGE_PARTIE, page_membre, page_role
from macros.donnees.chargement import charger
from macros.donnees.modele import Handbook, Membre
from macros.pages import calendrier, equipe, matrice, roles, sante
from macros.pages.liens import Liens
from macros.site.plugin import MACROS_RENDU

#: The Markdown extensions of mkdocs.yml that the fragments use.
EXTENSIONS = ["toc", "attr_list", "md_in_html", "admonition", "tables", "def_list"]


# --- small handbooks ----------------------------------------------------------------------------


@functools.cache
def exemple() -> Handbook:
    """The example handbook (data/), loaded once; tests change copies of it."""
    return charger(ROOT / "data", TODAY).handbook


def membre(hb: Handbook, membre_id: str) -> Membre:
    return next(m for m in hb.equipe.membres if m.id == membre_id)


def avec_membres(hb: Handbook, *membres: Membre) -> Handbook:
    """``hb`` with only ``membres`` in its team."""
    return hb.model_copy(update={"equipe": hb.equipe.model_copy(update={"membres": list(membres)})})


def modifie(hb: Handbook, membre_id: str, **champs: Any) -> Handbook:
    """``hb`` where one member's fields are replaced."""
    membres = [m.model_copy(update=champs) if m.id == membre_id else m for m in hb.equipe.membres]
    return avec_membres(hb, *membres)


# --- what a reader sees ----------------------------------------------------------------------------


@dataclass
class Lecture:
    """A rendered fragment as a reader gets it: its text, its links, its headings."""

    html: str
    texte: str = ""
    #: (link text, href), in page order.
    liens: list[tuple[str, str]] = field(default_factory=list)
    titres: list[str] = field(default_factory=list)
    #: Every value of these attributes, in page order.
    attributs: dict[str, list[str]] = field(default_factory=dict)


class _Lecteur(HTMLParser):
    ATTRIBUTS = ("data-procedure", "data-alerte", "data-action", "data-membre")

    def __init__(self, lecture: Lecture) -> None:
        super().__init__(convert_charrefs=True)
        self.lecture = lecture
        self.morceaux: list[str] = []
        self.lien: tuple[str, list[str]] | None = None
        self.titre: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        valeurs = dict(attrs)
        for nom in self.ATTRIBUTS:
            if valeurs.get(nom) is not None:
                self.lecture.attributs.setdefault(nom, []).append(valeurs[nom] or "")
        if tag == "a":
            self.lien = (valeurs.get("href") or "", [])
        elif tag in ("h1", "h2", "h3"):
            self.titre = []
        elif tag in ("p", "li", "tr", "br", "div", "dd", "dt"):
            self.morceaux.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.lien is not None:
            href, texte = self.lien
            self.lecture.liens.append((_espaces("".join(texte)), href))
            self.lien = None
        elif tag in ("h1", "h2", "h3") and self.titre is not None:
            self.lecture.titres.append(_espaces("".join(self.titre)))
            self.titre = None

    def handle_data(self, data: str) -> None:
        self.morceaux.append(data)
        if self.lien is not None:
            self.lien[1].append(data)
        if self.titre is not None:
            self.titre.append(data)


def _espaces(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def lire(fragment: object) -> Lecture:
    """The fragment's Markdown turned into HTML (as MkDocs does), then read."""
    html = markdown.markdown(str(fragment), extensions=EXTENSIONS)
    lecture = Lecture(html)
    lecteur = _Lecteur(lecture)
    lecteur.feed(html)
    lecteur.close()
    lecture.texte = "\n".join(_espaces(x) for x in "".join(lecteur.morceaux).splitlines() if x)
    return lecture


def fiche(hb: Handbook, membre_id: str, directory_urls: bool = True) -> Lecture:
    """A member's page as rendered on that page."""
    return lire(
        equipe.fiche_membre(contexte(hb, page_membre(membre_id), directory_urls), membre_id)
    )


# --- a member's back-up -----------------------------------------------------------------------------


def test_a_member_without_back_up_is_told_none_is_named():
    hb = exemple()
    claire = membre(hb, "claire-durand")
    # A two-person team: Claire keeps only the delegation to Julie.
    delegations = [d for d in claire.delegations if d.membre == "julie-roux"]
    claire = claire.model_copy(update={"back_up": None, "delegations": delegations})
    petit = avec_membres(hb, claire, membre(hb, "julie-roux"))
    lecture = fiche(petit, "claire-durand")
    assert "Aucun back-up n'est désigné." in lecture.texte
    assert "Mon back-up est" not in lecture.texte
    # Nobody of this two-person team has Claire as back-up.
    assert "Je ne suis le back-up de personne." in lecture.texte


def test_a_member_without_account_has_no_back_up_sentence():
    hb = exemple()
    julie = membre(hb, "julie-roux")
    assert not julie.a_un_compte and julie.back_up is None
    lecture = fiche(hb, "julie-roux")
    assert "Je n'ai pas de compte CARPIMKO personnel." in lecture.texte
    assert "Aucun back-up n'est désigné." not in lecture.texte


def test_a_member_page_names_the_back_up_both_ways_with_links():
    hb = exemple()
    claire = membre(hb, "claire-durand")
    assert claire.back_up is not None
    back_up = membre(hb, claire.back_up)
    releve = [m for m in hb.equipe.membres if m.back_up == "claire-durand"]
    assert releve, "someone in the example has Claire as back-up"
    lecture = fiche(hb, "claire-durand")
    assert f"Mon back-up est {back_up.nom}." in lecture.texte
    for m in releve:
        assert f"Je suis le back-up de {m.nom}." in lecture.texte
    assert "Je ne suis le back-up de personne." not in lecture.texte
    # The names lead to the members' pages: next to this one on the site, a file of the
    # same folder in the offline bundle.
    assert (back_up.nom, f"../{back_up.id}/") in lecture.liens
    hors_ligne = fiche(hb, "claire-durand", directory_urls=False)
    assert (back_up.nom, f"{back_up.id}.html") in hors_ligne.liens


# --- a role's page ----------------------------------------------------------------------------------


def test_a_role_page_lists_its_procedures_and_holders():
    hb = exemple()
    for role in hb.roles.roles:
        lecture = lire(roles.fiche_role(contexte(hb, page_role(role.id)), role.id))
        situations = {m.situation for m in hb.equipe.membres if role.id in m.roles}
        attendues = [
            p
            for p in hb.procedures.procedures
            if role.id in p.roles and situations & set(p.s_applique_a.situations or situations)
        ]
        # None of the example's practitioners is a remplaçant: that procedure is left out.
        if role.id == "praticien":
            assert "remplacant-affiliation" not in {p.id for p in attendues}
        # The daily procedures as checklists; the situations particulières as links only.
        quotidiennes = [p.id for p in attendues if not p.partie.situation_particuliere]
        assert lecture.attributs.get("data-procedure", []) == quotidiennes, role.id
        for p in attendues:
            url = Liens(page_role(role.id)).url(PAGE_PARTIE[p.partie], p.id)
            assert (p.titre, url) in lecture.liens, (role.id, p.id)
        for m in hb.equipe.membres:
            lien = (m.nom, Liens(page_role(role.id)).url(page_membre(m.id)))
            assert (lien in lecture.liens) == (role.id in m.roles), (role.id, m.id)
        assert lecture.titres[0] == role.nom


def test_a_role_without_procedures_has_no_procedure_section():
    hb = exemple()
    role = hb.roles.roles[0]
    assert any(role.id in p.roles for p in hb.procedures.procedures)
    # The procedures stay (routines point to them); the role no longer takes part in any.
    sans = [
        p.model_copy(update={"roles": [r for r in p.roles if r != role.id]})
        for p in hb.procedures.procedures
    ]
    petit = hb.model_copy(
        update={"procedures": hb.procedures.model_copy(update={"procedures": sans})}
    )
    lecture = lire(roles.fiche_role(contexte(petit, page_role(role.id)), role.id))
    assert "Procédures en bref" not in lecture.titres
    assert "data-procedure" not in lecture.attributs
    # The rest of the page is still there.
    assert "Missions et limites" in lecture.titres


# --- hostile text -----------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> *gras* _x_ [lien](javascript:alert(2)) {{ config }} & Cie"


def test_a_hostile_name_is_shown_as_typed_and_never_becomes_markup():
    hb = modifie(exemple(), "claire-durand", nom=HOSTILE)
    page = fiche(hb, "claire-durand")
    assert page.titres[0] == HOSTILE
    tableau = lire(equipe.tableau_equipe(contexte(hb, "equipe.md")))
    # In the team table (the page /equipe/), the name is the link to the member's page.
    assert (HOSTILE, "claire-durand/") in tableau.liens
    for lecture in (page, tableau):
        assert "<script" not in lecture.html
        assert "<em>" not in lecture.html and "<strong>gras" not in lecture.html
        assert "javascript:" not in " ".join(href for _, href in lecture.liens)


# --- health and what comes next ---------------------------------------------------------------------


def test_the_overdue_member_gets_an_a_faire_box_and_the_others_none():
    hb = exemple()
    ines = lire(sante.a_faire(contexte(hb, page_membre("ines-garcia")), "ines-garcia"))
    assert sorted(ines.attributs["data-alerte"]) == ["attestation", "test"]
    assert "À faire (2)" in ines.texte
    assert [texte for texte, _ in ines.liens] == ["Voir comment faire"] * 2
    claire = lire(sante.a_faire(contexte(hb, page_membre("claire-durand")), "claire-durand"))
    assert claire.texte == ""
    # Up-to-date checks: only the missing attestation is left.
    a_jour = modifie(hb, "ines-garcia", dernier_audit_acces=TODAY, dernier_test_recuperation=TODAY)
    ines = lire(sante.a_faire(contexte(a_jour, page_membre("ines-garcia")), "ines-garcia"))
    assert ines.attributs["data-alerte"] == ["attestation"]


def test_next_deadlines_say_when_nothing_is_planned():
    hb = exemple()
    vide = hb.model_copy(
        update={"calendrier": hb.calendrier.model_copy(update={"routines": [], "echeances": []})}
    )
    lecture = lire(calendrier.prochaines_echeances(contexte(vide), jours=30))
    assert lecture.texte == "Rien de prévu dans les 30 prochains jours."
    plein = lire(calendrier.prochaines_echeances(contexte(hb), limite=2))
    assert plein.html.count("<li") == 2


# --- the matrix ------------------------------------------------------------------------------------


def test_a_one_action_matrix_has_one_row_with_its_letters():
    hb = exemple()
    action = next(a for a in hb.actions.actions if len(a.raci) >= 2)
    petit = hb.model_copy(update={"actions": hb.actions.model_copy(update={"actions": [action]})})
    lecture = lire(matrice.matrice(contexte(petit, "matrice.md")))
    assert lecture.attributs["data-action"] == [action.id]
    ligne = lecture.html.split(f'data-action="{action.id}"', 1)[1].split("</tr>", 1)[0]
    for role in hb.roles.roles:
        cellule = ligne.split(f'data-role="{role.id}"', 1)[1].split("</td>", 1)[0]
        code = action.raci.get(role.id)
        if code:
            assert f">{code}</span>" in cellule, role.id
        else:
            assert "Non concerné" in cellule, role.id


def test_the_matrix_says_whose_account_a_personal_action_is_about():
    hb = exemple()
    html = str(MACROS_RENDU["matrice"](contexte(hb, "matrice.md")))
    for action in hb.actions.actions:
        ligne = html[html.index(f'data-action="{action.id}"') :]
        ligne = ligne[: ligne.index("</tr>")]
        assert ("pour son propre compte" in ligne) is action.compte_personnel, action.id
    assert "pour son propre compte" in html[html.index("hb-note-propre-compte") :]
