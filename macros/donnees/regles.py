"""Rules that span several data files: references, unique ids, RACI, back-ups.

:func:`verifier` returns every problem at once; it never stops at the first.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from macros.donnees.catalogue import PAGES, TITRES, page_membre, page_remplacee, page_role, url_de
from macros.donnees.lecteur import YamlDocument
from macros.donnees.modele import (
    FREQUENCES_ROUTINE,
    FichierActions,
    FichierCabinet,
    FichierCalendrier,
    FichierEquipe,
    FichierJournal,
    FichierProcedures,
    FichierRoles,
    FichierSupport,
    Frequence,
    Partie,
    Statut,
)
from macros.donnees.problemes import Probleme
from macros.donnees.types import suggestion

__all__ = ["CHAMPS_ARCHIVAGE", "CHAMPS_EMAIL", "champs_modele", "verifier"]

#: Fields a support template may use, and what each means.
CHAMPS_EMAIL: dict[str, str] = {
    "nom": "prénom et nom du membre",
    "statut": "statut CARPIMKO (Affilié(e), Ayant droit)",
    "profession": "profession du membre",
    "methode_acces": "méthode de connexion (FranceConnect ou Numéro de dossier)",
    "numero_dossier": "numéro de dossier (donnée privée)",
    "email": "adresse e-mail de référence (donnée privée)",
    "cabinet": "nom du cabinet",
    "date": "date et heure de l'incident, à compléter au moment de l'envoi",
    "message_erreur": "message d'erreur affiché, à copier au moment de l'envoi",
}

#: Fields of the archive file-name template.
CHAMPS_ARCHIVAGE = ("annee", "membre", "document", "date")


def champs_modele(texte: str) -> list[str]:
    """Names of the ``{champ}`` fields in ``texte``. Raises ``ValueError`` if braces are unbalanced."""
    return [name for _, name, _, _ in string.Formatter().parse(texte) if name is not None]


def accolade_isolee(texte: str) -> tuple[int, str] | None:
    """The first brace of ``texte`` that is not part of a ``{champ}``: ``(index, message)``.

    ``{{`` and ``}}`` stand for a brace on its own. Returns ``None`` when every
    brace is balanced.
    """
    i = 0
    while i < len(texte):
        char = texte[i]
        if texte.startswith(("{{", "}}"), i):
            i += 2
            continue
        if char == "}":
            return i, "accolade « } » sans accolade « { » avant elle"
        if char == "{":
            fin = texte.find("}", i + 1)
            ouvre = texte.find("{", i + 1)
            if fin < 0 or 0 <= ouvre < fin or "\n" in texte[i:fin]:
                return i, "accolade « { » jamais fermée"
            i = fin + 1
            continue
        i += 1
    return None


def _extrait(texte: str, index: int) -> str:
    """The text from ``index`` to the end of its line: what to look for in the file."""
    fin = texte.find("\n", index)
    return texte[index : fin if fin >= 0 else len(texte)]


class _Checker:
    def __init__(self, docs: dict[str, YamlDocument], files: dict[str, Any], today: date) -> None:
        self.docs = docs
        self.today = today
        self.present = set(files)
        # A file that failed to parse is absent: rules that need it are skipped, the
        # others still run, so that every independent problem is reported at once.
        self.cabinet: FichierCabinet = files.get("cabinet")  # type: ignore[assignment]
        self.roles: FichierRoles = files.get("roles")  # type: ignore[assignment]
        self.equipe: FichierEquipe = files.get("equipe")  # type: ignore[assignment]
        self.calendrier: FichierCalendrier = files.get("calendrier")  # type: ignore[assignment]
        self.actions: FichierActions = files.get("actions")  # type: ignore[assignment]
        self.procedures: FichierProcedures = files.get("procedures")  # type: ignore[assignment]
        self.support: FichierSupport = files.get("support")  # type: ignore[assignment]
        self.journal: FichierJournal = files.get("journal")  # type: ignore[assignment]
        self.out: list[Probleme] = []
        self.role_ids = {r.id for r in self.roles.roles} if self.roles else None
        self.membre_ids = {m.id for m in self.equipe.membres} if self.equipe else None
        self.procedure_ids = {p.id for p in self.procedures.procedures} if self.procedures else None

    def need(self, *names: str) -> bool:
        return all(n in self.present for n in names)

    # -- helpers -----------------------------------------------------------------------------

    def add(
        self,
        fichier: str,
        path: tuple[Any, ...],
        message: str,
        conseil: str = "",
        *,
        key: bool = False,
        warn: bool = False,
    ) -> None:
        self.out.append(self.docs[fichier].probleme(path, message, conseil, key=key, warn=warn))

    def ref(
        self,
        fichier: str,
        path: tuple[Any, ...],
        value: str | None,
        known: set[str] | None,
        kind: str,
        where: str,
        *,
        key: bool = False,
        feminin: bool = False,
    ) -> None:
        if value is None or known is None or value in known:
            return
        e = "e" if feminin else ""
        self.add(
            fichier,
            path,
            f"{kind} « {value} » inconnu{e}",
            f"{kind}s défini{e}s dans {where} : {', '.join(sorted(known)) or 'aucun' + e}"
            + suggestion(value, sorted(known)),
            key=key,
        )

    def role(
        self, fichier: str, path: tuple[Any, ...], value: str | None, *, key: bool = False
    ) -> None:
        self.ref(fichier, path, value, self.role_ids, "rôle", "data/roles.yml", key=key)

    def membre(self, fichier: str, path: tuple[Any, ...], value: str | None) -> None:
        self.ref(fichier, path, value, self.membre_ids, "membre", "data/equipe.yml")

    def procedure(self, fichier: str, path: tuple[Any, ...], value: str | None) -> None:
        self.ref(
            fichier,
            path,
            value,
            self.procedure_ids,
            "procédure",
            "data/procedures.yml",
            feminin=True,
        )

    def unique(self, fichier: str, liste: str, ids: Iterable[tuple[tuple[Any, ...], str]]) -> None:
        seen: dict[str, tuple[Any, ...]] = {}
        for path, value in ids:
            if value in seen:
                first = self.docs[fichier].position(seen[value])
                self.add(
                    fichier,
                    path,
                    f"identifiant « {value} » en double dans {liste} (déjà utilisé ligne {first.ligne})",
                    "donnez un identifiant différent à chaque élément",
                )
            else:
                seen[value] = path

    # -- the rules ---------------------------------------------------------------------------

    def run(self) -> list[Probleme]:
        self.ids()
        if self.need("cabinet"):
            self.cabinet_rules()
        if self.need("roles", "equipe"):
            self.role_rules()
        if self.need("equipe"):
            self.membre_rules()
        if self.need("calendrier"):
            self.calendrier_rules()
        if self.need("actions"):
            self.action_rules()
        if self.need("procedures"):
            self.procedure_rules()
        if self.need("support"):
            self.support_rules()
        if self.need("journal"):
            self.journal_rules()
        return self.out

    def ids(self) -> None:
        for i, r in enumerate(self.roles.roles if self.roles else ()):
            self.id_de_page(
                "roles", ("roles", i, "id"), r.id, page_role(r.id), "le nom du rôle (secretariat)"
            )
        for i, m in enumerate(self.equipe.membres if self.equipe else ()):
            self.id_de_page(
                "equipe",
                ("membres", i, "id"),
                m.id,
                page_membre(m.id),
                "le prénom et le nom (claire-martin)",
            )
        lists: list[tuple[str, str, list[Any]]] = []
        if self.roles:
            lists.append(("roles", "roles", self.roles.roles))
        if self.equipe:
            lists.append(("equipe", "membres", self.equipe.membres))
        if self.actions:
            lists.append(("actions", "actions", self.actions.actions))
        if self.procedures:
            lists.append(("procedures", "procedures", self.procedures.procedures))
        if self.support:
            lists.append(("support", "modeles", self.support.modeles))
        for fichier, key, items in lists:
            self.unique(fichier, key, (((key, i, "id"), item.id) for i, item in enumerate(items)))
        if self.calendrier:
            cal = [(("routines", i, "id"), r.id) for i, r in enumerate(self.calendrier.routines)]
            cal += [(("echeances", i, "id"), e.id) for i, e in enumerate(self.calendrier.echeances)]
            self.unique("calendrier", "routines et echeances", cal)

    def cabinet_rules(self) -> None:
        self.membre("cabinet", ("manuel", "approbateur"), self.cabinet.manuel.approbateur)
        for name, champ in (
            ("modele_nom", self.cabinet.archivage.modele_nom),
            ("dossiers", self.cabinet.archivage.dossiers),
        ):
            self.modele("cabinet", ("archivage", name), champ, CHAMPS_ARCHIVAGE, "{annee}")
        manuel = self.cabinet.manuel
        for i, version in enumerate(manuel.historique):
            for j, page in enumerate(version.pages):
                if page not in PAGES:
                    self.add(
                        "cabinet",
                        ("manuel", "historique", i, "pages", j),
                        f"page « {page} » inconnue",
                        f"pages possibles : {', '.join(PAGES)}" + suggestion(page, list(PAGES)),
                    )
        if manuel.historique and manuel.version not in {v.version for v in manuel.historique}:
            self.add(
                "cabinet",
                ("manuel", "version"),
                f"la version {manuel.version} n'apparaît pas dans « historique »",
                "ajoutez-la en tête de l'historique, avec ce qui a changé, pour la page Quoi de neuf",
                warn=True,
            )

    def id_de_page(
        self, fichier: str, path: tuple[Any, ...], ident: str, src: str, exemple: str
    ) -> None:
        """An id whose generated page would replace a page of the site is refused."""
        remplacee = page_remplacee(src)
        if remplacee is None:
            return
        self.add(
            fichier,
            path,
            f"identifiant « {ident} » réservé : sa page ({url_de(src)}index.html) remplacerait "
            f"la page « {TITRES[remplacee]} » ({url_de(PAGES[remplacee])}index.html)",
            f"choisissez un autre identifiant, par exemple {exemple}",
        )

    def role_rules(self) -> None:
        holders = Counter(r for m in self.equipe.membres for r in m.roles)
        for i, role in enumerate(self.roles.roles):
            for j, cible in enumerate(role.escalade):
                self.role("roles", ("roles", i, "escalade", j), cible)
                if cible == role.id:
                    self.add(
                        "roles",
                        ("roles", i, "escalade", j),
                        "un rôle ne peut pas remonter vers lui-même",
                    )
            if role.id not in holders:
                self.add(
                    "roles",
                    ("roles", i, "id"),
                    f"aucun membre n'a le rôle « {role.id} »",
                    "attribuez-le à un membre dans data/equipe.yml (clé roles) ou retirez ce rôle",
                )

    def membre_rules(self) -> None:
        for i, m in enumerate(self.equipe.membres):
            base = ("membres", i)
            for j, r in enumerate(m.roles):
                self.role("equipe", (*base, "roles", j), r)
            if len(set(m.roles)) != len(m.roles):
                self.add(
                    "equipe", (*base, "roles"), "un rôle est répété", "gardez chaque rôle une fois"
                )
            if m.back_up is not None:
                self.membre("equipe", (*base, "back_up"), m.back_up)
                if m.back_up == m.id:
                    self.add(
                        "equipe",
                        (*base, "back_up"),
                        "un membre ne peut pas être son propre back-up",
                        "choisissez une autre personne de l'équipe",
                    )
            elif m.statut_carpimko is Statut.affilie:
                self.add(
                    "equipe",
                    base,
                    f"« {m.id} » est affilié(e) mais n'a pas de back-up",
                    "ajoutez « back_up: <identifiant d'un autre membre> »",
                    key=True,
                )
            if m.est_cotisant and m.methode_acces is None:
                self.add(
                    "equipe",
                    base,
                    f"« {m.id} » a un compte CARPIMKO mais aucune méthode d'accès",
                    "ajoutez « methode_acces: franceconnect » ou « methode_acces: numero_dossier »",
                    key=True,
                )
            if m.statut_carpimko is Statut.affilie and m.paiement is None:
                self.add(
                    "equipe",
                    base,
                    f"« {m.id} » est affilié(e) mais son mode de paiement manque",
                    "ajoutez « paiement: » avec « rythme: » et « prelevement: »",
                    key=True,
                )
            if not m.est_cotisant:
                for champ in ("methode_acces", "paiement", "delegations", "attestations"):
                    if getattr(m, champ):
                        self.add(
                            "equipe",
                            (*base, champ),
                            f"« {m.id} » n'est pas affilié(e) : pas de compte CARPIMKO, donc pas de « {champ} »",
                            "retirez cette clé, ou corrigez statut_carpimko",
                            key=True,
                        )
            if m.profession is None and not m.fonction:
                self.add(
                    "equipe",
                    base,
                    f"« {m.id} » n'a ni profession ni fonction",
                    "ajoutez « profession: » (praticien) ou « fonction: » (ex. Assistante administrative)",
                    key=True,
                )
            seen: set[str] = set()
            for j, d in enumerate(m.delegations):
                self.membre("equipe", (*base, "delegations", j, "membre"), d.membre)
                if d.membre == m.id:
                    self.add(
                        "equipe",
                        (*base, "delegations", j, "membre"),
                        "un membre n'a pas besoin de délégation sur son propre compte",
                        "retirez cette délégation",
                    )
                if d.membre in seen:
                    self.add(
                        "equipe",
                        (*base, "delegations", j, "membre"),
                        f"délégation à « {d.membre} » en double",
                    )
                seen.add(d.membre)
            years: set[int] = set()
            for j, a in enumerate(m.attestations):
                if a.annee in years:
                    self.add(
                        "equipe", (*base, "attestations", j, "annee"), f"année {a.annee} en double"
                    )
                years.add(a.annee)

    def calendrier_rules(self) -> None:
        expected = {
            Frequence.trimestrielle: 4,
            Frequence.semestrielle: 2,
            Frequence.annuelle: 1,
        }
        for i, r in enumerate(self.calendrier.routines):
            base = ("routines", i)
            self.role("calendrier", (*base, "role"), r.role)
            self.procedure("calendrier", (*base, "procedure"), r.procedure)
            if r.frequence not in FREQUENCES_ROUTINE:
                self.add(
                    "calendrier",
                    (*base, "frequence"),
                    f"fréquence « {r.frequence.value} » impossible pour une routine du calendrier",
                    f"valeurs possibles : {', '.join(f.value for f in FREQUENCES_ROUTINE)}",
                )
                continue
            n = expected.get(r.frequence)
            if n is None and r.mois:
                self.add(
                    "calendrier",
                    (*base, "mois"),
                    f"une routine {r.frequence.libelle.lower()} n'a pas de « mois »",
                    "retirez la clé mois",
                    key=True,
                )
            elif n is not None and len(r.mois) != n:
                self.add(
                    "calendrier",
                    (*base, "mois"),
                    f"une routine {r.frequence.libelle.lower()} a {n} mois dans l'année, "
                    f"pas {len(r.mois)}",
                    f"écrivez par exemple « mois: {[1, 4, 7, 10][:n] if n != 2 else [1, 7]} »",
                    key=bool(r.mois),
                )
            if len(set(r.mois)) != len(r.mois):
                self.add("calendrier", (*base, "mois"), "un mois est répété")
        for i, e in enumerate(self.calendrier.echeances):
            base = ("echeances", i)
            self.role("calendrier", (*base, "role"), e.role)
            self.procedure("calendrier", (*base, "procedure"), e.procedure)
            if e.date.year != self.calendrier.annee:
                self.add(
                    "calendrier",
                    (*base, "date"),
                    f"échéance en {e.date.year}, hors de l'année {self.calendrier.annee} du calendrier",
                    "vérifiez l'année, ou mettez à jour « annee: »",
                    warn=True,
                )

    def action_rules(self) -> None:
        holders = {r for m in self.equipe.membres for r in m.roles} if self.equipe else None
        for i, a in enumerate(self.actions.actions):
            base = ("actions", i)
            self.procedure("actions", (*base, "procedure"), a.procedure)
            for role_id in a.raci:
                self.role("actions", (*base, "raci", role_id), role_id, key=True)
            accountable = [r for r, code in a.raci.items() if "A" in code]
            if not accountable:
                self.add(
                    "actions",
                    (*base, "raci"),
                    f"l'action « {a.id} » n'a aucun rôle A",
                    "ajoutez A au rôle qui approuve l'action et en rend compte (un seul par action)",
                    key=True,
                )
            elif len(accountable) > 1:
                self.add(
                    "actions",
                    (*base, "raci"),
                    f"l'action « {a.id} » a {len(accountable)} rôles A "
                    f"({', '.join(accountable)}) au lieu d'un seul",
                    "gardez A pour un seul de ces rôles : un seul rôle approuve chaque action",
                    key=True,
                )
            responsible = [r for r, code in a.raci.items() if "R" in code]
            if not responsible:
                self.add(
                    "actions",
                    (*base, "raci"),
                    f"l'action « {a.id} » n'a aucun rôle R",
                    "indiquez au moins un rôle qui réalise l'action (R)",
                    key=True,
                )
            for r in responsible:
                if (
                    holders is not None
                    and self.role_ids
                    and r in self.role_ids
                    and r not in holders
                ):
                    self.add(
                        "actions",
                        (*base, "raci", r),
                        f"le rôle « {r} » réalise (R) l'action « {a.id} » mais aucun membre n'a ce rôle",
                        "attribuez ce rôle à un membre dans data/equipe.yml",
                        key=True,
                    )

    def procedure_rules(self) -> None:
        parties = Counter(p.partie for p in self.procedures.procedures)
        for i, p in enumerate(self.procedures.procedures):
            base = ("procedures", i)
            for j, r in enumerate(p.roles):
                self.role("procedures", (*base, "roles", j), r)
            for j, e in enumerate(p.etapes):
                self.role("procedures", (*base, "etapes", j, "role"), e.role)
            for j, lien in enumerate(p.liees):
                self.procedure("procedures", (*base, "liees", j), lien)
                if lien == p.id:
                    self.add(
                        "procedures",
                        (*base, "liees", j),
                        "une procédure ne peut pas renvoyer vers elle-même",
                    )
        for partie in Partie:
            if partie not in parties and partie is not Partie.support:
                self.add(
                    "procedures",
                    ("procedures",),
                    f"aucune procédure pour la partie « {partie.value} » ({partie.libelle})",
                    "la page correspondante du manuel n'aura pas de procédure",
                    key=True,
                    warn=True,
                )

    def support_rules(self) -> None:
        for i, m in enumerate(self.support.modeles):
            for champ in ("objet", "corps"):
                self.modele(
                    "support", ("modeles", i, champ), getattr(m, champ), list(CHAMPS_EMAIL), "{nom}"
                )

    def modele(
        self,
        fichier: str,
        path: tuple[Any, ...],
        texte: str,
        possibles: Iterable[str],
        exemple: str,
    ) -> None:
        """Check the ``{champ}`` fields of a template, pointing at the faulty one."""
        possibles = list(possibles)
        isolee = accolade_isolee(texte)
        if isolee is not None:
            index, message = isolee
            self.out.append(
                self.docs[fichier].probleme(
                    path,
                    message,
                    f"écrivez les champs sous la forme {exemple} ; pour une accolade seule, "
                    "doublez-la ({{ ou }})",
                    extrait=_extrait(texte, index),
                )
            )
            return
        conseil = f"écrivez les champs sous la forme {exemple}, sans « : » ni « ! »"
        try:
            champs = [
                (name, spec, conv)
                for _, name, spec, conv in string.Formatter().parse(texte)
                if name is not None
            ]
        except ValueError:
            self.out.append(self.docs[fichier].probleme(path, "champ mal écrit", conseil))
            return
        for name, spec, conv in champs:
            if spec or conv:
                # The renderer uses str.format_map: a conversion or a format spec
                # would change the output or break the build.
                ecrit = (
                    "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
                )
                self.out.append(
                    self.docs[fichier].probleme(
                        path,
                        f"champ « {ecrit} » mal écrit",
                        f"écrivez seulement {{{name}}}" if name in possibles else conseil,
                        extrait="{" + name,
                    )
                )
            elif name not in possibles:
                self.out.append(
                    self.docs[fichier].probleme(
                        path,
                        f"champ « {{{name}}} » inconnu",
                        "champs possibles : "
                        + ", ".join("{" + c + "}" for c in possibles)
                        + suggestion(name, possibles),
                        extrait="{" + name,
                    )
                )

    def journal_rules(self) -> None:
        for i, e in enumerate(self.journal.entrees):
            base = ("entrees", i)
            self.membre("journal", (*base, "auteur"), e.auteur)
            self.membre("journal", (*base, "pour"), e.pour)
            self.membre("journal", (*base, "valide_par"), e.valide_par)
            if e.valide_par == e.auteur:
                self.add(
                    "journal",
                    (*base, "valide_par"),
                    f"« {e.auteur} » valide son propre changement",
                    "un changement sensible est validé par une autre personne que son auteur : "
                    "indiquez le membre qui a fait la seconde validation",
                )
            if e.date > self.today:
                self.add(
                    "journal",
                    (*base, "date"),
                    f"date future ({e.date.isoformat()})",
                    "le journal ne contient que des changements déjà faits",
                    warn=True,
                )


#: The marker of a value still to fill in (``make new-cabinet`` writes them).
A_COMPLETER = "à compléter"
#: A postal code that stands for « à compléter » (the field must hold five digits).
CODE_POSTAL_A_COMPLETER = "00000"


def a_completer(doc: YamlDocument) -> list[Probleme]:
    """A warning for each value still marked « À compléter » (or postal code 00000)."""
    out: list[Probleme] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))
        elif isinstance(value, str) and (
            A_COMPLETER in value.lower()
            or (path and path[-1] == "code_postal" and value == CODE_POSTAL_A_COMPLETER)
        ):
            out.append(
                doc.probleme(
                    path,
                    f"valeur à compléter (« {value} »)",
                    "remplacez-la par la valeur du cabinet",
                    warn=True,
                )
            )

    walk(doc.data, ())
    return out


def verifier(docs: dict[str, YamlDocument], files: dict[str, Any], today: date) -> list[Probleme]:
    """Every cross-file problem in already-parsed data files, and the values still to fill in."""
    out = _Checker(docs, files, today).run()
    for doc in docs.values():
        out.extend(a_completer(doc))
    return out
