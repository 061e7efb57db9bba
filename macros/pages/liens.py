"""Links between the handbook's pages, relative to the page being rendered.

MkDocs writes relative links; :func:`url_relative` computes them the same way
(``mkdocs.utils.get_relative_url``), without importing MkDocs: only the site floor
(:mod:`macros.site`) does.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from macros.donnees.catalogue import url_de

__all__ = ["Liens", "url_relative"]


def _parties(chemin: str) -> list[str]:
    normal = posixpath.normpath("/" + chemin.lstrip("/"))[1:]
    return normal.split("/") if normal else []


def url_relative(url: str, depuis: str) -> str:
    """``url`` relative to the page at ``depuis`` (both site paths, like MkDocs' own).

    The last part of ``depuis`` is dropped when it is a file (it has a dot).
    """
    dossier, _, nom = depuis.rpartition("/")
    if "." in nom:
        depuis = dossier
    de, vers = _parties(depuis), _parties(url)
    commun = 0
    for a, b in zip(de, vers, strict=False):
        if a != b:
            break
        commun += 1
    rel = "/".join([".."] * (len(de) - commun) + vers[commun:]) or "."
    return rel + "/" if url.endswith("/") else rel


@dataclass(frozen=True)
class Liens:
    """Builds links that work from the page being rendered.

    Attributes:
        page_src: Source path of the current page (``equipe/claire-durand.md``).
        directory_urls: MkDocs' ``use_directory_urls`` (false in the offline bundle).
    """

    page_src: str = "index.md"
    directory_urls: bool = True

    def url(self, src: str, ancre: str | None = None) -> str:
        """Relative URL from the current page to ``src`` (and ``#ancre``)."""
        if src == self.page_src:
            return (
                f"#{ancre}"
                if ancre
                else posixpath.basename(url_de(src, self.directory_urls)) or "./"
            )
        rel = url_relative(
            url_de(src, self.directory_urls), url_de(self.page_src, self.directory_urls)
        )
        return f"{rel}#{ancre}" if ancre else rel

    def fichier(self, nom: str) -> str:
        """Relative URL from the current page to a file at the root of the site."""
        return url_relative(nom, url_de(self.page_src, self.directory_urls))
