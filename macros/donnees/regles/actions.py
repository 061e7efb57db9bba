"""Rules of ``actions.yml``: the RACI matrix (one A, at least one R held by someone)."""

from __future__ import annotations

from collections.abc import Iterator

from macros.donnees.regles._outils import (
    Constat,
    Donnees,
    procedure_inconnue,
    regle,
    role_inconnu,
)


@regle("actions.procedure-inconnue", fichiers=("actions", "procedures"))
def procedure_inconnue_d_action(d: Donnees) -> Iterator[Constat]:
    for i, a in d.elements("actions", "actions"):
        yield from procedure_inconnue(d, "actions", ("actions", i, "procedure"), a.procedure)


@regle("actions.role-inconnu", fichiers=("actions", "roles"))
def role_inconnu_du_raci(d: Donnees) -> Iterator[Constat]:
    for i, a in d.elements("actions", "actions"):
        for role_id in a.raci:
            yield from role_inconnu(
                d, "actions", ("actions", i, "raci", role_id), role_id, cle=True
            )


def _roles(code: str, raci: dict[str, str]) -> list[str]:
    """The roles whose RACI code holds the letter ``code``."""
    return [r for r, lettres in raci.items() if code in lettres]


@regle("actions.sans-a", fichiers=("actions",))
def sans_a(d: Donnees) -> Iterator[Constat]:
    for i, a in d.elements("actions", "actions"):
        if not _roles("A", a.raci):
            yield Constat(
                "actions",
                ("actions", i, "raci"),
                f"l'action « {a.id} » n'a aucun rôle A",
                "ajoutez A au rôle qui approuve l'action et en rend compte (un seul par action)",
                cle=True,
            )


@regle("actions.plusieurs-a", fichiers=("actions",))
def plusieurs_a(d: Donnees) -> Iterator[Constat]:
    for i, a in d.elements("actions", "actions"):
        accountable = _roles("A", a.raci)
        if len(accountable) > 1:
            yield Constat(
                "actions",
                ("actions", i, "raci"),
                f"l'action « {a.id} » a {len(accountable)} rôles A "
                f"({', '.join(accountable)}) au lieu d'un seul",
                "gardez A pour un seul de ces rôles : un seul rôle approuve chaque action",
                cle=True,
            )


@regle("actions.sans-r", fichiers=("actions",))
def sans_r(d: Donnees) -> Iterator[Constat]:
    for i, a in d.elements("actions", "actions"):
        if not _roles("R", a.raci):
            yield Constat(
                "actions",
                ("actions", i, "raci"),
                f"l'action « {a.id} » n'a aucun rôle R",
                "indiquez au moins un rôle qui réalise l'action (R)",
                cle=True,
            )


@regle("actions.r-sans-membre", fichiers=("actions", "roles", "equipe"))
def r_sans_membre(d: Donnees) -> Iterator[Constat]:
    """A known role that does an action (R) is held by a member (unknown roles: see above)."""
    tenus = d.roles_tenus
    if tenus is None:  # a member's roles cannot be read yet: reported on their own
        return
    for i, a in d.elements("actions", "actions"):
        for r in _roles("R", a.raci):
            if r in d.role_ids and r not in tenus:
                yield Constat(
                    "actions",
                    ("actions", i, "raci", r),
                    f"le rôle « {r} » réalise (R) l'action « {a.id} » mais aucun membre n'a ce rôle",
                    f"attribuez ce rôle à un membre dans {d.nom_fichier('equipe')}",
                    cle=True,
                )


@regle("actions.continuite-a-absent", fichiers=("actions",))
def continuite_a_absent(d: Donnees) -> Iterator[Constat]:
    """A continuity plan cannot be answered for by the person it replaces."""
    for i, a in d.elements("actions", "actions"):
        if a.continuite_de is not None and "A" in a.raci.get(a.continuite_de, ""):
            yield Constat(
                "actions",
                ("actions", i, "raci", a.continuite_de),
                f"l'action « {a.id} » remplace le rôle « {a.continuite_de} », absent : "
                "il ne peut pas en être le A",
                "donnez le A à un rôle présent (le back-up, par exemple) et laissez I au rôle absent",
                cle=True,
            )


@regle("actions.continuite-inconnue", fichiers=("actions", "roles"))
def continuite_inconnue(d: Donnees) -> Iterator[Constat]:
    for i, a in d.elements("actions", "actions"):
        yield from role_inconnu(d, "actions", ("actions", i, "continuite_de"), a.continuite_de)


@regle(
    "actions.compte-personnel-sans-praticien", fichiers=("actions", "equipe"), complets=("equipe",)
)
def compte_personnel_sans_praticien(d: Donnees) -> Iterator[Constat]:
    """The A of a personal-account action must be held by practitioners with an account."""
    for i, a in d.elements("actions", "actions"):
        if not a.compte_personnel:
            continue
        for role_id in _roles("A", a.raci):
            titulaires = [m for m in d.equipe.membres if role_id in m.roles]
            if titulaires and not all(m.cotise for m in titulaires):
                autres = ", ".join(m.id for m in titulaires if not m.cotise)
                yield Constat(
                    "actions",
                    ("actions", i, "raci", role_id),
                    f"l'action « {a.id} » porte sur le compte de chaque praticien, mais le rôle A "
                    f"« {role_id} » est aussi tenu par qui ne cotise pas ({autres})",
                    "donnez le A au rôle des praticiens (chacun pour son propre compte)",
                    cle=True,
                )
