"""The responsibility matrix shows, for each action, the roles the data gives it."""

from __future__ import annotations

import pytest
from helpers import normalise

pytestmark = pytest.mark.e2e


def _letters(code: str) -> str:
    return "".join(c for c in "RACI" if c in code)


def test_matrix_cells_match_actions_yml(clean_page, base_url, raw_data):
    actions = raw_data["actions"]["actions"]
    roles = [r["id"] for r in raw_data["roles"]["roles"]]
    clean_page.goto(base_url + "matrice/")
    header = clean_page.locator("table.hb-matrice thead th[data-role]")
    assert [header.nth(i).get_attribute("data-role") for i in range(header.count())] == roles
    rows = clean_page.locator("table.hb-matrice tbody tr")
    assert rows.count() == len(actions)
    for action in actions:
        row = clean_page.locator(f'table.hb-matrice tr[data-action="{action["id"]}"]')
        assert normalise(row.locator("th").inner_text()) == action["titre"]
        for role in roles:
            cell = row.locator(f'td[data-role="{role}"]')
            expected = _letters(action["raci"].get(role, ""))
            code = cell.locator(".hb-raci-code")
            if expected:
                assert code.inner_text().strip() == expected, (action["id"], role)
                # Colour is never the only carrier: the letter is there, and a word for screen readers.
                assert cell.locator(".hb-visually-hidden").count() == 1
            else:
                assert code.count() == 0, (action["id"], role)


def test_matrix_has_exactly_one_a_per_row(page, base_url, raw_data):
    page.goto(base_url + "matrice/")
    for action in raw_data["actions"]["actions"]:
        row = page.locator(f'table.hb-matrice tr[data-action="{action["id"]}"]')
        assert row.locator("td.hb-raci-A").count() == 1, action["id"]


def test_matrix_links_lead_to_the_procedure(page, base_url, raw_data):
    page.goto(base_url + "matrice/")
    for action in raw_data["actions"]["actions"]:
        if not action.get("procedure"):
            continue
        link = page.locator(f'table.hb-matrice tr[data-action="{action["id"]}"] th a')
        href = link.get_attribute("href")
        assert href.endswith("#" + action["procedure"]), href
