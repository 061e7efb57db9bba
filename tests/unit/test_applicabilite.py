"""What applies to whom, member by member, in the example and in the second fixture practice.

The expectations are computed from the YAML read with plain PyYAML (roles, situation, access
methods, delegations held, ``s_applique_a``, dates, dispenses): an independent view of
``macros/domaine/applicabilite.py``. What is checked is what a member sees: the procedures on
their page, their e-mail templates, their overdue checks, their calendar events, and whether
they appear on the team pages.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, SITUATIONS_QUI_COTISENT, TODAY

from macros.domaine.faits import Faits
from macros.domaine.sante import alertes
from macros.donnees.chargement import charger
from macros.pages import Contexte
from macros.pages.equipe import fiche_membre, tableau_equipe
from macros.pages.liens import Liens
from macros.pages.support import modeles_support

AUJOURDHUI = TODAY
PRATIQUES = {
    "exemple": ROOT / "data",
    "infirmiers": ROOT / "tests" / "fixtures" / "infirmiers",
    "solo": ROOT / "tests" / "fixtures" / "solo",
}
#: The situations that pay contributions (and so get a yearly attestation).
COTISENT = set(SITUATIONS_QUI_COTISENT)


def _brut(dossier: Path) -> dict[str, dict]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in dossier.glob("*.yml")
        if not p.name.startswith("private")
    }


@pytest.fixture(scope="module", params=sorted(PRATIQUES))
def pratique(request):
    dossier = PRATIQUES[request.param]
    hb = charger(dossier, AUJOURDHUI).handbook
    return _brut(dossier), Faits(hb)


def _present(m: dict) -> bool:
    return m.get("depart") is None or m["depart"] > AUJOURDHUI


def _methodes(brut: dict, m: dict) -> set[str]:
    """The ways ``m`` logs in: own method and delegations held on others' accounts."""
    tenues = {
        d["methode_acces"]
        for autre in brut["equipe"]["membres"]
        for d in autre.get("delegations", [])
        if d["membre"] == m["id"]
    }
    return tenues | ({m["methode_acces"]} if m.get("methode_acces") else set())


def _concerne(regle: dict | None, situation: str, methodes: set[str]) -> bool:
    regle = regle or {}
    if regle.get("situations") and situation not in regle["situations"]:
        return False
    return not regle.get("methodes_acces") or bool(methodes & set(regle["methodes_acces"]))


def _page(faits: Faits, membre_id: str) -> str:
    ctx = Contexte(faits, Liens(f"equipe/{membre_id}.md"))
    return str(fiche_membre(ctx, membre_id))


def test_each_member_page_lists_exactly_the_procedures_that_apply(pratique):
    brut, faits = pratique
    for m in brut["equipe"]["membres"]:
        attendues = [
            p["titre"]
            for p in brut["procedures"]["procedures"]
            if set(p["roles"]) & set(m.get("roles", []))
            and _concerne(p.get("s_applique_a"), m["situation"], _methodes(brut, m))
        ]
        html = _page(faits, m["id"])
        bloc = re.search(r'<ul class="hb-procedures">(.*?)</ul>', html, re.S)
        vues = re.findall(r"<a [^>]*>(.*?)</a>", bloc.group(1)) if bloc else []
        assert [texte(v) for v in vues] == attendues, m["id"]


def texte(fragment: str) -> str:
    """The text of an escaped HTML fragment, as a reader sees it."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_a_franceconnect_procedure_never_reaches_someone_who_does_not_use_it(pratique):
    brut, faits = pratique
    for m in brut["equipe"]["membres"]:
        if "franceconnect" not in _methodes(brut, m):
            assert "Se connecter avec FranceConnect" not in texte(_page(faits, m["id"]))


def test_templates_reach_only_the_accounts_they_concern(pratique):
    brut, faits = pratique
    for m in brut["equipe"]["membres"]:
        # A template is about the member's own account: their own access method only.
        propre = {m["methode_acces"]} if m.get("methode_acces") else set()
        attendus = [
            t["titre"]
            for t in brut["support"]["modeles"]
            if m["situation"] != "non_affilie"
            and _concerne(t.get("s_applique_a"), m["situation"], propre)
        ]
        html_page = texte(_page(faits, m["id"]))
        for t in brut["support"]["modeles"]:
            assert (t["titre"] in html_page) is (t["titre"] in attendus), (m["id"], t["id"])


def test_support_page_lists_the_present_members_with_an_account(pratique):
    brut, faits = pratique
    html = texte(str(modeles_support(Contexte(faits, Liens("support.md")))))
    for m in brut["equipe"]["membres"]:
        attendu = m["situation"] != "non_affilie" and _present(m)
        assert (m["nom"] in html) is attendu, m["id"]


def test_the_team_table_leaves_out_who_left(pratique):
    brut, faits = pratique
    html = texte(str(tableau_equipe(Contexte(faits, Liens("equipe.md")))))
    for m in brut["equipe"]["membres"]:
        assert (m["nom"] in html) is _present(m), m["id"]


def test_overdue_checks_follow_situation_dates_and_dispenses(pratique):
    brut, faits = pratique
    trouvees = {(a.code, a.membre) for a in alertes(faits.hb) if a.membre}
    for m in brut["equipe"]["membres"]:
        dispenses = {d["controle"] for d in m.get("dispenses", [])}
        compte = m["situation"] != "non_affilie" and _present(m)
        for code, champ, jours in (
            ("audit", "dernier_audit_acces", 92),
            ("test", "dernier_test_recuperation", 31),
        ):
            fait = m.get(champ)
            en_retard = fait is None or (AUJOURDHUI - fait).days > jours
            attendu = compte and code not in dispenses and en_retard
            assert ((code, m["id"]) in trouvees) is attendu, (m["id"], code)
        arrivee = m.get("arrivee")
        attendue = (
            m["situation"] in COTISENT
            and _present(m)
            and "attestation" not in dispenses
            and (arrivee is None or arrivee <= date(AUJOURDHUI.year - 1, 12, 31))
            and AUJOURDHUI.year - 1 not in {a["annee"] for a in m.get("attestations", [])}
        )
        assert (("attestation", m["id"]) in trouvees) is attendue, m["id"]


def test_no_calendar_event_for_someone_who_left(pratique):
    brut, faits = pratique
    partis = {m["id"] for m in brut["equipe"]["membres"] if not _present(m)}
    assert not [e for e in faits.evenements if e.membre in partis]


def test_the_second_practice_exercises_every_case():
    """The fixture holds what the tests above must meet at least once."""
    brut = _brut(PRATIQUES["infirmiers"])
    membres = brut["equipe"]["membres"]
    situations = {m["situation"] for m in membres}
    assert {"remplacant", "ayant_droit", "retraite_cumul", "non_affilie"} <= situations
    assert {m.get("profession") for m in membres} >= {"infirmier", "pedicure-podologue"}
    assert any(not _present(m) for m in membres)
    assert any(m.get("dispenses") for m in membres)
    assert any(m.get("arrivee") and m["arrivee"].year == AUJOURDHUI.year for m in membres)
    assert any(m["situation"] == "ayant_droit" and not m.get("roles") for m in membres)
    faits = Faits(charger(PRATIQUES["infirmiers"], AUJOURDHUI).handbook)
    hugo = texte(_page(faits, "hugo-lambert"))
    assert (
        "Dispense : test mensuel « Mot de passe oublié » — ne se connecte pas lui-même"
        in hugo.replace("\u00a0", " ")
    )
    yves = texte(_page(faits, "yves-caron"))
    assert "A quitté le cabinet le 30 juin 2026" in yves.replace("\u00a0", " ")


def test_no_email_has_an_empty_field_whatever_the_situation(pratique):
    """An ayant droit has no profession: the template still reads right (« — — » never)."""
    from macros.domaine.applicabilite import modeles_de
    from macros.pages.support import email_pour

    _, faits = pratique
    ctx = Contexte(faits, Liens("support.md"))
    for m in faits.index.comptes:
        for t in modeles_de(faits.hb, m):
            e = email_pour(ctx, m, t)
            for texte_rempli in (e.objet, e.corps):
                assert "— —" not in texte_rempli and "(," not in texte_rempli, (m.id, t.id)
