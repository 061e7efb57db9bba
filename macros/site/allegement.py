"""What the published site ships: what its pages use, and no more.

* no source maps: Material's ``*.map`` files are not copied, and the ``sourceMappingURL``
  comments that point at them are dropped from its scripts (they name files that no
  longer exist, and a browser's developer tools would fetch them);
* none of lunr-languages' files but those the search loads (French: its own file and the
  stemmer support, see :func:`lunr_utiles`);
* the handbook's own stylesheets minified (:func:`minifier_css`, rcssmin);
* print-site's stylesheets and script only on the print page, Material's palette
  stylesheet only where a palette of its own is used, and Material's script deferred
  (:func:`page_allegee`);
* the logo's width and height (:func:`dimensions_logo`), so that the browser reserves its
  place before the image arrives;
* the search's file:// shim (iframe-worker) only in the offline bundle, where it runs
  (:func:`sans_shim_hors_ligne`): on a served site it does nothing, from ``<head>``.

Everything is done while MkDocs builds (``on_files``, ``on_post_page``), never on the
written site: ``mkdocs serve`` shows the same pages as ``make site``.
"""

from __future__ import annotations

import functools
import re
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import rcssmin
from mkdocs.structure.files import File, Files

__all__ = [
    "HAUTEUR_LOGO",
    "SCRIPTS_SUR_DEMANDE",
    "alleger_fichiers",
    "configurer",
    "dimensions_logo",
    "lunr_utiles",
    "minifier_css",
    "page_allegee",
    "palette_inutile",
    "sans_actifs_impression",
    "sans_carte_source",
    "sans_shim_hors_ligne",
]

#: Height of the logo in the header and the navigation (Material: ``1.2rem``, 24 px).
HAUTEUR_LOGO = 24

#: lunr-languages' folder in Material's assets.
_LUNR = "assets/javascripts/lunr/"

#: The ``<link>`` and ``<script>`` tags of print-site's assets: ``css/print-site.css``,
#: ``css/print-site-<theme>.css``, its numbering stylesheets, and ``js/print-site.js``.
_ACTIFS_IMPRESSION = re.compile(
    r'<link\b[^>]*\bhref="[^"]*\bcss/print-site[\w.-]*\.css"[^>]*>\s*'
    r'|<script\b[^>]*\bsrc="[^"]*\bjs/print-site\.js"[^>]*>\s*</script>\s*'
)

#: Material's palette stylesheet (its colour schemes and named colours).
_PALETTE = re.compile(
    r'<link\b[^>]*\bhref="[^"]*\bassets/stylesheets/palette\.\w+\.min\.css"[^>]*>\s*'
)
_FICHIER_PALETTE = re.compile(r"assets/stylesheets/palette\.\w+\.min\.css")

#: Material's script (``bundle.<hash>.min.js``), without ``defer``.
_SCRIPT_MATERIAL = re.compile(
    r'<script\b(?![^>]*\bdefer\b)([^>]*\bsrc="[^"]*\bassets/javascripts/bundle\.\w+\.min\.js")'
)

#: The handbook's scripts that only some pages use, with what such a page contains: the
#: copy buttons of the e-mail templates (support page, member pages). Such a page gets the
#: script inline (1.5 KB), the others none.
SCRIPTS_SUR_DEMANDE = {"assets/handbook.js": "data-hb-copier"}

#: The comment at the end of a minified script or stylesheet that names its source map.
_CARTE_SOURCE = re.compile(
    r"\n?(?://[#@] sourceMappingURL=[^\n]*|/\*[#@] sourceMappingURL=[^*]*\*/)[ \t]*(?=\n|$)"
)


def minifier_css(css: str) -> str:
    """``css`` without comments and needless white space, with the same meaning.

    rcssmin (a tokenizer that knows CSS strings, ``url()``, ``calc()`` and at-rules, with
    a C accelerator) rather than hand-written regular expressions: a string or a
    ``content:`` value is never touched.
    """
    return rcssmin.cssmin(css).strip() + "\n"


def sans_carte_source(texte: str) -> str:
    """A minified script or stylesheet without its ``sourceMappingURL`` comment."""
    return _CARTE_SOURCE.sub("", texte)


def sans_actifs_impression(html: str) -> str:
    """A page without print-site's stylesheets and script, which only the print page uses
    (its cover, contents and part titles; every other page is printed by the browser
    with Material's and the handbook's own print rules)."""
    return _ACTIFS_IMPRESSION.sub("", html)


def palette_inutile(config: Any) -> bool:
    """True when Material's palette stylesheet has no rule for the site: one palette (no
    toggle), the default scheme, and the handbook's own colours (``primary`` and ``accent``
    ``custom``, set in ``handbook.css``). The stylesheet only holds the ``slate`` scheme and
    Material's named colours (and a rule for switching palettes, which needs a toggle)."""
    palette = config["theme"].get("palette")
    if not palette:
        return False
    palettes = palette if isinstance(palette, list) else [palette]
    if len(palettes) != 1 or not isinstance(palettes[0], dict):
        return False
    seule = palettes[0]
    return (
        seule.get("scheme", "default") == "default"
        and seule.get("primary") == "custom"
        and seule.get("accent") == "custom"
        and not seule.get("toggle")
        and not seule.get("media")
    )


def _script_en_ligne(source: Path) -> str | None:
    """``<script>`` with the script ``source`` inline, or ``None`` when it cannot be (no
    file, or a ``</script`` in it). Read once per version of the file, not once per page
    (the member pages, a thousand at 1,000 members, each have it)."""
    if not source.is_file():
        return None
    return _script_lu(source, source.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _script_lu(source: Path, version: int) -> str | None:
    """:func:`_script_en_ligne` for the file's ``version`` (its modification time), the
    key of the cache."""
    texte = source.read_text(encoding="utf-8")
    if not texte or "</script" in texte.lower():
        return None
    return f"<script>{texte.strip()}</script>"


def page_allegee(html: str, config: Any, impression: bool = False) -> str:
    """A built page with only what it uses: without print-site's assets (except
    ``impression``, the print page) nor the handbook's scripts it has no use for
    (:data:`SCRIPTS_SUR_DEMANDE`; inline where it has) and, when :func:`palette_inutile`, without Material's
    palette stylesheet; Material's script deferred (except on the print page, printed as
    print-site made it), so that the browser paints the page before running it (it
    starts on ``DOMContentLoaded``, which comes after deferred scripts)."""
    if not impression:
        html = sans_actifs_impression(html)
        html = _SCRIPT_MATERIAL.sub(r"<script defer\1", html, count=1)
        for script, marque in SCRIPTS_SUR_DEMANDE.items():
            balise = re.compile(
                rf'<script\b[^>]*\bsrc="[^"]*\b{re.escape(script)}"[^>]*>\s*</script>'
            )
            if marque not in html:
                html = balise.sub("", html, count=1)
                continue
            # A page that uses it gets it inline: one request less before it shows.
            en_ligne = _script_en_ligne(Path(config["docs_dir"]) / script)
            if en_ligne:
                html = balise.sub(lambda _, s=en_ligne: s, html, count=1)
    if palette_inutile(config):
        html = _PALETTE.sub("", html, count=1)
    return html


def lunr_utiles(langues: Iterable[str]) -> set[str]:
    """The files of lunr-languages (relative to its folder) that Material's search worker
    loads for ``langues`` (its ``importScripts``: the stemmer support, one file per
    language but English, the multi-language support for several, and the Japanese and
    Thai segmenters)."""
    langues = list(langues)
    utiles = {"min/lunr.stemmer.support.min.js"}
    utiles |= {f"min/lunr.{langue}.min.js" for langue in langues if langue != "en"}
    if len(langues) > 1:
        utiles.add("min/lunr.multi.min.js")
    if "ja" in langues or "jp" in langues:
        utiles.add("tinyseg.js")
    if "hi" in langues or "th" in langues:
        utiles.add("wordcut.js")
    return utiles


def _langues_recherche(config: Any) -> list[str] | None:
    """The search plugin's languages, or ``None`` without the search plugin."""
    for nom in ("search", "material/search"):
        plugin = config["plugins"].get(nom)
        if plugin is not None:
            langues = plugin.config.get("lang") or [config["theme"]["language"]]
            return [langues] if isinstance(langues, str) else list(langues)
    return None


def _hors_ligne(config: Any) -> bool:
    """True when Material's offline plugin is on (``make offline``)."""
    for nom in ("offline", "material/offline"):
        plugin = config["plugins"].get(nom)
        if plugin is not None and plugin.config.get("enabled"):
            return True
    return False


def sans_shim_hors_ligne(config: Any) -> list[str]:
    """Outside the offline bundle, take the iframe-worker shim out of Material's polyfills
    (``extra.polyfills``, loaded in every page's ``<head>``): it only replaces the search's
    web worker on ``file://``. Returns the site paths taken out (not to be copied)."""
    polyfills = list(config["extra"].get("polyfills") or [])
    if _hors_ligne(config):
        return []
    retires = [p for p in polyfills if "iframe-worker" in str(p)]
    config["extra"]["polyfills"] = [p for p in polyfills if p not in retires]
    return [str(p) for p in retires if "://" not in str(p)]


def _stylesheets_du_manuel(files: Files, config: Any, autres: Iterable[str]) -> list[File]:
    """The handbook's own stylesheets: those of ``extra_css`` that are files of the site
    (``docs/`` or generated), and ``autres``; not the theme's nor the plugins'."""
    out: dict[str, File] = {}
    for uri in [*map(str, config["extra_css"]), *autres]:
        fichier = files.get_file_from_path(uri)
        if fichier is not None and fichier.src_uri.endswith(".css"):
            out[fichier.src_uri] = fichier
    return list(out.values())


def alleger_fichiers(files: Files, config: Any, css: Iterable[str] = ()) -> Files:
    """The site's files, lighter: no source map, unused lunr language or palette
    stylesheet (:func:`palette_inutile`); the handbook's
    stylesheets (``extra_css`` and ``css``) minified; the theme's scripts and stylesheets
    without a ``sourceMappingURL`` comment."""
    langues = _langues_recherche(config)
    utiles = lunr_utiles(langues) if langues is not None else None
    # The polyfills that on_config took out (sans_shim_hors_ligne): not copied either.
    inutiles = set(map(str, config["extra"].get("hb_polyfills_retires") or []))
    sans_palette = palette_inutile(config)
    for fichier in list(files):
        uri = fichier.src_uri
        if (
            uri.endswith(".map")
            or uri in inutiles
            or (sans_palette and _FICHIER_PALETTE.fullmatch(uri))
            or (utiles is not None and uri.startswith(_LUNR) and uri[len(_LUNR) :] not in utiles)
        ):
            files.remove(fichier)
        elif uri.endswith((".js", ".css")) and fichier.generated_by is None:
            try:
                texte = fichier.content_string
            except (OSError, UnicodeDecodeError):
                continue
            if "sourceMappingURL" in texte:
                files.remove(fichier)
                files.append(File.generated(config, uri, content=sans_carte_source(texte)))
    for fichier in _stylesheets_du_manuel(files, config, css):
        texte = fichier.content_string
        files.remove(fichier)
        files.append(File.generated(config, fichier.src_uri, content=minifier_css(texte)))
    return files


def dimensions_logo(chemin: Path, hauteur: int = HAUTEUR_LOGO) -> tuple[int, int] | None:
    """The logo's ``width`` and ``height`` at ``hauteur`` pixels high (as Material shows it),
    from an SVG's ``width``/``height`` or ``viewBox``, or a PNG's header; ``None`` for
    another format or a file that says no size."""
    try:
        donnees = chemin.read_bytes()
    except OSError:
        return None
    largeur_propre: float | None = None
    hauteur_propre: float | None = None
    if donnees.startswith(b"\x89PNG\r\n\x1a\n") and len(donnees) >= 24:
        largeur_propre, hauteur_propre = struct.unpack(">II", donnees[16:24])
    elif chemin.suffix.lower() == ".svg":
        texte = donnees.decode("utf-8", errors="replace")
        balise = re.search(r"<svg\b[^>]*>", texte)
        if balise is None:
            return None
        attributs = dict(re.findall(r'([\w:-]+)\s*=\s*"([^"]*)"', balise.group(0)))
        nombre = r"\s*([0-9]*\.?[0-9]+)\s*(?:px)?\s*"
        largeur = re.fullmatch(nombre, attributs.get("width", ""))
        haut = re.fullmatch(nombre, attributs.get("height", ""))
        boite = attributs.get("viewBox", "").replace(",", " ").split()
        if largeur and haut:
            largeur_propre, hauteur_propre = float(largeur.group(1)), float(haut.group(1))
        elif len(boite) == 4:
            try:
                largeur_propre, hauteur_propre = float(boite[2]), float(boite[3])
            except ValueError:
                return None
    if not largeur_propre or not hauteur_propre:
        return None
    return max(1, round(hauteur * largeur_propre / hauteur_propre)), hauteur


def configurer(config: Any) -> None:
    """What the pages' templates need to ship less, put in ``config.extra`` at ``on_config``:
    the logo's size (``hb_logo``, for ``partials/logo.html``) and, outside the offline
    bundle, the search's file:// shim taken out (``hb_polyfills_retires``)."""
    logo = config["theme"].get("logo")
    taille = None
    if logo and "://" not in logo:
        taille = dimensions_logo(Path(config["docs_dir"]) / logo)
    config["extra"]["hb_logo"] = {"largeur": taille[0], "hauteur": taille[1]} if taille else {}
    config["extra"]["hb_polyfills_retires"] = sans_shim_hors_ligne(config)
