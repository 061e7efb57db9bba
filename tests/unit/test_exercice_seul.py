"""A practice of one (tests/fixtures/solo): what a team's rules become when nobody else is there.

The decisions (README, « A practice of one »): a practitioner alone gets a warning, not an
error, for having no back-up, and can name a trusted person outside the practice instead;
a back-up is needed as soon as someone else is in the practice; a back-up who left is a
warning; a sensitive change made alone has no second validation, but one made while
someone else was there does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES, TODAY, contexte, donnees_modifiees

from macros.domaine.sante import alertes
from macros.donnees.chargement import charger
from macros.donnees.problemes import DonneesInvalides
from macros.pages.equipe import fiche_membre

SOLO = FIXTURES / "solo"

#: A trusted person outside the practice, written as the warning's advice says.
PERSONNE_DE_CONFIANCE = """
  - id: yann-le-gall
    nom: Yann Le Gall
    fonction: Personne de confiance (hors cabinet)
    situation: non_affilie
    arrivee: 2026-11-01
"""

#: A colleague who joins the practice.
COLLEGUE = """
  - id: lucie-kerouac
    nom: Lucie Kerouac
    profession: orthoptiste
    situation: collaborateur
    roles: [orthoptiste]
    methode_acces: franceconnect
    back_up: elise-marchand
    paiement: {rythme: annuel, prelevement: true}
"""

BACK_UP = (
    "    methode_acces: franceconnect\n",
    "    methode_acces: franceconnect\n    back_up: {}\n",
)


def _problemes(data: Path) -> list[tuple[str, str, bool]]:
    """``(fichier:ligne, code, avertissement)`` of every problem, errors or not."""
    try:
        problemes = charger(data, TODAY).avertissements
    except DonneesInvalides as err:
        problemes = err.problemes
    return [(f"{Path(p.fichier).name}:{p.ligne}", p.code, p.avertissement) for p in problemes]


#: The solo practice's data with a trusted person outside it as her back-up.
AVEC_PERSONNE_DE_CONFIANCE = [
    (BACK_UP[0], BACK_UP[1].format("yann-le-gall")),
    (
        "    dernier_test_recuperation: 2026-11-09\n",
        "    dernier_test_recuperation: 2026-11-09\n" + PERSONNE_DE_CONFIANCE,
    ),
]


def test_alone_without_back_up_is_a_warning_and_the_practice_builds():
    assert _problemes(SOLO) == [("equipe.yml:6", "equipe.seul-sans-back-up", True)]


def test_a_trusted_person_outside_the_practice_can_be_the_back_up(tmp_path):
    data = donnees_modifiees(
        tmp_path,
        SOLO,
        equipe=AVEC_PERSONNE_DE_CONFIANCE,
    )
    assert _problemes(data) == []
    hb = charger(data, TODAY).handbook
    # The trusted person has no account: no check is due, no template is theirs.
    assert [a for a in alertes(hb) if a.membre == "yann-le-gall"] == []
    page = str(fiche_membre(contexte(hb, "equipe/elise-marchand.md"), "elise-marchand"))
    assert "Mon back-up est" in page and "Yann Le Gall" in page
    assert "J'exerce seul(e)" not in page
    confiance = str(fiche_membre(contexte(hb, "equipe/yann-le-gall.md"), "yann-le-gall"))
    assert "Je n'ai pas de compte CARPIMKO personnel." in confiance
    assert "Écrire au Service client" not in confiance


def test_a_change_made_alone_needs_no_second_validation_but_not_once_someone_is_there(tmp_path):
    """The journal's two entries (April and October) were made alone; one made after the
    trusted person arrived (1 November) needs them, or anyone there, to validate it."""
    apres = (
        "\n  - date: 2026-11-20\n    auteur: elise-marchand\n    changement: arret_prelevement\n"
        "    pour: elise-marchand\n"
    )
    data = donnees_modifiees(
        tmp_path,
        SOLO,
        equipe=AVEC_PERSONNE_DE_CONFIANCE,
        journal=("confirmé par la banque.\n", "confirmé par la banque.\n" + apres),
    )
    assert _problemes(data) == [("journal.yml:12", "journal.sans-seconde-validation", False)]


def test_with_a_colleague_in_the_practice_a_back_up_is_required(tmp_path):
    data = donnees_modifiees(
        tmp_path,
        SOLO,
        equipe=(
            "    dernier_test_recuperation: 2026-11-09\n",
            "    dernier_test_recuperation: 2026-11-09\n" + COLLEGUE,
        ),
    )
    problemes = _problemes(data)
    assert ("equipe.yml:6", "equipe.back-up-manquant", False) in problemes
    assert "equipe.seul-sans-back-up" not in {code for _, code, _ in problemes}
    # … and the changes she made alone while the colleague was there need a validation.
    assert {p for p in problemes if p[1] == "journal.sans-seconde-validation"} == {
        ("journal.yml:6", "journal.sans-seconde-validation", False),
        ("journal.yml:12", "journal.sans-seconde-validation", False),
    }


@pytest.mark.parametrize("avec_back_up", [True, False])
def test_alone_again_after_the_colleague_left(tmp_path, avec_back_up):
    """The colleague left in June: nobody is there to take over any more."""
    parti = COLLEGUE.replace(
        "    situation: collaborateur\n",
        "    situation: collaborateur\n    arrivee: 2024-01-01\n    depart: 2026-06-30\n",
    )
    remplacements = [
        (
            "    dernier_test_recuperation: 2026-11-09\n",
            "    dernier_test_recuperation: 2026-11-09\n" + parti,
        ),
    ]
    if avec_back_up:
        remplacements.insert(0, (BACK_UP[0], BACK_UP[1].format("lucie-kerouac")))
    data = donnees_modifiees(tmp_path, SOLO, equipe=remplacements)
    problemes = _problemes(data)
    # No error: the April change was validated by nobody while Lucie was there, though.
    erreurs = [p for p in problemes if not p[2]]
    assert erreurs == [("journal.yml:6", "journal.sans-seconde-validation", False)]
    avertissements = {code for _, code, avertissement in problemes if avertissement}
    if avec_back_up:
        assert avertissements == {"equipe.back-up-parti"}
    else:
        assert avertissements == {"equipe.seul-sans-back-up"}
