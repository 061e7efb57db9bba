"""What every rule uses: the registry, the parsed files, references, uniqueness, templates.

A rule is a function of :class:`Donnees` that yields :class:`Constat` objects: where the
problem is and what to say. It never chooses its code: :meth:`Regle.appliquer` gives every
finding the code the rule was registered with, so that a code always means one check.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from macros.donnees.codes import CODES
from macros.donnees.lecteur import DocumentYaml
from macros.donnees.modele import (
    FICHIERS,
    FichierActions,
    FichierCabinet,
    FichierCalendrier,
    FichierEquipe,
    FichierJournal,
    FichierProcedures,
    FichierRoles,
    FichierSupport,
)
from macros.donnees.problemes import Probleme
from macros.donnees.types import suggestion
from macros.texte import slug

__all__ = [
    "REGLES",
    "Chemin",
    "Constat",
    "Donnees",
    "Regle",
    "accolade_isolee",
    "champs_modele",
    "defauts_modele",
    "en_double",
    "membre_inconnu",
    "procedure_inconnue",
    "regle",
    "repetes",
    "role_inconnu",
]

Chemin = tuple[Any, ...]


class Constat(NamedTuple):
    """One problem found by a rule, before it gets the rule's code.

    Attributes:
        fichier: The data file's name (``equipe``), one the rule declared.
        chemin: The path of the faulty value in that file.
        message: What is wrong, in French.
        conseil: How to fix it, in French (may be empty).
        cle: Point at the key rather than at its value.
        avertissement: A warning: reported, but the build goes on.
        extrait: A piece of the value to point at (a ``{champ}`` inside a template).
    """

    fichier: str
    chemin: Chemin
    message: str
    conseil: str = ""
    cle: bool = False
    avertissement: bool = False
    extrait: str | None = None


class Donnees:
    """The data files a rule reads; each file a rule declares is present.

    A file that could not be read as YAML is absent: the rules that need it are not run,
    the others still are, so that every independent problem is reported at once. A file
    that its schema refused in part is present with what passed
    (:mod:`macros.donnees.partiel`): a rule walks its lists with :meth:`elements`, which
    gives each valid item with its index in the file as written. What the refused items say
    is still known from the file as written (:meth:`bruts`): the ids and the roles held
    that rules compare against (:attr:`role_ids`, :attr:`roles_tenus`…) include theirs, so
    that a reference to a refused item is never reported as unknown.
    """

    def __init__(
        self,
        docs: dict[str, DocumentYaml],
        files: dict[str, Any],
        aujourdhui: date,
        indices: dict[str, dict[Chemin, list[int]]] | None = None,
        complets: set[str] | None = None,
    ) -> None:
        self.docs = docs
        self.aujourdhui = aujourdhui
        #: For each file read in part, the index in the file of each item kept in its lists.
        self.indices = indices or {}
        #: The files that passed their schema whole.
        self.complets = set(files) if complets is None else complets
        self.fichiers = files
        self.cabinet: FichierCabinet = files.get("cabinet")  # type: ignore[assignment]
        self.roles: FichierRoles = files.get("roles")  # type: ignore[assignment]
        self.equipe: FichierEquipe = files.get("equipe")  # type: ignore[assignment]
        self.calendrier: FichierCalendrier = files.get("calendrier")  # type: ignore[assignment]
        self.actions: FichierActions = files.get("actions")  # type: ignore[assignment]
        self.procedures: FichierProcedures = files.get("procedures")  # type: ignore[assignment]
        self.support: FichierSupport = files.get("support")  # type: ignore[assignment]
        self.journal: FichierJournal = files.get("journal")  # type: ignore[assignment]

    def nom_fichier(self, nom: str) -> str:
        """How messages name the data file ``nom`` (``roles``): in the real data folder."""
        doc = self.docs.get(nom)
        if doc is not None:
            return doc.fichier
        autre = next(iter(self.docs.values()), None)
        if autre is not None and "/" in autre.fichier:
            return f"{autre.fichier.rsplit('/', 1)[0]}/{nom}.yml"
        return f"{nom}.yml"

    def elements(self, fichier: str, *liste: str) -> list[tuple[int, Any]]:
        """The valid items of the list at ``liste`` in ``fichier`` (``"equipe", "membres"``),
        each with its index in the file as written (the one its messages point at)."""
        items: Any = self.fichiers[fichier]
        for cle in liste:
            items = getattr(items, cle, None) if items is not None else None
        if items is None:  # a group of keys the schema refused
            return []
        rangs = self.indices.get(fichier, {}).get(liste)
        return list(zip(rangs, items, strict=True)) if rangs is not None else list(enumerate(items))

    def bruts(self, fichier: str, *liste: str) -> list[tuple[int, dict[str, Any]]]:
        """Every item of that list as written, valid or not (groups of keys only), with its index."""
        doc = self.docs.get(fichier)
        data: Any = doc.data if doc is not None else None
        for cle in liste:
            data = data.get(cle) if isinstance(data, dict) else None
        if not isinstance(data, list):
            return []
        return [(i, x) for i, x in enumerate(data) if isinstance(x, dict)]

    def _ids(self, fichier: str, liste: str, valides: Iterable[str]) -> tuple[set[str], bool]:
        """The ids of a list, the items the schema refused included, and whether they are
        all known: an item with no id at all could be the one a reference means.

        An id the schema refused (« Erreur 404 ») counts with the form it will likely be
        fixed into (« erreur-404 »), so that a reference to that form is not reported.
        """
        ids = set(valides)
        certain = True
        doc = self.docs.get(fichier)
        items = doc.data.get(liste) if doc is not None and isinstance(doc.data, dict) else None
        for x in items if isinstance(items, list) else ():
            ident = x.get("id") if isinstance(x, dict) else None
            if isinstance(ident, str):
                ids |= {ident, slug(ident, defaut=ident)}
            else:
                certain = False
        return ids, certain

    @functools.cached_property
    def _roles(self) -> tuple[set[str], bool]:
        return self._ids("roles", "roles", (r.id for r in self.roles.roles))

    @functools.cached_property
    def _membres(self) -> tuple[set[str], bool]:
        return self._ids("equipe", "membres", (m.id for m in self.equipe.membres))

    @functools.cached_property
    def _procedures(self) -> tuple[set[str], bool]:
        return self._ids("procedures", "procedures", (p.id for p in self.procedures.procedures))

    @property
    def role_ids(self) -> set[str]:
        """The ids of ``roles.yml``, refused items included (a rule using them declares ``roles``)."""
        return self._roles[0]

    @property
    def membre_ids(self) -> set[str]:
        """The ids of ``equipe.yml``, refused items included (a rule using them declares ``equipe``)."""
        return self._membres[0]

    @property
    def procedure_ids(self) -> set[str]:
        """The ids of ``procedures.yml``, refused items included (a rule using them declares
        ``procedures``)."""
        return self._procedures[0]

    @functools.cached_property
    def roles_tenus(self) -> set[str] | None:
        """The roles some member still in the practice holds (a member who left on the
        build date or before holds none), refused members included (``equipe``); ``None``
        when a refused member's roles cannot be read (not a list of ids): nothing can then
        be said of a role without a holder until that member is fixed."""
        tenus = {r for m in self.equipe.membres if m.present(self.aujourdhui) for r in m.roles}
        for _, m in self.bruts("equipe", "membres"):
            if _parti(m.get("depart"), self.aujourdhui):
                continue
            roles = m.get("roles", [])
            if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
                return None
            tenus |= set(roles)
        return tenus

    def autre_au_cabinet(self, membre_id: str, jour: date) -> bool:
        """Someone other than ``membre_id`` is in the practice on ``jour`` (arrived, not left).

        A member the schema refused counts as there: what it will say once fixed is not
        known, and an error kept is better than a warning that turns into one later.
        """
        if any(m.id != membre_id and m.au_cabinet(jour) for m in self.equipe.membres):
            return True
        return any(ident != membre_id for ident in self._membres_refuses)

    @functools.cached_property
    def _membres_refuses(self) -> list[object]:
        """The ids (as written, ``None`` if none) of the members the schema refused."""
        if "equipe" in self.complets:
            return []
        valides = {m.id for m in self.equipe.membres}
        ids = [x.get("id") for _, x in self.bruts("equipe", "membres")]
        return [i for i in ids if i not in valides]


FonctionRegle = Callable[[Donnees], Iterable[Constat]]


@dataclass(frozen=True)
class Regle:
    """A registered rule: its code, the files it needs, and the function that checks them.

    ``complets`` are the files the rule needs whole: a rule that draws a conclusion from a
    whole list (« no procedure for this part ») would be wrong on the valid part of it.
    """

    code: str
    fichiers: tuple[str, ...]
    fonction: FonctionRegle
    complets: tuple[str, ...] = ()

    @property
    def nom(self) -> str:
        """The function's name, to tell the rules apart in a test report."""
        return self.fonction.__name__

    def applicable(self, donnees: Donnees) -> bool:
        """True when every file the rule reads is there (whole, for :attr:`complets`)."""
        return all(f in donnees.fichiers for f in self.fichiers) and all(
            f in donnees.complets for f in self.complets
        )

    def appliquer(self, donnees: Donnees) -> list[Probleme]:
        """Run the rule: every finding, located in its file and carrying the rule's code."""
        return [
            donnees.docs[c.fichier].probleme(
                c.chemin,
                c.message,
                c.conseil,
                code=self.code,
                key=c.cle,
                warn=c.avertissement,
                extrait=c.extrait,
            )
            for c in self.fonction(donnees)
        ]


#: Every rule, in the order the modules register them (the report is sorted anyway).
REGLES: list[Regle] = []


def regle(
    code: str, *, fichiers: tuple[str, ...], complets: tuple[str, ...] = ()
) -> Callable[[FonctionRegle], FonctionRegle]:
    """Register the decorated function as a rule with ``code``, run when ``fichiers`` were
    read (whole or in part; whole for those of ``complets``).

    Several rules may share a code when they make the same check in different files
    (``identifiants.en-double``).
    """
    if code not in CODES:  # programming errors, caught as soon as the module is imported
        raise ValueError(f"unregistered problem code {code!r}")
    inconnus = (set(fichiers) | set(complets)) - set(FICHIERS)
    if inconnus or not fichiers or not set(complets) <= set(fichiers):
        raise ValueError(f"rule {code}: bad data files {sorted(inconnus) or '(none)'}")

    def register(fonction: FonctionRegle) -> FonctionRegle:
        REGLES.append(Regle(code, fichiers, fonction, complets))
        return fonction

    return register


# --- references and uniqueness ---------------------------------------------------------


def _reference(
    fichier: str,
    path: Chemin,
    value: str | None,
    connus: tuple[set[str], bool],
    kind: str,
    where: str,
    *,
    cle: bool = False,
    feminin: bool = False,
) -> Iterator[Constat]:
    known, certain = connus
    # Not certain: an item of that list has no id yet, and could be the one meant.
    if value is None or value in known or not certain:
        return
    e = "e" if feminin else ""
    yield Constat(
        fichier,
        path,
        f"{kind} « {value} » inconnu{e}",
        f"{kind}s défini{e}s dans {where} : {', '.join(sorted(known)) or 'aucun' + e}"
        + suggestion(value, sorted(known)),
        cle=cle,
    )


def role_inconnu(
    d: Donnees, fichier: str, path: Chemin, value: str | None, *, cle: bool = False
) -> Iterator[Constat]:
    """A role id that ``roles.yml`` does not define."""
    return _reference(fichier, path, value, d._roles, "rôle", d.nom_fichier("roles"), cle=cle)


def membre_inconnu(d: Donnees, fichier: str, path: Chemin, value: str | None) -> Iterator[Constat]:
    """A member id that ``equipe.yml`` does not define."""
    return _reference(fichier, path, value, d._membres, "membre", d.nom_fichier("equipe"))


def procedure_inconnue(
    d: Donnees, fichier: str, path: Chemin, value: str | None
) -> Iterator[Constat]:
    """A procedure id that ``procedures.yml`` does not define."""
    return _reference(
        fichier,
        path,
        value,
        d._procedures,
        "procédure",
        d.nom_fichier("procedures"),
        feminin=True,
    )


def en_double(
    d: Donnees, fichier: str, liste: str, ids: Iterable[tuple[Chemin, str]]
) -> Iterator[Constat]:
    """Every id of ``ids`` already used earlier in the same list."""
    seen: dict[str, Chemin] = {}
    for path, value in ids:
        if value in seen:
            first = d.docs[fichier].position(seen[value])
            yield Constat(
                fichier,
                path,
                f"identifiant « {value} » en double dans {liste} (déjà utilisé ligne {first.ligne})",
                "donnez un identifiant différent à chaque élément",
            )
        else:
            seen[value] = path


# --- templates with {champ} fields ------------------------------------------------------


def _parti(depart: object, jour: date) -> bool:
    """A departure date as written (text: the reader keeps dates as text) on or before ``jour``."""
    try:
        return date.fromisoformat(str(depart)) <= jour
    except ValueError:
        return False


def repetes(valeurs: Iterable[object]) -> Iterator[int]:
    """The positions of the values already seen earlier in ``valeurs``."""
    vus: set[object] = set()
    for i, valeur in enumerate(valeurs):
        if valeur in vus:
            yield i
        vus.add(valeur)


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


def defauts_modele(
    fichier: str, path: Chemin, texte: str, possibles: Iterable[str], exemple: str
) -> Iterator[Constat]:
    """The faults of the ``{champ}`` fields of a template, each pointing at the faulty field."""
    possibles = list(possibles)
    isolee = accolade_isolee(texte)
    if isolee is not None:
        index, message = isolee
        yield Constat(
            fichier,
            path,
            message,
            f"écrivez les champs sous la forme {exemple} ; pour une accolade seule, "
            "doublez-la ({{ ou }})",
            extrait=_extrait(texte, index),
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
        yield Constat(fichier, path, "champ mal écrit", conseil)
        return
    for name, spec, conv in champs:
        if spec or conv:
            # The renderer uses str.format_map: a conversion or a format spec
            # would change the output or break the build.
            ecrit = "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
            yield Constat(
                fichier,
                path,
                f"champ « {ecrit} » mal écrit",
                f"écrivez seulement {{{name}}}" if name in possibles else conseil,
                extrait="{" + name,
            )
        elif name not in possibles:
            yield Constat(
                fichier,
                path,
                f"champ « {{{name}}} » inconnu",
                "champs possibles : "
                + ", ".join("{" + c + "}" for c in possibles)
                + suggestion(name, possibles),
                extrait="{" + name,
            )
