"""The typed model of a cabinet's handbook data, one class per ``data/*.yml`` file.

Keys are French because the cabinet edits them. Each field's ``description`` is
the French help shown in editors (through the JSON Schema) and in the README.
Rules that involve several files (references, RACI, back-ups) live in
:mod:`macros.donnees.regles`, not here.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, time
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from macros.donnees.carpimko import FichierFaitsCarpimko
from macros.donnees.prive import DonneesPrivees, FichierPrive
from macros.donnees.types import (
    Choix,
    CodePostal,
    DateISO,
    Email,
    Heure,
    Identifiant,
    Telephone,
    TexteCourt,
    TexteLong,
    UrlWeb,
    libelles,
)
from macros.texte import de_nom

# --- closed lists -----------------------------------------------------------------------


@libelles(
    {
        "infirmier": "Infirmier(ère)",
        "masseur-kinesitherapeute": "Masseur-kinésithérapeute",
        "pedicure-podologue": "Pédicure-podologue",
        "orthophoniste": "Orthophoniste",
        "orthoptiste": "Orthoptiste",
    }
)
class Profession(Choix):
    """The five professions covered by the CARPIMKO."""

    @property
    def libelle_personne(self) -> str:
        """The profession of a named person, with no parenthesis: the model records no
        gender, so a title that has two forms gets both (« Infirmier ou infirmière »);
        the other titles are used for everyone (« Masseur-kinésithérapeute »,
        « Orthophoniste »). A member's ``fonction`` gives the agreed form instead."""
        return _PROFESSIONS_PERSONNE.get(self.value, self.libelle)

    infirmier = "infirmier"
    masseur_kinesitherapeute = "masseur-kinesitherapeute"
    pedicure_podologue = "pedicure-podologue"
    orthophoniste = "orthophoniste"
    orthoptiste = "orthoptiste"


#: :attr:`Profession.libelle_personne` where it differs from the label.
_PROFESSIONS_PERSONNE = {"infirmier": "Infirmier ou infirmière"}


@libelles(
    {
        "affilie": "Affiliation CARPIMKO",
        "ayant_droit": "Ayant droit",
        "non_affilie": "Sans affiliation",
    }
)
class Statut(Choix):
    """A member's relation to the CARPIMKO, in three kinds (derived from :class:`Situation`)."""

    affilie = "affilie"
    ayant_droit = "ayant_droit"
    non_affilie = "non_affilie"


@libelles(
    {
        # Shown next to a member's name: épicène, with no parenthesis (the model records
        # no gender). Every situation but the last two is affiliated.
        "titulaire": "Titulaire du cabinet",
        "associe": "En association",
        "collaborateur": "En collaboration libérale",
        "remplacant": "En remplacement",
        "conjoint_collaborateur": "Statut de conjoint collaborateur",
        "retraite_cumul": "En cumul emploi-retraite",
        "ayant_droit": "Ayant droit",
        "non_affilie": "Sans affiliation à la CARPIMKO",
    }
)
class Situation(Choix):
    """A member's situation with the CARPIMKO: why they have an account, and whether they pay.

    Each one exists because the facts differ (``../shared/domain``, README « Situations »):
    titulaires, associés, collaborateurs and remplaçants are affiliated and pay their own
    contributions (remplaçants too, even for short replacements); a conjoint collaborateur
    is affiliated and pays their own; a retraité in cumul emploi-retraite keeps paying; an
    ayant droit (a deceased member's spouse…) has an account for benefits and pays nothing;
    a non-affilié (secretary, assistant) has no account.
    """

    titulaire = "titulaire"
    associe = "associe"
    collaborateur = "collaborateur"
    remplacant = "remplacant"
    conjoint_collaborateur = "conjoint_collaborateur"
    retraite_cumul = "retraite_cumul"
    ayant_droit = "ayant_droit"
    non_affilie = "non_affilie"

    @property
    def statut(self) -> Statut:
        """The coarse kind: affilié(e), ayant droit or non affilié(e)."""
        if self is Situation.ayant_droit:
            return Statut.ayant_droit
        if self is Situation.non_affilie:
            return Statut.non_affilie
        return Statut.affilie

    @property
    def a_un_compte(self) -> bool:
        """An account (Espace personnel) at the CARPIMKO: everyone but the non-affiliés."""
        return self is not Situation.non_affilie

    @property
    def cotise(self) -> bool:
        """Pays contributions (and so gets a yearly attestation): the affiliés."""
        return self.statut is Statut.affilie


@libelles(
    {
        "audit": "Audit trimestriel des accès",
        "test": "Test mensuel « Mot de passe oublié »",
        "attestation": "Attestation annuelle",
    }
)
class Controle(Choix):
    """A periodic check of a member's account, which a dispense can waive for that member."""

    audit = "audit"
    test = "test"
    attestation = "attestation"


@libelles(
    {"franceconnect": "FranceConnect", "numero_dossier": "Numéro de dossier"},
    phrases={"numero_dossier": "le numéro de dossier"},
)
class MethodeAcces(Choix):
    """How someone opens the Espace personnel."""

    franceconnect = "franceconnect"
    numero_dossier = "numero_dossier"


@libelles(
    {
        "quotidienne": "Quotidienne",
        "hebdomadaire": "Hebdomadaire",
        "mensuelle": "Mensuelle",
        "trimestrielle": "Trimestrielle",
        "semestrielle": "Semestrielle",
        "annuelle": "Annuelle",
        "selon_appel": "Selon l'appel de cotisations",
        "au_besoin": "Au besoin",
    }
)
class Frequence(Choix):
    """How often an action or a routine happens."""

    quotidienne = "quotidienne"
    hebdomadaire = "hebdomadaire"
    mensuelle = "mensuelle"
    trimestrielle = "trimestrielle"
    semestrielle = "semestrielle"
    annuelle = "annuelle"
    selon_appel = "selon_appel"
    au_besoin = "au_besoin"


#: Frequencies a calendar routine may have (they map to a recurrence rule).
FREQUENCES_ROUTINE = (
    Frequence.hebdomadaire,
    Frequence.mensuelle,
    Frequence.trimestrielle,
    Frequence.semestrielle,
    Frequence.annuelle,
)


@libelles({"mensuel": "Mensuel", "semestriel": "Semestriel", "annuel": "Annuel"})
class Rythme(Choix):
    """How often a member's contributions are paid."""

    mensuel = "mensuel"
    semestriel = "semestriel"
    annuel = "annuel"


@libelles(
    {
        "lundi": "lundi",
        "mardi": "mardi",
        "mercredi": "mercredi",
        "jeudi": "jeudi",
        "vendredi": "vendredi",
    }
)
class Jour(Choix):
    """A working day."""

    lundi = "lundi"
    mardi = "mardi"
    mercredi = "mercredi"
    jeudi = "jeudi"
    vendredi = "vendredi"


@libelles(
    {
        "connexion": "Se connecter",
        "acces-equipe": "Accès de l'équipe",
        "cotisations": "Cotisations et retraite",
        "attestations": "Attestations et archivage",
        "depannage": "Dépannage express",
        "support": "Contacter le Service client",
        "continuite": "Rôles et continuité",
        "securite": "Sécurité et conformité",
        "declaration-revenus": "Urssaf, CARPIMKO et déclaration des revenus",
        "installation": "Début d'activité et affiliation",
        "remplacants": "Remplaçants",
        "arret-de-travail": "Arrêt de travail long",
        "retard-de-paiement": "Retard de paiement",
        "rib-prelevement": "Changer de RIB ou de prélèvement",
        "cessation-retraite": "Cessation d'activité, retraite et cumul",
        "deces": "Décès d'un membre",
        "donnees-personnelles": "Données personnelles et délégations",
    }
)
class Partie(Choix):
    """The part of the handbook a procedure belongs to (one page each).

    The last nine are the « Situations particulières » (:attr:`situation_particuliere`):
    events of a member's life with the CARPIMKO that happen a few times in a career, not
    the daily work; a role's reflex card lists them as links instead of checklists.
    """

    connexion = "connexion"
    acces_equipe = "acces-equipe"
    cotisations = "cotisations"
    attestations = "attestations"
    depannage = "depannage"
    support = "support"
    continuite = "continuite"
    securite = "securite"
    declaration_revenus = "declaration-revenus"
    installation = "installation"
    remplacants = "remplacants"
    arret_de_travail = "arret-de-travail"
    retard_de_paiement = "retard-de-paiement"
    rib_prelevement = "rib-prelevement"
    cessation_retraite = "cessation-retraite"
    deces = "deces"
    donnees_personnelles = "donnees-personnelles"

    @property
    def situation_particuliere(self) -> bool:
        """A part of the « Situations particulières » section, not of the daily work."""
        return self in PARTIES_SITUATIONS


#: The parts of the « Situations particulières » section, in the navigation's order.
PARTIES_SITUATIONS: tuple[Partie, ...] = (
    Partie.declaration_revenus,
    Partie.installation,
    Partie.remplacants,
    Partie.arret_de_travail,
    Partie.retard_de_paiement,
    Partie.rib_prelevement,
    Partie.cessation_retraite,
    Partie.deces,
    Partie.donnees_personnelles,
)


@libelles(
    {
        "modification_rib": "Modification du RIB",
        "activation_prelevement": "Activation du prélèvement automatique",
        "arret_prelevement": "Arrêt du prélèvement automatique",
        "changement_email": "Changement de l'adresse e-mail de référence",
        "changement_acces": "Changement de méthode d'accès",
        "ouverture_delegation": "Ouverture d'une délégation d'accès",
        "fin_delegation": "Fin d'une délégation d'accès",
        "autre": "Autre changement sensible",
    }
)
class TypeChangement(Choix):
    """Kinds of sensitive change recorded in the journal."""

    modification_rib = "modification_rib"
    activation_prelevement = "activation_prelevement"
    arret_prelevement = "arret_prelevement"
    changement_email = "changement_email"
    changement_acces = "changement_acces"
    ouverture_delegation = "ouverture_delegation"
    fin_delegation = "fin_delegation"
    autre = "autre"


@libelles(
    {
        "le": "le (du …)",
        "la": "la (de la …)",
        "l'": "l' (de l'…)",
        "les": "les (des …)",
        "aucun": "aucun : nom propre (de …, d'…)",
    }
)
class Article(Choix):
    """The article of a practice's name after « de » (:func:`macros.texte.de_nom`)."""

    le = "le"
    la = "la"
    l_ = "l'"
    les = "les"
    aucun = "aucun"


def _choix(cls: type[Choix]) -> BeforeValidator:
    return BeforeValidator(cls.valider)


ArticleV = Annotated[Article, _choix(Article)]
ProfessionV = Annotated[Profession, _choix(Profession)]
StatutV = Annotated[Statut, _choix(Statut)]
SituationV = Annotated[Situation, _choix(Situation)]
ControleV = Annotated[Controle, _choix(Controle)]
MethodeAccesV = Annotated[MethodeAcces, _choix(MethodeAcces)]
FrequenceV = Annotated[Frequence, _choix(Frequence)]
RythmeV = Annotated[Rythme, _choix(Rythme)]
JourV = Annotated[Jour, _choix(Jour)]
PartieV = Annotated[Partie, _choix(Partie)]
TypeChangementV = Annotated[TypeChangement, _choix(TypeChangement)]

#: Upper bounds on list lengths, far above any practice (the example has 6 members and
#: 21 procedures), so that a pasted or generated file cannot make a build run for hours:
#: some pages grow with a list, and two steps of the build are quadratic in a page's
#: size (see the README, « Security »).
MAX_MEMBRES = 2000
MAX_ENTREES_JOURNAL = 5000
MAX_ELEMENTS = 500


def liste_vide() -> list[Any]:
    """The default of a list field: a new empty list.

    Not ``list`` itself: pydantic reads a default factory's signature at class creation,
    and the signature of a built-in is parsed from its text (with ``tokenize``), ten times
    slower: with 15 list fields, about 2.5 % of the handbook's import.
    """
    return []


Liste = Annotated[list[TexteCourt], Field(default_factory=liste_vide, max_length=MAX_ELEMENTS)]


class Modele(BaseModel):
    """Base of every data class: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


# --- cabinet.yml -------------------------------------------------------------------------


class Adresse(Modele):
    """A postal address."""

    rue: TexteCourt = Field(description="Numéro et rue, ou lignes d'adresse avant la ville.")
    complement: TexteCourt | None = Field(None, description="Complément (bâtiment, Cedex…).")
    code_postal: CodePostal = Field(
        description='Code postal sur 5 chiffres, entre guillemets : "59000".'
    )
    ville: TexteCourt = Field(description="Ville.")


class Identite(Modele):
    """Who the cabinet is."""

    nom: TexteCourt = Field(description="Nom du cabinet, tel qu'il apparaît partout.")
    article: ArticleV | None = Field(
        None,
        description="Article du nom quand il suit « de » : le (« du Cabinet… »), la (« de la "
        "Maison… »), l' (« de l'Espace… »), les (« des Kinés… ») ou aucun, pour un nom propre "
        "(« de Kiné Nord »). Vide : déduit du premier mot (Cabinet, Centre, Maison, Pôle, "
        "SCM… ; un autre mot : nom propre).",
    )
    professions: list[ProfessionV] = Field(
        max_length=MAX_ELEMENTS,
        min_length=1,
        description="Professions exercées au cabinet (une ou plusieurs).",
    )
    adresse: Adresse = Field(description="Adresse du cabinet.")
    telephone: Telephone | None = Field(None, description="Téléphone du cabinet.")
    email: Email | None = Field(
        None, description="Adresse e-mail générique du cabinet (pas une adresse personnelle)."
    )

    @property
    def de_nom(self) -> str:
        """The name after « de »: « du Cabinet infirmier des Tilleuls », « de Kiné Nord »."""
        return de_nom(self.nom, self.article.value if self.article else None)


class Caisse(Modele):
    """The CARPIMKO's contacts, as the cabinet has checked them."""

    nom: TexteCourt = Field("CARPIMKO", description="Nom court de la caisse.")
    nom_complet: TexteLong = Field(description="Nom complet de la caisse.")
    site: UrlWeb = Field(description="Site officiel, point de départ de toute connexion.")
    espace_personnel: UrlWeb = Field(
        description="Adresse de l'Espace personnel. Une adresse directe peut changer : "
        "en cas d'erreur, repartir du site officiel."
    )
    telephone: Telephone | None = Field(None, description="Téléphone de la caisse.")
    adresse_postale: Adresse | None = Field(None, description="Adresse postale de la caisse.")
    email_support: Email | None = Field(
        None,
        description="Adresse à qui écrire pour le Service client. Aucune adresse officielle "
        "n'a été confirmée : laissez vide tant que le cabinet ne l'a pas vérifiée "
        "(le manuel envoie alors vers l'Espace personnel et vers le courrier).",
    )
    verifie_le: DateISO | None = Field(
        None, description="Date à laquelle le cabinet a vérifié ces coordonnées."
    )


class Outils(Modele):
    """The cabinet's own tools, named so procedures can refer to them."""

    coffre_fort: TexteCourt = Field(
        description="Nom du coffre-fort de mots de passe de l'équipe "
        "(l'outil, jamais un mot de passe)."
    )
    logiciel_comptable: TexteCourt = Field(description="Logiciel comptable du cabinet.")
    agenda: TexteCourt = Field(description="Agenda partagé où arrivent les rappels.")
    archives: TexteCourt = Field(
        description="Emplacement des archives numériques (dossier partagé, classeur…)."
    )


class Archivage(Modele):
    """The file-naming convention for attestations and proofs."""

    modele_nom: TexteCourt = Field(
        "{annee}_{membre}_{document}.pdf",
        description="Modèle de nom de fichier. Champs possibles : {annee}, {membre}, "
        "{document}, {date}.",
    )
    documents: list[Identifiant] = Field(
        max_length=MAX_ELEMENTS,
        min_length=1,
        description="Types de documents archivés, tels qu'ils apparaissent dans le nom "
        "de fichier (ex. attestation-cotisations).",
    )
    dossiers: TexteCourt = Field(
        "{annee}/{membre}/",
        description="Arborescence des dossiers. Champs possibles : {annee}, {membre}.",
    )
    conservation: TexteCourt = Field(description="Durée de conservation choisie par le cabinet.")


class Version(Modele):
    """One published version of the handbook and what changed in it."""

    version: TexteCourt = Field(description="Numéro de version, par exemple 2.1.")
    date: DateISO = Field(description="Date de publication de cette version.")
    changements: list[TexteLong] = Field(
        max_length=MAX_ELEMENTS,
        min_length=1,
        description="Ce qui a changé, une phrase par changement.",
    )
    pages: list[Identifiant] = Field(
        max_length=MAX_ELEMENTS,
        default_factory=liste_vide,
        description="Pages concernées (ex. cotisations, equipe) ; vide : tout le manuel.",
    )


class Manuel(Modele):
    """The handbook's own document control."""

    version: TexteCourt = Field(description="Version du manuel, par exemple 2.1.")
    date_publication: DateISO = Field(description="Date de publication de cette version.")
    approbateur: Identifiant = Field(description="Identifiant du membre qui approuve le manuel.")
    prochaine_revue: DateISO = Field(description="Date de la prochaine revue du manuel.")
    historique: list[Version] = Field(
        max_length=MAX_ELEMENTS,
        default_factory=liste_vide,
        description="Les versions publiées, de la plus récente à la plus ancienne "
        "(page « Quoi de neuf »).",
    )


class FichierCabinet(Modele):
    """``data/cabinet.yml``: identity, the caisse's contacts, tools and document control."""

    cabinet: Identite
    caisse: Caisse
    outils: Outils
    archivage: Archivage
    manuel: Manuel


# --- roles.yml ---------------------------------------------------------------------------


class Role(Modele):
    """A role in the team, with what it does and must never do."""

    id: Identifiant = Field(description="Identifiant du rôle (ex. assistant).")
    nom: TexteCourt = Field(description="Nom affiché (ex. Assistant(e)).")
    description: TexteLong = Field(description="Le rôle en une ou deux phrases.")
    methode_acces: MethodeAccesV | None = Field(
        None, description="Méthode de connexion de ce rôle : franceconnect ou numero_dossier."
    )
    missions: Liste = Field(description="Ce que ce rôle fait.")
    droits: Liste = Field(description="Ce que ce rôle peut faire dans l'Espace personnel.")
    interdits: Liste = Field(description="Ce que ce rôle ne doit jamais faire.")
    escalade: list[Identifiant] = Field(
        max_length=MAX_ELEMENTS,
        default_factory=liste_vide,
        description="Rôles à qui remonter un problème, dans l'ordre, avant le Service client.",
    )


class FichierRoles(Modele):
    """``data/roles.yml``: the team's roles."""

    roles: list[Role] = Field(max_length=MAX_ELEMENTS, min_length=1)


# --- equipe.yml --------------------------------------------------------------------------


class Delegation(Modele):
    """Someone else's access to a member's Espace personnel."""

    membre: Identifiant = Field(description="Membre qui accède au compte (ex. l'assistant).")
    methode_acces: MethodeAccesV = Field(description="Méthode utilisée pour cet accès.")
    perimetre: Liste = Field(description="Ce que cette personne fait sur ce compte.")
    identifiants_au_coffre: bool = Field(
        True,
        description="Les identifiants sont rangés dans le coffre-fort de l'équipe "
        "(jamais écrits ailleurs).",
    )
    accord_le: DateISO | None = Field(
        None,
        description="Date de l'accord écrit du praticien pour cette délégation (son compte "
        "reste son affaire : le cabinet n'agit que par délégation).",
    )


class Applicabilite(Modele):
    """To whom a procedure or an e-mail template applies (empty lists: to everyone)."""

    situations: list[SituationV] = Field(
        max_length=MAX_ELEMENTS,
        default_factory=liste_vide,
        description="Situations concernées (vide : toutes).",
    )
    methodes_acces: list[MethodeAccesV] = Field(
        max_length=MAX_ELEMENTS,
        default_factory=liste_vide,
        description="Méthodes de connexion concernées (vide : toutes).",
    )

    def concerne(self, situation: Situation, methodes: Collection[MethodeAcces]) -> bool:
        """True for a member in ``situation`` who logs in with ``methodes`` (for their own
        account or by delegation)."""
        if self.situations and situation not in self.situations:
            return False
        return not self.methodes_acces or any(x in self.methodes_acces for x in methodes)


class Dispense(Modele):
    """A check that does not apply to one member, and why (shown on the member's page)."""

    controle: ControleV = Field(description="audit, test ou attestation.")
    motif: TexteCourt = Field(
        description="Pourquoi ce contrôle ne s'applique pas (ex. ne se connecte jamais)."
    )


class Interlocuteurs(Modele):
    """A member's other contacts (names of organisations, never personal data)."""

    mutuelle: TexteCourt | None = Field(None, description="Mutuelle (complémentaire santé).")
    prevoyance: TexteCourt | None = Field(None, description="Contrat de prévoyance.")
    comptable: TexteCourt | None = Field(None, description="Comptable ou AGA.")


class Paiement(Modele):
    """How a member pays contributions."""

    rythme: RythmeV = Field(description="mensuel, semestriel ou annuel.")
    prelevement: bool = Field(description="true si le prélèvement automatique est actif.")


class Attestation(Modele):
    """An attestation downloaded and archived for a year."""

    annee: Annotated[int, Field(ge=2000, le=2100)] = Field(description="Année concernée.")
    obtenue_le: DateISO | None = Field(None, description="Date du téléchargement.")


class Membre(Modele):
    """A person of the team."""

    id: Identifiant = Field(description="Identifiant (ex. claire-martin), utilisé dans les liens.")
    nom: TexteCourt = Field(description="Prénom et nom.")
    profession: ProfessionV | None = Field(
        None, description="Profession, pour les praticiens (vide pour l'assistant(e))."
    )
    fonction: TexteCourt | None = Field(
        None, description="Fonction affichée si ce n'est pas une profession (ex. assistante)."
    )
    situation: SituationV = Field(
        description="Situation auprès de la CARPIMKO : titulaire, associe, collaborateur, "
        "remplacant, conjoint_collaborateur, retraite_cumul, ayant_droit ou non_affilie."
    )
    ancien_membre: TexteCourt | None = Field(
        None,
        description="Pour un ayant droit : le praticien dont les droits sont issus (prénom et nom).",
    )
    roles: list[Identifiant] = Field(
        max_length=MAX_ELEMENTS,
        default_factory=liste_vide,
        description="Rôles tenus dans le manuel (aucun pour un ayant droit ou un remplaçant "
        "qui ne fait que son propre compte).",
    )
    arrivee: DateISO | None = Field(
        None,
        description="Date d'arrivée au cabinet ou d'affiliation : pas d'attestation attendue "
        "pour une année d'avant.",
    )
    depart: DateISO | None = Field(
        None,
        description="Date de départ : à partir de ce jour, le membre quitte les pages de "
        "l'équipe, la matrice et les calendriers ; le journal garde son historique.",
    )
    dispenses: list[Dispense] = Field(
        max_length=MAX_ELEMENTS,
        default_factory=liste_vide,
        description="Contrôles qui ne s'appliquent pas à ce membre, chacun avec son motif.",
    )
    methode_acces: MethodeAccesV | None = Field(
        None, description="Comment cette personne ouvre son propre Espace personnel."
    )
    delegations: list[Delegation] = Field(
        max_length=MAX_ELEMENTS,
        default_factory=liste_vide,
        description="Qui d'autre accède à ce compte, et comment.",
    )
    back_up: Identifiant | None = Field(None, description="Membre qui prend le relais.")
    interlocuteurs: Interlocuteurs = Field(default_factory=Interlocuteurs)
    paiement: Paiement | None = Field(None, description="Rythme et mode de paiement.")
    attestations: list[Attestation] = Field(
        max_length=MAX_ELEMENTS,
        default_factory=liste_vide,
        description="Attestations archivées, par année.",
    )
    dernier_audit_acces: DateISO | None = Field(
        None, description="Date du dernier audit de ses accès."
    )
    dernier_test_recuperation: DateISO | None = Field(
        None, description="Date du dernier test de la procédure « Mot de passe oublié »."
    )

    @property
    def statut_carpimko(self) -> Statut:
        """The coarse kind of :attr:`situation` (affilié(e), ayant droit, non affilié(e))."""
        return self.situation.statut

    @property
    def a_un_compte(self) -> bool:
        """True for members with a CARPIMKO account (every situation but non affilié)."""
        return self.situation.a_un_compte

    @property
    def cotise(self) -> bool:
        """True for members who pay contributions (the affiliés)."""
        return self.situation.cotise

    def present(self, jour: date) -> bool:
        """Still in the practice on ``jour`` (no departure date, or a later one)."""
        return self.depart is None or self.depart > jour

    def au_cabinet(self, jour: date) -> bool:
        """In the practice on ``jour``: arrived by then (or no arrival date) and not yet left."""
        return (self.arrivee is None or self.arrivee <= jour) and self.present(jour)

    def dispense(self, controle: Controle) -> Dispense | None:
        """The member's dispense from ``controle``, if any."""
        return next((d for d in self.dispenses if d.controle is controle), None)

    @property
    def fonction_affichee(self) -> str:
        """The profession's label, or the function for non-practitioners."""
        if self.fonction:
            return self.fonction
        return self.profession.libelle_personne if self.profession else ""


class FichierEquipe(Modele):
    """``data/equipe.yml``: the members."""

    membres: list[Membre] = Field(max_length=MAX_MEMBRES, min_length=1)


# --- calendrier.yml ----------------------------------------------------------------------


class Routine(Modele):
    """A recurring task."""

    id: Identifiant
    titre: TexteCourt
    frequence: FrequenceV = Field(
        description="hebdomadaire, mensuelle, trimestrielle, semestrielle ou annuelle."
    )
    semaine: Annotated[int, Field(ge=1, le=4)] = Field(
        1, description="Semaine du mois (1 à 4) où la tâche a lieu."
    )
    mois: list[Annotated[int, Field(ge=1, le=12)]] = Field(
        max_length=MAX_ELEMENTS,
        default_factory=liste_vide,
        description="Mois concernés (1 à 12) pour les routines trimestrielles, semestrielles "
        "ou annuelles.",
    )
    jour: JourV = Field(Jour.lundi, description="Jour de la semaine.")
    heure: Heure = Field(time(9, 0), description="Heure de début, par exemple 09:00.")
    role: Identifiant = Field(description="Rôle qui réalise la tâche.")
    procedure: Identifiant | None = Field(None, description="Procédure à suivre.")
    description: TexteLong | None = None


class Echeance(Modele):
    """A dated deadline of the year."""

    id: Identifiant
    date: DateISO
    heure: Heure = Field(time(9, 0))
    titre: TexteCourt
    role: Identifiant
    procedure: Identifiant | None = None
    description: TexteLong | None = None


class FichierCalendrier(Modele):
    """``data/calendrier.yml``: routines and this year's deadlines."""

    annee: Annotated[int, Field(ge=2000, le=2100)] = Field(description="Année des échéances.")
    rappel_jours_avant: Annotated[int, Field(ge=0, le=60)] = Field(
        7, description="Nombre de jours entre le rappel et l'échéance."
    )
    routines: list[Routine] = Field(max_length=MAX_ELEMENTS, default_factory=liste_vide)
    echeances: list[Echeance] = Field(max_length=MAX_ELEMENTS, default_factory=liste_vide)


# --- actions.yml -------------------------------------------------------------------------


def _raci(value: object) -> object:
    from macros.donnees.types import erreur

    if not isinstance(value, str) or not value or any(c not in "RACI" for c in value):
        raise erreur(
            "valeur.raci-invalide",
            f"code « {value} » invalide",
            "utilisez R, A, C ou I (ou une combinaison comme RA)",
        )
    if len(set(value)) != len(value):
        raise erreur("valeur.raci-invalide", f"code « {value} » : une lettre est répétée")
    return "".join(c for c in "RACI" if c in value)


Raci = Annotated[str, BeforeValidator(_raci)]


class Action(Modele):
    """A key action and who does what (RACI)."""

    id: Identifiant
    titre: TexteCourt
    valeur: TexteCourt = Field(description="Ce que l'action apporte au cabinet.")
    frequence: FrequenceV
    raci: dict[Identifiant, Raci] = Field(
        max_length=MAX_ELEMENTS,
        description="Pour chaque rôle concerné : R (réalise), A (approuve), C (consulté), "
        "I (informé).",
    )
    astuce: TexteCourt | None = Field(None, description="Astuce terrain.")
    procedure: Identifiant | None = None
    compte_personnel: bool = Field(
        False,
        description="Action sur le compte de chaque praticien (cotisations, prélèvement, RIB, "
        "retraite) : le rôle A en répond pour son propre compte, les autres agissent par "
        "délégation.",
    )
    continuite_de: Identifiant | None = Field(
        None,
        description="Pour un plan de continuité : le rôle absent qu'il remplace (qui ne peut "
        "pas en être le A).",
    )


class FichierActions(Modele):
    """``data/actions.yml``: the key actions as a RACI matrix."""

    actions: list[Action] = Field(max_length=MAX_ELEMENTS, min_length=1)


# --- procedures.yml ----------------------------------------------------------------------


class Etape(Modele):
    """One step of a procedure: one verb, one action."""

    texte: TexteLong = Field(description="L'étape, à l'impératif : « Ouvrez … ».")
    role: Identifiant | None = Field(None, description="Rôle qui fait cette étape.")
    astuce: TexteLong | None = None
    si_echec: TexteLong | None = Field(None, description="Que faire si l'étape échoue.")
    a_verifier: bool = Field(
        False,
        description="true si le fonctionnement décrit n'est pas confirmé par la CARPIMKO : "
        "le manuel affiche « à vérifier auprès de la CARPIMKO ».",
    )


class Procedure(Modele):
    """A procedure of the cabinet."""

    id: Identifiant
    titre: TexteCourt
    partie: PartieV = Field(description="Page du manuel où la procédure apparaît.")
    objectif: TexteLong
    roles: list[Identifiant] = Field(max_length=MAX_ELEMENTS, min_length=1)
    duree_minutes: Annotated[int, Field(ge=1, le=600)] = Field(
        description="Durée cible, en minutes."
    )
    prerequis: Liste
    etapes: list[Etape] = Field(max_length=MAX_ELEMENTS, min_length=1)
    a_conserver: Liste = Field(
        description="Ce qu'il faut garder une fois la procédure faite (accusé de réception, "
        "courrier, preuve de paiement…) : affiché « À conserver » après les étapes. Jamais "
        "de mot de passe ni de coordonnée bancaire."
    )
    liees: list[Identifiant] = Field(
        max_length=MAX_ELEMENTS, default_factory=liste_vide, description="Procédures liées."
    )
    s_applique_a: Applicabilite = Field(
        default_factory=Applicabilite,
        description="À qui la procédure s'applique, parmi les membres de ses rôles "
        "(situations, méthodes de connexion).",
    )
    controle: ControleV | None = Field(
        None,
        description="Contrôle périodique que cette procédure réalise (audit ou test) : le "
        "calendrier rappelle ce contrôle de chaque compte au rôle de ses routines.",
    )


class FichierProcedures(Modele):
    """``data/procedures.yml``."""

    procedures: list[Procedure] = Field(max_length=MAX_ELEMENTS, min_length=1)


# --- support.yml -------------------------------------------------------------------------


class ModeleEmail(Modele):
    """An e-mail template for the Service client."""

    id: Identifiant
    titre: TexteCourt
    objet: TexteCourt = Field(description="Objet, avec des champs comme {statut}.")
    corps: TexteLong = Field(description="Corps du message, avec des champs comme {nom}.")
    s_applique_a: Applicabilite = Field(
        default_factory=Applicabilite,
        description="À qui le modèle s'applique (situations, méthodes de connexion).",
    )


class FichierSupport(Modele):
    """``data/support.yml``: e-mail templates and what to attach, never include, and ask."""

    modeles: list[ModeleEmail] = Field(max_length=MAX_ELEMENTS, min_length=1)
    joindre: Liste = Field(description="Ce qu'il faut joindre.")
    ne_jamais_inclure: Liste = Field(description="Ce qu'il ne faut jamais mettre dans un e-mail.")
    demander: Liste = Field(description="Ce qu'il faut demander au Service client.")


# --- journal.yml -------------------------------------------------------------------------


class EntreeJournal(Modele):
    """A sensitive change (RIB, prélèvement…), with its second validation."""

    date: DateISO
    auteur: Identifiant = Field(description="Membre qui a fait le changement.")
    changement: TypeChangementV
    pour: Identifiant = Field(description="Membre dont le compte est concerné.")
    valide_par: Identifiant | None = Field(
        None,
        description="Membre qui a validé (une autre personne). Seul(e) au cabinet à cette date : "
        "laissez vide.",
    )
    details: TexteLong | None = Field(None, description="Précisions, sans donnée bancaire.")


class FichierJournal(Modele):
    """``data/journal.yml``: the journal of sensitive changes."""

    entrees: list[EntreeJournal] = Field(max_length=MAX_ENTREES_JOURNAL, default_factory=liste_vide)


# --- the whole handbook ------------------------------------------------------------------


class Handbook(Modele):
    """Every data file, validated and cross-checked. Built by :func:`macros.donnees.chargement.charger`."""

    cabinet: FichierCabinet
    roles: FichierRoles
    equipe: FichierEquipe
    calendrier: FichierCalendrier
    actions: FichierActions
    procedures: FichierProcedures
    support: FichierSupport
    journal: FichierJournal
    #: The product's facts about the CARPIMKO (``macros/donnees/faits-carpimko.yml``), the
    #: same for every practice: not a data file of the practice.
    carpimko: FichierFaitsCarpimko
    #: The date the handbook is built for (``HANDBOOK_TODAY`` or today).
    aujourdhui: date
    #: The private overlay, only in a private build (``None`` in a public build).
    prive: FichierPrive | None = None

    def prive_de(self, membre_id: str) -> DonneesPrivees | None:
        """The member's private details, if this is a private build and they exist."""
        return self.prive.membres.get(membre_id) if self.prive else None


#: Each data file and the class that reads it, in the order they are reported.
FICHIERS: dict[str, type[Modele]] = {
    "cabinet": FichierCabinet,
    "roles": FichierRoles,
    "equipe": FichierEquipe,
    "calendrier": FichierCalendrier,
    "actions": FichierActions,
    "procedures": FichierProcedures,
    "support": FichierSupport,
    "journal": FichierJournal,
}

__all__ = [
    "FICHIERS",
    "FREQUENCES_ROUTINE",
    "MAX_ELEMENTS",
    "MAX_ENTREES_JOURNAL",
    "MAX_MEMBRES",
    "PARTIES_SITUATIONS",
    "Action",
    "Article",
    "Handbook",
    "Membre",
    "MethodeAcces",
    "Partie",
    "Procedure",
    "Profession",
    "Role",
    "Routine",
    "Statut",
]
