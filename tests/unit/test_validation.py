"""Cross-file rules, password refusal and the second example cabinet (tests/fixtures/infirmiers)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, TODAY, donnees_modifiees

from macros.donnees.chargement import charger
from macros.donnees.lecteur import lire_yaml
from macros.donnees.modele import FICHIERS, Partie, Profession, Situation
from macros.donnees.motsdepasse import cle_mot_de_passe, mots_de_passe, texte_mot_de_passe
from macros.donnees.problemes import DonneesInvalides
from macros.donnees.regles import accolade_isolee
from macros.donnees.types import suggestion

INFIRMIERS = FIXTURES / "infirmiers"
EXAMPLES = [ROOT / "data", INFIRMIERS]


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Work in ``tmp_path``: messages then name the files « data/equipe.yml »."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _copy(source: Path, tmp_path: Path, **edits: tuple[str, str]) -> Path:
    """A copy of a data folder where ``fichier=(old, new)`` replaces a text found once."""
    data = tmp_path / "data"
    data.mkdir()
    for name in FICHIERS:
        shutil.copy2(source / f"{name}.yml", data / f"{name}.yml")
    for name, (old, new) in edits.items():
        path = data / f"{name}.yml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    return data


def _errors(data: Path) -> list[str]:
    with pytest.raises(DonneesInvalides) as info:
        charger(data, TODAY)
    return [str(p) for p in info.value.erreurs]


def _codes(data: Path) -> list[tuple[str, str]]:
    """``(fichier:ligne, code)`` of every error, in the report's order."""
    with pytest.raises(DonneesInvalides) as info:
        charger(data, TODAY)
    return [(f"{p.fichier}:{p.ligne}", p.code) for p in info.value.erreurs]


# --- the second cabinet ------------------------------------------------------------------------


def test_the_infirmiers_cabinet_is_valid_without_warnings():
    chargement = charger(INFIRMIERS, TODAY)
    assert chargement.avertissements == []
    hb = chargement.handbook
    assert hb.cabinet.cabinet.nom == "Cabinet infirmier des Tilleuls"
    assert {p.partie for p in hb.procedures.procedures} == set(Partie)
    # A different team from the kiné example: other roles, an ayant droit, a remplaçante.
    example = charger(ROOT / "data", TODAY).handbook
    assert {r.id for r in hb.roles.roles} != {r.id for r in example.roles.roles}
    assert "secretaire" in {r.id for r in hb.roles.roles}
    assert any(m.situation is Situation.ayant_droit for m in hb.equipe.membres)
    assert any("remplaçante" in (m.fonction or "") for m in hb.equipe.membres)
    # Two professions, practitioners in several situations (the ayant droit has no profession).
    assert {m.profession for m in hb.equipe.membres if m.profession} == {
        Profession.infirmier,
        Profession.pedicure_podologue,
    }


def test_the_infirmiers_cabinet_holds_no_private_data():
    for path in sorted(INFIRMIERS.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        for address in re.findall(r"[\w.+-]+@[\w.-]+", text):
            assert address.endswith(".example"), (path.name, address)
        assert not re.search(r"(?<![\d-])\d{7}(?:\d{2})?(?![\d-])", text), path.name


@pytest.mark.parametrize("folder", EXAMPLES, ids=["kine", "infirmiers"])
def test_no_password_is_seen_in_the_examples(folder):
    """No false positive: « Mot de passe oublié », « mot de passe provisoire »… are fine."""
    for name in FICHIERS:
        doc, problems = lire_yaml(folder / f"{name}.yml", name)
        assert doc is not None, problems
        assert mots_de_passe(doc) == []


def test_the_infirmiers_cabinet_builds(site_infirmiers):
    """The strict build works for another cabinet (its own members, pages and calendars):
    the shared build of tests/fixtures/infirmiers (conftest.py)."""
    site = site_infirmiers
    assert "Cabinet infirmier des Tilleuls" in (site / "index.html").read_text(encoding="utf-8")
    fiche = (site / "equipe" / "lea-fontaine" / "index.html").read_text(encoding="utf-8")
    assert "Léa Fontaine" in fiche


def test_a_role_held_only_by_someone_who_left_has_no_holder(here):
    """Yves Caron left on 30 June 2026: once the suppléant role is his alone, nobody holds
    it (and nobody does the actions it does)."""
    data = donnees_modifiees(
        here,
        INFIRMIERS,
        equipe=[
            ("    roles: [praticien, suppleant]", "    roles: [praticien]"),
            (
                "    depart: 2026-06-30\n    roles: [praticien]",
                "    depart: 2026-06-30\n    roles: [praticien, suppleant]",
            ),
        ],
    )
    codes = _codes(data)
    assert ("data/roles.yml:60", "roles.sans-membre") in codes
    assert "actions.r-sans-membre" in {code for _, code in codes}


# --- the rules hold for another cabinet, not only the kiné example -----------------------------


def test_rules_on_the_second_cabinet(here):
    data = _copy(
        INFIRMIERS,
        here,
        journal=("    valide_par: paul-girard", "    valide_par: nadia-benali"),
        equipe=("    roles: [secretaire]", "    roles: [praticien]"),
        actions=("raci: {suppleant: RA, secretaire: R, titulaire: I}", "raci: {suppleant: R}"),
        support=("Message affiché : {message_erreur}", "Message affiché : {erreur}"),
    )
    codes = {code for _, code in _codes(data)}
    assert codes == {
        "journal.auto-validation",
        "roles.sans-membre",
        "actions.r-sans-membre",
        "actions.sans-a",
        # The secretary now holds the practitioners' role, A of their personal accounts.
        "actions.compte-personnel-sans-praticien",
        "support.modele-email",
    }
    errors = _errors(data)
    (field,) = [e for e in errors if "{erreur}" in e]
    assert field.startswith("data/support.yml:14:25 — modeles[1].corps : ")  # inside the block
    assert field.endswith("[support.modele-email]")


def test_every_problem_of_every_file_at_once(here):
    data = _copy(
        INFIRMIERS,
        here,
        cabinet=('code_postal: "69100"', 'code_postal: "6910"'),
        roles=("    escalade: [titulaire, suppleant]", "    escalade: [titulaire, supleant]"),
        calendrier=("    heure: 9h30", "    heure: 9h75"),
        procedures=("    partie: support", "    partie: suport"),
    )
    # One problem per broken file, sorted by file.
    assert [(where.split(":")[0], code) for where, code in _codes(data)] == [
        ("data/cabinet.yml", "valeur.code-postal-invalide"),
        ("data/calendrier.yml", "valeur.heure-invalide"),
        ("data/procedures.yml", "valeur.choix-inconnu"),
        ("data/roles.yml", "roles.escalade-inconnue"),
    ]


def test_a_rule_runs_as_soon_as_the_files_it_needs_are_valid(here):
    """A broken equipe.yml stops only the rules that read it: roles.yml is still checked."""
    data = _copy(
        INFIRMIERS,
        here,
        equipe=("    nom: Paul Girard\n", "    nom: [Paul Girard]\n"),
        roles=("    escalade: [titulaire, suppleant]", "    escalade: [titulaire, supleant]"),
    )
    assert sorted(code for _, code in _codes(data)) == [
        "roles.escalade-inconnue",
        "schema.texte-attendu",
    ]


# --- passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "mot_de_passe",
        "motdepasse",
        "MotDePasse",
        "Mot de passe",
        "mot-de-passé",
        "password",
        "PASSWORD_hash",
        "passwd",
        "pwd",
        "MDP",
        "ancien_mdp",
        "pass",
        "code_secret",
        "Code-Secret",
    ],
)
def test_password_keys_are_recognised(key):
    assert cle_mot_de_passe(key)


@pytest.mark.parametrize(
    "key", ["passeport", "passage", "impasse", "secretaire", "compas", "back_up", "methode_acces"]
)
def test_ordinary_keys_are_not_passwords(key):
    assert not cle_mot_de_passe(key)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("mot de passe : Azerty2026!", "Azerty2026!"),
        ("mdp=xyz", "xyz"),
        ("password: hunter2", "hunter2"),
        ("Mot de passe: Soleil", "Soleil"),
        ("Identifiant : 0000000\nMot de passe : Tilleul", "Tilleul"),
        ("Le mot de passe est Azerty2026", "Azerty2026"),
        ("Mot de passe provisoire : K8#pz", "K8#pz"),
        ("Code secret : 1234", "1234"),
        ("PWD = abc", "abc"),
        ("İİ Mot De Passé : Secret-2026", "Secret-2026"),
    ],
)
def test_credentials_in_text_are_found_without_their_secret(text, secret):
    span = texte_mot_de_passe(text)
    assert span is not None
    assert secret not in text[span[0] : span[1]]


@pytest.mark.parametrize(
    "text",
    [
        "Mot de passe oublié",
        "mot de passe provisoire",
        "Créez un mot de passe long et unique",
        "Tester « Mot de passe oublié » : chaque mois",
        "Mot de passe oublié : cliquez sur le lien reçu",
        "mot de passe : utilisez le coffre-fort de l'équipe",
        "Un mot de passe, même ancien ou provisoire",
        "Le numéro de dossier (dans l'objet, jamais le mot de passe)",
        "Mot de passe : {numero_dossier}",
        "le mot de passe est long et unique",
        "Mot de passe : ********",
        "passeport : à jour",
    ],
)
def test_sentences_about_passwords_are_not_credentials(text):
    assert texte_mot_de_passe(text) is None


def test_password_refusal_explains_and_never_repeats_the_secret(here):
    data = _copy(
        INFIRMIERS,
        here,
        equipe=("    nom: Paul Girard\n", "    nom: Paul Girard\n    mot_de_passe: Tilleul-2026\n"),
        journal=(
            "    details: Nouveau compte professionnel après un changement de banque.",
            "    details: 'Nouveau compte, mdp : Banque-2026'",
        ),
    )
    with pytest.raises(DonneesInvalides) as info:
        charger(data, TODAY)
    report = str(info.value)
    assert "Tilleul-2026" not in report and "Banque-2026" not in report
    assert "clé inconnue" not in report
    lines = [str(p) for p in info.value.erreurs]
    assert len(lines) == 2, lines
    key, value = sorted(lines)
    assert [p.code for p in info.value.erreurs] == [
        "securite.cle-mot-de-passe",
        "securite.mot-de-passe",
    ]
    assert key.startswith("data/equipe.yml:")
    assert "clé « mot_de_passe » refusée : le manuel ne contient jamais de mot de passe" in key
    assert "coffre-fort de mots de passe" in key
    assert value.startswith("data/journal.yml:")
    assert "(« mdp : … »)" in value


# --- helpers of the rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("{nom} et {statut}", None),
        ("accolade seule : {{ et }}", None),
        ("{nom", (0, "accolade « { » jamais fermée")),
        ("a {b {c}", (2, "accolade « { » jamais fermée")),
        ("a } b", (2, "accolade « } » sans accolade « { » avant elle")),
        ("{nom\n}", (0, "accolade « { » jamais fermée")),
    ],
)
def test_lone_braces(text, result):
    assert accolade_isolee(text) == result


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("franceconect", " (vouliez-vous dire « franceconnect » ?)"),
        ("marc", " (vouliez-vous dire « marc-lefebvre » ?)"),
        ("ma", ""),
        ("zzz", ""),
    ],
)
def test_suggestion(value, hint):
    assert suggestion(value, ["franceconnect", "marc-lefebvre", "numero_dossier"]) == hint
