"""What every built page says, read from the disk: French typography, French words, paper wording.

Every HTML page of the shared site (the navigation's pages, the member and role pages,
the 404 page and the print page) is read without a browser (``html_statique.lire_texte``):
its visible text without code, its ``<title>``, the attributes a reader sees or hears
(``title``, ``aria-label``, ``alt``, ``placeholder``) and the theme's translations.

* French typography: a non-breaking space (U+00A0 or U+202F) before « : ; ! ? » and
  inside « guillemets », never an ordinary one and never none. Code is left out; times
  (10:30) and addresses (https://) have no space around their colon and are not words
  followed by a space, so no rule applies to them.
* No English string of the theme or its plugins (:data:`ANGLAIS`).
* The print page as printed (without what ``docs/assets/handbook.css`` hides in print)
  never asks the reader to hover or click something of the handbook (:data:`ECRAN`).
* No bad French form from the data's names and labels (:data:`FRANCAIS`, and « de » before
  each name of the data that elides or contracts).

The last test plants each fault in a built page and shows that each check finds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ROOT
from html_statique import CODE, TexteLu, lire_texte, pages_html

pytestmark = pytest.mark.e2e

#: Each rule of French typography, as the fault it finds in a line of text.
TYPOGRAPHIE = {
    "espace ordinaire avant « : ; ! ? »": re.compile(r" [:;!?]"),
    "aucune espace avant « : ; ! ? »": re.compile(r"[^\W\d_][:;!?](?=[ \u00a0\u202f]|$)", re.M),
    "pas d'espace insécable après « « »": re.compile(r"«(?![\u00a0\u202f])"),
    "pas d'espace insécable avant « » »": re.compile(r"(?<![\u00a0\u202f])»"),
    "espace ordinaire avant « € » ou « % »": re.compile(r"\d [€%]"),
    "espace ordinaire entre les milliers d'un montant": re.compile(r"(?<![\d.,])\d{1,3} \d{3} ?€"),
}
#: The English strings of Material for MkDocs, MkDocs and print-site that a reader could
#: meet (visible, in a tooltip, read out), as whole words and in any case.
ANGLAIS = re.compile(
    r"\b(?:not found|made with|permanent link|search|table of contents|previous|next|"
    r"skip to content|back to top|copy to clipboard|copied to clipboard|clear|share|close|"
    r"type to start searching|initializing search|no matching documents|matching documents?|"
    r"edit this page|view source|last update|header|footer|select (?:language|version))\b",
    re.IGNORECASE,
)
#: What only makes sense on a screen: hovering, or clicking something of the handbook
#: (clicking in another application, « Cliquez sur « Mot de passe oublié » », is fine).
ECRAN = re.compile(
    r"passez la souris|survolez|\bcliquez (?:ici|sur (?:son|leur|le|la|un|une|ce|cette) "
    r"(?:nom|marque))\b",
    re.IGNORECASE,
)
#: French forms that come from a name or a label of the data put in a sentence without
#: the French helper (:mod:`macros.texte`): each is a fault wherever it appears.
FRANCAIS = {
    "« (e) » après un nom de personne": re.compile(r"\b[Aa]ffilié\(e\)|\bDispensé\(e\)"),
    "libellé en capitale au milieu d'une phrase": re.compile(r"\b(?:avec|par|en) Numéro de"),
    "accord du nom de métier": re.compile(
        r"\bMasseur-kinésithérapeute (?:collaboratrice|associée|remplaçante)\b"
    ),
    "contraction manquée (« de le », « de les »)": re.compile(r"\bde (?:le|les) (?=[A-ZÉ])"),
    "article manquant devant le nom du cabinet": re.compile(
        r"\bde (?:Cabinet|Centre|Pôle|Groupe|Espace|Maison|Société|SCM|Institut)\b"
    ),
    "« titulaire du compte » (Titulaire est un rôle)": re.compile(r"\btitulaire du compte\b"),
    "« Comptable » pour une AGA": re.compile(r"\bComptable\s*:\s*AGA\b"),
}
#: Characters of context shown on each side of a fault.
CONTEXTE = 30


@dataclass(frozen=True)
class Faute:
    """One fault: where (a page, and its text or one of its attributes), which rule, in what."""

    page: str
    regle: str
    extrait: str

    def __str__(self) -> str:
        return f"{self.page} : {self.regle} : « {self.extrait} »"


def _extrait(texte: str, debut: int, fin: int) -> str:
    extrait = texte[max(0, debut - CONTEXTE) : fin + CONTEXTE].replace("\n", " ⏎ ")
    return extrait.replace("\u00a0", "⍽").replace("\u202f", "⍽").replace(CODE, "<code>")


def _lus(lu: TexteLu) -> list[tuple[str, str]]:
    """Each text of a page a reader reads, with where it is."""
    return [("titre", lu.titre), ("texte", lu.texte)] + [
        (a.split(": ", 1)[0], a.split(": ", 1)[1]) for a in lu.attributs
    ]


def fautes_de_typographie(page: str, lu: TexteLu) -> list[Faute]:
    """Every break of French typography in the page's text, title and attributes."""
    out = []
    for ou, texte in _lus(lu):
        for regle, motif in TYPOGRAPHIE.items():
            out += [
                Faute(f"{page} ({ou})", regle, _extrait(texte, m.start(), m.end()))
                for m in motif.finditer(texte)
            ]
    return out


def fautes_d_anglais(page: str, lu: TexteLu) -> list[Faute]:
    """Every English string of the theme found in the page's text, title and attributes."""
    return [
        Faute(f"{page} ({ou})", "anglais", _extrait(texte, m.start(), m.end()))
        for ou, texte in _lus(lu)
        for m in ANGLAIS.finditer(texte)
    ]


def fautes_d_impression(page: str, imprime: TexteLu) -> list[Faute]:
    """Every sentence of the printed page that only makes sense on a screen."""
    return [
        Faute(page, "écran sur papier", _extrait(imprime.texte, m.start(), m.end()))
        for m in ECRAN.finditer(imprime.texte)
    ]


def fautes_de_francais(page: str, lu: TexteLu, noms: list[str]) -> list[Faute]:
    """Every bad French form of :data:`FRANCAIS` in the page's text and title, and « de »
    left as it is before one of ``noms`` (names of the data before which it elides)."""
    elisions = [re.compile(rf"\bde {re.escape(nom)}\b") for nom in noms]
    out = []
    for ou, texte in _lus(lu):
        for regle, motif in FRANCAIS.items():
            out += [
                Faute(f"{page} ({ou})", regle, _extrait(texte, m.start(), m.end()))
                for m in motif.finditer(texte)
            ]
        for motif in elisions:
            out += [
                Faute(f"{page} ({ou})", "élision manquée", _extrait(texte, m.start(), m.end()))
                for m in motif.finditer(texte)
            ]
    return out


def noms_elides(raw_data: dict[str, dict]) -> list[str]:
    """The names of the data (members, former members, the practice) before which « de »
    becomes « d' », « du », « des »… (:func:`macros.texte.de_nom`)."""
    from macros.texte import de_nom

    noms = [m["nom"] for m in raw_data["equipe"]["membres"]]
    noms += [m["ancien_membre"] for m in raw_data["equipe"]["membres"] if m.get("ancien_membre")]
    noms.append(raw_data["cabinet"]["cabinet"]["nom"])
    return [nom for nom in noms if not de_nom(nom).startswith("de ")]


def classes_cachees_a_l_impression(css: str) -> frozenset[str]:
    """The classes a ``@media print`` block of ``css`` hides (``display: none``): alone
    (``.hb-screen-only``) or inside the print page (``#print-site-page .x``)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    classes: set[str] = set()
    for media in re.finditer(r"@media\s+print\s*\{", css):
        profondeur, fin = 1, media.end()
        while profondeur:
            profondeur += {"{": 1, "}": -1}.get(css[fin], 0)
            fin += 1
        for regle in re.finditer(r"([^{}]+)\{([^{}]*)\}", css[media.end() : fin - 1]):
            if not re.search(r"display\s*:\s*none", regle.group(2)):
                continue
            for selecteur in regle.group(1).split(","):
                m = re.fullmatch(r"(?:#print-site-page\s+)?\.([\w-]+)", selecteur.strip())
                if m:
                    classes.add(m.group(1))
    return frozenset(classes)


@pytest.fixture(scope="module")
def cachees_a_l_impression() -> frozenset[str]:
    return classes_cachees_a_l_impression(
        (ROOT / "docs" / "assets" / "handbook.css").read_text(encoding="utf-8")
    )


@pytest.fixture(scope="module")
def pages_lues(site: Path) -> dict[str, TexteLu]:
    """Every HTML page of the shared site (:func:`html_statique.pages_html`) as a reader
    reads it, by its path in the site."""
    return {c: lire_texte((site / c).read_text(encoding="utf-8")) for c in pages_html(site)}


def _rapport(fautes: list[Faute]) -> str:
    lignes = [str(f) for f in fautes[:40]]
    if len(fautes) > 40:
        lignes.append(f"… et {len(fautes) - 40} autres")
    return f"{len(fautes)} faute(s) :\n" + "\n".join(lignes)


def test_every_page_is_read(pages_lues, nav_pages):
    # The navigation's pages, the member and role pages, the 404 page and the print page.
    chemins = set(pages_lues)
    assert {f"{p}index.html" for p in nav_pages} <= chemins
    assert {"404.html", "print_page/index.html", "equipe/claire-durand/index.html"} <= chemins
    assert any(c.startswith("roles/") and c != "roles/index.html" for c in chemins)
    assert all(lu.texte for lu in pages_lues.values())


def test_role_pages_are_titled_with_the_role_name(pages_lues, raw_data):
    # Not with their file name (« Back up », « Assistant » for « Assistant(e) »).
    for role in raw_data["roles"]["roles"]:
        titre = pages_lues[f"roles/{role['id']}/index.html"].titre
        assert titre.startswith(f"{role['nom']} - "), titre


def test_every_page_has_french_typography(pages_lues):
    fautes = [f for page, lu in pages_lues.items() for f in fautes_de_typographie(page, lu)]
    assert fautes == [], _rapport(fautes)


def test_no_page_shows_or_says_english(pages_lues):
    fautes = [f for page, lu in pages_lues.items() for f in fautes_d_anglais(page, lu)]
    assert fautes == [], _rapport(fautes)


def test_no_page_has_a_bad_french_form_from_the_data(pages_lues, raw_data):
    noms = noms_elides(raw_data)
    assert "Inès Garcia" in noms
    fautes = [f for page, lu in pages_lues.items() for f in fautes_de_francais(page, lu, noms)]
    assert fautes == [], _rapport(fautes)


def test_the_french_check_finds_each_planted_form(site):
    page = lire_texte((site / "equipe" / "index.html").read_text(encoding="utf-8"))
    assert fautes_de_francais("page", page, ["Inès Garcia"]) == []
    for phrase, regle in (
        ("Le dossier de Inès Garcia.", "élision manquée"),
        ("Claire Durand (Affilié(e))", "« (e) » après un nom de personne"),
        ("Je me connecte avec Numéro de dossier.", "libellé en capitale au milieu d'une phrase"),
        ("Masseur-kinésithérapeute collaboratrice", "accord du nom de métier"),
        ("Le manuel de les Kinés du Port", "contraction manquée (« de le », « de les »)"),
        (
            "Manuel CARPIMKO de Cabinet infirmier des Quais",
            "article manquant devant le nom du cabinet",
        ),
        ("Connexion du titulaire du compte", "« titulaire du compte » (Titulaire est un rôle)"),
        ("Comptable : AGA Littoral", "« Comptable » pour une AGA"),
    ):
        lu = TexteLu(titre="", texte=phrase, attributs=())
        assert [f.regle for f in fautes_de_francais("page", lu, ["Inès Garcia"])] == [regle], phrase
    # Correct forms are not faults: h aspiré, a proper name, « de le » before a verb.
    for phrase in (
        "La rue de Hauteville.",
        "Manuel CARPIMKO de Kiné Nord",
        "au lieu de le dupliquer",
        "Je me connecte avec le numéro de dossier.",
    ):
        lu = TexteLu(titre="", texte=phrase, attributs=())
        assert fautes_de_francais("page", lu, ["Inès Garcia"]) == [], phrase


def test_the_printed_handbook_has_paper_wording(site, cachees_a_l_impression):
    assert "hb-screen-only" in cachees_a_l_impression
    html = (site / "print_page" / "index.html").read_text(encoding="utf-8")
    imprime = lire_texte(html, cachees_a_l_impression)
    assert fautes_d_impression("print_page/index.html", imprime) == []
    # The print-only wording replaces the screen's.
    assert "Le détail de chaque marque figure dans" in imprime.texte
    assert "Ces pages sont imprimées en annexe du manuel complet." in imprime.texte
    # On screen, the same pages say it their way.
    ecran = lire_texte((site / "calendrier" / "index.html").read_text(encoding="utf-8"))
    assert "suivez le lien vers la liste des événements" in ecran.texte
    assert "suivez le lien" not in imprime.texte


def test_each_check_finds_a_planted_fault(site, cachees_a_l_impression):
    cachees = cachees_a_l_impression
    page = (site / "equipe" / "index.html").read_text(encoding="utf-8")
    assert page.count("</article>") == 1

    def avec(html: str, ajout: str) -> TexteLu:
        return lire_texte(html.replace("</article>", ajout + "</article>"))

    def regles(lu: TexteLu) -> set[str]:
        return {f.regle for f in fautes_de_typographie("page", lu)}

    # The page as built has no fault; each planted one is found, in the text and in an attribute.
    assert regles(lire_texte(page)) == set()
    assert regles(avec(page, "<p>Note : une espace ordinaire</p>")) == {
        "espace ordinaire avant « : ; ! ? »"
    }
    assert regles(avec(page, "<p>Vraiment? Oui.</p>")) == {"aucune espace avant « : ; ! ? »"}
    assert regles(avec(page, "<p>Le bouton «Envoyer»</p>")) == {
        "pas d'espace insécable après « « »",
        "pas d'espace insécable avant « » »",
    }
    assert regles(avec(page, "<p>Un forfait de 1 022 € et 5 % de plus.</p>")) == {
        "espace ordinaire avant « € » ou « % »",
        "espace ordinaire entre les milliers d'un montant",
    }
    faute = fautes_de_typographie("page", avec(page, '<abbr title="Objet : test">x</abbr>'))
    assert [(f.page, f.regle) for f in faute] == [
        ("page (<abbr title>)", "espace ordinaire avant « : ; ! ? »")
    ]
    # Code, times and addresses are not prose.
    assert not regles(
        avec(page, "<p>À 10:30, voir https://exemple.fr/?a=1 et <code>a : b</code>.</p>")
    )
    assert not regles(avec(page, "<pre><code>clé : « valeur »</code></pre>"))

    # English, wherever a reader meets it.
    for ajout in (
        "<h1>404 - Not found</h1>",
        '<p>Made with <a href="#">Material for MkDocs</a></p>',
        "<a class='headerlink' href='#x' title='Permanent link'></a>",
        '<a href="#" aria-label="Next: Sécurité">Sécurité</a>',
        '<input type="text" placeholder="Search">',
    ):
        assert fautes_d_anglais("page", avec(page, ajout)), ajout
    assert fautes_d_anglais("page", lire_texte(page)) == []

    # On paper: a screen sentence is found, unless print hides it; clicking in another
    # application is fine.
    impression = (site / "print_page" / "index.html").read_text(encoding="utf-8")
    assert impression.count("</article>") == 1
    plantees = (
        "<p>Passez la souris sur une marque pour lire le détail.</p>"
        "<p>Cliquez sur son nom.</p>"
        '<p class="hb-screen-only">Survolez une marque.</p>'
        "<p>Cliquez sur « Mot de passe oublié ».</p>"
    )
    imprime = lire_texte(impression.replace("</article>", plantees + "</article>"), cachees)
    trouvees = [f.extrait for f in fautes_d_impression("print_page", imprime)]
    assert len(trouvees) == 2
    assert "Passez la souris sur une marque" in trouvees[0]
    assert "Cliquez sur son nom" in trouvees[1]
    # The print page's typography, undone in one place, is found again.
    defait = impression.replace("\u00a0:", " :", 1)
    assert len(fautes_de_typographie("print_page", lire_texte(defait))) == 1


def test_the_hidden_in_print_classes_come_from_the_stylesheet():
    css = """
    .a { display: none; }
    @media print {
      /* a comment { display: none } */
      .b, .c .d, #print-site-page .e { display: none !important; }
      .f { display: block; }
    }
    @media screen { .g { display: none; } }
    """
    assert classes_cachees_a_l_impression(css) == {"b", "e"}
