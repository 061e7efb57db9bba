"""Every link of the site leads somewhere: a link crawler over HTTP.

The crawler starts at the home page and at the print page (which no page links to),
follows every internal link (pages, member and role pages, PDFs, calendar feeds) and
checks every anchor against the ids of its target page, and every file a page loads
(style sheets, scripts, images). External links are listed and checked against an
allowlist, never fetched.

It reads the pages as the server sends them (tests/html_statique.py), without a browser:
the links and ids are in the pages as built. The files Material's scripts load later
(its search index and worker) are requested by the browser tests, which fail on any
console error, a missing file included (test_pages.py).
"""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
import summary
from helpers import serve
from html_statique import lire_liens

from macros.donnees.carpimko import lire_faits_carpimko

pytestmark = pytest.mark.e2e

#: External web pages the handbook may link to (prefixes, never fetched).
ALLOWED_WEB = (
    # The caisse's official site (data/cabinet.yml: caisse.site, caisse.espace_personnel).
    "https://www.carpimko.com",
    # Material's credit in the footer of every page.
    "https://squidfunk.github.io/mkdocs-material/",
    # The sources of the facts about the CARPIMKO, on « À propos » (macros/donnees/faits-carpimko.yml).
    *sorted({s.url for s in lire_faits_carpimko()[0].sources if s.url}),
)
_EMAIL = re.compile(r"^[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9]+$")

#: What each kind of file must start with, so that an error page served as 200 is caught.
SIGNATURES = {".pdf": b"%PDF-", ".ics": b"BEGIN:VCALENDAR"}


@dataclass
class Reponse:
    statut: int
    type: str
    corps: bytes


def obtenir(url: str) -> Reponse:
    """GET ``url`` (an error status is an answer too)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return Reponse(r.status, r.headers.get("content-type", ""), r.read())
    except urllib.error.HTTPError as err:
        return Reponse(err.code, err.headers.get("content-type", ""), b"")


@dataclass
class Report:
    """What the crawler found."""

    pages: list[str] = field(default_factory=list)
    #: Internal links (with their anchor), each with one page that contains it.
    internes: dict[str, str] = field(default_factory=dict)
    externes: dict[str, str] = field(default_factory=dict)
    casses: list[str] = field(default_factory=list)


def allowed_external(url: str) -> bool:
    """True if ``url`` is an external link the handbook may contain."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "mailto":
        # mailto:adresse?subject=…: the recipient may be empty (to be completed by the sender).
        recipient = unquote(url[len("mailto:") :].split("?", 1)[0])
        return recipient == "" or all(_EMAIL.match(r) for r in recipient.split(","))
    if scheme == "tel":
        return bool(_PHONE.match(url[len("tel:") :]))
    if scheme == "https":
        return any(url == p or url.startswith(p.rstrip("/") + "/") for p in ALLOWED_WEB)
    return False


def _is_page(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith("/") or path.endswith(".html")


def crawl(base: str, starts: tuple[str, ...] = ("", "print_page/")) -> Report:
    """Visit every page reachable from ``starts``; report broken links and external links."""
    report = Report()
    ids: dict[str, set[str]] = {}
    anchors: dict[tuple[str, str], str] = {}
    ressources: dict[str, str] = {}
    queue = deque(base + s for s in starts)
    seen = set(queue)
    while queue:
        url = queue.popleft()
        response = obtenir(url)
        if response.statut >= 400:
            report.casses.append(f"{url} : erreur {response.statut}")
            continue
        if not _is_page(url):
            suffix = next((s for s in SIGNATURES if urlsplit(url).path.endswith(s)), None)
            if suffix and not response.corps.startswith(SIGNATURES[suffix]):
                report.casses.append(f"{url} : ce n'est pas un fichier {suffix}")
            if "text/html" not in response.type:
                continue
        report.pages.append(url)
        lu = lire_liens(response.corps.decode("utf-8"))
        ids[url] = lu.ids
        for ressource in lu.ressources:
            ressources.setdefault(urldefrag(urljoin(url, ressource))[0], url)
        for href in (urljoin(url, lien) for lien in lu.liens):
            if href.startswith(base):
                target, fragment = urldefrag(href)
                report.internes.setdefault(href, url)
                # A fragment that starts with « / » is a route of the form editor (a
                # single-page application, admin/#/collections/…), not an anchor.
                if fragment and not fragment.startswith("/"):
                    anchors.setdefault((target, unquote(fragment)), url)
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
            else:
                report.externes.setdefault(href, url)
    for (target, fragment), source in anchors.items():
        if target in ids and fragment not in ids[target]:
            report.casses.append(f"{target}#{fragment} (lien de {source}) : ancre introuvable")
    report.casses += [
        f"{url} : ressource introuvable (chargée par {source})"
        for url, source in ressources.items()
        if url.startswith(base) and obtenir(url).statut >= 400
    ]
    return report


def test_every_internal_link_and_anchor_resolves(base_url, raw_data, nav_pages):
    report = crawl(base_url)
    assert report.casses == [], "liens cassés :\n" + "\n".join(report.casses)
    refused = sorted(url for url in report.externes if not allowed_external(url))
    assert refused == [], f"liens externes hors liste autorisée : {refused}"

    # The crawl reached every page family and every generated file.
    visited = {url.removeprefix(base_url) for url in report.pages}
    assert set(nav_pages) <= visited
    assert {f"equipe/{m['id']}/" for m in raw_data["equipe"]["membres"]} <= visited
    assert {f"roles/{r['id']}/" for r in raw_data["roles"]["roles"]} <= visited
    assert "print_page/" in visited
    files = {urlsplit(url).path.rsplit("/", 1)[-1] for url in report.internes}
    assert "manuel.pdf" in files
    assert {f"fiche-{r['id']}.pdf" for r in raw_data["roles"]["roles"]} <= files
    assert "calendrier.ics" in files
    # Anchors inside the print page were checked too.
    assert any(url.startswith(base_url + "print_page/#") for url in report.internes)
    # The caisse's site is linked and allowed.
    assert any(url.startswith(raw_data["cabinet"]["caisse"]["site"]) for url in report.externes)

    summary.record(
        "liens",
        internes=len(report.internes),
        cassés=len(report.casses),
        externes=len(report.externes),
    )


#: The pages of the planted-fault copy: those that hold a fault or are a fault's target.
PAGES_PIEGEES = {"", "matrice", "faq", "connexion", "glossaire", "roles/titulaire"}


@pytest.fixture(scope="module")
def broken_site(site, tmp_path_factory) -> str:
    """A copy of the built site with planted faults: a missing page, a missing anchor,
    a deleted PDF, a missing style sheet, external links off the allowlist (a web page,
    a ``javascript:`` link, a bad e-mail address).

    Only the pages of :data:`PAGES_PIEGEES` are kept (with every other file): the
    crawler reads those, and finds the other pages missing, instead of crawling the
    whole site a second time.
    """
    copy = tmp_path_factory.mktemp("liens-casses") / "site"
    shutil.copytree(site, copy)
    for index in sorted(copy.rglob("index.html"), key=lambda p: len(p.parts), reverse=True):
        dossier = index.parent.relative_to(copy).as_posix()
        dossier = "" if dossier == "." else dossier
        if dossier in PAGES_PIEGEES:
            continue
        if any(garde.startswith(dossier + "/") for garde in PAGES_PIEGEES):
            index.unlink()
        else:
            shutil.rmtree(index.parent)

    def plant(path: str, old: str, new: str) -> None:
        file = copy / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    plant("matrice/index.html", 'href="../roles/titulaire/"', 'href="../roles/inconnu/"')
    plant("faq/index.html", 'href="../connexion/"', 'href="../connexion/#ancre-disparue"')
    plant(
        "index.html",
        "</article>",
        '<a href="https://exemple.invalid/">ailleurs</a>'
        '<a href="javascript:alert(1)">script</a>'
        '<a href="mailto:pas-une-adresse">courriel</a></article>',
    )
    plant("glossaire/index.html", "</head>", '<link rel="stylesheet" href="../absent.css"></head>')
    (copy / "fiche-titulaire.pdf").unlink()
    return serve(copy)


def test_crawler_reports_planted_faults(broken_site):
    report = crawl(broken_site, starts=("",))
    casses = "\n".join(report.casses)
    assert "roles/inconnu/ : erreur 404" in casses
    assert "connexion/#ancre-disparue" in casses and "ancre introuvable" in casses
    assert "fiche-titulaire.pdf : erreur 404" in casses
    assert "absent.css : ressource introuvable" in casses
    refused = {url for url in report.externes if not allowed_external(url)}
    assert refused == {"https://exemple.invalid/", "javascript:alert(1)", "mailto:pas-une-adresse"}
