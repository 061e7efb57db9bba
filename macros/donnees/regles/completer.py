"""Values still « à compléter » (what ``make new-cabinet`` writes): a warning each."""

from __future__ import annotations

from typing import Any

from macros.donnees.lecteur import DocumentYaml
from macros.donnees.problemes import Probleme

#: The marker of a value still to fill in (``make new-cabinet`` writes them).
A_COMPLETER = "à compléter"
#: A postal code that stands for « à compléter » (the field must hold five digits).
CODE_POSTAL_A_COMPLETER = "00000"


def a_completer(doc: DocumentYaml) -> list[Probleme]:
    """A warning for each value still marked « À compléter » (or postal code 00000).

    Not a registered rule: it reads every file that parsed as YAML, even one the schema
    refused, since a value still to fill in is often the reason.
    """
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
                    code="valeur.a-completer",
                    warn=True,
                )
            )

    walk(doc.data, ())
    return out
