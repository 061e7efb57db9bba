"""Personal data typed by mistake into a public data file.

Dossier numbers, personal e-mail addresses and personal phone numbers belong in
``private.yml``, which git ignores and a public build never reads. Every other data
file is committed and published: this module looks, in every text of those files,
for what looks like one of them.

* a **dossier number**: 7 or 9 digits in a row, possibly grouped by spaces, dots or
  dashes (``1234567``, ``123 45 67``, ``123-456-789``);
* a **personal e-mail**: any address other than the cabinet's generic one
  (``cabinet.email``) and the Service client's (``caisse.email_support``);
* a **personal phone**: any French number other than the cabinet's and the caisse's.

A public build refuses them (error); a private build, which is never published,
only warns. The messages never repeat the value: a CI log can be public too.
What no pattern can catch (a number written in words, a foreign phone number, a
name) is the reviewer's job; the README says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from macros.donnees.lecteur import Chemin_, DocumentYaml
from macros.donnees.problemes import Probleme
from macros.donnees.types import normaliser_telephone

__all__ = ["donnees_personnelles", "emails_autorises"]

_UN_CHIFFRE = re.compile(r"[0-9]")
#: A run of digits in which single spaces, dots or dashes may group the digits.
_CHIFFRES = re.compile(r"(?<![0-9])[0-9](?:[ .\-\u00a0\u202f]?[0-9])*(?![0-9])")
#: Digits a dossier number has (7; 9 for a survivor's pension: not confirmed, so both).
_LONGUEURS_DOSSIER = (7, 9)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_TELEPHONE = re.compile(
    r"(?<![0-9+])(?:\+33[ .\-]?(?:\(0\)[ .\-]?)?|0)[1-9](?:[ .\-]?[0-9]{2}){4}(?![0-9])"
)


def _texte(data: Any, *cles: str) -> str | None:
    for cle in cles:
        if not isinstance(data, dict):
            return None
        data = data.get(cle)
    return data.strip() if isinstance(data, str) and data.strip() else None


def emails_autorises(cabinet: DocumentYaml | None) -> set[str]:
    """The addresses a public file may show: the cabinet's generic one, the caisse's."""
    data = cabinet.data if cabinet is not None else None
    valeurs = (_texte(data, "cabinet", "email"), _texte(data, "caisse", "email_support"))
    return {v.lower() for v in valeurs if v}


def _telephones_autorises(cabinet: DocumentYaml | None) -> set[str]:
    data = cabinet.data if cabinet is not None else None
    valeurs = (_texte(data, "cabinet", "telephone"), _texte(data, "caisse", "telephone"))
    return {normaliser_telephone(v) for v in valeurs if v}


def _textes(value: Any, path: Chemin_ = ()) -> Iterator[tuple[Chemin_, str]]:
    """Every text of a YAML document, with its path."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _textes(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _textes(v, (*path, i))
    elif isinstance(value, str):
        yield path, value


def _masque_email(adresse: str) -> str:
    return "…@" + adresse.rsplit("@", 1)[1]


def _trouvailles(
    texte: str, emails: set[str], telephones: set[str]
) -> Iterator[tuple[str, str, str, str]]:
    """(what, private.yml key, masked view, matched text) for each personal value in ``texte``."""
    if "@" in texte:
        yield from _emails(texte, emails)
    if _UN_CHIFFRE.search(texte):
        yield from _numeros(texte, telephones)


def _emails(texte: str, emails: set[str]) -> Iterator[tuple[str, str, str, str]]:
    for m in _EMAIL.finditer(texte):
        if m.group().lower() not in emails:
            yield "adresse e-mail personnelle", "email", _masque_email(m.group()), m.group()


def _numeros(texte: str, telephones: set[str]) -> Iterator[tuple[str, str, str, str]]:
    # Phone numbers first, so that their digits are not read again as a dossier number.
    vus: list[tuple[int, int]] = []
    for m in _TELEPHONE.finditer(texte):
        vus.append(m.span())
        numero = normaliser_telephone(m.group())
        if numero not in telephones:
            vue = f"{numero[:2]} … {numero[-2:]}"
            yield "numéro de téléphone personnel", "telephone", vue, m.group()
    for m in _CHIFFRES.finditer(texte):
        if any(a <= m.start() < b for a, b in vus):
            continue
        chiffres = re.sub(r"\D", "", m.group())
        if len(chiffres) in _LONGUEURS_DOSSIER:
            yield "numéro de dossier", "numero_dossier", f"{len(chiffres)} chiffres", m.group()


def donnees_personnelles(docs: dict[str, DocumentYaml], *, prive: bool) -> list[Probleme]:
    """Every personal value found in the public data files ``docs``.

    Args:
        docs: The parsed public files, by name (``cabinet``, ``equipe``…).
        prive: True for a private build: the findings are warnings, not errors.
    """
    cabinet = docs.get("cabinet")
    emails = emails_autorises(cabinet)
    telephones = _telephones_autorises(cabinet)
    suite = " ; ce build privé continue, un build public la refusera" if prive else ""
    out: list[Probleme] = []
    for doc in docs.values():
        for path, texte in _textes(doc.data):
            for quoi, cle, vue, extrait in _trouvailles(texte, emails, telephones):
                out.append(
                    doc.probleme(
                        path,
                        f"{quoi} probable ({vue}) dans un fichier publié",
                        "déplacez cette valeur dans le fichier privé private.yml "
                        f"(membres.<identifiant>.{cle}), qui n'est jamais publié, et retirez-la "
                        f"d'ici{suite}",
                        code="prive.donnee-personnelle",
                        warn=prive,
                        extrait=extrait,
                    )
                )
    return out
