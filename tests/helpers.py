"""What the tests share: paths, the build date, the command line, data copies, built sites.

Tests import these from here (``from helpers import ROOT, run_cli``); ``conftest.py``
only holds fixtures and hooks.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from macros.donnees.modele import Handbook
    from macros.pages import Contexte

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PRIVATE_EXAMPLE = ROOT / "data" / "private.example.yml"
#: The build date of every test, so that "next deadlines" and health flags are stable.
#: The command line gets it as ``HANDBOOK_TODAY`` (``TODAY.isoformat()``).
TODAY = date(2026, 11, 26)


#: The situations that pay contributions, as the README's table says: the tests' own view of
#: :class:`macros.donnees.modele.Situation`, to compute what a page must show.
SITUATIONS_QUI_COTISENT = (
    "titulaire",
    "associe",
    "collaborateur",
    "remplacant",
    "conjoint_collaborateur",
    "retraite_cumul",
)

#: The environment the suite was started with. Some tests change ``os.environ`` for a while
#: (the bad-input runner sets ``HANDBOOK_DATA`` to a broken copy, in-process): what the suite
#: tests, and the builds it starts in the background, never depend on that moment.
ENVIRONNEMENT = dict(os.environ)


#: The repository of the suite's public build (``HANDBOOK_DEPOT``, as publish.yml sets it).
DEPOT = "cabinet-du-parc/manuel"


def data_dir() -> Path:
    """The data folder under test: ``HANDBOOK_DATA`` (when the suite started) or ``data/``."""
    raw = ENVIRONNEMENT.get("HANDBOOK_DATA", "").strip()
    return (Path(raw) if Path(raw).is_absolute() else ROOT / raw) if raw else ROOT / "data"


# --- the command line ---------------------------------------------------------------------------


def cli_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a ``python -m macros …`` run: the tests' date, no PDF, public.

    Public by default: a developer's own data/private.yml must not change the results.
    """
    return {
        **ENVIRONNEMENT,
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "HANDBOOK_TODAY": TODAY.isoformat(),
        "HANDBOOK_PDF": "off",
        "HANDBOOK_PUBLIC": "1",
        **(env or {}),
    }


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m macros …`` as a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "macros", *args],
        cwd=cwd,
        env=cli_env(env),
        capture_output=True,
        text=True,
        timeout=600,
    )


def build(out: Path, data: Path | None = None, **env: str) -> Path:
    """Build the handbook from ``data`` into ``out``; fail the test with the output if it fails."""
    extra = dict(env)
    if data is not None:
        extra["HANDBOOK_DATA"] = str(data)
    result = run_cli("build", "--site-dir", str(out), env=extra)
    if result.returncode != 0:
        pytest.fail(f"build failed:\n{result.stdout}\n{result.stderr}")
    return out


# --- an edited copy of the data -----------------------------------------------------------------


def donnees_modifiees(
    dossier: Path,
    source: Path | None = None,
    **remplacements: tuple[str, str] | Sequence[tuple[str, str]],
) -> Path:
    """A copy of the data folder ``source`` (default ``data/``) in ``dossier/data``, edited.

    Private files are left out. Each keyword names a file by its stem
    (``equipe=("nom: Claire Durand", "nom: Zoé")``) and gives one ``(old, new)``
    replacement or a list of them, applied in order. Each ``old`` must occur exactly once
    in the file as it is then: the test fails, saying which text and file, otherwise.
    """
    source = ROOT / "data" if source is None else source
    data = dossier / "data"
    shutil.copytree(source, data, ignore=shutil.ignore_patterns("private*.yml"))
    for nom, paires in remplacements.items():
        liste = [paires] if isinstance(paires, tuple) and isinstance(paires[0], str) else paires
        path = data / f"{nom}.yml"
        if not path.is_file():
            pytest.fail(f"donnees_modifiees : pas de fichier {nom}.yml dans {source}")
        text = path.read_text(encoding="utf-8")
        for old, new in liste:
            count = text.count(old)
            if count != 1:
                pytest.fail(
                    f"donnees_modifiees : « {old} » apparaît {count} fois dans {nom}.yml "
                    "(une fois attendue)"
                )
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return data


def vers_yaml(donnees: object, largeur: int = 100) -> str:
    """``donnees`` as YAML text, written by libyaml's emitter (PyYAML's own, in pure
    Python, took three quarters of the property tests' time)."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(donnees, Dumper=dumper, allow_unicode=True, sort_keys=False, width=largeur)


# --- render functions -----------------------------------------------------------------------------


def contexte(hb: Handbook, page: str = "index.md", directory_urls: bool = True) -> Contexte:
    """What a render function gets on ``page``: the one place the tests build a Contexte."""
    from macros.domaine.faits import Faits
    from macros.pages import Contexte
    from macros.pages.liens import Liens

    return Contexte(Faits(hb), Liens(page, directory_urls))


def macros_de_page(monkeypatch: pytest.MonkeyPatch, page: str) -> dict[str, Callable]:
    """The macros ``docs/<page>`` can call, as mkdocs-macros gives them to it: the example's
    data, the tests' date, public, no PDF (``define_env`` on a stand-in of its ``env``)."""
    from types import SimpleNamespace

    from macros.site.plugin import define_env

    for nom, valeur in cli_env({"HANDBOOK_DATA": str(ROOT / "data")}).items():
        if nom.startswith("HANDBOOK_"):
            monkeypatch.setenv(nom, valeur)
    macros: dict[str, Callable] = {}
    define_env(
        SimpleNamespace(
            conf={"extra": {}, "site_url": None, "use_directory_urls": True},
            config={},
            page=SimpleNamespace(file=SimpleNamespace(src_uri=page)),
            macro=lambda fonction, nom: macros.__setitem__(nom, fonction),
        )
    )
    return macros


# --- serving a built site -------------------------------------------------------------------------


@functools.cache
def _serve(root: Path) -> str:
    from macros.sorties.serveur_local import adresse, demarrer

    # Served until the process ends: its loop need not look for a shutdown often.
    return adresse(demarrer(root, intervalle=0.5))


def serve(root: Path) -> str:
    """Serve ``root`` over HTTP on 127.0.0.1 (once per folder and process) and return its URL."""
    return _serve(root.resolve())


# --- sites built once per configuration -----------------------------------------------------------


@dataclass(frozen=True)
class Construction:
    """One configuration of a built output, made once per test run and shared read-only.

    Attributes:
        nom: Names the configuration (a folder name); one name, one configuration.
        env: ``HANDBOOK_*`` settings on top of :func:`cli_env`'s.
        donnees: The data folder (``HANDBOOK_DATA``), or a function that writes one into
            the folder it is given and returns it; ``None``: the environment's.
        module: Run as ``python -m <module> <args>``.
        args: The command's arguments; ``{sortie}`` is replaced by the output's path.
        sortie: The output's file name in the configuration's folder.
        defauts: False: the caller's ``HANDBOOK_*`` settings are dropped and the tests'
            defaults (no PDF, public) not added, so that the command's own defaults are
            the ones under test (``HANDBOOK_TODAY`` is still the tests' date).
    """

    nom: str
    env: Mapping[str, str] = field(default_factory=dict)
    donnees: Path | Callable[[Path], Path] | None = None
    module: str = "macros"
    args: tuple[str, ...] = ("build", "--site-dir", "{sortie}")
    sortie: str = "site"
    defauts: bool = True

    def environnement(self, data: Path | None) -> dict[str, str]:
        if self.defauts:
            env = cli_env(self.env)
        else:
            env = {k: v for k, v in ENVIRONNEMENT.items() if not k.startswith("HANDBOOK_")}
            env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
            env |= {"HANDBOOK_TODAY": TODAY.isoformat(), **self.env}
        if data is not None:
            env["HANDBOOK_DATA"] = str(data)
        return env


@dataclass(frozen=True)
class Construit:
    """A built output and what its command printed."""

    sortie: Path
    stdout: str
    stderr: str


def dossier_partage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder where every process of this run finds the shared builds.

    Under pytest-xdist each worker has its own temporary folder
    (``…/pytest-N/popen-gw0``): their common parent is the run's. Without xdist, the
    run's own temporary folder.
    """
    base = tmp_path_factory.getbasetemp()
    racine = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    dossier = racine / "constructions"
    dossier.mkdir(exist_ok=True)
    return dossier


@contextmanager
def _verrou(chemin: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``chemin`` (other processes wait for it)."""
    with chemin.open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


#: Every configuration met by this process, by name (one name, one configuration).
_CONNUES: dict[str, Construction] = {}
#: The builds this process started: the process, and the thread that records its end.
_LANCEES: list[tuple[subprocess.Popen, threading.Thread]] = []
#: The threads that start queued builds (see :func:`lancer`), and their stop signal.
_FILES: list[threading.Thread] = []
_ARRET = threading.Event()
#: Fixture name → the configurations it needs (see :func:`preconstruit`).
A_PRECONSTRUIRE: dict[str, Callable[[], list[Construction]]] = {}


def preconstruit(
    *constructions: Construction | Callable[[], Construction],
) -> Callable[[Callable], Callable]:
    """Declare which configurations a fixture needs, so that they start with the run.

    ``conftest.py`` starts them in the background as soon as a selected test needs the
    fixture (see ``_preconstruire``), and runs the tests that need none first.
    """

    def declarer(fixture: Callable) -> Callable:
        A_PRECONSTRUIRE[fixture.__name__] = lambda: [
            c if isinstance(c, Construction) else c() for c in constructions
        ]
        return fixture

    return declarer


def lancer(
    tmp_path_factory: pytest.TempPathFactory,
    constructions: Sequence[Construction],
    simultanees: int | None = None,
) -> None:
    """Start each build that no process of the run has started.

    ``simultanees=None``: all of them now, side by side. Otherwise a background thread
    starts them in order, at most ``simultanees`` at a time, and this returns at once.
    """
    racine = dossier_partage(tmp_path_factory)
    a_faire = [c for c in constructions if _reserver(racine, c)]
    if simultanees is None:
        for c in a_faire:
            _demarrer(racine, c)
    elif a_faire:
        file = threading.Thread(target=_file, args=(racine, a_faire, simultanees))
        file.start()
        _FILES.append(file)


def _reserver(racine: Path, c: Construction) -> bool:
    """Claim the build of ``c`` for this process; False if a process of the run has it."""
    if _CONNUES.setdefault(c.nom, c) != c:
        raise ValueError(f"two configurations are named {c.nom!r}")
    with _verrou(racine / f"{c.nom}.lock"):
        dossier = racine / c.nom
        if dossier.exists():
            return False
        dossier.mkdir()
        return True


def _file(racine: Path, constructions: list[Construction], simultanees: int) -> None:
    en_cours: list[subprocess.Popen] = []
    for c in constructions:
        while len(en_cours) >= simultanees and not _ARRET.is_set():
            en_cours = [p for p in en_cours if p.poll() is None]
            time.sleep(0.05)
        if _ARRET.is_set():
            return
        process = _demarrer(racine, c)
        if process is not None:
            en_cours.append(process)


def _demarrer(racine: Path, c: Construction) -> subprocess.Popen | None:
    """Write the data of ``c`` and start its command; its end is recorded by a thread."""
    dossier = racine / c.nom
    out = (dossier / "stdout.txt").open("w", encoding="utf-8")
    err = (dossier / "stderr.txt").open("w", encoding="utf-8")
    try:
        data = c.donnees(dossier) if callable(c.donnees) else c.donnees
        args = [a.replace("{sortie}", str(dossier / c.sortie)) for a in c.args]
        process = subprocess.Popen(
            [sys.executable, "-m", c.module, *args],
            cwd=ROOT,
            env=c.environnement(data),
            stdout=out,
            stderr=err,
        )
    except Exception:  # the data could not be written: every test that needs it says why
        import traceback

        err.write(traceback.format_exc())
        _ecrire_resultat(dossier, 1, out, err)
        return None
    (dossier / "pid").write_text(str(process.pid))
    fin = threading.Thread(target=_noter_la_fin, args=(process, dossier, out, err))
    fin.start()
    _LANCEES.append((process, fin))
    return process


def _noter_la_fin(process: subprocess.Popen, dossier: Path, *sorties: IO[str]) -> None:
    _ecrire_resultat(dossier, process.wait(), *sorties)


def _ecrire_resultat(dossier: Path, code: int, *sorties: IO[str]) -> None:
    for f in sorties:
        f.close()
    tmp = dossier / "resultat.tmp"
    tmp.write_text(json.dumps({"code": code}))
    tmp.replace(dossier / "resultat.json")


def attendre(tmp_path_factory: pytest.TempPathFactory, c: Construction) -> Construit:
    """Wait for the build of ``c`` (started by any process of the run) and read it."""
    dossier = dossier_partage(tmp_path_factory) / c.nom
    resultat = dossier / "resultat.json"
    limite = time.monotonic() + 600
    mort_depuis: float | None = None
    while not resultat.is_file():
        now = time.monotonic()
        if now > limite:
            pytest.fail(f"construction « {c.nom} » : toujours pas finie après 10 minutes")
        if not _vivant(dossier / "pid"):
            # Its end is recorded just after it exits: give the recorder a moment.
            mort_depuis = mort_depuis or now
            if now - mort_depuis > 5:
                pytest.fail(f"construction « {c.nom} » : le processus a disparu sans résultat")
        time.sleep(0.1)
    code = json.loads(resultat.read_text())["code"]
    stdout = (dossier / "stdout.txt").read_text(encoding="utf-8")
    stderr = (dossier / "stderr.txt").read_text(encoding="utf-8")
    if code != 0:
        pytest.fail(f"construction « {c.nom} » impossible (code {code}) :\n{stdout}\n{stderr}")
    return Construit(dossier / c.sortie, stdout, stderr)


def _vivant(fichier_pid: Path) -> bool:
    try:
        os.kill(int(fichier_pid.read_text()), 0)
    except (OSError, ValueError):  # not started yet, or gone
        return not fichier_pid.is_file()
    return True


def construire(
    tmp_path_factory: pytest.TempPathFactory, *constructions: Construction
) -> list[Construit]:
    """Each configuration built once per test run, whichever process asks first.

    The builds not yet started start now, side by side; every process that needs one
    waits for it and reads the same folder. A failed build fails every test that needs
    it, with the command's output.
    """
    lancer(tmp_path_factory, constructions)
    return [attendre(tmp_path_factory, c) for c in constructions]


def finir_les_constructions(interrompu: bool) -> None:
    """At the end of the run: wait for the builds this process started (stop them if
    the run was interrupted). Another process may still need them."""
    if interrompu:
        _ARRET.set()
    for file in _FILES:
        file.join(timeout=600)
    for process, fin in _LANCEES:
        if interrompu and process.poll() is None:
            process.terminate()
        fin.join(timeout=600)
    _FILES.clear()
    _LANCEES.clear()


# --- browser helpers ----------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Text as a reader sees it: French non-breaking spaces count as plain spaces.

    The permalink sign that follows headings (« ¶ ») is dropped.
    """
    return text.replace("\u00a0", " ").replace("\u202f", " ").strip().removesuffix("¶").strip()


def rechercher(page, query: str) -> str:
    """Type ``query`` in Material's search box once the index is ready; return the results text.

    Material shows « Taper pour démarrer la recherche » once its search worker has
    loaded the index; typing earlier can be lost.
    """
    page.locator(".md-search__input").click()
    page.locator(".md-search-result__meta").filter(has_text="Taper pour démarrer").wait_for()
    page.locator(".md-search__input").press_sequentially(query, delay=10)
    page.locator(".md-search-result__meta").filter(has_text="trouvé").wait_for()
    return page.locator(".md-search-result").inner_text()


def pdf_imprime(chemin, mode: str | None = None):
    """A one-page PDF at ``chemin``, marked as printed for a ``public`` or ``prive`` build."""
    from pypdf import PdfWriter

    from macros.sorties.pdf import marquer_diffusion

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(chemin)
    if mode is not None:
        marquer_diffusion(chemin, mode)
    return chemin


def page_police(pdf, police, contenu: bytes):
    """Append to ``pdf`` a 200 × 200 page whose content is ``contenu``, with ``police`` as
    its font ``/F1``; return the page."""
    import pikepdf

    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 200, 200],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=police)),
                Contents=pdf.make_stream(contenu),
            )
        )
    )
    return pdf.pages[-1]


def police_type0(pdf, cmap: bytes):
    """An indirect Type0 font of ``pdf`` whose only content is the ``ToUnicode`` map
    ``cmap``: what the PDF finishing reads of Skia's fonts (no glyphs, so PDFium cannot
    draw it)."""
    import pikepdf

    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name.F,
            ToUnicode=pdf.make_stream(cmap),
        )
    )
