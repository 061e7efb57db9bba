"""Write a data file as the shipped files are written: the form editor's saves.

The form editor (Decap CMS) sends a whole file, serialised by its own YAML library: no
comments, keys in whatever order its forms keep, times unquoted (``heure: 09:00``, which
a YAML 1.1 reader takes for 540), folded texts on one line. :func:`ecrire` writes the
same data the way the file on disk already is, so that a change in one field of the form
is a change of one line in the file:

* keys in the model's field order (:mod:`macros.donnees.modele`); the keys of a plain
  mapping (a RACI) in the file's order, new ones last;
* every value that did not change is written back **as it was written** (same quotes,
  same folding of a long text, same ``[a, b]`` list): an unchanged save is byte-identical;
* a changed or new value takes the style of the same field elsewhere in the file (times
  stay ``"09:00"``, ``roles`` stays a ``[…]`` list, a list of texts stays one item a line),
  else the plainest style that reads back the same under YAML 1.2 *and* YAML 1.1;
* comments and blank lines stay with the entry that follows them (an item of a list is
  known by its ``id``, so a comment follows its member when the list is reordered); the
  first line ``# yaml-language-server: $schema=…`` is kept, and re-added if missing;
* an optional field left empty in the form (``''``, ``[]``, ``null``) is left out,
  unless the file already wrote it so.

What is lost: a comment at the end of a line (``key: value  # …``), and the comments of
an entry that the form deletes.
"""

from __future__ import annotations

import datetime
import json
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from macros.donnees.chargement import ENTETE_SCHEMA
from macros.donnees.lecteur import ChargeurPur, lire_yaml, valeur_scalaire
from macros.donnees.modele import FICHIERS
from macros.donnees.types import deballer

__all__ = ["LARGEUR", "ecrire"]

#: The width up to which a folded text (``>-``) is wrapped, as in the shipped files.
LARGEUR = 100

#: An entry's place in a file: keys, and for a list item its ``("id", value)`` or index.
Ancre = tuple[Any, ...]

_VIDES: tuple[Any, ...] = (None, "", [], {})


@dataclass
class _Trace:
    """A node of the file on disk: its value, its text, what comes before it."""

    valeur: Any
    source: str
    style: str | bool | None
    colonne: int
    prefixe: list[str] = field(default_factory=list)
    cles: list[Any] = field(default_factory=list)


@dataclass
class _Original:
    """What the file on disk says, entry by entry (empty for a new file)."""

    entete: list[str] = field(default_factory=list)
    suffixe: list[str] = field(default_factory=list)
    traces: dict[Ancre, _Trace] = field(default_factory=dict)
    #: The style of a field wherever it appears (``membres.*.roles`` → flow list…).
    styles: dict[tuple[str, ...], str | bool | None] = field(default_factory=dict)
    #: Lists whose items (after the first) are separated by a blank line.
    aeres: set[tuple[str, ...]] = field(default_factory=set)


# --- reading the file on disk ------------------------------------------------------------


def _cle_item(noeud: yaml.Node, index: int) -> Any:
    """An item of a list is known by its id when it has one, else by its index."""
    if isinstance(noeud, yaml.MappingNode):
        for k, v in noeud.value:
            if k.value == "id" and isinstance(v, yaml.ScalarNode):
                return ("id", v.value)
    return index


def _valeur(noeud: yaml.Node) -> Any:
    if isinstance(noeud, yaml.ScalarNode):
        return valeur_scalaire(noeud)
    if isinstance(noeud, yaml.SequenceNode):
        return [_valeur(n) for n in noeud.value]
    return {valeur_scalaire(k): _valeur(v) for k, v in noeud.value}


class _Releve:
    """Walks the composed file once, in document order, and records every node."""

    def __init__(self, texte: str) -> None:
        self.lignes = texte.split("\n")
        self.occupees: set[int] = set()
        self.prises: set[int] = set()
        self.original = _Original()

    def source(self, noeud: yaml.Node) -> str:
        debut, fin = noeud.start_mark, noeud.end_mark
        if debut.line == fin.line:
            return self.lignes[debut.line][debut.column : fin.column]
        morceaux = [self.lignes[debut.line][debut.column :]]
        morceaux += self.lignes[debut.line + 1 : fin.line]
        morceaux.append(self.lignes[fin.line][: fin.column] if fin.line < len(self.lignes) else "")
        return "\n".join(morceaux).rstrip()

    def occuper(self, noeud: yaml.Node) -> None:
        if isinstance(noeud, yaml.ScalarNode):
            n = self.source(noeud).count("\n")
            self.occupees.update(range(noeud.start_mark.line, noeud.start_mark.line + n + 1))
        elif isinstance(noeud, yaml.SequenceNode):
            for n in noeud.value:
                self.occuper(n)
        elif isinstance(noeud, yaml.MappingNode):
            for k, v in noeud.value:
                self.occuper(k)
                self.occuper(v)
        self.occupees.add(noeud.start_mark.line)

    def prefixe(self, ligne: int) -> list[str]:
        """The blank and comment lines just above ``ligne`` that no other node took."""
        k = ligne - 1
        while k >= 0 and k not in self.occupees and k not in self.prises:
            texte = self.lignes[k].strip()
            if texte and not texte.startswith("#"):
                break
            k -= 1
        debut = k + 1
        self.prises.update(range(debut, ligne))
        return self.lignes[debut:ligne]

    def noeud(self, noeud: yaml.Node, ancre: Ancre, generique: tuple[str, ...], ligne: int) -> None:
        style: str | bool | None
        style = noeud.style if isinstance(noeud, yaml.ScalarNode) else bool(noeud.flow_style)
        trace = _Trace(
            _valeur(noeud),
            self.source(noeud),
            style,
            noeud.start_mark.column,
            self.prefixe(ligne),
        )
        self.original.traces[ancre] = trace
        self.original.styles.setdefault(generique, style)
        if isinstance(noeud, yaml.MappingNode):
            trace.cles = [valeur_scalaire(k) for k, _ in noeud.value]
            for k, v in noeud.value:
                cle = valeur_scalaire(k)
                self.noeud(v, (*ancre, cle), (*generique, str(cle)), k.start_mark.line)
        elif isinstance(noeud, yaml.SequenceNode):
            for i, item in enumerate(noeud.value):
                self.noeud(
                    item, (*ancre, _cle_item(item, i)), (*generique, "*"), item.start_mark.line
                )
                trace_item = self.original.traces[(*ancre, _cle_item(item, i))]
                if i and not noeud.flow_style and "" in (s.strip() for s in trace_item.prefixe):
                    self.original.aeres.add(generique)


def _relever(texte: str) -> _Original:
    try:
        racine = yaml.compose(texte, Loader=ChargeurPur)
    except yaml.YAMLError:
        racine = None
    if not isinstance(racine, yaml.MappingNode) or not racine.value:
        return _Original()
    releve = _Releve(texte)
    releve.occuper(racine)
    premiere = racine.start_mark.line
    releve.original.entete = releve.lignes[:premiere]
    releve.prises.update(range(premiere))
    releve.noeud(racine, (), (), premiere)
    derniere = max(releve.occupees)
    fin = releve.lignes[derniere + 1 :]
    while fin and not fin[-1].strip():
        fin.pop()
    releve.original.suffixe = fin
    return releve.original


# --- the model: which class describes each mapping ---------------------------------------


def _modele(tp: Any) -> type[BaseModel] | None:
    tp = deballer(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _element(tp: Any) -> Any:
    """The type of a list's items or of a mapping's values."""
    tp = deballer(tp)
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (list, tuple, set) and args:
        return args[0]
    if typing.get_origin(tp) is dict and len(args) == 2:
        return args[1]
    return None


def _champ(classe: type[BaseModel] | None, cle: Any) -> Any:
    if classe is None or cle not in classe.model_fields:
        return None
    return classe.model_fields[cle].annotation


# --- scalars ---------------------------------------------------------------------------------


def _relu_pareil(texte: str, valeur: str) -> bool:
    """``texte`` reads back as ``valeur`` with the handbook's reader *and* a YAML 1.1 reader."""
    doc, problemes = lire_yaml(texte, "(éditeur)")
    if problemes or doc is None:
        return False
    attendu = doc.data
    try:
        yaml11 = yaml.safe_load(texte)
    except yaml.YAMLError:
        return False
    return attendu == yaml11 or _date_pareille(attendu, yaml11, valeur)


def _date_pareille(attendu: Any, yaml11: Any, valeur: str) -> bool:
    """A date written plain (``2026-01-12``), as the shipped files write them: YAML 1.1
    reads a date, the handbook's reader the same date as text."""
    dedans = yaml11.get("k") if isinstance(yaml11, dict) else None
    if isinstance(dedans, list) and len(dedans) == 1:
        dedans = dedans[0]
    return (
        type(dedans) is datetime.date
        and dedans.isoformat() == valeur
        and attendu in ({"k": valeur}, {"k": [valeur]})
    )


def _nu_possible(valeur: str, flux: bool) -> bool:
    if not valeur or valeur != valeur.strip() or "\n" in valeur or not valeur.isprintable():
        return False
    if not _relu_pareil(f"k: {valeur}\n", valeur):
        return False
    return not flux or _relu_pareil(f"k: [{valeur}]\n", valeur)


def _guillemets_simples_possibles(valeur: str) -> bool:
    return "\n" not in valeur and valeur.isprintable()


def _plie(valeur: str, indent: int) -> list[str] | None:
    """A one-line text folded (``>-``) at :data:`LARGEUR`, or ``None`` if folding would change it."""
    if not valeur or "\n" in valeur or valeur != valeur.strip() or "  " in valeur:
        return None
    if not valeur.isprintable() or "\t" in valeur:
        return None
    lignes: list[str] = []
    courante = ""
    for mot in valeur.split(" "):
        if courante and indent + len(courante) + 1 + len(mot) > LARGEUR:
            lignes.append(courante)
            courante = mot
        else:
            courante = f"{courante} {mot}" if courante else mot
    lignes.append(courante)
    return [">-"] + [" " * indent + ligne for ligne in lignes]


def _litteral(valeur: str, indent: int) -> list[str] | None:
    """A text of several lines as a literal block (``|-`` or ``|``), or ``None``."""
    if "\n" not in valeur or valeur.startswith((" ", "\n")) or "\r" in valeur:
        return None
    corps = valeur
    if corps.endswith("\n"):
        if corps.endswith("\n\n"):
            return None
        indicateur, corps = "|", corps[:-1]
    else:
        indicateur = "|-"
    if any(not ligne.isprintable() for ligne in corps.split("\n")):
        return None
    return [indicateur] + [(" " * indent + ligne) if ligne else "" for ligne in corps.split("\n")]


def _indentation(source: str) -> int:
    """The indentation of a block scalar's first line of text."""
    for ligne in source.split("\n")[1:]:
        if ligne.strip():
            return len(ligne) - len(ligne.lstrip(" "))
    return -1


def _scalaire(
    valeur: Any, trace: _Trace | None, style: str | bool | None, indent: int, flux: bool
) -> list[str]:
    """The lines of a scalar value: the first goes after ``key: `` or ``- ``."""
    if (
        trace is not None
        and type(trace.valeur) is type(valeur)
        and trace.valeur == valeur
        and trace.style not in (True, False)
        and (not flux or trace.style not in ("|", ">"))
        and (trace.style not in ("|", ">") or _indentation(trace.source) == indent)
        and not trace.source.split("\n", 1)[0].endswith("+")
    ):
        return trace.source.split("\n")
    if valeur is None:
        return ["null"]
    if isinstance(valeur, bool):
        return ["true" if valeur else "false"]
    if isinstance(valeur, int | float):
        return [repr(valeur)]
    if isinstance(valeur, datetime.date):
        return [valeur.isoformat()]
    texte = str(valeur)
    prefere = trace.style if trace is not None else style
    candidats: list[str | None] = [prefere if isinstance(prefere, str) else None]
    candidats += ["|", None, '"'] if "\n" in texte else [None, '"']
    for candidat in candidats:
        if candidat is None:
            if _nu_possible(texte, flux):
                return [texte]
        elif candidat == "'":
            if _guillemets_simples_possibles(texte):
                return ["'" + texte.replace("'", "''") + "'"]
        elif candidat == '"':
            return [json.dumps(texte, ensure_ascii=False)]
        elif not flux and candidat == ">":
            plie = _plie(texte, indent)
            if plie is not None:
                return plie
        elif not flux and candidat == "|":
            litteral = _litteral(texte, indent)
            if litteral is not None:
                return litteral
    return [json.dumps(texte, ensure_ascii=False)]


# --- writing -------------------------------------------------------------------------------


@dataclass
class _Ecrivain:
    original: _Original

    def cles(self, valeur: dict[Any, Any], classe: type[BaseModel] | None, ancre: Ancre) -> list:
        """The keys to write, in order: the file's, new keys at their place in the model's order."""
        trace = self.original.traces.get(ancre)
        cles = [k for k in (trace.cles if trace else []) if k in valeur]
        if classe is None:
            cles += [k for k in valeur if k not in cles]
        else:
            rang = {k: i for i, k in enumerate(classe.model_fields)}
            nouvelles = [k for k in valeur if k not in cles]
            for k in sorted(nouvelles, key=lambda c: rang.get(c, len(rang))):
                if k not in rang:
                    cles.append(k)
                    continue
                apres = [i for i, c in enumerate(cles) if rang.get(c, len(rang)) > rang[k]]
                cles.insert(apres[0] if apres else len(cles), k)
        gardees = []
        for k in cles:
            v = valeur[k]
            champ = classe.model_fields.get(k) if classe is not None else None
            if champ is not None and not champ.is_required() and _vide(v):
                deja = self.original.traces.get((*ancre, k))
                if deja is None or deja.valeur != v:
                    continue
            gardees.append(k)
        return gardees

    def flux(self, valeur: Any, ancre: Ancre, generique: tuple[str, ...]) -> str:
        """A value in flow style (``[a, b]``, ``{k: v}``)."""
        trace = self.original.traces.get(ancre)
        if trace is not None and trace.style is True and trace.valeur == valeur:
            return trace.source
        if isinstance(valeur, list):
            items = [
                self.flux(v, (*ancre, _cle_valeur(v, i)), (*generique, "*"))
                for i, v in enumerate(valeur)
            ]
            return "[" + ", ".join(items) + "]"
        if isinstance(valeur, dict):
            morceaux = []
            for k, v in valeur.items():
                cle = _scalaire(k, None, None, 0, True)[0]
                morceaux.append(f"{cle}: {self.flux(v, (*ancre, k), (*generique, str(k)))}")
            return "{" + ", ".join(morceaux) + "}"
        style = self.original.styles.get(generique)
        return _scalaire(valeur, trace, style, 0, True)[0]

    def en_flux(self, valeur: Any, ancre: Ancre, generique: tuple[str, ...]) -> bool:
        """Whether a list or mapping is written ``[…]``/``{…}``: empty, or so in the file."""
        if not isinstance(valeur, list | dict):
            return False
        if not valeur:
            return True
        trace = self.original.traces.get(ancre)
        style = trace.style if trace is not None else self.original.styles.get(generique)
        return style is True

    def entree(
        self,
        tete: str,
        valeur: Any,
        indent: int,
        ancre: Ancre,
        generique: tuple[str, ...],
        annotation: Any,
    ) -> list[str]:
        """``tete`` (``key:`` or ``-``) and its value, at column ``indent``."""
        marge = " " * indent
        if self.en_flux(valeur, ancre, generique):
            return [f"{marge}{tete} {self.flux(valeur, ancre, generique)}"]
        if isinstance(valeur, dict):
            item = tete == "-"
            lignes = self.mapping(
                valeur, indent + 2, ancre, generique, _modele(annotation), item=item
            )
            if item:
                # The item's first key goes on the dash's line.
                premiere = lignes[0]
                return [f"{marge}- {premiere[indent + 2 :]}", *lignes[1:]]
            return [f"{marge}{tete}", *lignes]
        if isinstance(valeur, list):
            lignes = [f"{marge}{tete}"]
            element = _element(annotation)
            for i, item in enumerate(valeur):
                cle = _cle_valeur(item, i)
                lignes += self.avant((*ancre, cle), (*generique, "*"), i, generique)
                lignes += self.entree(
                    "-", item, indent + 2, (*ancre, cle), (*generique, "*"), element
                )
            return lignes
        trace = self.original.traces.get(ancre)
        style = self.original.styles.get(generique)
        texte = _scalaire(valeur, trace, style, indent + 2, False)
        if texte[0] == "" and len(texte) == 1:
            return [f"{marge}{tete}"]
        return [f"{marge}{tete} {texte[0]}", *texte[1:]]

    def avant(
        self, ancre: Ancre, generique: tuple[str, ...], index: int, liste: tuple[str, ...] | None
    ) -> list[str]:
        """The comment and blank lines that come before an entry."""
        trace = self.original.traces.get(ancre)
        prefixe = list(trace.prefixe) if trace is not None else []
        if (
            liste is not None
            and index > 0
            and liste in self.original.aeres
            and not any(not ligne.strip() for ligne in prefixe)
        ):
            prefixe.insert(0, "")
        return prefixe

    def mapping(
        self,
        valeur: dict[Any, Any],
        indent: int,
        ancre: Ancre,
        generique: tuple[str, ...],
        classe: type[BaseModel] | None,
        *,
        item: bool = False,
    ) -> list[str]:
        lignes: list[str] = []
        for rang, k in enumerate(self.cles(valeur, classe, ancre)):
            # The first key of a list item shares the dash's line: nothing before it.
            if rang or not item:
                lignes += self.avant((*ancre, k), (*generique, str(k)), rang, None)
            cle = _scalaire(k, None, None, 0, True)[0]
            lignes += self.entree(
                f"{cle}:",
                valeur[k],
                indent,
                (*ancre, k),
                (*generique, str(k)),
                _champ(classe, k),
            )
        return lignes


def _valeurs(valeur: list[Any] | dict[Any, Any]) -> list[Any]:
    return list(valeur.values()) if isinstance(valeur, dict) else list(valeur)


def _vide(valeur: Any) -> bool:
    return any(valeur == v and type(valeur) is type(v) for v in _VIDES)


def _cle_valeur(item: Any, index: int) -> Any:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return ("id", item["id"])
    return index


def ecrire(nom: str, donnees: dict[str, Any], original: str | None, entete: str) -> str:
    """The text of the data file ``nom`` (``equipe``…) holding ``donnees``.

    ``original`` is the file's current text (``None`` for a new file): its styles,
    comments and blank lines are kept (see the module's docstring). ``entete`` is the
    ``# yaml-language-server: $schema=…`` line written first when the file has none.
    """
    trace = _relever(original) if original else _Original()
    ecrivain = _Ecrivain(trace)
    classe = FICHIERS.get(nom)
    lignes: list[str] = list(trace.entete)
    if not lignes or not ENTETE_SCHEMA.match(lignes[0]):
        lignes.insert(0, entete)
        if len(lignes) == 1:
            lignes.append("")
    lignes += ecrivain.mapping(donnees, 0, (), (), classe)
    lignes += trace.suffixe
    return "\n".join(lignes) + "\n"


def entete_par_defaut(nom: str, dossier: Path) -> str:
    """The ``$schema`` line of ``<dossier>/<nom>.yml`` (:func:`macros.sorties.schemas.entete`)."""
    from macros.sorties.schemas import entete

    return entete(nom, dossier)
