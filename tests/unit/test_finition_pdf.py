"""The PDF/UA finishing (macros/sorties/pdf_ua.py) on hand-made content streams."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pikepdf
import pytest
from helpers import page_police, pdf_imprime, police_type0
from pdfua import validate

from macros.sorties.pdf import CLE_DIFFUSION, diffusion_pdf
from macros.sorties.pdf_ua import FinitionImpossible, finir_pdf

# What Skia writes: the footer painted first, outside any marked content, then tagged
# content, then CSS generated text (a list marker) between two tagged sequences.
CONTENU = b"""q
1 1 1 rg
0 0 200 200 re
f
BT
/F1 10 Tf
1 0 0 1 10 10 Tm
<0050> Tj
ET
Q
/P <</MCID 0 >>BDC
BT
/F1 10 Tf
1 0 0 1 10 100 Tm
<0041> Tj
ET
EMC
BT
/F1 10 Tf
1 0 0 1 10 80 Tm
<0042> Tj
ET
/Link <</MCID 1 >>BDC
BT
/F1 10 Tf
1 0 0 1 10 60 Tm
<0041> Tj
ET
BT
/F1 10 Tf
1 0 0 1 10 50 Tm
<0042> Tj
ET
EMC
"""


#: The fake font's ToUnicode: « A », « B », and « p », « q » for the footer's codes.
CMAP = (
    b"begincmap\n2 beginbfchar\n<0041> <0041>\n<0042> <0042>\nendbfchar\n"
    b"1 beginbfrange\n<0050> <0051> <0070>\nendbfrange\nendcmap\n"
)


def _page_avec_lien(pdf, police, document, contenu: bytes, numero: int):
    """Page ``numero`` of ``pdf``, as Chromium tags it: its paragraph (MCID 0) and its link
    (MCID 1, with its annotation); returns the two structure elements."""
    page = page_police(pdf, police, contenu)
    annotation = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[10, 50, 50, 70],
            Dest=pikepdf.Name("/cible"),
            StructParent=1000 + numero,
        )
    )
    page.Annots = pdf.make_indirect(pikepdf.Array([annotation]))
    page.StructParents = numero
    para = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, P=document, Pg=page.obj, K=0
        )
    )
    lien = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem,
            S=pikepdf.Name.Link,
            P=document,
            Pg=page.obj,
            K=pikepdf.Array([1, pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation)]),
        )
    )
    return para, lien


def _sauver_balise(pdf, chemin, document, enfants: list, nums: list) -> None:
    """The structure tree's root over ``document`` (its ``enfants``), the ``/ParentTree``
    ``nums``, and the rest of what Chromium writes for a tagged PDF; save to ``chemin``."""
    document.K = pikepdf.Array(enfants)
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=document, ParentTree=pikepdf.Dictionary(Nums=nums)
        )
    )
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String("fr")
    pdf.docinfo.Title = pikepdf.String("Essai - Cabinet")
    pdf.save(chemin)


def _pdf_chromium(chemin):
    """A tagged one-page PDF shaped like Chromium's: one paragraph, one link on two lines."""
    pdf = pikepdf.new()
    police = police_type0(pdf, CMAP)
    document = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document)
    )
    para, lien = _page_avec_lien(pdf, police, document, CONTENU, 0)
    # A <figure> around nothing but structure: retagged /Div.
    figure = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem,
            S=pikepdf.Name.Figure,
            P=document,
            K=pikepdf.Array([para]),
        )
    )
    _sauver_balise(
        pdf, chemin, document, [figure, lien], [0, pikepdf.Array([para, lien]), 1000, lien]
    )


def test_unmarked_painting_becomes_artifacts_links_get_their_text(tmp_path):
    chemin = tmp_path / "essai.pdf"
    _pdf_chromium(chemin)
    avant = {f.rule_id for f in validate(str(chemin)).findings}
    assert {"UA-01-003", "UA-13-004", "UA-18-005", "UA-28-004"} <= avant

    finition = finir_pdf(chemin, titre=None, auteur="Cabinet", marque=(CLE_DIFFUSION, "prive"))

    assert (finition.pages, finition.artefacts, finition.liens, finition.figures) == (1, 3, 1, 1)
    assert [f.rule_id for f in validate(str(chemin)).findings] == []
    assert diffusion_pdf(chemin) == "prive"
    with pikepdf.open(chemin) as pdf:
        page = pdf.pages[0]
        # The link's two lines: « A » then « B », one space between.
        assert str(page.Annots[0].Contents) == "A B"
        assert str(pdf.docinfo.Title) == "Essai — Cabinet"
        contenu = page.Contents.read_bytes()
    # The footer's text object and the list marker are artifacts, inside their BT … ET.
    assert contenu.count(b"/Artifact BMC") == 3
    assert b"BT\n/Artifact BMC\n\n/F1 10 Tf\n1 0 0 1 10 80 Tm\n<0042> Tj\n\nEMC\nET" in contenu


def test_a_pdf_without_structure_or_content_is_only_given_metadata(tmp_path):
    chemin = pdf_imprime(tmp_path / "vide.pdf")
    finition = finir_pdf(chemin, titre="Vide", auteur="Cabinet", marque=(CLE_DIFFUSION, "public"))
    assert (finition.pages, finition.artefacts, finition.liens, finition.figures) == (1, 0, 0, 0)
    assert diffusion_pdf(chemin) == "public"


def test_a_file_pikepdf_cannot_read_is_left_as_it_was(tmp_path):
    chemin = tmp_path / "abime.pdf"
    chemin.write_bytes(b"%PDF-1.7\nceci n'est pas un PDF")
    with pytest.raises(FinitionImpossible):
        finir_pdf(chemin, titre=None, auteur="Cabinet", marque=(CLE_DIFFUSION, "public"))
    assert chemin.read_bytes() == b"%PDF-1.7\nceci n'est pas un PDF"


# --- the scan shared with a worker process ---------------------------------------------------


def _pdf_chromium_pages(chemin, n: int) -> None:
    """``n`` pages shaped like Chromium's, each with its paragraph and its link on two lines."""
    pdf = pikepdf.new()
    police = police_type0(pdf, CMAP)
    document = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document)
    )
    enfants, nums, liens = [], [], []
    for i in range(n):
        # Each page its own footer (its number as a position) and its own link text:
        # « A B », « B A », « A B »…
        contenu = CONTENU.replace(b"1 0 0 1 10 10 Tm", b"1 0 0 1 10 %d Tm" % i)
        if i % 2:
            contenu = contenu.replace(b"<0041>", b"<00XX>").replace(b"<0042>", b"<0041>")
            contenu = contenu.replace(b"<00XX>", b"<0042>")
        para, lien = _page_avec_lien(pdf, police, document, contenu, i)
        enfants += [para, lien]
        nums += [i, pikepdf.Array([para, lien])]
        liens += [1000 + i, lien]
    _sauver_balise(pdf, chemin, document, enfants, nums + liens)


def _lu(chemin) -> tuple[list[bytes], list[str]]:
    with pikepdf.open(chemin) as pdf:
        return (
            [page.Contents.read_bytes() for page in pdf.pages],
            [str(a.Contents) for page in pdf.pages for a in page.Annots],
        )


class _OuvrierEnPanne(Executor):
    """A worker whose work never comes back."""

    def submit(self, fn, /, *args, **kwargs):
        futur: Future = Future()
        futur.set_exception(BrokenProcessPool("ouvrier arrêté"))
        return futur


def test_a_worker_process_scans_half_the_pages_and_the_pdf_is_the_same(tmp_path):
    seul, partage, panne, ferme = (
        tmp_path / f"{n}.pdf" for n in ("seul", "partage", "panne", "ferme")
    )
    for chemin in (seul, partage, panne, ferme):
        _pdf_chromium_pages(chemin, 10)
    marque = (CLE_DIFFUSION, "public")
    attendu = finir_pdf(seul, titre=None, auteur="Cabinet", marque=marque)
    # A fresh interpreter: what the worker is handed must travel by pickle.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as ouvrier:
        assert (
            finir_pdf(partage, titre=None, auteur="Cabinet", marque=marque, ouvrier=ouvrier)
            == attendu
        )
    # The worker gone (its pool shut down) or broken: the same work, done in this process.
    assert finir_pdf(ferme, titre=None, auteur="Cabinet", marque=marque, ouvrier=ouvrier) == attendu
    assert (
        finir_pdf(panne, titre=None, auteur="Cabinet", marque=marque, ouvrier=_OuvrierEnPanne())
        == attendu
    )
    contenus, liens = _lu(seul)
    assert attendu.artefacts == 30 and liens == ["A B", "B A"] * 5
    for chemin in (partage, ferme, panne):
        assert _lu(chemin) == (contenus, liens)


_OUVRIER = """
import sys, threading
from macros.sorties.pdf_ua import ouvrier_de_finition
if sys.argv[1] == "fil":
    threading.Thread(target=threading.Event().wait, daemon=True).start()
ouvrier = ouvrier_de_finition()
print(ouvrier is not None, ouvrier.submit(sum, [1, 2]).result() if ouvrier else "-")
if ouvrier:
    ouvrier.shutdown()
"""


@pytest.mark.parametrize(("cas", "sortie"), [("seul", "True 3"), ("fil", "False -")])
def test_the_worker_is_forked_only_from_a_process_with_one_thread(cas, sortie):
    resultat = subprocess.run(
        [sys.executable, "-c", _OUVRIER, cas], capture_output=True, text=True, timeout=120
    )
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.strip() == sortie
