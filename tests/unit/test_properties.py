"""Property-based tests: whatever a cabinet does to its data, loading fails cleanly.

Starting from the example data, hypothesis deletes keys, changes types, puts
random text (control characters, huge strings, any Unicode) or lists and groups
of keys in the wrong place, duplicates list items, and corrupts the YAML text
itself. Loading must then either succeed or raise
:class:`~macros.donnees.problemes.DonneesInvalides` whose every problem names a file and
says in French what is wrong: never any other exception.
"""

from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from helpers import ROOT, TODAY, vers_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.donnees.chargement import Chargement, charger
from macros.donnees.modele import FICHIERS
from macros.donnees.problemes import DonneesInvalides

NAMES = list(FICHIERS)
EXAMPLE: dict[str, Any] = {
    name: yaml.safe_load((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8"))
    for name in NAMES
}

#: Fragments of PyYAML's and pydantic's English messages: none may reach the user.
ENGLISH = re.compile(
    r"Input should|Field required|should be|Value error|validation error|"
    r"found character|could not|while (?:parsing|scanning)|expected|"
    r"invalid literal|NoneType|object has no|Traceback",
    re.IGNORECASE,
)

# --- values a careless edit could leave ------------------------------------------------------

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", max_codepoint=0x9F), max_size=20),
    st.sampled_from(["", " ", "\t", "\x00", "\x07", "\u202e", "{x}", "{", "}", "&a", "*a", "!!x"]),
    st.sampled_from(["mot de passe : Azerty2026!", "mdp=xyz", "2026-02-30", "15/01/2026"]),
    st.builds(lambda c, n: c * n, st.sampled_from("aé€𝄞"), st.integers(1000, 20_000)),
)
scalars = st.one_of(
    texts,
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates().map(lambda d: d.isoformat()),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(texts, st.sampled_from(["id", "nom", "roles"])), inner, max_size=3
        ),
    ),
    max_leaves=8,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path inside ``node`` (the root included)."""
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


def _parent(root: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        root = root[part]
    return root


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """The example data with one to three random edits, as Python objects."""
    data = copy.deepcopy(EXAMPLE)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(NAMES))
        paths = _paths(data[name])
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["delete", "replace", "wrap", "duplicate", "rename"]))
        if not path:
            if kind == "replace":
                data[name] = draw(values)
            continue
        parent = _parent(data[name], path)
        key = path[-1]
        if kind == "delete":
            del parent[key]
        elif kind == "replace":
            parent[key] = draw(values)
        elif kind == "wrap":
            parent[key] = [parent[key]] if draw(st.booleans()) else {"valeur": parent[key]}
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif kind == "rename" and isinstance(parent, dict):
            parent[draw(texts)] = parent.pop(key)
    return data


@st.composite
def corrupted_text(draw: st.DrawFn) -> tuple[str, str]:
    """One file's YAML text with a random piece inserted or cut out."""
    name = draw(st.sampled_from(NAMES))
    text = (ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8")
    at = draw(st.integers(0, len(text)))
    if draw(st.booleans()):
        piece = draw(
            st.one_of(
                st.text(max_size=12),
                st.sampled_from(
                    [":", "- ", "\t", "  ", '"', "'", "[", "{", "&a ", "*a", "\n- x", "#"]
                ),
            )
        )
        return name, text[:at] + piece + text[at:]
    return name, text[:at] + text[at + draw(st.integers(1, 80)) :]


def _write(folder: Path, data: dict[str, Any], raw: dict[str, str] | None = None) -> None:
    for name in NAMES:
        path = folder / f"{name}.yml"
        if raw and name in raw:
            path.write_text(raw[name], encoding="utf-8")
        else:
            text = vers_yaml(data[name])
            path.write_text(text, encoding="utf-8")


def _load_cleanly(folder: Path) -> None:
    """Load ``folder``: success, or French problems that each name a file."""
    try:
        result = charger(folder, TODAY)
    except DonneesInvalides as err:
        assert err.erreurs, "DonneesInvalides without any error"
        for probleme in err.problemes:
            assert probleme.fichier.strip()
            assert probleme.message.strip()
            assert not ENGLISH.search(probleme.message), probleme
            assert not ENGLISH.search(probleme.conseil), probleme
            assert probleme.ligne >= 0 and probleme.colonne >= 0
        return
    assert isinstance(result, Chargement)


#: 60 examples a run, new ones each run (no fixed seed): half of what these two tests cost
#: before, for the suite's two-minute budget.
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(mutated())
def test_mutated_data_loads_or_fails_in_french(data):
    with tempfile.TemporaryDirectory() as tmp:  # a new folder: charger's cache never hits
        _write(Path(tmp), data)
        _load_cleanly(Path(tmp))


@SETTINGS
@given(corrupted_text())
def test_corrupted_yaml_loads_or_fails_in_french(corruption):
    name, text = corruption
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), EXAMPLE, raw={n: (ROOT / "data" / f"{n}.yml").read_text() for n in NAMES})
        (Path(tmp) / f"{name}.yml").write_text(text, encoding="utf-8")
        _load_cleanly(Path(tmp))


def test_the_unmutated_example_loads():
    """The round trip through YAML keeps the example valid: mutations are what fail."""
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), EXAMPLE)
        assert isinstance(charger(Path(tmp), TODAY), Chargement)
