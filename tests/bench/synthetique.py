"""Generate a synthetic organisation's data folder, valid under ``python -m macros check``.

Usage::

    python tests/bench/synthetique.py --membres 1000 --sortie /tmp/organisation-1000

The organisation is a group of sites of ten people: a titulaire, practitioners (one of
them also back-up), an assistant who holds delegations on the practitioners' accounts.
What a real group would have grows with it, sensibly:

* members, delegations, back-ups and the journal grow linearly (half an entry per member);
* roles, actions, procedures, routines and deadlines grow with the logarithm of the size
  (a group of 1,000 does not have 100 times the procedures of a practice of 10);
* the e-mail templates and the cabinet's own facts do not grow.

The output is deterministic: the same size always gives the same files.
"""

from __future__ import annotations

import argparse
import math
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

__all__ = ["Taille", "generer", "main", "taille"]

ANNEE = 2026
#: The build date the bench uses (``HANDBOOK_TODAY``); dates of the data are around it.
AUJOURDHUI = date(2026, 11, 26)

_PRENOMS = [
    "Claire",
    "Marc",
    "Sophie",
    "Thomas",
    "Inès",
    "Julie",
    "Camille",
    "Louis",
    "Léa",
    "Hugo",
    "Manon",
    "Nathan",
    "Chloé",
    "Lucas",
    "Emma",
    "Jules",
    "Sarah",
    "Paul",
    "Zoé",
    "Arthur",
    "Alice",
    "Gabriel",
    "Anaïs",
    "Théo",
    "Jeanne",
    "Victor",
    "Lina",
    "Raphaël",
]
_NOMS = [
    "Durand",
    "Lefebvre",
    "Bernard",
    "Moreau",
    "Garcia",
    "Roux",
    "Martin",
    "Petit",
    "Dubois",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Leroy",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Chevalier",
]
_PROFESSIONS = (
    "masseur-kinesitherapeute",
    "infirmier",
    "orthophoniste",
    "pedicure-podologue",
    "orthoptiste",
)
_PARTIES = (
    "connexion",
    "acces-equipe",
    "cotisations",
    "attestations",
    "depannage",
    "support",
    "continuite",
    "securite",
)
_ROLES_EN_PLUS = (
    ("referent-retraite", "Référent(e) retraite"),
    ("referent-attestations", "Référent(e) attestations"),
    ("referent-securite", "Référent(e) sécurité"),
    ("coordination-sites", "Coordination des sites"),
    ("referent-prevoyance", "Référent(e) prévoyance"),
    ("referent-paiements", "Référent(e) paiements"),
    ("referent-qualite", "Référent(e) qualité"),
    ("referent-formation", "Référent(e) formation"),
)
_JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
_CHANGEMENTS = (
    "modification_rib",
    "activation_prelevement",
    "arret_prelevement",
    "changement_email",
    "changement_acces",
    "ouverture_delegation",
    "fin_delegation",
)
#: Size of a site: a titulaire, eight practitioners, an assistant.
SITE = 10


class Taille:
    """How many of each thing an organisation of ``membres`` people has."""

    def __init__(self, membres: int) -> None:
        if membres < SITE:
            raise ValueError(f"au moins {SITE} membres (un site complet)")
        self.membres = membres
        k = max(1, round(math.log10(membres)))  # 1, 2, 3 for 10, 100, 1,000
        self.roles_en_plus = min(2 * k, len(_ROLES_EN_PLUS))
        self.actions = 8 + 4 * k
        self.procedures = 10 + 5 * k
        self.routines = 6 + 3 * k
        self.echeances = 4 + 2 * k
        self.journal = max(4, membres // 2)

    def resume(self) -> str:
        """One line, in French, for the bench's output."""
        return (
            f"{self.membres} membres, {4 + self.roles_en_plus} rôles, {self.actions} actions, "
            f"{self.procedures} procédures, {self.routines} routines, {self.echeances} échéances, "
            f"{self.journal} entrées de journal"
        )


def taille(membres: int) -> Taille:
    """The sizes of an organisation of ``membres`` people."""
    return Taille(membres)


def _slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_.lower()).split())


def _jour(n: int) -> str:
    return (AUJOURDHUI - timedelta(days=n)).isoformat()


# --- the files -------------------------------------------------------------------------------


def _cabinet(approbateur: str) -> dict[str, Any]:
    return {
        "cabinet": {
            "nom": "Groupe Synthèse",
            "professions": list(_PROFESSIONS),
            "adresse": {"rue": "1 rue de l'Exemple", "code_postal": "59000", "ville": "Lille"},
            "telephone": "03 20 00 00 00",
            "email": "contact@groupe-synthese.example",
        },
        "caisse": {
            "nom": "CARPIMKO",
            "nom_complet": "Caisse autonome de retraite et de prévoyance des infirmiers, "
            "masseurs-kinésithérapeutes, pédicures-podologues, orthophonistes et orthoptistes",
            "site": "https://www.carpimko.com",
            "espace_personnel": "https://www.carpimko.com",
            "telephone": "01 30 48 10 00",
            "verifie_le": _jour(60),
        },
        "outils": {
            "coffre_fort": "le coffre-fort de mots de passe du groupe",
            "logiciel_comptable": "le logiciel comptable du groupe",
            "agenda": "l'agenda partagé du groupe",
            "archives": "le dossier partagé « Administratif / CARPIMKO »",
        },
        "archivage": {
            "modele_nom": "{annee}_{membre}_{document}.pdf",
            "dossiers": "{annee}/{membre}/",
            "documents": ["attestation-cotisations", "appel-cotisations", "preuve-paiement"],
            "conservation": "10 ans après la fin d'activité du praticien",
        },
        "manuel": {
            "version": "1.0",
            "date_publication": _jour(30),
            "approbateur": approbateur,
            "prochaine_revue": (AUJOURDHUI + timedelta(days=150)).isoformat(),
        },
    }


def _roles(t: Taille) -> list[dict[str, Any]]:
    roles = [
        {
            "id": "titulaire",
            "nom": "Titulaire",
            "description": "Dirige un site, valide les opérations sensibles et répond des accès.",
            "methode_acces": "franceconnect",
            "missions": ["Valider les opérations sensibles", "Mener l'audit trimestriel des accès"],
            "droits": ["Accès complet à son propre Espace personnel"],
            "interdits": ["Valider seul(e) un changement sensible qu'il ou elle a fait"],
            "escalade": [],
        },
        {
            "id": "assistant",
            "nom": "Assistant(e)",
            "description": "Fait tourner la routine mensuelle des praticiens de son site.",
            "methode_acces": "numero_dossier",
            "missions": ["Dérouler la routine mensuelle", "Tenir le journal"],
            "droits": ["Consulter le solde et l'échéancier des comptes délégués"],
            "interdits": ["Utiliser le FranceConnect d'un praticien"],
            "escalade": ["titulaire", "back-up"],
        },
        {
            "id": "back-up",
            "nom": "Back-up",
            "description": "Prend le relais quand le ou la titulaire est indisponible.",
            "methode_acces": "numero_dossier",
            "missions": ["Déclencher le plan B", "Faire la seconde validation"],
            "droits": ["Accès de secours aux comptes délégués"],
            "interdits": ["Garder une copie des identifiants hors du coffre-fort"],
            "escalade": ["titulaire"],
        },
        {
            "id": "praticien",
            "nom": "Praticien(ne)",
            "description": "Professionnel(le) du groupe, responsable de son propre compte.",
            "methode_acces": "franceconnect",
            "missions": ["Garder son accès en état de marche", "Suivre sa retraite"],
            "droits": ["Accès complet à son propre Espace personnel"],
            "interdits": ["Partager ses identifiants hors du coffre-fort"],
            "escalade": ["assistant", "titulaire"],
        },
    ]
    for ident, nom in _ROLES_EN_PLUS[: t.roles_en_plus]:
        roles.append(
            {
                "id": ident,
                "nom": nom,
                "description": f"{nom} pour l'ensemble des sites du groupe.",
                "missions": [
                    "Suivre son domaine pour tous les sites",
                    "Alerter le ou la titulaire",
                ],
                "droits": ["Accès à son propre Espace personnel"],
                "interdits": ["Décider seul(e) d'un changement sensible"],
                "escalade": ["titulaire"],
            }
        )
    return roles


def _membres(t: Taille) -> list[dict[str, Any]]:
    n = t.membres
    ids: list[str] = []
    for i in range(n):
        prenom = _PRENOMS[i % len(_PRENOMS)]
        nom = _NOMS[(i // len(_PRENOMS)) % len(_NOMS)]
        ids.append(f"{_slug(prenom)}-{_slug(nom)}-{i:04d}")
    membres: list[dict[str, Any]] = []
    en_plus = [ident for ident, _ in _ROLES_EN_PLUS[: t.roles_en_plus]]
    praticien_rang = 0
    for i in range(n):
        site, pos = divmod(i, SITE)
        base = site * SITE
        taille_site = min(SITE, n - base)
        assistant = ids[base + taille_site - 1]
        prenom = _PRENOMS[i % len(_PRENOMS)]
        nom = _NOMS[(i // len(_PRENOMS)) % len(_NOMS)]
        m: dict[str, Any] = {"id": ids[i], "nom": f"{prenom} {nom}"}
        if pos == taille_site - 1:  # the site's assistant
            m.update(
                fonction="Assistante administrative",
                situation="non_affilie",
                roles=["assistant"],
            )
            membres.append(m)
            continue
        m["profession"] = _PROFESSIONS[i % len(_PROFESSIONS)]
        ayant_droit = pos == 7
        m["situation"] = "ayant_droit" if ayant_droit else ("titulaire" if pos == 0 else "associe")
        if pos == 0:
            roles = ["titulaire"]
        else:
            roles = ["praticien"] + (["back-up"] if pos == 1 else [])
            if en_plus and pos in (2, 3):
                roles.append(en_plus[praticien_rang % len(en_plus)])
                praticien_rang += 1
        m["roles"] = roles
        m["methode_acces"] = "numero_dossier" if i % 4 == 3 else "franceconnect"
        m["delegations"] = [
            {
                "membre": assistant,
                "methode_acces": "numero_dossier",
                "perimetre": ["Consulter le solde et l'échéancier", "Télécharger les attestations"],
            }
        ]
        if not ayant_droit:
            suivant = pos + 1 if pos + 1 < taille_site - 1 else 0
            m["back_up"] = ids[base + (1 if pos == 0 else suivant)]
            m["paiement"] = {
                "rythme": ("mensuel", "semestriel", "annuel")[i % 3],
                "prelevement": i % 2 == 0,
            }
            m["interlocuteurs"] = {
                "mutuelle": f"Mutuelle {_NOMS[i % len(_NOMS)]} (fictive)",
                "comptable": f"Cabinet comptable {_NOMS[(i + 3) % len(_NOMS)]} (fictif)",
            }
            annees = [2024, 2025] if i % 17 else [2024]
            m["attestations"] = [
                {"annee": a, "obtenue_le": f"{a + 1}-01-{10 + i % 18:02d}"} for a in annees
            ]
        # About one member in twenty is late for a check: the « À faire » boxes show up.
        m["dernier_audit_acces"] = _jour(120 if i % 20 == 5 else 10 + i % 60)
        m["dernier_test_recuperation"] = _jour(45 if i % 20 == 6 else 3 + i % 20)
        membres.append(m)
    return membres


def _procedures(t: Taille, roles: list[str]) -> list[dict[str, Any]]:
    # The two checks' procedures keep their ids: the calendar feeds look for them.
    ids = ["audit-acces", "test-recuperation"]
    ids += [f"procedure-{i:02d}" for i in range(len(ids), t.procedures)]
    out = []
    for i, ident in enumerate(ids):
        role_a, role_b = roles[i % len(roles)], roles[(i + 1) % len(roles)]
        etapes = [
            {"texte": f"Ouvrez l'Espace personnel et repérez l'étape {j + 1}.", "role": role_a}
            for j in range(3 + i % 3)
        ]
        etapes.append({"texte": "Notez le résultat dans l'agenda partagé.", "role": role_b})
        if i % 4 == 0:
            etapes[0]["si_echec"] = "Écrivez au Service client avec le modèle d'e-mail."
        out.append(
            {
                "id": ident,
                "titre": f"Procédure {i + 1} — {_PARTIES[i % len(_PARTIES)]}",
                "partie": _PARTIES[i % len(_PARTIES)],
                "objectif": "Faire la tâche en moins de quinze minutes, sans oubli.",
                "roles": [role_a, role_b],
                "duree_minutes": 5 + 5 * (i % 6),
                "prerequis": ["Un accès à l'Espace personnel"],
                "etapes": etapes,
                "liees": [ids[(i + 1) % len(ids)]],
            }
        )
    return out


def _routines(t: Taille, procedures: list[str]) -> list[dict[str, Any]]:
    # (frequency, months) by turns; the first two are the checks' routines.
    modeles: list[tuple[str, list[int]]] = [
        ("trimestrielle", [3, 6, 9, 12]),
        ("mensuelle", []),
        ("mensuelle", []),
        ("hebdomadaire", []),
        ("semestrielle", [6, 12]),
        ("annuelle", [1]),
        ("trimestrielle", [1, 4, 7, 10]),
    ]
    out = []
    for i in range(t.routines):
        freq, mois = modeles[i % len(modeles)]
        r: dict[str, Any] = {
            "id": f"routine-{i:02d}",
            "titre": f"Routine {i + 1} du groupe",
            "frequence": freq,
            "semaine": 1 + i % 4,
            "jour": _JOURS[i % len(_JOURS)],
            "heure": f"{9 + i % 8:02d}:{30 * (i % 2):02d}",
            "role": ("titulaire", "assistant", "assistant", "assistant")[i % 4],
            "procedure": procedures[i % len(procedures)],
        }
        if mois:
            r["mois"] = mois
        out.append(r)
    return out


def _echeances(
    t: Taille, procedures: list[str], routines: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    # An échéance linked to the procedure of a quarterly, half-yearly or yearly routine must
    # follow one of its runs (rule calendrier.echeance-avant-routine): these dates do not
    # try to, so such an échéance names no procedure.
    rares = {
        r["procedure"]
        for r in routines
        if r["frequence"] in ("trimestrielle", "semestrielle", "annuelle")
    }
    out = []
    for i in range(t.echeances):
        e: dict[str, Any] = {
            "id": f"echeance-{i:02d}",
            "date": date(ANNEE, 1 + (i * 5) % 12, 1 + (i * 7) % 27).isoformat(),
            "titre": f"Échéance {i + 1} du groupe",
            "role": ("titulaire", "assistant")[i % 2],
        }
        procedure = procedures[(i + 2) % len(procedures)]
        if procedure not in rares:
            e["procedure"] = procedure
        out.append(e)
    return out


def _actions(t: Taille, roles: list[str], procedures: list[str]) -> list[dict[str, Any]]:
    frequences = ("quotidienne", "mensuelle", "selon_appel", "trimestrielle", "au_besoin")
    out = []
    for i in range(t.actions):
        realise = roles[1 + i % (len(roles) - 1)]  # never the titulaire: it approves
        raci = {"titulaire": "A", realise: "R"}
        for autre in roles:
            if autre not in raci and (i + len(autre)) % 3 == 0:
                raci[autre] = "CI"[i % 2]
        out.append(
            {
                "id": f"action-{i:02d}",
                "titre": f"Action clé {i + 1}",
                "valeur": "Moins d'oublis et d'incidents",
                "frequence": frequences[i % len(frequences)],
                "raci": raci,
                "astuce": "Une ligne dans l'agenda partagé",
                "procedure": procedures[i % len(procedures)],
            }
        )
    return out


def _journal(t: Taille, membres: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rang = {m["id"]: k for k, m in enumerate(membres)}
    cotisants = [m for m in membres if m["situation"] != "non_affilie"]
    out = []
    for i in range(t.journal):
        m = cotisants[(i * 7) % len(cotisants)]
        base = (rang[m["id"]] // SITE) * SITE
        site = membres[base : base + SITE]
        assistant = site[-1]["id"]
        titulaire = site[0]["id"]
        out.append(
            {
                "date": _jour(1 + (i * 13) % 300),
                "auteur": assistant,
                "changement": _CHANGEMENTS[i % len(_CHANGEMENTS)],
                "pour": m["id"],
                "valide_par": titulaire,
                "details": "Changement demandé par le praticien, validé le jour même.",
            }
        )
    out.sort(key=lambda e: e["date"])
    return out


def _support() -> dict[str, Any]:
    return {
        "modeles": [
            {
                "id": "acces-espace-personnel",
                "titre": "Problème d'accès à l'Espace personnel",
                "objet": "Accès Espace personnel — {statut} — Numéro de dossier {numero_dossier}",
                "corps": "Bonjour,\n\n{nom} ({profession}, {statut}) ne parvient pas à se "
                "connecter depuis le {date}, via {methode_acces}.\n\nMessage d'erreur : "
                "{message_erreur}\nAdresse e-mail de référence : {email}\n\nCordialement,\n"
                "{nom}\n{cabinet}",
            },
            {
                "id": "question-echeancier",
                "titre": "Question sur l'échéancier ou un paiement",
                "objet": "Échéancier — {statut} — Numéro de dossier {numero_dossier}",
                "corps": "Bonjour,\n\nNous avons une question sur l'échéancier de {nom} "
                "({profession}, {statut}).\n\nConstat : {message_erreur}\n\nCordialement,\n"
                "{nom}\n{cabinet}",
            },
        ],
        "joindre": ["Une capture d'écran du message d'erreur, avec l'heure visible"],
        "ne_jamais_inclure": ["Un mot de passe, même ancien ou provisoire"],
        "demander": ["Le délai de résolution"],
    }


class _Dumper(yaml.SafeDumper):
    """No anchors or aliases: the handbook's reader refuses them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def generer(membres: int, sortie: Path) -> Taille:
    """Write the eight data files of an organisation of ``membres`` people into ``sortie``."""
    t = Taille(membres)
    roles = _roles(t)
    role_ids = [r["id"] for r in roles]
    equipe = _membres(t)
    procedures = _procedures(t, role_ids)
    procedure_ids = [p["id"] for p in procedures]
    routines = _routines(t, procedure_ids)
    fichiers: dict[str, Any] = {
        "cabinet": _cabinet(equipe[0]["id"]),
        "roles": {"roles": roles},
        "equipe": {"membres": equipe},
        "calendrier": {
            "annee": ANNEE,
            "rappel_jours_avant": 7,
            "routines": routines,
            "echeances": _echeances(t, procedure_ids, routines),
        },
        "actions": {"actions": _actions(t, role_ids, procedure_ids)},
        "procedures": {"procedures": procedures},
        "support": _support(),
        "journal": {"entrees": _journal(t, equipe)},
    }
    sortie.mkdir(parents=True, exist_ok=True)
    for nom, contenu in fichiers.items():
        texte = yaml.dump(contenu, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        (sortie / f"{nom}.yml").write_text(
            f"# Organisation synthétique ({membres} membres), générée par "
            f"tests/bench/synthetique.py.\n{texte}",
            encoding="utf-8",
        )
    return t


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--membres N --sortie DOSSIER``."""
    parser = argparse.ArgumentParser(description="Génère les données d'une organisation fictive.")
    parser.add_argument("--membres", type=int, required=True, help="nombre de membres (≥ 10)")
    parser.add_argument("--sortie", type=Path, required=True, help="dossier de données à écrire")
    ns = parser.parse_args(argv)
    try:
        t = generer(ns.membres, ns.sortie)
    except ValueError as err:
        print(f"Erreur : {err}.", file=sys.stderr)
        return 2
    print(f"{ns.sortie} : {t.resume()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
