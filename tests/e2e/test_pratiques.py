"""Three practices built side by side: the example, infirmiers and solo (tests/fixtures/).

For each built site (no PDF), read back from its files with Python's HTML parser, no browser:

* member by member, the page shows exactly the procedures, e-mail templates and overdue
  checks that apply to that member, computed here from the raw YAML (not with
  ``macros/domaine/applicabilite.py``); the support page, the home page's « À faire » and
  the role pages show nothing that applies to nobody;
* no file of a practice's site (HTML, ICS, search index) holds an id, a name, an address, a
  phone number or another distinctive value of another practice's data.

One browser test opens the solo practice's home page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from helpers import (
    FIXTURES,
    ROOT,
    SITUATIONS_QUI_COTISENT,
    TODAY,
    normalise,
    serve,
)
from html_statique import Noeud, arbre

from macros.donnees.catalogue import TITRES
from macros.donnees.modele import Profession
from macros.texte import slug

pytestmark = pytest.mark.e2e

DONNEES = {
    "exemple": ROOT / "data",
    "infirmiers": FIXTURES / "infirmiers",
    "solo": FIXTURES / "solo",
}


#: The example practice, without PDF (the main build prints it; these tests do not need it).
@pytest.fixture(scope="module")
def sites(site_exemple: Path, site_infirmiers: Path, site_solo: Path) -> dict[str, Path]:
    return {"exemple": site_exemple, "infirmiers": site_infirmiers, "solo": site_solo}


@pytest.fixture(scope="module")
def bruts() -> dict[str, dict[str, dict]]:
    """Each practice's data files, read with plain PyYAML."""
    return {
        nom: {
            p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in dossier.glob("*.yml")
            if not p.name.startswith("private")
        }
        for nom, dossier in DONNEES.items()
    }


# --- reading a built page ---------------------------------------------------------------------


def lire(page: Path) -> Noeud:
    return arbre(page.read_text(encoding="utf-8"))


def article(site: Path, chemin: str) -> Noeud:
    """The page's content (its ``<article>``), without the navigation."""
    (contenu,) = lire(site / chemin / "index.html").chercher("article")
    return contenu


# --- what applies to whom, from the raw YAML --------------------------------------------------


def present(m: dict) -> bool:
    return m.get("depart") is None or m["depart"] > TODAY


def concerne(regle: dict | None, situation: str, methodes: set[str]) -> bool:
    regle = regle or {}
    if regle.get("situations") and situation not in regle["situations"]:
        return False
    return not regle.get("methodes_acces") or bool(methodes & set(regle["methodes_acces"]))


def methodes(brut: dict, m: dict) -> set[str]:
    """How ``m`` logs in: their own method, and those of the delegations they hold on the
    accounts of members still in the practice."""
    tenues = {
        d["methode_acces"]
        for autre in brut["equipe"]["membres"]
        if present(autre)
        for d in autre.get("delegations", [])
        if d["membre"] == m["id"]
    }
    return tenues | ({m["methode_acces"]} if m.get("methode_acces") else set())


def procedures_attendues(brut: dict, m: dict) -> list[str]:
    return [
        p["titre"]
        for p in brut["procedures"]["procedures"]
        if set(p["roles"]) & set(m.get("roles", []))
        and concerne(p.get("s_applique_a"), m["situation"], methodes(brut, m))
    ]


def modeles_attendus(brut: dict, m: dict) -> set[str]:
    """Templates about the member's own account: their own access method only."""
    if m["situation"] == "non_affilie":
        return set()
    propre = {m["methode_acces"]} if m.get("methode_acces") else set()
    return {
        t["id"]
        for t in brut["support"]["modeles"]
        if concerne(t.get("s_applique_a"), m["situation"], propre)
    }


def alertes_attendues(m: dict) -> set[str]:
    """The overdue checks of ``m`` on the build date: a quarter for the audit, a month for
    the test, last year's attestation for who pays and was there before its end."""
    if m["situation"] == "non_affilie" or not present(m):
        return set()
    dispenses = {d["controle"] for d in m.get("dispenses", [])}
    out = set()
    for code, champ, jours in (
        ("audit", "dernier_audit_acces", 92),
        ("test", "dernier_test_recuperation", 31),
    ):
        fait = m.get(champ)
        if code not in dispenses and (fait is None or (TODAY - fait).days > jours):
            out.add(code)
    arrivee = m.get("arrivee")
    if (
        m["situation"] in SITUATIONS_QUI_COTISENT
        and "attestation" not in dispenses
        and (arrivee is None or arrivee <= date(TODAY.year - 1, 12, 31))
        and TODAY.year - 1 not in {a["annee"] for a in m.get("attestations", [])}
    ):
        out.add("attestation")
    return out


@pytest.mark.parametrize("pratique", sorted(DONNEES))
def test_each_member_page_shows_only_what_applies_to_that_member(pratique, sites, bruts):
    site, brut = sites[pratique], bruts[pratique]
    restreintes = [p for p in brut["procedures"]["procedures"] if p.get("s_applique_a")]
    vus = {"procedures": 0, "modeles": 0, "retenus": 0}
    for m in brut["equipe"]["membres"]:
        page = article(site, f"equipe/{m['id']}")
        # The « Mes procédures » list: exactly those that apply, in data order.
        listes = page.chercher("ul", "hb-procedures")
        titres = [a.texte() for liste in listes for a in liste.chercher("a")]
        assert titres == [normalise(t) for t in procedures_attendues(brut, m)], m["id"]
        # A procedure kept for some situations or access methods is not even linked
        # from the page of a member it excludes.
        liens = {a.attrs.get("href", "") for a in page.chercher("a")}
        for p in restreintes:
            if not concerne(p["s_applique_a"], m["situation"], methodes(brut, m)):
                vus["retenus"] += bool(set(p["roles"]) & set(m.get("roles", [])))
                assert not [h for h in liens if h.endswith(f"#{p['id']}")], (m["id"], p["id"])
        # The e-mail templates: exactly those about this member's own account.
        modeles = {e.attrs["data-modele"] for e in page.chercher("div", "hb-email")}
        assert {e.attrs["data-membre"] for e in page.chercher("div", "hb-email")} <= {m["id"]}
        assert modeles == modeles_attendus(brut, m), m["id"]
        # The « À faire » box: exactly the member's overdue checks.
        alertes = page.chercher("li", data_membre=m["id"])
        assert {a.attrs["data-alerte"] for a in alertes} == alertes_attendues(m), m["id"]
        vus["procedures"] += len(titres)
        vus["modeles"] += len(modeles)
        if m["situation"] != "non_affilie":
            vus["retenus"] += len(brut["support"]["modeles"]) - len(modeles)
    # The practice's data exercises the checks: something shown, something withheld from
    # someone it would otherwise reach (a procedure of their role, a template).
    assert vus["procedures"] and vus["modeles"] and vus["retenus"], vus


@pytest.mark.parametrize("pratique", sorted(DONNEES))
def test_shared_pages_show_nothing_that_applies_to_nobody(pratique, sites, bruts):
    site, brut = sites[pratique], bruts[pratique]
    membres = {m["id"]: m for m in brut["equipe"]["membres"]}
    # Support: one template per member with an account still there, and only one that applies.
    paires = {
        (e.attrs["data-membre"], e.attrs["data-modele"])
        for e in article(site, "support").chercher("div", "hb-email")
    }
    attendues = {
        (m["id"], t) for m in membres.values() if present(m) for t in modeles_attendus(brut, m)
    }
    assert paires == attendues
    # Home page: each overdue check of a member is one that applies to them.
    accueil = lire(site / "index.html")
    for a in accueil.chercher("li", classe=None):
        if "data-alerte" in a.attrs and "data-membre" in a.attrs:
            assert a.attrs["data-alerte"] in alertes_attendues(membres[a.attrs["data-membre"]])
    # Role pages: each procedure « en bref » applies to someone who holds the role.
    for role in brut["roles"]["roles"]:
        titulaires = [
            m for m in membres.values() if present(m) and role["id"] in m.get("roles", [])
        ]
        suivies = {t for m in titulaires for t in procedures_attendues(brut, m)}
        bref = article(site, f"roles/{role['id']}").chercher("div", "hb-checklist")
        for b in bref:
            (titre,) = [
                p["titre"]
                for p in brut["procedures"]["procedures"]
                if p["id"] == b.attrs["data-procedure"]
            ]
            assert titre in suivies or not titulaires, (role["id"], titre)


def test_the_solo_site_says_plainly_what_a_team_would_share(sites, bruts):
    """Alone in the practice: no « Je suis … » to choose from, nobody takes over, nobody
    validates in second, one calendar; a team's site keeps its cards and its plan."""
    solo, exemple = sites["solo"], sites["exemple"]
    (membre,) = bruts["solo"]["equipe"]["membres"]
    assert "back_up" not in membre and not membre.get("delegations")
    cartes = article(solo, "").chercher("section", "hb-carte")
    assert [c.attrs.get("data-membre") for c in cartes] == [membre["id"]]
    assert "Je suis" not in article(solo, "").texte()
    assert len(article(exemple, "").chercher("section", "hb-carte")) == len(
        bruts["exemple"]["roles"]["roles"]
    )
    roles = article(solo, "roles").texte()
    assert "personne au cabinet ne prend le relais pendant une absence" in roles
    assert "Aucune délégation : personne d'autre que vous n'ouvre votre compte." in roles
    assert "Le plan de continuité tient dans un classeur" in article(exemple, "roles").texte()
    journal = article(solo, "journal").chercher("table", "hb-journal")[0]
    valides = [
        ligne.chercher("td")[3].texte() for ligne in journal.chercher("tbody")[0].chercher("tr")
    ]
    assert valides == ["Personne : seul(e) au cabinet"] * len(bruts["solo"]["journal"]["entrees"])
    securite = article(solo, "securite").texte()
    assert "assistant" not in securite.lower() and "sans seconde validation" in securite
    # One calendar offered: the role's would hold the same events.
    calendrier = article(solo, "calendrier")
    offerts = [
        a.attrs["href"]
        for a in calendrier.chercher("a")
        if a.attrs.get("href", "").endswith(".ics")
    ]
    assert [h.rsplit("/", 1)[-1] for h in offerts] == ["calendrier.ics"]
    assert calendrier.chercher("p", "hb-flux-doublons")
    role = bruts["solo"]["roles"]["roles"][0]["id"]
    assert (solo / f"calendrier-{role}.ics").read_bytes().count(b"BEGIN:VEVENT") == (
        solo / "calendrier.ics"
    ).read_bytes().count(b"BEGIN:VEVENT")


# --- nothing of one practice in another's site ------------------------------------------------

#: Data files and keys whose values are a practice's own words: identity, people, tools and
#: everything the practice writes about its way of working. The caisse's contacts are
#: the same facts for every practice.
_HORS_CAISSE = re.compile(r"^cabinet/caisse/")


def _valeurs(brut: dict) -> Iterator[tuple[str, str]]:
    """Every text value of a practice's data, with its path (``equipe/membres/0/nom``)."""

    def parcourir(valeur: object, chemin: str) -> Iterator[tuple[str, str]]:
        if isinstance(valeur, dict):
            for k, v in valeur.items():
                yield from parcourir(v, f"{chemin}/{k}")
        elif isinstance(valeur, list):
            for i, v in enumerate(valeur):
                yield from parcourir(v, f"{chemin}/{i}")
        elif isinstance(valeur, str) and not _HORS_CAISSE.match(chemin.lstrip("/")):
            yield chemin.lstrip("/"), " ".join(valeur.split())

    for fichier, contenu in brut.items():
        yield from parcourir(contenu, fichier)


#: Keys whose short values still name the practice (a town, a phone, a postal code…).
_NOMS = re.compile(
    r"/(nom|fonction|ancien_membre|rue|complement|code_postal|ville|telephone|email"
    r"|coffre_fort|logiciel_comptable|agenda|archives|mutuelle|prevoyance|comptable)$"
)


def _terme(texte: str) -> str:
    """A term as the glossary would list it: lower case, without its article."""
    return re.sub(r"^(le |la |les |l')", "", texte.strip().lower())


def _vocabulaire() -> tuple[set[str], set[str]]:
    """The handbook's own words, the same in every practice's site: the terms the glossary
    defines, the pages' titles and the professions' names (as terms, and as the ids their
    headings get). A practice's value that is one of them (a role named « Titulaire », a
    prerequisite « Le journal des changements sensibles ») says nothing of that practice."""
    lignes = (ROOT / "docs" / "glossaire.md").read_text(encoding="utf-8").splitlines()
    termes = {a.strip() for a, ligne in pairwise(lignes) if ligne.startswith(":   ")}
    termes |= set(TITRES.values()) | {p.libelle for p in Profession}
    return {_terme(t) for t in termes}, {slug(t) for t in termes}


def _distinctifs(brut: dict, autre: dict) -> tuple[set[str], set[str]]:
    """The ids and the texts of ``brut`` that ``autre``'s data never writes, and that are
    not the handbook's own vocabulary.

    Ids: every ``id``. Texts: names, places, phones, tools… and any other text of 25
    characters or more (titles, steps, descriptions).
    """
    texte_autre = "\n".join(v for _, v in _valeurs(autre))
    termes, ancres = _vocabulaire()
    ids = {v for c, v in _valeurs(brut) if c.endswith("/id")}
    textes = {v for c, v in _valeurs(brut) if (_NOMS.search(c) and len(v) >= 4) or len(v) >= 25}
    return (
        {i for i in ids if i not in texte_autre and i not in ancres},
        {t for t in textes if t not in texte_autre and _terme(t) not in termes},
    )


@dataclass
class Contenu:
    """What a built site shows a reader (texts) and the ids its markup carries."""

    textes: list[tuple[str, str]] = field(default_factory=list)
    ids: dict[str, set[str]] = field(default_factory=dict)

    def id_(self, valeur: str, ou: str) -> None:
        for jeton in re.split(r"[^a-z0-9-]+", valeur):
            if jeton:
                self.ids.setdefault(jeton, set()).add(ou)


class _Textes(HTMLParser):
    """Every text and attribute value of a page; the ids found in its markup."""

    #: Attributes whose values are ids or addresses built from ids.
    IDS = ("id", "href", "src", "for", "aria-labelledby", "aria-describedby", "data-hb-copier")

    def __init__(self, ou: str, contenu: Contenu) -> None:
        super().__init__(convert_charrefs=True)
        self.ou, self.contenu = ou, contenu

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for nom, valeur in attrs:
            if not valeur:
                continue
            if nom in self.IDS or nom.startswith("data-"):
                self.contenu.id_(valeur, f"{self.ou} [{nom}]")
            if nom not in ("class", "style"):
                self.contenu.textes.append((valeur, f"{self.ou} [{nom}]"))

    def handle_data(self, data: str) -> None:
        self.contenu.textes.append((data, self.ou))


def _ics(texte: str) -> str:
    """An ICS file unfolded and unescaped, one property per line."""
    texte = re.sub(r"\r?\n[ \t]", "", texte)
    return texte.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def contenu(site: Path) -> Contenu:
    out = Contenu()
    for page in sorted(site.rglob("*.html")):
        _Textes(str(page.relative_to(site)), out).feed(page.read_text(encoding="utf-8"))
    for flux in sorted(site.glob("*.ics")):
        texte = _ics(flux.read_text(encoding="utf-8"))
        out.textes.append((texte, flux.name))
        for ligne in texte.splitlines():
            if ligne.startswith(("UID", "URL")):
                out.id_(ligne.split(":", 1)[1], flux.name)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        out.textes.append(
            (f"{doc['title']}\n{doc['text']}", f"search_index.json {doc['location']}")
        )
        out.id_(doc["location"], "search_index.json")
    return out


@pytest.fixture(scope="module")
def contenus(sites) -> dict[str, Contenu]:
    return {nom: contenu(site) for nom, site in sites.items()}


def _norme(texte: str) -> str:
    return " ".join(texte.replace("\u00a0", " ").replace("\u202f", " ").split())


def fuites(brut: dict, autre: dict, vu: Contenu) -> list[str]:
    """Each distinctive value of ``brut`` found in ``vu``, the built site of ``autre``."""
    ids, textes = _distinctifs(brut, autre)
    out = [f"id « {i} » dans {sorted(vu.ids[i])[:3]}" for i in sorted(ids) if i in vu.ids]
    # Each text once (the navigation repeats on every page), then one search per value.
    tout = "\n".join({_norme(t) for t, _ in vu.textes})
    for t in sorted(textes):
        valeur = _norme(t)
        motif = re.compile(rf"(?<!\w){re.escape(valeur)}(?!\w)")
        if valeur in tout and motif.search(tout):
            ou = [o for texte, o in vu.textes if motif.search(_norme(texte))]
            out.append(f"« {t} » dans {ou[:3]}")
    return out


@pytest.mark.parametrize(
    ("source", "cible"),
    [(a, b) for a in sorted(DONNEES) for b in sorted(DONNEES) if a != b],
)
def test_no_site_shows_anything_of_another_practice(source, cible, bruts, contenus):
    ids, textes = _distinctifs(bruts[source], bruts[cible])
    assert len(ids) > 10 and len(textes) > 20, "enough distinctive values to look for"
    assert fuites(bruts[source], bruts[cible], contenus[cible]) == []


def test_the_leak_check_finds_a_planted_value(bruts, contenus):
    """The same check, on a site where one value of the example was planted: it is found."""
    solo = contenus["solo"]
    nom = bruts["exemple"]["cabinet"]["cabinet"]["nom"]
    membre = bruts["exemple"]["equipe"]["membres"][0]["id"]
    plante = Contenu(list(solo.textes), {k: set(v) for k, v in solo.ids.items()})
    plante.textes.append((f"Voir aussi le manuel de {nom}.", "index.html"))
    plante.id_(f"../equipe/{membre}/", "index.html [href]")
    trouvees = fuites(bruts["exemple"], bruts["solo"], plante)
    assert len(trouvees) == 2 and nom in trouvees[1] and membre in trouvees[0], trouvees


# --- the solo practice in a browser -------------------------------------------------------


def test_the_solo_home_page_speaks_to_its_one_practitioner(clean_page, site_solo, bruts):
    brut = bruts["solo"]
    (membre,) = brut["equipe"]["membres"]
    clean_page.goto(serve(site_solo))
    assert brut["cabinet"]["cabinet"]["nom"] in clean_page.title()
    cartes = clean_page.locator(".hb-cartes .hb-carte")
    assert cartes.count() == 1
    assert "Je suis" not in cartes.inner_text()
    cartes.get_by_role("link", name=f"Votre page : {membre['nom']}").click()
    clean_page.wait_for_url(f"**/equipe/{membre['id']}/")
    back_up = normalise(clean_page.locator("ul.hb-back-up").inner_text())
    assert back_up.startswith("Je suis la seule personne du cabinet : personne ne prend le relais")
