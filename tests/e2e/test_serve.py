"""`make serve`: edits to data and code show up live; data errors show on the page, then recover.

The server runs on a temporary copy of the project, so the tests can edit its files.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT, cli_env, pdf_imprime

# One server for the whole module: it runs whole on one pytest-xdist worker (conftest.py,
# MODULES_ENTIERS).
pytestmark = pytest.mark.e2e

# Generous bounds: this runs on a shared 2-core machine. A rebuild takes about 2 s.
RELOAD_TIMEOUT_MS = 30_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def projet(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("projet")
    # Not the editors' npm packages (macros/editeur/npm/node_modules, 500 MB): serve needs none.
    ignore = shutil.ignore_patterns("__pycache__", "private.yml", "node_modules")
    for name in ("macros", "docs", "data"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    _pdf_du_dernier_make_site(copy / "site")
    return copy


def _pdf_du_dernier_make_site(site: Path) -> None:
    """What a private ``make site`` left: a private handbook, a public card, an unmarked one."""
    site.mkdir()
    pdf_imprime(site / "manuel.pdf", "prive")
    pdf_imprime(site / "fiche-titulaire.pdf", "public")
    pdf_imprime(site / "fiche-assistant.pdf")


@pytest.fixture(scope="module")
def serveur(projet):
    port = _free_port()
    log = (projet / "serve.log").open("w", encoding="utf-8")
    env = cli_env()
    env.pop("HANDBOOK_DATA", None)
    # A temporary folder of its own, where MkDocs' copy of the site must not outlive it
    # (another test's server may run at the same time).
    (projet / "tmp").mkdir()
    env["TMPDIR"] = str(projet / "tmp")
    process = subprocess.Popen(
        [sys.executable, "-m", "macros", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=projet,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "equipe/", timeout=2)
            break
        except OSError:
            assert process.poll() is None, (projet / "serve.log").read_text()
            time.sleep(0.5)
    else:
        pytest.fail("le serveur n'a pas démarré :\n" + (projet / "serve.log").read_text())
    yield url
    process.terminate()
    process.wait(timeout=30)
    log.close()
    # Stopped like a closed terminal or a ``kill``: MkDocs' temporary copy of the site
    # (``mkdocs_*`` in the temporary folder, the server's own: TMPDIR) is gone.
    assert list((projet / "tmp").glob("mkdocs_*")) == []


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_data_edit_reloads_the_open_page(page, serveur, projet):
    page.goto(serveur + "equipe/")
    table = page.locator("table.hb-equipe")
    assert "Julie Roux" in table.inner_text()
    start = time.monotonic()
    _edit(projet / "data" / "equipe.yml", "nom: Julie Roux", "nom: Julie Rousseau")
    # No navigation here: live reload refreshes the page by itself.
    page.locator("table.hb-equipe", has_text="Julie Rousseau").wait_for(timeout=RELOAD_TIMEOUT_MS)
    import summary

    summary.record("rechargement en direct", millisecondes=round((time.monotonic() - start) * 1000))


def test_data_error_shows_on_the_page_then_recovers(page, serveur, projet):
    equipe = projet / "data" / "equipe.yml"
    page.goto(serveur + "matrice/")
    _edit(equipe, "    roles: [assistant]", "    roles: [assistant]\n    couleur: bleu")
    alert = page.locator(".hb-erreurs")
    alert.wait_for(timeout=RELOAD_TIMEOUT_MS)
    text = alert.inner_text()
    assert "data/equipe.yml:" in text and "clé inconnue « couleur »" in text
    log = (projet / "serve.log").read_text(encoding="utf-8")
    assert "clé inconnue « couleur »" in log
    assert "Traceback" not in log
    _edit(equipe, "\n    couleur: bleu", "")
    page.locator("table.hb-matrice").wait_for(timeout=RELOAD_TIMEOUT_MS)
    assert page.locator(".hb-erreurs").count() == 0


def test_code_edit_reloads_without_restart(page, serveur, projet):
    page.goto(serveur)
    assert page.locator(".hb-prochaines li").count() > 2
    # A template and a Python module of the macros package, edited while serving.
    _edit(
        projet / "macros" / "pages" / "templates" / "accueil.md.j2",
        "## Par où commencer",
        "## Par où débuter",
    )
    page.get_by_role("heading", name="Par où débuter").wait_for(timeout=RELOAD_TIMEOUT_MS)
    _edit(
        projet / "macros" / "pages" / "accueil.py",
        "prochaines=prochaines_echeances(ctx),",
        "prochaines=prochaines_echeances(ctx, limite=2),",
    )
    page.wait_for_function(
        "document.querySelectorAll('.hb-prochaines li').length === 2", timeout=RELOAD_TIMEOUT_MS
    )
    log = (projet / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in log


def test_a_public_server_never_serves_a_private_pdf(serveur, projet):
    """``HANDBOOK_PUBLIC=1 make serve`` after a private ``make site`` (issue « Hardening », 8)."""

    def statut(nom: str) -> int:
        try:
            return urllib.request.urlopen(serveur + nom, timeout=10).status
        except urllib.error.HTTPError as err:
            return err.code

    assert statut("manuel.pdf") == 404  # printed for a private build
    assert statut("fiche-assistant.pdf") == 404  # no record of its mode
    assert statut("fiche-titulaire.pdf") == 200  # printed for a public build
    log = (projet / "serve.log").read_text(encoding="utf-8")
    assert "2 PDF du dernier « make site » non repris" in log
