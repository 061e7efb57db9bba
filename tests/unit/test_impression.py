"""The print page's links: pages that are not printed lead to where their content is."""

from __future__ import annotations

from macros.site.generated import ANNEXE_MAX
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


def test_links_to_a_fact_lead_to_its_entry_on_the_print_page():
    """print-site prefixes the links (``#a-propos-fait-…``) but not the ids of raw HTML."""
    html = (
        '<div class="hb-fait-entree" id="fait-captcha"></div>'
        '<a href="#a-propos-fait-captcha">non confirmé</a><a href="#a-propos-fait-absent">?</a>'
    )
    out = relier_impression(html)
    assert 'href="#fait-captcha"' in out
    assert 'href="#a-propos-fait-absent"' in out  # nothing to lead to: left for the checkers
