"""Built pages read from the disk, without a browser: their text and their live markup.

A browser costs about a third of a CPU-second per page on the reference machine; these
readers take milliseconds. They read what the server sent, so they see what Markdown and
the templates made of a value (which is what the escaping tests are about); what a script
adds to the page afterwards is left to the browser tests (see test_injection.py).
"""

from __future__ import annotations

import re
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


def lire_site(site: Path) -> dict[str, PageStatique]:
    """Every HTML page of a built site, by its path in the site (``equipe/index.html``)."""
    return {p.relative_to(site).as_posix(): lire_page(p) for p in sorted(site.rglob("*.html"))}


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
