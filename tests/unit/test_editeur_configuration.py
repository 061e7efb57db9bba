"""The form editor's configuration (macros/editeur/config.yml): up to date, complete, French,
every reference a pick list, and shaped as Decap CMS expects."""

from __future__ import annotations

import re
import typing
from datetime import date, time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers import ROOT, TODAY, vers_yaml
from pydantic import BaseModel

from macros.donnees.chargement import charger
from macros.donnees.lecteur import lire_yaml
from macros.donnees.modele import FICHIERS
from macros.donnees.problemes import DonneesInvalides
from macros.donnees.regles import REGLES
from macros.donnees.types import Choix, Identifiant
from macros.editeur import configuration as conf

BACKEND = {"name": "github", "repo": "cabinet/manuel", "branch": "main"}


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return conf.config_editeur(backend=conf.BACKEND_LOCAL)


def _fichier(config: dict[str, Any], nom: str) -> dict[str, Any]:
    (collection,) = config["collections"]
    return next(f for f in collection["files"] if f["name"] == nom)


def _champs(noeud: dict[str, Any]):
    """Every field of a configuration node, nested ones included."""
    for champ in noeud.get("fields", []):
        yield champ
        yield from _champs(champ)
    if "field" in noeud:
        yield noeud["field"]
        yield from _champs(noeud["field"])


def _deplier(tp: Any) -> tuple[Any, bool]:
    """The type without ``Optional`` and ``Annotated``, and whether it was optional."""
    optionnel = False
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif type(None) in typing.get_args(tp):
            (tp,) = [a for a in typing.get_args(tp) if a is not type(None)]
            optionnel = True
        else:
            return tp, optionnel


def _contient_identifiant(tp: Any) -> bool:
    if tp is Identifiant or (
        typing.get_origin(tp) is typing.Annotated and tp.__metadata__ == Identifiant.__metadata__
    ):
        return True
    return any(_contient_identifiant(a) for a in typing.get_args(tp))


def _annotation(info: Any) -> Any:
    """The field's type with its metadata put back (pydantic moves it to ``metadata``)."""
    if info.metadata:
        return typing.Annotated[info.annotation, *info.metadata]
    return info.annotation


# --- the committed file -------------------------------------------------------------------


def test_committed_configuration_is_up_to_date():
    assert conf.SORTIE.is_file(), "macros/editeur/config.yml manque : lancez make schemas"
    assert conf.SORTIE.read_text(encoding="utf-8") == conf.texte(), (
        "macros/editeur/config.yml ne correspond plus au modèle : lancez make schemas"
    )


def test_committed_file_says_it_is_generated_and_reads_back():
    texte = conf.SORTIE.read_text(encoding="utf-8")
    assert texte.startswith("# ") and "ne pas modifier" in texte.splitlines()[2]
    assert yaml.safe_load(texte) == conf.config_editeur(backend=conf.BACKEND_LOCAL)


def test_check_mode_reports_a_stale_file_and_write_mode_fixes_it(tmp_path, capsys):
    sortie = tmp_path / "config.yml"
    assert conf.main(["--sortie", str(sortie), "--verifier"]) == 1
    assert "lancez make schemas" in capsys.readouterr().err
    assert not sortie.exists(), "--verifier ne doit rien écrire"
    assert conf.main(["--sortie", str(sortie)]) == 0
    assert conf.main(["--sortie", str(sortie), "--verifier"]) == 0
    sortie.write_text("locale: en\n", encoding="utf-8")
    assert conf.main(["--sortie", str(sortie), "--verifier"]) == 1


def test_the_makefile_regenerates_it_with_the_schemas():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    cible = makefile.split("\nschemas:", 1)[1].split("\n\n", 1)[0]
    assert "-m macros.editeur.configuration" in cible


# --- the collection -----------------------------------------------------------------------


def test_one_form_per_data_file_and_never_the_private_file(config):
    assert config["locale"] == "fr"
    assert config["backend"] == conf.BACKEND_LOCAL
    assert config["media_folder"]
    (collection,) = config["collections"]
    assert (collection["name"], collection["label"]) == ("donnees", "Données du manuel")
    assert [f["name"] for f in collection["files"]] == list(FICHIERS)
    assert [f["file"] for f in collection["files"]] == [f"data/{nom}.yml" for nom in FICHIERS]
    # Private data never goes through the editor (the team's description only names the file).
    assert not [f for f in collection["files"] if "private" in f["file"] or f["name"] == "private"]


def test_backend_and_data_folder_are_the_callers():
    config = conf.config_editeur(backend=BACKEND, dossier="cabinets/kine/", media="medias")
    assert config["backend"] == BACKEND and config["media_folder"] == "medias"
    fichiers = config["collections"][0]["files"]
    assert fichiers[0]["file"] == "cabinets/kine/cabinet.yml"


# --- fields: every one, with its widget ----------------------------------------------------


def _verifier_classe(cls: type[BaseModel], champs: list[dict[str, Any]], parent_optionnel=False):
    """Compare the fields of ``cls`` with their form fields, recursively; return the count."""
    assert [c["name"] for c in champs] == list(cls.model_fields), cls.__name__
    vus = 0
    for champ, (nom, info) in zip(champs, cls.model_fields.items(), strict=True):
        ou = f"{cls.__name__}.{nom}"
        vus += 1
        tp, optionnel = _deplier(_annotation(info))
        requis = info.is_required() and not parent_optionnel
        assert champ.get("required", True) is requis, ou
        ref = conf.REFERENCES.get((cls.__name__, nom))
        origin = typing.get_origin(tp)
        if origin is dict:
            assert ref is not None and champ["widget"] == "keyvalue", ou
        elif origin is list:
            element, _ = _deplier(typing.get_args(tp)[0])
            if ref is not None:
                assert champ["widget"] == "relation" and champ["multiple"] is True, ou
            elif isinstance(element, type) and issubclass(element, Choix):
                assert champ["widget"] == "select" and champ["multiple"] is True, ou
                assert [o["value"] for o in champ["options"]] == [m.value for m in element], ou
            elif isinstance(element, type) and issubclass(element, BaseModel):
                assert champ["widget"] == "list" and "field" not in champ, ou
                vus += _verifier_classe(element, champ["fields"])
            elif (cls.__name__, nom) == ("Version", "pages"):
                assert champ["widget"] == "select" and champ["multiple"] is True, ou
            else:
                assert champ["widget"] == "list" and "fields" not in champ, ou
                assert champ["field"]["widget"] in {"string", "text", "number"}, ou
        elif ref is not None:
            assert champ["widget"] == "relation" and "multiple" not in champ, ou
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            assert champ["widget"] == "object", ou
            vus += _verifier_classe(tp, champ["fields"], parent_optionnel or optionnel)
        elif isinstance(tp, type) and issubclass(tp, Choix):
            assert champ["widget"] == "select", ou
            assert [o["value"] for o in champ["options"]] == [m.value for m in tp], ou
            assert [o["label"] for o in champ["options"]] == [m.libelle for m in tp], ou
        elif tp is bool:
            assert champ["widget"] == "boolean", ou
        elif tp is int:
            assert champ["widget"] == "number" and champ["value_type"] == "int", ou
            assert "min" in champ and "max" in champ, ou
        elif tp is date:
            assert champ["widget"] == "datetime", ou
            assert champ["format"] == champ["date_format"] == "YYYY-MM-DD", ou
            assert champ["time_format"] is False, ou
        elif tp is time:
            assert champ["widget"] == "string", ou
            assert re.fullmatch(champ["pattern"][0], "09:00"), ou
            assert re.fullmatch(champ["pattern"][0], "14h30"), ou
        else:
            assert tp is str and champ["widget"] in {"string", "text"}, ou
    return vus


@pytest.mark.parametrize("nom", list(FICHIERS))
def test_every_model_field_has_its_widget(config, nom):
    fichier = _fichier(config, nom)
    assert _verifier_classe(FICHIERS[nom], fichier["fields"]) > 0


def test_patterns_accept_what_the_model_accepts(config):
    cabinet = _fichier(config, "cabinet")
    motifs = {c["name"]: c["pattern"][0] for c in _champs(cabinet) if "pattern" in c}
    assert re.fullmatch(motifs["code_postal"], "59000")
    assert not re.fullmatch(motifs["code_postal"], "5900")
    assert re.fullmatch(motifs["email"], "contact@cabinet.fr")
    assert not re.fullmatch(motifs["email"], "contact@cabinet.fr?cc=x@y.fr")
    assert re.fullmatch(motifs["telephone"], "01 30 48 10 00")
    assert not re.fullmatch(motifs["site"], "http://www.carpimko.com")
    equipe = _fichier(config, "equipe")
    (identifiant,) = [c for c in _champs(equipe) if c["name"] == "id"]
    assert re.fullmatch(identifiant["pattern"][0], "claire-martin")
    assert not re.fullmatch(identifiant["pattern"][0], "Claire Martin")


# --- references -----------------------------------------------------------------------------


def _classes() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel) and tp.__name__ not in found:
            found[tp.__name__] = tp
            for info in tp.model_fields.values():
                visit(info.annotation)
        for arg in typing.get_args(tp):
            visit(arg)

    for cls in FICHIERS.values():
        visit(cls)
    return found


def test_every_identifiant_field_is_a_reference_or_said_not_to_be():
    champs_id = {
        (nom, champ)
        for nom, cls in _classes().items()
        for champ, info in cls.model_fields.items()
        if champ != "id" and _contient_identifiant(_annotation(info))
    }
    assert not set(conf.REFERENCES) & set(conf.NON_REFERENCES)
    assert champs_id == set(conf.REFERENCES) | set(conf.NON_REFERENCES), (
        "un champ Identifiant du modèle n'est ni dans REFERENCES ni dans NON_REFERENCES"
    )


def _chemins(cls: type[BaseModel], prefixe: tuple[str, ...] = ()):
    """Every (class, field, path of the objects that hold it) of a file; ``*`` is a list."""
    for nom, info in cls.model_fields.items():
        yield cls.__name__, nom, prefixe
        tp, _ = _deplier(info.annotation)
        if typing.get_origin(tp) is list:
            element, _ = _deplier(typing.get_args(tp)[0])
            if isinstance(element, type) and issubclass(element, BaseModel):
                yield from _chemins(element, (*prefixe, nom, "*"))
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            yield from _chemins(tp, (*prefixe, nom))


def _premier(data: Any, chemin: tuple[str, ...]) -> dict[str, Any] | None:
    for cle in chemin:
        if cle == "*":
            data = data[0] if isinstance(data, list) and data else None
        else:
            data = data.get(cle) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else None


def test_the_references_are_exactly_what_the_rules_check(tmp_path):
    """Every ``Identifiant`` field of the model (own ids aside), set to an unknown id in a
    copy of the example: those an « … inconnu(e) » rule of their file reports are exactly
    the table's references; and every such rule fires."""
    donnees = {
        nom: lire_yaml(ROOT / "data" / f"{nom}.yml", f"{nom}.yml")[0].data for nom in FICHIERS
    }
    classes = _classes()
    marques: dict[str, tuple[str, str, str]] = {}
    for nom, cls in FICHIERS.items():
        for classe, champ, chemin in _chemins(cls):
            info = classes[classe].model_fields[champ]
            if champ == "id" or not _contient_identifiant(_annotation(info)):
                continue
            objet = _premier(donnees[nom], chemin)
            assert objet is not None, f"pas de {classe} dans data/{nom}.yml pour le test"
            marque = f"zz-inconnu-{len(marques)}"
            marques[marque] = (nom, classe, champ)
            valeur = objet.get(champ)
            if typing.get_origin(_deplier(info.annotation)[0]) is dict:
                objet[champ] = {**(valeur or {}), marque: "I"}
            elif typing.get_origin(_deplier(info.annotation)[0]) is list:
                objet[champ] = [*(valeur or []), marque]
            else:
                objet[champ] = marque
    dossier = tmp_path / "data"
    dossier.mkdir()
    for nom, data in donnees.items():
        (dossier / f"{nom}.yml").write_text(vers_yaml(data), encoding="utf-8")
    with pytest.raises(DonneesInvalides) as err:
        charger(dossier, TODAY)
    signales: set[tuple[str, str]] = set()
    declenchees: set[str] = set()
    for marque, (nom, classe, champ) in marques.items():
        codes = {
            p.code
            for p in err.value.problemes
            if f"« {marque} »" in p.message and re.search(r"inconnue?$", p.code)
        }
        assert all(code.startswith(f"{nom}.") for code in codes), (classe, champ, codes)
        declenchees |= codes
        # A page of the handbook is not an id of a data file: Version.pages is a select.
        if codes - {"cabinet.page-inconnue"}:
            signales.add((classe, champ))
    assert signales == set(conf.REFERENCES), (
        "REFERENCES ne correspond pas aux références vérifiées par les règles"
    )
    regles = {r.code for r in REGLES if re.search(r"inconnue?$", r.code)}
    assert regles == declenchees, "une règle « inconnu » ne vérifie aucun champ du modèle"


def test_every_relation_points_at_a_list_of_ids_of_a_data_file(config):
    for fichier in config["collections"][0]["files"]:
        for champ in _champs(fichier):
            if champ["widget"] != "relation":
                continue
            assert champ["collection"] == conf.COLLECTION
            cible = FICHIERS[champ["file"]]
            liste, etoile, cle = champ["value_field"].split(".")
            assert etoile == "*"
            element, _ = _deplier(typing.get_args(cible.model_fields[liste].annotation)[0])
            assert cle == "id" and "id" in element.model_fields
            for chemin in [*champ["search_fields"], *champ["display_fields"]]:
                debut, _, affiche = chemin.rpartition(".")
                assert debut == f"{liste}.*" and affiche in element.model_fields


# --- French, and what Decap expects ---------------------------------------------------------

#: English words a label must not use (« Date », « Description », « Version » are French too).
ANGLAIS = {
    "name", "names", "list", "title", "value", "values", "item", "items", "phone", "address",
    "city", "street", "role", "roles", "email", "start", "end", "label", "field", "fields",
    "key", "yes", "no", "true", "false", "member", "members", "step", "steps", "entry",
    "entries", "year", "month", "week", "day", "time", "hour", "reason", "link", "links",
}  # fmt: skip


def test_labels_are_french(config):
    textes = [config["collections"][0]["label"]]
    for fichier in config["collections"][0]["files"]:
        textes.append(fichier["label"])
        for champ in _champs(fichier):
            textes += [champ["label"], champ.get("label_singular", "")]
            textes += [o["label"] for o in champ.get("options", [])]
    anglais = {t for t in textes for mot in re.findall(r"\w+", t) if mot.lower() in ANGLAIS}
    assert anglais == set(), "libellés anglais dans l'éditeur"


def test_every_label_of_the_table_is_used(config):
    noms = {c["name"] for f in config["collections"][0]["files"] for c in _champs(f)}
    assert set(conf.LIBELLES) - noms == set(), "libellés en trop dans LIBELLES"


#: What Decap CMS 3.x checks of a field (its configSchema and the widgets' own schemas),
#: restated for the widgets this configuration uses; ``keyvalue`` is Sveltia's.
CHAMP_DECAP: dict[str, Any] = {
    "type": "object",
    "required": ["name", "label", "widget"],
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z_]+$"},
        "label": {"type": "string", "minLength": 1},
        "hint": {"type": "string"},
        "required": {"type": "boolean"},
        "widget": {
            "enum": [
                "string",
                "text",
                "number",
                "boolean",
                "select",
                "datetime",
                "list",
                "object",
                "relation",
                "keyvalue",
            ]
        },
        "pattern": {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {"type": "string", "minLength": 1},
        },
        "fields": {"type": "array", "minItems": 1},
        "field": {"type": "object"},
        "multiple": {"type": "boolean"},
        "min": {"type": "number"},
        "max": {"type": "number"},
    },
    "allOf": [
        {
            "if": {"properties": {"widget": {"const": "select"}}},
            "then": {
                "required": ["options"],
                "properties": {
                    "options": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["label", "value"],
                            "properties": {
                                "label": {"type": "string", "minLength": 1},
                                "value": {"type": ["string", "number"]},
                            },
                        },
                    }
                },
            },
        },
        {
            "if": {"properties": {"widget": {"const": "relation"}}},
            "then": {
                "required": ["collection", "file", "value_field", "search_fields"],
                "properties": {
                    "search_fields": {"type": "array", "minItems": 1},
                    "display_fields": {"type": "array", "minItems": 1},
                },
            },
        },
        {
            "if": {"properties": {"widget": {"const": "list"}}},
            "then": {"oneOf": [{"required": ["fields"]}, {"required": ["field"]}]},
        },
        {
            "if": {"properties": {"widget": {"const": "object"}}},
            "then": {"required": ["fields"]},
        },
        {
            "if": {"properties": {"widget": {"const": "datetime"}}},
            "then": {"required": ["format", "date_format", "time_format"]},
        },
    ],
}


def test_every_field_is_shaped_as_decap_expects(config):
    validateur = jsonschema.Draft7Validator(CHAMP_DECAP)
    for fichier in config["collections"][0]["files"]:
        assert {"name", "label", "file", "fields"} <= set(fichier)
        for champ in _champs(fichier):
            erreurs = [e.message for e in validateur.iter_errors(champ)]
            assert erreurs == [], (fichier["name"], champ["name"], erreurs)
            if "pattern" in champ:
                re.compile(champ["pattern"][0])
            if champ["widget"] == "number":
                assert champ["min"] <= champ["max"]
            if champ["widget"] == "keyvalue":  # Sveltia only: the RACI's role → code mapping
                assert champ["name"] == "raci"
        # Decap refuses two fields of the same name at one level.
        for noeud in [fichier, *_champs(fichier)]:
            noms = [c["name"] for c in noeud.get("fields", [])]
            assert len(noms) == len(set(noms)), noeud.get("name")


def test_configuration_package_is_installed():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"macros.editeur"' in pyproject
    assert Path(conf.SORTIE).name in pyproject
