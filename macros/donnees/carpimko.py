"""The facts about the CARPIMKO that the handbook states, each with its sources.

They belong to the product, not to a practice: one file,
``macros/donnees/faits-carpimko.yml`` (:data:`FICHIER_FAITS`), the same for every
practice, kept by whoever maintains the repository. It is read like the data files (the
strict reader with positions, :mod:`macros.donnees.lecteur`), validated by the model below
(French messages with ``file:line``) and checked by the rules of :func:`verifier_faits`,
whose codes are the ``faits`` family of :mod:`macros.donnees.codes`. ``make check`` reports
its problems with the practice's own.

A fact is worth what its best source is worth (:meth:`FichierFaitsCarpimko.nature`): a fact
with no official source is shown « à vérifier auprès de la CARPIMKO » wherever it is stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema

from macros.donnees.lecteur import DocumentYaml, lire_yaml
from macros.donnees.messages import problemes_pydantic
from macros.donnees.problemes import Probleme
from macros.donnees.types import (
    ANNEE_MAX,
    ANNEE_MIN,
    Choix,
    Identifiant,
    TexteCourt,
    TexteLong,
    UrlWeb,
    apercu,
    erreur,
    libelles,
    suggestion,
)

__all__ = [
    "FICHIER_FAITS",
    "DatePartielle",
    "FaitCarpimko",
    "FichierFaitsCarpimko",
    "NatureSource",
    "SourceCarpimko",
    "lire_faits_carpimko",
    "meme_valeur",
    "verifier_faits",
]

#: The product's facts file (package data, next to this module).
FICHIER_FAITS = Path(__file__).resolve().with_name("faits-carpimko.yml")


@libelles({"officielle": "officielle", "tierce": "tierce", "non_confirmee": "non confirmée"})
class NatureSource(Choix):
    """How far a source can be trusted, strongest first.

    ``officielle``: the CARPIMKO, the Urssaf, the Assurance Maladie, a legal text.
    ``tierce``: a federation, the press, an insurer, a tool. ``non_confirmee``: a content
    farm, a commercial guide, or a search that found nothing.
    """

    officielle = "officielle"
    tierce = "tierce"
    non_confirmee = "non_confirmee"

    @property
    def rang(self) -> int:
        """0 for the strongest nature (officielle), 2 for the weakest."""
        return list(NatureSource).index(self)


# --- dates known to the year, the month or the day ------------------------------------------

_DATE_PARTIELLE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FORMAT = "format attendu : AAAA-MM-JJ, AAAA-MM ou AAAA, par exemple 2026-11 ou 2017"


def _date_partielle(value: Any) -> str:
    """``2017``, ``2017-12`` or ``2017-12-01`` as a string in that form, or a French error."""
    code = "valeur.date-invalide"
    if isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if value is None:
        raise erreur(code, "date manquante", _FORMAT)
    if not isinstance(value, str):
        raise erreur(code, f"date invalide « {apercu(value)} »", _FORMAT)
    texte = value.strip()
    trouve = _DATE_PARTIELLE.fullmatch(texte)
    if trouve is None:
        raise erreur(code, f"date invalide « {apercu(texte)} »", _FORMAT)
    annee = int(trouve.group(1))
    mois = int(trouve.group(2) or 1)
    jour = int(trouve.group(3) or 1)
    if not ANNEE_MIN <= annee <= ANNEE_MAX:
        raise erreur(
            "valeur.date-hors-limites",
            f"date « {texte} » hors limites",
            f"l'année va de {ANNEE_MIN} à {ANNEE_MAX} : vérifiez-la",
        )
    try:
        date(annee, mois, jour)
    except ValueError:
        raise erreur(
            "valeur.date-impossible",
            f"date impossible « {texte} »",
            "vérifiez le jour et le mois",
        ) from None
    return texte


DatePartielle = Annotated[
    str,
    BeforeValidator(_date_partielle),
    WithJsonSchema(
        {"type": ["string", "integer"], "pattern": _DATE_PARTIELLE.pattern, "minimum": 1900}
    ),
]
"""A date known to the day (``2026-12-01``), the month (``2026-11``) or the year (``2017``),
kept as written: a source often gives no more, and a check made « in November » is not
said to have been made on a given day."""


# --- the model ---------------------------------------------------------------------------------

#: Upper bound on each list, as for the data files (:data:`macros.donnees.modele.MAX_ELEMENTS`).
MAX_ELEMENTS = 500


class _Modele(BaseModel):
    # As macros.donnees.modele.Modele (which imports this module for the Handbook):
    # unknown keys are errors, values are immutable.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class SourceCarpimko(_Modele):
    """Where a fact comes from."""

    id: Identifiant = Field(description="Identifiant de la source, cité par les faits.")
    nature: Annotated[NatureSource, BeforeValidator(NatureSource.valider)] = Field(
        description="officielle (CARPIMKO, Urssaf, Assurance Maladie, texte de loi), tierce "
        "(fédération, presse, assureur) ou non_confirmee (site de contenu, guide commercial, "
        "recherche sans résultat)."
    )
    titre: TexteCourt = Field(description="Qui publie, et le titre de la page ou du document.")
    url: UrlWeb | None = Field(
        None, description="Adresse de la page, seulement si elle a été vue (https://…)."
    )
    date: DatePartielle | None = Field(
        None, description="Date de la source, si elle est connue : AAAA-MM-JJ, AAAA-MM ou AAAA."
    )


class FaitCarpimko(_Modele):
    """One thing the handbook states about the CARPIMKO."""

    id: Identifiant = Field(
        description='Identifiant du fait, cité par les pages : {{ fait("ij-carpimko-91") }}.'
    )
    texte: TexteLong = Field(
        description="Le fait, en une ou deux phrases, tel que les pages l'affichent. "
        "Un montant s'écrit avec son année."
    )
    sources: list[Identifiant] = Field(
        min_length=1,
        max_length=MAX_ELEMENTS,
        description="Les sources du fait (identifiants de la liste « sources »).",
    )
    verifie_le: DatePartielle = Field(
        description="Date à laquelle le fait a été comparé à ses sources : AAAA-MM-JJ, "
        "ou AAAA-MM si seul le mois est connu."
    )
    valeur: TexteCourt | None = Field(
        None,
        description="Pour un contact (téléphone, adresse, site) : la valeur exacte, comparée "
        "à celle du fichier cabinet.yml du cabinet.",
    )
    remarque: TexteLong | None = Field(
        None, description="Une nuance sur le fait ou ses sources, affichée sur la page À propos."
    )


class FichierFaitsCarpimko(_Modele):
    """``macros/donnees/faits-carpimko.yml``: the facts and their sources."""

    faits: list[FaitCarpimko] = Field(min_length=1, max_length=MAX_ELEMENTS)
    sources: list[SourceCarpimko] = Field(min_length=1, max_length=MAX_ELEMENTS)

    def sources_de(self, fait: FaitCarpimko) -> list[SourceCarpimko]:
        """The sources of ``fait``, in the order it cites them."""
        par_id = {s.id: s for s in self.sources}
        return [par_id[s] for s in fait.sources if s in par_id]

    def nature(self, fait: FaitCarpimko) -> NatureSource:
        """The nature of ``fait``: that of its best source."""
        natures = [s.nature for s in self.sources_de(fait)]
        return min(natures, key=lambda n: n.rang, default=NatureSource.non_confirmee)


# --- comparing a practice's contact with a fact's value ----------------------------------------


def _normaliser(valeur: str) -> str:
    texte = valeur.casefold().strip().removesuffix("/")
    texte = re.sub(r"^https://", "", texte)
    return re.sub(r"[\s,.;:\-]+", " ", texte).strip()


def meme_valeur(a: str | None, b: str | None) -> bool:
    """True when two writings of a contact are the same value: case, spaces, punctuation and
    a final ``/`` aside (``01.30.48.10.00`` and ``01 30 48 10 00``)."""
    if not a or not b:
        return False
    return _normaliser(a) == _normaliser(b)


# --- reading and checking the file -------------------------------------------------------------

#: An amount in euros: « 1 022 € », « 55,44 € », « 10080 euros ».
_MONTANT = re.compile(r"\d[\d\s\u00a0\u202f]*(?:,\d+)?\s*(?:€|euros?\b)", re.IGNORECASE)
#: A year, to go with an amount.
_ANNEE = re.compile(r"\b(?:19|20)\d{2}\b")


def _en_double(doc: DocumentYaml, liste: str, ids: list[str]) -> Iterator[Probleme]:
    vus: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if ident in vus:
            premiere = doc.position((liste, vus[ident], "id"))
            yield doc.probleme(
                (liste, i, "id"),
                f"identifiant « {ident} » en double dans {liste} (déjà utilisé ligne "
                f"{premiere.ligne})",
                "donnez un identifiant différent à chaque élément",
                code="identifiants.en-double",
            )
        else:
            vus[ident] = i


def verifier_faits(doc: DocumentYaml, fichier: FichierFaitsCarpimko) -> list[Probleme]:
    """The rules of the facts file, beyond its schema: unique ids, known sources, every
    source cited, every amount with its year."""
    out = [
        *_en_double(doc, "faits", [f.id for f in fichier.faits]),
        *_en_double(doc, "sources", [s.id for s in fichier.sources]),
    ]
    connues = [s.id for s in fichier.sources]
    citees: set[str] = set()
    for i, fait in enumerate(fichier.faits):
        for j, source in enumerate(fait.sources):
            citees.add(source)
            if source not in connues:
                out.append(
                    doc.probleme(
                        ("faits", i, "sources", j),
                        f"source « {source} » inconnue",
                        "ajoutez-la à la liste « sources » du fichier, ou corrigez "
                        "l'identifiant" + suggestion(source, connues),
                        code="faits.source-inconnue",
                    )
                )
        montant = _MONTANT.search(fait.texte)
        if montant is not None and not _ANNEE.search(fait.texte):
            out.append(
                doc.probleme(
                    ("faits", i, "texte"),
                    f"montant « {apercu(montant.group().strip())} » sans son année",
                    "les montants changent chaque année : écrivez l'année dans la même phrase "
                    "(« En 2026, … »)",
                    code="faits.montant-sans-annee",
                    extrait=montant.group().strip(),
                )
            )
    for i, source in enumerate(fichier.sources):
        if source.id not in citees:
            out.append(
                doc.probleme(
                    ("sources", i, "id"),
                    f"source « {source.id} » citée par aucun fait",
                    "retirez-la, ou citez-la dans les « sources » du fait qu'elle appuie",
                    code="faits.source-inutilisee",
                    warn=True,
                )
            )
    return out


def lire_faits_carpimko(
    source: Path | str = FICHIER_FAITS, fichier: str = "macros/donnees/faits-carpimko.yml"
) -> tuple[FichierFaitsCarpimko | None, list[Probleme]]:
    """Read and check the facts file; ``None`` and the problems when it has an error.

    ``source`` is the file's path, or (a ``str``) its YAML text; ``fichier`` the name shown
    in messages. Warnings come back with the facts.
    """
    doc, problemes = lire_yaml(source, fichier)
    if doc is None:
        return None, problemes
    try:
        faits = FichierFaitsCarpimko.model_validate(doc.data)
    except ValidationError as err:
        return None, problemes_pydantic(err, doc, FichierFaitsCarpimko)
    problemes = verifier_faits(doc, faits)
    if any(not p.avertissement for p in problemes):
        return None, problemes
    return faits, problemes
