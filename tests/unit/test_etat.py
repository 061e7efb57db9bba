"""One build state per build: on the plugin, with the derived facts computed once."""

from __future__ import annotations

from types import SimpleNamespace

from helpers import ROOT, TODAY

from macros.domaine.faits import Faits
from macros.donnees.chargement import charger
from macros.site.etat import Construction, construction, en_service, nouvelle_construction


def _config(commande: str | None) -> SimpleNamespace:
    hooks = SimpleNamespace(commande_mkdocs=commande) if commande else SimpleNamespace()
    return SimpleNamespace(plugins={"search": object(), "macros/site/hooks.py": hooks})


def test_serve_mode_comes_from_mkdocs_on_startup():
    assert en_service(_config("serve"))
    assert not en_service(_config("build"))
    assert not en_service(_config(None))


def test_each_build_gets_a_fresh_state_found_by_the_hooks():
    plugin = SimpleNamespace(conf=_config("serve"))
    config = SimpleNamespace(plugins={"macros": plugin})
    assert construction(config).chargement is None  # before define_env: an empty state
    premier = nouvelle_construction(plugin)
    assert premier.en_service and construction(config) is premier
    second = nouvelle_construction(plugin)
    assert second is not premier and construction(config) is second


def test_facts_are_computed_once_per_build_and_never_shared():
    hb = charger(ROOT / "data", TODAY).handbook
    faits = Faits(hb)
    assert faits.index is faits.index
    assert faits.evenements is faits.evenements
    autre = Faits(
        hb.model_copy(update={"calendrier": hb.calendrier.model_copy(update={"routines": []})})
    )
    assert len(autre.evenements) < len(faits.evenements)
    etat = Construction()
    assert not etat.valide
