"""The bench's generated practices (tests/bench/synthetique.py) stay valid data.

`make bench` builds them at 100 and 1,000 members; a new rule that they break would only
show there, in a 15-minute run outside `make test`. Loading them here costs a second.
"""

from __future__ import annotations

import importlib.util

import pytest
from helpers import ROOT, TODAY

from macros.donnees.chargement import charger


def _synthetique():
    spec = importlib.util.spec_from_file_location(
        "synthetique", ROOT / "tests" / "bench" / "synthetique.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("membres", [100, 1000])
def test_generated_practice_passes_the_checks(tmp_path, membres):
    _synthetique().generer(membres, tmp_path)
    chargement = charger(tmp_path, TODAY)  # raises DonneesInvalides with every problem
    assert len(chargement.handbook.equipe.membres) == membres
