"""The handbook's benchmark: ``make bench`` (or ``python tests/bench/bench.py``).

Prints medians over several runs (after a warm-up round) and ratios measured in the
same run, then checks the targets, prints each with its value and verdict (« atteinte »,
« MANQUÉE », « non mesurée »), and exits non-zero when one is missed. Absolute times on a
shared machine are noise; ratios of commands run in turn are not.

The targets (issue 17 « Fast where people wait ») are what a user waits for or gets:

* ``make site`` in full (site, every PDF, feeds: ``python -m macros build`` with
  ``HANDBOOK_PDF=required``) ÷ the site alone (``HANDBOOK_PDF=off``), wall medians: ≤ 3;
* the PDF step ÷ a WeasyPrint print of the same print page: ≤ 0.5;
* the data layer's cost above the mkdocs-macros floor, in instructions, as a share of the
  static build: no target, kept from growing (compared with :data:`REFERENCE_DONNEES`);
* 1,000 ÷ 100 members ≤ 10, the 1,000-member site ≤ 40 MB, ``make check`` at 1,000
  members < 1 s;
* an edit of ``data/`` under ``make serve`` to the browsers' reload: median ≤ 1 s;
* Lighthouse's performance score ≥ 95 on each of five pages.

The two earlier targets, example ÷ static Markdown ≤ 1.15 and example ÷ blank Material
≤ 2.0, were withdrawn: they measured the stack, not the handbook (mkdocs-macros alone
costs 11.7 % of the static build with no macro and no data; the content alone is 2.30×
a blank Material site). Their ratios are still printed, as information.

Every command is a fresh subprocess. Its CPU time (user + system, from ``os.wait4``) and
its wall time are both kept: the builds without PDF are single-threaded, so on an idle
machine both are equal; the PDF step runs Chromium beside the build, and what a user
waits for is the wall time, which its target is checked on.

CPU medians swing from run to run on a shared machine (example ÷ static went from 1.14 to
2.20 on the 2-core machine the README describes). So, when valgrind is installed, the
builds of the example group are also run once under cachegrind, which counts the
instructions they execute (:func:`mesure.instructions`): the count does not depend on the
machine's load, and the data layer's share is computed on it. ``--sans-instructions``
skips the counts (the share is then not measured).

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
   missing. Two floor builds split the cost (``capture.config_plancher``): the static
   site with the macros plugin put back but given an empty module (``plancher_macros.py``:
   what mkdocs-macros costs on its own), then a module that only imports the handbook's
   code (``plancher_imports.py``: pydantic, the model classes, the renderers). The example
   minus the first floor is the data layer's cost. Without ``--rapide``, the example ÷
   static comparison is also made at 100 members.
3. **Full build and PDF step.** ``python -m macros build`` of the example alone
   (``HANDBOOK_PDF=off``), in full (``HANDBOOK_PDF=required``, with
   ``HANDBOOK_PDF_TEMPS=1``: the build prints where the PDF step's time went, see
   :class:`macros.sorties.pdf.Chrono`) and WeasyPrint printing the same print page
   (``weasyprint_route.py``: WeasyPrint in a virtual environment of the bench's own,
   installed on first use), in turn. The PDF step is timed inside the build, from its
   start to the PDFs ready: Chromium is launched, in a process of its own, while the site
   builds, and the step starts once every page is written, before print-site makes the
   print page (the reflex cards first); WeasyPrint inside its process. ``--pdf-weasyprint`` measures only this group.
4. **Preview.** Under ``python -m macros serve`` (``make serve``), the wall time from an
   edit of the example's data to the browsers' reload (``serve.py``): 9 edits, 5 with
   ``--rapide``.
5. **Lighthouse** (``lighthouse.py``; pinned in ``tests/bench/npm``, installed with
   ``npm ci`` on first use) on the home page, the matrix, the support page, a member's
   page and the calendar of the example's site, default settings (mobile, simulated
   throttling), the project's Chromium: the four category scores, medians of 3 audits
   (1 with ``--rapide``). ``--sans-lighthouse`` skips it.
6. **Scale.** Synthetic organisations (``synthetique.py``) of 10, 100 and 1,000
   members, built with ``python -m macros build`` (``HANDBOOK_PDF=off``): time, peak
   memory of the build process, site size and what it is made of; ``python -m macros
   check`` (what ``make check`` runs) on the same data; the same build with its PDFs at
   10 (and, without ``--rapide``, 100) members.

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
from lighthouse import CATEGORIES, scores, version_lighthouse  # noqa: E402
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

#: The targets (issue 17 « Fast where people wait »): each is something a user waits for
#: or gets, as a ratio of two commands measured in the same run where it can be.
#: ``make site`` in full (site, every PDF, feeds) ÷ the site alone (``HANDBOOK_PDF=off``).
CIBLE_COMPLET_SUR_SITE = 3.0
#: The PDF step ÷ a WeasyPrint print of the same print page.
CIBLE_PDF_WEASYPRINT = 0.5
#: The data layer's cost above the mkdocs-macros floor (the example's build minus the static
#: site with mkdocs-macros and an empty module), in instructions, as a share of the static
#: build: no target, kept from growing. The reference was measured on 26 November 2026
#: (README, « Performance »); a count moves by less than 0.2 % of a build from run to run,
#: hence the tolerance.
REFERENCE_DONNEES = 0.180
TOLERANCE_DONNEES = 0.003
CIBLE_CROISSANCE = 10.0
CIBLE_SITE_1000_MO = 40.0
CIBLE_CHECK_1000_S = 1.0
#: An edit of data/ under ``make serve`` to the browsers' reload, median (seconds).
CIBLE_SERVE_S = 1.0
#: Lighthouse's performance score of each audited page (median of its runs).
CIBLE_LIGHTHOUSE = 95.0


@dataclass
class Cible:
    """A target and whether this run meets it."""

    nom: str
    valeur: float | None
    limite: float
    unite: str = ""
    au_moins: bool = False
    """The value must be at least :attr:`limite` (a score), not at most."""
    chiffres: int = 2
    note: str = ""
    """Said after the verdict (a reference, what the value is measured on)."""

    @property
    def atteinte(self) -> bool | None:
        """True, False, or None when it was not measured."""
        if self.valeur is None:
            return None
        return self.valeur >= self.limite if self.au_moins else self.valeur <= self.limite

    def ligne(self) -> str:
        """One line of the summary: the target, the measured value, the limit, the verdict."""
        limite = f"{'≥' if self.au_moins else '≤'} {self.limite:g}{self.unite}"
        if self.valeur is None:
            valeur, verdict = "—", "non mesurée"
        else:
            valeur = f"{self.valeur:.{self.chiffres}f}{self.unite}"
            verdict = "atteinte" if self.atteinte else "MANQUÉE"
        note = f" ({self.note})" if self.note else ""
        return f"  {self.nom:<58}{valeur:>10}   {limite:<10}{verdict}{note}"


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
    return {"series": series, "ecart": ecart, "instructions": comptes}


def _groupe_serve(travail: Path, editions: int) -> list[float]:
    """Seconds from each of ``editions`` edits of the example's data to the browsers' reload
    under ``make serve``."""
    print(f"Prévisualisation (make serve) : {editions} modifications des données…", flush=True)
    try:
        return delais_serve(RACINE, RACINE / "data", travail, _environnement(), editions)
    except RuntimeError as err:
        raise EchecMesure(f"prévisualisation : {err}") from None


def _groupe_lighthouse(travail: Path, runs: int) -> dict[str, dict[str, float]] | None:
    """Lighthouse's scores on five pages of the example's site (built without PDF); ``None``
    when Lighthouse cannot run here (said why: its targets are then « non mesurée », and
    the other measures are kept)."""
    from macros.sorties.navigateur import trouver_chromium

    chromium = trouver_chromium()
    if chromium is None:
        print("Lighthouse : aucun Chromium (make chromium), non mesuré.")
        return None
    site = travail / "sites" / "exemple-lighthouse"
    executer(_macros("build", "--site-dir", str(site)), _environnement(), RACINE)
    print(f"Lighthouse : 5 pages, {runs} audit(s) chacune…", flush=True)
    try:
        return scores(site, str(chromium), runs)
    except RuntimeError as err:
        print(f"Lighthouse non mesuré : {err}", file=sys.stderr)
        return None


def _rapport_lighthouse(resultats: dict[str, dict[str, float]], runs: int) -> list[Cible]:
    """Print Lighthouse's four scores per page; the performance targets."""
    print(
        f"\n5. Lighthouse {version_lighthouse()} (mobile, ralentissement simulé par défaut), "
        f"médianes de {runs}"
    )
    print(f"   {'Page':<28}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for page, notes in resultats.items():
        print(f"   {page:<28}" + "".join(f"{notes[c]:>16.0f}" for c in CATEGORIES))
    return [
        Cible(
            f"Lighthouse, performance de {page}",
            notes["performance"],
            CIBLE_LIGHTHOUSE,
            au_moins=True,
            chiffres=0,
        )
        for page, notes in resultats.items()
    ]


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
#: A line of the PDF step's timeline (``HANDBOOK_PDF_TEMPS=1``, macros.sorties.pdf.Chrono).
_PHASE = re.compile(r"^  (\S.*?)\s+([\d.]+) s  \(\s*([\d.]+) →\s*([\d.]+)\)$", re.M)
#: The phase of the timeline that covers every print, from its start, once every page is
#: written (:data:`macros.sorties.imprimeur.PHASE_ETAPE`).
PHASE_ETAPE = "étape PDF"
PHASES_LANCEMENT = ("pilote Playwright", "lancement de Chromium")


def phases_pdf(sortie: str) -> dict[str, tuple[float, float, float]]:
    """The PDF step's timeline in a build's output: each phase's duration, start and end."""
    return {
        m.group(1): (float(m.group(2)), float(m.group(3)), float(m.group(4)))
        for m in _PHASE.finditer(sortie)
    }


def _groupe_pdf(
    travail: Path, runs: int, echauffement: int, weasyprint: bool = True
) -> dict[str, object]:
    """``python -m macros build`` of the example in full (``HANDBOOK_PDF=required``) and
    alone (``HANDBOOK_PDF=off``), and a WeasyPrint print of its print page, in turn."""
    env_complet = _environnement(HANDBOOK_PDF="required", HANDBOOK_PDF_TEMPS="1")
    site = travail / "sites" / "exemple-pdf"
    construire = _macros("build", "--site-dir", str(site))
    commandes: dict[str, Callable[[], Mesure]] = {
        "site-seul": partial(
            executer,
            _macros("build", "--site-dir", str(travail / "sites" / "exemple-seul")),
            _environnement(),
            RACINE,
        ),
        "site-complet": partial(executer, construire, env_complet, RACINE),
    }
    if weasyprint:
        print("Étape PDF : construction, capture de la page d'impression…", flush=True)
        executer(construire, env_complet, RACINE)
        # Each build replaces its site: WeasyPrint reads a copy.
        copie = travail / "sites" / "exemple-weasyprint"
        shutil.copytree(site, copie)
        try:
            python = python_weasyprint()
            html, css = capturer_page_impression(copie)
        except RuntimeError as err:
            raise EchecMesure(f"route WeasyPrint : {err}") from None
        commandes["weasyprint"] = partial(
            executer,
            commande_weasyprint(python, html, css, travail / "weasyprint.pdf"),
            _environnement(),
            RACINE,
        )
    print(
        f"Site complet, site seul{', WeasyPrint' if weasyprint else ''} : "
        f"{echauffement} + {runs} tours…",
        flush=True,
    )
    series = repeter(commandes, runs, echauffement)
    etape, lancement, manuel, pages = [], [], [], {}
    phases: dict[str, list[tuple[float, float, float]]] = {}
    for m in series["site-complet"].mesures:
        ligne, temps = _PDF_MANUEL.search(m.sortie), phases_pdf(m.sortie)
        if ligne is None or PHASE_ETAPE not in temps:
            raise EchecMesure(f"étape PDF introuvable dans la sortie :\n{m.sortie[-2000:]}")
        etape.append(temps[PHASE_ETAPE][0])
        lancement.append(sum(temps[p][0] for p in PHASES_LANCEMENT if p in temps))
        manuel.append(float(ligne.group(2)))
        pages["chromium"] = int(ligne.group(1))
        for nom, valeurs in temps.items():
            phases.setdefault(nom, []).append(valeurs)
    resultat: dict[str, object] = {
        "series": series,
        "etape": etape,
        "lancement": lancement,
        "manuel": manuel,
        "pages": pages,
        "phases": phases,
    }
    if weasyprint:
        duree = []
        for m in series["weasyprint"].mesures:
            trouve = _WEASYPRINT.search(m.sortie)
            if trouve is None:
                raise EchecMesure(f"WeasyPrint n'a pas dit son temps :\n{m.sortie[-2000:]}")
            duree.append(float(trouve.group(2)))
            pages["weasyprint"] = int(trouve.group(1))
        resultat["weasyprint"] = duree
    return resultat


def _rapport_pdf(mesures: dict[str, object], titre: str) -> list[Cible]:
    """Print the full build against the site alone, the PDF step's timeline and the PDF
    step against WeasyPrint; return the two targets with their values."""
    series: dict[str, Serie] = mesures["series"]  # type: ignore[assignment]
    etape: list[float] = mesures["etape"]  # type: ignore[assignment]
    lancement: list[float] = mesures["lancement"]  # type: ignore[assignment]
    manuel: list[float] = mesures["manuel"]  # type: ignore[assignment]
    pages: dict[str, int] = mesures["pages"]  # type: ignore[assignment]
    phases: dict[str, list[tuple[float, float, float]]] = mesures["phases"]  # type: ignore[assignment]
    weasyprint: list[float] | None = mesures.get("weasyprint")  # type: ignore[assignment]
    seul, complet = series["site-seul"], series["site-complet"]

    def murs(serie: Serie) -> list[float]:
        return [m.secondes for m in serie.mesures]

    def serie(valeurs: list[float]) -> str:
        return f"{mediane(valeurs):6.2f} s ({', '.join(f'{v:.2f}' for v in valeurs)})"

    print(f"\n{titre}")
    print("   Écoulé, médiane (chaque mesure) :")
    lignes = {
        "make site, site seul (HANDBOOK_PDF=off)": murs(seul),
        "make site complet (site, PDF, calendriers)": murs(complet),
        "  étape PDF, de son début (pages écrites) aux PDF prêts": etape,
        "  lancement de Chromium, pendant la construction du site": lancement,
        f"  dont le manuel ({pages['chromium']} pages)": manuel,
    }
    if weasyprint is not None:
        lignes[
            f"WeasyPrint {VERSION_WEASYPRINT}, même page d'impression ({pages['weasyprint']} pages)"
        ] = weasyprint
    for libelle, valeurs in lignes.items():
        print(f"   {libelle:<64}{serie(valeurs)}")
    ratio_complet = complet.secondes / seul.secondes
    print(
        f"   Complet ÷ site seul : {ratio_complet:.2f}   (minimums : "
        f"{min(murs(complet)) / min(murs(seul)):.2f} ; CPU du processus Python : "
        f"{complet.cpu / seul.cpu:.2f})"
    )
    print(
        "   Où va le temps de l'étape PDF (médianes ; secondes depuis le démarrage de "
        "Chromium, lancé avec la construction du site) :"
    )
    ordre = sorted(phases, key=lambda nom: mediane([v[1] for v in phases[nom]]))
    for nom in ordre:
        valeurs = phases[nom]
        print(
            f"     {nom:<52}{mediane([v[0] for v in valeurs]):5.2f} s   "
            f"({mediane([v[1] for v in valeurs]):5.2f} → {mediane([v[2] for v in valeurs]):5.2f})"
        )
    cibles = [
        Cible(
            "make site complet ÷ site seul (écoulé)",
            ratio_complet,
            CIBLE_COMPLET_SUR_SITE,
            note="même tour, médianes",
        )
    ]
    if weasyprint is not None:
        ratio = mediane(etape) / mediane(weasyprint)
        print(
            f"   Étape PDF ÷ WeasyPrint : {ratio:.2f}   (avec le lancement de Chromium : "
            f"{(mediane(etape) + mediane(lancement)) / mediane(weasyprint):.2f} ; manuel seul ÷ "
            f"WeasyPrint : {mediane(manuel) / mediane(weasyprint):.2f} ; minimums : "
            f"{min(etape) / min(weasyprint):.2f})"
        )
        cibles.append(
            Cible(
                "étape PDF ÷ WeasyPrint, même page d'impression (écoulé)",
                ratio,
                CIBLE_PDF_WEASYPRINT,
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
    return cibles


def mesurer_pdf_weasyprint(runs: int, garder: bool) -> int:
    """Measure only the PDF step: the full build against the site alone and against
    WeasyPrint; 0 when both targets are met, 1 when one is missed, 2 when a command fails."""
    travail = Path(tempfile.mkdtemp(prefix="bench-manuel-pdf-"))
    print(f"Étape PDF — {_machine()}")
    print(f"Médianes de {runs} mesures après 1 tour d'échauffement ; dossier : {travail}\n")
    try:
        mesures = _groupe_pdf(travail, runs, 1)
    except EchecMesure as err:
        print(f"\n{err}", file=sys.stderr)
        return 2
    finally:
        if not garder:
            shutil.rmtree(travail, ignore_errors=True)
    cibles = _rapport_pdf(mesures, f"Étape PDF, {runs} mesures")
    print("\nCibles")
    for cible in cibles:
        print(cible.ligne())
    return 0 if all(c.atteinte for c in cibles) else 1


def main(argv: list[str] | None = None) -> int:
    """Run the bench; 0 when every measured target is met, 1 otherwise (2 on a failed command)."""
    parser = argparse.ArgumentParser(description="Banc d'essai du manuel CARPIMKO.")
    parser.add_argument("--runs", type=int, default=5, help="mesures par commande (défaut : 5)")
    parser.add_argument(
        "--rapide",
        action="store_true",
        help="3 mesures au lieu de 5, sans la comparaison statique ni le PDF à 100 membres, "
        "5 modifications sous make serve au lieu de 9, un audit Lighthouse par page au lieu de 3",
    )
    parser.add_argument(
        "--tailles", default="10,100,1000", help="tailles des organisations (défaut : 10,100,1000)"
    )
    parser.add_argument("--sans-pdf", action="store_true", help="ne pas mesurer l'étape PDF")
    parser.add_argument(
        "--sans-instructions",
        action="store_true",
        help="ne pas compter les instructions sous valgrind",
    )
    parser.add_argument("--sans-lighthouse", action="store_true", help="ne pas lancer Lighthouse")
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
        help="mesurer seulement l'étape PDF : site complet ÷ site seul, et face à WeasyPrint",
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
    travail = Path(tempfile.mkdtemp(prefix="bench-manuel-"))
    machine = _machine()
    print(f"Banc d'essai du manuel — {machine}")
    navigateur = not machine.count("aucun Chromium")
    if not navigateur:
        print("Pas de Chromium (make chromium) : l'étape PDF et Lighthouse ne sont pas mesurés.")
    pdf = navigateur and not ns.sans_pdf
    tailles_pdf = [n for n in tailles if n in ((10,) if ns.rapide else (10, 100))] if pdf else []
    print(
        f"Médianes de {runs} mesures après {echauffement} tour d'échauffement ; "
        f"dossier de travail : {travail}\n",
        flush=True,
    )
    compter = not ns.sans_instructions and VALGRIND is not None
    if not ns.sans_instructions and VALGRIND is None:
        print(
            "Pas de valgrind (apt-get install -y valgrind) : les instructions ne sont pas "
            "comptées, le coût des données n'est pas comparé à sa référence."
        )
    audits = 1 if ns.rapide else 3
    try:
        exemple = _groupe_exemple(travail, runs, echauffement, compter)
        statique_100 = (
            None if ns.rapide else _groupe_statique_100(travail, runs, echauffement, compter)
        )
        pdf_mesures = _groupe_pdf(travail, runs, echauffement) if pdf else None
        serve = _groupe_serve(travail, 5 if ns.rapide else 9)
        lighthouse = (
            _groupe_lighthouse(travail, audits) if navigateur and not ns.sans_lighthouse else None
        )
        echelle = _groupe_echelle(travail, tailles, tailles_pdf, runs, echauffement)
        return _rapport(
            machine,
            runs,
            exemple,
            statique_100,
            echelle,
            tailles,
            tailles_pdf,
            ns.json,
            pdf_mesures,
            serve,
            (lighthouse, audits),
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


def _rapport_instructions(comptes: dict[str, int]) -> float:
    """The instruction counts of the example group: ratios and what each layer adds.
    Returns the data layer's cost above the mkdocs-macros floor, as a share of the static
    build."""
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
    donnees = (comptes["exemple"] - comptes["plancher-macros"]) / comptes["statique"]
    print(
        f"   Couche des données au-dessus du plancher mkdocs-macros : {donnees:+.1%} du statique "
        f"(référence {REFERENCE_DONNEES:.1%})"
    )
    return donnees


def _rapport(
    machine: str,
    runs: int,
    exemple: dict[str, object],
    statique_100: dict[str, object] | None,
    echelle: dict[str, object],
    tailles: list[int],
    tailles_pdf: list[int],
    json_path: Path | None,
    pdf: dict[str, object] | None,
    serve: list[float],
    lighthouse: tuple[dict[str, dict[str, float]] | None, int],
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
    # Withdrawn targets (they measured the stack, not the handbook): information only.
    print(
        f"   Pour information (anciennes cibles retirées) : manuel ÷ Markdown statique "
        f"{ratio_statique:.2f}, manuel ÷ Material vide {ratio_vide:.2f} (CPU ; minimums : "
        f"{_ratio_minimums(se['exemple'], se['statique']):.2f} et "
        f"{_ratio_minimums(se['exemple'], se['vide']):.2f})"
    )
    print(
        f"   Markdown statique + mkdocs-macros seul ÷ statique : "
        f"{se['plancher-macros'].cpu / se['statique'].cpu:.2f} ; Markdown statique ÷ Material "
        f"vide : {se['statique'].cpu / se['vide'].cpu:.2f} (le contenu seul)"
    )
    comptes: dict[str, int] = exemple["instructions"]  # type: ignore[assignment]
    part_donnees = _rapport_instructions(comptes) if comptes else None
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
        surcout = sc[f"pdf-{n}"].secondes - sc[f"site-{n}"].secondes
        print(
            f"   PDF à {n} membres : {surcout:.1f} s de plus que le site seul "
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

    if pdf is not None:
        cibles_pdf = _rapport_pdf(
            pdf, f"3. make site complet et étape PDF (manuel d'exemple), {runs} mesures"
        )
    else:
        cibles_pdf = [
            Cible("make site complet ÷ site seul (écoulé)", None, CIBLE_COMPLET_SUR_SITE),
            Cible(
                "étape PDF ÷ WeasyPrint, même page d'impression (écoulé)",
                None,
                CIBLE_PDF_WEASYPRINT,
            ),
        ]

    print(
        f"\n4. Prévisualisation (make serve) : d'une modification de data/ au rechargement du "
        f"navigateur, écoulé, {len(serve)} modifications : {', '.join(f'{s:.2f}' for s in serve)} s"
    )
    scores_lighthouse, audits = lighthouse
    cibles_lighthouse = (
        _rapport_lighthouse(scores_lighthouse, audits)
        if scores_lighthouse is not None
        else [
            Cible("Lighthouse, performance de chaque page", None, CIBLE_LIGHTHOUSE, au_moins=True)
        ]
    )

    cibles = [
        *cibles_pdf,
        Cible(
            "coût des données au-dessus de mkdocs-macros (instructions)",
            None if part_donnees is None else 100 * part_donnees,
            100 * (REFERENCE_DONNEES + TOLERANCE_DONNEES),
            " %",
            chiffres=1,
            note=f"part du statique ; ne doit pas croître : référence {REFERENCE_DONNEES:.1%}, "
            f"tolérance {TOLERANCE_DONNEES:.1%}",
        ),
        Cible("construction 1 000 ÷ 100 membres (CPU)", croissance, CIBLE_CROISSANCE),
        Cible(
            "site à 1 000 membres",
            octets["site-1000"] / MO if 1000 in tailles else None,
            CIBLE_SITE_1000_MO,
            " Mo",
            chiffres=1,
        ),
        Cible(
            "make check à 1 000 membres (CPU)",
            sc["check-1000"].cpu if 1000 in tailles else None,
            CIBLE_CHECK_1000_S,
            " s",
        ),
        Cible(
            "make serve : modification de data/ → rechargement (médiane)",
            mediane(serve),
            CIBLE_SERVE_S,
            " s",
            note=f"{len(serve)} modifications",
        ),
        *cibles_lighthouse,
    ]
    print(f"\n6. Cibles — {machine}")
    print(f"  {'Cible':<58}{'mesure':>10}   {'limite':<10}verdict")
    for cible in cibles:
        print(cible.ligne())
    for ecart in ecarts:
        print(f"  site statique identique au manuel : {ecart} — MANQUÉE")
    ratees = [c for c in cibles if c.atteinte is False]
    if json_path is not None:
        series = {**se, **sc}
        if statique_100 is not None:
            series.update(statique_100["series"])  # type: ignore[arg-type]
        if pdf is not None:
            series.update(pdf["series"])  # type: ignore[arg-type]
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
            "pdf": None if pdf is None else {k: v for k, v in pdf.items() if k != "series"},
            "lighthouse": scores_lighthouse,
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
