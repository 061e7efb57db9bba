"""Command line: ``python -m macros check | build | serve | edit | navigateur``.

The Makefile calls these commands; they can also be run directly.

* ``check`` validates the data only (fast) and prints every problem in French.
* ``build`` validates, builds the site with ``mkdocs build --strict`` into a
  temporary folder, adds the extra outputs, and only then replaces ``site/``:
  a failed build leaves the previous site untouched.
* ``serve`` runs ``mkdocs serve`` with live reload on 127.0.0.1:8000; data errors
  are shown on the pages and the server keeps running.
* ``edit`` runs ``serve`` and, beside it, the form editor on 127.0.0.1:8081
  (:mod:`macros.editeur.serveur`), on the same data folder; both stop together.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from macros.donnees.chargement import Chargement, charger
from macros.donnees.problemes import DonneesInvalides, rapport
from macros.donnees.reglages import DOSSIER_PROJET, Reglages, lire_reglages

if TYPE_CHECKING:
    from macros.sorties.imprimeur import Imprimeur
    from macros.sorties.imprimeur_a_part import ImprimeurAPart

__all__ = ["main"]


def _charger_donnees(reglages: Reglages) -> Chargement:
    return charger(reglages.donnees, reglages.aujourdhui, reglages.prive)


def _mode(reglages: Reglages) -> str:
    if reglages.prive is not None:
        return (
            f"Build PRIVÉ : les données de {reglages.fichier_prive.name} sont incluses. "
            "Contient des données personnelles — ne pas publier."
        )
    if reglages.public:
        return "Build public : aucune donnée privée n'est lue."
    return "Build public : pas de fichier de données privées."


def _nombre(n: int, nom: str) -> str:
    """« 1 membre », « 6 membres » (French: 0 and 1 take the singular)."""
    return f"{n} {nom}{'s' if n > 1 else ''}"


def _resume(reglages: Reglages, chargement: Chargement) -> str:
    hb = chargement.handbook
    comptes = (
        (hb.equipe.membres, "membre"),
        (hb.roles.roles, "rôle"),
        (hb.actions.actions, "action"),
        (hb.procedures.procedures, "procédure"),
        (hb.calendrier.routines, "routine"),
        (hb.calendrier.echeances, "échéance"),
    )
    return (
        f"Données valides ({reglages.libelle_donnees}) : "
        + ", ".join(_nombre(len(liste), nom) for liste, nom in comptes)
        + "."
    )


def cmd_check(ns: argparse.Namespace) -> int:
    """Validate the data and print the result (with ``--codes``, list the problem codes)."""
    if ns.codes:
        from macros.donnees.codes import liste_des_codes

        print(liste_des_codes())
        return 0
    try:
        reglages = lire_reglages()
        chargement = _charger_donnees(reglages)
    except DonneesInvalides as err:
        print(err, file=sys.stderr)
        return 1
    print(_resume(reglages, chargement))
    if chargement.avertissements:
        print(rapport(chargement.avertissements))
    from macros.domaine.sante import texte_a_faire

    a_faire = texte_a_faire(chargement.handbook)
    if a_faire:
        print(a_faire)
    return 0


def _mkdocs(args: list[str]) -> int:
    """Run the MkDocs command line in this process (:mod:`macros.site.commande`)."""
    from macros.site.commande import mkdocs

    return mkdocs(args)


def _remplacer_site(built: Path, site: Path) -> None:
    """Replace ``site`` by ``built`` with renames, keeping the old site until the end."""
    old = None
    if site.exists():
        old = site.with_name(f"{site.name}.old-{os.getpid()}")
        site.rename(old)
    try:
        built.rename(site)
    except OSError:
        shutil.copytree(built, site)
        shutil.rmtree(built, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _vivant(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def _nettoyer_restes(site: Path) -> None:
    """Remove the temporary folders of builds that were killed (``.site-build-<pid>-…``).

    A build removes its own folder when it fails or is interrupted; only a process
    killed outright (power cut, ``kill -9``) leaves one behind. Folders of a build still
    running (its process exists) are left alone.
    """
    for reste in site.parent.glob(f".{site.name}-build-*"):
        pid = reste.name.removeprefix(f".{site.name}-build-").split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _vivant(int(pid)):
            shutil.rmtree(reste, ignore_errors=True)


class _Interrompu(BaseException):
    """Raised in the build by SIGINT, SIGTERM or SIGHUP, so that its ``finally`` clauses run.

    A ``BaseException``, like ``KeyboardInterrupt``: no ``except Exception`` of a plugin
    swallows it.
    """


def _sur_signal(signum: int, _frame: object) -> None:
    raise _Interrompu(signum)


def _pdf(
    reglages: Reglages,
    chargement: Chargement,
    built: Path,
    imprimeur: Imprimeur | ImprimeurAPart | None,
) -> int:
    """Print the handbook and the reflex cards into ``built``, as ``HANDBOOK_PDF`` asks,
    with the browser started before the site was built (``None`` when the step is off);
    the print began while the build ended (:func:`macros.site.impression.commencer_impression`)."""
    from macros.sorties.pdf import PdfIndisponible, afficher_temps, tirage_du_build

    if imprimeur is None:
        print("PDF : étape désactivée (HANDBOOK_PDF=off).")
        return 0
    tirage = tirage_du_build(chargement.handbook, built)
    print(
        f"PDF : impression du manuel et de {len(tirage.travaux) - 1} fiches réflexes avec Chromium…",
        flush=True,
    )
    start = time.perf_counter()
    try:
        resultats = imprimeur.imprimer(tirage)
    except PdfIndisponible as err:
        if reglages.pdf == "required":
            print(
                f"PDF obligatoire (HANDBOOK_PDF=required) mais impossible : {err}.", file=sys.stderr
            )
            return 1
        print(f"PDF non généré : {err}. Le site est construit sans PDF.", file=sys.stderr)
        return 0
    afficher_temps(imprimeur.temps())
    for r in resultats:
        print(
            f"  {r.chemin.name} : {r.pages} page{'s' if r.pages > 1 else ''}, {r.octets / 1e6:.1f} Mo, {r.secondes:.1f} s"
        )
    print(f"PDF prêts en {time.perf_counter() - start:.1f} s.")
    return 0


def cmd_build(ns: argparse.Namespace) -> int:
    """Validate, build into a temporary folder, then replace the site folder."""
    try:
        reglages = lire_reglages()
        chargement = _charger_donnees(reglages)
    except DonneesInvalides as err:
        print(err, file=sys.stderr)
        print("\nÉchec : le site précédent n'a pas été modifié.", file=sys.stderr)
        return 1
    print(_resume(reglages, chargement))
    print(_mode(reglages))
    site = Path(ns.site_dir).resolve() if ns.site_dir else DOSSIER_PROJET / "site"
    site.parent.mkdir(parents=True, exist_ok=True)
    _nettoyer_restes(site)
    # A SIGTERM (a CI job cancelled, `kill`) or a SIGHUP (the terminal closed) would end
    # the process without cleaning up, and MkDocs turns Ctrl-C into a plain failure:
    # each raises an exception that only this function catches.
    anciens = {}
    if threading.current_thread() is threading.main_thread():
        signaux = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        anciens = {s: signal.signal(s, _sur_signal) for s in signaux}
    tmp = Path(tempfile.mkdtemp(prefix=f".{site.name}-build-{os.getpid()}-", dir=site.parent))
    try:
        return _construire(reglages, chargement, site, tmp)
    except _Interrompu:
        print(
            "\nConstruction interrompue : le site précédent n'a pas été modifié.",
            file=sys.stderr,
        )
        return 130
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        for s, ancien in anciens.items():
            signal.signal(s, ancien)


def _construire(reglages: Reglages, chargement: Chargement, site: Path, tmp: Path) -> int:
    """Build into ``tmp``, print the PDFs, then replace ``site`` (see :func:`cmd_build`)."""
    if reglages.pdf == "off":
        return _construire_avec(reglages, chargement, site, tmp, None)
    from macros.sorties.imprimeur_a_part import demarrer_imprimeur
    from macros.sorties.pdf import en_attente

    # Chromium starts in a process of its own while MkDocs builds the site; the build's
    # hooks hand it the pages as they are written.
    with demarrer_imprimeur() as imprimeur, en_attente(imprimeur):
        return _construire_avec(reglages, chargement, site, tmp, imprimeur)


def _construire_avec(
    reglages: Reglages,
    chargement: Chargement,
    site: Path,
    tmp: Path,
    imprimeur: Imprimeur | ImprimeurAPart | None,
) -> int:
    start = time.perf_counter()
    status = _mkdocs(
        [
            "build",
            "--strict",
            "--config-file",
            str(DOSSIER_PROJET / "mkdocs.yml"),
            "--site-dir",
            str(tmp),
        ]
    )
    if status != 0:
        print(
            "\nÉchec de la construction : le site précédent n'a pas été modifié.",
            file=sys.stderr,
        )
        return status
    print(f"Site construit en {time.perf_counter() - start:.1f} s.")
    status = _pdf(reglages, chargement, tmp, imprimeur)
    if status != 0:
        print("\nÉchec : le site précédent n'a pas été modifié.", file=sys.stderr)
        return status
    _remplacer_site(tmp, site)
    print(f"Manuel prêt : {site}")
    return 0


def _interrompre(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_serve(ns: argparse.Namespace) -> int:
    """Serve with live reload; data errors show on the pages."""
    try:
        reglages = lire_reglages()
        _charger_donnees(reglages)
    except DonneesInvalides as err:
        print(err, file=sys.stderr)
        print(
            "\nLe serveur démarre quand même : les erreurs s'affichent sur les pages.",
            file=sys.stderr,
        )
        reglages = None
    # MkDocs removes its temporary site folder when serving stops on Ctrl-C; a terminal
    # closed (SIGHUP) or a ``kill`` (SIGTERM) stops it the same way, so as not to leave a
    # copy of the site behind in the temporary folder.
    for signal_arret in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signal_arret is not None:
            signal.signal(signal_arret, _interrompre)
    # Without PDF to print (make serve's default), no print page either: it is the whole
    # handbook on one page, a quarter of each rebuild, and only the PDFs are made from it
    # (the last make site's PDFs are served). HANDBOOK_PRINT_SITE=true puts it back.
    if reglages is not None and reglages.pdf == "off":
        os.environ.setdefault("HANDBOOK_PRINT_SITE", "false")
    args = ["serve", "--livereload", "--dev-addr", ns.dev_addr]
    args += ["--config-file", str(DOSSIER_PROJET / "mkdocs.yml")]
    if reglages is not None and reglages.donnees.resolve() != (DOSSIER_PROJET / "data").resolve():
        args += ["--watch", str(reglages.donnees)]
    return _mkdocs(args)


def cmd_edit(ns: argparse.Namespace) -> int:
    """Serve the live preview and the form editor on the same data; stop both on Ctrl-C."""
    from macros.editeur.serveur import EditeurIndisponible, demarrer

    try:
        reglages = lire_reglages()
    except DonneesInvalides as err:
        print(err, file=sys.stderr)
        return 1
    hote, _, port = ns.editeur_addr.rpartition(":")
    try:
        editeur = demarrer(
            reglages.donnees,
            reglages.aujourdhui,
            reglages.prive,
            hote=hote or "127.0.0.1",
            port=int(port),
            apercu=f"http://{ns.dev_addr}/",
        )
    except EditeurIndisponible as err:
        print(err, file=sys.stderr)
        return 1
    except (OSError, ValueError) as err:
        print(
            f"L'éditeur ne peut pas démarrer sur {ns.editeur_addr} ({err}) : "
            "le port est-il déjà pris ? Choisissez-en un autre avec --editeur-addr.",
            file=sys.stderr,
        )
        return 1
    print(
        f"Éditeur du manuel : {editeur.url} — aperçu sur http://{ns.dev_addr}/ "
        "(Ctrl-C arrête les deux).",
        flush=True,
    )
    # The preview's « Modifier cette page » links open this editor (macros/site/modifier.py).
    os.environ["HANDBOOK_EDITEUR"] = editeur.url
    try:
        return cmd_serve(ns)
    finally:
        editeur.arreter()


def cmd_navigateur(ns: argparse.Namespace) -> int:
    """Print (and with --installer, install) the Chromium used for the PDF and the tests."""
    from macros.sorties.navigateur import installer, trouver_chromium

    if ns.installer:
        return 0 if installer() else 1
    found = trouver_chromium()
    print(found if found else "aucun")
    return 0 if found else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m macros``."""
    parser = argparse.ArgumentParser(
        prog="python -m macros", description="Manuel CARPIMKO du cabinet"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="valider les données")
    check.add_argument(
        "--codes", action="store_true", help="lister les codes des problèmes, sans rien valider"
    )
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="construire le site")
    build.add_argument("--site-dir", help="dossier de sortie (défaut : site/)")
    build.set_defaults(func=cmd_build)
    serve = sub.add_parser("serve", help="servir le manuel avec rechargement automatique")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)
    edit = sub.add_parser(
        "edit", help="servir le manuel et l'éditeur de formulaires sur les mêmes données"
    )
    edit.add_argument("--dev-addr", default="127.0.0.1:8000")
    edit.add_argument("--editeur-addr", default="127.0.0.1:8081")
    edit.set_defaults(func=cmd_edit)
    nouveau = sub.add_parser(
        "nouveau", help="créer les données d'un nouveau cabinet", add_help=False
    )
    nouveau.set_defaults(func=None)
    nav = sub.add_parser("navigateur", help="trouver ou installer Chromium")
    nav.add_argument("--installer", action="store_true")
    nav.set_defaults(func=cmd_navigateur)
    ns, rest = parser.parse_known_args(argv)
    if ns.command == "nouveau":
        from macros.sorties.nouveau import main as nouveau_main

        return nouveau_main(rest)
    if rest:
        parser.error(f"arguments inconnus : {' '.join(rest)}")
    return int(ns.func(ns))
