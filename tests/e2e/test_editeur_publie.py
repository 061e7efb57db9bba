"""The form editor of the published site (``admin/``, Sveltia CMS) and « Modifier cette page ».

Read from the suite's public build, which is made as ``publish.yml`` makes it
(``HANDBOOK_DEPOT`` set: see ``tests/conftest.py``), and from the solo practice's build,
made without a repository. One browser visit: the team page's link opens the editor, which
loads without a request outside 127.0.0.1.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import time
from pathlib import Path

import pytest
import yaml
from helpers import DEPOT, ROOT, TODAY, data_dir, serve
from html_statique import pages_html
from test_accessibilite import AXE, axe_violations, describe

from macros.donnees.chargement import charger
from macros.donnees.lecteur import lire_yaml
from macros.donnees.modele import FICHIERS
from macros.editeur.publication import EditeurNonPublie, bundle_sans_cdn
from macros.site.modifier import CLE, TOUS, fichier_de_la_page

pytestmark = pytest.mark.e2e

_LIEN = re.compile(
    r'<a href="([^"]*)" class="md-content__button md-icon hb-lien-modifier"[^>]*>\s*'
    r'<span class="hb-lien-texte">([^<]*)</span>'
)
#: What the bundle would load from elsewhere, were it not rewritten (a link to GitHub's
#: status page stays: it is shown, not loaded).
_CDN = (
    "unpkg.com/@sveltia/cms",
    "cdn.jsdelivr.net",
    "githubstatus.com/api",
    "sourceMappingURL",
)


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    """A French practice's browser: Sveltia speaks the browser's language."""
    return {**browser_context_args, "locale": "fr-FR"}


@pytest.fixture(scope="module")
def admin(site: Path) -> Path:
    if not data_dir().resolve().is_relative_to(ROOT):
        pytest.skip("données hors du dépôt : pas d'éditeur publié (HANDBOOK_DEPOT)")
    return site / "admin"


def _pages(site: Path) -> dict[str, str]:
    """The handbook's pages (:func:`html_statique.pages_html`) but the print page."""
    return {
        c: (site / c).read_text(encoding="utf-8")
        for c in pages_html(site)
        if c.endswith("index.html") and not c.startswith(("print_page/", "assets/"))
    }


def test_the_published_editor_commits_to_the_repository_as_pull_requests(admin):
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {
        "name": "github",
        "repo": DEPOT,
        "branch": "main",
        "auth_methods": ["token"],
    }
    assert config["publish_mode"] == "editorial_workflow"
    fichiers = {f["name"]: f["file"] for f in config["collections"][0]["files"]}
    assert fichiers == {nom: f"data/{nom}.yml" for nom in FICHIERS}
    assert "private" not in (admin / "config.yml").read_text(encoding="utf-8")


def test_the_published_editor_loads_nothing_from_a_cdn(admin):
    code = (admin / "sveltia-cms.js").read_text(encoding="utf-8")
    assert [adresse for adresse in _CDN if adresse in code] == []
    assert not list(admin.rglob("*.map"))
    # What the bundle asks for instead is there: fonts, French locale, version file.
    polices = re.findall(r"url\((polices/[^)]+\.woff2)\)", code)
    assert len(polices) == 3 and all((admin / p).is_file() for p in polices)
    assert list(admin.glob("cms@*/locales/fr.json")) and (admin / "cms" / "package.json").is_file()


def test_a_bundle_that_loads_elsewhere_fails_the_build_in_french():
    with pytest.raises(EditeurNonPublie, match="make editeur-npm"):
        bundle_sans_cdn("fetch('https://cdn.example/x.js')", "9.9.9")


def test_every_page_opens_the_form_of_its_data(site, admin):
    pages = _pages(site)
    assert len(pages) > 30
    for chemin, html in pages.items():
        liens = _LIEN.findall(html)
        assert len(liens) == 1, chemin
        href, texte = liens[0]
        assert texte == "Modifier cette page"
        profondeur = chemin.count("/")
        assert href.startswith("../" * profondeur + "admin/#/collections/donnees"), chemin
        fichier = href.rpartition("/entries/")[2] if "/entries/" in href else TOUS
        assert fichier in FICHIERS or fichier == TOUS, chemin
    assert "entries/equipe" in _LIEN.findall(pages["equipe/index.html"])[0][0]
    assert "entries/equipe" in _LIEN.findall(pages["equipe/claire-durand/index.html"])[0][0]
    assert "entries/procedures" in _LIEN.findall(pages["connexion/index.html"])[0][0]
    assert "entries/calendrier" in _LIEN.findall(pages["calendrier/index.html"])[0][0]


def test_every_page_of_docs_names_its_data_file():
    for page in sorted((ROOT / "docs").glob("*.md")):
        entete = page.read_text(encoding="utf-8").split("---\n")[1]
        valeur = yaml.safe_load(entete)[CLE]
        assert valeur in FICHIERS or valeur == TOUS, page.name


def test_a_page_names_its_data_file_or_opens_every_form(caplog):
    assert fichier_de_la_page("equipe/claire-durand.md", {}) == "equipe"
    assert fichier_de_la_page("roles/assistant.md", {}) == "roles"
    assert fichier_de_la_page("support.md", {CLE: "support"}) == "support"
    assert fichier_de_la_page("ajoutee.md", {}) == TOUS  # a page a practice added
    assert caplog.records == []
    # A typo is a French warning, which fails a strict build wherever it runs.
    with caplog.at_level(logging.WARNING):
        assert fichier_de_la_page("support.md", {CLE: "suport"}) == TOUS
    assert caplog.records[0].name.startswith("mkdocs.")
    assert "docs/support.md : « hb_donnees: suport » ne nomme aucun" in caplog.text


def test_without_a_repository_there_is_no_editor_and_no_link(site_solo):
    assert not (site_solo / "admin").exists()
    assert all(not _LIEN.search(html) for html in _pages(site_solo).values())


def test_modifier_cette_page_opens_the_published_editor_without_leaving_the_machine(
    page, site, admin
):
    racine = serve(site)
    ailleurs: list[str] = []

    def filtrer(route) -> None:
        url = route.request.url
        if url.startswith(racine) or url.startswith("data:"):
            route.continue_()
        else:
            ailleurs.append(url)
            route.abort()

    page.route("**/*", filtrer)
    page.goto(racine + "equipe/")
    page.get_by_role("link", name="Modifier cette page").click()
    page.get_by_role("button", name="Se connecter avec un jeton d’accès").wait_for()
    assert page.url == racine + "admin/#/collections/donnees/entries/equipe"
    assert page.evaluate("document.fonts.check('16px \"Source Sans 3\"')")
    assert "maximum-scale" not in page.locator("meta[name=viewport]").last.get_attribute("content")
    # WCAG 2.2 AA, as on the handbook's pages, but for two best practices that Sveltia's
    # sign-in screen does not follow while it settles: its heading and buttons outside any
    # landmark (« region »), no <main> (« landmark-one-main »).
    violations = axe_violations(page, AXE)
    permises = {"region", "landmark-one-main"}
    assert {v["id"] for v in violations} <= permises, describe("admin/", violations)
    assert ailleurs == []


#: The repository as Sveltia's local workflow sees it: a folder picked in the browser
#: (``showDirectoryPicker``), here an Origin Private File System folder holding ``.git``
#: and the data files (``FICHIERS`` in the page), created once.
_DEPOT_NAVIGATEUR = """
window.showDirectoryPicker = async () => {
  const racine = await navigator.storage.getDirectory();
  const depot = await racine.getDirectoryHandle('manuel', {create: true});
  try { await depot.getDirectoryHandle('.git'); return depot; } catch (e) {}
  const git = await depot.getDirectoryHandle('.git', {create: true});
  const head = await (await git.getFileHandle('HEAD', {create: true})).createWritable();
  await head.write('ref: refs/heads/main\\n'); await head.close();
  const dossier = await depot.getDirectoryHandle('data', {create: true});
  for (const [nom, texte] of Object.entries(FICHIERS)) {
    const f = await (await dossier.getFileHandle(nom, {create: true})).createWritable();
    await f.write(texte); await f.close();
  }
  return depot;
};
"""
_LIRE = """async (nom) => {
  const depot = await (await navigator.storage.getDirectory()).getDirectoryHandle('manuel');
  const dossier = await depot.getDirectoryHandle('data');
  return await (await (await dossier.getFileHandle(nom)).getFile()).text();
}"""


def _lire_une_fois_ecrit(page, nom: str, attendu: str) -> str:
    """The text of ``nom`` in the browser's folder once it holds ``attendu`` (Sveltia writes
    it after the click). A read while it writes fails (NotReadableError): it is read again."""
    fin = time.monotonic() + 30
    while time.monotonic() < fin:
        texte = page.evaluate(f"({_LIRE})('{nom}').catch(() => '')")
        if attendu in texte:
            return texte
        page.wait_for_timeout(100)
    pytest.fail(f"{nom} ne contient pas « {attendu} » : rien d'enregistré")


def test_what_the_published_editor_writes_reads_back_as_the_same_data(
    browser, site, admin, tmp_path
):
    """Sveltia's own writer (its local workflow, the same code as its commits to GitHub)
    saves a one-field change: the file has the same data but that field, ``make check``
    accepts it, times stay times; it rewrites the file in its own style the first time
    (README, « The editor on the published site »), then a change is one line."""
    fichiers = {f"{nom}.yml": (data_dir() / f"{nom}.yml").read_text("utf-8") for nom in FICHIERS}
    contexte = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    contexte.add_init_script(f"const FICHIERS = {json.dumps(fichiers)};\n{_DEPOT_NAVIGATEUR}")
    page = contexte.new_page()
    textes = []
    for valeur in ("8", "9"):
        page.close()
        page = contexte.new_page()  # a fresh load of the editor for each save
        page.goto(serve(site) + "admin/#/collections/donnees/entries/calendrier")
        # The folder is picked once; a browser may remember it, or ask again.
        bouton = page.get_by_role("button", name="Travailler avec un dépôt local")
        champ = page.get_by_role("spinbutton", name=re.compile("^Rappel"))
        champ.or_(bouton).first.wait_for()
        if bouton.is_visible():
            bouton.click()
        champ.fill(valeur)
        page.get_by_role("button", name="Enregistrer").first.click()
        textes.append(_lire_une_fois_ecrit(page, "calendrier.yml", f"rappel_jours_avant: {valeur}"))
    contexte.close()
    avant, _ = lire_yaml(fichiers["calendrier.yml"], "calendrier.yml")
    apres, problemes = lire_yaml(textes[0], "calendrier.yml")
    assert problemes == []
    assert apres.data == avant.data | {"rappel_jours_avant": 8}
    assert all(isinstance(r["heure"], str) for r in apres.data["routines"] if "heure" in r)
    diff = difflib.unified_diff(textes[0].splitlines(), textes[1].splitlines(), lineterm="", n=0)
    assert list(diff)[2:] == ["@@ -2 +2 @@", "-rappel_jours_avant: 8", "+rappel_jours_avant: 9"]
    dossier = tmp_path / "data"
    dossier.mkdir()
    for nom, texte in fichiers.items():
        (dossier / nom).write_text(texte, encoding="utf-8")
    (dossier / "calendrier.yml").write_text(textes[1], encoding="utf-8")
    charger(dossier, TODAY)  # make check accepts it
