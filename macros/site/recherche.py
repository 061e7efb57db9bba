"""Accent-insensitive search: « Zoe » finds Zoë, « echeancier » finds « échéancier ».

Material's search builds its lunr.js index in the browser, in a web worker that loads
lunr-languages' French support (``lunr.fr.min.js``) from the built site. The build
appends ``sans-accents.js`` to that file: the index and every query then compare
words without their accents (see the script). The search index file
(``search/search_index.json``) and the pages are left as they are, so results show
the text as written; the offline bundle loads the same file through its shim.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["LUNR_FRANCAIS", "MARQUE", "sans_accents"]

#: Material's copy of lunr-languages' French support, in the built site.
LUNR_FRANCAIS = Path("assets/javascripts/lunr/min/lunr.fr.min.js")
#: The script appended to it.
SCRIPT = Path(__file__).with_name("sans-accents.js")
#: Found in the file once the script is appended (the script's first line).
MARQUE = "/* Accent-insensitive search for the handbook"


def sans_accents(config: Any) -> None:
    """Append the accent folding to the built site's French search support, once.

    Does nothing when the search plugin is off. Fails when Material no longer ships
    the file: the search would silently need accents again.
    """
    plugins = config["plugins"]
    if "search" not in plugins and "material/search" not in plugins:
        return
    fichier = Path(config["site_dir"]) / LUNR_FRANCAIS
    if not fichier.is_file():
        from mkdocs.exceptions import PluginError

        raise PluginError(
            f"recherche sans accents : {LUNR_FRANCAIS} est absent du site construit "
            "(le thème Material a changé ?) ; la recherche exigerait les accents."
        )
    texte = fichier.read_text(encoding="utf-8")
    if MARQUE in texte:
        return
    script = SCRIPT.read_text(encoding="utf-8")
    fichier.write_text(f"{texte.rstrip()}\n{script}", encoding="utf-8")
