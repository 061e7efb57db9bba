"""Every problem code, each with a one-line French description.

Each :class:`~macros.donnees.problemes.Probleme` carries a stable code, printed at the end
of its line in brackets (``… ; choisissez une autre personne [equipe.back-up-soi-meme]``),
the way yamllint names its rules. A code names *what kind* of mistake was made, whatever
the message's details: it can be searched for, listed (``python -m macros check --codes``)
and asserted by the tests without depending on the wording.

A code is lower case, made of a family and a name separated by a dot, words joined by
hyphens. The family is the part before the first dot: the kind of check (``yaml``,
``schema``, ``valeur``…) or, for the rules between files (:mod:`macros.donnees.regles`),
the data file they check (``equipe``, ``actions``…).

This module is the only place where codes are defined: :class:`Probleme` refuses any
other, so a new check cannot be added without its code and description here.
"""

from __future__ import annotations

import re

__all__ = ["CODES", "FAMILLES", "FORMAT_CODE", "codes_par_famille", "famille", "liste_des_codes"]

#: The shape of a code: ``famille.nom-en-mots``, lower case, digits allowed after the family.
FORMAT_CODE = re.compile(r"^[a-z]+(?:-[a-z]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$")

#: Each family, in the order of the listing, with its French title.
FAMILLES: dict[str, str] = {
    "fichier": "Fichiers de données",
    "yaml": "Syntaxe YAML",
    "schema": "Forme des données (clés, listes, types)",
    "valeur": "Valeurs (textes, dates, adresses, choix…)",
    "securite": "Mots de passe",
    "prive": "Données personnelles et fichier privé",
    "identifiants": "Identifiants (tous les fichiers)",
    "cabinet": "Règles de cabinet.yml",
    "roles": "Règles de roles.yml",
    "equipe": "Règles de equipe.yml",
    "calendrier": "Règles de calendrier.yml",
    "actions": "Règles de actions.yml",
    "procedures": "Règles de procedures.yml",
    "support": "Règles de support.yml",
    "journal": "Règles de journal.yml",
    "faits": "Faits sur la CARPIMKO et leurs sources (macros/donnees/faits-carpimko.yml)",
    "reglage": "Variables d'environnement",
    "page": "Pages du manuel (docs/)",
}

_CODES: tuple[tuple[str, str], ...] = (
    # --- reading the files (macros/donnees/lecteur.py, chargement.py) ----------------------
    ("fichier.dossier-introuvable", "le dossier de données (HANDBOOK_DATA) n'existe pas"),
    ("fichier.introuvable", "un fichier de données attendu n'existe pas"),
    ("fichier.pas-un-fichier", "le chemin désigne un dossier ou un fichier spécial"),
    ("fichier.illisible", "le fichier ne peut pas être lu (droits d'accès, erreur du système)"),
    ("fichier.trop-volumineux", "le fichier dépasse la taille maximale"),
    ("fichier.utf16", "le fichier est encodé en UTF-16 au lieu d'UTF-8"),
    ("fichier.encodage", "le fichier n'est pas encodé en UTF-8 (souvent du Latin-1)"),
    ("fichier.vide", "le fichier est vide ou ne contient que des commentaires"),
    ("fichier.pas-de-cles", "le fichier contient une liste ou une valeur au lieu de clés"),
    (
        "fichier.schema-introuvable",
        "l'en-tête « $schema » du fichier désigne un schéma absent (l'éditeur n'aide plus)",
    ),
    # --- YAML syntax (macros/donnees/lecteur.py) --------------------------------------------
    ("yaml.caractere-invisible", "caractère de contrôle invisible interdit dans le fichier"),
    ("yaml.tabulation", "tabulation au lieu d'espaces pour indenter"),
    ("yaml.guillemet-non-ferme", "guillemet ouvert et jamais fermé"),
    ("yaml.echappement-inconnu", "séquence « \\ » inconnue dans un texte entre guillemets doubles"),
    ("yaml.crochet-non-ferme", "crochet « [ » ouvert et jamais fermé"),
    ("yaml.accolade-non-fermee", "accolade « { » ouverte et jamais fermée"),
    ("yaml.indentation", "ligne plus ou moins indentée que ses voisines"),
    ("yaml.indentation-liste", "clés d'un élément de liste mal alignées"),
    ("yaml.element-mal-aligne", "élément de liste « - » mal aligné sur les autres"),
    ("yaml.element-lu-comme-texte", "élément de liste trop indenté, lu comme la suite d'un texte"),
    (
        "yaml.deux-points-inattendu",
        "deux-points inattendu (valeur contenant « : » sans guillemets)",
    ),
    ("yaml.deux-points-manquant", "clé sans deux-points"),
    ("yaml.tiret-inattendu", "« - » sur la ligne d'une clé"),
    ("yaml.en-trop", "crochet ou accolade fermant en trop"),
    ("yaml.debut-de-valeur", "valeur commençant par « [ » ou « { » sans guillemets"),
    ("yaml.texte-apres-guillemet", "texte après le guillemet fermant d'une valeur"),
    ("yaml.texte-apres-valeur", "texte inattendu après une valeur complète"),
    ("yaml.caractere-de-debut", "caractère qui ne peut pas commencer une valeur (@, `…)"),
    ("yaml.trop-profond", "structure imbriquée trop profonde"),
    ("yaml.plusieurs-documents", "plusieurs documents (« --- », « ... ») dans un fichier"),
    ("yaml.directive", "ligne commençant par « % »"),
    ("yaml.ancre", "ancre « &nom » ou alias « *nom » refusés"),
    ("yaml.etiquette", "étiquette « ! » refusée (!!python/object…)"),
    ("yaml.bloc-mal-ecrit", "indicateur de bloc « | » ou « > » mal écrit"),
    ("yaml.fin-inattendue", "fin de fichier au milieu d'une valeur"),
    ("yaml.valeur-mal-placee", "valeur manquante ou mal placée"),
    ("yaml.trop-d-elements", "liste ou groupe de clés démesuré"),
    ("yaml.cle-complexe", "clé qui n'est pas un simple mot (liste, groupe)"),
    ("yaml.cle-trop-longue", "clé trop longue"),
    ("yaml.cle-invisible", "clé contenant un caractère invisible"),
    ("yaml.cle-en-double", "clé définie deux fois au même niveau"),
    ("yaml.syntaxe", "autre erreur de syntaxe YAML"),
    # --- shape of the data (pydantic's own checks, macros/donnees/messages.py) --------------
    ("schema.champ-manquant", "champ obligatoire manquant"),
    ("schema.cle-renommee", "clé d'une version précédente, qui porte maintenant un autre nom"),
    ("schema.cle-inconnue", "clé inconnue (faute de frappe, ou mauvais niveau d'indentation)"),
    ("schema.groupe-attendu", "un groupe de clés est attendu"),
    ("schema.liste-attendue", "une liste est attendue"),
    ("schema.entier-attendu", "un nombre entier est attendu"),
    ("schema.booleen-attendu", "true ou false est attendu"),
    ("schema.texte-attendu", "un texte est attendu (nombre, liste ou valeur vide à la place)"),
    ("schema.trop-petit", "nombre en dessous du minimum"),
    ("schema.trop-grand", "nombre au-dessus du maximum"),
    ("schema.liste-vide", "liste vide là où il faut au moins un élément"),
    ("schema.liste-trop-courte", "liste plus courte que le minimum"),
    ("schema.liste-trop-longue", "liste plus longue que le maximum"),
    ("schema.valeur-invalide", "autre valeur refusée par le modèle"),
    # --- values (macros/donnees/types.py, modele.py) ----------------------------------------
    ("valeur.texte-vide", "texte vide"),
    ("valeur.texte-trop-long", "texte plus long que le maximum"),
    ("valeur.retour-a-la-ligne", "retour à la ligne dans un texte qui tient sur une ligne"),
    ("valeur.caractere-de-controle", "caractère de contrôle invisible dans un texte"),
    ("valeur.sens-ecriture", "caractère invisible de sens d'écriture dans un texte"),
    ("valeur.identifiant-invalide", "identifiant autre que minuscules, chiffres et tirets"),
    ("valeur.choix-inconnu", "valeur hors de la liste des valeurs possibles"),
    ("valeur.email-refusee", "adresse e-mail avec des caractères refusés (? & % = …)"),
    ("valeur.email-invalide", "adresse e-mail mal formée"),
    ("valeur.telephone-invalide", "numéro de téléphone français mal formé"),
    ("valeur.url-non-https", "adresse web qui n'est pas en https://"),
    ("valeur.url-invalide", "adresse web mal formée"),
    ("valeur.code-postal-invalide", "code postal autre que 5 chiffres"),
    ("valeur.date-invalide", "date absente ou mal écrite (format AAAA-MM-JJ)"),
    ("valeur.date-francaise", "date écrite JJ/MM/AAAA au lieu de AAAA-MM-JJ"),
    ("valeur.date-impossible", "date qui n'existe pas (31 avril, mois 13…)"),
    ("valeur.date-hors-limites", "date hors des années acceptées"),
    ("valeur.heure-invalide", "heure absente ou mal écrite (09:00 ou 14h30)"),
    ("valeur.raci-invalide", "code RACI autre qu'une combinaison de R, A, C et I"),
    ("valeur.a-completer", "valeur encore marquée « à compléter » (avertissement)"),
    # --- passwords (macros/donnees/motsdepasse.py) ------------------------------------------
    ("securite.cle-mot-de-passe", "clé de mot de passe dans un fichier de données"),
    ("securite.mot-de-passe", "valeur qui semble contenir un mot de passe"),
    ("securite.mot-de-passe-commentaire", "commentaire qui semble contenir un mot de passe"),
    # --- personal data (macros/donnees/personnel.py, prive.py) ------------------------------
    ("prive.donnee-personnelle", "numéro de dossier, e-mail ou téléphone personnel publié"),
    ("prive.membre-inconnu", "membre du fichier privé absent de data/equipe.yml"),
    ("prive.numero-sans-guillemets", "numéro de dossier écrit sans guillemets"),
    ("prive.numero-invalide", "numéro de dossier contenant autre chose que des chiffres"),
    ("prive.longueur-numero", "numéro de dossier d'une longueur inhabituelle (avertissement)"),
    # --- rules between files (macros/donnees/regles/) ---------------------------------------
    ("identifiants.en-double", "identifiant utilisé deux fois dans la même liste"),
    ("identifiants.page-reservee", "identifiant dont la page remplacerait une page du manuel"),
    ("cabinet.approbateur-inconnu", "approbateur du manuel absent de l'équipe"),
    ("cabinet.modele-archivage", "champ {…} mal écrit ou inconnu dans un modèle d'archivage"),
    ("cabinet.page-inconnue", "page inconnue dans l'historique du manuel"),
    (
        "cabinet.version-hors-historique",
        "version du manuel absente de l'historique (avertissement)",
    ),
    (
        "roles.methode-contredite",
        "la méthode d'accès d'un rôle n'est celle d'aucun de ses membres (avertissement)",
    ),
    ("roles.escalade-inconnue", "escalade vers un rôle inconnu"),
    ("roles.escalade-soi-meme", "rôle qui remonte vers lui-même"),
    ("roles.sans-membre", "rôle qu'aucun membre n'a"),
    (
        "equipe.ancien-membre-sans-ayant-droit",
        "« ancien_membre » pour un membre qui n'est pas ayant droit",
    ),
    ("equipe.depart-avant-arrivee", "date de départ qui n'est pas après la date d'arrivée"),
    ("equipe.dispense-en-double", "deux dispenses du même contrôle pour un membre"),
    ("equipe.dispense-sans-compte", "dispense pour un membre sans compte CARPIMKO (avertissement)"),
    ("equipe.role-inconnu", "membre avec un rôle inconnu"),
    ("equipe.role-repete", "rôle répété pour un membre"),
    ("equipe.back-up-inconnu", "back-up absent de l'équipe"),
    ("equipe.back-up-soi-meme", "membre désigné comme son propre back-up"),
    ("equipe.back-up-manquant", "membre affilié sans back-up, alors que d'autres sont au cabinet"),
    (
        "equipe.seul-sans-back-up",
        "praticien seul au cabinet, sans personne de confiance pour le relais (avertissement)",
    ),
    ("equipe.back-up-parti", "back-up qui a quitté le cabinet (avertissement)"),
    ("equipe.methode-acces-manquante", "compte CARPIMKO sans méthode d'accès"),
    ("equipe.paiement-manquant", "membre affilié sans mode de paiement"),
    ("equipe.reserve-aux-affilies", "clé réservée aux comptes CARPIMKO chez un non-affilié"),
    ("equipe.sans-profession", "membre sans profession ni fonction"),
    ("equipe.delegation-inconnue", "délégation à un membre absent de l'équipe"),
    ("equipe.delegation-soi-meme", "délégation d'un membre à lui-même"),
    ("equipe.delegation-en-double", "deux délégations au même membre"),
    ("equipe.attestation-en-double", "deux attestations pour la même année"),
    ("calendrier.role-inconnu", "routine ou échéance confiée à un rôle inconnu"),
    ("calendrier.procedure-inconnue", "routine ou échéance liée à une procédure inconnue"),
    ("calendrier.frequence-impossible", "fréquence impossible pour une routine"),
    ("calendrier.nombre-de-mois", "nombre de mois qui ne correspond pas à la fréquence"),
    ("calendrier.mois-repete", "mois répété dans une routine"),
    ("calendrier.echeance-hors-annee", "échéance hors de l'année du calendrier (avertissement)"),
    (
        "calendrier.echeance-avant-routine",
        "échéance datée avant la prochaine occurrence de la routine qui la prépare",
    ),
    ("actions.continuite-a-absent", "le A d'un plan de continuité est le rôle qu'il remplace"),
    ("actions.continuite-inconnue", "rôle remplacé (continuite_de) absent de roles.yml"),
    (
        "actions.compte-personnel-sans-praticien",
        "le A d'une action sur le compte de chaque praticien est tenu par qui ne cotise pas",
    ),
    ("actions.procedure-inconnue", "action liée à une procédure inconnue"),
    ("actions.role-inconnu", "rôle inconnu dans le RACI d'une action"),
    ("actions.sans-a", "action sans rôle A"),
    ("actions.plusieurs-a", "action avec plusieurs rôles A"),
    ("actions.sans-r", "action sans rôle R"),
    ("actions.r-sans-membre", "rôle R qu'aucun membre n'a"),
    ("procedures.role-inconnu", "procédure ou étape confiée à un rôle inconnu"),
    ("procedures.liee-inconnue", "renvoi vers une procédure inconnue"),
    ("procedures.liee-soi-meme", "procédure qui renvoie vers elle-même"),
    ("procedures.partie-vide", "partie du manuel sans procédure (avertissement)"),
    ("procedures.controle-en-double", "deux procédures pour le même contrôle périodique"),
    ("support.modele-email", "champ {…} mal écrit ou inconnu dans un modèle d'e-mail"),
    ("journal.membre-inconnu", "auteur, bénéficiaire ou validateur absent de l'équipe"),
    ("journal.auto-validation", "changement validé par son propre auteur"),
    (
        "journal.sans-seconde-validation",
        "changement sans « valide_par » alors que l'auteur n'était pas seul au cabinet",
    ),
    ("journal.date-future", "changement daté dans le futur (avertissement)"),
    # --- the product's facts about the CARPIMKO (macros/donnees/carpimko.py) ----------------
    ("faits.source-inconnue", "fait qui cite une source absente de la liste des sources"),
    ("faits.source-inutilisee", "source qu'aucun fait ne cite (avertissement)"),
    ("faits.montant-sans-annee", "montant en euros écrit sans son année"),
    # --- settings (macros/donnees/reglages.py) and pages (macros/site/plugin.py) ------------
    ("reglage.handbook-today", "HANDBOOK_TODAY n'est pas une date AAAA-MM-JJ acceptée"),
    ("reglage.handbook-pdf", "HANDBOOK_PDF n'est ni auto, ni off, ni required"),
    ("reglage.handbook-public", "HANDBOOK_PUBLIC n'est ni 1 ni 0"),
    ("reglage.handbook-depot", "HANDBOOK_DEPOT n'est pas un dépôt GitHub propriétaire/nom"),
    (
        "page.identifiant-inconnu",
        "une page cite une procédure, un rôle ou un fait sur la CARPIMKO absent des données",
    ),
)

#: Every code and its description, in the order of the listing.
CODES: dict[str, str] = dict(_CODES)


def famille(code: str) -> str:
    """The family of ``code``: the part before the first dot (``equipe.back-up…`` → ``equipe``)."""
    return code.split(".", 1)[0]


def codes_par_famille() -> dict[str, dict[str, str]]:
    """The codes grouped by family, families in the order of :data:`FAMILLES`."""
    out: dict[str, dict[str, str]] = {nom: {} for nom in FAMILLES}
    for code, description in CODES.items():
        out[famille(code)][code] = description
    return out


def liste_des_codes() -> str:
    """The French listing of every code, by family (``python -m macros check --codes``)."""
    largeur = max(map(len, CODES))
    lines = [
        f"Codes des problèmes signalés dans les données ({len(CODES)} codes, "
        f"{len(FAMILLES)} familles) :"
    ]
    for nom, codes in codes_par_famille().items():
        lines += ["", f"{FAMILLES[nom]} ({nom}.*) :"]
        lines += [f"  {code:<{largeur}}  {description}" for code, description in codes.items()]
    return "\n".join(lines)
