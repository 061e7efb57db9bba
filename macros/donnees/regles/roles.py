"""Rules of ``roles.yml``: escalation targets, and a holder for every role."""

from __future__ import annotations

from collections.abc import Iterator

from macros.donnees.modele import MethodeAcces
from macros.donnees.regles._outils import Constat, Donnees, regle, role_inconnu


@regle("roles.escalade-inconnue", fichiers=("roles",))
def escalade_inconnue(d: Donnees) -> Iterator[Constat]:
    for i, role in d.elements("roles", "roles"):
        for j, cible in enumerate(role.escalade):
            yield from role_inconnu(d, "roles", ("roles", i, "escalade", j), cible)


@regle("roles.escalade-soi-meme", fichiers=("roles",))
def escalade_soi_meme(d: Donnees) -> Iterator[Constat]:
    for i, role in d.elements("roles", "roles"):
        for j, cible in enumerate(role.escalade):
            if cible == role.id:
                yield Constat(
                    "roles",
                    ("roles", i, "escalade", j),
                    "un rôle ne peut pas remonter vers lui-même",
                )


@regle("roles.sans-membre", fichiers=("roles", "equipe"))
def role_sans_membre(d: Donnees) -> Iterator[Constat]:
    tenus = d.roles_tenus
    if tenus is None:  # a member's roles cannot be read yet: reported on their own
        return
    for i, role in d.elements("roles", "roles"):
        if role.id not in tenus:
            yield Constat(
                "roles",
                ("roles", i, "id"),
                f"aucun membre n'a le rôle « {role.id} »",
                f"attribuez-le à un membre dans {d.nom_fichier('equipe')} (clé roles) ou retirez ce rôle",
            )


@regle("roles.methode-contredite", fichiers=("roles", "equipe"), complets=("equipe",))
def methode_contredite(d: Donnees) -> Iterator[Constat]:
    """A role's access method that none of its holders uses: its reflex card would mislead.

    A holder uses a method for their own account, or for another's by a delegation they hold.
    """
    tenues: dict[str, set[MethodeAcces]] = {}
    for m in d.equipe.membres:
        for delegation in m.delegations:
            tenues.setdefault(delegation.membre, set()).add(delegation.methode_acces)
    for i, role in d.elements("roles", "roles"):
        methodes: set[MethodeAcces] = set()
        for m in d.equipe.membres:
            if role.id in m.roles:
                methodes |= tenues.get(m.id, set()) | (
                    {m.methode_acces} if m.methode_acces else set()
                )
        if role.methode_acces is not None and methodes and role.methode_acces not in methodes:
            utilisees = ", ".join(sorted(x.value for x in methodes))
            yield Constat(
                "roles",
                ("roles", i, "methode_acces"),
                f"le rôle « {role.id} » indique « {role.methode_acces.value} », mais ses membres "
                f"se connectent avec : {utilisees} (pour leur compte ou par délégation)",
                f"accordez methode_acces du rôle avec celle de ses membres ({d.nom_fichier('equipe')})",
                avertissement=True,
            )
