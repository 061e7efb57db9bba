"""The private file: validated like the others, with warnings for unusual dossier numbers."""

from __future__ import annotations

import pytest
from helpers import ROOT, TODAY

from macros.donnees.chargement import charger
from macros.donnees.problemes import DonneesInvalides


def _load(tmp_path, text: str):
    private = tmp_path / "private.yml"
    private.write_text(text, encoding="utf-8")
    return charger(ROOT / "data", TODAY, private)


def test_example_private_file_is_valid():
    result = charger(ROOT / "data", TODAY, ROOT / "data" / "private.example.yml")
    assert result.handbook.prive_de("claire-durand").numero_dossier == "0000001"
    assert result.avertissements == []


@pytest.mark.parametrize("numero", ["123456", "12345678", "1234567890"])
def test_unusual_dossier_number_length_is_a_warning(tmp_path, numero):
    result = _load(tmp_path, f'membres:\n  claire-durand:\n    numero_dossier: "{numero}"\n')
    [warning] = result.avertissements
    assert warning.avertissement
    assert f"numéro de dossier de {len(numero)} chiffres" in str(warning)
    assert "à vérifier auprès de la CARPIMKO" in str(warning)
    assert ":3:21 —" in str(warning)


@pytest.mark.parametrize("numero", ["1234567", "123456789"])
def test_seven_or_nine_digits_are_accepted(tmp_path, numero):
    assert (
        _load(
            tmp_path, f'membres:\n  claire-durand:\n    numero_dossier: "{numero}"\n'
        ).avertissements
        == []
    )


def test_non_digit_dossier_number_and_unknown_member_are_errors(tmp_path):
    with pytest.raises(DonneesInvalides) as err:
        _load(
            tmp_path,
            'membres:\n  claire-durand:\n    numero_dossier: "12A4567"\n  inconnu:\n    email: x@y.fr\n',
        )
    text = str(err.value)
    assert (
        "private.yml:3:21 — membres.claire-durand.numero_dossier : numéro de dossier « 12A4567 » invalide"
        in text
    )
    assert "private.yml:4:3 — membres.inconnu : membre « inconnu » inconnu" in text


def test_unquoted_number_loses_leading_zeros_so_it_is_refused(tmp_path):
    with pytest.raises(DonneesInvalides) as err:
        _load(tmp_path, "membres:\n  claire-durand:\n    numero_dossier: 1234567\n")
    assert "entre guillemets" in str(err.value)


def test_password_in_private_file_is_refused(tmp_path):
    with pytest.raises(DonneesInvalides) as err:
        _load(tmp_path, "membres:\n  claire-durand:\n    mot_de_passe: secret123\n")
    assert "mot de passe" in str(err.value).lower()
    assert "secret123" not in str(err.value)
