"""Direct tests of the strict YAML reader (macros/donnees/lecteur.py)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from macros.donnees import lecteur as yamlfile
from macros.donnees.lecteur import Position, lire_yaml

#: Words of PyYAML's English messages: none may reach the user.
ENGLISH = re.compile(r"found|expected|while |could not|mapping|scalar|stream|token", re.I)


def _read(tmp_path: Path, text: str | bytes):
    path = tmp_path / "f.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return lire_yaml(path, "data/f.yml")


def _data(tmp_path: Path, text: str):
    doc, problems = _read(tmp_path, text)
    assert doc is not None, [str(p) for p in problems]
    return doc


def _problem(tmp_path: Path, text: str | bytes):
    doc, problems = _read(tmp_path, text)
    assert doc is None
    assert problems
    for p in problems:
        assert p.fichier == "data/f.yml"
        assert p.message and not ENGLISH.search(p.message + p.conseil), str(p)
    return problems


# --- positions ---------------------------------------------------------------------------------


def test_positions_of_keys_and_values(tmp_path):
    doc = _data(
        tmp_path,
        "# commentaire\nmembres:\n  - id: élise\n    roles: [a, bé]\n    nom: 'x'\n",
    )
    assert doc.cles[("membres",)] == Position(2, 1)
    assert doc.valeurs[("membres", 0)] == Position(3, 5)
    assert doc.cles[("membres", 0, "id")] == Position(3, 5)
    assert doc.valeurs[("membres", 0, "id")] == Position(3, 9)
    # Columns count characters, not bytes: « é » is one column.
    assert doc.valeurs[("membres", 0, "roles", 1)] == Position(4, 16)
    assert doc.valeurs[("membres", 0, "nom")] == Position(5, 10)


def test_position_of_an_unknown_path_falls_back_to_its_parent(tmp_path):
    doc = _data(tmp_path, "a:\n  b: 1\n")
    assert doc.position(("a", "b", "c", 3)) == Position(2, 6)
    assert doc.position(("a", "zz"), key=True) == Position(1, 1)


def test_position_of_a_word_inside_a_block_of_text(tmp_path):
    doc = _data(tmp_path, "corps: |-\n  Bonjour,\n\n  Signé : {nom}\n")
    assert doc.position(("corps",), extrait="{nom}") == Position(4, 11)
    # Not found: the value's own position.
    assert doc.position(("corps",), extrait="{absent}") == Position(1, 8)


def test_probleme_is_located_and_uses_one_based_indices(tmp_path):
    doc = _data(tmp_path, "liste:\n  - a\n  - b\n")
    p = doc.probleme(("liste", 1), "message", "conseil", code="schema.valeur-invalide")
    assert (p.ligne, p.colonne, p.chemin, p.code) == (3, 5, "liste[2]", "schema.valeur-invalide")
    assert str(p) == "data/f.yml:3:5 — liste[2] : message ; conseil [schema.valeur-invalide]"


# --- YAML 1.2 scalars --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("off", "off"),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("8:30", "8:30"),
        ("09:00", "09:00"),
        ("0612345678", "0612345678"),
        ("010", "010"),
        ("2026-01-15", "2026-01-15"),
        ("1_000", "1_000"),
        ("0x1F", "0x1F"),
        (".inf", ".inf"),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("12", 12),
        ("-3", -3),
        ("1.5", 1.5),
        ('"12"', "12"),
        ("!!str 12", "12"),
    ],
)
def test_only_plain_yaml_12_scalars_are_recognised(tmp_path, raw, value):
    assert _data(tmp_path, f"v: {raw}\n").data == {"v": value}


def test_utf8_bom_and_windows_line_endings_are_accepted(tmp_path):
    doc = _data(tmp_path, b"\xef\xbb\xbfa: 1\r\nb: deux\r\n")
    assert doc.data == {"a": 1, "b": "deux"}
    assert doc.valeurs[("b",)] == Position(2, 4)


# --- duplicates, anchors, tags -----------------------------------------------------------------


def test_duplicate_keys_are_all_refused_not_merged(tmp_path):
    problems = _problem(tmp_path, "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert [(p.ligne, p.colonne, p.chemin) for p in problems] == [(4, 3, "b.c"), (5, 1, "a")]
    assert {p.code for p in problems} == {"yaml.cle-en-double"}
    assert "déjà définie ligne 3" in problems[0].message


def test_duplicate_keys_on_one_line_give_the_column(tmp_path):
    (p,) = _problem(tmp_path, "raci: {a: R, b: I, a: A}\n")
    assert (p.ligne, p.colonne) == (1, 20)
    assert "ligne 1, colonne 8" in p.message


@pytest.mark.parametrize(
    ("text", "where", "shown"),
    [
        ("a: &x 1\nb: *x\n", (1, 4), "« &x »"),
        ("a: *x\n", (1, 4), "« *x »"),
        ("a:\n  - &p {k: 1}\n  - *p\n", (2, 5), "« &p »"),
    ],
)
def test_anchors_and_aliases_are_refused(tmp_path, text, where, shown):
    (p,) = _problem(tmp_path, text)
    assert (p.ligne, p.colonne, p.code) == (*where, "yaml.ancre")
    assert shown in p.message


def test_billion_laughs_is_refused_fast_and_without_expansion(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    start = time.perf_counter()
    (p,) = _problem(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1
    assert (p.ligne, p.colonne) == (1, 5)
    assert "ancre" in p.message


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ("!!python/object/apply:os.system", "!!python/object/apply:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!perso", "!perso"),
        ("!!int", "!!int"),
        ("!!binary", "!!binary"),
        ("!!timestamp", "!!timestamp"),
    ],
)
def test_explicit_tags_are_refused(tmp_path, tag, shown):
    (p,) = _problem(tmp_path, f"a: ok\nb: {tag} abc\n")
    assert (p.ligne, p.colonne, p.code) == (2, 4, "yaml.etiquette")
    assert f"« {shown} »" in p.message


def test_several_tags_are_reported_at_once(tmp_path):
    problems = _problem(tmp_path, "a: !x 1\nb: !y 2\n")
    assert [p.ligne for p in problems] == [1, 2]


# --- syntax errors, in French, at the right place ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "code", "fragment"),
    [
        (
            'a: "abc\nb: 1\n',
            (1, 4),
            "yaml.guillemet-non-ferme",
            "guillemet ouvert ici et jamais fermé",
        ),
        (
            "a: 'abc\nb: 1\n",
            (1, 4),
            "yaml.guillemet-non-ferme",
            "guillemet ouvert ici et jamais fermé",
        ),
        ("a:\n\tb: 1\n", (2, 1), "yaml.tabulation", "tabulation"),
        ("a: b: c\n", (1, 5), "yaml.deux-points-inattendu", "deux-points inattendu"),
        ("a:\n  b: 1\n    c: 2\n", (3, 5), "yaml.indentation", "indentation incohérente"),
        ("a:\n  b: 1\n c: 2\n", (3, 2), "yaml.indentation", "indentation incohérente"),
        ("a:\n  - x\n - y\n", (3, 2), "yaml.element-mal-aligne", "élément de liste mal aligné"),
        (
            "a:\n  - x\n   - y\n",
            (3, 4),
            "yaml.element-lu-comme-texte",
            "élément de liste mal aligné, lu comme la suite",
        ),
        (
            "l:\n  - id: x\n   nom: y\n",
            (3, 4),
            "yaml.indentation-liste",
            "indentation incohérente dans une liste",
        ),
        (
            "a: [x, y\nb: 1\n",
            (1, 4),
            "yaml.crochet-non-ferme",
            "crochet « [ » ouvert ici et jamais fermé",
        ),
        (
            "a: {x: 1\nb: 1\n",
            (1, 4),
            "yaml.accolade-non-fermee",
            "accolade « { » ouverte ici et jamais fermée",
        ),
        ("a: [x]]\n", (1, 7), "yaml.en-trop", "« ] » en trop"),
        ("objet: {nom} — accès\n", (1, 8), "yaml.debut-de-valeur", "la valeur commence par « { »"),
        (
            'titre: "x" y\n',
            (1, 12),
            "yaml.texte-apres-guillemet",
            "texte après le guillemet fermant",
        ),
        ("a: 1\nb\nc: 2\n", (2, 1), "yaml.deux-points-manquant", "deux-points manquant"),
        ("a: - x\n", (1, 4), "yaml.tiret-inattendu", "« - » inattendu"),
        ("a: @x\n", (1, 4), "yaml.caractere-de-debut", "« @ » ne peut pas commencer une valeur"),
        ('a: "\\q"\n', (1, 5), "yaml.echappement-inconnu", "caractère d'échappement inconnu"),
        ("a: 1\n---\nb: 2\n", (2, 1), "yaml.plusieurs-documents", "plusieurs documents"),
        ("a: 1\n%x\n", (2, 1), "yaml.directive", "« % »"),
        ("a: |x\n  t\n", (1, 4), "yaml.bloc-mal-ecrit", "« | » ou « > »"),
        ("a: *b*\n", (1, 4), "yaml.ancre", "« & » ou « * »"),
        (
            "a: b\x07c\n",
            (1, 5),
            "yaml.caractere-invisible",
            "caractère invisible interdit (U+0007)",
        ),
        (
            "a: " + "[" * 2000 + "]" * 2000 + "\n",
            None,
            "yaml.trop-profond",
            "structure imbriquée trop profonde",
        ),
    ],
)
def test_syntax_errors_are_french_and_located(tmp_path, text, where, code, fragment):
    (p,) = _problem(tmp_path, text)
    assert p.code == code, str(p)
    assert fragment in p.message
    assert p.conseil
    if where is not None:
        assert (p.ligne, p.colonne) == where, str(p)


def test_a_quoting_hint_shows_the_corrected_line(tmp_path):
    (p,) = _problem(tmp_path, "objet: {statut} — accès\n")
    assert p.conseil == 'mettez toute la valeur entre guillemets : « objet: "{statut} — accès" »'


def test_deep_nesting_by_indentation_is_refused(tmp_path):
    text = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)) + "  " * 60 + "v: 1\n"
    (p,) = _problem(tmp_path, text)
    assert "trop profonde" in p.message


def test_keys_must_be_short_visible_words(tmp_path):
    problems = _problem(tmp_path, '"a\\nb": 1\n"' + "k" * 150 + '": 2\n? [x]\n: 3\n')
    assert [p.message.split(" (")[0] for p in problems] == [
        "clé avec un caractère invisible",
        "clé trop longue",
        "clé complexe refusée",
    ]
    assert [p.code for p in problems] == [
        "yaml.cle-invisible",
        "yaml.cle-trop-longue",
        "yaml.cle-complexe",
    ]


# --- files -------------------------------------------------------------------------------------


def test_missing_file(tmp_path):
    doc, (p,) = lire_yaml(tmp_path / "absent.yml", "data/absent.yml")
    assert doc is None
    assert (p.fichier, p.ligne, p.message) == ("data/absent.yml", 0, "fichier introuvable")
    assert p.code == "fichier.introuvable"


def test_a_folder_is_not_a_file(tmp_path):
    (tmp_path / "f.yml").mkdir()
    doc, (p,) = lire_yaml(tmp_path / "f.yml", "data/f.yml")
    assert doc is None
    assert "pas un fichier ordinaire" in p.message
    assert p.code == "fichier.pas-un-fichier"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "fichier vide"),
        ("\n\n  \n", "fichier vide"),
        ("# rien\n", "le fichier ne contient que des commentaires"),
        ("- a\n- b\n", "le fichier contient une liste au lieu de clés"),
        ("bonjour\n", "le fichier contient une valeur simple au lieu de clés"),
    ],
)
def test_files_without_top_level_keys(tmp_path, text, message):
    (p,) = _problem(tmp_path, text)
    assert p.message == message


def test_too_large_file_is_refused_without_being_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 1024 * 1024)
    (p,) = _problem(tmp_path, "a: [" * 400_000)
    assert p.message == "fichier trop volumineux (1,5 Mo ; 1 Mo au maximum)"


def test_latin1_file_is_located_at_the_bad_byte(tmp_path):
    (p,) = _problem(tmp_path, "a: 1\nb: café\n".encode("latin-1"))
    assert (p.ligne, p.colonne) == (2, 7)
    assert "UTF-8 (octet 0xE9 illisible)" in p.message


def test_utf16_file_is_recognised(tmp_path):
    (p,) = _problem(tmp_path, "a: 1\n".encode("utf-16"))
    assert "UTF-16" in p.message


# --- a text in memory --------------------------------------------------------------------------


def test_a_text_is_read_like_the_file_that_holds_it(tmp_path):
    text = "# commentaire\nmembres:\n  - id: élise\n    roles: [a, bé]\n"
    from_file = _data(tmp_path, text)
    doc, problems = lire_yaml(text, "data/f.yml")
    assert problems == []
    assert doc is not None
    assert (doc.fichier, doc.data, doc.valeurs, doc.cles) == (
        "data/f.yml",
        from_file.data,
        from_file.valeurs,
        from_file.cles,
    )


def test_a_text_in_memory_gets_the_same_problems_as_a_file(tmp_path):
    text = "a:\n  b: 1\n    c: 2\nd: &x 1\n"
    assert lire_yaml(text, "data/f.yml")[1] == _read(tmp_path, text)[1]
    (p,) = lire_yaml("a:\n\tb: 1\n", "data/equipe.yml")[1]
    assert str(p).startswith("data/equipe.yml:2:1 — syntaxe YAML : tabulation")
    assert p.code == "yaml.tabulation"


def test_a_text_in_memory_keeps_the_limits_of_a_file(monkeypatch):
    assert lire_yaml("\ufeffa: 1\r\nb: 2\r\n", "data/f.yml")[0].data == {"a": 1, "b": 2}
    (vide,) = lire_yaml("", "data/f.yml")[1]
    assert vide.code == "fichier.vide"
    (demi,) = lire_yaml("a: x\ud800y\n", "data/f.yml")[1]  # no file can hold a lone surrogate
    assert (demi.ligne, demi.colonne, demi.code) == (1, 5, "yaml.caractere-invisible")
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 1024)
    (gros,) = lire_yaml("a: " + "é" * 600, "data/f.yml")[1]
    assert gros.code == "fichier.trop-volumineux"


# --- the table of libyaml's errors ---------------------------------------------------------------


def test_every_row_of_the_error_table_has_a_registered_code_and_the_last_catches_all():
    from macros.donnees.codes import CODES

    assert all(row.code in CODES for row in yamlfile._CAS)
    last = yamlfile._CAS[-1]
    assert last.code == "yaml.syntaxe"
    err = yaml.MarkedYAMLError(problem="something libyaml never said")
    p = yamlfile._erreur_yaml("data/f.yml", err, "a: 1\n")
    assert (p.ligne, p.colonne, p.code) == (0, 0, "yaml.syntaxe")
    assert p.message == "syntaxe YAML : syntaxe invalide à cet endroit"
