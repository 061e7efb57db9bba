"""Text helpers: escaping of data, French typography, dates, durations and amounts.

:func:`esc` is the single gate between data and pages. It makes a value inert in
HTML (text and attributes) **and** in Markdown, by turning every character that
either language could read as syntax into a numeric character reference. The
browser shows the original text; neither Python-Markdown nor its extensions
(tables, attr_list, admonitions…) see any syntax in it.

:func:`typographie` applies French typography (non-breaking spaces before
``: ; ! ?`` and inside « guillemets ») to the text of a finished HTML page, and to
the attributes a reader sees or hears (``title``, ``aria-label``, ``alt``,
``placeholder``). It is the only place where this is done. :func:`structurer_impression` nests the
print page's headings under its parts (for the PDF's bookmarks).

This module imports nothing from the rest of the package, so that the bench's
static build (``tests/bench/``) can load it on its own.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time

from markupsafe import Markup

__all__ = [
    "article_de",
    "compacter",
    "date_courte",
    "date_fr",
    "date_partielle",
    "de",
    "de_nom",
    "de_nom_html",
    "duree",
    "esc",
    "esc_lignes",
    "esc_pre",
    "heure",
    "minuscule",
    "slug",
    "structurer_impression",
    "typographie",
    "typographie_autour",
    "typographie_page",
]

_ENTITES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
}
# Markdown and extension syntax: emphasis, code, links, headings, tables, attr_list,
# escapes, and the tildes, carets, marks and dollars of pymdownx extensions.
for _c in "\\`*_{}[]#|~^=$":
    _ENTITES[_c] = f"&#{ord(_c)};"
_TABLE = str.maketrans(_ENTITES)
_DEBUT_DE_LIGNE = re.compile(r"^(\d+)([.)])|^([-+>!])")
_ESPACES = re.compile(r"[ \t\r\n\f\v]+")


def esc(value: object) -> Markup:
    """Escape ``value`` for HTML and Markdown; whitespace (newlines included) is collapsed.

    ``Markup`` values are trusted fragments produced by our own templates and pass unchanged.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = _ESPACES.sub(" ", str(value)).strip()
    text = text.translate(_TABLE)
    # A value could land at the start of a line: neutralise list, quote and
    # ordered-list markers there too.
    match = _DEBUT_DE_LIGNE.match(text)
    if match:
        if match.group(1) is not None:
            text = f"{match.group(1)}&#{ord(match.group(2))};{text[match.end() :]}"
        else:
            text = f"&#{ord(match.group(3))};{text[1:]}"
    return Markup(text)


def esc_lignes(value: object) -> Markup:
    """Like :func:`esc`, but keeps line breaks as ``<br>`` (for multi-line text)."""
    if value is None:
        return Markup("")
    lines = str(value).strip().splitlines()
    return Markup("<br>\n").join(esc(line) for line in lines)


def esc_pre(value: object) -> Markup:
    """Escape each line of ``value`` and keep the line breaks (for ``<pre>`` blocks)."""
    if value is None:
        return Markup("")
    return Markup("\n").join(esc(line) for line in str(value).strip("\n").splitlines())


# --- typography -----------------------------------------------------------------------

NBSP = "\u00a0"
NNBSP = "\u202f"
_BALISES_BRUTES = ("pre", "code", "script", "style", "textarea", "kbd", "samp")
_BALISE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_NOM_BALISE = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
#: Text without any of these needs no typography (most text between two tags).
_SIGNES = re.compile(r"[:;!?«»€%]|\d \d")
#: A space inside a number of thousands (« 54 432 »), and before « € » or « % ».
_MILLIERS = re.compile(r"(?<!\d)(\d{1,3}) (?=\d{3}(?!\d))")
_UNITE = re.compile(r"(?<=\d) (?=[€%])")
#: What a tag can start with (after ``<``) when it may open or close one of _BALISES_BRUTES.
_INITIALES = frozenset("pcstkPCSTK/ \t\n\r\f\v")


#: The attributes whose value a reader sees (a tooltip, a placeholder) or hears (a label).
_ATTRIBUTS_LUS = re.compile(
    r"""(\s(?:title|aria-label|alt|placeholder)=)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)


def _typo_texte(text: str) -> str:
    text = text.replace(" :", NBSP + ":")
    text = re.sub(r" ([;!?])", NNBSP + r"\1", text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", NBSP + "»", text)
    # Amounts: « 1 022 € », « 5 % » never cut at the end of a line.
    text = _MILLIERS.sub("\\1" + NNBSP, text)
    return _UNITE.sub(NBSP, text)


def _typo_attribut(match: re.Match[str]) -> str:
    if match.group(2) is not None:
        return f'{match.group(1)}"{_typo_texte(match.group(2))}"'
    return f"{match.group(1)}'{_typo_texte(match.group(3))}'"


def typographie(html: str) -> str:
    """French non-breaking spaces in the text nodes of ``html`` and in the attributes a
    reader sees or hears (code, scripts and addresses untouched)."""
    parts = _BALISE.split(html)
    skip = 0
    signes = _SIGNES.search
    for i, part in enumerate(parts):
        if i % 2:  # a tag or a comment
            if not skip and signes(part) and not part.startswith("<!--"):
                parts[i] = _ATTRIBUTS_LUS.sub(_typo_attribut, part)
            if part[1:2] in _INITIALES:
                match = _NOM_BALISE.match(part)
                if match and match.group(1).lower() in _BALISES_BRUTES and not part.endswith("/>"):
                    skip += -1 if part.startswith("</") else 1
                    skip = max(skip, 0)
            continue
        if not skip and part and signes(part):
            parts[i] = _typo_texte(part)
    return "".join(parts)


def typographie_autour(html: str, fait: str) -> str:
    """:func:`typographie` on a built page, except its part ``fait``, already done.

    The page's content gets its typography as soon as it is rendered (the search index
    and the print page are made from it); the theme then wraps it in the navigation, the
    table of contents, the header and the footer, which need it too. When ``fait`` is not
    found in ``html``, the whole page is done (the result is the same, only slower: the
    typography of a text already done leaves it as it is).
    """
    debut = html.find(fait) if fait else -1
    if debut < 0:
        return typographie(html)
    fin = debut + len(fait)
    return typographie(html[:debut]) + fait + typographie(html[fin:])


# --- the built pages ------------------------------------------------------------------

#: Elements whose whitespace is shown or meaningful: left as they are.
_BRUT = re.compile(r"<(pre|textarea|script|style|code)\b.*?</\1\s*>", re.S | re.I)
#: A run of ASCII whitespace holding a line break (not the non-breaking spaces of typography).
_BLANCS = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")


def compacter(html: str) -> str:
    """Drop indentation and blank lines from a built page: each line break keeps one ``\\n``.

    The theme indents every line of its navigation, header and footer, on every page. A
    run of whitespace that holds a line break is shown as one space whatever its length,
    so the page looks the same; ``<pre>``, ``<textarea>``, ``<code>``, ``<script>`` and
    ``<style>`` are left untouched.
    """
    out: list[str] = []
    pos = 0
    for match in _BRUT.finditer(html):
        out.append(_BLANCS.sub("\n", html[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_BLANCS.sub("\n", html[pos:]))
    return "".join(out)


# --- the print page ------------------------------------------------------------------

_SECTION = re.compile(r"<section\b|</section>")
_PARTIE = re.compile(r"<section class='print-page md-section'[^>]*>")
_TITRE = re.compile(r"<(/?)h([1-5])(?=[\s>])")


def typographie_page(page: str, contenu: str) -> str:
    """A built page finished: :func:`typographie_autour` its ``contenu`` (already done),
    then :func:`compacter`."""
    return compacter(typographie_autour(page, contenu))


def structurer_impression(html: str) -> str:
    """Nest each page of the print page under its part, one heading level down.

    print-site gives every page an ``h1``, like the part it belongs to; Chromium
    builds the PDF bookmarks from heading levels, so they would all be flat. Inside
    each part (a navigation section), the pages' headings are moved one level
    down, so that the bookmarks and the tagged structure follow the handbook's parts.
    """
    out: list[str] = []
    pos = 0
    for match in _PARTIE.finditer(html):
        if match.start() < pos:
            continue  # a part nested in a part is handled with its parent
        depth, end = 0, len(html)
        for tag in _SECTION.finditer(html, match.start()):
            depth += -1 if tag.group() == "</section>" else 1
            if depth == 0:
                end = tag.end()
                break
        title_end = html.find("</h1>", match.end()) + len("</h1>")
        body = _TITRE.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html[title_end:end])
        out.append(html[pos:title_end])
        out.append(body)
        pos = end
    out.append(html[pos:])
    return "".join(out)


# --- dates, times, durations, amounts -------------------------------------------------

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def date_fr(d: date | None) -> str:
    """« 15 janvier 2026 » (« 1er » for the first of the month)."""
    if d is None:
        return ""
    jour = "1er" if d.day == 1 else str(d.day)
    return f"{jour} {MOIS[d.month - 1]} {d.year}"


#: Letters before which French elides « de » into « d' » (« d'Élise », « d'Inès »). « h » and
#: « y » are decided by :func:`_elide` (h muet or aspiré, y vowel or consonant).
_VOYELLES = frozenset("aeiouàâäéèêëîïôöùûüæœ")

#: Words (and the start of names) whose « h » is aspiré: no elision, « de Hauteville ».
#: First names with an « h » are nearly all h muet (« d'Hélène », « d'Hugo », « d'Henri »);
#: this list holds the h aspiré words a practice's or a place's name is likely to start with.
H_ASPIRES = (
    "hache",
    "haie",
    "hall",
    "halle",
    "hameau",
    "hangar",
    "hardi",
    "haut",
    "havre",
    "héron",
    "hêtre",
    "hibou",
    "hollande",
    "hongrie",
    "houx",
    "hublot",
    "hutte",
)
_LETTRES = re.compile(r"[^\W\d_]+")


def _elide(nom: str) -> bool:
    """True when « de » elides before ``nom``: a vowel, an h muet, or a « y » sounded as a
    vowel (« Yves », « Yvonne »: y before a consonant); not before a consonant, an h aspiré,
    or a « y » sounded as a consonant (« Yannick », « Yasmine »: y before a vowel)."""
    mot = _LETTRES.match(nom.lstrip())
    if mot is None:
        return False
    mot_min = mot.group().lower()
    premiere = mot_min[0]
    if premiere in _VOYELLES:
        return True
    if premiere == "h":
        return len(mot_min) > 1 and not mot_min.startswith(H_ASPIRES)
    if premiere == "y":
        return len(mot_min) > 1 and mot_min[1] not in _VOYELLES and mot_min[1] != "y"
    return False


def de(nom: object) -> Markup:
    """« de » or « d' » to put before ``nom``: « de Claire », « d'Élise », « d'Hélène »,
    « de Yannick », « de Hauteville ».

    A trusted fragment (a template writes ``{{ m.nom | de }}{{ m.nom }}``): the space after
    « de » must survive the escaping, which trims. For a name that may start with an
    article (a practice's), use :func:`de_nom`.
    """
    return Markup("d'" if _elide(str(nom)) else "de ")


#: Common nouns a practice's name may start with, and their article: « Cabinet infirmier
#: des Quais » is « le Cabinet… », so « du Cabinet… ». A name that starts with anything
#: else is taken as a proper name (« Kiné Nord »: « de Kiné Nord »).
NOMS_COMMUNS: dict[str, str] = {
    "atelier": "l'",
    "cabinet": "le",
    "centre": "le",
    "clinique": "la",
    "collectif": "le",
    "espace": "l'",
    "groupe": "le",
    "groupement": "le",
    "institut": "l'",
    "maison": "la",
    "msp": "la",
    "pôle": "le",
    "réseau": "le",
    "scm": "la",
    "scp": "la",
    "sel": "la",
    "selarl": "la",
    "société": "la",
}
#: The articles a name may carry, as :func:`de_nom` accepts them (« aucun »: a proper name).
ARTICLES = ("le", "la", "l'", "les", "aucun")
_ARTICLE_EN_TETE = re.compile(r"^(les|le|la)\s+|^(l)['’]\s*", re.IGNORECASE)
_CONTRACTIONS = {"le": "du ", "les": "des ", "la": "de la ", "l'": "de l'"}


def article_de(nom: str) -> str:
    """The article of a practice's name: the one it starts with (« Les Kinés du Port »:
    « les »), else the one of its first word when that is a common noun of
    :data:`NOMS_COMMUNS` (« Cabinet… »: « le »), else « aucun » (a proper name)."""
    texte = nom.strip()
    tete = _ARTICLE_EN_TETE.match(texte)
    if tete:
        return "l'" if tete.group(2) else tete.group(1).lower()
    mot = _LETTRES.match(texte)
    return NOMS_COMMUNS.get(mot.group().lower(), "aucun") if mot else "aucun"


def de_nom(nom: str, article: str | None = None) -> str:
    """``nom`` after « de », with élision and contraction: « du Cabinet infirmier des
    Quais », « des Kinés du Port », « de la Maison de santé », « de l'Espace Santé »,
    « de Kiné Nord », « d'Inès Garcia ».

    ``article`` (one of :data:`ARTICLES`) overrides the one inferred by :func:`article_de`.
    An article the name starts with is contracted (« Le Cabinet… »: « du Cabinet… »).
    Plain text: escape it where it goes (:func:`de_nom_html` in templates).
    """
    texte = " ".join(nom.split())
    art = article or article_de(texte)
    tete = _ARTICLE_EN_TETE.match(texte)
    if tete and art != "aucun":
        texte = texte[tete.end() :]
    if art == "aucun":
        return f"{de(texte)}{texte}"
    return f"{_CONTRACTIONS[art]}{texte}"


def de_nom_html(nom: object, article: str | None = None) -> Markup:
    """:func:`de_nom` for a template: the name escaped by :func:`esc`, the article kept."""
    prefixe, reste = _separer_prefixe(de_nom(str(nom), article))
    return Markup(prefixe) + esc(reste)


def _separer_prefixe(texte: str) -> tuple[str, str]:
    """Split « du Cabinet… » into (« du  », « Cabinet… »), « d'Inès » into (« d' », « Inès »)."""
    for prefixe in ("de la ", "de l'", "du ", "des ", "d'", "de "):
        if texte.startswith(prefixe):
            return prefixe, texte[len(prefixe) :]
    return "", texte


def minuscule(texte: str) -> str:
    """``texte`` with its first letter lower-cased, for the middle of a sentence
    (« Titulaire » → « titulaire »); a word whose other letters hold a capital is a proper
    name or an acronym and keeps its own (« FranceConnect », « CARPIMKO »)."""
    mot = _LETTRES.match(texte)
    if not texte or mot is None or mot.start() != 0 or any(c.isupper() for c in mot.group()[1:]):
        return texte
    return texte[0].lower() + texte[1:]


def date_partielle(iso: str | None, avec_preposition: bool = False) -> str:
    """A date known to the day, the month or the year, written ``AAAA-MM-JJ``, ``AAAA-MM``
    or ``AAAA``: « 1er décembre 2026 », « novembre 2026 », « 2017 ».

    With ``avec_preposition``: « le 1er décembre 2026 », « en novembre 2026 », « en 2017 ».
    """
    if not iso:
        return ""
    parties = [int(x) for x in iso.split("-")]
    if len(parties) == 3:
        texte = date_fr(date(*parties))
        return f"le {texte}" if avec_preposition else texte
    texte = f"{MOIS[parties[1] - 1]} {parties[0]}" if len(parties) == 2 else str(parties[0])
    return f"en {texte}" if avec_preposition else texte


def date_courte(d: date | None) -> str:
    """« 15/01/2026 », for tables."""
    return d.strftime("%d/%m/%Y") if d else ""


def heure(t: time | None) -> str:
    """« 8 h 30 », « 9 h »."""
    if t is None:
        return ""
    return f"{t.hour} h" if t.minute == 0 else f"{t.hour} h {t.minute:02d}"


def duree(minutes: int) -> str:
    """« 15 min », « 1 h », « 1 h 30 »."""
    if minutes < 60:
        return f"{minutes} min"
    h, m = divmod(minutes, 60)
    return f"{h} h" if m == 0 else f"{h} h {m:02d}"


def slug(texte: str, defaut: str = "cabinet") -> str:
    """``Cabinet d'orthophonie du Parc`` → ``cabinet-d-orthophonie-du-parc`` (``defaut`` if empty)."""
    ascii_ = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or defaut
