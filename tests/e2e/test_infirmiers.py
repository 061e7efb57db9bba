"""A second practice (infirmiers, tests/fixtures/infirmiers) built with HANDBOOK_DATA: the pages follow.

The pages are read from the disk (tests/html_statique.py); the browser tests of the same
parts run on the example (test_support.py, test_matrice.py).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from helpers import FIXTURES, TODAY
from html_statique import Noeud, arbre
from test_support import applies, expected_email

pytestmark = pytest.mark.e2e

DATA = FIXTURES / "infirmiers"


@pytest.fixture(scope="module")
def infirmiers() -> dict:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in DATA.glob("*.yml")}


@pytest.fixture(scope="module")
def pages(site_infirmiers):
    """A page of the built site as a tree of elements (read from the disk: no script of
    the handbook changes these parts of the pages)."""

    def lire(chemin: str) -> Noeud:
        return arbre((site_infirmiers / chemin / "index.html").read_text(encoding="utf-8"))

    return lire


def test_header_and_home_name_the_practice(pages, infirmiers):
    nom = infirmiers["cabinet"]["cabinet"]["nom"]
    accueil = pages("")
    assert nom in accueil.chercher("title")[0].texte()
    assert nom in accueil.chercher("article")[0].chercher("h1")[0].texte()
    assert "Kiné Nord" not in accueil.texte()


def test_team_table_lists_the_infirmiers(pages, infirmiers):
    (table,) = pages("equipe").chercher("table", classe="hb-equipe")
    (corps,) = table.chercher("tbody")
    # Who left the practice before the build date is no longer in the team table.
    membres = [
        m for m in infirmiers["equipe"]["membres"] if not m.get("depart") or m["depart"] > TODAY
    ]
    assert any(m.get("depart") for m in infirmiers["equipe"]["membres"]), "the fixture has one"
    assert len(corps.chercher("tr")) == len(membres)
    for m in membres:
        (ligne,) = table.chercher("tr", data_membre=m["id"])
        assert ligne.chercher("th")[0].texte() == m["nom"]
        if m.get("profession") == "infirmier" and not m.get("fonction"):
            assert "Infirmier ou infirmière" in ligne.texte()


def test_matrix_columns_are_the_practice_roles(pages, infirmiers):
    (table,) = pages("matrice").chercher("table", classe="hb-matrice")
    colonnes = [
        th.attrs["data-role"]
        for th in table.chercher("thead")[0].chercher("th")
        if "data-role" in th.attrs
    ]
    assert colonnes == [r["id"] for r in infirmiers["roles"]["roles"]]
    assert len(table.chercher("tbody")[0].chercher("tr")) == len(infirmiers["actions"]["actions"])


def test_mailto_uses_the_infirmier_data(pages, infirmiers):
    support = pages("support")
    cabinet = infirmiers["cabinet"]["cabinet"]["nom"]
    membres = [
        m
        for m in infirmiers["equipe"]["membres"]
        if m["situation"] != "non_affilie" and (not m.get("depart") or m["depart"] > TODAY)
    ]
    for m in membres:
        for t in infirmiers["support"]["modeles"]:
            bloc = support.chercher(id=f"email-{m['id']}-{t['id']}")
            liens = bloc[0].chercher("a", classe="hb-mailto") if bloc else []
            if not applies(t, m):  # the ayant droit gets no contributions template
                assert liens == [], (m["id"], t["id"])
                continue
            # This practice has verified the Service client's address: the links go there.
            adresse = urlsplit(liens[0].attrs["href"])
            assert adresse.path == infirmiers["cabinet"]["caisse"]["email_support"]
            query = parse_qs(adresse.query)
            subject, body = expected_email(t, m, cabinet)
            assert query["subject"] == [subject]
            assert query["body"] == [body.replace("\n", "\r\n")]
