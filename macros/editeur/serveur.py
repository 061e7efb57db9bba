"""The form editor's local server: Decap CMS's page, and a backend that writes the data.

One HTTP server on 127.0.0.1 (port 8081 by default) serves:

* ``/``: the editor's page, which loads Decap CMS from ``/decap/`` (the npm package
  installed in ``macros/editeur/npm/``, served from disk: no CDN);
* ``/config.yml``: the configuration built at start from the data model
  (:func:`macros.editeur.configuration.config_editeur`), with the ``proxy`` backend;
* ``/api/v1``: the API of ``decap-server``'s local file-system proxy (JSON ``POST``, one
  ``action`` and its ``params``), written in Python so that a save can be checked first.

A save (``persistEntry``) is written only if ``make check`` would accept the data: the
file is rewritten in the shipped files' style (:mod:`macros.editeur.ecriture`), the whole
data folder is validated on a temporary copy (:func:`macros.donnees.chargement.charger`),
and only then is the file replaced. A refused save answers the French report of
``make check``, which Decap shows; warnings are written and reported too.

Only the data files of the model (``<dossier>/<nom>.yml`` for each name of
:data:`macros.donnees.modele.FICHIERS`) can be read or written: the private file and
anything else are refused, whatever the path says.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from macros.donnees.chargement import charger
from macros.donnees.lecteur import lire_yaml
from macros.donnees.modele import FICHIERS
from macros.donnees.problemes import DonneesInvalides, Probleme, nom_affiche, rapport
from macros.donnees.reglages import DOSSIER_PROJET
from macros.editeur.ecriture import ecrire, entete_par_defaut

__all__ = [
    "DOSSIER_DECAP",
    "Backend",
    "EditeurIndisponible",
    "Refus",
    "ServeurEditeur",
    "demarrer",
]

#: Decap CMS's bundle, installed by ``make edit`` (``npm ci`` in ``macros/editeur/npm``).
DOSSIER_DECAP = Path(__file__).resolve().parent / "npm" / "node_modules" / "decap-cms" / "dist"

#: The page of the editor (its French report panel is filled from the backend's answers).
PAGE = Path(__file__).resolve().parent / "page.html"

#: Largest request accepted: a data file is at most 8 MB (macros.donnees.lecteur).
MAX_REQUETE = 20 * 1024 * 1024

_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".wasm": "application/wasm",
    ".map": "application/json",
    ".txt": "text/plain; charset=utf-8",
}
_NOM_DE_FICHIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_ORIGINE_LOCALE = re.compile(r"^http://(127\.0\.0\.1|localhost)(:\d+)?$")


class EditeurIndisponible(Exception):
    """The editor cannot start (its bundle is not installed); the message is French."""


class Refus(Exception):
    """A request the backend refuses; the message (French) is shown by the editor."""

    def __init__(self, message: str, statut: int = HTTPStatus.UNPROCESSABLE_ENTITY) -> None:
        super().__init__(message)
        self.statut = statut


def _sha256(contenu: bytes) -> str:
    return hashlib.sha256(contenu).hexdigest()


@dataclass
class Backend:
    """The ``/api/v1`` actions of ``decap-server`` (file-system mode), on one data folder.

    ``dossier`` is the folder's name in the editor's configuration: the file ``equipe``
    is ``<dossier>/equipe.yml`` there, and ``<donnees>/equipe.yml`` on disk.
    """

    donnees: Path
    aujourdhui: date
    prive: Path | None = None
    dossier: str = "data"
    verrou: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # --- paths ------------------------------------------------------------------------

    def chemins(self) -> dict[str, str]:
        """The editor's path of each data file → its name (``data/equipe.yml`` → ``equipe``)."""
        return {f"{self.dossier}/{nom}.yml": nom for nom in FICHIERS}

    def fichier(self, chemin: Any) -> tuple[str, Path]:
        """The name and the file on disk of an editor's path; :class:`Refus` otherwise."""
        nom = self.chemins().get(chemin) if isinstance(chemin, str) else None
        if nom is None:
            raise Refus(
                f"chemin « {chemin} » refusé : l'éditeur ne lit et n'écrit que les fichiers de "
                f"données du manuel ({', '.join(sorted(self.chemins()))})",
                HTTPStatus.FORBIDDEN,
            )
        path = self.donnees / f"{nom}.yml"
        # A link that leads out of the data folder is refused like a path that does.
        if path.exists() and path.resolve().parent != self.donnees.resolve():
            raise Refus(f"« {chemin} » mène hors du dossier de données : refusé", 403)
        return nom, path

    def affiche(self, nom: str) -> str:
        """The file as ``make check`` names it (``data/equipe.yml``)."""
        return nom_affiche(self.donnees / f"{nom}.yml", DOSSIER_PROJET)

    def entree(self, chemin: str, label: str | None = None) -> dict[str, Any]:
        _, path = self.fichier(chemin)
        try:
            contenu = path.read_bytes()
        except OSError:
            return {"data": None, "file": {"path": chemin, "label": label, "id": None}}
        return {
            "data": contenu.decode("utf-8", "replace"),
            "file": {"path": chemin, "label": label, "id": _sha256(contenu)},
        }

    # --- actions ------------------------------------------------------------------------

    def action(self, corps: Any) -> Any:
        """Answer one request of Decap's ``proxy`` backend; raises :class:`Refus`."""
        if not isinstance(corps, dict) or not isinstance(corps.get("action"), str):
            raise Refus("requête invalide : « action » manquante")
        params = corps.get("params")
        params = params if isinstance(params, dict) else {}
        faire: Callable[[dict[str, Any]], Any] | None = getattr(self, "_" + corps["action"], None)
        if faire is None or corps["action"] not in _ACTIONS:
            raise Refus(f"action « {corps['action']} » inconnue")
        return faire(params)

    def _info(self, _params: dict[str, Any]) -> Any:
        return {"repo": self.donnees.name, "publish_modes": ["simple"], "type": "local_fs"}

    def _entriesByFolder(self, params: dict[str, Any]) -> Any:
        dossier = str(params.get("folder", "")).strip("/")
        extension = str(params.get("extension", ""))
        if dossier != self.dossier:
            return []
        return [self.entree(c) for c in self.chemins() if c.endswith(extension)]

    def _entriesByFiles(self, params: dict[str, Any]) -> Any:
        fichiers = params.get("files")
        if not isinstance(fichiers, list):
            raise Refus("requête invalide : « files » manquant")
        return [
            self.entree(f.get("path"), f.get("label")) if isinstance(f, dict) else self.entree(f)
            for f in fichiers
        ]

    def _getEntry(self, params: dict[str, Any]) -> Any:
        return self.entree(params.get("path"))

    def _persistEntry(self, params: dict[str, Any]) -> Any:
        if params.get("assets"):
            raise Refus("les fichiers joints (images, documents) ne sont pas pris en charge")
        fichiers = params.get("dataFiles") or [params.get("entry")]
        if not all(isinstance(f, dict) and isinstance(f.get("raw"), str) for f in fichiers):
            raise Refus("requête invalide : aucun fichier à enregistrer")
        if any(f.get("newPath") for f in fichiers):
            raise Refus("un fichier de données ne peut pas être renommé ni déplacé")
        with self.verrou:
            return self.enregistrer({f.get("path"): f["raw"] for f in fichiers})

    def _getMedia(self, _params: dict[str, Any]) -> Any:
        return []

    def _getMediaFile(self, params: dict[str, Any]) -> Any:
        raise Refus("les fichiers joints (images, documents) ne sont pas pris en charge")

    def _persistMedia(self, params: dict[str, Any]) -> Any:
        raise Refus("les fichiers joints (images, documents) ne sont pas pris en charge")

    def _deleteFile(self, params: dict[str, Any]) -> Any:
        raise Refus(
            "un fichier de données ne peut pas être supprimé depuis l'éditeur : le manuel en a "
            "besoin ; videz plutôt les entrées qui ne servent plus"
        )

    def _deleteFiles(self, params: dict[str, Any]) -> Any:
        return self._deleteFile(params)

    def _getDeployPreview(self, _params: dict[str, Any]) -> Any:
        return None

    def _hbRoles(self, _params: dict[str, Any]) -> Any:
        """The roles of the data (id and name), for the RACI field of ``page.html``: Decap
        has no widget for a mapping, the page registers one with a row per role."""
        chemin = self.donnees / "roles.yml"
        doc = (
            lire_yaml(chemin.read_text(encoding="utf-8"), "roles.yml")[0]
            if chemin.is_file()
            else None
        )
        roles = doc.data.get("roles") if doc is not None and isinstance(doc.data, dict) else None
        return [
            {"id": str(r["id"]), "nom": str(r.get("nom") or r["id"])}
            for r in (roles if isinstance(roles, list) else [])
            if isinstance(r, dict) and isinstance(r.get("id"), str)
        ]

    # --- saving -------------------------------------------------------------------------

    def enregistrer(self, textes: dict[Any, str]) -> dict[str, Any]:
        """Normalise, validate the whole folder with the new texts, then write them.

        Raises :class:`Refus` with the French report when ``make check`` would refuse the
        data; nothing is written then.
        """
        nouveaux: dict[str, tuple[Path, str]] = {}
        for chemin, brut in textes.items():
            nom, path = self.fichier(chemin)
            doc, problemes = lire_yaml(brut, self.affiche(nom))
            if doc is None:
                raise Refus(rapport(problemes))
            actuel = path.read_text(encoding="utf-8") if path.is_file() else None
            texte = ecrire(nom, doc.data, actuel, entete_par_defaut(nom, self.donnees))
            nouveaux[nom] = (path, texte)
        avertissements = self.valider({nom: texte for nom, (_, texte) in nouveaux.items()})
        for path, texte in nouveaux.values():
            if path.is_file() and path.read_text(encoding="utf-8") == texte:
                continue
            temporaire = path.with_name(f".{path.name}.editeur-{os.getpid()}")
            temporaire.write_text(texte, encoding="utf-8", newline="\n")
            os.replace(temporaire, path)
        reponse: dict[str, Any] = {"message": "entry persisted"}
        if avertissements:
            reponse["avertissements"] = rapport(avertissements)
        return reponse

    def valider(self, textes: dict[str, str]) -> list[Probleme]:
        """Load the data folder with ``textes`` in place of its files, as ``make check`` does.

        Returns the warnings; raises :class:`Refus` (the French report) on an error.
        """
        with tempfile.TemporaryDirectory(prefix="hb-editeur-") as brut:
            copie = Path(brut)
            noms: dict[str, str] = {}
            for nom in FICHIERS:
                cible = copie / f"{nom}.yml"
                noms[nom_affiche(cible, DOSSIER_PROJET)] = self.affiche(nom)
                if nom in textes:
                    cible.write_text(textes[nom], encoding="utf-8", newline="\n")
                elif (self.donnees / f"{nom}.yml").is_file():
                    shutil.copyfile(self.donnees / f"{nom}.yml", cible)
            try:
                chargement = charger(copie, self.aujourdhui, self.prive)
            except DonneesInvalides as err:
                problemes = [_renommer(p, noms) for p in err.problemes]
                raise Refus(rapport(problemes)) from None
            return [_renommer(p, noms) for p in chargement.avertissements]


def _renommer(probleme: Probleme, noms: dict[str, str]) -> Probleme:
    """A problem of the temporary copy, named with the real file."""
    return dataclasses.replace(probleme, fichier=noms.get(probleme.fichier, probleme.fichier))


_ACTIONS = frozenset(
    {
        "info",
        "entriesByFolder",
        "entriesByFiles",
        "getEntry",
        "persistEntry",
        "getMedia",
        "getMediaFile",
        "persistMedia",
        "deleteFile",
        "deleteFiles",
        "getDeployPreview",
        "hbRoles",
    }
)


# --- HTTP ------------------------------------------------------------------------------------


@dataclass
class ServeurEditeur:
    """A running editor server (see :func:`demarrer`); :meth:`arreter` stops it."""

    httpd: ThreadingHTTPServer
    fil: threading.Thread
    backend: Backend

    @property
    def url(self) -> str:
        hote, port = self.httpd.server_address[:2]
        return f"http://{hote}:{port}/"

    def arreter(self) -> None:
        """Stop serving and close the socket (waits for the serving thread)."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self.fil.join(timeout=10)


def _gestionnaire(backend: Backend, config: Callable[[], bytes]) -> type[BaseHTTPRequestHandler]:
    class Gestionnaire(BaseHTTPRequestHandler):
        server_version = "ManuelEditeur"
        sys_version = ""

        def log_message(self, format: str, *args: Any) -> None:
            """Requests are not logged: the terminal belongs to the preview's messages."""

        def _hote_local(self) -> bool:
            # Against DNS rebinding: only the names of this machine's loopback.
            hote = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            return hote in ("127.0.0.1", "localhost")

        def _envoyer(self, statut: int, contenu: bytes, type_: str, *, cache: bool = False) -> None:
            self.send_response(statut)
            self.send_header("Content-Type", type_)
            self.send_header("Content-Length", str(len(contenu)))
            self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            origine = self.headers.get("Origin")
            if origine and _ORIGINE_LOCALE.match(origine):
                self.send_header("Access-Control-Allow-Origin", origine)
                self.send_header("Vary", "Origin")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(contenu)

        def _json(self, statut: int, valeur: Any) -> None:
            corps = json.dumps(valeur, ensure_ascii=False).encode("utf-8")
            self._envoyer(statut, corps, "application/json; charset=utf-8")

        def do_GET(self) -> None:
            if not self._hote_local():
                self._envoyer(403, "Hôte refusé.".encode(), "text/plain; charset=utf-8")
                return
            chemin = self.path.split("?", 1)[0]
            if chemin in ("/", "/index.html"):
                self._envoyer(200, PAGE.read_bytes(), "text/html; charset=utf-8")
            elif chemin == "/config.yml":
                self._envoyer(200, config(), "text/yaml; charset=utf-8")
            elif chemin.startswith("/decap/") and _NOM_DE_FICHIER.match(chemin[7:]):
                fichier = DOSSIER_DECAP / chemin[7:]
                if fichier.is_file() and fichier.suffix in _TYPES:
                    self._envoyer(200, fichier.read_bytes(), _TYPES[fichier.suffix], cache=True)
                else:
                    self._envoyer(404, b"", "text/plain")
            else:
                self._envoyer(404, b"Page introuvable.", "text/plain; charset=utf-8")

        do_HEAD = do_GET

        def do_OPTIONS(self) -> None:
            origine = self.headers.get("Origin") or ""
            self.send_response(204 if _ORIGINE_LOCALE.match(origine) else 403)
            if _ORIGINE_LOCALE.match(origine):
                self.send_header("Access-Control-Allow-Origin", origine)
                self.send_header("Access-Control-Allow-Methods", "POST")
                self.send_header("Access-Control-Allow-Headers", "Content-Type")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            origine = self.headers.get("Origin")
            if not self._hote_local() or (origine and not _ORIGINE_LOCALE.match(origine)):
                self._json(403, {"error": "origine refusée : l'éditeur n'accepte que 127.0.0.1"})
                return
            if self.path.split("?", 1)[0] != "/api/v1":
                self._json(404, {"error": "adresse inconnue"})
                return
            try:
                taille = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                taille = -1
            if not 0 < taille <= MAX_REQUETE:
                self._json(413, {"error": "requête vide ou trop volumineuse"})
                return
            try:
                corps = json.loads(self.rfile.read(taille))
            except ValueError:
                self._json(400, {"error": "requête invalide : JSON illisible"})
                return
            try:
                self._json(200, backend.action(corps))
            except Refus as refus:
                self._json(refus.statut, {"error": str(refus)})

    return Gestionnaire


def demarrer(
    donnees: Path,
    aujourdhui: date,
    prive: Path | None = None,
    *,
    hote: str = "127.0.0.1",
    port: int = 8081,
    apercu: str | None = None,
) -> ServeurEditeur:
    """Start the editor's server on ``hote:port`` (``0``: any free port), in a thread.

    ``apercu`` is the live preview's address, shown as the site's link in the editor.
    Raises :class:`EditeurIndisponible` when Decap CMS is not installed, ``OSError``
    when the port is taken.
    """
    from macros.editeur.configuration import config_editeur

    if not (DOSSIER_DECAP / "decap-cms.js").is_file():
        raise EditeurIndisponible(
            "L'éditeur (Decap CMS) n'est pas installé : lancez « make edit », qui l'installe "
            "depuis npm dans macros/editeur/npm/ (ou « make editeur-npm »)."
        )
    backend = Backend(donnees, aujourdhui, prive, dossier=donnees.name)
    httpd = ThreadingHTTPServer((hote, port), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    adresse = f"http://{hote}:{httpd.server_address[1]}"
    configuration = config_editeur(
        backend={"name": "proxy", "proxy_url": f"{adresse}/api/v1", "branch": "main"},
        dossier=backend.dossier,
    )
    if apercu:
        configuration.setdefault("site_url", apercu)
        configuration.setdefault("display_url", apercu)
    texte = yaml.safe_dump(configuration, allow_unicode=True, sort_keys=False).encode("utf-8")
    httpd.RequestHandlerClass = _gestionnaire(backend, lambda: texte)
    fil = threading.Thread(target=httpd.serve_forever, name="editeur", daemon=True)
    fil.start()
    return ServeurEditeur(httpd, fil, backend)
