"""The links of a printed page, as they must be in its PDF, and the print page's ids.

The PDFs are printed from a temporary server on 127.0.0.1 (:func:`macros.sorties.imprimeur.imprimer`):
Chromium writes every link as the absolute address it resolves to, so a relative link of
the site (``../equipe/claire-durand/``) would become ``http://127.0.0.1:<port>/…``, dead
as soon as the build ends. :func:`liens_imprimes` rewrites the HTML that is printed, every
``<a href>`` that leads into the site:

* to a place that is in the PDF: an internal link (``#id``);
* elsewhere in the site: the same page on the published site when its address is known
  (MkDocs' ``site_url``, ``HANDBOOK_SITE_URL``); otherwise the link's text, as plain text.

Links off the site (``https:``, ``mailto:``, ``tel:``) are left as they are. The pages
on disk are not changed: on screen, the site's relative links are the right ones (in the
offline bundle too). The printed HTML is handed to Chromium by
:func:`macros.sorties.imprimeur.imprimer`, which then checks the loaded page
(:data:`LIENS_LOCAUX_JS`) and refuses to print a link that still leads to its server.

:func:`ids_uniques` and :func:`qr_parties` finish the print page as it is written to disk.
"""

from __future__ import annotations

import html as html_
import re
from collections.abc import Mapping
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from markupsafe import escape

from macros.pages.qr import bloc_qr

__all__ = [
    "LIENS_LOCAUX_JS",
    "id_impression",
    "ids_de",
    "ids_uniques",
    "liens_imprimes",
    "qr_parties",
    "regions_uniques",
    "site_publie",
]

#: Where a site-relative link is resolved, to tell it from a link off the site.
_ORIGINE = "http://site.invalid/"
#: Hosts of a local server: a link to one of them is treated as a link into the site.
_HOTES_LOCAUX = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}

_ATTR = r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*"""
#: An ``<a>`` start tag (attribute values may hold ``>``).
_BALISE_A = re.compile(rf"<a({_ATTR})\s*>", re.IGNORECASE)
_FIN_A = re.compile(r"</a\s*>", re.IGNORECASE)
_ATTRIBUT = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
#: An ``id`` attribute, quoted or not (the site's pages are minified: :func:`macros.texte.compacter`).
_ID = re.compile(r"""(?<![\w-])id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


_CANONIQUE = re.compile(r"""<link\s+rel=["']canonical["']\s+href=["']([^"']+)["']""")


def site_publie(site: Path) -> str | None:
    """The published site's address a built ``site`` was made for (MkDocs' ``site_url``),
    read from its home page's canonical link; ``None`` when it has none.

    MkDocs writes ``<link rel="canonical">`` only when ``site_url`` is set, and the home
    page's is ``site_url`` itself: the build's own setting, whichever way it was given
    (``mkdocs.yml`` or ``HANDBOOK_SITE_URL``).
    """
    accueil = site / "index.html"
    if not accueil.is_file():
        return None
    with accueil.open(encoding="utf-8") as f:
        tete = f.read(8192)
    m = _CANONIQUE.search(tete)
    if m is None:
        return None
    url = html_.unescape(m.group(1))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or (parts.hostname or "") in _HOTES_LOCAUX:
        return None
    return url


def ids_de(html: str) -> set[str]:
    """Every ``id`` of ``html``."""
    return {a or b or c for a, b, c in _ID.findall(html)}


def id_impression(chemin: str) -> str:
    """The id print-site gives the section of the page at ``chemin`` on the print page
    (``equipe/claire-durand/`` → ``equipe-claire-durand``, the home page → ``index``)."""
    chemin = chemin.removesuffix("index.html").removesuffix(".html").strip("/")
    return chemin.replace("/", "-") or "index"


def _attributs(texte: str) -> list[tuple[str, str]]:
    return [
        (m.group(1), html_.unescape(m.group(2) or m.group(3) or m.group(4) or ""))
        for m in _ATTRIBUT.finditer(texte)
    ]


def _balise(nom: str, attributs: list[tuple[str, str]]) -> str:
    texte = "".join(f' {k}="{escape(v)}"' for k, v in attributs)
    return f"<{nom}{texte}>"


def _chemin_du_site(href: str, page: str) -> tuple[str, str] | None:
    """``(site path, fragment)`` of a link into the site, ``None`` for a link off it."""
    url = urljoin(_ORIGINE + page, href.strip())
    parts = urlsplit(url)
    if url.startswith(_ORIGINE):
        chemin = url[len(_ORIGINE) :]
    elif parts.scheme in ("http", "https") and (parts.hostname or "") in _HOTES_LOCAUX:
        chemin = parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")
    else:
        return None
    chemin, fragment = urldefrag(chemin)
    return chemin, unquote(fragment)


def _cible_interne(
    chemin: str, fragment: str, page: str, ids: set[str], manuel: bool
) -> str | None:
    """The id a link to ``chemin#fragment`` leads to inside the printed page, if any."""
    if chemin == page:
        return fragment if fragment in ids else None
    if not manuel:
        return None
    section = id_impression(chemin)
    candidats = [f"{section}-{fragment}", fragment] if fragment else [section]
    # A raw-HTML id of the linked page keeps its name on the print page (``fait-…``):
    # it counts only if the page is printed too.
    if fragment and section not in ids:
        candidats = []
    return next((c for c in candidats if c in ids), None)


def liens_imprimes(html: str, page: str, site_url: str | None, *, manuel: bool) -> str:
    """``html`` (the page at site path ``page``) with every link into the site made
    printable: internal (``#id``) when its target is in the printed page, else to the
    published site (``site_url``), else plain text.

    Args:
        html: The page as built.
        page: Its site path (``print_page/``, ``roles/titulaire/``).
        site_url: The published site's address, or ``None``.
        manuel: True for the print page, which holds every printed page (a link to one
            becomes internal); False for a reflex card, printed alone: every link to another
            page is external to it.
    """
    ids = ids_de(html)
    base = None
    if site_url:
        base = site_url if site_url.endswith("/") else site_url + "/"
    out: list[str] = []
    pos = 0
    while (m := _BALISE_A.search(html, pos)) is not None:
        out.append(html[pos : m.start()])
        pos = m.end()
        attributs = _attributs(m.group(1))
        href = next((v for k, v in attributs if k.lower() == "href"), None)
        lien = _chemin_du_site(href, page) if href is not None else None
        if lien is None:
            out.append(m.group())
            continue
        chemin, fragment = lien
        cible = _cible_interne(chemin, fragment, page, ids, manuel)
        if cible is not None:
            out.append(_balise("a", [(k, f"#{cible}" if k == "href" else v) for k, v in attributs]))
        elif base is not None:
            url = urljoin(base, chemin) + (f"#{fragment}" if fragment else "")
            garder = [(k, v) for k, v in attributs if k.lower() not in ("href", "class")]
            classes = next((v for k, v in attributs if k.lower() == "class"), "")
            classes = f"{classes} hb-lien-site".strip()
            out.append(_balise("a", [("href", url), ("class", classes), *garder]))
        else:
            # Plain text: the element keeps its class (its look), not its link.
            garder = [(k, v) for k, v in attributs if k.lower() in ("class", "lang", "dir")]
            out.append(_balise("span", garder))
            fin = _FIN_A.search(html, pos)
            if fin is not None:
                out.append(html[pos : fin.start()] + "</span>")
                pos = fin.end()
    out.append(html[pos:])
    return "".join(out)


#: Run in the loaded page before it is printed: every link whose address leads to the
#: page's own server, other than to an element of the page itself (``href`` and the
#: element it would reach). Empty when nothing in the PDF can lead to the local server.
LIENS_LOCAUX_JS = """() => {
    const ici = location.href.split('#')[0];
    return [...document.querySelectorAll('a[href], area[href]')]
        .map((a) => new URL(a.href, location.href))
        .filter((u) => u.origin === location.origin)
        .filter((u) => u.href.split('#')[0] !== ici
            || !u.hash || !document.getElementById(decodeURIComponent(u.hash.slice(1))))
        .map((u) => u.href);
}"""


# --- the print page, as written to disk --------------------------------------------------

#: The start of a printed page's section on the print page (print-site writes them with
#: double quotes; its parts, ``print-page md-section``, with single quotes).
_SECTION_PAGE = re.compile(r'<section class="print-page" id="([^"]+)"')
#: Attributes that name an id of the page (a link, a label, ARIA, the copy button).
_REFERENCE = re.compile(
    r"""\b(id|for|href|aria-labelledby|aria-describedby|aria-controls|aria-owns|data-hb-copier)"""
    r"""(\s*=\s*)(["'])([^"']*)\3"""
)


def ids_uniques(html: str) -> str:
    """The print page with every id unique.

    print-site prefixes the ids of headings with their page's id, not the ids of raw HTML:
    a page that repeats another's block (a member's annex page repeats the support page's
    e-mail templates, ``email-<membre>-<modele>``) repeats its ids. Such an id, in every
    page after the first that has it, takes its page's prefix (``equipe-claire-durand-``),
    and so do the references to it inside that page (``href="#…"``, ``for``, ARIA
    attributes, the copy button's ``data-hb-copier``).
    """
    debuts = [m.start() for m in _SECTION_PAGE.finditer(html)]
    bornes = [0, *debuts, len(html)]
    vus: set[str] = set()
    morceaux: list[str] = []
    for debut, fin in pairwise(bornes):
        morceau = html[debut:fin]
        section = _SECTION_PAGE.match(morceau)
        ids = [a or b or c for a, b, c in _ID.findall(morceau)]
        doubles = {i for i in ids if i in vus} if section else set()
        if doubles:
            prefixe = section.group(1)
            nouveaux = {}
            for i in sorted(doubles):
                nouveau, n = f"{prefixe}-{i}", 2
                while nouveau in vus or nouveau in ids:
                    nouveau, n = f"{prefixe}-{i}-{n}", n + 1
                nouveaux[i] = nouveau

            def renommer(m: re.Match[str], nouveaux: dict[str, str] = nouveaux) -> str:
                nom, valeur = m.group(1), m.group(4)
                if nom == "href":
                    if not valeur.startswith("#") or valeur[1:] not in nouveaux:
                        return m.group()
                    valeur = "#" + nouveaux[valeur[1:]]
                else:
                    valeur = " ".join(nouveaux.get(t, t) for t in valeur.split())
                return f"{nom}{m.group(2)}{m.group(3)}{valeur}{m.group(3)}"

            # The section's own id is never renamed (it is the page's anchor).
            tete = section.end()
            morceau = morceau[:tete] + _REFERENCE.sub(renommer, morceau[tete:])
            ids = [a or b or c for a, b, c in _ID.findall(morceau)]
        vus.update(ids)
        morceaux.append(morceau)
    return "".join(morceaux)


_REGION = re.compile(r'(role="region" aria-label=")([^"]*)(")')
_TITRE_PAGE = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
_BALISES = re.compile(r"<[^>]+>")
_LIEN_TITRE = re.compile(r"""<a\b[^>]*class=["']headerlink["'][^>]*>.*?</a>""", re.S)


def regions_uniques(html: str) -> str:
    """The print page with every labelled region named once.

    A block repeated on two pages (the delegations table, on « Rôles » and « Accès de
    l'équipe ») is one landmark of the same name twice on the print page: the second and
    later ones get their page's title in their name (« Délégations d'accès, défilable
    (Accès de l'équipe) »).
    """
    debuts = [m.start() for m in _SECTION_PAGE.finditer(html)]
    vus: set[str] = set()
    morceaux: list[str] = []
    for debut, fin in pairwise([0, *debuts, len(html)]):
        morceau = html[debut:fin]
        titre = _TITRE_PAGE.search(morceau)
        nom = _BALISES.sub("", _LIEN_TITRE.sub("", titre.group(1))) if titre else ""
        nom = html_.unescape(nom).strip()

        def renommer(m: re.Match[str], nom: str = nom) -> str:
            label = m.group(2)
            if label in vus and nom:
                label = f"{label} ({escape(nom)})"
            vus.add(label)
            return m.group(1) + label + m.group(3)

        morceaux.append(_REGION.sub(renommer, morceau))
    return "".join(morceaux)


#: A part's title on the print page, as print-site writes it (its ``h1`` and link).
_PARTIE = re.compile(
    r"<section class='print-page md-section' id='([^']+)'[^>]*>\s*<h1\b.*?</h1>", re.S
)


def qr_parties(html: str, site_url: str | None, chemins: Mapping[str, str]) -> str:
    """Each part title of the print page followed by a QR code to the part's live page
    (its first page, on the published site); ``html`` unchanged without ``site_url``.

    Args:
        html: The print page.
        site_url: The published site's address, or ``None``.
        chemins: Site path of each printed page, by its id on the print page
            (:func:`id_impression`).
    """
    if not site_url:
        return html
    base = site_url if site_url.endswith("/") else site_url + "/"

    def qr(m: re.Match[str]) -> str:
        premiere = _SECTION_PAGE.search(html, m.end())
        chemin = chemins.get(premiere.group(1)) if premiere else None
        if chemin is None:
            return m.group()
        return m.group() + "\n" + str(bloc_qr(urljoin(base, chemin), "hb-qr-partie"))

    return _PARTIE.sub(qr, html)
