"""« À vérifier » follows every unconfirmed step, wherever the step is shown.

A step of a procedure marked ``a_verifier: true`` describes a working of the CARPIMKO's
site that no official source confirms. The reader must see the mark next to the step on
every page and every paper that shows it: the procedure's page, the role pages (the
reflex cards are printed from them), the troubleshooting diagram, the print page, the
handbook's PDF and each reflex card. A step without the flag never carries the mark.

The steps are read from the data with plain PyYAML (``raw_data``), the pages from the disk
(``html_statique.arbre``) and the PDFs with PDFium (``macros.public.pages_pdf``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from html_statique import arbre, normalise

from macros.public import pages_pdf

pytestmark = pytest.mark.e2e

MARQUE = "à vérifier"
#: What may stand between a step and its mark: the role that does the step, « (Assistant(e)) ».
_ROLE = re.compile(r"^\s*\((?!à vérifier)(?:[^()]|\([^()]*\))*\)", re.I)
#: The running footer of a PDF page, on its own line.
_PIED = re.compile(r"^.*Page \d+ / \d+.*$", re.M)


@dataclass(frozen=True)
class Etapes:
    """The texts of the steps to verify, and of the others, as a reader reads them."""

    a_verifier: frozenset[str]
    autres: frozenset[str]


@pytest.fixture(scope="module")
def etapes(raw_data) -> Etapes:
    oui, non = set(), set()
    for p in raw_data["procedures"]["procedures"]:
        for e in p["etapes"]:
            (oui if e.get("a_verifier") else non).add(normalise(e["texte"]))
    assert oui, "l'exemple doit avoir des étapes à vérifier"
    return Etapes(frozenset(oui), frozenset(non - oui))


def _lu(texte: str) -> str:
    return normalise(texte).replace("’", "'")


def _suivi_de_la_marque(texte: str, debut: int) -> bool:
    reste = _ROLE.sub("", texte[debut:], count=1).lstrip()
    return reste.lower().lstrip("(").startswith(MARQUE)


def fautes(texte: str, etapes: Etapes, ou: str) -> tuple[list[str], set[str]]:
    """The steps to verify that ``texte`` shows without the mark, the steps that carry it
    without the flag, and which steps to verify it shows at all."""
    out: list[str] = []
    vues: set[str] = set()
    for etape in etapes.a_verifier:
        for m in re.finditer(re.escape(etape), texte):
            vues.add(etape)
            if not _suivi_de_la_marque(texte, m.end()):
                out.append(f"{ou} : « {etape} » sans « {MARQUE} »")
    for etape in etapes.autres:
        # A step that is also the end of a step to verify would be read with its mark.
        if any(e.endswith(etape) for e in etapes.a_verifier):
            continue
        for m in re.finditer(re.escape(etape), texte):
            if _suivi_de_la_marque(texte, m.end()):
                out.append(f"{ou} : « {etape} » marquée alors qu'elle n'est pas à vérifier")
    return out, vues


def _blocs_html(html: str) -> list[str]:
    """The list items and the diagrams of a page: where a step is shown, one text each."""
    racine = arbre(html)
    items = [n.texte() for n in racine.chercher("li")]
    # A diagram's box is one <text> per line, its number in a <tspan>: its lines, unnumbered.
    schemas = [
        " ".join(" ".join(t.textes) for t in n.chercher("text"))
        for n in racine.chercher("figure", "hb-schema")
    ]
    return [_lu(t) for t in (*items, *schemas)]


@pytest.fixture(scope="module")
def pages_html(site: Path, etapes: Etapes) -> dict[str, list[str]]:
    # A page whose HTML holds the beginning of no step cannot show one: only the others are
    # parsed. The beginning stops before what escaping or typography may change (an
    # apostrophe, « », : ; ! ?), and a step too short to give one is looked for everywhere.
    debuts = {
        re.split(r"['«»:;!?’]", e, maxsplit=1)[0][:30].strip()
        for e in (etapes.a_verifier | etapes.autres)
    }
    partout = any(len(d) < 8 for d in debuts)
    pages = {}
    for chemin in sorted(site.rglob("*.html")):
        html = chemin.read_text(encoding="utf-8")
        if partout or any(d in html for d in debuts):
            pages[chemin.relative_to(site).as_posix()] = _blocs_html(html)
    return pages


def _texte_pdf(path: Path) -> str:
    # One text for the whole document, footers out, so that a step cut by a page break
    # reads as one; a word cut at its own hyphen at the end of a line is put back together.
    texte = " ".join(_PIED.sub("", page) for page in pages_pdf(path))
    return re.sub(r"(?<=\w-) (?=\w)", "", _lu(texte).replace("☐ ", ""))


def test_every_page_marks_each_unconfirmed_step(pages_html, etapes):
    toutes: list[str] = []
    vues: dict[str, set[str]] = {}
    for page, blocs in pages_html.items():
        for bloc in blocs:
            out, v = fautes(bloc, etapes, page)
            toutes.extend(out)
            vues.setdefault(page, set()).update(v)
    assert not toutes, "\n".join(sorted(set(toutes)))
    # Not vacuous: every step to verify was found, on a procedure page, on a role page, in
    # the diagram and on the print page.
    assert set().union(*vues.values()) == etapes.a_verifier
    assert any(vues[p] for p in vues if p.startswith("roles/") and p != "roles/index.html")
    assert vues["depannage/index.html"]
    assert vues["print_page/index.html"] == etapes.a_verifier


def test_every_pdf_marks_each_unconfirmed_step(site, etapes):
    pdfs = sorted(site.glob("*.pdf"))
    assert {p.name for p in pdfs} >= {"manuel.pdf"} and len(pdfs) > 1
    toutes: list[str] = []
    for pdf in pdfs:
        out, vues = fautes(_texte_pdf(pdf), etapes, pdf.name)
        toutes.extend(out)
        if pdf.name == "manuel.pdf":
            assert vues == etapes.a_verifier, sorted(etapes.a_verifier - vues)
        else:  # each reflex card shows some of them
            assert vues, f"{pdf.name} : aucune étape à vérifier lue"
    assert not toutes, "\n".join(toutes)


def test_the_check_finds_a_missing_or_stray_mark(etapes):
    etape = sorted(etapes.a_verifier)[0]
    autre = sorted(etapes.autres)[0]
    assert fautes(f"{etape} À vérifier", etapes, "p")[0] == []
    assert fautes(f"{etape} (Assistant(e)) À vérifier auprès de la CARPIMKO", etapes, "p")[0] == []
    assert fautes(f"{etape} Astuce : …", etapes, "p")[0]
    assert fautes(f"{autre} À vérifier", etapes, "p")[0]
