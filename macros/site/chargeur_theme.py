"""The theme's template loader, whose listing does not walk hidden folders.

Standard library and Jinja only: the bench's static build (``tests/bench/statique_hooks.py``)
loads this file as it is, to list the theme's files as the handbook does, without importing
the handbook's package.
"""

from __future__ import annotations

import os
from typing import Any

from jinja2 import FileSystemLoader

__all__ = ["ChargeurTheme", "equiper"]


class ChargeurTheme(FileSystemLoader):
    """The theme's template loader, whose listing skips the folders named ``.*``.

    MkDocs copies into the site every file this listing gives, except those with a path
    part that starts with a dot (``Files.add_files_from_theme``: patterns ``.*`` and
    ``*/.*``). Material's ``.icons`` folder holds 14,000 SVG files (its icons are read from
    there by the Markdown extensions, never copied): walking it and matching each name
    against MkDocs' patterns took 50 ms of every build. Templates are found as before
    (:meth:`get_source` is Jinja's); only the listing leaves those folders out.
    """

    def list_templates(self) -> list[str]:
        """Jinja's :meth:`FileSystemLoader.list_templates`, without entering a folder whose
        name starts with a dot."""
        found: set[str] = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for filename in filenames:
                    template = (
                        os.path.join(dirpath, filename)[len(searchpath) :]
                        .strip(os.path.sep)
                        .replace(os.path.sep, "/")
                    )
                    found.add(template.removeprefix("./"))
        return sorted(found)


def equiper(env: Any) -> None:
    """Give the Jinja environment ``env`` a :class:`ChargeurTheme` in place of its plain
    :class:`FileSystemLoader` (any other loader is left as it is)."""
    chargeur = env.loader
    if type(chargeur) is FileSystemLoader:
        env.loader = ChargeurTheme(
            chargeur.searchpath, encoding=chargeur.encoding, followlinks=chargeur.followlinks
        )
