"""Built pages read from the disk, without a browser: their text and their live markup.

A browser costs about a third of a CPU-second per page on the reference machine; these
readers take milliseconds. They read what the server sent, so they see what Markdown and
the templates made of a value (which is what the escaping tests are about); what a script
adds to the page afterwards is left to the browser tests (see test_injection.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

#: Elements whose content is not text a reader sees.
_INVISIBLES = {"script", "style", "template", "noscript", "svg", "head"}
#: Elements that do not break a line of text (every other one does, like ``innerText``).
_EN_LIGNE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins",
    "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
    "time", "u", "var",
}  # fmt: skip
#: Attributes whose value is an address a click or a load follows.
_ADRESSES = {"href", "src", "action", "formaction"}
_VIDES = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
_ESPACES = re.compile(r"\s+")


@dataclass
class PageStatique:
    """What one built page says, and any markup in it that would run."""

    titre: str = ""
    texte: str = ""
    vivants: list[str] = field(default_factory=list)


class _Lecteur(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageStatique()
        self._pile: list[str] = []
        self._titre: list[str] = []
        self._texte: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for nom, valeur in attrs:
            if nom.startswith("on"):
                self.page.vivants.append(f"{tag.upper()} {nom}")
            if nom in _ADRESSES and re.match(r"\s*javascript:", valeur or "", re.IGNORECASE):
                self.page.vivants.append(f"{tag.upper()} {nom}={valeur}")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.page.vivants.append("<img src=x>")
        if tag == "script":
            self._script = []
        if tag not in _EN_LIGNE:
            self._texte.append(" ")
        if tag not in _VIDES:
            self._pile.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            contenu = "".join(self._script)
            if "alert(" in contenu:
                self.page.vivants.append("<script> " + contenu[:60])
            self._script = None
        if tag in self._pile:
            while self._pile and self._pile.pop() != tag:
                pass
        if tag not in _EN_LIGNE:
            self._texte.append(" ")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        if "title" in self._pile:
            self._titre.append(data)
        elif not _INVISIBLES & set(self._pile):
            self._texte.append(data)

    def close(self) -> None:
        super().close()
        self.page.titre = normalise(" ".join(self._titre))
        self.page.texte = normalise("".join(self._texte))


def normalise(text: str) -> str:
    """Text as read: any run of spaces (non-breaking ones too) is one space."""
    return _ESPACES.sub(" ", text).strip()


def lire_page(path: Path) -> PageStatique:
    """The title, text and live markup of a built HTML page."""
    return lire_html(path.read_text(encoding="utf-8"))


def lire_html(html: str) -> PageStatique:
    """The title, text and live markup of an HTML page or fragment."""
    lecteur = _Lecteur()
    lecteur.feed(html)
    lecteur.close()
    return lecteur.page


#: The published form editor's folder (``HANDBOOK_DEPOT``): an empty page that Sveltia CMS
#: fills in its own words, not a page of the handbook (``test_editeur_publie.py`` checks it).
EDITEUR = "admin/"


def pages_html(site: Path) -> list[str]:
    """The path in the site of every HTML page of the handbook (``equipe/index.html``), sorted:
    every ``*.html`` file but the form editor's (:data:`EDITEUR`)."""
    chemins = (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return sorted(c for c in chemins if not c.startswith(EDITEUR))


def lire_site(site: Path) -> dict[str, PageStatique]:
    """Every HTML page of a built site (:func:`pages_html`), by its path in the site."""
    return {chemin: lire_page(site / chemin) for chemin in pages_html(site)}


@dataclass
class Liens:
    """The links of a page (``a``/``area``), its ids (and ``a name``), and the files it
    loads (style sheets, scripts, images), each address as written in the page."""

    liens: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    ressources: list[str] = field(default_factory=list)


#: Attributes through which a page loads a file, by element.
_RESSOURCES = {"link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


class _LecteurDeLiens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.resultat = Liens()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {nom: valeur or "" for nom, valeur in attrs}
        if a.get("id"):
            self.resultat.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.resultat.ids.add(a["name"])
        if tag in ("a", "area") and "href" in a:
            self.resultat.liens.append(a["href"].strip())
        attribut = _RESSOURCES.get(tag)
        # A <link> that is a hint (preconnect, canonical…) loads nothing.
        charge = tag != "link" or a.get("rel", "") in ("stylesheet", "icon", "manifest", "preload")
        if attribut and a.get(attribut) and charge:
            self.resultat.ressources.append(a[attribut].strip())

    handle_startendtag = handle_starttag


def lire_liens(html: str) -> Liens:
    """The links, ids and loaded files of an HTML page."""
    lecteur = _LecteurDeLiens()
    lecteur.feed(html)
    lecteur.close()
    return lecteur.resultat


# --- what a reader reads: prose without code, and the attributes they see or hear -----------

#: Elements whose text is typed as is (code, file names, keys), not French prose.
_CODE = {"code", "pre", "kbd", "samp", "textarea"}
#: Attributes whose value a reader sees (a tooltip, a placeholder) or hears (a label).
_ATTRIBUTS_LUS = ("title", "aria-label", "alt", "placeholder")
#: What stands for a piece of code in :attr:`TexteLu.texte` (neither a letter nor a space).
CODE = "\ufffc"
#: Unlike ``innerText``, the text of an SVG picture counts: its labels are shown, its
#: ``<title>`` and ``<desc>`` are read out.
_INVISIBLES_LUS = _INVISIBLES - {"svg"}


@dataclass
class TexteLu:
    """What a reader reads on a page, as the French typography and wording checks need it.

    Attributes:
        titre: The page's ``<title>``.
        texte: The visible text, one line per block (paragraph, cell, heading…); each
            run of white space inside a block is one space, as a browser shows it; each
            piece of code is one :data:`CODE` character.
        attributs: ``title``, ``aria-label``, ``alt`` and ``placeholder`` values, and the
            theme's translations (the search's messages), each as ``"<where>: <value>"``.
    """

    titre: str = ""
    texte: str = ""
    attributs: list[str] = field(default_factory=list)


class _LecteurLu(HTMLParser):
    def __init__(self, caches: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.lu = TexteLu()
        self._caches = caches
        self._pile: list[tuple[str, bool]] = []
        self._titre: list[str] = []
        self._texte: list[str] = []
        self._config: list[str] | None = None

    def _cache(self) -> bool:
        return bool(self._pile) and self._pile[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {nom: valeur or "" for nom, valeur in attrs}
        cache = (
            self._cache()
            or tag in _INVISIBLES_LUS
            or "hidden" in a
            or bool(self._caches & set(a.get("class", "").split()))
        )
        if not cache:
            for nom in _ATTRIBUTS_LUS:
                if a.get(nom, "").strip():
                    self.lu.attributs.append(f"<{tag} {nom}>: {a[nom]}")
        if tag == "script" and a.get("id") == "__config":
            self._config = []
        if not cache and tag not in _EN_LIGNE:
            self._texte.append("\n")
        if not cache and tag in _CODE and not any(t in _CODE for t, _ in self._pile):
            self._texte.append(CODE)
        if tag not in _VIDES:
            self._pile.append((tag, cache))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VIDES:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._config is not None:
            import json

            config = json.loads("".join(self._config) or "{}")
            for cle, valeur in (config.get("translations") or {}).items():
                self.lu.attributs.append(f"translations.{cle}: {valeur}")
            self._config = None
        if any(t == tag for t, _ in self._pile):
            ouvert, cache = self._pile.pop()
            while ouvert != tag:
                ouvert, cache = self._pile.pop()
            if not cache and tag not in _EN_LIGNE:
                self._texte.append("\n")

    def handle_data(self, data: str) -> None:
        if self._config is not None:
            self._config.append(data)
        if self._pile and self._pile[-1][0] == "title" and any(t == "head" for t, _ in self._pile):
            self._titre.append(data)
        elif not self._cache() and not any(t in _CODE for t, _ in self._pile):
            self._texte.append(_BLANCS.sub(" ", data))

    def close(self) -> None:
        super().close()
        self.lu.titre = normalise(" ".join(self._titre))
        lignes = (
            _ESPACES_ORDINAIRES.sub(" ", ligne).strip(" ")
            for ligne in "".join(self._texte).split("\n")
        )
        self.lu.texte = "\n".join(ligne for ligne in lignes if ligne)


#: HTML's white space (not the non-breaking spaces, which are text).
_BLANCS = re.compile(r"[ \t\r\n\f]+")
_ESPACES_ORDINAIRES = re.compile(" {2,}")


def lire_texte(html: str, caches: frozenset[str] = frozenset()) -> TexteLu:
    """What a reader reads on a page (see :class:`TexteLu`). Elements with one of the
    classes ``caches`` are left out, as are invisible and ``hidden`` elements: the
    classes a medium hides (``@media print``) give the page as that medium shows it."""
    lecteur = _LecteurLu(caches)
    lecteur.feed(html)
    lecteur.close()
    return lecteur.lu


# --- the page as a tree -------------------------------------------------------------------


@dataclass
class Noeud:
    """An element of a parsed page: its tag, attributes, children and text."""

    tag: str
    attrs: dict[str, str]
    enfants: list[Noeud] = field(default_factory=list)
    textes: list[str] = field(default_factory=list)

    def texte(self) -> str:
        morceaux: list[str] = []

        def parcourir(n: Noeud) -> None:
            morceaux.extend(n.textes)
            for e in n.enfants:
                parcourir(e)

        parcourir(self)
        return normalise(" ".join(" ".join(morceaux).split()))

    def tous(self) -> Iterator[Noeud]:
        for e in self.enfants:
            yield e
            yield from e.tous()

    def chercher(
        self, tag: str | None = None, classe: str | None = None, **attrs: str
    ) -> list[Noeud]:
        """Descendants with that tag, that class and those attribute values (``_`` for ``-``)."""
        voulus = {k.replace("_", "-"): v for k, v in attrs.items()}
        return [
            n
            for n in self.tous()
            if (tag is None or n.tag == tag)
            and (classe is None or classe in n.attrs.get("class", "").split())
            and all(n.attrs.get(k) == v for k, v in voulus.items())
        ]


class _LecteurArbre(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.racine = Noeud("document", {})
        self.pile = [self.racine]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        noeud = Noeud(tag, {k: v or "" for k, v in attrs})
        self.pile[-1].enfants.append(noeud)
        if tag not in _VIDES:
            self.pile.append(noeud)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.pile) - 1, 0, -1):
            if self.pile[i].tag == tag:
                del self.pile[i:]
                return

    def handle_data(self, data: str) -> None:
        self.pile[-1].textes.append(data)


def arbre(html: str) -> Noeud:
    """The page as a tree of elements (``document`` at its root), to look things up in."""
    lecteur = _LecteurArbre()
    lecteur.feed(html)
    lecteur.close()
    return lecteur.racine
