"""The handbook's benchmark: ``make bench`` (or ``python tests/bench/bench.py``).

Prints medians over several runs (after a warm-up round) and ratios measured in the
same run, then checks the targets and exits non-zero when one is missed. Absolute
times on a shared machine are noise; ratios of commands run in turn are not.

Every command is a fresh subprocess. Its CPU time (user + system, from ``os.wait4``) is
the measure the targets are checked on: the builds are single-threaded, so on an idle
machine it equals the wall time, and on a loaded one it moves less. Wall times are
printed too.

Even CPU medians swing from run to run on a shared machine (example ÷ static went from
1.14 to 2.20 on the 2-core machine the README describes). So, when valgrind is installed,
the builds of the example group are also run once under cachegrind, which counts the
instructions they execute (:func:`mesure.instructions`): the count does not depend on the
machine's load, and the first two targets are checked on it. ``--sans-instructions``
goes back to CPU medians.

What is measured, and how "built the same way" is meant:

1. **Framework floor.** A blank one-page Material site (stock theme, default plugins),
   the example handbook and the same handbook as static Markdown are each built with
   the same command, ``python -m mkdocs build --strict -f <config> -d <dir>``, with the
   same environment (public build, fixed date, no PDF: ``mkdocs build`` never prints
   one); the commands run in turn in each round. ``python -m macros build``, the
   handbook's own command (data check, build into a temporary folder, swap), is shown
   alongside.
2. **Cost of the data layer.** The static site is captured once from the example
   (``capture.py``): every page's Markdown as the macros left it, with the same theme,
   Markdown extensions, plugins, validation and hooks (``statique_hooks.py``: the same
   typography, page compaction, template cache and print-page annex), minus the macros
   plugin. Its pages are byte-identical to the handbook's (checked; the print page
   aside, see ``statique_hooks.py``); the calendar feeds, written by the data layer, are
   missing. ``example ÷ static`` is what importing, loading, validating and rendering
   the data costs. Without ``--rapide``, the same comparison is made at 100 members.
   Two floor builds split that cost (``capture.config_plancher``): the static site with
   the macros plugin put back but given an empty module (``plancher_macros.py``: what
   mkdocs-macros costs on its own), then a module that only imports the handbook's code
   (``plancher_imports.py``: pydantic, icalendar, the model classes). The rest is the
   data itself, loaded, validated and rendered.
3. **Scale.** Synthetic organisations (``synthetique.py``) of 10, 100 and 1,000
   members, built with ``python -m macros build`` (``HANDBOOK_PDF=off``): time, peak
   memory of the build process, site size and what it is made of.
4. **Validation alone.** ``python -m macros check`` (what ``make check`` runs) on the
   same data.
5. **PDF.** ``python -m macros build`` with ``HANDBOOK_PDF=required`` at 10 and 100
   members; the PDF step is its median wall time minus the site-only build's.
6. **Preview.** Under ``python -m macros serve`` (``make serve``), the wall time from an
   edit of the example's data to the browsers' reload (``serve.py``), three edits.
7. **PDF step against WeasyPrint.** The example built with ``HANDBOOK_PDF=required``: the
   PDF step it reports (Chromium, the handbook and every reflex card, the PDF/UA finishing)
   against a WeasyPrint print of the same print page (``weasyprint_route.py``: WeasyPrint
   in a virtual environment of the bench's own, installed on first use), in turn, wall
   times from inside each process. ``--pdf-weasyprint`` measures only this.

``--suite [N]`` measures something else, alone: ``make test`` run N times in a row (3 by
default) from the warm ``.venv``, each run's wall time and its CPU time (its processes and
their children, from ``os.wait4``; Chromium's processes are counted when they are reaped),
the median, and the target: under two minutes on the reference 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import pairwise
from pathlib import Path

ICI = Path(__file__).resolve().parent
RACINE = ICI.parents[1]
sys.path.insert(0, str(ICI))

from capture import config_plancher  # noqa: E402
from mesure import (  # noqa: E402
    VALGRIND,
    EchecMesure,
    Mesure,
    Serie,
    executer,
    instructions,
    mediane,
    repeter,
    taille_dossier,
)
from serve import delais_serve  # noqa: E402
from synthetique import AUJOURDHUI, generer  # noqa: E402
from weasyprint_route import (  # noqa: E402
    VERSION as VERSION_WEASYPRINT,
)
from weasyprint_route import (  # noqa: E402
    capturer_page_impression,
    commande_weasyprint,
    python_weasyprint,
)

MO = 1_000_000

#: The targets (issue 6).
CIBLE_STATIQUE = 1.15
CIBLE_VIDE = 2.0
CIBLE_CROISSANCE = 10.0
CIBLE_SITE_1000_MO = 40.0
CIBLE_CHECK_1000_S = 1.0
#: The PDF step ÷ a WeasyPrint print of the same print page (issue « Fast where people wait »).
CIBLE_PDF_WEASYPRINT = 0.5


@dataclass
class Cible:
    """A target and whether this run meets it."""

    nom: str
    valeur: float | None
    limite: float
    unite: str = ""

    @property
    def atteinte(self) -> bool | None:
        """True, False, or None when it was not measured."""
        return None if self.valeur is None else self.valeur <= self.limite

    def ligne(self) -> str:
        """One line of the summary."""
        if self.valeur is None:
            return f"  [ -- ] {self.nom} : non mesuré"
        etat = "OK" if self.atteinte else "RATÉ"
        return (
            f"  [{etat:^4}] {self.nom} : {self.valeur:.2f}{self.unite} "
            f"(cible ≤ {self.limite:g}{self.unite})"
        )


def _environnement(**extra: str) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE (set on some CI machines) would make every run compile the
    # handbook's own modules again; a cabinet's machine keeps their bytecode, as the
    # warm-up round does here.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HANDBOOK_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    if "HANDBOOK_CHROMIUM" in os.environ:
        env["HANDBOOK_CHROMIUM"] = os.environ["HANDBOOK_CHROMIUM"]
    env.update(
        NO_MKDOCS_2_WARNING="1",
        HANDBOOK_TODAY=AUJOURDHUI.isoformat(),
        HANDBOOK_PUBLIC="1",
        HANDBOOK_PDF="off",
        HANDBOOK_DATA=str(RACINE / "data"),
    )
    env.update(extra)
    return env


def _site_vide(dossier: Path) -> Path:
    (dossier / "docs").mkdir(parents=True, exist_ok=True)
    (dossier / "docs" / "index.md").write_text("# Accueil\n\nUne seule page.\n", encoding="utf-8")
    config = dossier / "mkdocs.yml"
    config.write_text(
        "site_name: Site vide\ntheme:\n  name: material\n  language: fr\n", encoding="utf-8"
    )
    return config


def _mkdocs(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]


def _macros(*args: str) -> list[str]:
    return [sys.executable, "-m", "macros", *args]


def _chromium() -> str:
    try:
        from macros.sorties.navigateur import trouver_chromium

        chemin = trouver_chromium()
        if chemin is None:
            return "aucun Chromium"
        sortie = subprocess.run(
            [str(chemin), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
        return sortie.strip() or str(chemin)
    except Exception as err:  # the bench still runs without a browser
        return f"Chromium inconnu ({err})"


def _machine() -> str:
    return (
        f"{os.cpu_count()} cœurs, Python {platform.python_version()}, {platform.system()}, "
        f"{_chromium()}, le {date.today().isoformat()}"
    )


def _temps(serie: Serie) -> str:
    bas, haut = serie.dispersion
    return f"{serie.cpu:6.2f} s ({bas:.2f}–{haut:.2f})  {serie.secondes:6.2f} s"


def _ratio_minimums(a: Serie, b: Serie) -> float:
    """Ratio of the fastest runs: the load of a shared machine only ever adds time."""
    return a.dispersion[0] / b.dispersion[0]


def _mo(octets: float) -> str:
    return f"{octets / MO:.1f} Mo"


def _repartition(site: Path) -> list[tuple[str, int]]:
    """What the site's bytes are made of, largest first."""
    groupes: dict[str, int] = {}
    for p in site.rglob("*"):
        if not p.is_file():
            continue
        rel = p.relative_to(site).as_posix()
        if rel.startswith("equipe/"):
            cle = "pages des membres (equipe/)"
        elif rel.startswith("roles/"):
            cle = "pages des rôles (roles/)"
        elif rel.startswith("print_page/"):
            cle = "page d'impression (print_page/)"
        elif rel.startswith("search/"):
            cle = "index de recherche (search/)"
        elif rel.endswith(".ics"):
            cle = "calendriers (.ics)"
        elif rel.endswith(".pdf"):
            cle = "PDF"
        elif rel.endswith((".html", ".xml", ".gz")):
            cle = "autres pages et sitemap"
        else:
            cle = "thème et ressources (CSS, JS, polices)"
        groupes[cle] = groupes.get(cle, 0) + p.stat().st_size
    return sorted(groupes.items(), key=lambda x: -x[1])


def _verifier_statique(exemple: Path, statique: Path) -> str | None:
    """The static site must have the same pages as the example (see statique_hooks.py)."""
    pages_e = sorted(p.relative_to(exemple) for p in exemple.rglob("*.html"))
    pages_s = sorted(p.relative_to(statique) for p in statique.rglob("*.html"))
    if pages_e != pages_s:
        return "le site statique n'a pas les mêmes pages que le manuel"
    differentes = [
        str(p)
        for p in pages_e
        if p.parts[0] != "print_page" and (exemple / p).read_bytes() != (statique / p).read_bytes()
    ]
    if differentes:
        return f"{len(differentes)} page(s) diffèrent du manuel, dont {differentes[0]}"
    return None


def _capturer(env: dict[str, str], sortie: Path) -> Path:
    mesure = executer(
        [sys.executable, str(ICI / "capture.py"), "--sortie", str(sortie)], env, RACINE
    )
    return Path(mesure.sortie.strip().splitlines()[-1])


#: The builds of the example group whose instructions are counted, in the report's order.
COMPTES = ("vide", "statique", "plancher-macros", "plancher-imports", "exemple")


def _compter(commandes: dict[str, list[str]], env: dict[str, str]) -> dict[str, int]:
    """Count the instructions of each command under valgrind, as many at once as cores."""
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        futurs = {nom: pool.submit(instructions, c, env, RACINE) for nom, c in commandes.items()}
        return {nom: futur.result() for nom, futur in futurs.items()}


def _mesurer(
    libelle: str,
    builds: dict[str, list[str]],
    env: dict[str, str],
    runs: int,
    echauffement: int,
    a_compter: tuple[str, ...],
) -> tuple[dict[str, Serie], dict[str, int]]:
    """Time ``builds`` in turn, then count the instructions of those named in ``a_compter``."""
    commandes: dict[str, Callable[[], Mesure]] = {
        nom: partial(executer, commande, env, RACINE) for nom, commande in builds.items()
    }
    print(f"{libelle} : {echauffement} + {runs} tours…", flush=True)
    series = repeter(commandes, runs, echauffement)
    comptes: dict[str, int] = {}
    if a_compter:
        print(f"{libelle} : instructions comptées sous valgrind…", flush=True)
        comptes = _compter({nom: builds[nom] for nom in a_compter}, env)
    return series, comptes


def _groupe_exemple(
    travail: Path, runs: int, echauffement: int, compter: bool
) -> dict[str, object]:
    env = _environnement()
    vide = _site_vide(travail / "vide")
    print("Capture du manuel d'exemple en Markdown statique…", flush=True)
    statique = _capturer(env, travail / "statique")
    planchers = {
        f"plancher-{nom}": config_plancher(
            statique,
            RACINE / "mkdocs.yml",
            ICI / f"plancher_{nom}.py",
            statique.parent / f"{nom}.yml",
        )
        for nom in ("macros", "imports")
    }
    sites = {
        nom: travail / "sites" / nom
        for nom in ("vide", "statique", *planchers, "exemple", "manuel")
    }
    builds = {
        "vide": _mkdocs(vide, sites["vide"]),
        "statique": _mkdocs(statique, sites["statique"]),
        **{nom: _mkdocs(config, sites[nom]) for nom, config in planchers.items()},
        "exemple": _mkdocs(RACINE / "mkdocs.yml", sites["exemple"]),
        "manuel": _macros("build", "--site-dir", str(sites["manuel"])),
    }
    series, comptes = _mesurer(
        "Manuel d'exemple", builds, env, runs, echauffement, COMPTES if compter else ()
    )
    ecart = _verifier_statique(sites["exemple"], sites["statique"]) or next(
        (
            f"plancher « {nom} » : {e}"
            for nom in planchers
            if (e := _verifier_statique(sites[nom], sites["statique"]))
        ),
        None,
    )
    print("Prévisualisation (make serve) : trois modifications des données…", flush=True)
    try:
        serve = delais_serve(RACINE, RACINE / "data", travail, env)
    except RuntimeError as err:
        raise EchecMesure(f"prévisualisation : {err}") from None
    return {"series": series, "ecart": ecart, "serve": serve, "instructions": comptes}


def _groupe_statique_100(
    travail: Path, runs: int, echauffement: int, compter: bool
) -> dict[str, object]:
    donnees = travail / "organisation-100-statique"
    generer(100, donnees)
    env = _environnement(HANDBOOK_DATA=str(donnees))
    print("Capture de l'organisation de 100 membres en Markdown statique…", flush=True)
    statique = _capturer(env, travail / "statique-100")
    sites = {nom: travail / "sites" / f"{nom}-100" for nom in ("statique", "donnees")}
    builds = {
        "statique-100": _mkdocs(statique, sites["statique"]),
        "donnees-100": _mkdocs(RACINE / "mkdocs.yml", sites["donnees"]),
    }
    series, comptes = _mesurer(
        "Organisation de 100 membres, statique et données",
        builds,
        env,
        runs,
        echauffement,
        tuple(builds) if compter else (),
    )
    ecart = _verifier_statique(sites["donnees"], sites["statique"])
    return {"series": series, "ecart": ecart, "instructions": comptes}


def _groupe_echelle(
    travail: Path, tailles: list[int], tailles_pdf: list[int], runs: int, echauffement: int
) -> dict[str, object]:
    commandes: dict[str, Callable[[], Mesure]] = {}
    sites: dict[str, Path] = {}
    resumes: dict[int, str] = {}
    for n in tailles:
        donnees = travail / f"organisation-{n}"
        resumes[n] = generer(n, donnees).resume()
        env = _environnement(HANDBOOK_DATA=str(donnees))
        sites[f"site-{n}"] = travail / "sites" / f"organisation-{n}"
        commandes[f"check-{n}"] = partial(executer, _macros("check"), env, RACINE)
        commandes[f"site-{n}"] = partial(
            executer, _macros("build", "--site-dir", str(sites[f"site-{n}"])), env, RACINE
        )
        if n in tailles_pdf:
            sites[f"pdf-{n}"] = travail / "sites" / f"organisation-{n}-pdf"
            commandes[f"pdf-{n}"] = partial(
                executer,
                _macros("build", "--site-dir", str(sites[f"pdf-{n}"])),
                {**env, "HANDBOOK_PDF": "required"},
                RACINE,
            )
    print(
        f"Organisations synthétiques ({', '.join(map(str, tailles))} membres) : "
        f"{echauffement} + {runs} tours (sans échauffement au-delà de 100 membres)…",
        flush=True,
    )
    lentes = frozenset(f"{genre}-{n}" for n in tailles if n > 100 for genre in ("site", "pdf"))
    series = repeter(commandes, runs, echauffement, lentes)
    tailles_sites = {nom: taille_dossier(site) for nom, site in sites.items()}
    plus_grand = f"site-{max(tailles)}"
    repartition = _repartition(sites[plus_grand])
    return {
        "series": series,
        "tailles": tailles_sites,
        "resumes": resumes,
        "repartition": repartition,
    }


_PDF_PRETS = re.compile(r"PDF prêts en ([\d.]+) s")
_PDF_MANUEL = re.compile(r"manuel\.pdf : (\d+) pages?, [\d.]+ Mo, ([\d.]+) s")
_WEASYPRINT = re.compile(r"pages: (\d+)\s+secondes: ([\d.]+)")


def _groupe_pdf_weasyprint(travail: Path, runs: int, echauffement: int) -> dict[str, object]:
    """The example's PDF step and a WeasyPrint print of its print page, in turn."""
    env = _environnement(HANDBOOK_PDF="required")
    site = travail / "sites" / "exemple-pdf"
    construire = _macros("build", "--site-dir", str(site))
    print(
        "Étape PDF face à WeasyPrint : construction, capture de la page d'impression…",
        flush=True,
    )
    executer(construire, env, RACINE)
    # Each build replaces its site: WeasyPrint reads a copy.
    copie = travail / "sites" / "exemple-weasyprint"
    shutil.copytree(site, copie)
    try:
        python = python_weasyprint()
        html, css = capturer_page_impression(copie)
    except RuntimeError as err:
        raise EchecMesure(f"route WeasyPrint : {err}") from None
    commandes: dict[str, Callable[[], Mesure]] = {
        "etape-pdf": partial(executer, construire, env, RACINE),
        "weasyprint": partial(
            executer,
            commande_weasyprint(python, html, css, travail / "weasyprint.pdf"),
            env,
            RACINE,
        ),
    }
    print(f"Étape PDF face à WeasyPrint : {echauffement} + {runs} tours…", flush=True)
    series = repeter(commandes, runs, echauffement)
    etape, manuel, weasyprint, pages = [], [], [], {}
    for m in series["etape-pdf"].mesures:
        prets, ligne = _PDF_PRETS.search(m.sortie), _PDF_MANUEL.search(m.sortie)
        if prets is None or ligne is None:
            raise EchecMesure(f"étape PDF introuvable dans la sortie :\n{m.sortie[-2000:]}")
        etape.append(float(prets.group(1)))
        manuel.append(float(ligne.group(2)))
        pages["chromium"] = int(ligne.group(1))
    for m in series["weasyprint"].mesures:
        trouve = _WEASYPRINT.search(m.sortie)
        if trouve is None:
            raise EchecMesure(f"WeasyPrint n'a pas dit son temps :\n{m.sortie[-2000:]}")
        weasyprint.append(float(trouve.group(2)))
        pages["weasyprint"] = int(trouve.group(1))
    return {"etape": etape, "manuel": manuel, "weasyprint": weasyprint, "pages": pages}


def _rapport_pdf_weasyprint(mesures: dict[str, object], titre: str) -> Cible:
    """Print the PDF step against WeasyPrint; return the target with its value."""
    etape: list[float] = mesures["etape"]  # type: ignore[assignment]
    manuel: list[float] = mesures["manuel"]  # type: ignore[assignment]
    weasyprint: list[float] = mesures["weasyprint"]  # type: ignore[assignment]
    pages: dict[str, int] = mesures["pages"]  # type: ignore[assignment]
    ratio = mediane(etape) / mediane(weasyprint)

    def serie(valeurs: list[float]) -> str:
        return f"{mediane(valeurs):6.2f} s ({', '.join(f'{v:.2f}' for v in valeurs)})"

    print(f"\n{titre}")
    lignes = {
        "Étape PDF (Chromium : manuel et fiches, finition PDF/UA)": etape,
        f"  dont le manuel ({pages['chromium']} pages)": manuel,
        f"WeasyPrint {VERSION_WEASYPRINT}, même page d'impression ({pages['weasyprint']} pages)": (
            weasyprint
        ),
    }
    for libelle, valeurs in lignes.items():
        print(f"   {libelle:<62}{serie(valeurs)}")
    print(
        f"   Étape PDF ÷ WeasyPrint : {ratio:.2f}   (manuel seul ÷ WeasyPrint : "
        f"{mediane(manuel) / mediane(weasyprint):.2f} ; minimums : "
        f"{min(etape) / min(weasyprint):.2f})"
    )
    return Cible(
        "étape PDF ÷ WeasyPrint, même page d'impression (écoulé)", ratio, CIBLE_PDF_WEASYPRINT
    )


def mesurer_pdf_weasyprint(runs: int, garder: bool) -> int:
    """Measure only the PDF step against WeasyPrint; 0 when the target is met, 1 when it
    is missed, 2 when a command fails."""
    travail = Path(tempfile.mkdtemp(prefix="bench-manuel-pdf-"))
    print(f"Étape PDF face à WeasyPrint — {_machine()}")
    print(f"Médianes de {runs} mesures après 1 tour d'échauffement ; dossier : {travail}\n")
    try:
        mesures = _groupe_pdf_weasyprint(travail, runs, 1)
    except EchecMesure as err:
        print(f"\n{err}", file=sys.stderr)
        return 2
    finally:
        if not garder:
            shutil.rmtree(travail, ignore_errors=True)
    cible = _rapport_pdf_weasyprint(mesures, f"Étape PDF face à WeasyPrint, {runs} mesures")
    print("\nCible")
    print(cible.ligne())
    return 0 if cible.atteinte else 1


def main(argv: list[str] | None = None) -> int:
    """Run the bench; 0 when every measured target is met, 1 otherwise (2 on a failed command)."""
    parser = argparse.ArgumentParser(description="Banc d'essai du manuel CARPIMKO.")
    parser.add_argument("--runs", type=int, default=5, help="mesures par commande (défaut : 5)")
    parser.add_argument(
        "--rapide",
        action="store_true",
        help="3 mesures au lieu de 5, sans la comparaison statique ni le PDF à 100 membres",
    )
    parser.add_argument(
        "--tailles", default="10,100,1000", help="tailles des organisations (défaut : 10,100,1000)"
    )
    parser.add_argument("--sans-pdf", action="store_true", help="ne pas mesurer l'étape PDF")
    parser.add_argument(
        "--sans-instructions",
        action="store_true",
        help="ne pas compter les instructions sous valgrind (cibles vérifiées sur le temps CPU)",
    )
    parser.add_argument("--json", type=Path, help="écrire aussi les mesures brutes dans ce fichier")
    parser.add_argument("--garder", action="store_true", help="garder le dossier de travail")
    parser.add_argument(
        "--suite",
        type=int,
        nargs="?",
        const=3,
        metavar="N",
        help="mesurer seulement « make test », N fois de suite (défaut : 3)",
    )
    parser.add_argument(
        "--pdf-weasyprint",
        action="store_true",
        help="mesurer seulement l'étape PDF face à une impression WeasyPrint de la même page",
    )
    ns = parser.parse_args(argv)
    if ns.suite is not None:
        return mesurer_suite(ns.suite)
    runs = 3 if ns.rapide else ns.runs
    if runs < 1:
        parser.error("--runs doit valoir au moins 1")
    if ns.pdf_weasyprint:
        return mesurer_pdf_weasyprint(runs, ns.garder)
    echauffement = 1
    tailles = sorted({int(x) for x in ns.tailles.split(",") if x.strip()})
    if not tailles or min(tailles) < 10:
        parser.error("--tailles : au moins 10 membres par organisation")
    tailles_pdf = (
        [] if ns.sans_pdf else [n for n in tailles if n in ((10,) if ns.rapide else (10, 100))]
    )
    travail = Path(tempfile.mkdtemp(prefix="bench-manuel-"))
    machine = _machine()
    print(f"Banc d'essai du manuel — {machine}")
    if tailles_pdf and machine.count("aucun Chromium"):
        print("Pas de Chromium (make chromium) : l'étape PDF n'est pas mesurée.")
        tailles_pdf = []
    print(
        f"Médianes de {runs} mesures après {echauffement} tour d'échauffement ; "
        f"dossier de travail : {travail}\n",
        flush=True,
    )
    compter = not ns.sans_instructions and VALGRIND is not None
    if not ns.sans_instructions and VALGRIND is None:
        print(
            "Pas de valgrind (apt-get install -y valgrind) : les instructions ne sont pas "
            "comptées, les deux premières cibles sont vérifiées sur le temps CPU."
        )
    try:
        exemple = _groupe_exemple(travail, runs, echauffement, compter)
        statique_100 = (
            None if ns.rapide else _groupe_statique_100(travail, runs, echauffement, compter)
        )
        echelle = _groupe_echelle(travail, tailles, tailles_pdf, runs, echauffement)
        pdf_weasyprint = (
            _groupe_pdf_weasyprint(travail, runs, echauffement) if tailles_pdf else None
        )
        return _rapport(
            machine,
            runs,
            exemple,
            statique_100,
            echelle,
            tailles,
            tailles_pdf,
            ns.json,
            pdf_weasyprint,
        )
    except EchecMesure as err:
        print(f"\n{err}", file=sys.stderr)
        return 2
    finally:
        if not ns.garder:
            shutil.rmtree(travail, ignore_errors=True)


#: « make test » on the reference machine: under two minutes (issue « One house with
#: visible floors »).
CIBLE_SUITE = 120.0


def mesurer_suite(fois: int) -> int:
    """Run ``make test`` ``fois`` times in a row; print each wall time, the median and the
    verdict. 0 when the median meets :data:`CIBLE_SUITE`, 1 otherwise, 2 if a run fails."""
    import time

    print(f"« make test », {fois} fois de suite — {_machine()}", flush=True)
    murs: list[float] = []
    for i in range(1, fois + 1):
        debut = time.monotonic()
        with (
            tempfile.TemporaryFile() as sortie,
            subprocess.Popen(
                ["make", "test"], cwd=RACINE, stdout=sortie, stderr=subprocess.STDOUT
            ) as process,
        ):
            _, statut, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(statut)
            sortie.seek(0)
            erreurs = sortie.read().decode("utf-8", "replace")
        mur = time.monotonic() - debut
        if process.returncode != 0:
            print(f"  essai {i} : échec (code {process.returncode})\n{erreurs[-4000:]}")
            return 2
        murs.append(mur)
        cpu = usage.ru_utime + usage.ru_stime
        print(f"  essai {i} : {mur:6.1f} s (CPU {cpu:.0f} s)", flush=True)
    mediane = sorted(murs)[len(murs) // 2]
    verdict = "atteinte" if mediane < CIBLE_SUITE else "MANQUÉE"
    print(f"Médiane : {mediane:.1f} s ; cible < {CIBLE_SUITE:.0f} s : {verdict}")
    return 0 if mediane < CIBLE_SUITE else 1


def _rapport_instructions(comptes: dict[str, int]) -> None:
    """The instruction counts of the example group: ratios and what each layer adds."""
    print("   Instructions exécutées (valgrind ; une mesure suffit, le compte ne varie pas) :")
    libelles = {
        "vide": "Site Material vide",
        "statique": "Markdown statique",
        "plancher-macros": "  + mkdocs-macros seul",
        "plancher-imports": "  + modules du manuel importés",
        "exemple": "Manuel d'exemple",
    }
    for nom, libelle in libelles.items():
        n = comptes[nom]
        print(
            f"   {libelle:<34}{n / 1e9:6.2f} milliards   ÷ statique {n / comptes['statique']:.3f}"
            f"   ÷ vide {n / comptes['vide']:.2f}"
        )
    paliers = ("statique", "plancher-macros", "plancher-imports", "exemple")
    parts = [(comptes[b] - comptes[a]) / comptes["statique"] for a, b in pairwise(paliers)]
    print(
        "   Au-delà du statique, en part du statique : mkdocs-macros {:+.1%}, importations "
        "du manuel {:+.1%}, données {:+.1%}".format(*parts)
    )


def _rapport(
    machine: str,
    runs: int,
    exemple: dict[str, object],
    statique_100: dict[str, object] | None,
    echelle: dict[str, object],
    tailles: list[int],
    tailles_pdf: list[int],
    json_path: Path | None,
    pdf_weasyprint: dict[str, object] | None = None,
) -> int:
    se: dict[str, Serie] = exemple["series"]  # type: ignore[assignment]
    sc: dict[str, Serie] = echelle["series"]  # type: ignore[assignment]
    octets: dict[str, int] = echelle["tailles"]  # type: ignore[assignment]
    resumes: dict[int, str] = echelle["resumes"]  # type: ignore[assignment]
    ratio_statique = se["exemple"].cpu / se["statique"].cpu
    ratio_vide = se["exemple"].cpu / se["vide"].cpu
    ecarts = [str(exemple["ecart"])] if exemple["ecart"] else []
    colonnes = f"{'CPU, médiane (min–max)':<27}{'écoulé':>8}   mémoire max"

    print(f"\n1. Manuel d'exemple (mkdocs build --strict, sans PDF), {runs} mesures")
    print(f"   {'Construction':<48}{colonnes}")
    libelles = {
        "vide": "Site Material vide, une page",
        "statique": "Même contenu en Markdown statique, sans macros",
        "plancher-macros": "  + mkdocs-macros, sans module ni données",
        "plancher-imports": "  + modules du manuel importés, sans données",
        "exemple": "Manuel d'exemple (données, macros)",
        "manuel": "python -m macros build (commande du manuel)",
    }
    for nom, libelle in libelles.items():
        print(f"   {libelle:<48}{_temps(se[nom])}   {se[nom].rss_mo:.0f} Mio")
    print(
        f"   Manuel ÷ Markdown statique : {ratio_statique:.2f}   (coût des données ; "
        f"écoulé : {se['exemple'].secondes / se['statique'].secondes:.2f} ; "
        f"minimums : {_ratio_minimums(se['exemple'], se['statique']):.2f})"
    )
    print(
        f"   Manuel ÷ Material vide     : {ratio_vide:.2f}   (plancher du cadriciel ; "
        f"écoulé : {se['exemple'].secondes / se['vide'].secondes:.2f} ; "
        f"minimums : {_ratio_minimums(se['exemple'], se['vide']):.2f})"
    )
    plancher = se["plancher-macros"].cpu / se["statique"].cpu
    print(
        f"   Markdown statique + mkdocs-macros seul ÷ statique : {plancher:.2f}   (minimums : "
        f"{_ratio_minimums(se['plancher-macros'], se['statique']):.2f})"
        + (f", au-dessus de la cible ≤ {CIBLE_STATIQUE:g}" if plancher > CIBLE_STATIQUE else "")
    )
    print(
        f"   Markdown statique ÷ Material vide : {se['statique'].cpu / se['vide'].cpu:.2f}   "
        f"(le contenu seul, sans données ni macros)"
    )
    comptes: dict[str, int] = exemple["instructions"]  # type: ignore[assignment]
    if comptes:
        _rapport_instructions(comptes)
    serve: list[float] = exemple["serve"]  # type: ignore[assignment]
    print(
        f"   Une modification des données apparaît dans make serve en {mediane(serve):.1f} s "
        f"(écoulé, médiane de {len(serve)} : {', '.join(f'{s:.1f}' for s in serve)})"
    )
    ratio_100 = None
    if statique_100 is not None:
        s1: dict[str, Serie] = statique_100["series"]  # type: ignore[assignment]
        ratio_100 = s1["donnees-100"].cpu / s1["statique-100"].cpu
        print("   À 100 membres (même comparaison) :")
        print(f"   {'Markdown statique, sans macros':<48}{_temps(s1['statique-100'])}")
        print(f"   {'Données et macros':<48}{_temps(s1['donnees-100'])}")
        print(
            f"   Données ÷ Markdown statique : {ratio_100:.2f}   (minimums : "
            f"{_ratio_minimums(s1['donnees-100'], s1['statique-100']):.2f})"
        )
        comptes_100: dict[str, int] = statique_100["instructions"]  # type: ignore[assignment]
        if comptes_100:
            print(
                f"   Données ÷ Markdown statique, en instructions : "
                f"{comptes_100['donnees-100'] / comptes_100['statique-100']:.3f}"
            )
        if statique_100["ecart"]:
            ecarts.append(f"à 100 membres, {statique_100['ecart']}")

    print(f"\n2. Organisations synthétiques (python -m macros build, sans PDF), {runs} mesures")
    print(f"   {'Membres':>7}  {colonnes}  {'site':>8}   make check (CPU, écoulé)")
    for n in tailles:
        site, check = sc[f"site-{n}"], sc[f"check-{n}"]
        print(
            f"   {n:>7}  {_temps(site)}   {site.rss_mo:5.0f} Mio  {_mo(octets[f'site-{n}']):>8}"
            f"   {check.cpu:.2f} s, {check.secondes:.2f} s"
        )
    for n in tailles_pdf:
        pdf = sc[f"pdf-{n}"].secondes - sc[f"site-{n}"].secondes
        print(
            f"   PDF à {n} membres : {pdf:.1f} s de plus que le site seul "
            f"(site + PDF : {sc[f'pdf-{n}'].secondes:.1f} s écoulées, médiane)"
        )
    for n in tailles:
        print(f"   {n:>7} : {resumes[n]}")
    croissance = None
    if 100 in tailles and 1000 in tailles:
        croissance = sc["site-1000"].cpu / sc["site-100"].cpu
        memoire = sc["site-1000"].rss_mo / sc["site-100"].rss_mo
        taille = octets["site-1000"] / octets["site-100"]
        print(
            f"   De 100 à 1 000 membres : temps ×{croissance:.1f}, mémoire ×{memoire:.1f}, "
            f"site ×{taille:.1f}"
        )
    print(f"   Composition du site à {max(tailles)} membres :")
    for cle, n_octets in echelle["repartition"]:  # type: ignore[attr-defined]
        print(f"     {_mo(n_octets):>9}  {cle}")

    if comptes:
        premieres = [
            Cible(
                "manuel ÷ Markdown statique (instructions)",
                comptes["exemple"] / comptes["statique"],
                CIBLE_STATIQUE,
            ),
            Cible(
                "manuel ÷ Material vide (instructions)",
                comptes["exemple"] / comptes["vide"],
                CIBLE_VIDE,
            ),
        ]
    else:
        premieres = [
            Cible("manuel ÷ Markdown statique (CPU)", ratio_statique, CIBLE_STATIQUE),
            Cible("manuel ÷ Material vide (CPU)", ratio_vide, CIBLE_VIDE),
        ]
    cibles = [
        *premieres,
        Cible("construction 1 000 ÷ 100 membres (CPU)", croissance, CIBLE_CROISSANCE),
        Cible(
            "site à 1 000 membres",
            octets["site-1000"] / MO if 1000 in tailles else None,
            CIBLE_SITE_1000_MO,
            " Mo",
        ),
        Cible(
            "make check à 1 000 membres (CPU)",
            sc["check-1000"].cpu if 1000 in tailles else None,
            CIBLE_CHECK_1000_S,
            " s",
        ),
    ]
    if pdf_weasyprint is not None:
        cibles.append(
            _rapport_pdf_weasyprint(
                pdf_weasyprint, f"3. Étape PDF face à WeasyPrint (manuel d'exemple), {runs} mesures"
            )
        )
    else:
        cibles.append(
            Cible(
                "étape PDF ÷ WeasyPrint, même page d'impression (écoulé)",
                None,
                CIBLE_PDF_WEASYPRINT,
            )
        )
    print("\n4. Cibles")
    for cible in cibles:
        print(cible.ligne())
    for ecart in ecarts:
        print(f"  [RATÉ] site statique identique au manuel : {ecart}")
    ratees = [c for c in cibles if c.atteinte is False]
    if json_path is not None:
        series = {**se, **sc}
        if statique_100 is not None:
            series.update(statique_100["series"])  # type: ignore[arg-type]
        brut = {
            "machine": machine,
            "runs": runs,
            "series": {
                nom: [
                    {"secondes": m.secondes, "cpu": m.cpu, "rss_mio": m.rss_mo} for m in s.mesures
                ]
                for nom, s in series.items()
            },
            "tailles_sites_octets": octets,
            "serve_secondes": serve,
            "instructions": {
                **comptes,
                **(statique_100["instructions"] if statique_100 is not None else {}),  # type: ignore[dict-item]
            },
            "donnees_sur_statique_100": ratio_100,
            "pdf_weasyprint": pdf_weasyprint,
            "cibles": {c.nom: {"valeur": c.valeur, "limite": c.limite} for c in cibles},
        }
        json_path.write_text(json.dumps(brut, ensure_ascii=False, indent=1), encoding="utf-8")
    if ratees or ecarts:
        print(f"\n{len(ratees) + len(ecarts)} cible(s) manquée(s).")
        return 1
    print("\nToutes les cibles mesurées sont atteintes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
