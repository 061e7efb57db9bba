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
