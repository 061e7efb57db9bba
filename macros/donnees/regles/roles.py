"""Rules of ``roles.yml``: escalation targets, and a holder for every role."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from macros.donnees.regles._outils import Constat, Donnees, regle, role_inconnu


@regle("roles.escalade-inconnue", fichiers=("roles",))
def escalade_inconnue(d: Donnees) -> Iterator[Constat]:
    for i, role in enumerate(d.roles.roles):
        for j, cible in enumerate(role.escalade):
            yield from role_inconnu(d, "roles", ("roles", i, "escalade", j), cible)


@regle("roles.escalade-soi-meme", fichiers=("roles",))
def escalade_soi_meme(d: Donnees) -> Iterator[Constat]:
    for i, role in enumerate(d.roles.roles):
        for j, cible in enumerate(role.escalade):
            if cible == role.id:
                yield Constat(
                    "roles",
                    ("roles", i, "escalade", j),
                    "un rôle ne peut pas remonter vers lui-même",
                )


@regle("roles.sans-membre", fichiers=("roles", "equipe"))
def role_sans_membre(d: Donnees) -> Iterator[Constat]:
    holders = Counter(r for m in d.equipe.membres for r in m.roles)
    for i, role in enumerate(d.roles.roles):
        if role.id not in holders:
            yield Constat(
                "roles",
                ("roles", i, "id"),
                f"aucun membre n'a le rôle « {role.id} »",
                f"attribuez-le à un membre dans {d.nom_fichier('equipe')} (clé roles) ou retirez ce rôle",
            )
