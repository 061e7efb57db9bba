"""The floors of the ``macros`` package, and the guard that keeps imports going down.

The package is the README's path from data to outputs, one sub-package per floor:

``texte`` → ``donnees`` → ``domaine`` → ``pages`` → ``sorties`` → ``editeur`` → ``site``

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
ETAGES = ("texte", "donnees", "domaine", "pages", "sorties", "editeur", "site")
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


def _graphe(racine: Path, paquet: str = "macros") -> dict[str, set[str]]:
    """The package's modules and, for each, the package modules it imports."""
    modules: dict[str, tuple[ast.AST, bool]] = {}
    for chemin in sorted(racine.rglob("*.py")):
        arbre = ast.parse(chemin.read_text(encoding="utf-8"), filename=str(chemin))
        modules[_nom_module(racine, chemin, paquet)] = (arbre, chemin.name == "__init__.py")
    graphe: dict[str, set[str]] = {}
    for module, (arbre, est_paquet) in modules.items():
        cibles: set[str] = set()
        for _, importe in _imports(arbre, module, est_paquet):
            # ``from macros.pages import Contexte`` names a module or one of its names.
            while importe and importe not in modules:
                importe = importe.rpartition(".")[0]
            if importe and importe != module:
                cibles.add(importe)
        # ``from macros.site import plugin`` imports the sub-module ``plugin`` too.
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.ImportFrom):
                for _, cible in _imports(
                    ast.Module(body=[noeud], type_ignores=[]), module, est_paquet
                ):
                    for alias in noeud.names:
                        sous = f"{cible}.{alias.name}"
                        if sous in modules and sous != module:
                            cibles.add(sous)
        graphe[module] = cibles
    return graphe


def cycles(racine: Path, paquet: str = "macros") -> list[list[str]]:
    """Every import cycle between the package's modules (each as a list of module names)."""
    graphe = _graphe(racine, paquet)
    out: list[list[str]] = []
    etat: dict[str, int] = {}  # 1: on the current path, 2: done
    pile: list[str] = []

    def visiter(module: str) -> None:
        etat[module] = 1
        pile.append(module)
        for cible in sorted(graphe[module]):
            if etat.get(cible) == 1:
                out.append([*pile[pile.index(cible) :], cible])
            elif cible not in etat:
                visiter(cible)
        pile.pop()
        etat[module] = 2

    for module in sorted(graphe):
        if module not in etat:
            visiter(module)
    return out


#: Module state the guard allows: (file, name) rebound with ``global``. MkDocs keeps the hooks
#: module for the whole process and tells it the command once (``on_startup``).
GLOBALES_PERMISES = {("macros/site/hooks.py", "commande_mkdocs")}
#: Registries filled once, at import, by decorators: tables of the code, not of a build.
REGISTRES = {
    ("macros/donnees/types.py", "_LIBELLES"),
    ("macros/donnees/types.py", "_PHRASES"),
    ("macros/donnees/regles/_outils.py", "REGLES"),
}


#: Handoffs from the command line to the build it runs in the same process, set and unset by
#: a ``with`` around that build: the printer started before the site, which the build's hooks
#: tell when the pages are written (:func:`macros.sorties.pdf.en_attente`).
PASSAGES = {("macros/sorties/pdf.py", "_IMPRESSIONS")}


def etats_de_module(racine: Path) -> list[str]:
    """Module-level state: names rebound with ``global``, and empty containers created at
    module level to be filled later (caches, memos). A build's state lives on the plugin
    (:mod:`macros.site.etat`), never in a module."""
    out: list[str] = []
    for chemin in sorted(racine.rglob("*.py")):
        fichier = chemin.relative_to(racine.parent).as_posix()
        arbre = ast.parse(chemin.read_text(encoding="utf-8"), filename=str(chemin))
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.Global):
                out += [
                    f"{fichier}:{noeud.lineno} global {nom}"
                    for nom in noeud.names
                    if (fichier, nom) not in GLOBALES_PERMISES
                ]
        for noeud in arbre.body:  # type: ignore[attr-defined]
            cibles = (
                noeud.targets
                if isinstance(noeud, ast.Assign)
                else [noeud.target]
                if isinstance(noeud, ast.AnnAssign)
                else []
            )
            if not any(isinstance(c, ast.Name) for c in cibles):
                continue  # ``Classe.attribut = {}`` configures a class, it holds no state
            valeur = noeud.value  # type: ignore[union-attr]
            vide = (
                isinstance(valeur, ast.Dict | ast.List | ast.Set)
                and not getattr(valeur, "keys", getattr(valeur, "elts", None))
            ) or (
                isinstance(valeur, ast.Call)
                and isinstance(valeur.func, ast.Name)
                and valeur.func.id in ("dict", "list", "set", "defaultdict", "OrderedDict")
                and not valeur.args
            )
            noms = {c.id for c in cibles if isinstance(c, ast.Name)}
            if vide and not {(fichier, nom) for nom in noms} <= REGISTRES | PASSAGES:
                out.append(f"{fichier}:{noeud.lineno} conteneur vide au niveau du module")
    return out
