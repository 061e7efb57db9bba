"""The facts about the CARPIMKO (``macros/donnees/faits-carpimko.yml``) and their sources.

* the file itself: every fact has a known source and a check date (read with the model, and
  again with plain PyYAML); its mistakes are reported in French at ``file:line:column``;
* the page fragments, rendered in-process: a fact shows its source link (to its anchor on
  « À propos ») and, when no source is official, « À vérifier auprès de la CARPIMKO »;
  « À propos » lists every fact with its anchor, grouped by nature; the caisse's contacts
  say « non vérifiées par le cabinet » and where each one comes from;
  (The built site's links to those anchors: ``tests/e2e/test_sources.py``.)
"""

from __future__ import annotations

import re

import pytest
import yaml
from helpers import ROOT, TODAY, contexte, macros_de_page
from html_statique import lire_html, lire_liens

from macros.donnees.carpimko import FICHIER_FAITS, NatureSource, lire_faits_carpimko
from macros.donnees.chargement import charger
from macros.donnees.problemes import DonneesInvalides
from macros.pages import cabinet, sources

NOM = "macros/donnees/faits-carpimko.yml"
A_VERIFIER = "À vérifier auprès de la CARPIMKO"


@pytest.fixture(scope="module")
def hb():
    return charger(ROOT / "data", TODAY).handbook


# --- the file ----------------------------------------------------------------------------------


def test_every_fact_has_a_known_source_and_a_check_date():
    faits, problemes = lire_faits_carpimko(FICHIER_FAITS, NOM)
    assert problemes == [], [str(p) for p in problemes]  # no error, no warning
    assert faits is not None
    # Read again without the model: what the maintainer wrote, key by key.
    brut = yaml.safe_load(FICHIER_FAITS.read_text(encoding="utf-8"))
    sources = {s["id"]: s for s in brut["sources"]}
    assert len(brut["faits"]) == len(faits.faits) >= 30
    for f in brut["faits"]:
        assert str(f.get("texte", "")).strip(), f["id"]
        assert f.get("sources"), f"{f['id']} : aucune source"
        assert all(s in sources for s in f["sources"]), f["id"]
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", str(f.get("verifie_le", ""))), f["id"]
        for s in f["sources"]:
            assert sources[s]["nature"] in ("officielle", "tierce", "non_confirmee"), s
            assert str(sources[s].get("titre", "")).strip(), s
    # Each nature is present, and the brief's unconfirmed items are not made official.
    natures = {f.id: faits.nature(f) for f in faits.faits}
    assert set(natures.values()) == set(NatureSource)
    for fait_id in ("connexion-franceconnect", "captcha", "numero-dossier-longueur"):
        assert natures[fait_id] is NatureSource.non_confirmee, fait_id
    assert natures["ij-carpimko-91"] is NatureSource.officielle


def _position(texte: str, extrait: str) -> str:
    """``ligne:colonne`` of the first ``extrait`` in ``texte`` (1-based, as the reports)."""
    debut = texte.index(extrait)
    return f"{texte.count(chr(10), 0, debut) + 1}:{debut - texte.rfind(chr(10), 0, debut)}"


def _indice(texte: str, fait_id: str) -> int:
    """The 1-based index of a fact in the list, as the reports show it."""
    return 1 + [f["id"] for f in yaml.safe_load(texte)["faits"]].index(fait_id)


def _remplacer(texte: str, avant: str, apres: str) -> str:
    assert texte.count(avant) == 1, avant
    return texte.replace(avant, apres)


ORIGINAL = FICHIER_FAITS.read_text(encoding="utf-8")


def test_a_missing_check_date_is_reported_in_french_at_its_line():
    """Bad-input style: the fault planted in the real file, the exact French line expected."""
    texte = _remplacer(
        ORIGINAL,
        "remplacements courts.\n    sources: [ffmkr-installation]\n    verifie_le: 2026-11\n",
        "remplacements courts.\n    sources: [ffmkr-installation]\n",
    )
    faits, problemes = lire_faits_carpimko(texte, NOM)
    assert faits is None
    ligne, colonne = _position(texte, "- id: remplacants-affilies").split(":")
    assert [str(p) for p in problemes] == [
        f"{NOM}:{ligne}:{int(colonne) + 2} — faits[{_indice(texte, 'remplacants-affilies')}]"
        ".verifie_le : champ obligatoire « verifie_le » manquant ; ajoutez « verifie_le: … » "
        "(Date à laquelle le fait a été comparé à ses sources : AAAA-MM-JJ, ou AAAA-MM si seul "
        "le mois est connu) [schema.champ-manquant]"
    ]


def test_an_unknown_source_and_an_amount_without_its_year_are_reported_at_their_place(tmp_path):
    texte = _remplacer(
        ORIGINAL, "    sources: [carpimko-incapacite]\n", "    sources: [carpimko-incapacitee]\n"
    )
    texte = _remplacer(
        texte, "      En 2026, la cotisation forfaitaire", "      La cotisation forfaitaire"
    )
    texte = _remplacer(
        texte, "      1er janvier 2025, elle est due", "      1er janvier, elle est due"
    )
    faits, problemes = lire_faits_carpimko(texte, NOM)
    assert faits is None
    assert sorted(str(p) for p in problemes) == sorted([
        f"{NOM}:{_position(texte, 'carpimko-incapacitee]')} — faits[{_indice(texte, 'ij-carpimko-91')}]"
        ".sources[1] : source « carpimko-incapacitee » inconnue ; ajoutez-la à la liste "
        "« sources » du fichier, ou corrigez l'identifiant (vouliez-vous dire "
        "« carpimko-incapacite » ?) [faits.source-inconnue]",
        f"{NOM}:{_position(texte, '1 022 €')} — faits[{_indice(texte, 'rid-forfait-2026')}].texte : "
        "montant « 1 022 € » sans son année ; les montants changent chaque année : écrivez "
        "l'année dans la même phrase (« En 2026, … ») [faits.montant-sans-annee]",
    ])  # fmt: skip
    # The same file stops make check and the build, whatever the practice's data.
    copie = tmp_path / "faits-carpimko.yml"
    copie.write_text(texte, encoding="utf-8")
    with pytest.raises(DonneesInvalides) as err:
        charger(ROOT / "data", TODAY, faits=copie)
    assert {p.code for p in err.value.erreurs} == {
        "faits.source-inconnue",
        "faits.montant-sans-annee",
    }


# --- the page fragments --------------------------------------------------------------------------


def test_a_stated_fact_shows_its_source_link_and_when_unofficial_a_verifier(hb):
    ctx = contexte(hb, "cotisations.md")
    for f in hb.carpimko.faits:
        html = str(sources.fait(ctx, f.id))
        assert "\n" not in html, f.id  # inline: it may sit inside a sentence or a list item
        liens = lire_liens(html).liens
        assert liens == [f"../a-propos/#fait-{f.id}"], f.id
        texte = lire_html(html).texte
        assert texte.startswith(" ".join(f.texte.split())), f.id
        nature = hb.carpimko.nature(f)
        fin = {
            NatureSource.officielle: "(source officielle)",
            NatureSource.tierce: f"(source tierce) {A_VERIFIER}",
            NatureSource.non_confirmee: f"(non confirmé) {A_VERIFIER}",
        }[nature]
        assert texte.endswith(fin), (f.id, texte)
        assert (A_VERIFIER in texte) is (nature is not NatureSource.officielle), f.id
    # From a page one level deeper (a member's page), the link still reaches « À propos ».
    profond = contexte(hb, "equipe/claire-durand.md")
    assert lire_liens(str(sources.fait(profond, "captcha"))).liens == [
        "../../a-propos/#fait-captcha"
    ]


def test_a_propos_lists_every_fact_with_its_anchor_grouped_by_nature(hb):
    html = str(sources.faits_carpimko(contexte(hb, "a-propos.md")))
    ids = re.findall(r'<div class="hb-fait-entree" id="fait-([a-z0-9-]+)">', html)
    assert sorted(ids) == sorted(f.id for f in hb.carpimko.faits)
    # Grouped: official facts first, then third-party, then unconfirmed, under their heading.
    rangs = [hb.carpimko.nature(next(f for f in hb.carpimko.faits if f.id == i)).rang for i in ids]
    assert rangs == sorted(rangs)
    titres = re.findall(r"^### (.+) \((\d+)\) \{ #([a-z-]+) \}$", html, re.MULTILINE)
    assert [(t, int(n)) for t, n, _ in titres] == [
        ("Faits de source officielle", rangs.count(0)),
        ("Faits de source tierce, à vérifier", rangs.count(1)),
        ("Faits non confirmés, à vérifier", rangs.count(2)),
    ]
    texte = lire_html(html).texte
    assert texte.count("Comparé à ses sources") == len(ids)
    assert "Comparé à ses sources le 1er décembre 2026." in texte
    assert "Comparé à ses sources en novembre 2026." in texte
    assert "(source officielle, décembre 2017)" in texte  # the 2017 memento, dated
    assert texte.count(A_VERIFIER) == rangs.count(1) + rangs.count(2)


def test_the_example_claims_no_check_of_the_caisse_contacts(hb):
    brut = yaml.safe_load((ROOT / "data" / "cabinet.yml").read_text(encoding="utf-8"))
    assert brut["caisse"]["verifie_le"] is None
    html = str(cabinet.contacts_caisse(contexte(hb, "support.md")))
    texte = lire_html(html).texte
    assert "Coordonnées non vérifiées par le cabinet" in texte
    assert "vérifiées par le cabinet le" not in texte
    # Each contact carries the source of the fact it matches.
    liens = lire_liens(html).liens
    for fait_id in ("caisse-nom-complet", "caisse-site", "caisse-telephone", "caisse-adresse"):
        assert f"../a-propos/#fait-{fait_id}" in liens, fait_id
    assert "donnée du cabinet" not in texte
    # No official e-mail: « à compléter », with the unconfirmed fact and its mark.
    assert "../a-propos/#fait-caisse-sans-email" in liens
    assert (
        f"Aucune adresse e-mail ni aucun formulaire de contact officiel du Service client n'a été trouvé. (non confirmé) {A_VERIFIER}"
        in texte
    )


def test_a_contact_the_practice_changed_or_checked_says_so(hb):
    caisse = hb.cabinet.caisse.model_copy(
        update={"telephone": "01 02 03 04 05", "verifie_le": TODAY.replace(month=10, day=5)}
    )
    autre = hb.model_copy(update={"cabinet": hb.cabinet.model_copy(update={"caisse": caisse})})
    html = str(cabinet.contacts_caisse(contexte(autre, "support.md")))
    texte = lire_html(html).texte
    assert "01 02 03 04 05 (donnée du cabinet, sans source)" in texte
    assert "../a-propos/#fait-caisse-telephone" not in lire_liens(html).liens
    assert "../a-propos/#fait-caisse-adresse" in lire_liens(html).liens
    assert "Coordonnées vérifiées par le cabinet le 5 octobre 2026." in texte
    assert "non vérifiées" not in texte


def test_a_page_citing_an_unknown_fact_stops_the_build(monkeypatch):
    macros = macros_de_page(monkeypatch, "cotisations.md")
    assert "../a-propos/#fait-ij-carpimko-91" in str(macros["fait"]("ij-carpimko-91"))
    with pytest.raises(DonneesInvalides) as err:
        macros["fait"]("ij-carpimko-19")
    assert [str(p) for p in err.value.problemes] == [
        "docs/cotisations.md — la page cite le fait « ij-carpimko-19 », absent(e) de "
        "macros/donnees/faits-carpimko.yml ; corrigez l'identifiant dans la page, ou ajoutez-le "
        "dans macros/donnees/faits-carpimko.yml [page.identifiant-inconnu]"
    ]
