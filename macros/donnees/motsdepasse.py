"""Refuse passwords anywhere in the data: in a key, a value or a comment.

The handbook never stores a password: passwords live only in the team's
password vault (coffre-fort de mots de passe). A data file is refused if

* a key looks like a password field (``mot_de_passe``, ``MotDePasse``,
  ``password``, ``pwd``, ``mdp``, ``code-secret``…, whatever the case, accents
  and separators), or
* a text or a comment looks like a credential written down
  (``mot de passe : Azerty2026!``, ``mdp=xyz``, ``password: hunter2``).

Ordinary sentences about passwords (« Mot de passe oublié », « mot de passe
provisoire », « Créez un mot de passe long et unique ») are not refused. The
messages never repeat the secret itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from macros.donnees.lecteur import Chemin_, DocumentYaml
from macros.donnees.problemes import Probleme, format_chemin

__all__ = ["cle_mot_de_passe", "mots_de_passe", "texte_mot_de_passe"]

#: Key fragments that give a password field away once separators are removed.
_CLES_COLLEES = (
    "motdepasse",
    "motsdepasse",
    "password",
    "passwd",
    "passwort",
    "passphrase",
    "codesecret",
    "codepin",
)
#: Key words that give a password field away on their own (``mdp``, ``ancien_pwd``).
_CLES_MOTS = {"pwd", "pwds", "mdp", "mdps", "pass", "pw", "secret"}

_MOT_CLE = (
    r"(?<![a-z0-9])(?P<cle>mots?[\s_-]*de[\s_-]*passe|password|passwd|passwort|passphrase"
    r"|pwd|mdp|pass|code[\s_-]*secret|code[\s_-]*pin)(?![a-z0-9])"
)
#: A keyword, up to two words (« provisoire », « du compte »), a separator, then a word.
_AFFECTATION = re.compile(
    _MOT_CLE
    + r"(?:[ \t]+[a-z]+){0,2}?"
    + r"[ \t]*(?P<sep>:|=|->|→|\best\b|\bis\b)[ \t]*"
    + r"(?P<valeur>[^\s]+)"
)
_FIN_DE_LIGNE = re.compile(r"[ \t]*(?:\r?\n|$)")
#: Words that may follow « mot de passe : » in a sentence: not a secret.
_MOTS_COURANTS = {
    "aucun",
    "aucune",
    "jamais",
    "oublie",
    "provisoire",
    "perdu",
    "bloque",
    "expire",
    "voir",
    "non",
    "oui",
    "requis",
    "obligatoire",
    "inchange",
    "change",
    "a",
    "le",
    "la",
    "les",
    "un",
    "une",
    "dans",
}
#: Characters that make a word look like a secret (not ``-`` or ``'``, common in French words).
_SYMBOLES = set("!@#$%^&*?+~|\\/<>=_§€£°")

_POURQUOI = "le manuel ne contient jamais de mot de passe"
_OU = "les mots de passe sont rangés uniquement dans le coffre-fort de mots de passe de l'équipe"


@functools.lru_cache(maxsize=4096)
def _sans_accent(char: str) -> str:
    lower = char.lower()
    base = "".join(c for c in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


def _sans_accents(texte: str) -> str:
    """Lower case without accents, one character for one character (positions are kept)."""
    if texte.isascii():
        return texte.lower()
    return "".join(map(_sans_accent, texte))


@functools.lru_cache(maxsize=4096)
def cle_mot_de_passe(cle: str) -> bool:
    """True if ``cle`` names a password field (``mot_de_passe``, ``Password``, ``mdp``…)."""
    mots = [m for m in re.split(r"[^a-z0-9]+", _sans_accents(cle)) if m]
    collee = "".join(mots)
    return any(f in collee for f in _CLES_COLLEES) or any(m in _CLES_MOTS for m in mots)


def _ressemble_secret(valeur: str, sep: str, fin_de_ligne: bool) -> bool:
    mot = valeur.rstrip(".,;")
    if not mot or mot[0] in "«\"'([{<…" or set(mot) <= set("*•.x"):
        # A quotation, a placeholder such as {champ}, an explanation or a mask: no secret.
        return False
    if sep == "=":
        return True
    if len(mot) >= 4 and (any(c.isdigit() for c in mot) or any(c in _SYMBOLES for c in mot)):
        return True
    return sep == ":" and fin_de_ligne and _sans_accents(mot) not in _MOTS_COURANTS


#: Cheap first test: a text without any of these cannot hold a credential.
_INDICE = re.compile(r"pass|mdp|pwd|secret|pin", re.IGNORECASE)


def texte_mot_de_passe(texte: str) -> tuple[int, int] | None:
    """Span of the first credential written in ``texte`` (« mdp : Azerty2026! »), or ``None``."""
    if not _INDICE.search(texte):
        return None
    normal = _sans_accents(texte)
    for match in _AFFECTATION.finditer(normal):
        sep = match.group("sep").strip()
        fin = _FIN_DE_LIGNE.match(normal, match.end("valeur")) is not None
        if _ressemble_secret(match.group("valeur"), sep, fin):
            return match.start("cle"), match.end("sep")
    return None


def _valeurs(data: Any, path: Chemin_ = ()) -> Iterator[tuple[Chemin_, Any, bool]]:
    """Every ``(path, key or value, is_key)`` of ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key), key, True
            yield from _valeurs(value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _valeurs(item, (*path, i))
    else:
        yield path, data, False


_COMMENTAIRE = re.compile(r"(?:^|[ \t])#(.*)$", re.MULTILINE)


def _cle_affichee(cle: str) -> str:
    """The key as shown in a message: cut before any secret it contains."""
    span = texte_mot_de_passe(cle)
    if span is not None:
        return _apercu(cle, span)
    return cle if len(cle) <= 40 else cle[:39] + "…"


def _apercu(texte: str, span: tuple[int, int]) -> str:
    """The keyword and its separator, never the secret: « mot de passe : … »."""
    debut = " ".join(texte[span[0] : span[1]].split())
    return debut + ("…" if debut.endswith("=") else " …")


def mots_de_passe(doc: DocumentYaml) -> list[Probleme]:
    """Every password found in ``doc``'s keys, values and comments.

    The paths of refused keys and values are added to ``doc.signales``, so that
    the schema does not report them a second time (as an unknown key, or with a
    message that would quote the secret).
    """
    out: list[Probleme] = []
    for path, value, is_key in _valeurs(doc.data):
        if is_key and cle_mot_de_passe(str(value)):
            doc.signales.add(path)
            cle = _cle_affichee(str(value))
            pos = doc.position(path, key=True)
            out.append(
                Probleme(
                    doc.fichier,
                    pos.ligne,
                    pos.colonne,
                    format_chemin((*path[:-1], cle)),
                    f"clé « {cle} » refusée : {_POURQUOI}",
                    f"supprimez cette ligne ; {_OU}",
                    code="securite.cle-mot-de-passe",
                )
            )
        elif not is_key and isinstance(value, str):
            span = texte_mot_de_passe(value)
            if span is not None:
                # No other message may quote this value (and its secret).
                doc.signales.add(path)
                extrait = value[span[0] : span[1]]
                out.append(
                    doc.probleme(
                        path,
                        f"cette valeur semble contenir un mot de passe (« {_apercu(value, span)} ») : "
                        f"{_POURQUOI}",
                        f"retirez-le ; {_OU} ; s'il a déjà été enregistré dans git ou envoyé, "
                        "changez-le",
                        code="securite.mot-de-passe",
                        extrait=extrait,
                    )
                )
    seen = {(p.ligne, p.colonne) for p in out}
    for match in _COMMENTAIRE.finditer(doc.source):
        span = texte_mot_de_passe(match.group(1))
        if span is None:
            continue
        pos = doc.position_du_caractere(match.start(1) + span[0])
        if (pos.ligne, pos.colonne) in seen:
            continue
        out.append(
            Probleme(
                doc.fichier,
                pos.ligne,
                pos.colonne,
                format_chemin(()),
                "un commentaire semble contenir un mot de passe "
                f"(« {_apercu(match.group(1), span)} ») : {_POURQUOI}, même en commentaire",
                f"supprimez ce commentaire ; {_OU} ; s'il a déjà été enregistré dans git ou "
                "envoyé, changez-le",
                code="securite.mot-de-passe-commentaire",
            )
        )
    return out
