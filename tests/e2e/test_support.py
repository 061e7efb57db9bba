"""Each member's support e-mail: the mailto link decodes to the subject and body from the data.

The example has no verified address of the Service client: its templates have no mailto
link but a letter to the caisse's postal address. The infirmiers practice has one: its
mailto links are checked in test_infirmiers.py.
"""

from __future__ import annotations

import pytest
from helpers import SITUATIONS_QUI_COTISENT, TODAY

pytestmark = pytest.mark.e2e

# The French labels a user reads for each data value.
STATUT = {"affilie": "Affiliation CARPIMKO", "ayant_droit": "Ayant droit"}
#: The coarse kind of each situation (an independent view of macros.donnees.modele.Situation).
STATUT_DE = {"ayant_droit": "ayant_droit", "non_affilie": "non_affilie"}
STATUT_DE |= dict.fromkeys(SITUATIONS_QUI_COTISENT, "affilie")
METHODE = {"franceconnect": "FranceConnect", "numero_dossier": "Numéro de dossier"}
PROFESSION = {
    "infirmier": "Infirmier ou infirmière",
    "masseur-kinesitherapeute": "Masseur-kinésithérapeute",
    "pedicure-podologue": "Pédicure-podologue",
    "orthophoniste": "Orthophoniste",
    "orthoptiste": "Orthoptiste",
}
# What stays to be completed by the sender, in a public build.
PLACEHOLDERS = {
    "numero_dossier": "[numéro de dossier]",
    "email": "[adresse e-mail de référence]",
    "date": "[date et heure]",
    "message_erreur": "[message affiché, copié depuis l'écran]",
    "constat": "[ce que vous constatez : montant, date, écart]",
}


def expected_email(template: dict, member: dict, cabinet: str) -> tuple[str, str]:
    values = {
        "nom": member["nom"],
        # « de » before a consonant, « d' » before a vowel (the fixtures' names need no more).
        "de_nom": ("d'" if member["nom"][0].lower() in "aeiouéèêî" else "de ") + member["nom"],
        "statut": STATUT[STATUT_DE[member["situation"]]],
        "profession": member.get("fonction")
        or PROFESSION.get(member.get("profession"), "")
        # Without profession nor function (an ayant droit): who they are for the caisse.
        or f"{STATUT[STATUT_DE[member['situation']]]} de {member.get('ancien_membre', '')}",
        "methode_acces": METHODE[member["methode_acces"]],
        "cabinet": cabinet,
        **PLACEHOLDERS,
    }
    subject, body = template["objet"], template["corps"]
    for key, value in values.items():
        subject = subject.replace("{" + key + "}", value)
        body = body.replace("{" + key + "}", value)
    return subject, body.strip("\n")


def members_with_account(raw_data, today=None):
    """The members with a CARPIMKO account still in the practice (on ``today``, if given)."""
    return [
        m
        for m in raw_data["equipe"]["membres"]
        if m["situation"] != "non_affilie"
        and (today is None or not m.get("depart") or m["depart"] > today)
    ]


def applies(template: dict, member: dict) -> bool:
    """Whether a template concerns a member's own account (its ``s_applique_a``)."""
    regle = template.get("s_applique_a") or {}
    if regle.get("situations") and member["situation"] not in regle["situations"]:
        return False
    return not regle.get("methodes_acces") or member.get("methode_acces") in regle["methodes_acces"]


def test_each_template_is_the_member_data_and_a_letter_without_address(
    clean_page, base_url, raw_data
):
    cabinet = raw_data["cabinet"]["cabinet"]
    caisse = raw_data["cabinet"]["caisse"]
    assert not caisse.get("email_support"), "l'exemple n'a pas d'adresse vérifiée"
    clean_page.goto(base_url + "support/")
    checked = expected = 0
    for member in members_with_account(raw_data, TODAY):
        for template in raw_data["support"]["modeles"]:
            block = clean_page.locator(f"#email-{member['id']}-{template['id']}")
            if not applies(template, member):
                assert block.count() == 0, (member["id"], template["id"])
                continue
            expected += 1
            subject, body = expected_email(template, member, cabinet["nom"])
            # No mailto without a recipient; the subject and body are shown, to copy.
            assert block.locator("a.hb-mailto").count() == 0
            assert block.locator(".hb-email-objet").inner_text() == subject
            assert block.locator("pre.hb-email-corps").first.inner_text().strip() == body
            assert "mot de passe :" not in body.lower()
            # The letter: from the member at the practice, to the caisse, same message.
            lettre = block.locator(f"#email-{member['id']}-{template['id']}-lettre")
            texte = lettre.text_content()
            adresse = caisse["adresse_postale"]
            assert texte.startswith(f"{member['nom']}\n{cabinet['nom']}\n")
            assert f"\n{caisse['nom']}\n{adresse['rue']}\n{adresse['code_postal']} " in texte
            assert f"\nObjet : {subject}\n" in texte
            assert texte.rstrip().endswith(body)
            checked += 1
    assert checked == expected > 0


def test_member_page_has_their_templates(page, base_url, raw_data):
    for member in members_with_account(raw_data, TODAY):
        page.goto(base_url + f"equipe/{member['id']}/")
        for template in raw_data["support"]["modeles"]:
            bloc = page.locator(f"#email-{member['id']}-{template['id']}")
            assert bloc.count() == (1 if applies(template, member) else 0)


def test_copy_button_copies_the_body(browser, base_url, raw_data):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "support/")
    member = members_with_account(raw_data)[0]
    template = raw_data["support"]["modeles"][0]
    block = page.locator(f"#email-{member['id']}-{template['id']}")
    button = block.get_by_role("button", name="Copier le message")
    # Keyboard only: focus the button and press Enter.
    button.focus()
    page.keyboard.press("Enter")
    block.locator(".hb-copie-etat").filter(has_text="Copié").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    _, body = expected_email(template, member, raw_data["cabinet"]["cabinet"]["nom"])
    assert copied.strip() == body
    context.close()
