"""Escaping, French typography and formats (macros/texte/__init__.py)."""

from __future__ import annotations

from datetime import date, time

import markdown
import pytest

from macros.texte import date_courte, date_fr, duree, esc, heure, typographie, typographie_autour

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
