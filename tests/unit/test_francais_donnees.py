"""What the example's procedures and a new practice's say to the team, read from the YAML.

The team (an assistant who is not a programmer) reads the procedures: no file path of
the data in them, one rule for the monthly « Mot de passe oublié » test, and no need
for a practitioner's personal mailbox.
"""

from __future__ import annotations

import re

import pytest
import yaml
from helpers import ROOT

FICHIERS = [
    ROOT / "data" / "procedures.yml",
    ROOT / "macros" / "sorties" / "nouveau" / "procedures.yml",
]


def _textes(procedure: dict) -> list[str]:
    textes = [procedure.get("objectif", ""), *procedure.get("prerequis", [])]
    for etape in procedure.get("etapes", []):
        textes += [etape.get("texte", ""), etape.get("astuce", ""), etape.get("si_echec", "")]
    return [t for t in textes if t]


@pytest.mark.parametrize("fichier", FICHIERS, ids=["exemple", "nouveau"])
def test_procedures_speak_to_the_team_not_to_a_programmer(fichier):
    procedures = yaml.safe_load(fichier.read_text(encoding="utf-8"))["procedures"]
    textes = [t for p in procedures for t in _textes(p)]
    assert not [t for t in textes if re.search(r"\bdata/|\.yml\b", t)]
    # An assistant never needs a practitioner's own mailbox: the practitioner opens the e-mail.
    assert not [t for t in textes if "boîte e-mail de référence du praticien" in t]
    # The monthly test covers every account each month, as the home page's « À faire » says.
    test = next(p for p in procedures if p["id"] == "test-recuperation")
    assert not [t for t in _textes(test) if "compte différent" in t]
    assert any("une fois par mois" in t for t in _textes(test))
