"""Proof that a public build publishes no private value: ``python -m macros.public``.

``make check-public`` (also run by ``make test``) builds the handbook in public mode
(``HANDBOOK_PUBLIC=1``) while a private file is present (``HANDBOOK_PRIVATE``, else the
practice's own ``private.yml`` when it exists, else ``data/private.example.yml``), then
searches **every** file of the output — HTML, search index, sitemap, calendars, the
PDFs' text, compressed files — for every private value, in every form it can take
(digits grouped by spaces, dots or dashes, ``+33`` for a phone's 0, any case for an
e-mail; plain, HTML-escaped and percent-encoded). Any hit fails.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from macros.donnees.problemes import DonneesInvalides
from macros.donnees.reglages import DOSSIER_PROJET, lire_reglages
from macros.texte.cesure import sans_cesure

__all__ = [
    "Fuite",
    "Recherche",
    "fichier_a_chercher",
    "formes",
    "main",
    "pages_pdf",
    "scanner",
    "texte_pdf",
    "valeurs_privees",
]


@dataclass(frozen=True)
class Fuite:
    """A private value found in an output file."""

    fichier: Path
    valeur: str


def valeurs_privees(path: Path) -> list[str]:
    """Every value of a private file, validated like the build reads it."""
    from pydantic import ValidationError

    from macros.donnees.lecteur import lire_yaml
    from macros.donnees.messages import problemes_pydantic
    from macros.donnees.prive import FichierPrive

    doc, problemes = lire_yaml(path, str(path))
    if doc is None:
        raise DonneesInvalides(problemes)
    try:
        return FichierPrive.model_validate(doc.data).valeurs()
    except ValidationError as err:
        raise DonneesInvalides(problemes_pydantic(err, doc, FichierPrive)) from None


#: What may stand between two digits of a number as it is written: nothing, a space
#: (plain or non-breaking), a dot or a dash, once.
_SEPARATEUR = r"[ .\-\u00a0\u202f]?"
_GROUPES = re.compile(r"[ .\-\u00a0\u202f]")


class Vue:
    """A text to search, with the two forms the quick tests of :class:`Recherche` read,
    each made once for all the values."""

    def __init__(self, texte: str) -> None:
        self.texte = texte

    @functools.cached_property
    def sans_separateurs(self) -> str:
        return _GROUPES.sub("", self.texte)

    @functools.cached_property
    def minuscules(self) -> str:
        return self.texte.lower()


@dataclass(frozen=True)
class Recherche:
    """How one private value is looked for in a text (see :func:`formes`)."""

    motif: re.Pattern[str]
    nombre: bool
    #: What the text must contain for the pattern to have a chance, once the digit
    #: separators are taken out of it (numbers) or once it is lower-cased (the rest): a
    #: plain substring test that spares the regular expression most files.
    indices: tuple[str, ...] = ()

    def search(self, texte: str | Vue) -> bool:
        """True if the value appears in ``texte`` in one of its forms."""
        vue = texte if isinstance(texte, Vue) else Vue(texte)
        filtre = vue.sans_separateurs if self.nombre else vue.minuscules
        if self.indices and not any(indice in filtre for indice in self.indices):
            return False
        for trouve in self.motif.finditer(vue.texte):
            if not self.nombre:
                return True
            # Digits are grouped by twos, threes or fours when people write them
            # (« 123 45 67 », « 06.12.34.56.78 »); a run of single digits (« 0.0.0.0.0.0.1 »
            # in a source map) is not a written number. « +33 6 » is the one exception.
            groupes = _GROUPES.split(trouve.group().removeprefix("+33").lstrip(" .-"))
            debut = 1 if trouve.group().startswith("+33") else 0
            if all(len(g) >= 2 for g in groupes[debut:]):
                return True
        return False


def formes(valeur: str) -> Recherche:
    """How ``valeur`` is looked for, in every form it can be written.

    * A number (dossier number, phone) matches whatever groups its digits: ``0000001``,
      ``000 00 01``, ``00.00.00.01``; a phone also with ``+33`` for its leading 0. It only
      matches as a whole, so that ``0000001`` is not found in a CSS colour ``#0000001f``
      or in ``0.00000012``, and only with groups of two digits or more.
    * Any other value (an e-mail) matches whatever its case.

    The text is searched as it is, HTML-unescaped and percent-decoded (see
    :func:`scanner`), which covers mailto links and attributes.
    """
    chiffres = re.sub(r"[\s.\-]", "", valeur)
    if chiffres.isdigit():
        motif = _SEPARATEUR.join(chiffres)
        indices = [chiffres]
        if len(chiffres) == 10 and chiffres.startswith("0"):
            motif = rf"(?:{motif}|\+33{_SEPARATEUR}{_SEPARATEUR.join(chiffres[1:])})"
            indices.append("+33" + chiffres[1:])
        return Recherche(
            re.compile(rf"(?<![\w.#]){motif}(?![\w])"), nombre=True, indices=tuple(indices)
        )
    variantes = {valeur, html.escape(valeur)}
    motif = "|".join(re.escape(v) for v in sorted(variantes, key=len, reverse=True))
    indices = tuple(sorted({v.lower() for v in variantes}))
    return Recherche(re.compile(motif, re.IGNORECASE), nombre=False, indices=indices)


def _texte(path: Path) -> str:
    """The text of ``path`` as a reader or a program could get it."""
    if path.suffix == ".pdf":
        # A PDF's raw bytes are mostly binary (offsets, streams): read what it says, its
        # metadata and where its links lead.
        return texte_pdf(path)
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def pages_pdf(path: Path) -> list[str]:
    """The text of each page of a PDF, as PDFium (pypdfium2) reads it: the same engine
    as Chromium's PDF viewer, and some thirty times faster than pypdf on the printed
    handbook."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document]
    finally:
        document.close()


def texte_pdf(path: Path) -> str:
    """What a PDF says (its pages, form feeds between them), its metadata and where its
    links lead."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        metadonnees = [str(v) for v in document.get_metadata_dict(skip_empty=True).values()]
    finally:
        document.close()
    return "\n".join(["\f".join(pages_pdf(path)), *metadonnees, *_liens_pdf(path)])


def _liens_pdf(path: Path) -> list[str]:
    """Where the links of a PDF lead (its URI actions)."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                out.append(str(action["/URI"]))
    return out


def scanner(site: Path, valeurs: Sequence[str]) -> list[Fuite]:
    """Every (file, value) where a private value appears under ``site``."""
    recherches = {v: formes(v) for v in valeurs if v}
    fuites: list[Fuite] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        # Hyphenation (soft hyphens in the printed pages, a word broken at a line end of a
        # PDF) must not hide a value: it is searched in the text without it too.
        text = _texte(path)
        entier = sans_cesure(text)
        formes_texte = (text, " ".join(text.split()), html.unescape(text), unquote(text))
        if entier != text:
            formes_texte += (entier, " ".join(entier.split()))
        vues = [Vue(v) for v in formes_texte]
        for valeur, motif in recherches.items():
            if any(motif.search(vue) for vue in vues):
                fuites.append(Fuite(path, valeur))
    return fuites


def fichier_a_chercher() -> Path:
    """The private file whose values are searched for.

    ``HANDBOOK_PRIVATE`` when set; else the practice's real private file when it exists
    (``private.yml`` of the data folder), so that its own values are the ones proven
    absent; else the example's (``data/private.example.yml``), as in CI.
    """
    explicite = os.environ.get("HANDBOOK_PRIVATE", "").strip()
    if explicite:
        return Path(explicite)
    reel = lire_reglages().fichier_prive
    return reel if reel.is_file() else DOSSIER_PROJET / "data" / "private.example.yml"


def main(argv: Sequence[str] | None = None) -> int:
    """Build in public mode with the private file present, then scan the whole output."""
    parser = argparse.ArgumentParser(prog="python -m macros.public", description=__doc__)
    parser.add_argument("--site-dir", type=Path, help="scanner ce site déjà construit")
    ns = parser.parse_args(argv)
    try:
        private = fichier_a_chercher()
        valeurs = valeurs_privees(private)
    except DonneesInvalides as err:
        print(err, file=sys.stderr)
        return 1
    if not valeurs:
        print(f"{private} ne contient aucune valeur privée à rechercher.", file=sys.stderr)
        return 1
    tmp = None
    site = ns.site_dir
    if site is None:
        from macros.cli import main as cli_main

        os.environ.update(HANDBOOK_PUBLIC="1", HANDBOOK_PRIVATE=str(private))
        tmp = Path(tempfile.mkdtemp(prefix=".public-"))
        site = tmp / "site"
        status = cli_main(["build", "--site-dir", str(site)])
        if status != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            return status
    try:
        fichiers = sum(1 for p in site.rglob("*") if p.is_file())
        fuites = scanner(site, valeurs)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    for f in fuites:
        print(
            f"DONNÉE PRIVÉE PUBLIÉE : « {f.valeur} » dans {f.fichier.relative_to(site)}",
            file=sys.stderr,
        )
    print(
        f"Vérification du build public : {len(valeurs)} valeurs privées cherchées dans "
        f"{fichiers} fichiers ; trouvées : {len(fuites)}."
    )
    return 1 if fuites else 0


if __name__ == "__main__":
    sys.exit(main())
