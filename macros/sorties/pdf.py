"""The printable handbook (``site/manuel.pdf``) and the reflex cards (``site/fiche-<role>.pdf``).

mkdocs-print-site-plugin assembles every page of the navigation on ``/print_page/``
(plus the member pages, as an annex: see :mod:`macros.site.generated`). Chromium,
driven by Playwright, prints it with a tagged structure (so the PDF has ``/Lang``
and bookmarks that follow the headings) and the CSS page rules below: document
control in every page's footer, « Page X / Y » printed once, landscape pages for
wide tables.

The printing itself is :mod:`macros.sorties.imprimeur` (one Chromium for every PDF);
this module holds what it prints with: the pages as handed to Chromium, the print rules,
the finishing (the local server it prints from is :mod:`macros.sorties.serveur_local`). The same Chromium discovery as the tests is used
(:mod:`macros.sorties.navigateur`).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from markupsafe import Markup, escape

from macros.donnees.catalogue import PAGES
from macros.donnees.modele import Handbook
from macros.pages import ANCRE_FAIT, BANNIERE
from macros.sorties.liens_pdf import (
    ids_uniques,
    liens_imprimes,
    regions_uniques,
)
from macros.texte import date_fr, structurer_impression

__all__ = [
    "CSS_IMPRESSION",
    "ECRAN",
    "Chrono",
    "ImpressionEnCours",
    "PdfIndisponible",
    "ResultatPdf",
    "Tirage",
    "afficher_temps",
    "controle_document",
    "css_impression",
    "diffusion",
    "diffusion_pdf",
    "en_attente",
    "finir_sortie",
    "impression_en_cours",
    "page_imprimee",
    "relier_impression",
    "reprendre_pdf",
    "structurer_impression",
    "tirage_du_build",
    "travaux_pdf",
]

#: Where print-site puts the whole handbook.
PAGE_IMPRESSION = "print_page/"
NOM_PDF = "manuel.pdf"


def _css_string(text: str) -> str:
    """A CSS string literal for ``text`` (safe inside a <style> element)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + out.replace("<", "\\3C ").replace(">", "\\3E ") + '"'


def controle_document(hb: Handbook, site_url: str | None) -> dict[str, Markup]:
    """The cover's values, HTML-escaped (the cover template does not escape)."""
    m = hb.cabinet.manuel
    approbateur = next((x.nom for x in hb.equipe.membres if x.id == m.approbateur), m.approbateur)
    return {
        "cabinet": escape(hb.cabinet.cabinet.nom),
        "version": escape(m.version),
        "publication": escape(date_fr(m.date_publication)),
        "approbateur": escape(approbateur),
        "revue": escape(date_fr(m.prochaine_revue)),
        "impression": escape(date_fr(hb.aujourdhui)),
        "url": escape(site_url or ""),
        "banniere": escape(BANNIERE if hb.prive is not None else ""),
    }


#: Where the build writes :func:`css_impression`, linked from every page's head
#: (macros/theme/main.html): one file rather than the same rules inlined in each page.
CSS_IMPRESSION = "assets/impression.css"


#: The body's font family (Material's, with ``theme.font: false``): the page margins are
#: outside the document and would otherwise be set in the browser's default serif.
POLICE = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"

#: Typesetting of the print page and the reflex cards, with the page rules of
#: :func:`css_impression`: headings kept with what follows, no widows or orphans, the
#: page date kept with the page's end, the contents' leaders and numbers, part titles
#: that open their part instead of taking a page of their own.
_MISE_EN_PAGE = """
@media print {
  /* Material stretches the page to the window's height: on paper, the sheet's height plus
     a margin, which left a one-page card with a blank second page. */
  html, body { height: auto; min-height: 0; }
  .md-typeset p, .md-typeset li, .md-typeset dd, .md-typeset td, .md-typeset th,
  .md-typeset blockquote { orphans: 3; widows: 3; }
  .md-typeset h1, .md-typeset h2, .md-typeset h3, .md-typeset h4, .md-typeset h5,
  .md-typeset h6, .md-typeset dt, .md-typeset caption, .md-typeset .hb-sous-titre,
  .md-typeset .admonition-title, .md-typeset .hb-chapeau {
    break-after: avoid; break-inside: avoid;
  }
  .md-typeset h1 + *, .md-typeset h2 + *, .md-typeset h3 + *, .md-typeset h4 + *,
  .md-typeset dt + dd, .md-typeset .hb-sous-titre + * { break-before: avoid; }
  .md-typeset .hb-mise-a-jour { break-before: avoid; }
  .md-typeset tr, .md-typeset dt, .md-typeset .hb-paysage tr { break-inside: avoid; }
  /* A part's title opens its part: its first page follows on the same sheet. */
  #print-site-page section.print-page.md-section > h1 {
    text-align: left; padding: 0 0 0.25em; margin: 0 0 0.8em; font-size: 20pt;
    font-weight: 700; border-bottom: 2px solid #444; color: #000;
  }
  #print-site-page section.print-page.md-section > h1 + section.print-page {
    break-before: avoid; page-break-before: avoid;
  }
  /* Landscape tables: laid out at the landscape page's width (Chromium lays the whole
     document out at the portrait width). In the handbook, the whole page that holds one
     is printed landscape (macros/sorties/mise_en_page.py). */
  .hb-paysage { width: 265mm; max-width: none; }
  .hb-paysage table.hb-table { width: 100%; }
  /* Cells break long words at their soft hyphens, and only a word longer than the
     widest column allows is broken anywhere. Links too: Material gives them
     « word-break: break-word », which let a column shrink below a name (« Marchan|d »). */
  .md-typeset table th, .md-typeset table td, .md-typeset table code,
  .md-typeset table a {
    word-break: normal; overflow-wrap: break-word;
  }
  /* Soft hyphens (macros/texte/cesure.py) are for running text and tables. */
  .md-typeset h1, .md-typeset h2, .md-typeset h3, .md-typeset h4, .md-typeset h5,
  .md-typeset h6, #print-site-cover-page, #print-page-toc { hyphens: none; }
  /* The contents: dot leaders and page numbers (macros/sorties/mise_en_page.py). */
  #print-page-toc ul { padding: 0; margin: 0; }
  #print-page-toc li { margin: 0; padding: 0; list-style: none; }
  #print-page-toc a.md-nav__link {
    display: flex; align-items: baseline; margin: 0.15em 0; padding: 0;
    color: #000; text-decoration: none; font-size: 10pt;
  }
  #print-page-toc a.md-nav__link .md-ellipsis {
    flex: 0 1 auto; overflow: visible; white-space: normal; text-overflow: clip;
  }
  #print-page-toc .hb-sommaire-points {
    flex: 1 1 auto; min-width: 1.5em; margin: 0 0.4em; border-bottom: 1.5px dotted #555;
  }
  /* Three digits' box; the placeholder « 0123456789 » overflows it to the left until
     the number is written in its place (macros/sorties/mise_en_page.py). */
  #print-page-toc .hb-sommaire-page {
    flex: none; width: 1.8em; display: flex; justify-content: flex-end;
    white-space: nowrap; font-variant-numeric: tabular-nums;
  }
  #print-page-toc nav.md-nav > ul { padding-left: 1.4em; }
  #print-page-toc a.hb-sommaire-partie {
    font-weight: 700; font-size: 11pt; margin-top: 0.7em;
  }
  #print-site-page ul.toc-section-line-border { border-left: none; }
}
"""


def css_impression(hb: Handbook) -> Markup:
    """``@page`` rules with the document control in the footer of every printed page
    (except the cover, which shows it in its body), in the body's font; the
    typesetting rules of the print page and the reflex cards."""
    gauche = f"{hb.cabinet.cabinet.nom} — manuel version {hb.cabinet.manuel.version}"
    centre = "Copie imprimée non contrôlée — la version en ligne fait foi"
    if hb.prive is not None:
        centre = f"{BANNIERE} — {centre}"
    pied = f"font-family: {POLICE}; font-size: 8pt; color: #333; vertical-align: top;"
    # print-site's own @page rule prints « Page n » bottom-right and a chapter name
    # bottom-center: both are replaced here, so each number is printed once. The
    # document control is one line on the left (a centred box between two would be
    # squeezed to what is left beside the wider of them).
    return Markup(
        "@page {\n"
        "  size: A4 portrait;\n"
        "  margin: 16mm 14mm 18mm 14mm;\n"
        f"  @bottom-left {{ content: {_css_string(f'{gauche} · {centre}')}; {pied} width: 84%; }}\n"
        "  @bottom-center { content: none; }\n"
        '  @bottom-right { content: "Page " counter(page) " / " counter(pages);'
        f" {pied} width: 16%; text-align: right; }}\n"
        "}\n"
        "@page paysage { size: A4 landscape; margin: 14mm 16mm 16mm 16mm; }\n"
        # A reflex card has no running header: its sheet is given to its content.
        "@page fiche { margin: 11mm 12mm 16mm 12mm; }\n"
        "@media print { body:has(.hb-fiche-reflexe) { page: fiche; } }\n" + _MISE_EN_PAGE
    )


#: Key of the PDF's document information that records how it was built: ``/public`` or
#: ``/prive``. A PDF is only ever reused by a build of the same kind.
CLE_DIFFUSION = "/ManuelCarpimkoDiffusion"


def diffusion(hb: Handbook) -> str:
    """``prive`` for a private build (it read the private file), else ``public``."""
    return "prive" if hb.prive is not None else "public"


def marquer_diffusion(chemin: Path, valeur: str) -> None:
    """Record ``valeur`` (``public`` or ``prive``) in the PDF, as an incremental update.

    The PDFs the build prints get their mark from :func:`macros.sorties.pdf_ua.finir_pdf`,
    in the same save as their PDF/UA finishing; this is for any other PDF (and for a
    printed one pikepdf could not finish).

    The update appends a few hundred bytes; the printed pages, the tags and the
    bookmarks are left as Chromium wrote them. Chromium writes a classic cross-reference
    table: the update is then written here (the document information dictionary again,
    with the mark, one cross-reference entry and a trailer pointing at the previous one),
    some twenty times faster than pypdf's incremental writer, which reads every object
    of the file first (1.2 s for the example's handbook). Any other PDF goes through pypdf.
    """
    if not _marquer_a_la_suite(chemin, valeur):
        from pypdf import PdfWriter
        from pypdf.generic import NameObject

        writer = PdfWriter(chemin, incremental=True)
        writer.add_metadata({CLE_DIFFUSION: NameObject("/" + valeur)})
        writer.write(chemin)


_FIN = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def _marquer_a_la_suite(chemin: Path, valeur: str) -> bool:
    """Append the mark as a hand-written incremental update; False if the PDF is not the
    kind Chromium writes (a classic cross-reference table, an information dictionary)."""
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject

    data = chemin.read_bytes()
    fin = _FIN.search(data[-64:])
    if fin is None:
        return False
    precedente = int(fin.group(1))
    try:
        reader = PdfReader(BytesIO(data))
        trailer = reader.trailer
        ref = trailer.raw_get("/Info") if "/Info" in trailer else None
        if not isinstance(ref, IndirectObject) or data[precedente : precedente + 4] != b"xref":
            return False
        info = DictionaryObject(ref.get_object())
    except (PyPdfError, KeyError, ValueError, TypeError):
        return False
    info[NameObject(CLE_DIFFUSION)] = NameObject("/" + valeur)
    nouveau_trailer = DictionaryObject(trailer)
    nouveau_trailer[NameObject("/Prev")] = NumberObject(precedente)
    # A hybrid file's cross-reference stream belongs to the section it was written in.
    nouveau_trailer.pop(NameObject("/XRefStm"), None)
    corps, texte_trailer = BytesIO(), BytesIO()
    info.write_to_stream(corps)
    nouveau_trailer.write_to_stream(texte_trailer)
    debut = len(data) + (0 if data.endswith(b"\n") else 1)
    objet = f"{ref.idnum} {ref.generation} obj\n".encode() + corps.getvalue() + b"\nendobj\n"
    table = f"xref\n{ref.idnum} 1\n{debut:010d} {ref.generation:05d} n \n".encode()
    with chemin.open("ab") as f:
        if not data.endswith(b"\n"):
            f.write(b"\n")
        f.write(objet)
        f.write(table + b"trailer\n" + texte_trailer.getvalue())
        f.write(f"\nstartxref\n{debut + len(objet)}\n%%EOF\n".encode())
    return True


def diffusion_pdf(chemin: Path) -> str | None:
    """How the PDF at ``chemin`` was built (``public``, ``prive``), or ``None`` if unknown."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        valeur = (PdfReader(chemin).metadata or {}).get(CLE_DIFFUSION)
    except (OSError, PyPdfError):
        return None
    return str(valeur).lstrip("/") if valeur is not None else None


class PdfIndisponible(Exception):
    """Raised when no Chromium can print the PDF (the message is French)."""


@dataclass(frozen=True)
class ResultatPdf:
    """A printed PDF and what it cost."""

    chemin: Path
    pages: int
    octets: int
    secondes: float


class ImpressionEnCours(Protocol):
    """The printer of the build running in this process (:class:`macros.sorties.imprimeur.Imprimeur`,
    or :class:`macros.sorties.imprimeur_a_part.ImprimeurAPart` for one in a process of its
    own), as the build's hooks see it: they tell it when the pages to print are written."""

    def commencer(self, tirage: Tirage) -> None: ...

    def page_ecrite(self) -> None: ...


_IMPRESSIONS: list[ImpressionEnCours] = []


def impression_en_cours() -> ImpressionEnCours | None:
    """The printer waiting for this process's build (``python -m macros build`` starts one
    before it builds the site), or ``None``: a build without PDF, ``mkdocs serve``."""
    return _IMPRESSIONS[-1] if _IMPRESSIONS else None


@contextmanager
def en_attente(impression: ImpressionEnCours) -> Iterator[None]:
    """Make ``impression`` the printer of the build run inside the ``with``."""
    _IMPRESSIONS.append(impression)
    try:
        yield
    finally:
        _IMPRESSIONS.remove(impression)


class Chrono:
    """Where the PDF step's time goes: named phases, their start and end.

    Times are counted from the chrono's creation (:class:`macros.sorties.imprimeur.Imprimeur` creates it when it
    starts Chromium, before the site is built). Printed after the PDFs when
    ``HANDBOOK_PDF_TEMPS=1`` (the bench sets it): one French line per phase.
    """

    def __init__(self) -> None:
        self.debut = time.perf_counter()
        self.phases: list[tuple[str, float, float]] = []
        self._verrou = threading.Lock()

    @contextmanager
    def phase(self, nom: str) -> Iterator[None]:
        """Time the block as the phase ``nom``."""
        debut = time.perf_counter()
        try:
            yield
        finally:
            self.noter(nom, debut, time.perf_counter())

    def noter(self, nom: str, debut: float, fin: float) -> None:
        """Record the phase ``nom`` from ``debut`` to ``fin`` (``time.perf_counter()``)."""
        with self._verrou:
            self.phases.append((nom, debut - self.debut, fin - self.debut))

    def lignes(self) -> list[str]:
        """One French line per phase, in order of start: duration, start → end."""
        return [
            f"  {nom:<40} {fin - debut:5.2f} s  ({debut:5.2f} → {fin:5.2f})"
            for nom, debut, fin in sorted(self.phases, key=lambda x: x[1])
        ]


#: ``HANDBOOK_PDF_TEMPS=1``: print where the PDF step's time went (:class:`Chrono`).
VARIABLE_TEMPS = "HANDBOOK_PDF_TEMPS"


def afficher_temps(lignes: list[str]) -> None:
    """Print the PDF step's timeline (:meth:`Chrono.lignes`) when ``HANDBOOK_PDF_TEMPS=1``."""
    if os.environ.get(VARIABLE_TEMPS, "").strip() == "1":
        print("PDF, où va le temps (secondes depuis le lancement de Chromium) :")
        print("\n".join(lignes))


#: What Material loads for the screen, none of which is printed: its search (the worker,
#: the index and the stemmers) and its application bundle (0.13 s of each handbook load,
#: measured alone; what it changes on paper, the wrapper of Markdown tables, is done by
#: :func:`_tableaux_comme_material`).
ECRAN = re.compile(
    r"/(?:search/search_index\.json"
    r"|assets/javascripts/(?:workers/search|lunr/|bundle\.[0-9a-f]+\.min\.js))"
)
#: A table without a class (Markdown's), with its content: Material's script wraps each.
_TABLE_NUE = re.compile(r"<table(?![^>]*\sclass=)([^>]*)>(.*?)</table>", re.S)


def _tableaux_comme_material(html: str) -> str:
    """Wrap each table without a class as Material's script does on screen
    (``table:not([class])`` in two ``div``), since the script is not loaded for printing:
    the wrapper's styles set the table's width."""
    return _TABLE_NUE.sub(
        r'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        r"<table\1>\2</table></div></div>",
        html,
    )


def _fichier_de(site: Path, chemin: str) -> Path:
    return site / chemin / "index.html" if chemin.endswith("/") or not chemin else site / chemin


def page_imprimee(site: Path, chemin: str, site_url: str | None) -> str:
    """The HTML Chromium is handed for the page at ``chemin``: its links made printable
    (:func:`macros.sorties.liens_pdf.liens_imprimes`), its Markdown tables wrapped as on
    screen (:func:`_tableaux_comme_material`) and French soft hyphens in its words
    (:func:`macros.texte.cesure.cesure_html`, which Chromium lacks); the site keeps its own."""
    from macros.texte.cesure import cesure_html

    texte = _fichier_de(site, chemin).read_text(encoding="utf-8")
    texte = liens_imprimes(texte, chemin, site_url, manuel=chemin == PAGE_IMPRESSION)
    return cesure_html(_tableaux_comme_material(texte))


def finir_sortie(
    sortie: Path,
    pdf: bytes,
    mode: str,
    auteur: str,
    sommaire: list[int | None] | None = None,
    ouvrier: Executor | None = None,
    numeros_ecrits: Callable[[], None] | None = None,
) -> int | None:
    """Write ``pdf`` to ``sortie`` and finish it (PDF/UA, the contents' page numbers when
    ``sommaire`` is given, the build's mark, in the same save; ``ouvrier``: the worker
    process of :func:`macros.sorties.pdf_ua.ouvrier_de_finition`); return its number of
    pages, or ``None`` when the contents' numbers could not be written in the PDF (the page
    must then be printed again with its numbers).

    ``numeros_ecrits`` is called as soon as the numbers are written: from then on, the page
    is not printed again. If the rest of the finishing then fails, the PDF gets its numbers
    without the finishing, as it gets no finishing when ``sommaire`` is not given."""
    from macros.sorties.mise_en_page import SommaireIntrouvable
    from macros.sorties.pdf_ua import FinitionImpossible, finir_pdf

    ecrits: list[bool] = []

    def noter() -> None:
        ecrits.append(True)
        if numeros_ecrits is not None:
            numeros_ecrits()

    sortie.write_bytes(pdf)
    try:
        return finir_pdf(
            sortie,
            titre=None,
            auteur=auteur,
            marque=(CLE_DIFFUSION, mode),
            sommaire=sommaire,
            ouvrier=ouvrier,
            numeros_ecrits=noter,
        ).pages
    except SommaireIntrouvable:
        return None
    except FinitionImpossible as err:
        if sommaire is not None:
            if not ecrits:
                return None
            try:
                _numeros_seuls(sortie, pdf, sommaire)
            except Exception:  # written a moment ago, not now: printed again
                return None
        from pypdf import PdfReader

        print(f"PDF : {sortie.name} sans finition d'accessibilité ({err}).", file=sys.stderr)
        marquer_diffusion(sortie, mode)
        return len(PdfReader(sortie).pages)


def _numeros_seuls(sortie: Path, pdf: bytes, sommaire: list[int | None]) -> None:
    """Write ``pdf`` to ``sortie`` with the contents' numbers in place of their placeholders,
    and nothing else of the finishing."""
    from io import BytesIO

    import pikepdf

    from macros.sorties.mise_en_page import ecrire_numeros

    with pikepdf.open(BytesIO(pdf)) as document:
        ecrire_numeros(document, sommaire)
        document.save(sortie)


def travaux_pdf(hb: Handbook, dossier: Path) -> list[tuple[str, Path]]:
    """The pages to print and their PDF files: the handbook, then one card per role."""
    from macros.pages.roles import nom_fiche

    out = [(PAGE_IMPRESSION, dossier / NOM_PDF)]
    out += [(f"roles/{r.id}/", dossier / nom_fiche(r.id)) for r in hb.roles.roles]
    return out


@dataclass(frozen=True)
class Tirage:
    """A print run: each ``(page path, output PDF)`` of the built ``site``, the build's
    ``mode`` (:func:`diffusion`: ``public`` or ``prive``) recorded in each PDF, the
    published site's address its links lead to (``None``: the one the site was built for,
    :func:`macros.sorties.liens_pdf.site_publie`) and the PDFs' author (the practice)."""

    site: Path
    travaux: tuple[tuple[str, Path], ...]
    mode: str
    site_url: str | None = None
    auteur: str = ""


def tirage_du_build(hb: Handbook, site: Path) -> Tirage:
    """What a build of ``hb`` into ``site`` prints (:func:`travaux_pdf`), in its mode, by
    its practice."""
    return Tirage(site, tuple(travaux_pdf(hb, site)), diffusion(hb), auteur=hb.cabinet.cabinet.nom)


_LIEN_ROLE = re.compile(r'href="#roles-([a-z0-9-]+)"')
_LIEN_MEMBRE = re.compile(r'href="#equipe-([a-z0-9-]+)"')
_REFERENCES = re.compile(r'(aria-(?:labelledby|describedby))="([^"]*)"')
#: A link to a fact's entry on « À propos », as print-site rewrites it (``#a-propos-fait-…``).
_LIEN_FAIT = re.compile(
    rf'href="#{PAGES["a-propos"].removesuffix(".md")}-({ANCRE_FAIT}[a-z0-9-]+)"'
)


def relier_impression(html: str) -> str:
    """Make the print page's links and ARIA references point at ids that exist in it.

    print-site gives every heading id the prefix of its page (``entree-titulaire`` of
    the home page becomes ``index-entree-titulaire``) and turns a link to another page
    into an anchor of the print page (``roles/titulaire/`` becomes ``#roles-titulaire``).

    * The role pages are not printed (each has its reflex card, ``fiche-<role>.pdf``):
      their links go to the role's section of the roles page (``#roles-role-titulaire``)
      instead of nowhere.
    * Member pages are not printed when the team is too large for an annex
      (:data:`macros.site.generated.ANNEXE_MAX`): their links go to the member's row of the
      team table (``#ligne-<id>``; print-site leaves the ids of raw HTML as they are).
    * A fact's entry on « À propos » keeps its id (``fait-<id>``, raw HTML): the links that
      print-site made ``#a-propos-fait-<id>`` go to it.
    * ``aria-labelledby`` and ``aria-describedby`` are not rewritten by print-site: an id
      that no longer exists is replaced by the only prefixed id that ends with it.
    * Every id is unique: a page that repeats another's raw HTML gets its own prefix on
      the repeated ids (:func:`macros.sorties.liens_pdf.ids_uniques`), and every
      labelled region has its own name (:func:`macros.sorties.liens_pdf.regions_uniques`).

    Checked by tests/e2e/test_liens.py, tests/e2e/test_sources.py and
    tests/e2e/test_accessibilite.py.
    """
    html = regions_uniques(ids_uniques(html))
    ids = set(re.findall(r"\bid=[\"']([^\"']+)[\"']", html))

    def role(match: re.Match[str]) -> str:
        page, section = f"roles-{match.group(1)}", f"roles-role-{match.group(1)}"
        return f'href="#{section}"' if page not in ids and section in ids else match.group()

    def membre(match: re.Match[str]) -> str:
        cible = match.group(1)
        if f"equipe-{cible}" in ids:
            return match.group()
        # A member page, or a section of it (``<id>-<section>``), that is not printed:
        # the member's row of the team table.
        parts = cible.split("-")
        for n in range(len(parts), 0, -1):
            ligne = "ligne-" + "-".join(parts[:n])
            if ligne in ids:
                return f'href="#{ligne}"'
        return match.group()

    def fait(match: re.Match[str]) -> str:
        return f'href="#{match.group(1)}"' if match.group(1) in ids else match.group()

    # Each id by every end of it that follows a hyphen (« a-b-c »: « b-c », « c »), built
    # once: looking an unknown reference up among all the ids cost 0.1 ms a reference.
    par_fin: dict[str, list[str]] = {}
    for i in ids:
        debut = i.find("-")
        while debut >= 0:
            par_fin.setdefault(i[debut + 1 :], []).append(i)
            debut = i.find("-", debut + 1)

    def reference(match: re.Match[str]) -> str:
        tokens = []
        for token in match.group(2).split():
            candidates = par_fin.get(token, [])
            tokens.append(candidates[0] if token not in ids and len(candidates) == 1 else token)
        return f'{match.group(1)}="{" ".join(tokens)}"'

    html = _LIEN_FAIT.sub(fait, _LIEN_MEMBRE.sub(membre, _LIEN_ROLE.sub(role, html)))
    return _REFERENCES.sub(reference, html)


def reprendre_pdf(source: Path, site: Path, sorties: list[Path], mode: str) -> int:
    """Copy into ``site`` the PDFs of the last build in ``source`` printed in ``mode``.

    A PDF printed in the other mode (a private handbook while this build is public), or
    whose mode is unknown, is never copied: a public build must not serve a private PDF.
    When a private PDF is found in a public build, it is left out and said once.
    Returns the number of PDFs copied.
    """
    if source.resolve() == site.resolve():
        return 0
    copies, ecartes = 0, 0
    for sortie in sorties:
        ancien = source / sortie.name
        if not ancien.is_file():
            continue
        if diffusion_pdf(ancien) != mode:
            ecartes += 1
            continue
        shutil.copyfile(ancien, sortie)
        copies += 1
    if ecartes:
        print(
            f"PDF : {ecartes} PDF du dernier « make site » non repris (imprimés pour un build "
            f"{'privé' if mode == 'public' else 'public'} ou d'origine inconnue) ; "
            "lancez « make site » pour les réimprimer.",
            file=sys.stderr,
        )
    return copies
