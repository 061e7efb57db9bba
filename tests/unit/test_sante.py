"""Health of the routines: overdue audits, tests, attestations and review, from the build date."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from conftest import ROOT, run_cli

from macros.domaine.sante import alertes
from macros.donnees.chargement import charger

TODAY = date(2026, 11, 26)


@pytest.fixture
def donnees(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy, ignore=shutil.ignore_patterns("private*.yml"))
    return copy


def _codes(data, today=TODAY) -> set[tuple[str, str | None]]:
    return {(a.code, a.membre) for a in alertes(charger(data, today).handbook)}


def test_example_flags_the_overdue_member(donnees):
    # In data/equipe.yml, Inès Garcia's audit dates from June, her test from September,
    # and she has no attestation for 2025.
    assert _codes(donnees) == {
        ("audit", "ines-garcia"),
        ("test", "ines-garcia"),
        ("attestation", "ines-garcia"),
    }


def test_flags_disappear_when_the_data_is_updated(donnees):
    equipe = donnees / "equipe.yml"
    text = equipe.read_text(encoding="utf-8")
    text = text.replace("dernier_audit_acces: 2026-06-08", "dernier_audit_acces: 2026-11-20")
    text = text.replace(
        "dernier_test_recuperation: 2026-09-08", "dernier_test_recuperation: 2026-11-20"
    )
    text = text.replace(
        "      - annee: 2024\n        obtenue_le: 2025-03-14\n",
        "      - annee: 2024\n        obtenue_le: 2025-03-14\n      - annee: 2025\n        obtenue_le: 2026-03-02\n",
    )
    equipe.write_text(text, encoding="utf-8")
    assert _codes(donnees) == set()


def test_the_build_date_decides(donnees):
    # On 1 October, Inès's September test is less than a month old.
    assert ("test", "ines-garcia") not in _codes(donnees, date(2026, 10, 1))
    # After the planned review date of the handbook, the review is overdue.
    assert ("revue", None) in _codes(donnees, date(2027, 6, 1))
    assert ("revue", None) not in _codes(donnees)


def test_build_output_lists_the_flags_with_handbook_today(donnees):
    result = run_cli("check", env={"HANDBOOK_DATA": str(donnees)})
    assert result.returncode == 0
    site = donnees.parent / "site"
    built = run_cli("build", "--site-dir", str(site), env={"HANDBOOK_DATA": str(donnees)})
    assert built.returncode == 0, built.stderr
    assert "À faire d'après les données (3)" in built.stderr
    assert "Audit des accès de Inès Garcia en retard (dernier le 8 juin 2026)" in built.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count('data-alerte="') == 3
    member = (site / "equipe" / "ines-garcia" / "index.html").read_text(encoding="utf-8")
    assert member.count('data-alerte="') == 3
    other = (site / "equipe" / "claire-durand" / "index.html").read_text(encoding="utf-8")
    assert 'data-alerte="' not in other
