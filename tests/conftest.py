"""Fixtures and hooks: the built sites, served on 127.0.0.1, Chromium, the final summary.

The main site is built from ``HANDBOOK_DATA`` (default ``data/``), like every other
command. Browser tests get its URL through pytest-playwright's ``base_url``.

Each configuration of a built site is built once per run, even with several pytest-xdist
workers (:func:`helpers.construire`); each worker serves it from the shared folder. The
builds the selected tests need start with the run, in the background, and the tests that
need none run first (:func:`_preconstruire`, :func:`pytest_collection_modifyitems`).
Helpers (paths, ``TODAY``, ``run_cli``…) live in ``tests/helpers.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import summary
from helpers import (
    A_PRECONSTRUIRE,
    DEPOT,
    FIXTURES,
    PRIVATE_EXAMPLE,
    ROOT,
    Construction,
    Construit,
    construire,
    data_dir,
    finir_les_constructions,
    lancer,
    preconstruit,
    serve,
)


def site_public() -> Construction:
    """The handbook as published: public, with its PDFs, while a private file is present.

    The private file is the one ``make check-public`` looks for (``HANDBOOK_PRIVATE``, else
    the practice's own ``private.yml``, else the example's): ``test_public.py`` scans this
    build for its values, which is ``make check-public``'s proof (see the Makefile).
    """
    from macros.public import fichier_a_chercher

    return Construction(
        "site",
        {
            "HANDBOOK_PDF": "required",
            # Its PDF step's timeline, read by test_pdf.py (the print the hooks begin is
            # the one the build waits for).
            "HANDBOOK_PDF_TEMPS": "1",
            "HANDBOOK_PRIVATE": str(fichier_a_chercher()),
            # As publish.yml builds it: with the form editor at admin/ (test_editeur_publie.py),
            # which needs the data inside the repository.
            **({"HANDBOOK_DEPOT": DEPOT} if data_dir().resolve().is_relative_to(ROOT) else {}),
        },
        donnees=data_dir(),
    )


def pytest_configure(config: pytest.Config) -> None:
    """Every ``python -m macros …`` the tests start imports this checkout's package, even
    from another folder (a test's temporary folder): the virtual environment's editable
    install may point to another checkout of the project (a git worktree)."""
    chemins = [str(ROOT), *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(c for c in chemins if c))


#: A private build of the example: the private file's values on the pages and in the PDF.
SITE_PRIVE = Construction(
    "prive",
    {"HANDBOOK_PUBLIC": "0", "HANDBOOK_PRIVATE": str(PRIVATE_EXAMPLE), "HANDBOOK_PDF": "required"},
    donnees=ROOT / "data",
)
#: The second practice (infirmiers), with its PDFs: the printed handbook's checks run on
#: it too (see :func:`imprimee`).
SITE_INFIRMIERS = Construction(
    "infirmiers", {"HANDBOOK_PDF": "required"}, donnees=FIXTURES / "infirmiers"
)
#: The third practice (solo: one orthoptiste, nobody else), without PDF: printing it too
#: cost the suite about ten seconds (its PDFs were checked once, on 1 December 2026, and
#: passed after the fix of a name cut in its journal table).
SITE_SOLO = Construction("solo", donnees=FIXTURES / "solo")


@pytest.fixture(scope="session")
@preconstruit(site_public)
def site_build(tmp_path_factory: pytest.TempPathFactory) -> Construit:
    """The main build (:func:`site_public`) and what the build printed (Chromium required)."""
    return construire(tmp_path_factory, site_public())[0]


@pytest.fixture(scope="session")
def site(site_build: Construit) -> Path:
    """The handbook built from the data under test, with its PDFs (Chromium required).

    It is a public build made while a private file is present: nothing private may leak.
    """
    return site_build.sortie


#: The example, without PDF, whatever HANDBOOK_DATA says (tests of the example's own pages).
SITE_EXEMPLE = Construction("exemple-sans-pdf", donnees=ROOT / "data")


def _exemple() -> Construction:
    """The main build when it is the example's (the usual case: one build less), else
    :data:`SITE_EXEMPLE`."""
    meme = data_dir().resolve() == (ROOT / "data").resolve()
    return site_public() if meme else SITE_EXEMPLE


@pytest.fixture(scope="session")
@preconstruit(_exemple)
def site_exemple(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's site: its pages as the example's data makes them."""
    return construire(tmp_path_factory, _exemple())[0].sortie


@pytest.fixture(scope="session")
@preconstruit(SITE_PRIVE)
def private_build(tmp_path_factory: pytest.TempPathFactory) -> Construit:
    """The example built in private mode, with its PDFs."""
    return construire(tmp_path_factory, SITE_PRIVE)[0]


@pytest.fixture(scope="session")
@preconstruit(SITE_INFIRMIERS)
def site_infirmiers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second practice's site (tests/fixtures/infirmiers)."""
    return construire(tmp_path_factory, SITE_INFIRMIERS)[0].sortie


@pytest.fixture(scope="session")
@preconstruit(SITE_SOLO)
def site_solo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The third practice's site (tests/fixtures/solo)."""
    return construire(tmp_path_factory, SITE_SOLO)[0].sortie


@pytest.fixture(scope="session")
def base_url(site: Path) -> str:
    """URL of the served handbook (pytest-playwright uses it for relative ``goto``)."""
    return serve(site)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch Playwright's Chromium, or the system one when it is not downloaded."""
    from macros.sorties.navigateur import ARGUMENTS, trouver_chromium

    chromium = trouver_chromium()
    if chromium is None:
        pytest.fail("Aucun Chromium : lancez « make chromium » (ou définissez HANDBOOK_CHROMIUM).")
    return {**browser_type_launch_args, "executable_path": str(chromium), "args": ARGUMENTS}


@pytest.fixture(scope="session")
def nav_pages() -> list[str]:
    """URL paths of every page in mkdocs.yml's nav, in order."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !ENV tags; they do not matter for the nav.
    _Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    out: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                stem = value[: -len(".md")]
                out.append("" if stem == "index" else f"{stem}/")

    walk(config["nav"])
    return out


#: The practices whose printed handbook and cards the PDF checks read.
IMPRIMEES = ("exemple", "infirmiers")


@dataclass(frozen=True)
class Imprimee:
    """A practice's built site with its PDFs, and its data read with plain PyYAML."""

    site: Path
    donnees: dict[str, dict]


@pytest.fixture(scope="session", params=IMPRIMEES)
@preconstruit(site_public, SITE_INFIRMIERS)
def imprimee(request: pytest.FixtureRequest) -> Imprimee:
    """Each practice with its PDFs in turn: the example, then the infirmiers practice."""
    if request.param == "exemple":
        # By the fixtures under ``site`` and ``raw_data``: a test module may name its own.
        return Imprimee(request.getfixturevalue("site_build").sortie, lire_donnees(data_dir()))
    return Imprimee(
        request.getfixturevalue(f"site_{request.param}"), lire_donnees(FIXTURES / request.param)
    )


@pytest.fixture(scope="session")
def site_pdf(imprimee: Imprimee) -> Path:
    """The site of each practice with its PDFs in turn (:func:`imprimee`)."""
    return imprimee.site


@pytest.fixture(scope="session")
def donnees_pdf(imprimee: Imprimee) -> dict[str, dict]:
    """The data of each practice with its PDFs in turn, read with plain PyYAML."""
    return imprimee.donnees


def lire_donnees(dossier: Path) -> dict[str, dict]:
    """The data files of ``dossier`` read with plain PyYAML (private files left out)."""
    import yaml

    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(dossier.glob("*.yml"))
        if not p.name.startswith("private")
    }


@pytest.fixture(scope="session")
def raw_data() -> dict[str, dict]:
    """The data files read with plain PyYAML: an independent view of what the pages must show."""
    return lire_donnees(data_dir())


@pytest.fixture
def clean_page(page) -> Iterator:
    """A page that records console errors and page errors; the test fails if any occur."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert errors == [], f"erreurs dans la console : {errors}"


# --- the builds start with the run ------------------------------------------------------------


def _besoins(item: pytest.Item) -> set[str]:
    return set(getattr(item, "fixturenames", ())) & A_PRECONSTRUIRE.keys()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need no shared build first (in their order): the builds run meanwhile.
    Among the others, the long ones (marked ``lent``) first, so that none of them starts
    last and keeps one worker busy while the other has nothing left."""
    items.sort(key=lambda item: (bool(_besoins(item)), item.get_closest_marker("lent") is None))


#: Builds run side by side in the background, while the tests that need none run.
SIMULTANEES = 2


@pytest.fixture(scope="session", autouse=True)
def _preconstruire(request: pytest.FixtureRequest, tmp_path_factory) -> None:
    """Start, in the background, every build that a selected test of the run needs, in
    the order the tests will need them.

    Every worker collects the same tests: the first to get here claims them all, the
    others find them claimed (see :func:`helpers.lancer`).
    """
    noms = list(dict.fromkeys(nom for item in request.session.items for nom in _besoins(item)))
    constructions = [c for nom in noms for c in A_PRECONSTRUIRE[nom]()]
    lancer(tmp_path_factory, constructions, simultanees=SIMULTANEES)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Wait for the builds this process started; hand the summary to the xdist controller."""
    finir_les_constructions(interrompu=exitstatus == pytest.ExitCode.INTERRUPTED)
    # In a pytest-xdist worker, the counters of tests/summary.py go to the controller.
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["resume"] = summary.exporter()


# --- pytest-xdist: which tests go together --------------------------------------------------

#: Test modules that pytest-xdist runs whole on one worker, because their tests share a
#: module or session fixture too costly to make twice: the live-reload server
#: (test_serve.py), the PDF read back (test_pdf.py).
MODULES_ENTIERS = (
    "tests/e2e/test_serve.py",
    "tests/e2e/test_pdf.py",
    # One session of python -m macros edit, its tests in order (the last one stops it).
    "tests/e2e/test_editeur.py",
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Hand out tests one by one (as ``--dist load``), the modules of :data:`MODULES_ENTIERS`
    whole, in the order of the collection (see :func:`pytest_collection_modifyitems`).

    (xdist's own ``--dist loadgroup`` does not group with pytest 9.2: it renames the
    tests through an attribute that pytest no longer reads.) Another ``--dist`` mode
    given on the command line is left to xdist.
    """
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ParTestOuModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in MODULES_ENTIERS else nodeid

    # Keep the collection's order: tests that need no build first.
    config.option.loadscopereorder = False
    return ParTestOuModule(config, log)


# --- the summary, with pytest-xdist: each worker sends its counters to the controller ---------


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """In the controller, add up the counters of a worker that has finished."""
    summary.ajouter(getattr(node, "workeroutput", {}).get("resume", {}))


def pytest_terminal_summary(terminalreporter) -> None:
    """Print what the suite tried and found (see tests/summary.py)."""
    if summary.RESULTS:
        terminalreporter.section("Résumé")
        for line in summary.lines():
            terminalreporter.write_line(line)
