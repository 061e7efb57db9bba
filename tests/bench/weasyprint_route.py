"""The WeasyPrint route, the bench's yardstick for the PDF step (a bench helper).

The target (issue « Fast where people wait »): the handbook's PDF step takes at most half
the time WeasyPrint takes to print the same print page. WeasyPrint is not a dependency of
the project: the bench installs it, on first use, in a virtual environment of its own,
``tests/bench/.venv-weasyprint`` (``python -m venv``, then ``pip install
weasyprint==VERSION`` from PyPI; it needs the Pango libraries, present wherever GTK or
a desktop is, ``apt-get install -y libpango-1.0-0 libpangoft2-1.0-0`` otherwise). Delete
the folder to reinstall.

What is printed is the set-up a user would need for WeasyPrint to print this page at all
(measured: without it, only the cover):

* the print page **as Chromium leaves it after print-site's JavaScript** (which builds
  its contents): WeasyPrint runs no JavaScript. The snapshot is taken once, untimed;
* a stylesheet (:data:`CSS_WEASYPRINT`) that turns Material's flex containers into
  blocks and hides the site's header, sidebars and footer;
* ``--pdf-tags``, for a tagged PDF like Chromium's.

Both sides are timed from inside their process, without starting Python or importing:
the PDF step is the « PDF prêts en … s » that ``python -m macros build`` prints (Chromium's
launch, the handbook and every reflex card, the PDF/UA finishing); WeasyPrint's is
``HTML(…).write_pdf(…)`` (parsing, styles, layout, writing), printed by
:data:`SCRIPT_WEASYPRINT`.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ICI = Path(__file__).resolve().parent
VENV = ICI / ".venv-weasyprint"
VERSION = "70.0"
#: Written in the venv once the installation has succeeded.
TEMOIN = VENV / f".weasyprint-{VERSION}"

CSS_WEASYPRINT = """\
/* Material lays its page out with flex boxes: WeasyPrint then prints the cover only. */
body, .md-container, .md-main, .md-main__inner, .md-content, .md-content__inner {
  display: block !important;
}
.md-header, .md-sidebar, .md-footer, .md-dialog, .md-search, .md-skip {
  display: none !important;
}
"""

#: Run by the venv's Python: print ``argv[1]`` (HTML) to ``argv[2]`` (PDF) with the
#: stylesheet ``argv[3]``, and say how long the print itself took.
SCRIPT_WEASYPRINT = """\
import logging, sys, time
logging.getLogger("weasyprint").setLevel(logging.ERROR)
from weasyprint import CSS, HTML
debut = time.perf_counter()
document = HTML(filename=sys.argv[1]).render(stylesheets=[CSS(filename=sys.argv[3])], pdf_tags=True)
document.write_pdf(sys.argv[2], pdf_tags=True)
print(f"pages: {len(document.pages)}")
print(f"secondes: {time.perf_counter() - debut:.3f}")
"""


def python_weasyprint() -> Path:
    """The Python of the bench's WeasyPrint environment, installed on first use.

    Raises:
        RuntimeError: when the installation fails (the message says why, in French).
    """
    python = VENV / "bin" / "python"
    if TEMOIN.is_file() and python.is_file():
        return python
    print(f"WeasyPrint {VERSION} : installation dans {VENV} (une fois)…", flush=True)
    etapes = [
        [sys.executable, "-m", "venv", "--clear", str(VENV)],
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         f"weasyprint=={VERSION}"],
        [str(python), "-c", "import weasyprint"],
    ]  # fmt: skip
    for etape in etapes:
        fini = subprocess.run(etape, capture_output=True, text=True, timeout=900)
        if fini.returncode != 0:
            raise RuntimeError(
                f"installation de WeasyPrint impossible ({' '.join(etape[:4])}…) :\n"
                f"{(fini.stderr or fini.stdout)[-2000:]}"
            )
    TEMOIN.write_text(VERSION, encoding="utf-8")
    return python


class _Silencieux(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def capturer_page_impression(site: Path) -> tuple[Path, Path]:
    """Save the print page of the built ``site`` as Chromium has it after its scripts ran,
    next to the original (so that its relative addresses still resolve), with the
    stylesheet. Returns the HTML file and the stylesheet."""
    from playwright.sync_api import sync_playwright

    from macros.sorties.navigateur import ARGUMENTS, trouver_chromium
    from macros.sorties.pdf import PAGE_IMPRESSION

    chromium = trouver_chromium()
    if chromium is None:
        raise RuntimeError("aucun Chromium (make chromium)")
    serveur = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Silencieux, directory=str(site))
    )
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            navigateur = p.chromium.launch(executable_path=str(chromium), args=ARGUMENTS)
            page = navigateur.new_page(locale="fr-FR")
            page.goto(f"http://127.0.0.1:{serveur.server_port}/{PAGE_IMPRESSION}")
            page.wait_for_load_state("networkidle")
            html = page.content()
            navigateur.close()
    finally:
        serveur.shutdown()
        serveur.server_close()
    sortie = site / PAGE_IMPRESSION / "weasyprint.html"
    sortie.write_text(html, encoding="utf-8")
    css = site / PAGE_IMPRESSION / "weasyprint.css"
    css.write_text(CSS_WEASYPRINT, encoding="utf-8")
    return sortie, css


def commande_weasyprint(python: Path, html: Path, css: Path, pdf: Path) -> list[str]:
    """The command that prints ``html`` with WeasyPrint (see :data:`SCRIPT_WEASYPRINT`)."""
    return [str(python), "-c", SCRIPT_WEASYPRINT, str(html), str(pdf), str(css)]
