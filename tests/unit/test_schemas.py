"""The JSON Schemas in macros/schemas/ (editor help): up to date, French, and in step with the model."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import ROOT, TODAY
from pydantic import ValidationError

from macros import DonneesInvalides, charger
from macros.donnees.lecteur import lire_yaml
from macros.donnees.modele import Modele
from macros.donnees.prive import DonneesPrivees, FichierPrive
from macros.donnees.types import Choix
from macros.sorties import schemas

DATA = ROOT / "data"
# The committed data files (a cabinet's own data/private.yml is never committed: left out).
EXAMPLES = sorted(p for p in DATA.glob("*.yml") if p.name != "private.yml")

#: Valid items added where a cabinet's file may have none, so that every mistake has a target.
SAMPLES = {
    ("calendrier", "routines"): {"id": "r", "titre": "T", "frequence": "mensuelle", "role": "x"},
    ("calendrier", "echeances"): {"id": "e", "date": "2026-01-15", "titre": "T", "role": "x"},
    ("journal", "entrees"): {
        "date": "2026-01-12",
        "auteur": "a",
        "changement": "modification_rib",
        "pour": "b",
        "valide_par": "c",
    },
}


def _validator(nom: str) -> jsonschema.Draft7Validator:
    schema = json.loads(schemas.chemin(nom).read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def _read(path: Path) -> Any:
    doc, problems = lire_yaml(path, path.name)
    assert doc is not None, problems
    return doc.data


def _errors(nom: str, data: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(nom).iter_errors(data)
    ]


def _walk(node: Any):
    """Every dict inside a JSON document."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


# --- the checked-in files -------------------------------------------------------------------


@pytest.mark.parametrize("nom", list(schemas.SCHEMAS))
def test_checked_in_schema_is_up_to_date(nom):
    path = schemas.chemin(nom)
    assert path.is_file(), f"{path.relative_to(ROOT)} manque : lancez make schemas"
    assert path.read_text(encoding="utf-8") == schemas.texte(nom), (
        f"{path.relative_to(ROOT)} ne correspond plus au modèle : lancez make schemas"
    )


def test_no_stray_schema_file():
    expected = {schemas.chemin(nom).name for nom in schemas.SCHEMAS}
    found = {p.name for p in schemas.SCHEMAS_DIR.glob("*.json")}
    assert found == expected, "schémas en trop ou manquants : lancez make schemas"


def test_output_is_deterministic_and_ends_with_a_newline():
    first = schemas.texte("equipe")
    assert first == schemas.texte("equipe")
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert (
        json.dumps(json.loads(first), ensure_ascii=False, indent=2, sort_keys=True) + "\n" == first
    )


def test_check_mode_reports_stale_schemas_and_write_mode_fixes_them(tmp_path, capsys):
    assert schemas.main(["--dossier", str(tmp_path), "--verifier"]) == 1
    assert "lancez make schemas" in capsys.readouterr().err
    assert not list(tmp_path.iterdir()), "--verifier ne doit rien écrire"
    assert schemas.main(["--dossier", str(tmp_path)]) == 0
    assert schemas.main(["--dossier", str(tmp_path), "--verifier"]) == 0
    (tmp_path / "equipe.schema.json").write_text("{}\n", encoding="utf-8")
    assert schemas.main(["--dossier", str(tmp_path), "--verifier"]) == 1
    assert "equipe.schema.json" in capsys.readouterr().err


# --- what the editor gets -------------------------------------------------------------------


@pytest.mark.parametrize("nom", list(schemas.SCHEMAS))
def test_schema_is_valid_draft7_without_ref_siblings(nom):
    schema = json.loads(schemas.chemin(nom).read_text(encoding="utf-8"))
    assert schema["$schema"] == schemas.DRAFT
    jsonschema.Draft7Validator.check_schema(schema)
    # In draft-07 the keywords next to a $ref are ignored: the generator wraps them in allOf.
    with_siblings = [n for n in _walk(schema) if "$ref" in n and len(n) > 1]
    assert with_siblings == []
    assert "$defs" not in json.dumps(schema)


def test_every_class_has_french_texts():
    assert schemas.non_traduits() == [], "ajoutez leur titre et leur description à schemas.TEXTES"


@pytest.mark.parametrize("nom", list(schemas.SCHEMAS))
def test_every_key_has_a_french_description_and_no_english_docstring(nom):
    schema = schemas.schema(nom)
    missing = [
        key
        for node in _walk(schema)
        for key, sub in (node.get("properties") or {}).items()
        if "description" not in sub
    ]
    assert missing == [], f"clés sans description dans {nom} : ajoutez-la dans schemas.DESCRIPTIONS"
    descriptions = {
        n["description"] for n in _walk(schema) if isinstance(n.get("description"), str)
    }
    docstrings = {
        (cls.__doc__ or "").strip()
        for cls in [*_all_subclasses(Modele), *_all_subclasses(Choix), FichierPrive, DonneesPrivees]
    }
    assert not descriptions & docstrings, (
        "une docstring anglaise du modèle est montrée à l'utilisateur"
    )
    # Titles come from TEXTES only: no title made from a key name (« Back Up »).
    titles = {n["title"] for n in _walk(schema) if isinstance(n.get("title"), str)}
    assert titles <= {title for title, _ in schemas.TEXTES.values()}


def _all_subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_all_subclasses(sub)]
    return out


@pytest.mark.parametrize("nom", list(schemas.SCHEMAS))
def test_defaults_satisfy_their_own_schema(nom):
    # A default the editor proposes must be accepted (e.g. heure: 09:00, not 09:00:00).
    schema = schemas.schema(nom)
    checked = 0
    for node in _walk(schema):
        if "default" in node:
            sub = {k: v for k, v in node.items() if k != "default"}
            sub["definitions"] = schema.get("definitions", {})
            jsonschema.Draft7Validator(sub).validate(node["default"])
            checked += 1
    assert nom not in ("cabinet", "calendrier") or checked > 0


def test_enum_values_carry_their_french_labels():
    frequence = schemas.schema("calendrier")["definitions"]["Frequence"]
    labels = dict(zip(frequence["enum"], frequence["enumDescriptions"], strict=True))
    assert labels["selon_appel"] == "Selon l'appel de cotisations"


# --- the data files -------------------------------------------------------------------------


def test_every_data_file_has_a_schema():
    assert EXAMPLES
    for path in EXAMPLES:
        assert schemas.nom_du_schema(path) in schemas.SCHEMAS, path.name
    assert {schemas.nom_du_schema(p) for p in EXAMPLES} >= set(schemas.FICHIERS)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_data_file_names_its_schema_on_its_first_line(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    nom = schemas.nom_du_schema(path)
    assert first == schemas.modeline(nom), (
        f"la première ligne de data/{path.name} doit être « {schemas.modeline(nom)} » "
        "(elle donne l'aide à la saisie dans l'éditeur)"
    )
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == schemas.chemin(nom)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_data_validates_against_its_schema(path):
    assert _errors(schemas.nom_du_schema(path), _read(path)) == []


FIXTURE_SETS = sorted(p for p in (ROOT / "tests" / "fixtures").glob("*") if any(p.glob("*.yml")))


@pytest.mark.parametrize("folder", FIXTURE_SETS, ids=lambda p: p.name)
def test_valid_fixture_sets_match_the_schemas_they_name(folder):
    # A data set the handbook accepts must not be refused by the editor's schema.
    try:
        charger(folder, TODAY)
    except DonneesInvalides:
        pytest.skip(f"tests/fixtures/{folder.name} est invalide exprès")
    checked = 0
    for path in sorted(folder.glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if not first.startswith("# yaml-language-server: $schema="):
            continue
        nom = schemas.nom_du_schema(path)
        assert (path.parent / first.split("$schema=", 1)[1]).resolve() == schemas.chemin(nom)
        assert _errors(nom, _read(path)) == [], path.name
        checked += 1
    if not checked:
        pytest.skip(f"tests/fixtures/{folder.name} ne nomme aucun schéma")


# Each: (schema, a change to the example file). The model and the schema must both refuse it.
MISTAKES = [
    ("equipe", lambda d: d["membres"][0].update(telephon="01 02 03 04 05")),  # unknown key
    ("equipe", lambda d: d["membres"][0].update(situation="titulair")),  # not in the list
    ("equipe", lambda d: d["membres"][0].update(id="Claire Durand")),  # not an identifier
    ("equipe", lambda d: d["membres"][0].update(nom=12)),  # a number where text is expected
    ("equipe", lambda d: d["membres"][0].pop("situation")),  # a required key is missing
    ("equipe", lambda d: d.update(membres=[])),  # at least one member
    ("calendrier", lambda d: d["echeances"][0].update(date="15/01/2026")),  # French date
    ("calendrier", lambda d: d["routines"][0].update(heure="9h")),  # incomplete time
    ("calendrier", lambda d: d["routines"][0].update(semaine=5)),  # out of range
    ("cabinet", lambda d: d["cabinet"]["adresse"].update(code_postal="5900")),
    ("cabinet", lambda d: d["caisse"].update(site="http://www.carpimko.com")),  # not https
    ("actions", lambda d: d["actions"][0]["raci"].update(titulaire="RR")),  # repeated letter
    ("actions", lambda d: d["actions"][0]["raci"].update(titulaire="X")),
    ("journal", lambda d: d["entrees"][0].update(changement="rib")),
]


@pytest.mark.parametrize(("nom", "change"), MISTAKES)
def test_wrong_document_is_rejected_by_schema_and_model(nom, change):
    data = copy.deepcopy(_read(DATA / f"{nom}.yml"))
    for (fichier, key), sample in SAMPLES.items():
        if fichier == nom and not data.get(key):
            data[key] = [copy.deepcopy(sample)]
    assert _errors(nom, data) == []
    change(data)
    assert _errors(nom, data), "le schéma accepte un document faux"
    with pytest.raises(ValidationError):
        schemas.SCHEMAS[nom].model_validate(data)


def test_a_list_instead_of_keys_is_rejected():
    assert _errors("support", ["modeles"])
    assert _errors("private", {"membres": {"claire-durand": {"numero_dossier": 1234567}}})
