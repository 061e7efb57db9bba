"""Find a Chromium for the PDF step and the browser tests, or install one.

Order of preference:

1. ``HANDBOOK_CHROMIUM``: an explicit executable;
2. Playwright's bundled Chromium (``playwright install chromium``), the normal
   path on a workstation;
3. a system Chromium: ``/usr/bin/chromium``, or ``chromium``, ``chromium-browser``,
   ``google-chrome`` on the ``PATH``.

``python -m macros navigateur --installer`` tries Playwright's download, then, as
root on Debian/Ubuntu, ``apt-get install -y chromium``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["ARGS", "installer", "trouver_chromium"]

#: Flags for a quiet, offline headless Chromium (no background requests).
ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def _bundled() -> Path | None:
    roots = []
    if os.environ.get("PLAYWRIGHT_BROWSERS_PATH") not in (None, "", "0"):
        roots.append(Path(os.environ["PLAYWRIGHT_BROWSERS_PATH"]))
    roots += [
        Path.home() / ".cache" / "ms-playwright",
        Path.home() / "Library/Caches/ms-playwright",
    ]
    for root in roots:
        for pattern in (
            "chromium-*/chrome-linux*/chrome",
            "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
            "chromium-*/chrome-mac*/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing",
            "chromium-*/chrome-win*/chrome.exe",
        ):
            found = sorted(root.glob(pattern))
            if found:
                return found[-1]
    return None


def trouver_chromium() -> Path | None:
    """The Chromium to use, or ``None`` if there is none on this machine."""
    explicit = os.environ.get("HANDBOOK_CHROMIUM", "").strip()
    if explicit:
        path = Path(explicit)
        return path if path.is_file() else None
    bundled = _bundled()
    if bundled is not None:
        return bundled
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).is_file():
            return Path(candidate)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def installer() -> Path | None:
    """Find a Chromium, downloading or installing one if needed. Prints what it does."""
    found = trouver_chromium()
    if found:
        print(f"Chromium : {found}")
        return found
    print("Chromium introuvable : essai de « playwright install chromium »…", flush=True)
    try:
        subprocess.run(
            [sys.executable, "-m", "playwright", "install", "chromium"],
            check=True,
            timeout=600,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except (subprocess.SubprocessError, OSError):
        print("Téléchargement de Playwright impossible (pas d'accès au serveur des navigateurs).")
    found = trouver_chromium()
    if found is None and shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Installation du Chromium de Debian : apt-get install -y chromium…", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        try:
            subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
            subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
        except (subprocess.SubprocessError, OSError):
            print("Installation par apt-get impossible.")
        found = trouver_chromium()
    if found:
        print(f"Chromium : {found}")
    else:
        print(
            "Aucun Chromium disponible. Installez-en un (« playwright install chromium », "
            "ou le paquet chromium de votre système), ou indiquez son chemin dans "
            "HANDBOOK_CHROMIUM.",
            file=sys.stderr,
        )
    return found
