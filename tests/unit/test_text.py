"""Escaping, French typography and formats (macros/texte/__init__.py)."""

from __future__ import annotations

from datetime import date, time

import markdown
import pytest
from markupsafe import Markup

from macros.texte import (
    article_de,
    date_courte,
    date_fr,
    de,
    de_nom,
    de_nom_html,
    duree,
    esc,
    heure,
    minuscule,
    typographie,
    typographie_autour,
)

EXTENSIONS = [
    "toc",
    "attr_list",
    "md_in_html",
    "admonition",
    "tables",
    "def_list",
    "pymdownx.details",
]

PAYLOADS = [
    "<script>alert(1)</script>",
    "_x_|y",
    "*gras* et **très gras**",
    "# Titre",
    "- élément",
    "1. premier",
    "> citation",
    "`code` et ```bloc```",
    "[lien](javascript:alert(1))",
    "![image](x.png)",
    "{: onclick=alert(1) }",
    "{{ config }} {% include 'x' %}",
    "a & b &amp; c",
    "Jean-Pierre d'Artagnan",
    "~~barré~~ ==marqué== ^^souligné^^ $x$",
    "\\*échappé\\*",
    "\"guillemets\" et 'apostrophes'",
    "!!! danger",
    "<img src=x onerror=alert(1)>",
    "\u202eDroite à gauche",
]


def _as_text(html: str) -> str:
    """The text a browser would show for ``html`` (tags removed, entities decoded)."""
    from html.parser import HTMLParser

    class P(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.tags: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

        def handle_data(self, data):
            self.parts.append(data)

    p = P()
    p.feed(html)
    return "".join(p.parts), p.tags


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(
    "template",
    [
        "{}",
        "Texte : {}",
        "| A | B |\n|---|---|\n| {} | x |",
        "## {}",
        "- {}",
        '<div class="x"><span>{}</span></div>',
    ],
)
def test_escaped_value_renders_as_typed_text(payload, template):
    html = markdown.markdown(template.format(esc(payload)), extensions=EXTENSIONS)
    text, tags = _as_text(html)
    assert payload in text, html
    # The value added no element of its own.
    _, bare_tags = _as_text(markdown.markdown(template.format("X"), extensions=EXTENSIONS))
    assert tags == bare_tags, html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_value_is_safe_in_attributes(payload):
    html = f'<a title="{esc(payload)}">x</a>'
    from html.parser import HTMLParser

    found = {}

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found[tag] = dict(attrs)

    P().feed(html)
    assert found["a"]["title"] == " ".join(payload.split())


def test_esc_collapses_newlines_so_no_block_syntax_appears():
    value = "ligne 1\n\n# pas un titre\n- pas une liste"
    html = markdown.markdown(f"Avant {esc(value)} après", extensions=EXTENSIONS)
    assert "<h1" not in html and "<li" not in html


def test_typography_adds_non_breaking_spaces_outside_code():
    html = "<p>Note : « oui » ; vraiment ? Oui !</p><pre>a : b</pre><code>« x »</code>"
    out = typographie(html)
    assert "Note\u00a0:" in out
    assert "«\u00a0oui\u00a0»" in out
    assert "\u202f;" in out and "\u202f?" in out and "\u202f!" in out
    assert "<pre>a : b</pre>" in out
    assert "<code>« x »</code>" in out


def test_typography_reaches_what_a_reader_sees_or_hears_but_not_addresses():
    html = (
        '<a href="https://x.fr/?a=1 : b" title="a : b" aria-label=\'Suivant : « x »\'>'
        'lien : ici</a><img src="a ?.png" alt="Schéma : étapes"><input placeholder="Nom ?">'
        '<!-- title="c : d" --><span data-x="e : f">g</span>'
    )
    out = typographie(html)
    assert 'href="https://x.fr/?a=1 : b"' in out and 'src="a ?.png"' in out
    assert 'title="a\u00a0: b"' in out
    assert "aria-label='Suivant\u00a0: «\u00a0x\u00a0»'" in out
    assert 'alt="Schéma\u00a0: étapes"' in out and 'placeholder="Nom\u202f?"' in out
    assert "lien\u00a0: ici" in out
    # Comments and other attributes are not read.
    assert '<!-- title="c : d" -->' in out and 'data-x="e : f"' in out


def test_typography_of_a_built_page_around_its_content():
    contenu = typographie("<p>Déjà fait : oui</p>")
    page = f'<nav title="Table : x">Sommaire : « a »</nav><article>{contenu}</article><p>Fin !</p>'
    out = typographie_autour(page, contenu)
    assert out == typographie(page)
    assert 'title="Table\u00a0: x"' in out and "Fin\u202f!" in out
    # The part already done is left as it is (its typography is the content hook's).
    brut = page.replace(contenu, "<p>a : b</p>")
    assert "<p>a : b</p>" in typographie_autour(brut, "<p>a : b</p>")
    # Content not found: the whole page.
    assert typographie_autour(page, "<p>ailleurs</p>") == typographie(page)


def test_french_formats():
    assert date_fr(date(2026, 1, 15)) == "15 janvier 2026"
    assert date_fr(date(2026, 3, 1)) == "1er mars 2026"
    assert date_courte(date(2026, 1, 5)) == "05/01/2026"
    assert heure(time(8, 30)) == "8 h 30"
    assert heure(time(9, 0)) == "9 h"
    assert duree(15) == "15 min" and duree(60) == "1 h" and duree(90) == "1 h 30"


# --- French from data: élision, contraction, labels in a sentence --------------------


@pytest.mark.parametrize(
    ("nom", "attendu"),
    [
        ("Claire Durand", "de Claire Durand"),
        ("Inès Garcia", "d'Inès Garcia"),
        ("Élise Marchand", "d'Élise Marchand"),
        ("Hélène Kerhervé", "d'Hélène Kerhervé"),  # h muet
        ("Hugo Lambert", "d'Hugo Lambert"),
        ("Hauteville", "de Hauteville"),  # h aspiré (macros.texte.H_ASPIRES)
        ("Hameau des Kinés", "de Hameau des Kinés"),
        ("Yves Caron", "d'Yves Caron"),  # y before a consonant is a vowel sound
        ("Yvonne", "d'Yvonne"),
        ("Yannick Le Gall", "de Yannick Le Gall"),  # y before a vowel is a consonant
        ("Yann Le Gall", "de Yann Le Gall"),
        ("Œdipe", "d'Œdipe"),
        ("  Ugo", "d'Ugo"),
        ("", "de "),
    ],
)
def test_de_elides_before_a_vowel_sound(nom, attendu):
    assert f"{de(nom)}{nom.strip()}" == attendu


@pytest.mark.parametrize(
    ("nom", "article", "attendu"),
    [
        # A practice's name: the article of its first word, contracted with « de ».
        ("Cabinet infirmier des Quais", None, "du Cabinet infirmier des Quais"),
        ("Centre de rééducation", None, "du Centre de rééducation"),
        ("Pôle santé Nord", None, "du Pôle santé Nord"),
        ("Maison de santé du Parc", None, "de la Maison de santé du Parc"),
        ("SCM Kiné Sud", None, "de la SCM Kiné Sud"),
        ("Espace Santé", None, "de l'Espace Santé"),
        # An article written in the name is contracted (le → du, les → des, la, l').
        ("Le Cabinet du Port", None, "du Cabinet du Port"),
        ("Les Kinés du Port", None, "des Kinés du Port"),
        ("La Maison des soins", None, "de la Maison des soins"),
        ("L'Atelier du souffle", None, "de l'Atelier du souffle"),
        ("L’Atelier", None, "de l'Atelier"),
        # A proper name keeps « de » (or « d' »).
        ("Kiné Nord", None, "de Kiné Nord"),
        ("Orthoptie Plus", None, "d'Orthoptie Plus"),
        # cabinet.article overrides what the first word says.
        ("Cabinet Martin", "aucun", "de Cabinet Martin"),
        ("Kinés Associés", "les", "des Kinés Associés"),
        ("Résidence Kiné", "la", "de la Résidence Kiné"),
    ],
)
def test_de_nom_contracts_the_article(nom, article, attendu):
    assert de_nom(nom, article) == attendu


def test_article_is_inferred_from_the_first_word():
    assert article_de("Cabinet d'orthoptie de la Rade") == "le"
    assert article_de("Maison de santé") == "la"
    assert article_de("Institut du dos") == "l'"
    assert article_de("Les Kinés") == "les"
    assert article_de("Kiné Nord") == "aucun"
    assert article_de("Lebrun Kiné") == "aucun"  # « Le » only as a word of its own


def test_de_nom_html_escapes_the_name_and_keeps_the_article():
    assert de_nom_html("Cabinet <b>&") == Markup("du Cabinet &lt;b&gt;&amp;")
    assert de_nom_html("Inès") == Markup("d'Inès")


def test_labels_in_the_middle_of_a_sentence():
    from macros.donnees.modele import Controle, Frequence, MethodeAcces, Rythme

    assert f"Je me connecte avec {MethodeAcces.numero_dossier.libelle_phrase}." == (
        "Je me connecte avec le numéro de dossier."
    )
    assert MethodeAcces.franceconnect.libelle_phrase == "FranceConnect"  # a proper name
    assert Frequence.mensuelle.libelle_phrase == "mensuelle"
    assert Rythme.semestriel.libelle_phrase == "semestriel"
    assert Controle.test.libelle_phrase == "test mensuel « Mot de passe oublié »"
    # Table cells and headings keep the label as it is.
    assert MethodeAcces.numero_dossier.libelle == "Numéro de dossier"
    assert minuscule("CARPIMKO") == "CARPIMKO"
    assert minuscule("« Mon solde »") == "« Mon solde »"


def test_a_named_person_gets_no_parenthesis():
    """No gender in the model: labels shown for a person are épicène, with no « (e) »."""
    from macros.donnees.modele import Profession, Situation, Statut

    for choix in (*Situation, *Statut):
        assert "(" not in choix.libelle, choix
    for profession in Profession:
        assert "(" not in profession.libelle_personne, profession
    assert Profession.infirmier.libelle_personne == "Infirmier ou infirmière"


def test_amounts_are_never_cut_by_a_line_break():
    html = typographie("<p>Le forfait de 1 022 € en 2026, 54 432 € ; 5 % ; le 01 30 48 10 00.</p>")
    assert "1\u202f022\u00a0€" in html
    assert "54\u202f432\u00a0€" in html
    assert "5\u00a0%" in html
    # A phone number and a year are not amounts.
    assert "01 30 48 10 00" in html
    assert typographie("<p>en 2026 100 fois</p>") == "<p>en 2026 100 fois</p>"
