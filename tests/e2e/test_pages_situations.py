"""The « Situations particulières » as a reader finds them in the built site, read from the files.

Nine pages, one per situation a practice meets around its members' CARPIMKO accounts
(revenue declaration, start of activity, remplaçants, long sick leave, late payment, RIB
change, cessation and cumul, death, personal data). For each one, what a reader checks:

* it is in the navigation, in the section « Situations particulières », right after
  « Cotisations et documents »;
* it has at least one procedure of the practice, with its steps and its « À conserver » list;
* every fact it states shows its source (a link to its entry on « À propos », with the
  source's nature), and « À vérifier auprès de la CARPIMKO » when no source is official;
* every step marked ``a_verifier`` in the data shows the badge, and no other step does;
* a role's reflex card keeps them out of its checklists: one line of links.

No browser and no build of its own: the example without PDF, the build ``test_sources.py``
and ``test_pratiques.py`` share (one build per run for the three).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ROOT, TODAY
from html_statique import Noeud, arbre, lire_texte

from macros.donnees.catalogue import PAGE_PARTIE, TITRES, url_de
from macros.donnees.chargement import charger
from macros.donnees.modele import PARTIES_SITUATIONS

pytestmark = pytest.mark.e2e

A_VERIFIER = "À vérifier auprès de la CARPIMKO"
#: The nine pages, by their address in the site, in the navigation's order.
PAGES = [url_de(PAGE_PARTIE[p]) for p in PARTIES_SITUATIONS]


@pytest.fixture(scope="module")
def hb():
    return charger(ROOT / "data", TODAY).handbook


def _page(site: Path, adresse: str) -> Noeud:
    return arbre((site / adresse / "index.html").read_text(encoding="utf-8"))


def _article(page: Noeud) -> Noeud:
    [article] = page.chercher("article")
    return article


def test_the_nine_pages_are_a_section_of_the_navigation(site_exemple):
    nav = _page(site_exemple, "cotisations").chercher("nav", classe="md-nav--primary")[0]
    sections = [
        n
        for n in nav.chercher("li", classe="md-nav__item--section")
        if n.chercher("label", classe="md-nav__link")
    ]
    titres = [s.chercher("label", classe="md-nav__link")[0].texte() for s in sections]
    assert "Situations particulières" in titres
    i = titres.index("Situations particulières")
    assert titres[i - 1] == "Cotisations et documents"
    liens = [a.attrs["href"] for a in sections[i].chercher("a", classe="md-nav__link")]
    assert [lien.removeprefix("../") for lien in liens] == PAGES
    libelles = [a.texte() for a in sections[i].chercher("a", classe="md-nav__link")]
    assert libelles == [p.libelle for p in PARTIES_SITUATIONS]


@pytest.mark.parametrize("partie", PARTIES_SITUATIONS, ids=lambda p: p.value)
def test_each_page_has_procedures_with_steps_and_what_to_keep(site_exemple, hb, partie):
    article = _article(_page(site_exemple, url_de(PAGE_PARTIE[partie])))
    [titre] = article.chercher("h1")
    assert titre.texte().removesuffix("¶").strip() == TITRES[partie.value] == partie.libelle
    procedures = article.chercher("div", classe="hb-procedure")
    attendues = [p for p in hb.procedures.procedures if p.partie is partie]
    assert attendues and [d.attrs["data-procedure"] for d in procedures] == [
        p.id for p in attendues
    ]
    for bloc, p in zip(procedures, attendues, strict=True):
        etapes = bloc.chercher("ol", classe="hb-etapes")[0].chercher("li")
        assert len(etapes) == len(p.etapes) >= 1, p.id
        [garder] = bloc.chercher("ul", classe="hb-a-conserver")
        assert [li.texte() for li in garder.chercher("li")] == [
            " ".join(x.split()) for x in p.a_conserver
        ], p.id
        # « À conserver » comes after the steps.
        sous_titres = [s.texte() for s in bloc.chercher("p", classe="hb-sous-titre")]
        assert sous_titres[-2:] == ["Étapes", "À conserver"], p.id
        # The badge on exactly the steps the data marks « à vérifier ».
        for li, e in zip(etapes, p.etapes, strict=True):
            badge = [b.texte() for b in li.chercher("span", classe="hb-badge-verifier")]
            assert badge == ([A_VERIFIER] if e.a_verifier else []), (p.id, e.texte)


@pytest.mark.parametrize("partie", PARTIES_SITUATIONS, ids=lambda p: p.value)
def test_every_fact_on_the_page_shows_its_source(site_exemple, hb, partie):
    adresse = url_de(PAGE_PARTIE[partie])
    source = (ROOT / "docs" / PAGE_PARTIE[partie]).read_text(encoding="utf-8")
    article = _article(_page(site_exemple, adresse))
    faits = {f.id: f for f in hb.carpimko.faits}
    cites = [f for f in faits if f'fait("{f}")' in source]
    assert cites, adresse
    sources = article.chercher("small", classe="hb-source")
    liens = [s.chercher("a")[0].attrs["href"] for s in sources]
    assert sorted({lien.rsplit("#fait-", 1)[1] for lien in liens}) == sorted(cites)
    assert all(lien.startswith("../a-propos/#fait-") for lien in liens)
    # The typography filter puts non-breaking spaces before « : ; ! ? »: read them as spaces.
    html = (site_exemple / adresse / "index.html").read_text(encoding="utf-8")
    texte = " ".join(lire_texte(html).texte.replace("\u202f", " ").replace("\u00a0", " ").split())
    for fait_id in cites:
        f = faits[fait_id]
        debut = " ".join(f.texte.split())[:60]
        assert debut in texte, fait_id
        apres = texte[texte.index(debut) + len(" ".join(f.texte.split())) :][:80]
        officiel = hb.carpimko.nature(f).value == "officielle"
        assert apres.lstrip().startswith("(source officielle)" if officiel else "("), fait_id
        assert (A_VERIFIER in apres) is not officiel, (fait_id, apres)


def test_amounts_on_these_pages_come_with_their_year(hb):
    """The facts these pages state: any amount in euros has its year in the same fact."""
    for partie in PARTIES_SITUATIONS:
        source = (ROOT / "docs" / PAGE_PARTIE[partie]).read_text(encoding="utf-8")
        for f in hb.carpimko.faits:
            if f'fait("{f.id}")' in source and "€" in f.texte:
                assert re.search(r"\b20\d\d\b", f.texte), f.id


def test_reflex_cards_list_the_situations_as_one_line_of_links(site_exemple, hb):
    for role in hb.roles.roles:
        article = _article(_page(site_exemple, f"roles/{role.id}"))
        listes = {d.attrs["data-procedure"] for d in article.chercher("div", classe="hb-checklist")}
        ligne = article.chercher("p", classe="hb-situations")
        situations = {
            p.id
            for p in hb.procedures.procedures
            if role.id in p.roles and p.partie.situation_particuliere
        }
        assert not listes & situations, role.id
        if not ligne:
            continue
        [ligne] = ligne
        [titre] = ligne.chercher("strong")
        assert (
            " ".join(titre.texte().replace("\u00a0", " ").split()) == "Situations particulières :"
        )
        cibles = [a.attrs["href"] for a in ligne.chercher("a")]
        assert cibles and {c.removeprefix("../../").split("#")[0] for c in cibles} <= set(PAGES)
        assert {c.rsplit("#", 1)[1] for c in cibles} <= situations, role.id
    # The assistant(e) of the example takes part in several situations: the line is there.
    assistant = _article(_page(site_exemple, "roles/assistant"))
    assert len(assistant.chercher("p", classe="hb-situations")[0].chercher("a")) >= 5
