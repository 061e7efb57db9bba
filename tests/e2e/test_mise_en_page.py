"""The printed handbook and the reflex cards, read as a reader sees them (PDFium's text and
positions, pypdf's outline and links): the contents' page numbers are right, no word is
cut without a hyphen, no heading ends a page, no page holds only a date line or a heading,
no card has a blank page; the pages that matter are rendered to PNG (pdftoppm).
"""

from __future__ import annotations

import ctypes
import html
import itertools
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pytest
from helpers import normalise
from pypdf import PdfReader

from macros.sorties.mise_en_page import REPERE
from macros.texte.cesure import cesure_html

pytestmark = pytest.mark.e2e


MM = 72 / 25.4
#: The bottom margin of a portrait and of a landscape page (macros/sorties/pdf.py and
#: macros/sorties/mise_en_page.py): below it, the footer; above the top one, the header.
BAS = {False: 18 * MM, True: 16 * MM}
HAUT = {False: 16 * MM, True: 14 * MM}
#: The date line at the end of every page of the site (macros/pages/historique.py).
DATE = re.compile(r"^(Page inchangée depuis|Page mise à jour le) .*$")
MOT = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Titre:
    """An entry of the PDF's outline: a heading, where it starts."""

    titre: str
    page: int  # from 0
    haut: float


def _titres(reader: PdfReader) -> list[Titre]:
    def parcourir(entrees: list) -> list[Titre]:
        out: list[Titre] = []
        for entree in entrees:
            if isinstance(entree, list):
                out += parcourir(entree)
            else:
                page = reader.get_destination_page_number(entree)
                out.append(Titre(normalise(entree.title), page, float(entree.top or 0)))
        return out

    return parcourir(reader.outline)


def _corps(page: pypdfium2.PdfPage) -> tuple[pypdfium2.PdfTextPage, float, float, float]:
    """The page's text, and its body's box: left to right, bottom margin to top margin."""
    largeur, hauteur = page.get_size()
    paysage = largeur > hauteur
    return page.get_textpage(), largeur, BAS[paysage], hauteur - HAUT[paysage]


def _texte(textpage: pypdfium2.PdfTextPage, largeur: float, bas: float, haut: float) -> str:
    texte = textpage.get_text_bounded(left=0, bottom=bas, right=largeur, top=haut)
    return normalise(texte.replace("\r\n", "\n")).replace("’", "'")


def _lignes(texte: str) -> list[str]:
    return [ligne.strip() for ligne in texte.split("\n") if ligne.strip()]


@dataclass(frozen=True)
class Pdf:
    """A PDF as read for these checks: each page's body text and the outline."""

    chemin: Path
    corps: list[str]
    titres: list[Titre]


def _lire(chemin: Path) -> Pdf:
    document = pypdfium2.PdfDocument(chemin)
    try:
        corps = [_texte(*_corps(page)) for page in document]
    finally:
        document.close()
    return Pdf(chemin, corps, _titres(PdfReader(chemin)))


@pytest.fixture(scope="module")
def manuel(site_pdf: Path) -> Pdf:
    return _lire(site_pdf / "manuel.pdf")


@pytest.fixture(scope="module")
def fiches(site_pdf: Path) -> list[Pdf]:
    return [_lire(p) for p in sorted(site_pdf.glob("fiche-*.pdf"))]


def _vocabulaire(*fichiers: Path) -> set[str]:
    """The words of the pages a PDF is printed from, as written (lowercase)."""
    mots: set[str] = set()
    for fichier in fichiers:
        source = fichier.read_text(encoding="utf-8")
        texte = html.unescape(re.sub(r"<[^>]+>", " ", source)).replace("\u00ad", "")
        mots.update(m.lower() for m in MOT.findall(texte))
    return mots


def mots_coupes(lignes_par_page: list[list[str]], vocabulaire: set[str]) -> list[str]:
    """Every word cut at a line end with no hyphen: a line that ends with letters and the
    next line that starts with a lowercase letter, whose two pieces read together are a
    word of the source and apart are not both words of it (« recommand|é », « Thoma|s »).

    Chromium ends a line at a soft hyphen with U+2010: such a line ends with a hyphen,
    not a letter, and is not a cut.
    """
    coupes = []
    for lignes in lignes_par_page:
        for avant, apres in itertools.pairwise(lignes):
            fin = re.search(r"([^\W\d_]+)$", avant)
            debut = re.match(r"([^\W\d_]+)", apres)
            if not fin or not debut or not debut.group(1)[0].islower():
                continue
            a, b = fin.group(1).lower(), debut.group(1).lower()
            if a + b in vocabulaire and not (a in vocabulaire and b in vocabulaire):
                coupes.append(f"{fin.group(1)}|{debut.group(1)}")
    return coupes


def _lignes_flux(chemin: Path) -> list[list[str]]:
    """Each page's lines in the order Chromium drew them (PDFium's text, one line per
    line of a block or a table cell)."""
    document = pypdfium2.PdfDocument(chemin)
    try:
        return [_lignes(p.get_textpage().get_text_range().replace("\r\n", "\n")) for p in document]
    finally:
        document.close()


# --- the contents ------------------------------------------------------------------------


def _sommaire(chemin: Path) -> list[tuple[str, int, int]]:
    """Each entry of the printed contents: its text, the page number printed after it,
    and the page its link leads to (the PDF's destination)."""
    reader = PdfReader(chemin)
    titres = _titres(reader)
    sommaire = next(t for t in titres if t.titre == "Sommaire")
    suivant = next(t for t in titres if t.page > sommaire.page)
    cibles = {
        str(nom).lstrip("/"): reader.get_destination_page_number(dest) + 1
        for nom, dest in reader.named_destinations.items()
    }
    document = pypdfium2.PdfDocument(chemin)
    entrees: list[tuple[str, int, int]] = []
    try:
        for index in range(sommaire.page, suivant.page):
            textpage = document[index].get_textpage()
            for annot in reader.pages[index].get("/Annots") or []:
                annot = annot.get_object()
                if "/Dest" not in annot:
                    continue
                gauche, bas, droite, haut = (float(x) for x in annot["/Rect"])
                # The number is set flush right in the entry, after the dot leaders.
                texte = normalise(textpage.get_text_bounded(gauche, bas, droite - 30, haut))
                numero = normalise(textpage.get_text_bounded(droite - 30, bas, droite, haut))
                assert numero.isdigit(), f"entrée sans numéro de page : {texte!r} {numero!r}"
                cible = str(annot["/Dest"]).lstrip("/")
                entrees.append((texte, int(numero), cibles[cible]))
    finally:
        document.close()
    assert entrees, "le sommaire n'a aucune entrée"
    return entrees


def test_contents_lists_every_part_and_section_with_its_page(site_pdf: Path, manuel: Pdf):
    reader = PdfReader(site_pdf / "manuel.pdf")
    entrees = _sommaire(site_pdf / "manuel.pdf")
    faux = [(t, n, p) for t, n, p in entrees if n != p]
    assert not faux, f"numéros de page faux (entrée, imprimé, réel) : {faux}"
    # The placeholders the numbers were written over are gone, from the text as drawn.
    assert not any(REPERE in page for page in manuel.corps)
    # Every part and every page (the outline's first two levels) is in the contents. The
    # outline opens with the contents itself and the home page (« Accueil » in the
    # contents, as in the site's navigation) with its own headings.
    texte_sommaire = " ".join(" ".join(t.split()) for t, _, _ in entrees)
    suite = list(reader.outline)[2:]
    if suite and isinstance(suite[0], list):
        suite = suite[1:]
    attendus = []
    for entree in suite:
        attendus += (
            [o for o in entree if not isinstance(o, list)] if isinstance(entree, list) else [entree]
        )
    assert len(attendus) > 10
    for entree in attendus:
        titre = normalise(entree.title).replace("’", "'")
        assert titre in texte_sommaire.replace("’", "'"), titre


def test_contents_numbers_are_printed_by_the_browser_when_the_pdf_has_no_placeholders(
    site_build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Another Chromium could draw the placeholders otherwise: the numbers are then
    written into the page and it is printed again, with the same lines."""
    from macros.sorties import mise_en_page
    from macros.sorties.imprimeur import imprimer
    from macros.sorties.pdf import PAGE_IMPRESSION, Tirage

    appels = []

    def introuvable(pdf, numeros):
        appels.append(len(numeros))
        raise mise_en_page.SommaireIntrouvable("repères dessinés autrement")

    monkeypatch.setattr(mise_en_page, "ecrire_numeros", introuvable)
    sortie = tmp_path / "manuel.pdf"
    (resultat,) = imprimer(Tirage(site_build.sortie, ((PAGE_IMPRESSION, sortie),), "public"))
    assert appels and appels[0] > 10  # the PDF's own numbers were tried first
    entrees = _sommaire(sortie)
    faux = [(t, n, p) for t, n, p in entrees if n != p]
    assert not faux, f"numéros de page faux (entrée, imprimé, réel) : {faux}"
    assert resultat.pages == len(PdfReader(site_build.sortie / "manuel.pdf").pages)


def test_a_finishing_that_fails_after_the_numbers_keeps_them_and_the_browser_is_not_needed(
    site_build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    """The browser is closed as soon as the handbook's numbers are in its PDF, while the
    rest of it is finished. Should that rest fail, the PDF keeps its numbers (without the
    PDF/UA finishing, as any PDF pikepdf cannot finish) instead of being printed again by a
    browser that is gone; and a later print launches another browser."""
    from macros.sorties import pdf_ua
    from macros.sorties.imprimeur import Imprimeur
    from macros.sorties.pdf import PAGE_IMPRESSION, Tirage

    def en_panne(pdf, fichier):
        raise ValueError("figure illisible")

    monkeypatch.setattr(pdf_ua, "_regrouper_figures", en_panne)
    sortie = tmp_path / "manuel.pdf"
    with Imprimeur() as imprimeur:
        (resultat,) = imprimeur.imprimer(
            Tirage(site_build.sortie, ((PAGE_IMPRESSION, sortie),), "public")
        )
        phases = imprimeur.temps()
        # The browser was closed by that print: the next one launches another.
        monkeypatch.undo()
        fiche = tmp_path / "fiche.pdf"
        (carte,) = imprimeur.imprimer(
            Tirage(site_build.sortie, (("roles/titulaire/", fiche),), "public")
        )
    assert (
        "sans finition d'accessibilité (ValueError : figure illisible)" in capsys.readouterr().err
    )
    assert any("fermeture de Chromium, pendant la finition" in ligne for ligne in phases)
    assert not any("impression avec les numéros" in ligne for ligne in phases)
    entrees = _sommaire(sortie)
    faux = [(t, n, p) for t, n, p in entrees if n != p]
    assert entrees and not faux, f"numéros de page faux (entrée, imprimé, réel) : {faux}"
    assert resultat.pages == len(PdfReader(site_build.sortie / "manuel.pdf").pages)
    assert carte.pages == len(PdfReader(fiche).pages) >= 1


def test_contents_parts_are_at_least_as_prominent_as_their_entries(site_pdf: Path, manuel: Pdf):
    sommaire = next(t for t in manuel.titres if t.titre == "Sommaire")
    document = pypdfium2.PdfDocument(site_pdf / "manuel.pdf")
    try:
        textpage = document[sommaire.page].get_textpage()
        tailles: dict[str, float] = {}
        for titre in ("Se connecter", "Se connecter à l'Espace personnel"):
            cherche = textpage.search(titre, match_case=True, match_whole_word=True)
            premier = cherche.get_next()
            assert premier, titre
            tailles[titre] = pypdfium2.raw.FPDFText_GetFontSize(textpage.raw, premier[0])
    finally:
        document.close()
    assert tailles["Se connecter"] >= tailles["Se connecter à l'Espace personnel"]


# --- words, headings, near-empty pages -----------------------------------------------------


def test_no_word_is_cut_without_a_hyphen(site_pdf: Path):
    pdfs = [site_pdf / "manuel.pdf", *sorted(site_pdf.glob("fiche-*.pdf"))]
    sources = [site_pdf / "print_page" / "index.html", *sorted(site_pdf.glob("roles/*/index.html"))]
    vocabulaire = _vocabulaire(*sources)
    assert len(vocabulaire) > 1000
    coupes, paires, cesures = [], 0, 0
    for pdf in pdfs:
        lignes = _lignes_flux(pdf)
        paires += sum(max(len(page) - 1, 0) for page in lignes)
        cesures += sum(ligne.endswith("\u2010") for page in lignes for ligne in page)
        coupes += [f"{pdf.name} : {c}" for c in mots_coupes(lignes, vocabulaire)]
    assert paires > 2000  # the text was read, line by line
    assert cesures > 0  # and words are hyphenated where they break
    assert not coupes, coupes


def test_the_cut_check_finds_a_planted_cut_and_hyphenation_removes_it(page, tmp_path: Path):
    """A narrow table cell breaks a long word anywhere: the check sees it; with the soft
    hyphens of macros/texte/cesure.py, the same cell breaks it with a hyphen."""
    source = (
        '<html lang="fr"><body style="font: 12pt sans-serif"><table><tr>'
        '<td style="width: 4.2em; max-width: 4.2em; overflow-wrap: anywhere">'
        "la consultation recommandée</td></tr></table></body></html>"
    )
    vocabulaire = _vocabulaire_texte(source)
    coupes = {}
    for nom, contenu in (("brut", source), ("cesure", cesure_html(source))):
        page.set_content(contenu)
        (tmp_path / f"{nom}.pdf").write_bytes(page.pdf())
        coupes[nom] = mots_coupes(_lignes_flux(tmp_path / f"{nom}.pdf"), vocabulaire)
    assert coupes["brut"], "la coupure plantée n'est pas vue"
    assert coupes["cesure"] == []


def _vocabulaire_texte(source: str) -> set[str]:
    return {m.lower() for m in MOT.findall(html.unescape(re.sub(r"<[^>]+>", " ", source)))}


def _titres_en_bas(pdf: Pdf, chemin: Path) -> list[str]:
    """Headings with nothing after them on their page (the next page continues)."""
    document = pypdfium2.PdfDocument(chemin)
    fautes = []
    try:
        for i, titre in enumerate(pdf.titres):
            suivant = pdf.titres[i + 1] if i + 1 < len(pdf.titres) else None
            if suivant is not None and suivant.page == titre.page:
                continue  # another heading follows on the same page: not the last line
            textpage, largeur, bas, _ = _corps(document[titre.page])
            dessous = _texte(textpage, largeur, bas, titre.haut + 2)
            reste = " ".join(dessous.split()).replace(" ".join(titre.titre.split()), "", 1)
            if not reste.strip() and titre.page + 1 < len(pdf.corps):
                fautes.append(f"{chemin.name} p{titre.page + 1} : {titre.titre}")
    finally:
        document.close()
    return fautes


def test_no_heading_is_the_last_line_of_a_page(site_pdf: Path, manuel: Pdf, fiches: list[Pdf]):
    fautes = []
    for pdf in [manuel, *fiches]:
        fautes += _titres_en_bas(pdf, pdf.chemin)
    assert not fautes, fautes


def test_no_page_holds_only_a_date_line_or_a_heading(manuel: Pdf, fiches: list[Pdf]):
    fautes = []
    for pdf in [manuel, *fiches]:
        for index, corps in enumerate(pdf.corps):
            lignes = _lignes(corps)
            titres = [" ".join(t.titre.split()) for t in pdf.titres if t.page == index]
            reste = " ".join(lignes)
            for titre in titres:
                reste = reste.replace(titre, "", 1)
            if lignes and all(DATE.match(ligne) for ligne in lignes):
                fautes.append(f"{pdf.chemin.name} p{index + 1} : seulement la date")
            elif titres and not reste.strip():
                fautes.append(f"{pdf.chemin.name} p{index + 1} : seulement « {titres[0]} »")
    assert not fautes, fautes


def test_cards_are_one_or_two_full_pages(fiches: list[Pdf], donnees_pdf):
    assert len(fiches) == len(donnees_pdf["roles"]["roles"])
    for fiche in fiches:
        assert 1 <= len(fiche.corps) <= 2, fiche.chemin.name
        for index, corps in enumerate(fiche.corps):
            assert len(" ".join(corps.split())) > 200, f"{fiche.chemin.name} p{index + 1} vide"


# --- running header and footer -------------------------------------------------------------


def test_header_names_the_part_and_footer_uses_the_body_font(site_pdf: Path, manuel: Pdf):
    document = pypdfium2.PdfDocument(site_pdf / "manuel.pdf")
    try:
        partie = next(t for t in manuel.titres if t.titre == "Se connecter")
        page = document[partie.page + 1]
        textpage = page.get_textpage()
        largeur, hauteur = page.get_size()
        entete = normalise(textpage.get_text_bounded(0, hauteur - 16 * MM, largeur, hauteur))
        assert entete == "Se connecter"
        pied = textpage.search("Copie imprimée non contrôlée", match_case=True).get_next()
        assert pied
        taille = pypdfium2.raw.FPDFText_GetFontSize(textpage.raw, pied[0])
        assert taille >= 7.9
        # The family of the footer's font is the one most of the page is set in.
        familles = Counter(_famille(textpage, i) for i in range(textpage.count_chars()))
        assert _famille(textpage, pied[0]) == familles.most_common(1)[0][0]
        # The cover says it once, in its body.
        couverture = document[0].get_textpage().get_text_range()
        assert normalise(couverture).count("Copie imprimée non contrôlée") == 1
    finally:
        document.close()


def _famille(textpage: pypdfium2.PdfTextPage, index: int) -> str:
    """The family of the font of a character: ``LiberationSans`` for ``ABCDEF+LiberationSans-Bold``."""
    tampon = ctypes.create_string_buffer(256)
    flags = ctypes.c_int(0)
    n = pypdfium2.raw.FPDFText_GetFontInfo(textpage.raw, index, tampon, 256, ctypes.byref(flags))
    return tampon.raw[: max(n - 1, 0)].decode().split("+")[-1].split("-")[0]


# --- pictures of the pages -----------------------------------------------------------------


def _png(pdf: Path, page: int, dossier: Path, nom: str) -> Path:
    sortie = dossier / nom
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "40",
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            pdf,
            sortie,
        ],
        check=True,
    )
    return sortie.with_suffix(".png")


def test_pages_render_with_nothing_outside_the_page(
    site_pdf: Path, manuel: Pdf, donnees_pdf, tmp_path: Path
):
    """The cover, the contents, a landscape page, a member page and each card render; no
    text lies outside its page box (PDFium's boxes of every character)."""
    reader = PdfReader(site_pdf / "manuel.pdf")
    paysage = next(i for i, p in enumerate(reader.pages) if p.mediabox.width > p.mediabox.height)
    noms = {m["nom"] for m in donnees_pdf["equipe"]["membres"]}
    membre = next(t for t in manuel.titres if t.titre in noms)  # the annex's first member
    rendus = [
        _png(site_pdf / "manuel.pdf", 1, tmp_path, "couverture"),
        _png(site_pdf / "manuel.pdf", 2, tmp_path, "sommaire"),
        _png(site_pdf / "manuel.pdf", paysage + 1, tmp_path, "paysage"),
        _png(site_pdf / "manuel.pdf", membre.page + 1, tmp_path, "membre"),
    ]
    for fiche in sorted(site_pdf.glob("fiche-*.pdf")):
        for numero in range(1, len(PdfReader(fiche).pages) + 1):
            rendus.append(_png(fiche, numero, tmp_path, f"{fiche.stem}-{numero}"))
    assert all(r.stat().st_size > 2000 for r in rendus)
    for pdf in [site_pdf / "manuel.pdf", *site_pdf.glob("fiche-*.pdf")]:
        document = pypdfium2.PdfDocument(pdf)
        try:
            for index, page in enumerate(document):
                largeur, hauteur = page.get_size()
                textpage = page.get_textpage()
                for i in range(textpage.count_rects()):
                    gauche, bas, droite, haut = textpage.get_rect(i)
                    assert gauche >= -1 and droite <= largeur + 1, (pdf.name, index + 1)
                    assert bas >= -1 and haut <= hauteur + 1, (pdf.name, index + 1)
        finally:
            document.close()
