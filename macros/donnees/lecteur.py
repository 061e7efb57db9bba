"""A strict YAML reader that remembers where every key and value came from.

It differs from ``yaml.safe_load`` where that one would surprise a cabinet:

* every key and value keeps its ``line:column``, so messages can point at it
  (even at a word inside a long text, see :meth:`DocumentYaml.position`);
* a duplicated key is an error, not a silent overwrite;
* anchors/aliases (``&x`` / ``*x``) are refused before the document is built:
  they are never needed in the handbook's data and are the vehicle of
  "billion laughs" bombs;
* explicit tags (``!!python/object``, ``!perso``…) are refused;
* only plain YAML 1.2 scalars are recognised: ``yes``/``no``/``off`` stay text,
  ``8:30`` stays text (not 510), ``0612345678`` stays text, and dates stay text
  until the schema reads them;
* a list item indented one space too far, which YAML silently glues to the
  previous item's text, is reported;
* the file must be a regular UTF-8 file and not absurdly large.

Errors are :class:`~macros.donnees.problemes.Probleme` objects in French; PyYAML's own
(English) messages are never shown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from macros.donnees.problemes import Probleme, format_chemin

__all__ = [
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_FILE_BYTES",
    "MAX_KEY",
    "ChargeurPur",
    "DocumentYaml",
    "Position",
    "lire_yaml",
    "valeur_scalaire",
]

#: Refuse files over this size: a handbook's data for a large group fits in far less.
MAX_FILE_BYTES = 8 * 1024 * 1024

#: Items in one list or keys in one group, whatever the file: far above the model's own
#: limits (:data:`macros.donnees.modele.MAX_MEMBRES`…), it stops a runaway file before validation.
MAX_ELEMENTS = 10_000

#: Refuse deeper nesting: the handbook's data is at most 6 levels deep.
MAX_DEPTH = 40

#: Refuse longer keys: keys are field names and identifiers.
MAX_KEY = 100

Chemin_ = tuple[str | int, ...]

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader with YAML 1.2-style implicit types only."""


# Replace every implicit resolver by a small, predictable set.
_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$"),
    list("-+0123456789"),
)

_YAML_TAG = "tag:yaml.org,2002:"
_STR = _YAML_TAG + "str"
#: Explicit tags a file may carry: ``!`` and ``!!str`` (both mean "text"), ``!!map``, ``!!seq``.
_ALLOWED_EXPLICIT_TAGS = {"!", _STR, _YAML_TAG + "map", _YAML_TAG + "seq"}


class Position(NamedTuple):
    """A 1-based line and column in a file.

    A named tuple rather than a frozen dataclass: one is made for every key and value
    of every file, and a tuple is several times cheaper to build.
    """

    ligne: int
    colonne: int


@dataclass
class DocumentYaml:
    """A parsed YAML file and where each of its parts came from.

    Attributes:
        fichier: The file's name as shown in messages.
        data: The parsed content (plain dicts, lists and scalars).
        valeurs: Position of the value found at each path.
        cles: Position of the key that introduces each path (mappings only).
        source: The file's text, to locate a word inside a value.
        etendues: ``(start, end)`` character offsets in ``source`` of each value.
        signales: Paths already refused by an earlier check (a password key, see
            :mod:`macros.donnees.motsdepasse`): the schema does not report them again.
    """

    fichier: str
    data: Any
    valeurs: dict[Chemin_, Position] = field(default_factory=dict)
    cles: dict[Chemin_, Position] = field(default_factory=dict)
    source: str = ""
    etendues: dict[Chemin_, tuple[int, int]] = field(default_factory=dict)
    signales: set[Chemin_] = field(default_factory=set)

    def position(self, path: Chemin_, *, key: bool = False, extrait: str | None = None) -> Position:
        """Best position for ``path``: exact if known, else its closest known parent.

        With ``extrait``, the position of that piece of text inside the value at
        ``path`` (for example the ``{champ}`` of a template on the fifth line of a
        block of text), or the value's own position if it cannot be found.
        """
        if extrait and not key and path in self.etendues:
            start, end = self.etendues[path]
            found = self.source.find(extrait, start, end)
            if found >= 0:
                return self.position_du_caractere(found)
        table = self.cles if key else self.valeurs
        for cut in range(len(path), -1, -1):
            sub = tuple(path[:cut])
            if sub in table:
                return table[sub]
            if sub in self.valeurs:
                return self.valeurs[sub]
        return Position(1, 1)

    def position_du_caractere(self, index: int) -> Position:
        """Line and column of the character at ``index`` in :attr:`source`."""
        return _position(self.source, index)

    def probleme(
        self,
        path: Chemin_,
        message: str,
        conseil: str = "",
        *,
        code: str,
        key: bool = False,
        warn: bool = False,
        extrait: str | None = None,
    ) -> Probleme:
        """Build a :class:`Probleme` with ``code``, located at ``path`` (or at ``extrait`` inside it)."""
        pos = self.position(path, key=key, extrait=extrait)
        return self.probleme_a(pos, path, message, conseil, code=code, warn=warn)

    def probleme_a(
        self,
        pos: Position,
        path: Chemin_,
        message: str,
        conseil: str = "",
        *,
        code: str,
        warn: bool = False,
    ) -> Probleme:
        """A :class:`Probleme` with ``code`` at the known position ``pos`` of ``path``."""
        return Probleme(
            self.fichier,
            pos.ligne,
            pos.colonne,
            format_chemin(path),
            message,
            conseil,
            code=code,
            avertissement=warn,
        )


def _position(text: str, index: int) -> Position:
    index = max(0, min(index, len(text)))
    line_start = text.rfind("\n", 0, index) + 1
    return Position(text.count("\n", 0, index) + 1, index - line_start + 1)


def _marque(node: yaml.Node | yaml.Event) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _tag(tag: str) -> str:
    """A tag as the user wrote it: ``!!python/object`` rather than its full form."""
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


# --- first pass: events --------------------------------------------------------------


def _evenements_yaml(fichier: str, text: str) -> list[Probleme]:
    """Refuse anchors, aliases and explicit tags, before anything is built.

    Streams the parser's events, so a "billion laughs" file is refused at its
    first anchor without ever being expanded.
    """
    out: list[Probleme] = []
    if not any(c in text for c in "&*!"):
        # An anchor needs « & », an alias « * » and a tag « ! »: nothing to look for.
        return out
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            pos = _marque(event)
            is_alias = isinstance(event, yaml.AliasEvent)
            nom = f"*{event.anchor}" if is_alias else f"&{event.anchor}"
            out.append(
                Probleme(
                    fichier,
                    pos.ligne,
                    pos.colonne,
                    "",
                    f"{'alias' if is_alias else 'ancre'} YAML « {nom} » refusé"
                    + ("" if is_alias else "e"),
                    "les ancres et alias (« &nom », « *nom ») ne sont pas acceptés dans les "
                    "données du manuel : recopiez la valeur à chaque endroit ; pour un texte "
                    "qui commence par « & » ou « * », mettez-le entre guillemets",
                    code="yaml.ancre",
                )
            )
            # One is enough: the rest of an alias bomb is not even read.
            break
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_EXPLICIT_TAGS:
            pos = _marque(event)
            out.append(
                Probleme(
                    fichier,
                    pos.ligne,
                    pos.colonne,
                    "",
                    f"étiquette YAML « {_tag(tag)} » refusée",
                    "retirez l'étiquette commençant par « ! » et écrivez une valeur simple ; "
                    "pour un texte qui commence par « ! », mettez-le entre guillemets",
                    code="yaml.etiquette",
                )
            )
    return out


# --- second pass: the document, with positions ---------------------------------------


class _Constructeur:
    def __init__(self, doc: DocumentYaml) -> None:
        self.doc = doc
        self.lines = doc.source.split("\n")
        self.out: list[Probleme] = []

    def add(self, pos: Position, path: Chemin_, message: str, conseil: str, code: str) -> None:
        self.out.append(self.doc.probleme_a(pos, path, message, conseil, code=code))

    def build(self, node: yaml.Node, path: Chemin_) -> Any:
        # Called for every value of every file: kept lean (a thousand members make 50,000 calls).
        if len(path) > MAX_DEPTH:
            raise _TropProfond(_marque(node))
        debut, fin = node.start_mark, node.end_mark
        self.doc.valeurs[path] = Position(debut.line + 1, debut.column + 1)
        self.doc.etendues[path] = (debut.index, fin.index)
        kind = type(node)
        if kind is yaml.ScalarNode:
            if fin.line > debut.line:
                self.element_de_liste_colle(node, path)
            return node.value if node.tag == _STR else _scalaire(node)
        if len(node.value) > MAX_ELEMENTS:
            self.add(
                _marque(node),
                path,
                f"trop d'éléments ({len(node.value)} ; {MAX_ELEMENTS} au maximum)",
                "un fichier du manuel n'en contient jamais autant : vérifiez qu'il n'a pas été "
                "collé ou généré plusieurs fois",
                "yaml.trop-d-elements",
            )
            return [] if kind is yaml.SequenceNode else {}
        if kind is yaml.MappingNode:
            return self.mapping(node, path)
        return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]

    def mapping(self, node: yaml.MappingNode, path: Chemin_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.add(
                    _marque(key_node),
                    path,
                    "clé complexe refusée",
                    "une clé est un simple mot suivi de deux-points, par exemple « nom: »",
                    "yaml.cle-complexe",
                )
                continue
            key = str(key_node.value)
            here = _marque(key_node)
            if len(key) > MAX_KEY:
                self.add(
                    here,
                    path,
                    f"clé trop longue ({len(key)} caractères ; {MAX_KEY} au maximum)",
                    "une clé est un simple mot suivi de deux-points, par exemple « nom: » ; "
                    "un long texte va après les deux-points",
                    "yaml.cle-trop-longue",
                )
                continue
            if not key.isprintable():
                self.add(
                    here,
                    path,
                    "clé avec un caractère invisible (retour à la ligne, tabulation…)",
                    "une clé est un simple mot suivi de deux-points, par exemple « nom: »",
                    "yaml.cle-invisible",
                )
                continue
            if key in out:
                first = self.doc.cles[(*path, key)]
                where = f"ligne {first.ligne}"
                if first.ligne == here.ligne:
                    where += f", colonne {first.colonne}"
                self.add(
                    here,
                    (*path, key),
                    f"clé « {key} » en double (déjà définie {where})",
                    "gardez une seule de ces deux lignes : YAML ne garderait que la dernière",
                    "yaml.cle-en-double",
                )
                continue
            self.doc.cles[(*path, key)] = here
            out[key] = self.build(value_node, (*path, key))
        return out

    def element_de_liste_colle(self, node: yaml.ScalarNode, path: Chemin_) -> None:
        """Report ``- x`` indented too far, which YAML reads as the end of the text above."""
        if node.style not in (None, "") or node.end_mark.line <= node.start_mark.line:
            return
        for n in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(self.lines))):
            line = self.lines[n]
            stripped = line.lstrip(" ")
            if stripped == "-" or stripped.startswith("- "):
                self.add(
                    Position(n + 1, len(line) - len(stripped) + 1),
                    path,
                    "élément de liste mal aligné, lu comme la suite du texte "
                    f"de la ligne {node.start_mark.line + 1}",
                    "alignez ce « - » exactement sur celui des autres éléments de la liste",
                    "yaml.element-lu-comme-texte",
                )
                return


class ChargeurPur(yaml.SafeLoader):
    """PyYAML's pure-Python loader with the same implicit types as :func:`lire_yaml`.

    Its marks count characters (libyaml's may not): the form editor's writer
    (:mod:`macros.editeur.ecriture`) cuts a file's text by them.
    """


ChargeurPur.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def valeur_scalaire(node: yaml.ScalarNode) -> Any:
    """The value :func:`lire_yaml` gives a scalar node (text, number, boolean or ``None``)."""
    return _scalaire(node)


class _TropProfond(Exception):
    def __init__(self, position: Position) -> None:
        self.position = position


def _scalaire(node: yaml.ScalarNode) -> Any:
    value = node.value
    tag = node.tag
    try:
        if tag == _YAML_TAG + "null":
            return None
        if tag == _YAML_TAG + "bool":
            return value.lower() == "true"
        if tag == _YAML_TAG + "int":
            return int(value)
        if tag == _YAML_TAG + "float":
            return float(value)
    except ValueError:  # only through an explicit tag, which the first pass refuses
        return value
    return value


# --- PyYAML's errors, in French --------------------------------------------------------

_TAB = "remplacez les tabulations par des espaces : YAML n'accepte que des espaces pour indenter"
_ALIGN = "alignez cette ligne sur les autres clés du même niveau (mêmes espaces au début)"
_LISTE = "chaque élément de la liste commence par « - » au même niveau d'indentation"
_QUOTE_ALL = (
    'mettez toute la valeur entre guillemets, par exemple « titre: "Relance : attestation 2025" »'
)


def _caractere(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else ""


def _ligne_de(text: str, line0: int) -> str:
    lines = text.split("\n")
    return lines[line0] if 0 <= line0 < len(lines) else ""


def _commence_la_ligne(text: str, index: int) -> bool:
    start = text.rfind("\n", 0, index) + 1
    return text[start:index].strip(" ") in ("", "-")


_VALUE_START = re.compile(r"^\s*(?:-\s+)?([^\s:#][^:#]*):\s+(\S.*?)\s*(?:#.*)?$")


def _exemple_entre_guillemets(line: str) -> str:
    """Advice to quote the value of ``line``, with the corrected line when it is short."""
    match = _VALUE_START.match(line)
    if match and len(match.group(2)) <= 60:
        key, value = match.group(1), match.group(2)
        if '"' not in value:
            return f'mettez toute la valeur entre guillemets : « {key}: "{value}" »'
        if "'" not in value:
            return f"mettez toute la valeur entre apostrophes : « {key}: '{value}' »"
    if match and '"' in match.group(2):
        return 'remplacez les guillemets "…" du texte par des guillemets français « … »'
    return _QUOTE_ALL


def _guillemet_ouvert(text: str, pm: yaml.Mark) -> yaml.Mark | None:
    """Where a quoted value that ends on ``pm``'s line began, when it began on an earlier line.

    A quote left open (``conservation: "10 ans``) runs on, across lines, to the next quote
    of the file, and the error comes there, lines later. The scanner's tokens up to the
    error tell where that quoted value opened.
    """
    ouverture = None
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            if token.start_mark.index >= pm.index:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line == pm.line
                and token.start_mark.line < pm.line
            ):
                ouverture = token.start_mark
    except yaml.YAMLError:
        pass
    return ouverture


def _cle_lue_comme_texte(text: str, mark: yaml.Mark) -> bool:
    """True if ``mark`` is the colon of a ``clé:`` that starts its line.

    YAML then read the line as the continuation of the text above: the key is
    indented deeper than its neighbours.
    """
    line = _ligne_de(text, mark.line)
    return bool(re.match(r"^\s+[\w-]+\s*:(\s|$)", line)) and line.find(":") == mark.column


#: Characters YAML refuses (control characters other than tab and line breaks).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _invisible(fichier: str, text: str, index: int, code: int) -> Probleme:
    pos = _position(text, index)
    return Probleme(
        fichier,
        pos.ligne,
        pos.colonne,
        "",
        f"caractère invisible interdit (U+{code:04X})",
        "supprimez-le en retapant ce passage : il vient souvent d'un copier-coller",
        code="yaml.caractere-invisible",
    )


def _a_la_marque(mark: yaml.Mark | None) -> Position | None:
    return Position(mark.line + 1, mark.column + 1) if mark is not None else None


@dataclass
class _ErreurYaml:
    """One libyaml error and what the rows of :data:`_CAS` look at (computed when asked)."""

    text: str
    problem: str
    context: str
    pm: yaml.Mark | None
    cm: yaml.Mark | None

    @functools.cached_property
    def char(self) -> str:
        """The character at the problem's mark."""
        return _caractere(self.text, self.pm.index) if self.pm is not None else ""

    @functools.cached_property
    def ligne(self) -> str:
        """The line of the problem's mark."""
        return _ligne_de(self.text, self.pm.line) if self.pm is not None else ""

    @functools.cached_property
    def en_debut_de_ligne(self) -> bool:
        """True when only spaces (and a « - ») come before the problem's mark on its line."""
        return self.pm is not None and _commence_la_ligne(self.text, self.pm.index)

    @functools.cached_property
    def valeur(self) -> re.Match[str] | None:
        """``clé: valeur`` read on the problem's line (groups: key, value)."""
        return _VALUE_START.match(self.ligne)

    @property
    def premier(self) -> str:
        """The first character of the value on the problem's line."""
        return self.valeur.group(2)[0] if self.valeur else ""

    @functools.cached_property
    def ouverture(self) -> yaml.Mark | None:
        """Where a quoted value ending on the problem's line opened, lines above."""
        return _guillemet_ouvert(self.text, self.pm) if self.pm is not None else None

    # Where the problem is shown.

    def au_probleme(self) -> Position | None:
        return _a_la_marque(self.pm)

    def au_contexte(self) -> Position | None:
        return _a_la_marque(self.cm)

    def au_contexte_sinon_probleme(self) -> Position | None:
        return _a_la_marque(self.cm or self.pm)

    def au_probleme_sinon_contexte(self) -> Position | None:
        return _a_la_marque(self.pm or self.cm)

    def a_l_indentation(self) -> Position | None:
        assert self.pm is not None
        return Position(self.pm.line + 1, len(self.ligne) - len(self.ligne.lstrip(" ")) + 1)

    def a_l_ouverture(self) -> Position | None:
        return _a_la_marque(self.ouverture)

    def au_debut_de_la_valeur(self) -> Position | None:
        assert self.pm is not None and self.valeur is not None
        return Position(self.pm.line + 1, self.valeur.start(2) + 1)


class _Cas(NamedTuple):
    """One row of the table of libyaml errors: when it applies, and what the user reads.

    ``message`` and ``conseil`` are texts, or functions of the error for the rows that
    quote the file. ``ou`` says where the problem is shown.
    """

    si: Callable[[_ErreurYaml], bool]
    code: str
    message: str | Callable[[_ErreurYaml], str]
    conseil: str | Callable[[_ErreurYaml], str]
    ou: Callable[[_ErreurYaml], Position | None] = _ErreurYaml.au_probleme


def _cle_attendue(e: _ErreurYaml) -> bool:
    """libyaml expected a key (or the end of a block) at a known place."""
    return e.pm is not None and e.problem.startswith(
        ("did not find expected key", "expected <block end>")
    )


def _apres_une_valeur(e: _ErreurYaml) -> bool:
    """Something follows a complete value on the same line (``titre: "x" y``, ``a: [x]]``)."""
    return _cle_attendue(e) and not e.en_debut_de_ligne


def _ouverte_plus_haut(e: _ErreurYaml) -> str:
    assert e.pm is not None and e.ouverture is not None
    guillemet = _caractere(e.text, e.ouverture.index)
    return (
        f"guillemet « {guillemet} » ouvert ici et jamais fermé sur sa ligne "
        f"(la valeur se poursuit jusqu'à la ligne {e.pm.line + 1})"
    )


def _commence_par(e: _ErreurYaml) -> str:
    return f"la valeur commence par « {e.premier} », que YAML lit comme le début " + (
        "d'une liste" if e.premier == "[" else "d'un groupe de clés"
    )


def _guillemets_conseilles(e: _ErreurYaml) -> str:
    return _exemple_entre_guillemets(e.ligne)


#: libyaml's errors, in French: the first row whose test holds gives the problem. The
#: tests read libyaml's English ``problem`` and ``context``; the English never reaches
#: the user. The last row holds for every error.
_CAS: tuple[_Cas, ...] = (
    _Cas(
        lambda e: e.char == "\t" or "tab" in e.problem,
        "yaml.tabulation",
        "tabulation dans le fichier",
        _TAB,
    ),
    _Cas(
        lambda e: (
            "quoted scalar" in e.context
            and ("end of stream" in e.problem or "document indicator" in e.problem)
        ),
        "yaml.guillemet-non-ferme",
        "guillemet ouvert ici et jamais fermé",
        "ajoutez le guillemet fermant à la fin de la valeur ; dans un texte entre "
        "apostrophes, doublez l'apostrophe (l''échéancier)",
        _ErreurYaml.au_contexte,
    ),
    _Cas(
        lambda e: "escape" in e.problem and "quoted scalar" in e.context,
        "yaml.echappement-inconnu",
        "caractère d'échappement inconnu entre guillemets doubles",
        "utilisez des apostrophes ('…') ou doublez la barre oblique inverse (\\\\)",
    ),
    _Cas(
        lambda e: "flow sequence" in e.context,
        "yaml.crochet-non-ferme",
        "crochet « [ » ouvert ici et jamais fermé",
        "fermez la liste par « ] » sur la même ligne ; si la valeur est un texte qui "
        "commence par « [ », mettez-la entre guillemets",
        _ErreurYaml.au_contexte,
    ),
    _Cas(
        lambda e: "flow mapping" in e.context,
        "yaml.accolade-non-fermee",
        "accolade « { » ouverte ici et jamais fermée",
        "si la valeur est un texte qui commence par « { » (par exemple un champ {nom}), "
        "mettez-la entre guillemets",
        _ErreurYaml.au_contexte,
    ),
    _Cas(
        lambda e: (
            e.problem.startswith("mapping values are not allowed")
            and e.pm is not None
            and _cle_lue_comme_texte(e.text, e.pm)
        ),
        "yaml.indentation",
        "indentation incohérente, cette ligne est plus indentée que la précédente",
        _ALIGN,
        _ErreurYaml.a_l_indentation,
    ),
    _Cas(
        lambda e: e.problem.startswith("mapping values are not allowed"),
        "yaml.deux-points-inattendu",
        "deux-points inattendu",
        "si la valeur contient « : », mettez-la entre guillemets ; sinon vérifiez l'indentation",
    ),
    _Cas(
        lambda e: e.problem.startswith("could not find expected ':'"),
        "yaml.deux-points-manquant",
        "deux-points manquant après une clé",
        "écrivez « clé: valeur » ; si cette ligne continue le texte de la ligne "
        "précédente, mettez tout le texte entre guillemets",
        _ErreurYaml.au_contexte_sinon_probleme,
    ),
    _Cas(
        lambda e: e.problem.startswith("block sequence entries are not allowed"),
        "yaml.tiret-inattendu",
        "« - » inattendu à cet endroit",
        "un élément de liste commence sur sa propre ligne : passez à la ligne après "
        "« clé: » et indentez « - élément » de deux espaces",
    ),
    _Cas(
        lambda e: _cle_attendue(e) and e.en_debut_de_ligne and e.char == "-",
        "yaml.element-mal-aligne",
        "élément de liste mal aligné",
        _LISTE,
    ),
    _Cas(
        lambda e: _cle_attendue(e) and e.en_debut_de_ligne,
        "yaml.indentation",
        "indentation incohérente",
        _ALIGN,
    ),
    _Cas(
        lambda e: _apres_une_valeur(e) and e.ouverture is not None,
        "yaml.guillemet-non-ferme",
        _ouverte_plus_haut,
        "ajoutez le guillemet fermant à la fin de la valeur, ou retirez le guillemet ouvrant",
        _ErreurYaml.a_l_ouverture,
    ),
    _Cas(
        lambda e: _apres_une_valeur(e) and e.char != "" and e.char in "]}",
        "yaml.en-trop",
        lambda e: f"« {e.char} » en trop",
        "retirez-le",
    ),
    _Cas(
        lambda e: _apres_une_valeur(e) and e.valeur is not None and e.premier in "[{",
        "yaml.debut-de-valeur",
        _commence_par,
        _guillemets_conseilles,
        _ErreurYaml.au_debut_de_la_valeur,
    ),
    _Cas(
        lambda e: _apres_une_valeur(e) and e.premier != "" and e.premier in "\"'",
        "yaml.texte-apres-guillemet",
        "texte après le guillemet fermant de la valeur",
        _guillemets_conseilles,
    ),
    _Cas(
        _apres_une_valeur,
        "yaml.texte-apres-valeur",
        "texte inattendu après la valeur",
        _guillemets_conseilles,
    ),
    _Cas(
        lambda e: (
            e.problem.startswith("did not find expected '-' indicator")
            and (e.char == "-" or e.ligne.lstrip().startswith("-"))
        ),
        "yaml.element-mal-aligne",
        "élément de liste mal aligné",
        _LISTE,
    ),
    _Cas(
        lambda e: e.problem.startswith("did not find expected '-' indicator"),
        "yaml.indentation-liste",
        "indentation incohérente dans une liste",
        "les clés d'un même élément de liste sont alignées sur la première, juste après « - »",
    ),
    _Cas(
        lambda e: "nesting depth" in e.problem,
        "yaml.trop-profond",
        "structure imbriquée trop profonde",
        "vérifiez les crochets et l'indentation",
    ),
    _Cas(
        lambda e: "another document" in e.problem or "<document start>" in e.problem,
        "yaml.plusieurs-documents",
        "plusieurs documents dans le même fichier",
        "retirez la ligne « --- » ou « ... » : un fichier de données contient un seul document",
    ),
    _Cas(
        lambda e: "directive" in e.context or "directive" in e.problem,
        "yaml.directive",
        "ligne commençant par « % » refusée",
        "retirez cette ligne ; pour un texte qui commence par « % », mettez-le entre guillemets",
        _ErreurYaml.au_contexte_sinon_probleme,
    ),
    _Cas(
        lambda e: "anchor" in e.context or "alias" in e.context or "alias" in e.problem,
        "yaml.ancre",
        "« & » ou « * » au début d'une valeur",
        "les ancres et alias ne sont pas acceptés : pour un texte qui commence par « & » "
        "ou « * », mettez-le entre guillemets",
        _ErreurYaml.au_contexte_sinon_probleme,
    ),
    _Cas(
        lambda e: "tag" in e.context or "tag" in e.problem,
        "yaml.etiquette",
        "étiquette YAML (« ! ») refusée",
        "pour un texte qui commence par « ! », mettez-le entre guillemets",
        _ErreurYaml.au_contexte_sinon_probleme,
    ),
    _Cas(
        lambda e: "block scalar" in e.context,
        "yaml.bloc-mal-ecrit",
        "indicateur « | » ou « > » mal écrit",
        "écrivez « | », « |- », « > » ou « >- » seul en fin de ligne, puis le texte sur "
        "les lignes suivantes, indenté",
        _ErreurYaml.au_contexte_sinon_probleme,
    ),
    _Cas(
        lambda e: (
            e.problem.startswith("found character that cannot start any token") and e.char != ""
        ),
        "yaml.caractere-de-debut",
        lambda e: f"« {e.char} » ne peut pas commencer une valeur",
        "mettez la valeur entre guillemets",
    ),
    _Cas(
        lambda e: "end of stream" in e.problem,
        "yaml.fin-inattendue",
        "fin de fichier inattendue",
        "un guillemet ou un crochet n'est probablement pas fermé",
    ),
    _Cas(
        lambda e: "node content" in e.problem,
        "yaml.valeur-mal-placee",
        "valeur manquante ou mal placée",
        "comparez cette ligne avec le fichier d'exemple du dépôt",
    ),
    _Cas(
        lambda e: True,
        "yaml.syntaxe",
        "syntaxe invalide à cet endroit",
        "comparez cette ligne avec le fichier d'exemple du dépôt ; si la valeur contient un "
        "caractère spécial (: # [ ] { } & * ! | > ' \" % @), mettez-la entre guillemets",
        _ErreurYaml.au_probleme_sinon_contexte,
    ),
)


def _erreur_yaml(fichier: str, err: yaml.YAMLError, text: str) -> Probleme:
    """A French :class:`Probleme` for one PyYAML (libyaml) error: the first row of :data:`_CAS` that applies."""
    if isinstance(err, yaml.reader.ReaderError):
        # Found first by lire_yaml; kept in case libyaml refuses another character.
        code = err.character if isinstance(err.character, int) else 0
        return _invisible(fichier, text, 0, code)
    e = _ErreurYaml(
        text,
        str(getattr(err, "problem", "") or ""),
        str(getattr(err, "context", "") or ""),
        getattr(err, "problem_mark", None),
        getattr(err, "context_mark", None),
    )
    cas = next(c for c in _CAS if c.si(e))
    pos = cas.ou(e) or Position(0, 0)
    message = cas.message if isinstance(cas.message, str) else cas.message(e)
    conseil = cas.conseil if isinstance(cas.conseil, str) else cas.conseil(e)
    return Probleme(
        fichier, pos.ligne, pos.colonne, "", f"syntaxe YAML : {message}", conseil, code=cas.code
    )


# --- reading a file --------------------------------------------------------------------


def _taille(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",").replace(",0", "") + " Mo"


def _trop_volumineux(fichier: str, size: int) -> Probleme:
    return Probleme(
        fichier,
        message=f"fichier trop volumineux ({_taille(size)} ; {_taille(MAX_FILE_BYTES)} au maximum)",
        conseil="vérifiez qu'il s'agit bien du bon fichier",
        code="fichier.trop-volumineux",
    )


def _lire(path: Path, fichier: str) -> tuple[bytes | None, list[Probleme]]:
    """The file's bytes, or the French reason why they cannot be read."""
    try:
        if not path.exists():
            return None, [
                Probleme(
                    fichier,
                    message="fichier introuvable",
                    conseil="créez-le en copiant celui de l'exemple « Kiné Nord » (dossier data/ du dépôt)",
                    code="fichier.introuvable",
                )
            ]
        if not path.is_file():
            return None, [
                Probleme(
                    fichier,
                    message="ce n'est pas un fichier ordinaire (dossier ou fichier spécial)",
                    conseil="remplacez-le par le fichier YAML attendu",
                    code="fichier.pas-un-fichier",
                )
            ]
        with path.open("rb") as handle:
            # Read one byte more than allowed: never trust the announced size.
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        return None, [
            Probleme(
                fichier,
                message=f"fichier illisible ({err.strerror or 'erreur du système'})",
                conseil="vérifiez les droits d'accès au fichier",
                code="fichier.illisible",
            )
        ]
    if len(raw) > MAX_FILE_BYTES:
        try:
            size = max(path.stat().st_size, len(raw))
        except OSError:
            size = len(raw)
        return None, [_trop_volumineux(fichier, size)]
    return raw, []


def _decoder(raw: bytes, fichier: str) -> tuple[str | None, list[Probleme]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Probleme(
                fichier,
                1,
                1,
                "",
                "le fichier est encodé en UTF-16, pas en UTF-8",
                "enregistrez-le en UTF-8 (dans l'éditeur : « Enregistrer avec l'encodage » → UTF-8)",
                code="fichier.utf16",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        ligne = raw.count(b"\n", 0, err.start) + 1
        colonne = len(raw[line_start : err.start].decode("utf-8", "replace")) + 1
        return None, [
            Probleme(
                fichier,
                ligne,
                colonne,
                "",
                f"le fichier n'est pas encodé en UTF-8 (octet 0x{raw[err.start]:02X} illisible)",
                "enregistrez-le en UTF-8 (dans l'éditeur : « Enregistrer avec l'encodage » → "
                "UTF-8) ; une lettre accentuée enregistrée en Latin-1 en est souvent la cause",
                code="fichier.encodage",
            )
        ]
    return text.removeprefix("\ufeff"), []


def _texte(text: str, fichier: str) -> tuple[str | None, list[Probleme]]:
    """A text given in memory, held to the same limits as a file's content."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as err:  # a lone surrogate: no file can hold it
        return None, [_invisible(fichier, text, err.start, ord(text[err.start]))]
    if size > MAX_FILE_BYTES:
        return None, [_trop_volumineux(fichier, size)]
    return text.removeprefix("\ufeff"), []


def lire_yaml(source: Path | str, fichier: str) -> tuple[DocumentYaml | None, list[Probleme]]:
    """Read a YAML file strictly. Returns the document, or ``None`` and the problems.

    ``source`` is the file's path, or (a ``str``) the YAML text itself, checked the same
    way: for tests, and for an editor that validates a text before saving it.
    ``fichier`` is the name used in messages (usually ``data/equipe.yml``).
    """
    if isinstance(source, str):
        text, problemes = _texte(source, fichier)
    else:
        raw, problemes = _lire(source, fichier)
        if raw is None:
            return None, problemes
        text, problemes = _decoder(raw, fichier)
    if text is None:
        return None, problemes
    return _analyser(text, fichier)


def _analyser(text: str, fichier: str) -> tuple[DocumentYaml | None, list[Probleme]]:
    """Parse a decoded text (see :func:`lire_yaml`)."""
    invisible = _INVISIBLE.search(text)
    if invisible:
        return None, [_invisible(fichier, text, invisible.start(), ord(invisible.group()))]
    try:
        problemes = _evenements_yaml(fichier, text)
        if problemes:
            return None, problemes
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as err:
        return None, [_erreur_yaml(fichier, err, text)]
    if node is None:
        return None, [
            Probleme(
                fichier,
                message="fichier vide"
                if not text.strip()
                else "le fichier ne contient que des commentaires",
                conseil="reprenez le contenu du fichier d'exemple du dépôt et adaptez-le",
                code="fichier.vide",
            )
        ]
    doc = DocumentYaml(fichier, None, source=text)
    builder = _Constructeur(doc)
    try:
        doc.data = builder.build(node, ())
    except (_TropProfond, RecursionError) as err:
        pos = err.position if isinstance(err, _TropProfond) else Position(0, 0)
        return None, [
            Probleme(
                fichier,
                pos.ligne,
                pos.colonne,
                "",
                "structure imbriquée trop profonde",
                "vérifiez l'indentation du fichier",
                code="yaml.trop-profond",
            )
        ]
    if builder.out:
        return None, builder.out
    if not isinstance(doc.data, dict):
        kind = "une liste" if isinstance(doc.data, list) else "une valeur simple"
        return None, [
            Probleme(
                fichier,
                1,
                1,
                "",
                f"le fichier contient {kind} au lieu de clés",
                "il doit commencer par des clés de premier niveau, comme dans le fichier d'exemple",
                code="fichier.pas-de-cles",
            )
        ]
    return doc, []
