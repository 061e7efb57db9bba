"""Support e-mail templates, filled for each member, with a mailto link and copy buttons.

The subject and body are built from ``data/support.yml`` and the member's data.
Private values (dossier number, personal e-mail) are never in the public data:
they show as a bracketed placeholder the sender completes. A password is never
part of a template: no field exists for it.

No official e-mail address of the Service client is confirmed. Without one in
``cabinet.yml`` (``caisse.email_support``), each template is also given as a letter
(:attr:`Email.lettre`: the member and the practice's address, the caisse's postal
address, the same subject and body), and the page says how to reach the caisse meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from macros.domaine.applicabilite import modeles_de
from macros.donnees.catalogue import page_membre
from macros.donnees.modele import Membre, ModeleEmail
from macros.pages import Contexte, rendre
from macros.texte import de, de_nom
from macros.texte.adresses import url_mailto

__all__ = [
    "MODELES_EN_LIGNE_MAX",
    "TROUS_EMAIL",
    "Email",
    "champs_email",
    "consignes_support",
    "email_pour",
    "modele_membre",
    "modeles_en_ligne",
    "modeles_support",
]

#: Up to this many members with an account, the support page shows every member's filled
#: templates. Beyond, it lists the members, each linked to the templates on their own page:
#: a thousand members' templates on one page would weigh megabytes and repeat the member
#: pages (and the printed handbook would print them twice).
MODELES_EN_LIGNE_MAX = 20

#: The placeholder written in an e-mail for each value unknown when the handbook is built
#: (the sender fills it in). Not to be confused with the data marker « à compléter »
#: (:data:`macros.donnees.regles.A_COMPLETER`), a value the practice has not written yet.
TROUS_EMAIL: dict[str, str] = {
    "numero_dossier": "[numéro de dossier]",
    "email": "[adresse e-mail de référence]",
    "date": "[date et heure]",
    "message_erreur": "[message affiché, copié depuis l'écran]",
    "constat": "[ce que vous constatez : montant, date, écart]",
    "methode_acces": "[FranceConnect ou numéro de dossier]",
}


def _sans_profession(membre: Membre) -> str:
    """Who a member without profession nor function is, for the Service client."""
    if membre.ancien_membre:
        return f"{membre.situation.libelle} {de(membre.ancien_membre)}{membre.ancien_membre}"
    return membre.situation.libelle


def champs_email(ctx: Contexte, membre: Membre) -> dict[str, str]:
    """The value of each template field for ``membre`` (private values in a private build)."""
    prive = ctx.hb.prive_de(membre.id)
    return {
        "nom": membre.nom,
        "de_nom": de_nom(membre.nom),
        "statut": membre.statut_carpimko.libelle,
        "profession": membre.fonction_affichee or _sans_profession(membre),
        "methode_acces": (
            membre.methode_acces.libelle if membre.methode_acces else TROUS_EMAIL["methode_acces"]
        ),
        "numero_dossier": (prive and prive.numero_dossier) or TROUS_EMAIL["numero_dossier"],
        "email": (prive and prive.email) or TROUS_EMAIL["email"],
        "cabinet": ctx.hb.cabinet.cabinet.nom,
        "date": TROUS_EMAIL["date"],
        "message_erreur": TROUS_EMAIL["message_erreur"],
        "constat": TROUS_EMAIL["constat"],
    }


@dataclass(frozen=True)
class Email:
    """A template filled for one member."""

    modele: ModeleEmail
    membre: Membre
    destinataire: str | None
    objet: str
    corps: str
    #: The same message as a letter to the caisse's postal address, when the practice has
    #: no e-mail address for the Service client (``None`` otherwise, or without an address).
    lettre: str | None = None

    @property
    def ancre(self) -> str:
        """HTML id of this e-mail's block."""
        return f"email-{self.membre.id}-{self.modele.id}"

    @property
    def mailto(self) -> str:
        """``mailto:`` URL with the subject and body percent-encoded (lines joined by CRLF)."""
        return url_mailto(self.destinataire, self.objet, self.corps)


def _lettre(ctx: Contexte, membre: Membre, objet: str, corps: str) -> str | None:
    """``corps`` as a letter from ``membre`` to the caisse's postal address (French layout:
    sender, then recipient, then place and date, then « Objet : »)."""
    caisse = ctx.hb.cabinet.caisse
    dest = caisse.adresse_postale
    if dest is None:
        return None
    cabinet = ctx.hb.cabinet.cabinet
    adresse = cabinet.adresse
    complement = f" {dest.complement}" if dest.complement else ""
    lignes = [
        membre.nom,
        cabinet.nom,
        adresse.rue,
        f"{adresse.code_postal} {adresse.ville}",
        "",
        caisse.nom,
        dest.rue,
        f"{dest.code_postal} {dest.ville}{complement}",
        "",
        f"{adresse.ville}, le [date du jour]",
        "",
        f"Objet : {objet}",
        "",
        corps,
    ]
    return "\n".join(lignes)


def email_pour(ctx: Contexte, membre: Membre, modele: ModeleEmail) -> Email:
    """Fill ``modele`` with ``membre``'s data (and its letter when no address is known)."""
    values = champs_email(ctx, membre)
    destinataire = ctx.hb.cabinet.caisse.email_support
    objet = modele.objet.format_map(values)
    corps = modele.corps.format_map(values)
    return Email(
        modele=modele,
        membre=membre,
        destinataire=destinataire,
        objet=objet,
        corps=corps,
        lettre=None if destinataire else _lettre(ctx, membre, objet, corps),
    )


def modele_membre(ctx: Contexte, membre_id: str, niveau: int = 3) -> Markup:
    """Every template, filled for one member."""
    membre = ctx.membres[membre_id]
    emails = [email_pour(ctx, membre, m) for m in modeles_de(ctx.hb, membre)]
    return rendre("emails.md.j2", ctx=ctx, emails=emails, niveau=niveau)


def modeles_en_ligne(ctx: Contexte) -> bool:
    """True when the support page shows every member's templates (see :data:`MODELES_EN_LIGNE_MAX`)."""
    return len(ctx.index.comptes) <= MODELES_EN_LIGNE_MAX


def modeles_support(ctx: Contexte) -> Markup:
    """The templates of every member with a CARPIMKO account, one section per member.

    In a large team, a list of the members instead, each linked to the templates on their page.
    """
    membres = ctx.index.comptes
    if not modeles_en_ligne(ctx):
        return rendre(
            "support.md.j2",
            ctx=ctx,
            membres=membres,
            en_ligne=False,
            page_membre=page_membre,
            modeles=ctx.hb.support.modeles,
        )
    return rendre(
        "support.md.j2",
        ctx=ctx,
        membres=membres,
        en_ligne=True,
        emails={m.id: [email_pour(ctx, m, t) for t in modeles_de(ctx.hb, m)] for m in membres},
    )


def consignes_support(ctx: Contexte) -> Markup:
    """What to attach, what never to include, what to ask; and the fields of the templates."""
    from macros.donnees.regles import CHAMPS_EMAIL

    return rendre(
        "consignes_support.md.j2",
        ctx=ctx,
        s=ctx.hb.support,
        champs=CHAMPS_EMAIL,
        trous=TROUS_EMAIL,
    )
