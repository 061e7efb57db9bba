"""Hostile text in the data renders as text: in tables, headings, titles and search."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    Construction,
    construire,
    donnees_modifiees,
    normalise,
    preconstruit,
    rechercher,
    serve,
)

pytestmark = pytest.mark.e2e

NOM_1 = '</title><script>alert("nom")</script> _x_|y'
NOM_2 = "# Titre *gras* & [lien](javascript:alert(1)) {: onclick=alert(1) }"
CABINET = "Cabinet <i>Test</i> & Cie {{ config }}"
ACTION = "{{ config }} {% include 'x' %} <img src=x onerror=alert(1)> `code`"


def _quoted(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _donnees_hostiles(dossier: Path) -> Path:
    return donnees_modifiees(
        dossier,
        equipe=[
            ("nom: Claire Durand", f"nom: {_quoted(NOM_1)}"),
            ("nom: Marc Lefebvre", f"nom: {_quoted(NOM_2)}"),
        ],
        cabinet=("nom: Kiné Nord", f"nom: {_quoted(CABINET)}"),
        actions=("titre: Prélèvement automatique", f"titre: {_quoted(ACTION)}"),
    )


#: The example with hostile names, built without PDF (once per run, see helpers.construire).
HOSTILE = Construction("hostile", donnees=_donnees_hostiles)


@pytest.fixture(scope="module")
@preconstruit(HOSTILE)
def hostile_site(tmp_path_factory) -> str:
    return serve(construire(tmp_path_factory, HOSTILE)[0].sortie)


@pytest.fixture
def guarded(clean_page):
    dialogs: list[str] = []
    clean_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield clean_page
    assert dialogs == [], f"un script a été exécuté : {dialogs}"


def test_team_table_shows_names_as_typed(guarded, hostile_site):
    guarded.goto(hostile_site + "equipe/")
    cells = guarded.locator("table.hb-equipe tbody th")
    names = [normalise(cells.nth(i).inner_text()) for i in range(cells.count())]
    assert NOM_1 in names and NOM_2 in names
    assert guarded.locator("article script").count() == 0
    assert guarded.locator("article img").count() == 0


def test_member_page_title_and_heading(guarded, hostile_site):
    guarded.goto(hostile_site + "equipe/claire-durand/")
    assert normalise(guarded.locator("article h1").inner_text()) == NOM_1
    assert guarded.title().startswith(NOM_1)
    assert CABINET in guarded.title()
    guarded.goto(hostile_site + "equipe/marc-lefebvre/")
    assert normalise(guarded.locator("article h1").inner_text()) == NOM_2
    assert guarded.locator("article h1 a[href^='javascript']").count() == 0


def test_header_shows_cabinet_name_as_text(guarded, hostile_site):
    guarded.goto(hostile_site)
    assert CABINET in guarded.locator(".md-header__topic").first.inner_text()
    assert guarded.locator(".md-header i").count() == 0


def test_matrix_row_title_as_typed(guarded, hostile_site):
    guarded.goto(hostile_site + "matrice/")
    row = guarded.locator('table.hb-matrice tr[data-action="prelevement"] th')
    assert normalise(row.inner_text()) == ACTION


def test_search_results_show_text_not_markup(guarded, hostile_site):
    guarded.goto(hostile_site)
    # Member pages are titled with the member's name: it shows as text in the results
    # (the hostile name replaces the titulaire's, a « Masseur-kinésithérapeute » whose
    # line reads « Titulaire du cabinet »: the short page that has both words comes first).
    results = rechercher(guarded, "masseur titulaire")
    assert NOM_1 in normalise(results)
    assert guarded.locator(".md-search-result script, .md-search-result img").count() == 0
