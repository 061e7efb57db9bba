"""The package's floors: imports only go down, and only the site floor imports MkDocs."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from etages import ETAGES, cycles, etats_de_module, violations
from helpers import ROOT, TODAY


def test_every_floor_is_a_sub_package():
    for nom in ETAGES:
        assert (ROOT / "macros" / nom / "__init__.py").is_file(), nom
    # Above the floors: the façade and the command line (with its two other commands).
    sommet = sorted(p.name for p in (ROOT / "macros").glob("*.py"))
    assert sommet == ["__init__.py", "__main__.py", "cli.py", "offline.py", "public.py"]


def test_imports_only_go_down_the_floors():
    problemes = violations(ROOT / "macros")
    assert problemes == [], "\n".join(map(str, problemes))


def _paquet(tmp_path, fichiers: dict[str, str]):
    racine = tmp_path / "macros"
    for chemin, texte in fichiers.items():
        path = racine / chemin
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(texte), encoding="utf-8")
    for nom in ETAGES:
        (racine / nom).mkdir(exist_ok=True)
        (racine / nom / "__init__.py").touch()
    return racine


def test_the_guard_catches_an_import_that_goes_up(tmp_path):
    racine = _paquet(
        tmp_path,
        {
            "cli.py": "from .site import plugin\n",
            "donnees/modele.py": "from ..pages.liens import Liens\nfrom .types import x\n",
            "donnees/types.py": "x = 1\n",
            "domaine/agenda.py": "import macros.sorties.pdf\nfrom macros.donnees import modele\n",
            "pages/liens.py": "from mkdocs.utils import get_relative_url\n",
            "pages/__init__.py": "from . import liens\nfrom .. import cli\n",
            "site/plugin.py": "from mkdocs.plugins import BasePlugin\nfrom ..pages import liens\n",
        },
    )
    trouve = {(v.fichier, v.ligne, v.importe) for v in violations(racine)}
    assert trouve == {
        ("macros/donnees/modele.py", 1, "macros.pages.liens"),
        ("macros/domaine/agenda.py", 1, "macros.sorties.pdf"),
        ("macros/pages/liens.py", 1, "mkdocs.utils"),
        ("macros/pages/__init__.py", 2, "macros.cli"),
    }
    messages = {str(v) for v in violations(racine)}
    assert (
        "macros/donnees/modele.py:1 importe macros.pages.liens : l'étage donnees ne peut pas "
        "importer l'étage pages, plus haut"
    ) in messages
    assert (
        "macros/pages/liens.py:1 importe mkdocs.utils : MkDocs n'est importé que par l'étage site"
    ) in messages


def test_checking_the_data_loads_no_mkdocs():
    code = (
        "import sys\n"
        "from macros.cli import main\n"
        "status = main(['check'])\n"
        "charges = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('mkdocs', 'material', 'mkdocs_macros', 'playwright', 'icalendar', 'jinja2'))\n"
        "print(status, charges)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HANDBOOK_TODAY": TODAY.isoformat(), "HANDBOOK_PUBLIC": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 []"


def test_no_import_cycle():
    assert cycles(ROOT / "macros") == []


def test_the_cycle_finder_finds_one(tmp_path):
    racine = _paquet(
        tmp_path,
        {
            "sorties/pdf.py": "from macros.site import plugin\n",
            "site/plugin.py": "from macros.sorties.pdf import imprimer\n",
        },
    )
    assert cycles(racine) == [["macros.site.plugin", "macros.sorties.pdf", "macros.site.plugin"]]


def test_no_module_holds_build_state():
    """The build's state is one object on the plugin (macros/site/etat.py), reset per build."""
    assert etats_de_module(ROOT / "macros") == []


def test_the_state_guard_finds_a_memo_and_a_global(tmp_path):
    racine = _paquet(
        tmp_path,
        {
            "pages/index.py": "_dernier: dict = {}\nTABLE = {'a': 1}\n",
            "site/plugin.py": "_etat = None\ndef f():\n    global _etat\n    _etat = 1\n",
        },
    )
    assert etats_de_module(racine) == [
        "macros/pages/index.py:1 conteneur vide au niveau du module",
        "macros/site/plugin.py:3 global _etat",
    ]
