"""The links of the PDFs, their QR codes, and the print page's ids.

The PDFs are printed from a temporary server on 127.0.0.1; no link of theirs may lead
there (macros/sorties/liens_pdf.py). Read back from the PDFs' link annotations with pypdf:

* the main build (no ``site_url``): every link is internal to its PDF or leads off the
  site (``https:``, ``mailto:``, ``tel:``); a link into the site is plain text;
* a build with ``HANDBOOK_SITE_URL`` (its site only, no PDF step: one card is printed here)
  links to the published site and carries a QR code to the card's live page.

The rewrite itself is tested on small pieces of HTML, and the check that refuses to print
a page that would still link to the local server on a page that adds one after loading.
"""

from __future__ import annotations

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import ROOT, Construction, construire, preconstruit

from macros.sorties.imprimeur import imprimer
from macros.sorties.liens_pdf import (
    ids_uniques,
    liens_imprimes,
    qr_parties,
    regions_uniques,
    site_publie,
)
from macros.sorties.pdf import PAGE_IMPRESSION, PdfIndisponible, Tirage

pytestmark = pytest.mark.e2e

SITE_URL = "https://manuel.example/cabinet/"
#: The example's site with a published address, without the PDF step.
SITE_AVEC_URL = Construction("site-url", {"HANDBOOK_SITE_URL": SITE_URL}, donnees=ROOT / "data")
_LOCAL = re.compile(r"^[a-z]+://(127\.|localhost|\[::1\]|0\.0\.0\.0)", re.IGNORECASE)


def liens_du_pdf(chemin: Path) -> tuple[list[str], int]:
    """The URIs of a PDF's link annotations, and how many links are internal to it."""
    from pypdf import PdfReader

    uris, internes = [], 0
    for page in PdfReader(chemin).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
            else:
                internes += 1
    return uris, internes


def texte_du_pdf(chemin: Path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(chemin)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def imprimer_a_part(tirage: Tirage) -> list:
    """:func:`imprimer`, in a thread of its own: pytest-playwright's sync API may already
    run an event loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(imprimer, tirage).result()


@pytest.fixture(scope="session")
@preconstruit(SITE_AVEC_URL)
def site_avec_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return construire(tmp_path_factory, SITE_AVEC_URL)[0].sortie


def test_no_pdf_links_to_the_print_server(imprimee):
    """Without a site address: internal links and links off the site, nothing else (each
    practice with its PDFs)."""
    site = imprimee.site
    pdfs = sorted(site.glob("*.pdf"))
    fiches = [f"fiche-{r['id']}.pdf" for r in imprimee.donnees["roles"]["roles"]]
    assert {p.name for p in pdfs} >= {"manuel.pdf", *fiches}
    assert site_publie(site) is None
    for pdf in pdfs:
        uris, internes = liens_du_pdf(pdf)
        assert [u for u in uris if _LOCAL.match(u)] == [], pdf.name
        schemes = Counter(u.split(":", 1)[0] for u in uris)
        assert set(schemes) <= {"https", "mailto", "tel"}, (pdf.name, schemes)
        if pdf.name == "manuel.pdf":
            assert internes > 100
    # A card's links to other pages are plain text: the card says whom and what, and links
    # only off the site (the caisse's site, its phone number).
    for fiche in fiches:
        uris, _ = liens_du_pdf(site / fiche)
        assert len(uris) <= 3, (fiche, uris)


def test_card_printed_with_a_site_url_links_there_and_has_its_qr_code(site_avec_url, tmp_path):
    page = site_avec_url / "roles" / "titulaire" / "index.html"
    html = page.read_text(encoding="utf-8")
    url = SITE_URL + "roles/titulaire/"
    # The QR code: an inline SVG with its text alternative, and the address beside it.
    assert f'<svg role="img" aria-label="Code QR vers {url}"' in html
    assert f'class="hb-externe hb-qr-url">{url}</a>' in html
    assert site_publie(site_avec_url) == SITE_URL

    (resultat,) = imprimer_a_part(
        Tirage(site_avec_url, (("roles/titulaire/", tmp_path / "fiche.pdf"),), "public")
    )
    uris, _ = liens_du_pdf(resultat.chemin)
    assert [u for u in uris if _LOCAL.match(u)] == []
    sur_le_site = [u for u in uris if u.startswith(SITE_URL)]
    assert len(sur_le_site) > 10 and url in sur_le_site
    assert all(u.startswith((SITE_URL, "https://www.carpimko.com", "tel:")) for u in uris), uris
    assert url in texte_du_pdf(resultat.chemin).replace("\r", "").replace("\n", "")
    assert resultat.pages <= 2


def test_print_page_with_a_site_url_has_a_qr_code_per_part(site_avec_url):
    html = (site_avec_url / "print_page" / "index.html").read_text(encoding="utf-8")
    parties = re.findall(r"<section class=.?print-page md-section", html)
    qr = re.findall(r'aria-label="Code QR vers (https://[^"]+)"', html)
    assert len(parties) > 3 and len(qr) == len(parties)
    assert all(u.startswith(SITE_URL) for u in qr)
    assert SITE_URL + "connexion/" in qr


def test_no_qr_code_without_a_site_url(site):
    for path in ("roles/titulaire/index.html", "print_page/index.html"):
        assert "Code QR" not in (site / path).read_text(encoding="utf-8"), path


def test_print_page_ids_and_region_names_are_unique(site):
    html = (site / "print_page" / "index.html").read_text(encoding="utf-8")
    ids = Counter(
        a or b or c
        for a, b, c in re.findall(r"""(?<![\w-])id=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", html)
    )
    assert [i for i, n in ids.items() if n > 1] == []
    # The member annex repeats the support page's templates, under its own ids.
    assert "email-claire-durand-acces-espace-personnel" in ids
    assert "equipe-claire-durand-email-claire-durand-acces-espace-personnel" in ids
    regions = Counter(re.findall(r'role=.?region.? aria-label="([^"]+)"', html))
    assert [r for r, n in regions.items() if n > 1] == []


# --- the rewrite, on pieces of HTML --------------------------------------------------------

CARTE = (
    '<h1 id="role-titulaire">Titulaire<a class="headerlink" href="#role-titulaire">¶</a></h1>'
    '<p><a href="../../equipe/claire-durand/" class="x" title="Claire">Claire Durand</a>, '
    "<a href='../../support/#modeles'>modèles</a>, "
    '<a href="https://www.carpimko.com/">site</a>, <a href="tel:+33100000000">tél.</a>, '
    '<a href="http://127.0.0.1:8000/faq/">faq</a>, <a href="/calendrier.ics">ics</a></p>'
)


def test_card_links_without_a_site_url_become_text():
    out = liens_imprimes(CARTE, "roles/titulaire/", None, manuel=False)
    assert 'href="#role-titulaire"' in out
    assert '<span class="x">Claire Durand</span>' in out
    assert "<span>modèles</span>" in out and "<span>faq</span>" in out
    assert "<span>ics</span>" in out
    assert 'href="https://www.carpimko.com/"' in out and 'href="tel:+33100000000"' in out
    assert out.count("<a ") == 3


def test_card_links_with_a_site_url_go_there():
    out = liens_imprimes(CARTE, "roles/titulaire/", "https://m.example/x", manuel=False)
    assert '<a href="https://m.example/x/equipe/claire-durand/" class="x hb-lien-site"' in out
    assert 'href="https://m.example/x/support/#modeles"' in out
    assert 'href="https://m.example/x/faq/"' in out
    assert 'href="https://m.example/x/calendrier.ics"' in out
    assert 'href="#role-titulaire"' in out and "<span" not in out


def test_print_page_links_to_printed_pages_become_internal():
    html = (
        '<section class="print-page" id="connexion"><h2 id="connexion-premiere">x</h2></section>'
        '<section class="print-page" id="equipe-claire-durand"><p id="fait-x">y</p></section>'
        '<a href="../connexion/#premiere">a</a><a href="../equipe/claire-durand/">b</a>'
        '<a href="#connexion">c</a><a href="#absente">d</a><a href="../matrice/">e</a>'
    )
    out = liens_imprimes(html, "print_page/", None, manuel=True)
    assert '<a href="#connexion-premiere">a</a>' in out
    assert '<a href="#equipe-claire-durand">b</a>' in out
    assert '<a href="#connexion">c</a>' in out
    assert "<span>d</span>" in out and "<span>e</span>" in out


def test_repeated_ids_take_their_page_prefix():
    bloc = (
        '<div id="email-a"><span id="email-a-corps">x</span>'
        '<button data-hb-copier="email-a-corps">Copier</button>'
        '<a href="#email-a">ici</a><p aria-describedby="email-a-corps"></p></div>'
    )
    html = (
        f'<section class="print-page" id="support">{bloc}</section>'
        f'<section class="print-page" id="equipe-a">{bloc}</section>'
    )
    out = ids_uniques(html)
    premier, second = out.split('<section class="print-page" id="equipe-a">')
    assert premier == f'<section class="print-page" id="support">{bloc}</section>'
    assert 'id="equipe-a-email-a"' in second and 'id="equipe-a-email-a-corps"' in second
    assert 'data-hb-copier="equipe-a-email-a-corps"' in second
    assert 'href="#equipe-a-email-a"' in second
    assert 'aria-describedby="equipe-a-email-a-corps"' in second


def test_repeated_regions_take_their_page_title():
    region = '<div role="region" aria-label="Délégations, défilable"></div>'
    html = (
        f'<section class="print-page" id="roles"><h2 id="r">Rôles</h2>{region}</section>'
        '<section class="print-page" id="acces"><h2 id="a">Accès<a class="headerlink" '
        f'href="#a">¶</a></h2>{region}</section>'
    )
    out = regions_uniques(html)
    assert 'aria-label="Délégations, défilable"' in out
    assert 'aria-label="Délégations, défilable (Accès)"' in out


def test_qr_code_per_part_only_with_a_site_url():
    html = (
        "<section class='print-page md-section' id='section-2' heading-number='2'>\n"
        "<h1>Se connecter<a class='headerlink' href='#section-2'></a>\n</h1>\n"
        '<section class="print-page" id="connexion"><h2 id="c">x</h2></section></section>'
    )
    assert qr_parties(html, None, {"connexion": "connexion/"}) == html
    out = qr_parties(html, "https://m.example", {"connexion": "connexion/"})
    assert out.count('aria-label="Code QR vers https://m.example/connexion/"') == 1
    assert out.index("</h1>") < out.index("hb-qr-partie") < out.index('id="connexion"')


@pytest.mark.parametrize("chemin", ["p/", PAGE_IMPRESSION], ids=["fiche", "manuel"])
def test_a_link_to_the_print_server_added_after_loading_stops_the_print(tmp_path, chemin):
    """The last line of defence: the printed page is checked, a card's before it is
    finished, the handbook's while it is (its PDF is then removed)."""
    (tmp_path / chemin).mkdir()
    (tmp_path / chemin / "index.html").write_text(
        '<!doctype html><html lang="fr"><body>'
        '<div id="print-page-toc"><a href="#x">X</a></div><h1 id="x">X</h1><p>x</p><script>'
        "const a = document.createElement('a'); a.href = '/ailleurs/'; a.textContent = 'lien';"
        "document.body.append(a);"
        "</script></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(PdfIndisponible, match="serveur local"):
        imprimer_a_part(Tirage(tmp_path, ((chemin, tmp_path / "sortie.pdf"),), "public"))
    assert not (tmp_path / "sortie.pdf").exists()
