"""The problem codes: one registry, every code used, listed, and produced by some input.

The bad-input corpus (tests/bad_inputs/) proves most codes on the example data, each at its
position. :data:`SCENARIOS` produces every other one here: warnings (which never stop
``check``), the private file, the settings, a page citing an unknown id, and the rare
shapes of YAML. Together they cover the whole registry.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, TODAY, macros_de_page
from pydantic import BaseModel, Field, ValidationError

from macros import cli
from macros.donnees import lecteur
from macros.donnees.chargement import charger
from macros.donnees.codes import CODES, FAMILLES, FORMAT_CODE, famille
from macros.donnees.lecteur import lire_yaml
from macros.donnees.messages import problemes_pydantic
from macros.donnees.modele import FICHIERS
from macros.donnees.problemes import DonneesInvalides, Probleme
from macros.donnees.reglages import lire_reglages
from macros.donnees.regles import REGLES

CORPUS = sorted((ROOT / "tests" / "bad_inputs").glob("*.yml"))
SOLO = ROOT / "tests" / "fixtures" / "solo"

# --- the registry -------------------------------------------------------------------------


def test_codes_are_unique_well_formed_and_described():
    from macros.donnees.codes import _CODES

    assert len(CODES) == len(_CODES), "a code is defined twice"
    for code, description in CODES.items():
        assert FORMAT_CODE.fullmatch(code), code
        assert famille(code) in FAMILLES, code
        assert description.strip() == description and "\n" not in description, code
        assert description and not description.endswith("."), code
    assert all(any(famille(c) == f for c in CODES) for f in FAMILLES), "a family has no code"


#: Strings shaped like codes that are not: VS Code's setting for schemas by file name.
_PAS_DES_CODES = {"yaml.schemas"}
#: File names look like codes (``support.md``): they are not looked at.
_EXTENSIONS = {"md", "yml", "yaml", "ics", "j2", "html", "pdf", "json", "css", "js", "txt", "py"}


def _code_literals() -> dict[str, list[str]]:
    """Every string of the package shaped like a code, and where it is written."""
    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "macros").rglob("*.py")):
        if path.name == "codes.py" and path.parent.name == "donnees":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            value = node.value
            if (
                value not in _PAS_DES_CODES
                and FORMAT_CODE.fullmatch(value)
                and famille(value) in FAMILLES
                and value.rsplit(".", 1)[1] not in _EXTENSIONS
            ):
                out.setdefault(value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return out


def test_every_code_written_in_the_code_is_registered_and_every_registered_code_is_used():
    written = _code_literals()
    unregistered = {code: where for code, where in written.items() if code not in CODES}
    assert not unregistered, f"codes used but not in macros/donnees/codes.py: {unregistered}"
    unused = sorted(set(CODES) - set(written))
    assert not unused, f"registered codes that no check produces: {unused}"


def test_a_problem_refuses_an_unregistered_code():
    with pytest.raises(ValueError, match=re.escape("unregistered problem code 'equipe.inconnu'")):
        Probleme("data/equipe.yml", 1, 1, message="x", code="equipe.inconnu")
    with pytest.raises(TypeError):
        Probleme("data/equipe.yml", 1, 1, message="x")  # type: ignore[call-arg]


def test_a_problem_line_ends_with_its_code():
    p = Probleme(
        "data/equipe.yml",
        128,
        14,
        "membres[5].back_up",
        "un membre ne peut pas être son propre back-up",
        "choisissez une autre personne de l'équipe",
        code="equipe.back-up-soi-meme",
    )
    assert str(p) == (
        "data/equipe.yml:128:14 — membres[5].back_up : un membre ne peut pas être son propre "
        "back-up ; choisissez une autre personne de l'équipe [equipe.back-up-soi-meme]"
    )
    warning = Probleme(
        "data/journal.yml",
        3,
        11,
        message="date future",
        code="journal.date-future",
        avertissement=True,
    )
    assert (
        str(warning) == "data/journal.yml:3:11 — date future (avertissement) [journal.date-future]"
    )


def test_problems_sort_by_position_then_text_then_code():
    def p(ligne: int, code: str) -> Probleme:
        return Probleme("data/roles.yml", ligne, 1, "", "même message", code=code)

    assert sorted(
        [p(2, "roles.sans-membre"), p(1, "yaml.indentation"), p(1, "yaml.cle-en-double")]
    ) == [
        p(1, "yaml.cle-en-double"),
        p(1, "yaml.indentation"),
        p(2, "roles.sans-membre"),
    ]


def test_every_rule_has_a_registered_code_and_known_files():
    assert len(REGLES) >= 40
    for r in REGLES:
        assert r.code in CODES, r.nom
        assert r.fichiers and set(r.fichiers) <= set(FICHIERS), r.nom
        # A rule checks its own file: the family of its code names it, or it checks ids.
        assert famille(r.code) in (*r.fichiers, "identifiants"), (r.nom, r.code, r.fichiers)


# --- python -m macros check --codes ---------------------------------------------------------


def test_check_codes_lists_every_code_by_family(capsys):
    assert cli.main(["check", "--codes"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == (
        f"Codes des problèmes signalés dans les données ({len(CODES)} codes, "
        f"{len(FAMILLES)} familles) :"
    )
    listed = [line.split()[0] for line in lines if line.startswith("  ")]
    assert listed == list(CODES)  # each once, in the registry's order
    for code, description in CODES.items():
        assert any(line.split() == [code, *description.split()] for line in lines), code
    titles = [line for line in lines if line and not line.startswith(" ")][1:]
    assert titles == [f"{titre} ({nom}.*) :" for nom, titre in FAMILLES.items()]
    # Grouped: every code comes under the title of its family.
    current = None
    for line in lines[1:]:
        if line and not line.startswith(" "):
            current = line.rsplit("(", 1)[1].split(".")[0]
        elif line:
            assert famille(line.split()[0]) == current, line


def test_make_codes_runs_the_listing():
    """``make codes`` (with the project's .venv, as ``make test`` has just made it) lists them."""
    if not (ROOT / ".venv" / ".installed").is_file():
        pytest.skip("make codes needs the project's .venv (make test creates it)")
    sortie = subprocess.run(
        ["make", "--no-print-directory", "codes"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert all(code in sortie for code in CODES)


# --- every code is produced by some input ---------------------------------------------------

Scenario = Callable[[Path, pytest.MonkeyPatch], list[Probleme]]


def _texte(texte: str) -> Scenario:
    """The problems of a YAML text read by the strict reader."""
    return lambda tmp_path, monkeypatch: lire_yaml(texte, "data/f.yml")[1]


def _charger(data: Path, prive: Path | None = None) -> list[Probleme]:
    try:
        return charger(data, TODAY, prive).avertissements
    except DonneesInvalides as err:
        return err.problemes


def _donnees(source: Path = ROOT / "data", **edits: tuple[str, str]) -> Scenario:
    """The problems (errors and warnings) of the example data (or of ``source``) where
    ``old`` becomes ``new``."""

    def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Probleme]:
        data = tmp_path / "data"
        data.mkdir()
        for name in FICHIERS:
            shutil.copy2(source / f"{name}.yml", data / f"{name}.yml")
        for name, (old, new) in edits.items():
            path = data / f"{name}.yml"
            text = path.read_text(encoding="utf-8")
            assert old in text, (name, old)
            path.write_text(text.replace(old, new), encoding="utf-8")
        return _charger(data)

    return run


def _entete_perdue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Probleme]:
    """A data folder moved inside a checkout of the tool: its headers point nowhere."""
    shutil.copytree(ROOT / "macros" / "schemas", tmp_path / "macros" / "schemas")
    (tmp_path / "cabinets").mkdir()
    return _donnees()(tmp_path / "cabinets", monkeypatch)


def _prive(texte: str) -> Scenario:
    """The problems of the example data with a private file."""

    def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Probleme]:
        private = tmp_path / "private.yml"
        private.write_text(texte, encoding="utf-8")
        return _charger(ROOT / "data", private)

    return run


class _Modele(BaseModel):
    """A small model for the pydantic errors the handbook's model never raises."""

    nombres: list[int] = Field(default_factory=list, min_length=2)
    taux: float = 0.5


def _pydantic(texte: str) -> Scenario:
    def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Probleme]:
        doc, _ = lire_yaml(texte, "data/f.yml")
        assert doc is not None
        with pytest.raises(ValidationError) as err:
            _Modele.model_validate(doc.data)
        return problemes_pydantic(err.value, doc, _Modele)

    return run


def _reglage(**variables: str) -> Scenario:
    def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Probleme]:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        with pytest.raises(DonneesInvalides) as err:
            lire_reglages()
        return err.value.problemes

    return run


def _illisible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Probleme]:
    path = tmp_path / "f.yml"
    path.write_text("a: 1\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission non accordée")

    monkeypatch.setattr(Path, "open", refuse)
    return lire_yaml(path, "data/f.yml")[1]


def _fin_de_fichier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Probleme]:
    """libyaml only reports an unexpected end inside a quoted text; the row stays as a net."""
    mark = yaml.Mark("f", 3, 0, 3, None, None)
    err = yaml.MarkedYAMLError(problem="found unexpected end of stream", problem_mark=mark)
    return [lecteur._erreur_yaml("data/f.yml", err, "a: ")]


def _page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Probleme]:
    """A page of docs/ citing a procedure that the data does not define."""
    macros = macros_de_page(monkeypatch, "procedures.md")
    with pytest.raises(DonneesInvalides) as err:
        macros["lien_procedure"]("procedure-absente")
    [probleme] = err.value.problemes
    assert str(probleme).startswith("docs/procedures.md — la page cite la procédure")
    return [probleme]


def _faits(avant: str, apres: str) -> Scenario:
    """The problems of the example data with the product's facts file where ``avant``
    becomes ``apres``."""

    def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Probleme]:
        from macros.donnees.carpimko import FICHIER_FAITS

        texte = FICHIER_FAITS.read_text(encoding="utf-8")
        assert texte.count(avant) == 1, avant
        copie = tmp_path / "faits-carpimko.yml"
        copie.write_text(texte.replace(avant, apres), encoding="utf-8")
        try:
            return charger(ROOT / "data", TODAY, faits=copie).avertissements
        except DonneesInvalides as err:
            return err.problemes

    return run


_CONSERVATION = "  conservation: 10 ans après la fin d'activité du praticien (choix du cabinet)"

#: An input for each code that the bad-input corpus does not produce.
SCENARIOS: dict[str, Scenario] = {
    # --- situations, dates, dispenses, delegations and accountability (issue #13) ---
    "schema.cle-renommee": _donnees(
        equipe=("    situation: non_affilie", "    statut_carpimko: non_affilie")
    ),
    "equipe.ancien-membre-sans-ayant-droit": _donnees(
        equipe=(
            "    situation: non_affilie",
            "    situation: non_affilie\n    ancien_membre: Jean Dupont",
        )
    ),
    "equipe.depart-avant-arrivee": _donnees(
        equipe=(
            "    situation: non_affilie",
            "    situation: non_affilie\n    arrivee: 2026-01-01\n    depart: 2025-01-01",
        )
    ),
    "equipe.dispense-en-double": _donnees(
        equipe=(
            "    situation: titulaire\n",
            "    situation: titulaire\n    dispenses:\n      - {controle: test, motif: a}\n"
            "      - {controle: test, motif: b}\n",
        )
    ),
    "equipe.dispense-sans-compte": _donnees(
        equipe=(
            "    situation: non_affilie",
            "    situation: non_affilie\n    dispenses: [{controle: audit, motif: salariée}]",
        )
    ),
    "roles.methode-contredite": _donnees(
        roles=(
            "      avec le numéro de dossier.\n    methode_acces: numero_dossier",
            "      avec le numéro de dossier.\n    methode_acces: franceconnect",
        )
    ),
    "actions.compte-personnel-sans-praticien": _donnees(
        actions=(
            "    raci: {praticien: RA, assistant: C}",
            "    raci: {assistant: RA, praticien: C}",
        )
    ),
    "actions.continuite-a-absent": _donnees(
        actions=(
            "    raci: {back-up: RA, assistant: R, titulaire: I}",
            "    raci: {back-up: R, assistant: R, titulaire: A}",
        )
    ),
    "actions.continuite-inconnue": _donnees(
        actions=("    continuite_de: titulaire", "    continuite_de: directeur")
    ),
    # --- a practice of one (tests/fixtures/solo), back-ups who left, one procedure per check ---
    "equipe.seul-sans-back-up": _donnees(SOLO),
    "equipe.back-up-parti": _donnees(
        equipe=(
            "    situation: associe\n    roles: [praticien, back-up]",
            "    situation: associe\n    depart: 2026-06-30\n    roles: [praticien, back-up]",
        )
    ),
    "journal.sans-seconde-validation": _donnees(
        journal=(
            "    valide_par: claire-durand\n    details: Prélèvement",
            "    details: Prélèvement",
        )
    ),
    "procedures.controle-en-double": _donnees(
        SOLO,
        procedures=("    controle: audit\n", "    controle: test\n"),
    ),
    "fichier.dossier-introuvable": lambda tmp_path, mp: _charger(tmp_path / "absent"),
    "fichier.illisible": _illisible,
    "fichier.schema-introuvable": _entete_perdue,
    "yaml.accolade-non-fermee": _texte("a: {x: 1\nb: 1\n"),
    "yaml.deux-points-manquant": _texte("a: 1\nb\nc: 2\n"),
    "yaml.tiret-inattendu": _texte("a: - x\n"),
    "yaml.en-trop": _texte("a: [x]]\n"),
    "yaml.texte-apres-valeur": _texte('"a" b: c\n'),
    "yaml.caractere-de-debut": _texte("a: @x\n"),
    "yaml.directive": _texte("a: 1\n%x\n"),
    "yaml.bloc-mal-ecrit": _texte("a: |x\n  t\n"),
    "yaml.fin-inattendue": _fin_de_fichier,
    "yaml.valeur-mal-placee": _texte(",a\n"),
    "yaml.cle-complexe": _texte("? [x]\n: 3\n"),
    "yaml.cle-trop-longue": _texte('"' + "k" * 150 + '": 2\n'),
    "yaml.cle-invisible": _texte('"a\\nb": 1\n'),
    "yaml.syntaxe": _texte('a: "\\x4"\n'),
    "schema.trop-grand": _donnees(
        procedures=("    duree_minutes: 15\n", "    duree_minutes: 900\n")
    ),
    "schema.liste-vide": _donnees(
        cabinet=("  professions: [masseur-kinesitherapeute]", "  professions: []")
    ),
    "schema.liste-trop-courte": _pydantic("nombres: [1]\n"),
    "schema.valeur-invalide": _pydantic("taux: beaucoup\n"),
    "valeur.texte-vide": _donnees(cabinet=(_CONSERVATION, '  conservation: " "')),
    "valeur.caractere-de-controle": _donnees(
        cabinet=(_CONSERVATION, '  conservation: "10 ans\\x01"')
    ),
    "valeur.url-invalide": _donnees(
        cabinet=("  site: https://www.carpimko.com", "  site: https://carpimko")
    ),
    "valeur.a-completer": _donnees(cabinet=(_CONSERVATION, "  conservation: À compléter")),
    "prive.membre-inconnu": _prive("membres:\n  inconnu:\n    email: x@exemple.fr\n"),
    "prive.numero-sans-guillemets": _prive(
        "membres:\n  claire-durand:\n    numero_dossier: 1234567\n"
    ),
    "prive.numero-invalide": _prive('membres:\n  claire-durand:\n    numero_dossier: "12A4567"\n'),
    "prive.longueur-numero": _prive('membres:\n  claire-durand:\n    numero_dossier: "123456"\n'),
    "cabinet.page-inconnue": _donnees(
        cabinet=("pages: [calendrier, roles, journal]", "pages: [calendrier, roles, jounal]")
    ),
    "cabinet.version-hors-historique": _donnees(
        cabinet=('  version: "2.0"\n  date_publication', '  version: "2.1"\n  date_publication')
    ),
    "roles.escalade-soi-meme": _donnees(roles=("    escalade: []", "    escalade: [titulaire]")),
    "equipe.role-repete": _donnees(
        equipe=("    roles: [titulaire, praticien]", "    roles: [titulaire, praticien, titulaire]")
    ),
    "equipe.methode-acces-manquante": _donnees(
        equipe=("    methode_acces: numero_dossier\n    back_up:", "    back_up:")
    ),
    "equipe.paiement-manquant": _donnees(
        equipe=("    paiement:\n      rythme: annuel\n      prelevement: false\n", "")
    ),
    "equipe.sans-profession": _donnees(equipe=("    fonction: Assistante administrative\n", "")),
    "equipe.delegation-soi-meme": _donnees(
        equipe=(
            "    delegations:\n      - membre: julie-roux",
            "    delegations:\n      - membre: claire-durand",
        )
    ),
    "equipe.delegation-en-double": _donnees(
        equipe=(
            "    delegations:\n",
            "    delegations:\n      - membre: julie-roux\n        methode_acces: numero_dossier\n"
            "        perimetre: [Consulter le solde]\n",
        )
    ),
    "equipe.attestation-en-double": _donnees(
        equipe=(
            "      - annee: 2025\n        obtenue_le: 2026-01-19",
            "      - annee: 2024\n        obtenue_le: 2026-01-19",
        )
    ),
    "calendrier.frequence-impossible": _donnees(
        calendrier=("    frequence: mensuelle", "    frequence: quotidienne")
    ),
    "calendrier.mois-repete": _donnees(calendrier=("mois: [1, 4, 7, 10]", "mois: [1, 4, 4, 10]")),
    "calendrier.echeance-hors-annee": _donnees(
        calendrier=("    date: 2026-01-15", "    date: 2027-01-15")
    ),
    "procedures.partie-vide": _donnees(
        procedures=("    partie: attestations", "    partie: cotisations")
    ),
    "journal.date-future": _donnees(journal=("  - date: 2026-10-05", "  - date: 2026-12-05")),
    "reglage.handbook-pdf": _reglage(HANDBOOK_PDF="peut-être"),  # in the corpus too
    "page.identifiant-inconnu": _page,
    # --- the product's facts about the CARPIMKO (macros/donnees/faits-carpimko.yml) ---
    "faits.source-inconnue": _faits("    sources: [css-d642-1]\n", "    sources: [css-d642-2]\n"),
    "faits.source-inutilisee": _faits(
        "    sources: [css-d642-1]\n", "    sources: [carpimko-cotisations]\n"
    ),
    "faits.montant-sans-annee": _faits(
        "Le téléphone de la CARPIMKO est le 01 30 48 10 00.",
        "Un appel coûte 0,15 € la minute.",
    ),
}


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_each_scenario_produces_its_code(code, tmp_path, monkeypatch):
    problemes = SCENARIOS[code](tmp_path, monkeypatch)
    assert code in {p.code for p in problemes}, [str(p) for p in problemes]


def _corpus_codes() -> set[str]:
    out: set[str] = set()
    for path in CORPUS:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        out |= {line.split()[-1] for line in case["codes"]}
    return out


def test_every_registered_code_is_produced_by_the_corpus_or_a_scenario():
    produced = _corpus_codes() | set(SCENARIOS)
    assert sorted(set(CODES) - produced) == []
    assert sorted(produced - set(CODES)) == []
