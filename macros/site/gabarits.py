"""The theme's Jinja environment: compiled templates kept between builds, and a listing of
its files that does not walk its hidden folders."""

from __future__ import annotations

from typing import Any

from macros.pages import cache_compile
from macros.site.chargeur_theme import ChargeurTheme, equiper

__all__ = ["ChargeurTheme", "theme_en_cache"]


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
        equiper(env)
        return env

    get_env.hb_bytecode_cache = True  # type: ignore[attr-defined]
    theme.get_env = get_env
