"""Every link the data makes outside the site: ``mailto:``, ``tel:`` and web addresses.

One function per kind of link, and no other place builds one: a template calls the
``mailto``, ``tel`` and ``web`` filters (:mod:`macros.pages`), the Python code calls
these functions. Each one percent-encodes what it is given, so a value can never add a
parameter to a link (a ``?bcc=`` in an address, a ``&body=`` in a subject). The data
is validated first (:mod:`macros.donnees.types`: plain e-mail addresses, French phone numbers,
``https:`` addresses only); the encoding here holds even if a rule is relaxed one day.

The result is a URL, not HTML: the templates still pass it through
:func:`macros.texte.esc` like any other value.
"""

from __future__ import annotations

import re
from urllib.parse import quote

__all__ = ["url_mailto", "url_tel", "url_web"]

#: Characters kept as they are in the address part of a ``mailto:`` link (RFC 6068).
#: Everything else, ``?``, ``&``, ``%``, ``=`` and ``,`` included, is percent-encoded.
_ADRESSE_SURE = "@.+-_'"
#: Characters of a web address kept as they are (RFC 3986's reserved and unreserved
#: characters, and ``%`` of an existing escape); quotes, spaces and angle brackets are encoded.
_URL_SURE = ":/?#[]@!$&()*+,;=%~-._"


def url_mailto(adresse: str | None, objet: str | None = None, corps: str | None = None) -> str:
    """A ``mailto:`` URL: the address, subject and body each percent-encoded.

    Lines of the body are joined by CRLF (``%0D%0A``), as RFC 6068 asks; ``+`` is encoded
    (it is not a space in ``mailto:``).
    """
    url = "mailto:" + quote((adresse or "").strip(), safe=_ADRESSE_SURE)
    parametres = []
    if objet:
        parametres.append("subject=" + quote(objet, safe=""))
    if corps:
        parametres.append("body=" + quote("\r\n".join(corps.splitlines()), safe=""))
    return url + ("?" + "&".join(parametres) if parametres else "")


def url_tel(numero: str) -> str:
    """A ``tel:`` URL: the digits of a French number (``+`` kept at the start)."""
    numero = numero.strip()
    chiffres = re.sub(r"\D", "", numero)
    return "tel:" + ("+" + chiffres if numero.startswith("+") else chiffres)


def url_web(url: str) -> str:
    """A web address with anything that is not URL syntax percent-encoded."""
    return quote(url.strip(), safe=_URL_SURE)
