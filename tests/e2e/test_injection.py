"""Hostile text in every text field of the data: shown as typed, never executed.

Every string field of the example data is found by walking the YAML files. Free-text
fields (JSON Schema of the model: a string with a maximum length and no pattern
other than « one line », format or list of values) receive the payloads below, in a few builds that are
opened page by page in Chromium. Fields with a validated format (identifiers, dates,
choices, e-mails, web addresses, phone numbers, postal codes) must refuse the same
payloads through ``python -m macros check``, with a French message; so must a text
longer than its field allows, a text with an invisible control that reverses the
display (U+202E), and a ``{champ}`` template with Jinja in it.

Builds (all started at once, without PDF, once per run: see ``helpers.construire``):

* « combinaison »: each text field holds every payload at once, after a marker with
  the field's path (``@equipe.membres.0.nom@``) that finds it on the pages;
* « rotation »: each text field starts with one payload (in turn), then its marker;
* « image »: one payload, ``<img src=x onerror=alert(1)>``, in every text field;
* « longue »: each text field at its maximum length.

« combinaison », where every field holds every payload, is opened page by page in
Chromium, which catches a payload that runs (a dialog), a console error, and markup a
script would add after the page loaded; its search results are read too. The other three
are read from the disk (tests/html_statique.py): the same text and the same live markup
as the browser finds (compared on all four builds: the same fields found on the same
pages, no difference), in milliseconds instead of a third of a CPU-second a page. What
the position of a payload changes (at the start of a value, Markdown reads a line that
begins with ``<script>`` or ``#`` differently) is markup in the page as sent, which the
reader finds (``test_reader_sees_a_payload_that_runs``).
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
import summary
import yaml
from helpers import (
    Construction,
    cli_env,
    construire,
    data_dir,
    preconstruit,
    rechercher,
    serve,
    vers_yaml,
)
from html_statique import lire_page, lire_site, normalise

from macros import cli
from macros.donnees.modele import FICHIERS

pytestmark = pytest.mark.e2e

#: The JSON Schema pattern of a one-line text (TexteCourt): no line break.
UNE_LIGNE = "^[^\\n\\r]*$"
#: The payloads, by name.
PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "image": "<img src=x onerror=alert(1)>",
    "javascript": "javascript:alert(1)",
    "barre": "a | b",
    "souligné": "_x_",
    "étoiles": "*b*",
    "dièse": "# titre",
    "code": "`code`",
    "lien": "[x](javascript:alert(1))",
    "jinja": "{{ config }}",
    "jinja-bloc": "{% include 'x' %}",
    # Right-to-left letters are text like any other (the invisible controls that reverse
    # the display, U+202E and its kind, are refused: see test_text_refuses_bidi_controls).
    "droite-à-gauche": "\u05e9\u05dc\u05d5\u05dd 123",
}
#: Payloads a ``{champ}`` template field reads as fields: refused there (see below).
JINJA = ("jinja", "jinja-bloc")
#: Invisible bidirectional controls: U+202E (right-to-left override) and its kind.
SENS_ECRITURE = ("\u202e", "\u202b", "\u2066", "\u2067")
#: Two more payloads: the very long string (at the limit, then one character over it),
#: and the bidirectional controls.
NB_PAYLOADS = len(PAYLOADS) + 2

#: Everything at once, after the field's marker (a leading « # » too).
COMBINAISON = "# {marqueur} " + " ".join(PAYLOADS.values())
COMBINAISON_MODELE = "# {marqueur} " + " ".join(v for k, v in PAYLOADS.items() if k not in JINJA)
LONGUE = " <b>x</b> _a_ *b* | `c` [d](javascript:e) # \u05e9"


# --- the fields of the example data ---------------------------------------------------


@dataclass(frozen=True)
class Champ:
    """A string field of the example data."""

    chemin: tuple[str | int, ...]  # (file stem, key or index, …)
    valeur: str
    #: Maximum length of a free-text field; None for a field with a validated format.
    limite: int | None

    @property
    def marqueur(self) -> str:
        return "@" + ".".join(map(str, self.chemin)) + "@"

    @property
    def modele(self) -> bool:
        """A template with ``{champ}`` fields (e-mail templates, archive file names)."""
        return "{" in self.valeur

    @property
    def message(self) -> tuple[str, str]:
        """How ``python -m macros check`` names the field: ``fichier.yml:…— a.b[1].c : ``."""
        parts = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in self.chemin[1:])
        return f"{self.chemin[0]}.yml:", f" — {parts.lstrip('.')} : "


def _resolve(schema: dict, root: dict) -> dict:
    while True:
        if "$ref" in schema:
            defs = root.get("$defs") or root.get("definitions") or {}
            schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
        elif len(schema.get("allOf", ())) == 1:
            schema = schema["allOf"][0]
        elif "anyOf" in schema:
            branches = [b for b in schema["anyOf"] if b.get("type") != "null"]
            if len(branches) != 1:
                return schema
            schema = branches[0]
        else:
            return schema


def _child(schema: dict, root: dict, key: str | int) -> dict:
    schema = _resolve(schema, root)
    if isinstance(key, int):
        return schema.get("items", {})
    extra = schema.get("additionalProperties")
    return schema.get("properties", {}).get(key, extra if isinstance(extra, dict) else {})


def _limite(schema: dict, root: dict) -> int | None:
    s = _resolve(schema, root)
    # A one-line text's only pattern forbids line breaks: it is still free text.
    formats = {"pattern", "format", "enum"} & s.keys()
    if s.get("pattern") == UNE_LIGNE:
        formats.discard("pattern")
    free = s.get("type") == "string" and not formats
    return s.get("maxLength") if free else None


def champs(data: dict[str, object]) -> list[Champ]:
    """Every string of the data, with its maximum length if it is free text."""
    out: list[Champ] = []

    def walk(value: object, schema: dict, root: dict, path: tuple) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, _child(schema, root, k), root, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, _child(schema, root, i), root, (*path, i))
        elif isinstance(value, str):
            out.append(Champ(path, value, _limite(schema, root)))

    for name, cls in FICHIERS.items():
        root = cls.model_json_schema()
        walk(data[name], root, root, (name,))
    return out


def lire_donnees() -> dict[str, object]:
    return {
        name: yaml.safe_load((data_dir() / f"{name}.yml").read_text(encoding="utf-8"))
        for name in FICHIERS
    }


def ecrire_donnees(
    dossier: Path, liste: list[Champ], valeur: Callable[[int, Champ], str | None]
) -> Path:
    """Write a copy of the data where each field of ``liste`` holds ``valeur(i, champ)``."""
    data = lire_donnees()
    for i, champ in enumerate(liste):
        new = valeur(i, champ)
        if new is None:
            continue
        node = data[champ.chemin[0]]
        for key in champ.chemin[1:-1]:
            node = node[key]  # type: ignore[index]
        node[champ.chemin[-1]] = new  # type: ignore[index]
    dossier.mkdir(parents=True)
    for name, content in data.items():
        text = vers_yaml(content, largeur=10**6)
        (dossier / f"{name}.yml").write_text(text, encoding="utf-8")
    return dossier


def texte(champ: Champ, n: int) -> str:
    """A text of exactly ``n`` characters (once trimmed) that starts with the field's marker."""
    debut = (champ.marqueur + LONGUE * (n // len(LONGUE) + 1))[: n - 1].rstrip()
    return debut.ljust(n - 1, "x") + "x"


@functools.cache
def _tous_les_champs() -> list[Champ]:
    return champs(lire_donnees())


def _textes() -> list[Champ]:
    """The free-text fields."""
    return [c for c in _tous_les_champs() if c.limite is not None]


@pytest.fixture(scope="module")
def tous_les_champs() -> list[Champ]:
    return _tous_les_champs()


@pytest.fixture(scope="module")
def textes() -> list[Champ]:
    out = _textes()
    assert len(out) >= 100, "trop peu de champs de texte trouvés dans les données"
    return out


@pytest.fixture(scope="module")
def formats(tous_les_champs) -> list[Champ]:
    return [c for c in tous_les_champs if c.limite is None]


# --- the builds --------------------------------------------------------------------------


def _rotation(i: int, champ: Champ) -> str:
    names = [k for k in PAYLOADS if not (champ.modele and k in JINJA)]
    return f"{PAYLOADS[names[i % len(names)]]} {champ.marqueur}"


def _image(i: int, champ: Champ) -> str:
    return PAYLOADS["image"]


def _combinaison(i: int, champ: Champ) -> str:
    return (COMBINAISON_MODELE if champ.modele else COMBINAISON).replace(
        "{marqueur}", champ.marqueur
    )


def _longue(i: int, champ: Champ) -> str:
    assert champ.limite is not None
    return texte(champ, champ.limite)


BUILDS: dict[str, Callable[[int, Champ], str]] = {
    "combinaison": _combinaison,
    "rotation": _rotation,
    "image": _image,
    "longue": _longue,
}


def _donnees(valeur: Callable[[int, Champ], str], dossier: Path) -> Path:
    return ecrire_donnees(dossier / "donnees", _textes(), valeur)


#: One configuration per build of :data:`BUILDS`.
CONSTRUCTIONS = {
    name: Construction(f"injection-{name}", donnees=functools.partial(_donnees, valeur))
    for name, valeur in BUILDS.items()
}


@pytest.fixture(scope="module")
def browser_context_args() -> dict:
    """These tests serve their own builds: their browser does not wait for the shared site
    (pytest-playwright's own version of this fixture asks for ``base_url``)."""
    return {}


@pytest.fixture(scope="module")
@preconstruit(*CONSTRUCTIONS.values())
def sites(tmp_path_factory) -> dict[str, Path]:
    """Every build of :data:`BUILDS`, started at once."""
    built = construire(tmp_path_factory, *CONSTRUCTIONS.values())
    return {name: b.sortie for name, b in zip(CONSTRUCTIONS, built, strict=True)}


# --- the pages ---------------------------------------------------------------------------

#: Markup that would mean a payload became live: scripts, event handlers, script links.
_LIVE_JS = """() => {
    const found = [];
    for (const s of document.querySelectorAll('script')) {
        if (s.textContent.includes('alert(')) found.push('<script> ' + s.textContent.slice(0, 60));
    }
    for (const e of document.querySelectorAll('*')) {
        for (const a of e.attributes) {
            if (a.name.startsWith('on')) found.push(e.tagName + ' ' + a.name);
            if (/^\\s*javascript:/i.test(a.value) && ['href', 'src', 'action', 'formaction'].includes(a.name)) {
                found.push(e.tagName + ' ' + a.name + '=' + a.value);
            }
        }
    }
    for (const img of document.querySelectorAll('img[src="x"]')) found.push('<img src=x>');
    return found;
}"""
_TEXT_JS = "() => document.title + '\\n' + document.body.innerText"


@dataclass
class Visite:
    """What the pages of one build showed."""

    textes: dict[str, str]
    erreurs: list[str]
    dialogues: list[str]
    vivants: list[str]


def visiter(page, site: Path, sauf: set[str] = frozenset()) -> Visite:
    """Open every page of ``site`` (but those of ``sauf``); collect its text and anything
    that went wrong."""
    base = serve(site)
    visite = Visite({}, [], [], [])
    page.on("dialog", lambda d: (visite.dialogues.append(d.message), d.dismiss()))
    page.on(
        "console",
        lambda m: visite.erreurs.append(f"{page.url} : {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda exc: visite.erreurs.append(f"{page.url} : {exc}"))
    for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
        if path in sauf:
            continue
        url = base + path.removesuffix("index.html")
        response = page.goto(url)
        assert response is not None and response.ok, url
        visite.textes[path] = normalise(page.evaluate(_TEXT_JS))
        visite.vivants += [f"{path} : {x}" for x in page.evaluate(_LIVE_JS)]
    return visite


def verifier_sans_execution(visite: Visite) -> None:
    assert visite.dialogues == [], f"un script a été exécuté : {visite.dialogues}"
    assert visite.vivants == [], "balisage actif dans les pages :\n" + "\n".join(visite.vivants)
    assert visite.erreurs == [], "erreurs dans la console :\n" + "\n".join(visite.erreurs)


def lire(site: Path) -> Visite:
    """What :func:`visiter` finds, read from the disk: the pages' title and text, and the
    live markup in them (no dialog nor console without a browser)."""
    pages = lire_site(site)
    return Visite(
        {path: normalise(f"{p.titre} {p.texte}") for path, p in pages.items()},
        [],
        [],
        [f"{path} : {x}" for path, p in pages.items() for x in p.vivants],
    )


#: Pages made by one template each (a member's, a role's): the browser opens the first of
#: each family, the disk reader (:func:`lire`) the others, whose markup differs only by
#: the text the reader checks.
FAMILLES = ("equipe/", "roles/")


def visiter_build(page, site: Path) -> Visite:
    """:func:`visiter` for one of the builds: its dialogs count as executions. One page of
    each family (:data:`FAMILLES`) is opened in the browser, the others read from disk."""
    vus: set[str] = set()
    lues: list[str] = []
    for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
        famille = next((f for f in FAMILLES if path.startswith(f) and path != f + "index.html"), "")
        if famille and famille in vus:
            lues.append(path)
        vus.add(famille)
    visite = visiter(page, site, sauf=set(lues))
    disque = lire(site)
    visite.textes |= {path: disque.textes[path] for path in lues}
    visite.vivants += [x for x in disque.vivants if x.split(" : ")[0] in lues]
    summary.record("charges utiles", exécutions=len(visite.dialogues))
    return visite


def verifier_tel_que_saisi(
    visite: Visite, liste: list[Champ], valeur: Callable[[int, Champ], str]
) -> tuple[int, list[str]]:
    """Each time a field's marker shows on a page, its whole value shows, as typed.

    Returns the number of fields found on the pages and the differences.
    """
    differences: list[str] = []
    trouves = 0
    for i, champ in enumerate(liste):
        attendu = normalise(valeur(i, champ))
        vu = False
        for path, text in visite.textes.items():
            n = text.count(champ.marqueur)
            if not n:
                continue
            vu = True
            complets = text.count(attendu)
            if complets < n:
                at = text.index(champ.marqueur)
                differences.append(
                    f"{champ.marqueur} sur {path} : « {text[max(0, at - 40) : at + len(attendu)]} »"
                )
        trouves += vu
    return trouves, differences


# --- the tests -----------------------------------------------------------------------------


def _affiche_tel_que_saisi(visite: Visite, textes, valeur) -> Visite:
    """No payload runs, and at least 90 % of the fields show exactly as typed.

    Most fields show somewhere (a few only feed the calendar files or the PDF).
    """
    verifier_sans_execution(visite)
    trouves, differences = verifier_tel_que_saisi(visite, textes, valeur)
    assert differences == [], "texte modifié :\n" + "\n".join(differences[:20])
    assert trouves >= 0.9 * len(textes), f"{len(textes) - trouves} champs introuvables"
    return visite


@pytest.mark.lent
def test_every_payload_at_once_shows_as_typed(page, sites, textes, formats):
    # « The number of payloads by the number of fields tried » (the format fields get
    # them in the refusal tests below).
    summary.record("charges utiles", charges=NB_PAYLOADS, champs=len(textes) + len(formats))
    visite = visiter_build(page, sites["combinaison"])
    _affiche_tel_que_saisi(visite, textes, _combinaison)
    # Search results show the payloads as text too.
    page.goto(serve(sites["combinaison"]))
    resultats = normalise(rechercher(page, "onerror"))
    assert PAYLOADS["image"] in resultats and PAYLOADS["script"] in resultats
    assert page.evaluate(_LIVE_JS) == []
    assert visite.dialogues == []
    # Titles: the member's name is the page's <title> and <h1>, unchanged.
    membre = next(c for c in textes if c.chemin[1:] == ("membres", 0, "nom"))
    page.goto(serve(sites["combinaison"]) + "equipe/claire-durand/")
    assert page.title().startswith(normalise(_combinaison(0, membre)))
    assert normalise(page.locator("article h1").inner_text()).removesuffix("¶").strip() == (
        normalise(_combinaison(0, membre))
    )


def test_each_payload_at_the_start_of_a_value_shows_as_typed(sites, textes):
    _affiche_tel_que_saisi(lire(sites["rotation"]), textes, _rotation)


def test_one_payload_in_every_field_never_runs(sites, textes):
    visite = lire(sites["image"])
    verifier_sans_execution(visite)
    shown = sum(text.count(PAYLOADS["image"]) for text in visite.textes.values())
    assert shown >= len(textes)


def test_longest_values_build_and_show_whole(sites, textes):
    _affiche_tel_que_saisi(lire(sites["longue"]), textes, _longue)


# --- refused cleanly ------------------------------------------------------------------------


def refus(tmp_path: Path, liste: list[Champ], valeur: Callable[[int, Champ], str]) -> str:
    """Run ``python -m macros check`` on data where ``liste`` holds ``valeur``: it must
    refuse them, in French, without a traceback. Returns its message."""
    data = ecrire_donnees(tmp_path / f"donnees-{time.monotonic_ns()}", liste, valeur)
    # In this process (as tests/unit/test_bad_inputs.py does): a Python start-up less for
    # each of these checks; the environment is the command's, restored after it.
    sortie = io.StringIO()
    env = cli_env({"HANDBOOK_DATA": str(data)})
    with (
        mock.patch.dict(os.environ, env),
        contextlib.redirect_stdout(sortie),
        contextlib.redirect_stderr(sortie),
    ):
        try:
            statut = cli.main(["check"])
        except (Exception, SystemExit):
            statut, sortie = None, io.StringIO(traceback.format_exc())
    output = sortie.getvalue()
    assert statut == 1, output
    assert "Traceback" not in output
    assert "erreur" in output
    return output


def nommes(output: str, liste: list[Champ]) -> list[Champ]:
    """The fields of ``liste`` that no line of ``output`` names."""
    lines = output.splitlines()
    return [c for c in liste if not any(c.message[0] in x and c.message[1] in x for x in lines)]


@pytest.mark.parametrize("nom", ["javascript", "script", "image"])
def test_formatted_fields_refuse_payloads(tmp_path, formats, nom):
    payload = PAYLOADS[nom]
    output = refus(tmp_path, formats, lambda i, c: payload)
    oublies = nommes(output, formats)
    assert oublies == [], f"accepté(s) sans message : {[c.marqueur for c in oublies]}"
    # Web addresses and e-mail addresses say what is expected.
    assert "seules les adresses en https:// sont acceptées" in output
    assert "format attendu : nom@domaine.fr" in output
    summary.record("charges utiles refusées", essais=len(formats), refus=len(formats))


def test_templates_refuse_jinja(tmp_path, textes):
    modeles = [c for c in textes if c.modele]
    assert len(modeles) >= 2
    output = refus(tmp_path, modeles, lambda i, c: f"{c.valeur} {PAYLOADS['jinja-bloc']}")
    assert nommes(output, modeles) == []
    assert "champ « {% include 'x' %} » inconnu" in output


def test_text_over_its_limit_is_refused(tmp_path, textes):
    output = refus(tmp_path, textes, lambda i, c: texte(c, c.limite + 1))
    assert nommes(output, textes) == []
    assert output.count("texte trop long") >= len(textes)
    summary.record("charges utiles refusées", essais=len(textes), refus=len(textes))


def test_text_refuses_bidi_controls(tmp_path, textes):
    """U+202E in a name would reverse the display of the sentence around it, the
    handbook's own words too: every text field refuses it, and its kind."""
    output = refus(
        tmp_path, textes, lambda i, c: f"{c.valeur} {SENS_ECRITURE[i % len(SENS_ECRITURE)]}x"
    )
    assert nommes(output, textes) == []
    assert output.count("caractère invisible de sens d'écriture (U+") >= len(textes)
    for control in SENS_ECRITURE:
        assert f"(U+{ord(control):04X})" in output
    summary.record("charges utiles refusées", essais=len(textes), refus=len(textes))


def test_checker_sees_a_payload_that_runs(page, tmp_path):
    """The page checks themselves: a page where the payload is live is caught."""
    site = tmp_path / "site"
    (site / "p").mkdir(parents=True)
    (site / "p" / "index.html").write_text(
        "<!doctype html><html lang='fr'><head><title>t</title></head><body>"
        f"<p>{PAYLOADS['image']}</p><p>{PAYLOADS['script']}</p>"
        "<a href='javascript:alert(2)'>x</a></body></html>",
        encoding="utf-8",
    )
    visite = visiter(page, site)
    assert len(visite.dialogues) == 2  # the image's onerror and the script
    assert any("onerror" in x for x in visite.vivants)
    assert any("javascript:alert(2)" in x for x in visite.vivants)
    assert visite.erreurs  # the image « x » is not found
    with pytest.raises(AssertionError):
        verifier_sans_execution(visite)


def test_reader_sees_a_payload_that_runs(tmp_path):
    """The disk reader finds what the browser finds on a page where the payload is live."""
    page = tmp_path / "p.html"
    page.write_text(
        "<!doctype html><html lang='fr'><head><title>Titre &amp; co</title>"
        "<script>alert(3)</script></head><body><p>Un <b>mot</b></p>"
        f"<p>{PAYLOADS['image']}</p><a href=' JavaScript:alert(2)'>x</a>"
        "<script>var y = 1;</script></body></html>",
        encoding="utf-8",
    )
    lu = lire_page(page)
    assert lu.titre == "Titre & co"
    assert lu.texte == "Un mot x"
    assert sorted(lu.vivants) == [
        "<img src=x>",
        "<script> alert(3)",
        "A href= JavaScript:alert(2)",
        "IMG onerror",
    ]
    with pytest.raises(AssertionError):
        verifier_sans_execution(Visite({}, [], [], lu.vivants))


def test_checker_sees_a_changed_value():
    champ = Champ(("equipe", "membres", 0, "nom"), "", 300)
    attendu = _combinaison(0, champ)
    visite = Visite({"p": normalise(attendu.replace("_x_", "x"))}, [], [], [])
    trouves, differences = verifier_tel_que_saisi(visite, [champ], _combinaison)
    assert trouves == 1 and len(differences) == 1
