"""The facts' source links in the built site (the example without PDF), read from the files.

Every page that states a fact about the CARPIMKO links it to its entry on « À propos »
(``…/a-propos/#fait-<id>``; in the print page, print-site's in-page anchor). Each link must
reach an id of the page it points to, which MkDocs' own anchor validation does not check
for links written in raw HTML. No browser: Python's HTML parser on the built files. The
build is the one ``test_pratiques.py`` uses (one build per run for both).
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import ROOT, TODAY
from html_statique import lire_liens, lire_page

from macros.donnees.chargement import charger

pytestmark = pytest.mark.e2e

#: A link to a fact's entry, on « À propos » or in the print page.
_VERS_UN_FAIT = re.compile(r"#(?:a-propos-)?fait-")


def liens_de_source_casses(site: Path) -> tuple[int, list[str]]:
    """How many links of ``site`` point to a fact's entry, and those whose anchor is not an
    id of the page they point to (``page → lien``)."""
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    ids: dict[str, set[str]] = {}
    total, casses = 0, []
    for nom, chemin in sorted(pages.items()):
        html = chemin.read_text(encoding="utf-8")
        if "fait-" not in html:  # most pages (the members') state no fact: not parsed
            continue
        for lien in lire_liens(html).liens:
            if not _VERS_UN_FAIT.search(lien):
                continue
            total += 1
            partie = urlsplit(lien)
            if partie.path in ("", "."):
                cible = nom
            else:
                cible = posixpath.normpath(
                    posixpath.join(posixpath.dirname(nom), unquote(partie.path))
                )
                if not cible.endswith(".html"):
                    cible = posixpath.join(cible, "index.html")
            if cible not in ids:
                page = pages.get(cible)
                ids[cible] = lire_liens(page.read_text(encoding="utf-8")).ids if page else set()
            if partie.fragment not in ids[cible]:
                casses.append(f"{nom} → {lien}")
    return total, casses


def test_every_source_link_of_the_built_site_reaches_its_anchor(site_exemple, tmp_path):
    total, casses = liens_de_source_casses(site_exemple)
    assert casses == []
    # Every fact a page of docs/ states is linked from the site, and listed on « À propos ».
    cites = {
        m
        for p in (ROOT / "docs").glob("*.md")
        for m in re.findall(r'fait\("([a-z0-9-]+)"\)', p.read_text(encoding="utf-8"))
    }
    lies: set[str] = set()
    for p in site_exemple.rglob("*.html"):
        lies |= set(re.findall(r'href="[^"]*#fait-([a-z0-9-]+)"', p.read_text(encoding="utf-8")))
    assert len(cites) >= 20 and cites <= lies
    assert total >= len(lies)
    hb = charger(ROOT / "data", TODAY).handbook
    a_propos = site_exemple / "a-propos" / "index.html"
    assert {f"fait-{f.id}" for f in hb.carpimko.faits} <= lire_liens(a_propos.read_text()).ids
    texte = lire_page(a_propos).texte
    assert texte.index("Faits de source officielle") < texte.index("Performances")
    # The check fails on a planted fault: the same two pages, one anchor renamed.
    copie = tmp_path / "site"
    for page in ("cotisations/index.html", "a-propos/index.html"):
        (copie / page).parent.mkdir(parents=True)
        shutil.copy(site_exemple / page, copie / page)
    cible = copie / "a-propos" / "index.html"
    html = cible.read_text(encoding="utf-8")
    assert html.count('id="fait-ij-carpimko-91"') == 1
    cible.write_text(html.replace('id="fait-ij-carpimko-91"', 'id="fait-ij-carpimko-90"'))
    assert liens_de_source_casses(copie)[1] == [
        "cotisations/index.html → ../a-propos/#fait-ij-carpimko-91"
    ]
