"""French hyphenation for paper: soft hyphens (U+00AD) in the text of an HTML page.

Chromium does not hyphenate French (``hyphens: auto`` does nothing for ``lang="fr"``),
but it honours soft hyphens: it breaks a word there, and only there, printing a hyphen
at the end of the line. :func:`cesure_html` puts them where pyphen's French patterns
(LibreOffice's dictionary) allow a break, in the words of the page's text nodes, so that
a narrow table cell breaks « recom-mandé » instead of « recommand|é ».

Left as they are: words of six letters or less, words in capitals (acronyms such as
CARPIMKO) or with a capital inside (FranceConnect), anything that looks like an address
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
def _mot(mot: str) -> str:
    if mot.isupper() or any(c.isupper() for c in mot[1:]):
        return mot
    return _dictionnaire().inserted(mot, hyphen=SHY)


def _jeton(jeton: str) -> str:
    if len(jeton) < _MIN_LETTRES or _ADRESSE.search(jeton):
        return jeton
    return _MOT.sub(lambda m: _mot(m.group()), jeton)


def cesure_texte(texte: str) -> str:
    """Soft hyphens in the long words of ``texte`` (a text node, entities allowed)."""
    if not _MOT.search(texte):
        return texte
    parts = _ENTITE.split(texte)
    for i in range(0, len(parts), 2):
        if _MOT.search(parts[i]):
            jetons = _BLANC.split(parts[i])
            parts[i] = "".join(_jeton(j) if k % 2 == 0 else j for k, j in enumerate(jetons))
    return "".join(parts)


def cesure_html(html: str) -> str:
    """``html`` with soft hyphens in the words of its text nodes (see the module's doc)."""
    parts = _BALISE.split(html)
    ouverts: list[str] = []
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
            continue
        if not ouverts and part:
            parts[i] = cesure_texte(part)
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
