"""The handbook's settings, read from environment variables.

Every command (``make check``, ``make site``, ``make serve``, the tests) reads the
same variables, so they always agree on which data is used.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from macros.donnees.problemes import DonneesInvalides, Probleme

__all__ = ["PROJECT_DIR", "Settings", "settings"]

#: The repository's root (the folder that holds mkdocs.yml).
PROJECT_DIR = Path(__file__).resolve().parents[2]

PdfMode = Literal["auto", "off", "required"]


@dataclass(frozen=True)
class Settings:
    """What the environment asks of this build."""

    data_dir: Path
    """Folder of the YAML data: ``HANDBOOK_DATA``, default ``data/``."""

    today: date
    """The date the handbook is built for: ``HANDBOOK_TODAY`` (AAAA-MM-JJ), default today."""

    pdf: PdfMode
    """``HANDBOOK_PDF``: ``auto`` (default: PDF if a Chromium is found), ``off`` or ``required``."""

    serving: bool
    """True under ``mkdocs serve``: data errors are shown on the pages instead of stopping."""

    public: bool
    """``HANDBOOK_PUBLIC=1``: a public build, which never reads the private file."""

    private_file: Path
    """``HANDBOOK_PRIVATE``, default ``<data>/private.yml``."""

    @property
    def prive(self) -> Path | None:
        """The private file to read: ``None`` in a public build or when it does not exist."""
        if self.public or not self.private_file.is_file():
            return None
        return self.private_file

    @property
    def data_label(self) -> str:
        """The data folder as shown in messages (relative to the project when possible)."""
        try:
            return self.data_dir.resolve().relative_to(PROJECT_DIR).as_posix()
        except ValueError:
            return self.data_dir.as_posix()


def _today() -> date:
    raw = os.environ.get("HANDBOOK_TODAY", "").strip()
    if not raw:
        return date.today()
    try:
        jour = date.fromisoformat(raw)
        if not 1900 <= jour.year <= 2100:  # the range the data's own dates are held to
            raise ValueError(raw)
        return jour
    except ValueError:
        raise DonneesInvalides(
            [
                Probleme(
                    "HANDBOOK_TODAY",
                    message=f"date « {raw} » invalide",
                    conseil="format attendu : AAAA-MM-JJ, entre 1900 et 2100, par exemple "
                    "HANDBOOK_TODAY=2026-01-15",
                    code="reglage.handbook-today",
                )
            ]
        ) from None


def _pdf() -> PdfMode:
    raw = os.environ.get("HANDBOOK_PDF", "auto").strip().lower() or "auto"
    if raw in ("auto", "off", "required"):
        return raw  # type: ignore[return-value]
    if raw in ("0", "false", "non", "no"):
        return "off"
    if raw in ("1", "true", "oui", "yes"):
        return "required"
    raise DonneesInvalides(
        [
            Probleme(
                "HANDBOOK_PDF",
                message=f"valeur « {raw} » inconnue",
                conseil="valeurs possibles : auto, off, required",
                code="reglage.handbook-pdf",
            )
        ]
    )


def _serving() -> bool:
    if os.environ.get("HANDBOOK_SERVE", "") == "1":
        return True
    argv = sys.argv
    return len(argv) > 1 and argv[1] == "serve" and "mkdocs" in Path(argv[0]).as_posix()


def _public() -> bool:
    raw = os.environ.get("HANDBOOK_PUBLIC", "").strip().lower()
    if raw in ("", "0", "false", "non", "no"):
        return False
    if raw in ("1", "true", "oui", "yes"):
        return True
    raise DonneesInvalides(
        [
            Probleme(
                "HANDBOOK_PUBLIC",
                message=f"valeur « {raw} » inconnue",
                conseil="valeurs possibles : 1 (build public) ou 0 (build privé si data/private.yml existe)",
                code="reglage.handbook-public",
            )
        ]
    )


def settings() -> Settings:
    """Read the settings from the environment. Raises :class:`DonneesInvalides` if one is wrong."""
    raw_dir = os.environ.get("HANDBOOK_DATA", "").strip()
    data_dir = Path(raw_dir) if raw_dir else PROJECT_DIR / "data"
    if not data_dir.is_absolute():
        data_dir = Path.cwd() / data_dir
    raw_private = os.environ.get("HANDBOOK_PRIVATE", "").strip()
    private_file = Path(raw_private) if raw_private else data_dir / "private.yml"
    if not private_file.is_absolute():
        private_file = Path.cwd() / private_file
    return Settings(
        data_dir=data_dir,
        today=_today(),
        pdf=_pdf(),
        serving=_serving(),
        public=_public(),
        private_file=private_file,
    )
