"""Rules of ``support.yml``: the ``{champ}`` fields of the e-mail templates."""

from __future__ import annotations

from collections.abc import Iterator

from macros.donnees.regles._outils import Constat, Donnees, defauts_modele, regle

#: Fields a support template may use, and what each means.
CHAMPS_EMAIL: dict[str, str] = {
    "nom": "prénom et nom du membre",
    "de_nom": "le même, après « de » : « de Claire Durand », « d'Inès Garcia »",
    "statut": "statut CARPIMKO (Affiliation CARPIMKO, Ayant droit, Sans affiliation)",
    "profession": "profession du membre",
    "methode_acces": "méthode de connexion (FranceConnect ou Numéro de dossier)",
    "numero_dossier": "numéro de dossier (donnée privée)",
    "email": "adresse e-mail de référence (donnée privée)",
    "cabinet": "nom du cabinet",
    "date": "date et heure de l'incident, à compléter au moment de l'envoi",
    "message_erreur": "message d'erreur affiché, à copier au moment de l'envoi",
    "constat": "ce que le praticien constate (montant, date, écart), à écrire au moment de l'envoi",
}


@regle("support.modele-email", fichiers=("support",))
def modele_email(d: Donnees) -> Iterator[Constat]:
    for i, m in d.elements("support", "modeles"):
        for champ in ("objet", "corps"):
            yield from defauts_modele(
                "support", ("modeles", i, champ), getattr(m, champ), list(CHAMPS_EMAIL), "{nom}"
            )
