"""Search ignores accents, as a reader types in Chromium: « Zoe » finds Zoë Nguyễn-Petit's page,
« echeancier » the pages about the « échéancier », with the same results as with the accents.

The shared site has the example's words (« échéancier », Inès Garcia); names with « ë »,
« ễ », « ç » and « é » come from a copy of the example whose members are renamed
(:data:`NOMS`), built without print page or PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from helpers import Construction, construire, donnees_modifiees, preconstruit, serve

pytestmark = pytest.mark.e2e

#: The example's members renamed (their ids, hence their pages' addresses, stay).
NOMS = {
    "Claire Durand": "Zoë Nguyễn-Petit",
    "Marc Lefebvre": "Hélène Kerhervé",
    "Sophie Bernard": "Aylin Çelik",
}


def _donnees_accentuees(dossier: Path) -> Path:
    return donnees_modifiees(
        dossier, equipe=[(f"nom: {avant}", f"nom: {apres}") for avant, apres in NOMS.items()]
    )


#: The example with accented names, without print page or PDF (once per run).
ACCENTS = Construction("accents", {"HANDBOOK_PRINT_SITE": "false"}, donnees=_donnees_accentuees)


@pytest.fixture(scope="module")
@preconstruit(ACCENTS)
def site_accents(tmp_path_factory: pytest.TempPathFactory) -> str:
    return serve(construire(tmp_path_factory, ACCENTS)[0].sortie)


@dataclass
class Resultats:
    """What the search shows for a query: its count, the links in order, the highlighted words."""

    compte: str
    liens: list[str]
    marques: list[str]
    texte: str


def chercher(page, requete: str) -> Resultats:
    """Type ``requete`` in the open search box, as one edit (then a key, which Material
    listens to), and read the results once they are shown.

    The box is emptied first and the search's placeholder awaited, so that the results
    read are those of ``requete``, not of a previous query or of a prefix of it.
    """
    champ = page.locator(".md-search__input")
    meta = page.locator(".md-search-result__meta")
    champ.fill("")
    champ.press("End")
    meta.filter(has_text="Taper pour démarrer").wait_for()
    champ.fill(requete)
    champ.press("End")
    meta.filter(has_text="trouvé").wait_for()
    liens = page.locator(".md-search-result__link")
    return Resultats(
        compte=meta.inner_text().strip(),
        liens=[_chemin(liens.nth(i).get_attribute("href") or "") for i in range(liens.count())],
        marques=[m.strip() for m in page.locator(".md-search-result mark").all_inner_texts()],
        texte=page.locator(".md-search-result").inner_text(),
    )


def _chemin(href: str) -> str:
    """A result's address without its host: path and anchor (« /equipe/x/# » for the page)."""
    adresse = urlparse(href)
    return f"{adresse.path}#{adresse.fragment}"


def ouvrir_la_recherche(page, url: str) -> None:
    page.goto(url)
    page.locator(".md-search__input").click()
    page.locator(".md-search-result__meta").filter(has_text="Taper pour démarrer").wait_for()


def _memes_resultats(page, avec: str, sans: str) -> Resultats:
    """The results of ``sans`` (no accents), checked to be those of ``avec``: same count,
    same links in the same order (not one more: the search is not flooded), with the
    word shown and highlighted as the page writes it."""
    attendu = chercher(page, avec)
    obtenu = chercher(page, sans)
    assert attendu.liens, f"« {avec} » ne trouve rien"
    assert "Aucun document" not in attendu.compte
    assert (obtenu.compte, obtenu.liens) == (attendu.compte, attendu.liens), (avec, sans)
    assert avec.lower() in {m.lower() for m in obtenu.marques}, obtenu.marques
    return obtenu


def test_words_are_found_without_their_accents(page, base_url):
    ouvrir_la_recherche(page, base_url)
    echeancier = _memes_resultats(page, "échéancier", "echeancier")
    assert "l'échéancier" in echeancier.texte.replace("’", "'")
    # Accents half typed, or typed wrong, find the same.
    assert chercher(page, "écheancier").liens == echeancier.liens
    assert chercher(page, "échèancier").liens == echeancier.liens
    _memes_resultats(page, "prélèvement", "prelevement")
    # A name from the data: Inès Garcia's page comes first, as for « Inès ».
    assert _memes_resultats(page, "Inès", "Ines").liens[0] == "/equipe/ines-garcia/#"


#: Each accented name, as typed without accents, and the member page it must bring first.
NOMS_SANS_ACCENTS = [
    ("Zoë", "Zoe", "/equipe/claire-durand/#"),
    ("Nguyễn", "Nguyen", "/equipe/claire-durand/#"),
    ("Hélène", "Helene", "/equipe/marc-lefebvre/#"),
    ("Kerhervé", "Kerherve", "/equipe/marc-lefebvre/#"),
    ("Çelik", "Celik", "/equipe/sophie-bernard/#"),
]


def test_names_are_found_without_their_accents(page, site_accents):
    ouvrir_la_recherche(page, site_accents)
    for avec, sans, fiche in NOMS_SANS_ACCENTS:
        assert _memes_resultats(page, avec, sans).liens[0] == fiche, avec
    # The whole name, as typed on a keyboard without accents; the results show it with them.
    resultats = chercher(page, "zoe nguyen-petit")
    assert resultats.liens[0] == "/equipe/claire-durand/#"
    assert "Zoë Nguyễn-Petit" in resultats.texte
    assert chercher(page, "Helene Kerherve").liens[0] == "/equipe/marc-lefebvre/#"
