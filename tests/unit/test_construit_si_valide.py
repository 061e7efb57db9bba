"""What ``make check`` accepts, ``make site`` builds: every page renders, every feed parses.

Hypothesis edits the example data at the edges of what the model allows — texts of the
maximum length, line breaks where a text may have them, dates in 1900 and 2100, times
at midnight and 23:59, right-to-left letters, emoji, combining accents, HTML, Markdown,
Jinja and ICS syntax — and loads it. Data that loads must then give every page fragment
(each render function, with every id) and every calendar feed, and each feed must parse
with the events the handbook computes. Data that does not load is the other property
test's business (``test_properties.py``: refused cleanly, in French).

A full ``python -m macros build`` of one dataset that combines all these edges runs too:
a hypothesis example per subprocess build would take minutes.
"""

from __future__ import annotations

import copy
import inspect
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT, TODAY, Construction, construire, contexte, preconstruit, vers_yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from macros.domaine.evenements import evenements, evenements_du_flux
from macros.domaine.faits import Faits
from macros.donnees.catalogue import page_membre, page_role
from macros.donnees.chargement import charger
from macros.donnees.modele import FICHIERS, Handbook
from macros.donnees.problemes import DonneesInvalides
from macros.pages import historique
from macros.site.plugin import MACROS_RENDU
from macros.sorties.ics import calendrier_ics

SITE = "https://manuel.example.org/"
NAMES = list(FICHIERS)
EXAMPLE: dict[str, Any] = {
    name: yaml.safe_load((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8"))
    for name in NAMES
}
#: Keys whose text may span several lines (TexteLong in the model).
MULTILIGNES = {"description", "objectif", "texte", "astuce", "si_echec", "details", "corps"}
MULTILIGNES |= {"changements", "nom_complet"}

#: Texts at the edges: each is valid wherever a text is (except line breaks, see below).
BORDS = [
    "é" * 300,
    "Zoë Nguyễn-Çelik",
    "שלום et مرحبا",  # right-to-left letters are allowed (not the invisible controls)
    "e\u0301cole combinée",
    "🙂 rendez-vous 🗓️",
    "<script>alert(1)</script>",
    "{{ config }} {% raw %}",
    "| a | b |",
    "_x_ *y* `z` [lien](https://exemple.fr) # titre",
    "END:VEVENT ; BEGIN:VEVENT, \\n \\",
    "\u00a0espaces\u202finsécables\u00a0",
    "l'échéancier « guillemets » : oui ! non ?",
]
MULTI = ["ligne 1\nEND:VEVENT\nligne 3", "a" * 4999 + "\nb", "Ligne\n\n\nséparée"]
DATES = ["1900-01-01", "2100-12-31", "2000-02-29"]
HEURES = ["00:00", "23:59"]


def _feuilles(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _feuilles(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _feuilles(v, (*path, i))
    elif isinstance(node, str | date):
        out.append(path)
    return out


def _cle(path: tuple[Any, ...]) -> str:
    return next((p for p in reversed(path) if isinstance(p, str)), "")


#: Keys of free texts, dates and times: the values an edge can replace and stay valid
#: (ids, choices, e-mails and phone numbers have their own formats).
TEXTES = {"texte", "titre", "prerequis", "astuce", "objectif", "missions", "si_echec", "nom"}
TEXTES |= {"valeur", "interdits", "perimetre", "droits", "mutuelle", "comptable", "prevoyance"}
TEXTES |= {"joindre", "ne_jamais_inclure", "demander", "rue", "ville", "fonction", "version"}
TEXTES |= {"complement", "coffre_fort", "logiciel_comptable", "agenda", "archives", "objet"}
TEXTES |= MULTILIGNES | {"conservation"}
CLES_DATES = {"date", "obtenue_le", "dernier_audit_acces", "dernier_test_recuperation"}
CLES_DATES |= {"verifie_le", "date_publication", "prochaine_revue"}
FEUILLES = [
    (name, path)
    for name in NAMES
    for path in _feuilles(EXAMPLE[name])
    if _cle(path) in TEXTES | CLES_DATES | {"heure"}
]


@st.composite
def donnees_aux_bords(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(EXAMPLE)
    for _ in range(draw(st.integers(1, 8))):
        name, path = draw(st.sampled_from(FEUILLES))
        parent = data[name]
        for part in path[:-1]:
            parent = parent[part]
        cle = _cle(path)
        if cle in CLES_DATES:
            nouvelle: Any = draw(st.sampled_from(DATES))
        elif cle == "heure":
            nouvelle = draw(st.sampled_from(HEURES))
        elif cle in MULTILIGNES:
            nouvelle = draw(st.sampled_from(BORDS + MULTI))
        else:
            nouvelle = draw(st.sampled_from(BORDS))
        parent[path[-1]] = nouvelle
    if draw(st.booleans()):
        data["calendrier"]["annee"] = draw(st.sampled_from([2000, 2100]))
    return data


def _ecrire(folder: Path, data: dict[str, Any]) -> None:
    for name in NAMES:
        text = vers_yaml(data[name])
        (folder / f"{name}.yml").write_text(text, encoding="utf-8")


#: Every macro the pages call, and the line each page ends with.
RENDUS = [*MACROS_RENDU.values(), historique.mise_a_jour]


def _appels(hb: Handbook) -> list[tuple[Any, str, tuple[Any, ...]]]:
    """Each render function with the arguments the pages give it, and the page it is on."""
    ids = {
        "membre_id": [(m.id, page_membre(m.id)) for m in hb.equipe.membres],
        "role_id": [(r.id, page_role(r.id)) for r in hb.roles.roles],
        "procedure_id": [(p.id, "connexion.md") for p in hb.procedures.procedures],
        "partie": [
            (p, "connexion.md") for p in sorted({p.partie.value for p in hb.procedures.procedures})
        ],
    }
    out = []
    for fonction in RENDUS:
        params = [
            p
            for p in list(inspect.signature(fonction).parameters.values())[1:]
            if p.default is inspect.Parameter.empty
        ]
        if not params:
            out.append((fonction, "index.md", ()))
            continue
        for ident, page in ids[params[0].name]:
            out.append((fonction, page, (ident,)))
    return out


def _tout_produire(hb: Handbook) -> None:
    """Every page fragment and every feed of ``hb``; each feed parsed back."""
    for fonction, page, args in _appels(hb):
        html = str(fonction(contexte(hb, page), *args))
        assert "<script>" not in html, f"{fonction.__name__}: a value was not escaped"
    tous = evenements(hb)
    for role in [None, *(r.id for r in hb.roles.roles)]:
        ics = calendrier_ics(Faits(hb), role, SITE)
        attendus = len(evenements_du_flux(tous, role))
        lignes = ics.decode("utf-8").split("\r\n")
        # No line break reached a content line: no event was added or cut.
        assert lignes.count("BEGIN:VEVENT") == lignes.count("END:VEVENT") == attendus, role
        if role is None:  # the global feed has every event: parsed back in full
            assert len(list(Calendar.from_ical(ics).walk("VEVENT"))) == attendus


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(donnees_aux_bords())
def test_accepted_data_renders_every_page_and_feed(data):
    with tempfile.TemporaryDirectory() as tmp:
        _ecrire(Path(tmp), data)
        try:
            hb = charger(Path(tmp), TODAY).handbook
        except DonneesInvalides:
            event("refusé")
            return  # refused: test_properties.py checks that it is refused cleanly
        event("accepté")
        _tout_produire(hb)


def test_the_example_renders_every_page_and_feed():
    _tout_produire(charger(ROOT / "data", TODAY).handbook)


def _aux_bords() -> dict[str, Any]:
    """The example with every kind of edge at once (all valid)."""
    data = copy.deepcopy(EXAMPLE)
    data["cabinet"]["cabinet"]["nom"] = "Cabinet « Zoë & Nguyễn » <b>|_*_|</b> 🙂 " + "é" * 200
    data["cabinet"]["manuel"]["version"] = "2.0 ; BEGIN:VEVENT, \\n"
    data["cabinet"]["manuel"]["date_publication"] = "1900-01-01"
    data["cabinet"]["manuel"]["prochaine_revue"] = "2100-12-31"
    data["roles"]["roles"][0]["nom"] = "שלום Titulaire END:VEVENT"
    data["roles"]["roles"][0]["description"] = "Ligne 1\nEND:VEVENT\nBEGIN:VEVENT\nLigne 4"
    membre = data["equipe"]["membres"][-1]
    membre["nom"] = "Çelik e\u0301 Nguyễn-O'Brien"
    echeance = data["calendrier"]["echeances"][0]
    echeance.update(date="2100-12-31", heure="23:59", titre="Fin " + "x" * 290)
    echeance["description"] = "a" * 4000 + "\n" + "b" * 900
    data["calendrier"]["echeances"][1]["date"] = "1900-01-01"
    data["equipe"]["membres"][0]["dernier_audit_acces"] = "2100-12-31"
    data["equipe"]["membres"][0]["dernier_test_recuperation"] = "2100-12-31"
    return data


def _donnees_aux_bords(dossier: Path) -> Path:
    data = dossier / "data"
    data.mkdir()
    _ecrire(data, _aux_bords())
    return data


#: The full build of that dataset (its data folder is next to the site).
AUX_BORDS = Construction("bords", donnees=_donnees_aux_bords)


@pytest.fixture(scope="module")
@preconstruit(AUX_BORDS)
def site_aux_bords(tmp_path_factory) -> Path:
    return construire(tmp_path_factory, AUX_BORDS)[0].sortie


def test_a_dataset_at_every_edge_builds_with_parsing_feeds(site_aux_bords):
    hb = charger(site_aux_bords.parent / "data", TODAY).handbook
    tous = evenements(hb)
    feeds = sorted(site_aux_bords.glob("calendrier*.ics"))
    assert len(feeds) == 1 + len(hb.roles.roles)
    for path in feeds:
        cal = Calendar.from_ical(path.read_bytes())
        role = None if path.name == "calendrier.ics" else path.stem.removeprefix("calendrier-")
        assert len(list(cal.walk("VEVENT"))) == len(evenements_du_flux(tous, role)), path.name
    equipe_html = (site_aux_bords / "equipe" / "index.html").read_text(encoding="utf-8")
    assert "L&#39;équipe" in equipe_html or "L'équipe" in equipe_html
    for m in hb.equipe.membres:
        assert (site_aux_bords / "equipe" / m.id / "index.html").is_file()
