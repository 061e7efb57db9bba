"""Data problems, reported in French with ``file:line:column``.

Every check of the data (YAML syntax, schema, cross-references) produces
:class:`Probleme` objects. They are collected, never raised one at a time, so
that the person editing the data sees every mistake in one run. Each carries a
stable code from :mod:`macros.donnees.codes`, printed at the end of its line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from macros.donnees.codes import CODES

__all__ = ["DonneesInvalides", "Probleme", "format_chemin", "rapport"]


def format_chemin(path: Iterable[str | int]) -> str:
    """Return a readable field path: ``membres[2].methode_acces``.

    List indices are shown **1-based** (``membres[1]`` is the first member),
    because the people who read these messages count from one.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True, order=True)
class Probleme:
    """One problem found in the data.

    Attributes:
        fichier: The file, as shown to the user (relative to the project when possible).
        ligne: 1-based line, or 0 when the problem concerns the whole file.
        colonne: 1-based column, or 0 when unknown.
        chemin: The field path, e.g. ``membres[2].methode_acces`` (may be empty).
        message: What is wrong, in French.
        conseil: How to fix it, in French (may be empty).
        code: The stable code of this kind of problem (``equipe.back-up-soi-meme``), one of
            :data:`macros.donnees.codes.CODES`; keyword-only and required. Problems sort
            by file and position, then path, message and advice, then code.
        avertissement: True for a warning: reported, but the build goes on.
    """

    fichier: str
    ligne: int = 0
    colonne: int = 0
    chemin: str = ""
    message: str = ""
    conseil: str = ""
    code: str = field(kw_only=True)
    avertissement: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            # A programming error: every code is declared in macros/donnees/codes.py.
            raise ValueError(f"unregistered problem code {self.code!r}")

    def __str__(self) -> str:
        where = self.fichier
        if self.ligne:
            where += f":{self.ligne}"
            if self.colonne:
                where += f":{self.colonne}"
        text = f"{where} — "
        if self.chemin:
            text += f"{self.chemin} : "
        text += self.message
        if self.conseil:
            text += f" ; {self.conseil}"
        if self.avertissement:
            text = f"{text} (avertissement)"
        return f"{text} [{self.code}]"


def rapport(problemes: Iterable[Probleme]) -> str:
    """Format problems as the French report printed by ``make check`` and the build."""
    items = sorted(problemes)
    erreurs = [p for p in items if not p.avertissement]
    avertissements = [p for p in items if p.avertissement]
    lines: list[str] = []
    if erreurs:
        n = len(erreurs)
        lines.append(
            f"Les données du manuel contiennent {n} erreur{'s' if n > 1 else ''} "
            "à corriger avant de construire le site :"
        )
        lines.extend(f"  {p}" for p in erreurs)
    if avertissements:
        if lines:
            lines.append("")
        n = len(avertissements)
        lines.append(f"{n} avertissement{'s' if n > 1 else ''} (le site se construit quand même) :")
        lines.extend(f"  {p}" for p in avertissements)
    return "\n".join(lines)


class DonneesInvalides(Exception):
    """Raised when the data cannot be turned into a handbook.

    Carries every problem found, so that all of them can be shown at once.
    """

    def __init__(self, problemes: Iterable[Probleme]) -> None:
        self.problemes: list[Probleme] = sorted(problemes)
        super().__init__(rapport(self.problemes))

    @property
    def erreurs(self) -> list[Probleme]:
        """The blocking problems (warnings excluded)."""
        return [p for p in self.problemes if not p.avertissement]


def nom_affiche(path: Path, root: Path | None = None) -> str:
    """Return ``path`` relative to ``root`` (or the current directory) when possible."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
