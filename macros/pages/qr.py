"""QR codes to the published site, for the printed pages (reflex cards, the manual's parts).

A QR code is drawn with segno as an inline SVG (no image file, no request), labelled
« Code QR vers <url> » for screen readers and the PDF's tags, with the address printed
beside it. It is shown in print only (``.hb-qr`` in docs/assets/handbook.css): on screen
the reader is already on the page.
"""

from __future__ import annotations

from urllib.parse import urljoin

from markupsafe import Markup, escape

from macros.donnees.catalogue import url_de

__all__ = ["bloc_qr", "url_publiee"]


def url_publiee(site_url: str, src: str, directory_urls: bool = True) -> str:
    """The address of the page ``src`` on the published site (``site_url``)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, url_de(src, directory_urls))


def bloc_qr(url: str, cls: str = "") -> Markup:
    """A print-only block: a QR code to ``url`` (inline SVG, ``role="img"`` and an
    ``aria-label``) and ``url`` written beside it, as a link.

    The SVG is on one line: inside a page's Markdown it stays a raw HTML block.
    """
    # Imported here: only a build with a site address draws QR codes, and segno (with
    # the urllib.request its writers import) is 14 ms of every build's imports.
    import segno

    label = f"Code QR vers {url}"
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, svgclass="hb-qr-code", lineclass=None
    )
    # segno writes ``<svg viewBox=…``: the accessible name goes on the element itself.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    classes = f"hb-qr {cls}".strip()
    return Markup(
        '<div class="{}"><span class="hb-qr-image">{}</span>'
        '<span class="hb-qr-texte">Version en ligne<br>'
        '<a href="{}" class="hb-externe hb-qr-url">{}</a></span></div>'
    ).format(classes, Markup(svg), url, url)
