"""French hyphenation for paper: soft hyphens (U+00AD) in the text of an HTML page.

Chromium does not hyphenate French (``hyphens: auto`` does nothing for ``lang="fr"``),
but it honours soft hyphens: it breaks a word there, and only there, printing a hyphen
at the end of the line. :func:`cesure_html` puts them where pyphen's French patterns
(LibreOffice's dictionary) allow a break, in the words of the page's text nodes, so that
a narrow table cell breaks « recom-mandé » instead of « recommand|é ».

Left as they are: words of six letters or less, words with a capital (names such as
Lefebvre, which French typography does not break; acronyms such as CARPIMKO; brands such
as FranceConnect) unless the page also writes them in lowercase (« Semaine » at the start
of a cell is hyphenated like « semaine »), anything that looks like an address
(a web or e-mail address, a file name), the content of ``pre``, ``code``, ``kbd``,
``samp``, ``script``, ``style``, ``textarea``, ``title``, ``svg``, ``nav`` (the contents
is made from it) and of headings (their text is the PDF's bookmarks), and every attribute.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyphen

__all__ = ["SHY", "cesure_html", "cesure_texte", "sans_cesure"]

#: The soft hyphen: invisible unless a line breaks there.
SHY = "\u00ad"

#: Shortest word that is hyphenated (a longer word is one that may not fit a cell).
_MIN_LETTRES = 7
#: Elements whose text is left alone (code, scripts, the document's title, pictures,
#: navigation, headings).
_INTOUCHABLES = frozenset(
    {"pre", "code", "kbd", "samp", "script", "style", "textarea", "title", "svg", "nav"}
    | {f"h{n}" for n in range(1, 7)}
)
_BALISE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_NOM = re.compile(r"^<(/?)\s*([a-zA-Z0-9]+)")
#: A run of letters (accented included), the only thing that is hyphenated.
_MOT = re.compile(rf"[^\W\d_]{{{_MIN_LETTRES},}}")
#: A whitespace-separated token that is an address, not prose: a URL, an e-mail address,
#: a file or domain name (a dot between two letters), a path.
_ADRESSE = re.compile(r"://|@|www\.|/|\\|[^\W\d_]\.[^\W\d_]|_")
#: HTML character references, left whole.
_ENTITE = re.compile(r"(&#?\w+;)")
_BLANC = re.compile(r"(\s+)")


@functools.cache
def _dictionnaire() -> pyphen.Pyphen:
    import pyphen

    # At least two letters before a break and three after it: « recom-mandé », never « …-é ».
    return pyphen.Pyphen(lang="fr_FR", left=2, right=3)


@functools.lru_cache(maxsize=65536)
def _inserer(mot: str) -> str:
    return _dictionnaire().inserted(mot, hyphen=SHY)


def _jeton(jeton: str, communs: frozenset[str] | set[str]) -> str:
    if len(jeton) < _MIN_LETTRES or _ADRESSE.search(jeton):
        return jeton

    def mot(match: re.Match[str]) -> str:
        texte = match.group()
        if texte.islower() or (texte[1:].islower() and texte.lower() in communs):
            return _inserer(texte)
        return texte

    return _MOT.sub(mot, jeton)


def cesure_texte(texte: str, communs: frozenset[str] | set[str] = frozenset()) -> str:
    """Soft hyphens in the long words of ``texte`` (a text node, entities allowed).

    A word with a capital is only hyphenated when it is a capitalised word of ``communs``
    (the document's words written in lowercase somewhere: « Semaine » but not « Lefebvre »).
    """
    if not _MOT.search(texte):
        return texte
    parts = _ENTITE.split(texte)
    for i in range(0, len(parts), 2):
        if _MOT.search(parts[i]):
            jetons = _BLANC.split(parts[i])
            parts[i] = "".join(
                _jeton(j, communs) if k % 2 == 0 else j for k, j in enumerate(jetons)
            )
    return "".join(parts)


def _textes(parts: list[str]) -> list[int]:
    """The indexes of the text parts of ``parts`` (an HTML page split at its tags) that
    are hyphenated: outside the elements of :data:`_INTOUCHABLES`."""
    ouverts: list[str] = []
    indexes = []
    for i, part in enumerate(parts):
        if i % 2:
            match = _NOM.match(part)
            if match is None:
                continue
            nom = match.group(2).lower()
            if nom in _INTOUCHABLES and not part.endswith("/>"):
                if match.group(1):
                    if nom in ouverts:
                        del ouverts[len(ouverts) - 1 - ouverts[::-1].index(nom)]
                else:
                    ouverts.append(nom)
        elif not ouverts and part:
            indexes.append(i)
    return indexes


def cesure_html(html: str) -> str:
    """``html`` with soft hyphens in the words of its text nodes (see the module's doc).

    Names are not hyphenated: a capitalised word is only hyphenated when the page also
    writes it in lowercase (a common word at the start of a sentence or a cell).
    """
    parts = _BALISE.split(html)
    indexes = _textes(parts)
    communs = {
        m.group()
        for i in indexes
        for jeton in parts[i].split()
        if not _ADRESSE.search(jeton)
        for m in _MOT.finditer(jeton)
        if m.group().islower()
    }
    for i in indexes:
        parts[i] = cesure_texte(parts[i], communs)
    return "".join(parts)


def sans_cesure(texte: str) -> str:
    """``texte`` as it reads without hyphenation: soft hyphens taken out, and a word
    that Chromium broke at one of them joined again.

    Where a line breaks at a soft hyphen, Chromium prints U+2010 (HYPHEN), never the
    hyphen-minus of the text: ``recom\u2010\r\nmandé`` is one word, « recommandé », while
    ``back-\nup`` is a compound broken at its own hyphen, joined as « back-up ».
    """
    texte = texte.replace(SHY, "").replace("&shy;", "")
    return _COUPURE.sub(lambda m: "-" if m.group(1) else "", texte)


#: A line break after a hyphen: Chromium's (U+2010, dropped) or the text's own (kept).
_COUPURE = re.compile(r"(?<=\w)(?:\u2010|(-))[ \t]*\r?\n[ \t]*(?=\w)")
