"""The offline bundle: ``python -m macros.offline [--output dist/manuel-hors-ligne.zip]``.

For a cabinet that must not publish the handbook at all (private GitHub Pages need
GitHub Enterprise), ``make offline`` writes a zip that opens from the file system:
unzip it, then open ``manuel-hors-ligne/index.html``. Material's ``offline`` plugin
(switched on by ``HANDBOOK_OFFLINE``) makes links point to ``.html`` files and
inlines the search index, so navigation and search work without a server. The
small script that runs the search from file:// (iframe-worker) is shipped in
``docs/assets/`` and declared as a polyfill in mkdocs.yml, so the bundle makes no
request at all; :func:`scripts_externes` checks it.

The bundle is a **public** build unless ``HANDBOOK_PUBLIC`` says otherwise: a zip
is easily forwarded, so it never carries data/private.yml by default. The PDF is
off unless ``HANDBOOK_PDF`` asks for it.

The site is built into a temporary folder with the usual command
(:func:`macros.cli.main`), zipped next to the output, then renamed into place:
a failed build leaves the previous bundle untouched.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from macros.donnees.reglages import DOSSIER_PROJET

__all__ = ["DOSSIER", "SORTIE", "main", "scripts_externes", "zipper"]

#: Default output, relative to the project.
SORTIE = Path("dist") / "manuel-hors-ligne.zip"

#: The folder inside the zip, so that unzipping never scatters files.
DOSSIER = "manuel-hors-ligne"


def scripts_externes(site: Path) -> str | None:
    """A French problem if a page of ``site`` loads a script from the internet, else ``None``.

    The bundle must work without internet. Material's offline plugin would load its
    file:// search shim (iframe-worker) from a CDN; mkdocs.yml declares the copy shipped
    in ``docs/assets/`` as a polyfill instead, which the plugin then uses.
    """
    externes: set[str] = set()
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        externes.update(re.findall(r'<script[^>]+src="((?:https?:)?//[^"]+)"', html))
    if externes:
        return (
            "Le manuel hors ligne chargerait des scripts depuis internet : "
            f"{', '.join(sorted(externes))}. Signalez-le aux mainteneurs du dépôt."
        )
    return None


def zipper(site: Path, archive: Path, dossier: str = DOSSIER) -> int:
    """Zip ``site`` into ``archive`` under ``dossier/``, in a stable order. Returns the file count."""
    files = {
        f"{dossier}/{p.relative_to(site).as_posix()}": p for p in site.rglob("*") if p.is_file()
    }
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(files):
            zf.write(files[name], name)
    return len(files)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the offline bundle; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m macros.offline",
        description="Construit le manuel hors ligne : un zip qui s'ouvre sans serveur ni internet.",
    )
    parser.add_argument(
        "--output", type=Path, default=SORTIE, help="fichier zip à écrire (défaut : %(default)s)"
    )
    ns = parser.parse_args(argv)
    output: Path = ns.output if ns.output.is_absolute() else Path.cwd() / ns.output
    if output.suffix.lower() != ".zip":
        print(f"« {ns.output} » : le fichier de sortie doit finir par .zip.", file=sys.stderr)
        return 2

    os.environ["HANDBOOK_OFFLINE"] = "true"
    # No form editor in a bundle opened from the file system: it could reach neither GitHub
    # (the published editor) nor the local one.
    os.environ.pop("HANDBOOK_DEPOT", None)
    os.environ.pop("HANDBOOK_EDITEUR", None)
    for name, default in (("HANDBOOK_PUBLIC", "1"), ("HANDBOOK_PDF", "off")):
        if not os.environ.get(name, "").strip():
            os.environ[name] = default

    from macros.cli import main as cli_main

    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".manuel-hors-ligne-", dir=output.parent) as tmp:
        site = Path(tmp) / DOSSIER
        status = cli_main(["build", "--site-dir", str(site)])
        if status != 0:
            print("\nÉchec : le manuel hors ligne n'a pas été modifié.", file=sys.stderr)
            return status
        problem = scripts_externes(site)
        if problem:
            print(problem, file=sys.stderr)
            return 1
        partial = Path(tmp) / output.name
        count = zipper(site, partial)
        shutil.move(partial, output)
    try:
        shown = output.relative_to(DOSSIER_PROJET)
    except ValueError:
        shown = output
    size = output.stat().st_size / 1024 / 1024
    print(
        f"Manuel hors ligne prêt : {shown} ({count} fichiers, {size:.1f} Mo). "
        f"Décompressez-le, puis ouvrez {DOSSIER}/index.html dans un navigateur."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
