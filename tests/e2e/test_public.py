"""Private data: a public build publishes none of it; a private build says so everywhere.

``make test`` gets its public-data scan (``make check-public``) from here: the shared
public build is made while the private file that ``python -m macros.public`` would look
for is present (see ``site_public`` in conftest.py), and every output file is scanned
for its values, as ``macros.public`` does.
"""

from __future__ import annotations

import pytest
import summary
from helpers import PRIVATE_EXAMPLE, ROOT, normalise, run_cli

from macros.pages import BANNIERE
from macros.public import fichier_a_chercher, pages_pdf, scanner, valeurs_privees

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def valeurs() -> list[str]:
    found = valeurs_privees(PRIVATE_EXAMPLE)
    assert len(found) >= 5
    return found


@pytest.fixture(scope="module")
def private_site(private_build):
    return private_build.sortie


def test_public_build_publishes_no_private_value(site, valeurs):
    # The file present during the build (a practice's own private.yml when it has one):
    # its values, and the example's.
    present = fichier_a_chercher()
    cherchees = valeurs_privees(present)
    assert cherchees, f"{present} ne contient aucune valeur privée à rechercher"
    cherchees = sorted(set(cherchees) | set(valeurs))
    files = [p for p in site.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in files) and any(p.suffix == ".ics" for p in files)
    fuites = scanner(site, cherchees)
    summary.record(
        "données privées dans les sorties publiques",
        valeurs=len(cherchees),
        fichiers=len(files),
        trouvées=len(fuites),
    )
    assert fuites == []


def test_private_build_is_caught_by_the_scan(private_site, valeurs):
    fuites = scanner(private_site, valeurs)
    found = {f.valeur for f in fuites}
    # Every dossier number and e-mail is used by the member pages and the support templates.
    assert found == set(valeurs)
    # Including in the PDF's text, and in the percent-encoded mailto links.
    assert any(f.fichier.name == "manuel.pdf" for f in fuites)
    assert any(f.fichier.parts[-2:] == ("support", "index.html") for f in fuites)


def test_private_build_is_marked_on_every_page_and_the_cover(private_site):
    for page in private_site.rglob("*.html"):
        if page.name == "404.html":
            continue
        assert BANNIERE in page.read_text(encoding="utf-8"), page
    cover = normalise(pages_pdf(private_site / "manuel.pdf")[0])
    assert BANNIERE in " ".join(cover.split())


def test_public_build_has_no_banner(site):
    assert BANNIERE not in (site / "index.html").read_text(encoding="utf-8")


def test_build_says_which_mode_it_is(private_build, site_build):
    public = run_cli("check", env={"HANDBOOK_PRIVATE": str(PRIVATE_EXAMPLE)})
    assert public.returncode == 0
    # What the two shared builds printed: private, then public with a private file present.
    assert "Build PRIVÉ" in private_build.stdout and BANNIERE in private_build.stdout
    assert "Build public : aucune donnée privée n'est lue." in site_build.stdout


def test_git_never_tracks_a_private_file():
    import subprocess

    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert not [
        f for f in tracked.stdout.splitlines() if f.endswith("/private.yml") or f == "private.yml"
    ]
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "data/private.yml"], cwd=ROOT, capture_output=True
    )
    assert ignored.returncode == 0


def test_scan_sees_through_hyphenation(tmp_path, valeurs):
    """A value cut by a soft hyphen (the print page) or broken at a line end by Chromium's
    hyphen (a PDF's text) is still found."""
    for n, valeur in enumerate(valeurs):
        milieu = len(valeur) // 2
        (tmp_path / f"shy-{n}.html").write_text(valeur[:milieu] + "\u00ad" + valeur[milieu:])
        (tmp_path / f"ligne-{n}.txt").write_text(valeur[:milieu] + "\u2010\r\n" + valeur[milieu:])
    fuites = scanner(tmp_path, valeurs)
    assert {(f.fichier.name, f.valeur) for f in fuites} >= {
        (f"{forme}-{n}.{ext}", v)
        for n, v in enumerate(valeurs)
        for forme, ext in (("shy", "html"), ("ligne", "txt"))
    }
