"""Every page opened in Chromium: no WCAG 2.2 A/AA violation nor any of axe's best
practices broken, as axe-core measures them, no console error, no request off 127.0.0.1;
in the public build and in the private one.

axe-core (npm, pinned in tests/tools/package.json, installed by ``make node-tools``) is
injected from the disk into each page of the built site: the pages of the navigation,
every member and role page, the print page and the 404 page. The same visit records the
page's console errors and every host it sends a request to (the theme's scripts load the
search index after the page: axe runs meanwhile), so that each page is opened once.
The private build (its banner on every page, the private values) is checked on a subset
of its pages that holds every kind of element found in any of them
(:func:`pages_couvrantes`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
import summary
from helpers import ROOT, serve
from html_statique import arbre, pages_html

pytestmark = pytest.mark.e2e

AXE = ROOT / "tests" / "tools" / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
#: WCAG 2.0, 2.1 and 2.2, levels A and AA (axe has no 2.2 rule at level A), and axe's best
#: practices (landmarks, heading order, target size of small links, empty table headers…).
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
#: The passes are not sent back (those of the print page are large).
_RUN_JS = """(tags) => axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations', 'incomplete'],
})"""
#: Results axe leaves « to review » that count as failures too, except colour contrast
#: behind Material's sticky header and sidebar, which axe cannot measure. Material's
#: search box has role="dialog" and is always visible: axe then assumes a modal is open
#: and downgrades focus rules (aria-hidden-focus) from violation to « to review ».
UNDECIDABLE = {"color-contrast"}


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        pytest.fail("axe-core manque : lancez « make node-tools ».")
    return AXE


def axe_violations(page, axe_script: Path, tags: list[str] = WCAG) -> list[dict]:
    """Run axe on the loaded page; return its violations (rule, impact, nodes), and the
    results it leaves to review (see :data:`UNDECIDABLE`)."""
    page.add_script_tag(path=str(axe_script))
    assert page.evaluate("axe.version") == AXE_VERSION
    result = page.evaluate(_RUN_JS, tags)
    review = [r for r in result["incomplete"] if r["id"] not in UNDECIDABLE]
    return result["violations"] + review


def describe(path: str, violations: list[dict]) -> list[str]:
    """One readable line per violated rule and page, with up to three failing elements."""
    lines = []
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
        lines.append(
            f"/{path} : {v['id']} ({v['impact']}, {len(v['nodes'])} élément(s)) : {targets}"
        )
    return lines


def every_page(site: Path) -> list[str]:
    """URL paths of every HTML page of the built site (:func:`html_statique.pages_html`: the
    form editor's is checked in ``test_editeur_publie.py``)."""
    return [p.removesuffix("index.html") for p in pages_html(site)]


#: The pages are checked in this many parts, that pytest-xdist hands to its workers.
PARTIES = 3
#: The families of pages made by one template each, from the data: a member's page, a
#: role's page (their index pages are checked like any other page).
FAMILLES = ("equipe/", "roles/")


def signature(html: str) -> set[str]:
    """The kinds of element in a page's content: each tag with its classes, its role and
    the ARIA attributes it carries (``span.hb-badge hb-badge-verifier[aria-label]``)."""
    (article,) = arbre(html).chercher("article")
    out = set()
    for n in article.tous():
        classes = " ".join(sorted(n.attrs.get("class", "").split()))
        aria = " ".join(sorted(k for k in n.attrs if k.startswith("aria-") or k == "role"))
        out.add(f"{n.tag}.{classes}[{aria}]")
    return out


def pages_pour_axe(site: Path) -> list[str]:
    """The pages axe-core runs on: every page, except that of the pages a family's template
    makes (members, roles), only as many as it takes for every kind of element found in
    any of them to be in one of those checked (the first page with the most new kinds,
    then the next). The others differ by their text; every page is still opened (console
    errors, requests). axe costs about a CPU-second a page here."""
    pages = every_page(site)
    choisies = []
    for path in pages:
        famille = next((f for f in FAMILLES if path.startswith(f) and path != f), None)
        if famille is None:
            choisies.append(path)
    for famille in FAMILLES:
        restantes = {
            path: signature((site / path / "index.html").read_text(encoding="utf-8"))
            for path in pages
            if path.startswith(famille) and path != famille
        }
        a_couvrir = set().union(*restantes.values()) if restantes else set()
        while a_couvrir:
            path = max(restantes, key=lambda p: (len(restantes[p] & a_couvrir), p))
            choisies.append(path)
            a_couvrir -= restantes.pop(path)
    return sorted(choisies)


def pages_couvrantes(site: Path) -> list[str]:
    """A few pages of ``site`` that hold, between them, every kind of element (see
    :func:`signature`) found in the content of any of its pages: the home page (the
    header, the banner of a private build, the footer are the same on every page), then
    the page with the most kinds not yet held, and so on."""
    restantes = {}
    for path in every_page(site):
        html = (
            site / (path or "index.html") if path.endswith(".html") else site / path / "index.html"
        )
        texte = html.read_text(encoding="utf-8")
        restantes[path] = signature(texte) if "<article" in texte else set()
    a_couvrir = set().union(*restantes.values())
    choisies = [""]
    a_couvrir -= restantes.pop("")
    while a_couvrir:
        path = max(restantes, key=lambda p: (len(restantes[p] & a_couvrir), p))
        choisies.append(path)
        a_couvrir -= restantes.pop(path)
    return choisies


def test_every_page_family_is_checked(site, nav_pages, raw_data):
    pages = every_page(site)
    # Every page family is there: navigation, members, roles, print page.
    assert set(nav_pages) <= set(pages)
    assert {f"equipe/{m['id']}/" for m in raw_data["equipe"]["membres"]} <= set(pages)
    assert {f"roles/{r['id']}/" for r in raw_data["roles"]["roles"]} <= set(pages)
    assert "print_page/" in pages and "calendrier/" in pages
    # The parts below cover them all, once.
    parts = [every_page(site)[partie::PARTIES] for partie in range(PARTIES)]
    assert sorted(p for part in parts for p in part) == sorted(pages)
    # axe runs on every page outside the families, and on enough of each family for every
    # kind of element of its pages to be checked once.
    axe = pages_pour_axe(site)
    for famille in FAMILLES:
        membres = [p for p in pages if p.startswith(famille) and p != famille]
        lues = {
            p: signature((site / p / "index.html").read_text(encoding="utf-8")) for p in membres
        }
        verifiees = set().union(*(lues[p] for p in membres if p in axe))
        assert set().union(*lues.values()) == verifiees, famille
        assert 0 < len([p for p in membres if p in axe]) <= len(membres)
    assert set(pages) - {p for p in pages if p.startswith(FAMILLES)} <= set(axe)


@pytest.mark.lent
@pytest.mark.parametrize("partie", range(PARTIES))
def test_every_page_has_no_wcag_violation(page, site, base_url, axe_script, partie):
    pages = every_page(site)[partie::PARTIES]
    assert pages
    problems: list[str] = []
    erreurs: list[str] = []
    hotes: set[str] = set()
    page.on("request", lambda r: hotes.add(urlparse(r.url).hostname or r.url))
    page.on(
        "console", lambda m: erreurs.append(f"{page.url} : {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda exc: erreurs.append(f"{page.url} : {exc}"))
    count = 0
    axe = set(pages_pour_axe(site))
    for path in pages:
        response = page.goto(base_url + path)
        # The 404 page is served by MkDocs' server with its status; here it is a file.
        assert response is not None and response.status == 200, path
        if path not in axe:
            continue
        violations = axe_violations(page, axe_script)
        count += sum(len(v["nodes"]) for v in violations)
        problems += describe(path, violations)
    summary.record("accessibilité", pages=len(pages), axe=len(axe & set(pages)), violations=count)
    assert problems == [], "violations WCAG :\n" + "\n".join(problems)
    assert erreurs == [], "erreurs dans la console :\n" + "\n".join(erreurs)
    assert hotes == {"127.0.0.1"}, f"requêtes hors de 127.0.0.1 : {hotes - {'127.0.0.1'}}"


@pytest.mark.lent
def test_private_build_has_no_violation(page, private_build, axe_script):
    """The private build: its banner on every page, the private values in the pages
    (member pages, the team table, the print page), on the pages that hold every kind of
    element of the site between them."""
    site = private_build.sortie
    base = serve(site)
    pages = pages_couvrantes(site)
    assert "" in pages and len(pages) < len(every_page(site)) / 2
    problems: list[str] = []
    count = 0
    for path in pages:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        assert page.locator(".hb-banniere-privee").count() == 1, path
        violations = axe_violations(page, axe_script)
        count += sum(len(v["nodes"]) for v in violations)
        problems += describe(path, violations)
    summary.record("accessibilité (build privé)", pages=len(pages), violations=count)
    assert problems == [], "violations WCAG (build privé) :\n" + "\n".join(problems)


def test_the_visit_sees_console_errors_and_hosts(page, base_url):
    """What the visit above records: a script error and a request to another host."""
    erreurs: list[str] = []
    hotes: set[str] = set()
    page.on("request", lambda r: hotes.add(urlparse(r.url).hostname or r.url))
    page.on("pageerror", lambda exc: erreurs.append(str(exc)))
    page.route("https://exemple.invalid/**", lambda route: route.abort())
    page.goto(base_url)
    with page.expect_event("pageerror"), page.expect_request("https://exemple.invalid/x.png"):
        page.evaluate(
            """() => {
            const img = document.createElement('img');
            img.src = 'https://exemple.invalid/x.png';
            document.body.append(img);
            setTimeout(() => { throw new Error('planté'); }, 0);
        }"""
        )
    assert any("planté" in e for e in erreurs)
    assert "exemple.invalid" in hotes


def test_narrow_screen_has_no_wcag_violation(browser, base_url, axe_script):
    """On a phone, Material moves the navigation into a drawer and the tables scroll."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    problems: list[str] = []
    for path in ("", "matrice/", "calendrier/"):
        page.goto(base_url + path)
        problems += describe(path, axe_violations(page, axe_script))
    context.close()
    assert problems == [], "violations WCAG sur petit écran :\n" + "\n".join(problems)


def test_material_search_dialog_has_a_name(page, base_url, axe_script):
    """Material's search dialog has no name by default (axe rule aria-dialog-name)."""
    page.goto(base_url)
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'rule', values: ['aria-dialog-name']}})"
    )
    assert result["violations"] == []
    assert [n["target"] for r in result["passes"] for n in r["nodes"]] == [[".md-search"]]
    assert page.locator(".md-search").get_attribute("aria-label") == "Recherche"


def test_axe_reports_planted_violations(page, base_url, axe_script):
    """The checker fails when a page breaks a rule: an image without text, pale text, a
    field without a label, a hidden button that takes the focus, a link told apart by
    colour alone, a link whose name differs from its text (the faults fixed in the theme)."""
    page.goto(base_url + "matrice/")
    page.evaluate(
        """() => {
        const article = document.querySelector('article');
        article.insertAdjacentHTML('beforeend',
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
            + '<p style="color:#bbb;background:#fff">texte pâle</p>'
            + '<input type="text">'
            + '<div aria-hidden="true"><button type="button">caché</button></div>'
            + '<p>Un texte avec un <a href="../" style="text-decoration:none;color:#333">lien</a> '
            + 'au milieu de la phrase.</p>'
            + '<p><a href="../" aria-label="Autre chose">Texte visible</a></p>');
    }"""
    )
    found = {v["id"] for v in axe_violations(page, axe_script)}
    planted = {
        "image-alt",
        "color-contrast",
        "label",
        "aria-hidden-focus",
        "link-in-text-block",
        "label-content-name-mismatch",
    }
    assert planted <= found
