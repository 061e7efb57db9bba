"""The floors of the ``macros`` package, and the guard that keeps imports going down.

The package is the README's path from data to outputs, one sub-package per floor:

``texte`` → ``donnees`` → ``domaine`` → ``pages`` → ``sorties`` → ``site``

(and, above them all, the command line: ``cli.py``, ``__main__.py``, ``__init__.py``).
A module may import from its own floor and from the floors below it, never from a floor
above. Only the ``site`` floor imports MkDocs (or a MkDocs plugin): everything else runs
without it, ``make check`` first.

:func:`violations` reads the imports of every module with :mod:`ast` (nothing is
imported), so that the guard also works on a package that would not import at all.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

#: The floors, from the bottom up.
ETAGES = ("texte", "donnees", "domaine", "pages", "sorties", "site")
#: The top: the command line and the package's façade.
SOMMET = len(ETAGES)
#: Third-party packages that belong to MkDocs: allowed in the ``site`` floor only.
MKDOCS = ("mkdocs", "material", "mkdocs_macros", "mkdocs_print_site_plugin")


@dataclass(frozen=True)
class Violation:
    """An import that goes up a floor, or MkDocs imported outside the site floor."""

    fichier: str
    ligne: int
    importe: str
    raison: str

    def __str__(self) -> str:
        return f"{self.fichier}:{self.ligne} importe {self.importe} : {self.raison}"


def etage(module: str, paquet: str = "macros") -> int | None:
    """The floor of ``macros.<floor>.…`` (its index), :data:`SOMMET` for top-level modules."""
    parties = module.split(".")
    if parties[0] != paquet:
        return None
    if len(parties) >= 2 and parties[1] in ETAGES:
        return ETAGES.index(parties[1])
    return SOMMET


def _nom_module(racine: Path, chemin: Path, paquet: str) -> str:
    parties = list(chemin.relative_to(racine).with_suffix("").parts)
    if parties[-1] == "__init__":
        parties.pop()
    return ".".join([paquet, *parties])


def _imports(arbre: ast.AST, module: str, est_paquet: bool) -> list[tuple[int, str]]:
    """Every ``(line, imported module)`` of a module, relative imports resolved."""
    out: list[tuple[int, str]] = []
    base = module.split(".") if est_paquet else module.split(".")[:-1]
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            out += [(noeud.lineno, alias.name) for alias in noeud.names]
        elif isinstance(noeud, ast.ImportFrom):
            if noeud.level:
                parent = base[: len(base) - (noeud.level - 1)]
                cible = ".".join([*parent, *([noeud.module] if noeud.module else [])])
            else:
                cible = noeud.module or ""
            if cible == module.split(".")[0]:
                # ``from .. import x`` names the package: what is imported is ``x``.
                out += [(noeud.lineno, f"{cible}.{alias.name}") for alias in noeud.names]
            else:
                out.append((noeud.lineno, cible))
    return out


def violations(racine: Path, paquet: str = "macros") -> list[Violation]:
    """Every import of the package under ``racine`` that breaks the floors."""
    out: list[Violation] = []
    for chemin in sorted(racine.rglob("*.py")):
        module = _nom_module(racine, chemin, paquet)
        ici = etage(module, paquet)
        assert ici is not None
        arbre = ast.parse(chemin.read_text(encoding="utf-8"), filename=str(chemin))
        fichier = chemin.relative_to(racine.parent).as_posix()
        vus: set[tuple[int, str]] = set()
        for ligne, importe in _imports(arbre, module, chemin.name == "__init__.py"):
            racine_import = importe.split(".")[0]
            if racine_import in MKDOCS and ici != ETAGES.index("site"):
                raison = "MkDocs n'est importé que par l'étage site"
            else:
                la = etage(importe, paquet)
                if la is None or la <= ici or (ligne, importe) in vus:
                    continue
                cible = "le sommet" if la == SOMMET else f"l'étage {ETAGES[la]}"
                depuis = "le sommet" if ici == SOMMET else f"l'étage {ETAGES[ici]}"
                raison = f"{depuis} ne peut pas importer {cible}, plus haut"
            vus.add((ligne, importe))
            out.append(Violation(fichier, ligne, importe, raison))
    return out
