"""The accent folding is appended to the built site's French search support once, or the build fails."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from macros.site.recherche import LUNR_FRANCAIS, MARQUE, sans_accents


def _config(site, *plugins: str) -> dict:
    return {"plugins": dict.fromkeys(plugins), "site_dir": str(site)}


def test_the_folding_is_appended_once(tmp_path):
    fichier = tmp_path / LUNR_FRANCAIS
    fichier.parent.mkdir(parents=True)
    fichier.write_text("/*! lunr.fr */ lunr.fr = function () {};\n", encoding="utf-8")
    config = _config(tmp_path, "material/search")
    sans_accents(config)
    # A second call (mkdocs serve with --dirty keeps the file) adds nothing.
    sans_accents(config)
    texte = fichier.read_text(encoding="utf-8")
    assert texte.startswith("/*! lunr.fr */ lunr.fr = function () {};\n")
    assert texte.count(MARQUE) == 1
    assert 'registerFunction(sansAccents, "sansAccents-fr")' in texte


def test_a_missing_french_support_fails_the_build(tmp_path):
    with pytest.raises(PluginError, match=r"recherche sans accents .* exigerait les accents"):
        sans_accents(_config(tmp_path, "search"))


def test_nothing_to_do_without_search(tmp_path):
    sans_accents(_config(tmp_path, "macros"))
    assert not (tmp_path / LUNR_FRANCAIS).exists()
