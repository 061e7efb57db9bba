"""The printed handbook (site/manuel.pdf) and the reflex cards, read back with pypdf."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT, normalise
from pypdf import PdfReader

from macros.public import pages_pdf

pytestmark = pytest.mark.e2e

ANNEXE = "Annexe — fiches des membres"
# Text of the site's widgets that must never reach paper.
WIDGETS = [
    "Taper pour démarrer",
    "Initialisation de la recherche",
    "Aller au contenu",
    "— Manuel CARPIMKO",  # the site header (site_name)
    "Material for MkDocs",  # the site footer
    "Copier le message",
    "Copier l'objet",
    "Manuel PDF",
    "Lien vers cette section",
    "Table des matières",
]


@pytest.fixture(scope="module")
def manuel(site):
    return PdfReader(site / "manuel.pdf")


@pytest.fixture(scope="module")
def pages_text(site) -> list[str]:
    return [normalise(t).replace("’", "'") for t in pages_pdf(site / "manuel.pdf")]


@pytest.fixture(scope="module")
def nav_sections() -> list[str]:
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!ENV", lambda loader, node: None)
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)["nav"]
    return [next(iter(item)) for item in nav if isinstance(next(iter(item.values())), list)]


def _outline_titles(reader: PdfReader) -> list[str]:
    return [normalise(o.title) for o in reader.outline if not isinstance(o, list)]


#: A line of the PDF step's timeline (``HANDBOOK_PDF_TEMPS=1``: macros.sorties.pdf.Chrono).
_PHASE = re.compile(r"^  (\S.*?)\s+([\d.]+) s  \(\s*([\d.]+) →\s*([\d.]+)\)$", re.M)


def test_the_build_waits_for_the_print_its_hooks_began(site_build, raw_data):
    """``python -m macros build`` begins the print as soon as every page is written (its
    hooks), then waits for that same print: the step begins before the handbook's print
    page is prepared, and each card is loaded once (a print asked again differently would
    have started over)."""
    from macros.sorties.imprimeur import PHASE_ETAPE

    phases = [(m.group(1), float(m.group(3))) for m in _PHASE.finditer(site_build.stdout)]
    debuts = dict(phases)
    assert debuts[PHASE_ETAPE] < debuts["print_page/ : liens et césure (Python)"]
    chargements = sorted(nom for nom, _ in phases if nom.endswith(" : chargement"))
    roles = sorted(f"roles/{r['id']}/ : chargement" for r in raw_data["roles"]["roles"])
    assert chargements == sorted([*roles, "print_page/ : chargement"])
    assert debuts[PHASE_ETAPE] <= min(debuts[r] for r in roles)


def test_page_count_is_sane(manuel):
    assert 20 <= len(manuel.pages) <= 200


def test_outline_has_one_entry_per_main_part_in_site_order(manuel, nav_sections, site, raw_data):
    titles = _outline_titles(manuel)
    home = re.search(r"<h1[^>]*>(.*?)<", (site / "index.html").read_text(encoding="utf-8")).group(1)
    expected = ["Sommaire", normalise(home), *nav_sections, ANNEXE]
    assert titles == expected
    # Pages nest under their part: each part has children.
    nested = [o for o in manuel.outline if isinstance(o, list)]
    assert len(nested) == len(nav_sections) + 2  # the home page's headings, and the annex


def test_member_pages_appear_once_in_the_annex(manuel, raw_data):
    annex_index = _outline_titles(manuel).index(ANNEXE)
    children = [o for o in manuel.outline if isinstance(o, list)][-1]
    names = [normalise(o.title) for o in children if not isinstance(o, list)]
    assert names == [m["nom"] for m in raw_data["equipe"]["membres"]]
    assert annex_index == len(_outline_titles(manuel)) - 1


def test_text_has_cabinet_parts_and_page_numbers(pages_text, nav_sections, raw_data):
    text = " ".join("\n".join(pages_text).split())
    assert raw_data["cabinet"]["cabinet"]["nom"] in text
    assert "Manuel interne — Espace personnel CARPIMKO" in text
    assert raw_data["cabinet"]["manuel"]["version"] in pages_text[0]
    for title in nav_sections:
        assert title in text, title
    assert "Page 1 / " in pages_text[0]


def test_each_page_number_is_printed_once(pages_text):
    total = len(pages_text)
    for number, text in enumerate(pages_text, start=1):
        assert text.count(f"Page {number} / {total}") == 1, number
        assert len(re.findall(r"Page \d+", text)) == 1, (number, re.findall(r"Page \d+", text))


def test_footer_has_document_control(pages_text, raw_data):
    cabinet = raw_data["cabinet"]["cabinet"]["nom"]
    for text in pages_text:
        assert "Copie imprimée non contrôlée — la version en ligne fait foi" in text
        assert cabinet in text


def test_pdf_is_tagged_french_with_embedded_fonts(manuel):
    root = manuel.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in root
    for page in manuel.pages[:10]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


def test_no_navigation_or_widget_text_is_printed(pages_text):
    text = "\n".join(pages_text)
    for widget in WIDGETS:
        assert widget not in text, widget


def test_paper_has_its_own_wording(pages_text):
    """What only makes sense on a screen is not printed: the print-only wording is."""
    text = " ".join(" ".join(pages_text).split())
    for ecran in ("Passez la souris", "Cliquez sur son nom"):
        assert ecran not in text
    assert "Le détail de chaque marque figure dans la liste des événements, plus loin." in text
    assert "Ces pages sont imprimées en annexe du manuel complet." in text


def test_reflex_card_per_role(site, raw_data):
    for role in raw_data["roles"]["roles"]:
        card = pages_pdf(site / f"fiche-{role['id']}.pdf")
        assert 1 <= len(card) <= 2, role["id"]
        text = normalise(card[0])
        assert f"Fiche réflexe — {role['nom']}" in text
        assert "Page 1 / " in text


def test_role_page_links_to_its_card(page, base_url, raw_data):
    for role in raw_data["roles"]["roles"]:
        page.goto(base_url + f"roles/{role['id']}/")
        link = page.get_by_role("link", name=re.compile("Fiche réflexe"))
        response = page.request.get(page.url + link.get_attribute("href"))
        assert response.ok and response.headers["content-type"] == "application/pdf"


def test_markdown_tables_are_printed_in_the_wrapper_material_gives_them_on_screen(
    page, base_url, site
):
    """Material's script is not loaded for printing (macros/sorties/pdf.py): the page handed
    to Chromium wraps its Markdown tables as the script does on screen."""
    from macros.sorties.pdf import _tableaux_comme_material

    page.goto(base_url + "a-propos/")
    # (outer element and class, inner element and class) around each Markdown table.
    ecran = page.evaluate(
        """() => [...document.querySelectorAll('article table:not([class])')].map(t => {
             const interne = t.parentElement, externe = interne.parentElement;
             return [externe.localName, externe.className, interne.localName, interne.className];
           })"""
    )
    assert ecran, "aucun tableau Markdown sur la page À propos"
    imprime = _tableaux_comme_material((site / "a-propos" / "index.html").read_text("utf-8"))
    enveloppes = re.findall(
        r'<(\w+) class="([^"]+)"><(\w+) class="([^"]+)"><table(?![^>]*\sclass=)', imprime
    )
    assert [list(e) for e in enveloppes] == ecran
