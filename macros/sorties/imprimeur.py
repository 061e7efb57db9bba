"""Chromium, driven by Playwright, prints the handbook and the reflex cards
(:class:`Imprimeur`, :func:`imprimer`) from the pages and rules of :mod:`macros.sorties.pdf`.

Apart from it so that a build without PDF (``make serve``, ``HANDBOOK_PDF=off``) does not
import asyncio: 12 ms of each build and rebuild.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from macros.sorties.liens_pdf import LIENS_LOCAUX_JS, site_publie
from macros.sorties.mise_en_page import SOMMAIRE_JS, pages_des_ancres
from macros.sorties.pdf import (
    ECRAN,
    PAGE_IMPRESSION,
    Chrono,
    PdfIndisponible,
    ResultatPdf,
    Tirage,
    afficher_temps,
    finir_sortie,
    page_imprimee,
)
from macros.sorties.pdf_ua import ouvrier_de_finition
from macros.sorties.serveur_local import servir

__all__ = ["PHASE_ETAPE", "Imprimeur", "imprimer"]

#: The timeline's phase of the whole PDF step: from the print's start (the end of the
#: build, :meth:`Imprimeur.commencer`) to the last PDF finished.
PHASE_ETAPE = "étape PDF"


class Imprimeur:
    """One Chromium for every PDF of a build, started before the site is built.

    Creating it starts Playwright's driver and Chromium in a thread of their own (an
    asyncio loop): on two cores, the launch (0.3–1 s) is done while MkDocs builds the site.
    ``python -m macros build`` runs it in a process of its own
    (:mod:`macros.sorties.imprimeur_a_part`), so that none of its Python work takes the
    interpreter's lock from the build. :meth:`commencer` begins the print as soon as every
    page is written (the build's hooks call it), :meth:`page_ecrite` lets the handbook's
    print begin once its print page is final, :meth:`imprimer` waits for the PDFs (or
    prints them, when nothing began): the handbook in one tab, the reflex cards one after
    the other in a second tab at the same time, the finishing of each PDF
    (:func:`macros.sorties.pdf_ua.finir_pdf`) in a worker thread while the next one
    prints. :meth:`fermer` (or leaving the ``with`` block) stops the print under way, if
    any, and the browser, whether or not anything was printed.
    """

    def __init__(self, prechauffer: bool = False) -> None:
        """Start the browser; with ``prechauffer`` (a process of its own, idle while the
        site builds), also load what the first prints would load on their way
        (:func:`_prechauffer`)."""
        self.chrono = Chrono()
        self._prechauffer = prechauffer
        # Forked first, while the process has one thread (see macros.sorties.fourche).
        self._ouvrier = ouvrier_de_finition()
        self._boucle = asyncio.new_event_loop()
        self._fil = threading.Thread(
            target=self._boucle.run_forever, name="impression-pdf", daemon=True
        )
        self._fil.start()
        self._lancement = asyncio.run_coroutine_threadsafe(self._lancer(), self._boucle)
        # The print under way (commencer), what it was asked for, and whether the print page
        # it waits for is written (page_ecrite).
        self._en_cours: Future[list[ResultatPdf]] | None = None
        self._demande: Tirage | None = None
        self._page_prete: Future[None] = Future()
        self._tache: asyncio.Task[list[ResultatPdf]] | None = None
        self._debut_etape = 0.0
        # Closed by the print as soon as it no longer needed it (_fermer_navigateur).
        self._navigateur_ferme = False

    def __enter__(self) -> Imprimeur:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fermer()

    async def _lancer(self, pilote: Any = None) -> tuple[Any, Any]:
        """Start Playwright's driver (or reuse ``pilote``) and Chromium."""
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import async_playwright

        from macros.sorties.navigateur import ARGUMENTS, trouver_chromium, verifier_systeme

        # A missing system library (libatomic1 for Playwright's driver) is said in French
        # with the package that brings it, not as the driver's « Connection closed ».
        raison = verifier_systeme()
        if raison is not None:
            raise PdfIndisponible(raison)
        chromium = trouver_chromium()
        if chromium is None:
            raise PdfIndisponible(
                "aucun Chromium trouvé (installez-en un avec « make chromium », ou indiquez "
                "son chemin dans HANDBOOK_CHROMIUM)"
            )
        relance = pilote is not None
        if pilote is None:
            with self.chrono.phase("pilote Playwright"):
                pilote = await async_playwright().start()
        try:
            with self.chrono.phase("lancement de Chromium"):
                navigateur = await pilote.chromium.launch(
                    executable_path=str(chromium), args=ARGUMENTS
                )
        except PlaywrightError as err:
            await pilote.stop()
            raise PdfIndisponible(f"Chromium ne démarre pas ({chromium}) : {err.message}") from None
        if self._prechauffer and not relance:
            with self.chrono.phase("préchauffage (pikepdf, pypdfium2, césure)"):
                await asyncio.to_thread(_prechauffer)
        return pilote, navigateur

    def commencer(self, tirage: Tirage) -> None:
        """Start printing while the build ends (its hooks call this once every page is
        written, before print-site makes the print page): the reflex cards at once, the
        handbook once :meth:`page_ecrite` says its print page is final. :meth:`imprimer`,
        asked for the same, waits for this print; asked for something else, starts again."""
        if self._en_cours is not None:
            if tirage == self._demande:
                return
            self._abandonner()
        self._demande = tirage
        self._debut_etape = time.perf_counter()
        if self._navigateur_ferme:
            # The last print closed the browser as soon as it was done with it: another one.
            self._navigateur_ferme = False
            self._lancement = asyncio.run_coroutine_threadsafe(
                self._relancer(self._lancement), self._boucle
            )
        site_url = tirage.site_url if tirage.site_url is not None else site_publie(tirage.site)
        self._en_cours = asyncio.run_coroutine_threadsafe(
            self._imprimer(tirage.site, list(tirage.travaux), tirage.mode, site_url, tirage.auteur),
            self._boucle,
        )

    async def _relancer(self, ancien: Future[tuple[Any, Any]]) -> tuple[Any, Any]:
        pilote, _ = await asyncio.wrap_future(ancien)
        return await self._lancer(pilote)

    def page_ecrite(self) -> None:
        """The print page is written as it will be printed: its print may begin."""
        if not self._page_prete.done():
            self._page_prete.set_result(None)

    def imprimer(self, tirage: Tirage) -> list[ResultatPdf]:
        """Print ``tirage`` (see :func:`imprimer`), or wait for the same print begun by
        :meth:`commencer`; the results in the order of its ``travaux``."""
        self.commencer(tirage)
        self.page_ecrite()
        futur = self._en_cours
        assert futur is not None
        try:
            resultats = futur.result()
        except BaseException:
            # A print that failed, or this wait interrupted (Ctrl-C): nothing of it is left
            # running.
            self._abandonner()
            raise
        finally:
            self.chrono.noter(PHASE_ETAPE, self._debut_etape, time.perf_counter())
        self._oublier()
        return resultats

    def _oublier(self) -> None:
        """No print under way any more: the next one starts afresh."""
        self._en_cours = self._demande = self._tache = None
        self._page_prete = Future()

    def temps(self) -> list[str]:
        """Where the time went (:meth:`macros.sorties.pdf.Chrono.lignes`)."""
        return self.chrono.lignes()

    def _abandonner(self) -> None:
        """Stop the print under way, if any (the build failed after it began, or its wait
        was interrupted), and wait until it has closed its tab and its server."""
        if self._en_cours is None or not self._fil.is_alive():
            return
        # The handbook's preparation may be waiting for a print page that will never come.
        if not self._page_prete.done():
            self._page_prete.set_exception(PdfIndisponible("impression abandonnée"))

        async def arreter() -> None:
            # Scheduled after the print's task, so that it has started and said which it is.
            tache = self._tache
            if tache is not None and not tache.done():
                tache.cancel()
                await asyncio.gather(tache, return_exceptions=True)

        with contextlib.suppress(Exception):  # a loop that no longer runs: nothing to stop
            asyncio.run_coroutine_threadsafe(arreter(), self._boucle).result(timeout=30)
        self._oublier()

    def fermer(self) -> None:
        """Stop the print under way (a build that failed after it began), the browser and
        the driver, then the thread and the finishing's worker."""
        self._abandonner()
        if not self._fil.is_alive():
            self._arreter_ouvrier()
            return

        async def arreter() -> None:
            try:
                pilote, navigateur = await asyncio.wrap_future(self._lancement)
            except Exception:  # it never started: nothing to stop
                return
            with self.chrono.phase("fermeture de Chromium"):
                await navigateur.close()
                await pilote.stop()

        try:
            asyncio.run_coroutine_threadsafe(arreter(), self._boucle).result(timeout=30)
        except Exception as err:  # a browser that will not close must not fail the build
            print(f"PDF : Chromium ne s'est pas fermé proprement ({err}).", file=sys.stderr)
        finally:
            self._boucle.call_soon_threadsafe(self._boucle.stop)
            self._fil.join(timeout=30)
            if not self._fil.is_alive():
                self._boucle.close()
            self._arreter_ouvrier()

    def _arreter_ouvrier(self) -> None:
        if self._ouvrier is not None:
            self._ouvrier.shutdown(cancel_futures=True)
            self._ouvrier = None

    async def _imprimer(
        self,
        site: Path,
        travaux: list[tuple[str, Path]],
        mode: str,
        site_url: str | None,
        auteur: str,
    ) -> list[ResultatPdf]:
        self._tache = asyncio.current_task()
        _, navigateur = await asyncio.wrap_future(self._lancement)
        # Every printed page's HTML is prepared in a worker thread, one at a time (they
        # hold the GIL): the handbook's first when its print page is written (it is the
        # longest path), otherwise the cards' while the build finishes it. Each is awaited
        # when Chromium asks for it.
        textes: dict[str, asyncio.Future[str]] = {}
        verrou = asyncio.Lock()
        for chemin, _ in sorted(travaux, key=lambda t: t[0] != PAGE_IMPRESSION):
            textes[chemin] = asyncio.ensure_future(self._preparer(site, chemin, site_url, verrou))
        lots = [
            lot
            for lot in (
                [t for t in travaux if t[0] == PAGE_IMPRESSION],
                [t for t in travaux if t[0] != PAGE_IMPRESSION],
            )
            if lot
        ]
        with servir(site) as base:
            # One browser context, hence one renderer process, for the handbook's tab and
            # the cards' tab. Measured: a context each (a renderer each) made the step
            # bimodal, 2.05 s or 2.65 s when the cards' renderer stalled on its first
            # page; one context, 2.03–2.13 s (six builds each, taking turns).
            contexte = await navigateur.new_context(locale="fr-FR")
            try:
                # The pages to print are served with their links rewritten; everything
                # else (style sheets, scripts) comes from the server as it is.
                imprimees = {base + chemin: chemin for chemin, _ in travaux}

                async def servir_relie(route: Any) -> None:
                    try:
                        texte = await textes[imprimees[route.request.url]]
                    except (Exception, asyncio.CancelledError):
                        # The print was stopped, or the page could not be prepared: its
                        # load fails at once, and the print with it.
                        with contextlib.suppress(Exception):
                            await route.abort()
                        return
                    await route.fulfill(
                        status=200, content_type="text/html; charset=utf-8", body=texte
                    )

                await contexte.route(lambda url: url in imprimees, servir_relie)
                # Material's search and application script are for the screen: on paper
                # they only took CPU from the prints.
                await contexte.route(ECRAN, lambda route: route.abort())
                # Each tab says when it no longer needs the browser; then it is closed
                # while the PDFs are finished (0.05–0.08 s that came after the last one).
                liberes = [asyncio.Event() for _ in lots]
                fermeture = asyncio.ensure_future(self._fermer_navigateur(navigateur, liberes))
                taches = [
                    asyncio.ensure_future(
                        self._imprimer_lot(contexte, base, lot, mode, auteur, libere)
                    )
                    for lot, libere in zip(lots, liberes, strict=True)
                ]
                try:
                    par_lot = await asyncio.gather(*taches)
                except BaseException:
                    for tache in taches:
                        tache.cancel()
                    await asyncio.gather(*taches, return_exceptions=True)
                    raise
                finally:
                    if not all(libere.is_set() for libere in liberes):
                        fermeture.cancel()
                    await asyncio.gather(fermeture, return_exceptions=True)
            finally:
                await asyncio.gather(*textes.values(), return_exceptions=True)
                with contextlib.suppress(Exception):  # the browser may be closed already
                    await contexte.close()
        par_sortie = {r.chemin: r for lot in par_lot for r in lot}
        return [par_sortie[sortie] for _, sortie in travaux]

    async def _fermer_navigateur(self, navigateur: Any, liberes: list[asyncio.Event]) -> None:
        """Close ``navigateur`` once every tab has set its event in ``liberes``: its prints
        are done, their pages checked, and the handbook's numbers are in its PDF (it will
        not be printed again). A later print launches another (:meth:`commencer`)."""
        await asyncio.gather(*(libere.wait() for libere in liberes))
        self._navigateur_ferme = True
        with self.chrono.phase("fermeture de Chromium, pendant la finition"):
            await navigateur.close()

    async def _preparer(
        self, site: Path, chemin: str, site_url: str | None, verrou: asyncio.Lock
    ) -> str:
        """The page's printed HTML, prepared while holding ``verrou``; the print page's once
        it is written (:meth:`page_ecrite`)."""
        if chemin == PAGE_IMPRESSION and not self._page_prete.done():
            await asyncio.wrap_future(self._page_prete)

        def preparer() -> str:
            with self.chrono.phase(f"{chemin} : liens et césure (Python)"):
                return page_imprimee(site, chemin, site_url)

        async with verrou:
            return await asyncio.to_thread(preparer)

    def _finir(
        self,
        chemin: str,
        sortie: Path,
        pdf: bytes,
        mode: str,
        auteur: str,
        sommaire: list[int | None] | None = None,
        numeros_ecrits: Callable[[], None] | None = None,
    ) -> int | None:
        with self.chrono.phase(f"{chemin} : finition PDF/UA (pikepdf)"):
            return finir_sortie(sortie, pdf, mode, auteur, sommaire, self._ouvrier, numeros_ecrits)

    async def _imprimer_lot(
        self,
        contexte: Any,
        base: str,
        travaux: list[tuple[str, Path]],
        mode: str,
        auteur: str,
        libere: asyncio.Event,
    ) -> list[ResultatPdf]:
        """Print ``travaux`` one after the other in one tab; each PDF is finished in a worker
        thread while the next page loads and prints. ``libere`` is set once the tab no
        longer needs the browser."""
        phase = self.chrono.phase
        page = await contexte.new_page()
        # Laid out for paper from the start: the screen layout of a long page is not
        # computed only to be thrown away (the PDF is the same, rendered and compared).
        await page.emulate_media(media="print")
        finitions: list[asyncio.Future[ResultatPdf]] = []
        faits: list[ResultatPdf] = []
        options: dict[str, Any] = {
            "print_background": True,
            "prefer_css_page_size": True,
            "outline": True,
            "tagged": True,
        }
        for chemin, sortie in travaux:
            debut = time.perf_counter()
            with phase(f"{chemin} : chargement"):
                await page.goto(base + chemin, wait_until="load")
            ids: list[str] | None = None
            if chemin == PAGE_IMPRESSION:
                # print-site builds its table of contents on DOMContentLoaded, before
                # « load »: the contents is there (waiting for its selector, which polls
                # on animation frames, took 0.06–0.12 s for nothing). Its entries get
                # placeholders, which the finishing replaces with the pages read from the
                # same PDF (macros/sorties/mise_en_page.py).
                ids = await page.evaluate(SOMMAIRE_JS, None)
                if not ids:
                    await page.wait_for_selector("#print-page-toc a", state="attached")
                    ids = await page.evaluate(SOMMAIRE_JS, None)
            with phase(f"{chemin} : impression"):
                pdf = await page.pdf(**options)
            # The printed page is checked for links to the local print server while its
            # PDF is being finished (before the print, the check was 0.05–0.07 s of the
            # handbook's path): one stops the build and leaves no PDF.
            verification = asyncio.ensure_future(page.evaluate(LIENS_LOCAUX_JS))
            if ids is not None:
                # The handbook is the last of its tab: finished here, while the tab is
                # open to print it again if its numbers could not be written in the PDF.
                numeros_ecrits = asyncio.Event()
                finition = asyncio.ensure_future(
                    self._finir_manuel(
                        page, chemin, sortie, pdf, ids, options, mode, auteur, debut, numeros_ecrits
                    )
                )
                await _refuser_liens_locaux(verification, sortie, finition)
                ecrits = asyncio.ensure_future(numeros_ecrits.wait())
                await asyncio.wait([ecrits, finition], return_when=asyncio.FIRST_COMPLETED)
                ecrits.cancel()
                libere.set()
                faits.append(await finition)
                continue
            await _refuser_liens_locaux(verification, sortie, None)

            async def finir(chemin: str, sortie: Path, pdf: bytes, debut: float) -> ResultatPdf:
                pages = await asyncio.to_thread(self._finir, chemin, sortie, pdf, mode, auteur)
                return ResultatPdf(
                    sortie, pages or 0, sortie.stat().st_size, time.perf_counter() - debut
                )

            finitions.append(asyncio.ensure_future(finir(chemin, sortie, pdf, debut)))
        libere.set()
        with contextlib.suppress(Exception):  # the browser may be closed already
            await page.close()
        return faits + list(await asyncio.gather(*finitions))

    async def _finir_manuel(
        self,
        page: Any,
        chemin: str,
        sortie: Path,
        pdf: bytes,
        ids: list[str],
        options: dict[str, Any],
        mode: str,
        auteur: str,
        debut: float,
        numeros_ecrits: asyncio.Event,
    ) -> ResultatPdf:
        """Finish the handbook printed with the contents' placeholders: its numbers read
        from its own destinations and written in place of them (``numeros_ecrits`` is set
        then); or, when they cannot be, written into the page and printed again."""
        with self.chrono.phase(f"{chemin} : numéros du sommaire lus"):
            numeros = await asyncio.to_thread(pages_des_ancres, pdf, ids)
        boucle = asyncio.get_running_loop()
        pages = await asyncio.to_thread(
            self._finir,
            chemin,
            sortie,
            pdf,
            mode,
            auteur,
            [numeros.get(i) for i in ids],
            lambda: boucle.call_soon_threadsafe(numeros_ecrits.set),
        )
        if pages is None and numeros_ecrits.is_set():
            # Written, then not (see finir_sortie): the browser is closed by now.
            raise PdfIndisponible(
                f"{sortie.name} : les numéros du sommaire n'ont pas pu être écrits"
            )
        if pages is None:
            await page.evaluate(SOMMAIRE_JS, numeros)
            with self.chrono.phase(
                f"{chemin} : impression avec les numéros (repères introuvables)"
            ):
                pdf = await page.pdf(**options)
            pages = await asyncio.to_thread(self._finir, chemin, sortie, pdf, mode, auteur)
        return ResultatPdf(sortie, pages or 0, sortie.stat().st_size, time.perf_counter() - debut)


def _prechauffer() -> None:
    """Import the finishing's libraries and load the French hyphenation patterns: 0.05–0.08 s
    that the first card's finishing, the handbook's preparation and the reading of its
    contents' numbers each paid on their way."""
    import pikepdf  # noqa: F401
    import pypdfium2  # noqa: F401

    from macros.texte.cesure import cesure_html

    cesure_html("<p>Préchauffage</p>")


async def _refuser_liens_locaux(
    verification: asyncio.Future[list[str]],
    sortie: Path,
    finition: asyncio.Future[ResultatPdf] | None,
) -> None:
    """Raise :class:`PdfIndisponible` if the printed page links to the local print server
    (:data:`macros.sorties.liens_pdf.LIENS_LOCAUX_JS`), once ``finition`` (the PDF being
    finished meanwhile) is over and its file removed."""
    try:
        locaux = await verification
    except BaseException:
        if finition is not None:
            await asyncio.gather(finition, return_exceptions=True)
        raise
    if locaux:
        if finition is not None:
            await asyncio.gather(finition, return_exceptions=True)
        sortie.unlink(missing_ok=True)
        raise PdfIndisponible(
            f"{sortie.name} aurait {len(locaux)} lien(s) vers le serveur local "
            f"d'impression, par exemple {locaux[0]}"
        )


def imprimer(tirage: Tirage) -> list[ResultatPdf]:
    """Print ``tirage`` with Chromium: each ``(page path, output PDF)`` of its built site.

    Each PDF records the tirage's mode (:func:`macros.sorties.pdf.diffusion`: ``public`` or
    ``prive``) and is finished for PDF/UA (:func:`macros.sorties.pdf_ua.finir_pdf`: artifacts,
    link descriptions, XMP) with its author (the practice's name). Chromium is handed each
    page with its links made printable (:func:`macros.sorties.liens_pdf.liens_imprimes`):
    internal, to the published site (the tirage's ``site_url``, by default the one the site
    was built for: :func:`macros.sorties.liens_pdf.site_publie`), or plain text; never a link
    to the temporary server it reads the page from: the printed page is checked, and a PDF
    with such a link is removed.

    One browser prints everything (:class:`Imprimeur`; a build starts it before building
    the site, so that its launch costs nothing here).

    Raises:
        PdfIndisponible: when no Chromium is available or it cannot start, or when a
            printed page would still link to the temporary server.
    """
    with Imprimeur() as imprimeur:
        resultats = imprimeur.imprimer(tirage)
        afficher_temps(imprimeur.temps())
        return resultats
