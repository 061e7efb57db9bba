"""Health of the routines: overdue audits, tests, attestations and review, from the build date."""

from __future__ import annotations

from datetime import date

from helpers import ROOT, TODAY, donnees_modifiees, run_cli

from macros.domaine.sante import alertes
from macros.donnees.chargement import charger

DONNEES = ROOT / "data"


def _codes(data, today=TODAY) -> set[tuple[str, str | None]]:
    return {(a.code, a.membre) for a in alertes(charger(data, today).handbook)}


def test_example_flags_the_overdue_member():
    # In data/equipe.yml, Inès Garcia's test dates from September and she has no
    # attestation for 2025 (her access audit is the team's, in September: nobody else
    # opens her account, and the audit says so). No address of the Service client is verified.
    assert _codes(DONNEES) == {
        ("test", "ines-garcia"),
        ("attestation", "ines-garcia"),
        ("support", None),
    }


def test_flags_disappear_when_the_data_is_updated(tmp_path):
    donnees = donnees_modifiees(
        tmp_path,
        equipe=[
            ("dernier_test_recuperation: 2026-09-08", "dernier_test_recuperation: 2026-11-20"),
            (
                "      - annee: 2024\n        obtenue_le: 2025-03-14\n",
                "      - annee: 2024\n        obtenue_le: 2025-03-14\n"
                "      - annee: 2025\n        obtenue_le: 2026-03-02\n",
            ),
        ],
        cabinet=("  email_support:\n", "  email_support: service@caisse.example\n"),
    )
    assert _codes(donnees) == set()


def test_the_build_date_decides():
    # On 1 October, Inès's September test is less than a month old.
    assert ("test", "ines-garcia") not in _codes(DONNEES, date(2026, 10, 1))
    # After the planned review date of the handbook, the review is overdue.
    assert ("revue", None) in _codes(DONNEES, date(2027, 6, 1))
    assert ("revue", None) not in _codes(DONNEES)


def test_build_output_lists_the_flags_with_handbook_today(site_build):
    """The shared build of the example (``HANDBOOK_TODAY`` is the tests' date) lists the
    flags in its output, and on the home page and the member's page."""
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    for sortie in (site_build.stderr, result.stdout):
        assert "À faire d'après les données (3)" in sortie
        assert (
            "Test « Mot de passe oublié » d'Inès Garcia en retard (dernier le 8 septembre 2026)"
            in sortie
        )
        assert "Aucune adresse e-mail du Service client n'est vérifiée" in sortie
    site = site_build.sortie
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count('data-alerte="') == 3
    assert 'data-alerte="support"' in home
    member = (site / "equipe" / "ines-garcia" / "index.html").read_text(encoding="utf-8")
    assert member.count('data-alerte="') == 2
    other = (site / "equipe" / "claire-durand" / "index.html").read_text(encoding="utf-8")
    assert 'data-alerte="' not in other
