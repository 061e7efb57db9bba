"""What the rules between files can still read in a file that its schema refused.

A schema error in one member must not hide the rules that need ``equipe.yml``: the other
members, and the other files, still have their problems, and the practice should get them
all in one ``make check``. So a file that fails its schema is not dropped: its lists of
items (members, roles, actions, procedures…) are validated item by item, and the rules get
the valid items, each with its index in the file as written, so that their messages still
point at the right line. A group of keys (``manuel:`` in ``cabinet.yml``) is recovered the
same way, key by key; a key whose value is refused reads ``None``.

The problems themselves are always those of the whole file's validation
(:func:`macros.donnees.messages.problemes_pydantic`): this module only decides what the
rules can read. What the refused items say (their ids, the roles they hold) is still read
from the file as written, by :class:`macros.donnees.regles.Donnees`.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

__all__ = ["Partiel", "recuperer"]

Chemin = tuple[str, ...]


@dataclass(frozen=True)
class Partiel:
    """A data file as the rules read it.

    Attributes:
        modele: The validated file, or, when the schema refused part of it, a model built
            from what passed (``model_construct``): the refused items are left out of their
            list, a refused value reads ``None``.
        indices: For each list recovered item by item (its path from the top of the file,
            ``("membres",)``), the index in the file of each item kept, in order.
        complet: True when the whole file passed its schema.
    """

    modele: BaseModel
    indices: dict[Chemin, list[int]] = field(default_factory=dict)
    complet: bool = True


class _Inutilisable(Exception):
    """A list of items is not a list at all: nothing of the file can be trusted."""


def recuperer(cls: type[BaseModel], brut: Any) -> Partiel | None:
    """The file ``brut`` validated against ``cls``, or what can be recovered from it.

    Returns ``None`` when nothing useful can be recovered: the file is not a group of keys,
    or one of its lists of items is not a list.
    """
    try:
        return Partiel(cls.model_validate(brut))
    except ValidationError:
        pass
    if not isinstance(brut, dict):
        return None
    indices: dict[Chemin, list[int]] = {}
    try:
        modele = _groupe(cls, brut, (), indices)
    except _Inutilisable:
        return None
    return Partiel(modele, indices, complet=False)


def _classe_element(annotation: Any) -> type[BaseModel] | None:
    """The model of each item, for a list of models (``list[Membre]``)."""
    if get_origin(annotation) is list:
        args = get_args(annotation)
        if len(args) == 1 and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            return args[0]
    return None


def _classe_groupe(annotation: Any) -> type[BaseModel] | None:
    """The model of a group of keys (``Manuel``, or ``Adresse | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        modeles = [a for a in get_args(annotation) if a is not type(None)]
        if len(modeles) == 1:
            return _classe_groupe(modeles[0])
    return None


def _groupe(
    cls: type[BaseModel], brut: dict[str, Any], chemin: Chemin, indices: dict[Chemin, list[int]]
) -> BaseModel:
    valeurs: dict[str, Any] = {}
    for nom, champ in cls.model_fields.items():
        cle = champ.alias or nom
        element = _classe_element(champ.annotation)
        groupe = _classe_groupe(champ.annotation)
        if cle not in brut:
            if element is not None and champ.is_required():
                raise _Inutilisable  # « membre: » for « membres: »: no list to read at all
            valeurs[nom] = (
                None if champ.is_required() else champ.get_default(call_default_factory=True)
            )
            continue
        valeur = brut[cle]
        if element is not None:
            if not isinstance(valeur, list):
                raise _Inutilisable
            gardes: list[BaseModel] = []
            rangs: list[int] = []
            for i, item in enumerate(valeur):
                try:
                    gardes.append(element.model_validate(item))
                except ValidationError:
                    continue
                rangs.append(i)
            valeurs[nom] = gardes
            indices[(*chemin, cle)] = rangs
        elif groupe is not None and isinstance(valeur, dict):
            try:
                valeurs[nom] = groupe.model_validate(valeur)
            except ValidationError:
                valeurs[nom] = _groupe(groupe, valeur, (*chemin, cle), indices)
        else:
            type_ = (
                Annotated[(champ.annotation, *champ.metadata)]  # type: ignore[valid-type]
                if champ.metadata
                else champ.annotation
            )
            adaptateur: TypeAdapter[Any] = TypeAdapter(type_)
            try:
                valeurs[nom] = adaptateur.validate_python(valeur)
            except ValidationError:
                valeurs[nom] = None
    return cls.model_construct(**valeurs)
