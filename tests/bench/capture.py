"""Build the handbook once and keep it as a static site: the pages' Markdown after the macros.

Usage (the bench runs it once, untimed, with its own environment)::

    python tests/bench/capture.py --sortie /tmp/bench-x/statique

It builds ``mkdocs.yml`` in this process with one more plugin, registered last, that
records each page's Markdown as the macros plugin left it (``on_page_markdown``), the
values the plugin puts in the configuration (``site_name``, ``extra.hb_*``) and the
sections the hooks add to the print page (the members' annex). It then writes:

* ``docs/``: a copy of ``docs/`` where every page, generated pages included, is its
  rendered Markdown (front matter kept), and the other files the build writes from data
  (the print stylesheet);
* ``mkdocs.yml``: the project's configuration with the same theme, Markdown extensions,
  plugins and validation, minus the macros plugin; its hooks are
  ``tests/bench/statique_hooks.py`` (typography, annex, print-page headings: what
  ``macros/site/hooks.py`` does, without the data);
* ``annexe.json``: the print page's extra sections, read by those hooks.

Building that configuration gives the same pages (the calendar feeds aside), with no
data to load, validate or render: the difference is the data layer's cost.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

RACINE = Path(__file__).resolve().parents[2]
ICI = Path(__file__).resolve().parent

__all__ = ["capturer", "config_plancher", "config_statique", "main"]


class _Chargeur(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: ``!ENV`` resolved from this process's environment."""


_Chargeur.add_constructor("!ENV", construct_env_tag)


def _lire_config(chemin: Path) -> dict[str, Any]:
    return yaml.load(chemin.read_text(encoding="utf-8"), Loader=_Chargeur)


def config_statique(
    config: dict[str, Any], base: Path, docs: Path, site_name: str, extra: dict[str, Any]
) -> dict[str, Any]:
    """The project's ``config`` (read from ``base``), without macros, for the captured ``docs``."""
    out = dict(config)
    out["docs_dir"] = str(docs)
    out["site_name"] = site_name
    out["extra"] = {**config.get("extra", {}), **extra}
    out["hooks"] = [str(ICI / "statique_hooks.py")]
    out.pop("watch", None)
    theme = dict(out["theme"])
    if "custom_dir" in theme:
        theme["custom_dir"] = str(base / theme["custom_dir"])
    out["theme"] = theme
    plugins: list[Any] = []
    for item in config.get("plugins", []):
        nom = item if isinstance(item, str) else next(iter(item))
        if nom == "macros":
            continue
        if isinstance(item, dict) and isinstance(item[nom], dict):
            options = dict(item[nom])
            for cle in ("cover_page_template", "print_site_banner_template"):
                if options.get(cle):
                    options[cle] = str(base / options[cle])
            item = {nom: options}
        plugins.append(item)
    out["plugins"] = plugins
    return out


def config_plancher(statique: Path, projet: Path, module: Path, sortie: Path) -> Path:
    """The static site's configuration with the project's macros plugin put back.

    The plugin keeps the project's options and place in the plugin list, but its module is
    ``module`` (a file of ``tests/bench/``) instead of the handbook's: building it times
    mkdocs-macros itself (and whatever ``module`` imports) with no data. Returns the new
    ``mkdocs.yml``, written as ``sortie``.
    """
    out = _lire_config(statique)
    rang, options = next(
        (i, dict(item["macros"] or {}))
        for i, item in enumerate(_lire_config(projet).get("plugins", []))
        if isinstance(item, dict) and "macros" in item
    )
    options["module_name"] = str(module.with_suffix(""))
    out["plugins"] = [*out["plugins"][:rang], {"macros": options}, *out["plugins"][rang:]]
    sortie.write_text(yaml.safe_dump(out, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return sortie


def capturer(config_file: Path, sortie: Path) -> Path:
    """Build ``config_file`` once, write the static site's sources into ``sortie``.

    Returns the static site's ``mkdocs.yml``.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.nav import Section

    class Capture(BasePlugin):  # type: ignore[type-arg]
        def __init__(self) -> None:
            self.pages: dict[str, tuple[str, dict[str, Any]]] = {}
            self.annexes: list[dict[str, Any]] = []
            self.site_name = ""
            self.extra: dict[str, Any] = {}
            self.fichiers: dict[str, str] = {}

        def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
            printer = config.plugins.get("print-site")
            if printer is not None and printer.config.get("enabled"):
                for item in printer.renderer.items:
                    if isinstance(item, Section) and item not in nav.items:
                        self.annexes.append(
                            {"titre": item.title, "pages": [p.file.src_uri for p in item.children]}
                        )
            return nav

        def on_files(self, files: Any, config: Any) -> Any:
            # Files the build writes from data (the print stylesheet), other than pages.
            self.fichiers = {
                f.src_uri: f.content_string
                for f in files
                if f.generated_by is not None and not f.is_documentation_page()
            }
            return files

        def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
            self.pages[page.file.src_uri] = (str(markdown), dict(page.meta))
            return markdown

        def on_post_build(self, config: Any) -> None:
            self.site_name = str(config["site_name"])
            self.extra = {
                cle: _simple(valeur)
                for cle, valeur in config["extra"].items()
                if cle.startswith("hb_")
            }

    capture = Capture()
    with tempfile.TemporaryDirectory(prefix="bench-capture-") as site:
        # Not strict: print-site warns that it is no longer the last plugin. The timed
        # builds of the same configuration are strict.
        config = load_config(str(config_file), site_dir=site, strict=False)
        config.plugins["bench-capture"] = capture
        build(config)
    docs = sortie / "docs"
    if sortie.exists():
        shutil.rmtree(sortie)
    source_docs = (config_file.parent / _lire_config(config_file).get("docs_dir", "docs")).resolve()
    shutil.copytree(source_docs, docs)
    for src, (markdown, meta) in capture.pages.items():
        cible = docs / src
        cible.parent.mkdir(parents=True, exist_ok=True)
        entete = ""
        if meta:
            entete = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
        cible.write_text(entete + markdown, encoding="utf-8")
    for src, contenu in capture.fichiers.items():
        cible = docs / src
        cible.parent.mkdir(parents=True, exist_ok=True)
        cible.write_text(contenu, encoding="utf-8")
    (sortie / "annexe.json").write_text(
        json.dumps(capture.annexes, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    statique = config_statique(
        _lire_config(config_file), config_file.parent, docs, capture.site_name, capture.extra
    )
    chemin = sortie / "mkdocs.yml"
    chemin.write_text(
        yaml.safe_dump(statique, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return chemin


def _simple(valeur: Any) -> Any:
    """Plain YAML values (Markup strings become ordinary strings)."""
    if isinstance(valeur, dict):
        return {str(k): _simple(v) for k, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [_simple(v) for v in valeur]
    if isinstance(valeur, str):
        return str(valeur)
    return valeur


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--sortie DIR`` (and ``--config``, default the project's mkdocs.yml)."""
    parser = argparse.ArgumentParser(description="Capture le manuel en site statique.")
    parser.add_argument("--config", type=Path, default=RACINE / "mkdocs.yml")
    parser.add_argument("--sortie", type=Path, required=True)
    ns = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if str(RACINE) not in sys.path:
        sys.path.insert(0, str(RACINE))
    print(capturer(ns.config.resolve(), ns.sortie.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
