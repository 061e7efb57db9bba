"""The theme's Jinja environment: compiled templates kept between builds, and a listing of
its files that does not walk its hidden folders."""

from __future__ import annotations

import os
from typing import Any

from jinja2 import FileSystemLoader

from macros.pages import cache_compile

__all__ = ["ChargeurTheme", "theme_en_cache"]


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


def theme_en_cache(config: Any) -> None:
    """Give every Jinja environment of the MkDocs theme the :func:`cache_compile` and a
    :class:`ChargeurTheme`.

    Material's templates take longer to compile than to render, and MkDocs compiles them
    on every build (each rebuild of ``mkdocs serve``), as does mkdocs-print-site-plugin
    for the print page. The theme's ``get_env`` is wrapped once per configuration.
    """
    cache = cache_compile()
    theme = config.theme
    original = theme.get_env
    if getattr(original, "hb_bytecode_cache", False):
        return

    def get_env() -> Any:
        env = original()
        if cache is not None:
            env.bytecode_cache = cache
        chargeur = env.loader
        if type(chargeur) is FileSystemLoader:
            env.loader = ChargeurTheme(
                chargeur.searchpath, encoding=chargeur.encoding, followlinks=chargeur.followlinks
            )
        return env

    get_env.hb_bytecode_cache = True  # type: ignore[attr-defined]
    theme.get_env = get_env
