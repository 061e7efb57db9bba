"""A strict YAML reader that remembers where every key and value came from.

It differs from ``yaml.safe_load`` where that one would surprise a cabinet:

* every key and value keeps its ``line:column``, so messages can point at it;
* a duplicated key is an error, not a silent overwrite;
* anchors/aliases (``&x`` / ``*x``) are refused: they are never needed in the
  handbook's data and are the vehicle of "billion laughs" bombs;
* only plain YAML 1.2 scalars are recognised: ``yes``/``no``/``off`` stay text,
  ``8:30`` stays text (not 510), ``0612345678`` stays text, and dates stay text
  until the schema reads them;
* the file must be UTF-8 and not absurdly large.

Errors are :class:`~macros.errors.Probleme` objects in French.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Probleme

__all__ = ["MAX_FILE_BYTES", "Position", "YamlDocument", "read_yaml"]

#: Refuse files over this size: a handbook's data for a large group fits in far less.
MAX_FILE_BYTES = 8 * 1024 * 1024

Path_ = tuple[str | int, ...]

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

_STR = "tag:yaml.org,2002:str"
_KNOWN_TAGS = {
    _STR,
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a file."""

    ligne: int
    colonne: int


@dataclass
class YamlDocument:
    """A parsed YAML file and where each of its parts came from.

    Attributes:
        fichier: The file's name as shown in messages.
        data: The parsed content (plain dicts, lists and scalars).
        valeurs: Position of the value found at each path.
        cles: Position of the key that introduces each path (mappings only).
    """

    fichier: str
    data: Any
    valeurs: dict[Path_, Position] = field(default_factory=dict)
    cles: dict[Path_, Position] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Best position for ``path``: exact if known, else its closest known parent."""
        table = self.cles if key else self.valeurs
        for cut in range(len(path), -1, -1):
            sub = tuple(path[:cut])
            if sub in table:
                return table[sub]
            if sub in self.valeurs:
                return self.valeurs[sub]
        return Position(1, 1)

    def probleme(
        self, path: Path_, message: str, conseil: str = "", *, key: bool = False, warn: bool = False
    ) -> Probleme:
        """Build a :class:`Probleme` located at ``path`` in this document."""
        from .errors import format_path

        pos = self.position(path, key=key)
        return Probleme(
            self.fichier, pos.ligne, pos.colonne, format_path(path), message, conseil, warn
        )


class _Refus(Exception):
    def __init__(self, probleme: Probleme) -> None:
        self.probleme = probleme


def _mark(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _build(doc: YamlDocument, node: yaml.Node, path: Path_, seen: set[int]) -> Any:
    if id(node) in seen:
        pos = _mark(node)
        raise _Refus(
            Probleme(
                doc.fichier,
                pos.ligne,
                pos.colonne,
                "",
                "alias YAML (« *nom ») refusé",
                "recopiez la valeur au lieu d'utiliser « &nom » et « *nom » : "
                "les alias ne sont pas acceptés dans les données du manuel",
            )
        )
    seen.add(id(node))
    doc.valeurs[path] = _mark(node)
    if node.tag not in _KNOWN_TAGS:
        pos = _mark(node)
        raise _Refus(
            Probleme(
                doc.fichier,
                pos.ligne,
                pos.colonne,
                "",
                f"étiquette YAML « {node.tag} » refusée",
                "retirez l'étiquette commençant par « ! » et écrivez une valeur simple",
            )
        )
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                pos = _mark(key_node)
                raise _Refus(
                    Probleme(
                        doc.fichier,
                        pos.ligne,
                        pos.colonne,
                        "",
                        "clé complexe refusée",
                        "une clé doit être un simple mot, par exemple « nom: »",
                    )
                )
            key = str(key_node.value)
            if key in out:
                pos = _mark(key_node)
                first = doc.cles[(*path, key)]
                raise _Refus(
                    Probleme(
                        doc.fichier,
                        pos.ligne,
                        pos.colonne,
                        _join(path, key),
                        f"clé « {key} » en double (déjà définie ligne {first.ligne})",
                        "gardez une seule de ces deux lignes",
                    )
                )
            doc.cles[(*path, key)] = _mark(key_node)
            out[key] = _build(doc, value_node, (*path, key), seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(doc, item, (*path, i), seen) for i, item in enumerate(node.value)]
    return _scalar(node)


def _join(path: Path_, key: str) -> str:
    from .errors import format_path

    return format_path((*path, key))


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    tag = node.tag
    if tag == _STR:
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if tag == "tag:yaml.org,2002:int":
        return int(value)
    if tag == "tag:yaml.org,2002:float":
        return float(value)
    return value


# PyYAML's problems, in French. Matched on the start of the original text.
_YAML_PROBLEMS: list[tuple[str, str, str]] = [
    (
        "found a tab character",
        "tabulation dans le fichier",
        "remplacez les tabulations par des espaces : YAML n'accepte que des espaces pour indenter",
    ),
    (
        "found character '\\t'",
        "tabulation dans le fichier",
        "remplacez les tabulations par des espaces : YAML n'accepte que des espaces pour indenter",
    ),
    (
        "mapping values are not allowed",
        "deux-points inattendu",
        "si la valeur contient « : », mettez-la entre guillemets ; sinon vérifiez l'indentation",
    ),
    (
        "could not find expected ':'",
        "deux-points manquant après une clé",
        "écrivez « clé: valeur » ; si la ligne continue un texte, mettez le texte entre guillemets",
    ),
    (
        "found unexpected end of stream",
        "fin de fichier inattendue",
        "un guillemet ou un crochet n'est probablement pas fermé",
    ),
    (
        "found unexpected end of",
        "fin de fichier inattendue",
        "un guillemet ou un crochet n'est probablement pas fermé",
    ),
    (
        "expected <block end>",
        "indentation incohérente",
        "alignez cette ligne sur les autres clés du même niveau (mêmes espaces au début)",
    ),
    (
        "did not find expected key",
        "indentation incohérente",
        "alignez cette ligne sur les autres clés du même niveau (mêmes espaces au début)",
    ),
    (
        "did not find expected '-' indicator",
        "élément de liste mal aligné",
        "chaque élément de la liste commence par « - » au même niveau d'indentation",
    ),
    (
        "found undefined alias",
        "alias YAML (« *nom ») refusé",
        "recopiez la valeur : les alias ne sont pas acceptés dans les données du manuel",
    ),
    (
        "found unknown escape character",
        "caractère d'échappement inconnu entre guillemets doubles",
        "utilisez des guillemets simples ('…') ou doublez la barre oblique inverse",
    ),
    (
        "found character",
        "caractère interdit à cet endroit",
        "mettez la valeur entre guillemets",
    ),
    (
        "found duplicate anchor",
        "ancre YAML (« &nom ») en double",
        "retirez les ancres « &nom » : elles ne sont pas utiles dans les données du manuel",
    ),
]


def _yaml_error(fichier: str, err: yaml.YAMLError) -> Probleme:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = str(getattr(err, "problem", "") or err)
    ligne = mark.line + 1 if mark else 0
    colonne = mark.column + 1 if mark else 0
    for start, message, conseil in _YAML_PROBLEMS:
        if problem.startswith(start):
            return Probleme(fichier, ligne, colonne, "", f"syntaxe YAML : {message}", conseil)
    return Probleme(
        fichier,
        ligne,
        colonne,
        "",
        f"syntaxe YAML invalide ({problem})",
        "comparez cette ligne avec le fichier d'exemple du dépôt",
    )


def read_yaml(path: Path, fichier: str) -> tuple[YamlDocument | None, list[Probleme]]:
    """Read ``path`` strictly. Returns the document, or ``None`` and the problems.

    ``fichier`` is the name used in messages (usually ``data/equipe.yml``).
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None, [
            Probleme(
                fichier,
                message="fichier introuvable",
                conseil="créez-le en copiant celui de l'exemple « Kiné Nord » (dossier data/ du dépôt)",
            )
        ]
    except OSError as err:
        return None, [Probleme(fichier, message=f"fichier illisible ({err.strerror})")]
    if size > MAX_FILE_BYTES:
        return None, [
            Probleme(
                fichier,
                message=f"fichier trop volumineux ({size // 1024 // 1024} Mo ; "
                f"{MAX_FILE_BYTES // 1024 // 1024} Mo au maximum)",
                conseil="vérifiez qu'il s'agit bien du bon fichier",
            )
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        ligne = raw[: err.start].count(b"\n") + 1
        return None, [
            Probleme(
                fichier,
                ligne,
                0,
                "",
                "le fichier n'est pas encodé en UTF-8",
                "enregistrez-le en UTF-8 (dans l'éditeur : « Enregistrer avec l'encodage » → UTF-8)",
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as err:
        return None, [_yaml_error(fichier, err)]
    doc = YamlDocument(fichier, None)
    if node is None:
        return None, [
            Probleme(
                fichier,
                message="fichier vide",
                conseil="reprenez le contenu du fichier d'exemple du dépôt et adaptez-le",
            )
        ]
    try:
        doc.data = _build(doc, node, (), set())
    except _Refus as refus:
        return None, [refus.probleme]
    except RecursionError:
        return None, [
            Probleme(
                fichier,
                message="structure imbriquée trop profonde",
                conseil="vérifiez l'indentation du fichier",
            )
        ]
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
            )
        ]
    return doc, []
