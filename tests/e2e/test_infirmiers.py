"""A second practice (infirmiers, tests/fixtures/infirmiers) built with HANDBOOK_DATA: the pages follow."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from helpers import FIXTURES, TODAY, normalise, serve
from test_support import applies, expected_email

pytestmark = pytest.mark.e2e

DATA = FIXTURES / "infirmiers"


@pytest.fixture(scope="module")
def infirmiers() -> dict:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in DATA.glob("*.yml")}


@pytest.fixture(scope="module")
def url(site_infirmiers) -> str:
    return serve(site_infirmiers)


def test_header_and_home_name_the_practice(clean_page, url, infirmiers):
    nom = infirmiers["cabinet"]["cabinet"]["nom"]
    clean_page.goto(url)
    assert nom in clean_page.title()
    assert nom in normalise(clean_page.locator("article h1").inner_text())
    assert "Kiné Nord" not in clean_page.content()


def test_team_table_lists_the_infirmiers(clean_page, url, infirmiers):
    clean_page.goto(url + "equipe/")
    rows = clean_page.locator("table.hb-equipe tbody tr")
    # Who left the practice before the build date is no longer in the team table.
    membres = [
        m for m in infirmiers["equipe"]["membres"] if not m.get("depart") or m["depart"] > TODAY
    ]
    assert any(m.get("depart") for m in infirmiers["equipe"]["membres"]), "the fixture has one"
    assert rows.count() == len(membres)
    for m in membres:
        row = clean_page.locator(f'table.hb-equipe tr[data-membre="{m["id"]}"]')
        assert normalise(row.locator("th").inner_text()) == m["nom"]
        if m.get("profession") == "infirmier" and not m.get("fonction"):
            assert "Infirmier(ère)" in row.inner_text()


def test_matrix_columns_are_the_practice_roles(page, url, infirmiers):
    page.goto(url + "matrice/")
    header = page.locator("table.hb-matrice thead th[data-role]")
    roles = [r["id"] for r in infirmiers["roles"]["roles"]]
    assert [header.nth(i).get_attribute("data-role") for i in range(header.count())] == roles
    assert page.locator("table.hb-matrice tbody tr").count() == len(
        infirmiers["actions"]["actions"]
    )


def test_mailto_uses_the_infirmier_data(page, url, infirmiers):
    page.goto(url + "support/")
    cabinet = infirmiers["cabinet"]["cabinet"]["nom"]
    membres = [
        m
        for m in infirmiers["equipe"]["membres"]
        if m["situation"] != "non_affilie" and (not m.get("depart") or m["depart"] > TODAY)
    ]
    for m in membres:
        for t in infirmiers["support"]["modeles"]:
            lien = page.locator(f"#email-{m['id']}-{t['id']} a.hb-mailto")
            if not applies(t, m):  # the ayant droit gets no contributions template
                assert lien.count() == 0, (m["id"], t["id"])
                continue
            href = lien.get_attribute("href")
            query = parse_qs(urlsplit(href).query)
            subject, body = expected_email(t, m, cabinet)
            assert query["subject"] == [subject]
            assert query["body"] == [body.replace("\n", "\r\n")]
