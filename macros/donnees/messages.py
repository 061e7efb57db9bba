"""Turn pydantic's validation errors into French :class:`~macros.donnees.problemes.Probleme` objects."""

from __future__ import annotations

import typing
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from macros.donnees.lecteur import DocumentYaml
from macros.donnees.problemes import Probleme
from macros.donnees.types import apercu, deballer, pas_une, suggestion

__all__ = ["problemes_pydantic"]


def _modele_a(root: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The annotation found by following ``loc`` from ``root`` (``None`` if unknown)."""
    current: Any = root
    for part in loc:
        current = deballer(current)
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
    return deballer(current)


class _Texte(NamedTuple):
    """What the user reads for one pydantic error."""

    code: str
    message: str
    conseil: str
    #: Point at the key rather than at its value.
    a_la_cle: bool = False


def _message(err: dict[str, Any], root: type[BaseModel]) -> _Texte:
    """French code, message and advice for one pydantic error."""
    kind = err["type"]
    loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if "conseil" in ctx:
        # Raised by macros.donnees.types.erreur: the type is the code (checked by Probleme),
        # the context holds the French message and advice.
        return _Texte(kind, str(ctx["message"]), str(ctx["conseil"]))
    if kind == "missing":
        name = str(loc[-1])
        parent = _modele_a(root, loc[:-1])
        aide = ""
        if isinstance(parent, type) and issubclass(parent, BaseModel):
            field = parent.model_fields.get(name)
            if field is not None and field.description:
                aide = f" ({field.description.rstrip('.')})"
        return _Texte(
            "schema.champ-manquant",
            f"champ obligatoire « {name} » manquant",
            f"ajoutez « {name}: … »{aide}",
            True,
        )
    if kind == "extra_forbidden" and str(loc[-1]) in CLES_RENOMMEES:
        nouvelle, conseil = CLES_RENOMMEES[str(loc[-1])]
        return _Texte(
            "schema.cle-renommee",
            f"la clé « {loc[-1]} » s'appelle maintenant « {nouvelle} »",
            conseil,
            True,
        )
    if kind == "extra_forbidden":
        name = str(loc[-1])
        parent = _modele_a(root, loc[:-1])
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
        return _Texte("schema.cle-inconnue", f"clé inconnue « {apercu(name, 60)} »", conseil, True)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _Texte(
            "schema.groupe-attendu",
            "valeur manquante : un groupe de clés est attendu ici"
            if value is None
            else f"un groupe de clés est attendu ici, {pas_une(value)}",
            "écrivez les sous-clés en dessous, indentées de deux espaces",
        )
    if kind in ("list_type", "tuple_type", "set_type"):
        return _Texte(
            "schema.liste-attendue",
            "valeur manquante : une liste est attendue ici"
            if value is None
            else f"une liste est attendue ici, {pas_une(value)}",
            "écrivez un élément par ligne, chacun précédé de « - » (ou [] pour une liste vide)",
        )
    if kind.startswith("int_"):
        return _Texte(
            "schema.entier-attendu",
            "nombre entier manquant"
            if value is None
            else f"nombre entier attendu, {pas_une(value)}",
            "écrivez un nombre entier en chiffres, sans guillemets",
        )
    if kind.startswith("bool_"):
        return _Texte(
            "schema.booleen-attendu",
            "true ou false manquant"
            if value is None
            else f"true ou false attendu, {pas_une(value)}",
            "écrivez true (oui) ou false (non)",
        )
    if kind.startswith(("string_", "str_")):
        return _Texte("schema.texte-attendu", "texte attendu", "écrivez la valeur entre guillemets")
    if kind in ("greater_than_equal", "greater_than"):
        return _Texte(
            "schema.trop-petit",
            f"valeur trop petite « {apercu(value)} »",
            f"au moins {ctx.get('ge', ctx.get('gt'))}",
        )
    if kind in ("less_than_equal", "less_than"):
        return _Texte(
            "schema.trop-grand",
            f"valeur trop grande « {apercu(value)} »",
            f"au plus {ctx.get('le', ctx.get('lt'))}",
        )
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        vide = not ctx.get("actual_length")
        return _Texte(
            "schema.liste-vide" if vide else "schema.liste-trop-courte",
            "liste vide" if vide else "liste trop courte",
            f"au moins {n} élément{'s' if n > 1 else ''}",
        )
    if kind == "too_long":
        n = ctx.get("actual_length")
        return _Texte(
            "schema.liste-trop-longue",
            f"liste trop longue ({n} éléments)" if n else "liste trop longue",
            f"{ctx.get('max_length')} éléments au maximum : raccourcissez-la",
        )
    # Never show pydantic's English message.
    return _Texte(
        "schema.valeur-invalide",
        f"valeur invalide « {apercu(value)} »",
        "comparez avec le fichier d'exemple du dépôt",
    )


#: Keys renamed by a version of the tool: old name → (new name, how to convert the value).
CLES_RENOMMEES: dict[str, tuple[str, str]] = {
    "statut_carpimko": (
        "situation",
        "remplacez « statut_carpimko: affilie » par « situation: » suivi de titulaire, associe, "
        "collaborateur, remplacant, conjoint_collaborateur ou retraite_cumul ; ayant_droit et "
        "non_affilie s'écrivent de même",
    ),
}


def _remplacee_par_ancienne_cle(err: Any, loc: tuple[Any, ...]) -> bool:
    """True when a missing key's old name is there (reported as renamed instead)."""
    parent = err.get("input")
    return isinstance(parent, dict) and any(
        nouvelle == loc[-1] and ancienne in parent
        for ancienne, (nouvelle, _) in CLES_RENOMMEES.items()
    )


def problemes_pydantic(
    error: ValidationError, doc: DocumentYaml, root: type[BaseModel]
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
        if err["type"] == "missing" and _remplacee_par_ancienne_cle(err, loc):
            continue  # « la clé … s'appelle maintenant … » says it already
        texte = _message({**err, "loc": loc}, root)
        out.append(
            doc.probleme(
                loc,
                texte.message,
                texte.conseil,
                code=texte.code,
                key=texte.a_la_cle or at_key,
            )
        )
    return out
