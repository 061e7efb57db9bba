"""Health of the routines: what the data says is overdue on the build date.

The checks compare the data with the build date (``HANDBOOK_TODAY`` or today):

* an access audit older than a quarter, or never done;
* a « Mot de passe oublié » test older than a month, or never done;
* an attestation missing for last year;
* a handbook review date that has passed;
* no verified e-mail address for the Service client (the templates then go through the
  Espace personnel or by post: the support page says how).

:func:`texte_a_faire` words the list for the command line (``check`` and ``build``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from macros.domaine.applicabilite import controles
from macros.donnees.modele import Controle, Handbook
from macros.texte import date_fr, de

__all__ = [
    "CONTROLES",
    "DELAI_AUDIT",
    "DELAI_TEST",
    "Alerte",
    "ControlePeriodique",
    "alertes",
    "texte_a_faire",
]

#: An access audit is due every quarter.
DELAI_AUDIT = timedelta(days=92)
#: A password-recovery test is due every month.
DELAI_TEST = timedelta(days=31)


@dataclass(frozen=True)
class Alerte:
    """Something overdue, in French, with the page that says how to do it."""

    code: str
    """``audit``, ``test``, ``attestation``, ``revue`` or ``support``."""
    message: str
    page: str
    """Short name of the page with the procedure (see :data:`macros.donnees.catalogue.PAGES`)."""
    membre: str | None = None


def _depuis(d: date | None, today: date) -> str:
    return "jamais fait" if d is None else f"dernier le {date_fr(d)}"


@dataclass(frozen=True)
class ControlePeriodique:
    """A periodic check of each account: where its last date is, how often it is due, and how
    its lateness is said. The health flags and the calendar's contrôles both read it."""

    code: str
    champ: str
    """The member's field with the date it was last done."""
    delai: timedelta
    libelle: str
    rythme: str


CONTROLES = (
    ControlePeriodique(
        "audit", "dernier_audit_acces", DELAI_AUDIT, "Audit des accès", "un audit par trimestre"
    ),
    ControlePeriodique(
        "test",
        "dernier_test_recuperation",
        DELAI_TEST,
        "Test « Mot de passe oublié »",
        "un test par mois",
    ),
)


def alertes(hb: Handbook) -> list[Alerte]:
    """Every overdue item for the build date, members in data order."""
    today = hb.aujourdhui
    out: list[Alerte] = []
    for m in hb.equipe.membres:
        applicables = controles(m, today)
        for c in CONTROLES:
            if Controle(c.code) not in applicables:
                continue
            fait: date | None = getattr(m, c.champ)
            if fait is None or today - fait > c.delai:
                message = f"{c.libelle} {de(m.nom)}{m.nom} en retard ({_depuis(fait, today)}) : {c.rythme}."
                out.append(Alerte(c.code, message, "acces-equipe", m.id))
        if Controle.attestation in applicables and (today.year - 1) not in {
            a.annee for a in m.attestations
        }:
            out.append(
                Alerte(
                    "attestation",
                    f"Attestation {today.year - 1} {de(m.nom)}{m.nom} manquante.",
                    "attestations",
                    m.id,
                )
            )
    revue = hb.cabinet.manuel.prochaine_revue
    if revue < today:
        out.append(
            Alerte(
                "revue",
                f"La revue du manuel prévue le {date_fr(revue)} est dépassée.",
                "mettre-a-jour",
            )
        )
    if not hb.cabinet.caisse.email_support:
        out.append(
            Alerte(
                "support",
                "Aucune adresse e-mail du Service client n'est vérifiée : en attendant, les "
                "modèles passent par la rubrique « Nous écrire ou nous transmettre des "
                "documents » de l'Espace personnel ou par courrier.",
                "support",
            )
        )
    return out


def texte_a_faire(hb: Handbook) -> str | None:
    """The overdue items as the command line prints them, or ``None`` when there is none."""
    items = alertes(hb)
    if not items:
        return None
    lignes = "\n".join(f"  {a.message}" for a in items)
    return f"À faire d'après les données ({len(items)}) :\n{lignes}"
