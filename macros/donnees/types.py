"""Field types of the data model, each with its French error message.

Every validator here raises :func:`erreur`: a :class:`pydantic_core.PydanticCustomError`
whose type is the problem's code (:mod:`macros.donnees.codes`) and whose context holds
the French message and advice, so that :mod:`macros.donnees.messages` can show them as
they are. Enumerations say which values are accepted and suggest the closest one.
"""

from __future__ import annotations

import calendar
import re
import types
import typing
from datetime import date, time
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from macros.texte import MOIS, minuscule

__all__ = [
    "ANNEE_MAX",
    "ANNEE_MIN",
    "Choix",
    "CodePostal",
    "DateISO",
    "Email",
    "Heure",
    "Identifiant",
    "Telephone",
    "TexteCourt",
    "TexteLong",
    "UrlWeb",
    "apercu",
    "deballer",
    "erreur",
    "libelles",
    "normaliser_telephone",
    "pas_une",
    "suggestion",
]


def deballer(annotation: Any) -> Any:
    """A field's type without its ``Annotated`` and ``| None`` wrappers (a union of several
    types is returned as it is)."""
    while True:
        origine = typing.get_origin(annotation)
        if origine is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origine in (typing.Union, types.UnionType):
            autres = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(autres) != 1:
                return annotation
            annotation = autres[0]
        else:
            return annotation


def erreur(code: str, message: str, conseil: str = "") -> PydanticCustomError:
    """A validation error shown to the user unchanged: what is wrong, and how to fix it.

    Args:
        code: The problem's code (one of :data:`macros.donnees.codes.CODES`), used as the
            pydantic error type.
        message: What is wrong, in French.
        conseil: How to fix it, in French (may be empty).
    """
    return PydanticCustomError(code, "{message}", {"message": message, "conseil": conseil})


def suggestion(valeur: str, possibles: list[str]) -> str:
    """Return `` (vouliez-vous dire « x » ?)`` for the closest value, or an empty string.

    The closest value is the most similar one, or else the only one that starts
    with ``valeur`` (« marc » → « marc-lefebvre »).
    """
    import difflib  # only when a value is wrong: not in a build that succeeds

    texte = valeur.strip().lower()
    proches = difflib.get_close_matches(texte, possibles, n=1, cutoff=0.6)
    if not proches and len(texte) >= 3:
        proches = [p for p in possibles if p.startswith(texte)]
    return f" (vouliez-vous dire « {proches[0]} » ?)" if len(proches) == 1 else ""


def apercu(value: Any, limit: int = 40) -> str:
    """A short view of a YAML value for a message: no Python syntax, at most ``limit`` characters."""
    if value is None:
        return "(vide)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "(une liste)"
    if isinstance(value, dict):
        return "(un groupe de clés)"
    text = " ".join(str(value).split())
    # Invisible characters are shown, never sent to the terminal as they are.
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_apercu = apercu


def pas_une(value: Any) -> str:
    """« pas une liste », « pas un groupe de clés » or « pas « valeur » »."""
    if isinstance(value, list | tuple):
        return "pas une liste"
    if isinstance(value, dict):
        return "pas un groupe de clés"
    if isinstance(value, str) and not value.strip():
        return "pas un texte vide"
    return f"pas « {apercu(value)} »"


_LIBELLES: dict[type, dict[str, str]] = {}
_PHRASES: dict[type, dict[str, str]] = {}


def libelles(mapping: dict[str, str], phrases: dict[str, str] | None = None) -> Any:
    """Class decorator giving each value of a :class:`Choix` its French label and, for the
    values whose label does not just lose its capital in a sentence, their form in the
    middle of a sentence (``phrases``: « le numéro de dossier »)."""

    def register(cls: type[Choix]) -> type[Choix]:
        missing = {m.value for m in cls} - set(mapping)
        if missing:  # a programming error, caught by the unit tests
            raise TypeError(f"{cls.__name__}: no label for {sorted(missing)}")
        inconnus = set(phrases or {}) - {m.value for m in cls}
        if inconnus:
            raise TypeError(f"{cls.__name__}: phrase for unknown values {sorted(inconnus)}")
        _LIBELLES[cls] = mapping
        _PHRASES[cls] = phrases or {}
        return cls

    return register


class Choix(StrEnum):
    """A closed list of values, each with the French label shown in the handbook.

    Subclasses are decorated with :func:`libelles`. Invalid input gets a French
    message listing the accepted values and the closest one.
    """

    @property
    def libelle(self) -> str:
        """The label shown to readers, e.g. « Numéro de dossier »."""
        return _LIBELLES[type(self)][self.value]

    @property
    def libelle_phrase(self) -> str:
        """The label in the middle of a sentence: « avec le numéro de dossier », « par
        FranceConnect », « mensuelle ». Table cells and headings keep :attr:`libelle`."""
        phrase = _PHRASES.get(type(self), {}).get(self.value)
        return phrase if phrase is not None else minuscule(self.libelle)

    @classmethod
    def valider(cls, value: Any) -> Any:
        """Before-validator: accept a member or its value, else explain in French."""
        if isinstance(value, cls):
            return value
        valeurs = [m.value for m in cls]
        if isinstance(value, str) and value in valeurs:
            return cls(value)
        code = "valeur.choix-inconnu"
        possibles = f"valeurs possibles : {', '.join(valeurs)}"
        if value is None:
            raise erreur(code, "valeur manquante", possibles)
        if isinstance(value, list | tuple):
            raise erreur(code, "une seule valeur attendue, pas une liste", possibles)
        if isinstance(value, dict):
            raise erreur(code, "une seule valeur attendue, pas un groupe de clés", possibles)
        if isinstance(value, bool):
            raise erreur(code, f"« {'true' if value else 'false'} » inconnu", possibles)
        if not isinstance(value, str | int | float):
            raise erreur(code, "valeur invalide", possibles)
        texte = str(value)
        raise erreur(code, f"« {_apercu(texte)} » inconnu", possibles + suggestion(texte, valeurs))


# --- identifiers and text -------------------------------------------------------------

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _identifiant(value: str) -> str:
    if not _SLUG.fullmatch(value) or len(value) > 64:
        raise erreur(
            "valeur.identifiant-invalide",
            f"identifiant « {_apercu(value)} » invalide",
            "utilisez des minuscules sans accent, des chiffres et des tirets, par exemple "
            "« claire-martin »",
        )
    return value


#: Control characters other than the tab and the newline.
_CONTROLE = re.compile(r"[\x00-\x08\x0b-\x1f]")
#: Invisible bidirectional controls (embeddings, overrides, isolates): in a page they
#: reverse the display of the text that follows the value, the handbook's own text too
#: (« Trojan Source »). Right-to-left letters and the marks U+200E/U+200F stay allowed.
_SENS_ECRITURE = re.compile("[\u202a-\u202e\u2066-\u2069]")


#: Line breaks of every kind (the ones ``str.splitlines`` knows).
_RETOUR_LIGNE = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _texte(max_len: int, une_ligne: bool) -> Any:
    def check(value: str) -> str:
        value = value.strip()
        if not value:
            raise erreur(
                "valeur.texte-vide", "texte vide", "écrivez une valeur ou retirez la ligne"
            )
        if une_ligne and _RETOUR_LIGNE.search(value):
            # A name or a title becomes a page title, a file name, a feed's NAME or
            # SUMMARY: one line only, refused here rather than broken later.
            raise erreur(
                "valeur.retour-a-la-ligne",
                "retour à la ligne dans un texte qui tient sur une ligne",
                "écrivez-le sur une seule ligne, sans « | » ni « > » après les deux-points",
            )
        if len(value) > max_len:
            raise erreur(
                "valeur.texte-trop-long",
                f"texte trop long ({len(value)} caractères, {max_len} au maximum)",
                "raccourcissez-le",
            )
        if _CONTROLE.search(value):
            raise erreur(
                "valeur.caractere-de-controle",
                "caractère de contrôle invisible dans le texte",
                "retapez la valeur",
            )
        sens = _SENS_ECRITURE.search(value)
        if sens:
            raise erreur(
                "valeur.sens-ecriture",
                f"caractère invisible de sens d'écriture (U+{ord(sens.group()):04X}) dans le texte",
                "il retournerait l'affichage de la suite de la page : retapez la valeur",
            )
        return value

    return check


_TEXTE_ATTENDU = "schema.texte-attendu"


def _texte_strict(value: Any) -> Any:
    # YAML gives numbers and booleans for unquoted 12 or true: refuse them where text is expected.
    if isinstance(value, bool | int | float):
        vu = apercu(value)
        raise erreur(
            _TEXTE_ATTENDU,
            f"texte attendu, pas « {vu} »",
            f'mettez la valeur entre guillemets, par exemple "{vu}"',
        )
    if isinstance(value, list | tuple):
        raise erreur(
            _TEXTE_ATTENDU,
            "texte attendu, pas une liste",
            "écrivez une seule valeur après les deux-points, sans « - » ni crochets",
        )
    if isinstance(value, dict):
        raise erreur(
            _TEXTE_ATTENDU,
            "texte attendu, pas un groupe de clés",
            "si la valeur commence par « { » (un champ comme {nom}), mettez-la entre "
            'guillemets : "{nom} …"',
        )
    if value is None:
        raise erreur(
            _TEXTE_ATTENDU,
            "valeur manquante",
            "écrivez un texte après les deux-points, ou retirez la ligne",
        )
    if not isinstance(value, str):
        raise erreur(_TEXTE_ATTENDU, "texte attendu")
    return value


Identifiant = Annotated[
    str,
    BeforeValidator(_texte_strict),
    AfterValidator(_identifiant),
    WithJsonSchema({"type": "string", "pattern": _SLUG.pattern, "maxLength": 64}),
]
"""A stable id: lower-case letters, digits and hyphens (used in URLs and file names)."""

TexteCourt = Annotated[
    str,
    BeforeValidator(_texte_strict),
    AfterValidator(_texte(300, une_ligne=True)),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 300, "pattern": "^[^\\n\\r]*$"}),
]
"""A short text on one line: a name, a title, a list item (line breaks are refused)."""

TexteLong = Annotated[
    str,
    BeforeValidator(_texte_strict),
    AfterValidator(_texte(5000, une_ligne=False)),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 5000}),
]
"""A longer text, possibly over several lines."""


# --- contacts ----------------------------------------------------------------------------

#: A plain address. RFC 5322 allows ``? & % =`` and more before the ``@``; in a
#: ``mailto:`` link they add recipients or replace the body, so they are refused here.
_EMAIL = re.compile(r"^[A-Za-z0-9._+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_EMAIL_LARGE = re.compile(r"^\S+@\S+\.\S+$")


def _email(value: str) -> str:
    value = value.strip()
    if _EMAIL_LARGE.fullmatch(value) and not _EMAIL.fullmatch(value):
        raise erreur(
            "valeur.email-refusee",
            f"adresse e-mail « {_apercu(value)} » refusée",
            "une adresse simple est attendue (lettres, chiffres, . _ + - et un seul @), "
            "sans ? & % = ni espace",
        )
    if not _EMAIL.fullmatch(value) or len(value) > 254:
        raise erreur(
            "valeur.email-invalide",
            f"adresse e-mail « {_apercu(value)} » invalide",
            "format attendu : nom@domaine.fr",
        )
    return value


Email = Annotated[
    str,
    BeforeValidator(_texte_strict),
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "format": "email"}),
]

_TEL = re.compile(r"^(?:\+33 ?[1-9]|0[1-9])(?:[ .]?[0-9]{2}){4}$")


def normaliser_telephone(numero: str) -> str:
    """A French number as ten digits (``+33 6 …`` → ``06…``), to compare two writings."""
    chiffres = re.sub(r"\D", "", numero)
    if chiffres.startswith("330"):
        chiffres = chiffres[2:]
    elif chiffres.startswith("33"):
        chiffres = "0" + chiffres[2:]
    return chiffres


def _telephone(value: str) -> str:
    value = value.strip()
    if not _TEL.fullmatch(value):
        raise erreur(
            "valeur.telephone-invalide",
            f"numéro de téléphone « {_apercu(value)} » invalide",
            'format attendu : "01 30 48 10 00" (entre guillemets) ou "+33 1 30 48 10 00"',
        )
    digits = normaliser_telephone(value)
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


Telephone = Annotated[
    str,
    BeforeValidator(_texte_strict),
    AfterValidator(_telephone),
    WithJsonSchema({"type": "string", "pattern": _TEL.pattern}),
]
"""A French phone number, normalised to « 01 30 48 10 00 »."""

_URL = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::[0-9]+)?(?:/[^\s<>\"'`]*)?$")


def _url(value: str) -> str:
    value = value.strip()
    if not value.lower().startswith("https://"):
        raise erreur(
            "valeur.url-non-https",
            f"adresse web « {_apercu(value)} » refusée",
            "seules les adresses en https:// sont acceptées",
        )
    if not _URL.fullmatch(value):
        raise erreur(
            "valeur.url-invalide",
            f"adresse web « {_apercu(value)} » invalide",
            "format attendu : https://www.exemple.fr/page",
        )
    return value


UrlWeb = Annotated[
    str,
    BeforeValidator(_texte_strict),
    AfterValidator(_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https://"}),
]
"""A web address; only ``https:`` is accepted."""


def _code_postal(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"[0-9]{5}", value):
        raise erreur(
            "valeur.code-postal-invalide",
            f"code postal « {_apercu(value)} » invalide",
            '5 chiffres entre guillemets, par exemple "59000"',
        )
    return value


CodePostal = Annotated[
    str,
    BeforeValidator(_texte_strict),
    # Runs first (pydantic runs "before" validators last-to-first): 59000 unquoted is fine.
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    AfterValidator(_code_postal),
    WithJsonSchema({"type": "string", "pattern": "^[0-9]{5}$"}),
]
"""A French postal code (five digits)."""


# --- dates and times ---------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


#: The dates the handbook accepts: every date it computes from them (a due date a year
#: later, a reminder days before) still exists, and no typo such as 9999 or 0202 passes.
ANNEE_MIN, ANNEE_MAX = 1900, 2100


def _dans_les_limites(jour: date, texte: str) -> date:
    if not ANNEE_MIN <= jour.year <= ANNEE_MAX:
        raise erreur(
            "valeur.date-hors-limites",
            f"date « {_apercu(texte)} » hors limites",
            f"l'année va de {ANNEE_MIN} à {ANNEE_MAX} : vérifiez-la",
        )
    return jour


_FORMAT_DATE = "format attendu : AAAA-MM-JJ, par exemple 2026-01-15"


def _date(value: Any) -> Any:
    if isinstance(value, date):
        return _dans_les_limites(value, value.isoformat())
    if value is None:
        raise erreur("valeur.date-invalide", "date manquante", _FORMAT_DATE)
    if isinstance(value, list | tuple | dict):
        raise erreur(
            "valeur.date-invalide", f"une date est attendue ici, {pas_une(value)}", _FORMAT_DATE
        )
    if not isinstance(value, str) or isinstance(value, bool):
        raise erreur("valeur.date-invalide", f"date invalide « {_apercu(value)} »", _FORMAT_DATE)
    text = value.strip()
    match = _ISO_DATE.fullmatch(text)
    if not match:
        fr = _FR_DATE.fullmatch(text)
        if fr:
            try:
                iso = date(int(fr.group(3)), int(fr.group(2)), int(fr.group(1))).isoformat()
            except ValueError:
                raise erreur(
                    "valeur.date-impossible",
                    f"date impossible « {_apercu(text)} »",
                    "vérifiez le jour et le mois, puis écrivez-la au format AAAA-MM-JJ",
                ) from None
            raise erreur(
                "valeur.date-francaise",
                f"date invalide « {_apercu(text)} »",
                f"écrivez {iso} (format AAAA-MM-JJ : l'année d'abord)",
            )
        raise erreur("valeur.date-invalide", f"date invalide « {_apercu(text)} »", _FORMAT_DATE)
    annee, mois, jour = (int(g) for g in match.groups())
    try:
        jour_lu = date(annee, mois, jour)
    except ValueError:
        pass
    else:
        return _dans_les_limites(jour_lu, text)
    impossible = f"date impossible « {text} »"
    if not 1 <= mois <= 12:
        raise erreur("valeur.date-impossible", impossible, "le mois va de 01 à 12")
    if annee < 1:
        raise erreur("valeur.date-impossible", impossible, "vérifiez l'année")
    fin = calendar.monthrange(annee, mois)[1]
    if jour < 1:
        raise erreur("valeur.date-impossible", impossible, f"le jour va de 01 à {fin}")
    raise erreur(
        "valeur.date-impossible", impossible, f"{MOIS[mois - 1]} {annee} n'a que {fin} jours"
    )


DateISO = Annotated[
    date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
"""A date written ``AAAA-MM-JJ``, between the years :data:`ANNEE_MIN` and :data:`ANNEE_MAX`."""

_HEURE = re.compile(r"^([01]?[0-9]|2[0-3])[:h]([0-5][0-9])$")


def _heure(value: Any) -> Any:
    if isinstance(value, time):
        return value
    code, format_heure = "valeur.heure-invalide", "format attendu : 09:00 ou 14h30"
    if value is None:
        raise erreur(code, "heure manquante", format_heure)
    if isinstance(value, list | tuple | dict):
        raise erreur(code, f"une heure est attendue ici, {pas_une(value)}", format_heure)
    match = _HEURE.fullmatch(str(value).strip()) if isinstance(value, str) else None
    if not match:
        raise erreur(code, f"heure invalide « {_apercu(value)} »", format_heure)
    return time(int(match.group(1)), int(match.group(2)))


Heure = Annotated[
    time,
    BeforeValidator(_heure),
    WithJsonSchema({"type": "string", "pattern": _HEURE.pattern}),
]
"""A time of day, written ``09:00`` or ``14h30``."""
