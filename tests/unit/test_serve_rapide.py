"""`make serve` rebuilds fast: what its watcher polls, the theme's listing, the typography
kept between rebuilds. In-process, without a server (tests/e2e/test_serve.py edits data,
templates and code under a running server and waits for each change on the page)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from watchdog.observers.polling import PollingObserverVFS

from macros.site import hooks, memoire
from macros.site.gabarits import ChargeurTheme, theme_en_cache
from macros.site.surveillance import ATTENTE, INTERVALLE
from macros.texte import compacter, typographie, typographie_autour


@pytest.fixture
def serveur(tmp_path: Path):
    """MkDocs' own live-reload server (never bound), watching what ``mkdocs serve`` watches
    before ``on_serve``: the docs folder and ``mkdocs.yml``."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: essai\n", encoding="utf-8")
    server = LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site")
    )
    server.watch(str(tmp_path / "docs"))
    server.watch(str(tmp_path / "mkdocs.yml"))
    config = SimpleNamespace(
        docs_dir=str(tmp_path / "docs"), config_file_path=str(tmp_path / "mkdocs.yml")
    )
    yield server, config
    server.observer.stop()
    server.server_close()


def _emetteur(server: LiveReloadServer, chemin: Path):
    return next(e for e in server.observer.emitters if e.watch.raw_path == str(chemin))


def test_serve_polls_often_and_never_walks_the_npm_packages(serveur, tmp_path):
    server, config = serveur
    mkdocs_observer = server.observer
    assert server.build_delay > ATTENTE  # MkDocs' debounce, by the name the hook sets
    assert hooks.on_serve(server, config=config, builder=lambda: None) is server
    assert server.build_delay == ATTENTE
    # The watches MkDocs made are moved to the new observer, nothing left on MkDocs' own.
    assert isinstance(server.observer, PollingObserverVFS)
    assert server.observer.timeout == INTERVALLE
    assert not mkdocs_observer.emitters
    assert {e.watch.raw_path for e in server.observer.emitters} == {
        config.docs_dir,
        config.config_file_path,
    }
    # A folder of mkdocs.yml's ``watch:`` (``macros/``), watched after on_serve.
    arbre = tmp_path / "macros"
    for fichier in ("pages/a.py", "editeur/npm/node_modules/x/index.js", "pages/__pycache__/a.pyc"):
        (arbre / fichier).parent.mkdir(parents=True, exist_ok=True)
        (arbre / fichier).write_text("1", encoding="utf-8")
    server.watch(str(arbre))
    emetteur = _emetteur(server, arbre)
    emetteur.on_thread_start()  # its first snapshot, as when the observer starts
    for fichier in ("pages/a.py", "editeur/npm/node_modules/x/index.js", "pages/__pycache__/a.pyc"):
        (arbre / fichier).write_text("22", encoding="utf-8")
    emetteur.queue_events(0)  # one poll
    vus = set()
    while not server.observer.event_queue.empty():
        evenement, _watch = server.observer.event_queue.get_nowait()
        if not evenement.is_directory:
            vus.add(Path(evenement.src_path).relative_to(arbre).as_posix())
    assert vus == {"pages/a.py"}


def test_serve_leaves_mkdocs_observer_when_it_watches_more(serveur, tmp_path):
    """``mkdocs serve --watch-theme``: paths the hook does not know of stay watched."""
    server, config = serveur
    (tmp_path / "theme").mkdir()
    server.watch(str(tmp_path / "theme"))
    mkdocs_observer = server.observer
    hooks.on_serve(server, config=config, builder=lambda: None)
    assert server.observer is mkdocs_observer
    assert {e.watch.raw_path for e in mkdocs_observer.emitters} == {
        config.docs_dir,
        config.config_file_path,
        str(tmp_path / "theme"),
    }


def test_theme_listing_skips_dot_folders_and_gives_mkdocs_the_same_files(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: essai\ntheme:\n  name: material\n", encoding="utf-8"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    stock = config.theme.get_env()
    theme_en_cache(config)
    env = config.theme.get_env()
    assert isinstance(env.loader, ChargeurTheme)
    assert not [t for t in env.loader.list_templates() if t.startswith(".")]
    assert any(t.startswith(".icons/") for t in stock.loader.list_templates())
    assert env.get_template("main.html").filename == stock.get_template("main.html").filename

    def copies(jinja_env) -> list[tuple[str, str]]:
        files = Files([])
        files.add_files_from_theme(jinja_env, config)
        return sorted((f.src_uri, str(f.abs_src_path)) for f in files)

    assert copies(env) == copies(stock)


_PAGE = "<p>Cotisation : 1 022 € « ici » !</p><code>a : b</code>"
_CONFIG = {"theme": {"palette": None}, "docs_dir": "docs"}


@pytest.fixture
def en_service(monkeypatch):
    """The hooks as under ``mkdocs serve``, with empty memories."""
    monkeypatch.setattr(hooks, "commande_mkdocs", "serve")
    contenu = memoire.Memoire(memoire.CONTENU.fonction)
    autour = memoire.Memoire(memoire.AUTOUR.fonction)
    monkeypatch.setattr(memoire, "CONTENU", contenu)
    monkeypatch.setattr(memoire, "AUTOUR", autour)
    monkeypatch.setattr(memoire, "MEMOIRES", (contenu, autour))


def test_serve_takes_an_unchanged_pages_typography_from_the_last_rebuild(en_service):
    page = SimpleNamespace(content=None)
    for _ in range(2):  # two rebuilds of the same page
        hooks.on_pre_build(config=_CONFIG)
        page.content = hooks.on_page_content(_PAGE, page=page, config=_CONFIG, files=None)
        sortie = hooks.on_post_page(f"<nav>a : b</nav>{page.content}", page=page, config=_CONFIG)
    assert page.content == typographie(_PAGE)
    assert sortie == compacter(typographie_autour(f"<nav>a : b</nav>{page.content}", page.content))
    assert (memoire.CONTENU.calculs, memoire.CONTENU.reprises) == (1, 1)
    assert (memoire.AUTOUR.calculs, memoire.AUTOUR.reprises) == (1, 1)
    # The page changed (a data edit): computed again, with the new text.
    hooks.on_pre_build(config=_CONFIG)
    change = _PAGE.replace("1 022", "1 100")
    assert hooks.on_page_content(change, page=page, config=_CONFIG, files=None) == typographie(
        change
    )
    assert (memoire.CONTENU.calculs, memoire.CONTENU.reprises) == (2, 1)


def test_a_memory_keeps_only_what_the_last_build_used():
    m = memoire.Memoire(lambda a, b: a + b)
    m.nouvelle_construction()
    assert m("a", "bc") == "abc" and m("ab", "c") == "abc"  # the arguments apart, not joined
    assert m.calculs == 2
    m.fin_de_construction()
    m.nouvelle_construction()
    m("a", "bc")  # kept: computed by the last build
    m.fin_de_construction()
    m.nouvelle_construction()
    m("ab", "c")  # not used by the last build: dropped, computed again
    assert (m.calculs, m.reprises) == (3, 1)


def test_make_site_does_not_keep_typography(monkeypatch, en_service):
    monkeypatch.setattr(hooks, "commande_mkdocs", "build")
    hooks.on_pre_build(config=_CONFIG)
    page = SimpleNamespace(content=None)
    for _ in range(2):
        assert hooks.on_page_content(_PAGE, page=page, config=_CONFIG, files=None) == typographie(
            _PAGE
        )
    assert memoire.CONTENU.calculs == memoire.CONTENU.reprises == 0
