"""The print page: pages that are not printed lead to where their content is; French throughout."""

from __future__ import annotations

from macros.site.generated import ANNEXE_MAX
from macros.site.impression import finir_impression
from macros.sorties.pdf import relier_impression


def test_links_to_unprinted_member_pages_lead_to_the_team_row():
    html = (
        '<table><tr id="ligne-marc-durand-0001"></tr><tr id="ligne-marc"></tr></table>'
        '<a href="#equipe-marc-durand-0001">Marc</a>'
        '<a href="#equipe-marc-durand-0001-ecrire-au-service-client">e-mail</a>'
        '<a href="#equipe-inconnu">?</a>'
    )
    out = relier_impression(html)
    assert out.count('href="#ligne-marc-durand-0001"') == 2
    assert 'href="#equipe-inconnu"' in out  # nothing to lead to: left for the link checker


def test_printed_member_pages_keep_their_links():
    html = '<section id="equipe-marc"></section><tr id="ligne-marc"></tr><a href="#equipe-marc">Marc</a>'
    assert 'href="#equipe-marc"' in relier_impression(html)


def test_annex_limit_is_sane():
    assert 20 <= ANNEXE_MAX <= 200


def test_the_print_page_gets_french_typography_and_link_titles():
    # As print-site writes it: its own part headings, and each page's content as it was
    # rendered before the handbook's typography.
    html = (
        "<section class='print-page md-section' id='section-2' heading-number='2'>"
        "<h1>Se connecter<a class='headerlink' href='#section-2' title='Permanent link'></a></h1>"
        "<section class='print-page'><h1 id='connexion'>Connexion</h1>"
        "<p>Objectif : entrer ; vraiment ? « Oui » !</p><pre><code>a : b</code></pre>"
        "</section></section>"
    )
    out = finir_impression(html, "Lien vers cette section")
    assert "Permanent link" not in out
    assert "title='Lien vers cette section'" in out
    assert "Objectif\u00a0: entrer\u202f; vraiment\u202f? «\u00a0Oui\u00a0»\u202f!" in out
    assert "<code>a : b</code>" in out
    # The part's pages are nested one level down (for the PDF's bookmarks).
    assert "<h2 id='connexion'>Connexion</h2>" in out


def test_links_to_a_fact_lead_to_its_entry_on_the_print_page():
    """print-site prefixes the links (``#a-propos-fait-…``) but not the ids of raw HTML."""
    html = (
        '<div class="hb-fait-entree" id="fait-captcha"></div>'
        '<a href="#a-propos-fait-captcha">non confirmé</a><a href="#a-propos-fait-absent">?</a>'
    )
    out = relier_impression(html)
    assert 'href="#fait-captcha"' in out
    assert 'href="#a-propos-fait-absent"' in out  # nothing to lead to: left for the checkers
