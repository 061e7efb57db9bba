"""Turn pydantic's validation errors into French :class:`~macros.donnees.problemes.Probleme` objects."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from macros.donnees.lecteur import YamlDocument
from macros.donnees.problemes import Probleme
from macros.donnees.types import apercu, pas_une, suggestion

__all__ = ["problemes_pydantic"]


def _strip(annotation: Any) -> Any:
    """Remove ``Annotated`` and ``| None`` wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The annotation found by following ``loc`` from ``root`` (``None`` if unknown)."""
    current: Any = root
    for part in loc:
        current = _strip(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) is list and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    return _strip(current)


def _message(err: dict[str, Any], root: type[BaseModel]) -> tuple[str, str, bool]:
    """French ``(message, conseil, point_at_key)`` for one pydantic error."""
    kind = err["type"]
    loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "hb":
        text = str(ctx.get("message", err["msg"]))
        message, _, conseil = text.partition(" ; ")
        return message, conseil, False
    if kind == "missing":
        name = str(loc[-1])
        parent = _model_at(root, loc[:-1])
        aide = ""
        if isinstance(parent, type) and issubclass(parent, BaseModel):
            field = parent.model_fields.get(name)
            if field is not None and field.description:
                aide = f" ({field.description.rstrip('.')})"
        return f"champ obligatoire « {name} » manquant", f"ajoutez « {name}: … »{aide}", True
    if kind == "extra_forbidden":
        name = str(loc[-1])
        parent = _model_at(root, loc[:-1])
        possibles = (
            list(parent.model_fields)
            if isinstance(parent, type) and issubclass(parent, BaseModel)
            else []
        )
        conseil = (
            f"clés possibles : {', '.join(possibles)}{suggestion(name, possibles)}"
            if possibles
            else "retirez cette clé"
        )
        return f"clé inconnue « {apercu(name, 60)} »", conseil, True
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return (
            "valeur manquante : un groupe de clés est attendu ici"
            if value is None
            else f"un groupe de clés est attendu ici, {pas_une(value)}",
            "écrivez les sous-clés en dessous, indentées de deux espaces",
            False,
        )
    if kind in ("list_type", "tuple_type", "set_type"):
        return (
            "valeur manquante : une liste est attendue ici"
            if value is None
            else f"une liste est attendue ici, {pas_une(value)}",
            "écrivez un élément par ligne, chacun précédé de « - » (ou [] pour une liste vide)",
            False,
        )
    if kind.startswith("int_"):
        return (
            "nombre entier manquant"
            if value is None
            else f"nombre entier attendu, {pas_une(value)}",
            "écrivez un nombre entier en chiffres, sans guillemets",
            False,
        )
    if kind.startswith("bool_"):
        return (
            "true ou false manquant"
            if value is None
            else f"true ou false attendu, {pas_une(value)}",
            "écrivez true (oui) ou false (non)",
            False,
        )
    if kind.startswith(("string_", "str_")):
        return "texte attendu", "écrivez la valeur entre guillemets", False
    if kind in ("greater_than_equal", "greater_than"):
        return (
            f"valeur trop petite « {apercu(value)} »",
            f"au moins {ctx.get('ge', ctx.get('gt'))}",
            False,
        )
    if kind in ("less_than_equal", "less_than"):
        return (
            f"valeur trop grande « {apercu(value)} »",
            f"au plus {ctx.get('le', ctx.get('lt'))}",
            False,
        )
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return (
            "liste vide" if not ctx.get("actual_length") else "liste trop courte",
            f"au moins {n} élément{'s' if n > 1 else ''}",
            False,
        )
    if kind == "too_long":
        n = ctx.get("actual_length")
        return (
            f"liste trop longue ({n} éléments)" if n else "liste trop longue",
            f"{ctx.get('max_length')} éléments au maximum : raccourcissez-la",
            False,
        )
    # Never show pydantic's English message.
    return (
        f"valeur invalide « {apercu(value)} »",
        "comparez avec le fichier d'exemple du dépôt",
        False,
    )


def problemes_pydantic(
    error: ValidationError, doc: YamlDocument, root: type[BaseModel]
) -> list[Probleme]:
    """French problems, located in ``doc``, for every error in ``error``."""
    out: list[Probleme] = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        at_key = False
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
            at_key = True
        if any(loc[: len(p)] == p for p in doc.signales):
            continue  # already refused with a clearer message (a password key)
        message, conseil, key = _message({**err, "loc": loc}, root)
        if err["type"] == "missing":
            out.append(doc.probleme(loc, message, conseil, key=True))
            continue
        out.append(doc.probleme(loc, message, conseil, key=key or at_key))
    return out
