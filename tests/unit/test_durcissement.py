"""The second lines of defence behind the data's validation (issue « Hardening »).

The bad-input corpus proves that each hostile value is refused with a French message;
these tests prove that the outputs would still be safe if a rule let one through: links
encode what they are given, feeds never take a line break into a content line, a PDF
says for which kind of build it was printed, and an interrupted build cleans up.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from helpers import ROOT, TODAY, cli_env, contexte, donnees_modifiees, pdf_imprime, run_cli

from macros.domaine.evenements import evenements, evenements_du_flux
from macros.domaine.faits import Faits
from macros.donnees.catalogue import page_membre, page_remplacee, page_role
from macros.donnees.chargement import charger
from macros.donnees.lecteur import lire_yaml
from macros.donnees.personnel import donnees_personnelles
from macros.public import fichier_a_chercher, formes
from macros.sorties.ics import calendrier_ics, texte_ics
from macros.texte.adresses import url_mailto, url_tel, url_web

# --- links ------------------------------------------------------------------------------------


def test_a_mailto_link_carries_only_its_address_subject_and_body():
    adresse = "x?to=a%40b.fr&bcc=spy@evil.example&body=INJECTED&y=@carpimko.fr"
    objet = "Objet & bcc=spy@evil.example ; 100 % sûr +"
    corps = "Ligne 1\n&cc=spy@evil.example\nLigne 3 ?"
    url = urlsplit(url_mailto(adresse, objet, corps))
    assert url.scheme == "mailto"
    # The whole hostile address stays in the path, encoded: no parameter comes from it.
    assert unquote(url.path) == adresse
    assert "?" not in url.path and "&" not in url.path
    params = parse_qs(url.query, keep_blank_values=True)
    assert set(params) == {"subject", "body"}
    assert params["subject"] == [objet]  # « + » encoded: it is not a space in mailto
    assert params["body"] == ["Ligne 1\r\n&cc=spy@evil.example\r\nLigne 3 ?"]


def test_a_plain_mailto_link_stays_readable():
    assert url_mailto("support@carpimko.fr") == "mailto:support@carpimko.fr"
    assert url_mailto(None, "Objet") == "mailto:?subject=Objet"


def test_tel_and_web_links_keep_only_what_they_mean():
    assert url_tel("01 30 48 10 00") == "tel:0130481000"
    assert url_tel("+33 1 30 48 10 00") == "tel:+33130481000"
    assert url_web('https://exemple.fr/a b"<x>') == "https://exemple.fr/a%20b%22%3Cx%3E"
    assert url_web("https://exemple.fr/p?a=1&b=%20#ancre") == "https://exemple.fr/p?a=1&b=%20#ancre"


def test_the_support_contact_link_is_built_by_the_encoding_function():
    from macros.pages.cabinet import contacts_caisse

    hb = charger(ROOT / "data", TODAY).handbook
    caisse = hb.cabinet.caisse.model_copy(update={"email_support": "a?bcc=spy@evil.example"})
    cabinet = hb.cabinet.model_copy(update={"caisse": caisse})
    html = str(contacts_caisse(contexte(hb.model_copy(update={"cabinet": cabinet}))))
    assert "mailto:a%3Fbcc" in html.replace("&#37;", "%").replace("&#61;", "=")
    assert "mailto:a?bcc" not in html


# --- feeds ------------------------------------------------------------------------------------


def test_ics_text_of_one_line_never_keeps_a_line_break():
    for texte in ("a\nEND:VEVENT", "a\r\nb", "a\u2028b", "a\x0bb", "a\x85b"):
        assert not any(c in texte_ics(texte) for c in "\r\n\u2028\x0b\x85"), texte
    assert texte_ics("l1\nl2", une_ligne=False) == "l1\nl2"


_FLUX_AVEC_SAUT = textwrap.dedent(
    """
    import sys
    from datetime import date
    from macros.donnees.chargement import charger
    from macros.domaine.evenements import evenements, evenements_du_flux
    from macros.domaine.faits import Faits
    from macros.sorties.ics import calendrier_ics
    hb = charger(__import__("pathlib").Path("data"), date.fromisoformat(sys.argv[1])).handbook
    # A line break that validation would refuse, forced past it.
    ident = hb.cabinet.cabinet.model_copy(update={"nom": "Kiné\\nEND:VEVENT\\nBEGIN:VEVENT"})
    cabinet = hb.cabinet.model_copy(update={"cabinet": ident})
    manuel = cabinet.manuel.model_copy(update={"version": "2.0\\nBEGIN:VEVENT"})
    hb = hb.model_copy(update={"cabinet": cabinet.model_copy(update={"manuel": manuel})})
    lignes = calendrier_ics(Faits(hb), None).decode().split("\\r\\n")
    print(lignes.count("BEGIN:VEVENT"), lignes.count("END:VEVENT"), len(evenements(hb)))
    """
)


@pytest.mark.parametrize("optimise", [False, True], ids=["python", "python-O"])
def test_a_line_break_forced_into_a_feed_adds_no_event(optimise):
    """Under ``python -O`` every ``assert`` is gone: the feed must still hold (the writer's
    check is a real one, :func:`macros.sorties.ical.ligne`)."""
    args = [sys.executable, *(["-O"] if optimise else []), "-c", _FLUX_AVEC_SAUT, TODAY.isoformat()]
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    debuts, fins, attendus = (int(x) for x in result.stdout.split())
    assert debuts == fins == attendus


def test_every_feed_of_the_example_has_its_events():
    hb = charger(ROOT / "data", TODAY).handbook
    for role in [None, *(r.id for r in hb.roles.roles)]:
        lignes = calendrier_ics(Faits(hb), role).decode().split("\r\n")
        attendus = len(evenements_du_flux(evenements(hb), role))
        assert lignes.count("BEGIN:VEVENT") == lignes.count("END:VEVENT") == attendus


# --- ids that would replace a page -------------------------------------------------------------


def test_only_ids_whose_page_replaces_another_are_reserved():
    assert page_remplacee(page_membre("index")) == "equipe"
    assert page_remplacee(page_role("index")) == "roles"
    for ident in ("claire-durand", "assets", "search", "equipe", "roles", "index-2"):
        assert page_remplacee(page_membre(ident)) is None, ident
        assert page_remplacee(page_role(ident)) is None, ident


# --- personal data in public files ---------------------------------------------------------------


def _docs(tmp_path: Path, **fichiers: str) -> dict:
    docs = {}
    for nom in ("cabinet", "equipe", "journal"):
        path = tmp_path / f"{nom}.yml"
        texte = fichiers.get(nom) or (ROOT / "data" / f"{nom}.yml").read_text(encoding="utf-8")
        path.write_text(texte, encoding="utf-8")
        docs[nom], problemes = lire_yaml(path, f"data/{nom}.yml")
        assert not problemes
    return docs


def _journal(details: str) -> str:
    return (
        "entrees:\n  - date: 2026-01-05\n    auteur: a\n    changement: autre\n"
        f"    pour: b\n    valide_par: c\n    details: '{details}'\n"
    )


@pytest.mark.parametrize(
    "details",
    [
        "dossier 1234567",
        "dossier 123 45 67",
        "dossier 12.34.567",
        "réversion 123-456-789",
        "écrire à prenom.nom@gmail.com",
        "écrire à PRENOM.NOM@EXEMPLE.FR",
        "appeler le 06 12 34 56 78",
        "appeler le 06.12.34.56.78",
        "appeler le +33 6 12 34 56 78",
        "appeler le 0612345678",
    ],
)
def test_a_personal_value_in_a_public_file_is_found(tmp_path, details):
    docs = _docs(tmp_path, journal=_journal(details))
    publics = donnees_personnelles(docs, prive=False)
    assert len(publics) == 1 and not publics[0].avertissement, publics
    assert publics[0].fichier == "data/journal.yml" and publics[0].ligne == 7
    valeur = details.split(" ", 1)[1].removeprefix("à ").removeprefix("le ")
    assert valeur not in str(publics[0])  # the message never repeats the value
    prives = donnees_personnelles(docs, prive=True)
    assert len(prives) == 1 and prives[0].avertissement


@pytest.mark.parametrize(
    "details",
    [
        "le 2026-01-15 à 09:00, pour 2025 et 2026",
        "appeler le cabinet au 03 20 00 00 00 ou au +33 3 20 00 00 00",
        "appeler la caisse au 01.30.48.10.00",
        "écrire au cabinet : Contact@Kine-Nord.example",
        "versions 1.3 et 2.0, code postal 59000, 12 membres, 100 % en ligne",
    ],
)
def test_ordinary_text_and_the_practices_own_contacts_are_not_flagged(tmp_path, details):
    docs = _docs(tmp_path, journal=_journal(details))
    assert donnees_personnelles(docs, prive=False) == []


def test_the_example_data_has_no_personal_value():
    assert charger(ROOT / "data", TODAY).avertissements == []


def test_the_public_scan_finds_values_in_every_written_form():
    dossier = formes("0000001")
    for vu in ("0000001", "000 00 01", "00.00.001", "000-0001"):
        assert dossier.search(f"n° {vu} !"), vu
    for pas in ("#0000001f", "00000012", "0.00000012", "0.0.0.0.0.0.1", "0,0,0,0,0,0,1"):
        assert not dossier.search(pas), pas
    telephone = formes("06 00 00 00 05")
    for vu in ("0600000005", "06.00.00.00.05", "+33 6 00 00 00 05", "+33600000005"):
        assert telephone.search(vu), vu
    assert formes("ines.garcia@exemple-prive.example").search("INES.GARCIA@EXEMPLE-PRIVE.EXAMPLE")


def test_the_public_scan_looks_for_the_real_private_file_when_it_exists(tmp_path, monkeypatch):
    monkeypatch.delenv("HANDBOOK_PRIVATE", raising=False)
    monkeypatch.setenv("HANDBOOK_DATA", str(tmp_path))
    assert fichier_a_chercher() == ROOT / "data" / "private.example.yml"
    (tmp_path / "private.yml").write_text("membres: {}\n", encoding="utf-8")
    assert fichier_a_chercher() == tmp_path / "private.yml"


# --- a PDF records its kind of build -------------------------------------------------------------


def test_a_public_build_never_reuses_a_private_pdf(tmp_path, capsys):
    from macros.sorties.pdf import diffusion_pdf, reprendre_pdf

    ancien, neuf = tmp_path / "ancien", tmp_path / "neuf"
    ancien.mkdir()
    neuf.mkdir()
    prive = pdf_imprime(ancien / "a.pdf", "prive")
    public = pdf_imprime(ancien / "b.pdf", "public")
    inconnu = pdf_imprime(ancien / "c.pdf")
    assert (diffusion_pdf(prive), diffusion_pdf(public), diffusion_pdf(inconnu)) == (
        "prive",
        "public",
        None,
    )
    sorties = [neuf / "a.pdf", neuf / "b.pdf", neuf / "c.pdf"]
    assert reprendre_pdf(ancien, neuf, sorties, "public") == 1
    assert sorted(p.name for p in neuf.iterdir()) == ["b.pdf"]
    assert "2 PDF du dernier « make site » non repris" in capsys.readouterr().err
    for p in neuf.iterdir():
        p.unlink()
    assert reprendre_pdf(ancien, neuf, sorties, "prive") == 1
    assert sorted(p.name for p in neuf.iterdir()) == ["a.pdf"]


# --- an interrupted build cleans up ----------------------------------------------------------------


def test_a_killed_builds_leftover_is_removed_by_the_next_build(tmp_path):
    from macros.cli import _nettoyer_restes

    site = tmp_path / "site"
    mort = subprocess.Popen([sys.executable, "-c", "pass"])
    mort.wait()
    reste = tmp_path / f".site-build-{mort.pid}-abcd"
    vivant = tmp_path / f".site-build-{os.getppid()}-efgh"
    for dossier in (reste, vivant):
        (dossier / "assets").mkdir(parents=True)
    _nettoyer_restes(site)
    assert not reste.exists()
    assert vivant.exists()  # a build still running keeps its folder


@pytest.mark.parametrize("signal_recu", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_build_stopped_by_a_signal_removes_its_temporary_folder(tmp_path, signal_recu):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("précédent", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "macros", "build", "--site-dir", str(site)],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    limite = time.monotonic() + 60
    while not list(tmp_path.glob(".site-build-*")) and time.monotonic() < limite:
        time.sleep(0.05)
    assert list(tmp_path.glob(".site-build-*")), "the build never started"
    time.sleep(0.5)  # inside MkDocs by now
    process.send_signal(signal_recu)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, out + err
    assert "Construction interrompue : le site précédent n'a pas été modifié." in err
    assert "Traceback" not in out + err
    assert not list(tmp_path.glob(".site-build-*"))
    assert (site / "index.html").read_text(encoding="utf-8") == "précédent"


def test_check_and_build_agree_on_a_private_value(tmp_path):
    """What ``make check`` refuses in a public build, ``make site`` refuses the same way."""
    data = donnees_modifiees(
        tmp_path, journal=("changement de banque.", "changement de banque (06 12 34 56 78).")
    )
    check = run_cli("check", env={"HANDBOOK_DATA": str(data)})
    build = run_cli("build", "--site-dir", str(tmp_path / "site"), env={"HANDBOOK_DATA": str(data)})
    assert check.returncode == build.returncode == 1
    assert "numéro de téléphone personnel probable" in check.stderr
    assert "numéro de téléphone personnel probable" in build.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("a_la_main", [True, False], ids=["a-la-main", "pypdf"])
def test_the_mark_is_an_incremental_update_that_keeps_the_pdf(tmp_path, monkeypatch, a_la_main):
    """A classic cross-reference table with an information dictionary (what Chromium
    writes) gets the hand-written update; any other PDF goes through pypdf (forced here).
    Either way the pages, the metadata and the bytes already there are kept."""
    from pypdf import PdfReader, PdfWriter

    from macros.public import pages_pdf
    from macros.sorties import pdf

    if not a_la_main:
        monkeypatch.setattr(pdf, "_marquer_a_la_suite", lambda chemin, valeur: False)
    chemin = tmp_path / "manuel.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": "Manuel — « Kiné » (2)"})
    writer.write(chemin)
    avant = chemin.read_bytes()
    pdf.marquer_diffusion(chemin, "prive")
    apres = chemin.read_bytes()
    assert apres.startswith(avant) and len(apres) - len(avant) < 1000
    assert pdf.diffusion_pdf(chemin) == "prive"
    pdf.marquer_diffusion(chemin, "public")  # marked again: the last update wins
    assert pdf.diffusion_pdf(chemin) == "public"
    assert len(PdfReader(chemin).pages) == len(pages_pdf(chemin)) == 2
    assert PdfReader(chemin).metadata["/Title"] == "Manuel — « Kiné » (2)"
    # The hand-written update: the information dictionary again, a table of one entry and
    # a trailer pointing at the previous table.
    assert (b"xref\n1 1\n" in chemin.read_bytes()[-400:]) is a_la_main
