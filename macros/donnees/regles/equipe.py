"""Rules of ``equipe.yml``: roles, back-ups, CARPIMKO accounts, delegations, attestations."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from macros.donnees.modele import Membre, Situation
from macros.donnees.regles._outils import (
    Constat,
    Donnees,
    membre_inconnu,
    regle,
    repetes,
    role_inconnu,
)


@regle("equipe.role-inconnu", fichiers=("equipe", "roles"))
def role_inconnu_de_membre(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        for j, r in enumerate(m.roles):
            yield from role_inconnu(d, "equipe", ("membres", i, "roles", j), r)


@regle("equipe.role-repete", fichiers=("equipe",))
def role_repete(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        if len(set(m.roles)) != len(m.roles):
            yield Constat(
                "equipe",
                ("membres", i, "roles"),
                "un rôle est répété",
                "gardez chaque rôle une fois",
            )


@regle("equipe.back-up-inconnu", fichiers=("equipe",))
def back_up_inconnu(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        yield from membre_inconnu(d, "equipe", ("membres", i, "back_up"), m.back_up)


@regle("equipe.back-up-soi-meme", fichiers=("equipe",))
def back_up_soi_meme(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        if m.back_up is not None and m.back_up == m.id:
            yield Constat(
                "equipe",
                ("membres", i, "back_up"),
                "un membre ne peut pas être son propre back-up",
                "choisissez une autre personne de l'équipe",
            )


def _membres_ou(
    d: Donnees,
    manque: Callable[[Membre], bool],
    message: str,
    conseil: str,
    *,
    avertissement: bool = False,
) -> Iterator[Constat]:
    """A problem at each member for whom ``manque`` is true (``{id}`` in ``message``)."""
    for i, m in d.elements("equipe", "membres"):
        if manque(m):
            yield Constat(
                "equipe",
                ("membres", i),
                message.format(id=m.id),
                conseil,
                cle=True,
                avertissement=avertissement,
            )


def _sans_back_up(d: Donnees, m: Membre) -> bool:
    """A contributor still in the practice, with no back-up named."""
    return m.back_up is None and m.cotise and m.present(d.aujourdhui)


@regle("equipe.back-up-manquant", fichiers=("equipe",))
def back_up_manquant(d: Donnees) -> Iterator[Constat]:
    """A contributor needs a back-up when someone else in the practice could be one."""
    return _membres_ou(
        d,
        lambda m: _sans_back_up(d, m) and d.autre_au_cabinet(m.id, d.aujourdhui),
        "« {id} » est affilié(e) mais n'a pas de back-up",
        "ajoutez « back_up: <identifiant d'un autre membre> »",
    )


@regle("equipe.seul-sans-back-up", fichiers=("equipe",))
def seul_sans_back_up(d: Donnees) -> Iterator[Constat]:
    """Alone in the practice: nobody to name, so a warning, and the continuity page says so.

    The risk is real (contributions stay due during an absence, and daily allowances from
    the 91st day need them paid); a trusted person outside the practice can be named.
    """
    return _membres_ou(
        d,
        lambda m: _sans_back_up(d, m) and not d.autre_au_cabinet(m.id, d.aujourdhui),
        "« {id} » exerce seul(e) : personne ne prend le relais pendant une absence",
        "pour désigner une personne de confiance hors du cabinet, ajoutez-la comme membre "
        "(« situation: non_affilie », « fonction: Personne de confiance ») et écrivez "
        "« back_up: <son identifiant> »",
        avertissement=True,
    )


@regle("equipe.back-up-parti", fichiers=("equipe",))
def back_up_parti(d: Donnees) -> Iterator[Constat]:
    """A back-up who has left the practice no longer takes over (a warning: the date passes
    by itself, and a weekly rebuild must not start failing on the day of a departure)."""
    partis = {m.id: m.depart for _, m in d.elements("equipe", "membres") if m.depart}
    for i, m in d.elements("equipe", "membres"):
        depart = partis.get(m.back_up or "")
        if depart is not None and depart <= d.aujourdhui and m.present(d.aujourdhui):
            yield Constat(
                "equipe",
                ("membres", i, "back_up"),
                f"le back-up « {m.back_up} » a quitté le cabinet le {depart.isoformat()}",
                "choisissez un membre présent",
                avertissement=True,
            )


@regle("equipe.methode-acces-manquante", fichiers=("equipe",))
def methode_acces_manquante(d: Donnees) -> Iterator[Constat]:
    return _membres_ou(
        d,
        lambda m: m.a_un_compte and m.methode_acces is None,
        "« {id} » a un compte CARPIMKO mais aucune méthode d'accès",
        "ajoutez « methode_acces: franceconnect » ou « methode_acces: numero_dossier »",
    )


@regle("equipe.paiement-manquant", fichiers=("equipe",))
def paiement_manquant(d: Donnees) -> Iterator[Constat]:
    return _membres_ou(
        d,
        lambda m: m.cotise and m.paiement is None,
        "« {id} » est affilié(e) mais son mode de paiement manque",
        "ajoutez « paiement: » avec « rythme: » et « prelevement: »",
    )


@regle("equipe.reserve-aux-affilies", fichiers=("equipe",))
def reserve_aux_affilies(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        if m.a_un_compte:
            continue
        for champ in ("methode_acces", "paiement", "delegations", "attestations"):
            if getattr(m, champ):
                yield Constat(
                    "equipe",
                    ("membres", i, champ),
                    f"« {m.id} » n'est pas affilié(e) : pas de compte CARPIMKO, donc pas de « {champ} »",
                    "retirez cette clé, ou corrigez situation",
                    cle=True,
                )


@regle("equipe.sans-profession", fichiers=("equipe",))
def sans_profession(d: Donnees) -> Iterator[Constat]:
    # An ayant droit is in the team for their account only: no profession to show.
    return _membres_ou(
        d,
        lambda m: (
            m.profession is None and not m.fonction and m.situation is not Situation.ayant_droit
        ),
        "« {id} » n'a ni profession ni fonction",
        "ajoutez « profession: » (praticien) ou « fonction: » (ex. Assistante administrative)",
    )


@regle("equipe.delegation-inconnue", fichiers=("equipe",))
def delegation_inconnue(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        for j, delegation in enumerate(m.delegations):
            path = ("membres", i, "delegations", j, "membre")
            yield from membre_inconnu(d, "equipe", path, delegation.membre)


@regle("equipe.delegation-soi-meme", fichiers=("equipe",))
def delegation_soi_meme(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        for j, delegation in enumerate(m.delegations):
            if delegation.membre == m.id:
                yield Constat(
                    "equipe",
                    ("membres", i, "delegations", j, "membre"),
                    "un membre n'a pas besoin de délégation sur son propre compte",
                    "retirez cette délégation",
                )


@regle("equipe.delegation-en-double", fichiers=("equipe",))
def delegation_en_double(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        for j in repetes(delegation.membre for delegation in m.delegations):
            yield Constat(
                "equipe",
                ("membres", i, "delegations", j, "membre"),
                f"délégation à « {m.delegations[j].membre} » en double",
            )


@regle("equipe.attestation-en-double", fichiers=("equipe",))
def attestation_en_double(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        for j in repetes(attestation.annee for attestation in m.attestations):
            yield Constat(
                "equipe",
                ("membres", i, "attestations", j, "annee"),
                f"année {m.attestations[j].annee} en double",
            )


@regle("equipe.ancien-membre-sans-ayant-droit", fichiers=("equipe",))
def ancien_membre_sans_ayant_droit(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        if m.ancien_membre is not None and m.situation is not Situation.ayant_droit:
            yield Constat(
                "equipe",
                ("membres", i, "ancien_membre"),
                f"« {m.id} » n'est pas ayant droit : « ancien_membre » ne s'applique pas",
                "retirez cette clé, ou écrivez « situation: ayant_droit »",
                cle=True,
            )


@regle("equipe.depart-avant-arrivee", fichiers=("equipe",))
def depart_avant_arrivee(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        if m.arrivee is not None and m.depart is not None and m.depart <= m.arrivee:
            yield Constat(
                "equipe",
                ("membres", i, "depart"),
                f"départ le {m.depart.isoformat()}, pas après l'arrivée du {m.arrivee.isoformat()}",
                "vérifiez les deux dates (AAAA-MM-JJ)",
            )


@regle("equipe.dispense-en-double", fichiers=("equipe",))
def dispense_en_double(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        for j in repetes(dispense.controle.value for dispense in m.dispenses):
            yield Constat(
                "equipe",
                ("membres", i, "dispenses", j, "controle"),
                f"dispense « {m.dispenses[j].controle.value} » en double",
                "gardez une seule dispense par contrôle, avec son motif",
            )


@regle("equipe.dispense-sans-compte", fichiers=("equipe",))
def dispense_sans_compte(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("equipe", "membres"):
        if m.dispenses and not m.a_un_compte:
            yield Constat(
                "equipe",
                ("membres", i, "dispenses"),
                f"« {m.id} » n'a pas de compte CARPIMKO : aucun contrôle ne le concerne",
                "retirez la clé dispenses",
                cle=True,
                avertissement=True,
            )
