"""The offline bundle (make offline) opens from the file system: pages, links and search."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from helpers import DEPOT, PRIVATE_EXAMPLE, Construction, construire, data_dir, preconstruit

from macros.offline import DOSSIER

pytestmark = pytest.mark.e2e

#: Schemes that never leave the machine.
LOCAL_SCHEMES = {"file", "data", "blob"}


#: The offline bundle, built as a user would (``python -m macros.offline``). The caller's
#: HANDBOOK_* settings (HANDBOOK_PDF=required in CI) must not change the defaults under
#: test. The example's private file (fictitious dossier numbers and e-mails) is offered:
#: the bundle, public by default, must ignore it.
HORS_LIGNE = Construction(
    "hors-ligne",
    # The repository as publish.yml sets it: the bundle, opened from the disk, carries no
    # form editor all the same (it could reach neither GitHub nor the local editor).
    {"HANDBOOK_PRIVATE": str(PRIVATE_EXAMPLE), "HANDBOOK_DEPOT": DEPOT},
    donnees=data_dir(),
    module="macros.offline",
    args=("--output", "{sortie}"),
    sortie="manuel-hors-ligne.zip",
    defauts=False,
)


@pytest.fixture(scope="session")
@preconstruit(HORS_LIGNE)
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline bundle, built once per run (see :func:`helpers.construire`)."""
    result = construire(tmp_path_factory, HORS_LIGNE)[0]
    assert "Manuel hors ligne prêt" in result.stdout
    return result.sortie


@pytest.fixture(scope="session")
def unzipped(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle unzipped, as a user does before opening index.html."""
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(target)
    return target / DOSSIER


@pytest.fixture
def local_page(clean_page):
    """A page that records every request; the test fails if one leaves file://."""
    requests: list[str] = []
    clean_page.on("request", lambda request: requests.append(request.url))
    yield clean_page
    outside = sorted({url for url in requests if urlparse(url).scheme not in LOCAL_SCHEMES})
    assert outside == [], f"requêtes hors du disque : {outside}"
    assert any(url.startswith("file://") for url in requests)


def test_bundle_is_one_folder_with_html_files(bundle):
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
    assert names == sorted(names)
    assert all(name.startswith(f"{DOSSIER}/") for name in names)
    assert f"{DOSSIER}/index.html" in names
    assert f"{DOSSIER}/connexion.html" in names, "le plugin offline n'a pas produit de pages .html"
    assert f"{DOSSIER}/manuel.pdf" not in names, "HANDBOOK_PDF vaut off par défaut hors ligne"
    assert not [n for n in names if n.startswith(f"{DOSSIER}/admin/")], "éditeur hors ligne"
    with zipfile.ZipFile(bundle) as zf:
        assert "Modifier cette page" not in zf.read(f"{DOSSIER}/index.html").decode("utf-8")


def test_bundle_is_public(unzipped):
    from macros.pages import BANNIERE
    from macros.public import scanner, valeurs_privees

    values = valeurs_privees(PRIVATE_EXAMPLE)
    assert values
    assert scanner(unzipped, values) == []
    pages = [p.read_text(encoding="utf-8") for p in unzipped.rglob("*.html")]
    assert len(pages) > 15
    # No page carries the private-build banner.
    assert not any(f"<strong>{BANNIERE}</strong>" in page for page in pages)


def test_home_page_renders_from_file(local_page, unzipped, raw_data):
    index = unzipped / "index.html"
    local_page.goto(index.as_uri())
    assert local_page.locator("html").get_attribute("lang") == "fr"
    assert local_page.locator("article h1").first.inner_text().strip()
    assert raw_data["cabinet"]["cabinet"]["nom"] in local_page.title()
    # The theme's stylesheet loaded (the header is laid out, not a bare list).
    assert local_page.locator(".md-header").evaluate("e => getComputedStyle(e).position") in (
        "sticky",
        "fixed",
    )


def test_navigation_links_work_from_the_file_system(local_page, unzipped):
    local_page.goto((unzipped / "index.html").as_uri())
    hrefs = local_page.eval_on_selector_all(
        "nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)"
    )
    targets = {unquote(urlparse(h).path) for h in hrefs if h.startswith("file://")}
    assert len(targets) >= 15
    missing = sorted(t for t in targets if not Path(t).is_file())
    assert missing == [], f"liens vers des fichiers absents : {missing}"
    # Follow a link as a reader does, then come back through the header.
    local_page.locator("nav.md-nav--primary a.md-nav__link[href$='connexion.html']").first.click()
    local_page.wait_for_url("**/connexion.html")
    assert local_page.locator("article h1").first.inner_text().strip()
    local_page.locator("a.md-header__button.md-logo").click()
    local_page.wait_for_url("**/index.html")


def test_search_works_offline(local_page, unzipped):
    local_page.goto((unzipped / "connexion.html").as_uri())
    local_page.locator("label.md-search__icon, .md-search__input").first.click()
    # Typed key by key, as a reader does (a single fill() can reach the page before the
    # search worker, which runs in an iframe on file://, is listening).
    local_page.locator(".md-search__input").press_sequentially("échéancier", delay=30)
    results = local_page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    text = local_page.locator(".md-search-result").inner_text()
    assert "l'échéancier" in text.replace("’", "'")
    # A result opens its page from the file system.
    results.first.locator("a").first.click()
    assert urlparse(local_page.url).scheme == "file"
    assert local_page.locator("article h1").first.inner_text().strip()


def test_search_ignores_accents_offline(local_page, unzipped):
    """The accent folding (macros/site/recherche.py) reaches the search run by the shim."""
    local_page.goto((unzipped / "index.html").as_uri())
    local_page.locator("label.md-search__icon, .md-search__input").first.click()
    local_page.locator(".md-search__input").press_sequentially("echeancier", delay=30)
    marque = local_page.locator(".md-search-result__item mark").filter(has_text="échéancier")
    marque.first.wait_for(timeout=15_000)
    assert local_page.locator(".md-search__input").input_value() == "echeancier"


def test_external_scripts_are_refused(tmp_path):
    from macros.offline import scripts_externes

    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<script src="assets/iframe-worker-shim.js"></script>', encoding="utf-8"
    )
    assert scripts_externes(tmp_path) is None
    (tmp_path / "sub" / "other.html").write_text(
        '<script src="https://unpkg.com/iframe-worker/shim"></script>', encoding="utf-8"
    )
    problem = scripts_externes(tmp_path)
    assert problem is not None and "https://unpkg.com/iframe-worker/shim" in problem


def test_bundle_ships_the_search_shim(unzipped):
    pages = list(unzipped.rglob("*.html"))
    assert pages
    for page in pages:
        assert "unpkg.com" not in page.read_text(encoding="utf-8"), page
    shim = (unzipped / "assets" / "iframe-worker-shim.js").read_text(encoding="utf-8")
    assert "window.IFrameWorker" in shim
