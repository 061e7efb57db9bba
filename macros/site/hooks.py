"""MkDocs hooks (``hooks:`` in mkdocs.yml): generated pages and French typography.

* one page per member (``equipe/<id>/``) and per role (``roles/<id>/``), generated
  from the data and kept out of the navigation, so the site scales with the team;
* French typography on every page's HTML (:func:`macros.texte.typographie`): the content
  first (the search index and the print page are made from it), then the rest of the
  page (navigation, table of contents, header, footer), and the theme's own pages (404);
* the built pages' indentation dropped (:func:`macros.texte.compacter`), and the
  theme's compiled templates kept between builds (:func:`macros.site.gabarits.theme_en_cache`);
* accent-insensitive search (:func:`macros.site.recherche.sans_accents`);
* under ``python -m macros build``, the PDFs begun as soon as every page is written, before
  print-site makes the print page (:func:`macros.site.impression.commencer_impression`);
* « Modifier cette page », the link to the form of the page's data
  (:func:`macros.site.modifier.preparer`);
* under ``mkdocs serve``, edits noticed sooner, without walking the npm packages
  (:func:`macros.site.surveillance.surveiller`);
* pages that ship only what they use (:mod:`macros.site.allegement`): no source map,
  minified stylesheets, print-site's assets on the print page only, no stylesheet
  without a rule for the site, Material's script deferred, a sized logo.

MkDocs imports this file once per process; the package is looked up at call time
so that ``mkdocs serve`` uses the code reloaded by ``macros/site/main.py``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

from mkdocs.plugins import CombinedEvent, event_priority

_RACINE = Path(__file__).resolve().parents[2]
if str(_RACINE) not in sys.path:
    sys.path.insert(0, str(_RACINE))


#: The MkDocs command this process runs (``build``, ``serve``, ``gh-deploy``), as MkDocs tells
#: it once through :func:`on_startup`. A hooks module with ``on_startup`` is kept by MkDocs for
#: the whole process, across the rebuilds of ``serve``: this attribute of the plugin is how the
#: build state learns that it is served (:func:`macros.site.etat.en_service`).
commande_mkdocs = "build"


def on_startup(*, command: str, dirty: bool) -> None:
    """Remember the MkDocs command: under ``serve``, data errors are shown, not fatal."""
    global commande_mkdocs
    commande_mkdocs = command


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Under ``mkdocs serve``: poll the watched files more often, never the npm packages
    (:func:`macros.site.surveillance.surveiller`)."""
    return importlib.import_module("macros.site.surveillance").surveiller(server, config)


def on_config(config: Any) -> Any:
    """Keep the theme's compiled templates between builds (see :func:`theme_en_cache`);
    give the logo's size to ``partials/logo.html`` (``extra.hb_logo``); the search's
    file:// shim only in the offline bundle."""
    importlib.import_module("macros.site.gabarits").theme_en_cache(config)
    importlib.import_module("macros.site.allegement").configurer(config)
    return config


def on_files(files: Any, config: Any) -> Any:
    """Add the generated member and role pages; drop what no page uses, minify the
    handbook's stylesheets (:func:`macros.site.allegement.alleger_fichiers`)."""
    files = importlib.import_module("macros.site.generated").ajouter_pages(files, config)
    css = importlib.import_module("macros.sorties.pdf").CSS_IMPRESSION
    return importlib.import_module("macros.site.allegement").alleger_fichiers(files, config, [css])


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """Give the printed handbook an annex with the member pages."""
    return importlib.import_module("macros.site.generated").ajouter_annexe(nav, config, files)


def _en_service() -> bool:
    return commande_mkdocs == "serve"


def on_pre_build(config: Any) -> None:
    """Under ``mkdocs serve``, a new build for the typography kept between rebuilds
    (:mod:`macros.site.memoire`)."""
    if _en_service():
        importlib.import_module("macros.site.memoire").nouvelle_construction()


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Apply French typography to the page's HTML (under ``mkdocs serve``, taken from the
    previous rebuild when the HTML is the same)."""
    if _en_service():
        return importlib.import_module("macros.site.memoire").CONTENU(html)
    return importlib.import_module("macros.texte").typographie(html)


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """« Modifier cette page »: the address of the form that feeds the page, for the theme."""
    importlib.import_module("macros.site.modifier").preparer(page, config)
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    """French typography around the content (navigation, table of contents, header,
    footer); drop the indentation of the built page (a fifth of its weight, shown the same)."""
    if _en_service():
        output = importlib.import_module("macros.site.memoire").AUTOUR(output, page.content or "")
    else:
        output = importlib.import_module("macros.texte").typographie_page(output, page.content or "")
    return importlib.import_module("macros.site.allegement").page_allegee(output, config)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The theme's own pages (``404.html``) get the same typography and compaction, and
    no print-site assets."""
    if not template_name.endswith(".html"):
        return output_content
    texte = importlib.import_module("macros.texte")
    output_content = importlib.import_module("macros.site.allegement").page_allegee(
        output_content, config
    )
    return texte.compacter(texte.typographie(output_content))


@event_priority(100)
def _commencer_impression(config: Any) -> None:
    """Every page is written: the build's printer, if one waits, begins the reflex cards
    while print-site makes the print page (:func:`macros.site.impression.commencer_impression`)."""
    importlib.import_module("macros.site.impression").commencer_impression(config)


def _finir_construction(config: Any) -> None:
    """Accent-insensitive search; finish the print page; under ``mkdocs serve``, provide
    the PDFs."""
    importlib.import_module("macros.site.recherche").sans_accents(config)
    importlib.import_module("macros.site.impression").apres_construction(config)
    if _en_service():
        importlib.import_module("macros.site.memoire").fin_de_construction()


#: Two steps after the build: the first before every plugin's (print-site's, search's),
#: the second after them.
on_post_build = CombinedEvent(_commencer_impression, _finir_construction)
