"""The cabinet's own facts: caisse contacts, archiving, the journal, document control."""

from __future__ import annotations

from markupsafe import Markup

from macros.donnees.carpimko import meme_valeur
from macros.donnees.modele import Profession, TypeChangement
from macros.pages import Contexte, rendre

__all__ = [
    "archivage",
    "contacts_caisse",
    "document",
    "exemple_erreur",
    "exemple_saisie",
    "journal",
    "professions",
]


def _source_du_contact(ctx: Contexte, fait_id: str, valeur: str | None) -> Markup | None:
    """The source mark of the fact ``fait_id`` when the practice's ``valeur`` is the fact's
    own value (« 01 30 48 10 00 »), else ``None``: a value the practice wrote itself has no
    source but the practice."""
    fait = ctx.index.faits.get(fait_id)
    if fait is None or not meme_valeur(fait.valeur, valeur):
        return None
    return ctx.source_fait(fait_id)


def contacts_caisse(ctx: Contexte) -> Markup:
    """The CARPIMKO's contacts the practice uses, each with its source from the product's
    facts (or « donnée du cabinet »), and whether the practice has checked them itself."""
    c = ctx.hb.cabinet.caisse
    a = c.adresse_postale
    adresse = (
        f"{a.rue}, {a.code_postal} {a.ville}" + (f" {a.complement}" if a.complement else "")
        if a is not None
        else None
    )
    sources = {
        "nom_complet": _source_du_contact(ctx, "caisse-nom-complet", c.nom_complet),
        "site": _source_du_contact(ctx, "caisse-site", c.site),
        "espace_personnel": _source_du_contact(ctx, "caisse-site", c.espace_personnel),
        "telephone": _source_du_contact(ctx, "caisse-telephone", c.telephone),
        "adresse": _source_du_contact(ctx, "caisse-adresse", adresse),
    }
    return rendre("contacts_caisse.md.j2", ctx=ctx, c=c, sources=sources)


def _nom_fichier(ctx: Contexte, annee: int, membre: str, document: str) -> str:
    a = ctx.hb.cabinet.archivage
    date = f"{annee + 1}-01-31"
    values = {"annee": annee, "membre": membre, "document": document, "date": date}
    return a.dossiers.format_map(values) + a.modele_nom.format_map(values)


def archivage(ctx: Contexte) -> Markup:
    """The naming convention with worked examples, and attestations per member and year."""
    annee = ctx.hb.aujourdhui.year
    cotisants = [m for m in ctx.index.comptes if m.cotise]
    annees = sorted({a.annee for m in cotisants for a in m.attestations} | {annee - 2, annee - 1})[
        -4:
    ]
    exemple = cotisants[0].id if cotisants else "prenom-nom"
    exemples = [
        _nom_fichier(ctx, annee - 1, exemple, doc) for doc in ctx.hb.cabinet.archivage.documents
    ]
    obtenues = {m.id: {a.annee: a for a in m.attestations} for m in cotisants}
    return rendre(
        "archivage.md.j2",
        ctx=ctx,
        a=ctx.hb.cabinet.archivage,
        exemples=exemples,
        annees=annees,
        cotisants=cotisants,
        obtenues=obtenues,
        annee_close=annee - 1,
    )


def journal(ctx: Contexte) -> Markup:
    """The journal of sensitive changes, newest first."""
    entrees = sorted(ctx.hb.journal.entrees, key=lambda e: e.date, reverse=True)
    return rendre("journal.md.j2", ctx=ctx, entrees=entrees, types=list(TypeChangement))


def document(ctx: Contexte) -> Markup:
    """Document control: version, publication date, approver, next review."""
    return rendre("document.md.j2", ctx=ctx, m=ctx.hb.cabinet.manuel)


def professions(ctx: Contexte) -> Markup:
    """The five professions covered by the CARPIMKO, the cabinet's own marked."""
    return rendre(
        "professions.md.j2",
        ctx=ctx,
        toutes=list(Profession),
        du_cabinet=ctx.hb.cabinet.cabinet.professions,
    )


def exemple_saisie(ctx: Contexte) -> Markup:
    """How to note a check in the data, shown with the practice's own member and values."""
    membre = next((m for m in ctx.index.presents if m.a_un_compte), ctx.hb.equipe.membres[0])
    return rendre(
        "exemple_saisie.md.j2",
        ctx=ctx,
        membre=membre,
        code_postal=ctx.hb.cabinet.cabinet.adresse.code_postal,
        jour=ctx.hb.aujourdhui,
    )


def exemple_erreur(ctx: Contexte) -> Markup:
    """A report line as ``make check`` prints it, naming the practice's real data folder."""
    return rendre("exemple_erreur.md.j2", ctx=ctx)
