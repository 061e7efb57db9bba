"""Each member's support e-mail: the mailto link decodes to the subject and body from the data."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

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
    "message_erreur": "[message d'erreur copié depuis l'écran]",
}


def expected_email(template: dict, member: dict, cabinet: str) -> tuple[str, str]:
    values = {
        "nom": member["nom"],
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


def test_mailto_decodes_to_the_member_data(clean_page, base_url, raw_data):
    cabinet = raw_data["cabinet"]["cabinet"]["nom"]
    recipient = raw_data["cabinet"]["caisse"].get("email_support") or ""
    clean_page.goto(base_url + "support/")
    checked = expected = 0
    for member in members_with_account(raw_data, TODAY):
        for template in raw_data["support"]["modeles"]:
            block = clean_page.locator(f"#email-{member['id']}-{template['id']}")
            if not applies(template, member):
                assert block.count() == 0, (member["id"], template["id"])
                continue
            expected += 1
            href = block.locator("a.hb-mailto").get_attribute("href")
            parts = urlsplit(href)
            assert parts.scheme == "mailto"
            assert unquote(parts.path) == recipient
            # Spaces are %20, never "+", which mail clients would show literally.
            assert "+" not in parts.query
            query = parse_qs(parts.query, keep_blank_values=True)
            subject, body = expected_email(template, member, cabinet)
            assert query["subject"] == [subject]
            assert query["body"] == [body.replace("\n", "\r\n")]
            # The text shown on the page is the same message.
            shown = block.locator("pre.hb-email-corps").inner_text()
            assert shown.strip() == body
            assert "mot de passe :" not in body.lower()
            checked += 1
    assert checked == expected > 0


def test_member_page_has_their_templates(page, base_url, raw_data):
    for member in members_with_account(raw_data, TODAY):
        page.goto(base_url + f"equipe/{member['id']}/")
        for template in raw_data["support"]["modeles"]:
            lien = page.locator(f"#email-{member['id']}-{template['id']} a.hb-mailto")
            assert lien.count() == (1 if applies(template, member) else 0)


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
