"""Private data: a public build publishes none of it; a private build says so everywhere."""

from __future__ import annotations

import pytest
from conftest import PRIVATE_EXAMPLE, ROOT, build, run_cli
from helpers import normalise
from pypdf import PdfReader

from macros.pages import BANNIERE
from macros.public import scanner, valeurs_privees

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def valeurs() -> list[str]:
    found = valeurs_privees(PRIVATE_EXAMPLE)
    assert len(found) >= 5
    return found


@pytest.fixture(scope="module")
def private_site(tmp_path_factory):
    return build(
        tmp_path_factory.mktemp("prive") / "site",
        ROOT / "data",
        HANDBOOK_PUBLIC="0",
        HANDBOOK_PRIVATE=str(PRIVATE_EXAMPLE),
        HANDBOOK_PDF="required",
    )


def test_public_build_publishes_no_private_value(site, valeurs):
    files = [p for p in site.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in files) and any(p.suffix == ".ics" for p in files)
    fuites = scanner(site, valeurs)
    import summary

    summary.record(
        "données privées dans les sorties publiques", valeurs=len(valeurs), trouvées=len(fuites)
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
    cover = normalise(PdfReader(private_site / "manuel.pdf").pages[0].extract_text())
    assert BANNIERE in " ".join(cover.split())


def test_public_build_has_no_banner(site):
    assert BANNIERE not in (site / "index.html").read_text(encoding="utf-8")


def test_build_says_which_mode_it_is(tmp_path):
    public = run_cli("check", env={"HANDBOOK_PRIVATE": str(PRIVATE_EXAMPLE)})
    assert public.returncode == 0
    out = run_cli(
        "build",
        "--site-dir",
        str(tmp_path / "s"),
        env={"HANDBOOK_PUBLIC": "0", "HANDBOOK_PRIVATE": str(PRIVATE_EXAMPLE)},
    )
    assert out.returncode == 0, out.stderr
    assert "Build PRIVÉ" in out.stdout and BANNIERE in out.stdout
    out = run_cli(
        "build", "--site-dir", str(tmp_path / "p"), env={"HANDBOOK_PRIVATE": str(PRIVATE_EXAMPLE)}
    )
    assert "Build public : aucune donnée privée n'est lue." in out.stdout


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
