"""MkDocs hooks of the bench's static build (see ``tests/bench/capture.py``).

They do what ``macros/site/hooks.py`` does to every page, without any data:

* the garbage collector's freeze of what is loaded at configuration time, once (as
  ``macros/site/main.py`` does before the handbook's imports);
* the theme's compiled templates kept between builds (the same Jinja bytecode cache as
  :func:`macros.site.gabarits.theme_en_cache`), and its files listed without its hidden
  folders (the same :class:`macros.site.chargeur_theme.ChargeurTheme`);
* French typography on every page's HTML (the same :func:`typographie`): the content, then
  the rest of the page and its indentation dropped (:func:`typographie_page`), the 404
  page and the print page;
* the print page's extra sections (the members' annex), from ``annexe.json``;
* the print page's headings nested under its parts (the same :func:`structurer_impression`),
  and print-site's link titles in French;
* the search's accent folding (the same :func:`macros.site.recherche.sans_accents`).

One step of the handbook is not repeated: :func:`macros.sorties.pdf.relier_impression`, which
points the print page's links and ARIA references at ids that exist in it. It lives with
the PDF code, which imports the data model; it is a few regular expressions over one file,
so the static build is, if anything, a little faster for it. The bench compares every page
but the print page byte for byte.

``macros/texte/__init__.py`` and ``macros/site/recherche.py`` are loaded from their files, not
as modules of ``macros``: importing the package would import the data layer (the loader,
pydantic…), the very cost the static build must not pay.
"""

from __future__ import annotations

import gc
import importlib.util
import json
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

_MACROS = Path(__file__).resolve().parents[2] / "macros"


def _charger(nom: str, chemin: Path) -> Any:
    spec = importlib.util.spec_from_file_location(nom, chemin)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


texte = _charger("bench_texte", _MACROS / "texte" / "__init__.py")
recherche = _charger("bench_recherche", _MACROS / "site" / "recherche.py")
allegement = _charger("bench_allegement", _MACROS / "site" / "allegement.py")
chargeur_theme = _charger("bench_chargeur_theme", _MACROS / "site" / "chargeur_theme.py")
#: The print stylesheet the handbook writes (``macros.sorties.pdf.CSS_IMPRESSION``).
_CSS_IMPRESSION = "assets/impression.css"


def on_config(config: Any) -> Any:
    """Give the theme's Jinja environments a bytecode cache and the listing without hidden
    folders, as the handbook's hooks do."""
    cache = FileSystemBytecodeCache()
    original = config.theme.get_env

    def get_env() -> Any:
        env = original()
        env.bytecode_cache = cache
        chargeur_theme.equiper(env)
        return env

    config.theme.get_env = get_env
    # What the handbook's on_config gives its pages: the logo's size, no offline shim.
    allegement.configurer(config)
    # What the handbook's entry point does to the process once (macros/site/main.py).
    if gc.get_freeze_count() == 0:
        gc.freeze()
    return config


def on_files(files: Any, config: Any) -> Any:
    """Drop what no page uses and minify the stylesheets, as the handbook does."""
    return allegement.alleger_fichiers(files, config, [_CSS_IMPRESSION])


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """Give the print page the sections the handbook's hooks add (the members' annex)."""
    printer = config.plugins.get("print-site")
    annexes = Path(config["docs_dir"]).parent / "annexe.json"
    if printer is None or not printer.config.get("enabled") or not annexes.is_file():
        return nav
    sections = []
    for annexe in json.loads(annexes.read_text(encoding="utf-8")):
        pages = []
        for src in annexe["pages"]:
            file = files.get_file_from_path(src)
            if file is not None:
                pages.append(file.page if file.page is not None else Page(None, file, config))
        sections.append(Section(annexe["titre"], pages))  # type: ignore[arg-type]
    if sections:
        printer.renderer.items = [*nav.items, *sections]
    return nav


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """French typography, as on the handbook's pages."""
    return texte.typographie(html)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """French typography around the content and no indentation, as the handbook does."""
    output = texte.typographie_page(output, page.content or "")
    return allegement.page_allegee(output, config)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The theme's 404 page, as the handbook does."""
    if not template_name.endswith(".html"):
        return output_content
    output_content = allegement.page_allegee(output_content, config)
    return texte.compacter(texte.typographie(output_content))


def on_post_build(config: Any) -> None:
    """Accent folding for the search; the print page's headings nested, print-site's link
    titles in French, typography, no indentation: as the handbook does."""
    recherche.sans_accents(config)
    site = Path(config["site_dir"])
    for name in ("print_page/index.html", "print_page.html"):
        path = site / name
        if path.is_file():
            html = texte.structurer_impression(path.read_text(encoding="utf-8"))
            html = html.replace("title='Permanent link'", "title='Lien vers cette section'")
            html = texte.compacter(texte.typographie(html))
            path.write_text(
                allegement.page_allegee(html, config, impression=True), encoding="utf-8"
            )
