"""The « Situations particulières »: nine parts of the handbook, one page each, and what to keep.

* every part has its page, titled as its label, in the navigation's section « Situations
  particulières » right after « Cotisations et documents »; the model says which parts
  are situations, and the catalogue maps each one to its page;
* ``Procedure.a_conserver`` is optional, described in the schema, and rendered « À conserver »
  after the steps (nothing when empty);
* the new-cabinet template's procedures are the example's, header line aside;
* a procedure for remplaçants (``s_applique_a``) reaches the remplaçante only.
(The built pages as a reader sees them: ``tests/e2e/test_pages_situations.py``.)
"""

from __future__ import annotations

import json
import re

import yaml
from helpers import FIXTURES, ROOT, TODAY, contexte
from html_statique import arbre

from macros.domaine.applicabilite import procedures_de
from macros.donnees.catalogue import PAGE_PARTIE, PAGES, TITRES
from macros.donnees.chargement import charger
from macros.donnees.modele import PARTIES_SITUATIONS, Partie, Procedure
from macros.pages import procedures as pages_procedures

NEUF = [
    "declaration-revenus",
    "installation",
    "remplacants",
    "arret-de-travail",
    "retard-de-paiement",
    "rib-prelevement",
    "cessation-retraite",
    "deces",
    "donnees-personnelles",
]


def _nav() -> list:
    class _Lecteur(yaml.SafeLoader):
        pass

    _Lecteur.add_constructor("!ENV", lambda loader, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Lecteur)["nav"]


def test_each_situation_is_a_part_with_its_page_in_the_navigation():
    assert [p.value for p in PARTIES_SITUATIONS] == NEUF
    assert {p for p in Partie if p.situation_particuliere} == set(PARTIES_SITUATIONS)
    assert not Partie.cotisations.situation_particuliere
    assert set(PAGE_PARTIE) == set(Partie)
    for partie in PARTIES_SITUATIONS:
        page = PAGE_PARTIE[partie]
        assert page == PAGES[partie.value] == f"{partie.value}.md"
        # The page's title is the part's label, capitalised on its first word only.
        # The first line after the front matter (« hb_donnees: procedures »).
        texte = (ROOT / "docs" / page).read_text(encoding="utf-8").split("---\n", 2)[-1]
        premiere = texte.splitlines()[0]
        assert premiere == f"# {partie.libelle}" == f"# {TITRES[partie.value]}"
        assert f'procedures("{partie.value}")' in (ROOT / "docs" / page).read_text()
    titres = [next(iter(s)) for s in _nav()]
    i = titres.index("Situations particulières")
    assert titres[i - 1] == "Cotisations et documents"
    assert _nav()[i]["Situations particulières"] == [f"{s}.md" for s in NEUF]


def test_a_conserver_is_optional_and_described_in_the_schema():
    base = {
        "id": "x",
        "titre": "Titre",
        "partie": "deces",
        "objectif": "Objectif.",
        "roles": ["titulaire"],
        "duree_minutes": 5,
        "prerequis": [],
        "etapes": [{"texte": "Ouvrez."}],
    }
    assert Procedure.model_validate(base).a_conserver == []
    avec = Procedure.model_validate({**base, "a_conserver": ["L'accusé de réception"]})
    assert avec.a_conserver == ["L'accusé de réception"]
    schema = json.loads((ROOT / "macros/schemas/procedures.schema.json").read_text())
    propriete = json.dumps(schema, ensure_ascii=False)
    assert '"a_conserver"' in propriete and "À conserver" in propriete


def test_a_conserver_is_rendered_after_the_steps_and_only_when_given():
    hb = charger(ROOT / "data", TODAY).handbook
    ctx = contexte(hb, "deces.md")
    html = str(pages_procedures.procedure(ctx, "deces-membre"))
    bloc = arbre(html).chercher("div", classe="hb-procedure")[0]
    sous_titres = [p.texte() for p in bloc.chercher("p", classe="hb-sous-titre")]
    assert sous_titres == ["À préparer", "Étapes", "À conserver"]
    p = ctx.procedures["deces-membre"]
    garder = bloc.chercher("ul", classe="hb-a-conserver")[0].chercher("li")
    assert [li.texte() for li in garder] == list(p.a_conserver)
    # A procedure without anything to keep has no such list.
    sans = str(pages_procedures.procedure(ctx, "premiere-connexion"))
    assert ctx.procedures["premiere-connexion"].a_conserver == []
    assert "À conserver" not in sans and "hb-a-conserver" not in sans


def test_every_situation_procedure_says_what_to_keep():
    for dossier in (ROOT / "data", FIXTURES / "infirmiers", FIXTURES / "solo"):
        hb = charger(dossier, TODAY).handbook
        for partie in PARTIES_SITUATIONS:
            procs = [p for p in hb.procedures.procedures if p.partie is partie]
            assert procs, (dossier.name, partie.value)
            assert all(p.a_conserver and p.etapes for p in procs), (dossier.name, partie.value)


def test_the_new_cabinet_template_has_the_example_procedures():
    exemple = (ROOT / "data" / "procedures.yml").read_text(encoding="utf-8").splitlines()
    modele = (ROOT / "macros/sorties/nouveau/procedures.yml").read_text(encoding="utf-8")
    assert exemple[0].startswith("# yaml-language-server: $schema=")
    assert modele.splitlines() == exemple[1:]
    # The roles the procedures name are the template's roles too.
    roles = set(
        re.findall(
            r"^  - id: ([a-z-]+)$", (ROOT / "macros/sorties/nouveau/roles.yml.j2").read_text(), re.M
        )
    )
    procedures = yaml.safe_load(modele)["procedures"]
    for p in procedures:
        assert set(p["roles"]) <= roles, p["id"]
        assert {e["role"] for e in p["etapes"] if "role" in e} <= set(p["roles"]), p["id"]


def test_a_remplacant_procedure_reaches_the_remplacante_only():
    hb = charger(FIXTURES / "infirmiers", TODAY).handbook
    par_situation = {}
    for m in hb.equipe.membres:
        par_situation.setdefault(m.situation.value, []).append({p.id for p in procedures_de(hb, m)})
    assert all("remplacante-affiliation" in ids for ids in par_situation["remplacant"])
    autres = [ids for s, liste in par_situation.items() if s != "remplacant" for ids in liste]
    assert autres and not any("remplacante-affiliation" in ids for ids in autres)
