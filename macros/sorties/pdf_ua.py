"""Finish a PDF printed by Chromium so that it passes PDF/UA-1's machine-checkable rules.

Chromium's tagged PDF (``page.pdf(tagged=True)``, Skia) has a structure tree, ``/Lang``,
``/DisplayDocTitle`` and alternative text for images and ``role="img"`` SVGs, but measured
on Chromium 156 it leaves out, and :func:`finir_pdf` adds, in one pikepdf save:

* **Artifacts.** The ``@page`` margin boxes (the footer: document control, « Page X / Y »),
  the page background, CSS generated text (the ``☐`` of a card's checklists, the « Fiche
  réflexe — » before a card's title) and images with ``alt=""`` are painted outside any
  marked-content sequence: neither tagged nor artifact. Playwright's
  ``display_header_footer`` templates are no better (measured: the same untagged text).
  Every painting operator left at marked-content depth 0 is wrapped in
  ``/Artifact BMC … EMC``.
* **Figures.** An HTML ``<figure>`` becomes a ``/Figure`` structure element with no
  alternative text, around the image (which has its own) and its caption. A ``/Figure``
  that only groups other structure elements is retagged ``/Div``; a ``/Figure`` that marks
  content itself is left alone, so a real image without alternative text is still reported.
* **Link descriptions.** No link annotation has ``/Contents``: each gets its link's text,
  read from the marked content its ``/Link`` structure element owns (the glyphs decoded with
  the fonts' ``ToUnicode`` maps), or else its address.
* **Metadata.** XMP with ``dc:title``, ``dc:creator`` (the practice), ``dc:language`` and
  ``pdfuaid:part`` 1; ``/Author`` and the title in the information dictionary;
  ``/DisplayDocTitle`` true; and the build's mark (``macros.sorties.pdf.CLE_DIFFUSION``).

The content streams are not parsed operator by operator (pikepdf's parser takes 0.6 s for
the example's 110-page handbook): Skia writes one hex string per glyph run and no literal
string or inline image, so a scan of the marked-content and text-object operators with
regular expressions finds the same boundaries in a fraction of that time. A stream with an
inline image (``BI``), where binary data could look like an operator, is left as it is.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from macros.sorties.flux_pdf import (
    HEX,
    NOM,
    NOMBRE,
    POLICE,
    Polices,
    dernier,
    ecrire_contenu,
    lire_contenu,
    lire_police,
)

if TYPE_CHECKING:
    import pikepdf

__all__ = ["FinitionImpossible", "FinitionPdf", "finir_pdf", "ouvrier_de_finition"]

#: The operators that bound marked content and text objects. A match counts only when
#: preceded by a delimiter (:data:`_AVANT`): ``BDC`` can also be digits of a hex string.
_MARQUEUR = re.compile(rb"(BDC|BMC|EMC|BT|ET)(?=[\s\[</]|$)")
_AVANT = frozenset(b" \t\r\n>]")
#: Operators that paint something.
_PEINTURE = re.compile(rb"(?<![^\s>\]])(?:Tj|TJ|'|\"|Do|f\*?|F|S|s|B\*?|b\*?|sh)(?=\s|$)")
_IMAGE_EN_LIGNE = re.compile(rb"(?<![^\s])BI(?=\s)")
_MCID = re.compile(rb"/MCID\s+(\d+)")
_TEXTE = re.compile(
    rb"(?P<police>" + NOM + rb")\s+" + NOMBRE + rb"\s+Tf"
    rb"|(?:" + NOMBRE + rb"\s+){5}(?P<y>" + NOMBRE + rb")\s+Tm"
    rb"|" + NOMBRE + rb"\s+(?P<ty>" + NOMBRE + rb")\s+T[dD]"
    rb"|<(?P<hex>[0-9A-Fa-f\s]*)>\s*Tj"
    rb"|\[(?P<tableau>[^\]]*)\]\s*TJ"
)
_LIGNE = re.compile(rb"(?:" + NOMBRE + rb"\s+){5}(" + NOMBRE + rb")\s+Tm\Z")
_ARTEFACT_DEBUT = b"\n/Artifact BMC\n"
_ARTEFACT_FIN = b"\nEMC\n"


class FinitionImpossible(Exception):
    """The PDF could not be read or written by pikepdf; the file is left as it was."""


@dataclass(frozen=True)
class FinitionPdf:
    """What :func:`finir_pdf` did to one PDF."""

    pages: int
    artefacts: int
    """Marked-content sequences added around unmarked painting."""
    liens: int
    """Link annotations given a description."""
    figures: int
    """Grouping ``/Figure`` elements retagged ``/Div``."""


def finir_pdf(
    chemin: Path,
    *,
    titre: str | None,
    auteur: str,
    marque: tuple[str, str],
    sommaire: Sequence[int | None] | None = None,
    ouvrier: Executor | None = None,
    numeros_ecrits: Callable[[], None] | None = None,
) -> FinitionPdf:
    """Rewrite the PDF at ``chemin`` in place, with the additions of the module docstring.

    Args:
        chemin: a PDF printed by Chromium with ``tagged=True``.
        titre: the document's title; ``None`` keeps Chromium's (the page's ``<title>``),
            with Material's « - » between page and site made a dash like the rest.
        auteur: ``/Author`` and ``dc:creator``: the practice's name.
        marque: an extra ``(key, name)`` of the information dictionary, such as the build's
            mode (``("/ManuelCarpimkoDiffusion", "public")``).
        sommaire: the page numbers of the contents' entries, written in place of their
            placeholders first (:func:`macros.sorties.mise_en_page.ecrire_numeros`), so that
            the links' descriptions read them.
        ouvrier: a worker process (:func:`ouvrier_de_finition`) that scans the second half
            of a long document's pages while this process scans the first; the result is
            the same, byte for byte.
        numeros_ecrits: called once ``sommaire`` is written in place of its placeholders
            (the printer then closes its browser: the page will not be printed again).

    Raises:
        FinitionImpossible: when pikepdf cannot read the file or an object is not what
            Chromium writes; nothing has been written then.
        SommaireIntrouvable: when ``sommaire`` is given and its placeholders are not
            found; nothing has been written then.
    """
    import pikepdf

    fichier = chemin.read_bytes()
    try:
        with pikepdf.open(BytesIO(fichier)) as pdf:
            if sommaire is not None:
                from macros.sorties.mise_en_page import ecrire_numeros

                ecrire_numeros(pdf, sommaire)
                if numeros_ecrits is not None:
                    numeros_ecrits()
            recherches = _liens(pdf)
            polices: Polices = {}
            textes: dict[int, list[_Morceau]] = {}
            artefacts = 0
            feuilles = list(pdf.pages)
            # The last pages of a long document are scanned by the worker process, if there
            # is one, while this one tags the figures, writes the metadata (the first new
            # object makes QPDF resolve the whole file: 0.07–0.1 s for the handbook) and
            # scans the first pages.
            moitie = (
                len(feuilles) - round(len(feuilles) * _PART_DE_L_OUVRIER)
                if ouvrier is not None and len(feuilles) >= _PAGES_PARTAGEES
                else len(feuilles)
            )
            lots = [_lot(page, recherches, polices) for page in feuilles[moitie:]]
            ailleurs = _confier(ouvrier, lots)
            figures = _regrouper_figures(pdf, fichier)
            _metadonnees(pdf, titre, auteur, marque)
            # Each rewritten content stream is compressed in a worker thread while the next
            # page is read (zlib lets go of the GIL), and the save copies it as it is:
            # the handbook's finishing went from 0.52 to 0.49 s (medians of 9).
            with ThreadPoolExecutor(max_workers=2) as compression:
                ecritures = []
                resultats: list[tuple[int, Future[bytes] | bytes | None, list[_Lien]]] = []
                for page in feuilles[:moitie]:
                    data, voulus, polices_page = _lot(page, recherches, polices)
                    ajouts, contenu, morceaux = _finir_flux(data, voulus, polices_page)
                    comprime = (
                        None if contenu is None else compression.submit(zlib.compress, contenu)
                    )
                    resultats.append((ajouts, comprime, morceaux))
                if lots:
                    resultats += _resultats(ailleurs, lots)
                for page, (ajouts, comprime, morceaux) in zip(feuilles, resultats, strict=True):
                    artefacts += ajouts
                    for lien, morceau in morceaux:
                        textes.setdefault(lien, []).append(morceau)
                    if comprime is not None:
                        ecritures.append((page, comprime))
                liens = _decrire_liens(recherches, textes)
                for page, comprime in ecritures:
                    donnees = comprime if isinstance(comprime, bytes) else comprime.result()
                    ecrire_contenu(pdf, page, donnees, comprime=True)
            pages = len(pdf.pages)
            sortie = BytesIO()
            # Object streams: the structure tree, the annotations and the other small objects
            # (13,000 in the example's handbook) packed and compressed, 2.8 → 1.2 MB.
            pdf.save(sortie, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    except (pikepdf.PdfError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise FinitionImpossible(f"{type(err).__name__} : {err}") from err
    chemin.write_bytes(sortie.getvalue())
    return FinitionPdf(pages, artefacts, liens, figures)


@dataclass
class _Liens:
    annotations: list[pikepdf.Dictionary]
    """Link annotations, in page order."""
    elements: list[int | None]
    """For each annotation, the index of its ``/Link`` structure element (a link broken
    across two lines has two annotations and one element), or ``None``."""
    mcids: dict[tuple[int, int], dict[int, int]]
    """Page (object, generation) → MCID → index of the element that owns the content."""
    adresses: list[str]


def _liens(pdf: pikepdf.Pdf) -> _Liens:
    """Each link annotation and the marked content of its ``/Link`` structure element."""
    import pikepdf

    racine = pdf.Root.get("/StructTreeRoot")
    arbre = None
    if isinstance(racine, pikepdf.Dictionary) and "/ParentTree" in racine:
        arbre = pikepdf.NumberTree(racine.ParentTree)
    resultat = _Liens([], [], {}, [])
    indices: dict[tuple[int, int], int] = {}
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if (
                not isinstance(annotation, pikepdf.Dictionary)
                or annotation.get("/Subtype") != "/Link"
            ):
                continue
            resultat.annotations.append(annotation)
            resultat.adresses.append(_adresse(annotation))
            parent = annotation.get("/StructParent")
            element = arbre.get(int(parent)) if arbre is not None and parent is not None else None
            if not isinstance(element, pikepdf.Dictionary) or not element.is_indirect:
                resultat.elements.append(None)
                continue
            if element.objgen not in indices:
                indices[element.objgen] = index = len(indices)
                for page_mcid, mcid in _contenus(element, element.get("/Pg"), 0):
                    resultat.mcids.setdefault(page_mcid, {})[mcid] = index
            resultat.elements.append(indices[element.objgen])
    return resultat


def _contenus(
    element: pikepdf.Object, page: pikepdf.Object | None, profondeur: int
) -> list[tuple[tuple[int, int], int]]:
    """The (page, MCID) pairs of the content ``element`` and its descendants mark."""
    import pikepdf

    if profondeur > 32:
        return []
    kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
    if kids is None:
        return []
    out: list[tuple[tuple[int, int], int]] = []
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int) and page is not None:
            out.append((page.objgen, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/OBJR":
                continue
            if kid.get("/Type") == "/MCR":
                pg = kid.get("/Pg", page)
                if pg is not None and "/MCID" in kid:
                    out.append((pg.objgen, int(kid.MCID)))
            else:
                out += _contenus(kid, kid.get("/Pg", page), profondeur + 1)
    return out


def _adresse(annotation: pikepdf.Dictionary) -> str:
    """Where a link leads, in words, for a link whose text cannot be read."""
    action = annotation.get("/A")
    if action is not None and "/URI" in action:
        uri = str(action.URI)
        return uri.removeprefix("mailto:")
    return "Renvoi vers une autre partie du document"


#: From how many pages a document's scan is shared with the worker process (the cards,
#: one or two pages, are not worth sending).
_PAGES_PARTAGEES = 8
#: The worker's share of the pages: this process has the figures and the metadata to do
#: meanwhile, and the worker its half to receive and compress.
_PART_DE_L_OUVRIER = 0.5

#: A link's index (in :class:`_Liens`) and a piece of its text.
_Lien = tuple[int, "_Morceau"]
#: A page's fonts: resource name → code width and code → text map.
_PolicesPage = dict[bytes, tuple[int, dict[int, str]]]
#: What the scan of one page needs: its content, the MCIDs whose text is wanted (→ their
#: link), and its fonts.
_Lot = tuple[bytes | None, dict[int, int], _PolicesPage]
#: What the scan of one page gives: the artifacts added, its new content (compressed, from
#: the worker) or ``None`` when unchanged, its links' pieces of text.
_Scan = tuple[int, bytes | None, list[_Lien]]


def _lot(page: pikepdf.Page, liens: _Liens, polices: Polices) -> _Lot:
    """What :func:`_finir_flux` needs of ``page``, read from the PDF (the fonts only when
    a link's text is on the page)."""
    voulus = liens.mcids.get(page.obj.objgen, {})
    polices_page: _PolicesPage = {}
    if voulus:
        ressources = page.obj.get("/Resources")
        fontes = ressources.get("/Font") if ressources is not None else None
        for nom in fontes.keys() if fontes is not None else ():
            cle = nom.encode("latin-1")
            polices_page[cle] = lire_police(page, cle, polices)
    return lire_contenu(page), voulus, polices_page


def ouvrier_de_finition() -> Executor | None:
    """A worker process for :func:`finir_pdf`, forked now; ``None`` where that is not safe
    (:func:`macros.sorties.fourche.fourche_sure`).

    It is forked before the browser's thread starts; the caller shuts it down. The scan of
    the handbook's content streams (0.22 s) is then shared between two cores, while this
    process also writes the metadata: the example's finishing went from 0.48 to about
    0.35 s.
    """
    from macros.sorties.fourche import fourche_sure, signaux_d_un_enfant

    if not fourche_sure():
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    executeur = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=signaux_d_un_enfant,
    )
    # Submitting forks the worker now, while this process still has one thread.
    try:
        executeur.submit(int)
    except (OSError, RuntimeError):  # no fork (no memory, a process limit): no worker
        executeur.shutdown(wait=False)
        return None
    return executeur


def _finir_flux_comprimes(lots: list[_Lot]) -> list[_Scan]:
    """:func:`_finir_flux` of each page, its new content compressed (in the worker)."""
    out: list[_Scan] = []
    for lot in lots:
        ajouts, contenu, morceaux = _finir_flux(*lot)
        out.append((ajouts, None if contenu is None else zlib.compress(contenu), morceaux))
    return out


def _confier(ouvrier: Executor | None, lots: list[_Lot]) -> Future[list[_Scan]] | None:
    """Hand ``lots`` to the worker process, if there is one and it still takes work."""
    if ouvrier is None or not lots:
        return None
    try:
        return ouvrier.submit(_finir_flux_comprimes, lots)
    except RuntimeError:  # a worker pool that is broken or shut down
        return None


def _resultats(ailleurs: Future[list[_Scan]] | None, lots: list[_Lot]) -> list[_Scan]:
    """The worker's results for ``lots``; computed here if there is no worker or it failed
    (a worker killed, a result that would not come back)."""
    if ailleurs is not None:
        try:
            return ailleurs.result(timeout=60)
        except Exception:  # the same work, done here: the worker is only a way to be faster
            pass
    return _finir_flux_comprimes(lots)


def _finir_flux(
    data: bytes | None,
    voulus: dict[int, int],
    polices: _PolicesPage,
) -> _Scan:
    """Wrap a page's unmarked painting as artifacts; read the text of the MCIDs in
    ``voulus`` (for their link). Returns the number of artifacts added, the page's new
    content (``None`` when it is unchanged) and the links' pieces of text, in order."""
    if data is None or _IMAGE_EN_LIGNE.search(data):
        return 0, None, []
    morceaux: list[bytes] = []
    textes: list[_Lien] = []
    copie = 0  # data[:copie] is in morceaux
    fin_precedent = 0
    pile: list[tuple[int | None, int]] = []  # (MCID, where its content starts)
    ajouts = 0
    for m in _MARQUEUR.finditer(data):
        debut = m.start()
        if debut and data[debut - 1] not in _AVANT:
            continue
        op = m.group(1)
        mcid = None
        if op == b"BDC":
            # The operands end just before: a flat dictionary (its « << » is the last one
            # before it) or a name, after the tag.
            if data[debut - 3 : debut].rstrip().endswith(b">>"):
                ouvre = data.rfind(b"<<", fin_precedent, debut)
                if ouvre < 0:
                    continue
                n = _MCID.search(data, ouvre, debut)
                mcid = int(n.group(1)) if n else None
                debut = data.rfind(b"/", fin_precedent, ouvre)
            else:
                debut = data.rfind(b"/", fin_precedent, data.rfind(b"/", fin_precedent, debut))
        elif op == b"BMC":
            debut = data.rfind(b"/", fin_precedent, debut)
        if debut < 0:
            continue
        if not pile and _PEINTURE.search(data, fin_precedent, debut):
            morceaux += [
                data[copie:fin_precedent],
                _ARTEFACT_DEBUT,
                data[fin_precedent:debut],
                _ARTEFACT_FIN,
            ]
            copie = debut
            ajouts += 1
        if op in (b"BDC", b"BMC"):
            pile.append((mcid, m.end()))
        elif op == b"EMC" and pile:
            mcid, depuis = pile.pop()
            if mcid is not None and mcid in voulus:
                textes.append((voulus[mcid], _decoder(data, depuis, debut, polices)))
        fin_precedent = m.end()
    if not pile and _PEINTURE.search(data, fin_precedent):
        morceaux += [
            data[copie:fin_precedent],
            _ARTEFACT_DEBUT,
            data[fin_precedent:],
            _ARTEFACT_FIN,
        ]
        copie = len(data)
        ajouts += 1
    if not ajouts:
        return 0, None, textes
    morceaux.append(data[copie:])
    return ajouts, b"".join(morceaux), textes


#: A font the page does not have: two-byte codes, no text.
_SANS_POLICE: tuple[int, dict[int, str]] = (2, {})


def _decoder(data: bytes, debut: int, fin: int, polices: _PolicesPage) -> _Morceau:
    """The text shown between ``debut`` and ``fin`` of the page's content, with a space
    wherever it goes on to another line (the space where a line was broken is not drawn)."""
    # The font and the line in use where the content starts: the last ones set before it.
    police = polices.get(dernier(data, debut, b"Tf", POLICE) or b"", _SANS_POLICE)
    y = dernier(data, debut, b"Tm", _LIGNE)
    premiere = y
    out: list[str] = []
    for nom, ligne, saut, hexa, tableau in _TEXTE.findall(data, debut, fin):
        if nom:
            police = polices.get(nom, _SANS_POLICE)
        elif ligne:
            if y is not None and ligne != y and out and not out[-1].endswith(" "):
                out.append(" ")
            y = ligne
        elif saut:
            if float(saut) != 0 and out and not out[-1].endswith(" "):
                out.append(" ")
        else:
            largeur, table = police
            for chaine in [hexa] if not tableau else HEX.findall(tableau):
                octets = bytes.fromhex(chaine.decode("ascii"))
                out += [
                    table.get(int.from_bytes(octets[i : i + largeur], "big"), "")
                    for i in range(0, len(octets), largeur)
                ]
    return _Morceau("".join(out), premiere, y)


@dataclass(frozen=True)
class _Morceau:
    """The text of one marked-content sequence, and the lines it starts and ends on."""

    texte: str
    debut: bytes | None
    fin: bytes | None


def _decrire_liens(liens: _Liens, textes: dict[int, list[_Morceau]]) -> int:
    """Give each link annotation a ``/Contents``: its text, or else its address."""
    import pikepdf

    for annotation, element, adresse in zip(
        liens.annotations, liens.elements, liens.adresses, strict=True
    ):
        morceaux = textes.get(element, []) if element is not None else []
        mots = [
            (" " if i and morceaux[i - 1].fin != m.debut else "") + m.texte
            for i, m in enumerate(morceaux)
        ]
        texte = " ".join("".join(mots).split())
        annotation.Contents = pikepdf.String(texte or adresse)
    return len(liens.annotations)


_OBJET = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")


def _regrouper_figures(pdf: pikepdf.Pdf, fichier: bytes) -> int:
    """Retag ``/Figure`` elements without alternative text that only group other elements
    (an HTML ``<figure>`` around an image and its caption) as ``/Div``.

    Walking the structure tree through pikepdf costs about 0.09 s for the example's
    handbook; Chromium writes each structure element as a plain object, so the ones that
    name ``/Figure`` are found in the file's bytes (``fichier``) instead. A file with object
    streams, where they could hide, is walked.
    """
    import pikepdf

    if b"/ObjStm" in fichier:
        figures = _figures_par_l_arbre(pdf)
    else:
        figures = []
        position = fichier.find(b"/Figure")
        while position >= 0:
            debut = fichier.rfind(b" obj", 0, position)
            entete = _OBJET.search(fichier, max(0, debut - 24), debut + 4) if debut >= 0 else None
            if entete is not None:
                objet = pdf.get_object(int(entete.group(1)), int(entete.group(2)))
                if isinstance(objet, pikepdf.Dictionary) and objet.get("/S") == "/Figure":
                    figures.append(objet)
            position = fichier.find(b"/Figure", position + 1)
    retouches = 0
    for figure in figures:
        if "/Alt" in figure or "/ActualText" in figure:
            continue
        kids = figure.get("/K")
        liste = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        if liste and all(isinstance(k, pikepdf.Dictionary) and "/S" in k for k in liste):
            figure.S = pikepdf.Name("/Div")
            retouches += 1
    return retouches


def _figures_par_l_arbre(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every ``/Figure`` element of the structure tree."""
    import pikepdf

    racine = pdf.Root.get("/StructTreeRoot")
    figures: list[pikepdf.Dictionary] = []
    pile = [racine.get("/K")] if isinstance(racine, pikepdf.Dictionary) else []
    vus: set[tuple[int, int]] = set()
    while pile:
        noeud = pile.pop()
        if isinstance(noeud, pikepdf.Array):
            pile.extend(noeud)
            continue
        if not isinstance(noeud, pikepdf.Dictionary) or "/S" not in noeud:
            continue
        if noeud.is_indirect:
            if noeud.objgen in vus:
                continue
            vus.add(noeud.objgen)
        if noeud.S == "/Figure":
            figures.append(noeud)
        if "/K" in noeud:
            pile.append(noeud.K)
    return figures


def _metadonnees(pdf: pikepdf.Pdf, titre: str | None, auteur: str, marque: tuple[str, str]) -> None:
    """XMP, the information dictionary and the viewer preferences."""
    import pikepdf

    info = pdf.docinfo
    if titre is None:
        titre = " ".join(str(info.get("/Title", "")).replace(" - ", " — ").split())
    langue = str(pdf.Root.get("/Lang", "fr"))
    info.Title = pikepdf.String(titre)
    info.Author = pikepdf.String(auteur)
    info[marque[0]] = pikepdf.Name("/" + marque[1])
    preferences = pdf.Root.get("/ViewerPreferences")
    if not isinstance(preferences, pikepdf.Dictionary):
        preferences = pdf.Root.ViewerPreferences = pikepdf.Dictionary()
    preferences.DisplayDocTitle = True
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = titre
        xmp["dc:creator"] = [auteur]
        xmp["dc:language"] = [_langue_region(langue)]
        xmp["pdfuaid:part"] = "1"
        xmp["pdf:Producer"] = str(info.get("/Producer", ""))
        xmp["xmp:CreatorTool"] = str(info.get("/Creator", ""))


def _langue_region(langue: str) -> str:
    """``fr`` → ``fr-FR``: the handbook is written for practices in France."""
    return f"{langue}-FR" if langue == "fr" else langue
