"""The PDF/UA finishing (macros/sorties/pdf_ua.py) on hand-made content streams."""

from __future__ import annotations

import pikepdf
import pytest
from helpers import pdf_imprime, police_type0
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


def _pdf_chromium(chemin):
    """A tagged one-page PDF shaped like Chromium's: one paragraph, one link on two lines."""
    pdf = pikepdf.new()
    police = police_type0(
        pdf,
        b"begincmap\n2 beginbfchar\n<0041> <0041>\n<0042> <0042>\nendbfchar\n"
        b"1 beginbfrange\n<0050> <0051> <0070>\nendbfrange\nendcmap\n",
    )
    page = pikepdf.Page(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 200, 200],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=police)),
            Contents=pdf.make_stream(CONTENU),
        )
    )
    pdf.pages.append(page)
    page = pdf.pages[0]
    annotation = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[10, 50, 50, 70],
            Dest=pikepdf.Name("/cible"),
            StructParent=1,
        )
    )
    page.Annots = pdf.make_indirect(pikepdf.Array([annotation]))
    page.StructParents = 0
    document = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document)
    )
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
    # A <figure> around nothing but structure: retagged /Div.
    figure = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem,
            S=pikepdf.Name.Figure,
            P=document,
            K=pikepdf.Array([para]),
        )
    )
    document.K = pikepdf.Array([figure, lien])
    racine = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot,
            K=document,
            ParentTree=pikepdf.Dictionary(Nums=[0, pikepdf.Array([para, lien]), 1, lien]),
        )
    )
    pdf.Root.StructTreeRoot = racine
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String("fr")
    pdf.docinfo.Title = pikepdf.String("Essai - Cabinet")
    pdf.save(chemin)


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
