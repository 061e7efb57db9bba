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


def test_hyphenation_marks_long_words_of_the_text_only():
    from macros.texte.cesure import SHY, cesure_html, sans_cesure

    html = (
        '<p title="recommandation">Consultation recommandée : l\'échéancier de Lefebvre, '
        "CARPIMKO, FranceConnect, jean.lefebvre@exemple.fr, https://www.carpimko.com/espace, "
        "data/calendrier.yml &laquo;semaine&raquo;</p>"
        "<h2>Recommandations générales</h2><code>recommandation</code><pre>prélèvement</pre>"
        "<td>Assistant(e) assistante</td><td>Semaine</td>"
    )
    out = cesure_html(html)
    assert f"re{SHY}com{SHY}man{SHY}dée" in out
    assert f"l'échéan{SHY}cier" in out and f"tant(e) as{SHY}sis{SHY}tante" in out
    assert f"se{SHY}maine" in out  # between entities
    assert f"<td>Se{SHY}maine</td>" in out  # written in lowercase elsewhere: a common word
    # Left whole: attributes, short words, acronyms, brands, addresses, file names,
    # headings (the PDF's bookmarks), code.
    for intact in (
        'title="recommandation"',
        "CARPIMKO",
        "FranceConnect",
        "Lefebvre",
        "Consultation",
        "jean.lefebvre@exemple.fr",
        "https://www.carpimko.com/espace",
        "data/calendrier.yml",
        "<h2>Recommandations générales</h2>",
        "<code>recommandation</code>",
        "<pre>prélèvement</pre>",
    ):
        assert intact in out, intact
    assert out.replace(SHY, "") == html
    assert sans_cesure(out) == html
    # Chromium's hyphen at a line end (U+2010) joins the word; the text's own hyphen stays.
    assert sans_cesure("recom\u2010\r\nmandé, back-\nup") == "recommandé, back-up"


def test_each_part_gets_its_running_header_and_landscape_pages():
    from macros.sorties.mise_en_page import styles_parties

    html = (
        "<section class='print-page md-section' id='section-2' heading-number='2'>"
        "<h1>Se connecter &amp; « agir »<a class='headerlink' href='#section-2'></a></h1>"
        "<section class='print-page md-section' id='section-3'><h1>Organisation</h1>"
    )
    css = styles_parties(html)
    assert "#section-2 { page: partie-2; }" in css
    assert '@page partie-2 { @top-left { content: "Se connecter & « agir »";' in css
    assert "#section-3 section.print-page:has(.hb-paysage)" in css
    assert "@page paysage-3 { size: A4 landscape;" in css
    assert "@page :first { @bottom-left { content: none; } }" in css
