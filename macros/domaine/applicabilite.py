"""What applies to whom: one answer for the member pages, the cards, the feeds and support.

A member's situation (:class:`~macros.donnees.modele.Situation`), access method, roles and
dates decide which checks, procedures, calendar events and e-mail templates concern them.
Every page and output asks here, so that no member is shown something that does not apply
to them, and the same member is never told two different things.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from macros.donnees.modele import (
    Controle,
    Handbook,
    Membre,
    MethodeAcces,
    ModeleEmail,
    Procedure,
)

__all__ = [
    "attestation_attendue",
    "controles",
    "membres_presents",
    "methodes_de",
    "modeles_de",
    "procedures_de",
    "procedures_du_role",
]


def membres_presents(hb: Handbook) -> list[Membre]:
    """The members still in the practice on the build date, in data order.

    A member who left keeps their history in the journal, but leaves the team pages,
    the matrix and the feeds.
    """
    return [m for m in hb.equipe.membres if m.present(hb.aujourdhui)]


def attestation_attendue(m: Membre, jour: date) -> bool:
    """True when last year's attestation is due: a contributor affiliated before its end."""
    fin = date(jour.year - 1, 12, 31)
    return m.cotise and (m.arrivee is None or m.arrivee <= fin)


def controles(m: Membre, jour: date) -> list[Controle]:
    """The periodic checks of ``m``'s account that apply on ``jour`` (dispenses removed)."""
    if not m.a_un_compte or not m.present(jour):
        return []
    out = [Controle.audit, Controle.test]
    if attestation_attendue(m, jour):
        out.append(Controle.attestation)
    return [c for c in out if m.dispense(c) is None]


def methodes_de(m: Membre, tenues: Collection[MethodeAcces] = ()) -> set[MethodeAcces]:
    """How ``m`` logs in: their own method, and those of the delegations they hold."""
    return set(tenues) | ({m.methode_acces} if m.methode_acces else set())


def procedures_de(
    hb: Handbook, m: Membre, tenues: Collection[MethodeAcces] = ()
) -> list[Procedure]:
    """The procedures ``m`` follows: those of their roles that apply to their situation and
    to the ways they log in (``tenues``: the methods of the delegations they hold)."""
    roles = set(m.roles)
    methodes = methodes_de(m, tenues)
    return [
        p
        for p in hb.procedures.procedures
        if roles & set(p.roles) and p.s_applique_a.concerne(m.situation, methodes)
    ]


def procedures_du_role(
    hb: Handbook,
    role_id: str,
    titulaires: Collection[Membre],
    tenues: Mapping[str, Collection[MethodeAcces]],
) -> list[Procedure]:
    """The procedures of ``role_id`` that apply to at least one of its ``titulaires`` (all of
    the role's, when nobody holds it): a role's page and reflex card show no procedure
    that none of its holders follows. ``tenues``: by member id, the methods of the
    delegations they hold."""
    du_role = [p for p in hb.procedures.procedures if role_id in p.roles]
    if not titulaires:
        return du_role
    suivies = {p.id for m in titulaires for p in procedures_de(hb, m, tenues.get(m.id, ()))}
    return [p for p in du_role if p.id in suivies]


def modeles_de(hb: Handbook, m: Membre) -> list[ModeleEmail]:
    """The e-mail templates that concern ``m``'s own account (none without an account)."""
    if not m.a_un_compte:
        return []
    # A template is about the member's own account: their own access method only.
    propre = {m.methode_acces} if m.methode_acces else set()
    return [t for t in hb.support.modeles if t.s_applique_a.concerne(m.situation, propre)]
