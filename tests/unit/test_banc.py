"""The bench's reading of a build's output (tests/bench/bench.py), against what the build
prints: the PDF step's timeline (macros.sorties.pdf.Chrono) and the targets' verdicts.

`make bench` runs outside `make test`; a change to the timeline's format would only show
there, as a failed 15-minute run. These checks take a fraction of a second.
"""

from __future__ import annotations

import sys

from helpers import ROOT

from macros.sorties.pdf import Chrono


def _banc():
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    try:
        import bench
    finally:
        sys.path.remove(str(ROOT / "tests" / "bench"))
    return bench


def test_the_bench_reads_the_pdf_steps_timeline():
    from macros.sorties.imprimeur import PHASE_ETAPE

    bench = _banc()
    assert bench.PHASE_ETAPE == PHASE_ETAPE  # the phase the build prints
    chrono = Chrono()
    for nom in ("pilote Playwright", bench.PHASE_ETAPE, "print_page/ : finition PDF/UA (pikepdf)"):
        with chrono.phase(nom):
            pass
    sortie = "Site construit en 1.0 s.\n" + "\n".join(chrono.lignes()) + "\nPDF prêts en 2.9 s.\n"
    phases = bench.phases_pdf(sortie)
    assert set(phases) == {
        "pilote Playwright",
        bench.PHASE_ETAPE,
        "print_page/ : finition PDF/UA (pikepdf)",
    }
    for duree, debut, fin in phases.values():
        assert duree >= 0 and debut <= fin


def test_a_target_says_its_verdict():
    bench = _banc()
    assert bench.Cible("rapport", 2.5, 3.0).ligne().endswith("atteinte")
    assert "MANQUÉE" in bench.Cible("rapport", 3.5, 3.0).ligne()
    score = bench.Cible("performance", 72, 95, au_moins=True, chiffres=0)
    assert score.atteinte is False and "≥ 95" in score.ligne()
    assert bench.Cible("taille", None, 40, " Mo").atteinte is None
