"""The printed PDFs against PDF/UA-1's machine-checkable rules (the pdfua package), on the
shared build: the handbook and every reflex card. No build of its own."""

from __future__ import annotations

import re

import pikepdf
import pytest
from pdfua import validate

from macros.sorties.pdf import diffusion_pdf

pytestmark = pytest.mark.e2e


#: Rules pdfua 0.1.3 cannot run on Chromium's PDFs. UA-14-001 (empty headings) raises
#: « pikepdf.Object is not a Dictionary or Stream » on every heading whose /K is an array:
#: ``as_integer`` calls ``getattr(value, "is_integer")`` on a pikepdf Array, which raises
#: ValueError, not AttributeError. Any other skipped rule fails the test.
REGLES_INCAPABLES = {"UA-14-001"}


def _pdfs(site_pdf, donnees_pdf) -> list:
    cartes = [site_pdf / f"fiche-{r['id']}.pdf" for r in donnees_pdf["roles"]["roles"]]
    return [site_pdf / "manuel.pdf", *cartes]


def test_pdfua_finds_nothing_in_the_handbook_and_every_card(site_pdf, donnees_pdf):
    """0 errors, and 0 warnings as well: the link descriptions and the PDF/UA
    identification are warnings in pdfua."""
    rapports = {}
    for chemin in _pdfs(site_pdf, donnees_pdf):
        rapport = validate(str(chemin))
        rapports[chemin.name] = [
            f"{f.rule_id} {f.severity.name} {f.location.describe()}: {f.message}"
            for f in rapport.findings
        ]
        sautees = {o.rule_id: o.skipped_reason for o in rapport.skipped}
        assert set(sautees) <= REGLES_INCAPABLES, (chemin.name, sautees)
    assert rapports == {nom: [] for nom in rapports}


def test_metadata_name_the_practice_the_language_and_pdf_ua(site_pdf, donnees_pdf):
    cabinet = donnees_pdf["cabinet"]["cabinet"]["nom"]
    for chemin in _pdfs(site_pdf, donnees_pdf):
        with pikepdf.open(chemin) as pdf:
            info = pdf.docinfo
            assert str(info["/Author"]) == cabinet
            assert cabinet in str(info["/Title"]) and " - " not in str(info["/Title"])
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
            meta = pdf.open_metadata()
            assert meta["dc:title"] == str(info["/Title"])
            assert meta["dc:creator"] == [cabinet]
            assert meta["dc:language"] == {"fr-FR"}  # an rdf:Bag
            assert meta["pdfuaid:part"] == "1"
        # The build's mark is written in the same save, and pypdf still reads it.
        assert diffusion_pdf(chemin) == "public"


def test_links_are_described_by_their_text(site_pdf):
    """Each link annotation's /Contents is the text of the link, read from the page."""
    with pikepdf.open(site_pdf / "manuel.pdf") as pdf:
        descriptions = [
            str(a.Contents)
            for page in pdf.pages
            for a in page.get("/Annots", [])
            if a.get("/Subtype") == "/Link"
        ]
    assert descriptions and all(d.strip() for d in descriptions)
    # The contents page links each part by its title and its page number (read first: the
    # number is drawn before the leaders); a link broken across two lines has its words apart.
    assert any(re.fullmatch(r"\d+ Matrice des responsabilités", d) for d in descriptions)
    assert not any("  " in d for d in descriptions)
