"""The theme's compiled templates, kept between builds."""

from __future__ import annotations

from typing import Any

from macros.pages import cache_compile

__all__ = ["theme_en_cache"]


def theme_en_cache(config: Any) -> None:
    """Give every Jinja environment of the MkDocs theme the :func:`cache_compile`.

    Material's templates take longer to compile than to render, and MkDocs compiles them
    on every build (each rebuild of ``mkdocs serve``), as does mkdocs-print-site-plugin
    for the print page. The theme's ``get_env`` is wrapped once per configuration.
    """
    cache = cache_compile()
    theme = config.theme
    original = theme.get_env
    if cache is None or getattr(original, "hb_bytecode_cache", False):
        return

    def get_env() -> Any:
        env = original()
        env.bytecode_cache = cache
        return env

    get_env.hb_bytecode_cache = True  # type: ignore[attr-defined]
    theme.get_env = get_env
