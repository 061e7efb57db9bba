"""The published form editor: Sveltia CMS at ``site/admin/``, committing to GitHub.

Written by the build (:func:`publier`, from ``on_post_build``) when ``HANDBOOK_DEPOT`` names
the repository (the publication workflow sets it): the site then carries, next to its
pages,

* ``admin/index.html``: the editor's page (French, ``noindex``);
* ``admin/config.yml``: the configuration generated from the model
  (:func:`macros.editeur.configuration.config_editeur`) with the ``github`` backend of that
  repository, sign-in with a personal access token only (no OAuth server to run), and the
  editorial workflow: each change is a pull request, which the CI checks before anyone
  publishes it;
* ``admin/sveltia-cms.js``: Sveltia CMS's bundle, from the npm package pinned in
  ``macros/editeur/npm`` (``make editeur-npm``), with every address it would load from a
  CDN turned into a file served beside it (:func:`bundle_sans_cdn`): its French locale
  (``cms@<version>/locales/``), its version file (``cms/package.json``, so that no update
  check goes out), the three fonts it shows (``polices/``, from the ``@fontsource``
  packages), and GitHub's status page (answered in place: « no incident known »); its
  viewport lets people zoom.

Why Sveltia here and Decap CMS for ``make edit``: Decap signs in to GitHub only through an
OAuth server, which a practice without a server cannot run; Sveltia signs in with a token
and reads the same configuration. Locally, Decap talks to the handbook's own backend
(:mod:`macros.editeur.serveur`), which checks a save as ``make check`` does before writing.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from macros.editeur.configuration import config_editeur

__all__ = [
    "ADRESSE_EDITEUR",
    "DOSSIER_SVELTIA",
    "EditeurNonPublie",
    "backend_github",
    "bundle_sans_cdn",
    "publier",
]

#: Where the npm packages of the editors are installed (``make editeur-npm``).
_NODE_MODULES = Path(__file__).resolve().parent / "npm" / "node_modules"
#: Sveltia CMS's package.
DOSSIER_SVELTIA = _NODE_MODULES / "@sveltia" / "cms"
#: The published editor's folder, relative to the site's root.
ADRESSE_EDITEUR = "admin/"

#: The CDN base the bundle loads its locale, version file and schema from.
_UNPKG_SVELTIA = "https://unpkg.com/@sveltia/cms"
#: A font of the bundle's ``@font-face`` rules: family, variable (``:vf``), version, subset.
_POLICE = re.compile(
    r"https://cdn\.jsdelivr\.net/fontsource/fonts/"
    r"(?P<famille>[a-z0-9-]+)(?P<vf>:vf)?@[0-9.]+/(?P<sous_ensemble>[a-z0-9-]+)\.woff2"
)
#: GitHub's status API, asked after sign-in: answered in place, no request.
_STATUT_GITHUB = "https://www.githubstatus.com/api/v2/status.json"
_STATUT_LOCAL = 'data:application/json,{"status":{"indicator":"none"}}'
#: The item of the bundle's viewport that stops zooming.
_ZOOM_INTERDIT = "`maximum-scale=1`,"
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")

_PAGE = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Éditeur du manuel</title>
  <link rel="cms-config-url" type="application/yaml" href="config.yml">
</head>
<body>
  <noscript>L'éditeur du manuel a besoin de JavaScript.</noscript>
  <script src="sveltia-cms.js"></script>
</body>
</html>
"""


class EditeurNonPublie(Exception):
    """The published editor cannot be written; the message is French."""


def backend_github(depot: str, branche: str = "main") -> dict[str, Any]:
    """The ``backend`` of the published editor: the repository, token sign-in only."""
    return {"name": "github", "repo": depot, "branch": branche, "auth_methods": ["token"]}


def _version() -> str:
    paquet = DOSSIER_SVELTIA / "package.json"
    if not (DOSSIER_SVELTIA / "dist" / "sveltia-cms.js").is_file() or not paquet.is_file():
        raise EditeurNonPublie(
            "L'éditeur publié (HANDBOOK_DEPOT) a besoin de Sveltia CMS, qui n'est pas installé : "
            "lancez « make editeur-npm », puis reconstruisez."
        )
    return str(json.loads(paquet.read_text(encoding="utf-8"))["version"])


def bundle_sans_cdn(code: str, version: str) -> tuple[str, dict[str, Path]]:
    """Sveltia CMS's bundle with its CDN addresses turned into files served beside it.

    Returns the new code and the files to copy (path under ``admin/`` → npm file). Raises
    :class:`EditeurNonPublie` if an address it expects is missing: another version of the
    package would load something from a CDN that this function does not know of.
    """
    manquants = [a for a in (_UNPKG_SVELTIA, _STATUT_GITHUB) if a not in code]
    polices: dict[str, Path] = {}

    def police(m: re.Match[str]) -> str:
        famille, sous_ensemble = m["famille"], m["sous_ensemble"]
        paquet = f"@fontsource-variable/{famille}" if m["vf"] else f"@fontsource/{famille}"
        cible = f"polices/{famille}-{sous_ensemble}.woff2"
        polices[cible] = _NODE_MODULES / paquet / "files" / f"{famille}-{sous_ensemble}.woff2"
        return cible

    code = _POLICE.sub(police, code)
    if manquants or not polices:
        raise EditeurNonPublie(
            f"Sveltia CMS {version} ne charge pas ses fichiers là où le manuel les attend "
            f"({', '.join(manquants) or 'polices'}) : installez la version prévue par "
            "macros/editeur/npm/package-lock.json (« make editeur-npm »)."
        )
    code = code.replace(_UNPKG_SVELTIA, "./cms").replace(_STATUT_GITHUB, _STATUT_LOCAL)
    code = _SOURCE_MAP.sub("\n", code)
    # Its viewport forbids zooming on phones (maximum-scale=1): let people zoom (WCAG 1.4.4).
    code = code.replace(_ZOOM_INTERDIT, "")
    fichiers = dict(polices)
    for locale in sorted((DOSSIER_SVELTIA / "locales").glob("*.json")):
        fichiers[f"cms@{version}/locales/{locale.name}"] = locale
    return code, fichiers


def publier(site: Path, depot: str, dossier_donnees: str, branche: str = "main") -> Path:
    """Write the published editor into ``site/admin/``; return that folder.

    Args:
        site: The built site's folder.
        depot: The GitHub repository, ``owner/name`` (``HANDBOOK_DEPOT``).
        dossier_donnees: The data folder, relative to the repository's root (``data``).
        branche: The branch the editor's pull requests go to.
    """
    version = _version()
    code, fichiers = bundle_sans_cdn(
        (DOSSIER_SVELTIA / "dist" / "sveltia-cms.js").read_text(encoding="utf-8"), version
    )
    manquants = [str(source) for source in fichiers.values() if not source.is_file()]
    if manquants:
        raise EditeurNonPublie(
            "L'éditeur publié ne trouve pas ces fichiers : "
            + ", ".join(manquants)
            + ". Lancez « make editeur-npm »."
        )
    dossier = site / ADRESSE_EDITEUR
    if dossier.exists():
        shutil.rmtree(dossier)
    dossier.mkdir(parents=True)
    config = config_editeur(backend=backend_github(depot, branche), dossier=dossier_donnees)
    # One pull request per change: the CI checks it before it is published.
    config["publish_mode"] = "editorial_workflow"
    # Options Sveltia ignores, with a warning: it speaks the browser's language, and shows
    # no description of a file (the field hints carry the help).
    config.pop("locale", None)
    for collection in config["collections"]:
        for fichier in collection.get("files", []):
            fichier.pop("description", None)
    (dossier / "config.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (dossier / "index.html").write_text(_PAGE, encoding="utf-8")
    (dossier / "sveltia-cms.js").write_text(code, encoding="utf-8")
    (dossier / "cms").mkdir()
    (dossier / "cms" / "package.json").write_text(
        json.dumps({"name": "@sveltia/cms", "version": version}), encoding="utf-8"
    )
    for cible, source in fichiers.items():
        (dossier / cible).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dossier / cible)
    return dossier
