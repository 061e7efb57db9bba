"""What applies to whom: one answer for the member pages, the cards, the feeds and support.

A member's situation (:class:`~macros.donnees.modele.Situation`), access method, roles and
dates decide which checks, procedures, calendar events and e-mail templates concern them.
Every page and output asks here, so that no member is shown something that does not apply
to them, and the same member is never told two different things.
"""

from __future__ import annotations

from collections.abc import Collection
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


def modeles_de(hb: Handbook, m: Membre) -> list[ModeleEmail]:
    """The e-mail templates that concern ``m``'s account (none without an account)."""
    if not m.a_un_compte:
        return []
    return [t for t in hb.support.modeles if t.s_applique_a.concerne(m.situation, m.methode_acces)]
